#!/usr/bin/env python3
"""Generate the detector fixtures of issue 11 item 3 (tests/data/40-*.eml).

Stdlib only (Python 3.11+); mail helpers, PDF and package writers are imported from
make_attachment_fixtures.py (the same conventions as make_fixtures.py: byte-exact, LF).
Every file is one outgoing mail from サクラシステム株式会社 (sakura-sys.co.jp):

- birth dates in tables whose header alone says 生年月日 (full-width spaces, runs of
  spaces, `|` tables, a PDF's text layer), with other date columns that must stay dates;
- phone numbers kept in xlsx as numbers with a custom number format;
- 生まれ in its other senses (生まれ変わります, 〜から生まれた製品) next to a date, and
  once in its birth sense;
- display names that claim the organisation by its domain, or a role from free-mail,
  and the traps (a PTA chair, a person's name on gmail);
- subjects, display names and bodies in UTF-7 / UNICODE-1-1-UTF-7.

Run from the repository root:

    python3 tests/data/make_detector_fixtures.py            # write + verify
    python3 tests/data/make_detector_fixtures.py --check    # verify only

Everyone here is fictional; phone numbers, addresses and dates are made up.
"""

from __future__ import annotations

import base64
import email
import hashlib
import re
import sys
import zipfile
from email import policy
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_attachment_fixtures as maf  # noqa: E402
from make_attachment_fixtures import (  # noqa: E402
    CT_XLSX, H, OUTLOOK, attachment_part, b64, ew, mbox, message, multipart, part,
    std_headers, text_part,
)

OUT = Path(__file__).resolve().parent
FIXTURES: list[tuple[str, bytes, str]] = []   # (name, bytes, what a checker should say)

SATO = ("佐藤 一郎", "ichiro.sato@sakura-sys.co.jp")
KATO = ("加藤 由美", "yumi.kato@sakura-sys.co.jp")
MORI = ("森 大輔", "daisuke.mori@sakura-sys.co.jp")
ISHII = ("石井 恵", "megumi.ishii@sakura-sys.co.jp")
NOGUCHI = ("野口 拓也", "takuya.noguchi@sakura-sys.co.jp")


def add(name: str, data: bytes, expect: str) -> None:
    FIXTURES.append((name, data, expect))


def plain(*, frm, to, subject, date, msgid, body, cc=None, mailer=("User-Agent", "Mozilla Thunderbird"),
          charset="UTF-8", cte="8bit") -> bytes:
    extra = [H(*mailer)]
    if cc:
        extra.insert(0, H("Cc", ",\n ".join(cc)))
    extra += [H("Content-Type", f'text/plain; charset="{charset}"' if charset != "ISO-2022-JP"
                else "text/plain; charset=ISO-2022-JP"),
              H("Content-Transfer-Encoding", cte)]
    raw = body.encode("iso2022_jp") if charset == "ISO-2022-JP" else body.encode("utf-8")
    return message(std_headers(mbox(*frm), to, ew(subject), date, msgid, extra),
                   b64(raw) if cte == "base64" else raw)


def with_attachments(*, frm, to, subject, date, msgid, body, atts, boundary,
                     mailer=OUTLOOK, style="2047-utf8") -> bytes:
    parts = [text_part(body, "UTF-8", "base64")]
    for name, ctype, data in atts:
        parts.append(attachment_part(name, ctype, data, style))
    h = std_headers(mbox(*frm), mbox(*to), ew(subject), date, msgid,
                    [H(*mailer), H("Content-Type", f'multipart/mixed;\n boundary="{boundary}"')])
    return message(h, multipart(boundary, parts))


def sig(name: str, dept: str, tel: str) -> str:
    return f"""-- 
サクラシステム株式会社 {dept}
{name}
TEL: {tel}
"""


# --------------------------------------------------------------------------
# xlsx with number formats
# --------------------------------------------------------------------------

class Fmt:
    """A number cell shown with a custom number format."""

    def __init__(self, value, code: str):
        self.value, self.code = value, code


