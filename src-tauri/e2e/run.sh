#!/usr/bin/env bash
# The desktop app end to end under Xvfb: tauri-driver + WebKitWebDriver drive the real
# app while app_e2e.py plays the mail client's add-in over HTTP (see its docstring).
#
#   src-tauri/e2e/run.sh [--shots DIR]
# Needs: the built app and CLI in $CARGO_TARGET_DIR/debug, tauri-driver, Debian's
# webkit2gtk-driver, xvfb, dbus, dunst (the notification daemon; .ci/run installs them).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
APP="$TARGET/debug/sendguard-app"
CLI="$TARGET/debug/sendguard"
DRIVER="$(command -v tauri-driver || echo "$HOME/.cargo/bin/tauri-driver")"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; cp "$work/driver.log" "${TMPDIR:-/tmp}/sendguard-e2e-driver.log" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/home" "$work/config/sendguard" "$work/data"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port="$(free_port)" relay_port="$(free_port)"
# The SMTP relay's upstream: the project's test server (aiosmtpd), plain, keeping what
# it receives in $work/upstream.
python3 "$ROOT/tests/relay/upstream.py" --dir "$work/upstream" >"$work/upstream.out" 2>"$work/upstream.log" &
for _ in $(seq 100); do grep -q "listening on" "$work/upstream.out" 2>/dev/null && break; sleep 0.1; done
up_port="$(sed -n 's/^listening on //p' "$work/upstream.out")"
cat > "$work/config/sendguard/policy.toml" <<TOML
[organisation]
internal_domains = ["sakura-sys.co.jp"]
names = ["サクラシステム"]
[personal_data.severity]
my_number = "block"
[hook]
port = $port
[relay]
port = $relay_port
upstream = "127.0.0.1:$up_port"
upstream_tls = "none"
hold_secs = 300
TOML
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
# sendguard's own overrides (the XDG variables do nothing on Windows and macOS).
export SENDGUARD_CONFIG_DIR="$work/config/sendguard" SENDGUARD_DATA_DIR="$work/data/sendguard"
export XDG_CACHE_HOME="$work/home/.cache" LANG=ja_JP.UTF-8 USER=suzuki
xvfb-run -a -s "-screen 0 1400x1000x24" dbus-run-session -- bash -c '
  dunst >"$1/dunst.log" 2>&1 &
  trap "kill \$(jobs -p) 2>/dev/null" EXIT
  for _ in $(seq 50); do
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications 2>/dev/null \
      | grep -q "boolean true" && break
    sleep 0.1
  done
  "$0" --port 4444 --native-port 4445 --native-driver /usr/bin/WebKitWebDriver >"$1/driver.log" 2>&1 &
  for _ in $(seq 100); do
    (exec 3<>/dev/tcp/127.0.0.1/4444) 2>/dev/null && (exec 3<>/dev/tcp/127.0.0.1/4445) 2>/dev/null && break
    sleep 0.1
  done
  python3 "$2/app_e2e.py" --app "$3" --cli "$4" --home "$1" --port "$5" "${@:6}"
' "$DRIVER" "$work" "$HERE" "$APP" "$CLI" "$port" --relay-port "$relay_port" --upstream-dir "$work/upstream" "$@"
