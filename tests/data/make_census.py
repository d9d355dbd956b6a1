#!/usr/bin/env python3
"""Generate sendguard's personal-data census (tests/data/census/).

Stdlib only (Python 3.11+), deterministic (fixed seed). Run from the repository root:

    python3 tests/data/make_census.py            # write + verify
    python3 tests/data/make_census.py --check    # verify only (fails if a file differs)

Two sets, read by tests/census.rs:

* census/ordinary/NNN-<kind>.eml -- ordinary outgoing mail of サクラシステム株式会社
  (sakura-sys.co.jp) to colleagues and partner companies, written the way Japanese
  office mail is: signatures in every framing (-- / 「-- 」 / box / ━━━ / ＝＝＝ / ＊＊＊ /
  ─── / ―― / none / English, plain and Outlook Word HTML), replies quoting the
  partner's mail with its business signature, forwards of business mail in every
  mailer's format (Thunderbird en/ja, Outlook en/ja with and without the dashed line,
  Gmail, Becky!), meeting notices, invoices with the company's own bank account,
  tracking numbers (some passing the My Number check digit), 法人番号, T-numbers, JAN
  codes... None of them holds a private person's data: a personal-data finding at
  warning or danger on any of them is a false alarm.
* census/forwarded-pii/NNN-<kind>.eml -- a private customer's data (マイナンバー, a refund
  account, name + home address + phone + birth date, a 申込書, a private signature),
  written from a free-mail address or a web form, forwarded to an outside partner in
  every forward format. Every one of them must be warned.

Every file is written byte-exactly with LF line endings. Charsets are mixed as real
Japanese mail is: ISO-2022-JP 7bit, UTF-8 (base64, quoted-printable, 8bit),
Shift_JIS (CP932 bytes, 8bit and base64), HTML parts in the same charsets.
All people, companies, addresses and numbers are fictional.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import email
import html as htmllib
import random
import re
import sys
from email import policy
from email.utils import format_datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "census"
SEED = 20250401

# --------------------------------------------------------------------------
# number helpers
# --------------------------------------------------------------------------

# The check-digit rules the golden fixtures already assert.
from make_fixtures import MN_W, corporate_ok, luhn_ok, my_number_ok  # noqa: E402


def my_number_digit(first11: str) -> str:
    r = sum(int(a) * b for a, b in zip(first11, MN_W)) % 11
    return str(0 if r <= 1 else 11 - r)


def corporate_digit(body12: str) -> str:
    t = sum(int(c) * (2 if i % 2 == 0 else 1) for i, c in enumerate(reversed(body12), 1))
    return str(9 - t % 9)


def jan(body12: str) -> str:
    t = sum(int(x) * (3 if i % 2 else 1) for i, x in enumerate(body12))
    return body12 + str((10 - t % 10) % 10)


def tracking(rng: random.Random, passes_my_number: bool) -> str:
    """A 12-digit 4-4-4 slip number; `passes_my_number` picks one that happens to pass
    the My Number check digit (as roughly one in eleven real ones do)."""
    while True:
        d = "".join(str(rng.randrange(10)) for _ in range(11))
        if d[0] == "0":
            continue
        last = my_number_digit(d) if passes_my_number else str(rng.randrange(10))
        s = d + last
        if my_number_ok(s) == passes_my_number:
            return f"{s[:4]}-{s[4:8]}-{s[8:]}"


CORP_SAKURA = corporate_digit("010401234567") + "010401234567"
assert corporate_ok(CORP_SAKURA)

# --------------------------------------------------------------------------
# encoding helpers (as in make_fixtures.py)
# --------------------------------------------------------------------------

CODEC = {"utf-8": "utf-8", "iso-2022-jp": "iso2022_jp", "shift_jis": "cp932",
         "windows-31j": "cp932", "us-ascii": "ascii"}


def encode_text(text: str, charset: str) -> bytes:
    return text.encode(CODEC[charset.lower()])


def _word(raw: bytes, charset: str) -> str:
    return f"=?{charset}?B?{base64.b64encode(raw).decode()}?="


def ew(text: str, charset: str = "UTF-8", max_word: int = 66) -> str:
    """RFC 2047 B-encode (only when needed), split on character boundaries."""
    if text.isascii():
        return text
    words, chunk = [], ""
    for ch in text:
        cand = chunk + ch
        if chunk and len(_word(encode_text(cand, charset), charset)) > max_word:
            words.append(_word(encode_text(chunk, charset), charset))
            chunk = ch
        else:
            chunk = cand
    if chunk:
        words.append(_word(encode_text(chunk, charset), charset))
    return "\n ".join(words)


def mbox(name: str | None, addr: str, charset: str = "UTF-8") -> str:
    if not name:
        return addr
    if name.isascii():
        return f'"{name}" <{addr}>' if re.search(r"[,.;:]", name) else f"{name} <{addr}>"
    w = ew(name, charset)
    last = w.rsplit("\n", 1)[-1]
    sep = "\n " if len(last) + len(addr) + 3 > 72 else " "
    return f"{w}{sep}<{addr}>"


def H(name: str, value: str) -> bytes:
    return name.encode("ascii") + b": " + value.encode("ascii")


def b64(data: bytes, width: int = 76) -> bytes:
    s = base64.b64encode(data)
    return b"\n".join(s[i:i + width] for i in range(0, len(s), width)) + b"\n"


def qp(data: bytes) -> bytes:
    out = binascii.b2a_qp(data, istext=True)
    return out if out.endswith(b"\n") else out + b"\n"


def multipart(boundary: str, parts: list[bytes]) -> bytes:
    bd = boundary.encode()
    out = b""
    for p in parts:
        if not p.endswith(b"\n"):
            p += b"\n"
        out += b"--" + bd + b"\n" + p
    return out + b"--" + bd + b"--\n"


def leaf(ctype: str, charset: str, cte: str, text: str) -> tuple[list[bytes], bytes]:
    raw = encode_text(text, charset)
    if cte == "base64":
        body = b64(raw)
    elif cte == "quoted-printable":
        body = qp(raw)
    else:
        body = raw if raw.endswith(b"\n") else raw + b"\n"
    return [H("Content-Type", f'{ctype}; charset="{charset}"'),
            H("Content-Transfer-Encoding", cte)], body


# --------------------------------------------------------------------------
# people and companies (fictional)
# --------------------------------------------------------------------------

OFFICES = {
    "本社": dict(zip="100-0005", addr="東京都千代田区丸の内1-2-3 サクラビル8F",
               tel="03-1234-5678", fax="03-1234-5679",
               en="8F Sakura Bldg., 1-2-3 Marunouchi, Chiyoda-ku, Tokyo 100-0005, Japan",
               entel="+81-3-1234-5678"),
    "大阪支店": dict(zip="530-0001", addr="大阪府大阪市北区梅田2-4-9 梅田スクエアビル12F",
                 tel="06-6345-1200", fax="06-6345-1201",
                 en="12F Umeda Square Bldg., 2-4-9 Umeda, Kita-ku, Osaka 530-0001, Japan",
                 entel="+81-6-6345-1200"),
    "名古屋営業所": dict(zip="450-0002", addr="愛知県名古屋市中村区名駅3-15-1 名駅ダイヤビル6F",
                   tel="052-561-3300", fax="052-561-3301",
                   en="6F Meieki Dia Bldg., 3-15-1 Meieki, Nakamura-ku, Nagoya 450-0002, Japan",
                   entel="+81-52-561-3300"),
    "福岡営業所": dict(zip="812-0011", addr="福岡県福岡市博多区博多駅前2-1-1 博多フロントビル4F",
                  tel="092-441-5500", fax="092-441-5501",
                  en="4F Hakata Front Bldg., 2-1-1 Hakataekimae, Hakata-ku, Fukuoka 812-0011, Japan",
                  entel="+81-92-441-5500"),
}

# name, romaji (given family), local part, department, office, extension, mobile, title
STAFF = [
    ("佐藤 一郎", "Ichiro Sato", "ichiro.sato", "営業部", "本社", "2345", "080-4411-2345", "課長"),
    ("鈴木 花子", "Hanako Suzuki", "hanako.suzuki", "営業部", "本社", "2311", None, ""),
    ("高橋 健太", "Kenta Takahashi", "kenta.takahashi", "システム開発部", "本社", "3120", "090-2231-7788", "主任"),
    ("田中 美咲", "Misaki Tanaka", "misaki.tanaka", "経理部", "本社", "1502", None, ""),
    ("伊藤 大輔", "Daisuke Ito", "daisuke.ito", "営業部", "大阪支店", "612", "080-6677-1020", "支店長"),
    ("渡辺 由美", "Yumi Watanabe", "yumi.watanabe", "総務部", "本社", "1105", None, ""),
    ("山本 拓也", "Takuya Yamamoto", "takuya.yamamoto", "カスタマーサポート部", "本社", "4410", None, ""),
    ("中村 恵", "Megumi Nakamura", "megumi.nakamura", "マーケティング部", "本社", "2701", "090-3150-8844", ""),
    ("小林 誠", "Makoto Kobayashi", "makoto.kobayashi", "営業部", "名古屋営業所", "310", "080-9012-3344", "所長"),
    ("加藤 真由美", "Mayumi Kato", "mayumi.kato", "購買部", "本社", "1820", None, ""),
    ("吉田 翔", "Sho Yoshida", "sho.yoshida", "システム開発部", "大阪支店", "655", None, ""),
    ("山田 直樹", "Naoki Yamada", "naoki.yamada", "技術サポート部", "福岡営業所", "208", "070-1234-5566", ""),
    ("松本 彩", "Aya Matsumoto", "aya.matsumoto", "人事部", "本社", "1301", None, ""),
    ("井上 浩二", "Koji Inoue", "koji.inoue", "物流管理部", "本社", "5102", "080-7788-0011", "係長"),
    ("木村 沙織", "Saori Kimura", "saori.kimura", "営業企画部", "本社", "2602", None, ""),
    ("林 修平", "Shuhei Hayashi", "shuhei.hayashi", "営業部", "福岡営業所", "215", "090-8765-0101", ""),
    ("清水 亜希子", "Akiko Shimizu", "akiko.shimizu", "経理部", "大阪支店", "630", None, ""),
    ("森 隆之", "Takayuki Mori", "takayuki.mori", "品質保証部", "本社", "3305", None, "部長"),
]

DEPT_EN = {"営業部": "Sales Dept.", "システム開発部": "System Development Dept.", "経理部": "Accounting Dept.",
           "総務部": "General Affairs Dept.", "カスタマーサポート部": "Customer Support Dept.",
           "マーケティング部": "Marketing Dept.", "購買部": "Purchasing Dept.",
           "技術サポート部": "Technical Support Dept.", "人事部": "Human Resources Dept.",
           "物流管理部": "Logistics Dept.", "営業企画部": "Sales Planning Dept.",
           "品質保証部": "Quality Assurance Dept."}


class Staff:
    def __init__(self, t):
        (self.name, self.en, local, self.dept, self.office, self.ext, self.mobile,
         self.title) = t
        self.addr = f"{local}@sakura-sys.co.jp"
        self.family = self.name.split()[0]
        self.given = self.name.split()[1]
        self.o = OFFICES[self.office]


PEOPLE = [Staff(t) for t in STAFF]

# partner companies: name, short, domain, address, tel, fax, people [(name, local, dept, title, en)]
PARTNERS_RAW = [
    ("ミナトソフト株式会社", "ミナトソフト", "minato-soft.co.jp", "105-0011", "東京都港区芝公園2-4-1 芝パークビル5F",
     "03-5400-1234", "03-5400-1235",
     [("山田 太郎", "taro.yamada", "システム開発部", "課長", "Taro Yamada"),
      ("川口 美穂", "miho.kawaguchi", "営業部", "", "Miho Kawaguchi")]),
    ("株式会社北斗商事", "北斗商事", "hokuto-shoji.co.jp", "060-0005", "北海道札幌市中央区北五条西6-2-2 札幌センタービル9F",
     "011-251-3030", "011-251-3031",
     [("石川 健一", "k-ishikawa", "購買部", "部長", "Kenichi Ishikawa"),
      ("岡田 さやか", "s-okada", "購買部", "", "Sayaka Okada")]),
    ("東和電機株式会社", "東和電機", "towa-denki.co.jp", "212-0013", "神奈川県川崎市幸区堀川町580 ソリッドスクエア東館14F",
     "044-520-7700", "044-520-7701",
     [("前田 剛", "maeda.tsuyoshi", "調達部", "課長代理", "Tsuyoshi Maeda"),
      ("藤井 理恵", "fujii.rie", "技術部", "", "Rie Fujii")]),
    ("株式会社アオバ物流", "アオバ物流", "aoba-logi.co.jp", "984-0015", "宮城県仙台市若林区卸町3-1-10",
     "022-232-4411", "022-232-4412",
     [("後藤 信也", "goto", "配送センター", "センター長", "Shinya Goto"),
      ("村上 葵", "murakami", "営業課", "", "Aoi Murakami")]),
    ("丸三印刷株式会社", "丸三印刷", "marusan-print.co.jp", "162-0825", "東京都新宿区神楽坂4-8-12",
     "03-3260-5511", "03-3260-5512",
     [("長谷川 誠一", "hasegawa", "営業部", "", "Seiichi Hasegawa"),
      ("近藤 真理", "kondo", "制作部", "チーフ", "Mari Kondo")]),
    ("株式会社ヒカリネット", "ヒカリネット", "hikari-net.jp", "460-0008", "愛知県名古屋市中区栄3-18-1 ナディアパークビジネスセンタービル10F",
     "052-265-8800", "052-265-8801",
     [("坂本 龍", "r.sakamoto", "ソリューション営業部", "マネージャー", "Ryu Sakamoto"),
      ("遠藤 彩花", "a.endo", "カスタマーサクセス部", "", "Ayaka Endo")]),
    ("大洋システムズ株式会社", "大洋システムズ", "taiyo-systems.co.jp", "541-0041", "大阪府大阪市中央区北浜3-5-29 日本生命淀屋橋ビル7F",
     "06-6202-4500", "06-6202-4501",
     [("青木 隆", "t-aoki", "第二営業部", "部長", "Takashi Aoki"),
      ("西村 優子", "y-nishimura", "第二営業部", "", "Yuko Nishimura")]),
    ("税理士法人みどり会計", "みどり会計", "midori-tax.jp", "150-0002", "東京都渋谷区渋谷2-15-1 渋谷クロスタワー20F",
     "03-6418-2200", "03-6418-2201",
     [("福田 直子", "fukuda", "監査部", "税理士", "Naoko Fukuda")]),
    ("株式会社カエデ工業", "カエデ工業", "kaede-kogyo.co.jp", "390-0811", "長野県松本市中央1-23-6",
     "0263-33-1180", "0263-33-1181",
     [("太田 秀樹", "h-ota", "生産管理課", "課長", "Hideki Ota"),
      ("三浦 千尋", "c-miura", "品質管理課", "", "Chihiro Miura")]),
    ("西日本トレーディング株式会社", "西日本トレーディング", "nishinihon-trading.co.jp", "812-0013",
     "福岡県福岡市博多区博多駅東2-6-1 九勧筑紫通ビル3F", "092-474-6600", "092-474-6601",
     [("森田 浩二", "morita", "営業本部", "次長", "Koji Morita"),
      ("原 佳奈", "hara", "営業本部", "", "Kana Hara")]),
    ("株式会社スズラン企画", "スズラン企画", "suzuran-kikaku.co.jp", "730-0011", "広島県広島市中区基町11-10 合人社広島紙屋町ビル8F",
     "082-511-3456", "082-511-3457",
     [("中島 亮", "nakajima", "イベント事業部", "プロデューサー", "Ryo Nakajima")]),
    ("株式会社つばさ不動産", "つばさ不動産", "tsubasa-fudosan.co.jp", "220-0011", "神奈川県横浜市西区高島2-19-12 スカイビル15F",
     "045-444-1010", "045-444-1011",
     [("小川 智子", "t.ogawa", "法人営業部", "", "Tomoko Ogawa")]),
    ("株式会社こだま精機", "こだま精機", "kodama-seiki.co.jp", "420-0851", "静岡県静岡市葵区黒金町59-6 大同生命静岡ビル2F",
     "054-255-7070", "054-255-7071",
     [("斎藤 学", "saito.manabu", "営業部", "係長", "Manabu Saito"),
      ("今井 陽子", "imai.yoko", "総務部", "", "Yoko Imai")]),
]


class Partner:
    def __init__(self, t):
        (self.name, self.short, self.domain, self.zip, self.addr, self.tel, self.fax, ppl) = t
        self.people = [dict(name=n, addr=f"{lp}@{self.domain}", dept=d, title=ti, en=en,
                            family=n.split()[0]) for n, lp, d, ti, en in ppl]


PARTNERS = [Partner(t) for t in PARTNERS_RAW]

OVERSEAS = [
    dict(company="Pacific Bridge Inc.", domain="pacificbridge.com",
         people=[("Michael Brown", "m.brown"), ("Jennifer Lee", "jlee")],
         addr="1200 Harbor Blvd, Suite 400, San Francisco, CA 94105, USA", tel="+1-415-555-0134"),
    dict(company="Nordlicht Systems GmbH", domain="nordlicht-systems.de",
         people=[("Stefan Weber", "s.weber"), ("Anna Fischer", "a.fischer")],
         addr="Hafenstrasse 12, 20457 Hamburg, Germany", tel="+49 40 555 0192"),
    dict(company="Lion Gate Trading Pte. Ltd.", domain="liongate-trading.com.sg",
         people=[("Daniel Tan", "daniel.tan"), ("Grace Lim", "grace.lim")],
         addr="80 Robinson Road, #10-01, Singapore 068898", tel="+65 6555 0178"),
]

# --------------------------------------------------------------------------
# signatures
# --------------------------------------------------------------------------

SIG_STYLES = ["dash2", "rfc", "box", "heavy", "eq", "ast", "light", "bar", "none", "mixed"]


def own_sig(p: Staff, style: str, variant: int) -> list[str]:
    """The sender's own signature block, framed by `style`. `variant` changes the
    contents: which lines, their order, labels."""
    o = p.o
    title = f" {p.title}" if p.title and variant % 2 == 0 else ""
    company = "サクラシステム株式会社"
    lines: list[str] = []
    if variant % 3 == 0:
        lines += [company, f"{p.office + ' ' if p.office != '本社' else ''}{p.dept}{title}", p.name]
    elif variant % 3 == 1:
        lines += [f"{company} {p.dept}", f"{p.name}（{p.en.split()[1]} {p.en.split()[0]}）"]
    else:
        lines += [f"{p.name}{title}", f"{company}　{p.office if p.office != '本社' else ''}{p.dept}"]
    if variant % 4 != 3:
        lines.append(f"〒{o['zip']} {o['addr']}")
    lab = ["TEL", "Tel", "TEL：", "電話"][variant % 4]
    sep = " " if not lab.endswith("：") else ""
    if variant % 5 in (0, 2):
        lines.append(f"{lab}{sep}{o['tel']}（内線 {p.ext}）／FAX {o['fax']}")
    elif variant % 5 == 1:
        lines.append(f"{lab}{sep}{o['tel']}　FAX{sep or '：'}{o['fax']}")
        lines.append(f"内線：{p.ext}")
    else:
        lines.append(f"{lab}{sep}{o['tel']}（代表）")
    if p.mobile and variant % 2 == 1:
        lines.append(f"携帯：{p.mobile}")
    lines.append([f"Mail: {p.addr}", f"E-mail：{p.addr}", f"mailto:{p.addr}"][variant % 3])
    if variant % 3 != 2:
        lines.append("URL: https://www.sakura-sys.co.jp/" if variant % 2 else "https://www.sakura-sys.co.jp/")
    return frame(lines, style, variant)


def frame(lines: list[str], style: str, variant: int = 0) -> list[str]:
    if style == "dash2":
        r = "-" * [40, 50, 36][variant % 3]
        return [r] + lines + [r]
    if style == "rfc":
        return ["-- "] + lines
    if style == "box":
        w = 30
        return ["┏" + "━" * w + "┓"] + [f"┃ {ln}" for ln in lines] + ["┗" + "━" * w + "┛"]
    if style == "heavy":
        return ["━" * 26] + lines + ["━" * 26]
    if style == "eq":
        return ["＝" * 24] + lines + ["＝" * 24]
    if style == "ast":
        return ["＊" * 24] + lines + ["＊" * 24]
    if style == "light":
        return ["─" * 28] + lines + ["─" * 28]
    if style == "bar":
        return ["――――――――――――――――――――――――"] + lines + ["――――――――――――――――――――――――"]
    if style == "none":
        return lines
    if style == "mixed":   # ◆ line above only, as many write it
        return ["◆" + "◇◆" * 12] + lines
    raise ValueError(style)


def own_sig_en(p: Staff, variant: int) -> list[str]:
    o = p.o
    dept = DEPT_EN[p.dept]
    lines = [p.en, f"{dept}, Sakura System Co., Ltd."] if variant % 2 == 0 else \
        [f"{p.en} | {dept}", "Sakura System Co., Ltd."]
    lines.append(o["en"])
    lines.append(f"Tel: {o['entel']}" + (f" (ext. {p.ext})" if variant % 3 == 0 else "") +
                 ("" if variant % 2 else f" / Fax: +81-{o['fax'][1:]}"))
    lines.append(f"Email: {p.addr}")
    lines.append("Web: https://www.sakura-sys.co.jp/en/")
    return [["--", "-- ", "_" * 32, "=" * 40][variant % 4]] + lines + ([] if variant % 4 in (1, 2) else [])


def partner_sig(pc: Partner, who: dict, variant: int) -> list[str]:
    """A partner writer's business signature (company, domain, office phone)."""
    lines = []
    if variant % 3 == 0:
        lines += [pc.name, f"{who['dept']} {who['title']}".strip(), who["name"]]
    elif variant % 3 == 1:
        lines += [f"{who['name']}（{pc.name} {who['dept']}）"]
    else:
        lines += [f"{pc.name} {who['dept']}", f"{who['name']} / {who['en']}"]
    lines.append(f"〒{pc.zip} {pc.addr}")
    lines.append(f"TEL:{pc.tel} FAX:{pc.fax}" if variant % 2 == 0 else f"TEL {pc.tel}")
    lines.append(f"E-mail: {who['addr']}")
    if variant % 2 == 1:
        lines.append(f"https://www.{pc.domain}/")
    r = ["-" * 44, "=" * 40, "━" * 22, "*" * 40][variant % 4]
    return [r] + lines + [r]


