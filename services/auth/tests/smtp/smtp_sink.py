"""A real SMTP server for the auth tests: aiosmtpd on 127.0.0.1, a free port.

Usage: python3 smtp_sink.py OUT_DIR

Prints the port it listens on (one line), then writes every message it accepts to
OUT_DIR/<n>.eml (the envelope recipients first, as `X-Rcpt-To:`), atomically, so a reader never
sees half a message. Exits when its standard input closes (the test process ended).
"""

import asyncio
import itertools
import os
import sys

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, out):
        self.out = out
        self.seq = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        name = f"{next(self.seq):06d}"
        tmp = os.path.join(self.out, name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(b"X-Rcpt-To: " + ", ".join(envelope.rcpt_tos).encode() + b"\r\n")
            f.write(envelope.original_content or envelope.content)
        os.rename(tmp, os.path.join(self.out, name + ".eml"))
        return "250 Message accepted for delivery"


async def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    loop = asyncio.get_running_loop()
    sink = Sink(out)
    # hostname given: the default asks DNS for this machine's FQDN, which may hang offline.
    server = await loop.create_server(
        lambda: SMTP(sink, hostname="localhost"), "127.0.0.1", 0
    )
    print(server.sockets[0].getsockname()[1], flush=True)
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