def xlsx_fmt(sheets: list[tuple[str, list[list]]]) -> bytes:
    """An xlsx like maf.xlsx (shared strings, General style 0), plus one cellXfs entry
    per distinct custom format code (numFmtId 176…, as Excel numbers them)."""
    codes: list[str] = []
    sst: list[str] = []
    index: dict[str, int] = {}
    sheet_xml = []
    for _, rows in sheets:
        xml_rows = []
        width = max(len(r) for r in rows)
        for r, row in enumerate(rows, 1):
            cells = []
            for c, v in enumerate(row):
                ref = f"{maf._col(c)}{r}"
                if v is None:
                    continue
                if isinstance(v, str):
                    if v not in index:
                        index[v] = len(sst)
                        sst.append(v)
                    cells.append(f'<c r="{ref}" t="s"><v>{index[v]}</v></c>')
                elif isinstance(v, Fmt):
                    if v.code not in codes:
                        codes.append(v.code)
                    cells.append(f'<c r="{ref}" s="{codes.index(v.code) + 1}"><v>{v.value!r}</v></c>')
                else:
                    cells.append(f'<c r="{ref}"><v>{v!r}</v></c>')
            xml_rows.append(f'<row r="{r}" spans="1:{width}">{"".join(cells)}</row>')
        sheet_xml.append(
            maf.XML_DECL + f'<worksheet xmlns="{maf.NS}/spreadsheetml/2006/main" xmlns:r="{maf.REL_DOC}">'
            f'<dimension ref="A1:{maf._col(width - 1)}{len(rows)}"/>'
            f'<sheetData>{"".join(xml_rows)}</sheetData></worksheet>')
    n = len(sheets)
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    numfmts = "".join(f'<numFmt numFmtId="{176 + i}" formatCode="{escape(c, {chr(34): "&quot;"})}"/>'
                      for i, c in enumerate(codes))
    xfs = "".join(f'<xf numFmtId="{176 + i}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
                  for i in range(len(codes)))
    files = {
        "[Content_Types].xml": maf._content_types(
            [("/xl/workbook.xml", f"{ct}.sheet.main+xml")]
            + [(f"/xl/worksheets/sheet{i}.xml", f"{ct}.worksheet+xml") for i in range(1, n + 1)]
            + [("/xl/styles.xml", f"{ct}.styles+xml"), ("/xl/sharedStrings.xml", f"{ct}.sharedStrings+xml")]),
        "_rels/.rels": maf._rels([("rId1", f"{maf.REL_DOC}/officeDocument", "xl/workbook.xml")]),
        "xl/workbook.xml":
            maf.XML_DECL + f'<workbook xmlns="{maf.NS}/spreadsheetml/2006/main" xmlns:r="{maf.REL_DOC}"><sheets>'
            + "".join(f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
                      for i, (name, _) in enumerate(sheets, 1))
            + '</sheets></workbook>',
        "xl/_rels/workbook.xml.rels": maf._rels(
            [(f"rId{i}", f"{maf.REL_DOC}/worksheet", f"worksheets/sheet{i}.xml") for i in range(1, n + 1)]
            + [(f"rId{n + 1}", f"{maf.REL_DOC}/styles", "styles.xml"),
               (f"rId{n + 2}", f"{maf.REL_DOC}/sharedStrings", "sharedStrings.xml")]),
        "xl/styles.xml":
            maf.XML_DECL + f'<styleSheet xmlns="{maf.NS}/spreadsheetml/2006/main">'
            f'<numFmts count="{len(codes)}">{numfmts}</numFmts>'
            '<fonts count="1"><font><sz val="11"/><name val="游ゴシック"/><family val="3"/><charset val="128"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(codes) + 1}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>{xfs}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="標準" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
        "xl/sharedStrings.xml":
            maf.XML_DECL + f'<sst xmlns="{maf.NS}/spreadsheetml/2006/main" count="{len(sst)}" uniqueCount="{len(sst)}">'
            + "".join(f"<si><t>{escape(s)}</t></si>" for s in sst) + "</sst>",
    }
    for i, x in enumerate(sheet_xml, 1):
        files[f"xl/worksheets/sheet{i}.xml"] = x
    return maf._package(files)


# --------------------------------------------------------------------------
# item 1: birth dates in tables whose header says 生年月日
# --------------------------------------------------------------------------