# --------------------------------------------------------------------------
# bodies: segments rendered to plain text and to Outlook Word HTML
# --------------------------------------------------------------------------
# A body is a list of (kind, payload):
#   ("p", [lines])        text the sender writes now
#   ("sig", [lines])      the sender's signature
#   ("raw", [lines])      lines of a forward/quote header as the mailer writes them
#   ("olhdr", dict)       Outlook's 差出人/送信日時 block: sep, fields [(label, value)]
#   ("q", [lines], pfx)   quoted/forwarded text (pfx "> " for quoting mailers)


def plain(body: list) -> str:
    out: list[str] = []
    for seg in body:
        kind = seg[0]
        if kind in ("p", "sig", "raw"):
            out += seg[1]
        elif kind == "olhdr":
            d = seg[1]
            if d.get("sep"):
                out.append(d["sep"])
            out += [f"{k}: {v}" for k, v in d["fields"]]
            out.append("")
        elif kind == "q":
            pfx = seg[2]
            out += [(pfx + ln).rstrip() if pfx and not ln else pfx + ln for ln in seg[1]]
    return "\n".join(out).rstrip("\n") + "\n"


WORD_HEAD = """<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" xmlns="http://www.w3.org/TR/REC-html40"><head><meta http-equiv=Content-Type content="text/html; charset={charset}"><meta name=Generator content="Microsoft Word 15 (filtered medium)"><style><!--
/* Font Definitions */
@font-face
\t{{font-family:"Cambria Math";
\tpanose-1:2 4 5 3 5 4 6 3 2 4;}}
@font-face
\t{{font-family:游ゴシック;
\tpanose-1:2 11 4 0 0 0 0 0 0 0;}}
@font-face
\t{{font-family:"\\@游ゴシック";
\tpanose-1:2 11 4 0 0 0 0 0 0 0;}}
/* Style Definitions */
p.MsoNormal, li.MsoNormal, div.MsoNormal
\t{{margin:0mm;
\ttext-align:justify;
\ttext-justify:inter-ideograph;
\tfont-size:10.5pt;
\tfont-family:游ゴシック;}}
a:link, span.MsoHyperlink
\t{{mso-style-priority:99;
\tcolor:#0563C1;
\ttext-decoration:underline;}}
span.EmailStyle{n}
\t{{mso-style-type:personal-{compose};
\tfont-family:游ゴシック;
\tcolor:windowtext;}}
.MsoChpDefault
\t{{mso-style-type:export-only;
\tfont-family:游ゴシック;}}
/* Page Definitions */
@page WordSection1
\t{{size:612.0pt 792.0pt;
\tmargin:99.25pt 30.0mm 30.0mm 30.0mm;}}
div.WordSection1
\t{{page:WordSection1;}}
--></style><!--[if gte mso 9]><xml>
<o:shapedefaults v:ext="edit" spidmax="1026" />
</xml><![endif]--><!--[if gte mso 9]><xml>
<o:shapelayout v:ext="edit">
<o:idmap v:ext="edit" data="1" />
</o:shapelayout></xml><![endif]--></head><body lang=JA link="#0563C1" vlink="#954F72" style='word-wrap:break-word;text-justify-trim:punctuation'><div class=WordSection1>"""


