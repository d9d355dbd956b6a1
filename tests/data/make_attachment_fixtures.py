#!/usr/bin/env python3
"""Generate sendguard's attachment fixture messages (tests/data/30-att-*.eml).

Stdlib only (Python 3.11+). Each file is one outgoing mail from サクラシステム株式会社
(sakura-sys.co.jp) to an outside partner, written byte-exactly with LF line endings.
Every attachment is base64 with an RFC 2231 (`filename*=UTF-8''…`) or RFC 2047
(`filename="=?…?="`) Japanese name, and every attachment is built here by hand: CSV in
UTF-8/CP932, xlsx/docx/pptx as zip + minimal XML, zips with CP932 member names (no UTF-8
flag), nested zips, ZipCrypto and WinZip-AES members, an encrypted-OOXML CFB container,
a zip bomb, a truncated xlsx, and PDFs (a Japanese text layer through a Type0/Identity-H
font with a ToUnicode CMap, an image-only scan, and one encrypted with the standard
security handler, RC4 128-bit, inside a zip). Run from the repository root:

    python3 tests/data/make_attachment_fixtures.py            # write + verify
    python3 tests/data/make_attachment_fixtures.py --check    # verify only (no writing)

The verification parses every mail (LF and CRLF) with Python's `email`, checks that
each attachment decodes to exactly the bytes built here, opens the zips/office files
with `zipfile` + `xml.etree`, reads the CFB container's directory, walks each PDF's xref
table (decrypting with the user password where there is one) and rebuilds its text lines
through the ToUnicode CMap, and prints what a correct checker should report for each file.

Everyone in these files is fictional; phone numbers, addresses and dates are made up
(mail addresses of customers use the reserved example.* domains).
"""

from __future__ import annotations

import base64
import codecs
import datetime as dt
import email
import hashlib
import random
import re
import struct
import sys
import zipfile
import zlib
from email import policy
from email.header import decode_header, make_header
from io import BytesIO
from pathlib import Path
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

OUT = Path(__file__).resolve().parent
LIMIT = 200 * 1024          # every mail but the zip bomb
BOMB_LIMIT = 1024 * 1024    # the zip bomb mail

# --------------------------------------------------------------------------
# mail helpers (the same conventions as make_fixtures.py)
# --------------------------------------------------------------------------


def H(name: str, value: str | bytes) -> bytes:
    v = value if isinstance(value, bytes) else value.encode("utf-8")
    return name.encode("ascii") + b": " + v


def b64(data: bytes, width: int = 76) -> bytes:
    s = base64.b64encode(data)
    return b"\n".join(s[i:i + width] for i in range(0, len(s), width)) + b"\n"


def _word(raw: bytes, charset: str) -> str:
    return f"=?{charset}?B?{base64.b64encode(raw).decode()}?="


PY_CODEC = {"UTF-8": "utf-8", "ISO-2022-JP": "iso2022_jp"}


def ew(text: str, charset: str = "UTF-8", max_word: int = 66) -> str:
    """RFC 2047 B-encode, split on character boundaries; words folded with LF+SP."""
    enc = PY_CODEC[charset]
    words, chunk = [], ""
    for ch in text:
        cand = chunk + ch
        if chunk and len(_word(cand.encode(enc), charset)) > max_word:
            words.append(_word(chunk.encode(enc), charset))
            chunk = ch
        else:
            chunk = cand
    if chunk:
        words.append(_word(chunk.encode(enc), charset))
    return "\n ".join(words)


def mbox(name: str, addr: str, charset: str = "UTF-8") -> str:
    w = ew(name, charset)
    last = w.rsplit("\n", 1)[-1]
    sep = "\n " if len(last) + len(addr) + 3 > 72 else " "
    return f"{w}{sep}<{addr}>"


def pct(raw: bytes) -> str:
    return "".join(chr(b) if chr(b).isascii() and (chr(b).isalnum() or chr(b) in "-._~") else f"%{b:02X}"
                   for b in raw)


def rfc2231(param: str, value: str, max_seg: int = 60) -> str:
    """`param*=UTF-8''…`, or `param*0*=UTF-8''…; param*1*=…` continuations cut at
    character boundaries when the value is long (what Thunderbird writes)."""
    segs, cur = [], ""
    for ch in value:
        if cur and len(pct((cur + ch).encode("utf-8"))) > max_seg:
            segs.append(cur)
            cur = ch
        else:
            cur += ch
    segs.append(cur)
    if len(segs) == 1:
        return f"{param}*=UTF-8''{pct(value.encode('utf-8'))}"
    charset = "UTF-8''"
    return ";\n ".join(f"{param}*{i}*={charset if i == 0 else ''}{pct(s.encode('utf-8'))}"
                       for i, s in enumerate(segs))


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


def std_headers(frm: str, to: str, subject: str, date: str, msgid: str,
                extra: list[bytes]) -> list[bytes]:
    return [H("From", frm), H("To", to), H("Subject", subject), H("Date", date),
            H("Message-ID", f"<{msgid}>"), H("MIME-Version", "1.0")] + extra


def text_part(body: str, charset: str, cte: str) -> bytes:
    if charset == "ISO-2022-JP":
        raw = body.encode("iso2022_jp")
        assert cte == "7bit"
    else:
        raw = body.encode("utf-8")
    payload = b64(raw) if cte == "base64" else raw
    return part([H("Content-Type", f'text/plain; charset="{charset}"' if charset != "ISO-2022-JP"
                   else "text/plain; charset=ISO-2022-JP"),
                 H("Content-Transfer-Encoding", cte)], payload)


def attachment_part(name: str, ctype: str, data: bytes, style: str) -> bytes:
    """style: "2231" (Thunderbird/Gmail: RFC 2231 name*/filename*), "2047-jis" (Outlook:
    `"=?ISO-2022-JP?B?…?="` in quotes), "2047-utf8" (`"=?UTF-8?B?…?="` in quotes)."""
    if name.isascii():
        ct, cd = f'{ctype};\n name="{name}"', f'attachment;\n filename="{name}"'
    elif style == "2231":
        ct = f"{ctype};\n {rfc2231('name', name)}"
        cd = f"attachment;\n {rfc2231('filename', name)}"
    else:
        w = ew(name, "ISO-2022-JP" if style == "2047-jis" else "UTF-8")
        ct, cd = f'{ctype};\n name="{w}"', f'attachment;\n filename="{w}"'
    return part([H("Content-Type", ct), H("Content-Disposition", cd),
                 H("Content-Transfer-Encoding", "base64")], b64(data))


def win_cp932(text: str) -> bytes:
    """CP932 as Windows writes it: characters that exist both as NEC-selected IBM
    extensions (lead byte 0xED/0xEE, which Python's codec picks) and as IBM extensions
    (0xFA-0xFC) are written as the latter (髙 = FB FC, 﨑 = FA B1)."""
    out = bytearray()
    for ch in text:
        b = ch.encode("cp932")
        if len(b) == 2 and b[0] in (0xED, 0xEE):
            b = _IBM[ch]
        out += b
    return bytes(out)


_IBM: dict[str, bytes] = {}
for _lead in (0xFA, 0xFB, 0xFC):
    for _trail in list(range(0x40, 0x7F)) + list(range(0x80, 0xFD)):
        try:
            _IBM.setdefault(bytes([_lead, _trail]).decode("cp932"), bytes([_lead, _trail]))
        except UnicodeDecodeError:
            pass

assert win_cp932("髙") == b"\xfb\xfc" and win_cp932("﨑") == b"\xfa\xb1"
assert win_cp932("①～") == b"\x87\x40\x81\x60"


def csv_bytes(rows: list[tuple[str, ...]], encoding: str) -> bytes:
    text = "".join(",".join(r) + "\r\n" for r in rows)          # Excel writes CRLF
    if encoding == "utf-8-sig":
        return codecs.BOM_UTF8 + text.encode("utf-8")
    assert encoding == "cp932"
    return win_cp932(text)


# --------------------------------------------------------------------------
# zip writer (byte-exact, with control over names, flags, methods and extras)
# --------------------------------------------------------------------------

FLAG_ENCRYPTED = 0x0001
FLAG_UTF8 = 0x0800


class Member:
    def __init__(self, name: str, *, name_enc: str, payload: bytes, crc: int, usize: int,
                 method: int, flags: int = 0, extra: bytes = b"", version: int = 20,
                 when: tuple[int, ...] = (2024, 6, 3, 9, 30, 0)):
        if name_enc == "utf-8" and not name.isascii():
            flags |= FLAG_UTF8
        self.name = name
        self.raw_name = name.encode(name_enc)
        self.payload, self.crc, self.usize = payload, crc, usize
        self.method, self.flags, self.extra, self.version = method, flags, extra, version
        y, mo, d, h, mi, s = when
        self.time = (h << 11) | (mi << 5) | (s // 2)
        self.date = ((y - 1980) << 9) | (mo << 5) | d


def deflate(data: bytes) -> bytes:
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    return co.compress(data) + co.flush()


def stored_or_deflated(name: str, data: bytes, *, name_enc: str = "utf-8", method: int = 8,
                       **kw) -> Member:
    payload = deflate(data) if method == 8 else data
    return Member(name, name_enc=name_enc, payload=payload, crc=zlib.crc32(data),
                  usize=len(data), method=method, **kw)


# Traditional PKWARE encryption, shared with the mail fixtures' generator.
from make_fixtures import _ZipCrypto as ZipCrypto  # noqa: E402


def zipcrypto_member(name: str, data: bytes, password: bytes, seed: int, **kw) -> Member:
    """A really ZipCrypto-encrypted, deflated member (flag bit 0 in both headers)."""
    crc = zlib.crc32(data)
    rnd = random.Random(seed)
    enc = ZipCrypto(password)
    head = bytes(rnd.randrange(256) for _ in range(11)) + bytes([crc >> 24])
    payload = enc.encrypt(head) + enc.encrypt(deflate(data))
    return Member(name, payload=payload, crc=crc, usize=len(data), method=8,
                  flags=FLAG_ENCRYPTED, **kw)


def aes_member(name: str, usize: int, seed: int, **kw) -> Member:
    """A WinZip AE-2 AES-256 member as 7-Zip/WinZip write it: method 99, flag bit 0, the
    0x9901 extra field (vendor version 2, "AE", strength 3, real method 8) in both
    headers, CRC 0. The payload (salt 16 + verifier 2 + data + HMAC 10) is random bytes:
    nobody can decrypt it, which is the point."""
    rnd = random.Random(seed)
    body_len = usize * 3 // 5
    payload = bytes(rnd.randrange(256) for _ in range(16 + 2 + body_len + 10))
    extra = struct.pack("<HHH2sBH", 0x9901, 7, 2, b"AE", 3, 8)
    return Member(name, payload=payload, crc=0, usize=usize, method=99, flags=FLAG_ENCRYPTED,
                  extra=extra, version=51, **kw)


def zeros_member(name: str, size: int, chunk: int = 1 << 20) -> Member:
    """`size` zero bytes, deflated in a stream (never holds the plain bytes)."""
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    crc, out, block = 0, [], bytes(chunk)
    left = size
    while left:
        n = min(chunk, left)
        piece = block if n == chunk else bytes(n)
        crc = zlib.crc32(piece, crc)
        out.append(co.compress(piece))
        left -= n
    out.append(co.flush())
    return Member(name, name_enc="ascii", payload=b"".join(out), crc=crc, usize=size, method=8)


def build_zip(members: list[Member], made_by: int = 20) -> bytes:
    local, central = bytearray(), bytearray()
    for m in members:
        off = len(local)
        local += struct.pack("<IHHHHHIIIHH", 0x04034B50, m.version, m.flags, m.method, m.time,
                             m.date, m.crc, len(m.payload), m.usize, len(m.raw_name),
                             len(m.extra)) + m.raw_name + m.extra + m.payload
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, made_by, m.version, m.flags,
                               m.method, m.time, m.date, m.crc, len(m.payload), m.usize,
                               len(m.raw_name), len(m.extra), 0, 0, 0, 0x20, off) + m.raw_name + m.extra
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members),
                       len(central), len(local), 0)
    return bytes(local + central + eocd)


# --------------------------------------------------------------------------
# Office Open XML, by hand
# --------------------------------------------------------------------------

NS = "http://schemas.openxmlformats.org"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
OFFICE_WHEN = (2024, 6, 3, 9, 12, 40)


def _rels(rels: list[tuple[str, str, str]]) -> str:
    body = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{tg}"/>' for i, t, tg in rels)
    return XML_DECL + f'<Relationships xmlns="{NS}/package/2006/relationships">{body}</Relationships>'


def _content_types(overrides: list[tuple[str, str]]) -> str:
    o = "".join(f'<Override PartName="{p}" ContentType="{c}"/>' for p, c in overrides)
    return (XML_DECL + f'<Types xmlns="{NS}/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>{o}</Types>')


def _package(files: dict[str, str]) -> bytes:
    return build_zip([stored_or_deflated(n, c.encode("utf-8"), when=OFFICE_WHEN)
                      for n, c in files.items()])


REL_DOC = f"{NS}/officeDocument/2006/relationships"


class Text(str):
    """A cell typed with a leading apostrophe ('090-…): a string with quotePrefix."""


