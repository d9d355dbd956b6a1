#!/usr/bin/env bash
# What the SMTP relay adds: the same messages sent straight to an upstream (aiosmtpd,
# tests/relay/upstream.py, plain SMTP, messages discarded) and through `sendguard relay`
# (release, policy decider, near-miss log) to that upstream. 5 KB and 10 MB mails, one
# connection, one after another (bench/relay/client.py). Needs python3 with aiosmtpd.
#
#   bench/relay.sh [COUNT_5KB] [COUNT_10MB]
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sendguard-target}"
small="${1:-2000}" large="${2:-20}"
cargo build --release --quiet --bin sendguard -p sendguard
work="$(mktemp -d)"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

mkfifo "$work/up" "$work/relay"
python3 tests/relay/upstream.py --dir "$work/got" --discard >"$work/up" 2>"$work/up.log" &
pids+=($!)
exec 3<"$work/up"   # kept open: the servers' stdout never hits a closed pipe
read -r up_line <&3; up_port="${up_line##* }"
"$CARGO_TARGET_DIR/release/sendguard" relay --listen 127.0.0.1:0 --upstream "127.0.0.1:$up_port" \
  --upstream-tls none --db "$work/data/nearmiss.sqlite3" --history "$work/data/history.sqlite3" \
  --internal-domain sakura-sys.co.jp \
  >"$work/relay" 2>"$work/relay.log" &
pids+=($!)
exec 4<"$work/relay"
read -r relay_line <&4; relay_port="${relay_line##*:}"
echo "upstream 127.0.0.1:$up_port (aiosmtpd); relay: $relay_line"
for spec in "$small 5000" "$large 10000000"; do
  set -- $spec
  echo "-- $2 bytes"
  printf 'direct:       '; python3 bench/relay/client.py "$up_port" "$1" "$2"
  printf 'through relay: '; python3 bench/relay/client.py "$relay_port" "$1" "$2"
done
