#!/usr/bin/env python3
"""Generate sendguard's golden fixture messages (tests/data/*.eml).

Stdlib only (Python 3.11+). Every file is written byte-exactly with LF line
endings, so the legacy Japanese encodings are real bytes, not what a MIME
library would have chosen. Run from the repository root:

    python3 tests/data/make_fixtures.py            # write + verify
    python3 tests/data/make_fixtures.py --check    # verify only (no writing)

The internal organisation is サクラシステム株式会社, domain sakura-sys.co.jp
(run the checker with --internal-domain sakura-sys.co.jp --org-name サクラシステム).
All people, addresses and numbers are fictional; personal-data numbers are the
spec's example values or carry valid check digits (asserted below).
"""

from __future__ import annotations

import base64
import binascii
import email
import random
import re
import struct
import sys
import zipfile
import zlib
from email import policy
from io import BytesIO
from pathlib import Path

OUT = Path(__file__).resolve().parent
LIMIT = 20 * 1024

# --------------------------------------------------------------------------
# number helpers (asserted, so the fixture values stay valid)
# --------------------------------------------------------------------------

MN_W = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2]


def my_number_ok(s: str) -> bool:
    d = [int(c) for c in re.sub(r"\D", "", s)]
    if len(d) != 12:
        return False
    r = sum(a * b for a, b in zip(d[:11], MN_W)) % 11
    return d[11] == (0 if r <= 1 else 11 - r)


def corporate_ok(s: str) -> bool:
    if len(s) != 13:
        return False
    t = sum(int(c) * (2 if i % 2 == 0 else 1) for i, c in enumerate(reversed(s[1:]), 1))
    return int(s[0]) == 9 - t % 9


def luhn_ok(s: str) -> bool:
    t = 0
    for i, c in enumerate(reversed(re.sub(r"\D", "", s))):
        n = int(c)
        if i % 2:
            n = n * 2 - 9 if n * 2 > 9 else n * 2
        t += n
    return t % 10 == 0


def jan_ok(s: str) -> bool:
    d = [int(c) for c in s]
    t = sum(x * (3 if i % 2 else 1) for i, x in enumerate(d[:12]))
    return d[12] == (10 - t % 10) % 10


# values used below
assert my_number_ok("123456789018") and my_number_ok("987654321093")
assert corporate_ok("7123456789012") and not my_number_ok("712345678901")
assert jan_ok("4902345678905") and not corporate_ok("4902345678905") and not luhn_ok("4902345678905")
assert not my_number_ok("123456789012")            # tracking-number trap fails the check digit
assert my_number_ok("202405120030")                # order-number trap PASSES it (label is not My Number)
assert not luhn_ok("202405120030")
assert not my_number_ok("301234567890") and not luhn_ok("301234567890")  # driver's licence
assert luhn_ok("4111111111111111")

# --------------------------------------------------------------------------
# encoding helpers
# --------------------------------------------------------------------------

CODEC = {
    "utf-8": "utf-8",
    "iso-2022-jp": "iso2022_jp",
    "iso-2022-jp-2": "iso2022_jp_2",
    "shift_jis": "cp932",      # what Japanese mailers really send under this label
    "cp932": "cp932",
    "x-cp932": "cp932",
    "windows-31j": "cp932",
    "euc-jp": "euc_jp",
}


def sjis_to_jis(data: bytes) -> bytes:
    """CP932 bytes -> ISO-2022-JP-MS (CP50220-like) bytes. ASCII and JIS X 0208
    incl. NEC row 13 (①㈱№) only; no half-width kana, no IBM extensions."""
    out = bytearray()
    kanji = False
    i = 0
    while i < len(data):
        c1 = data[i]
        if c1 < 0x80:
            if kanji:
                out += b"\x1b(B"
                kanji = False
            out.append(c1)
            i += 1
            continue
        if not (0x81 <= c1 <= 0x9F or 0xE0 <= c1 <= 0xEF):
            raise ValueError(f"not representable in ISO-2022-JP-MS: {data[i:i+2]!r}")
        c2 = data[i + 1]
        a = c1 - 0x40 if c1 >= 0xE0 else c1
        j1 = (a - 0x81) * 2 + 0x21
        if c2 >= 0x9F:
            j1 += 1
            j2 = c2 - 0x7E
        else:
            j2 = c2 - 0x1F if c2 < 0x7F else c2 - 0x20
        if not kanji:
            out += b"\x1b$B"
            kanji = True
        out += bytes([j1, j2])
        i += 2
    if kanji:
        out += b"\x1b(B"
    return bytes(out)


def jis_to_sjis(data: bytes) -> bytes:
    """Inverse of sjis_to_jis (verification only)."""
    out = bytearray()
    kanji = False
    i = 0
    while i < len(data):
        if data[i] == 0x1B:
            seq = data[i:i + 3]
            kanji = seq in (b"\x1b$B", b"\x1b$@")
            i += 3
            continue
        if not kanji or data[i] in (0x0A, 0x0D):
            out.append(data[i])
            i += 1
            continue
        j1, j2 = data[i], data[i + 1]
        s1 = (j1 - 0x21) // 2 + 0x81
        if s1 >= 0xA0:
            s1 += 0x40
        if j1 % 2:  # odd row
            s2 = j2 + 0x1F if j2 < 0x60 else j2 + 0x20
        else:
            s2 = j2 + 0x7E
        out += bytes([s1, s2])
        i += 2
    return bytes(out)


def encode_text(text: str, charset: str) -> bytes:
    cs = charset.lower()
    if cs == "iso-2022-jp-ms":
        return sjis_to_jis(text.encode("cp932"))
    return text.encode(CODEC[cs])


def _word(raw: bytes, charset: str, mode: str) -> str:
    if mode == "B":
        return f"=?{charset}?B?{base64.b64encode(raw).decode()}?="
    q = "".join(
        chr(b) if (chr(b).isascii() and chr(b).isalnum()) or chr(b) in "!*+-/" else
        "_" if b == 0x20 else f"={b:02X}"
        for b in raw)
    return f"=?{charset}?Q?{q}?="


def ew(text: str, charset: str = "UTF-8", mode: str = "B", max_word: int = 66) -> str:
    """RFC 2047 encode, splitting on character boundaries; words folded with LF+SP."""
    words, chunk = [], ""
    for ch in text:
        cand = chunk + ch
        if chunk and len(_word(encode_text(cand, charset), charset, mode)) > max_word:
            words.append(_word(encode_text(chunk, charset), charset, mode))
            chunk = ch
        else:
            chunk = cand
    if chunk:
        words.append(_word(encode_text(chunk, charset), charset, mode))
    return "\n ".join(words)


def mbox(name: str | None, addr: str, charset: str = "UTF-8", mode: str = "B",
         quoted: bool = False) -> str:
    if not name:
        return addr
    w = ew(name, charset, mode)
    if quoted:  # the non-standard "=?...?=" inside quotes seen in Japanese mail
        w = f'"{w}"'
    last = w.rsplit("\n", 1)[-1]
    sep = "\n " if len(last) + len(addr) + 3 > 72 else " "   # fold before a long angle-addr
    return f"{w}{sep}<{addr}>"


def H(name: str, value: str | bytes) -> bytes:
    v = value if isinstance(value, bytes) else value.encode("utf-8")
    return name.encode("ascii") + b": " + v


def b64(data: bytes, width: int = 76) -> bytes:
    s = base64.b64encode(data)
    return b"\n".join(s[i:i + width] for i in range(0, len(s), width)) + b"\n"


def qp(data: bytes) -> bytes:
    out = binascii.b2a_qp(data, istext=True)
    return out if out.endswith(b"\n") else out + b"\n"


def pct(raw: bytes) -> str:
    return "".join(chr(b) if chr(b).isascii() and (chr(b).isalnum() or chr(b) in "-._~") else f"%{b:02X}"
                   for b in raw)


def rfc2231_continuations(param: str, value: str, splits: list[int]) -> str:
    """param*0*=UTF-8''...; param*1*=... split at the given *byte* offsets
    (deliberately allowed to fall inside a multi-byte character)."""
    raw = value.encode("utf-8")
    cuts = [0] + splits + [len(raw)]
    segs = [raw[a:b] for a, b in zip(cuts, cuts[1:])]
    parts = []
    for i, seg in enumerate(segs):
        prefix = "UTF-8''" if i == 0 else ""
        parts.append(f"{param}*{i}*={prefix}{pct(seg)}")
    return ";\n ".join(parts)


def message(headers: list[bytes], body: bytes) -> bytes:
    if not body.endswith(b"\n"):
        body += b"\n"
    return b"\n".join(headers) + b"\n\n" + body


def part(headers: list[bytes], body: bytes) -> bytes:
    return b"\n".join(headers) + b"\n\n" + body


def multipart(boundary: str, parts: list[bytes], preamble: bytes = b"") -> bytes:
    bd = boundary.encode()
    out = preamble
    for p in parts:
        if not p.endswith(b"\n"):
            p += b"\n"
        out += b"--" + bd + b"\n" + p
    return out + b"--" + bd + b"--\n"


def std_headers(frm: str, to: str | None, subject: str, date: str, msgid: str,
                cc: str | None = None, mailer: str | None = None,
                extra: list[bytes] | None = None) -> list[bytes]:
    h = [H("From", frm)]
    if to is not None:
        h.append(H("To", to))
    if cc is not None:
        h.append(H("Cc", cc))
    h += [H("Subject", subject), H("Date", date), H("Message-ID", f"<{msgid}>"),
          H("MIME-Version", "1.0")]
    if mailer:
        h.append(H("X-Mailer", mailer))
    return h + (extra or [])


def text_part_headers(charset: str, cte: str) -> list[bytes]:
    return [H("Content-Type", f'text/plain; charset="{charset}"'),
            H("Content-Transfer-Encoding", cte)]


# --------------------------------------------------------------------------
# binary attachments (tiny but well-formed)
# --------------------------------------------------------------------------