EPOCH = dt.date(1899, 12, 30)


def _col(i: int) -> str:
    return chr(ord("A") + i)


def xlsx(sheets: list[tuple[str, list[list]]]) -> bytes:
    """An xlsx as Excel writes it, minus docProps/theme: shared strings, styles with
    cellXfs 0 = General, 1 = numFmtId 14 (the built-in date, yyyy/m/d in Japanese Excel),
    2 = quotePrefix text. Cells: str/Text -> shared string, int/float -> number,
    datetime.date -> serial number with style 1, None -> no cell."""
    sst: list[str] = []
    index: dict[str, int] = {}
    refs = 0
    sheet_xml = []
    for _, rows in sheets:
        xml_rows = []
        width = max(len(r) for r in rows)
        for r, row in enumerate(rows, 1):
            cells = []
            for c, v in enumerate(row):
                ref = f"{_col(c)}{r}"
                if v is None:
                    continue
                if isinstance(v, str):
                    refs += 1
                    if v not in index:
                        index[v] = len(sst)
                        sst.append(v)
                    style = ' s="2"' if isinstance(v, Text) else ""
                    cells.append(f'<c r="{ref}"{style} t="s"><v>{index[v]}</v></c>')
                elif isinstance(v, dt.date):
                    cells.append(f'<c r="{ref}" s="1"><v>{(v - EPOCH).days}</v></c>')
                else:
                    cells.append(f'<c r="{ref}"><v>{v!r}</v></c>')
            xml_rows.append(f'<row r="{r}" spans="1:{width}">{"".join(cells)}</row>')
        sheet_xml.append(
            XML_DECL + f'<worksheet xmlns="{NS}/spreadsheetml/2006/main" xmlns:r="{REL_DOC}">'
            f'<dimension ref="A1:{_col(width - 1)}{len(rows)}"/>'
            '<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
            '<sheetFormatPr defaultRowHeight="18.75"/>'
            f'<sheetData>{"".join(xml_rows)}</sheetData>'
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
            '</worksheet>')
    n = len(sheets)
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    files = {
        "[Content_Types].xml": _content_types(
            [("/xl/workbook.xml", f"{ct}.sheet.main+xml")]
            + [(f"/xl/worksheets/sheet{i}.xml", f"{ct}.worksheet+xml") for i in range(1, n + 1)]
            + [("/xl/styles.xml", f"{ct}.styles+xml"), ("/xl/sharedStrings.xml", f"{ct}.sharedStrings+xml")]),
        "_rels/.rels": _rels([("rId1", f"{REL_DOC}/officeDocument", "xl/workbook.xml")]),
        "xl/workbook.xml":
            XML_DECL + f'<workbook xmlns="{NS}/spreadsheetml/2006/main" xmlns:r="{REL_DOC}">'
            '<bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="12300"/></bookViews><sheets>'
            + "".join(f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
                      for i, (name, _) in enumerate(sheets, 1))
            + '</sheets><calcPr calcId="191029"/></workbook>',
        "xl/_rels/workbook.xml.rels": _rels(
            [(f"rId{i}", f"{REL_DOC}/worksheet", f"worksheets/sheet{i}.xml") for i in range(1, n + 1)]
            + [(f"rId{n + 1}", f"{REL_DOC}/styles", "styles.xml"),
               (f"rId{n + 2}", f"{REL_DOC}/sharedStrings", "sharedStrings.xml")]),
        "xl/styles.xml":
            XML_DECL + f'<styleSheet xmlns="{NS}/spreadsheetml/2006/main">'
            '<fonts count="1"><font><sz val="11"/><name val="游ゴシック"/><family val="3"/><charset val="128"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"><alignment vertical="center"/></xf></cellStyleXfs>'
            '<cellXfs count="3">'
            '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"><alignment vertical="center"/></xf>'
            '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><alignment vertical="center"/></xf>'
            '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"><alignment vertical="center"/></xf>'
            '</cellXfs><cellStyles count="1"><cellStyle name="標準" xfId="0" builtinId="0"/></cellStyles>'
            '</styleSheet>',
        "xl/sharedStrings.xml":
            XML_DECL + f'<sst xmlns="{NS}/spreadsheetml/2006/main" count="{refs}" uniqueCount="{len(sst)}">'
            + "".join(f"<si><t>{escape(s)}</t></si>" for s in sst) + "</sst>",
    }
    for i, x in enumerate(sheet_xml, 1):
        files[f"xl/worksheets/sheet{i}.xml"] = x
    return _package(files)


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w_runs(text: str | list[str]) -> str:
    runs = [text] if isinstance(text, str) else text
    out = []
    for r in runs:
        sp = ' xml:space="preserve"' if r != r.strip() else ""
        out.append(f'<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t{sp}>{escape(r)}</w:t></w:r>')
    return "".join(out)


def _w_p(text: str | list[str], *, bold: bool = False, center: bool = False) -> str:
    ppr = '<w:pPr><w:jc w:val="center"/></w:pPr>' if center else ""
    if bold:
        return (f'<w:p>{ppr}<w:r><w:rPr><w:rFonts w:hint="eastAsia"/><w:b/><w:sz w:val="28"/></w:rPr>'
                f'<w:t>{escape(text)}</w:t></w:r></w:p>')
    return f"<w:p>{ppr}{_w_runs(text)}</w:p>"


