//! Text normalisation for the detectors, with a way back to the original offsets.
//!
//! Why: Japanese mail writes the same number in many ways. `１２３４`, `1234` and
//! `１２３４` typed with an IME all mean the same thing, and the dash in `03ー1234ー5678`
//! may be a long-vowel mark, a minus sign, a figure dash or any of a dozen look-alikes.
//! The detectors should see one spelling, so they work on [`Normalized::text`]:
//!
//! * NFKC (full-width digits, letters and the ideographic space become ASCII, `㍼`
//!   becomes `昭和`, half-width katakana becomes full-width);
//! * dash look-alikes (`ー ‐ ‑ ‒ – — ― − ─ ━ ⁃`) become `-` **only between digits**,
//!   so `コーヒー` keeps its long-vowel marks;
//! * the tildes `〜` and `～` (and `∼`) all become `~`.
//!
//! Findings must point at what the person wrote (highlighting, evidence in the
//! dialog), so a compact segment map takes normalised byte offsets back to original
//! byte offsets ([`Normalized::original_range`]).
//!
//! Performance: this runs on every send, so runs of ASCII are copied as they are, and
//! the common Japanese characters (kana, CJK ideographs, `、。「」`) that NFKC leaves
//! alone are copied without asking the normaliser. Only the rest (full-width forms,
//! compatibility characters, combining marks) goes through NFKC, one grapheme-like
//! cluster at a time, so the map stays exact to the cluster.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{canonical_combining_class, decompose_compatible};

/// Longest cluster (base + combining marks) normalised as one unit; longer runs of
/// marks (so-called zalgo text) are cut so a hostile input cannot make one cluster
/// arbitrarily expensive.
const MAX_CLUSTER_CHARS: usize = 32;

/// Characters NFKC leaves alone that mean "dash" when they stand between digits.
const DASHES: &[char] = &[
    '\u{2010}', // ‐ hyphen (NFKC also maps U+2011 here)
    '\u{2011}', // ‑ non-breaking hyphen
    '\u{2012}', // ‒ figure dash
    '\u{2013}', // – en dash
    '\u{2014}', // — em dash (NFKC maps ﹘ here)
    '\u{2015}', // ― horizontal bar
    '\u{2043}', // ⁃ hyphen bullet
    '\u{2212}', // − minus sign
    '\u{2500}', // ─ box drawing (often typed as a dash in Japanese)
    '\u{2501}', // ━
    '\u{30FC}', // ー long-vowel mark (NFKC maps half-width ｰ here)
    '\u{FE63}', // ﹣ (NFKC already gives '-')
    '\u{FF0D}', // － (NFKC already gives '-')
];

/// Tilde look-alikes, all mapped to `~` wherever they stand.
const TILDES: &[char] = &['\u{301C}', '\u{FF5E}', '\u{223C}', '\u{02DC}'];

/// One stretch of the normalised text. It lasts until the next segment's `norm`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seg {
    /// Start in the normalised text.
    norm: usize,
    /// Start in the original text.
    orig: usize,
    /// `true`: the bytes are identical to the original (offsets map one to one);
    /// `false`: one cluster that normalisation rewrote (maps as a whole).
    linear: bool,
}

/// A normalised copy of a text plus the map back to the original.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The normalised text the detectors run on.
    pub text: String,
    segs: Vec<Seg>,
    orig_len: usize,
}

