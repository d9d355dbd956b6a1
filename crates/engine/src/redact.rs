//! Redaction of free text that is kept after the check: the subject and attachment
//! names the near-miss log stores.
//!
//! Why a module of its own: evidence is masked where it is found ([`crate::mask`]), but
//! the log also keeps text that was never a finding — a subject such as
//! 「山田太郎様 住所変更のご連絡」 or a file name such as `佐藤_履歴書.xlsx`. The log must
//! not become a second copy of the personal data it protects (DESIGN.md), so such text
//! passes through here first: every value the detectors find is replaced by a bracketed
//! label (`［氏名］様 住所変更のご連絡`). File names get a stricter pass that also
//! removes every surname from the policy's list, with or without context, because a file
//! name rarely has the context (`様`, `氏名:`) the name detector wants.

use crate::pii::{Detector, PiiType};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// Redacts detected personal data (and, for file names, listed surnames).
pub struct Redactor {
    detector: Detector,
    /// Every surname in the policy list, longest match first.
    surnames: Option<AhoCorasick>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Redactor")
    }
}

/// The label that replaces a value of `kind`: short, so a redacted subject stays readable.
fn placeholder(kind: PiiType) -> String {
    let label = match kind {
        PiiType::MyNumber => "個人番号",
        PiiType::HealthInsurance => "保険証番号",
        other => other.label_ja(),
    };
    format!("［{label}］")
}

impl Redactor {
    /// A redactor with the surname list of `policy`.
    pub fn from_policy(policy: &crate::Policy) -> Redactor {
        let surnames: Vec<&str> = policy.lists.surnames.iter().map(String::as_str).collect();
        Redactor::new(&surnames)
    }

    /// A redactor with the given surname list (see [`crate::pii::default_surnames`]).
    pub fn new(surnames: &[&str]) -> Redactor {
        let listed: Vec<&str> = surnames
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty() && !s.starts_with('#'))
            .collect();
        let surnames = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&listed)
            .ok()
            .filter(|_| !listed.is_empty());
        Redactor {
            detector: Detector::new(&listed),
            surnames,
        }
    }

    /// `text` with every detected personal-data value replaced by its label.
    pub fn redact(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for m in self.detector.scan(text) {
            if m.range.start < at || m.range.end > text.len() {
                continue;
            }
            out.push_str(&text[at..m.range.start]);
            out.push_str(&placeholder(m.kind));
            at = m.range.end;
            if m.kind == PiiType::PersonName {
                at += given_name_len(&text[at..]);
            }
        }
        out.push_str(&text[at..]);
        out
    }

    /// A file name with detected personal data and every listed surname replaced.
    pub fn redact_file_name(&self, name: &str) -> String {
        let redacted = self.redact(name);
        match &self.surnames {
            Some(ac) => {
                let mut out = String::with_capacity(redacted.len());
                let mut at = 0;
                for m in ac.find_iter(&redacted) {
                    if m.start() < at {
                        continue;
                    }
                    out.push_str(&redacted[at..m.start()]);
                    out.push_str(&placeholder(PiiType::PersonName));
                    at = m.end() + given_name_len(&redacted[m.end()..]);
                }
                out.push_str(&redacted[at..]);
                out
            }
            None => redacted,
        }
    }
}

/// The length in bytes of the given name that follows a surname at the start of
/// `rest`: the name detector and the surname list match the surname, so `山田太郎様`
/// would keep `太郎`. Up to three ideographs go, after at most one space, stopping at
/// an honorific or a word that usually follows a surname (様, 殿, 部長…).
fn given_name_len(rest: &str) -> usize {
    const STOP: &[char] = &[
        '様', '殿', '氏', '君', '宛', '先', '部', '課', '係', '社', '御', '履', '名',
    ];
    let is_ideograph =
        |c: char| matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々');
    let space = rest
        .chars()
        .next()
        .filter(|&c| c == ' ' || c == '\u{3000}')
        .map_or(0, char::len_utf8);
    let name: usize = rest[space..]
        .chars()
        .take_while(|&c| is_ideograph(c) && !STOP.contains(&c))
        .take(3)
        .map(char::len_utf8)
        .sum();
    if name == 0 { 0 } else { space + name }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redactor() -> Redactor {
        let list: Vec<&str> = crate::pii::default_surnames().lines().collect();
        Redactor::new(&list)
    }

    #[test]
    fn subject_keeps_its_words_and_loses_the_values() {
        let r = redactor();
        let out = r.redact("山田太郎様 携帯 090-1234-5678 の件");
        assert!(!out.contains("山田") && !out.contains("太郎"), "{out}");
        assert!(out.starts_with("［氏名］様"), "{out}");
        assert!(!out.contains("5678"), "{out}");
        assert!(out.contains("の件"), "{out}");
        assert!(out.contains('［'), "{out}");
    }

    #[test]
    fn a_surname_label_takes_the_given_name_but_not_the_title() {
        let r = redactor();
        assert_eq!(
            r.redact_file_name("山田太郎_履歴書.csv"),
            "［氏名］_履歴書.csv"
        );
        assert_eq!(r.redact_file_name("山田部長へ"), "［氏名］部長へ");
    }

    #[test]
    fn text_without_personal_data_is_unchanged() {
        assert_eq!(redactor().redact("定例会議の議事録"), "定例会議の議事録");
    }

    #[test]
    fn file_names_lose_listed_surnames_without_context() {
        let out = redactor().redact_file_name("佐藤_履歴書_2026.xlsx");
        assert!(!out.contains("佐藤"), "{out}");
        assert!(out.ends_with("_履歴書_2026.xlsx"), "{out}");
        let out = redactor().redact_file_name("山田 花子履歴書.pdf");
        assert_eq!(out, "［氏名］履歴書.pdf");
    }
}