def _esc(line: str) -> str:
    s = htmllib.escape(line, quote=False)
    # Word writes runs of spaces (and a leading one) as &nbsp;
    s = re.sub(r"(?<= ) ", "&nbsp;", s)
    if s.startswith(" "):
        s = "&nbsp;" + s[1:]
    return s


def _mso_line(line: str, span_style: str | None, variant: int) -> str:
    if not line.strip():
        return "<p class=MsoNormal><o:p>&nbsp;</o:p></p>"
    text = _esc(line)
    text = re.sub(r"(https?://[\w./-]+)", r'<a href="\1">\1</a>', text)
    text = re.sub(r"(?<![\w.:/-])([\w.+-]+@[\w-]+(?:\.[\w-]+)+)", r'<a href="mailto:\1">\1</a>', text)
    if span_style:
        if line.isascii():
            return f"<p class=MsoNormal><span lang=EN-US style='{span_style}'>{text}<o:p></o:p></span></p>"
        return f"<p class=MsoNormal><span style='{span_style}'>{text}</span><span lang=EN-US style='{span_style}'><o:p></o:p></span></p>"
    if line.isascii():
        return f"<p class=MsoNormal><span lang=EN-US>{text}<o:p></o:p></span></p>"
    return f"<p class=MsoNormal>{text}<o:p></o:p></p>"


SIG_SPANS = [
    "font-size:9.0pt;font-family:\"メイリオ\",sans-serif;color:#1F3864",
    "font-size:9.0pt;color:gray;mso-fareast-language:JA",
    "font-size:8.0pt;font-family:\"ＭＳ ゴシック\";mso-ascii-font-family:Arial;color:#404040",
]


def word_html(body: list, charset: str, variant: int, compose: str = "compose") -> str:
    out = [WORD_HEAD.format(charset=charset, n=17 + variant % 3, compose=compose)]
    for seg in body:
        kind = seg[0]
        if kind == "p":
            out += [_mso_line(ln, None, variant) for ln in seg[1]]
        elif kind == "sig":
            out += [_mso_line(ln, SIG_SPANS[variant % 3], variant) for ln in seg[1]]
        elif kind == "raw":
            out += [_mso_line(ln, None, variant) for ln in seg[1]]
        elif kind == "olhdr":
            d = seg[1]
            if d.get("sep"):
                out.append(f"<p class=MsoNormal><span lang=EN-US>{_esc(d['sep'])}<o:p></o:p></span></p>")
            rows = "<br>\n".join(f"<b>{_esc(k)}:</b> {_esc(v)}" for k, v in d["fields"])
            out.append("<div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0mm 0mm 0mm'>"
                       f"<p class=MsoNormal align=left style='text-align:left'><span lang=EN-US style='font-size:11.0pt;font-family:\"Calibri\",sans-serif'>{rows}<o:p></o:p></span></p></div>")
            out.append("<p class=MsoNormal><o:p>&nbsp;</o:p></p>")
        elif kind == "q":
            out += [_mso_line(ln, None, variant) for ln in seg[1]]
    out.append("</div></body></html>")
    return "\n".join(out) + "\n"


def gmail_html(body: list) -> str:
    """Gmail's HTML for a forward: div dir=ltr, the forwarded header in gmail_attr."""
    out = ['<div dir="ltr">']
    for seg in body:
        kind = seg[0]
        if kind in ("p", "sig"):
            out.append("<br>".join(_esc(ln) for ln in seg[1]) + "<br>")
        elif kind == "raw":
            hdr = []
            for ln in seg[1]:
                m = re.match(r"(From|Date|Subject|To|Cc): (.*)", ln)
                if m and m.group(1) == "From":
                    nm = re.match(r"(.*) <(.*)>", m.group(2))
                    hdr.append(f'From: <strong class="gmail_sendername" dir="auto">{_esc(nm.group(1))}</strong> '
                               f'<span dir="auto">&lt;<a href="mailto:{nm.group(2)}">{nm.group(2)}</a>&gt;</span>')
                elif ln:
                    hdr.append(_esc(ln))
            out.append('<div class="gmail_quote"><div dir="ltr" class="gmail_attr">' + "<br>".join(hdr) + "<br></div><br><br>")
        elif kind == "q":
            out.append('<div dir="ltr">' + "<br>".join(_esc(ln) for ln in seg[1]) + "</div>")
    out.append("</div></div>")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------
# a mail
# --------------------------------------------------------------------------

BASE_DATE = dt.datetime(2025, 4, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))
WD_JA = "月火水木金土日"
WD_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MON_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def when(i: int, minutes_back: int = 0) -> dt.datetime:
    d = BASE_DATE + dt.timedelta(days=(i * 7) % 200, minutes=(i * 137) % 540)
    while d.weekday() >= 5:
        d += dt.timedelta(days=1)
    return d - dt.timedelta(minutes=minutes_back)


def d_rfc(d: dt.datetime) -> str:
    return format_datetime(d)


def d_ja(d: dt.datetime, wd: bool = False) -> str:
    w = f"({WD_JA[d.weekday()]})" if wd else ""
    return f"{d.year}年{d.month}月{d.day}日{w} {d.hour}:{d.minute:02d}"


def d_ol_ja(d: dt.datetime) -> str:
    return f"{d.year}年{d.month}月{d.day}日 {WD_JA[d.weekday()]}曜日 {d.hour}:{d.minute:02d}"


def d_ol_en(d: dt.datetime) -> str:
    h = d.hour % 12 or 12
    return f"{WD_EN[d.weekday()]}, {MON_EN[d.month - 1]} {d.day}, {d.year} {h}:{d.minute:02d} {'AM' if d.hour < 12 else 'PM'}"


def d_slash(d: dt.datetime) -> str:
    return f"{d.year}/{d.month:02d}/{d.day:02d} {d.hour}:{d.minute:02d}"


# encodings: how the message body is carried
ENC_PLAIN = ["jis", "u8-b64", "u8-qp", "u8-8bit", "sjis-8bit", "sjis-b64", "jis", "u8-b64"]
ENC_WORD = ["word-alt-jis", "word-html-u8", "word-alt-u8", "word-html-sjis", "word-alt-sjis", "word-html-jis"]
ENC_ALL = ENC_PLAIN + ENC_WORD

MAILERS = {
    "outlook": "Microsoft Outlook 16.0",
    "thunderbird": None,   # User-Agent instead
    "becky": "Becky! ver. 2.81.04 [ja]",
    "gmail": None,
}


def header_charset(enc: str) -> str:
    if "jis" in enc and "sjis" not in enc:
        return "ISO-2022-JP"
    if "sjis" in enc:
        return "Shift_JIS"
    return "UTF-8"


