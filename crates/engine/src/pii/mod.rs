//! Personal-data detectors for Japanese business mail.
//!
//! Why this shape: the detectors run on every send, on the body and on the text of
//! every attachment, so they must be fast (≥ 100 MB/s) and they must be right about
//! context: a bare 12-digit number passes the My Number check one time in ten, and is
//! as often a tracking or order number; `佐藤` is a person in `佐藤様` and a company in
//! `佐藤製薬`. So instead of fifteen regexes over the whole text, [`Detector::scan`]
//!
//! 1. normalises the text once ([`crate::normalize`]: full-width digits, dash
//!    look-alikes), keeping a map back to the original offsets;
//! 2. finds every keyword and anchor (labels, 〒, prefectures, honorifics…) in one
//!    pass over the text (the lists are data in [`keywords`]; the search is
//!    `kwsearch.rs`), and the tables whose header row labels their columns
//!    (`table.rs`);
//! 3. runs the anchored detectors locally around their anchors (e-mail at `@`,
//!    addresses at a prefecture, birth dates near 生年月日, names at 様/氏名, 記号・番号
//!    pairs);
//! 4. walks the digit runs once (`candidates.rs`) and classifies each candidate
//!    from its shape, its check digit and the keywords around it (`numbers.rs`,
//!    `bank.rs`, `phone.rs`, `postal_address.rs`, `ids.rs`).
//!
//! "Near" means the same line (up to [`SAME_LINE_BACK`] characters before and
//! [`SAME_LINE_FORWARD`] after) or the end of the line before (up to
//! [`PREV_LINE_BACK`] characters), which covers `個人番号: …` as well as the
//! table-like `口座番号\n1234567`; in a table row, the header of the value's column.
//! When keywords of competing types stand near a number, the nearest one wins (a
//! keyword before the number beats one after it), so `注文番号 123456789018` is not
//! a My Number and `免許証番号 123456789012` is a driver's licence.
//!
//! Every finding carries a masked `evidence` built only by [`crate::mask`].

mod bank;
mod birth_date;
mod candidates;
mod digit_runs;
mod email;
mod ids;
pub mod keywords;
mod kwsearch;
mod numbers;
mod person_name;
mod phone;
mod postal_address;
mod table;

use std::collections::HashSet;
use std::ops::Range;

use crate::normalize::Normalized;
use keywords::Kw;

/// The kinds of personal data, named as in the check contract.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
    ts_rs::TS,
    strum::IntoStaticStr,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::EnumCount,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum PiiType {
    MyNumber,
    CorporateNumber,
    BankAccount,
    CreditCard,
    PhoneNumber,
    PostalCode,
    Address,
    BirthDate,
    DriversLicense,
    Passport,
    ResidenceCard,
    PensionNumber,
    HealthInsurance,
    PersonName,
    EmailAddress,
}

impl PiiType {
    /// The contract name (`my_number`, …), the same as the serde form.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The type with contract name `s`.
    pub fn from_name(s: &str) -> Option<PiiType> {
        s.parse().ok()
    }

    /// The Japanese label shown to people.
    pub fn label_ja(self) -> &'static str {
        match self {
            PiiType::MyNumber => "マイナンバー（個人番号）",
            PiiType::CorporateNumber => "法人番号",
            PiiType::BankAccount => "銀行口座番号",
            PiiType::CreditCard => "クレジットカード番号",
            PiiType::PhoneNumber => "電話番号",
            PiiType::PostalCode => "郵便番号",
            PiiType::Address => "住所",
            PiiType::BirthDate => "生年月日",
            PiiType::DriversLicense => "運転免許証番号",
            PiiType::Passport => "パスポート番号",
            PiiType::ResidenceCard => "在留カード番号",
            PiiType::PensionNumber => "基礎年金番号",
            PiiType::HealthInsurance => "健康保険証の記号・番号",
            PiiType::PersonName => "氏名",
            PiiType::EmailAddress => "メールアドレス",
        }
    }
}

