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
        }
        out.push_str(&text[at..]);
        out
    }

    /// A file name with detected personal data and every listed surname replaced.
    pub fn redact_file_name(&self, name: &str) -> String {
        let redacted = self.redact(name);
        match &self.surnames {
            Some(ac) => {
                let label = placeholder(PiiType::PersonName);
                ac.replace_all(&redacted, &vec![label; ac.patterns_len()])
            }
            None => redacted,
        }
    }
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
        assert!(!out.contains("山田太郎"), "{out}");
        assert!(!out.contains("5678"), "{out}");
        assert!(out.contains("の件"), "{out}");
        assert!(out.contains('［'), "{out}");
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
    }
}