def birth_table_fullwidth():
    body = """社会保険労務士法人みどり総合事務所
大西 様

いつもお世話になっております。サクラシステム総務部の加藤です。

4月1日付の新入社員について、社会保険の資格取得手続きをお願いいたします。
対象者は以下の4名です。

氏名　生年月日　電話番号
青木 健太　2002/05/18　090-3812-4476
西村 さくら　平成14年9月3日　080-5527-1903
松田 陸　H13.12.24　070-2264-8831
今井 奈々　2001年7月30日　090-6619-2058

入社日はいずれも2025年4月1日です。
年金手帳の写しは別途郵送いたします。

よろしくお願いいたします。

""" + sig("加藤 由美", "総務部", "03-5321-7700")
    add("40-birth-table-fullwidth.eml",
        plain(frm=KATO, to=mbox("大西 様", "ohnishi@midori-sr.example.jp"),
              subject="新入社員4名の資格取得手続きのお願い",
              date="Thu, 27 Mar 2025 10:14:22 +0900",
              msgid="7b1e0c52-40a1-4c0e-9f57-b1d60e2a4001@sakura-sys.co.jp", body=body),
        "birth_date ×4 (西暦, 平成, H13.12.24, 年月日) labelled by the 生年月日 column; a record of 4; "
        "入社日 2025年4月1日 is not a birth date")


def birth_table_spaces_and_other_dates():
    body = """株式会社ひまわりトラベル
法人営業部 中川 様

お世話になっております。サクラシステム営業部の森です。

社員旅行（5月17日〜18日、箱根）の参加者一覧をお送りします。
申込日の列は当社での受付日です。

No.  申込日      氏名          生年月日      部署
1    2025/03/03  森 大輔       1984/02/11    営業部
2    2025/03/04  河野 美香     S63.6.5       営業部
3    2025/03/04  原田 誠       昭和57年10月8日  技術部
4    2025/03/07  小島 里奈     1996/01/29    総務部

旅行保険の加入に生年月日が必要とのことでしたので記載しております。
取り扱いにはご注意ください。

""" + sig("森 大輔", "営業部", "03-5321-7712")
    add("40-birth-table-spaces.eml",
        plain(frm=MORI, to=mbox("中川 様", "nakagawa@himawari-travel.example.jp"),
              subject="社員旅行 参加者一覧の送付", date="Mon, 10 Mar 2025 15:02:41 +0900",
              msgid="0f4d2b88-2c3e-4a3b-8e11-4cfa61d7e402@sakura-sys.co.jp", body=body,
              mailer=OUTLOOK),
        "birth_date ×4 from the 生年月日 column (runs of spaces); the 申込日 dates 2025/03/0x are "
        "NOT birth dates")


def birth_table_pipe_and_trap():
    body = """Hi Ms. Grant,

Thank you for arranging the visa support letters. Below are the travellers for the
Singapore trade show. / シンガポール展示会の渡航者です。

| Name | Date of Birth | Passport expiry |
|------|---------------|-----------------|
| Ishii Megumi | 1990-08-21 | 2031-04-30 |
| Noguchi Takuya | 1987-11-02 | 2029-09-15 |

Our shipping schedule for the booth materials (no personal data):

納品日　品名　数量
2025/05/12　展示パネル一式　1
2025/05/14　パンフレット　500

Best regards,

""" + sig("石井 恵", "海外事業部", "03-5321-7740")
    add("40-birth-table-pipe.eml",
        plain(frm=ISHII, to=mbox("Emily Grant", "emily.grant@asia-events.example.com"),
              subject="Travellers for the Singapore trade show / 渡航者一覧",
              date="Wed, 16 Apr 2025 18:20:05 +0900",
              msgid="c2a7d911-63b5-4f0c-a0f0-7d3b9e6e4403@sakura-sys.co.jp", body=body),
        "birth_date ×2 from the `Date of Birth` column of a | table; Passport expiry dates and "
        "the 納品日 table stay quiet")


PDF_ROWS = [   # 研修受講者名簿.pdf: columns split by U+3000 (as a PDF writer lays them out)
    ("1", "坂本 直樹", "営業部", "1991年3月14日", "2025年4月2日"),
    ("2", "村上 彩", "経理部", "平成8年7月7日", "2025年4月2日"),
    ("3", "遠藤 翼", "技術部", "1999年12月1日", "2025年4月3日"),
    ("4", "三浦 千尋", "人事部", "昭和62年5月20日", "2025年4月3日"),
]
PDF_HEADER = "No.　氏名　所属　生年月日　受付日"


