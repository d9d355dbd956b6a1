#!/usr/bin/env python3
"""One end-to-end pass: a real, headless Thunderbird sends the scenarios; we watch.

Add-in pass (--addon DIR --hook CMD):

    driver add-in --sendMessage--> Thunderbird --onBeforeSend--> guard add-in (DIR)
                                                                   |  POST /v1/checks
                                        recording proxy (ours) <---+
                                                |
                                        hook: CMD --port 0 --token-file <work>/hook-token
    Thunderbird --SMTP--> sink (ours, 127.0.0.1)

Relay pass (--relay CMD): no guard add-in and no hook; Thunderbird's SMTP server is
CMD --listen 127.0.0.1:0 --upstream 127.0.0.1:<sink> --upstream-tls none, which passes
mail on to the sink or refuses it with a 5xx.

Every listener takes port 0 and reports the port it got. The guard learns the proxy's
port and the token (or, with --wrong-token, a token the hook will refuse) from its
managed storage, with fail mode `block`; the driver learns the control server's address
the same way. The scenarios say what must reach the sink (checks.py).

Prints one line per scenario and `tb_e2e: N/M scenarios ok (K skipped)`; exit status 0
only when no scenario failed. Scenarios marked "pending" are run and shown, never
counted as passed. Standard library only.
"""
import argparse
import ctypes
import http.client
import json
import os
import queue
import re
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.dont_write_bytecode = True  # our own modules: no __pycache__ in the source tree
sys.path.insert(0, str(HERE))

from checks import judge  # noqa: E402
from smtp_sink import SmtpSink  # noqa: E402
from tb_profile import SENDER, Profile  # noqa: E402

STARTED = time.monotonic()
# Thunderbird gives every add-in a random uuid, and its fetches carry
# `Origin: moz-extension://<uuid>` (the hook serves such origins with the token, as a
# real installation needs). The test profile pins the guard's so runs are comparable.
GUARD_UUID = "3d5e2e00-5e9d-4a11-8c0d-0000000e2e01"


_SAY = threading.Lock()


def say(*parts):
    """Progress, on stderr (stdout carries only the verdicts); one write per line, as
    the HTTP servers' threads talk at the same time."""
    line = f"  [{time.monotonic() - STARTED:5.1f}s] " + " ".join(str(p) for p in parts) + "\n"
    with _SAY:
        sys.stderr.write(line)
        sys.stderr.flush()


# ------------------------------------------------------------------------------------
# Child processes: their own process group, killed with us even if we die hard
# ------------------------------------------------------------------------------------
try:  # looked up now: between fork and exec the child should call nothing that loads code
    _prctl = ctypes.CDLL(None, use_errno=True).prctl
except (OSError, AttributeError):
    _prctl = None
_PR_SET_PDEATHSIG, _SIGKILL = 1, int(signal.SIGKILL)


def _die_with_parent():
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, _SIGKILL)


