#!/usr/bin/env bash
# The Thunderbird add-in end to end, in a real headless Thunderbird: everything it needs
# is in this folder (README.md says how it fits together).
#
#   addins/thunderbird/e2e/run.sh [--keep] [path/to/sendguard]   # passes 1-3 (default binary: the debug build)
#   addins/thunderbird/e2e/run.sh [--keep] --relay-self-test     # relay mode against e2e/test_relay.py
#   addins/thunderbird/e2e/run.sh [--keep] --relay "CMD" [--scenarios FILE]   # relay mode against CMD
#
# Pass 1: `sendguard serve --decide move-to-bcc` with e2e/policy.toml (マイナンバー blocked),
#         e2e/scenarios.json; then the pass's near-miss log is listed. Passes 1 and 3
#         keep their recipient history in the work dir, never the data directory's.
# Pass 2: e2e/scripted_hook.py answers each draft as e2e/scripted.json says (removals,
#         Bcc moves, cancels, replacements in To and Cc, a change kind the add-in does
#         not know), proving the add-in applies the answer.
# Pass 3: the add-in holds a token sendguard does not know (401), fail mode block:
#         nothing may be sent.
# Each pass ends with "tb_e2e: N/M scenarios ok (K skipped)"; the exit status is non-zero
# when any scenario failed. --keep leaves the work dir (profiles, logs, sink/) and says where.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"

mode=addin keep=0 relay_cmd="" relay_scenarios="$HERE/relay.json" sendguard=""
while (($#)); do
  case "$1" in
    --keep) keep=1 ;;
    --relay-self-test) mode=relay relay_cmd="python3 -B $(printf '%q' "$HERE/test_relay.py")" ;;
    --relay) mode=relay relay_cmd="${2:?--relay needs a command}"; shift ;;
    --scenarios) relay_scenarios="${2:?--scenarios needs a file}"; shift ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "thunderbird e2e: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) sendguard="$1" ;;
  esac
  shift
done
if [[ $mode == addin ]]; then
  sendguard="${sendguard:-${CARGO_TARGET_DIR:-$ROOT/target}/debug/sendguard}"
  [[ -x "$sendguard" ]] || { echo "thunderbird e2e: no sendguard binary at $sendguard (cargo build first)" >&2; exit 1; }
fi

# Thunderbird itself: Debian's package, installed when missing and we may.
if ! command -v thunderbird >/dev/null 2>&1; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "thunderbird e2e: installing thunderbird (apt-get)" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends thunderbird >&2
  else
    echo "thunderbird e2e: thunderbird is not installed (Debian: apt-get install thunderbird)" >&2
    exit 2
  fi
fi
command -v python3 >/dev/null 2>&1 || { echo "thunderbird e2e: python3 is needed" >&2; exit 2; }

# words for the harness's command lines (it splits them like a shell would)
q() { printf '%q' "$1"; }
sg="$(q "${sendguard:-}")" here="$(q "$HERE")"

work="$(mktemp -d "${TMPDIR:-/tmp}/sendguard-tb-e2e.XXXXXX")"
harness_pid=""
finish() {
  # the harness stops its Thunderbird, hook and relay when told to
  if [[ -n "$harness_pid" ]] && kill -0 "$harness_pid" 2>/dev/null; then
    kill -TERM "$harness_pid" 2>/dev/null || true
    wait "$harness_pid" 2>/dev/null || true
  fi
  if ((keep)); then echo "thunderbird e2e: kept $work" >&2; else rm -rf "$work"; fi
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

failed=0
summaries=()
# run_pass NAME TITLE HARNESS-ARGS...: one harness run; records its summary line
run_pass() {
  local name="$1" title="$2" status=0
  shift 2
  echo "== $title"
  python3 -B "$HERE/harness.py" --label "$name" --workdir "$work/$name" \
    --summary-file "$work/$name.summary" "$@" &
  harness_pid=$!
  wait "$harness_pid" || status=$?
  harness_pid=""
  ((status == 0)) || failed=1
  summaries+=("$(printf '%-12s %s' "$name:" "$(cat "$work/$name.summary" 2>/dev/null || echo "tb_e2e: did not finish (status $status)")")")
}

if [[ $mode == relay ]]; then
  run_pass relay "Thunderbird e2e, relay mode: $relay_cmd" --relay "$relay_cmd" --scenarios "$relay_scenarios"
else
  run_pass serve "Thunderbird e2e, pass 1: sendguard serve, policy with マイナンバー blocked" \
    --scenarios "$HERE/scenarios.json" \
    --hook "$sg serve --decide move-to-bcc --rules $here/policy.toml --db $(q "$work/log.sqlite3") --history $(q "$work/history.sqlite3")"
  run_pass scripted "Thunderbird e2e, pass 2: scripted hook (the add-in applies what it is told)" \
    --scenarios "$HERE/scripted.json" \
    --hook "python3 -B $here/scripted_hook.py --scenarios $here/scripted.json"
  run_pass wrong-token "Thunderbird e2e, pass 3: a token sendguard refuses (401), fail mode block" \
    --scenarios "$HERE/scenarios.json" --wrong-token \
    --hook "$sg serve --decide move-to-bcc --rules $here/policy.toml --db $(q "$work/wrong-token.sqlite3") --history $(q "$work/wrong-token-history.sqlite3")"

  echo "== near-miss log of pass 1"
  if [[ -f "$work/log.sqlite3" ]]; then
    SENDGUARD_DB="$work/log.sqlite3" "$sendguard" log list --format table
    SENDGUARD_DB="$work/log.sqlite3" "$sendguard" log stats | head -3 || true
  else
    echo "(pass 1 wrote no log)"
  fi
fi

echo "== Thunderbird e2e summary"
printf '%s\n' "${summaries[@]}"
exit "$failed"
