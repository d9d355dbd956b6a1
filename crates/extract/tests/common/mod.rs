//! Fixture builders: every test file is made here, in memory, with the zip crate's
//! writer or by hand (for raw headers the writer cannot produce).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// A zip of `(name, bytes)` members, deflated.
pub fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, data) in members {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// One stored member of a hand-made zip, with raw name bytes, flags, method and extra.
pub struct Raw<'a> {
    pub name: &'a [u8],
    pub data: &'a [u8],
    pub flags: u16,
    pub method: u16,
    pub extra: Vec<u8>,
}

impl<'a> Raw<'a> {
    pub fn stored(name: &'a [u8], data: &'a [u8]) -> Self {
        Raw {
            name,
            data,
            flags: 0,
            method: 0,
            extra: Vec::new(),
        }
    }
}

/// A zip written byte by byte (stored data): what the writer will not produce, such as
/// CP932 names without the UTF-8 flag, encryption flags or AES method 99.
pub fn raw_zip(members: &[Raw<'_>]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for m in members {
        let offset = out.len() as u32;
        let crc = crc32(m.data);
        let size = m.data.len() as u32;
        let header = |sig: u32, central_dir: bool| {
            let mut h = Vec::new();
            h.extend_from_slice(&sig.to_le_bytes());
            if central_dir {
                h.extend_from_slice(&20u16.to_le_bytes()); // version made by
            }
            h.extend_from_slice(&20u16.to_le_bytes()); // version needed
            h.extend_from_slice(&m.flags.to_le_bytes());
            h.extend_from_slice(&m.method.to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes()); // time
            h.extend_from_slice(&0x21u16.to_le_bytes()); // date
            h.extend_from_slice(&crc.to_le_bytes());
            h.extend_from_slice(&size.to_le_bytes());
            h.extend_from_slice(&size.to_le_bytes());
            h.extend_from_slice(&(m.name.len() as u16).to_le_bytes());
            h.extend_from_slice(&(m.extra.len() as u16).to_le_bytes());
            if central_dir {
                h.extend_from_slice(&0u16.to_le_bytes()); // comment
                h.extend_from_slice(&0u16.to_le_bytes()); // disk
                h.extend_from_slice(&0u16.to_le_bytes()); // internal attrs
                h.extend_from_slice(&0u32.to_le_bytes()); // external attrs
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(m.name);
            h.extend_from_slice(&m.extra);
            h
        };
        out.extend_from_slice(&header(0x0403_4b50, false));
        out.extend_from_slice(m.data);
        central.extend_from_slice(&header(0x0201_4b50, true));
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(&(members.len() as u16).to_le_bytes());
    out.extend_from_slice(&(members.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// The WinZip AES extra field (AE-2, AES-256, inner method deflate).
pub fn aes_extra() -> Vec<u8> {
    let mut e = Vec::new();
    e.extend_from_slice(&0x9901u16.to_le_bytes());
    e.extend_from_slice(&7u16.to_le_bytes());
    e.extend_from_slice(&2u16.to_le_bytes());
    e.extend_from_slice(b"AE");
    e.push(3);
    e.extend_from_slice(&8u16.to_le_bytes());
    e
}

pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A cell of a hand-written sheet.
pub enum Cell<'a> {
    Str(&'a str),
    Num(&'a str),
    Date(u32),
    /// A number with a style of `write_xlsx`'s styles.xml: 3 `000-0000-0000`,
    /// 4 `00-0000-0000`, 5 `0###-##-####`, 6 `"0"00-0000-0000`, 7 `#,##0`, 8 `@`.
    Styled(&'a str, u32),
}

fn col_name(mut c: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

/// Receives one row of cells.
pub type Emit<'a> = dyn FnMut(&[Cell<'_>]) + 'a;
/// Produces a sheet's rows by calling the emitter once per row.
pub type Rows<'a> = dyn FnMut(&mut Emit<'_>) + 'a;

/// Streams a minimal xlsx (workbook, styles with a date style, shared strings, sheets)
/// into a zip writer. Rows come from a callback so the benchmark can write 50,000 rows
/// without holding them.
pub fn write_xlsx<W: Write + std::io::Seek>(
    w: &mut ZipWriter<W>,
    sheets: &mut [(&str, &mut Rows<'_>)],
    level: Option<i64>,
) {
    let opts = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(level);
    let mut sheet_entries = String::new();
    let mut rels = String::new();
    let mut types = String::new();
    for (i, (name, _)) in sheets.iter().enumerate() {
        let n = i + 1;
        sheet_entries.push_str(&format!(
            r#"<sheet name="{}" sheetId="{n}" r:id="rId{n}"/>"#,
            xml_escape(name)
        ));
        rels.push_str(&format!(
            r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#
        ));
        types.push_str(&format!(
            r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        ));
    }
    let k = sheets.len();
    w.start_file("[Content_Types].xml", opts).unwrap();
    write!(w, r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{types}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#).unwrap();
    w.start_file("_rels/.rels", opts).unwrap();
    write!(w, r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#).unwrap();
    w.start_file("xl/workbook.xml", opts).unwrap();
    write!(w, r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{sheet_entries}</sheets></workbook>"#).unwrap();
    w.start_file("xl/_rels/workbook.xml.rels", opts).unwrap();
    write!(w, r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#, k + 1, k + 2).unwrap();
    w.start_file("xl/styles.xml", opts).unwrap();
    write!(w, r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="5"><numFmt numFmtId="164" formatCode="yyyy/mm/dd"/><numFmt numFmtId="165" formatCode="000-0000-0000"/><numFmt numFmtId="166" formatCode="00-0000-0000"/><numFmt numFmtId="167" formatCode="0###-##-####"/><numFmt numFmtId="168" formatCode="&quot;0&quot;00-0000-0000"/></numFmts><fonts count="1"><font><sz val="11"/><name val="游ゴシック"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="9"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="168" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>"#).unwrap();
    // Shared strings are collected while the sheets are written, so write sheets first.
    let mut shared: Vec<String> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut sheets_done = 0;
    let mut buf = String::new();
    for (_, rows) in sheets.iter_mut() {
        sheets_done += 1;
        w.start_file(format!("xl/worksheets/sheet{sheets_done}.xml"), opts)
            .unwrap();
        write!(w, r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#).unwrap();
        let mut r = 0usize;
        rows(&mut |cells: &[Cell<'_>]| {
            r += 1;
            buf.clear();
            buf.push_str(&format!(r#"<row r="{r}">"#));
            for (c, cell) in cells.iter().enumerate() {
                let re = format!("{}{r}", col_name(c));
                match cell {
                    Cell::Str(s) => {
                        let id = *index.entry((*s).to_owned()).or_insert_with(|| {
                            shared.push((*s).to_owned());
                            shared.len() - 1
                        });
                        buf.push_str(&format!(r#"<c r="{re}" t="s"><v>{id}</v></c>"#));
                    }
                    Cell::Num(v) => buf.push_str(&format!(r#"<c r="{re}"><v>{v}</v></c>"#)),
                    Cell::Date(serial) => {
                        buf.push_str(&format!(r#"<c r="{re}" s="1"><v>{serial}</v></c>"#))
                    }
                    Cell::Styled(v, style) => {
                        buf.push_str(&format!(r#"<c r="{re}" s="{style}"><v>{v}</v></c>"#))
                    }
                }
            }
            buf.push_str("</row>");
            w.write_all(buf.as_bytes()).unwrap();
        });
        write!(w, "</sheetData></worksheet>").unwrap();
    }
    w.start_file("xl/sharedStrings.xml", opts).unwrap();
    write!(w, r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{0}" uniqueCount="{0}">"#, shared.len()).unwrap();
    for s in &shared {
        write!(w, "<si><t>{}</t></si>", xml_escape(s)).unwrap();
    }
    write!(w, "</sst>").unwrap();
}

/// A whole xlsx in memory from fixed rows per sheet.
pub fn xlsx(sheets: &[(&str, Vec<Vec<Cell<'_>>>)]) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let mut callbacks: Vec<Box<Rows<'_>>> = sheets
        .iter()
        .map(|(_, rows)| {
            Box::new(move |emit: &mut Emit<'_>| {
                for row in rows {
                    emit(row);
                }
            }) as Box<Rows<'_>>
        })
        .collect();
    let mut list: Vec<(&str, &mut Rows<'_>)> = Vec::new();
    for ((name, _), cb) in sheets.iter().zip(callbacks.iter_mut()) {
        list.push((*name, &mut **cb));
    }
    write_xlsx(&mut w, &mut list, None);
    w.finish().unwrap().into_inner()
}

/// A docx whose body is the given raw WordprocessingML.
pub fn docx(body: &str) -> Vec<u8> {
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}</w:body></w:document>"#
    );
    zip_of(&[
        ("[Content_Types].xml", br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#),
        ("word/document.xml", doc.as_bytes()),
    ])
}

/// A pptx with one slide per text (written out of order on purpose: 10, 2, 1).
pub fn pptx(slides: &[(u32, &str)]) -> Vec<u8> {
    let xmls: Vec<(String, String)> = slides
        .iter()
        .map(|(n, text)| {
            (
                format!("ppt/slides/slide{n}.xml"),
                format!(
                    r#"<?xml version="1.0"?><p:sld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>{}</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>"#,
                    xml_escape(text)
                ),
            )
        })
        .collect();
    let mut members: Vec<(&str, &[u8])> =
        vec![("ppt/presentation.xml", b"<p:presentation/>".as_slice())];
    for (name, xml) in &xmls {
        members.push((name.as_str(), xml.as_bytes()));
    }
    zip_of(&members)
}
