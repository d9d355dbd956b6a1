#!/usr/bin/env bash
# Time the whole check of a mail carrying a 50,000-row customer list in xlsx, and state
# its peak memory: builds the xlsx (crates/extract/examples/bench.rs), wraps it in an
# .eml, runs the release CLI under /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sendguard-target}"
out="${TMPDIR:-/tmp}/sendguard-bench"
mkdir -p "$out"
cargo build --release --quiet
cargo run --release --quiet -p sendguard-extract --example bench -- "$out/顧客リスト.xlsx"
python3 - "$out" <<'PY'
import base64, sys, pathlib
out = pathlib.Path(sys.argv[1])
data = (out / "顧客リスト.xlsx").read_bytes()
b64 = base64.encodebytes(data).decode()
eml = f"""From: sato@sakura-sys.co.jp
To: yoshida@toto-print.co.jp
Subject: =?UTF-8?B?{base64.b64encode('顧客リスト送付'.encode()).decode()}?=
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: text/plain; charset=UTF-8

DM 発送用のリストをお送りします。

--b
Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet
Content-Disposition: attachment; filename*=UTF-8''%E9%A1%A7%E5%AE%A2%E3%83%AA%E3%82%B9%E3%83%88.xlsx
Content-Transfer-Encoding: base64

{b64}
--b--
"""
(out / "list.eml").write_text(eml)
print(f"mail: {len(eml) / 1e6:.1f} MB")
PY
bin="$CARGO_TARGET_DIR/release/sendguard"
for run in 1 2 3; do
    /usr/bin/time -f "run $run: %e s wall, peak RSS %M KB" "$bin" check --internal-domain sakura-sys.co.jp "$out/list.eml" >"$out/report.txt" || true
done
grep -E "人分|判定" "$out/report.txt"