def tiny_pdf(lines: list[str]) -> bytes:
    text = " ".join(f"({ln}) Tj 0 -16 Td" for ln in lines)
    stream = f"BT /F1 11 Tf 56 780 Td {text} ET".encode("ascii")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += f"{i} 0 obj\n".encode() + o + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for o in offs:
        out += f"{o:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def tiny_xlsx(rows: list[list[str | int]]) -> bytes:
    ns = "http://schemas.openxmlformats.org"
    files = {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Types xmlns="{ns}/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '</Types>',
        "_rels/.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>',
        "xl/workbook.xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{ns}/officeDocument/2006/relationships">'
            '<sheets><sheet name="見積" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '</Relationships>',
    }
    cells = []
    for r, row in enumerate(rows, 1):
        cs = []
        for c, v in enumerate(row):
            ref = f"{chr(65 + c)}{r}"
            if isinstance(v, int):
                cs.append(f'<c r="{ref}"><v>{v}</v></c>')
            else:
                cs.append(f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>')
        cells.append(f'<row r="{r}">{"".join(cs)}</row>')
    files["xl/worksheets/sheet1.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{ns}/spreadsheetml/2006/main"><sheetData>{"".join(cells)}</sheetData></worksheet>')
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, content in files.items():
            zi = zipfile.ZipInfo(name, date_time=(2024, 5, 10, 18, 30, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, content.encode("utf-8"))
    return buf.getvalue()


_CRC_TABLE = []
for _n in range(256):
    _c = _n
    for _ in range(8):
        _c = (_c >> 1) ^ 0xEDB88320 if _c & 1 else _c >> 1
    _CRC_TABLE.append(_c)


class _ZipCrypto:
    """Traditional PKWARE encryption (what Windows/Lhaplus 'password zip' uses)."""

    def __init__(self, pwd: bytes):
        self.k = [0x12345678, 0x23456789, 0x34567890]
        for b in pwd:
            self._update(b)

    @staticmethod
    def _crc(crc: int, b: int) -> int:
        return (crc >> 8) ^ _CRC_TABLE[(crc ^ b) & 0xFF]

    def _update(self, b: int) -> None:
        k = self.k
        k[0] = self._crc(k[0], b)
        k[1] = (k[1] + (k[0] & 0xFF)) & 0xFFFFFFFF
        k[1] = (k[1] * 134775813 + 1) & 0xFFFFFFFF
        k[2] = self._crc(k[2], (k[1] >> 24) & 0xFF)

    def encrypt(self, data: bytes) -> bytes:
        out = bytearray()
        for b in data:
            t = (self.k[2] | 2) & 0xFFFF
            out.append(b ^ (((t * (t ^ 1)) >> 8) & 0xFF))
            self._update(b)
        return bytes(out)


def zipcrypto_zip(entries: list[tuple[bytes, bytes]], password: bytes, seed: int) -> bytes:
    """A real ZipCrypto-encrypted, deflated zip. Entry names are raw bytes (CP932,
    general-purpose bit 11 *not* set, as Windows Explorer / Lhaplus write them)."""
    rnd = random.Random(seed)
    dos_time = (10 << 11) | (15 << 5) | (0 // 2)       # 10:15:00
    dos_date = ((2024 - 1980) << 9) | (5 << 5) | 13     # 2024-05-13
    local, central = bytearray(), bytearray()
    for name, data in entries:
        crc = zlib.crc32(data) & 0xFFFFFFFF
        co = zlib.compressobj(9, zlib.DEFLATED, -15)
        comp = co.compress(data) + co.flush()
        enc = _ZipCrypto(password)
        header = bytes(rnd.randrange(256) for _ in range(11)) + bytes([crc >> 24])
        payload = enc.encrypt(header) + enc.encrypt(comp)
        off = len(local)
        flags = 0x0001  # encrypted
        local += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, 8, dos_time, dos_date,
                             crc, len(payload), len(data), len(name), 0) + name + payload
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, 8, dos_time,
                               dos_date, crc, len(payload), len(data), len(name), 0, 0, 0, 0,
                               0x20, off) + name
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries),
                       len(central), len(local), 0)
    return bytes(local + central + eocd)


# --------------------------------------------------------------------------
# people / signatures
# --------------------------------------------------------------------------

SATO = ("佐藤 一郎", "ichiro.sato@sakura-sys.co.jp")
SUZUKI = ("鈴木 花子", "hanako.suzuki@sakura-sys.co.jp")
TAKAHASHI = ("高橋 健太", "kenta.takahashi@sakura-sys.co.jp")
TANAKA = ("田中 美咲", "misaki.tanaka@sakura-sys.co.jp")
SIGSEP = "-- "   # the standard signature separator, trailing space included

SIG_SATO = f"""{SIGSEP}
サクラシステム株式会社 営業部
佐藤 一郎
TEL: 03-1234-5678
"""

FIXTURES: list[dict] = []


def add(name: str, data: bytes, *, subject: str, contains: tuple[str, ...] = (),
        purpose: str = "", big_ok: bool = False) -> None:
    FIXTURES.append(dict(name=name, data=data, subject=subject, contains=contains,
                         purpose=purpose, big_ok=big_ok))


# ==========================================================================
# 01 internal only, plain UTF-8
# ==========================================================================

def f01():
    subj = "来週の営業定例会議について"
    body = f"""営業部各位

お疲れさまです。佐藤です。

来週の営業定例会議について、下記のとおりご連絡いたします。

日時: 5月20日(月) 10:00～11:00
場所: 本社 5階 第2会議室（大阪支社はTeamsで参加）
議題:
 1. 4月度の売上実績の振り返り
 2. 新製品発表会の準備状況
 3. 6月の展示会の担当割り当て

各自、担当顧客の進捗を簡単にまとめておいてください。
よろしくお願いいたします。

{SIGSEP}
サクラシステム株式会社 営業部
佐藤 一郎
内線: 2345
"""
    h = std_headers(mbox(*SATO), mbox("営業部 各位", "eigyo-all@sakura-sys.co.jp"),
                    ew(subj), "Mon, 13 May 2024 09:12:03 +0900",
                    "20240513091203.4F1A@sakura-sys.co.jp",
                    cc="kenta.takahashi@osaka.sakura-sys.co.jp",
                    mailer="Microsoft Outlook 16.0")
    h += text_part_headers("UTF-8", "8bit")
    add("01-internal-only.eml", message(h, body.encode("utf-8")), subject=subj,
        contains=("第2会議室",),
        purpose="internal recipients only (incl. a subdomain), UTF-8 8bit, nothing risky -> pass")


# ==========================================================================
# 02 ISO-2022-JP subject + body, one external recipient with encoded name
# ==========================================================================

def f02():
    subj = "お打ち合わせ日程のご相談（5月第3週）"
    body = """株式会社ミナトソフト
山田 花子 様

いつもお世話になっております。
サクラシステムの佐藤でございます。

先日はお忙しいところお時間をいただき、誠にありがとうございました。
次回のお打ち合わせにつきまして、下記の候補日でご都合はいかがでしょうか。

　・5月14日（火）　14:00〜15:00
　・5月15日（水）　10:00〜11:00
　・5月17日（金）　16:00〜17:00

なお、前回ご説明した開発計画は正式発表前のため、
恐れ入りますが取扱注意でお願いいたします。

ご検討のほど、よろしくお願いいたします。

""" + SIG_SATO
    h = std_headers(mbox(*SATO, charset="ISO-2022-JP"),
                    mbox("山田 花子", "hanako.yamada@minato-soft.co.jp", charset="ISO-2022-JP"),
                    ew(subj, "ISO-2022-JP"), "Mon, 13 May 2024 10:04:51 +0900",
                    "000001dab4c2$8e1f2a40$2a5d7ec0$@sakura-sys.co.jp",
                    mailer="Microsoft Outlook 16.0")
    h += text_part_headers("ISO-2022-JP", "7bit")
    add("02-iso2022jp-external.eml", message(h, encode_text(body, "iso-2022-jp")), subject=subj,
        contains=("取扱注意", "山田 花子 様"),
        purpose="ISO-2022-JP 7bit subject (RFC 2047 B) and body; one external To with encoded name")


# ==========================================================================
# 03 Shift_JIS (really CP932) 8bit body with NEC/IBM chars and half-width kana
# ==========================================================================

def f03():
    subj = "保守契約更新のお見積り（カエデ電機㈱ 髙橋様）"
    body = """カエデ電機㈱
情報システム部 髙橋 様

いつも大変お世話になっております。
サクラシステムの佐藤です。

ご依頼いただいておりました保守契約更新のお見積りについて、
概要を以下にまとめました。

① 対象システム：ｻｸﾗｸﾗｳﾄﾞ ｽﾀﾝﾀﾞｰﾄﾞﾌﾟﾗﾝ（50ﾕｰｻﾞｰ）
② 契約期間：2024年7月1日～2025年6月30日
③ 年間保守費用：1,980,000円（税別）
④ 支払条件：月末締め翌月末払い

正式なお見積書は、御社の購買システムより改めて発行いたします。
ご不明な点がございましたら、サポートセンター（０１２０－１１１－２２２）
までお気軽にお問い合わせください。

引き続きよろしくお願い申し上げます。

━━━━━━━━━━━━━━━━━━━━
サクラシステム株式会社 営業部
佐藤 一郎
TEL: 03-1234-5678
━━━━━━━━━━━━━━━━━━━━
"""
    h = std_headers(mbox(*SATO, charset="Shift_JIS"),
                    mbox("髙橋 誠", "makoto.takahashi@kaede-denki.co.jp", charset="Shift_JIS"),
                    ew(subj, "Shift_JIS"), "Mon, 13 May 2024 11:30:00 +0900",
                    "20240513113000.5521@sakura-sys.co.jp",
                    mailer="Becky! ver. 2.81.04")
    h += text_part_headers("Shift_JIS", "8bit")
    add("03-shift_jis-nec-chars.eml", message(h, encode_text(body, "shift_jis")), subject=subj,
        contains=("①", "㈱", "髙橋", "ｻｸﾗｸﾗｳﾄﾞ", "０１２０－１１１－２２２"),
        purpose="charset=Shift_JIS 8bit with CP932-only chars (①㈱髙, ～ 0x8160, － 0x817C), half-width kana; Shift_JIS encoded-words")


# ==========================================================================
# 04 charset=CP932 body in base64
# ==========================================================================

def f04():
    subj = "【出荷のご案内】ご注文番号 SO-2024-05-0117"
    body = """西日本トレーディング株式会社
購買部 御中

平素より格別のお引き立てを賜り、厚く御礼申し上げます。
ご注文いただきました商品を、下記のとおり出荷いたしました。

■ご注文番号：SO-2024-05-0117
■出荷日　　：2024年5月13日
■お届け予定：2024年5月15日（9時～12時）
■商品
　・ｻｸﾗ ﾈｯﾄﾜｰｸｶﾒﾗ SC-200　×10台（単価 12,800円）
　・設置用ブラケット №3　×10個
■配送業者　：ヤマト運輸

※本メール記載の単価は貴社向けの特別価格につき、社外秘としてお取り扱いください。
※本メールは送信専用アドレスから配信しています。

サクラシステム株式会社 物流センター
"""
    h = std_headers(mbox("サクラシステム 物流センター", "shukka@sakura-sys.co.jp", charset="ISO-2022-JP"),
                    mbox("西日本トレーディング 購買部", "kobai@nishinihon-trading.co.jp", charset="ISO-2022-JP"),
                    ew(subj, "ISO-2022-JP"), "Mon, 13 May 2024 16:45:10 +0900",
                    "SO-2024-05-0117.20240513164510@shukka.sakura-sys.co.jp",
                    mailer="SAKURA Hanbai System 3.2")
    h += text_part_headers("CP932", "base64")
    add("04-cp932-base64.eml", message(h, b64(encode_text(body, "cp932"))), subject=subj,
        contains=("社外秘", "№3", "9時～12時", "ｻｸﾗ ﾈｯﾄﾜｰｸｶﾒﾗ"),
        purpose="charset=CP932 (unknown to mail-parser) body in base64; system-generated notice")


# ==========================================================================
# 05 charset=x-cp932 quoted-printable; Windows-31J Q-encoded subject
# ==========================================================================

