"""The mailbox at the end of the wire: an SMTP server on 127.0.0.1 that keeps every message.

Whatever Thunderbird (or a relay in front of it) really hands over lands here, so the
checks look at facts, not at what the add-in claims it did. It speaks just enough ESMTP
for Thunderbird's client: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT. It advertises
8BITMIME, so a Japanese body arrives as UTF-8 bytes, and never asks for AUTH or STARTTLS.

asyncio on a thread of its own; the harness reads `deliveries` once Thunderbird is done.
"""
import asyncio
import email
import email.policy
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

_PATH_ARG = re.compile(r"<([^>]*)>")


@dataclass
class Delivery:
    """One message as the sink accepted it: envelope plus the raw DATA bytes."""

    mail_from: str
    rcpt: list
    data: bytes
    parsed: email.message.EmailMessage = field(init=False, repr=False)

    def __post_init__(self):
        self.parsed = email.message_from_bytes(self.data, policy=email.policy.default)

    @property
    def subject(self):
        return str(self.parsed.get("Subject", ""))


def _path_of(argument):
    """`FROM:<a@b> BODY=8BITMIME` -> `a@b` (lower case); an empty path stays empty."""
    m = _PATH_ARG.search(argument)
    return (m.group(1) if m else argument.split(":", 1)[-1].split()[0]).strip().lower()


class SmtpSink:
    def __init__(self, spool: Path = None):
        self.spool = spool  # when set, each message is also written there (NNN.eml)
        self.deliveries = []
        self.port = None
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._server = None
        self._thread = None

    # -- life cycle ------------------------------------------------------------------
    def start(self, timeout=10.0):
        up = threading.Event()
        failure = []

        def run():
            asyncio.set_event_loop(self._loop)
            try:
                self._server = self._loop.run_until_complete(
                    asyncio.start_server(self._session, "127.0.0.1", 0))
                self.port = self._server.sockets[0].getsockname()[1]
            except OSError as e:
                failure.append(e)
                up.set()
                return
            up.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, name="smtp-sink", daemon=True)
        self._thread.start()
        if not up.wait(timeout) or failure:
            raise RuntimeError(f"the SMTP sink did not start: {failure[:1]}")
        return self.port

    def stop(self):
        if self._server is None:
            return

        def shut():
            self._server.close()
            self._loop.stop()

        self._loop.call_soon_threadsafe(shut)
        self._thread.join(5)

    def snapshot(self):
        with self._lock:
            return list(self.deliveries)

    # -- one SMTP session --------------------------------------------------------------
    async def _session(self, reader, writer):
        async def reply(code, *texts):
            # several texts make a multi-line reply: "250-a", "250-b", "250 c"
            for i, text in enumerate(texts):
                sep = " " if i == len(texts) - 1 else "-"
                writer.write(f"{code}{sep}{text}\r\n".encode())
            await writer.drain()

        envelope_from, envelope_to = None, []
        try:
            await reply(220, "sendguard-e2e sink ready")
            while True:
                line = await reader.readline()
                if not line:
                    return
                text = line.decode("utf-8", "replace").rstrip("\r\n")
                verb, _, argument = text.partition(" ")
                verb = verb.upper()
                if verb == "EHLO":
                    await reply(250, "sendguard-e2e", "8BITMIME", "SIZE 52428800")
                elif verb == "HELO":
                    await reply(250, "sendguard-e2e")
                elif verb == "MAIL":
                    envelope_from, envelope_to = _path_of(argument), []
                    await reply(250, "2.1.0 sender ok")
                elif verb == "RCPT":
                    if envelope_from is None:
                        await reply(503, "5.5.1 MAIL first")
                        continue
                    envelope_to.append(_path_of(argument))
                    await reply(250, "2.1.5 recipient ok")
                elif verb == "DATA":
                    if not envelope_to:
                        await reply(554, "5.5.1 no valid recipients")
                        continue
                    await reply(354, "end with <CRLF>.<CRLF>")
                    data = await self._read_data(reader)
                    if data is None:
                        return
                    number = self._keep(envelope_from, envelope_to, data)
                    await reply(250, f"2.0.0 kept as message {number}")
                    envelope_from, envelope_to = None, []
                elif verb == "RSET":
                    envelope_from, envelope_to = None, []
                    await reply(250, "2.0.0 reset")
                elif verb == "NOOP":
                    await reply(250, "2.0.0 ok")
                elif verb == "QUIT":
                    await reply(221, "2.0.0 bye")
                    return
                else:
                    await reply(502, "5.5.2 not implemented here")
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    @staticmethod
    async def _read_data(reader):
        """The DATA section with the dot-stuffing undone; None when the client went away."""
        out = bytearray()
        while True:
            line = await reader.readline()
            if not line:
                return None
            if line.rstrip(b"\r\n") == b".":
                return bytes(out)
            out += line[1:] if line.startswith(b".") else line

    def _keep(self, mail_from, rcpt, data):
        d = Delivery(mail_from, list(rcpt), data)
        with self._lock:
            self.deliveries.append(d)
            number = len(self.deliveries)
        if self.spool is not None:
            self.spool.mkdir(parents=True, exist_ok=True)
            (self.spool / f"{number:03d}.eml").write_bytes(data)
            (self.spool / f"{number:03d}.envelope").write_text(
                f"MAIL FROM:<{mail_from}>\n" + "".join(f"RCPT TO:<{r}>\n" for r in rcpt), "utf-8")
        return number
