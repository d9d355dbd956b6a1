//! Turning bytes in whatever charset Japanese mail uses into text.
//!
//! Japanese mail arrives as ISO-2022-JP, Shift_JIS (usually Microsoft's CP932, under a
//! dozen names: `CP932`, `x-cp932`, `Windows-31J`, `MS932`…), EUC-JP or UTF-8, and is
//! often mislabelled or unlabelled. mail-parser knows only some of these names, so every
//! text part and header is decoded here: the declared label first (through an alias table
//! that encoding_rs lacks), then, when the label is unknown, missing or contradicted by the
//! bytes, by evidence. UTF-7 (`UTF-7`, `UNICODE-1-1-UTF-7`), which encoding_rs does not
//! decode, goes to [`super::utf7`].

use encoding_rs::{EUC_JP, Encoding, ISO_2022_JP, SHIFT_JIS, UTF_8, UTF_16BE, UTF_16LE};

/// The encoding for a charset label, including the Japanese aliases encoding_rs lacks.
/// `None` when the label names no charset we can decode (then detect).
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    let cleaned = label.trim().trim_matches(|c| c == '"' || c == '\'');
    let lower = cleaned.to_ascii_lowercase();
    let japanese = match lower.as_str() {
        "cp932" | "x-cp932" | "ms932" | "ms-932" | "windows-31j" | "x-ms-cp932" | "sjis"
        | "x-sjis" | "shift-jis" | "shift_jis" | "ms_kanji" | "csshiftjis" | "cswindows31j"
        | "ibm-943" | "ibm943" => Some(SHIFT_JIS),
        "euc-jp"
        | "x-euc-jp"
        | "eucjp"
        | "euc_jp"
        | "cseucpkdfmtjapanese"
        | "eucjp-ms"
        | "euc-jp-ms" => Some(EUC_JP),
        "utf8" | "utf-8" | "unicode-1-1-utf-8" => Some(UTF_8),
        _ if lower.starts_with("iso-2022-jp") || lower.starts_with("iso2022jp") => {
            Some(ISO_2022_JP)
        }
        "csiso2022jp" | "jis" | "x-jis" => Some(ISO_2022_JP),
        _ => None,
    };
    japanese.or_else(|| Encoding::for_label(lower.as_bytes()))
}

/// Decode `bytes` declared as `label` (if any). Never fails: the result is the best
/// reading, with U+FFFD where nothing fits.
pub fn decode(label: Option<&str>, bytes: &[u8]) -> String {
    let declared = label.filter(|l| !l.trim().is_empty());
    if let Some(label) = declared {
        if super::utf7::is_utf7_label(label) {
            // UTF-7 is 7-bit; 8-bit bytes under that label are mislabelled text.
            if bytes.is_ascii() {
                return super::utf7::decode(bytes);
            }
            return detect_and_decode(bytes);
        }
        if let Some(encoding) = encoding_for_label(label) {
            return decode_as(encoding, bytes);
        }
    }
    detect_and_decode(bytes)
}

/// Decode with a declared encoding, but believe the bytes when they contradict it: ESC
/// sequences mean ISO-2022-JP whatever the label says, and a decode full of errors is
/// retried by evidence.
fn decode_as(encoding: &'static Encoding, bytes: &[u8]) -> String {
    let utf16 = encoding == UTF_16LE || encoding == UTF_16BE;
    if !utf16 && bytes.is_ascii() && !has_iso2022_escape(bytes) && !bytes.contains(&0) {
        // ASCII is ASCII in every charset we meet; skip the decoder.
        return String::from_utf8_lossy(bytes).into_owned();
    }
    if encoding != ISO_2022_JP && has_iso2022_escape(bytes) && looks_like_utf16(bytes).is_none() {
        return decode_without_bom(ISO_2022_JP, bytes).0;
    }
    if let Some(wide) = looks_like_utf16(bytes).filter(|_| !utf16) {
        // NUL bytes on one side of each pair: UTF-16 whatever the label says.
        return decode_without_bom(wide, bytes).0;
    }
    if (encoding == SHIFT_JIS || encoding == EUC_JP) && !bytes.is_ascii() {
        // Valid UTF-8 with multi-byte sequences is practically never Shift_JIS or
        // EUC-JP text, yet both decoders accept many such byte pairs without error
        // (web forms and scripts often send UTF-8 under a Japanese label).
        if let Ok(text) = std::str::from_utf8(bytes) {
            return text.to_owned();
        }
    }
    let (text, had_errors) = decode_without_bom(encoding, bytes);
    if !had_errors {
        return text;
    }
    let (guess, guess_errors) = detect(bytes);
    if guess_errors < count_replacements(&text) {
        guess
    } else {
        text
    }
}

/// Decode bytes with no usable label.
pub fn detect_and_decode(bytes: &[u8]) -> String {
    detect(bytes).0
}

/// The best reading of unlabelled bytes, and how many characters could not be decoded.
fn detect(bytes: &[u8]) -> (String, usize) {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = decode_without_bom(encoding, &bytes[bom_len..]);
        let errors = count_replacements(&text);
        return (text, errors);
    }
    // Before UTF-8: NUL bytes are valid UTF-8, but text full of them is UTF-16.
    if let Some(encoding) = looks_like_utf16(bytes) {
        let (text, _) = decode_without_bom(encoding, bytes);
        let errors = count_replacements(&text);
        return (text, errors);
    }
    if let Ok(text) = std::str::from_utf8(bytes)
        && !has_iso2022_escape(bytes)
    {
        return (text.to_owned(), 0);
    }
    if has_iso2022_escape(bytes) {
        let (text, _) = decode_without_bom(ISO_2022_JP, bytes);
        let errors = count_replacements(&text);
        return (text, errors);
    }
    let candidates = [UTF_8, SHIFT_JIS, EUC_JP];
    let mut best: Option<(String, usize, i64)> = None;
    for encoding in candidates {
        let (text, _) = decode_without_bom(encoding, bytes);
        let errors = count_replacements(&text);
        let score = plausibility(&text);
        if best.as_ref().is_none_or(|(_, _, s)| score > *s) {
            best = Some((text, errors, score));
        }
    }
    match best {
        Some((text, errors, _)) => (text, errors),
        None => (String::from_utf8_lossy(bytes).into_owned(), 0),
    }
}

