#!/usr/bin/env bash
# The lead's screens over a large near-miss log: list the newest 100 entries and 集計
# (statistics) over all of them, on a log of 100,000 events (criterion, release build;
# crates/nearmiss/benches/log.rs). SENDGUARD_BENCH_EVENTS changes the size.
#
#   bench/log.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sendguard-target}"
cargo bench --locked -p sendguard-nearmiss --bench log -- --noplot
