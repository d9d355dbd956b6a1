//! Number candidates: one pass over the digit runs of the normalised text.
//!
//! Why: almost every structured identifier (My Number, accounts, phones, cards, postal
//! codes…) is a digit run, possibly in groups (`1234 5678 9018`, `03-1234-5678`,
//! `(03)1234-5678`). Finding those runs once, with their grouping and their
//! immediate surroundings, and classifying each locally is what makes the scan fast;
//! doing the digit-boundary checks here (the `regex` crate has no look-around) is what
//! makes `個人番号123456789018です` match while a 12-digit slice of a 20-digit run
//! does not.
//!
//! Shape of a candidate:
//! * a *dash token* is a maximal run of digit groups joined by `-`, `(`/`)` (never
//!   split: `1234-5678-9012-3456-7890` is one token, so no 12-digit part of it is
//!   tried alone);
//! * a *sequence* is dash tokens separated by single spaces (`1234 5678 9018`,
//!   `+81 3 1234 5678`); spans of consecutive tokens are tried longest first, so
//!   `1234567 03-1234-5678` still yields both numbers.

use super::keywords::{CURRENCY_PREFIXES, GLUE_LABELS, UNIT_CHARS, UNIT_WORDS};
use super::{next_char, prev_char};

/// Most groups a candidate may have; longer ones are not identifiers we know.
pub(crate) const MAX_GROUPS: usize = 8;
/// Most digits a candidate may have.
pub(crate) const MAX_DIGITS: usize = 24;
/// Most dash tokens tried together as one space-separated number.
const MAX_SPAN_TOKENS: usize = 5;
/// Most dash tokens in one sequence before it is cut (bounds the work per sequence).
const MAX_SEQ_TOKENS: usize = 64;

/// One group of digits: `start..end` in the normalised text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Group {
    pub start: usize,
    pub end: usize,
}

impl Group {
    pub fn len(&self) -> usize {
        self.end - self.start
    }
}

/// A dash token (see the module docs).
#[derive(Debug, Clone, Copy)]
struct DashTok {
    start: usize,
    end: usize,
    /// First group index in the sequence's flat group list.
    first: usize,
    /// Number of groups.
    n: usize,
}

/// A candidate number: consecutive dash tokens of one sequence.
#[derive(Debug, Clone)]
pub(crate) struct Cand {
    pub start: usize,
    pub end: usize,
    pub groups: [Group; MAX_GROUPS],
    /// `seps[k]` joins `groups[k]` and `groups[k + 1]`: `-`, ` `, `(`, `)`.
    pub seps: [u8; MAX_GROUPS],
    pub n: usize,
    pub digits: [u8; MAX_DIGITS],
    pub nd: usize,
}

impl Cand {
    pub fn groups(&self) -> &[Group] {
        &self.groups[..self.n]
    }

    pub fn seps(&self) -> &[u8] {
        &self.seps[..self.n.saturating_sub(1)]
    }

    /// All digits, as ASCII bytes.
    pub fn digits(&self) -> &[u8] {
        &self.digits[..self.nd]
    }

    /// Group lengths equal `lens`?
    pub fn shape_is(&self, lens: &[usize]) -> bool {
        self.n == lens.len() && self.groups().iter().zip(lens).all(|(g, &l)| g.len() == l)
    }

    /// All separators are the same one of `allowed` (true for a single group).
    pub fn uniform_sep(&self, allowed: &[u8]) -> bool {
        match self.seps().first() {
            None => true,
            Some(first) => allowed.contains(first) && self.seps().iter().all(|s| s == first),
        }
    }

    /// Space-grouped (`1234 5678 9018`) and another space-separated digit group stands
    /// right before or after: the candidate is only a slice of a longer grouped number.
    pub fn slice_of_spaced_run(&self, b: &[u8]) -> bool {
        if self.n < 2 || !self.seps().contains(&b' ') {
            return false;
        }
        let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
        (self.start >= 2 && b[self.start - 1] == b' ' && digit(self.start - 2))
            || (b.get(self.end) == Some(&b' ') && digit(self.end + 1))
    }

    /// A single group of `len` digits, or groups of four joined uniformly by `-` or
    /// space adding up to `len` (the 4-4-4 way numbers are printed).
    pub fn plain_or_fours(&self, len: usize) -> bool {
        if self.nd != len {
            return false;
        }
        self.n == 1
            || (self.uniform_sep(b"- ")
                && self
                    .groups()
                    .iter()
                    .enumerate()
                    .all(|(i, g)| g.len() == 4 || (i + 1 == self.n && g.len() < 4 && g.len() > 0)))
    }
}

