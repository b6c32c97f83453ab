#!/usr/bin/env python3
"""Save-to-reload latency and idle CPU of `kiosque serve`.

    bench/serve_latency.py SITE_DIR KIOSQUE_BIN [--saves 20] [--idle 60]

Starts `kiosque serve --port 0` on the site, listens to /_kiosque/events, then saves one
article SAVES times (its title changed, written in place as an editor's save does) and
measures, for each save, the time from the write to the `reload` event that names the
article's page. Then it leaves the server idle for IDLE seconds and reports the CPU it
used (utime + stime from /proc). The article file is restored at the end.
"""
import argparse
import glob
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time


def main():
    p = argparse.ArgumentParser()
    p.add_argument("site")
    p.add_argument("kiosque")
    p.add_argument("--saves", type=int, default=20)
    p.add_argument("--idle", type=int, default=60)
    a = p.parse_args()

    articles = sorted(glob.glob(os.path.join(a.site, "content/articles/*/*/*/*.md")))
    if not articles:
        sys.exit("no articles under %s/content/articles" % a.site)
    article = articles[len(articles) // 2]
    rel = os.path.relpath(article, os.path.join(a.site, "content/articles"))
    page = "/articles/" + rel[:-3] + "/"
    original = open(article, "rb").read()

    server = subprocess.Popen([a.kiosque, "serve", "--site", a.site, "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    port = None
    started = time.time()
    for line in server.stdout:
        m = re.match(r"serving http://[^:]+:(\d+)/", line)
        if m:
            port = int(m.group(1))
            break
    if port is None:
        sys.exit("kiosque serve did not start")
    first_build = time.time() - started
    threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()

    events = []
    cond = threading.Condition()

    def listen():
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET /_kiosque/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        buf = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return
            buf += chunk
            for m in re.finditer(rb"event: reload\ndata: ([^\n]*)\n", buf):
                with cond:
                    events.append((time.time(), m.group(1).decode()))
                    cond.notify_all()
            buf = buf[buf.rfind(b"\n") + 1:] if b"event: reload" in buf else buf

    threading.Thread(target=listen, daemon=True).start()
    time.sleep(1)

    latencies = []
    try:
        for i in range(a.saves):
            text = original.decode().replace('title: "', 'title: "(v%d) ' % i, 1)
            with cond:
                seen = len(events)
            t0 = time.time()
            with open(article, "w") as f:
                f.write(text)
            with cond:
                ok = cond.wait_for(lambda: any(page in e[1] for e in events[seen:]), timeout=30)
                hit = next((e for e in events[seen:] if page in e[1]), None)
            if not ok or hit is None:
                sys.exit("no reload event for %s after save %d" % (page, i))
            latencies.append((hit[0] - t0) * 1000)
            time.sleep(0.4)
    finally:
        with open(article, "wb") as f:
            f.write(original)

    time.sleep(2)
    tick = os.sysconf("SC_CLK_TCK")

    def cpu():
        fields = open("/proc/%d/stat" % server.pid).read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick

    c0, w0 = cpu(), time.time()
    time.sleep(a.idle)
    c1, w1 = cpu(), time.time()
    server.terminate()
    server.wait(timeout=10)

    print("site: %s (%d articles), first build and start %.2f s" % (a.site, len(articles), first_build))
    print("save-to-reload over %d saves: median %.0f ms, min %.0f ms, max %.0f ms"
          % (len(latencies), statistics.median(latencies), min(latencies), max(latencies)))
    print("idle CPU over %.0f s: %.2f %% of one core" % (w1 - w0, 100 * (c1 - c0) / (w1 - w0)))


if __name__ == "__main__":
    main()