impl Normalized {
    /// Normalise `original` (see the module docs for what changes).
    pub fn new(original: &str) -> Normalized {
        let bytes = original.as_bytes();
        // A little slack: NFKC may lengthen the text (㍼ → 昭和).
        let mut text = String::with_capacity(original.len() + original.len() / 16 + 16);
        let mut segs = vec![Seg {
            norm: 0,
            orig: 0,
            linear: true,
        }];
        let mut buf = String::new();
        let mut i = 0;
        while i < bytes.len() {
            // Fast path: a run of ASCII is copied as it is.
            let run_start = i;
            while i < bytes.len() && bytes[i] < 0x80 {
                i += 1;
            }
            if i > run_start {
                text.push_str(&original[run_start..i]);
            }
            // Fast path: a run of common Japanese characters that NFKC leaves alone
            // (checking that the character after each one does not attach to it).
            let run_start = i;
            let mut j = i;
            let mut chars = original[i..].chars().peekable();
            while let Some(&c) = chars.peek() {
                if !is_nfkc_stable_fast(c) {
                    break;
                }
                chars.next();
                if chars.peek().is_some_and(|&d| !starts_cluster(d)) {
                    break;
                }
                j += c.len_utf8();
            }
            if j > run_start {
                text.push_str(&original[run_start..j]);
                i = j;
                continue;
            }
            let Some(c) = original[i..].chars().next() else {
                break;
            };
            // Fast path: full-width ASCII forms (ＡＢＣ１２３（）：) and the ideographic
            // space are plain ASCII under NFKC.
            let next_attaches = original[i + c.len_utf8()..]
                .chars()
                .next()
                .is_some_and(|d| !starts_cluster(d));
            if let Some(a) = fullwidth_ascii(c)
                && !next_attaches
            {
                push_seg(
                    &mut segs,
                    Seg {
                        norm: text.len(),
                        orig: i,
                        linear: false,
                    },
                );
                text.push(a);
                i += c.len_utf8();
                push_seg(
                    &mut segs,
                    Seg {
                        norm: text.len(),
                        orig: i,
                        linear: true,
                    },
                );
                continue;
            }
            let mut cluster_start = i;
            let mut end = i + c.len_utf8();
            // A leading combining mark composes with the ASCII letter before it
            // (e + U+0301 = é): take that letter back into the cluster.
            if !starts_cluster(c)
                && i > 0
                && bytes[i - 1] < 0x80
                && text.ends_with(bytes[i - 1] as char)
            {
                text.pop();
                cluster_start = i - 1;
            }
            let mut n = 1;
            for d in original[end..].chars() {
                if n >= MAX_CLUSTER_CHARS || starts_cluster(d) {
                    break;
                }
                end += d.len_utf8();
                n += 1;
            }
            let cluster = &original[cluster_start..end];
            if n == 1 && cluster_start == i && is_nfkc_stable_fast(c) {
                text.push_str(cluster);
            } else {
                buf.clear();
                buf.extend(cluster.chars().nfkc());
                map_look_alikes(&mut buf, &text, &original[end..]);
                if buf == cluster {
                    text.push_str(cluster);
                } else {
                    push_seg(
                        &mut segs,
                        Seg {
                            norm: text.len(),
                            orig: cluster_start,
                            linear: false,
                        },
                    );
                    text.push_str(&buf);
                    push_seg(
                        &mut segs,
                        Seg {
                            norm: text.len(),
                            orig: end,
                            linear: true,
                        },
                    );
                }
            }
            i = end;
        }
        Normalized {
            text,
            segs,
            orig_len: original.len(),
        }
    }

    #[cfg(test)]
    /// `true` when normalisation changed nothing (offsets are the same both ways).
    pub fn is_identity(&self) -> bool {
        self.segs.len() == 1 && self.text.len() == self.orig_len
    }

    /// Map a byte range of [`Normalized::text`] to the byte range of the original text
    /// it came from. A range that starts or ends inside a rewritten cluster (say in the
    /// middle of what `㍼` became) is widened to the whole cluster. Out-of-range input
    /// is clamped; the result is always a valid range of the original.
    pub fn original_range(&self, r: Range<usize>) -> Range<usize> {
        let len = self.text.len();
        let s = r.start.min(len);
        let e = r.end.min(len).max(s);
        let start = self.map_start(s);
        let end = self.map_end(e).max(start);
        start.min(self.orig_len)..end.min(self.orig_len)
    }

    fn map_start(&self, p: usize) -> usize {
        let idx = self.segs.partition_point(|s| s.norm <= p).saturating_sub(1);
        match self.segs.get(idx) {
            Some(s) if s.linear => s.orig + (p - s.norm),
            Some(s) => s.orig,
            None => p,
        }
    }

    fn map_end(&self, p: usize) -> usize {
        if p == 0 {
            return 0;
        }
        let idx = self.segs.partition_point(|s| s.norm < p).saturating_sub(1);
        match self.segs.get(idx) {
            Some(s) if s.linear => s.orig + (p - s.norm),
            Some(_) => self.segs.get(idx + 1).map_or(self.orig_len, |n| n.orig),
            None => p,
        }
    }
}

fn push_seg(segs: &mut Vec<Seg>, seg: Seg) {
    match segs.last_mut() {
        // An empty segment is superseded by the one that starts at the same place.
        Some(last) if last.norm == seg.norm => *last = seg,
        _ => segs.push(seg),
    }
}

/// Characters that NFKC maps to themselves and that cannot compose with what comes
/// before them: the bulk of Japanese text. (ー and 〜 are left out on purpose: they
/// may need the look-alike mapping.)
fn is_nfkc_stable_fast(c: char) -> bool {
    matches!(c,
        '\u{3001}'..='\u{301B}'   // 、。〃 々〆〇 〈〉《》「」『』【】〒 〔〕…
        | '\u{3041}'..='\u{3096}' // hiragana
        | '\u{30A1}'..='\u{30FB}' // katakana and ・
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
    )
}

/// The NFKC form of a full-width ASCII character or the ideographic space (`～` is
/// `~` either way, `－` is `-`).
fn fullwidth_ascii(c: char) -> Option<char> {
    match c as u32 {
        0x3000 => Some(' '),
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0),
        _ => None,
    }
}