/// One piece of personal data found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PiiMatch {
    pub kind: PiiType,
    /// Byte range in the ORIGINAL (un-normalised) text.
    pub range: Range<usize>,
    /// A keyword for this type stands near (same line, or the end of the line before).
    pub labelled: bool,
    /// A weak signal (engine: severity `info`): a bare 12-digit number that passes the
    /// My Number check with no label, a toll-free/navi-dial number, a bare postal code.
    pub weak: bool,
    /// Masked excerpt (`個人番号: ********9018`); never the full value.
    pub evidence: String,
}

#[cfg(test)]
/// The common Japanese surnames shipped with sendguard, one per line.
pub fn default_surnames() -> &'static str {
    include_str!("../../../../rules/surnames.txt")
}

/// The compiled detectors. Build once ([`Detector::new`]), scan many texts.
#[allow(missing_debug_implementations)] // compiled automata: nothing useful to print
pub struct Detector {
    keywords: kwsearch::KeywordIndex,
    surnames: HashSet<String>,
    /// Longest surname, in chars.
    max_surname_chars: usize,
    birth: birth_date::BirthDates,
    address: postal_address::AddressRegex,
}

impl Detector {
    /// Compile the detectors. `surnames` are common Japanese surnames for the
    /// person-name detector (see [`default_surnames`]); with an empty list only names
    /// after a label (`氏名:`) are found.
    pub fn new(surnames: &[&str]) -> Detector {
        let surnames: HashSet<String> = surnames
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty() && !s.starts_with('#'))
            .map(str::to_string)
            .collect();
        let max_surname_chars = surnames
            .iter()
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(0);
        Detector {
            keywords: kwsearch::KeywordIndex::new(),
            surnames,
            max_surname_chars,
            birth: birth_date::BirthDates::new(),
            address: postal_address::AddressRegex::new(),
        }
    }

    /// Find the personal data in `text`. Sorted by `range.start`; one report per
    /// value. Never panics.
    pub fn scan(&self, text: &str) -> Vec<PiiMatch> {
        let norm = Normalized::new(text);
        let mut sc = Scan::new(&norm.text);
        self.find_keywords(&mut sc);
        sc.tables = table::find_tables(sc.t, &sc.hits);
        email::scan(&mut sc);
        bank::scan_kigou(&mut sc);
        postal_address::scan_addresses(self, &mut sc);
        postal_address::scan_romanized_addresses(self, &mut sc);
        self.birth.scan(&mut sc);
        digit_runs::scan(&mut sc);
        person_name::scan(self, &mut sc);
        sc.finish(&norm)
    }

    fn find_keywords(&self, sc: &mut Scan<'_>) {
        let (t, b) = (sc.t, sc.b);
        let hits = &mut sc.hits;
        self.keywords.find(
            t,
            |s, e, kw| {
                kwsearch::keyword_end_ok(b, e)
                    // 歳/才 count only after a number: `39歳`, `三十歳`.
                    && (kw != Kw::Age
                        || prev_char(t, s).is_some_and(|c| c.is_ascii_digit() || "十二三四五六七八九".contains(c)))
                    // 生まれ only in its birth sense: not 生まれ変わる, 〜から生まれた製品.
                    && (kw != Kw::Birth || birth_date::birth_sense(t, s, e))
            },
            |start, end, kw| hits.push(Hit { start, end, kw }),
        );
    }
}

/// A keyword hit in the normalised text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub kw: Kw,
}

/// A finding in normalised coordinates, before mapping back.
#[derive(Debug, Clone)]
pub(crate) struct Raw {
    pub kind: PiiType,
    pub start: usize,
    pub end: usize,
    pub labelled: bool,
    pub weak: bool,
    pub evidence: String,
}

