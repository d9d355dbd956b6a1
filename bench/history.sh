#!/usr/bin/env bash
# The recipient history's costs (crates/history/benches/history.rs, criterion):
# the time one check adds with a history of 10,000 learned sends over 2,000 addresses,
# loading that history into memory, and `history learn` over a generated 10,000-message
# Sent folder (ISO-2022-JP, Shift_JIS, UTF-8), in messages per second.
#
#   bench/history.sh            # all
#   bench/history.sh check      # only the check figures
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sendguard-target}"
cargo bench --locked -p sendguard-history --bench history -- "${1:-}" 2>&1 \
  | grep -E "^(check|snapshot|learn)/|time:|thrpt:"
