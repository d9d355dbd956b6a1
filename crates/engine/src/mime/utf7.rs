//! UTF-7 (RFC 2152), for mail labelled `UTF-7` or `UNICODE-1-1-UTF-7`.
//!
//! Why our own: Outlook Express and some old gateways still send subjects, display
//! names and bodies in UTF-7, and encoding_rs (WHATWG) deliberately does not decode
//! it. mail-parser has a decoder, but it drops a shifted run that the end of the input
//! cuts off (`=?UTF-7?Q?+MEIwiw?=` came out empty), drops the character that ends a
//! run when it is not `-` (`+MEI.` lost the `.`) and reads `+-` as `+-` instead of `+`.
//! The crates on crates.io that do UTF-7 do IMAP's modified UTF-7 (`&…-`), a
//! different encoding. The decoder here is total: every input gives a string, with
//! U+FFFD where the bytes are not UTF-7 (a lone surrogate, a shifted run that ends
//! inside a character, a byte above 0x7F).
//!
//! The rules (RFC 2152): `+` shifts into modified base64 of UTF-16BE, which lasts up to
//! the first character outside the base64 alphabet; a `-` there is absorbed, any other
//! character is itself. `+-` is a plain `+`. Fewer than six bits left over at the end of
//! a run are padding; more mean the run stopped inside a 16-bit unit.

/// Decode UTF-7 bytes. Never fails, never panics; linear in the input.
pub fn decode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        i += 1;
        if b != b'+' {
            out.push(direct(b));
            continue;
        }
        match bytes.get(i) {
            Some(b'-') => {
                out.push('+');
                i += 1;
            }
            Some(&next) if sextet(next).is_some() => {
                i = shifted(bytes, i, &mut out);
            }
            // `+` before something that is neither base64 nor `-` (or at the end):
            // not UTF-7; keep it as written.
            _ => out.push('+'),
        }
    }
    out
}

/// A byte outside a shifted run.
fn direct(b: u8) -> char {
    if b.is_ascii() {
        char::from(b)
    } else {
        '\u{FFFD}'
    }
}