/// Characters looked at before a match on its own line.
pub const SAME_LINE_BACK: usize = 80;
/// Characters looked at after a match on its own line.
pub const SAME_LINE_FORWARD: usize = 30;
/// Characters looked at at the end of the line before a match.
pub const PREV_LINE_BACK: usize = 60;
/// Longest table row whose columns are followed, in bytes.
const MAX_ROW_BYTES: usize = 4096;
/// Penalty (in bytes of distance) for a keyword that stands after the match.
const AFTER_PENALTY: usize = 60;

/// The state of one scan: the normalised text, its keyword hits, what has been
/// found and which spans are already taken.
pub(crate) struct Scan<'a> {
    pub t: &'a str,
    pub b: &'a [u8],
    pub hits: Vec<Hit>,
    /// Tables (CSV / tab-separated blocks with a header row).
    pub tables: Vec<table::Table>,
    pub out: Vec<Raw>,
    /// Spans already explained (e-mail addresses, addresses, dates…), sorted on demand.
    claimed: Vec<Range<usize>>,
    claimed_sorted: bool,
}

/// Where to look for keywords around a match.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Window {
    /// Start of the part of the previous line that counts (== `line_start` if none).
    pub prev_start: usize,
    /// Start of the part of the match's own line that counts.
    pub line_start: usize,
    /// End of the forward part.
    pub end: usize,
}

