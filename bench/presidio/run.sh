#!/usr/bin/env bash
# Compare sendguard's personal-data detection with Presidio + GiNZA.
#   bench/presidio/run.sh [--presidio-only] [--runs N] [other compare.py options]
# Environment:
#   SENDGUARD_BIN     sendguard binary (default: ${CARGO_TARGET_DIR:-<repo>/target}/release/sendguard;
#                     built with `cargo build --release` if that default is missing)
#   PYTHON            interpreter for the venv (default: python3.11, else python3)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="$here/.venv"

# 1. venv with pinned Presidio + GiNZA (created only if missing; reinstalled when
#    requirements.txt changes).
if [[ ! -x "$venv/bin/python" ]]; then
    py="${PYTHON:-}"
    if [[ -z "$py" ]]; then
        if command -v python3.11 >/dev/null 2>&1; then py=python3.11; else py=python3; fi
    fi
    echo "creating $venv with $($py --version 2>&1)" >&2
    "$py" -m venv "$venv"
fi
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
    echo "$want" > "$stamp"
fi

# 2. the sendguard binary (not needed with --presidio-only).
presidio_only=0
for a in "$@"; do [[ "$a" == "--presidio-only" ]] && presidio_only=1; done
if [[ $presidio_only -eq 0 ]]; then
    if [[ -n "${SENDGUARD_BIN:-}" ]]; then
        if [[ ! -x "$SENDGUARD_BIN" ]]; then
            echo "SENDGUARD_BIN=$SENDGUARD_BIN is not an executable file" >&2
            exit 2
        fi
    else
        target="${CARGO_TARGET_DIR:-$repo/target}"
        [[ "$target" = /* ]] || target="$repo/$target"
        SENDGUARD_BIN="$target/release/sendguard"
        if [[ ! -x "$SENDGUARD_BIN" ]]; then
            echo "building sendguard (cargo build --release) …" >&2
            (cd "$repo" && cargo build --release)
        fi
    fi
    export SENDGUARD_BIN
fi

# 3. the comparison.
exec "$venv/bin/python" "$here/compare.py" "$@"