def docx(paragraphs_before: list, table: list[list], paragraphs_after: list) -> bytes:
    """word/document.xml with paragraphs (w:p/w:r/w:t, a name split over two runs as
    Word's IME leaves it) and one bordered w:tbl."""
    widths = [2400, 2400, 4200]
    border = "".join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                     for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    rows = []
    for row in table:
        cells = "".join(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>{_w_p(v)}</w:tc>'
                        for v, w in zip(row, widths))
        rows.append(f"<w:tr>{cells}</w:tr>")
    tbl = (f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>{border}</w:tblBorders>'
           '<w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>'
           + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + f'</w:tblGrid>{"".join(rows)}</w:tbl>')
    body = ("".join(p if p.startswith("<w:p") else _w_p(p) for p in paragraphs_before) + tbl
            + "".join(p if p.startswith("<w:p") else _w_p(p) for p in paragraphs_after)
            + '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
              '<w:pgMar w:top="1985" w:right="1701" w:bottom="1701" w:left="1701" w:header="851" w:footer="992" w:gutter="0"/>'
              '</w:sectPr>')
    files = {
        "[Content_Types].xml": _content_types(
            [("/word/document.xml",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")]),
        "_rels/.rels": _rels([("rId1", f"{REL_DOC}/officeDocument", "word/document.xml")]),
        "word/document.xml": XML_DECL + f'<w:document xmlns:w="{W}" xmlns:r="{REL_DOC}"><w:body>{body}</w:body></w:document>',
    }
    return _package(files)


A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"


def _a_p(text: str) -> str:
    return f'<a:p><a:r><a:rPr lang="ja-JP" altLang="en-US"/><a:t>{escape(text)}</a:t></a:r></a:p>'


def _shape(sid: int, name: str, ph: str, paras: list[str], y: int) -> str:
    ph_xml = f'<p:ph type="{ph}"/>' if ph == "title" else '<p:ph idx="1"/>'
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="{escape(name)}"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
            f'<p:nvPr>{ph_xml}</p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="838200" y="{y}"/>'
            '<a:ext cx="10515600" cy="1325563"/></a:xfrm></p:spPr>'
            f'<p:txBody><a:bodyPr/><a:lstStyle/>{"".join(_a_p(t) for t in paras)}</p:txBody></p:sp>')


def pptx(slides: list[tuple[str, list[str]]]) -> bytes:
    """ppt/presentation.xml + ppt/slides/slideN.xml (title and body shapes with a:t);
    no masters, layouts or theme."""
    files = {
        "[Content_Types].xml": _content_types(
            [("/ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml")]
            + [(f"/ppt/slides/slide{i}.xml", "application/vnd.openxmlformats-officedocument.presentationml.slide+xml")
               for i in range(1, len(slides) + 1)]),
        "_rels/.rels": _rels([("rId1", f"{REL_DOC}/officeDocument", "ppt/presentation.xml")]),
        "ppt/presentation.xml":
            XML_DECL + f'<p:presentation xmlns:a="{A}" xmlns:r="{REL_DOC}" xmlns:p="{P}"><p:sldIdLst>'
            + "".join(f'<p:sldId id="{255 + i}" r:id="rId{i}"/>' for i in range(1, len(slides) + 1))
            + '</p:sldIdLst><p:sldSz cx="12192000" cy="6858000"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>',
        "ppt/_rels/presentation.xml.rels": _rels(
            [(f"rId{i}", f"{REL_DOC}/slide", f"slides/slide{i}.xml") for i in range(1, len(slides) + 1)]),
    }
    for i, (title, body) in enumerate(slides, 1):
        files[f"ppt/slides/slide{i}.xml"] = (
            XML_DECL + f'<p:sld xmlns:a="{A}" xmlns:r="{REL_DOC}" xmlns:p="{P}"><p:cSld><p:spTree>'
            '<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>'
            + _shape(2, "タイトル 1", "title", [title], 365125)
            + _shape(3, "コンテンツ プレースホルダー 2", "body", body, 1825625)
            + '</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>')
    return _package(files)


# --------------------------------------------------------------------------
# an encrypted OOXML file: a Compound File (OLE2/CFB v3) container
# --------------------------------------------------------------------------

FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
SECTOR, MINI = 512, 64


def _dir_entry(name: str, kind: int, color: int, left: int, right: int, child: int,
               start: int, size: int) -> bytes:
    raw = name.encode("utf-16-le") + b"\0\0" if name else b""
    return (raw.ljust(64, b"\0") + struct.pack("<HBBIII", len(raw), kind, color, left, right, child)
            + bytes(16) + struct.pack("<IQQIQ", 0, 0, 0, start, size))


def encrypted_ooxml(seed: int, package_size: int) -> bytes:
    """What Excel saves for 'Encrypt with Password': a CFB v3 file (512-byte sectors)
    whose directory holds the streams EncryptionInfo (agile, version 4.4 + XML, in the
    mini stream) and EncryptedPackage (u64 size + AES blocks, in regular sectors). The
    key material and the package are random bytes; the structure (header, FAT, mini
    FAT, directory red-black tree) is consistent. Real files also carry a \\x06DataSpaces
    storage, left out here."""
    rnd = random.Random(seed)

    def r64(n: int) -> str:
        return base64.b64encode(bytes(rnd.randrange(256) for _ in range(n))).decode()

    ns = "http://schemas.microsoft.com/office/2006/encryption"
    xml = (XML_DECL.replace("\n", "\r\n") +
           f'<encryption xmlns="{ns}" xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password" '
           'xmlns:c="http://schemas.microsoft.com/office/2006/keyEncryptor/certificate">'
           f'<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" '
           f'cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="{r64(16)}"/>'
           f'<dataIntegrity encryptedHmacKey="{r64(64)}" encryptedHmacValue="{r64(64)}"/>'
           '<keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password">'
           f'<p:encryptedKey spinCount="100000" saltSize="16" blockSize="16" keyBits="256" hashSize="64" '
           f'cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="{r64(16)}" '
           f'encryptedVerifierHashInput="{r64(16)}" encryptedVerifierHashValue="{r64(64)}" '
           f'encryptedKeyValue="{r64(32)}"/></keyEncryptor></keyEncryptors></encryption>')
    info = struct.pack("<HHI", 4, 4, 0x40) + xml.encode("utf-8")
    padded = -(-package_size // 16) * 16
    package = struct.pack("<Q", package_size) + bytes(rnd.randrange(256) for _ in range(padded))
    assert len(info) < 4096 <= len(package)

    mini_sectors = -(-len(info) // MINI)
    ministream = info.ljust(mini_sectors * MINI, b"\0")
    ms_sectors = -(-len(ministream) // SECTOR)
    pkg_sectors = -(-len(package) // SECTOR)
    # sector map: 0 FAT, 1 directory, 2 mini FAT, 3.. mini stream, then EncryptedPackage
    ms_start = 3
    pkg_start = ms_start + ms_sectors
    total = pkg_start + pkg_sectors
    assert total <= SECTOR // 4

    fat = [FREESECT] * (SECTOR // 4)
    fat[0], fat[1], fat[2] = FATSECT, ENDOFCHAIN, ENDOFCHAIN
    for start, count in ((ms_start, ms_sectors), (pkg_start, pkg_sectors)):
        for i in range(count):
            fat[start + i] = start + i + 1 if i < count - 1 else ENDOFCHAIN
    minifat = [FREESECT] * (SECTOR // 4)
    for i in range(mini_sectors):
        minifat[i] = i + 1 if i < mini_sectors - 1 else ENDOFCHAIN

    # directory: 0 Root Entry -> child 2 (black); 1 EncryptionInfo (red, left of 2);
    # siblings compare by name length first: "EncryptionInfo" (14) < "EncryptedPackage" (16)
    directory = (_dir_entry("Root Entry", 5, 1, NOSTREAM, NOSTREAM, 2, ms_start, len(ministream))
                 + _dir_entry("EncryptionInfo", 2, 0, NOSTREAM, NOSTREAM, NOSTREAM, 0, len(info))
                 + _dir_entry("EncryptedPackage", 2, 1, 1, NOSTREAM, NOSTREAM, pkg_start, len(package))
                 + _dir_entry("", 0, 0, NOSTREAM, NOSTREAM, NOSTREAM, 0, 0))

    difat = [0] + [FREESECT] * 108
    header = (bytes.fromhex("D0CF11E0A1B11AE1") + bytes(16)
              + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + bytes(6)
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, 2, 1, ENDOFCHAIN, 0)
              + struct.pack("<109I", *difat))
    assert len(header) == SECTOR
    out = (header + struct.pack(f"<{SECTOR // 4}I", *fat) + directory
           + struct.pack(f"<{SECTOR // 4}I", *minifat)
           + ministream.ljust(ms_sectors * SECTOR, b"\0") + package.ljust(pkg_sectors * SECTOR, b"\0"))
    assert len(out) == SECTOR * (1 + total)
    return out


def read_cfb(data: bytes) -> dict[str, bytes]:
    """A small CFB v3 reader (verification only): directory names -> stream bytes."""
    assert data[:8] == bytes.fromhex("D0CF11E0A1B11AE1")
    (minor, major, bom, sshift, mshift) = struct.unpack_from("<HHHHH", data, 24)
    assert (major, bom, sshift, mshift) == (3, 0xFFFE, 9, 6), (major, bom, sshift, mshift)
    n_fat, dir_start, _, cutoff, minifat_start, n_minifat, difat_start, n_difat = \
        struct.unpack_from("<IIIIIIII", data, 44)
    difat = struct.unpack_from("<109I", data, 76)

    def sector(i: int) -> bytes:
        return data[SECTOR * (i + 1):SECTOR * (i + 2)]

    fat: list[int] = []
    for s in difat[:n_fat]:
        fat += struct.unpack(f"<{SECTOR // 4}I", sector(s))

    def chain(start: int) -> bytes:
        out, seen = b"", set()
        while start != ENDOFCHAIN:
            assert start not in seen and start < len(fat)
            seen.add(start)
            out += sector(start)
            start = fat[start]
        return out

    dirs = chain(dir_start)
    minifat = list(struct.unpack(f"<{len(chain(minifat_start)) // 4}I", chain(minifat_start)))
    entries = []
    for off in range(0, len(dirs), 128):
        e = dirs[off:off + 128]
        nlen, kind = struct.unpack_from("<HB", e, 64)
        start, size = struct.unpack_from("<IQ", e, 116)
        entries.append((e[:max(nlen - 2, 0)].decode("utf-16-le"), kind, start, size))
    root = entries[0]
    assert root[0] == "Root Entry" and root[1] == 5
    ministream = chain(root[2])[:root[3]]
    streams = {}
    for name, kind, start, size in entries[1:]:
        if kind != 2:
            continue
        if size < cutoff:
            out, i = b"", start
            while i != ENDOFCHAIN:
                out += ministream[i * MINI:(i + 1) * MINI]
                i = minifat[i]
            streams[name] = out[:size]
        else:
            streams[name] = chain(start)[:size]
    return streams


# --------------------------------------------------------------------------
# PDF, by hand: a CID-keyed Japanese text layer (Type0 / Identity-H / ToUnicode), an
# image-only "scan", and the standard security handler (RC4 128-bit, revision 3)
# --------------------------------------------------------------------------

PDF_HEAD = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
PDF_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) & 0xFF
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for b in data:
        i = (i + 1) & 0xFF
        j = (j + s[i]) & 0xFF
        s[i], s[j] = s[j], s[i]
        out.append(b ^ s[(s[i] + s[j]) & 0xFF])
    return bytes(out)


assert rc4(b"Key", b"Plaintext") == bytes.fromhex("BBF316E8D940AF0AD3")      # the usual test vector


def _pdf_pad(password: bytes) -> bytes:
    return (password + PDF_PAD)[:32]


def _rc4_19(key: bytes, data: bytes) -> bytes:
    """Revision 3: 19 more RC4 passes, the key XORed with the pass number."""
    for i in range(1, 20):
        data = rc4(bytes(b ^ i for b in key), data)
    return data


def pdf_owner_value(owner: bytes, user: bytes) -> bytes:
    """Algorithm 3 (R3, 128-bit): /O."""
    h = hashlib.md5(_pdf_pad(owner)).digest()
    for _ in range(50):
        h = hashlib.md5(h).digest()
    return _rc4_19(h[:16], rc4(h[:16], _pdf_pad(user)))


def pdf_file_key(user: bytes, o: bytes, p: int, id0: bytes) -> bytes:
    """Algorithm 2 (R3, 128-bit, metadata encrypted): the file encryption key."""
    h = hashlib.md5(_pdf_pad(user) + o + struct.pack("<i", p) + id0).digest()
    for _ in range(50):
        h = hashlib.md5(h[:16]).digest()
    return h[:16]


def pdf_user_value(key: bytes, id0: bytes, tail: bytes) -> bytes:
    """Algorithm 5 (R3): /U = 16 significant bytes + 16 arbitrary ones."""
    return _rc4_19(key, rc4(key, hashlib.md5(PDF_PAD + id0).digest())) + tail


def pdf_object_key(key: bytes, num: int, gen: int = 0) -> bytes:
    """Algorithm 1 (RC4): the per-object key."""
    return hashlib.md5(key + num.to_bytes(3, "little") + gen.to_bytes(2, "little")).digest()[:16]


def pdf_user_password_ok(password: bytes, o: bytes, u: bytes, p: int, id0: bytes) -> bytes | None:
    """Algorithm 6: the file key if `password` is the user password, else None."""
    key = pdf_file_key(password, o, p, id0)
    return key if pdf_user_value(key, id0, b"")[:16] == u[:16] else None


class PdfPlain:
    """Strings and streams as they are (an unencrypted document)."""
    encrypted = False

    def string(self, num: int, raw: bytes) -> str:
        return f"<{raw.hex().upper()}>" if not raw.isascii() else "(" + raw.decode("ascii") + ")"

    def stream(self, num: int, data: bytes) -> bytes:
        return data


class PdfRc4:
    """The standard security handler, /V 2 /R 3 /Length 128: every string and stream
    outside the /Encrypt dictionary is RC4-encrypted with its object's key."""
    encrypted = True

    def __init__(self, user: bytes, owner: bytes, p: int, id0: bytes, seed: int):
        self.p, self.id0 = p, id0
        self.o = pdf_owner_value(owner, user)
        self.key = pdf_file_key(user, self.o, p, id0)
        tail = bytes(random.Random(seed).randrange(256) for _ in range(16))
        self.u = pdf_user_value(self.key, id0, tail)

    def string(self, num: int, raw: bytes) -> str:
        return f"<{rc4(pdf_object_key(self.key, num), raw).hex().upper()}>"

    def stream(self, num: int, data: bytes) -> bytes:
        return rc4(pdf_object_key(self.key, num), data)

    def encrypt_dict(self) -> str:
        return (f"<< /Filter /Standard /V 2 /R 3 /Length 128 /P {self.p} "
                f"/O <{self.o.hex().upper()}> /U <{self.u.hex().upper()}> >>")


def pdf_write(objs: list[tuple[str, bytes | None]], *, trailer: str, sec=PdfPlain()) -> bytes:
    """objs[i] is object i + 1: (dictionary, None) or (stream dictionary entries without
    /Length, stream data already filtered). Streams are encrypted by `sec`; the caller
    writes strings through `sec.string`. Classic xref table with byte offsets."""
    out = bytearray(PDF_HEAD)
    offs = []
    for num, (d, stream) in enumerate(objs, 1):
        offs.append(len(out))
        out += f"{num} 0 obj\n".encode()
        if stream is None:
            out += d.encode("ascii")
        else:
            data = sec.stream(num, stream)
            out += f"<< {d} /Length {len(data)} >>\nstream\n".encode("ascii") + data + b"\nendstream"
        out += b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for o in offs:
        out += f"{o:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} {trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def pdf_text(text: str) -> bytes:
    """A PDF text string: ASCII as is, anything else UTF-16BE with a BOM."""
    return text.encode("ascii") if text.isascii() else codecs.BOM_UTF16_BE + text.encode("utf-16-be")


class CidCodes:
    """One 2-byte code per distinct character, in order of first use (from 0x0001): the
    codes are CIDs under Identity-H, so a viewer without the ToUnicode CMap shows the
    wrong Adobe-Japan1 glyphs; the text layer is what matters here."""

    def __init__(self, lines: list[str]):
        self.code: dict[str, int] = {}
        for ch in "".join(lines):
            assert ord(ch) < 0x10000
            self.code.setdefault(ch, len(self.code) + 1)

    def hex(self, text: str) -> str:
        return "<" + "".join(f"{self.code[ch]:04X}" for ch in text) + ">"

    def to_unicode(self) -> bytes:
        items = sorted(self.code.items(), key=lambda kv: kv[1])
        chunks = []
        for i in range(0, len(items), 100):
            part_ = items[i:i + 100]
            chunks.append(f"{len(part_)} beginbfchar\n"
                          + "".join(f"<{c:04X}> <{ord(ch):04X}>\n" for ch, c in part_) + "endbfchar\n")
        return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n" + "".join(chunks)
                + "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n").encode("ascii")

    def widths(self) -> str:
        """/W: 500 for the half-width (ASCII) characters, /DW 1000 for the rest."""
        half = sorted(c for ch, c in self.code.items() if ch.isascii())
        return "[" + " ".join(f"{c} [500]" for c in half) + "]"


def cid_text_pdf(pages: list[list[tuple[float, int, str]]], *, title: str, producer: str, created: str,
                 file_id: bytes, sec=PdfPlain()) -> bytes:
    """A4 pages whose text is shown with one Type0 font: /Encoding /Identity-H, a
    non-embedded CIDFontType0 descendant /HeiseiKakuGo-W5 (Adobe-Japan1) and a ToUnicode
    CMap. A page is a list of (font size, leading, line); each line is one Td (the
    first absolute at x=50, y=780, then `0 -leading Td`) and one Tj with a hex string.
    Content streams are FlateDecode."""
    codes = CidCodes([ln for page in pages for _, _, ln in page])
    n = len(pages)
    font = 3 + 2 * n                    # 1 catalog, 2 pages, 3.. page, then contents
    objs: list[tuple[str, bytes | None]] = [
        ("<< /Type /Catalog /Pages 2 0 R >>", None),
        ("<< /Type /Pages /Kids [" + " ".join(f"{3 + i} 0 R" for i in range(n)) + f"] /Count {n} >>", None),
    ]
    for i in range(n):
        objs.append((f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {3 + n + i} 0 R "
                     f"/Resources << /Font << /F1 {font} 0 R >> /ProcSet [/PDF /Text] >> >>", None))
    for page in pages:
        ops, size = ["BT"], None
        for k, (sz, lead, line) in enumerate(page):
            if sz != size:
                ops.append(f"/F1 {sz:g} Tf")
                size = sz
            ops.append("50 780 Td" if k == 0 else f"0 -{lead} Td")
            ops.append(f"{codes.hex(line)} Tj")
        ops.append("ET")
        objs.append(("/Filter /FlateDecode", zlib.compress(("\n".join(ops) + "\n").encode("ascii"), 9)))
    info = font + 4
    objs += [
        (f"<< /Type /Font /Subtype /Type0 /BaseFont /HeiseiKakuGo-W5-Identity-H /Encoding /Identity-H "
         f"/DescendantFonts [{font + 1} 0 R] /ToUnicode {font + 3} 0 R >>", None),
        (f"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /HeiseiKakuGo-W5 /CIDSystemInfo << /Registry "
         f"{sec.string(font + 1, b'Adobe')} /Ordering {sec.string(font + 1, b'Japan1')} /Supplement 5 >> "
         f"/FontDescriptor {font + 2} 0 R /DW 1000 /W {codes.widths()} >>", None),
        ("<< /Type /FontDescriptor /FontName /HeiseiKakuGo-W5 /Flags 4 /FontBBox [-92 -250 1010 922] "
         "/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 737 /StemV 114 >>", None),
        ("/Filter /FlateDecode", zlib.compress(codes.to_unicode(), 9)),
        (f"<< /Title {sec.string(info, pdf_text(title))} /Producer {sec.string(info, pdf_text(producer))} "
         f"/CreationDate {sec.string(info, created.encode('ascii'))} >>", None),
    ]
    trailer = f"/Root 1 0 R /Info {info} 0 R /ID [<{file_id.hex().upper()}> <{file_id.hex().upper()}>]"
    if sec.encrypted:
        objs.append((sec.encrypt_dict(), None))
        trailer += f" /Encrypt {len(objs)} 0 R"
    return pdf_write(objs, trailer=trailer, sec=sec)


def scanned_pdf(seed: int, file_id: bytes) -> bytes:
    """One A4 page that only paints a 64x64 DeviceGray image (an application form as a
    scanner sees it: paper noise, a dark title bar, ruled lines and boxes); no fonts,
    no text operators."""
    rnd = random.Random(seed)
    w = h = 64
    px = bytearray()
    for y in range(h):
        for x in range(w):
            v = 236 + rnd.randrange(-10, 11)
            if 3 <= y <= 6 and 12 <= x <= 51:
                v = 40 + rnd.randrange(20)                   # title bar
            elif y >= 12 and y % 7 == 5 and 4 <= x <= 59:
                v = 70 + rnd.randrange(30)                   # ruled lines
            elif y >= 12 and x in (4, 20, 59) and y <= 54:
                v = 90 + rnd.randrange(30)                   # box edges
            elif y >= 12 and (y % 7) in (2, 3) and 24 <= x <= 24 + rnd.randrange(30):
                v = 110 + rnd.randrange(60)                  # handwriting-ish strokes
            px.append(v)
    content = b"q 500 0 0 700 50 50 cm /Im1 Do Q\n"
    objs: list[tuple[str, bytes | None]] = [
        ("<< /Type /Catalog /Pages 2 0 R >>", None),
        ("<< /Type /Pages /Kids [3 0 R] /Count 1 >>", None),
        ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
         "/Resources << /XObject << /Im1 5 0 R >> /ProcSet [/PDF /ImageB] >> >>", None),
        ("", content),
        (f"/Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray "
         "/BitsPerComponent 8 /Filter /FlateDecode", zlib.compress(bytes(px), 9)),
        ("<< /Producer (Sakura Scan Station 2.0) /CreationDate (D:20240612103022+09'00') >>", None),
    ]
    return pdf_write(objs, trailer=f"/Root 1 0 R /Info 6 0 R /ID [<{file_id.hex().upper()}> "
                                   f"<{file_id.hex().upper()}>]")


# --------------------------------------------------------------------------
# people and documents (all fictional)
# --------------------------------------------------------------------------

SATO = ("佐藤 一郎", "ichiro.sato@sakura-sys.co.jp")
SUZUKI = ("鈴木 花子", "hanako.suzuki@sakura-sys.co.jp")
TAKAHASHI = ("高橋 健太", "kenta.takahashi@sakura-sys.co.jp")
TANAKA = ("田中 美咲", "misaki.tanaka@sakura-sys.co.jp")


def sig(name: str, dept: str) -> str:
    return f"""-- 
サクラシステム株式会社 {dept}
{name}
TEL: 03-1234-5678
"""


CUSTOMERS_CSV = [
    ("氏名", "住所", "電話番号", "生年月日"),
    ("中村 優子", "東京都杉並区阿佐谷南2-14-8", "090-2468-1357", "1987/09/14"),
    ("小川 隆", "神奈川県川崎市中原区小杉町1-403-12", "044-722-3190", "1975/03/02"),
    ("藤田 真理子", "千葉県松戸市松戸1180-3 サンハイツ松戸305", "080-3141-5926", "1992/11/27"),
    ("岡田 翔", "埼玉県川口市本町4-6-21", "048-251-7734", "2001/01/08"),
    ("村上 智恵", "東京都町田市原町田6-12-1", "070-1357-2468", "1968/07/19"),
]

MEMBERS_CSV = [   # CP932: 髙 and 﨑 (IBM extensions), 德, ① ② (NEC row 13), ～ (0x8160), half-width kana
    ("会員番号", "氏名", "フリガナ", "住所", "電話番号", "生年月日", "備考"),
    ("M-0101", "髙橋 直樹", "ﾀｶﾊｼ ﾅｵｷ", "大阪府大阪市北区天満2-5-10", "06-6351-2278", "1983/04/05", "特典①適用"),
    ("M-0102", "山﨑 美穂", "ﾔﾏｻｷ ﾐﾎ", "兵庫県神戸市中央区元町通3-7-4 元町レジデンス701", "078-331-4402", "1979/12/21",
     "平日10:00～18:00連絡可"),
    ("M-0103", "桑原 健二", "ｸﾜﾊﾞﾗ ｹﾝｼﾞ", "京都府京都市下京区四条通烏丸東入長刀鉾町20", "075-211-3056", "1966/08/30",
     "特典②適用"),
    ("M-0104", "德永 さくら", "ﾄｸﾅｶﾞ ｻｸﾗ", "大阪府堺市堺区南瓦町3-1", "090-8642-7531", "1995/02/14", "DM不要"),
]

SALES_CSV = [     # no personal data: dates, product codes, quantities, amounts
    ("集計日", "商品コード", "商品名", "数量", "単価", "金額"),
    ("2024/05/31", "SK-1001", "クラウド会計 スタンダード", "12", "9800", "117600"),
    ("2024/05/31", "SK-1002", "クラウド会計 プロ", "5", "19800", "99000"),
    ("2024/05/31", "SK-2010", "勤怠管理オプション", "30", "1200", "36000"),
    ("2024/05/31", "SK-3005", "導入支援パック", "2", "150000", "300000"),
    ("", "", "合計", "49", "", "552600"),
]
assert sum(int(r[5]) for r in SALES_CSV[1:5]) == 552600 and sum(int(r[3]) for r in SALES_CSV[1:5]) == 49
assert all(int(r[3]) * int(r[4]) == int(r[5]) for r in SALES_CSV[1:5])

CUSTOMER_SHEET = [
    ["氏名", "住所", "携帯", "生年月日", "メールアドレス"],
    ["佐々木 恵", "宮城県仙台市青葉区一番町3-2-15", Text("090-3344-5566"), dt.date(1984, 2, 29), "m.sasaki84@example.jp"],
    ["木村 拓也", "北海道札幌市中央区北三条西4-1-8", Text("080-1122-3344"), dt.date(1979, 10, 10), "takuya.kimura@example.ne.jp"],
    ["松本 葵", "愛知県名古屋市中区栄3-15-9", Text("070-5566-7788"), dt.date(1996, 5, 3), "aoi-m@example.com"],
    ["井上 修", "福岡県福岡市博多区博多駅前2-9-30", Text("090-9988-7766"), dt.date(1958, 12, 1), "o.inoue@example.jp"],
    ["林 彩香", "広島県広島市中区紙屋町1-4-3", Text("080-6655-4433"), dt.date(2000, 7, 7), "ayaka.hayashi@example.org"],
    ["清水 大樹", "静岡県静岡市葵区追手町9-18", Text("090-1212-3434"), dt.date(1971, 4, 18), "d-shimizu@example.co.jp"],
]
SUMMARY_SHEET = [  # numbers only: year, month, count, amount, ratio to the previous month (%)
    [2024, 1, 18, 2160000, 100.0],
    [2024, 2, 21, 2520000, 116.7],
    [2024, 3, 25, 3000000, 119.0],
    [2024, 4, 19, 2280000, 76.0],
    [2024, 5, 23, 2760000, 121.1],
    [2024, 6, 20, 2400000, 87.0],
    [2024, None, 126, 15120000],
]
assert sum(r[2] for r in SUMMARY_SHEET[:6]) == 126 and sum(r[3] for r in SUMMARY_SHEET[:6]) == 15120000
assert (dt.date(1985, 4, 12) - EPOCH).days == 31149

EMPLOYEES_CSV = [
    ("社員番号", "氏名", "住所", "電話番号", "生年月日", "入社日"),
    ("S-2024-011", "原田 亮", "東京都大田区蒲田5-13-26", "090-6060-7070", "1994/03/12", "2024/04/01"),
    ("S-2024-012", "小野 由佳", "東京都江東区豊洲3-2-20 豊洲タワー1204", "080-5050-4040", "1998/08/25", "2024/04/01"),
    ("S-2024-013", "中川 誠", "千葉県浦安市北栄1-16-25", "047-351-8820", "1989/06/06", "2024/05/01"),
]

MINUTES_TXT = """2024年5月 入社手続き 打合せ議事録

日時：2024年5月28日（火）15:00～16:00
場所：本社 3階 会議室A
出席：人事部、総務部（計4名）

1. 4月・5月入社分の社会保険手続き
   ・資格取得届は6月5日までに提出する。
   ・必要書類は社員名簿のとおり。
2. 雇用保険
   ・被保険者証の写しを6月10日までに各部へ配付する。
3. 次回
   ・6月25日（火）15:00～　同会議室

以上
"""

TRAVEL_CSV = [
    ("氏名", "住所", "電話番号"),
    ("高田 直人", "静岡県浜松市中区板屋町111-2", "053-454-1212"),
    ("荒井 里奈", "長野県松本市中央2-5-33", "0263-32-4545"),
]

COVER_TXT = """送付状

西日本トレーディング株式会社 御中

2024年6月6日
サクラシステム株式会社 営業部

下記の書類をお送りいたします。

  ・顧客データ.csv（6月度 共同キャンペーン対象分）

ご査収のほど、よろしくお願いいたします。
"""

ENC_CUSTOMERS_CSV = [
    ("氏名", "住所", "電話番号"),
    ("西田 恭子", "大阪府豊中市本町1-10-1", "06-6852-3344"),
    ("大野 剛", "兵庫県西宮市甲風園1-5-9", "0798-64-2211"),
]


def customer_xlsx() -> bytes:
    return xlsx([("顧客", CUSTOMER_SHEET), ("集計", SUMMARY_SHEET)])


def interview_docx() -> bytes:
    return docx(
        ["<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:r><w:rPr><w:b/><w:sz w:val=\"28\"/></w:rPr>"
         "<w:t>面談記録（2024年6月 中途採用 一次面接）</w:t></w:r></w:p>",
         "日時：2024年6月4日（火）13:00～17:00　場所：本社 会議室B",
         "下記3名の一次面接を実施しました。評価の詳細は別紙のとおりです。"],
        [["氏名", "電話番号", "住所"],
         [["前田", " 陽介"], "090-5151-2626", "東京都品川区大井1-20-3"],
         [["藤井", " 美咲"], "080-7373-8484", "神奈川県相模原市中央区相模原6-22-9"],
         [["岡本", " 悠"], "070-2929-3838", "東京都練馬区豊玉北5-17-12"]],
        ["二次面接の日程は、候補者様のご都合を伺ったうえで改めてご連絡いたします。", "以上"])


def proposal_pptx() -> bytes:
    return pptx([
        ("勤怠管理システム導入のご提案",
         ["株式会社ミナトソフト 御中", "2024年6月", "サクラシステム株式会社"]),
        ("ご提案体制・お問い合わせ先",
         ["導入プロジェクトは弊社営業部・技術部の2名体制で担当いたします。",
          "営業担当：佐藤 一郎（サクラシステム株式会社 営業部）",
          "携帯：090-4321-8765",
          "E-mail：ichiro.sato@sakura-sys.co.jp"]),
    ])


MEMBER_LIST_PDF = [   # 会員名簿.pdf: 氏名　住所　電話番号　生年月日, columns split by U+3000; no ASCII
    # space next to a digit inside a column (pdf_oxide's extract_text drops a space between
    # a CJK character and a digit: "7-11-5 本町" comes out as "7-11-5本町")
    ("山口 恵太", "東京都千代田区丸の内1-2-3", "090-1234-5678", "1985年4月12日"),
    ("長谷川 結衣", "神奈川県横浜市西区みなとみらい2-3-5", "080-2345-6789", "1990年8月3日"),
    ("荻野 大介", "埼玉県さいたま市浦和区高砂3-15-1", "070-3456-7890", "1978年1月25日"),
    ("前川 綾乃", "千葉県船橋市本町7-11-5本町ハイツ203", "090-4567-8901", "1993年11月9日"),
    ("川口 健", "東京都世田谷区三軒茶屋2-11-22", "03-5432-1098", "1962年6月30日"),
    ("安藤 まどか", "東京都八王子市旭町9-1", "080-5678-9012", "2002年2月14日"),
]
_PDF_HEADER = "氏名　住所　電話番号　生年月日"
MEMBER_PDF_PAGES = [   # (font size, leading before the line, text)
    [(16, 0, "会員名簿（2024年6月末現在）"), (10.5, 30, _PDF_HEADER)]
    + [(10.5, 20, "　".join(r)) for r in MEMBER_LIST_PDF[:4]],
    [(10.5, 0, _PDF_HEADER)] + [(10.5, 20, "　".join(r)) for r in MEMBER_LIST_PDF[4:]]
    + [(10.5, 30, "以上（全6名）")],
]

QUOTE_ITEMS = [("勤怠管理システム ライセンス", 30, 1200), ("導入支援パック", 1, 150000)]
_QUOTE_SUBTOTAL = sum(q * p for _, q, p in QUOTE_ITEMS)
QUOTE_PDF_PAGES = [   # 見積書.pdf (encrypted): no personal data
    [(16, 0, "御見積書"), (10.5, 30, "カエデ電機株式会社 御中"),
     (10.5, 20, "見積番号 Q-2024-0612-03　見積日 2024年6月12日"),
     (10.5, 30, "品名　数量　単価　金額")]
    + [(10.5, 20, f"{n}　{q}　{p:,}　{q * p:,}") for n, q, p in QUOTE_ITEMS]
    + [(10.5, 30, f"小計 {_QUOTE_SUBTOTAL:,}　消費税 {_QUOTE_SUBTOTAL // 10:,}　"
                  f"合計 {_QUOTE_SUBTOTAL * 11 // 10:,}"),
       (10.5, 30, "サクラシステム株式会社 営業部")],
]
assert QUOTE_PDF_PAGES[0][-2][2] == "小計 186,000　消費税 18,600　合計 204,600"
PDF_USER_PASSWORD = b"sakura2026"

GUIDE_TXT = """ご案内

添付の見積書（PDF）はパスワードで保護されています。
パスワードは別途メールにてお知らせいたします。
"""


def member_list_pdf() -> bytes:
    return cid_text_pdf([[(s, lead, t) for s, lead, t in page] for page in MEMBER_PDF_PAGES],
                        title="会員名簿", producer="Sakura Office Writer 3.2",
                        created="D:20240612091500+09'00'",
                        file_id=hashlib.md5("sendguard 30-att-pdf-text 会員名簿.pdf".encode()).digest())


def quote_pdf() -> bytes:
    file_id = hashlib.md5("sendguard 30-att-pdf-encrypted-zip 見積書.pdf".encode()).digest()
    sec = PdfRc4(PDF_USER_PASSWORD, b"Sakura#Owner-0612", -3904, file_id, seed=315)
    return cid_text_pdf(QUOTE_PDF_PAGES, title="御見積書", producer="Sakura Office Writer 3.2",
                        created="D:20240612140210+09'00'", sec=sec, file_id=file_id)


def application_scan_pdf() -> bytes:
    return scanned_pdf(seed=314, file_id=hashlib.md5(b"sendguard 30-att-pdf-scanned").digest())


# --------------------------------------------------------------------------
# the fixtures
# --------------------------------------------------------------------------

FIXTURES: list[dict] = []


def add(name: str, data: bytes, *, subject: str, attachments: list[tuple[str, bytes]],
        expect: str, readme: str, big_ok: bool = False, zips: dict | None = None,
        pdfs: dict | None = None) -> None:
    """zips: attachment name -> "list" (zipfile must list and read every member),
    "encrypted" (lists; some members cannot be read), "broken" (zipfile must refuse).
    pdfs: PDF attachment or zip member name -> dict(password=user password or b"",
    pages=the text lines of each page, or None for an image-only PDF) for check_pdf."""
    FIXTURES.append(dict(name=name, data=data, subject=subject, attachments=attachments,
                         expect=expect, readme=readme, big_ok=big_ok, zips=zips or {},
                         pdfs=pdfs or {}))


def mail(*, frm, to, subject, date, msgid, body, atts, charset="UTF-8", cte="8bit",
         mailer: tuple[str, str] = ("User-Agent", "Mozilla Thunderbird"), style="2231",
         boundary: str) -> bytes:
    hcs = "ISO-2022-JP" if charset == "ISO-2022-JP" else "UTF-8"
    parts = [text_part(body, charset, cte)]
    for name, ctype, data in atts:
        parts.append(attachment_part(name, ctype, data, style))
    h = std_headers(mbox(*frm, charset=hcs), mbox(*to, charset=hcs), ew(subject, hcs), date, msgid,
                    [H(*mailer), H("Content-Type", f'multipart/mixed;\n boundary="{boundary}"')])
    pre = b"This is a multi-part message in MIME format.\n"
    return message(h, multipart(boundary, parts, pre))


CT_CSV_UTF8 = "text/csv; charset=UTF-8"
CT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CT_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CT_PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
CT_ZIP_OUTLOOK = "application/x-zip-compressed"
CT_ZIP = "application/zip"
OUTLOOK = ("X-Mailer", "Microsoft Outlook 16.0")


def a01():
    subj = "7月DM発送用 顧客リストの送付"
    csv = csv_bytes(CUSTOMERS_CSV, "utf-8-sig")
    body = """株式会社東都印刷
吉田 様

いつもお世話になっております。サクラシステムの佐藤です。

7月発送のダイレクトメールについて、発送先の顧客リストを添付いたします。
（CSV形式・UTF-8、5件です。）

宛名印字のレイアウトは前回と同じでお願いいたします。

""" + sig("佐藤 一郎", "営業部")
    name = "顧客リスト.csv"
    data = mail(frm=SATO, to=("吉田 様", "yoshida@toto-print.co.jp"), subject=subj,
                date="Mon, 03 Jun 2024 10:05:12 +0900",
                msgid="3f1c9a52-0b7e-4d2a-9c61-5e8f2a7d0c01@sakura-sys.co.jp",
                body=body, atts=[(name, CT_CSV_UTF8, csv)],
                boundary="------------Att01Q9mZk3LrV7sNc2WpT5x")
    add("30-att-csv-utf8-bom.eml", data, subject=subj, attachments=[(name, csv)],
        expect="personal_data record, count 5, location attachment:顧客リスト.csv (氏名・住所・電話番号・生年月日); "
               "attachment finding raised by the name 顧客",
        readme="顧客リスト.csv, UTF-8 with BOM, CRLF rows, RFC 2231 `filename*=UTF-8''…`: 5 customers "
               "(氏名,住所,電話番号,生年月日) → record 5 at `attachment:顧客リスト.csv`")


def a02():
    subj = "会員データ移行テスト用ファイルの送付"
    members = csv_bytes(MEMBERS_CSV, "cp932")
    sales = csv_bytes(SALES_CSV, "cp932")
    body = """株式会社ミナトソフト
小林 様

いつもお世話になっております。サクラシステムの鈴木です。

会員データ移行のテスト用に、会員名簿と売上集計のCSVを添付いたします。
文字コードは Shift_JIS（Excel から保存したもの）です。

ご確認のほど、よろしくお願いいたします。

""" + sig("鈴木 花子", "業務部")
    n1, n2 = "会員名簿.csv", "売上集計.csv"
    data = mail(frm=SUZUKI, to=("小林 様", "kobayashi@minato-soft.co.jp"), subject=subj,
                date="Tue, 04 Jun 2024 16:40:03 +0900",
                msgid="000c01dab63a$7e1d2c30$7a578490$@sakura-sys.co.jp",
                body=body, charset="ISO-2022-JP", cte="7bit", mailer=OUTLOOK, style="2047-jis",
                atts=[(n1, "application/vnd.ms-excel", members), (n2, "application/vnd.ms-excel", sales)],
                boundary="----=_NextPart_000_000D_01DAB685.EE0B6A30")
    add("30-att-csv-cp932.eml", data, subject=subj, attachments=[(n1, members), (n2, sales)],
        expect="personal_data record, count 4, location attachment:会員名簿.csv; NO personal_data finding at "
               "attachment:売上集計.csv (dates/codes/amounts only); attachment finding raised by the name 会員",
        readme="Outlook, ISO-2022-JP `filename=\"=?ISO-2022-JP?B?…?=\"`, `application/vnd.ms-excel`: 会員名簿.csv in "
               "CP932 (髙 FB FC, 﨑 FA B1, 德, ①②, ～ 81 60, half-width kana), 4 members → record 4; "
               "売上集計.csv (product codes, amounts, dates) → no finding")


def a03():
    subj = "顧客管理データ（6月分）の送付"
    book = customer_xlsx()
    body = """株式会社ヒカリテック
大野 様

お世話になっております。サクラシステムの高橋です。

CRM移行作業用に、顧客管理のExcelファイルを添付いたします。
「顧客」シートが対象データ、「集計」シートは月別の件数です。

よろしくお願いいたします。

""" + sig("高橋 健太", "システム部")
    name = "顧客管理.xlsx"
    data = mail(frm=TAKAHASHI, to=("大野 様", "ohno@hikari-tech.co.jp"), subject=subj,
                date="Wed, 05 Jun 2024 11:20:45 +0900",
                msgid="9b0e4f3d-6c2a-4e85-b1d7-2a4c8e6f9d03@sakura-sys.co.jp",
                body=body, atts=[(name, CT_XLSX, book)],
                boundary="------------Att03Hx4Jd8PqW2eLm6RtB9v")
    add("30-att-xlsx-sheets.eml", data, subject=subj, attachments=[(name, book)],
        expect="personal_data record, count 6, location attachment:顧客管理.xlsx (sheet 顧客: 氏名・住所・携帯・"
               "生年月日 read as 1984/02/29 etc., not serials・メール); nothing from sheet 集計",
        readme="顧客管理.xlsx (hand-built: shared strings, styles.xml with numFmtId 14): sheet 顧客 = 6 rows of 氏名, "
               "住所, 携帯 as quotePrefix text, 生年月日 as a date serial with style 14, メールアドレス → record 6; "
               "sheet 集計 = numbers only → nothing")


def a04():
    subj = "一次面接 面談記録の送付"
    doc = interview_docx()
    body = """株式会社ネクストキャリア
西村 様

いつもお世話になっております。サクラシステム人事部の田中です。

6月4日に実施した一次面接の面談記録を添付いたします。
二次面接の日程調整をお願いできますでしょうか。

""" + sig("田中 美咲", "人事部")
    name = "面談記録.docx"
    data = mail(frm=TANAKA, to=("西村 様", "nishimura@next-career.co.jp"), subject=subj,
                date="Thu, 06 Jun 2024 09:15:30 +0900",
                msgid="000f01dab7f1$2a3b4c50$7f8e9da0$@sakura-sys.co.jp",
                body=body, cte="base64", mailer=OUTLOOK, style="2047-utf8", atts=[(name, CT_DOCX, doc)],
                boundary="----=_NextPart_000_0010_01DAB83C.9A1B2C40")
    add("30-att-docx-table.eml", data, subject=subj, attachments=[(name, doc)],
        expect="personal_data record, count 3, location attachment:面談記録.docx (table1: 氏名・電話番号・住所; "
               "the names are split over two w:r runs); the paragraphs hold no personal data",
        readme="面談記録.docx (word/document.xml only): paragraphs + a w:tbl (氏名 / 電話番号 / 住所) with 3 candidates, "
               "each name split over two runs; `filename=\"=?UTF-8?B?…?=\"` → record 3 at `attachment:面談記録.docx`")


def a05():
    subj = "勤怠管理システム ご提案資料の送付"
    deck = proposal_pptx()
    body = """株式会社ミナトソフト
山田 様

いつもお世話になっております。サクラシステムの佐藤です。

先日お打合せいたしました勤怠管理システムのご提案資料を添付いたします。
ご不明な点がございましたら、資料末尾の連絡先までお問い合わせください。

""" + sig("佐藤 一郎", "営業部")
    name = "提案資料.pptx"
    data = mail(frm=SATO, to=("山田 太郎", "taro.yamada@minato-soft.co.jp"), subject=subj,
                date="Thu, 06 Jun 2024 14:02:11 +0900",
                msgid="5d2e8a14-93c7-4b6f-a0e2-7c1b9f4d6e05@sakura-sys.co.jp",
                body=body, atts=[(name, CT_PPTX, deck)],
                boundary="------------Att05Tg7Ys1KcN4fVb8MzQ3d")
    add("30-att-pptx.eml", data, subject=subj, attachments=[(name, deck)],
        expect="1 person only (the sender's own contact block on slide 2: name + mobile + e-mail) at "
               "attachment:提案資料.pptx: phone_number/email/person_name findings, at most a record of 1 "
               "(paragraph scope); slide 1 has none; no multi-person record",
        readme="提案資料.pptx (presentation.xml + 2 slides, no masters): slide 2 lists one contact "
               "(営業担当 佐藤 一郎, 携帯, E-mail — the sender himself) → 1 person at `attachment:提案資料.pptx`, "
               "never a list")


def a06():
    subj = "入社手続き書類一式の送付（4月・5月入社分）"
    emp = csv_bytes(EMPLOYEES_CSV, "cp932")
    minutes = win_cp932(MINUTES_TXT.replace("\n", "\r\n"))
    z = build_zip([
        stored_or_deflated("社員名簿.csv", emp, name_enc="cp932", when=(2024, 6, 6, 17, 2, 14)),
        stored_or_deflated("議事録.txt", minutes, name_enc="cp932", when=(2024, 5, 28, 16, 30, 8)),
    ])
    body = """青山社会保険労務士事務所
青山 様

いつもお世話になっております。サクラシステム人事部の田中です。

4月・5月入社の社員3名分の手続き書類一式をZIPにまとめて添付いたします。
社会保険・雇用保険の資格取得手続きをお願いいたします。

""" + sig("田中 美咲", "人事部")
    name = "資料一式.zip"
    data = mail(frm=TANAKA, to=("青山社会保険労務士事務所 青山 様", "aoyama@aoyama-sr.jp"), subject=subj,
                date="Fri, 07 Jun 2024 10:31:00 +0900",
                msgid="CAF3k9Lp2xQw7eRt5yUi1oP8aSd4fGh6jKl0zXc2vBn3mQ@mail.sakura-sys.co.jp",
                body=body, cte="base64", mailer=("X-Mailer", "SAKURA Groupware 5.1"), style="2047-utf8",
                atts=[(name, CT_ZIP, z)], boundary="000000000000a1b2c3d4e5f60617")
    add("30-att-zip-cp932-names.eml", data, subject=subj, attachments=[(name, z)],
        zips={name: "list"},
        expect="personal_data record, count 3, location attachment:資料一式.zip/社員名簿.csv (member name decoded "
               "from CP932, not CP437 mojibake); nothing at attachment:資料一式.zip/議事録.txt; not encrypted",
        readme="資料一式.zip (not encrypted), member names in CP932 without the UTF-8 flag: 社員名簿.csv (CP932, "
               "3 employees) → record 3 at `attachment:資料一式.zip/社員名簿.csv`; 議事録.txt (no personal data) → nothing")


def a07():
    subj = "研修旅行 参加者名簿の送付"
    csv = "".join(",".join(r) + "\n" for r in TRAVEL_CSV).encode("utf-8")
    inner = build_zip([stored_or_deflated("名簿.csv", csv, name_enc="utf-8", when=(2024, 6, 7, 8, 55, 40))],
                      made_by=63)
    outer = build_zip([stored_or_deflated("inner.zip", inner, name_enc="ascii", method=0,
                                          when=(2024, 6, 7, 8, 56, 2))], made_by=63)
    body = """株式会社つばさトラベル
石井 様

お世話になっております。サクラシステムの鈴木です。

7月の研修旅行の参加者名簿（2名分）をお送りします。
社内ツールの都合でZIPが二重になっておりますが、ご容赦ください。

""" + sig("鈴木 花子", "業務部")
    name = "outer.zip"
    data = mail(frm=SUZUKI, to=("石井 様", "ishii@tsubasa-travel.co.jp"), subject=subj,
                date="Fri, 07 Jun 2024 09:01:44 +0900",
                msgid="b4d9e2a7-1f3c-4a6b-8e5d-0c7f2b9a4e07@sakura-sys.co.jp",
                body=body, atts=[(name, CT_ZIP, outer)],
                boundary="------------Att07Wc5Nm2BxH8kQr4TzL6y")
    add("30-att-zip-nested.eml", data, subject=subj, attachments=[(name, outer)],
        zips={name: "list"},
        expect="personal_data record, count 2, location attachment:outer.zip/inner.zip/名簿.csv "
               "(archive depth 2, within the default limit of 3)",
        readme="outer.zip ⊃ inner.zip (stored) ⊃ 名簿.csv (UTF-8 flag set, 2 people) → record 2 at "
               "`attachment:outer.zip/inner.zip/名簿.csv`")


ZIPCRYPTO_PASSWORD = b"Nishi#0606"


def a08a():
    subj = "共同キャンペーン対象顧客データの送付"
    cover = win_cp932(COVER_TXT.replace("\n", "\r\n"))
    enc_csv = csv_bytes(ENC_CUSTOMERS_CSV, "cp932")
    z = build_zip([
        stored_or_deflated("送付状.txt", cover, name_enc="cp932", when=(2024, 6, 6, 18, 10, 20)),
        zipcrypto_member("顧客データ.csv", enc_csv, ZIPCRYPTO_PASSWORD, seed=308, name_enc="cp932",
                         when=(2024, 6, 6, 18, 11, 4)),
    ])
    body = """西日本トレーディング株式会社
森田 様

いつもお世話になっております。サクラシステムの佐藤です。

6月度 共同キャンペーンの対象顧客データをお送りいたします。
ファイルはパスワード付きZIPで圧縮しております。
パスワードは別途お送りします。

よろしくお願いいたします。

""" + sig("佐藤 一郎", "営業部")
    name = "顧客データ.zip"
    data = mail(frm=SATO, to=("森田 浩二", "morita@nishinihon-trading.co.jp"), subject=subj,
                date="Thu, 06 Jun 2024 18:15:09 +0900",
                msgid="001301dab806$4c5d6e70$e5184b50$@sakura-sys.co.jp",
                body=body, charset="ISO-2022-JP", cte="7bit", mailer=OUTLOOK, style="2047-jis",
                atts=[(name, CT_ZIP_OUTLOOK, z)], boundary="----=_NextPart_000_0014_01DAB851.BB1C4E30")
    add("30-att-zipcrypto.eml", data, subject=subj, attachments=[(name, z)],
        zips={name: "encrypted"},
        expect="encrypted_attachment at attachment:顧客データ.zip (member 顧客データ.csv is ZipCrypto, flag bit 0 "
               "in local and central headers; the extract note path is 顧客データ.zip/顧客データ.csv); "
               "送付状.txt is readable and has no personal data; no record from the encrypted CSV",
        readme="顧客データ.zip (CP932 names): 送付状.txt in clear + 顧客データ.csv really ZipCrypto-encrypted "
               "(password Nishi#0606) → encrypted_attachment; PPAP body")


def a08b():
    subj = "ご契約書類の送付（パスワード付き）"
    z = build_zip([aes_member("見積明細_2024年6月.xlsx", 9874, seed=3082, name_enc="utf-8",
                              when=(2024, 6, 7, 13, 44, 50))], made_by=63)
    body = """カエデ電機株式会社
高橋 様

いつもお世話になっております。サクラシステムの佐藤です。

ご契約に関する見積明細をお送りいたします。
AES暗号化ZIPにしておりますので、解凍には 7-Zip 等をご利用ください。
パスワードは別メールにてお知らせします。

""" + sig("佐藤 一郎", "営業部")
    name = "契約書類.zip"
    data = mail(frm=SATO, to=("高橋 誠", "makoto.takahashi@kaede-denki.co.jp"), subject=subj,
                date="Fri, 07 Jun 2024 13:47:26 +0900",
                msgid="7e3a1c5b-2d4f-4b8a-9c6e-1f0d3b5a7c08@sakura-sys.co.jp",
                body=body, atts=[(name, CT_ZIP, z)],
                boundary="------------Att08Pr3Vd6LsF9hYw1KnC5x")
    add("30-att-aes-zip.eml", data, subject=subj, attachments=[(name, z)],
        zips={name: "encrypted"},
        expect="encrypted_attachment at attachment:契約書類.zip (member 見積明細_2024年6月.xlsx: method 99 + "
               "0x9901 AES extra in both headers, flag bit 0 set, UTF-8 flag); no unreadable/unsupported note "
               "instead of it",
        readme="契約書類.zip with one WinZip AE-2 member (method 99, 0x9901 extra field in local and central "
               "headers, random payload) → encrypted_attachment")


def a09():
    subj = "5月分 給与一覧の送付"
    cfb = encrypted_ooxml(seed=309, package_size=7419)
    body = """青山社会保険労務士事務所
青山 様

いつもお世話になっております。サクラシステム人事部の田中です。

5月分の給与一覧を添付いたします。
ファイルにはパスワードを設定しております。パスワードは別途ご連絡します。

""" + sig("田中 美咲", "人事部")
    name = "給与一覧.xlsx"
    data = mail(frm=TANAKA, to=("青山社会保険労務士事務所 青山 様", "aoyama@aoyama-sr.jp"), subject=subj,
                date="Mon, 10 Jun 2024 17:25:00 +0900",
                msgid="001501dabb0e$6d7e8f90$48a3b2c0$@sakura-sys.co.jp",
                body=body, charset="ISO-2022-JP", cte="7bit", mailer=OUTLOOK, style="2047-jis",
                atts=[(name, CT_XLSX, cfb)], boundary="----=_NextPart_000_0016_01DAB85A.DD2E3F40")
    add("30-att-encrypted-xlsx.eml", data, subject=subj, attachments=[(name, cfb)],
        expect="encrypted_attachment at attachment:給与一覧.xlsx (CFB magic + EncryptionInfo/EncryptedPackage "
               "directory entries); not reported as unreadable; attachment finding raised by the name 給与",
        readme="給与一覧.xlsx that is a CFB v3 container (Excel 'Encrypt with Password'): consistent header, FAT, "
               "mini FAT, directory with EncryptionInfo (agile 4.4 XML) and EncryptedPackage (random) → "
               "encrypted_attachment")


BOMB_SIZE = 200 * 1024 * 1024


def a10():
    subj = "障害調査用ログの送付"
    zeros = zeros_member("zeros.txt", BOMB_SIZE)
    z = build_zip([zeros])
    body = """株式会社ヒカリテック
大野 様

お世話になっております。サクラシステムの高橋です。

先日の障害の調査用に、サーバーのログを圧縮してお送りします。
展開後のサイズが大きいため、ご注意ください。

""" + sig("高橋 健太", "システム部")
    name = "bomb.zip"
    data = mail(frm=TAKAHASHI, to=("大野 様", "ohno@hikari-tech.co.jp"), subject=subj,
                date="Mon, 10 Jun 2024 09:40:18 +0900",
                msgid="c2f7a9e4-5b1d-4e3c-8a6f-9d0b2e4c7a10@sakura-sys.co.jp",
                body=body, atts=[(name, CT_ZIP, z)],
                boundary="------------Att10Zb6Qe9MtR3wXc7JhN2p")
    add("30-att-zip-bomb.eml", data, subject=subj, attachments=[(name, z)], big_ok=True,
        zips={name: "bomb"},
        expect=f"limit note (LimitReached) for bomb.zip/zeros.txt, reported as an attachment finding at "
               f"attachment:bomb.zip: {BOMB_SIZE} bytes declared from {len(zeros.payload)} compressed bytes, over "
               f"the 100x ratio (and the 50 MB per-file limit); nothing decompressed beyond the cap; "
               f"not encrypted, no personal data",
        readme=f"bomb.zip: zeros.txt deflates {BOMB_SIZE // 1024 // 1024} MiB of zeros into ~{len(z) // 1024} KB "
               "(ratio ≈ 1030:1) → a limit note (zip-bomb ratio), nothing else")


def a11():
    subj = "顧客一覧（最新版）の送付"
    full = customer_xlsx()
    cut = full[:len(full) // 2]
    body = """株式会社ミナトソフト
小林 様

お世話になっております。サクラシステムの鈴木です。

顧客一覧の最新版を添付いたします。
前回お送りしたファイルと差し替えをお願いいたします。

""" + sig("鈴木 花子", "業務部")
    name = "顧客一覧.xlsx"
    data = mail(frm=SUZUKI, to=("小林 様", "kobayashi@minato-soft.co.jp"), subject=subj,
                date="Tue, 11 Jun 2024 15:12:37 +0900",
                msgid="001701dabbc4$8e9fa0b0$abb0c1d0$@sakura-sys.co.jp",
                body=body, cte="base64", mailer=OUTLOOK, style="2047-utf8",
                atts=[(name, CT_XLSX, cut)], boundary="----=_NextPart_000_0018_01DABC10.1F2A3B40")
    add("30-att-truncated-xlsx.eml", data, subject=subj, attachments=[(name, cut)],
        zips={name: "broken"},
        expect="unreadable note (Unreadable) for 顧客一覧.xlsx, reported as an attachment finding at "
               "attachment:顧客一覧.xlsx (no end-of-central-directory record); not encrypted; no personal data "
               "finding; attachment finding raised by the name 顧客",
        readme=f"顧客一覧.xlsx = the workbook of 30-att-xlsx-sheets cut to its first {len(cut)} of {len(full)} bytes "
               "→ an unreadable note, no crash, not 'encrypted'")


def a12():
    subj = "CRM移行用データ（ZIP）の送付"
    book = customer_xlsx()
    z = build_zip([stored_or_deflated("顧客.xlsx", book, name_enc="cp932", when=(2024, 6, 11, 10, 3, 26))])
    body = """株式会社ヒカリテック
大野 様

お世話になっております。サクラシステムの高橋です。

先日お送りした顧客データを、ファイル名を変えてZIPにまとめました。
こちらの「送付.zip」をご利用ください。

""" + sig("高橋 健太", "システム部")
    name = "送付.zip"
    data = mail(frm=TAKAHASHI, to=("大野 様", "ohno@hikari-tech.co.jp"), subject=subj,
                date="Tue, 11 Jun 2024 10:05:51 +0900",
                msgid="e8a1d4c7-3b6f-4d2e-9f5a-6c0e8b1d3a12@sakura-sys.co.jp",
                body=body, atts=[(name, CT_ZIP, z)],
                boundary="------------Att12Lk8Fs3GwY6vPd1RbT9n")
    add("30-att-zip-with-xlsx.eml", data, subject=subj, attachments=[(name, z)],
        zips={name: "list"},
        expect="personal_data record, count 6, location attachment:送付.zip/顧客.xlsx (the workbook of "
               "30-att-xlsx-sheets inside a zip, member name in CP932); nothing from sheet 集計",
        readme="送付.zip ⊃ 顧客.xlsx (CP932 member name), the same bytes as 顧客管理.xlsx → record 6 at "
               "`attachment:送付.zip/顧客.xlsx`")


CT_PDF = "application/pdf"


def a13():
    subj = "会報誌発送用 会員名簿（PDF）の送付"
    pdf = member_list_pdf()
    body = """株式会社東都印刷
吉田 様

いつもお世話になっております。サクラシステムの鈴木です。

会報誌7月号の発送用に、会員名簿をPDFでお送りいたします。
（6名分、2ページです。）

宛名ラベルの作成をお願いいたします。

""" + sig("鈴木 花子", "業務部")
    name = "会員名簿.pdf"
    data = mail(frm=SUZUKI, to=("吉田 様", "yoshida@toto-print.co.jp"), subject=subj,
                date="Wed, 12 Jun 2024 09:20:41 +0900",
                msgid="4a7c2e91-6d3b-4f08-b5e2-8c1a9d7f3e13@sakura-sys.co.jp",
                body=body, atts=[(name, CT_PDF, pdf)],
                boundary="------------Att13Pf4Kx8DmR2vQn6WsJ3b")
    add("30-att-pdf-text.eml", data, subject=subj, attachments=[(name, pdf)],
        pdfs={name: dict(password=b"", pages=[[t for _, _, t in p] for p in MEMBER_PDF_PAGES])},
        expect="personal_data record, count 6, location attachment:会員名簿.pdf (text layer via ToUnicode: "
               "氏名・住所・電話番号・生年月日 in 'YYYY年M月D日'; 4 people on page 1, 2 on page 2, the header "
               "line repeated on page 2); attachment finding raised by the name 会員",
        readme="会員名簿.pdf (hand-built PDF 1.4, 2 pages): Type0 font /Identity-H over a non-embedded "
               "CIDFontType0 HeiseiKakuGo-W5 (Adobe-Japan1) with a ToUnicode CMap, codes assigned per "
               "character (so only ToUnicode gives the text), one Td + hex Tj per line, FlateDecode; "
               "6 members (氏名　住所　電話番号　生年月日) → record 6 at `attachment:会員名簿.pdf`")


def a14():
    subj = "研修旅行 参加申込書（スキャン）の送付"
    pdf = application_scan_pdf()
    body = """株式会社つばさトラベル
石井 様

お世話になっております。サクラシステム人事部の田中です。

申込書をスキャンしてお送りします。
原本は弊社で保管しております。

""" + sig("田中 美咲", "人事部")
    name = "申込書スキャン.pdf"
    data = mail(frm=TANAKA, to=("石井 様", "ishii@tsubasa-travel.co.jp"), subject=subj,
                date="Wed, 12 Jun 2024 10:31:07 +0900",
                msgid="001901dabc6e$3f4a5b60$bec0d1e0$@sakura-sys.co.jp",
                body=body, cte="base64", mailer=OUTLOOK, style="2047-utf8",
                atts=[(name, CT_PDF, pdf)], boundary="----=_NextPart_000_001A_01DABCB9.AF5C6D70")
    add("30-att-pdf-scanned.eml", data, subject=subj, attachments=[(name, pdf)],
        pdfs={name: dict(password=b"", pages=None)},
        expect="no personal_data finding (the PDF has no text layer: one page painting a 64x64 DeviceGray "
               "image, no fonts); at most a note that attachment:申込書スキャン.pdf has no extractable text; "
               "not encrypted, not unreadable; the body has no personal data",
        readme="申込書スキャン.pdf: one page `q 500 0 0 700 50 50 cm /Im1 Do Q`, a 64x64 8-bit DeviceGray "
               "FlateDecode image, no fonts, no text → no personal data (image-only), no crash")


def a15():
    subj = "お見積書の送付（パスワード付き）"
    pdf = quote_pdf()
    guide = win_cp932(GUIDE_TXT.replace("\n", "\r\n"))
    z = build_zip([
        stored_or_deflated("見積書.pdf", pdf, name_enc="cp932", method=0, when=(2024, 6, 12, 14, 2, 10)),
        stored_or_deflated("ご案内.txt", guide, name_enc="cp932", when=(2024, 6, 12, 14, 3, 36)),
    ])
    body = """カエデ電機株式会社
高橋 様

いつもお世話になっております。サクラシステムの佐藤です。

勤怠管理システムのお見積書をお送りいたします。
PDFにはパスワードを設定しております。パスワードは別途お送りします。

よろしくお願いいたします。

""" + sig("佐藤 一郎", "営業部")
    name = "見積書.zip"
    data = mail(frm=SATO, to=("高橋 誠", "makoto.takahashi@kaede-denki.co.jp"), subject=subj,
                date="Wed, 12 Jun 2024 14:05:52 +0900",
                msgid="001b01dabc8c$1a2b3c40$4e5f6070$@sakura-sys.co.jp",
                body=body, charset="ISO-2022-JP", cte="7bit", mailer=OUTLOOK, style="2047-jis",
                atts=[(name, CT_ZIP_OUTLOOK, z)], boundary="----=_NextPart_000_001C_01DABCD7.8A9B0C10")
    add("30-att-pdf-encrypted-zip.eml", data, subject=subj, attachments=[(name, z)],
        zips={name: "list"}, pdfs={"見積書.pdf": dict(password=PDF_USER_PASSWORD, pages=[
            [t for _, _, t in p] for p in QUOTE_PDF_PAGES])},
        expect="encrypted_attachment at attachment:見積書.zip/見積書.pdf (the zip is not encrypted; the "
               "stored PDF has /Encrypt: Standard handler, RC4 128-bit R3, a user password — the empty "
               "password fails); ご案内.txt is readable and has no personal data; no personal data finding",
        readme="見積書.zip (not encrypted, CP932 names): 見積書.pdf stored, really RC4-encrypted with the "
               "standard security handler (V2 R3 128-bit, user password sakura2026, every stream and string "
               "encrypted) + ご案内.txt → encrypted_attachment for the PDF member; PPAP body")


BUILDERS = [a01, a02, a03, a04, a05, a06, a07, a08a, a08b, a09, a10, a11, a12, a13, a14, a15]

# --------------------------------------------------------------------------
# verification
# --------------------------------------------------------------------------


def zip_name(info: zipfile.ZipInfo) -> str:
    """The member name as the sender saw it (zipfile decodes unflagged names as CP437)."""
    if info.flag_bits & FLAG_UTF8:
        return info.filename
    return info.orig_filename.encode("cp437").decode("cp932")


def check_ooxml(data: bytes, problems: list[str], label: str) -> str:
    """Well-formed XML in every part; a one-line summary of what a reader sees."""
    z = zipfile.ZipFile(BytesIO(data))
    if z.testzip() is not None:
        problems.append(f"{label}: CRC error")
    trees = {}
    for n in z.namelist():
        try:
            trees[n] = ET.fromstring(z.read(n))
        except ET.ParseError as e:
            problems.append(f"{label}: {n}: {e}")
    names = set(z.namelist())
    for need in ("[Content_Types].xml", "_rels/.rels"):
        if need not in names:
            problems.append(f"{label}: {need} missing")
    if "xl/workbook.xml" in names:
        m = "{%s/spreadsheetml/2006/main}" % NS
        sst = [si.findtext(f"{m}t") for si in trees["xl/sharedStrings.xml"]]
        xfs = [xf.get("numFmtId") for xf in trees["xl/styles.xml"].find(f"{m}cellXfs")]
        sheets = [s.get("name") for s in trees["xl/workbook.xml"].iter(f"{m}sheet")]
        out = []
        for i, sname in enumerate(sheets, 1):
            rows = []
            for row in trees[f"xl/worksheets/sheet{i}.xml"].iter(f"{m}row"):
                vals = []
                for c in row:
                    v = c.findtext(f"{m}v")
                    if c.get("t") == "s":
                        vals.append(sst[int(v)])
                    elif xfs[int(c.get("s", "0"))] == "14":
                        vals.append((EPOCH + dt.timedelta(days=int(v))).strftime("%Y/%m/%d"))
                    else:
                        vals.append(v)
                rows.append(vals)
            out.append(f"{sname}: {len(rows)} rows, row 2 = {rows[1] if len(rows) > 1 else None}")
        return "; ".join(out)
    if "word/document.xml" in names:
        w = "{%s}" % W
        doc = trees["word/document.xml"]
        rows = [["".join(t.text or "" for t in tc.iter(f"{w}t")) for tc in tr.iter(f"{w}tc")]
                for tr in doc.iter(f"{w}tr")]
        return f"docx table {len(rows)} rows: {rows[1]}"
    slides = sorted(n for n in names if n.startswith("ppt/slides/slide"))
    return " | ".join(f"{n}: " + " / ".join(t.text for t in trees[n].iter("{%s}t" % A)) for n in slides)


def _pdf_objects(data: bytes, problems: list[str], label: str) -> tuple[dict[int, tuple[bytes, bytes | None]], bytes]:
    """Follows startxref to the classic xref table; every in-use entry must point at
    `N 0 obj`. Returns {number: (dictionary text, raw stream bytes or None)} and the
    trailer dictionary."""
    if not data.startswith(PDF_HEAD) or not data.endswith(b"%%EOF\n"):
        problems.append(f"{label}: header or %%EOF missing")
    m = re.search(rb"\nstartxref\n(\d+)\n%%EOF\n$", data)
    if not m:
        problems.append(f"{label}: no startxref")
        return {}, b""
    xref = int(m.group(1))
    if data[xref:xref + 5] != b"xref\n":
        problems.append(f"{label}: startxref {xref} does not point at xref")
        return {}, b""
    _, sub, rest = data[xref:].split(b"\n", 2)
    first, count = map(int, sub.split())
    if first != 0 or rest[:20] != b"0000000000 65535 f \n":
        problems.append(f"{label}: xref does not start with the free entry 0")
    objs: dict[int, tuple[bytes, bytes | None]] = {}
    for num in range(1, count):
        e = rest[20 * num:20 * num + 20]
        if not re.fullmatch(rb"\d{10} 00000 n \n", e):
            problems.append(f"{label}: xref entry {num} is malformed: {e!r}")
            continue
        off = int(e[:10])
        head = f"{num} 0 obj\n".encode()
        if not data.startswith(head, off):
            problems.append(f"{label}: xref offset {off} of object {num} does not hold '{num} 0 obj'")
            continue
        body = off + len(head)
        end, st = data.find(b"\nendobj\n", body), data.find(b"\nstream\n", body)
        if 0 <= st < end:
            d = data[body:st]
            length = int(re.search(rb"/Length (\d+)", d).group(1))
            raw = data[st + 8:st + 8 + length]
            if not data.startswith(b"\nendstream\nendobj\n", st + 8 + length):
                problems.append(f"{label}: object {num}: /Length {length} does not end at endstream")
            objs[num] = (d, raw)
        else:
            objs[num] = (data[body:end], None)
    trailer = rest[20 * count:]
    if not trailer.startswith(b"trailer\n<< ") or int(re.search(rb"/Size (\d+)", trailer).group(1)) != count:
        problems.append(f"{label}: trailer missing or /Size != {count}")
    if not re.search(rb"/Root \d+ 0 R", trailer):
        problems.append(f"{label}: trailer without /Root")
    return objs, trailer


def _ref(d: bytes, key: bytes) -> int:
    return int(re.search(rb"/" + key + rb" (\d+) 0 R", d).group(1))


def _cmap(text: bytes) -> dict[bytes, str]:
    """bfchar and bfrange entries of a ToUnicode CMap: source code -> Unicode text."""
    out: dict[bytes, str] = {}
    for block in re.findall(rb"beginbfchar\n(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>", block):
            out[bytes.fromhex(src.decode())] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange\n(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>", block):
            a, b, u = int(lo, 16), int(hi, 16), bytes.fromhex(dst.decode()).decode("utf-16-be")
            for c in range(a, b + 1):
                out[c.to_bytes(len(lo) // 2, "big")] = u[:-1] + chr(ord(u[-1]) + c - a)
    return out


def check_pdf(data: bytes, expect: dict, problems: list[str], label: str) -> list[str]:
    """Parses the file (xref, objects, streams); for an encrypted one checks that the
    empty user password fails and expect["password"] opens it (algorithms 2 and 6) and
    decrypts every stream; then rebuilds each page's lines through the ToUnicode CMap
    (one Td + Tj per line) and compares them with expect["pages"], or, for an
    image-only page (expect["pages"] is None), checks that there is no text at all."""
    objs, trailer = _pdf_objects(data, problems, label)
    if not objs:
        return [f"{label}: unparsable"]
    report = [f"PDF {data[5:8].decode()}, {len(objs)} objects, xref offsets ok"]
    enc = re.search(rb"/Encrypt (\d+) 0 R", trailer)
    key = None
    if enc:
        ed = objs[int(enc.group(1))][0]
        o = bytes.fromhex(re.search(rb"/O <([0-9A-F]{64})>", ed).group(1).decode())
        u = bytes.fromhex(re.search(rb"/U <([0-9A-F]{64})>", ed).group(1).decode())
        p = int(re.search(rb"/P (-?\d+)", ed).group(1))
        id0 = bytes.fromhex(re.search(rb"/ID \[<([0-9A-F]+)>", trailer).group(1).decode())
        if not all(k in ed for k in (b"/Filter /Standard", b"/V 2", b"/R 3", b"/Length 128")):
            problems.append(f"{label}: /Encrypt is not Standard V2 R3 128-bit")
        if pdf_user_password_ok(b"", o, u, p, id0) is not None:
            problems.append(f"{label}: the empty user password opens it")
        key = pdf_user_password_ok(expect["password"], o, u, p, id0)
        if key is None:
            problems.append(f"{label}: the user password {expect['password']!r} does not open it")
            return report
        report.append(f"encrypted (Standard, RC4 128-bit, R3, /P {p}): empty password rejected, "
                      f"user password {expect['password'].decode()!r} accepted")
    elif expect.get("password"):
        problems.append(f"{label}: not encrypted")
    streams: dict[int, bytes] = {}
    for num, (d, raw) in objs.items():
        if raw is None:
            continue
        if key is not None:
            raw = rc4(pdf_object_key(key, num), raw)
        if b"/FlateDecode" in d:
            try:
                raw = zlib.decompress(raw)
            except zlib.error as e:
                problems.append(f"{label}: object {num} does not inflate ({e})")
                continue
        streams[num] = raw
    pages_obj = objs[_ref(objs[_ref(trailer, b"Root")][0], b"Pages")][0]
    kids = [int(k) for k in re.findall(rb"(\d+) 0 R", re.search(rb"/Kids \[(.*?)\]", pages_obj).group(1))]
    if int(re.search(rb"/Count (\d+)", pages_obj).group(1)) != len(kids):
        problems.append(f"{label}: /Count != number of /Kids")
    want = expect["pages"]
    if want is None:
        if b"/Font" in data or re.search(rb"\bBT\b|\bTj\b|\bTJ\b", b"".join(streams.values())):
            problems.append(f"{label}: an image-only PDF with fonts or text operators")
        for kid in kids:
            pd = objs[kid][0]
            content = streams[_ref(pd, b"Contents")]
            im = _ref(re.search(rb"/XObject << (.*?) >>", pd).group(1), b"Im1")
            idict = objs[im][0]
            w = int(re.search(rb"/Width (\d+)", idict).group(1))
            h = int(re.search(rb"/Height (\d+)", idict).group(1))
            if b"/DeviceGray" not in idict or len(streams[im]) != w * h:
                problems.append(f"{label}: image is not {w}x{h} DeviceGray 8-bit")
            report.append(f"page: {content.decode().strip()!r}; /Im1 {w}x{h} DeviceGray, "
                          f"{len(objs[im][1])} bytes deflated; no fonts, no text operators")
        if len(kids) != 1:
            problems.append(f"{label}: {len(kids)} pages")
        return report
    if len(kids) != len(want):
        problems.append(f"{label}: {len(kids)} pages, expected {len(want)}")
    for i, (kid, lines_want) in enumerate(zip(kids, want), 1):
        pd = objs[kid][0]
        t0 = objs[_ref(re.search(rb"/Font << (.*?) >>", pd).group(1), b"F1")][0]
        cid = objs[int(re.search(rb"/DescendantFonts \[(\d+) 0 R\]", t0).group(1))][0]
        if not (b"/Subtype /Type0" in t0 and b"/Encoding /Identity-H" in t0
                and re.search(rb"/Subtype /CIDFontType[02]", cid) and b"/CIDSystemInfo" in cid
                and b"/BaseFont /HeiseiKakuGo-W5" in cid):
            problems.append(f"{label}: page {i}: font is not Type0/Identity-H over a Japanese CIDFont")
        fd = objs[_ref(cid, b"FontDescriptor")][0]
        if b"/FontFile" in fd:
            problems.append(f"{label}: the font is embedded")
        cmap = _cmap(streams[_ref(t0, b"ToUnicode")])
        if len(set(cmap.values())) != len(cmap):
            problems.append(f"{label}: ToUnicode maps two codes to one character")
        lines: list[str] = []
        in_bt, tds = False, 0
        for op in streams[_ref(pd, b"Contents")].decode("ascii").splitlines():
            if op == "BT":
                in_bt, tds = True, 0
            elif op == "ET":
                in_bt = False
            elif op.endswith(" Td"):
                x, y = map(float, op.split()[:2])
                if tds and (x != 0 or y >= 0):
                    problems.append(f"{label}: page {i}: Td {op!r} does not move straight down")
                tds += 1
                lines.append("")
            elif op.endswith(" Tj"):
                hexs = bytes.fromhex(re.fullmatch(r"<([0-9A-F]+)> Tj", op).group(1))
                try:
                    lines[-1] += "".join(cmap[hexs[k:k + 2]] for k in range(0, len(hexs), 2))
                except KeyError as e:
                    problems.append(f"{label}: page {i}: code {e} has no ToUnicode entry")
            elif not op.endswith(" Tf"):
                problems.append(f"{label}: page {i}: unexpected operator {op!r}")
        if in_bt or lines != lines_want:
            problems.append(f"{label}: page {i}: text {lines} != {lines_want}")
        report.append(f"page {i}: {len(lines)} lines via ToUnicode ({len(cmap)} codes), "
                      f"e.g. {lines[min(2, len(lines) - 1)]!r}")
    return report


def check_zip(data: bytes, mode: str, problems: list[str], label: str, depth: int = 0,
              pdfs: dict | None = None) -> list[str]:
    """Lists members (and reads the readable ones, recursing into zips and xlsx)."""
    lines = []
    if mode == "broken":
        try:
            zipfile.ZipFile(BytesIO(data))
            problems.append(f"{label}: zipfile opened a file meant to be truncated")
        except zipfile.BadZipFile as e:
            lines.append(f"{'  ' * depth}{label}: zipfile refuses it ({e})")
        # a checker that falls back to scanning local headers must not take it for encrypted
        at, seen = data.find(b"PK\x03\x04"), 0
        while at >= 0:
            flags, method = struct.unpack_from("<HH", data, at + 6)
            if flags & FLAG_ENCRYPTED or method == 99:
                problems.append(f"{label}: a local header at {at} looks encrypted")
            seen += 1
            at = data.find(b"PK\x03\x04", at + 4)
        if b"PK\x01\x02" in data or b"PK\x05\x06" in data:
            problems.append(f"{label}: the cut left central-directory records")
        lines.append(f"{'  ' * depth}{seen} local headers before the cut, none flagged encrypted")
        return lines
    z = zipfile.ZipFile(BytesIO(data))
    for info in z.infolist():
        name = zip_name(info)
        tag = f"{'  ' * depth}{label}/{name}  flags=0x{info.flag_bits:04x} method={info.compress_type} " \
              f"{info.compress_size}->{info.file_size}"
        if info.flag_bits & FLAG_ENCRYPTED:
            if mode != "encrypted":
                problems.append(f"{label}/{name}: unexpectedly encrypted")
            # the local header must agree with the central one
            lh = data[info.header_offset:info.header_offset + 30]
            lflags, lmethod = struct.unpack_from("<HH", lh, 6)
            if (lflags, lmethod) != (info.flag_bits, info.compress_type):
                problems.append(f"{label}/{name}: local header flags/method differ from central")
            if info.compress_type == 99:
                ex = info.extra
                nlen, xlen = struct.unpack_from("<HH", lh, 26)
                lex = data[info.header_offset + 30 + nlen:][:xlen]
                if not (ex[:2] == b"\x01\x99" and lex == ex):
                    problems.append(f"{label}/{name}: AES extra field missing or differs")
                try:
                    z.read(info, pwd=b"any password")
                    problems.append(f"{label}/{name}: AES member was readable")
                except NotImplementedError:     # "That compression method is not supported"
                    pass
                lines.append(tag + "  [AES: method 99 + 0x9901 in both headers]")
            else:
                try:
                    z.read(info)
                    problems.append(f"{label}/{name}: encrypted member read without a password")
                except RuntimeError:
                    pass
                plain = z.read(info, pwd=ZIPCRYPTO_PASSWORD)
                lines.append(tag + f"  [ZipCrypto; with the password: {plain[:24].decode('cp932', 'replace')!r}…]")
            continue
        if mode == "bomb":
            n, nonzero = 0, 0
            with z.open(info) as f:
                while chunk := f.read(1 << 20):
                    n += len(chunk)
                    nonzero += len(chunk) - chunk.count(0)
            if n != BOMB_SIZE or nonzero:
                problems.append(f"{label}/{name}: {n} bytes, {nonzero} non-zero")
            lines.append(tag + f"  [streamed {n} zero bytes; ratio {n / info.compress_size:.0f}:1]")
            continue
        content = z.read(info)
        lines.append(tag)
        if name.endswith(".zip"):
            lines += check_zip(content, "list", problems, f"{label}/{name}", depth + 1)
        elif name.endswith(".xlsx"):
            lines.append(f"{'  ' * (depth + 1)}{check_ooxml(content, problems, name)}")
        elif name.endswith(".pdf"):
            if name not in (pdfs or {}):
                problems.append(f"{label}/{name}: no PDF expectation")
            else:
                lines += [f"{'  ' * (depth + 1)}{ln}"
                          for ln in check_pdf(content, pdfs[name], problems, f"{label}/{name}")]
        else:
            text = content.decode("utf-8-sig") if info.flag_bits & FLAG_UTF8 else content.decode("cp932")
            first = next(ln for ln in text.splitlines()[1:] if ln.strip())
            lines.append(f"{'  ' * (depth + 1)}{len(text.splitlines())} lines: {first[:60]!r}")
    return lines


def attachment_name(p) -> str | None:
    fn = p.get_filename()
    if fn and "=?" in fn:     # RFC 2047 inside quotes: decode it as Japanese mailers do
        fn = str(make_header(decode_header(fn)))
    return fn


def verify(fixtures: list[dict]) -> int:
    failures = 0
    for fx in fixtures:
        path = OUT / fx["name"]
        data = path.read_bytes()
        problems: list[str] = []
        report: list[str] = []
        if b"\r" in data:
            problems.append("contains CR")
        limit = BOMB_LIMIT if fx["big_ok"] else LIMIT
        if len(data) >= limit:
            problems.append(f"size {len(data)} >= {limit}")
        if any(len(line) > 998 for line in data.split(b"\n")):
            problems.append("a line longer than 998 bytes")
        for variant, blob in (("LF", data), ("CRLF", data.replace(b"\n", b"\r\n"))):
            try:
                m = email.message_from_bytes(blob, policy=policy.default)
                subject = str(m["Subject"])
                if subject != fx["subject"]:
                    problems.append(f"{variant}: subject {subject!r}")
                atts = [(attachment_name(p), p.get_payload(decode=True)) for p in m.iter_attachments()]
                if atts != fx["attachments"]:
                    got = [(n, len(b or b"")) for n, b in atts]
                    want = [(n, len(b)) for n, b in fx["attachments"]]
                    problems.append(f"{variant}: attachments {got} != {want}")
                for addr in m["To"].addresses:
                    if addr.domain.endswith("sakura-sys.co.jp"):
                        problems.append("recipient is internal")
                if not m["From"].addresses[0].domain == "sakura-sys.co.jp":
                    problems.append("sender is not sakura-sys.co.jp")
                if m.get_body(("plain",)) is None or not m.get_body(("plain",)).get_content().strip():
                    problems.append(f"{variant}: no text body")
            except Exception as e:  # noqa: BLE001
                problems.append(f"{variant}: python email failed: {e!r}")
        for name, blob in fx["attachments"]:
            mode = fx["zips"].get(name)
            report.append(f"{name}: {len(blob)} bytes")
            if mode:
                report += check_zip(blob, mode, problems, name, 1, pdfs=fx["pdfs"])
            elif name.endswith(".pdf"):
                report += ["  " + ln for ln in check_pdf(blob, fx["pdfs"][name], problems, name)]
            elif name.endswith((".xlsx", ".docx", ".pptx")) and blob.startswith(b"PK"):
                report.append("  " + check_ooxml(blob, problems, name))
            elif blob.startswith(bytes.fromhex("D0CF11E0A1B11AE1")):
                streams = read_cfb(blob)
                info, pkg = streams["EncryptionInfo"], streams["EncryptedPackage"]
                if info[:8] != struct.pack("<HHI", 4, 4, 0x40) or b"<encryption" not in info:
                    problems.append("EncryptionInfo is not an agile descriptor")
                declared = struct.unpack_from("<Q", pkg)[0]
                if not 0 < declared <= len(pkg) - 8:
                    problems.append("EncryptedPackage size prefix is wrong")
                report.append(f"  CFB streams: " + ", ".join(f"{k} ({len(v)} bytes)" for k, v in streams.items())
                              + f"; package declares {declared} bytes")
            elif name.endswith(".csv"):
                enc = "utf-8" if blob.startswith(codecs.BOM_UTF8) else "cp932"
                rows = blob.decode("utf-8-sig" if enc == "utf-8" else "cp932").splitlines()
                report.append(f"  {enc}{' BOM' if enc == 'utf-8' else ''}, {len(rows)} lines: {rows[1]!r}")
        failures += bool(problems)
        print(f"{fx['name']}  ({len(data)} bytes)  Subject: {fx['subject']}")
        for line in report:
            print(f"    {line}")
        print(f"    expect: {fx['expect']}")
        for p in problems:
            print(f"    !! {p}")
        print()
    return failures


def main() -> int:
    check_only = "--check" in sys.argv[1:]
    for b in BUILDERS:
        b()
    names = [f["name"] for f in FIXTURES]
    assert len(names) == len(set(names)) and all(n.startswith("30-att-") for n in names)
    if not check_only:
        for fx in FIXTURES:
            (OUT / fx["name"]).write_bytes(fx["data"])
        print(f"wrote {len(FIXTURES)} fixtures to {OUT}\n")
    else:
        for fx in FIXTURES:
            path = OUT / fx["name"]
            if not path.exists() or path.read_bytes() != fx["data"]:
                print(f"!! {fx['name']} differs from what the generator produces")
                return 1
    failures = verify(FIXTURES)
    if "--readme" in sys.argv[1:]:
        for fx in FIXTURES:
            print(f"| {fx['name'].removesuffix('.eml')} | {fx['readme']} |")
    if failures:
        print(f"{failures} fixture(s) with problems")
        return 1
    print("all attachment fixtures verified")
    return 0


if __name__ == "__main__":
    sys.exit(main())
