"""An SMTP server for the padu-web e-mail tests: accepts every message and writes it, exactly as
received, to DIR as one .eml file per recipient list. Started by `smtp-test-server`.

    python smtp_test_sink.py HOST PORT DIR
"""

import asyncio
import os
import sys
import time
import uuid

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, out):
        self.out = out

    async def handle_DATA(self, server, session, envelope):
        name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"
        part = os.path.join(self.out, f".{name}.part")
        # Written aside, then renamed: a reader never sees half a message.
        with open(part, "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.replace(part, os.path.join(self.out, name))
        print(f"{name}: {envelope.mail_from} -> {', '.join(envelope.rcpt_tos)}", flush=True)
        return "250 OK"


async def main(host, port, out):
    os.makedirs(out, exist_ok=True)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(Sink(out), hostname="padu-smtp-test", enable_SMTPUTF8=True),
        host=host,
        port=port,
    )
    print(f"listening on {host}:{port}, messages in {out}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), sys.argv[3]))