def birth_table_pdf():
    lines = [(16, 0, "新入社員研修 受講者名簿"), (10.5, 30, PDF_HEADER)]
    lines += [(10.5, 20, "　".join(r)) for r in PDF_ROWS]
    lines += [(10.5, 30, "以上（4名）")]
    pdf = maf.cid_text_pdf([lines], title="受講者名簿", producer="Sakura Office Writer 3.2",
                           created="D:20250401090000+09'00'",
                           file_id=hashlib.md5("sendguard 40-birth-table-pdf".encode()).digest())
    body = """株式会社ラーニングゲート
研修事業部 山下 様

お世話になっております。サクラシステム人事部の野口です。

4月の新入社員研修について、受講者名簿（PDF）をお送りいたします。
受付日は当社での申込受付日です。

ご確認のほどよろしくお願いいたします。

""" + sig("野口 拓也", "人事部", "03-5321-7725")
    add("40-birth-table-pdf.eml",
        with_attachments(frm=NOGUCHI, to=("山下 様", "yamashita@learning-gate.example.jp"),
                         subject="新入社員研修 受講者名簿の送付",
                         date="Tue, 01 Apr 2025 09:31:17 +0900",
                         msgid="000001dba2b1$5c3e8f20$14b5ad60$@sakura-sys.co.jp",
                         body=body, atts=[("受講者名簿.pdf", "application/pdf", pdf)],
                         boundary="----=_NextPart_000_0001_01DBA2FC.C4A2B120"),
        "birth_date ×4 in attachment:受講者名簿.pdf (生年月日 column of the PDF's text table); "
        "受付日 dates are not birth dates")


# --------------------------------------------------------------------------
# item 2: xlsx phone numbers stored as numbers with a number format
# --------------------------------------------------------------------------

def xlsx_phone_formats():
    mobile, mobile_q, tokyo, tama = "000-0000-0000", '"0"00-0000-0000', "00-0000-0000", "0###-##-####"
    book = xlsx_fmt([("緊急連絡網", [
        ["社員番号", "氏名", "携帯電話", "自宅電話", "郵便番号"],
        [Fmt(1021, "00000"), "山本 和也", Fmt(9041728835, mobile), Fmt(359814471, tokyo), Fmt(1560043, "000-0000")],
        [Fmt(1034, "00000"), "吉川 真由", Fmt(8033056129, mobile_q), Fmt(423391208, tama), Fmt(1840004, "000-0000")],
        [Fmt(1047, "00000"), "斎藤 翔太", Fmt(7019934470, mobile), Fmt(344617702, tokyo), Fmt(1130033, "000-0000")],
        [Fmt(1052, "00000"), "大塚 優花", Fmt(9062270381, mobile_q), None, Fmt(1810013, "000-0000")],
    ])])
    body = """株式会社セーフティコール
導入支援チーム 平野 様

お世話になっております。サクラシステム総務部の加藤です。

安否確認サービスの初期登録用に、緊急連絡網のExcelファイルを添付いたします。
電話番号は社内の台帳からそのまま出力したものです。

登録後、テスト配信の日程をご相談させてください。

""" + sig("加藤 由美", "総務部", "03-5321-7700")
    add("40-xlsx-phone-formats.eml",
        with_attachments(frm=KATO, to=("平野 様", "hirano@safety-call.example.jp"),
                         subject="安否確認サービス 初期登録データの送付",
                         date="Fri, 14 Mar 2025 11:48:09 +0900",
                         msgid="000001db94a7$1f0e7a60$5d2b6f20$@sakura-sys.co.jp",
                         body=body, atts=[("緊急連絡網.xlsx", CT_XLSX, book)],
                         boundary="----=_NextPart_000_0001_01DB94F2.8F0C5E40"),
        "phones in attachment:緊急連絡網.xlsx read as Excel shows them (090-4172-8835, 03-5981-4471, "
        "0423-39-1208…): records of 4 (氏名・電話番号)")