def f05():
    subj = "サーバー移設作業（6/1）当日スケジュールのご連絡"
    body = f"""株式会社ひかりテック
大野 様

お世話になっております。サクラシステム開発部の高橋です。

サーバー移設作業の当日スケジュールをお知らせいたします。

　日時　：6月1日（土）9:00～18:00
　場所　：弊社データセンター（川崎）
　作業　：①ラック搬入 ②配線 ③疎通確認

当日は入館手続きが必要となりますので、8:45までに1階受付へお越しください。
当日の緊急連絡先は 080-2345-6789 です。

以上、よろしくお願いいたします。

{SIGSEP}
サクラシステム株式会社 開発部
高橋 健太
"""
    h = std_headers(mbox(*TAKAHASHI, charset="Windows-31J", mode="Q"),
                    mbox("大野 様", "ohno@hikari-tech.co.jp", charset="Windows-31J", mode="Q"),
                    ew(subj, "Windows-31J", "Q"), "Tue, 14 May 2024 08:55:32 +0900",
                    "7c1e0b2f-3a44-4d1b-9e1a-0f5d2c8b7a61@sakura-sys.co.jp",
                    mailer="SAKURA Groupware 5.1")
    h += text_part_headers("x-cp932", "quoted-printable")
    add("05-x-cp932-quoted-printable.eml", message(h, qp(encode_text(body, "x-cp932"))), subject=subj,
        contains=("080-2345-6789", "①ラック搬入", "9:00～18:00"),
        purpose="charset=x-cp932 quoted-printable body; Windows-31J Q-encoded subject and names")


# ==========================================================================
# 06 EUC-JP 8bit body, EUC-JP encoded-word subject
# ==========================================================================

def f06():
    subj = "ファイルサーバー障害（5/10）の調査結果について"
    body = r"""株式会社ミナトソフト
技術部 小林様

サクラシステムの高橋です。

5月10日に発生したファイルサーバーの障害について、調査結果をご報告します。

  発生日時: 2024/05/10 02:13 頃
  原因    : RAIDコントローラのファームウェア不具合
  影響範囲: 共有フォルダ \\fs01\share の一時的な参照不可
  対応    : ファームウェア更新済み（5/11 実施）

サーバーの構成情報は機密情報のため、詳細は次回の定例会でご説明します。

以上です。
--
高橋 健太 / サクラシステム株式会社 開発部
"""
    h = [H("From", mbox(*TAKAHASHI, charset="EUC-JP")),
         H("To", mbox("小林 様", "kobayashi@minato-soft.co.jp", charset="EUC-JP")),
         H("Subject", ew(subj, "EUC-JP")),
         H("Date", "Tue, 14 May 2024 13:20:44 +0900"),
         H("Message-ID", "<20240514.132044.1283409127356.kenta@sakura-sys.co.jp>"),
         H("User-Agent", "Wanderlust/2.15.9 (Almost Unreal) Emacs/28.2 Mule/6.0"),
         H("MIME-Version", "1.0")]
    h += text_part_headers("EUC-JP", "8bit")
    add("06-euc-jp.eml", message(h, encode_text(body, "euc-jp")), subject=subj,
        contains=("機密情報", r"\\fs01\share"),
        purpose="EUC-JP 8bit body and EUC-JP encoded-word subject/names")


# ==========================================================================
# 07 charset=ISO-2022-JP-MS body (NEC row 13), ISO-2022-JP-2 subject
# ==========================================================================

def f07():
    subj = "セミナーお申し込み受付のお知らせ（受付番号 2024-0456）"
    body = """㈱西日本トレーディング
営業企画部 森田様

このたびは「サクラシステム ソリューションセミナー2024」にお申し込みいただき、
誠にありがとうございます。以下の内容で受付いたしました。

　受付番号：№2024-0456
　開催日時：2024年6月5日（水）13:30〜17:00
　会場　　：サクラシステム株式会社 本社セミナールーム
　プログラム：
　　① 基調講演「中小企業のDX最前線」
　　② 導入事例紹介
　　③ 個別相談会（事前予約制）

当日は受付にて本メールをご提示ください。
お問い合わせ：セミナー事務局（平日10時〜17時）電話 03-1234-5600

サクラシステム株式会社 セミナー事務局
"""
    h = std_headers(mbox("サクラシステム セミナー事務局", "seminar@sakura-sys.co.jp", charset="ISO-2022-JP-2"),
                    mbox("森田 浩二", "morita@nishinihon-trading.co.jp", charset="ISO-2022-JP-2"),
                    ew(subj, "ISO-2022-JP-2"), "Tue, 14 May 2024 15:02:17 +0900",
                    "seminar-2024-0456@sakura-sys.co.jp",
                    mailer="Microsoft CDO for Windows 2000")
    h += text_part_headers("ISO-2022-JP-MS", "7bit")
    add("07-iso2022jp-ms.eml", message(h, encode_text(body, "iso-2022-jp-ms")), subject=subj,
        contains=("①", "㈱", "№2024-0456", "03-1234-5600"),
        purpose="charset=ISO-2022-JP-MS body with NEC row-13 chars (①㈱№ as ESC $ B 0x2D..); ISO-2022-JP-2 encoded-words")


# ==========================================================================
# 08 a character split across adjacent encoded-words (UTF-8 and ISO-2022-JP)
# ==========================================================================

def f08():
    subj = "【重要】システム移行に伴うサービス停止のお知らせ"
    raw = subj.encode("utf-8")
    cuts = [13, 32, 50]          # byte offsets; each falls inside a 3-byte character
    for c in cuts:
        assert 0x80 <= raw[c] <= 0xBF, "cut must fall inside a character"
    segs = [raw[a:b] for a, b in zip([0] + cuts, cuts + [len(raw)])]
    subj_hdr = "\n ".join(_word(s, "UTF-8", "B") for s in segs)

    # To: name whose 2-byte JIS character 浩 is split between two words
    to_name = "森田浩二"
    j = "森田浩二".encode("iso2022_jp")     # ESC $ B ... ESC ( B
    k = j.index("浩".encode("iso2022_jp")[3:5]) + 1   # one byte into 浩
    assert (k - 3) % 2 == 1
    to_hdr = f'{_word(j[:k], "ISO-2022-JP", "B")}\n {_word(j[k:], "ISO-2022-JP", "B")} <morita@nishinihon-trading.co.jp>'

    # From: name where the shift state carries over: word 1 has no ESC ( B, word 2 no ESC $ B
    f1 = "佐藤".encode("iso2022_jp")[:-3]        # drop trailing ESC ( B
    f2 = "一郎".encode("iso2022_jp")[3:]         # drop leading ESC $ B
    from_hdr = f"{_word(f1, 'ISO-2022-JP', 'B')}\n {_word(f2, 'ISO-2022-JP', 'B')} <{SATO[1]}>"

    body = f"""西日本トレーディング株式会社
森田様

いつもお世話になっております。サクラシステムの佐藤です。

基幹システムの新環境への移行に伴い、下記の日程でサービスを停止いたします。

  停止日時：2024年6月8日（土）22:00 ～ 6月9日（日）6:00
  対象　　：受発注Webサービス、EDI連携

停止時間中に送信されたデータは、再開後に順次処理いたします。
ご不便をおかけしますが、何卒ご了承ください。

{SIGSEP}
サクラシステム株式会社 営業部
佐藤 一郎
"""
    h = [H("From", from_hdr), H("To", to_hdr), H("Subject", subj_hdr),
         H("Date", "Wed, 15 May 2024 09:30:00 +0900"),
         H("Message-ID", "<a3f1c2d4-0e5b-4c6a-8d7e-1f2a3b4c5d6e@sakura-sys.co.jp>"),
         H("MIME-Version", "1.0"), H("User-Agent", "Mozilla Thunderbird")]
    h += text_part_headers("UTF-8", "base64")
    add("08-split-encoded-words.eml", message(h, b64(body.encode("utf-8"))), subject=subj,
        contains=("EDI連携",),
        purpose="UTF-8 subject split mid-character across 4 B-words; ISO-2022-JP name split mid-character (To) and with the shift state carried across words (From)")
    return to_name


# ==========================================================================
# 09 unencoded 8-bit Shift_JIS in Subject and display names
# ==========================================================================

def f09():
    subj = "ソフトウェア保守契約更新のご案内（カエデ電機様）"
    frm_name, to_name = "サクラシステム 佐藤", "髙橋 誠"
    for n in (frm_name, to_name):
        raw = n.encode("cp932")
        bad = set(raw) & {0x22, 0x40, 0x5B, 0x5C, 0x5D}
        assert not bad, f"display name {n} has ASCII-special trail bytes {bad}"
    assert b"\x5c" in subj.encode("cp932"), "subject should contain a 0x5C trail byte (ソ)"
    body = f"""カエデ電機株式会社
髙橋 様

お世話になっております。サクラシステムの佐藤です。

現在ご契約中のソフトウェア保守契約が、2024年6月30日をもって満了となります。
更新をご希望の場合は、6月14日までにご連絡いただけますと幸いです。
更新後の契約内容・費用に変更はございません。

引き続きよろしくお願いいたします。

{SIGSEP}
サクラシステム株式会社 営業部
佐藤 一郎
"""
    h = [H("From", b'"' + frm_name.encode("cp932") + b'" <' + SATO[1].encode() + b">"),
         H("To", b'"' + to_name.encode("cp932") + b'" <makoto.takahashi@kaede-denki.co.jp>'),
         H("Subject", subj.encode("cp932")),
         H("Date", "Wed, 15 May 2024 10:11:12 +0900"),
         H("Message-ID", "<200405151011.AA01234@mail.sakura-sys.co.jp>"),
         H("X-Mailer", "SAKURA-Mailer/1.0 (legacy)"),
         H("MIME-Version", "1.0")]
    h += text_part_headers("Shift_JIS", "8bit")
    add("09-raw-8bit-sjis-headers.eml", message(h, encode_text(body, "shift_jis")), subject=subj,
        contains=("保守契約が",),
        purpose="raw 8-bit Shift_JIS in Subject (incl. 0x5C trail byte of ソ) and quoted display names, no RFC 2047")


# ==========================================================================
# 10 RFC 2231 continuations, CP932 CSV with 3 customers
# ==========================================================================

CSV10 = """氏名,住所,電話番号
髙木 美由紀,東京都世田谷区桜新町1-2-3 桜新町ハイツ101,090-1234-0001
石川 大輔,神奈川県横浜市港北区日吉2-4-6,045-555-0123
上田 智子,埼玉県さいたま市浦和区高砂3-8-10,080-9876-5432
"""


def f10():
    subj = "DM発送用 顧客リストのご送付"
    fname = "顧客リスト_2024年度.csv"
    raw = fname.encode("utf-8")
    # cut inside リ (byte 7) and ト (byte 13) for filename*, inside 年 (byte 21) for name*
    for c in (7, 13, 21):
        assert 0x80 <= raw[c] <= 0xBF, c
    csv = CSV10.replace("\n", "\r\n").encode("cp932")
    body = f"""株式会社東都印刷
吉田 様

いつもお世話になっております。サクラシステムの佐藤です。

6月発送のダイレクトメールについて、発送先の顧客リストを添付いたします。
（CSV形式、3件です。今回はテスト発送分のみとなります。）

宛名印字のレイアウトは前回と同じでお願いいたします。
ご確認のほど、よろしくお願いいたします。

""" + SIG_SATO
    bd = "------------7Qm2R9xK0sLpA4vB8nE1cW3t"
    p1 = part(text_part_headers("UTF-8", "8bit"), body.encode("utf-8"))
    p2 = part([H("Content-Type", "text/csv; charset=Shift_JIS;\n " + rfc2231_continuations("name", fname, [21])),
               H("Content-Disposition", "attachment;\n " + rfc2231_continuations("filename", fname, [7, 13])),
               H("Content-Transfer-Encoding", "base64")], b64(csv))
    h = std_headers(mbox(*SATO), mbox("吉田 様", "yoshida@toto-print.co.jp"), ew(subj),
                    "Wed, 15 May 2024 14:22:05 +0900",
                    "b7e2c1f0-55aa-4a11-93d2-7c0e4b6f1a28@sakura-sys.co.jp",
                    extra=[H("User-Agent", "Mozilla Thunderbird"),
                           H("Content-Type", f'multipart/mixed; boundary="{bd}"')])
    add("10-rfc2231-csv-attachment.eml",
        message(h, multipart(bd, [p1, p2], b"This is a multi-part message in MIME format.\n")),
        subject=subj, contains=("添付いたします",),
        purpose="multipart/mixed; RFC 2231 filename*0*/filename*1* (UTF-8, split inside a character); CP932 CSV with 3 customer records")