impl<'a> Scan<'a> {
    fn new(t: &'a str) -> Scan<'a> {
        Scan {
            t,
            b: t.as_bytes(),
            hits: Vec::with_capacity(t.len() / 128),
            tables: Vec::new(),
            out: Vec::with_capacity(t.len() / 512),
            claimed: Vec::new(),
            claimed_sorted: true,
        }
    }

    /// Record a finding and claim its span (so that later passes leave it alone).
    pub fn push(&mut self, raw: Raw) {
        self.claim(raw.start..raw.end);
        self.out.push(raw);
    }

    /// Record a finding without claiming it: for the digit pass, which walks the
    /// text left to right and never looks back, and for the last pass.
    pub fn push_unclaimed(&mut self, raw: Raw) {
        self.out.push(raw);
    }

    pub fn claim(&mut self, r: Range<usize>) {
        if self.claimed.last().is_some_and(|l| l.start > r.start) {
            self.claimed_sorted = false;
        }
        self.claimed.push(r);
    }

    /// Does `r` overlap a claimed span?
    pub fn is_claimed(&mut self, r: Range<usize>) -> bool {
        if !self.claimed_sorted {
            self.claimed.sort_by_key(|c| c.start);
            self.claimed_sorted = true;
        }
        // Claimed spans may overlap each other; they are short, so look back a little.
        let idx = self.claimed.partition_point(|c| c.start < r.end);
        self.claimed[..idx]
            .iter()
            .rev()
            .take(16)
            .any(|c| c.end > r.start)
    }

    /// The keyword window around `s..e`.
    pub fn window(&self, s: usize, e: usize) -> Window {
        let line_start = back_chars(self.t, s, SAME_LINE_BACK);
        let prev_start = if line_start > 0 && self.b[line_start - 1] == b'\n' {
            back_chars(self.t, line_start - 1, PREV_LINE_BACK)
        } else {
            line_start
        };
        Window {
            prev_start,
            line_start,
            end: fwd_chars(self.t, e, SAME_LINE_FORWARD),
        }
    }

    /// The hits inside a window.
    pub fn hits_in(&self, w: Window) -> &[Hit] {
        let lo = self.hits.partition_point(|h| h.start < w.prev_start);
        let hi = self.hits.partition_point(|h| h.start < w.end);
        self.hits.get(lo..hi.max(lo)).unwrap_or(&[])
    }

    /// In a table row, the keyword hits of the header cell of the column `s` is in.
    pub fn header_hits(&self, s: usize) -> &[Hit] {
        let i = self.tables.partition_point(|tb| tb.header_start <= s);
        let Some(tb) = i.checked_sub(1).and_then(|i| self.tables.get(i)) else {
            return &[];
        };
        if s <= tb.header_end || s >= tb.end {
            return &[];
        }
        // Column = delimiters between the row start and `s` (rows longer than
        // MAX_ROW_BYTES are not followed: the work per value stays bounded).
        let from = s.saturating_sub(MAX_ROW_BYTES).max(tb.header_end + 1);
        let Some(before) = self.b.get(from..s) else {
            return &[];
        };
        let ls = match before.iter().rposition(|&x| x == b'\n') {
            Some(p) => from + p + 1,
            None if from == tb.header_end + 1 => from,
            None => return &[],
        };
        let col = self
            .b
            .get(ls..s)
            .map_or(0, |r| r.iter().filter(|&&x| x == tb.delim).count());
        match tb.cells.get(col) {
            Some(c) => table::hits_in(&self.hits, c.clone()),
            None => &[],
        }
    }

    /// The nearest hit of one of `kws` around `s..e`, if any (in a table row, the
    /// column's header comes first).
    pub fn near(&self, s: usize, e: usize, kws: &[Kw]) -> Option<Hit> {
        if let Some(h) = self.header_hits(s).iter().find(|h| kws.contains(&h.kw)) {
            return Some(*h);
        }
        let w = self.window(s, e);
        self.hits_in(w)
            .iter()
            .filter(|h| kws.contains(&h.kw) && h.end <= w.end && !(h.start < e && h.end > s))
            .min_by_key(|h| distance(w, s, e, h))
            .copied()
    }

    /// Is a hit of one of `kws` near `s..e`?
    pub fn has_near(&self, s: usize, e: usize, kws: &[Kw]) -> bool {
        self.near(s, e, kws).is_some()
    }

    /// Which of the competing keyword classes explains the number at `s..e`?
    /// In a table row the column's header decides. Otherwise same-line keywords come
    /// first (nearest wins, a keyword before the number beats one after it); only when
    /// the line has none does the end of the previous line count, and there a positive
    /// class wins over a negative one (a header row names several columns).
    pub fn resolve(&self, s: usize, e: usize, pos: &[Kw], neg: &[Kw]) -> Option<Hit> {
        let hh = self.header_hits(s);
        if let Some(h) = hh
            .iter()
            .find(|h| pos.contains(&h.kw))
            .or_else(|| hh.iter().find(|h| neg.contains(&h.kw)))
        {
            return Some(*h);
        }
        let w = self.window(s, e);
        let relevant = |h: &&Hit| {
            (pos.contains(&h.kw) || neg.contains(&h.kw))
                && h.end <= w.end
                && !(h.start < e && h.end > s)
        };
        let hits = self.hits_in(w);
        let same = hits
            .iter()
            .filter(relevant)
            .filter(|h| h.start >= w.line_start)
            .min_by_key(|h| distance(w, s, e, h));
        if let Some(h) = same {
            return Some(*h);
        }
        let mut prev = hits
            .iter()
            .filter(relevant)
            .filter(|h| h.start < w.line_start);
        prev.clone()
            .rev()
            .find(|h| pos.contains(&h.kw))
            .or_else(|| prev.next_back())
            .copied()
    }

    /// Text of a hit.
    pub fn hit_text(&self, h: &Hit) -> &'a str {
        self.t.get(h.start..h.end).unwrap_or("")
    }

    fn finish(mut self, norm: &Normalized) -> Vec<PiiMatch> {
        // Longest first among equal starts; then a finding that overlaps an earlier
        // one of the same kind is the same value reported twice.
        self.out
            .sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut result: Vec<PiiMatch> = Vec::with_capacity(self.out.len());
        let mut last_end_by_kind = [0usize; <PiiType as strum::EnumCount>::COUNT];
        for r in self.out {
            let k = r.kind as usize;
            if r.start < last_end_by_kind[k] {
                continue;
            }
            last_end_by_kind[k] = r.end;
            result.push(PiiMatch {
                kind: r.kind,
                range: norm.original_range(r.start..r.end),
                labelled: r.labelled,
                weak: r.weak,
                evidence: r.evidence,
            });
        }
        result
    }
}

