"""Judging one scenario: what the scenario expects against what really happened.

Three witnesses, none of which is the add-in's own word:

- the driver's outcome: did compose.sendMessage go through (and with a message id)?
- the hook exchange recorded by the harness's proxy: what the add-in sent to the hook,
  and what the hook answered (add-in passes only);
- the SMTP sink: the envelope (MAIL FROM / RCPT TO) and the message Thunderbird
  actually delivered, headers and attachments.

`judge()` returns a list of problems (empty: the scenario passed) and a list of notes
(things worth printing that are not failures).
"""
import base64
import email.utils

COMPOSED_FIELDS = ("to", "cc", "bcc")
# What the add-in must declare in every check (docs/hook-api.md, "capabilities"): the
# hook offers a replacement only to a client that says it can apply one.
CAPABILITIES = ("replace_recipients",)


def _addresses(values):
    """`["Name <A@b>", "c@d"]` -> {"a@b", "c@d"}."""
    return {addr.lower() for _, addr in email.utils.getaddresses(list(values or [])) if addr}


def _header_addresses(msg, name):
    header = msg.get(name)
    if header is None:
        return set()
    return {a.addr_spec.lower() for a in getattr(header, "addresses", ()) if a.addr_spec}


def _lower_set(values):
    return {str(v).lower() for v in values or []}


def _change_set(values):
    """A `changes` list as comparable strings: addresses, or `from -> to` for a
    replacement (`{"from": ..., "to": ...}`)."""
    out = set()
    for v in values or []:
        if isinstance(v, dict):
            out.add(f"{str(v.get('from')).lower()} -> {str(v.get('to')).lower()}")
        else:
            out.add(str(v).lower())
    return out


def _fmt(values):
    return "[" + ", ".join(sorted(values)) + "]"


def _tidy(text):
    return "\n".join(line.rstrip() for line in (text or "").replace("\r\n", "\n").strip().split("\n"))


def _attachment_bytes(spec):
    if "content_base64" in spec:
        return base64.b64decode(spec["content_base64"])
    return spec.get("content", "").encode("utf-8")


def _what_the_hook_saw(sc, request, sender):
    """The draft as the add-in described it must be the draft as composed."""
    problems = []
    if request.get("subject") != sc["subject"]:
        problems.append(f"hook saw subject {request.get('subject')!r}")
    if not sc.get("reply_to_eml"):  # a reply's recipients are Thunderbird's choice
        for f in COMPOSED_FIELDS:
            saw = {(r.get("address") or "").lower() for r in request.get(f) or []}
            composed = _addresses(sc.get(f))
            if saw != composed:
                problems.append(f"hook saw {f} {_fmt(saw)}, composed {_fmt(composed)}")
    declared = request.get("capabilities") or []
    for capability in CAPABILITIES:
        if capability not in declared:
            problems.append(f"the add-in did not declare the capability {capability!r} (declared {declared})")
    sender_seen = ((request.get("from") or {}).get("address") or "").lower()
    if sender_seen != sender.lower():
        problems.append(f"hook saw from {sender_seen!r}, the identity is {sender!r}")
    if sc.get("body") and _tidy(sc["body"]) not in _tidy(request.get("body_text")):
        problems.append("hook's body_text lacks the composed body")
    seen = {a.get("name"): a for a in request.get("attachments") or []}
    for spec in sc.get("attachments") or []:
        got = seen.get(spec["name"])
        if got is None:
            problems.append(f"hook did not get attachment {spec['name']}")
        elif base64.b64decode(got.get("content_base64") or "") != _attachment_bytes(spec):
            problems.append(f"hook got other bytes for attachment {spec['name']}")
    if len(seen) != len(sc.get("attachments") or []):
        problems.append(f"hook got {len(seen)} attachment(s), {len(sc.get('attachments') or [])} composed")
    return problems


def _what_the_hook_answered(want, status, answer):
    problems = []
    if status != want.get("status", 200):
        problems.append(f"hook answered HTTP {status}, expected {want.get('status', 200)}")
        return problems
    if status != 200:
        return problems
    check = answer.get("check") or {}
    if "decision" in want and answer.get("decision") != want["decision"]:
        problems.append(f"hook decided {answer.get('decision')!r}, expected {want['decision']!r}")
    if "verdict" in want and check.get("verdict") != want["verdict"]:
        problems.append(f"hook's verdict {check.get('verdict')!r}, expected {want['verdict']!r}")
    found = {f.get("check") for f in check.get("findings") or []}
    found |= {f"{f.get('check')}:{f.get('type')}" for f in check.get("findings") or [] if f.get("type")}
    missing = [f for f in want.get("findings", []) if f not in found]
    if missing:
        problems.append(f"hook's findings lack {missing} (has {sorted(found)})")
    for kind, expected in (want.get("changes") or {}).items():
        got = (answer.get("changes") or {}).get(kind) or []
        if _change_set(got) != _change_set(expected):
            problems.append(f"hook's changes.{kind} {_fmt(_change_set(got))}, expected {_fmt(_change_set(expected))}")
    return problems


