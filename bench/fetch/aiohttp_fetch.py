#!/usr/bin/env python3
"""The peer of `braid fetch` in the benchmark: the same job written as people write it with aiohttp.

A global semaphore (--concurrency) and one per host (--per-host), taken host first so that no global slot is held
while waiting for a host; 429/503 and connection failures are retried (--retries) with exponential backoff, and a
Retry-After pauses the whole host (every request to it waits until then), as braid does. One JSON line per URL.
"""
import argparse, asyncio, json, random, sys, time
from urllib.parse import urlsplit

import aiohttp


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("input"); p.add_argument("output")
    p.add_argument("--concurrency", type=int, default=200); p.add_argument("--per-host", type=int, default=5)
    p.add_argument("--retries", type=int, default=3); p.add_argument("--backoff", type=float, default=0.5)
    p.add_argument("--timeout", type=float, default=30)
    a = p.parse_args()
    urls = [l.strip() for l in open(a.input) if l.strip()]
    glob = asyncio.Semaphore(a.concurrency)
    hosts, blocked = {}, {}
    timeout = aiohttp.ClientTimeout(total=a.timeout)
    connector = aiohttp.TCPConnector(limit=0, limit_per_host=0)
    out = open(a.output, "w")

    async def one(session, url):
        host = urlsplit(url).hostname
        sem = hosts.setdefault(host, asyncio.Semaphore(a.per_host))
        start = time.monotonic()
        attempt = 0
        while True:
            attempt += 1
            async with sem:
                while (wait := blocked.get(host, 0) - time.monotonic()) > 0:  # the host is paused by a Retry-After
                    await asyncio.sleep(wait)
                async with glob:
                    try:
                        async with session.get(url) as r:
                            body = await r.read()
                            status, ra = r.status, r.headers.get("Retry-After")
                    except (aiohttp.ClientError, asyncio.TimeoutError) as e:
                        status, ra, body = None, None, str(e)
            if status in (429, 503) and attempt <= a.retries:
                delay = a.backoff * 2 ** (attempt - 1) * random.uniform(0.8, 1.2)
                if ra and ra.isdigit():
                    blocked[host] = max(blocked.get(host, 0), time.monotonic() + int(ra))
                    delay = max(delay, int(ra))
                await asyncio.sleep(delay)
                continue
            if status is None and attempt <= a.retries:
                await asyncio.sleep(a.backoff * 2 ** (attempt - 1))
                continue
            rec = {"url": url, "status": status, "ms": int((time.monotonic() - start) * 1000), "attempts": attempt,
                   "bytes": len(body) if status else 0}
            if status is None:
                rec["error"] = body
            out.write(json.dumps(rec) + "\n")
            return

    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        await asyncio.gather(*(one(session, u) for u in urls))
    out.close()


asyncio.run(main())