fn distance(w: Window, s: usize, e: usize, h: &Hit) -> usize {
    if h.end <= s {
        let d = s - h.end;
        if h.start < w.line_start {
            d + AFTER_PENALTY
        } else {
            d
        }
    } else {
        h.start.saturating_sub(e) + AFTER_PENALTY
    }
}

/// Walk back from `pos` up to `max` chars, stopping after a newline.
pub(crate) fn back_chars(t: &str, pos: usize, max: usize) -> usize {
    let b = t.as_bytes();
    let mut p = pos.min(b.len());
    let mut n = 0;
    while p > 0 && n < max {
        if b[p - 1] == b'\n' {
            break;
        }
        p -= 1;
        while p > 0 && (b[p] & 0xC0) == 0x80 {
            p -= 1;
        }
        n += 1;
    }
    p
}

/// Walk forward from `pos` up to `max` chars, stopping at a newline.
pub(crate) fn fwd_chars(t: &str, pos: usize, max: usize) -> usize {
    let b = t.as_bytes();
    let mut p = pos.min(b.len());
    let mut n = 0;
    while p < b.len() && n < max {
        if b[p] == b'\n' {
            break;
        }
        p += 1;
        while p < b.len() && (b[p] & 0xC0) == 0x80 {
            p += 1;
        }
        n += 1;
    }
    p
}

/// The char that ends at byte `pos`.
pub(crate) fn prev_char(t: &str, pos: usize) -> Option<char> {
    t.get(..pos)?.chars().next_back()
}

/// The char that starts at byte `pos`.
pub(crate) fn next_char(t: &str, pos: usize) -> Option<char> {
    t.get(pos..)?.chars().next()
}

/// Evidence: `keyword: masked` when labelled, else the masked value.
pub(crate) fn evidence(label: Option<&str>, masked: String) -> String {
    match label {
        Some("〒") => format!("〒{masked}"),
        Some(l) => format!("{l}: {masked}"),
        None => masked,
    }
}

#[cfg(test)]
pub(crate) mod test_util {
    use super::*;
    use std::sync::OnceLock;

