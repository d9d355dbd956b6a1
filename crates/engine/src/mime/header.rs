//! Decoding header values the way Japanese mail needs it.
//!
//! mail-parser decodes each RFC 2047 encoded-word on its own, so a character whose bytes
//! are split across two adjacent words (common: mailers cut long Japanese subjects at a
//! fixed byte count) comes out as U+FFFD, and unencoded 8-bit Shift_JIS or EUC-JP
//! headers are lost. Here adjacent encoded-words with the same charset have their bytes
//! joined before one decode, and raw 8-bit runs are decoded by evidence.
//!
//! [`decode_header`] gives the text to show. [`reencode_header`] gives a value that
//! mail-parser can parse again (every decoded run re-encoded as one UTF-8 word), so the
//! structure of address headers (quotes, commas, groups) is still parsed by the crate.

use super::charset;
use mail_parser::decoders::base64::base64_decode;

/// One piece of a header value: literal bytes, or a decoded run of encoded-words.
enum Piece<'a> {
    Literal(&'a [u8]),
    Encoded(String),
}

/// The display text of a raw header value (unfolded, encoded-words decoded).
pub fn decode_header(raw: &[u8]) -> String {
    let unfolded = unfold(raw);
    let mut out = String::new();
    for piece in pieces(&unfolded) {
        match piece {
            Piece::Literal(bytes) => out.push_str(&decode_literal(bytes)),
            Piece::Encoded(text) => out.push_str(&text),
        }
    }
    out.trim().to_owned()
}

/// A header value rewritten so mail-parser decodes it right: decoded runs are re-encoded
/// as a single `=?UTF-8?B?…?=` word and raw 8-bit runs become UTF-8.
pub fn reencode_header(raw: &[u8]) -> String {
    let unfolded = unfold(raw);
    let mut out = String::new();
    for piece in pieces(&unfolded) {
        match piece {
            Piece::Literal(bytes) => out.push_str(&decode_literal(bytes)),
            Piece::Encoded(text) => {
                out.push_str("=?UTF-8?B?");
                out.push_str(&base64_encode(text.as_bytes()));
                out.push_str("?=");
            }
        }
    }
    out.trim().to_owned()
}

/// True when a header value needs our decoding rather than mail-parser's: it has
/// encoded-words, 8-bit bytes or ISO-2022-JP escapes.
pub fn needs_repair(raw: &[u8]) -> bool {
    !raw.is_ascii() || raw.windows(2).any(|w| w == b"=?") || raw.contains(&0x1b)
}

fn unfold(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'\r' | b'\n' => {}
            0 => {}
            b => out.push(b),
        }
        i += 1;
    }
    out
}

/// Literal text outside encoded-words: UTF-8 if valid, else Japanese by evidence.
fn decode_literal(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) if !charset::has_iso2022_escape(bytes) => text.to_owned(),
        _ => charset::detect_and_decode(bytes),
    }
}

/// The longest encoded-word we accept (RFC 2047 says 75).
const MAX_ENCODED_WORD: usize = 1024;

/// An encoded-word found at the start of `s`: `(charset, payload bytes, length)`.
fn encoded_word(s: &[u8]) -> Option<(String, Vec<u8>, usize)> {
    if !s.starts_with(b"=?") {
        return None;
    }
    // An encoded-word has no whitespace and is at most 75 characters (RFC 2047); allow
    // some slack for sloppy mailers but never search further, so a header full of "=?"
    // costs linear time.
    let limit = s
        .iter()
        .take(MAX_ENCODED_WORD)
        .position(|b| b.is_ascii_whitespace())
        .unwrap_or(s.len().min(MAX_ENCODED_WORD));
    let s = &s[..limit];
    let rest = &s[2..];
    let q1 = rest.iter().position(|&b| b == b'?')?;
    let charset_spec = std::str::from_utf8(&rest[..q1]).ok()?;
    // RFC 2231 language suffix: charset*lang
    let charset_name = charset_spec.split('*').next().unwrap_or(charset_spec);
    let after_charset = &rest[q1 + 1..];
    if after_charset.len() < 2 || after_charset[1] != b'?' {
        return None;
    }
    let encoding = after_charset[0].to_ascii_lowercase();
    let payload_start = &after_charset[2..];
    let end = payload_start.windows(2).position(|w| w == b"?=")?;
    let payload = &payload_start[..end];
    if payload.iter().any(|b| b.is_ascii_whitespace()) {
        return None;
    }
    let bytes = match encoding {
        b'b' => base64_decode_lenient(payload)?,
        b'q' => q_decode(payload),
        _ => return None,
    };
    let consumed = 2 + q1 + 1 + 2 + end + 2;
    Some((charset_name.to_owned(), bytes, consumed))
}