# ==========================================================================
# 11 RFC 2047 filename="=?ISO-2022-JP?B?...?=" and a name= only attachment
# ==========================================================================

def f11():
    subj = "5月分 請求書・納品書送付のご案内"
    f1, f2 = "請求書_2024年5月分.pdf", "納品書_SO-2024-05-0117.pdf"
    body = """西日本トレーディング株式会社
経理部 御中

いつもお世話になっております。
サクラシステム株式会社 経理部の田中でございます。

5月分の請求書と納品書を添付いたしますので、ご確認ください。
お支払期日は2024年6月30日となっております。

ご不明な点がございましたら、経理部までお問い合わせください。
今後ともよろしくお願い申し上げます。

━━━━━━━━━━━━━━━━━━━━
サクラシステム株式会社 経理部
田中 美咲
━━━━━━━━━━━━━━━━━━━━
"""
    bd = "----=_NextPart_000_0031_01DAA6A2.9B6E1F70"
    pdf1 = tiny_pdf(["Sakura System Co., Ltd.", "INVOICE 2024-05", "Total: JPY 1,298,000"])
    pdf2 = tiny_pdf(["Sakura System Co., Ltd.", "DELIVERY NOTE SO-2024-05-0117"])
    n1 = ew(f1, "ISO-2022-JP")
    n2 = ew(f2, "ISO-2022-JP")
    parts = [
        part(text_part_headers("ISO-2022-JP", "7bit"), encode_text(body, "iso-2022-jp")),
        part([H("Content-Type", f'application/pdf;\n name="{n1}"'),
              H("Content-Transfer-Encoding", "base64"),
              H("Content-Disposition", f'attachment;\n filename="{n1}"')], b64(pdf1)),
        part([H("Content-Type", f'application/pdf;\n name="{n2}"'),
              H("Content-Transfer-Encoding", "base64")], b64(pdf2)),
    ]
    h = std_headers(mbox(*TANAKA, charset="ISO-2022-JP"),
                    mbox("西日本トレーディング 経理部", "keiri@nishinihon-trading.co.jp",
                         charset="ISO-2022-JP", quoted=True),
                    ew(subj, "ISO-2022-JP"), "Thu, 16 May 2024 10:00:00 +0900",
                    "000301daa6a2$9b6e1f70$d24a5e50$@sakura-sys.co.jp",
                    mailer="Microsoft Outlook 16.0",
                    extra=[H("Content-Type", f'multipart/mixed;\n boundary="{bd}"')])
    add("11-encoded-filename-and-name-only.eml",
        message(h, multipart(bd, parts, b"This is a multipart message in MIME format.\n\n")),
        subject=subj, contains=("請求書と納品書を添付",),
        purpose='attachment with filename="=?ISO-2022-JP?B?...?=", and a PDF with Content-Type name= only (no Content-Disposition); To name as "=?...?=" in quotes')


# ==========================================================================
# 12a multipart/alternative text + html
# ==========================================================================

def f12a():
    subj = "【ご案内】ソリューションセミナー2024 当日のご案内"
    text = """㈱西日本トレーディング
森田 様

このたびは「サクラシステム ソリューションセミナー2024」にお申し込みいただき、
ありがとうございます。当日のご案内をお送りします。

■日時：2024年6月5日（水）13:30～17:00（受付 13:00～）
■会場：サクラシステム株式会社 本社 3階セミナールーム
■持ち物：お名刺1枚

当日連絡先（事務局 携帯）：070-1234-5678

皆さまのご来場を心よりお待ちしております。

サクラシステム株式会社 セミナー事務局
"""
    html = """<!DOCTYPE html>
<html lang="ja">
<head><meta charset="UTF-8"><title>ソリューションセミナー2024 当日のご案内</title></head>
<body style="font-family: 'メイリオ', Meiryo, sans-serif; font-size: 14px;">
<p>&#12849;西日本トレーディング<br>
森田&nbsp;様</p>
<p>このたびは「サクラシステム&nbsp;ソリューションセミナー2024」にお申し込みいただき、<br>
ありがとうございます。当日のご案内をお送りします。</p>
<table border="0" cellpadding="4">
<tr><td><b>■日時</b></td><td>2024年6月5日（水）13:30～17:00（受付 13:00～）</td></tr>
<tr><td><b>■会場</b></td><td>サクラシステム株式会社 本社 3階セミナールーム</td></tr>
<tr><td><b>■持ち物</b></td><td>お名刺1枚</td></tr>
</table>
<p>当日連絡先（事務局&nbsp;携帯）：<a href="tel:070-1234-5678">070-1234-5678</a></p>
<p>皆さまのご来場を心よりお待ちしております。</p>
<p style="color:#666;">サクラシステム株式会社&nbsp;セミナー事務局</p>
</body>
</html>
"""
    bd = "b1_5f3a9c0e2d7b4a61"
    parts = [part(text_part_headers("UTF-8", "quoted-printable"), qp(text.encode("utf-8"))),
             part([H("Content-Type", 'text/html; charset="UTF-8"'),
                   H("Content-Transfer-Encoding", "base64")], b64(html.encode("utf-8")))]
    h = std_headers(mbox("サクラシステム セミナー事務局", "seminar@sakura-sys.co.jp"),
                    mbox("森田 浩二", "morita@nishinihon-trading.co.jp"), ew(subj),
                    "Mon, 3 Jun 2024 17:00:00 +0900", "seminar-2024-reminder-0456@sakura-sys.co.jp",
                    mailer="SAKURA MailDelivery 2.0",
                    extra=[H("Content-Type", f'multipart/alternative; boundary="{bd}"')])
    add("12a-multipart-alternative.eml", message(h, multipart(bd, parts)), subject=subj,
        contains=("070-1234-5678",),
        purpose="multipart/alternative text/plain (QP) + text/html (base64) with the same phone in both (count once)")


# ==========================================================================
# 12b HTML-only mail with a bank account in a table
# ==========================================================================

def f12b():
    subj = "【重要】お振込先口座変更のお知らせ"
    html = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>お振込先口座変更のお知らせ</title></head>
