"""Schemathesis hooks for e2e/schemathesis: raw bodies for the media types it cannot serialize.

The worksheet import (POST /api/v1/periods/{id}/worksheet) takes the .xlsx file itself as the
body: send arbitrary bytes, some of them starting like a ZIP archive, so the importer's guard
and the error mapping are exercised.

The run's own API token (its id in PADU_FUZZ_TOKEN_ID) is never revoked by the fuzzer
(DELETE /api/v1/auth/tokens/{id}), which would turn the rest of the run into 401s.
"""

import os

import schemathesis
from hypothesis import strategies as st

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

schemathesis.openapi.media_type(
    XLSX,
    st.one_of(
        st.binary(max_size=2048),
        st.binary(max_size=2048).map(lambda b: b"PK\x03\x04" + b),
    ),
)


OWN_TOKEN = os.environ.get("PADU_FUZZ_TOKEN_ID", "")


@schemathesis.hook
def filter_case(context, case):
    if OWN_TOKEN and case.method.upper() == "DELETE" and case.path == "/api/v1/auth/tokens/{id}":
        return str((case.path_parameters or {}).get("id")) != OWN_TOKEN
    return True
