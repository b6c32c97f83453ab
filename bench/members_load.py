"""Load on `kiosque members serve`: N concurrent clients posting the subscribe form for S seconds.

    python3 bench/members_load.py PORT [--clients 200] [--seconds 10]

Each client keeps one HTTP/1.1 connection open (as the site's reverse proxy does) and posts
one subscription after another, each with a new address and its own X-Forwarded-For client
(so that the rate limits, which are per reader, do not turn the load into 429s). A request
counts as an error unless it gets the form's 303. Prints requests per second, p50, p99 and
the maximum latency, and the errors by kind.
"""
import argparse
import asyncio
import time
from collections import Counter


async def client(n, port, stop_at, latencies, errors):
    reader = writer = None
    k = 0
    while time.monotonic() < stop_at:
        k += 1
        body = f"email=charge-{n}-{k}%40example.com&name=&website=&source=pied-de-page".encode()
        head = (f"POST /membres/inscription HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
                f"X-Forwarded-For: 10.{n // 256}.{n % 256}.{k % 250 + 1}, 2001:db8::{n:x}:{k >> 16:x}:{k & 0xFFFF:x}\r\n\r\n").encode()
        start = time.monotonic()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(head + body)
            await writer.drain()
            status_line = await reader.readline()
            length = 0
            close = False
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                if name.lower() == "content-length":
                    length = int(value.strip())
                elif name.lower() == "connection" and value.strip().lower() == "close":
                    close = True
            if length:
                await reader.readexactly(length)
            parts = status_line.split()
            status = int(parts[1]) if len(parts) > 1 else 0
            latencies.append(time.monotonic() - start)
            if status != 303:
                errors[f"HTTP {status}"] += 1
            if close:
                writer.close()
                writer = None
        except (OSError, asyncio.IncompleteReadError, ValueError) as e:
            errors[type(e).__name__] += 1
            if writer is not None:
                writer.close()
            writer = None
    if writer is not None:
        writer.close()


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("port", type=int)
    p.add_argument("--clients", type=int, default=200)
    p.add_argument("--seconds", type=float, default=10)
    a = p.parse_args()
    latencies, errors = [], Counter()
    began = time.monotonic()
    stop_at = began + a.seconds
    await asyncio.gather(*(client(n, a.port, stop_at, latencies, errors) for n in range(a.clients)))
    elapsed = time.monotonic() - began
    latencies.sort()

    def pct(q):
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else float("nan")

    total = len(latencies) + sum(e for k, e in errors.items() if not k.startswith("HTTP"))
    print(f"{a.clients} clients, {elapsed:.1f} s: {total} requests, {len(latencies) / elapsed:.0f} req/s, "
          f"p50 {pct(0.50):.1f} ms, p99 {pct(0.99):.1f} ms, max {pct(1.0):.1f} ms, "
          f"{sum(errors.values())} errors" + (f" ({dict(errors)})" if errors else ""))


asyncio.run(main())
