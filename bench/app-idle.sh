#!/usr/bin/env bash
# Memory of the desktop app idle in the tray: the app process and its WebKit helper
# processes (web content for the hidden dialog window, network), after it has settled.
# Prints RSS (counts shared libraries such as libwebkit2gtk once per process), PSS
# (shares them out: the fairer total) and private anonymous memory (what the processes
# themselves allocated).
#
#   bench/app-idle.sh [debug|release] [SECONDS] [KEEP_READY_SECS]
#   # default: release, settle 15 s, the policy's [dialog] keep_ready_secs (600): the
#   # dialog's web view is still loaded. KEEP_READY_SECS=1 measures it unloaded.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sendguard-target}"
profile="${1:-release}"
settle="${2:-15}"
keep="${3:-}"
flag=(); [[ "$profile" == release ]] && flag=(--release)
(cd ui && npm run build >/dev/null)
cargo build --quiet --locked "${flag[@]}" -p sendguard-app --bin sendguard-app
app="$CARGO_TARGET_DIR/$profile/sendguard-app"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/config/sendguard" "$work/data" "$work/home"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
printf '[organisation]\ninternal_domains = ["sakura-sys.co.jp"]\n[hook]\nport = %s\n' "$port" \
  > "$work/config/sendguard/policy.toml"
[[ -n "$keep" ]] && printf '[dialog]\nkeep_ready_secs = %s\n' "$keep" >> "$work/config/sendguard/policy.toml"
HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" \
xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- bash -c '
  "$0" >/dev/null 2>&1 &
  app=$!
  sleep "$1"
  tree() { echo "$1"; for c in $(pgrep -P "$1"); do tree "$c"; done; }
  rss=0; pss=0; anon=0; names=()
  for p in $(tree $app); do
    [[ -r /proc/$p/status ]] || continue
    r=$(awk "/^VmRSS:/ {print \$2}" /proc/$p/status); r=${r:-0}
    s=$(awk "/^Pss:/ {print \$2}" /proc/$p/smaps_rollup 2>/dev/null); s=${s:-0}
    a=$(awk "/^RssAnon:/ {print \$2}" /proc/$p/status); a=${a:-0}
    rss=$((rss + r)); pss=$((pss + s)); anon=$((anon + a)); names+=("$(cat /proc/$p/comm) $((r / 1024)) MB")
  done
  echo "processes: ${names[*]}"
  echo "idle after ${1} s: RSS $((rss / 1024)) MB, PSS $((pss / 1024)) MB, private anonymous $((anon / 1024)) MB (app + WebKit processes)"
  kill $app
' "$app" "$settle"
