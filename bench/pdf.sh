#!/usr/bin/env bash
# Time the whole check of a mail carrying a 100-page PDF member list (4,000 people, text
# layer in a Japanese CID font), read in the reader child process, and state peak memory
# (parent and child). The PDF is built with the fixture script's own PDF writer.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sendguard-target}"
out="${TMPDIR:-/tmp}/sendguard-bench"
mkdir -p "$out"
cargo build --release --quiet
python3 - "$out" <<'PY'
import base64, hashlib, importlib.util, pathlib, sys
sys.path.insert(0, "tests/data")
out = pathlib.Path(sys.argv[1])
spec = importlib.util.spec_from_file_location("fx", "tests/data/make_attachment_fixtures.py")
fx = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fx)
surnames = ["山口", "長谷川", "荻野", "前川", "川口", "安藤", "高橋", "伊藤"]
given = ["恵太", "結衣", "大介", "綾乃", "健", "まどか", "誠", "陽菜"]
pages = []
n = 0
for p in range(100):
    lines = [(10.5, 16, "氏名　住所　電話番号　生年月日")]
    for _ in range(40):
        n += 1
        lines.append((10.5, 16, f"{surnames[n % 8]} {given[n * 3 % 8]}　東京都千代田区丸の内{n % 9 + 1}-{n % 20 + 1}-{n % 7 + 1}"
                                f"　090-{1000 + n % 9000:04d}-{(n * 37) % 10000:04d}　19{60 + n % 40}年{n % 12 + 1}月{n % 28 + 1}日"))
    pages.append(lines)
pdf = fx.cid_text_pdf(pages, title="会員名簿", producer="bench", created="D:20261126000000+09'00'",
                      file_id=hashlib.md5(b"bench").digest())
(out / "会員名簿.pdf").write_bytes(pdf)
b64 = base64.encodebytes(pdf).decode()
eml = f"""From: sato@sakura-sys.co.jp
To: yoshida@toto-print.co.jp
Subject: =?UTF-8?B?{base64.b64encode('会員名簿送付'.encode()).decode()}?=
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: text/plain; charset=UTF-8

会報誌の発送用リストをお送りします。

--b
Content-Type: application/pdf
Content-Disposition: attachment; filename*=UTF-8''%E4%BC%9A%E5%93%A1%E5%90%8D%E7%B0%BF.pdf
Content-Transfer-Encoding: base64

{b64}
--b--
"""
(out / "pdf.eml").write_text(eml)
print(f"pdf: {len(pdf) / 1e3:.0f} kB, 100 pages, {n} people")
PY
bin="$CARGO_TARGET_DIR/release/sendguard"
for run in 1 2 3; do
    /usr/bin/time -f "run $run: %e s, peak RSS %M KB" "$bin" check --format json "$out/pdf.eml" \
        | python3 -c 'import json,sys; r=json.load(sys.stdin); print([ (f["count"], f["message"][:60]) for f in r["findings"] if f.get("type")=="record"])' || true
done
