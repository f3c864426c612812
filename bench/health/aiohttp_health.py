#!/usr/bin/env python3
"""The peer of `braid health` in the benchmark (issue 15): the same HTTPS checks in Python's asyncio with aiohttp.

Each target: GET within the timeout, status < 400, latency, and the days until the certificate expires (read from the
TLS connection's peer certificate). At most CONCURRENCY at once and 4 per host, like braid's defaults. Prints a line
per check like braid's table and, last, the time the checks took (without the interpreter's start).

usage: aiohttp_health.py URLS_FILE CA_PEM [--concurrency 50] [--timeout 10]
"""
import argparse
import asyncio
import ssl
import sys
import time

import aiohttp


async def check(session, sem, url, timeout):
    async with sem:
        t0 = time.perf_counter()
        try:
            async with session.get(url, timeout=aiohttp.ClientTimeout(total=timeout)) as resp:
                await resp.read()
                latency = time.perf_counter() - t0
                cert = resp.connection.transport.get_extra_info("peercert") if resp.connection else None
                days = None
                if cert:
                    days = int((ssl.cert_time_to_seconds(cert["notAfter"]) - time.time()) // 86400)
                status = "OK" if resp.status < 400 else "CRITICAL"
                return status, url, f"HTTP {resp.status} in {latency * 1000:.0f} ms" + (f"; certificate valid {days} more days" if days is not None else "")
        except Exception as e:  # noqa: BLE001 - a check reports every failure
            return "CRITICAL", url, f"{type(e).__name__}: {e}"


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("urls")
    p.add_argument("ca")
    p.add_argument("--concurrency", type=int, default=50)
    p.add_argument("--timeout", type=float, default=10)
    a = p.parse_args()
    urls = [u.strip() for u in open(a.urls) if u.strip()]
    ctx = ssl.create_default_context(cafile=a.ca)
    conn = aiohttp.TCPConnector(ssl=ctx, limit=a.concurrency, limit_per_host=4)
    sem = asyncio.Semaphore(a.concurrency)
    t0 = time.perf_counter()
    async with aiohttp.ClientSession(connector=conn) as session:
        results = await asyncio.gather(*(check(session, sem, u, a.timeout) for u in urls))
    took = time.perf_counter() - t0
    bad = 0
    for status, url, words in results:
        if status != "OK":
            bad += 1
        print(f"{status:8} {url}: {words}")
    print(f"checks took {took:.3f} s; {len(results) - bad} of {len(results)} OK", file=sys.stderr)
    return 0 if bad == 0 else 2


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