def build(m: dict) -> bytes:
    """m: frm (name, addr), to [(name, addr)], cc, subject, date, msgid, body, enc,
    mailer, variant, extra [(name, value)], html ('word' | 'gmail' | None)."""
    enc = m["enc"]
    hcs = header_charset(enc)
    if any(not ok_in(s, hcs) for s in [m["subject"], m["frm"][0]] + [n or "" for n, _ in m["to"] + m.get("cc", [])]):
        hcs = "UTF-8"
    h = [H("From", mbox(*m["frm"], charset=hcs)),
         H("To", ",\n ".join(mbox(n, a, charset=hcs) for n, a in m["to"]))]
    if m.get("cc"):
        h.append(H("Cc", ",\n ".join(mbox(n, a, charset=hcs) for n, a in m["cc"])))
    h += [H("Subject", ew(m["subject"], hcs)), H("Date", d_rfc(m["date"])),
          H("Message-ID", f"<{m['msgid']}>")]
    for k, v in m.get("extra", []):
        h.append(H(k, v))
    mailer = m.get("mailer", "outlook")
    if mailer == "outlook":
        h.append(H("X-Mailer", MAILERS["outlook"]))
        h.append(H("Thread-Index", "AdqbXg" + base64.b64encode(m["msgid"].encode()).decode()[:22]))
        h.append(H("Content-Language", "ja"))
    elif mailer == "thunderbird":
        h.append(H("User-Agent", "Mozilla Thunderbird"))
        h.append(H("Content-Language", "ja"))
    elif mailer == "becky":
        h.append(H("X-Mailer", MAILERS["becky"]))
    h.append(H("MIME-Version", "1.0"))

    text = plain(m["body"])
    variant = m.get("variant", 0)
    bd = f"----=_NextPart_{m['msgid'].split('@')[0][-12:].replace('.', '')}_{variant:04d}"
    if enc.startswith("word") or m.get("html") == "gmail":
        cs = {"jis": "iso-2022-jp", "u8": "utf-8", "sjis": "shift_jis"}[enc.split("-")[-1]] \
            if enc.startswith("word") else "utf-8"
        html = gmail_html(m["body"]) if m.get("html") == "gmail" else word_html(m["body"], cs, variant)
        label = {"iso-2022-jp": "iso-2022-jp", "utf-8": "utf-8", "shift_jis": "shift_jis"}[cs]
        hcte = "quoted-printable" if cs != "shift_jis" else "base64"
        hh, hb = leaf("text/html", label, hcte, html)
        if enc.startswith("word-html"):
            body = hb
            h += hh
        else:
            tcte = {"iso-2022-jp": "7bit", "utf-8": "base64", "shift_jis": "8bit"}[cs]
            if m.get("html") == "gmail":
                tcte = "quoted-printable"
            th, tb = leaf("text/plain", label, tcte, text)
            h.append(H("Content-Type", f'multipart/alternative;\n\tboundary="{bd}"'))
            body = b"This is a multi-part message in MIME format.\n\n" + multipart(
                bd, [b"\n".join(th) + b"\n\n" + tb, b"\n".join(hh) + b"\n\n" + hb])
    else:
        cs, cte = {"jis": ("ISO-2022-JP", "7bit"), "u8-b64": ("UTF-8", "base64"),
                   "u8-qp": ("UTF-8", "quoted-printable"), "u8-8bit": ("UTF-8", "8bit"),
                   "sjis-8bit": ("Shift_JIS", "8bit"), "sjis-b64": ("Shift_JIS", "base64"),
                   "ascii": ("us-ascii", "7bit")}[enc]
        if not ok_in(text, cs):
            cs, cte = "UTF-8", "base64"
        th, body = leaf("text/plain", cs, cte, text)
        if enc == "u8-qp" or m.get("flowed"):
            th[0] = th[0] + b"; format=flowed" if m.get("flowed") else th[0]
        h += th
    return b"\n".join(h) + b"\n\n" + body


def ok_in(text: str, charset: str) -> bool:
    try:
        encode_text(text, charset)
        return True
    except UnicodeEncodeError:
        return False


# --------------------------------------------------------------------------
# forward / quote formats
# --------------------------------------------------------------------------

FWD_FORMATS = ["tb-en", "tb-ja", "ol-en", "ol-ja", "ol-block-ja", "ol-block-en", "gmail", "becky"]


def fwd_prefix(fmt: str) -> str:
    return {"tb-en": "Fwd: ", "tb-ja": "Fwd: ", "ol-en": "FW: ", "ol-ja": "転送: ",
            "ol-block-ja": "転送: ", "ol-block-en": "FW: ", "gmail": "Fwd: ", "becky": "Fw: "}[fmt]


def fwd_mailer(fmt: str) -> str:
    return {"tb": "thunderbird", "ol": "outlook", "gmail": "gmail", "becky": "becky"}[fmt.split("-")[0]]


def forwarded(fmt: str, orig: dict, variant: int = 0) -> list:
    """The forwarded part of a body: header + original text, as `fmt`'s mailer writes it.
    orig: frm (name, addr), to [(name, addr)], cc, subject, date, lines."""
    fn, fa = orig["frm"]
    to_s = ", ".join(f"{n} <{a}>" if n else a for n, a in orig["to"])
    cc_s = ", ".join(f"{n} <{a}>" if n else a for n, a in orig.get("cc", []))
    d = orig["date"]
    lines = orig["lines"]
    if fmt == "tb-en":
        hdr = ["", "", "-------- Forwarded Message --------", f"Subject: \t{orig['subject']}",
               f"Date: \t{d_rfc(d)}", f"From: \t{fn} <{fa}>" if fn else f"From: \t{fa}", f"To: \t{to_s}"]
        if cc_s:
            hdr.append(f"CC: \t{cc_s}")
        return [("raw", hdr + [""]), ("q", lines, "")]
    if fmt == "tb-ja":
        hdr = ["", "", "-------- 転送メッセージ --------", f"件名: \t{orig['subject']}",
               f"日付: \t{d_rfc(d)}", f"差出人: \t{fn} <{fa}>" if fn else f"差出人: \t{fa}", f"宛先: \t{to_s}"]
        if cc_s:
            hdr.append(f"CC: \t{cc_s}")
        return [("raw", hdr + [""]), ("q", lines, "")]
    if fmt in ("ol-en", "ol-block-en"):
        f = [("From", f"{fn} <{fa}>" if variant % 2 == 0 or fmt == "ol-block-en" else f"{fn} [mailto:{fa}]"),
             ("Sent", d_ol_en(d)), ("To", to_s.replace(", ", "; "))]
        if cc_s:
            f.append(("Cc", cc_s.replace(", ", "; ")))
        f.append(("Subject", orig["subject"]))
        sep = "-----Original Message-----" if fmt == "ol-en" else None
        return [("raw", [""]), ("olhdr", dict(sep=sep, fields=f)), ("q", lines, "")]
    if fmt in ("ol-ja", "ol-block-ja"):
        f = [("差出人", f"{fn} <{fa}>"), ("送信日時", d_ol_ja(d) if variant % 2 else d_ja(d)),
             ("宛先", to_s.replace(", ", "; "))]
        if cc_s:
            f.append(("CC", cc_s.replace(", ", "; ")))
        f.append(("件名", orig["subject"]))
        sep = ("-----元のメッセージ-----" if variant % 2 else "-----Original Message-----") if fmt == "ol-ja" else None
        return [("raw", [""]), ("olhdr", dict(sep=sep, fields=f)), ("q", lines, "")]
    if fmt == "gmail":
        hdr = ["", "---------- Forwarded message ---------", f"From: {fn} <{fa}>",
               f"Date: {d_ja(d, wd=True)}", f"Subject: {orig['subject']}", f"To: {to_s}"]
        if cc_s:
            hdr.append(f"Cc: {cc_s}")
        return [("raw", hdr + [""]), ("q", lines, "")]
    if fmt == "becky":
        hdr = ["", "----------------------- Original Message -----------------------",
               f" From:    {fn} <{fa}>", f" To:      {to_s}"]
        if cc_s:
            hdr.append(f" Cc:      {cc_s}")
        hdr += [f" Date:    {d.strftime('%a, %d %b %Y %H:%M:%S')} +0900", f" Subject: {orig['subject']}",
                "----", ""]
        return [("raw", hdr), ("q", lines, ""),
                ("raw", ["", "--------------------- Original Message Ends --------------------"])]
    raise ValueError(fmt)


REPLY_STYLES = ["tb-wrote", "ja-message", "gmail-ja", "ol-ja", "ol-en", "ol-orig", "becky-wrote"]


def quoted(style: str, orig: dict) -> tuple[list, str]:
    """A reply's quote of `orig`; returns (segments, mailer)."""
    fn, fa = orig["frm"]
    d = orig["date"]
    if style == "tb-wrote":
        return [("raw", ["", f"On {d_slash(d)}, {fn} wrote:"]), ("q", orig["lines"], "> ")], "thunderbird"
    if style == "ja-message":
        return [("raw", ["", f"{fn} 様の {d_slash(d)} のメッセージ:"]), ("q", orig["lines"], "> ")], "thunderbird"
    if style == "gmail-ja":
        return [("raw", ["", f"{d_ja(d, wd=True)} {fn} <{fa}>:", ""]), ("q", orig["lines"], "> ")], "gmail"
    if style == "becky-wrote":
        return [("raw", ["", f"On {d.strftime('%a, %d %b %Y %H:%M:%S')} +0900", f"{fn} <{fa}> wrote:", ""]),
                ("q", orig["lines"], "> ")], "becky"
    if style in ("ol-ja", "ol-en", "ol-orig"):
        fmt = {"ol-ja": "ol-block-ja", "ol-en": "ol-block-en", "ol-orig": "ol-ja"}[style]
        return forwarded(fmt, orig, variant=1), "outlook"
    raise ValueError(style)


# --------------------------------------------------------------------------
# the ordinary census
# --------------------------------------------------------------------------

GREET_IN = ["お疲れさまです。{me}です。", "お疲れ様です、{me}です。", "{me}です。お疲れさまです。"]
GREET_OUT = ["いつもお世話になっております。\nサクラシステムの{me}です。",
             "お世話になっております。サクラシステム{dept}の{me}でございます。",
             "平素より大変お世話になっております。\nサクラシステム株式会社の{me}です。"]
CLOSE_IN = ["よろしくお願いします。", "以上、よろしくお願いいたします。", "確認のほどお願いします。", "取り急ぎご連絡まで。"]
CLOSE_OUT = ["引き続きよろしくお願いいたします。", "何卒よろしくお願い申し上げます。",
             "ご確認のほど、よろしくお願いいたします。", "今後ともよろしくお願いいたします。"]

PRODUCTS = [("SG-200 ネットワークゲートウェイ", "SG-200-JP", "4912345000019"),
            ("サクラクラウド会計 年間ライセンス", "SCK-LIC-Y1", "4912345000026"),
            ("業務用タブレット端末 ST-10", "ST-10-BK", "4912345000033"),
            ("保守サポートパック（ゴールド）", "SUP-GOLD-12", "4912345000040"),
            ("ラベルプリンタ LP-5", "LP-5-W", "4912345000057"),
            ("無線LANアクセスポイント AP-60", "AP-60", "4912345000064")]
PRODUCTS = [(n, c, jan(j[:12])) for n, c, j in PRODUCTS]