def xlsx_amount_formats():
    book = xlsx_fmt([("見積明細", [
        ["品番", "品名", "数量", "単価", "金額", "値引率"],
        [Fmt(412, "0000"), "業務用ノートPC", 12, Fmt(158000, "#,##0"), Fmt(1896000, '"¥"#,##0'), Fmt(0.05, "0.0%")],
        [Fmt(87, "0000"), "ドッキングステーション", 12, Fmt(24800, "#,##0"), Fmt(297600, '"¥"#,##0'), Fmt(0.1, "0.0%")],
        [Fmt(1203, "0000"), "セットアップ作業", 1, Fmt(96000, "#,##0"), Fmt(96000, '"¥"#,##0'), Fmt(0, "0.0%")],
        [None, "合計", None, None, Fmt(2289600, '#,##0"円"'), None],
    ])])
    body = """株式会社北斗商会
購買部 丸山 様

いつもお世話になっております。サクラシステム営業部の佐藤です。

先日ご依頼いただいたPC入れ替えのお見積り明細をお送りいたします。
有効期限は2025年4月30日です。

ご検討のほどよろしくお願いいたします。

""" + sig("佐藤 一郎", "営業部", "03-5321-7710")
    add("40-xlsx-amount-formats.eml",
        with_attachments(frm=SATO, to=("丸山 様", "maruyama@hokuto-shokai.example.jp"),
                         subject="PC入れ替え お見積り明細の送付",
                         date="Mon, 31 Mar 2025 17:05:44 +0900",
                         msgid="5e0a2f17-1a8c-4b4e-b21d-93c8f0a6e406@sakura-sys.co.jp",
                         body=body, atts=[("見積明細.xlsx", CT_XLSX, book)],
                         boundary="------------Q7mZk3LrV7sNc2WpT5x40a"),
        "no personal data in attachment:見積明細.xlsx (amounts ¥1,896,000, codes 0412, 5.0%)")


# --------------------------------------------------------------------------
# item 3: 生まれ in its other senses
# --------------------------------------------------------------------------

def umare_renewal():
    body = """お客様各位

平素より「さくら勤怠クラウド」をご利用いただき、誠にありがとうございます。

2025年4月1日より、当社のサービスは新しく生まれ変わります。
画面デザインを一新し、スマートフォンからの打刻にも対応いたします。

■ 切り替え日時：2025年4月1日（火）6:00
■ メンテナンス：2025年3月31日 22:00 ～ 2025年4月1日 6:00

生まれ変わった「さくら勤怠クラウド」を、今後ともよろしくお願いいたします。

""" + sig("森 大輔", "クラウドサービス部", "0120-123-456")
    add("40-umare-renewal.eml",
        plain(frm=MORI, to=mbox("ご担当者 様", "soumu@kaede-denki.example.jp"),
              subject="【重要】サービスリニューアルのお知らせ",
              date="Mon, 03 Mar 2025 10:00:00 +0900",
              msgid="a1c9e7d4-2b38-4f1a-8d6e-6f0b3c5e4407@sakura-sys.co.jp", body=body),
        "NO birth_date (生まれ変わります / 生まれ変わった next to dates)")


def umare_product_origin():
    body = """株式会社あおば工業
設備課 片山 様

いつもお世話になっております。サクラシステムの佐藤です。

先日の展示会でご紹介した点検アプリについてご案内いたします。
本製品は、工場の現場の声から生まれた製品で、2024年10月1日に生まれた新サービス
「さくら点検ナビ」の後継版です。2025年5月8日に新しく生まれる予定の
機能（帳票の自動作成）も、無償でご利用いただけます。

デモのご希望日を2、3いただけましたら幸いです。

""" + sig("佐藤 一郎", "営業部", "03-5321-7710")
    add("40-umare-product.eml",
        plain(frm=SATO, to=mbox("片山 様", "katayama@aoba-kogyo.example.jp"),
              subject="点検アプリのご案内", date="Thu, 20 Mar 2025 13:45:30 +0900",
              msgid="d3f5b2a8-7c61-4e0d-9a2f-1e8c7b6a4408@sakura-sys.co.jp", body=body,
              mailer=OUTLOOK),
        "NO birth_date (〜から生まれた製品, 生まれた新サービス, 新しく生まれる)")


def umare_birth_sense():
    body = """株式会社つばさ人材センター
紹介事業部 小野 様

お世話になっております。サクラシステム人事部の野口です。

ご紹介いただいた候補者の方について、面接日程の確認です。
候補者：岡本 悠真 様（1998年5月20日生まれ、26歳）
面接日：2025年4月9日（水）14:00〜

当日は本社受付にお越しいただくようお伝えください。

""" + sig("野口 拓也", "人事部", "03-5321-7725")
    add("40-umare-birth-sense.eml",
        plain(frm=NOGUCHI, to=mbox("小野 様", "ono@tsubasa-jinzai.example.jp"),
              subject="面接日程のご確認（岡本様）", date="Fri, 28 Mar 2025 16:22:10 +0900",
              msgid="6a8e1f3b-90d2-4c57-b4a1-2d7f5c9e4409@sakura-sys.co.jp", body=body),
        "birth_date 1998年5月20日 (生まれ in its birth sense); the 面接日 is not")


