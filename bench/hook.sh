#!/usr/bin/env bash
# Round trip of a passing 5 KB draft through the send hook: `sendguard serve` (release,
# with its near-miss log, as an add-in meets it) and the roundtrip client
# (crates/hook/examples/roundtrip.rs), 10,000 requests one after another over one
# keep-alive connection. Prints p50/p90/p99/max.
#
#   bench/hook.sh [REQUESTS]
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sendguard-target}"
requests="${1:-10000}"
cargo build --release --quiet --bin sendguard --example roundtrip -p sendguard -p sendguard-hook
work="$(mktemp -d)"
fifo="$work/out"
mkfifo "$fifo"
"$CARGO_TARGET_DIR/release/sendguard" serve --port 0 --token-file "$work/token" --db "$work/log.sqlite3" \
  --internal-domain sakura-sys.co.jp --history "$work/history.sqlite3" >"$fifo" 2>"$work/serve.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
exec 3<"$fifo"
read -r first <&3
port="${first##*:}"
echo "hook: $first (log: SQLite, synchronous=FULL)"
"$CARGO_TARGET_DIR/release/examples/roundtrip" "$port" "$work/token" "$requests"
echo "events logged: $(SENDGUARD_DB="$work/log.sqlite3" "$CARGO_TARGET_DIR/release/sendguard" log stats | head -1)"
