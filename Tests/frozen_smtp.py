"""An SMTP server that freezes, for Kiosque's timeout tests.

    /usr/bin/python3 Tests/frozen_smtp.py greeting|data

Listens on a free 127.0.0.1 port and prints "PORT <n>". "greeting": accepts the connection
and never says a word. "data": answers the greeting, EHLO, MAIL, RCPT and DATA, then reads
the message and never answers again. Stops when stdin closes.
"""
import socket
import sys
import threading


def serve(conn, mode):
    if mode == "greeting":
        return
    conn.sendall(b"220 frozen.example.com ESMTP\r\n")
    buf = b""
    while True:
        data = conn.recv(65536)
        if not data:
            return
        buf += data
        while b"\r\n" in buf:
            line, buf = buf.split(b"\r\n", 1)
            verb = line[:4].upper()
            if verb == b"EHLO" or verb == b"HELO":
                conn.sendall(b"250 frozen.example.com\r\n")
            elif verb == b"DATA":
                conn.sendall(b"354 go ahead\r\n")
                while conn.recv(65536):  # the message, then silence
                    pass
                return
            else:
                conn.sendall(b"250 OK\r\n")


def main():
    mode = sys.argv[1]
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(8)
    print("PORT %d" % s.getsockname()[1], flush=True)
    held = []

    def accept():
        while True:
            conn, _ = s.accept()
            held.append(conn)  # kept open: a frozen server does not hang up
            threading.Thread(target=serve, args=(conn, mode), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    sys.stdin.read()


if __name__ == "__main__":
    main()