def _reply_context(want, request):
    problems = []
    if "compose_type" in want and request.get("compose_type") != want["compose_type"]:
        problems.append(f"compose_type {request.get('compose_type')!r}, expected {want['compose_type']!r}")
    if "in_reply_to" in want:
        context = request.get("in_reply_to") or {}
        for key, address in want["in_reply_to"].items():
            value = context.get(key)
            mailboxes = value if isinstance(value, list) else [value] if value else []
            seen = {(m or {}).get("address", "").lower() for m in mailboxes}
            if address.lower() not in seen:
                problems.append(f"in_reply_to.{key} {_fmt(seen)} lacks {address}")
    return problems


def _what_arrived(want, delivery):
    """The single delivered message against expect.sink."""
    problems = []
    msg, rcpt = delivery.parsed, set(delivery.rcpt)
    if "rcpt" in want and rcpt != _lower_set(want["rcpt"]):
        problems.append(f"envelope RCPT {_fmt(rcpt)}, expected {_fmt(_lower_set(want['rcpt']))}")
    for name in ("to", "cc"):
        if name in want:
            got = _header_addresses(msg, name.capitalize())
            if got != _lower_set(want[name]):
                problems.append(f"delivered {name.capitalize()}: {_fmt(got)}, expected {_fmt(_lower_set(want[name]))}")
    if "attachments" in want:
        names = sorted(p.get_filename() or "?" for p in msg.iter_attachments())
        if names != sorted(want["attachments"]):
            problems.append(f"delivered attachments {names}, expected {sorted(want['attachments'])}")
    if "not_named" in want:
        # a replaced recipient's display name was the wrong person's: it must not go out
        names = {name: [a.display_name for a in getattr(msg.get(name), "addresses", ())] for name in ("To", "Cc")}
        for text in want["not_named"]:
            for name, shown in names.items():
                if any(text in n for n in shown):
                    problems.append(f"delivered {name} still names {text!r}: {shown}")
    if "in_reply_to" in want and (msg.get("In-Reply-To") or "").strip() != want["in_reply_to"]:
        problems.append(f"In-Reply-To {msg.get('In-Reply-To')!r}, expected {want['in_reply_to']!r}")
    # always: a Bcc must never show, and whoever the headers name must really get it
    if msg.get("Bcc") is not None:
        problems.append(f"a Bcc header went out: {msg.get('Bcc')}")
    named = _header_addresses(msg, "To") | _header_addresses(msg, "Cc")
    if not named <= rcpt:
        problems.append(f"To/Cc name {_fmt(named - rcpt)}, who are not in the envelope")
    return problems


def judge(sc, outcome, deliveries, exchanges, *, sender, relay=False):
    """Problems and notes for one scenario.

    outcome: the driver's report, or None. deliveries: what the sink got with this
    subject. exchanges: the hook calls recorded for this subject (add-in passes).
    """
    want = sc.get("expect") or {}
    problems, notes = [], []
    if outcome is None:
        return ["the driver reported nothing for this scenario"], notes

    if not relay:
        if not exchanges:
            problems.append("the hook never saw this draft (no onBeforeSend call reached it)")
        else:
            last = exchanges[-1]
            if len(exchanges) > 1:
                notes.append(f"the hook was asked {len(exchanges)} times")
            problems += _what_the_hook_saw(sc, last["request"], sender)
            problems += _what_the_hook_answered(want.get("hook") or {}, last["status"], last["answer"] or {})
            problems += _reply_context(want.get("hook") or {}, last["request"])

    should_send = want.get("sent")
    if should_send is None:
        return problems + ["the scenario says nothing about expect.sent"], notes
    error = outcome.get("error") or ""
    if should_send:
        if not outcome.get("sent"):
            problems.append(f"expected a send, but it failed: {error}")
        if len(deliveries) != 1:
            problems.append(f"expected one message at the sink, got {len(deliveries)}")
    else:
        if outcome.get("sent"):
            problems.append("expected no send, but sendMessage went through")
        elif error.startswith("no outcome after"):
            problems.append(f"expected a refusal, got a hang: {error}")
        if deliveries:
            problems.append(f"expected nothing at the sink, got {len(deliveries)} message(s)")
        prompts = " | ".join(" ".join(p.get("text", "").split()) for p in outcome.get("prompts") or [])
        if relay:
            if prompts:
                notes.append(f"Thunderbird said: {prompts}")
            phrase = want.get("refusal_contains")
            if phrase and phrase not in prompts:
                problems.append(f"the refusal Thunderbird showed does not mention {phrase!r}")
    if len(deliveries) == 1 and want.get("sink"):
        problems += _what_arrived(want["sink"], deliveries[0])
    return problems, notes