/// The value of a base64 character (RFC 2045 alphabet, no `=`).
fn sextet(b: u8) -> Option<u32> {
    match b {
        b'A'..=b'Z' => Some(u32::from(b - b'A')),
        b'a'..=b'z' => Some(u32::from(b - b'a') + 26),
        b'0'..=b'9' => Some(u32::from(b - b'0') + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// Decode the shifted run that starts at `i` (just after the `+`); returns where plain
/// text resumes (after an absorbed `-`).
fn shifted(bytes: &[u8], mut i: usize, out: &mut String) -> usize {
    let mut bits: u32 = 0;
    let mut nbits: u32 = 0;
    let mut high: Option<u16> = None;
    while let Some(v) = bytes.get(i).copied().and_then(sextet) {
        i += 1;
        bits = (bits << 6) | v;
        nbits += 6;
        if nbits >= 16 {
            nbits -= 16;
            let unit = ((bits >> nbits) & 0xFFFF) as u16;
            bits &= (1 << nbits) - 1;
            push_unit(unit, &mut high, out);
        }
    }
    if high.take().is_some() {
        out.push('\u{FFFD}');
    }
    if nbits >= 6 {
        // The run stopped inside a 16-bit unit.
        out.push('\u{FFFD}');
    }
    if bytes.get(i) == Some(&b'-') {
        i += 1;
    }
    i
}

/// One UTF-16 code unit, pairing surrogates; a lone surrogate is U+FFFD.
fn push_unit(unit: u16, high: &mut Option<u16>, out: &mut String) {
    match unit {
        0xD800..=0xDBFF => {
            if high.replace(unit).is_some() {
                out.push('\u{FFFD}');
            }
        }
        0xDC00..=0xDFFF => match high.take() {
            Some(h) => {
                let c = 0x10000 + ((u32::from(h) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
            }
            None => out.push('\u{FFFD}'),
        },
        _ => {
            if high.take().is_some() {
                out.push('\u{FFFD}');
            }
            out.push(char::from_u32(u32::from(unit)).unwrap_or('\u{FFFD}'));
        }
    }
}

/// Whether a charset label names UTF-7 (`UTF-7`, `UNICODE-1-1-UTF-7`,
/// `UNICODE-2-0-UTF-7`, `csUnicode11UTF7`, `x-utf7`…).
pub fn is_utf7_label(label: &str) -> bool {
    let lower = label
        .trim()
        .trim_matches(|c| c == '"' || c == '\'')
        .to_ascii_lowercase();
    lower.ends_with("utf-7") || lower.ends_with("utf7")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_2152_examples_and_japanese() {
        for (input, expected) in [
            ("", ""),
            ("plain ascii, no shift", "plain ascii, no shift"),
            ("Hi Mom -+Jjo--!", "Hi Mom -☺-!"),
            ("A+ImIDkQ.", "A≢Α."),
            ("+ZeVnLIqe-", "日本語"),
            ("Item 3 is +AKM-1.", "Item 3 is £1."),
            ("1 +- 1 = 2", "1 + 1 = 2"),
            ("+-+-", "++"),
            ("+MEIwizBqMFcwvzDsMEQ-", "あるなしタレい"),
            // The run ends at a non-base64 character, which is kept.
            ("+MEIwiw.", "ある."),
            ("+MEIwiw +MEQ-", "ある い"),
            // `-` ends the run and is absorbed; a second `-` is text.
            ("+MEIwiw--", "ある-"),
            // Unterminated at the end of the input: decoded all the same.
            ("+MEIwiw", "ある"),
            (
                "件名+MEIwiw",
                "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}ある",
            ),
            // A surrogate pair: U+1F600.
            ("+2D3eAA-", "😀"),
            // A base64 `+` inside a run is data, not a new shift.
            ("+AGEAYg+AYw-", "ab\u{F80}\u{FFFD}"),
        ] {
            assert_eq!(decode(input.as_bytes()), expected, "{input:?}");
        }
    }

    #[test]
    fn malformed_input_gives_replacement_characters() {
        for (input, expected) in [
            // Lone high surrogate, then a normal char.
            ("+2D0AYQ-", "\u{FFFD}a"),
            // Lone high surrogate at the end of the run.
            ("+2D0-x", "\u{FFFD}x"),
            // Lone low surrogate.
            ("+3gA-", "\u{FFFD}"),
            // Two high surrogates in a row.
            ("+2D3YPQ-", "\u{FFFD}\u{FFFD}"),
            // The run stops inside a unit (12 bits): an odd byte.
            ("+AG-x", "\u{FFFD}x"),
            ("+MEIw-", "あ\u{FFFD}"),
            // `+` before a character that is neither base64 nor `-`.
            ("a+!b", "a+!b"),
            ("a+", "a+"),
            ("+ ", "+ "),
            // Bytes above 0x7F are not UTF-7.
            ("\u{e9}", "\u{FFFD}\u{FFFD}"),
        ] {
            assert_eq!(decode(input.as_bytes()), expected, "{input:?}");
        }
    }

    #[test]
    fn never_panics() {
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for len in 0..400usize {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    // Mostly the interesting bytes.
                    const BYTES: &[u8] = b"+-AZaz09/+.\x80 2D";
                    BYTES[(x % BYTES.len() as u64) as usize]
                })
                .collect();
            let _ = decode(&bytes);
        }
        let _ = decode(&b"+".repeat(10_000));
        let _ = decode(&b"+2D3".repeat(10_000));
    }

    #[test]
    fn labels() {
        for l in [
            "UTF-7",
            "utf-7",
            "UNICODE-1-1-UTF-7",
            "unicode-2-0-utf-7",
            "csUnicode11UTF7",
            "\"utf-7\"",
            "x-utf7",
        ] {
            assert!(is_utf7_label(l), "{l}");
        }
        for l in ["utf-8", "UNICODE-1-1-UTF-8", "utf-16", "iso-2022-jp", ""] {
            assert!(!is_utf7_label(l), "{l}");
        }
    }
}