/// What stands around a candidate.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Around<'a> {
    /// ASCII letters glued before the number (`T` of an invoice number, `AB` of a
    /// passport), empty if none.
    pub letters_before: &'a str,
    /// ASCII letters glued after it.
    pub letters_after: &'a str,
    /// A `+` right before (international phone numbers).
    pub plus: bool,
    /// A `(` right before (`(03)1234-5678`).
    pub open_paren: bool,
    /// Part of something bigger: a decimal, a time, a date, an amount (¥…, …円), an
    /// alphanumeric code, a number with a unit.
    pub trap: bool,
    /// Where a unit (円, 件, 個…) follows the number; the caller decides whether it
    /// is one or the start of a keyword (`個人番号` begins with 個).
    pub unit_at: Option<usize>,
    /// `第…号`: an ordinal or a document number. Only a driver's licence is written
    /// that way (`第123456789012号`, as printed on the card).
    pub ordinal: bool,
}

/// Look at the surroundings of `start..end`; `single_len` is the number of digits
/// when the candidate is one plain group (else 0): only such a group can be a part of
/// `1,234,567`.
pub(crate) fn around(t: &str, start: usize, end: usize, single_len: usize) -> Around<'_> {
    let b = t.as_bytes();
    let mut a = Around::default();
    let before = |k: usize| {
        if start >= k {
            b.get(start - k).copied()
        } else {
            None
        }
    };
    let after = |k: usize| b.get(end + k).copied();
    let digit = |x: Option<u8>| x.is_some_and(|c| c.is_ascii_digit());

    // Decimal, time, date, fraction, thousands separators.
    match before(1) {
        Some(b'.' | b':' | b'/') if digit(before(2)) => a.trap = true,
        Some(b',') if digit(before(2)) && single_len == 3 => a.trap = true,
        Some(b'+') => a.plus = true,
        Some(b'(') => a.open_paren = true,
        _ => {}
    }
    match after(0) {
        Some(b'.' | b':' | b'/') if digit(after(1)) => a.trap = true,
        Some(b',')
            if digit(after(1))
                && digit(after(2))
                && digit(after(3))
                && !digit(after(4))
                && (1..=3).contains(&single_len) =>
        {
            a.trap = true
        }
        _ => {}
    }
    // A leading dash not joined to digits: `ABC-1234…` is a code.
    if before(1) == Some(b'-') && before(2).is_some_and(|c| c.is_ascii_alphanumeric()) {
        a.trap = true;
    }
    if after(0) == Some(b'-') && after(1).is_some_and(|c| c.is_ascii_alphanumeric()) {
        a.trap = true;
    }
    if matches!(after(0), Some(b'_' | b'@' | b'#' | b'&' | b'='))
        || matches!(before(1), Some(b'_' | b'#' | b'&' | b'=' | b'@'))
    {
        a.trap = true;
    }

    // Letters glued before / after.
    let mut ls = start;
    while ls > 0 && b[ls - 1].is_ascii_alphabetic() {
        ls -= 1;
    }
    if ls < start {
        let glued_more =
            ls > 0 && (b[ls - 1].is_ascii_digit() || b[ls - 1] == b'_' || b[ls - 1] == b'-');
        let word = &t[ls..start];
        if glued_more {
            a.trap = true;
        } else if GLUE_LABELS.iter().any(|l| l.eq_ignore_ascii_case(word)) {
            // TEL03-1234-5678, No123: a label, not part of the number.
        } else {
            a.letters_before = word;
        }
    }
    let mut le = end;
    while le < b.len() && b[le].is_ascii_alphabetic() {
        le += 1;
    }
    if le > end {
        if le < b.len() && (b[le].is_ascii_digit() || b[le] == b'_') {
            a.trap = true;
        } else {
            a.letters_after = &t[end..le];
        }
    }

    // Amounts and counts.
    let mut p = start;
    if p > 0 && b[p - 1] == b' ' {
        p -= 1;
    }
    if prev_char(t, p).is_some_and(|c| CURRENCY_PREFIXES.contains(&c)) {
        a.trap = true;
    }
    a.ordinal = prev_char(t, p) == Some('第');
    let spaced = b.get(end) == Some(&b' ');
    let q = if spaced { end + 1 } else { end };
    if let Some(rest) = t.get(q..)
        && is_unit(rest, spaced)
    {
        a.unit_at = Some(q);
    }
    // Digits in other scripts glued on (Arabic-Indic etc.) make it something else.
    if prev_char(t, start).is_some_and(|c| c.is_numeric() && !c.is_ascii())
        || next_char(t, end).is_some_and(|c| {
            c.is_numeric() && !c.is_ascii() && !"〇一二三四五六七八九十".contains(c)
        })
    {
        a.trap = true;
    }
    a
}

