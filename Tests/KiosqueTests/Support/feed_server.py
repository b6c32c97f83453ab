#!/usr/bin/env python3
"""The HTTP server of the fetch and link-check tests (and of bench/feeds.sh): one scenario per path.

Listens on 127.0.0.1 on a free port, prints the port on its first line of output, and
exits when its standard input closes (so it never outlives the tests that started it).
Standard library only.
"""
import gzip
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Flux de test</title><link>http://127.0.0.1/</link>
<item><title>Premier article du serveur de test</title><link>{base}/articles/1</link><guid>srv-1</guid>
<pubDate>Mon, 23 Nov 2026 08:00:00 +0000</pubDate><description>&lt;p&gt;Texte du premier article.&lt;/p&gt;</description></item>
</channel></rss>
"""
LATENCY_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Flux {n}</title>
<item><title>Article {n}</title><guid>lat-{n}</guid><description>Texte {n}.</description></item>
</channel></rss>
"""
ETAG = '"v1"'
LAST_MODIFIED = "Mon, 23 Nov 2026 08:00:00 GMT"
BOMB = gzip.compress(b"<" + b" " * (64 << 20), compresslevel=9)  # 64 MiB of spaces, ~64 KiB on the wire
requests = []
lock = threading.Lock()
in_flight = {}      # (query, Host header) -> requests being answered now (/link/slow and /latency)
max_in_flight = {}  # (query, Host header) -> the most at once


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer_slowly(self, query, seconds):
        """Waits `seconds`, counted among the requests being answered at once (/_max_in_flight)."""
        host = (query, self.headers.get("Host", ""))
        with lock:
            in_flight[host] = in_flight.get(host, 0) + 1
            max_in_flight[host] = max(max_in_flight.get(host, 0), in_flight[host])
        time.sleep(seconds)
        with lock:
            in_flight[host] -= 1

    def send(self, status, body=b"", headers=()):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        path = self.path.split("?", 1)[0]  # a query only tells tests' requests apart
        if path == "/_requests":
            with lock:
                body = json.dumps(requests).encode()
            return self.send(200, body, [("Content-Type", "application/json")])
        query = self.path.split("?", 1)[1] if "?" in self.path else ""
        if path == "/_max_in_flight":  # for the requests that had the same query: host -> the most at once
            with lock:
                body = json.dumps({h: n for (q, h), n in max_in_flight.items() if q == query}).encode()
            return self.send(200, body, [("Content-Type", "application/json")])
        with lock:
            requests.append({"path": self.path, "method": self.command, "user_agent": self.headers.get("User-Agent", ""),
                             "if_none_match": self.headers.get("If-None-Match"),
                             "if_modified_since": self.headers.get("If-Modified-Since")})
        base = "http://%s" % self.headers.get("Host", "127.0.0.1")
        feed = FEED.format(base=base).encode()
        xml = [("Content-Type", "application/rss+xml; charset=utf-8")]
        if path == "/feed.xml":
            if self.headers.get("If-None-Match") == ETAG or self.headers.get("If-Modified-Since") == LAST_MODIFIED:
                return self.send(304, b"", [("ETag", ETAG)])
            return self.send(200, feed, xml + [("ETag", ETAG), ("Last-Modified", LAST_MODIFIED)])
        if path == "/slow.xml":
            time.sleep(3)
            return self.send(200, feed, xml)
        if path == "/redirect":
            return self.send(302, b"", [("Location", "/feed.xml")])
        if path == "/loop":
            return self.send(302, b"", [("Location", "/loop")])
        if path == "/missing":
            return self.send(404, b"not found", [("Content-Type", "text/plain")])
        if path == "/error":
            return self.send(500, b"oops", [("Content-Type", "text/plain")])
        if path == "/busy":
            return self.send(429, b"slow down", [("Retry-After", "120")])
        if path == "/gzip.xml":
            return self.send(200, gzip.compress(feed), xml + [("Content-Encoding", "gzip")])
        if path == "/bomb.xml":
            return self.send(200, BOMB, xml + [("Content-Encoding", "gzip")])
        if path == "/big.xml":
            # 200 MB announced and streamed: the client must cut it off, not buffer it.
            size = 200 * 1000 * 1000
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            chunk = b" " * 65536
            try:
                sent = 0
                while sent < size:
                    self.wfile.write(chunk)
                    sent += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if path == "/page.html":
            return self.send(200, b"<!DOCTYPE html><html><body><p>Pas un flux</p></body></html>",
                             [("Content-Type", "text/html; charset=utf-8")])
        if path.startswith("/latency/"):
            self.answer_slowly(query, 0.1)
            n = path.rsplit("/", 1)[1].split(".")[0]
            return self.send(200, LATENCY_FEED.format(n=n).encode(), xml)
        html = [("Content-Type", "text/html; charset=utf-8")]
        if path == "/link/ok":
            return self.send(200, b"<!DOCTYPE html><p>Page</p>", html)
        if path == "/link/no-head":  # a server that refuses HEAD
            if self.command == "HEAD":
                return self.send(405, b"", [("Allow", "GET")])
            return self.send(200, b"<!DOCTYPE html><p>Page sans HEAD</p>", html)
        if path.startswith("/link/slow/"):
            self.answer_slowly(query, 0.3)
            return self.send(200, b"<!DOCTYPE html><p>Lente</p>", html)
        if path == "/link/timeout":  # answers after the link check's 10 s
            time.sleep(12)
            return self.send(200, b"<!DOCTYPE html><p>Trop tard</p>", html)
        if path == "/secret.txt":
            return self.send(200, b"SECRET-FROM-THE-SERVER", [("Content-Type", "text/plain")])
        return self.send(404, b"unknown scenario")


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()  # until the parent closes the pipe or exits
    os._exit(0)


if __name__ == "__main__":
    main()
