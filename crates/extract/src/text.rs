//! Plain text, CSV/TSV and HTML: encoding detection and simple structure.
//!
//! Japanese business systems still export CP932 (Shift_JIS) CSV, older Unix tools
//! EUC-JP, old mailers ISO-2022-JP, and Windows "Unicode text" is UTF-16. The bytes
//! carry no label, so the encoding is decided by evidence: a BOM first, then UTF-8
//! validity, then which Japanese decoder accepts the bytes without errors and yields
//! plausible Japanese (hiragana, kanji) rather than half-width katakana noise.

use encoding_rs::{EUC_JP, Encoding, ISO_2022_JP, SHIFT_JIS, UTF_8, UTF_16BE, UTF_16LE};

use crate::{Content, Ctx, Problem};

/// How a text file is structured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextKind {
    Plain,
    Csv,
    Tsv,
    Html,
}

pub(crate) fn read(ctx: &mut Ctx, path: &str, bytes: &[u8], kind: TextKind) -> Result<(), Problem> {
    let text = decode(bytes);
    match kind {
        TextKind::Plain => ctx.part(path.to_owned(), Content::Text(text)),
        TextKind::Html => ctx.part(path.to_owned(), Content::Text(strip_html(&text))),
        TextKind::Csv | TextKind::Tsv => {
            let sep = if kind == TextKind::Csv { ',' } else { '\t' };
            let (rows, complete) = parse_delimited(&text, sep, ctx);
            ctx.part(path.to_owned(), Content::Table { sheet: None, rows });
            if !complete {
                ctx.cells_exhausted(path);
            }
        }
    }
    Ok(())
}

/// Picks the encoding of `bytes` by BOM and evidence.
pub(crate) fn detect(bytes: &[u8]) -> &'static Encoding {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return enc;
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        return enc;
    }
    if std::str::from_utf8(bytes).is_ok() {
        if bytes.is_ascii() && has_iso2022_escape(bytes) {
            return ISO_2022_JP;
        }
        return UTF_8;
    }
    if bytes.is_ascii() {
        return UTF_8;
    }
    // Both legacy Japanese encodings: prefer the one that decodes cleanly; if both
    // do, the one whose result looks more like Japanese text.
    let sjis = score(SHIFT_JIS, bytes);
    let euc = score(EUC_JP, bytes);
    if euc > sjis { EUC_JP } else { SHIFT_JIS }
}

/// Decodes `bytes` with the detected encoding (malformed sequences become U+FFFD).
pub(crate) fn decode(bytes: &[u8]) -> String {
    let enc = detect(bytes);
    // `decode` strips a BOM matching any encoding; with no BOM it uses `enc`.
    let (text, _, _) = enc.decode(bytes);
    text.into_owned()
}

/// UTF-16 without a BOM: many NUL bytes, nearly all on one side of the pairs.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 {
        return None;
    }
    let sample = &bytes[..bytes.len().min(4096) & !1];
    let pairs = sample.len() / 2;
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        if pair[0] == 0 {
            even += 1;
        }
        if pair[1] == 0 {
            odd += 1;
        }
    }
    // ASCII-heavy UTF-16 has a NUL in most pairs; Japanese UTF-16 has fewer, so also
    // accept a clear one-sided excess when there are no NULs on the other side.
    if odd * 10 >= pairs * 3 && even * 20 < pairs {
        Some(UTF_16LE)
    } else if even * 10 >= pairs * 3 && odd * 20 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn has_iso2022_escape(bytes: &[u8]) -> bool {
    bytes.windows(3).any(|w| {
        w[0] == 0x1b
            && ((w[1] == b'$' && (w[2] == b'B' || w[2] == b'@')) || (w[1] == b'(' && w[2] == b'J'))
    })
}

/// Higher is more plausible: clean decodes beat malformed ones; then Japanese
/// letters count for, half-width katakana and rare symbols against.
fn score(enc: &'static Encoding, bytes: &[u8]) -> i64 {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let (text, had_errors) = enc.decode_without_bom_handling(sample);
    let mut s: i64 = 0;
    for c in text.chars() {
        s += match c {
            '\u{FFFD}' => -50,
            '\u{3040}'..='\u{309F}' => 3, // hiragana
            '\u{30A0}'..='\u{30FF}' => 2, // katakana
            '\u{4E00}'..='\u{9FFF}' => 2, // common kanji
            '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF5E}' => 1,
            '\u{FF61}'..='\u{FF9F}' => -1, // half-width katakana: typical mis-decode
            c if c.is_ascii() => 0,
            _ => -2,
        };
    }
    // A truncated last character is not evidence against the encoding.
    if had_errors && sample.len() == bytes.len() {
        s -= 10;
    }
    s
}