VENUES = [("サクラシステム本社 8F 大会議室", "〒100-0005 東京都千代田区丸の内1-2-3 サクラビル8F", "03-1234-5678",
           "https://www.sakura-sys.co.jp/access/"),
          ("TKP東京駅日本橋カンファレンスセンター ホール4A", "〒103-0027 東京都中央区日本橋3-2-14 日本橋KNビル4F",
           "03-6262-0000", "https://www.kashikaigishitsu.net/facilitys/cc-tokyo-nihonbashi/"),
          ("梅田スカイホール 会議室B", "〒531-0076 大阪府大阪市北区大淀中1-1-88 梅田スカイビル タワーウエスト3F",
           "06-6440-3901", "https://goo.gl/maps/Ume4bSkyHall01"),
          ("名古屋国際会議場 2号館 224会議室", "〒456-0036 愛知県名古屋市熱田区熱田西町1-1", "052-683-7711",
           "https://www.nagoya-congress-center.jp/access/"),
          ("福岡商工会議所ビル 第3会議室", "〒812-8505 福岡県福岡市博多区博多駅前2-9-28", "092-441-1110",
           "https://maps.google.com/?q=%E7%A6%8F%E5%B2%A1%E5%95%86%E5%B7%A5%E4%BC%9A%E8%AD%B0%E6%89%80")]


