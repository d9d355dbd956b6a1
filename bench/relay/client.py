#!/usr/bin/env python3
"""Sends COUNT messages of SIZE bytes over one SMTP connection to 127.0.0.1:PORT, one
after another, and prints the time of each MAIL..DATA-end exchange (p50/p99/max) and
the messages per second."""
import smtplib
import sys
import time

port, count, size = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
head = (
    "From: suzuki@sakura-sys.co.jp\r\nTo: sato@sakura-sys.co.jp\r\n"
    "Subject: bench\r\nContent-Type: text/plain; charset=UTF-8\r\n"
    "Content-Transfer-Encoding: 8bit\r\n\r\n"
).encode()
line = ("来週の定例会議の資料を共有します。ご確認ください。" * 2 + "\r\n").encode()
body = (line * (size // len(line) + 1))[: max(0, size - len(head) - 2)]
msg = head + body + b"\r\n"
times = []
with smtplib.SMTP("127.0.0.1", port) as s:
    s.ehlo()
    start = time.perf_counter()
    for _ in range(count):
        t = time.perf_counter()
        s.sendmail("suzuki@sakura-sys.co.jp", ["sato@sakura-sys.co.jp"], msg,
                   mail_options=["BODY=8BITMIME"])
        times.append((time.perf_counter() - t) * 1000)
    total = time.perf_counter() - start
times.sort()
pick = lambda q: times[min(len(times) - 1, int(q * len(times)))]
print("%d x %d B: p50 %.2f ms  p99 %.2f ms  max %.2f ms  %.1f msg/s"
      % (count, len(msg), pick(0.5), pick(0.99), times[-1], count / total))