/// Does `c` begin a new cluster, or does it attach to (and possibly compose with) the
/// character before it?
fn starts_cluster(c: char) -> bool {
    match c as u32 {
        0..0x300 => return true,
        // Combining (semi-)voiced marks, and their half-width forms.
        0x3099 | 0x309A | 0xFF9E | 0xFF9F => return false,
        // CJK punctuation, kana, ideographs, full-width forms, Hangul syllables:
        // starters that decompose to starters.
        0x3000..=0x30FF | 0x4E00..=0x9FFF | 0xFF00..=0xFF9D | 0xAC00..=0xD7A3 => return true,
        _ => {}
    }
    let mut first = None;
    decompose_compatible(c, |d| {
        if first.is_none() {
            first = Some(d);
        }
    });
    let f = first.unwrap_or(c);
    // Hangul vowel/trailing jamo compose with the syllable before them.
    canonical_combining_class(f) == 0 && !matches!(f, '\u{1160}'..='\u{11FF}')
}

/// Apply the dash and tilde mappings to one normalised cluster.
fn map_look_alikes(buf: &mut String, before: &str, after: &str) {
    let mut it = buf.chars();
    let (Some(c), None) = (it.next(), it.next()) else {
        return;
    };
    if TILDES.contains(&c) {
        buf.clear();
        buf.push('~');
    } else if DASHES.contains(&c) {
        let prev_digit = before.as_bytes().last().is_some_and(u8::is_ascii_digit);
        let next_digit = after
            .chars()
            .next()
            .is_some_and(|n| n.is_ascii_digit() || ('０'..='９').contains(&n));
        if prev_digit && next_digit {
            buf.clear();
            buf.push('-');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        let n = Normalized::new(input);
        assert_eq!(n.text, expected, "input {input:?}");
    }

    #[test]
    fn normalises() {
        check("", "");
        check("abc 123", "abc 123");
        check("１２３４５６７８９０１８", "123456789018");
        check("ＡＢ１２３", "AB123");
        check("個人番号　１２３４", "個人番号 1234");
        check("03ー1234ー5678", "03-1234-5678");
        check("０３ー１２３４ー５６７８", "03-1234-5678");
        check("03‐1234‐5678", "03-1234-5678");
        check("03−1234−5678", "03-1234-5678");
        check("03―1234―5678", "03-1234-5678");
        check("03–1234–5678", "03-1234-5678");
        check("03‑1234‑5678", "03-1234-5678");
        check("03﹣1234﹣5678", "03-1234-5678");
        check("03－1234－5678", "03-1234-5678");
        check("03—1234—5678", "03-1234-5678");
        check("03─1234─5678", "03-1234-5678");
        check("03ｰ1234ｰ5678", "03-1234-5678");
        check("コーヒー", "コーヒー");
        check("コーヒー1ー", "コーヒー1ー");
        check("ｺｰﾋｰ", "コーヒー");
        check("ｶﾞｲﾄﾞ", "ガイド");
        check("9:00〜17:00", "9:00~17:00");
        check("9:00～17:00", "9:00~17:00");
        check("1〜3", "1~3");
        check("㍼60年", "昭和60年");
        check("㋿元年", "令和元年");
        check("㈱サクラ", "(株)サクラ");
        check("e\u{301}", "é");
        check("\u{301}abc", "\u{301}abc");
        check("〒１００ー０００５", "〒100-0005");
        check("Ⅻ", "XII");
    }

    fn roundtrip(input: &str) {
        let n = Normalized::new(input);
        // Every char boundary of the normalised text maps to a char boundary of the
        // original, monotonically.
        let mut last = 0;
        for (i, _) in n
            .text
            .char_indices()
            .chain(std::iter::once((n.text.len(), ' ')))
        {
            let r = n.original_range(i..i);
            assert!(input.is_char_boundary(r.start), "{input:?} {i}");
            assert!(r.start >= last, "{input:?} not monotonic at {i}");
            last = r.start;
            let full = n.original_range(0..i);
            assert!(input.is_char_boundary(full.end));
        }
        assert_eq!(n.original_range(0..n.text.len()), 0..input.len());
    }

    #[test]
    fn offsets_map_back() {
        let input = "個人番号：１２３４５６７８９０１８です";
        let n = Normalized::new(input);
        let s = n.text.find("123456789018").unwrap();
        let r = n.original_range(s..s + 12);
        assert_eq!(&input[r], "１２３４５６７８９０１８");

        let input = "TEL 03ー1234ー5678 まで";
        let n = Normalized::new(input);
        let s = n.text.find("03-").unwrap();
        let r = n.original_range(s..s + 12);
        assert_eq!(&input[r], "03ー1234ー5678");

        let input = "㍼60年4月1日";
        let n = Normalized::new(input);
        assert_eq!(&input[n.original_range(0..3)], "㍼");
        assert_eq!(&input[n.original_range(0..n.text.len())], input);
        assert_eq!(&input[n.original_range(6..8)], "60");

        for s in [
            "",
            "abc",
            "１２３",
            "a\u{301}\u{302}b",
            "ｶﾞ１ー２",
            "\u{301}\u{301}",
            "㍻㍼㍽ｱｲｳ",
            "x\u{0}y",
            "🎉１🎉",
            "ㅎㅏ",
        ] {
            roundtrip(s);
        }
        assert_eq!(Normalized::new("abc").original_range(5..9), 3..3);
        assert!(Normalized::new("abc 日本").is_identity());
        assert!(!Normalized::new("１").is_identity());
    }
}