/// Does `rest` (the text right after a number) start with a unit (円, 件, ヶ月…)?
/// Most unit characters also begin ordinary words (`名義`, `本店`, `日本`, `個人番号`),
/// so a unit followed by another kanji counts only for money (`1万円`), and after a
/// space (`1,000 円`) only money counts.
pub(crate) fn is_unit(rest: &str, spaced: bool) -> bool {
    let mut it = rest.chars();
    let Some(c) = it.next() else {
        return false;
    };
    if c.is_ascii() && c != '%' {
        return false;
    }
    let money = matches!(c, '円' | '万' | '億' | '兆' | '%');
    if money {
        return true;
    }
    if UNIT_WORDS.iter().any(|w| rest.starts_with(w)) {
        return !spaced || rest.starts_with('ド') || rest.starts_with('ユ');
    }
    let next_is_han = it
        .next()
        .is_some_and(|d| matches!(d, '\u{4E00}'..='\u{9FFF}'));
    !spaced && UNIT_CHARS.contains(&c) && !next_is_han
}

/// Position of the first ASCII digit at or after `i` (or `b.len()`). Skips eight
/// bytes at a time while none of them is a digit: most of a text is not digits.
fn next_digit(b: &[u8], mut i: usize) -> usize {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    const ZERO: u64 = u64::from_le_bytes([b'0'; 8]);
    while let Some(chunk) = b.get(i..i + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        // Digits become bytes 0..=9; "has a byte below 10" (the classic hasless
        // trick) may report a false positive, never a false negative.
        let x = u64::from_le_bytes(w) ^ ZERO;
        if (x.wrapping_sub(ONES * 10) & !x & HIGH) != 0 {
            break;
        }
        i += 8;
    }
    while i < b.len() && !b[i].is_ascii_digit() {
        i += 1;
    }
    i
}

/// Walk all digit sequences of `t`, calling `f` for each with the flat group list
/// and separators. `f` gets the text, the groups and seps (seps[k] joins k and k+1)
/// and the dash-token boundaries.
pub(crate) fn for_each_sequence(t: &str, mut f: impl FnMut(&Sequence<'_>)) {
    let b = t.as_bytes();
    let len = b.len();
    let mut groups: Vec<Group> = Vec::with_capacity(16);
    let mut seps: Vec<u8> = Vec::with_capacity(16);
    let mut toks: Vec<DashTok> = Vec::with_capacity(8);
    let mut i = 0;
    while i < len {
        i = next_digit(b, i);
        if i >= len {
            break;
        }
        groups.clear();
        seps.clear();
        toks.clear();
        let mut p = i;
        // Sequence of dash tokens separated by single spaces.
        loop {
            let tok_start = p;
            let first = groups.len();
            // One dash token.
            loop {
                let mut q = p;
                while q < len && b[q].is_ascii_digit() {
                    q += 1;
                }
                groups.push(Group { start: p, end: q });
                let d = |k: usize| b.get(k).is_some_and(u8::is_ascii_digit);
                let (sep, next) = match b.get(q) {
                    Some(b'-') if d(q + 1) => (b'-', q + 1),
                    Some(b')') if d(q + 1) => (b')', q + 1),
                    Some(b')') if b.get(q + 1) == Some(&b' ') && d(q + 2) => (b')', q + 2),
                    Some(b'(') if d(q + 1) => (b'(', q + 1),
                    _ => {
                        p = q;
                        break;
                    }
                };
                seps.push(sep);
                p = next;
            }
            toks.push(DashTok {
                start: tok_start,
                end: p,
                first,
                n: groups.len() - first,
            });
            if toks.len() < MAX_SEQ_TOKENS
                && b.get(p) == Some(&b' ')
                && b.get(p + 1).is_some_and(u8::is_ascii_digit)
            {
                seps.push(b' ');
                p += 1;
            } else {
                break;
            }
        }
        // A closing parenthesis right after `(03)`-style area codes is part of
        // the token already; the sequence ends at p.
        f(&Sequence {
            groups: &groups,
            seps: &seps,
            toks: &toks,
        });
        i = p.max(i + 1);
    }
}

/// A sequence of dash tokens (see the module docs).
pub(crate) struct Sequence<'s> {
    groups: &'s [Group],
    seps: &'s [u8],
    toks: &'s [DashTok],
}