class Child:
    """A started command in a session of its own; with want_first_line, its first stdout
    line is kept for first_line() and the rest of stdout goes to its log."""

    def __init__(self, name, argv, logfile: Path, env=None, want_first_line=False):
        self.name, self.logfile = name, logfile
        self._log = open(logfile, "ab")
        self.proc = subprocess.Popen(
            argv, env=env, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE if want_first_line else self._log, stderr=self._log,
            start_new_session=True, preexec_fn=_die_with_parent)
        self._first = queue.Queue()
        if want_first_line:
            threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        # the first line is for us; anything after it goes to the log, so the pipe never fills
        for i, line in enumerate(iter(self.proc.stdout.readline, b"")):
            if i == 0:
                self._first.put(line.decode("utf-8", "replace"))
            else:
                try:
                    self._log.write(line)
                    self._log.flush()
                except ValueError:  # the log was closed: we are stopping
                    break
        self._first.put("")

    def first_line(self, timeout):
        try:
            return self._first.get(timeout=timeout)
        except queue.Empty:
            return ""

    def alive(self):
        return self.proc.poll() is None

    def stop(self, grace=5.0):
        if self.proc.poll() is None:
            for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
                try:
                    os.killpg(self.proc.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.proc.wait(wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        # the group may outlive its leader (Thunderbird's helper processes)
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self._log.close()


def listening_port(child, scheme, timeout):
    line = child.first_line(timeout)
    m = re.match(rf"listening on {scheme}://127\.0\.0\.1:(\d+)\s*$", line)
    if not m:
        status = child.proc.poll()
        raise SystemExit(f"tb_e2e: {child.name} did not say where it listens (first line {line!r}"
                         + (f", exited with {status}" if status is not None else "")
                         + f"); its log:\n{tail(child.logfile, 20)}")
    return int(m.group(1))


def tail(path: Path, lines, keep=None):
    try:
        text = path.read_text("utf-8", "replace").splitlines()
    except OSError:
        return "  (no log)"
    if keep:
        text = [t for t in text if keep(t)]
    return "\n".join("  | " + t for t in text[-lines:]) or "  (empty)"


# ------------------------------------------------------------------------------------
# Loopback HTTP: the control server (driver <-> harness) and the recording hook proxy
# ------------------------------------------------------------------------------------
class JsonHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def body(self):
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def send_bytes(self, status, data, content_type="application/json"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def send_json(self, status, obj):
        self.send_bytes(status, json.dumps(obj, ensure_ascii=False).encode())


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # Thunderbird going away mid-connection (it is killed at the end) is no news
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


def start_http(handler):
    server = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class Control:
    """What the driver fetches and reports."""

    def __init__(self, plan):
        self.plan = plan
        self.outcomes = {}
        self.finished = threading.Event()
        self.fatal = None
        control = self

        class Handler(JsonHandler):
            def do_GET(self):
                if self.path == "/plan":
                    return self.send_json(200, control.plan)
                self.send_json(404, {"error": "unknown"})

            def do_POST(self):
                try:
                    data = json.loads(self.body() or b"{}")
                except ValueError:
                    return self.send_json(400, {"error": "not JSON"})
                if self.path == "/note":
                    say("driver:", data.get("message"))
                elif self.path == "/outcome":
                    control.outcomes[data.get("name")] = data
                    verb = "sent" if data.get("sent") else f"not sent ({data.get('error', '')[:120]})"
                    say(f"driver: {data.get('name')}: {verb}")
                elif self.path == "/finished":
                    control.fatal = data.get("fatal")
                    control.finished.set()
                else:
                    return self.send_json(404, {"error": "unknown"})
                self.send_json(200, {"ok": True})

        self.server = start_http(Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


class HookProxy:
    """Sits between the add-in and the hook and writes down every exchange.

    Requests go on as they came (Origin and all), except that Host names the hook's
    own port, as the hook insists on its loopback Host.
    """

    HOP_BY_HOP = {"host", "connection", "keep-alive", "content-length", "transfer-encoding"}

    def __init__(self, hook_port):
        self.exchanges = []
        self.lock = threading.Lock()
        proxy = self

        class Handler(JsonHandler):
            def relay(self):
                data = self.body() if self.headers.get("Content-Length") else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in proxy.HOP_BY_HOP}
                headers["Host"] = f"127.0.0.1:{hook_port}"
                upstream = http.client.HTTPConnection("127.0.0.1", hook_port, timeout=120)
                try:
                    upstream.request(self.command, self.path, body=data, headers=headers)
                    response = upstream.getresponse()
                    status, answer = response.status, response.read()
                    kind = response.getheader("Content-Type", "application/json")
                except OSError as e:
                    status, answer, kind = 502, json.dumps({"error": f"hook unreachable: {e}"}).encode(), "application/json"
                finally:
                    upstream.close()
                if self.path.startswith("/v1/checks"):
                    proxy.record(self.headers, data, status, answer)
                self.send_bytes(status, answer, kind)

            do_GET = do_POST = do_OPTIONS = relay

        self.server = start_http(Handler)
        self.port = self.server.server_address[1]

    def record(self, headers, data, status, answer):
        def parsed(raw):
            try:
                return json.loads(raw or b"null")
            except ValueError:
                return None

        request = parsed(data) or {}
        reply = parsed(answer) or {}
        entry = {"status": status, "request": request, "answer": reply,
                 "origin": headers.get("Origin"), "authorization": bool(headers.get("Authorization"))}
        with self.lock:
            self.exchanges.append(entry)
        say(f"hook: {request.get('subject')!r} -> HTTP {status}",
            reply.get("decision", reply.get("error", "")), json.dumps(reply.get("changes") or {}, ensure_ascii=False)
            if any((reply.get("changes") or {}).values()) else "")

    def for_subject(self, subject):
        with self.lock:
            return [e for e in self.exchanges if e["request"].get("subject") == subject]


# ------------------------------------------------------------------------------------
# The pass
# ------------------------------------------------------------------------------------
class Pass:
    def __init__(self, args, work: Path):
        self.args, self.work = args, work
        self.children = []
        self.servers = []
        self.sink = None
        self.proxy = None

    def spawn(self, *a, **kw):
        child = Child(*a, **kw)
        self.children.append(child)
        return child

    def cleanup(self):
        """Stops everything this pass started; safe to call more than once."""
        while self.children:
            self.children.pop().stop()
        while self.servers:
            server = self.servers.pop()
            server.shutdown()
            server.server_close()
        if self.sink:
            self.sink.stop()

    def start_hook(self):
        token_file = self.work / "hook-token"
        argv = shlex.split(self.args.hook) + ["--port", "0", "--token-file", str(token_file)]
        say("hook:", " ".join(argv))
        hook = self.spawn("the hook", argv, self.work / "hook.log", want_first_line=True)
        port = listening_port(hook, "http", self.args.start_timeout)
        until = time.monotonic() + 5
        while not (token_file.exists() and token_file.read_text().strip()):
            if time.monotonic() > until:
                raise SystemExit(f"tb_e2e: the hook wrote no token to {token_file}")
            time.sleep(0.05)
        self.proxy = HookProxy(port)
        self.servers.append(self.proxy.server)
        return token_file.read_text().strip(), hook

    def start_relay(self, sink_port):
        argv = shlex.split(self.args.relay) + [
            "--listen", "127.0.0.1:0", "--upstream", f"127.0.0.1:{sink_port}", "--upstream-tls", "none"]
        say("relay:", " ".join(argv))
        relay = self.spawn("the relay", argv, self.work / "relay.log", want_first_line=True)
        return listening_port(relay, "smtp", self.args.start_timeout), relay

    def run(self, scenarios):
        args = self.args
        self.sink = SmtpSink(self.work / "sink")
        sink_port = self.sink.start()
        say(f"SMTP sink on 127.0.0.1:{sink_port}")
        profile = Profile(self.work)
        service = None
        guard_id = None
        if args.relay:
            smtp_port, service = self.start_relay(sink_port)
            say(f"Thunderbird -> relay :{smtp_port} -> sink :{sink_port}")
        else:
            token, service = self.start_hook()
            handed = secrets.token_hex(32) if args.wrong_token else token
            # learn_prompt: false: the add-in's one-time offer to learn the Sent folders
            # would open a window after the first send; a test run must never see one.
            guard_id = profile.install(Path(args.addon).resolve(), managed={
                "port": self.proxy.port, "token": handed, "fail_mode": "block", "learn_prompt": False})
            smtp_port = sink_port
            say(f"guard {guard_id} -> proxy :{self.proxy.port} -> hook"
                + (" (with a token the hook does not know)" if args.wrong_token else ""))

        plan = {
            "guard_id": guard_id,
            "guard_wait_ms": 30000,
            "settle_ms": args.settle_ms,
            "send_timeout_ms": int(args.send_timeout * 1000),
            "close_prompts": bool(args.relay),
            "scenarios": scenarios,
        }
        control = Control(plan)
        self.servers.append(control.server)
        profile.install(HERE / "driver", managed={"control": control.url})
        profile.write_prefs(smtp_port, {guard_id: args.addon_uuid} if guard_id else None)

        argv = [args.thunderbird, "--headless", "--no-remote", "--profile", str(profile.dir)]
        say("thunderbird:", " ".join(argv))
        tb = self.spawn("Thunderbird", argv, self.work / "tb.log", env=profile.environment(os.environ))
        until = time.monotonic() + args.timeout
        while not control.finished.wait(0.25):
            if not tb.alive():
                say(f"Thunderbird exited early (status {tb.proc.returncode})")
                break
            if service is not None and not service.alive():
                say(f"{service.name} exited early (status {service.proc.returncode})")
                break
            if time.monotonic() > until:
                say(f"the driver did not finish within {args.timeout:.0f} s")
                break
        # a relay may say 250 and deliver a moment later
        want = sum(1 for o in control.outcomes.values() if o.get("sent"))
        until = time.monotonic() + 5
        while len(self.sink.snapshot()) < want and time.monotonic() < until:
            time.sleep(0.1)
        time.sleep(0.3)
        tb.stop()
        return control

    def report(self, scenarios, control):
        """Prints the verdicts; returns (ok, skipped, failed)."""
        args = self.args
        deliveries = self.sink.snapshot()
        if control.fatal:
            print(f"driver gave up: {control.fatal}")
        ok = skipped = failed = 0
        for sc in scenarios:
            if args.wrong_token:
                # whatever the scenario would do, the hook refuses the token and the
                # add-in, in fail mode block, must not send
                sc = dict(sc, expect={"hook": {"status": 401}, "sent": False})
            arrived = [d for d in deliveries if d.subject == sc["subject"]]
            exchanges = [] if args.relay else self.proxy.for_subject(sc["subject"])
            problems, notes = judge(sc, control.outcomes.get(sc["name"]), arrived, exchanges,
                                    sender=SENDER[1], relay=bool(args.relay))
            ms = (control.outcomes.get(sc["name"]) or {}).get("ms", "-")
            if sc.get("pending"):
                skipped += 1
                ran = ("ran anyway: it passes now, drop \"pending\" to count it" if not problems
                       else "ran anyway: " + "; ".join(problems))
                print(f"SKIP {sc['name']:24} {ms!s:>6} ms  pending: {sc['pending']} ({ran})")
                continue
            if problems:
                failed += 1
            else:
                ok += 1
            print(f"{'ok' if not problems else 'FAIL':4} {sc['name']:24} {ms!s:>6} ms  " + "; ".join(problems + notes))
        if self.proxy is not None:
            origins = sorted({e["origin"] for e in self.proxy.exchanges if e["origin"]})
            if origins:
                print(f"note: the add-in's requests carried Origin {', '.join(origins)}")
        leftovers = [d.subject for d in deliveries if d.subject not in {sc["subject"] for sc in scenarios}]
        if leftovers:
            failed += 1
            print(f"FAIL unexpected mail at the sink: {leftovers}")
        return ok, skipped, failed

    def diagnose(self):
        """After a failure: the lines of the logs most likely to say why."""
        interesting = re.compile(r"\[sendguard\]|\[e2e-driver\]|JavaScript error|console\.error|Send FAILED")
        print("--- Thunderbird (tb.log, filtered) ---", file=sys.stderr)
        print(tail(self.work / "tb.log", 40, keep=interesting.search), file=sys.stderr)
        for name in ("hook.log", "relay.log"):
            if (self.work / name).exists():
                print(f"--- {name} ---", file=sys.stderr)
                print(tail(self.work / name, 20), file=sys.stderr)


def load_scenarios(path, only):
    scenarios = json.loads(Path(path).read_text("utf-8"))
    names = [sc["name"] for sc in scenarios]
    if len(set(names)) != len(names) or len({sc["subject"] for sc in scenarios}) != len(scenarios):
        raise SystemExit(f"tb_e2e: {path}: scenario names and subjects must be unique (results are matched by subject)")
    if only:
        wanted = set(only.split(","))
        scenarios = [sc for sc in scenarios if sc["name"] in wanted]
    return scenarios


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--hook", metavar="CMD",
                      help="add-in pass: start the hook with CMD --port 0 --token-file F")
    mode.add_argument("--relay", metavar="CMD",
                      help="relay pass: start CMD --listen 127.0.0.1:0 --upstream 127.0.0.1:SINK --upstream-tls none")
    ap.add_argument("--addon", default=str(HERE.parent), help="the guard add-in's folder (add-in pass)")
    ap.add_argument("--scenarios", required=True)
    ap.add_argument("--addon-uuid", default=GUARD_UUID,
                    help="the guard's moz-extension:// uuid in the test profile (its requests' Origin)")
    ap.add_argument("--wrong-token", action="store_true",
                    help="hand the add-in a token the hook refuses: every scenario must end unsent")
    ap.add_argument("--label", default="", help="name of the pass, shown in the summary line")
    ap.add_argument("--only", default="", help="comma-separated scenario names")
    ap.add_argument("--thunderbird", default=shutil.which("thunderbird") or "thunderbird")
    ap.add_argument("--settle-ms", type=int, default=1500,
                    help="wait after the guard shows as enabled, for its listeners to be registered")
    ap.add_argument("--send-timeout", type=float, default=20, help="seconds one send may take")
    ap.add_argument("--start-timeout", type=float, default=20, help="seconds a hook/relay may take to listen")
    ap.add_argument("--timeout", type=float, default=120, help="seconds for the whole Thunderbird run")
    ap.add_argument("--workdir", help="put the pass's files here (default: a temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep the work dir (profile, logs, sink/) and say where")
    ap.add_argument("--summary-file", help="also write the summary line to this file")
    args = ap.parse_args()
    if args.wrong_token and args.relay:
        ap.error("--wrong-token is for add-in passes")

    scenarios = load_scenarios(args.scenarios, args.only)
    own_workdir = args.workdir is None
    work = Path(tempfile.mkdtemp(prefix="sendguard-tb-e2e.") if own_workdir else args.workdir)
    work.mkdir(parents=True, exist_ok=True)

    def terminated(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminated)
    signal.signal(signal.SIGHUP, terminated)
    the_pass = Pass(args, work)
    t0 = time.monotonic()
    ok = skipped = 0
    failed = len(scenarios) or 1
    try:
        control = the_pass.run(scenarios)
        the_pass.cleanup()
        ok, skipped, failed = the_pass.report(scenarios, control)
        if failed:
            the_pass.diagnose()
    except SystemExit as e:
        if not isinstance(e.code, str):
            raise
        print(e.code, file=sys.stderr)  # a hook or relay that would not start: nothing ran
    finally:
        the_pass.cleanup()
        if args.keep:
            print(f"tb_e2e: kept {work}", file=sys.stderr)
        elif own_workdir:
            shutil.rmtree(work, ignore_errors=True)
    took = time.monotonic() - t0
    label = f"{args.label}, " if args.label else ""
    summary = f"tb_e2e: {ok}/{len(scenarios)} scenarios ok ({skipped} skipped)  [{label}{took:.1f} s]"
    print(summary, flush=True)
    if args.summary_file:
        Path(args.summary_file).write_text(summary + "\n", "utf-8")
    return 0 if failed == 0 and scenarios else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # everything was stopped on the way out
        sys.exit(130)