    pub fn detector() -> &'static Detector {
        static D: OnceLock<Detector> = OnceLock::new();
        D.get_or_init(|| {
            let names: Vec<&str> = default_surnames().lines().collect();
            Detector::new(&names)
        })
    }

    /// Render the matches of `kinds` (all kinds when empty) compactly:
    /// `my_number+L(123456789018)`, `+W` for weak; space separated.
    pub fn render(input: &str, kinds: &[PiiType]) -> String {
        let ms = detector().scan(input);
        let mut parts = Vec::new();
        for m in &ms {
            assert!(input.is_char_boundary(m.range.start) && input.is_char_boundary(m.range.end));
            let value = &input[m.range.clone()];
            assert_no_leak(value, &m.evidence);
            if !kinds.is_empty() && !kinds.contains(&m.kind) {
                continue;
            }
            let mut s = m.kind.as_str().to_string();
            if m.labelled {
                s.push_str("+L");
            }
            if m.weak {
                s.push_str("+W");
            }
            parts.push(format!("{s}({value})"));
        }
        parts.join(" ")
    }

    /// Evidence never contains the full value (nor, for numbers, all its digits).
    pub fn assert_no_leak(value: &str, evidence: &str) {
        let norm = Normalized::new(value).text;
        assert!(
            !evidence.contains(value),
            "evidence {evidence:?} leaks {value:?}"
        );
        assert!(
            !evidence.contains(&norm),
            "evidence {evidence:?} leaks {norm:?}"
        );
        let digits = |s: &str| -> String { s.chars().filter(char::is_ascii_digit).collect() };
        let d = digits(&norm);
        if d.len() > 2 {
            assert!(
                !digits(evidence).contains(&d),
                "evidence {evidence:?} leaks the digits of {value:?}"
            );
        }
    }

    /// Assert what the detectors find in `input`, limited to `kinds`.
    pub fn check_kinds(kinds: &[PiiType], input: &str, expected: &str) {
        let got = render(input, kinds);
        assert_eq!(got, expected, "\ninput: {input:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::test_util::*;
    use super::*;

    /// Everything found, all kinds.
    fn check(input: &str, expected: &str) {
        check_kinds(&[], input, expected);
    }

    #[test]
    fn types_round_trip() {
        use strum::IntoEnumIterator;
        for t in PiiType::iter() {
            assert_eq!(PiiType::from_name(t.as_str()), Some(t));
            assert!(!t.label_ja().is_empty());
        }
        assert_eq!(PiiType::from_name("nope"), None);
        assert_eq!(PiiType::MyNumber.label_ja(), "マイナンバー（個人番号）");
        assert_eq!(PiiType::HealthInsurance.as_str(), "health_insurance");
        let all: Vec<PiiType> = PiiType::iter().collect();
        let mut sorted = all.clone();
        sorted.sort();
        assert_eq!(sorted, all);
    }

    #[test]
    fn serde_names_are_the_contract_names() {
        use serde::Deserialize;
        use serde::de::IntoDeserializer;
        use serde::de::value::{Error, StrDeserializer};
        use strum::IntoEnumIterator;
        for t in PiiType::iter() {
            let de: StrDeserializer<'_, Error> = t.as_str().into_deserializer();
            assert_eq!(PiiType::deserialize(de), Ok(t));
        }
    }

    #[test]
    fn detector_is_shareable() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Detector>();
    }

    #[test]
    fn keyword_lists_have_no_duplicates() {
        let mut seen = HashSet::new();
        for (list, _) in keywords::TABLE {
            for p in *list {
                assert!(seen.insert(p.to_ascii_lowercase()), "duplicate keyword {p}");
            }
        }
    }

    #[test]
    fn surnames_list() {
        let names: Vec<&str> = default_surnames()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect();
        assert!(names.len() >= 300, "{} surnames", names.len());
        let set: HashSet<&str> = names.iter().copied().collect();
        assert_eq!(set.len(), names.len(), "duplicate surnames");
        for n in [
            "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤",
        ] {
            assert!(set.contains(n), "{n}");
        }
    }

    #[test]
    fn signature_and_greeting() {
        check(
            "株式会社サクラシステム\n営業部 田中様\n\nいつもお世話になっております。\n\n--\n佐藤 一郎\n〒100-0005 東京都千代田区丸の内1-2-3\nTEL 03-1234-5678 / FAX 03-1234-5679\nMail: sato@sakura.example.co.jp",
            "person_name(田中) postal_code+L(〒100-0005) address(東京都千代田区丸の内1-2-3) phone_number+L(03-1234-5678) phone_number+L(03-1234-5679) email_address+L(sato@sakura.example.co.jp)",
        );
    }

    #[test]
    fn crlf_finds_the_same() {
        for text in [
            "氏名: 山田太郎\n住所: 東京都千代田区丸の内二丁目7番2号\n電話: 090-1234-5678\n個人番号: 1234 5678 9018",
            "口座番号\n1234567\n生年月日\n昭和60年4月1日\n",
            "氏名\t電話番号\tマイナンバー\n山田太郎\t03-1234-5678\t123456789018\n",
            "株式会社サクラシステム\n営業部 田中様\n\n個人番号:\n123456789018",
        ] {
            let crlf = text.replace('\n', "\r\n");
            let values = |t: &str| -> Vec<(PiiType, bool, bool, String)> {
                detector()
                    .scan(t)
                    .into_iter()
                    .map(|m| (m.kind, m.labelled, m.weak, t[m.range].to_string()))
                    .collect()
            };
            assert_eq!(values(text), values(&crlf), "{text:?}");
            assert!(!values(text).is_empty());
        }
    }

    #[test]
    fn ordinary_business_text_is_quiet() {
        for text in [
            "2024年3月15日（金）10:00〜12:00 会議室Aにて打ち合わせを行います。",
            "お見積金額は¥1,234,567（税込）です。",
            "合計 1,234,567円、消費税 123,456円",
            "請求書番号：INV-2024-000123",
            "ご注文番号 1234-5678-9012 の商品を発送しました。",
            "ヤマト運輸 お問い合わせ伝票番号：1234-5678-9018",
            "バージョン 1.2.3456789018 をリリースしました。",
            "IPアドレス 192.168.100.123",
            "ISBN978-4-12-345678-9",
            "東京都内の店舗と大阪支店で販売します。",
            "佐藤製薬様、中村区役所様",
            "社員番号 1234567",
            "第123456789018号",
            "商品コード 4901234567894",
            "納期：令和6年4月1日、発送予定日：2024/04/10",
        ] {
            check(text, "");
        }
    }

    #[test]
    fn mixed_record() {
        check(
            "氏名: 山田太郎\n住所: 東京都千代田区丸の内二丁目7番2号\n電話: 090-1234-5678\n個人番号: 1234 5678 9018",
            "person_name+L(山田太郎) address+L(東京都千代田区丸の内二丁目7番2号) phone_number+L(090-1234-5678) my_number+L(1234 5678 9018)",
        );
        check("", "");
        check("こんにちは。よろしくお願いいたします。", "");
    }

    #[test]
    fn label_window() {
        let my = |input: &str, expected: &str| check_kinds(&[PiiType::MyNumber], input, expected);
        my("個人番号: 123456789018", "my_number+L(123456789018)");
        my("個人番号:\n123456789018", "my_number+L(123456789018)");
        my("個人番号:\r\n123456789018", "my_number+L(123456789018)");
        // A blank line in between: the label is two lines up.
        my("個人番号:\n\n123456789018", "my_number+W(123456789018)");
        // Same line, far before (more than SAME_LINE_BACK characters).
        let far = format!("個人番号{}123456789018", "あ".repeat(90));
        my(&far, "my_number+W(123456789018)");
        let near = format!("個人番号{}123456789018", "あ".repeat(60));
        my(&near, "my_number+L(123456789018)");
        // After the number on the same line.
        my("123456789018（個人番号）", "my_number+L(123456789018)");
        my(
            &format!("123456789018{}個人番号", "あ".repeat(40)),
            "my_number+W(123456789018)",
        );
        // Previous line, but its label is far from its end.
        my(
            &format!("個人番号{}\n123456789018", "あ".repeat(70)),
            "my_number+W(123456789018)",
        );
        // Nearest label wins, before beats after.
        my("注文番号 123456789018 個人番号", "");
        my(
            "個人番号 123456789018 注文番号",
            "my_number+L(123456789018)",
        );
    }

    #[test]
    fn evidence_examples() {
        let d = detector();
        let m = d.scan("個人番号: 123456789018");
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].evidence, "個人番号: ********9018");
        let m = d.scan("口座番号 1234567");
        assert_eq!(m[0].evidence, "口座番号: ****567");
        let m = d.scan("〒100-0005");
        assert_eq!(m[0].evidence, "〒***-*005");
        let m = d.scan("連絡先 yamada@partner.co.jp");
        assert_eq!(m[0].evidence, "ya***@partner.co.jp");
    }

    #[test]
    fn ranges_point_at_the_original() {
        let input = "個人番号：１２３４５６７８９０１８です";
        let m = detector().scan(input);
        assert_eq!(m.len(), 1);
        assert_eq!(&input[m[0].range.clone()], "１２３４５６７８９０１８");
        assert_eq!(m[0].evidence, "個人番号: ********9018");
    }

    /// xorshift, so the test needs no dependency and is reproducible.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    #[test]
    fn never_panics_on_random_input() {
        let d = detector();
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let pieces = [
            "個人番号",
            "口座番号",
            "〒",
            "東京都",
            "千代田区",
            "二丁目",
            "番地",
            "号",
            "生年月日",
            "昭和",
            "平成元年",
            "年",
            "月",
            "日",
            "様",
            "佐藤",
            "氏名:",
            "記号",
            "番号",
            "ゆうちょ",
            "ー",
            "－",
            "‐",
            "１",
            "２",
            "9",
            "0",
            "-",
            " ",
            "\n",
            "\r\n",
            "@",
            ".",
            "+81",
            "(",
            ")",
            "T",
            "AB",
            "e\u{301}",
            "\u{301}",
            "\u{3099}",
            "ｶﾞ",
            "㍼",
            "🎉",
            "\u{200d}",
            "\u{feff}",
            "\u{0}",
            "\u{fffd}",
            "ﾞ",
            "〜",
            "¥",
            "円",
            "歳",
            "パスポート",
            "運転免許証",
            "保険証",
            ",",
            "\t",
            "氏名,電話,生年月日\n",
            "マイナンバー",
            "https://",
            "第",
            "号",
            "a@b.jp",
            "の",
            "市",
            "丁目",
            "、",
            "被保険者番号",
            "年金番号",
            "在留カード",
            "CD",
            "JAN",
            "注文番号",
        ];
        for round in 0..3000 {
            let mut s = String::new();
            if round % 3 == 0 {
                let len = (rng.next() % 200) as usize;
                let bytes: Vec<u8> = (0..len).map(|_| (rng.next() & 0xFF) as u8).collect();
                s = String::from_utf8_lossy(&bytes).into_owned();
            } else {
                for _ in 0..(rng.next() % 40) {
                    let p = pieces[(rng.next() % pieces.len() as u64) as usize];
                    s.push_str(p);
                    if rng.next().is_multiple_of(3) {
                        for _ in 0..(rng.next() % 14) {
                            s.push(char::from(b'0' + (rng.next() % 10) as u8));
                        }
                    }
                }
            }
            let ms = d.scan(&s);
            let mut last = 0;
            for m in &ms {
                assert!(
                    m.range.start <= m.range.end && m.range.end <= s.len(),
                    "{s:?}"
                );
                assert!(
                    s.is_char_boundary(m.range.start) && s.is_char_boundary(m.range.end),
                    "{s:?}"
                );
                assert!(m.range.start >= last, "unsorted for {s:?}");
                last = m.range.start;
                test_util::assert_no_leak(&s[m.range.clone()], &m.evidence);
            }
        }
    }

    #[test]
    fn never_panics_on_odd_unicode() {
        let d = detector();
        let long_marks = format!("a{}", "\u{301}".repeat(5000));
        let long_digits = "1".repeat(100_000);
        let many_groups = "12-".repeat(5000);
        let many_spaces = "1234 ".repeat(5000);
        let many_names = "佐藤様".repeat(2000);
        for s in [
            "\u{feff}個人番号\u{200b}123456789018",
            "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}",
            "ㅎㅏㄴ",
            "\u{10FFFF}\u{E000}",
            long_marks.as_str(),
            long_digits.as_str(),
            many_groups.as_str(),
            many_spaces.as_str(),
            many_names.as_str(),
            "@@@@@.@.",
            "a@b",
            "〒",
            "東京都",
            "生年月日",
            "記号",
            "+",
            "(",
            "T",
        ] {
            let _ = d.scan(s);
        }
    }
}