# --------------------------------------------------------------------------
# item 4: display names claiming the organisation or a role
# --------------------------------------------------------------------------

def spoof_domain():
    to = [mbox("sakura-sys.co.jp 経理部", "keiri@example-mail.net"),
          mbox("SAKURA-SYS 総務", "soumu@office-desk.example.jp")]
    body = """経理部 各位

3月分の経費精算の締め日についてご連絡します。
申請は3月25日（火）までにお願いいたします。

""" + sig("鈴木 花子", "業務部", "03-5321-7705")
    add("40-spoof-domain.eml",
        plain(frm=("鈴木 花子", "hanako.suzuki@sakura-sys.co.jp"), to=",\n ".join(to),
              subject="3月分 経費精算の締め日について", date="Tue, 18 Mar 2025 09:12:55 +0900",
              msgid="f0b2c4d6-8e1a-4357-9b2c-0d4e6f8a4410@sakura-sys.co.jp", body=body),
        "display_name_spoof ×2: 社内ドメイン sakura-sys.co.jp, 社内ドメイン名「sakura-sys」 on outside addresses")


def spoof_freemail_roles():
    to = mbox("社長室", "president.office.sakura@gmail.com")
    cc = [mbox("総務課長 田中", "tanaka.soumu@yahoo.co.jp"), mbox("CEO Office", "ceo.office.ss@outlook.jp")]
    body = """社長室 ご担当者様

お疲れさまです。経理部の石井です。

ご指示のありました振込先の変更について、手続きの前に確認させてください。
変更後の口座情報は、本メールへの返信ではなく社内チャットでお知らせいただけますか。

""" + sig("石井 恵", "経理部", "03-5321-7730")
    add("40-spoof-freemail-roles.eml",
        plain(frm=ISHII, to=to, cc=cc, subject="Re: 至急 振込先変更の件",
              date="Wed, 19 Mar 2025 11:03:27 +0900",
              msgid="2c4e6a8b-0d1f-4a3c-8e5b-7f9a1c3e4411@sakura-sys.co.jp", body=body,
              mailer=OUTLOOK),
        "display_name_spoof ×3: 役職「社長室」, 「総務課」, 「CEO」 on free-mail")


def spoof_traps():
    to = [mbox("PTA会長 山田", "yamada.pta.sakuragaoka@gmail.com"),
          mbox("山田 美紀", "miki.yamada1984@yahoo.co.jp")]
    body = """山田 様

桜ヶ丘小学校PTAの皆さまには、職場見学の受け入れでお世話になりました。
当日の写真をお送りする件、4月中にご用意いたします。

""" + sig("森 大輔", "広報室", "03-5321-7712")
    add("40-spoof-traps.eml",
        plain(frm=MORI, to=",\n ".join(to), subject="職場見学のお礼",
              date="Thu, 27 Mar 2025 18:40:02 +0900",
              msgid="9e1a3c5d-7f2b-4d6e-a0c8-4b6d8f0a4412@sakura-sys.co.jp", body=body),
        "NO display_name_spoof (a PTA chair and a person's name on free-mail); freemail warnings only")


# --------------------------------------------------------------------------
# item 5: UTF-7
# --------------------------------------------------------------------------

def utf7_word(text: str, charset: str, enc: str) -> str:
    raw = text.encode("utf-7")
    if enc == "Q":
        q = "".join("_" if ch == " " else ch if ch.isalnum() or ch in "+-/.,:" else f"={ord(ch):02X}"
                    for ch in raw.decode("ascii"))
        return f"=?{charset}?Q?{q}?="
    return f"=?{charset}?B?{base64.b64encode(raw).decode()}?="