/// How Japanese a decoded text looks: kana and common punctuation score, half-width
/// katakana and private-use characters (typical of a wrong guess) cost.
fn plausibility(text: &str) -> i64 {
    let mut score = 0i64;
    for c in text.chars() {
        score += match c {
            '\u{3040}'..='\u{30ff}' => 3,  // hiragana, katakana
            '\u{3000}'..='\u{303f}' => 2,  // CJK punctuation
            '\u{4e00}'..='\u{9fff}' => 1,  // common kanji
            '\u{ff61}'..='\u{ff9f}' => -1, // half-width katakana: rare, common in mis-decodes
            '\u{e000}'..='\u{f8ff}' => -5, // private use
            '\u{fffd}' => -50,
            _ => 0,
        };
    }
    score
}

fn decode_without_bom(encoding: &'static Encoding, bytes: &[u8]) -> (String, bool) {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    (text.into_owned(), had_errors)
}

fn count_replacements(text: &str) -> usize {
    text.chars().filter(|&c| c == '\u{fffd}').count()
}

/// True when the bytes hold an ISO-2022-JP designation (`ESC $ B`, `ESC $ @`, `ESC ( J`…).
pub fn has_iso2022_escape(bytes: &[u8]) -> bool {
    bytes
        .windows(2)
        .any(|w| w[0] == 0x1b && (w[1] == b'$' || w[1] == b'('))
}

/// UTF-16 without a BOM: many NUL bytes on one side of each pair.
fn looks_like_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let pairs = bytes.len() / 2;
    let even_nuls = bytes.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nuls = bytes.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd_nuls * 10 >= pairs * 3 && even_nuls * 10 < pairs {
        Some(UTF_16LE)
    } else if even_nuls * 10 >= pairs * 3 && odd_nuls * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(label: Option<&str>, bytes: &[u8], expected: &str) {
        assert_eq!(decode(label, bytes), expected, "label {label:?}");
    }

    #[test]
    fn labels_and_detection() {
        let text = "御見積書を送付いたします①㈱髙ｶﾀｶﾅ";
        let (sjis, _, _) = SHIFT_JIS.encode(text);
        let (euc, _, _) = EUC_JP.encode("請求書を送付いたします");
        let (jis, _, _) = ISO_2022_JP.encode("請求書を送付いたします");
        check(Some("CP932"), &sjis, text);
        check(Some("x-cp932"), &sjis, text);
        check(Some("Windows-31J"), &sjis, text);
        check(Some("shift_jis"), &sjis, text);
        check(None, &sjis, text);
        check(Some("unknown-charset"), &sjis, text);
        check(Some("EUC-JP"), &euc, "請求書を送付いたします");
        check(None, &euc, "請求書を送付いたします");
        check(Some("ISO-2022-JP-2"), &jis, "請求書を送付いたします");
        check(Some("iso-2022-jp-ms"), &jis, "請求書を送付いたします");
        check(Some("us-ascii"), &jis, "請求書を送付いたします");
        check(None, &jis, "請求書を送付いたします");
        check(Some("utf-8"), "ご確認ください".as_bytes(), "ご確認ください");
        // Mislabelled: says UTF-8, is Shift_JIS.
        check(Some("utf-8"), &sjis, text);
        // Mislabelled the other way: says Shift_JIS, is UTF-8.
        check(
            Some("Shift_JIS"),
            "個人番号 1234".as_bytes(),
            "個人番号 1234",
        );
        // UTF-16 under any label, even when every byte is in the ASCII range.
        let wide: Vec<u8> = "090-1234-5678"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        check(Some("utf-16le"), &wide, "090-1234-5678");
        check(Some("utf-8"), &wide, "090-1234-5678");
    }

    #[test]
    fn utf7_labels() {
        let text = b"+MEIwizBqMFcwvzDsMEQ-";
        for label in ["UTF-7", "utf-7", "UNICODE-1-1-UTF-7", "unicode-2-0-utf-7"] {
            check(Some(label), text, "あるなしタレい");
        }
        // An unterminated shift at the end, a `.` ending the run, `+-`.
        check(Some("UTF-7"), b"+MEIwiw", "ある");
        check(Some("UTF-7"), b"+MEIwiw. 1 +- 1", "ある. 1 + 1");
        // 8-bit bytes under a UTF-7 label: read by evidence.
        check(Some("UTF-7"), "ご確認ください".as_bytes(), "ご確認ください");
    }

    #[test]
    fn utf16_by_bom_or_evidence() {
        // Excel's "Unicode text" export: UTF-16LE with a BOM.
        let mut bytes = vec![0xff, 0xfe];
        bytes.extend("氏名\t住所".encode_utf16().flat_map(u16::to_le_bytes));
        check(None, &bytes, "氏名\t住所");
        // Without a BOM, mostly-Latin UTF-16 shows itself by its NUL bytes.
        let bytes: Vec<u8> = "name,tel,090-1234-5678"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        check(None, &bytes, "name,tel,090-1234-5678");
    }
}
