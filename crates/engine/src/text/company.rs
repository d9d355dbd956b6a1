//! The company a recipient's display name names (「ABC商事 中島 様」 → ABC商事), so the
//! dialog can show outside recipients under the company people think of. The words that
//! make a name a company's are policy lists (`corporate-markers.txt`,
//! `company-words.txt`); the role words that must not be taken for one
//! (「代表取締役 桜井」) are `spoof-roles.txt`. A guess only when the name makes it
//! obvious: otherwise none.

use crate::policy::Lists;

const HONORIFICS: [&str; 5] = ["様", "さま", "さん", "殿", "御中"];

/// The company part of one display name, if it has one.
pub(crate) fn company_of(display_name: &str, lists: &Lists) -> Option<String> {
    let tokens: Vec<&str> = display_name
        .split(|c: char| c.is_whitespace())
        .filter(|t| !t.is_empty() && !HONORIFICS.contains(t))
        .collect();
    let first = tokens.first()?.trim_end_matches(['様']);
    let first = first.strip_suffix("御中").unwrap_or(first);
    if first.is_empty() || first.contains('@') || is_role(first, lists) {
        return None;
    }
    let lower = first.to_lowercase();
    let marked = lists
        .corporate_markers
        .iter()
        .chain(lists.company_words.iter().filter(|w| !w.starts_with('!')))
        .any(|word| is_word_in(&lower, &word.to_lowercase()));
    // 「ミナトソフト 小林」: a long Japanese first word before a name reads as a company
    // (a long English first word is a given name: 「Jennifer Smith」).
    let long_japanese = tokens.len() >= 2 && first.chars().count() >= 5 && !first.is_ascii();
    (marked || long_japanese).then(|| first.to_owned())
}

/// Recipients of one domain with no company of their own, two or more of whose display
/// names start with the same word (「ミナト 山田」, 「ミナト 小林」): that word is their
/// company. Only for a domain where no name named one.
pub(crate) fn share_first_words(recipients: &mut [crate::report::RecipientReport], lists: &Lists) {
    let mut domains: Vec<String> = recipients.iter().map(|r| r.domain.clone()).collect();
    domains.sort();
    domains.dedup();
    for domain in domains {
        let group = |r: &&mut crate::report::RecipientReport| r.domain == domain;
        if recipients
            .iter_mut()
            .filter(group)
            .any(|r| r.company.is_some())
        {
            continue;
        }
        let first_words: Vec<Option<String>> = recipients
            .iter()
            .map(|r| {
                let name = r.name.as_deref().filter(|_| r.domain == domain)?;
                let tokens: Vec<&str> = name
                    .split(char::is_whitespace)
                    .filter(|t| !t.is_empty())
                    .collect();
                (tokens.len() >= 2 && !is_role(tokens[0], lists)).then(|| tokens[0].to_owned())
            })
            .collect();
        let shared = first_words.iter().flatten().find(|w| {
            first_words
                .iter()
                .flatten()
                .filter(|other| other == w)
                .count()
                >= 2
        });
        if let Some(shared) = shared.cloned() {
            for (r, word) in recipients.iter_mut().zip(&first_words) {
                if word.as_deref() == Some(shared.as_str()) {
                    r.company = Some(shared.clone());
                }
            }
        }
    }
}

/// A job title or department alone (「代表取締役」, 「部長」): never a company. The roles
/// of `spoof-roles.txt` and the `!` entries of `company-words.txt`.
fn is_role(word: &str, lists: &Lists) -> bool {
    // Every role of spoof-roles.txt, its `!` entries included (PTA会長 is a role that is
    // not worth a spoofing warning, and no company either).
    let roles = lists.spoof_roles.iter().map(|r| r.trim_start_matches('!'));
    let titles = lists
        .company_words
        .iter()
        .filter_map(|w| w.strip_prefix('!'));
    roles.chain(titles).any(|r| r.eq_ignore_ascii_case(word))
}

/// `word` in `text`; an ASCII word (Inc, Ltd) only as a whole word, so `co` does not
/// match inside `costco`.
fn is_word_in(text: &str, word: &str) -> bool {
    if !word.is_ascii() {
        return text.contains(word);
    }
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric())
            && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_company_only_when_obvious() {
        let lists = Lists::builtin();
        let company = |name: &str| company_of(name, &lists);
        assert_eq!(company("ABC商事 中島 様").as_deref(), Some("ABC商事"));
        assert_eq!(
            company("株式会社みなと 田中").as_deref(),
            Some("株式会社みなと")
        );
        assert_eq!(
            company("ミナトソフト 小林").as_deref(),
            Some("ミナトソフト")
        );
        assert_eq!(company("Sakura-Corp 山田").as_deref(), Some("Sakura-Corp"));
        assert_eq!(company("AcmeInc John"), None);
        assert_eq!(
            company("sakura-sys.co.jp 経理部"),
            None,
            "a domain is no company, though `co` sits in it"
        );
        assert_eq!(company("代表取締役 桜井"), None);
        assert_eq!(company("カエデ電機 髙橋 様").as_deref(), Some("カエデ電機"));
        assert_eq!(
            company("ミナトソフト 山田 花子").as_deref(),
            Some("ミナトソフト")
        );
        assert_eq!(
            company("青山社労士事務所").as_deref(),
            Some("青山社労士事務所")
        );
        assert_eq!(
            company("西日本トレーディング 森田").as_deref(),
            Some("西日本トレーディング")
        );
        for none in [
            "山田 太郎",
            "吉田 様",
            "Emi Kondo",
            "Jennifer Smith",
            "藤井 隆（個人）",
            "PTA会長 山田",
            "sakura@sakura-sys.co.jp 様",
        ] {
            assert_eq!(company(none), None, "{none}");
        }
        assert_eq!(company("田中様"), None);
        assert_eq!(company(""), None);
    }

    #[test]
    fn a_first_word_two_names_share_is_their_company() {
        let lists = Lists::builtin();
        let person = |name: &str, domain: &str| crate::report::RecipientReport {
            address: format!("x@{domain}"),
            name: Some(name.to_owned()),
            field: crate::draft::Field::To,
            domain: domain.to_owned(),
            external: true,
            freemail: false,
            company: company_of(name, &lists),
        };
        let mut rs = vec![
            person("ミナト 山田", "minato.example"),
            person("ミナト 小林", "minato.example"),
            person("部長 田中", "other.example"),
            person("部長 佐藤", "other.example"),
        ];
        share_first_words(&mut rs, &lists);
        assert_eq!(rs[0].company.as_deref(), Some("ミナト"));
        assert_eq!(rs[1].company.as_deref(), Some("ミナト"));
        // Two people titled alike are not a company.
        assert_eq!(rs[2].company, None);
        assert_eq!(rs[3].company, None);
    }
}
