#!/usr/bin/env python3
"""A stand-in guarding SMTP relay, to prove the harness's relay mode before the product has one.

It takes mail from Thunderbird and either passes it on unchanged to the upstream
server or refuses it with `550 5.7.1 <reason>` when the message holds a blocked
phrase (個人番号 by default) anywhere: headers, body, or inside an attachment once
its transfer encoding is undone. It has no other policy: no Bcc moves, no rewriting.

The command line is the one the harness gives any relay:

    test_relay.py --listen 127.0.0.1:0 --upstream 127.0.0.1:2525 --upstream-tls none

The first line on stdout is `listening on smtp://127.0.0.1:PORT`; the rest goes to stderr.
Standard library only (asyncio for the listening side, smtplib for the upstream).
"""
import argparse
import asyncio
import email
import email.policy
import re
import smtplib
import sys

_PATH_ARG = re.compile(r"<([^>]*)>")


def log(*parts):
    print("test relay:", *parts, file=sys.stderr, flush=True)


def host_port(text):
    host, _, port = text.rpartition(":")
    return host.strip("[]"), int(port)


def texts_of(raw: bytes):
    """Everything a reader could see in the message, decoded: headers, bodies, attachments."""
    yield raw.decode("utf-8", "replace")
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    for key, value in msg.items():
        yield f"{key}: {value}"
    for part in msg.walk():
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True) or b""
        charset = part.get_content_charset() or "utf-8"
        try:
            yield payload.decode(charset, "replace")
        except LookupError:
            yield payload.decode("utf-8", "replace")


def refusal(raw: bytes, blocked):
    for text in texts_of(raw):
        for phrase in blocked:
            if phrase in text:
                return f"test relay: the message contains {phrase}, not sent"
    return None


def forward(upstream, mail_from, rcpt, raw):
    """Hands the message upstream as it came; returns None, or the upstream's error."""
    host, port = upstream
    try:
        with smtplib.SMTP(host, port, timeout=30) as smtp:
            smtp.ehlo("sendguard-test-relay")
            refused = smtp.sendmail(mail_from, rcpt, raw)
        return f"upstream refused {sorted(refused)}" if refused else None
    except (OSError, smtplib.SMTPException) as e:
        return f"upstream: {e}"


class Relay:
    def __init__(self, upstream, blocked):
        self.upstream, self.blocked = upstream, blocked

    async def session(self, reader, writer):
        async def say(code, *texts):
            for i, text in enumerate(texts):
                writer.write(f"{code}{' ' if i == len(texts) - 1 else '-'}{text}\r\n".encode())
            await writer.drain()

        sender, rcpt = None, []
        try:
            await say(220, "sendguard test relay")
            while True:
                line = await reader.readline()
                if not line:
                    return
                verb, _, arg = line.decode("utf-8", "replace").strip().partition(" ")
                verb = verb.upper()
                if verb == "EHLO":
                    await say(250, "sendguard-test-relay", "8BITMIME", "SIZE 52428800")
                elif verb == "HELO":
                    await say(250, "sendguard-test-relay")
                elif verb == "MAIL":
                    m = _PATH_ARG.search(arg)
                    sender, rcpt = (m.group(1) if m else ""), []
                    await say(250, "2.1.0 ok")
                elif verb == "RCPT":
                    m = _PATH_ARG.search(arg)
                    if sender is None or not m:
                        await say(503, "5.5.1 MAIL first, then RCPT TO:<address>")
                        continue
                    rcpt.append(m.group(1))
                    await say(250, "2.1.5 ok")
                elif verb == "DATA":
                    if not rcpt:
                        await say(554, "5.5.1 no recipients")
                        continue
                    await say(354, "go ahead, end with <CRLF>.<CRLF>")
                    raw = bytearray()
                    while True:
                        chunk = await reader.readline()
                        if not chunk:
                            return
                        if chunk.rstrip(b"\r\n") == b".":
                            break
                        raw += chunk[1:] if chunk.startswith(b".") else chunk
                    reason = refusal(bytes(raw), self.blocked)
                    if reason:
                        log("refused:", reason)
                        await say(550, f"5.7.1 {reason}")
                    else:
                        problem = await asyncio.to_thread(forward, self.upstream, sender, rcpt, bytes(raw))
                        if problem:
                            log("could not pass on:", problem)
                            await say(451, f"4.4.1 {problem}")
                        else:
                            log(f"passed on to {len(rcpt)} recipient(s)")
                            await say(250, "2.0.0 passed on")
                    sender, rcpt = None, []
                elif verb == "RSET":
                    sender, rcpt = None, []
                    await say(250, "2.0.0 ok")
                elif verb == "NOOP":
                    await say(250, "2.0.0 ok")
                elif verb == "QUIT":
                    await say(221, "2.0.0 bye")
                    return
                else:
                    await say(502, "5.5.2 not supported")
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()


async def serve(args):
    host, port = host_port(args.listen)
    relay = Relay(host_port(args.upstream), args.block or ["個人番号"])
    server = await asyncio.start_server(relay.session, host, port)
    print(f"listening on smtp://{host}:{server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--listen", required=True, help="HOST:PORT to listen on (port 0: any free one)")
    ap.add_argument("--upstream", required=True, help="HOST:PORT of the server mail goes on to")
    ap.add_argument("--upstream-tls", default="none", choices=["none"], help="only plain SMTP upstream")
    ap.add_argument("--block", action="append", metavar="PHRASE",
                    help="refuse messages containing PHRASE (repeatable; default 個人番号)")
    args = ap.parse_args()
    try:
        asyncio.run(serve(args))
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
