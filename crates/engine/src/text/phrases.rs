//! Finding listed words and phrases (confidential keywords, attachment phrases,
//! disclaimers, roles) the way a person reads them: after NFKC, case-insensitively, and
//! Latin words only as whole words (so "CEO" is not found in "ACEOUS").

use crate::normalize::Normalized;

/// A compiled list of phrases.
#[derive(Debug, Clone, Default)]
pub struct PhraseList {
    /// `(normalised lower-case phrase, as written in the list)`
    phrases: Vec<(String, String)>,
    /// Phrases that, when they cover a hit, cancel it (list lines starting with `!`).
    exceptions: Vec<String>,
}

/// One hit: the phrase as listed, and its byte range in the normalised lower-case text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseHit {
    pub phrase: String,
    pub start: usize,
    pub end: usize,
}

impl PhraseList {
    pub fn new<S: AsRef<str>>(entries: &[S]) -> PhraseList {
        let mut list = PhraseList::default();
        for entry in entries {
            let entry = entry.as_ref().trim();
            if let Some(exception) = entry.strip_prefix('!') {
                list.exceptions.push(fold(exception));
            } else if !entry.is_empty() {
                list.phrases.push((fold(entry), entry.to_owned()));
            }
        }
        list
    }

    /// Every hit in `text`.
    pub fn find_all(&self, text: &str) -> Vec<PhraseHit> {
        let folded = fold(text);
        self.find_all_folded(&folded)
    }

    /// Every hit in text already folded with [`fold`].
    pub fn find_all_folded(&self, folded: &str) -> Vec<PhraseHit> {
        let mut hits = Vec::new();
        for (phrase, original) in &self.phrases {
            let mut from = 0;
            while let Some(pos) = folded[from..].find(phrase.as_str()) {
                let start = from + pos;
                let end = start + phrase.len();
                from = end;
                if !whole_word(folded, start, end) || self.excepted(folded, start, end) {
                    continue;
                }
                hits.push(PhraseHit {
                    phrase: original.clone(),
                    start,
                    end,
                });
            }
        }
        hits.sort_by_key(|h| h.start);
        hits
    }

    pub fn contains_any(&self, text: &str) -> bool {
        !self.find_all(text).is_empty()
    }

    fn excepted(&self, folded: &str, start: usize, end: usize) -> bool {
        self.exceptions.iter().any(|ex| {
            let mut from = 0;
            while let Some(pos) = folded[from..].find(ex.as_str()) {
                let ex_start = from + pos;
                let ex_end = ex_start + ex.len();
                if ex_start <= start && end <= ex_end {
                    return true;
                }
                from = ex_start + ex.len().max(1);
                if from > start {
                    break;
                }
            }
            false
        })
    }
}

/// NFKC and lower-case: how phrases and text are compared.
pub fn fold(text: &str) -> String {
    Normalized::new(text).text.to_lowercase()
}

/// A hit that starts or ends with an ASCII letter must not touch another ASCII letter.
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let starts_alpha = bytes.get(start).is_some_and(u8::is_ascii_alphanumeric);
    let ends_alpha = end > 0 && bytes.get(end - 1).is_some_and(u8::is_ascii_alphanumeric);
    let before_ok = !starts_alpha || start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
    let after_ok = !ends_alpha || bytes.get(end).is_none_or(|b| !b.is_ascii_alphanumeric());
    before_ok && after_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(list: &[&str], text: &str, expected: &[&str]) {
        let hits: Vec<String> = PhraseList::new(list)
            .find_all(text)
            .into_iter()
            .map(|h| h.phrase)
            .collect();
        assert_eq!(hits, expected, "{text}");
    }

    #[test]
    fn phrase_hits_and_traps() {
        check(&["社外秘"], "【社外秘】見積", &["社外秘"]);
        check(
            &["Confidential"],
            "ＣＯＮＦＩＤＥＮＴＩＡＬ",
            &["Confidential"],
        );
        check(&["Confidential"], "confidentiality", &[]);
        check(&["CEO"], "ACEO", &[]);
        check(&["CEO"], "CEO 山田", &["CEO"]);
        check(&["機密", "!機密保持"], "機密保持契約書", &[]);
        check(&["機密", "!機密保持"], "機密保持契約と機密資料", &["機密"]);
        check(&["attached"], "Please see attached.", &["attached"]);
        check(&["attached"], "unattached", &[]);
    }
}
