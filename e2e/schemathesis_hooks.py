"""Schemathesis hooks for e2e/schemathesis: raw bodies for the media types it cannot serialize.

The worksheet import (POST /api/v1/periods/{id}/worksheet) takes the .xlsx file itself as the
body: send arbitrary bytes, some of them starting like a ZIP archive, so the importer's guard
and the error mapping are exercised.
"""

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