class Census:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.files: list[tuple[str, str, bytes, str]] = []   # (dir, name, data, subject)
        self.n = {"ordinary": 0, "forwarded-pii": 0}

    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    def add(self, sub: str, kind: str, m: dict):
        self.n[sub] += 1
        name = f"{self.n[sub]:03d}-{kind}.eml"
        self.files.append((sub, name, build(m), m["subject"]))

    # -- people --
    def staff(self, i: int, avoid: Staff | None = None) -> Staff:
        p = PEOPLE[(i * 7 + 3) % len(PEOPLE)]
        if avoid is not None and p is avoid:
            p = PEOPLE[(i * 7 + 4) % len(PEOPLE)]
        return p

    def colleagues(self, i: int, me: Staff, k: int) -> list[tuple[str, str]]:
        out = []
        j = i
        while len(out) < k:
            j += 5
            p = PEOPLE[j % len(PEOPLE)]
            if p is not me and (p.name, p.addr) not in out:
                out.append((p.name, p.addr))
        return out

    def partner(self, i: int) -> Partner:
        return PARTNERS[(i * 5 + 1) % len(PARTNERS)]

    def sig(self, me: Staff, i: int) -> list[str]:
        return own_sig(me, SIG_STYLES[i % len(SIG_STYLES)], i // len(SIG_STYLES) + i)

    def msgid(self, i: int, me: Staff, mailer: str) -> str:
        r = self.rng.getrandbits(64)
        if mailer == "outlook":
            return f"TYWPR01MB{r % 10**7:07d}{r % 0xFFFFFF:06X}@TYWPR01MB{r % 10**7:07d}.jpnprd01.prod.outlook.com"
        if mailer == "becky":
            return f"20250401{i:04d}.{r % 0xFFFF:04X}.{me.addr.split('@')[0]}@sakura-sys.co.jp"
        return f"{r:016x}-{i:04d}@sakura-sys.co.jp"

    def greet_out(self, i, me, whom):
        g = GREET_OUT[i % 3].format(me=me.family, dept=me.dept)
        return whom.split("\n") + [""] + g.split("\n") + [""]

    def greet_in(self, i, me, whom):
        return [whom, "", GREET_IN[i % 3].format(me=me.family), ""]

    def mail(self, i, me, to, subject, body, enc, mailer="outlook", cc=None, extra=None, html=None):
        if enc.startswith("word") and mailer != "outlook":
            enc = ENC_PLAIN[i % len(ENC_PLAIN)]
        return dict(frm=(me.name, me.addr), to=to, cc=cc or [], subject=subject, date=when(i),
                    msgid=self.msgid(i, me, mailer), body=body, enc=enc, mailer=mailer,
                    variant=i, extra=extra or [], html=html)


# -- partner original mails (business, no private data) --

def partner_mail_lines(i: int, pc: Partner, who: dict, to_name: str, topic: int) -> list[str]:
    tn = to_name.split()[0]
    topics = [
        ["サクラシステム株式会社", f"{tn}様", "", "いつもお世話になっております。", f"{pc.short}の{who['family']}です。", "",
         "先日ご依頼いただいた件、社内で確認が取れましたのでご連絡いたします。",
         "仕様は前回のお打ち合わせの内容で問題ございません。",
         "納期は5月20日(火)を予定しております。", "", "ご不明点がございましたらお気軽にお問い合わせください。",
         "よろしくお願いいたします。", ""],
        [f"{tn}様", "", f"お世話になっております。{pc.short}の{who['family']}でございます。", "",
         "お見積りのご依頼をいただき、ありがとうございます。",
         "下記のとおり、数量別の単価をご提示いたします。", "",
         "　100台まで　　 単価 38,000円（税別）", "　101台以上　　 単価 35,500円（税別）", "",
         "有効期限：2025年6月30日", "", "ご検討のほど、よろしくお願いいたします。", ""],
        [f"{tn}さん", "", f"お世話になっております。{pc.short}の{who['family']}です。", "",
         "次回定例会の日程候補をお送りします。", "　・4月22日(火) 14:00-15:00", "　・4月24日(木) 10:00-11:00",
         "ご都合のよい日時をお知らせください。", "", "会場は弊社会議室（受付は5Fになります）を予定しています。", ""],
        [f"サクラシステム　{tn}様", "", "いつも大変お世話になっております。", "",
         "ご注文いただいた商品につきまして、本日出荷いたしました。",
         f"お問い合わせ伝票番号：{tracking(random.Random(i), False)}（ヤマト運輸）",
         "到着は明日午前中の予定です。", "", "引き続きよろしくお願いいたします。", ""],
        [f"{tn}様", "", "お世話になります。", "",
         "障害のご報告ありがとうございました。ログを確認したところ、",
         "ファームウェア 2.3.1 の既知の不具合と一致しております。",
         "修正版 2.3.2 を来週中にご提供できる見込みです。", "",
         "ご迷惑をおかけし申し訳ございません。", ""],
    ]
    return topics[topic % len(topics)] + partner_sig(pc, who, i)


SUBJ_PARTNER = ["仕様確認の件", "お見積りの件", "定例会の日程について", "出荷のご連絡", "障害報告への回答"]


def gen_ordinary(c: Census) -> None:
    i = 0

    def nxt():
        nonlocal i
        i += 1
        return i

    # ---- internal mail ----
    internal_topics = [
        ("【共有】{pc}様 打ち合わせ議事録", ["本日の{pc}様との打ち合わせ内容を共有します。", "",
                                      "・次期システムの要件定義は5月末までに完了予定", "・概算見積りを4月25日までに提出",
                                      "・先方窓口は引き続き{pn}様", "", "不明点があれば声をかけてください。"]),
        ("来週の出張について", ["来週の大阪出張の件です。", "", "4月15日(火)から16日(水)まで、大阪支店に滞在します。",
                          "15日午後は{pc}様訪問、16日は支店会議に出席します。", "", "不在中のご連絡は携帯までお願いします。"]),
        ("経費精算の締め切りについて", ["3月分の経費精算の締め切りは4月7日(月)17時です。",
                               "領収書の原本は経理部 {me}までご提出ください。", "", "期限後の申請は翌月扱いになりますのでご注意ください。"]),
        ("サーバーメンテナンスのお知らせ", ["下記日程で社内ファイルサーバーのメンテナンスを行います。", "",
                                   "日時：4月19日(土) 9:00-18:00", "対象：\\\\fs01\\share 配下すべて", "",
                                   "作業中はアクセスできません。ご協力をお願いします。"]),
        ("{pc}様 案件の進捗", ["{pc}様の案件について、現状を報告します。", "",
                          "・基本設計書 レビュー完了", "・詳細設計 進捗60%", "・テスト環境 4月18日構築予定", "",
                          "スケジュールに遅れはありません。"]),
        ("会議室予約の変更", ["明日の部内会議ですが、会議室を8F大会議室から7F第2会議室に変更しました。",
                        "開始時刻は変わらず10時です。"]),
        ("新人研修の講師のお願い", ["4月の新人研修で、営業基礎の講師をお願いできないでしょうか。", "",
                           "日時：4月10日(木) 13:00-15:00", "場所：本社 7F 研修室", "",
                           "ご都合を今週中にお知らせいただけると助かります。"]),
        ("{pc}様 請求書発行のお願い", ["{pc}様向けの4月分請求書の発行をお願いします。", "",
                              "件名：保守サポート 4月分", "金額：165,000円（税込）", "請求書番号：INV-2025-04{n:03d}",
                              "", "送付先は前月と同じです。"]),
    ]
    for k in range(34):
        j = nxt()
        me = c.staff(j)
        to = c.colleagues(j, me, 1 + k % 3)
        cc = c.colleagues(j + 11, me, 1)[0:1] if k % 4 == 0 else []
        cc = [x for x in cc if x not in to]
        pc = c.partner(j)
        subj_t, lines = internal_topics[k % len(internal_topics)]
        fill = dict(pc=pc.short, pn=pc.people[0]["name"].split()[0], me=me.family, n=j)
        subj = subj_t.format(**fill)
        whom = to[0][0].split()[0] + "さん" if len(to) == 1 else "関係者各位"
        if k % len(internal_topics) in (2, 3):
            whom = "各位" if k % 2 else "社内各位"
            if k % len(internal_topics) == 2:
                me = next(p for p in PEOPLE if p.dept == "経理部" and p is not PEOPLE[(j + 1) % 3])
                to = [x for x in c.colleagues(j, me, 3)]
        body = [("p", c.greet_in(j, me, whom) + [ln.format(**fill) for ln in lines] + ["", CLOSE_IN[j % 4], ""]),
                ("sig", c.sig(me, j))]
        enc = ENC_ALL[j % len(ENC_ALL)]
        c.add("ordinary", "internal-" + SIG_STYLES[j % len(SIG_STYLES)] + ("-html" if enc.startswith("word") else ""),
              c.mail(j, me, to, subj, body, enc, cc=cc))

    # ---- new mail to a partner ----
    partner_topics = [
        ("打ち合わせのお礼", ["本日はお忙しいところお時間をいただき、誠にありがとうございました。",
                       "いただいたご要望を社内で整理し、来週中にご提案書をお送りいたします。"]),
        ("資料ご送付のご連絡", ["先日お話しした導入事例の資料ですが、本日郵送いたしました。",
                         "明後日には到着する予定です。", "ご査収のほどよろしくお願いいたします。"]),
        ("次回お打ち合わせ日程のご相談", ["次回のお打ち合わせについて、下記の日程はいかがでしょうか。", "",
                                "　・4月23日(水) 15:00-16:00", "　・4月25日(金) 10:00-11:00", "",
                                "オンライン（Teams）での実施を想定しております。"]),
        ("担当者変更のご挨拶", ["このたび、4月1日付で貴社の担当を前任の{other}から引き継ぐことになりました。",
                         "前任同様、どうぞよろしくお願いいたします。", "後日あらためてご挨拶に伺えればと存じます。"]),
        ("納期についてのご確認", ["ご発注いただいた{prod}の納期についてご連絡いたします。",
                           "メーカー在庫が逼迫しており、当初予定より1週間遅れる見込みです。",
                           "ご迷惑をおかけし申し訳ございません。"]),
    ]
    for k in range(22):
        j = nxt()
        me = c.staff(j)
        pc = c.partner(j)
        who = pc.people[k % len(pc.people)]
        to = [(who["name"], who["addr"])]
        cc = [(pc.people[1]["name"], pc.people[1]["addr"])] if k % 3 == 0 and len(pc.people) > 1 and who is pc.people[0] else []
        if k % 4 == 1:
            cc.append(c.colleagues(j, me, 1)[0])
        subj_t, lines = partner_topics[k % len(partner_topics)]
        other = c.staff(j + 2, avoid=me)
        fill = dict(other=other.family, prod=PRODUCTS[k % len(PRODUCTS)][0])
        whom = f"{pc.name}\n{who['dept']} {who['name']}様"
        body = [("p", c.greet_out(j, me, whom) + [ln.format(**fill) for ln in lines] + ["", CLOSE_OUT[j % 4], ""]),
                ("sig", c.sig(me, j))]
        enc = ENC_ALL[j % len(ENC_ALL)]
        c.add("ordinary", "partner-" + SIG_STYLES[j % len(SIG_STYLES)] + ("-html" if enc.startswith("word") else ""),
              c.mail(j, me, to, subj_t.format(**fill), body, enc, cc=cc))

    # ---- replies quoting the partner's mail ----
    reply_texts = [["ご連絡ありがとうございます。", "承知いたしました。その内容で進めさせていただきます。"],
                   ["早速のご回答ありがとうございます。", "社内で検討のうえ、あらためてご連絡いたします。"],
                   ["ご案内ありがとうございます。", "4月24日(木) 10:00でお願いできますでしょうか。"],
                   ["出荷のご連絡ありがとうございます。", "到着しましたらあらためてご連絡いたします。"],
                   ["ご回答ありがとうございます。", "修正版の提供をお待ちしております。ユーザーへは当方から案内いたします。"]]
    for k in range(46):
        j = nxt()
        me = c.staff(j)
        pc = c.partner(j)
        who = pc.people[k % len(pc.people)]
        style = REPLY_STYLES[k % len(REPLY_STYLES)]
        topic = k % 5
        orig = dict(frm=(who["name"], who["addr"]), to=[(me.name, me.addr)], subject=SUBJ_PARTNER[topic],
                    date=when(j, 180 + k * 7), lines=partner_mail_lines(j, pc, who, me.name, topic))
        qsegs, mailer = quoted(style, orig)
        whom = f"{pc.short}\n{who['name']}様" if k % 2 else f"{who['family']}様"
        own = ("p", c.greet_out(j, me, whom) + reply_texts[topic] + ["", CLOSE_OUT[j % 4], ""])
        body = [own, ("sig", c.sig(me, j))] + qsegs
        enc = (ENC_WORD[k % len(ENC_WORD)] if mailer == "outlook" and k % 3 != 2 else ENC_PLAIN[j % len(ENC_PLAIN)])
        pre = "RE: " if mailer == "outlook" else "Re: "
        ref = f"<{c.msgid(j + 1000, me, 'x').replace('sakura-sys.co.jp', pc.domain)}>"
        c.add("ordinary", f"reply-{style}" + ("-html" if enc.startswith("word") else ""),
              c.mail(j, me, [(who["name"], who["addr"])], pre + orig["subject"], body, enc, mailer=mailer,
                     extra=[("In-Reply-To", ref), ("References", ref)]))

    # ---- forwards of business mail (to colleagues and to partners) ----
    fwd_notes_in = ["{pc}様から下記の連絡がありました。対応をお願いします。",
                    "参考までに転送します。", "下記、{pc}様からのご連絡です。ご確認ください。",
                    "{pc}の{pn}さんからの回答です。共有します。"]
    fwd_notes_out = ["{src}様よりいただいた仕様の回答を転送いたします。", "下記、メーカーからの回答をお送りいたします。",
                     "関連する連絡を転送いたしますので、ご参照ください。", "{src}様からのご連絡を共有させていただきます。"]
    for k in range(48):
        j = nxt()
        me = c.staff(j)
        fmt = FWD_FORMATS[k % len(FWD_FORMATS)]
        pc = c.partner(j)
        who = pc.people[k % len(pc.people)]
        topic = (k // 2) % 5
        orig = dict(frm=(who["name"], who["addr"]), to=[(me.name, me.addr)], subject=SUBJ_PARTNER[topic],
                    date=when(j, 300 + k), lines=partner_mail_lines(j + 3, pc, who, me.name, topic))
        if k % 5 == 0:
            orig["cc"] = [(pc.people[-1]["name"], pc.people[-1]["addr"])] if pc.people[-1] is not who else []
        fill = dict(pc=pc.short, pn=who["family"], src=pc.short)
        if k % 2 == 0:
            to = c.colleagues(j, me, 1 + k % 2)
            whom = to[0][0].split()[0] + "さん"
            note = c.greet_in(j, me, whom) + [fwd_notes_in[k % 4].format(**fill), "", CLOSE_IN[k % 4], ""]
            where = "in"
        else:
            pc2 = PARTNERS[(PARTNERS.index(pc) + 3) % len(PARTNERS)]
            who2 = pc2.people[0]
            to = [(who2["name"], who2["addr"])]
            note = c.greet_out(j, me, f"{pc2.name}\n{who2['name']}様") + [fwd_notes_out[k % 4].format(**fill), "",
                                                                        CLOSE_OUT[k % 4], ""]
            where = "out"
        body = [("p", note), ("sig", c.sig(me, j))] + forwarded(fmt, orig, k)
        mailer = fwd_mailer(fmt)
        enc = ENC_WORD[k % len(ENC_WORD)] if mailer == "outlook" and k % 4 != 3 else ENC_PLAIN[j % len(ENC_PLAIN)]
        html = "gmail" if mailer == "gmail" and k % 3 == 0 else None
        if html:
            enc = "u8-qp"
        c.add("ordinary", f"fwd-{fmt}-{where}" + ("-html" if enc.startswith("word") or html else ""),
              c.mail(j, me, to, fwd_prefix(fmt) + orig["subject"], body, enc, mailer=mailer, html=html))

    # ---- meeting notices ----
    for k in range(16):
        j = nxt()
        me = c.staff(j)
        v = VENUES[k % len(VENUES)]
        d = when(j) + dt.timedelta(days=14)
        if k % 2:
            to = c.colleagues(j, me, 3)
            whom, greet = "関係者各位", c.greet_in(j, me, "関係者各位")
            subj = f"【開催通知】{d.month}月度 営業会議"
        else:
            pc = c.partner(j)
            to = [(p["name"], p["addr"]) for p in pc.people]
            greet = c.greet_out(j, me, f"{pc.name}\n{to[0][0]}様" + (f"、{to[1][0]}様" if len(to) > 1 else ""))
            subj = "お打ち合わせ会場のご案内"
        lines = greet + ["下記のとおり開催いたします。" if k % 2 else "お打ち合わせの会場についてご案内いたします。", "",
                         "　　　　　記", "",
                         f"日時：{d.year}年{d.month}月{d.day}日({WD_JA[d.weekday()]}) 14:00-16:00",
                         f"会場：{v[0]}", f"住所：{v[1]}", f"電話：{v[2]}", f"地図：{v[3]}", "",
                         "当日は受付にてお名前をお伝えください。" if k % 2 == 0 else "議題は別途共有します。", "",
                         "以上", ""]
        body = [("p", lines), ("sig", c.sig(me, j))]
        enc = ENC_ALL[(j + k) % len(ENC_ALL)]
        c.add("ordinary", "meeting" + ("-html" if enc.startswith("word") else ""), c.mail(j, me, to, subj, body, enc))

    # ---- invoices / quotes ----
    for k in range(26):
        j = nxt()
        me = c.staff(j)
        pc = c.partner(j)
        who = pc.people[0]
        amt = 50000 + (j * 7919) % 900000
        tax = amt // 10
        if k % 2 == 0:
            subj = f"【請求書送付】{2025}年{4 + k % 6}月分 ご請求について"
            lines = c.greet_out(j, me, f"{pc.name}\n経理ご担当者様") + [
                f"{4 + k % 6}月分のご請求内容をお知らせいたします。請求書原本は本日郵送いたしました。", "",
                f"請求書番号：INV-2025{4 + k % 6:02d}-{j:04d}", f"ご請求金額：{amt + tax:,}円（税込）",
                f"　（内訳：{amt:,}円＋消費税 {tax:,}円）", f"お支払期限：2025年{5 + k % 6}月末日", "",
                "【お振込先】", ["みずほ銀行 丸の内支店（店番 051）", "三井住友銀行 東京営業部", "三菱UFJ銀行 丸の内支店"][k % 3],
                "普通預金 " + ["1234567", "7654321", "0123456"][k % 3], "口座名義 サクラシステム（カ",
                "", f"登録番号：T{CORP_SAKURA}", "", "振込手数料は貴社にてご負担くださいますようお願いいたします。", ""]
        else:
            prod = PRODUCTS[k % len(PRODUCTS)]
            subj = f"お見積りのご送付（{prod[0]}）"
            qty = 5 + k
            lines = c.greet_out(j, me, f"{pc.name}\n{who['name']}様") + [
                "ご依頼いただいたお見積りをお送りいたします。", "",
                f"見積番号：Q-2025-{j:05d}", f"品名：{prod[0]}", f"型番：{prod[1]}", f"数量：{qty}",
                f"単価：{amt // qty:,}円", f"合計：{amt // qty * qty:,}円（税別）", "有効期限：発行日より30日",
                "納期：ご発注後2週間", "", "ご不明な点がございましたらお知らせください。", ""]
        body = [("p", lines), ("sig", c.sig(me, j))]
        enc = ENC_ALL[(j * 3) % len(ENC_ALL)]
        c.add("ordinary", ("invoice" if k % 2 == 0 else "quote") + ("-html" if enc.startswith("word") else ""),
              c.mail(j, me, [(who["name"], who["addr"])], subj, body, enc,
                     cc=[c.colleagues(j, me, 1)[0]] if k % 3 == 0 else None))

    # ---- orders / shipping with tracking numbers ----
    for k in range(16):
        j = nxt()
        me = c.staff(j)
        pc = c.partner(j)
        who = pc.people[-1]
        rng = random.Random(j)
        t1 = tracking(rng, k % 2 == 0)
        t2 = tracking(rng, k % 3 == 0)
        order = f"{20250400 + k:08d}{j % 100:02d}"
        carrier = ["ヤマト運輸", "佐川急便", "日本郵便（ゆうパック）", "西濃運輸"][k % 4]
        lines = c.greet_out(j, me, f"{pc.name}\n{who['name']}様") + [
            "ご注文いただいた商品を本日出荷いたしました。", "",
            f"ご注文番号：{order}", f"配送業者：{carrier}",
            f"お問い合わせ伝票番号：{t1}" if k % 2 == 0 else f"送り状番号 {t1.replace('-', '')}",
            (f"（2個口のため、もう1件の伝票番号は {t2} です）" if k % 3 == 0 else "到着予定：明日午前中"),
            "", f"追跡：https://toi.kuronekoyamato.co.jp/cgi-bin/tneko" if k % 4 == 0 else
            "配送状況は各社のサイトでご確認いただけます。", "", "お受け取りのほどよろしくお願いいたします。", ""]
        body = [("p", lines), ("sig", c.sig(me, j))]
        enc = ENC_ALL[(j * 5) % len(ENC_ALL)]
        c.add("ordinary", "shipping" + ("-html" if enc.startswith("word") else ""),
              c.mail(j, me, [(who["name"], who["addr"])], f"出荷のご連絡（ご注文番号 {order}）", body, enc))

    # ---- company information ----
    for k in range(8):
        j = nxt()
        me = c.staff(j)
        pc = c.partner(j)
        who = pc.people[0]
        offices = []
        for name, o in OFFICES.items():
            offices += [f"■{name}", f"　〒{o['zip']} {o['addr']}", f"　TEL {o['tel']}／FAX {o['fax']}"]
        lines = c.greet_out(j, me, f"{pc.name}\n{who['name']}様") + [
            "お取引先登録に必要な弊社情報をお送りいたします。", "",
            "商号：サクラシステム株式会社", f"法人番号：{CORP_SAKURA}", f"適格請求書発行事業者登録番号：T{CORP_SAKURA}",
            "代表者：代表取締役社長 桜井 正人", "設立：1998年4月1日", "資本金：1億円",
            "代表電話：03-1234-5678", "フリーダイヤル：0120-123-456（平日 9:00-18:00）", ""] + offices + [
            "", "ご不明点がございましたらお知らせください。", ""]
        body = [("p", lines), ("sig", c.sig(me, j))]
        enc = ENC_ALL[(j * 7) % len(ENC_ALL)]
        c.add("ordinary", "company-info" + ("-html" if enc.startswith("word") else ""),
              c.mail(j, me, [(who["name"], who["addr"])], "弊社情報のご送付（取引先登録）", body, enc))

    # ---- events / holidays / business hours ----
    for k in range(20):
        j = nxt()
        me = c.staff(j)
        if k % 2 == 0:
            pc = c.partner(j)
            to = [(p["name"], p["addr"]) for p in pc.people[:1]]
            greet = c.greet_out(j, me, f"{pc.name}\n{to[0][0]}様")
        else:
            to = c.colleagues(j, me, 2)
            greet = c.greet_in(j, me, "各位")
        if k % 4 in (0, 1):
            subj = "【ご案内】サクラシステム ソリューションフェア2025"
            lines = greet + ["弊社主催の展示会を下記のとおり開催いたします。", "",
                             f"開催日：2025年{5 + k % 4}月{10 + k}日({WD_JA[(k + 2) % 5]})",
                             "時間：10:00-17:00（受付開始 9:30）", f"会場：{VENUES[k % 5][0]}", f"　　　{VENUES[k % 5][1]}",
                             "参加費：無料（事前登録制）", "お申込み：https://www.sakura-sys.co.jp/event/fair2025/",
                             "お問い合わせ：フェア事務局 0120-123-456", "", "皆様のご来場を心よりお待ちしております。", ""]
        else:
            subj = "年末年始休業のお知らせ" if k % 4 == 2 else "ゴールデンウィーク期間中の営業について"
            lines = greet + [("誠に勝手ながら、下記の期間を休業とさせていただきます。" if k % 4 == 2 else
                              "ゴールデンウィーク期間中の営業についてご案内いたします。"), "",
                             ("休業期間：2025年12月27日(土)から2026年1月4日(日)まで" if k % 4 == 2 else
                              "休業日：2025年5月3日(土)から5月6日(火)まで"),
                             "通常営業時間：平日 9:00-18:00", "サポートセンター：0120-123-456（受付 9:00-17:00）",
                             "", "休業期間中にいただいたお問い合わせは、営業再開後に順次対応いたします。", ""]
        body = [("p", lines), ("sig", c.sig(me, j))]
        enc = ENC_ALL[(j * 11) % len(ENC_ALL)]
        c.add("ordinary", ("event" if k % 4 < 2 else "holiday") + ("-html" if enc.startswith("word") else ""),
              c.mail(j, me, to, subj, body, enc))

    # ---- product codes / JAN ----
    for k in range(10):
        j = nxt()
        me = c.staff(j)
        pc = c.partner(j)
        who = pc.people[0]
        rows = []
        for n in range(3 + k % 3):
            prod = PRODUCTS[(k + n) % len(PRODUCTS)]
            rows.append(f"{n + 1}. {prod[0]}　型番 {prod[1]}　JAN {prod[2]}　数量 {(n + 1) * 10}")
        lines = c.greet_out(j, me, f"{pc.name}\n{who['name']}様") + [
            "商品登録用の情報をお送りいたします。", ""] + rows + [
            "", "価格表は別途郵送いたします。", ""]
        body = [("p", lines), ("sig", c.sig(me, j))]
        enc = ENC_ALL[(j * 13) % len(ENC_ALL)]
        c.add("ordinary", "product-codes" + ("-html" if enc.startswith("word") else ""),
              c.mail(j, me, [(who["name"], who["addr"])], "商品マスタ登録情報", body, enc))

    # ---- English mail to overseas partners ----
    en_texts = [("Re: Shipment schedule", ["Thank you for your email.", "",
                 "The second shipment will leave our warehouse on April 18 and should arrive by April 30.",
                 "I will send the tracking number once it is available."]),
                ("Meeting on April 22", ["Thank you for your time on the call today.", "",
                 "As discussed, we will meet at our Tokyo office on April 22 at 3 pm (JST).",
                 "Our address: 8F Sakura Bldg., 1-2-3 Marunouchi, Chiyoda-ku, Tokyo.",
                 "Please call the front desk at +81-3-1234-5678 when you arrive."]),
                ("Quotation for AP-60", ["Please find our quotation below.", "",
                 "Item: AP-60 wireless access point", "Quantity: 200", "Unit price: USD 145.00",
                 "Validity: 30 days"]),
                ("Invoice INV-EN-2025-041", ["Please note that invoice INV-EN-2025-041 (USD 12,400.00) is due on May 31.", "",
                 "Bank: Mizuho Bank, Marunouchi Branch", "SWIFT: MHCBJPJT", "Account: 1234567",
                 "Account name: Sakura System Co., Ltd."])]
    for k in range(12):
        j = nxt()
        me = c.staff(j)
        ov = OVERSEAS[k % len(OVERSEAS)]
        nm, lp = ov["people"][k % 2]
        subj, lines = en_texts[k % len(en_texts)]
        sig = own_sig_en(me, k)
        body = [("p", [f"Dear {nm.split()[0]}," if k % 2 else f"Hi {nm.split()[0]},", ""] + lines +
                 ["", "Best regards," if k % 2 else "Kind regards,", me.en.split()[0], ""]), ("sig", sig)]
        if k % 3 == 2:
            orig_lines = [f"Dear Mr. {me.en.split()[1]},", "", "Could you confirm the schedule?", "", "Regards,",
                          nm, "--", f"{nm}", ov["company"], ov["addr"], f"Tel: {ov['tel']}",
                          f"Email: {lp}@{ov['domain']}", f"https://www.{ov['domain']}/"]
            qsegs, mailer = quoted("tb-wrote" if k % 2 else "ol-en",
                                   dict(frm=(nm, f"{lp}@{ov['domain']}"), to=[(me.en, me.addr)],
                                        subject=subj.replace("Re: ", ""), date=when(j, 200), lines=orig_lines))
            body += qsegs
            if not subj.startswith("Re: "):
                subj = "RE: " + subj
        else:
            mailer = "outlook" if k % 2 == 0 else "thunderbird"
        enc = ["ascii", "u8-qp", "word-alt-u8", "u8-b64"][k % 4]
        if mailer != "outlook" and enc.startswith("word"):
            enc = "u8-qp"
        c.add("ordinary", "english" + ("-html" if enc.startswith("word") else ""),
              c.mail(j, me, [(nm, f"{lp}@{ov['domain']}")], subj, body, enc, mailer=mailer))

    # ---- HTML-only Outlook mail with nothing but the signature (Word HTML, all framings) ----
    for k, style in enumerate(SIG_STYLES):
        j = nxt()
        me = c.staff(j)
        to = c.colleagues(j, me, 1) if k % 2 else [(c.partner(j).people[0]["name"], c.partner(j).people[0]["addr"])]
        whom = (to[0][0].split()[0] + "さん") if k % 2 else f"{c.partner(j).short} {to[0][0]}様"
        lines = (c.greet_in(j, me, whom) if k % 2 else c.greet_out(j, me, whom)) + [
            "ご確認ありがとうございます。問題ありません。", "", "よろしくお願いいたします。", ""]
        body = [("p", lines), ("sig", own_sig(me, style, k + 1))]
        enc = ["word-html-u8", "word-html-jis", "word-alt-jis", "word-html-sjis", "word-alt-u8"][k % 5]
        c.add("ordinary", f"word-{style}", c.mail(j, me, to, "Re: ご確認のお願い" if k % 3 else "確認しました", body, enc))


# --------------------------------------------------------------------------
# forwarded personal data (must warn)
# --------------------------------------------------------------------------

CUSTOMERS = [
    dict(name="大野 恵美", kana="オオノ エミ", addr="emi.ohno1985@gmail.com", zip="164-0001",
         home="東京都中野区中野5-24-3 サンハイツ中野302", tel="090-3456-7812", birth="1985年6月14日",
         bank=("ゆうちょ銀行", "〇一八店", "普通", "2345671"), mn="123456789018"),
    dict(name="杉山 大地", kana="スギヤマ ダイチ", addr="daichi_sugi@yahoo.co.jp", zip="330-0063",
         home="埼玉県さいたま市浦和区高砂2-8-15", tel="080-2233-4455", birth="昭和58年11月3日",
         bank=("三井住友銀行", "浦和支店", "普通", "3344556"), mn="987654321093"),
    dict(name="野村 千夏", kana="ノムラ チナツ", addr="chinatsu.n@icloud.com", zip="231-0023",
         home="神奈川県横浜市中区山下町1-3 ベイビュー山下705", tel="070-5566-7788", birth="1992年2月29日",
         bank=("楽天銀行", "第一営業支店", "普通", "7012345"), mn=None),
    dict(name="久保田 茂", kana="クボタ シゲル", addr="s-kubota.0412@docomo.ne.jp", zip="460-0011",
         home="愛知県名古屋市中区大須3-30-40", tel="052-241-8890", birth="1958年4月12日",
         bank=("三菱UFJ銀行", "大須支店", "普通", "0098765"), mn=None),
    dict(name="宮崎 結衣", kana="ミヤザキ ユイ", addr="yui.miyazaki@outlook.jp", zip="810-0041",
         home="福岡県福岡市中央区大名1-12-5 大名レジデンス401", tel="090-8811-2200", birth="平成8年7月21日",
         bank=("福岡銀行", "天神町支店", "普通", "1122334"), mn=None),
    dict(name="荒木 健二", kana="アラキ ケンジ", addr="araken@ezweb.ne.jp", zip="602-8011",
         home="京都府京都市上京区烏丸通下立売上ル桜鶴円町380", tel="075-231-4567", birth="1971年9月8日",
         bank=("京都銀行", "御所南支店", "普通", "4455667"), mn=None),
]


def mn_fmt(mn: str, k: int) -> str:
    return [mn, f"{mn[:4]} {mn[4:8]} {mn[8:]}", f"{mn[:4]}-{mn[4:8]}-{mn[8:]}"][k % 3]


def customer_lines(cu: dict, data: str, k: int) -> tuple[str, list[str], tuple[str, str]]:
    """(subject, lines, from) of the customer's original mail carrying `data`."""
    fam = cu["name"].split()[0]
    frm = (cu["name"], cu["addr"])
    mn = cu["mn"] or "123456789018"
    assert my_number_ok(mn)
    if data == "mynumber":
        return ("マイナンバーのご提出", [
            "サクラシステム株式会社", "ご担当者様", "", f"お世話になっております。{cu['name']}です。", "",
            "ご依頼のありましたマイナンバーをお知らせします。", "",
            f"氏名：{cu['name']}", f"個人番号：{mn_fmt(mn, k)}", "",
            "よろしくお願いいたします。", "", fam], frm)
    if data == "refund":
        b = cu["bank"]
        return ("返金先口座について", [
            "ご担当者様", "", "先日キャンセルした注文の返金先をお知らせします。", "",
            f"銀行名：{b[0]}", f"支店名：{b[1]}", f"口座種別：{b[2]}", f"口座番号：{b[3]}",
            f"口座名義：{cu['kana']}", "", "お手数ですがよろしくお願いします。", cu["name"]], frm)
    if data == "record":
        return ("登録情報の変更のお願い", [
            "お世話になっております。", "引っ越しに伴い、登録情報の変更をお願いいたします。", "",
            f"氏名：{cu['name']}（{cu['kana']}）", f"生年月日：{cu['birth']}",
            f"新住所：〒{cu['zip']} {cu['home']}", f"電話番号：{cu['tel']}", "",
            "以上、よろしくお願いいたします。", "", cu["name"]], frm)
    if data == "form":
        return ("【お問い合わせフォーム】資料請求がありました", [
            "ウェブサイトのお問い合わせフォームから、以下の内容で送信がありました。", "",
            "■お問い合わせ種別：資料請求・お申込み", f"■お名前：{cu['name']}", f"■フリガナ：{cu['kana']}",
            f"■生年月日：{cu['birth']}", f"■ご住所：〒{cu['zip']} {cu['home']}", f"■お電話番号：{cu['tel']}",
            f"■メールアドレス：{cu['addr']}", "■ご要望：サービスの申込書を郵送してください。", "",
            "---", "このメールは送信専用アドレスから自動送信されています。"],
            ("サクラシステム お問い合わせフォーム", "no-reply@sakura-sys.co.jp"))
    if data == "application":
        return ("サービス申込書の記入内容", [
            "サクラシステム ご担当者様", "", "申込書の内容をメールでお送りします。", "",
            "【申込書】", f"申込者氏名：{cu['name']}", f"フリガナ：{cu['kana']}", f"生年月日：{cu['birth']}",
            f"住所：〒{cu['zip']} {cu['home']}", f"連絡先電話番号：{cu['tel']}",
            f"引落口座：{cu['bank'][0]} {cu['bank'][1]} {cu['bank'][2]} {cu['bank'][3]}",
            "", "不備があればご連絡ください。"], frm)
    if data == "private-sig":
        return ("修理のご依頼", [
            "サクラシステム株式会社 サポートご担当者様", "", "購入したタブレット ST-10 の画面が点灯しなくなりました。",
            "修理をお願いしたいのですが、引き取りに来ていただけますか。", "", "よろしくお願いいたします。", "",
            "------------------------------", cu["name"], f"〒{cu['zip']}", cu["home"],
            f"TEL {cu['tel']}", f"Mail {cu['addr']}", "------------------------------"], frm)
    raise ValueError(data)


PII_DATA = ["mynumber", "refund", "record", "application", "private-sig", "form"]


def gen_pii(c: Census) -> None:
    k = 0
    notes = ["下記のお客様の件、対応をお願いいたします。", "お客様からいただいた内容を転送いたします。ご確認ください。",
             "下記のとおりお客様よりご連絡がありました。手続きをお願いいたします。",
             "委託業務の対象となるお客様の情報です。よろしくお願いいたします。"]
    combos = []
    for fi, fmt in enumerate(FWD_FORMATS):
        for di in range(5):
            combos.append((fmt, PII_DATA[(fi + di) % len(PII_DATA)]))
    # extra Word HTML and own-signature variants
    combos += [("ol-ja", "mynumber"), ("ol-block-ja", "refund"), ("ol-en", "record"), ("ol-block-en", "form"),
               ("ol-ja", "private-sig"), ("ol-block-ja", "application")]
    for fmt, data in combos:
        k += 1
        j = 500 + k
        me = c.staff(j)
        cu = CUSTOMERS[k % len(CUSTOMERS)]
        subj, lines, frm = customer_lines(cu, data, k)
        orig = dict(frm=frm, to=[("サクラシステム カスタマーサポート", "support@sakura-sys.co.jp")], subject=subj,
                    date=when(j, 240), lines=lines)
        pc = PARTNERS[k % len(PARTNERS)]
        who = pc.people[0]
        to = [(who["name"], who["addr"])]
        cc = [c.colleagues(j, me, 1)[0]] if k % 3 == 0 else []
        own = c.greet_out(j, me, f"{pc.name}\n{who['name']}様") + [notes[k % 4], "", CLOSE_OUT[k % 4], ""]
        body = [("p", own)]
        if k % 2 == 0 or k > 40:
            body.append(("sig", c.sig(me, j)))
        body += forwarded(fmt, orig, k)
        mailer = fwd_mailer(fmt)
        if mailer == "outlook":
            enc = ENC_WORD[k % len(ENC_WORD)] if (k % 2 == 1 or k > 40) else ENC_PLAIN[k % len(ENC_PLAIN)]
        else:
            enc = ENC_PLAIN[k % len(ENC_PLAIN)]
        html = "gmail" if mailer == "gmail" and k % 2 == 0 else None
        if html:
            enc = "u8-qp"
        kind = f"{fmt}-{data}" + ("-html" if enc.startswith("word") or html else "") + ("-sig" if any(s[0] == "sig" for s in body) else "")
        c.add("forwarded-pii", kind,
              c.mail(j, me, to, fwd_prefix(fmt) + subj, body, enc, mailer=mailer, cc=cc, html=html))


# --------------------------------------------------------------------------
# verification
# --------------------------------------------------------------------------

def decoded_texts(msg) -> list[str]:
    out = []
    for p in msg.walk():
        if p.is_multipart() or p.get_content_maintype() != "text":
            continue
        raw = p.get_payload(decode=True) or b""
        cs = (p.get_param("charset") or "us-ascii").lower()
        out.append(raw.decode(CODEC.get(cs, cs)))
    return out


def verify(files: list[tuple[str, str, bytes, str]]) -> list[str]:
    problems = []
    for sub, name, data, subject in files:
        where = f"{sub}/{name}"
        if b"\r" in data:
            problems.append(f"{where}: contains CR")
        head = data.split(b"\n\n", 1)[0]
        if any(b > 0x7F for b in head):
            problems.append(f"{where}: 8-bit header")
        for ln in data.split(b"\n"):
            if len(ln) > 998:
                problems.append(f"{where}: line over 998 bytes")
                break
        for variant, blob in (("LF", data), ("CRLF", data.replace(b"\n", b"\r\n"))):
            m = email.message_from_bytes(blob, policy=policy.default)
            if m.defects:
                problems.append(f"{where} {variant}: defects {m.defects}")
            if str(m["Subject"]) != subject:
                problems.append(f"{where} {variant}: subject {str(m['Subject'])!r} != {subject!r}")
            for f in ("From", "To", "Cc"):
                if m[f] is not None:
                    for a in m[f].addresses:
                        if "@" not in a.addr_spec:
                            problems.append(f"{where}: bad address in {f}: {a}")
            try:
                texts = decoded_texts(m)
            except (UnicodeDecodeError, LookupError) as e:
                problems.append(f"{where}: body does not decode: {e}")
                continue
            if not texts:
                problems.append(f"{where}: no text part")
            for p in m.walk():
                if p.defects:
                    problems.append(f"{where} {variant}: part defects {p.defects}")
        m = email.message_from_bytes(data, policy=policy.default)
        # recipients: at most 2 outside companies, no free-mail
        doms = set()
        for f in ("To", "Cc"):
            if m[f] is not None:
                doms |= {a.domain for a in m[f].addresses if not a.domain.endswith("sakura-sys.co.jp")}
        if len(doms) > 2:
            problems.append(f"{where}: {len(doms)} outside domains")
        if doms & {"gmail.com", "yahoo.co.jp", "icloud.com", "docomo.ne.jp", "ezweb.ne.jp", "outlook.jp"}:
            problems.append(f"{where}: free-mail recipient")
        if sub == "forwarded-pii" and not doms:
            problems.append(f"{where}: forwarded personal data must go outside")
    return problems


def generate() -> Census:
    c = Census(SEED)
    gen_ordinary(c)
    gen_pii(c)
    return c


def main() -> int:
    check_only = "--check" in sys.argv[1:]
    c = generate()
    names = [(s, n) for s, n, _, _ in c.files]
    assert len(names) == len(set(names))
    assert c.n["ordinary"] >= 220 and c.n["forwarded-pii"] >= 40, c.n
    if not check_only:
        for sub in c.n:
            d = OUT / sub
            d.mkdir(parents=True, exist_ok=True)
            for old in d.glob("*.eml"):
                old.unlink()
        for sub, name, data, _ in c.files:
            (OUT / sub / name).write_bytes(data)
        print(f"wrote {c.n['ordinary']} ordinary and {c.n['forwarded-pii']} forwarded-pii mails to {OUT}")
    else:
        bad = 0
        for sub in c.n:
            on_disk = {p.name for p in (OUT / sub).glob("*.eml")}
            want = {n for s, n, _, _ in c.files if s == sub}
            for extra in sorted(on_disk - want):
                print(f"!! {sub}/{extra} is not generated")
                bad += 1
        for sub, name, data, _ in c.files:
            p = OUT / sub / name
            if not p.exists() or p.read_bytes() != data:
                print(f"!! {sub}/{name} differs from what the generator produces")
                bad += 1
        if bad:
            return 1
    problems = verify(c.files)
    for p in problems:
        print("!!", p)
    kinds: dict[str, int] = {}
    for sub, name, _, _ in c.files:
        k = sub + ": " + re.sub(r"^\d+-", "", name)[:-4]
        k = re.sub(r"-(html|sig)$", "", re.sub(r"-(in|out)(-html)?$", "", k))
        kinds[k] = kinds.get(k, 0) + 1
    if "-v" in sys.argv[1:]:
        for k, n in sorted(kinds.items()):
            print(f"{n:4d}  {k}")
    if problems:
        print(f"\n{len(problems)} problem(s)")
        return 1
    print("all census mails verified")
    return 0


if __name__ == "__main__":
    sys.exit(main())
