#!/usr/bin/env python3
"""Compare sendguard's personal-data detection with Presidio + GiNZA on Japanese text.

Usage (normally through run.sh, which sets up the venv):

    python compare.py [--presidio-only] [--runs N] [--sendguard-bin PATH]

Presidio half
    AnalyzerEngine with a spaCy NLP engine running GiNZA (`ja_ginza`, language "ja").
    GiNZA's NER emits Sekine's Extended Named Entity labels (Person, City,
    Phone_Number, ...); Presidio only knows its own entity names, so the hand-written
    GINZA_TO_PRESIDIO table below maps one onto the other. Presidio ships no Japanese
    recognisers; its language-agnostic ones (credit card with Luhn, e-mail, phone via
    libphonenumber with region JP) are registered for "ja" as well, with Japanese
    context words. Each text is analysed once to warm up, then --runs times; the
    median wall time (time.perf_counter) is the figure.

sendguard half
    Each text becomes a minimal UTF-8 .eml between two addresses at the internal
    domain, so only personal-data findings matter. `sendguard check --format json`
    is run once over all files for the findings. Cost per text =
    (wall time for all N files - wall time for one near-empty internal mail) / N,
    repeated --runs times, median. Per-text costs are measured the same way with the
    text's file passed --sg-copies times.

Scoring is type-level: for each text, the set of sendguard types each tool found is
compared with `expect`. Presidio's entities are translated to sendguard types
leniently (see PRESIDIO_TO_SENDGUARD): e.g. any DATE_TIME counts as a birth date and
any ID as any number-type item, so the recall given to Presidio is an upper bound.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

INTERNAL_DOMAIN = "sakura-sys.co.jp"

# --------------------------------------------------------------------------------------
# GiNZA (ENE label set, as in ja_ginza 5.x) -> Presidio entity names. Written by hand,
# following Presidio's own default for English spaCy models (conf/default.yaml):
#   PERSON->PERSON, GPE/LOC/FAC->LOCATION, DATE/TIME->DATE_TIME, NORP->NRP,
#   ORGANIZATION ignored (too many false positives, as in Presidio's default).
# Every GiNZA label not listed here is put in labels_to_ignore at load time.
# --------------------------------------------------------------------------------------
GINZA_TO_PRESIDIO: dict[str, str] = {
    # Name branch
    "Person": "PERSON",
    # GPE (administrative units) -> LOCATION, like spaCy's GPE
    "Country": "LOCATION",
    "Province": "LOCATION",  # 都道府県
    "City": "LOCATION",  # 市区町村 (GiNZA often tags 東京都千代田区丸の内 as one City)
    "County": "LOCATION",  # 郡
    "GPE_Other": "LOCATION",
    # Location branch -> LOCATION, like spaCy's LOC
    "Location_Other": "LOCATION",
    "Domestic_Region": "LOCATION",
    "Region_Other": "LOCATION",
    "Geological_Region_Other": "LOCATION",
    "Spa": "LOCATION",
    "Mountain": "LOCATION",
    "Island": "LOCATION",
    "River": "LOCATION",
    "Lake": "LOCATION",
    "Sea": "LOCATION",
    "Bay": "LOCATION",
    # Facility branch -> LOCATION, like spaCy's FAC. GiNZA puts building names and
    # sometimes the 丁目/番/号 tail of an address here (e.g. Theater, Facility_Other).
    "Facility_Other": "LOCATION",
    "Facility_Part": "LOCATION",
    "Archaeological_Place_Other": "LOCATION",
    "Tumulus": "LOCATION",
    "GOE_Other": "LOCATION",
    "Public_Institution": "LOCATION",
    "School": "LOCATION",
    "Research_Institute": "LOCATION",
    "Park": "LOCATION",
    "Sports_Facility": "LOCATION",
    "Museum": "LOCATION",
    "Zoo": "LOCATION",
    "Amusement_Park": "LOCATION",
    "Theater": "LOCATION",
    "Worship_Place": "LOCATION",
    "Car_Stop": "LOCATION",
    "Station": "LOCATION",
    "Airport": "LOCATION",
    "Port": "LOCATION",
    "Line_Other": "LOCATION",
    "Railroad": "LOCATION",
    "Road": "LOCATION",
    "Canal": "LOCATION",
    "Water_Route": "LOCATION",
    "Tunnel": "LOCATION",
    "Bridge": "LOCATION",
    # Address branch
    "Postal_Address": "LOCATION",
    "Phone_Number": "PHONE_NUMBER",
    "Email": "EMAIL_ADDRESS",
    "URL": "URL",
    # Numbers / time
    "ID_Number": "ID",
    "Date": "DATE_TIME",
    "Time": "DATE_TIME",
    "Age": "AGE",
    # NORP analogue
    "Nationality": "NRP",
    "Ethnic_Group_Other": "NRP",
    "Religion": "NRP",
}

# Entities the SpacyRecognizer reports (all mapped targets).
NER_ENTITIES = sorted(set(GINZA_TO_PRESIDIO.values()))

# Japanese context words for Presidio's generic pattern recognisers.
CARD_CONTEXT = ["カード", "クレジット", "クレジットカード", "カード番号", "visa", "jcb", "amex", "mastercard"]
PHONE_CONTEXT = ["電話", "電話番号", "携帯", "直通", "連絡先", "tel", "自宅", "内線"]
EMAIL_CONTEXT = ["メール", "メールアドレス", "email", "e-mail"]

# sendguard types that are "an identifying number"; a Presidio ID hit counts for any.
ID_TYPES = {
    "my_number",
    "bank_account",
    "drivers_license",
    "passport",
    "residence_card",
    "pension_number",
    "health_insurance",
    "corporate_number",
}

POSTAL_RE = re.compile(r"〒|[0-9]{3}-[0-9]{4}(?![0-9])")


def nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


def presidio_to_sendguard(entity_type: str, span: str) -> set[str]:
    """Lenient translation of one Presidio result into sendguard types."""
    out: set[str] = set()
    if entity_type == "PERSON":
        out.add("person_name")
    elif entity_type == "LOCATION":
        out.add("address")
    elif entity_type == "PHONE_NUMBER":
        out.add("phone_number")
    elif entity_type == "EMAIL_ADDRESS":
        out.add("email_address")
    elif entity_type == "CREDIT_CARD":
        out.add("credit_card")
    elif entity_type in ("DATE_TIME", "AGE"):
        out.add("birth_date")
    elif entity_type == "ID":
        out |= ID_TYPES
    if entity_type in ("LOCATION", "ID") and POSTAL_RE.search(nfkc(span)):
        out.add("postal_code")
    return out


# --------------------------------------------------------------------------------------
# Display helpers (east-asian wide characters take two columns)
# --------------------------------------------------------------------------------------
def dwidth(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def dtrunc(s: str, width: int) -> str:
    s = s.replace("\n", "⏎").replace("\t", " ")
    if dwidth(s) <= width:
        return s
    out, w = "", 0
    for c in s:
        cw = 2 if unicodedata.east_asian_width(c) in "WF" else 1
        if w + cw > width - 1:
            break
        out += c
        w += cw
    return out + "…"


def dpad(s: str, width: int) -> str:
    s = dtrunc(s, width)
    return s + " " * (width - dwidth(s))


def pkg_version(name: str) -> str | None:
    try:
        from importlib.metadata import version

        return version(name)
    except Exception:
        return None


def maxrss_mib(who: int) -> float:
    # Linux reports ru_maxrss in KiB.
    return resource.getrusage(who).ru_maxrss / 1024.0


# --------------------------------------------------------------------------------------
# Presidio
# --------------------------------------------------------------------------------------
def build_presidio(ner_only: bool):
    # tldextract (used by Presidio's EmailRecognizer) fetches the public-suffix list
    # over the network on first use; this machine is offline, so use the snapshot
    # bundled with the package.
    import tldextract

    tldextract.extract = tldextract.TLDExtract(suffix_list_urls=())

    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
    from presidio_analyzer.predefined_recognizers import (
        CreditCardRecognizer,
        EmailRecognizer,
        PhoneRecognizer,
        SpacyRecognizer,
    )

    ner_conf = NerModelConfiguration(
        model_to_presidio_entity_mapping=dict(GINZA_TO_PRESIDIO),
        labels_to_ignore=[],
        low_score_entity_names=[],
    )
    nlp_engine = SpacyNlpEngine(
        models=[{"lang_code": "ja", "model_name": "ja_ginza"}],
        ner_model_configuration=ner_conf,
    )
    nlp_engine.load()
    # Everything GiNZA can emit that the table does not map is ignored (Company,
    # Money, Product_Other, Title_Other "様", ...), instead of Presidio keeping the raw
    # label with a warning.
    ner_labels = set(nlp_engine.get_nlp("ja").get_pipe("ner").labels)
    nlp_engine.ner_model_configuration.labels_to_ignore = sorted(
        ner_labels - set(GINZA_TO_PRESIDIO)
    )
    unknown = sorted(set(GINZA_TO_PRESIDIO) - ner_labels)
    if unknown:
        print(f"warning: mapped labels GiNZA does not emit: {unknown}", file=sys.stderr)

    registry = RecognizerRegistry(supported_languages=["ja"])
    recognizers = [
        SpacyRecognizer(supported_language="ja", supported_entities=NER_ENTITIES)
    ]
    if not ner_only:
        recognizers += [
            CreditCardRecognizer(supported_language="ja", context=CARD_CONTEXT),
            EmailRecognizer(supported_language="ja", context=EMAIL_CONTEXT),
            PhoneRecognizer(
                supported_language="ja", context=PHONE_CONTEXT, supported_regions=["JP"]
            ),
        ]
    for r in recognizers:
        registry.add_recognizer(r)

    analyzer = AnalyzerEngine(
        registry=registry, nlp_engine=nlp_engine, supported_languages=["ja"]
    )
    return analyzer, [type(r).__name__ for r in recognizers]


def run_presidio(texts, runs: int, ner_only: bool, threshold: float):
    rss_before = maxrss_mib(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    analyzer, recognizer_names = build_presidio(ner_only)
    load_s = time.perf_counter() - t0

    # One global warm-up (first call builds caches), then one per text.
    t0 = time.perf_counter()
    analyzer.analyze(text="山田太郎様の電話番号は090-1234-5678です。", language="ja")
    first_call_s = time.perf_counter() - t0

    per_text = {}
    for t in texts:
        text = t["text"]
        results = analyzer.analyze(text=text, language="ja", score_threshold=threshold)
        samples = []
        for _ in range(runs):
            s = time.perf_counter()
            analyzer.analyze(text=text, language="ja", score_threshold=threshold)
            samples.append(time.perf_counter() - s)
        # Of which: the GiNZA pipeline alone (tokenise, parse, NER), same protocol.
        nlp_samples = []
        for _ in range(runs):
            s = time.perf_counter()
            analyzer.nlp_engine.process_text(text, "ja")
            nlp_samples.append(time.perf_counter() - s)
        hits = []
        found: set[str] = set()
        for r in sorted(results, key=lambda r: r.start):
            span = text[r.start : r.end]
            types = presidio_to_sendguard(r.entity_type, span)
            found |= types
            hits.append(
                {
                    "entity_type": r.entity_type,
                    "text": span,
                    "start": r.start,
                    "end": r.end,
                    "score": round(float(r.score), 3),
                    "recognizer": (r.recognition_metadata or {}).get("recognizer_name"),
                    "as_sendguard_types": sorted(types),
                }
            )
        # Street addresses: how much of each gold address (texts.jsonl "addresses",
        # prefecture/city through the house number) lies inside LOCATION spans.
        loc_chars = set()
        for h in hits:
            if h["entity_type"] == "LOCATION":
                loc_chars.update(range(h["start"], h["end"]))
        addr_cov = []
        for a in t.get("addresses", []):
            pos = text.find(a)
            if pos < 0:
                continue
            inside = sum(1 for i in range(pos, pos + len(a)) if i in loc_chars)
            addr_cov.append({"address": a, "coverage": inside / len(a)})
        per_text[t["id"]] = {
            "results": hits,
            "found_types": sorted(found),
            "address_coverage": addr_cov,
            "median_s": statistics.median(samples),
            "samples_s": samples,
            "nlp_median_s": statistics.median(nlp_samples),
        }
    # sendguard runs later, in child processes, so this is Presidio + GiNZA + Python.
    rss_after = maxrss_mib(resource.RUSAGE_SELF)
    info = {
        "versions": {
            n: pkg_version(n)
            for n in (
                "presidio-analyzer",
                "spacy",
                "ginza",
                "ja-ginza",
                "SudachiPy",
                "SudachiDict-core",
                "thinc",
                "numpy",
                "phonenumbers",
            )
        },
        "recognizers": recognizer_names,
        "score_threshold": threshold,
        "load_s": load_s,
        "first_call_s": first_call_s,
        "peak_rss_mib": rss_after,
        "rss_before_load_mib": rss_before,
        "label_mapping": GINZA_TO_PRESIDIO,
    }
    return per_text, info


# --------------------------------------------------------------------------------------
# sendguard
# --------------------------------------------------------------------------------------
def make_eml(idx: int, body: str) -> bytes:
    body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    headers = [
        f"From: Bench Sender <sender@{INTERNAL_DOMAIN}>",
        f"To: Bench Colleague <colleague@{INTERNAL_DOMAIN}>",
        f"Subject: bench text {idx:02d}",
        "Date: Mon, 16 Jun 2025 10:00:00 +0900",
        f"Message-ID: <bench-{idx:02d}@{INTERNAL_DOMAIN}>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=UTF-8",
        "Content-Transfer-Encoding: 8bit",
    ]
    return ("\r\n".join(headers) + "\r\n\r\n" + body + "\r\n").encode("utf-8")


class SendguardError(RuntimeError):
    pass


def sg_cmd(binary: str, files: list[str]) -> list[str]:
    return [binary, "check", "--format", "json", "--internal-domain", INTERNAL_DOMAIN, *files]


def sg_run(binary: str, files: list[str]) -> tuple[float, str]:
    s = time.perf_counter()
    p = subprocess.run(sg_cmd(binary, files), capture_output=True)
    dt = time.perf_counter() - s
    if p.returncode not in (0, 1, 3):
        raise SendguardError(
            f"exit {p.returncode}: {p.stderr.decode('utf-8', 'replace').strip()[:500]}"
        )
    return dt, p.stdout.decode("utf-8", "replace")


def sg_peak_rss_mib(binary: str, files: list[str], tmp: Path) -> float | None:
    """Peak RSS of one sendguard run over all files, via GNU time.

    getrusage(RUSAGE_CHILDREN) is useless here: Linux carries a forked child's
    high-water mark (this ~500 MB Python process) across exec. GNU time forks from
    its own small image, so its %M is the sendguard process's own peak.
    """
    gnu_time = "/usr/bin/time"
    if not os.access(gnu_time, os.X_OK):
        return None
    out = tmp / "rss.txt"
    p = subprocess.run(
        [gnu_time, "-f", "%M", "-o", str(out), *sg_cmd(binary, files)], capture_output=True
    )
    try:
        return int(out.read_text().strip().splitlines()[-1]) / 1024.0
    except (OSError, ValueError, IndexError):
        return None


def run_sendguard(texts, binary: str, runs: int, copies: int):
    tmp = Path(tempfile.mkdtemp(prefix="sendguard-bench-"))
    try:
        files = []
        for i, t in enumerate(texts, 1):
            f = tmp / f"{i:02d}_{t['id']}.eml"
            f.write_bytes(make_eml(i, t["text"]))
            files.append(str(f))
        base = tmp / "00_base.eml"
        base.write_bytes(make_eml(0, "確認しました。"))
        base_s = str(base)

        version = None
        try:
            v = subprocess.run([binary, "--version"], capture_output=True, timeout=30)
            version = v.stdout.decode("utf-8", "replace").strip() or None
        except Exception:
            pass

        # Findings: one run over all files, JSON Lines out, one object per input.
        _, out = sg_run(binary, files)
        objs = [json.loads(line) for line in out.splitlines() if line.strip()]
        if len(objs) != len(files):
            raise SendguardError(f"expected {len(files)} JSON objects, got {len(objs)}")
        by_source = {}
        for o in objs:
            src = str(o.get("source", ""))
            by_source[Path(src).name] = o
        per_text = {}
        for i, (t, f) in enumerate(zip(texts, files)):
            o = by_source.get(Path(f).name, objs[i])
            pd = [x for x in o.get("findings", []) if x.get("check") == "personal_data"]
            per_text[t["id"]] = {
                "verdict": o.get("verdict"),
                "findings": pd,
                "found_types": sorted({x.get("type") for x in pd if x.get("type")}),
                "severity_by_type": {
                    x.get("type"): x.get("severity") for x in pd if x.get("type")
                },
                "other_findings": [
                    {"check": x.get("check"), "type": x.get("type"), "severity": x.get("severity")}
                    for x in o.get("findings", [])
                    if x.get("check") != "personal_data"
                ],
            }

        # Aggregate cost: (all files - one base mail) / N, interleaved, median.
        sg_run(binary, [base_s])  # warm the page cache
        sg_run(binary, files)
        diffs, base_samples, all_samples = [], [], []
        for _ in range(runs):
            tb, _ = sg_run(binary, [base_s])
            ta, _ = sg_run(binary, files)
            base_samples.append(tb)
            all_samples.append(ta)
            diffs.append((ta - tb) / len(files))
        per_text_all = statistics.median(diffs)

        # Per-text cost: the text's file `copies` times in one invocation.
        for t, f in zip(texts, files):
            d = []
            for _ in range(runs):
                tb, _ = sg_run(binary, [base_s])
                tc, _ = sg_run(binary, [f] * copies)
                d.append((tc - tb) / copies)
            per_text[t["id"]]["median_s"] = max(statistics.median(d), 0.0)
            per_text[t["id"]]["samples_s"] = d

        info = {
            "binary": binary,
            "version": version,
            "per_text_s": per_text_all,
            "diff_samples_s": diffs,
            "base_call_median_s": statistics.median(base_samples),
            "all_files_call_median_s": statistics.median(all_samples),
            "copies_per_text": copies,
            "peak_rss_mib": sg_peak_rss_mib(binary, files, tmp),
        }
        return per_text, info
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# --------------------------------------------------------------------------------------
# Scoring and report
# --------------------------------------------------------------------------------------
def score(texts, per_text, *, count_info: bool):
    """Type-level recall and false alarms on trap texts."""
    hit = total = 0
    by_type: dict[str, list[int]] = {}
    false_alarm_texts = []
    for t in texts:
        exp = set(t["expect"])
        r = per_text[t["id"]]
        found = set(r["found_types"])
        if not count_info:  # sendguard: info-only findings are not alarms
            sev = r.get("severity_by_type", {})
            alarming = {x for x in found if sev.get(x) != "info"}
        else:
            alarming = found
        for e in exp:
            total += 1
            ok = e in found
            hit += ok
            by_type.setdefault(e, [0, 0])
            by_type[e][0] += ok
            by_type[e][1] += 1
        if not exp and (alarming - {"corporate_number"}):
            false_alarm_texts.append(t["id"])
    return {
        "hits": hit,
        "expected": total,
        "recall": hit / total if total else None,
        "by_type": {k: {"found": v[0], "expected": v[1]} for k, v in sorted(by_type.items())},
        "trap_texts": sum(1 for t in texts if not t["expect"]),
        "false_alarm_texts": false_alarm_texts,
    }


def fmt_ms(s):
    return "—" if s is None else f"{s * 1000:8.3f}"


def print_report(texts, pres, pinfo, sg, sginfo, sg_error, summary):
    W_ID, W_EXP = 24, 44
    print()
    print(
        dpad("id", W_ID) + " " + dpad("expected", W_EXP) + " " + "Presidio ms".rjust(12) + " " + "sendguard ms".rjust(13)
    )
    print("-" * (W_ID + W_EXP + 28))
    for t in texts:
        p = pres[t["id"]]
        s = sg.get(t["id"]) if sg else None
        exp = ",".join(t["expect"]) or "(none: trap)"
        print(
            dpad(t["id"], W_ID) + " " + dpad(exp, W_EXP) + " "
            + fmt_ms(p["median_s"]).rjust(12) + " "
            + (fmt_ms(s["median_s"]) if s else "—").rjust(13)
        )
        items = [f"{h['entity_type']}「{dtrunc(h['text'], 18)}」" for h in p["results"]]
        exp_set = set(t["expect"])
        pf = set(p["found_types"])
        print("    Presidio : " + (" ".join(items) or "(nothing)"))
        print(
            f"               → {len(exp_set & pf)}/{len(exp_set)} expected"
            + (f"; missed {','.join(sorted(exp_set - pf))}" if exp_set - pf else "")
            + (
                "; street address inside LOCATION: "
                + ", ".join(f"{c['coverage']:.0%}" for c in p["address_coverage"])
                if p["address_coverage"]
                else ""
            )
        )
        if s is not None:
            sev = s["severity_by_type"]
            sf = set(s["found_types"])
            items = [f"{k}({sev.get(k)})" for k in s["found_types"]]
            print("    sendguard: " + (" ".join(items) or "(nothing)"))
            print(
                f"               → {len(exp_set & sf)}/{len(exp_set)} expected"
                + (f"; missed {','.join(sorted(exp_set - sf))}" if exp_set - sf else "")
            )
    print()
    print("Summary")
    print("-------")
    ps = summary["presidio"]
    print(f"texts: {summary['texts']}  characters: {summary['characters']}")
    print(
        f"Presidio {pinfo['versions']['presidio-analyzer']} + ja_ginza {pinfo['versions']['ja-ginza']} "
        f"(spaCy {pinfo['versions']['spacy']}); recognizers: {', '.join(pinfo['recognizers'])}"
    )
    print(
        f"  recall (type-level, lenient): {ps['hits']}/{ps['expected']} = {ps['recall']:.0%}"
    )
    print("    by type: " + ", ".join(f"{k} {v['found']}/{v['expected']}" for k, v in ps["by_type"].items()))
    if ps["gold_addresses"]:
        print(
            f"  street addresses (prefecture/city … house number): "
            f"{ps['gold_addresses_fully_in_location']}/{ps['gold_addresses']} wholly inside LOCATION spans, "
            f"{ps['gold_address_mean_coverage']:.0%} of their characters covered on average"
        )
    print(
        f"  trap texts with a finding: {len(ps['false_alarm_texts'])}/{ps['trap_texts']}"
        + (f" ({', '.join(ps['false_alarm_texts'])})" if ps["false_alarm_texts"] else "")
    )
    print(
        f"  time per text: {ps['per_text_ms']:.2f} ms (mean of per-text medians), "
        f"{ps['per_char_ms']:.4f} ms/char; GiNZA pipeline alone {ps['nlp_share']:.0%} of it; "
        f"model load {pinfo['load_s']:.2f} s"
    )
    print(f"  peak RSS: {pinfo['peak_rss_mib']:.0f} MiB (python before loading: {pinfo['rss_before_load_mib']:.0f} MiB)")
    if sg_error:
        print(f"sendguard: not run ({sg_error})")
    elif sginfo:
        ss = summary["sendguard"]
        print(f"sendguard {sginfo.get('version') or ''} ({sginfo['binary']})")
        print(f"  recall (type-level): {ss['hits']}/{ss['expected']} = {ss['recall']:.0%}")
        print("    by type: " + ", ".join(f"{k} {v['found']}/{v['expected']}" for k, v in ss["by_type"].items()))
        print(
            f"  trap texts with a non-info finding: {len(ss['false_alarm_texts'])}/{ss['trap_texts']}"
            + (f" ({', '.join(ss['false_alarm_texts'])})" if ss["false_alarm_texts"] else "")
        )
        print(
            f"  time per text: {ss['per_text_ms']:.4f} ms (all files − one base mail, / N), "
            f"{ss['per_char_ms']:.6f} ms/char; process start + base mail {sginfo['base_call_median_s'] * 1000:.2f} ms"
        )
        rss = sginfo["peak_rss_mib"]
        print(f"  peak RSS: " + (f"{rss:.1f} MiB (one run over all files)" if rss else "n/a (needs /usr/bin/time)"))
        if summary.get("ratio_presidio_over_sendguard"):
            print(f"ratio (Presidio / sendguard time per text): {summary['ratio_presidio_over_sendguard']:.0f}×")


def default_bin() -> str:
    env = os.environ.get("SENDGUARD_BIN")
    if env:
        return env
    tdir = os.environ.get("CARGO_TARGET_DIR")
    if tdir:
        return str(Path(tdir) / "release" / "sendguard")
    return str(REPO / "target" / "release" / "sendguard")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", default=str(HERE / "texts.jsonl"))
    ap.add_argument("--out", default=str(HERE / "results" / "latest.json"))
    ap.add_argument("--runs", type=int, default=5, help="timed runs per measurement (median)")
    ap.add_argument("--presidio-only", action="store_true", help="skip sendguard")
    ap.add_argument("--sendguard-bin", default=default_bin())
    ap.add_argument("--sg-copies", type=int, default=20, help="copies of a text per sendguard call for per-text timing")
    ap.add_argument("--ner-only", action="store_true", help="Presidio: GiNZA NER only, no pattern recognisers")
    ap.add_argument("--score-threshold", type=float, default=0.0, help="Presidio score threshold (default 0: everything)")
    args = ap.parse_args()

    texts = [json.loads(l) for l in Path(args.texts).read_text(encoding="utf-8").splitlines() if l.strip()]
    ids = [t["id"] for t in texts]
    if len(set(ids)) != len(ids):
        raise SystemExit("duplicate ids in texts")
    chars = sum(len(t["text"]) for t in texts)

    print(f"Presidio + GiNZA: loading and analysing {len(texts)} texts ({args.runs} timed runs each)…", file=sys.stderr)
    pres, pinfo = run_presidio(texts, args.runs, args.ner_only, args.score_threshold)

    sg, sginfo, sg_error = None, None, None
    if args.presidio_only:
        sg_error = "--presidio-only"
    elif not (os.path.isfile(args.sendguard_bin) and os.access(args.sendguard_bin, os.X_OK)):
        sg_error = f"binary not found: {args.sendguard_bin}"
    else:
        print(f"sendguard: {args.sendguard_bin}", file=sys.stderr)
        try:
            sg, sginfo = run_sendguard(texts, args.sendguard_bin, args.runs, args.sg_copies)
        except (SendguardError, json.JSONDecodeError, OSError) as e:
            sg_error = f"failed: {e}"

    ps = score(texts, pres, count_info=True)
    covs = [c["coverage"] for t in texts for c in pres[t["id"]]["address_coverage"]]
    ps["gold_addresses"] = len(covs)
    ps["gold_addresses_fully_in_location"] = sum(1 for c in covs if c >= 1.0)
    ps["gold_address_mean_coverage"] = statistics.mean(covs) if covs else None
    p_total = sum(pres[t["id"]]["median_s"] for t in texts)
    ps["per_text_ms"] = p_total / len(texts) * 1000
    ps["per_char_ms"] = p_total / chars * 1000
    ps["nlp_share"] = sum(pres[t["id"]]["nlp_median_s"] for t in texts) / p_total
    summary = {"texts": len(texts), "characters": chars, "presidio": ps}
    if sg:
        ss = score(texts, sg, count_info=False)
        ss["per_text_ms"] = sginfo["per_text_s"] * 1000
        ss["per_char_ms"] = sginfo["per_text_s"] * len(texts) / chars * 1000
        summary["sendguard"] = ss
        if sginfo["per_text_s"] > 0:
            summary["ratio_presidio_over_sendguard"] = (p_total / len(texts)) / sginfo["per_text_s"]

    print_report(texts, pres, pinfo, sg or {}, sginfo, sg_error, summary)

    out = {
        "generated": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "runs": args.runs,
        "summary": summary,
        "presidio": pinfo,
        "sendguard": sginfo,
        "sendguard_error": sg_error,
        "texts": [
            {
                "id": t["id"],
                "chars": len(t["text"]),
                "expect": t["expect"],
                "presidio": pres[t["id"]],
                "sendguard": (sg or {}).get(t["id"]),
            }
            for t in texts
        ],
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