<body style="font-family:'ＭＳ Ｐゴシック',sans-serif;">
<p>&#12304;重要&#12305;</p>
<p>株式会社ミナトソフト<br>経理ご担当者様</p>
<p>いつもお世話になっております。<br>サクラシステム株式会社&nbsp;経理部の田中でございます。</p>
<p>このたび、弊社のお振込先口座を下記のとおり変更いたしましたので、お知らせいたします。<br>
2024年7月1日以降のお支払いは、新しい口座へお振込みくださいますよう<br>お願い申し上げます。</p>
<table border="1" cellpadding="4" cellspacing="0" style="border-collapse:collapse;">
<tr><th align="left">金融機関</th><td>みずほ銀行&nbsp;渋谷支店</td></tr>
<tr><th align="left">口座種別</th><td>普通</td></tr>
<tr><th align="left">口座番号</th><td>1234567</td></tr>
<tr><th align="left">口座名義</th><td>ｻｸﾗｼｽﾃﾑ(ｶ</td></tr>
</table>
<p>新口座&#65306;みずほ銀行&nbsp;渋谷支店&nbsp;普通&nbsp;1234567</p>
<p>なお、旧口座&lt;三菱UFJ銀行&gt;は2024年6月30日をもって閉鎖いたします。<br>
本件は「お客様&amp;お取引先様」全社向けのご案内です。</p>
<p>今後とも何卒よろしくお願い申し上げます。</p>
<hr>
<p>サクラシステム株式会社&nbsp;経理部<br>田中&nbsp;美咲</p>
</body></html>
"""
    h = std_headers(mbox(*TANAKA), mbox("ミナトソフト 経理ご担当者様", "keiri@minato-soft.co.jp"),
                    ew(subj), "Thu, 16 May 2024 11:15:40 +0900",
                    "0f9e8d7c-6b5a-4932-8170-fedcba987654@sakura-sys.co.jp",
                    mailer="Microsoft Outlook 16.0",
                    extra=[H("Content-Type", 'text/html; charset="utf-8"'),
                           H("Content-Transfer-Encoding", "quoted-printable")])
    add("12b-html-only-bank-account.eml", message(h, qp(html.encode("utf-8"))), subject=subj,
        contains=("1234567", "&nbsp;普通&nbsp;"),
        purpose="HTML-only body (<br>, &nbsp;, numeric/named entities, a table) carrying a bank account")


# ==========================================================================
# 13 My Number (labelled, full-width variant), corporate number and traps
# ==========================================================================

def f13():
    subj = "6月1日付入社者2名の資格取得手続きについて"
    body = """青山社会保険労務士事務所
青山 様

いつもお世話になっております。
サクラシステム総務部の鈴木です。

6月1日付で入社する2名について、雇用保険・社会保険の資格取得手続きを
お願いいたします。必要事項は以下のとおりです。

【1人目】
氏名：小川 拓也
個人番号: 1234 5678 9018

【2人目】
氏名：松本 さくら
個人番号：９８７６　５４３２　１０９３

なお、弊社の法人番号は 7123456789012 です。

---- 以下、別件です ----

顧問契約の更新につきましては、先日いただいたお見積りのとおりで社内承認が
下りました。来期の契約書は、押印のうえ改めて郵送させていただきます。
また、5月に開催いただいた管理職向けハラスメント研修は大変好評でした。
下期も同様の研修をぜひお願いしたく、日程をご相談させてください。
あわせて、就業規則の改定案についても、来月中に一度ご相談のお時間を
いただけますと助かります。

ご依頼いただいた労務関係の書籍と、入社書類一式の発送状況は以下のとおりです。

　書籍：「改訂版 社会保険の実務」（JANコード 4902345678905）
　ご注文番号：202405120030
　ご請求金額：1,234,567円（年間顧問料・税込）
　発送日：2024年5月12日（伝票日付 20240512）
　ヤマト運輸 お問い合わせ番号：1234-5678-9012

以上、よろしくお願いいたします。

""" + f"""{SIGSEP}
サクラシステム株式会社 総務部
鈴木 花子
"""
    mn_pos = body.index("１０９３")
    order_pos = body.index("202405120030")
    assert order_pos - mn_pos > 300, "order-number trap must sit >300 chars from the My Number labels"
    h = std_headers(mbox(*SUZUKI, charset="ISO-2022-JP"),
                    mbox("青山社会保険労務士事務所 青山 様", "aoyama@aoyama-sr.jp", charset="ISO-2022-JP"),
                    ew(subj, "ISO-2022-JP"), "Thu, 16 May 2024 13:40:00 +0900",
                    "000401daa6c1$2c3d4e50$84b7eaf0$@sakura-sys.co.jp",
                    mailer="Microsoft Outlook 16.0")
    h += text_part_headers("ISO-2022-JP", "7bit")
    add("13-my-number-and-traps.eml", message(h, encode_text(body, "iso-2022-jp")), subject=subj,
        contains=("個人番号: 1234 5678 9018", "９８７６　５４３２　１０９３", "7123456789012"),
        purpose="My Number with label (half- and full-width), a 13-digit 法人番号, and 12/13-digit look-alike traps")


# ==========================================================================
# 14 CC of 15 outside addresses (the classic BCC mistake)
# ==========================================================================

CC14 = [
    ("ABC商事 中島 様", "nakajima@abc-shoji.co.jp"),
    (None, "okada@abc-shoji.co.jp"),
    ("前田 様", "maeda@abc-shoji.co.jp"),
    ("カエデ電機 髙橋 様", "makoto.takahashi@kaede-denki.co.jp"),
    (None, "ishida@kaede-denki.co.jp"),
    ("ミナトソフト 山田 花子", "hanako.yamada@minato-soft.co.jp"),
    ("ミナトソフト 小林", "kobayashi@minato-soft.co.jp"),
    ("ひかりテック 大野", "ohno@hikari-tech.co.jp"),
    (None, "info@hikari-tech.co.jp"),
    ("西日本トレーディング 森田", "morita@nishinihon-trading.co.jp"),
    ("東都印刷 吉田", "yoshida@toto-print.co.jp"),
    ("青山社労士事務所", "aoyama@aoyama-sr.jp"),
    ("藤井 隆（個人）", "takashi.fujii.1975@gmail.com"),
    (None, "kazu-hayashi@yahoo.co.jp"),
    ("Emi Kondo", "emi.kondo@icloud.com"),
]


def f14():
    subj = "【ご案内】新製品発表会のお知らせ"
    body = """お取引先各位

拝啓　時下ますますご清栄のこととお慶び申し上げます。
平素は格別のご高配を賜り、厚く御礼申し上げます。

さて、このたび弊社では新製品「サクラクラウド Ver.5」の発表会を
下記のとおり開催する運びとなりました。
ご多用中とは存じますが、ぜひご来場賜りますようご案内申し上げます。

敬具

記

日時：2024年6月20日（木）14:00〜16:30
会場：サクラシステム株式会社 本社 3階セミナールーム
内容：新製品デモンストレーション、導入事例のご紹介、懇親会
お申込み：6月10日までに、本メールへのご返信にてお知らせください。

以上

━━━━━━━━━━━━━━━━━━━━
サクラシステム株式会社 営業部
佐藤 一郎
━━━━━━━━━━━━━━━━━━━━
"""
    cc = ",\n ".join(mbox(n, a) for n, a in CC14)
    h = std_headers(mbox(*SATO, charset="ISO-2022-JP"), mbox(*SATO, charset="ISO-2022-JP"),
                    ew(subj, "ISO-2022-JP"), "Fri, 17 May 2024 09:00:00 +0900",
                    "000501daa7f3$11223344$55667788$@sakura-sys.co.jp",
                    cc=cc, mailer="Microsoft Outlook 16.0")
    h += text_part_headers("ISO-2022-JP", "7bit")
    add("14-cc-bcc-mistake.eml", message(h, encode_text(body, "iso-2022-jp")), subject=subj,
        contains=("サクラクラウド Ver.5",),
        purpose="To = self, Cc = 12 partner addresses at 7 domains + 3 free-mail addresses (BCC mistake)")


# ==========================================================================
# 15 look-alike domains and a Unicode IDN
# ==========================================================================

HOMOGLYPH_LABEL = "s\u0430kura-sys"                     # Cyrillic а
HOMOGLYPH_ACE = "xn--" + HOMOGLYPH_LABEL.encode("punycode").decode()
IDN_UNICODE = "かえで電機.jp"


def f15():
    import encodings.idna as idna
    assert idna.ToASCII(HOMOGLYPH_LABEL).decode() == HOMOGLYPH_ACE
    subj = "Re: 共同提案書（ドラフト）のレビュー依頼"
    body = f"""山田様

お世話になっております。サクラシステムの佐藤です。

共同提案書のドラフトを拝見しました。全体の構成はこの方向で問題ないと考えております。
弊社側の担当範囲（第3章 システム構成）は、開発部の高橋と経理部の田中が
来週水曜までに加筆いたします。
カエデ電機様にも、ハードウェア部分のご確認をお願いできれば幸いです。

引き続きよろしくお願いいたします。

{SIGSEP}
サクラシステム株式会社 営業部
佐藤 一郎
"""
    to = ",\n ".join([mbox("山田 花子", "hanako.yamada@minato-soft.co.jp"),
                      mbox(*TAKAHASHI)])
    cc = ",\n ".join(["misaki.tanaka@sakura-sy5.co.jp",
                      f"m.tanaka@{HOMOGLYPH_ACE}.co.jp",
                      mbox("カエデ電機 営業部", f"eigyo@{IDN_UNICODE}")])
    h = std_headers(mbox(*SATO), to, ew(subj), "Fri, 17 May 2024 15:31:09 +0900",
                    "e1d2c3b4-a596-4788-99aa-bbccddeeff00@sakura-sys.co.jp",
                    cc=cc,
                    extra=[H("In-Reply-To", "<CA+minato.20240516.abc123@minato-soft.co.jp>"),
                           H("References", "<CA+minato.20240516.abc123@minato-soft.co.jp>"),
                           H("User-Agent", "Mozilla Thunderbird")])
    h += text_part_headers("UTF-8", "8bit")
    add("15-lookalike-domains.eml", message(h, body.encode("utf-8")), subject=subj,
        contains=("共同提案書",),
        purpose="typo domain sakura-sy5.co.jp, punycode homoglyph xn--skura-sys-0yh.co.jp, raw UTF-8 IDN かえで電機.jp")


# ==========================================================================
# 16 display-name spoof (fake 社長 reply)
# ==========================================================================

def f16():
    subj = "Re: 【至急】お振込みの件"
    body = """桜井社長

お疲れさまです。経理部の田中です。

ご指示いただいた件、承知いたしました。
本日15時までに、下記の振込先へ 4,850,000円 を送金する手続きを進めます。
念のため、振込先の口座名義と金額に誤りがないか、ご確認いただけますでしょうか。
ご確認が取れ次第、実行いたします。

田中

> 2024/05/17 9:12、代表取締役 桜井 <sakurai.ceo@gmail.com> のメッセージ:
>
> 田中さん
>
> 極秘で進めている買収案件の件で、本日中に下記口座へ振込をお願いします。
> 社内の他の者には口外しないでください。
>
> 三井住友銀行 新宿西口支店 普通 7654321 カ）グローバルコンサルティング
> 金額：4,850,000円
>
> 桜井
"""
    h = std_headers(mbox("経理部 田中 美咲", TANAKA[1]),
                    mbox("代表取締役 桜井", "sakurai.ceo@gmail.com"),
                    ew(subj), "Fri, 17 May 2024 09:41:27 +0900",
                    "5B0C7E1A-2D3F-4A5B-9C8D-7E6F5A4B3C2D@sakura-sys.co.jp",
                    cc=mbox("サクラシステム 経理部", "keiri@sakura-sys-co.jp"),
                    extra=[H("In-Reply-To", "<CAF=kx0Y7p2aQ9@mail.gmail.com>"),
                           H("References", "<CAF=kx0Y7p2aQ9@mail.gmail.com>"),
                           H("X-Mailer", "iPhone Mail (21E236)")])
    h += text_part_headers("UTF-8", "8bit")
    add("16-display-name-spoof.eml", message(h, body.encode("utf-8")), subject=subj,
        contains=("4,850,000円", "> 三井住友銀行"),
        purpose='display names claiming 代表取締役 / サクラシステム 経理部 on gmail.com and sakura-sys-co.jp; fake-CEO transfer with the account only in the quote')


# ==========================================================================
# 17a missing attachment / 17b English disclaimer mentioning attachments
# ==========================================================================

def f17a():
    subj = "打ち合わせ資料の件"
    body = """株式会社ひかりテック
大野 様

お世話になっております。サクラシステムの佐藤です。

明日のお打ち合わせで使用する資料を添付いたしますので、ご確認ください。
事前にご質問などございましたら、お知らせいただけますと幸いです。

よろしくお願いいたします。

""" + SIG_SATO
    h = std_headers(mbox(*SATO, charset="ISO-2022-JP"),
                    mbox("大野 様", "ohno@hikari-tech.co.jp", charset="ISO-2022-JP"),
                    ew(subj, "ISO-2022-JP"), "Mon, 20 May 2024 18:02:44 +0900",
                    "000601daaa8b$aabbccdd$eeff0011$@sakura-sys.co.jp",
                    mailer="Microsoft Outlook 16.0")
    h += text_part_headers("ISO-2022-JP", "7bit")
    add("17a-missing-attachment.eml", message(h, encode_text(body, "iso-2022-jp")), subject=subj,
        contains=("資料を添付いたしますので、ご確認ください",),
        purpose="says 資料を添付いたしますので…ご確認ください but has no attachment")


def f17b():
    subj = "来週のお打ち合わせ場所について"
    body = f"""株式会社ひかりテック
大野 様

お世話になっております。サクラシステムの佐藤です。

来週22日（水）のお打ち合わせですが、弊社本社の会議室が改装中のため、
恐れ入りますが御社にお伺いする形でもよろしいでしょうか。
時間は予定どおり14時からでお願いできれば幸いです。

よろしくお願いいたします。

{SIGSEP}
サクラシステム株式会社 営業部
佐藤 一郎
TEL: 03-1234-5678

This e-mail and any attachments are confidential and may also be privileged.
If you are not the intended recipient, please notify the sender immediately
and delete this e-mail. Any unauthorised use, disclosure or copying of its
contents is strictly prohibited.
"""
    h = std_headers(mbox(*SATO), mbox("大野 様", "ohno@hikari-tech.co.jp"), ew(subj),
                    "Tue, 14 May 2024 11:20:00 +0900",
                    "000701daa5c9$01020304$05060708$@sakura-sys.co.jp",
                    mailer="Microsoft Outlook 16.0")
    h += text_part_headers("UTF-8", "base64")
    add("17b-disclaimer-attachments.eml", message(h, b64(body.encode("utf-8"))), subject=subj,
        contains=("any attachments are confidential",),
        purpose="only 'attachment' mention is the English disclaimer under the signature (must not count as missing attachment)")


# ==========================================================================
# 18 confidential keywords: subject, body, file name
# ==========================================================================

def f18():
    subj = "【社外秘】2024年度下期 価格改定案のご共有"
    fname = "極秘_見積.xlsx"
    body = """西日本トレーディング株式会社
営業企画部 森田 様

お世話になっております。サクラシステムの佐藤です。

先日のお打ち合わせでご相談した、下期の価格改定案をお送りします。
本資料には未公表の価格情報が含まれますので、機密情報として
お取り扱いいただきますよう、お願いいたします。

極秘_見積.xlsx を添付いたします。
ご確認のうえ、ご意見をいただけますと幸いです。

""" + SIG_SATO
    xlsx = tiny_xlsx([["品目", "現行単価", "改定後単価"],
                      ["サクラクラウド スタンダード", 39800, 42800],
                      ["サクラクラウド プロ", 69800, 74800],
                      ["保守サポート（年額）", 120000, 132000]])
    bd = "_004_TYCPR01MB1234567ABCDEF_"
    parts = [
        part(text_part_headers("UTF-8", "base64"), b64(body.encode("utf-8"))),
        part([H("Content-Type",
                f'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;\n name="{ew(fname)}"'),
              H("Content-Description", ew(fname)),
              H("Content-Disposition", f"attachment;\n filename*=UTF-8''{pct(fname.encode())}; size={len(xlsx)}"),
              H("Content-Transfer-Encoding", "base64")], b64(xlsx)),
    ]
    h = std_headers(mbox(*SATO), mbox("森田 浩二", "morita@nishinihon-trading.co.jp"), ew(subj),
                    "Tue, 21 May 2024 10:05:00 +0900",
                    "TYCPR01MB1234567ABCDEF@TYCPR01MB1234567.jpnprd01.prod.outlook.com",
                    extra=[H("Content-Type", f'multipart/mixed;\n boundary="{bd}"')])
    add("18-confidential-keywords.eml", message(h, multipart(bd, parts)), subject=subj,
        contains=("機密情報",),
        purpose="【社外秘】 in subject, 機密 in body, attachment 極秘_見積.xlsx (RFC 2231 single-segment filename*)")


# ==========================================================================
# 19a signature (━━━) + Outlook "-----Original Message-----" quote, external
# 19b signature ("-- ") + "wrote:" > quote, internal only
# ==========================================================================

def f19a():
    subj = "RE: お届け先変更のお願い"
    body = """山田様

お世話になっております。サクラシステムの佐藤です。

お届け先変更のご連絡をいただき、ありがとうございます。
ご指定のお届け先にて、次回出荷分より手配いたします。

引き続きよろしくお願いいたします。

━━━━━━━━━━━━━━━━━━━━━━
サクラシステム株式会社 営業部
佐藤 一郎
〒100-0005 東京都千代田区丸の内1-2-3 サクラビル8F
TEL 03-1234-5678 / FAX 03-1234-5679
Mail: ichiro.sato@sakura-sys.co.jp
━━━━━━━━━━━━━━━━━━━━━━

-----Original Message-----
差出人: 山田 太郎 <taro.yamada@minato-soft.co.jp>
送信日時: 2024年5月1日 10:00
宛先: 佐藤 一郎 <ichiro.sato@sakura-sys.co.jp>
件名: お届け先変更のお願い

サクラシステム 佐藤様

いつもお世話になっております。ミナトソフトの山田です。
事務所移転に伴い、来月以降の納品先を下記に変更いただけますでしょうか。

新お届け先：〒160-0023 東京都新宿区西新宿3-7-1 新宿パークタワー22F
担当：山田 太郎（携帯 090-8765-4321）

よろしくお願いいたします。
"""
    h = std_headers(mbox(*SATO, charset="ISO-2022-JP"),
                    mbox("山田 太郎", "taro.yamada@minato-soft.co.jp", charset="ISO-2022-JP"),
                    ew(subj, "ISO-2022-JP"), "Wed, 1 May 2024 13:25:00 +0900",
                    "000801da9b5c$0a0b0c0d$0e0f1011$@sakura-sys.co.jp",
                    mailer="Microsoft Outlook 16.0",
                    extra=[H("In-Reply-To", "<20240501100000.99AA@minato-soft.co.jp>"),
                           H("References", "<20240501100000.99AA@minato-soft.co.jp>")])
    h += text_part_headers("ISO-2022-JP", "7bit")
    add("19a-signature-outlook-quote.eml", message(h, encode_text(body, "iso-2022-jp")), subject=subj,
        contains=("-----Original Message-----", "090-8765-4321", "〒100-0005"),
        purpose="sender's own address/phone only in a ━━━ signature; customer's address/phone only under -----Original Message----- (external)")


def f19b():
    subj = "Re: ミナトソフト様 請求書送付先の変更"
    body = f"""山本さん

お疲れさまです。佐藤です。

ご連絡ありがとうございます。
請求書の送付先は、来月分から変更後の住所で発行するよう経理部に依頼しました。

よろしくお願いします。

{SIGSEP}
サクラシステム株式会社 営業部
佐藤 一郎
〒100-0005 東京都千代田区丸の内1-2-3 サクラビル8F
TEL 03-1234-5678（内線 2345）

2024年5月1日(水) 10:00 山本 恵子 <keiko.yamamoto@sakura-sys.co.jp> wrote:
> 佐藤さん
>
> お疲れさまです。山本です。
> ミナトソフトの山田花子様から、請求書の送付先変更の連絡がありました。
>
> 新送付先：〒220-0012 神奈川県横浜市西区みなとみらい2-2-1 横浜ランドマークタワー12F
> ご担当：山田 花子 様（直通 045-222-3333）
>
> 対応をお願いできますでしょうか。
>
> 山本
"""
    h = std_headers(mbox(*SATO), mbox("山本 恵子", "keiko.yamamoto@sakura-sys.co.jp"), ew(subj),
                    "Wed, 1 May 2024 11:02:33 +0900",
                    "c0ffee00-1234-4abc-8def-0123456789ab@sakura-sys.co.jp",
                    extra=[H("In-Reply-To", "<beef0000-5678-4abc-8def-0123456789ab@sakura-sys.co.jp>"),
                           H("References", "<beef0000-5678-4abc-8def-0123456789ab@sakura-sys.co.jp>"),
                           H("User-Agent", "Mozilla Thunderbird")])
    h += text_part_headers("UTF-8", "8bit")
    add("19b-signature-wrote-quote-internal.eml", message(h, body.encode("utf-8")), subject=subj,
        contains=("wrote:", "045-222-3333"),
        purpose="internal reply: own address/phone only in the '-- ' signature, customer's record only in '> ' lines under '… wrote:' -> pass")


# ==========================================================================
# 20 PPAP: a real ZipCrypto-encrypted 見積書.zip
# ==========================================================================

ZIP20_PASSWORD = b"Sakura#2024"
ZIP20_INNER = "見積書_カエデ電機様.pdf"


def f20():
    subj = "お見積書送付の件（カエデ電機様）"
    body = """カエデ電機株式会社
高橋 様

いつもお世話になっております。サクラシステムの佐藤です。

ご依頼いただきましたお見積書を添付にてお送りいたします。
ファイルはパスワード付きZIPで圧縮しております。
パスワードは別途お送りします。

ご査収のほど、よろしくお願いいたします。

━━━━━━━━━━━━━━━━━━━━
サクラシステム株式会社 営業部
佐藤 一郎
━━━━━━━━━━━━━━━━━━━━
"""
    pdf = tiny_pdf(["Sakura System Co., Ltd.", "QUOTATION Q-2024-0513", "Total: JPY 1,980,000"])
    z = zipcrypto_zip([(ZIP20_INNER.encode("cp932"), pdf)], ZIP20_PASSWORD, seed=20)
    zf = zipfile.ZipFile(BytesIO(z))
    info = zf.infolist()[0]
    assert info.flag_bits & 1 and zf.read(info, pwd=ZIP20_PASSWORD) == pdf
    fname = "見積書.zip"
    n = ew(fname, "ISO-2022-JP")
    bd = "----=_NextPart_000_0044_01DAA51B.6C2D8E90"
    parts = [part(text_part_headers("ISO-2022-JP", "7bit"), encode_text(body, "iso-2022-jp")),
             part([H("Content-Type", f'application/x-zip-compressed;\n name="{n}"'),
                   H("Content-Transfer-Encoding", "base64"),
                   H("Content-Disposition", f'attachment;\n filename="{n}"')], b64(z))]
    h = std_headers(mbox(*SATO, charset="ISO-2022-JP"),
                    mbox("高橋 誠", "makoto.takahashi@kaede-denki.co.jp", charset="ISO-2022-JP"),
                    ew(subj, "ISO-2022-JP"), "Mon, 13 May 2024 10:20:00 +0900",
                    "000901daa51b$6c2d8e90$44885bb0$@sakura-sys.co.jp",
                    mailer="Microsoft Outlook 16.0",
                    extra=[H("Content-Type", f'multipart/mixed;\n boundary="{bd}"')])
    add("20-ppap-encrypted-zip.eml",
        message(h, multipart(bd, parts, b"This is a multipart message in MIME format.\n\n")),
        subject=subj, contains=("パスワードは別途お送りします",),
        purpose="real ZipCrypto-encrypted 見積書.zip (inner name CP932, no UTF-8 flag) + PPAP body")


# ==========================================================================
# 21 group syntax, duplicated To, address without angle brackets
# ==========================================================================

def f21():
    subj = "夏季休業期間のお知らせ"
    body = f"""お取引先各位

平素より大変お世話になっております。
誠に勝手ながら、弊社では下記の期間を夏季休業とさせていただきます。

  休業期間：2024年8月10日（土）～8月18日（日）

休業期間中にいただいたお問い合わせは、8月19日（月）以降に順次対応いたします。
ご不便をおかけいたしますが、何卒ご了承くださいますようお願い申し上げます。

{SIGSEP}
サクラシステム株式会社 営業部
佐藤 一郎
"""
    h = [H("From", mbox(*SATO)),
         H("To", "undisclosed-recipients:;"),
         H("To", f"{ew('取引先各位')}: tanaka@kaede-denki.co.jp,\n suzuki@minato-soft.co.jp;"),
         H("Cc", "山田太郎 yamada@example.jp"),
         H("Subject", ew(subj)),
         H("Date", "Wed, 22 May 2024 16:00:00 +0900"),
         H("Message-ID", "<20240522160000.7788@sakura-sys.co.jp>"),
         H("MIME-Version", "1.0"),
         H("X-Mailer", "SAKURA Groupware 5.1")]
    h += text_part_headers("UTF-8", "8bit")
    add("21-groups-duplicate-to.eml", message(h, body.encode("utf-8")), subject=subj,
        contains=("夏季休業",),
        purpose="To: undisclosed-recipients:; + a second To with group 取引先各位: a, b; + Cc 山田太郎 yamada@example.jp (no angle brackets, raw UTF-8)")


# ==========================================================================
# 22 message/rfc822 nested 3 deep, personal data in the innermost body
# ==========================================================================

def f22():
    l3_subj = "【応募】中途採用（SE職）への応募"
    l3_body = """サクラシステム株式会社
採用ご担当者様

はじめまして。中途採用（SE職）の募集を拝見し、応募させていただきます。
以下、私の連絡先です。

氏名：近藤 恵美（こんどう えみ）
生年月日：1992年7月12日
住所：〒181-0013 東京都三鷹市下連雀3-14-5 メゾン三鷹203
電話：090-3456-7890
メール：emi.kondo.0712@gmail.com

職務経歴書は別途郵送いたします。
何卒よろしくお願いいたします。
"""
    l3 = message([H("From", mbox("近藤 恵美", "emi.kondo.0712@gmail.com", charset="ISO-2022-JP")),
                  H("To", "recruit@sakura-sys.co.jp"),
                  H("Subject", ew(l3_subj, "ISO-2022-JP")),
                  H("Date", "Sat, 11 May 2024 22:14:05 +0900"),
                  H("Message-ID", "<CAKx9z+applicant0712@mail.gmail.com>"),
                  H("MIME-Version", "1.0")] + text_part_headers("ISO-2022-JP", "7bit"),
                 encode_text(l3_body, "iso-2022-jp"))

    def wrap(frm, to, subj, date, msgid, text, inner, inner_name, bd):
        parts = [part(text_part_headers("UTF-8", "base64"), b64(text.encode("utf-8"))),
                 part([H("Content-Type", f'message/rfc822;\n name="{ew(inner_name)}"'),
                       H("Content-Disposition", f'attachment;\n filename="{ew(inner_name)}"')],
                      inner)]
        return message([H("From", frm), H("To", to), H("Subject", ew(subj)), H("Date", date),
                        H("Message-ID", f"<{msgid}>"), H("MIME-Version", "1.0"),
                        H("Content-Type", f'multipart/mixed; boundary="{bd}"')],
                       multipart(bd, parts))

    l2 = wrap(mbox("採用サイト「ジョブリンク」", "noreply@joblink-saiyo.jp"), "recruit@sakura-sys.co.jp",
              "【ジョブリンク】新着応募のお知らせ", "Sat, 11 May 2024 22:15:00 +0900",
              "notify.88231@joblink-saiyo.jp",
              "サクラシステム株式会社 採用ご担当者様\n\n新しい応募がありました。応募者からのメールを添付します。\n\nジョブリンク 運営事務局\n",
              l3, l3_subj + ".eml", "jl_bd_88231")
    l1 = wrap(mbox("人事部 佐々木", "sasaki@sakura-sys.co.jp"), mbox(*SUZUKI),
              "Fw: 【ジョブリンク】新着応募のお知らせ", "Mon, 13 May 2024 09:05:00 +0900",
              "fw-88231.sasaki@sakura-sys.co.jp",
              "鈴木さん\n\n週末に届いた応募です。一次選考をお願いします。\n\n佐々木\n",
              l2, "【ジョブリンク】新着応募のお知らせ.eml", "sasaki_fw_bd_01")
    subj = "Fw: 候補者のご紹介（SE職）"
    body = """株式会社ネクストキャリア
人材紹介事業部 西村 様

いつもお世話になっております。サクラシステム人事部の鈴木です。

先日ご相談した件、弊社に直接応募のあった候補者のメールを転送いたします。
貴社経由でのご紹介扱いとできるか、ご確認いただけますでしょうか。

よろしくお願いいたします。

""" + f"""{SIGSEP}
サクラシステム株式会社 人事部
鈴木 花子
"""
    outer_name = "Fw_ 【ジョブリンク】新着応募のお知らせ.eml"
    bd = "outer_fw_bd_7f3e"
    parts = [part(text_part_headers("UTF-8", "8bit"), body.encode("utf-8")),
             part([H("Content-Type", f'message/rfc822;\n name="{ew(outer_name)}"'),
                   H("Content-Disposition", f'attachment;\n filename="{ew(outer_name)}"')], l1)]
    h = std_headers(mbox(*SUZUKI), mbox("西村 様", "nishimura@next-career.co.jp"), ew(subj),
                    "Mon, 13 May 2024 11:30:00 +0900", "fw-candidate-se.suzuki@sakura-sys.co.jp",
                    mailer="Microsoft Outlook 16.0",
                    extra=[H("Content-Type", f'multipart/mixed; boundary="{bd}"')])
    add("22-nested-rfc822.eml", message(h, multipart(bd, parts)), subject=subj,
        contains=("生年月日：1992年7月12日", "090-3456-7890"),
        purpose="message/rfc822 forwarded 3 deep; the innermost (ISO-2022-JP) body holds a person's name, birth date, address, phone")


# ==========================================================================
# 23 broken messages
# ==========================================================================

def f23a():
    subj = "議事録（5/22 定例会）"
    good = "----=_NextPart_000_0051_01DAAC3E.1A2B3C4D"
    declared = "----=_NextPart_000_0051_01DAAC3E.1A2B3C4E"   # one character off, never appears
    text = """ひかりテック 大野様

お世話になっております。サクラシステムの高橋です。
5/22 定例会の議事録をお送りします。取扱注意でお願いいたします。

高橋
"""
    parts = [part(text_part_headers("UTF-8", "8bit"), text.encode("utf-8")),
             part([H("Content-Type", 'application/pdf; name="minutes_0522.pdf"'),
                   H("Content-Disposition", 'attachment; filename="minutes_0522.pdf"'),
                   H("Content-Transfer-Encoding", "base64")], b64(tiny_pdf(["Minutes 2024-05-22"])))]
    h = std_headers(mbox(*TAKAHASHI), mbox("大野 様", "ohno@hikari-tech.co.jp"), ew(subj),
                    "Thu, 23 May 2024 09:10:00 +0900", "broken-boundary-0522@sakura-sys.co.jp",
                    mailer="Microsoft Outlook 16.0",
                    extra=[H("Content-Type", f'multipart/mixed;\n boundary="{declared}"')])
    data = message(h, multipart(good, parts, b"This is a multipart message in MIME format.\n\n"))
    assert declared.encode() not in data.split(b"\n\n", 1)[1]
    assert "取扱注意".encode("utf-8") in data   # readable only by a best-effort raw scan
    add("23a-broken-boundary-missing.eml", data, subject=subj, contains=(),
        purpose="multipart/mixed whose declared boundary never appears in the body")


def f23b():
    subj = "議事録送付の件"
    text = """カエデ電機 髙橋様

お世話になっております。サクラシステムの高橋です。
本日の打ち合わせの議事録を添付いたします。取扱注意でお願いいたします。

高橋
"""
    enc = b64(text.encode("utf-8")).decode().splitlines()
    enc[1] = enc[1][:20] + "!!*#" + enc[1][20:]          # junk characters mid-line
    enc[-1] = enc[-1].rstrip("=")[:-1]                   # drop padding and one char: truncated quantum
    bad = "\n".join(enc) + "\n"
    lenient = re.sub(r"[^A-Za-z0-9+/]", "", bad)
    lenient = lenient[:len(lenient) // 4 * 4]   # skip junk, drop the incomplete final quantum
    assert "取扱注意" in base64.b64decode(lenient).decode("utf-8", "replace")
    bd = "=_sg_bad64_5a1c"
    parts = [part(text_part_headers("UTF-8", "base64"), bad.encode("ascii")),
             part([H("Content-Type", 'application/pdf; name="minutes_0523.pdf"'),
                   H("Content-Disposition", 'attachment; filename="minutes_0523.pdf"'),
                   H("Content-Transfer-Encoding", "base64")], b64(tiny_pdf(["Minutes 2024-05-23"])))]
    h = std_headers(mbox(*TAKAHASHI), mbox("髙橋 誠", "makoto.takahashi@kaede-denki.co.jp"), ew(subj),
                    "Thu, 23 May 2024 17:45:00 +0900", "bad-base64-0523@sakura-sys.co.jp",
                    extra=[H("Content-Type", f'multipart/mixed; boundary="{bd}"')])
    add("23b-broken-invalid-base64.eml", message(h, multipart(bd, parts)), subject=subj,
        contains=(),
        purpose="text part whose base64 has junk characters and a truncated final quantum; valid PDF beside it")


def f23c():
    subj = "来月の訪問日程について"
    body = """ミナトソフト 小林様

お世話になっております。サクラシステムの高橋です。
来月の訪問ですが、6月12日（水）の午後でいかがでしょうか。

高橋
"""
    h = std_headers(mbox(*TAKAHASHI), mbox("小林 様", "kobayashi@minato-soft.co.jp"), ew(subj),
                    "Fri, 24 May 2024 10:00:00 +0900", "nul-header-0524@sakura-sys.co.jp")
    h.append(b"X-Mailer: SAKURA-Mailer/1.0\x00(build 117)")
    h += text_part_headers("UTF-8", "8bit")
    data = message(h, body.encode("utf-8"))
    assert data.count(b"\x00") == 1
    add("23c-broken-nul-in-header.eml", data, subject=subj, contains=("6月12日",),
        purpose="a header line (X-Mailer) containing a NUL byte")


def f23d():
    subj = "先日のお礼"
    body = """ひかりテック 大野様

先日はお時間をいただき、ありがとうございました。
引き続きよろしくお願いいたします。

サクラシステム 高橋
"""
    h = [H("To", mbox("大野 様", "ohno@hikari-tech.co.jp")), H("Subject", ew(subj)),
         H("Date", "Fri, 24 May 2024 18:30:00 +0900"),
         H("Message-ID", "<no-from-0524@sakura-sys.co.jp>"), H("MIME-Version", "1.0")]
    h += text_part_headers("UTF-8", "8bit")
    add("23d-broken-missing-from.eml", message(h, body.encode("utf-8")), subject=subj,
        contains=("ありがとうございました",), purpose="no From (and no Sender) header")


# ==========================================================================
# 24 a customer list pasted into the body
# ==========================================================================

def f24():
    subj = "6月 お誕生日DM 発送リストの件"
    rows = [
        ("氏名", "住所", "電話", "生年月日"),
        ("髙木 美由紀", "東京都世田谷区桜新町1-2-3", "090-1234-0001", "1985/06/03"),
        ("石川 大輔", "神奈川県横浜市港北区日吉2-4-6", "045-555-0123", "1978/06/11"),
        ("上田 智子", "埼玉県さいたま市浦和区高砂3-8-10", "080-9876-5432", "1990/06/19"),
        ("森本 健太郎", "千葉県船橋市本町4-1-7", "047-432-1098", "1969/06/24"),
        ("佐野 由美子", "東京都八王子市旭町10-2", "042-625-7788", "1982/06/30"),
    ]
    table = "\n".join("\t".join(r) for r in rows)
    body = f"""株式会社東都印刷
吉田 様

お世話になっております。サクラシステムの佐藤です。

6月お誕生日の会員様向けDMの発送先です。
Excelから貼り付けておりますので、宛名データとしてご利用ください。

{table}

印刷前に校正をお送りいただけますと幸いです。
よろしくお願いいたします。

""" + SIG_SATO
    h = std_headers(mbox(*SATO), mbox("吉田 様", "yoshida@toto-print.co.jp"), ew(subj),
                    "Mon, 27 May 2024 15:00:00 +0900",
                    "000a01dab01c$1f2e3d4c$5b6a7988$@sakura-sys.co.jp",
                    mailer="Microsoft Outlook 16.0")
    h += text_part_headers("UTF-8", "base64")
    add("24-customer-list-in-body.eml", message(h, b64(body.encode("utf-8"))), subject=subj,
        contains=("佐野 由美子\t",),
        purpose="5 tab-separated customer rows (氏名 住所 電話 生年月日) pasted into the body")


# ==========================================================================
# 25 credit card, passport, residence card, driver's licence
# ==========================================================================

def f25():
    subj = "海外出張・国内移動の手配のお願い（6月）"
    body = f"""株式会社ツバサトラベル
法人営業部 石井 様

いつもお世話になっております。サクラシステム総務部の鈴木です。

6月の出張について、航空券・ホテル・レンタカーの手配をお願いいたします。

■出張者1（シンガポール 6/10～6/14）
氏名（パスポート表記）：OGAWA TAKUYA
旅券番号：TK1234567
有効期限：2031年3月15日

■出張者2（同行・再入国手続き用）
氏名：NGUYEN VAN AN
在留カード番号：AB12345678CD

■国内レンタカー（6/20 福岡空港）運転者
氏名：小川 拓也
運転免許証番号：301234567890

■お支払い（法人カード）
カード番号：4111 1111 1111 1111
有効期限：12/27
名義：ICHIRO SATO

お手数ですが、手配完了後に旅程表をお送りください。
よろしくお願いいたします。

{SIGSEP}
サクラシステム株式会社 総務部
鈴木 花子
"""
    h = std_headers(mbox(*SUZUKI), mbox("石井 様", "ishii@tsubasa-travel.co.jp"), ew(subj),
                    "Tue, 28 May 2024 10:30:00 +0900", "travel-0610.suzuki@sakura-sys.co.jp",
                    mailer="Microsoft Outlook 16.0")
    h += text_part_headers("UTF-8", "quoted-printable")
    add("25-card-passport-license.eml", message(h, qp(body.encode("utf-8"))), subject=subj,
        contains=("4111 1111 1111 1111", "TK1234567", "AB12345678CD", "301234567890"),
        purpose="credit card (Luhn-valid, カード番号), 旅券番号, 在留カード番号, 運転免許証番号 with labels")


# ==========================================================================
# 26 和暦 birth dates, +81 phone, 〒, kanji-numeral address
# ==========================================================================

def f26():
    subj = "団体保険 加入者追加の手続きについて"
    body = f"""みらい保険サービス株式会社
代理店営業部 岡本 様

いつもお世話になっております。サクラシステム総務部の鈴木です。

令和6年4月1日より適用となる団体保険について、下記社員の加入者追加の手続きを
お願いいたします。

被保険者：中村 健一
生年月日：昭和60年4月1日
住所：〒150-0002 東京都渋谷区渋谷二丁目21番1号 渋谷ハイツ305
電話：+81-90-2468-1357

配偶者：中村 美咲（H元年5月8日生まれ）
長男：中村 翔太（㋿2年3月3日生）

なお、6月3日は弊社の創立記念日（平成2年6月3日設立）のため休業となります。
書類のご返送は翌営業日以降で結構です。

よろしくお願いいたします。

{SIGSEP}
サクラシステム株式会社 総務部
鈴木 花子
"""
    h = std_headers(mbox(*SUZUKI), mbox("岡本 様", "okamoto@mirai-hoken.co.jp"), ew(subj),
                    "Wed, 29 May 2024 14:10:00 +0900", "hoken-add-0529.suzuki@sakura-sys.co.jp",
                    mailer="Microsoft Outlook 16.0")
    h += text_part_headers("UTF-8", "base64")
    add("26-wareki-birthdate-kanji-address.eml", message(h, b64(body.encode("utf-8"))), subject=subj,
        contains=("昭和60年4月1日", "H元年5月8日", "㋿2年3月3日", "二丁目21番1号", "+81-90-2468-1357"),
        purpose="和暦 birth dates (昭和60年, H元年, ㋿2年) near 生年月日/生まれ/生, +81 phone, 〒, kanji-numeral address; 令和/平成 non-birth dates as traps")


# ==========================================================================
# verification (Python's email package + an independent robust decoder)
# ==========================================================================

PY_ALIAS = {"shift_jis": "cp932", "sjis": "cp932", "cp932": "cp932", "x-cp932": "cp932",
            "windows-31j": "cp932", "iso-2022-jp": "iso2022_jp_ext", "iso-2022-jp-2": "iso2022_jp_2",
            "euc-jp": "euc_jp", "utf-8": "utf-8", "us-ascii": "ascii"}


def robust_bytes_decode(raw: bytes, charset: str | None) -> str:
    cs = (charset or "").lower()
    if cs == "iso-2022-jp-ms":
        return jis_to_sjis(raw).decode("cp932")
    if cs in PY_ALIAS:
        return raw.decode(PY_ALIAS[cs], errors="replace")
    for c in ("utf-8", "cp932", "euc_jp"):
        try:
            return raw.decode(c)
        except UnicodeDecodeError:
            pass
    return raw.decode("latin-1")


_EW = re.compile(rb"=\?([^?]+)\?([BbQq])\?([^?]*)\?=")


def robust_header(raw: bytes) -> str:
    """RFC 2047 decode joining adjacent same-charset words; 8-bit fallback."""
    raw = re.sub(rb"\r?\n[ \t]", b" ", raw)
    out, pending_cs, pending = [], None, b""
    pos = 0

    def flush():
        nonlocal pending_cs, pending
        if pending_cs is not None:
            out.append(robust_bytes_decode(pending, pending_cs))
        pending_cs, pending = None, b""

    for m in _EW.finditer(raw):
        gap = raw[pos:m.start()]
        if gap.strip() or pending_cs is None:
            flush()
            out.append(robust_bytes_decode(gap, None) if gap else "")
        cs, mode, data = m.group(1).decode().lower(), m.group(2).upper(), m.group(3)
        cs = cs.split("*", 1)[0]  # RFC 2231 language suffix
        if mode == b"B":
            dec = base64.b64decode(data + b"=" * (-len(data) % 4))
        else:
            dec = binascii.a2b_qp(data.replace(b"_", b" "), header=True)
        if pending_cs is not None and cs != pending_cs:
            flush()
        pending_cs = cs
        pending += dec
        pos = m.end()
    flush()
    out.append(robust_bytes_decode(raw[pos:], None))
    return "".join(out)


def raw_header(data: bytes, name: str) -> bytes | None:
    head = data.split(b"\n\n", 1)[0]
    m = re.search(rb"(?im)^" + name.encode() + rb":[ \t]?(.*(?:\n[ \t].*)*)", head)
    return m.group(1) if m else None


def leaf_texts(msg) -> list[str]:
    texts = []
    for p in msg.walk():
        if p.is_multipart() or p.get_content_maintype() == "message":
            continue
        if p.get_content_maintype() != "text":
            continue
        payload = p.get_payload(decode=True) or b""
        texts.append(robust_bytes_decode(payload, p.get_param("charset")))
    return texts


def walk_all(msg):
    """walk() that also descends into message/rfc822 parts."""
    yield msg
    if msg.is_multipart():
        for sub in msg.get_payload():
            yield from walk_all(sub)


def verify(fixtures: list[dict]) -> int:
    failures = 0
    rows = []
    for fx in fixtures:
        path = OUT / fx["name"]
        data = path.read_bytes()
        problems = []
        if b"\r" in data:
            problems.append("contains CR")
        if len(data) > LIMIT and not fx["big_ok"]:
            problems.append(f"size {len(data)} > 20 KB")
        for variant, blob in (("LF", data), ("CRLF", data.replace(b"\n", b"\r\n"))):
            try:
                m = email.message_from_bytes(blob, policy=policy.default)
                _ = [str(v) for k, v in m.items()]
            except Exception as e:  # noqa: BLE001
                problems.append(f"{variant}: python email failed: {e!r}")
        m = email.message_from_bytes(data, policy=policy.default)
        py_subject = str(m.get("Subject", ""))
        rb = raw_header(data, "Subject")
        rb_subject = robust_header(rb) if rb is not None else ""
        if rb_subject != fx["subject"]:
            problems.append(f"robust subject {rb_subject!r} != intended {fx['subject']!r}")
        rf = raw_header(data, "From")
        frm = robust_header(rf) if rf is not None else "(none)"
        body_text = "\n".join(leaf_texts(m))
        for needle in fx["contains"]:
            if needle not in body_text:
                problems.append(f"body lacks {needle!r}")
        all_parts = list(walk_all(m))
        leaves = [p for p in all_parts if not p.is_multipart()]
        atts = [p.get_filename() or f"({p.get_content_type()})" for p in all_parts[1:]
                if p.get_filename() or p.get_content_disposition() == "attachment"]
        py_ok = "=" if py_subject == fx["subject"] else "≠"
        # what Python's email itself makes of the text bodies (policy.default get_content)
        py_texts = []
        for p in all_parts:
            if not p.is_multipart() and p.get_content_maintype() == "text":
                try:
                    py_texts.append(p.get_content())
                except Exception as e:  # noqa: BLE001
                    py_texts.append(f"<{e!r}>")
        py_body = "\n".join(py_texts)
        py_body_ok = ("=" if all(n in py_body for n in fx["contains"]) else "≠") if fx["contains"] else "-"
        rcpts = []
        for field in ("To", "Cc"):
            for hv in m.get_all(field) or []:
                try:
                    rcpts += [f"{field.lower()}:{a.addr_spec}" for a in hv.addresses]
                except Exception as e:  # noqa: BLE001
                    rcpts.append(f"{field.lower()}:<{e!r}>")
        rows.append((fx["name"], frm, rb_subject, py_ok, py_body_ok, py_subject, len(all_parts),
                     len(leaves), atts, len(data), rcpts, problems))
        failures += bool(problems)
    # table
    print(f"{'file':40} {'bytes':>6} {'parts':>5} {'leaf':>4} S B  From / decoded Subject / recipients and attachments as Python sees them")
    for name, frm, subj, py_ok, py_body_ok, py_subject, np_, nl, atts, size, rcpts, problems in rows:
        pad = " " * 66
        print(f"{name:40} {size:6d} {np_:5d} {nl:4d} {py_ok} {py_body_ok}  From: {frm}")
        print(f"{pad}Subject: {subj}")
        if py_ok != "=":
            print(f"{pad}  (python: {py_subject!r})")
        print(f"{pad}Python rcpts: {', '.join(rcpts) if len(rcpts) < 5 else ', '.join(rcpts[:4]) + f', … ({len(rcpts)})'}")
        if atts:
            print(f"{pad}Attachments: {atts}")
        for p in problems:
            print(f"{'':68}!! {p}")
    print("\nS: '=' when Python's email (policy.default) decodes the Subject exactly as intended."
          "\nB: '=' when Python's get_content() of the text parts contains the fixture's probe strings"
          " ('-' no probes). '≠' marks what a naive decoder gets wrong; the Subject line and the"
          " problem checks (!!) use an independent decoder that joins adjacent encoded-words and"
          " maps Shift_JIS/CP932/x-cp932/Windows-31J -> cp932 and ISO-2022-JP-MS -> JIS->cp932.")
    return failures


BUILDERS = [f01, f02, f03, f04, f05, f06, f07, f08, f09, f10, f11, f12a, f12b, f13, f14, f15, f16,
            f17a, f17b, f18, f19a, f19b, f20, f21, f22, f23a, f23b, f23c, f23d, f24, f25, f26]


def main() -> int:
    check_only = "--check" in sys.argv[1:]
    for b in BUILDERS:
        b()
    names = [f["name"] for f in FIXTURES]
    assert len(names) == len(set(names))
    if not check_only:
        for fx in FIXTURES:
            (OUT / fx["name"]).write_bytes(fx["data"])
        print(f"wrote {len(FIXTURES)} fixtures to {OUT}\n")
    else:
        for fx in FIXTURES:
            if (OUT / fx["name"]).read_bytes() != fx["data"]:
                print(f"!! {fx['name']} differs from what the generator produces")
                return 1
    failures = verify(FIXTURES)
    if failures:
        print(f"\n{failures} fixture(s) with problems")
        return 1
    print("\nall fixtures verified")
    return 0


if __name__ == "__main__":
    sys.exit(main())
