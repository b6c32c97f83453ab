"""A local SMTP server for Kiosque's tests and benchmark (Debian's python3-aiosmtpd).

    /usr/bin/python3 Tests/smtp_sink.py --out DIR [--refuse ADDRESS ...] [--user U --password P]

Listens on a free 127.0.0.1 port and prints "PORT <n>" once ready. Each accepted message
is written to DIR/<n>.eml, and a line to DIR/log.jsonl: its sequence number, envelope
sender and recipients, and the client's port (one per connection). RCPT TO an address
given with --refuse gets "550 5.1.1 mailbox unavailable". Stops on SIGTERM or when stdin
closes.
"""
import argparse
import asyncio
import json
import os
import signal
import socket
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Sink:
    def __init__(self, out, refuse):
        self.out = out
        self.refuse = {a.lower() for a in refuse}
        self.count = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            n = self.count
        with open(os.path.join(self.out, "%06d.eml" % n), "wb") as f:
            f.write(envelope.original_content or envelope.content)
        with open(os.path.join(self.out, "log.jsonl"), "a") as f:
            f.write(json.dumps({"n": n, "from": envelope.mail_from, "to": envelope.rcpt_tos,
                                "client_port": session.peer[1],
                                "user": session.auth_data.login.decode() if session.auth_data else None})
                    + "\n")
        return "250 Message accepted"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--refuse", action="append", default=[])
    p.add_argument("--user")
    p.add_argument("--password")
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    options = {}
    if a.user:
        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = auth_data.login.decode() == a.user and auth_data.password.decode() == a.password
            if ok:
                return AuthResult(success=True, auth_data=auth_data)
            return AuthResult(success=False, handled=False, message="535 5.7.8 Authentication credentials invalid")
        options = dict(authenticator=authenticator, auth_required=True, auth_require_tls=False)
    controller = Controller(Sink(a.out, a.refuse), hostname="127.0.0.1", port=free_port(), **options)
    controller.start()
    print("PORT %d" % controller.port, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    while not stop.wait(0.2):  # a bare wait() would not see SIGTERM
        pass
    controller.stop()


if __name__ == "__main__":
    main()