def utf7_outlook_express():
    body = """株式会社こもれび設計
吉村 様

いつもお世話になっております。サクラシステムの佐藤です。

ご依頼の図面の修正版を本日中にお送りします。
ご確認をよろしくお願いいたします。

--
サクラシステム株式会社 営業部
佐藤 一郎
TEL: 03-5321-7710
"""
    headers = [
        H("From", f"{utf7_word('佐藤 一郎', 'UNICODE-1-1-UTF-7', 'Q')} <{SATO[1]}>"),
        H("To", f"{utf7_word('吉村 様', 'UNICODE-1-1-UTF-7', 'Q')} <yoshimura@komorebi-sekkei.example.jp>"),
        H("Subject", utf7_word("図面修正版の送付について", "UNICODE-1-1-UTF-7", "Q")),
        H("Date", "Tue, 25 Mar 2025 14:11:09 +0900"),
        H("Message-ID", "<000a01db9d4e$3c2f5b10$0200a8c0@sakura-sys.co.jp>"),
        H("MIME-Version", "1.0"),
        H("X-Mailer", "Microsoft Outlook Express 6.00.2900.5931"),
        H("Content-Type", 'text/plain;\n\tcharset="unicode-1-1-utf-7"'),
        H("Content-Transfer-Encoding", "7bit"),
    ]
    add("40-utf7-outlook-express.eml", message(headers, body.encode("utf-7")),
        "subject 図面修正版の送付について, recipient name 吉村 様 and the body decoded from UTF-7")


def utf7_b_words():
    body = """Dear Mr. Lee,

Thank you for your order; the invoice follows by post.
ご注文ありがとうございました。請求書は郵送いたします。

Sakura System Co., Ltd.
"""
    # Cut off before the closing `-`: the shift runs to the end of the word.
    raw = "リマインダーのご案内".encode("utf-7").rstrip(b"-")
    subject = "=?UTF-7?B?" + base64.b64encode(raw).decode() + "?="
    headers = [
        H("From", f"{utf7_word('野口 拓也', 'UTF-7', 'B')} <{NOGUCHI[1]}>"),
        H("To", f"{utf7_word('李 明 様', 'UTF-7', 'B')} <lee.ming@harbor-trade.example.com>"),
        H("Subject", f"Re: {subject}"),
        H("Date", "Wed, 26 Mar 2025 09:40:51 +0900"),
        H("Message-ID", "<20250326094051.3F2A@sakura-sys.co.jp>"),
        H("MIME-Version", "1.0"),
        H("Content-Type", "text/plain; charset=UTF-7"),
        H("Content-Transfer-Encoding", "7bit"),
    ]
    add("40-utf7-b-words.eml", message(headers, body.encode("utf-7")),
        "B-encoded UTF-7 subject with an unterminated shift (Re: リマインダーのご案内) and name 李 明 様")


BUILDERS = [birth_table_fullwidth, birth_table_spaces_and_other_dates, birth_table_pipe_and_trap,
            birth_table_pdf, xlsx_phone_formats, xlsx_amount_formats, umare_renewal,
            umare_product_origin, umare_birth_sense, spoof_domain, spoof_freemail_roles,
            spoof_traps, utf7_outlook_express, utf7_b_words]


def verify() -> int:
    failures = 0
    for name, data, expect in FIXTURES:
        problems = []
        if b"\r" in data:
            problems.append("CR in the file")
        msg = email.message_from_bytes(data, policy=policy.default)
        if not msg["From"] or not msg["To"] or not msg["Subject"]:
            problems.append("missing From/To/Subject")
        for att in msg.iter_attachments():
            payload = att.get_payload(decode=True)
            if att.get_filename("").endswith(".xlsx"):
                with zipfile.ZipFile(BytesIO(payload)) as z:
                    if z.testzip() is not None:
                        problems.append("broken xlsx")
        if problems:
            failures += 1
            print(f"!! {name}: {'; '.join(problems)}")
        else:
            print(f"ok {name}: {expect}")
    return failures


def main() -> int:
    for b in BUILDERS:
        b()
    names = [n for n, _, _ in FIXTURES]
    assert len(names) == len(set(names)) and all(re.match(r"40-[a-z0-9-]+\.eml$", n) for n in names)
    if "--check" in sys.argv[1:]:
        for name, data, _ in FIXTURES:
            if (OUT / name).read_bytes() != data:
                print(f"!! {name} differs from what the generator produces")
                return 1
    else:
        for name, data, _ in FIXTURES:
            (OUT / name).write_bytes(data)
        print(f"wrote {len(FIXTURES)} fixtures to {OUT}")
    return 1 if verify() else 0


if __name__ == "__main__":
    sys.exit(main())
