#!/usr/bin/env python3
"""Baseline for braid's MailBench: send N personalized multipart/alternative messages with Python's smtplib
over ONE connection (the usual way a script does it), and print one JSON line with the timing.

usage: smtplib_send.py --port PORT [--host 127.0.0.1] [--count 10000]
"""
import argparse
import json
import smtplib
import time
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

TEXT = """Hello {name},

here is ACME's report for Monday, 23 November 2026.

YOUR WEBSITE YESTERDAY
  Visits: {visits}
  Page views: {views}

NEWS
* New branch in Cologne (2026-11-22)
  We open soon.
  https://acme.example/news/cologne
"""

HTML = """<!DOCTYPE html><html><body style="margin:0;padding:0;background-color:#f2f4f7;">
<table role="presentation" width="600" style="max-width:600px;font-family:Arial,sans-serif;">
<tr><td style="padding:24px 28px;">Hello {name},<br>here is what happened yesterday.</td></tr>
<tr><td><table width="100%"><tr><td>Visits</td><td align="right">{visits}</td></tr>
<tr><td>Page views</td><td align="right">{views}</td></tr></table></td></tr>
<tr><td><a href="https://acme.example/news/cologne">New branch in Cologne</a><div>We open soon.</div></td></tr>
</table></body></html>"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--count", type=int, default=10000)
    a = ap.parse_args()
    start = time.perf_counter()
    cpu = time.process_time()
    with smtplib.SMTP(a.host, a.port, timeout=30) as smtp:
        smtp.ehlo("bench.python")
        for i in range(1, a.count + 1):
            name = f"Client Nr. {i}"
            m = EmailMessage()
            m["From"] = "ACME Reports <reports@acme.example>"
            m["To"] = f"{name} <client{i}@example.com>"
            m["Subject"] = f"ACME daily report for {name} - Monday, 23 November 2026"
            m["Date"] = formatdate(localtime=False)
            m["Message-ID"] = make_msgid(domain="acme.example")
            m.set_content(TEXT.format(name=name, visits=1000 + i, views=3000 + i))
            m.add_alternative(HTML.format(name=name, visits=1000 + i, views=3000 + i), subtype="html")
            smtp.send_message(m, from_addr="bounces@acme.example", to_addrs=[f"client{i}@example.com"])
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu
    print(json.dumps({"messages": a.count, "seconds": elapsed, "per_second": a.count / elapsed, "cpu_seconds": cpu}))


if __name__ == "__main__":
    main()
