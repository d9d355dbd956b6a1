//! Finding listed words and phrases (confidential keywords, attachment phrases,
//! disclaimers, roles, the organisation's names) the way a person reads them: after NFKC,
//! case-insensitively, and Latin words only as whole words (so "CEO" is not found in
//! "ACEOUS"). Each list is compiled once into an Aho-Corasick automaton, so a 1 MB body
//! is scanned once per list, not once per phrase.

use crate::normalize::Normalized;
use aho_corasick::AhoCorasick;

/// A compiled list of phrases.
#[derive(Debug, Clone, Default)]
pub struct PhraseList {
    /// The phrases, folded, or `None` for an empty list.
    automaton: Option<AhoCorasick>,
    /// The phrases as written in the list, by pattern index.
    originals: Vec<String>,
    /// The tag of each pattern (which list it came from, in a merged list).
    tags: Vec<u8>,
    /// Phrases that cancel a hit they cover (list lines starting with `!`).
    exceptions: Option<AhoCorasick>,
}

/// One hit: the phrase as listed, and its byte range in the folded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseHit {
    pub phrase: String,
    /// The tag of the list the phrase came from (see [`PhraseList::tagged`]).
    pub tag: u8,
    pub start: usize,
    pub end: usize,
}

impl PhraseList {
    pub fn new<S: AsRef<str>>(entries: &[S]) -> PhraseList {
        PhraseList::tagged(&[(entries, 0)])
    }

    /// Several lists in one automaton, so a long text is scanned once for all of them;
    /// each hit carries the tag of its list.
    pub fn tagged<S: AsRef<str>>(lists: &[(&[S], u8)]) -> PhraseList {
        let mut phrases = Vec::new();
        let mut originals = Vec::new();
        let mut tags = Vec::new();
        let mut exceptions = Vec::new();
        for (entries, tag) in lists {
            for entry in entries.iter() {
                let entry = entry.as_ref().trim();
                if let Some(exception) = entry.strip_prefix('!') {
                    let folded = fold(exception);
                    if !folded.is_empty() {
                        exceptions.push(folded);
                    }
                } else if !entry.is_empty() {
                    let folded = fold(entry);
                    if !folded.is_empty() {
                        phrases.push(folded);
                        originals.push(entry.to_owned());
                        tags.push(*tag);
                    }
                }
            }
        }
        PhraseList {
            automaton: build(&phrases),
            originals,
            tags,
            exceptions: build(&exceptions),
        }
    }

    /// Every hit in `text` (folded here).
    pub fn find_all(&self, text: &str) -> Vec<PhraseHit> {
        if self.automaton.is_none() {
            return Vec::new();
        }
        self.find_all_folded(&fold(text))
    }

    /// Every hit in text already folded with [`fold`], in order of position.
    pub fn find_all_folded(&self, folded: &str) -> Vec<PhraseHit> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        // Exception spans, sorted by start, each with the furthest end seen so far: a hit
        // is covered when the furthest end among spans starting at or before it reaches
        // its end (a binary search per hit, not a scan).
        let mut excepted: Vec<(usize, usize)> = match &self.exceptions {
            Some(ex) => ex
                .find_overlapping_iter(folded)
                .map(|m| (m.start(), m.end()))
                .collect(),
            None => Vec::new(),
        };
        excepted.sort_unstable();
        let mut furthest = 0;
        for span in &mut excepted {
            furthest = furthest.max(span.1);
            span.1 = furthest;
        }
        let covered = |start: usize, end: usize| {
            let index = excepted.partition_point(|&(s, _)| s <= start);
            index > 0 && excepted[index - 1].1 >= end
        };
        let mut hits: Vec<PhraseHit> = automaton
            .find_overlapping_iter(folded)
            .filter(|m| whole_word(folded, m.start(), m.end()))
            .filter(|m| !covered(m.start(), m.end()))
            .map(|m| PhraseHit {
                phrase: self.originals[m.pattern().as_usize()].clone(),
                tag: self.tags[m.pattern().as_usize()],
                start: m.start(),
                end: m.end(),
            })
            .collect();
        hits.sort_by_key(|h| (h.start, h.end));
        hits
    }
}

fn build(patterns: &[String]) -> Option<AhoCorasick> {
    if patterns.is_empty() {
        return None;
    }
    // The patterns are short strings from policy files; building cannot fail for them,
    // and if it ever did, an unusable list is treated as empty rather than panicking.
    AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(patterns)
        .ok()
}

/// NFKC and ASCII lower-case: how phrases and text are compared. After NFKC every
/// full-width Latin letter is ASCII, so ASCII case folding is all the lists need (and it
/// is several times cheaper than full Unicode lower-casing on a 1 MB body). Line breaks
/// are kept, so lines of the folded text match lines of the original.
pub fn fold(text: &str) -> String {
    let mut folded = Normalized::new(text).text;
    folded.make_ascii_lowercase();
    folded
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
        check(&["社長", "社長室"], "社長室より", &["社長", "社長室"]);
        check(&[], "anything", &[]);
        check(&["!only-exception"], "only-exception", &[]);
    }
}
