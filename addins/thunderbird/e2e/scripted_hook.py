#!/usr/bin/env python3
"""A hook whose answers are written down in advance, for testing the add-in alone.

`sendguard serve` decides by policy, so it only ever asks for the fixes its policy
suggests. This hook answers each draft with the `answer` of the scenario whose subject
matches, word for word: any decision, any `changes` (remove_recipients,
remove_attachments, replace_recipients, kinds the add-in does not know...). The harness
then checks that Thunderbird sent exactly what that answer asked for.

It looks like `sendguard serve` from outside (docs/hook-api.md): the same options,
`listening on http://127.0.0.1:PORT` as its first line, a bearer token from
--token-file (made, mode 0600, when missing), 401 without it, 403 for a foreign Host.

    scripted_hook.py --scenarios scripted.json --port 0 --token-file /tmp/x/token

Standard library only.
"""
import argparse
import json
import os
import secrets
import sys
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def load_token(path: Path):
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_text().strip()


def answer_for(scenario, draft):
    """The scenario's written answer, completed into a full hook answer.

    As `sendguard serve` does, a replacement goes only to a client that declared
    `replace_recipients`; an add-in that does not declare it gets the answer without
    one, and the scenario then fails at the sink, as it should.
    """
    written = scenario["answer"]
    changes = {"move_to_bcc": [], "remove_recipients": [], "remove_attachments": [], "replace_recipients": []}
    changes.update(written.get("changes") or {})
    if "replace_recipients" not in (draft.get("capabilities") or []):
        changes["replace_recipients"] = []
    return {
        "check": {
            "source": "hook",
            "subject": draft.get("subject", ""),
            "verdict": written.get("verdict", "confirm"),
            "recipients": [dict(r, field=f) for f in ("to", "cc", "bcc") for r in draft.get(f) or []],
            "attachments": [{"name": a.get("name"), "content_type": a.get("content_type")}
                            for a in draft.get("attachments") or []],
            "findings": written.get("findings", []),
        },
        "decision": written["decision"],
        "changes": changes,
        "told_person": written.get("told_person", False),
        "event_id": str(uuid.uuid4()),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenarios", required=True, type=Path)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--token-file", required=True, type=Path)
    args = ap.parse_args()

    by_subject = {}
    for sc in json.loads(args.scenarios.read_text("utf-8")):
        if "answer" in sc:
            by_subject[sc["subject"]] = sc
    token = load_token(args.token_file)

    class Hook(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *a):
            sys.stderr.write("scripted hook: " + (fmt % a) + "\n")

        def send_json(self, status, obj):
            body = json.dumps(obj, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def refused(self, needs_token=True):
            port = self.server.server_address[1]
            if self.headers.get("Host") not in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"):
                self.send_json(403, {"error": "Host is not this loopback address"})
                return True
            if needs_token and self.headers.get("Authorization") != f"Bearer {token}":
                self.send_json(401, {"error": "missing or wrong token"})
                return True
            return False

        def do_GET(self):
            if self.refused(needs_token=self.path != "/v1/health"):
                return
            if self.path == "/v1/health":
                return self.send_json(200, {"status": "ok", "version": "scripted"})
            if self.path == "/v1/ping":
                return self.send_json(200, {"status": "ok", "token": "valid"})
            self.send_json(404, {"error": "no such endpoint"})

        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.refused():
                return
            if self.path == "/v1/history/learn":
                # this hook keeps no recipient history, like `sendguard serve --no-history`
                return self.send_json(409, {"error": "the recipient history is off", "code": "history_off"})
            if self.path != "/v1/checks":
                return self.send_json(404, {"error": "no such endpoint"})
            try:
                draft = json.loads(raw)
            except ValueError as e:
                return self.send_json(400, {"error": f"malformed JSON: {e}"})
            scenario = by_subject.get(draft.get("subject"))
            if scenario is None:
                return self.send_json(500, {"error": f"no scripted answer for {draft.get('subject')!r}"})
            self.send_json(200, answer_for(scenario, draft))

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Hook)
    server.daemon_threads = True
    print(f"listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
