#!/usr/bin/env python3
"""The loopback HTTPS sites of the health benchmark (issue 15), on OpenSSL.

--hosts N addresses 127.0.2.1, 127.0.2.2, … on one port, each answering every path with 200 after --latency-ms.
The certificate and key are PEM files (bench/health/run makes them, every address in the subject alternative names).
/__stats (on any host) tells the requests served, the most ever in flight at once and the TLS connections they came on;
/__reset zeroes them. Prints "READY <port>" when it listens. Runs until killed.

Why not a Java server: the sites share the 2 cores with the client being measured, and the JDK's HttpsServer spent
1.2–2.4 CPU-s on the benchmark's 100 handshakes and 500 requests — a real site serves from its own machine. One asyncio
loop on OpenSSL (aiohttp's server) costs a fraction of that, and costs it equally for braid and for the asyncio peer.

--plain serves plain HTTP instead (the control of bench/health/run PLAIN=1: the same sites and checks without TLS).

usage: tls_sites.py --cert CERT.pem --key KEY.pem [--hosts 100] [--latency-ms 200] [--plain]
"""
import argparse
import asyncio
import json
import socket
import ssl

from aiohttp import web

stats = {"requests": 0, "maxInFlight": 0}
connections = set()  # the transports (TLS connections) that carried a site's request since the last reset
in_flight = 0


async def handle(request):
    global in_flight
    path = request.path
    if path == "/__stats":
        return web.Response(text=json.dumps({**stats, "connections": len(connections)}), content_type="application/json")
    if path == "/__reset":
        for k in stats:
            stats[k] = 0
        connections.clear()
        return web.Response(status=204)
    stats["requests"] += 1
    connections.add(id(request.transport))
    in_flight += 1
    stats["maxInFlight"] = max(stats["maxInFlight"], in_flight)
    try:
        await asyncio.sleep(request.app["latency"])
    finally:
        in_flight -= 1
    return web.Response(text="<html><body>Add to cart</body></html>", content_type="text/html")


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--hosts", type=int, default=100)
    p.add_argument("--latency-ms", type=int, default=200)
    p.add_argument("--plain", action="store_true")
    a = p.parse_args()
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(a.cert, a.key)
    app = web.Application()
    app["latency"] = a.latency_ms / 1000
    app.router.add_route("*", "/{tail:.*}", handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    for attempt in range(20):
        socks = []
        try:
            port = 0
            for h in range(1, a.hosts + 1):
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind((f"127.0.2.{h}", port))
                port = s.getsockname()[1]
                socks.append(s)
            break
        except OSError:  # the first address's port is taken on another: try another
            for s in socks:
                s.close()
    for s in socks:
        s.listen(1000)
        await web.SockSite(runner, s, ssl_context=None if a.plain else ctx, backlog=1000).start()
    print(f"READY {port}", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