/// Heuristic for files with an unknown name: text if it decodes and has few control
/// characters.
pub(crate) fn looks_like_text(bytes: &[u8]) -> bool {
    if bytes.is_empty() {
        return false;
    }
    let enc = detect(bytes);
    let sample = &bytes[..bytes.len().min(8192)];
    let (text, _) = if enc == UTF_16LE || enc == UTF_16BE {
        enc.decode_with_bom_removal(sample)
    } else {
        if sample.contains(&0) {
            return false;
        }
        enc.decode_with_bom_removal(sample)
    };
    let mut total = 0usize;
    let mut bad = 0usize;
    for c in text.chars() {
        total += 1;
        if c == '\u{FFFD}'
            || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0C}' | '\u{1B}'))
        {
            bad += 1;
        }
    }
    // Allow a malformed tail (the sample may cut a character).
    total > 0 && bad * 100 <= total
}

/// Splits CSV/TSV text into rows (RFC 4180 quoting: separators, quotes and newlines
/// inside quotes; `""` for a quote; CRLF or LF). Returns false as the second value when
/// the cell budget ran out.
pub(crate) fn parse_delimited(text: &str, sep: char, ctx: &mut Ctx) -> (Vec<Vec<String>>, bool) {
    let mut rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let mut field_started = false; // the field had any character (for empty lines)
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    in_quotes = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => {
                in_quotes = true;
                field_started = true;
            }
            c if c == sep => {
                if !ctx.budget.take_cell() {
                    return (rows, false);
                }
                row.push(std::mem::take(&mut field));
                field_started = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                if field_started || !field.is_empty() || !row.is_empty() {
                    if !ctx.budget.take_cell() {
                        return (rows, false);
                    }
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                field_started = false;
            }
            c => {
                field.push(c);
                field_started = true;
            }
        }
    }
    if field_started || !field.is_empty() || !row.is_empty() {
        if !ctx.budget.take_cell() {
            return (rows, false);
        }
        row.push(field);
        rows.push(row);
    }
    (rows, true)
}

/// HTML → text: drops tags, comments, `<script>` and `<style>`; block elements end a
/// line; common entities are decoded.
pub(crate) fn strip_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        push_decoded(&mut out, &rest[..lt]);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = match after.find("-->") {
                Some(end) => &after[end + 3..],
                None => "",
            };
            continue;
        }
        let Some(gt) = rest.find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if (name == "script" || name == "style") && !tag.starts_with('/') {
            let close = format!("</{name}");
            let lower = rest.to_ascii_lowercase();
            rest = match lower.find(&close) {
                Some(end) => match rest[end..].find('>') {
                    Some(gt2) => &rest[end + gt2 + 1..],
                    None => "",
                },
                None => "",
            };
            continue;
        }
        if matches!(
            name.as_str(),
            "br" | "p"
                | "div"
                | "tr"
                | "li"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "table"
                | "ul"
                | "ol"
                | "dt"
                | "dd"
                | "title"
        ) {
            if !out.ends_with('\n') && !out.is_empty() {
                out.push('\n');
            }
        } else if (name == "td" || name == "th") && tag.starts_with('/') {
            out.push('\t');
        }
    }
    push_decoded(&mut out, rest);
    // Collapse runs of blank lines left by markup.
    let mut cleaned = String::with_capacity(out.len());
    for line in out.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            continue;
        }
        cleaned.push_str(line.trim_start());
        cleaned.push('\n');
    }
    cleaned
}

fn push_decoded(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..]
            .find(|c: char| c == ';' || c.is_whitespace() || c == '&')
            .map(|i| i + 1);
        let decoded = match end {
            Some(e) if rest.as_bytes().get(e) == Some(&b';') && e <= 12 => {
                entity(&rest[1..e]).map(|c| (c, e + 1))
            }
            _ => None,
        };
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = if let Some(hex) = num.strip_prefix('x').or_else(|| num.strip_prefix('X')) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse().ok()?
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "yen" => '¥',
        "copy" => '©',
        _ => return None,
    })
}