/// Base64 as broken mailers write it: characters outside the alphabet are dropped,
/// missing padding is added and a dangling final character ignored. Used for
/// encoded-words and for body parts mail-parser could not decode.
pub(super) fn base64_decode_lenient(payload: &[u8]) -> Option<Vec<u8>> {
    let mut cleaned: Vec<u8> = payload
        .iter()
        .copied()
        .filter(|b| b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/')
        .collect();
    if cleaned.is_empty() && !payload.is_empty() {
        return None;
    }
    if cleaned.len() % 4 == 1 {
        cleaned.pop();
    }
    while !cleaned.len().is_multiple_of(4) {
        cleaned.push(b'=');
    }
    base64_decode(&cleaned)
}

fn q_decode(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len());
    let mut i = 0;
    while i < payload.len() {
        match payload[i] {
            b'_' => out.push(b' '),
            b'=' => {
                let hex = payload
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok());
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'='),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    out
}

/// Split a header into literal runs and decoded encoded-word runs. Adjacent words
/// (separated only by whitespace) with the same charset are joined before decoding.
fn pieces(value: &[u8]) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut literal_start = 0;
    let mut i = 0;
    while i < value.len() {
        let Some((charset_name, bytes, len)) = encoded_word(&value[i..]) else {
            i += 1;
            continue;
        };
        if literal_start < i {
            pieces.push(Piece::Literal(&value[literal_start..i]));
        }
        // Gather the run of adjacent encoded-words.
        let mut run: Vec<(String, Vec<u8>)> = vec![(charset_name, bytes)];
        let mut j = i + len;
        loop {
            let mut k = j;
            while k < value.len() && (value[k] == b' ' || value[k] == b'\t') {
                k += 1;
            }
            match encoded_word(&value[k..]) {
                Some((next_charset, next_bytes, next_len)) if k < value.len() => {
                    run.push((next_charset, next_bytes));
                    j = k + next_len;
                }
                _ => break,
            }
        }
        pieces.push(Piece::Encoded(decode_run(run)));
        i = j;
        literal_start = j;
    }
    if literal_start < value.len() {
        pieces.push(Piece::Literal(&value[literal_start..]));
    }
    pieces
}

fn decode_run(run: Vec<(String, Vec<u8>)>) -> String {
    let mut out = String::new();
    let mut current: Option<(String, Vec<u8>)> = None;
    for (charset_name, bytes) in run {
        match &mut current {
            Some((name, acc)) if name.eq_ignore_ascii_case(&charset_name) => {
                // ISO-2022-JP words each end by switching back to ASCII; two escapes in a
                // row are an error to the decoder, so drop the switch-back between words.
                if bytes.first() == Some(&0x1b)
                    && (acc.ends_with(b"\x1b(B") || acc.ends_with(b"\x1b(J"))
                {
                    acc.truncate(acc.len() - 3);
                }
                acc.extend_from_slice(&bytes)
            }
            _ => {
                if let Some((name, acc)) = current.take() {
                    out.push_str(&charset::decode(Some(&name), &acc));
                }
                current = Some((charset_name, bytes));
            }
        }
    }
    if let Some((name, acc)) = current {
        out.push_str(&charset::decode(Some(&name), &acc));
    }
    out
}

/// Standard base64 with padding (for re-encoding decoded runs).
fn base64_encode(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let indices = [(n >> 18) & 63, (n >> 12) & 63, (n >> 6) & 63, n & 63];
        for (pos, index) in indices.iter().enumerate() {
            if pos <= chunk.len() {
                out.push(char::from(TABLE[*index as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(raw: &[u8], expected: &str) {
        assert_eq!(decode_header(raw), expected);
    }

    #[test]
    fn encoded_words() {
        // "テスト" in UTF-8 split inside the second character across two words.
        let bytes = "テスト".as_bytes();
        let word = |b: &[u8]| format!("=?UTF-8?B?{}?=", base64_encode(b));
        let split = format!("{} {}", word(&bytes[..4]), word(&bytes[4..]));
        check(split.as_bytes(), "テスト");
        check(b"=?utf-8?q?=E3=81=82_a?=", "あ a");
        check(b"Re: =?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=", "Re: テスト");
        check(
            b"=?ISO-2022-JP?B?GyRCJUYbKEI=?= =?ISO-2022-JP?B?GyRCJTklSBsoQg==?=",
            "テスト",
        );
        check(b"plain subject", "plain subject");
        check(b"=?unknown?B?!!!?= tail", "=?unknown?B?!!!?= tail");
        check(b"=?UTF-8?B?broken", "=?UTF-8?B?broken");
        check(b"", "");
    }

    #[test]
    fn utf7_encoded_words() {
        let b = base64_encode(b"+MEIwizBqMFcwvzDsMEQ-");
        for raw in [
            "=?UNICODE-1-1-UTF-7?Q?+MEIwizBqMFcwvzDsMEQ-?=".to_owned(),
            format!("=?UNICODE-1-1-UTF-7?B?{b}?="),
            format!("=?utf-7?b?{b}?="),
            // Unterminated shift inside the word.
            "=?UTF-7?Q?+MEIwizBqMFcwvzDsMEQ?=".to_owned(),
        ] {
            check(raw.as_bytes(), "あるなしタレい");
        }
        check(b"Re: =?UTF-7?Q?+MEIwiw-_=2B-_test?=", "Re: ある + test");
    }

    #[test]
    fn raw_eight_bit() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("【重要】お見積り");
        check(&sjis, "【重要】お見積り");
    }

    #[test]
    fn reencoded_header_round_trips() {
        let raw = b"=?ISO-2022-JP?B?GyRCO3NFRBsoQg==?= <yamada@example.jp>";
        let fixed = reencode_header(raw);
        assert!(fixed.starts_with("=?UTF-8?B?"), "{fixed}");
        assert!(fixed.ends_with("<yamada@example.jp>"));
    }

    #[test]
    fn base64_matches_known_values() {
        assert_eq!(base64_encode(b"a"), "YQ==");
        assert_eq!(base64_encode(b"ab"), "YWI=");
        assert_eq!(base64_encode(b"abc"), "YWJj");
    }
}
