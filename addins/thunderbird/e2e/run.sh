#!/usr/bin/env bash
# The add-in in a real, headless Thunderbird, against a real `sendguard serve`.
#
# Uses the team's harness (shared/tools/thunderbird-e2e beside the clone or one of its
# parent folders; THUNDERBIRD_E2E overrides),
# which installs Thunderbird with apt when it is missing. The hook runs with
# e2e/policy.toml (マイナンバー blocked) and --decide move-to-bcc (the dialog's one-click
# Bcc fix, with nobody at the screen); e2e/scenarios.json states what must happen.
# A second pass answers 401 to every check (a wrong token, fail mode block) and expects
# nothing to be sent.
#
#   addins/thunderbird/e2e/run.sh [path/to/sendguard]     # default: the debug build
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
SENDGUARD="${1:-$TARGET/debug/sendguard}"
HARNESS="${THUNDERBIRD_E2E:-}"
if [[ -z "$HARNESS" ]]; then
  # The team's shared/ folder beside the clone or beside one of its parent folders
  # (a CI clone may sit a level deeper than the working copy).
  dir="$ROOT"
  while [[ "$dir" != "/" && -z "$HARNESS" ]]; do
    dir="$(dirname "$dir")"
    candidate="$dir/shared/tools/thunderbird-e2e"
    [[ -x "$candidate/run.sh" ]] && HARNESS="$candidate"
  done
fi
if [[ -z "$HARNESS" ]]; then
  echo "thunderbird e2e: harness not found (set THUNDERBIRD_E2E to ../shared/tools/thunderbird-e2e)" >&2
  exit 1
fi
[[ -x "$SENDGUARD" ]] || { echo "thunderbird e2e: no sendguard binary at $SENDGUARD (cargo build first)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== Thunderbird e2e: sendguard serve, policy with マイナンバー blocked"
"$HARNESS/run.sh" --guard "$HERE/.." --scenarios "$HERE/scenarios.json" \
  --serve "$SENDGUARD serve --decide move-to-bcc --rules $HERE/policy.toml --db $work/log.sqlite3"
SENDGUARD_DB="$work/log.sqlite3" "$SENDGUARD" log list --format table
SENDGUARD_DB="$work/log.sqlite3" "$SENDGUARD" log stats | head -3