impl Sequence<'_> {
    /// Number of dash tokens.
    pub fn len(&self) -> usize {
        self.toks.len()
    }

    /// The candidate made of tokens `i..j`, if it is not too long.
    pub fn cand(&self, t: &str, i: usize, j: usize) -> Option<Cand> {
        let (first, last) = (self.toks.get(i)?, self.toks.get(j.checked_sub(1)?)?);
        let g0 = first.first;
        let g1 = last.first + last.n;
        let n = g1 - g0;
        if n == 0 || n > MAX_GROUPS {
            return None;
        }
        let mut c = Cand {
            start: first.start,
            end: last.end,
            groups: [Group::default(); MAX_GROUPS],
            seps: [0; MAX_GROUPS],
            n,
            digits: [0; MAX_DIGITS],
            nd: 0,
        };
        let b = t.as_bytes();
        for (k, g) in self.groups.get(g0..g1)?.iter().enumerate() {
            c.groups[k] = *g;
            if k + 1 < n {
                c.seps[k] = *self.seps.get(g0 + k)?;
            }
            for &d in b.get(g.start..g.end)? {
                if c.nd >= MAX_DIGITS {
                    return None;
                }
                c.digits[c.nd] = d;
                c.nd += 1;
            }
        }
        Some(c)
    }

    /// Try spans of tokens longest first from each position; `f` returns true when
    /// it explained the span (then the next span starts after it).
    pub fn spans(&self, t: &str, min_digits: usize, mut f: impl FnMut(&Cand) -> bool) {
        let m = self.len();
        // Digits of tokens i..j without building the candidate.
        let digits = |i: usize, j: usize| -> usize {
            self.toks[i..j]
                .iter()
                .flat_map(|tk| &self.groups[tk.first..tk.first + tk.n])
                .map(Group::len)
                .sum()
        };
        let mut i = 0;
        while i < m {
            let mut advanced = false;
            let mut j = (i + MAX_SPAN_TOKENS).min(m);
            while j > i {
                if digits(i, j) >= min_digits
                    && let Some(c) = self.cand(t, i, j)
                    && f(&c)
                {
                    i = j;
                    advanced = true;
                    break;
                }
                j -= 1;
            }
            if !advanced {
                i += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shapes(t: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_sequence(t, |seq| {
            let c = seq.cand(t, 0, seq.len());
            let s = match c {
                Some(c) => {
                    let mut s = String::new();
                    for (k, g) in c.groups().iter().enumerate() {
                        s.push_str(&t[g.start..g.end]);
                        if k + 1 < c.n {
                            s.push(c.seps[k] as char);
                        }
                    }
                    s
                }
                None => "<long>".to_string(),
            };
            out.push(s);
        });
        out
    }

    #[test]
    fn sequences() {
        assert_eq!(shapes("a 1234 5678 9018 b"), ["1234 5678 9018"]);
        assert_eq!(shapes("(03)1234-5678"), ["03)1234-5678"]);
        assert_eq!(shapes("03(1234)5678"), ["03(1234)5678"]);
        assert_eq!(
            shapes("TEL 03-1234-5678 FAX 03-1234-5679"),
            ["03-1234-5678", "03-1234-5679"]
        );
        assert_eq!(shapes("1,234,567"), ["1", "234", "567"]);
        assert_eq!(shapes("10:30"), ["10", "30"]);
        assert_eq!(shapes("12-"), ["12"]);
        assert_eq!(shapes("1  2"), ["1", "2"]);
        assert_eq!(shapes(&"1".repeat(30)), ["<long>"]);
    }

    #[test]
    fn digit_skip() {
        let text = "あいうえおかきくけこ abcdefghijklmnop 7 xyz ０9";
        let b = text.as_bytes();
        let mut expected = Vec::new();
        for (i, c) in b.iter().enumerate() {
            if c.is_ascii_digit() {
                expected.push(i);
            }
        }
        let mut got = Vec::new();
        let mut i = 0;
        loop {
            i = next_digit(b, i);
            if i >= b.len() {
                break;
            }
            got.push(i);
            i += 1;
        }
        assert_eq!(got, expected);
        for n in 0..20 {
            let s = format!("{}5", "x".repeat(n));
            assert_eq!(next_digit(s.as_bytes(), 0), n);
        }
    }

    #[test]
    fn surroundings() {
        let t = "¥1234567";
        assert!(around(t, 2, t.len(), 7).trap);
        let t = "1234567円";
        assert_eq!(around(t, 0, 7, 7).unit_at, Some(7));
        for (rest, spaced, unit) in [
            ("円", false, true),
            ("円", true, true),
            ("万円", false, true),
            ("名", false, true),
            ("名様", false, false),
            ("名義", false, false),
            ("名", true, false),
            ("個人番号", false, false),
            ("本店", true, false),
            ("件です", false, true),
            ("ヶ月", false, true),
            ("ドル", true, true),
            ("ヶ月", true, false),
            ("です", false, false),
            ("%", true, true),
            ("abc", false, false),
            ("", false, false),
        ] {
            assert_eq!(is_unit(rest, spaced), unit, "{rest:?} spaced={spaced}");
        }
        let t = "T1234567890123";
        assert_eq!(around(t, 1, t.len(), 13).letters_before, "T");
        let t = "TEL03-1234-5678";
        let a = around(t, 3, t.len(), 0);
        assert_eq!(a.letters_before, "");
        assert!(!a.trap);
        let t = "X9T1234567890123";
        assert!(around(t, 3, t.len(), 13).trap);
        let t = "12.5";
        assert!(around(t, 3, 4, 1).trap);
    }
}
