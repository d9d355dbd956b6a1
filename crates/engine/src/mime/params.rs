//! File names from `Content-Disposition` / `Content-Type` parameters.
//!
//! Japanese file names arrive three ways: RFC 2231 (`filename*=UTF-8''%E9…`, often split
//! into `filename*0*`, `filename*1*` continuations), RFC 2047 inside a quoted
//! `filename="=?ISO-2022-JP?B?…?="` (not standard, but what many Japanese mailers send),
//! or raw 8-bit bytes. mail-parser decodes RFC 2231 continuations segment by segment with
//! the charset applied to the first only, which breaks multi-byte names, so this module
//! reads the raw header: all segments are percent-decoded and joined, then decoded once.

use super::{charset, header};

/// The file name in a raw `Content-Disposition` or `Content-Type` header value, looking
/// at `filename` first and `name` second.
pub fn file_name(raw_value: &[u8]) -> Option<String> {
    let params = parameters(raw_value);
    ["filename", "name"]
        .into_iter()
        .find_map(|wanted| assemble(&params, wanted))
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
}

/// One `attr*N*=value` parameter.
struct Param {
    name: String,
    section: Option<u32>,
    extended: bool,
    value: Vec<u8>,
}

fn parameters(raw: &[u8]) -> Vec<Param> {
    let unfolded: Vec<u8> = raw
        .iter()
        .copied()
        .filter(|&b| b != b'\r' && b != b'\n')
        .collect();
    let mut params = Vec::new();
    // In raw Shift_JIS the second byte of 表, ソ, 能… is 0x5C, the backslash: only text
    // that is valid UTF-8 (ASCII included) gets backslash escapes.
    let escapes = std::str::from_utf8(&unfolded).is_ok();
    // Skip the media type / disposition type before the first ';'.
    for item in split_unquoted(&unfolded, b';', escapes).into_iter().skip(1) {
        let Some(eq) = item.iter().position(|&b| b == b'=') else {
            continue;
        };
        let key = String::from_utf8_lossy(&item[..eq])
            .trim()
            .to_ascii_lowercase();
        let mut value = trim_bytes(&item[eq + 1..]).to_vec();
        if value.len() >= 2 && value[0] == b'"' && value[value.len() - 1] == b'"' {
            value = if escapes {
                unescape_quoted(&value[1..value.len() - 1])
            } else {
                value[1..value.len() - 1].to_vec()
            };
        }
        let extended = key.ends_with('*');
        let base = key.trim_end_matches('*');
        let (name, section) = match base.split_once('*') {
            Some((n, s)) => (n.to_owned(), s.parse().ok()),
            None => (base.to_owned(), None),
        };
        params.push(Param {
            name,
            section,
            extended,
            value,
        });
    }
    params
}

fn assemble(params: &[Param], wanted: &str) -> Option<String> {
    let mut sections: Vec<&Param> = params
        .iter()
        .filter(|p| p.name == wanted && (p.section.is_some() || p.extended))
        .collect();
    if !sections.is_empty() {
        sections.sort_by_key(|p| p.section.unwrap_or(0));
        let mut label: Option<String> = None;
        let mut bytes = Vec::new();
        for (index, param) in sections.iter().enumerate() {
            let mut value: &[u8] = &param.value;
            if param.extended && index == 0 {
                // charset'language'value
                let mut parts = value.splitn(3, |&b| b == b'\'');
                if let (Some(cs), Some(_lang), Some(rest)) =
                    (parts.next(), parts.next(), parts.next())
                {
                    label = Some(String::from_utf8_lossy(cs).into_owned());
                    value = rest;
                }
            }
            if param.extended {
                bytes.extend(percent_decode(value));
            } else {
                bytes.extend_from_slice(value);
            }
        }
        let text = match label.as_deref() {
            Some(l) if !l.is_empty() => charset::decode(Some(l), &bytes),
            _ => header::decode_header(&bytes),
        };
        return Some(text);
    }
    params
        .iter()
        .find(|p| p.name == wanted)
        .map(|p| header::decode_header(&p.value))
}

fn split_unquoted(bytes: &[u8], separator: u8, escapes: bool) -> Vec<&[u8]> {
    let mut items = Vec::new();
    let mut in_quotes = false;
    let mut escaped = false;
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if escaped {
            escaped = false;
            continue;
        }
        match b {
            b'\\' if in_quotes && escapes => escaped = true,
            b'"' => in_quotes = !in_quotes,
            _ if b == separator && !in_quotes => {
                items.push(&bytes[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&bytes[start..]);
    items
}

fn trim_bytes(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    &bytes[start..end.max(start)]
}

fn unescape_quoted(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut escaped = false;
    for &b in bytes {
        if b == b'\\' && !escaped {
            escaped = true;
            continue;
        }
        escaped = false;
        out.push(b);
    }
    out
}

fn percent_decode(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(raw: &str, expected: Option<&str>) {
        assert_eq!(file_name(raw.as_bytes()).as_deref(), expected, "{raw}");
    }

    #[test]
    fn file_names() {
        check(
            "attachment; filename*0*=UTF-8''%E9%A1%A7%E5%AE%A2; filename*1*=%E3%83%AA%E3%82%B9%E3%83%88.csv",
            Some("顧客リスト.csv"),
        );
        // A character split across continuation segments.
        check(
            "attachment; filename*0*=UTF-8''%E9%A1; filename*1*=%A7%E5%AE%A2.csv",
            Some("顧客.csv"),
        );
        check(
            "attachment; filename*=utf-8''%E8%A6%8B%E7%A9%8D.pdf",
            Some("見積.pdf"),
        );
        check(
            "attachment; filename=\"=?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=.pdf\"",
            Some("テスト.pdf"),
        );
        check("application/pdf; name=\"report.pdf\"", Some("report.pdf"));
        check("attachment; filename=\"a;b.txt\"; size=10", Some("a;b.txt"));
        check("attachment; name=x.txt; filename=y.txt", Some("y.txt"));
        check("attachment", None);
        check("attachment; filename=", None);
        check(
            "attachment; filename*0=\"long \"; filename*1=\"name.txt\"",
            Some("long name.txt"),
        );
    }

    #[test]
    fn raw_shift_jis_name() {
        // 表 and ソ end in 0x5C, the backslash byte.
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("見積表ソ.xlsx");
        let mut raw = b"attachment; filename=\"".to_vec();
        raw.extend_from_slice(&sjis);
        raw.extend_from_slice(b"\"; size=10");
        assert_eq!(file_name(&raw).as_deref(), Some("見積表ソ.xlsx"));
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("見積書.xlsx");
        let mut raw = b"attachment; filename=\"".to_vec();
        raw.extend_from_slice(&sjis);
        raw.push(b'"');
        assert_eq!(file_name(&raw).as_deref(), Some("見積書.xlsx"));
    }
}
