//! `display_name_spoof`: an outside address whose display name claims to be us — the
//! organisation's name, an internal address, or a role such as 社長 / 代表取締役 / CEO.
//! This is how the fake-社長 fraud gets a bank account number sent.
//!
//! A role alone is common in honest outside names (「ABC株式会社 代表取締役 山田」,
//! 「西日本トレーディング 経理部」), so a role counts only when the address is free-mail
//! or a look-alike of a protected domain — where impostors write from. The
//! organisation's name or an internal domain in the name always counts.
//!
//! The internal domain is looked for as people write it: after NFKC and lower-casing
//! (`ＳＡＫＵＲＡ－ＳＹＳ．ＣＯ．ＪＰ`), with any dash look-alike as `-`, in ASCII and, for an
//! IDN, in Unicode (`さくら.jp` as well as `xn--…`), inside an address-looking name
//! (`"info@sakura-sys.co.jp" <info@sakura-sys.info>`). Impostors also write the
//! domain without its suffix (`SAKURA-SYS 総務`), so its registrable label counts too,
//! as a whole word, when it is distinctive: a compound (`sakura-sys`, `abc2`), a long
//! word (ten letters or more) or an IDN label. A short plain word (`sakura`, `yamada`,
//! `suzuki`) is also a given name or a surname, and a generic one (`mail`, `info`,
//! `office`) is anybody's, so those count only as part of the full domain.

use super::Context;
use crate::domain::{registrable_domain, to_unicode_domain};
use crate::report::{CheckId, Finding};
use crate::text::phrases::fold;

/// Registrable labels too common to stand for one organisation.
const GENERIC_LABELS: &[&str] = &[
    "mail",
    "email",
    "info",
    "web",
    "www",
    "net",
    "office",
    "group",
    "corp",
    "company",
    "global",
    "japan",
    "nippon",
    "tokyo",
    "osaka",
    "support",
    "service",
    "services",
    "admin",
    "system",
    "systems",
    "home",
    "shop",
    "store",
    "online",
    "cloud",
    "example",
    "test",
    "member",
    "members",
    "staff",
    "tech",
    "soft",
    "contact",
    "business",
    "international",
];

/// How a display name may claim an internal domain.
#[derive(Debug)]
struct DomainForms {
    /// The domain as configured (ASCII), for the message.
    domain: String,
    /// The full domain, ASCII and (for an IDN) Unicode, folded.
    full: Vec<String>,
    /// The registrable label and its spellings (`sakura-sys`, `sakura sys`,
    /// `sakurasys`), when it is distinctive.
    label: Option<(String, Vec<String>)>,
}

impl DomainForms {
    fn new(domain: &str) -> DomainForms {
        let mut full = vec![fold(domain)];
        let unicode = fold(&to_unicode_domain(domain));
        if !full.contains(&unicode) {
            full.push(unicode);
        }
        let registrable = registrable_domain(domain);
        let ascii_label = registrable.split('.').next().unwrap_or("").to_owned();
        let uni_label = fold(&to_unicode_domain(&ascii_label));
        let label = distinctive(&ascii_label, &uni_label).then(|| {
            let mut forms = vec![uni_label.clone()];
            if ascii_label != uni_label {
                forms.push(ascii_label.clone());
            }
            if uni_label.contains('-') {
                forms.push(uni_label.replace('-', " "));
                forms.push(uni_label.replace('-', ""));
            }
            (uni_label, forms)
        });
        DomainForms {
            domain: domain.to_owned(),
            full,
            label,
        }
    }

    /// The claim a folded display name makes, if any.
    fn claim(&self, name: &str) -> Option<String> {
        if self
            .full
            .iter()
            .any(|f| !f.is_empty() && name.contains(f.as_str()))
        {
            return Some(format!("社内ドメイン {}", self.domain));
        }
        let (label, forms) = self.label.as_ref()?;
        forms
            .iter()
            .any(|f| contains_word(name, f))
            .then(|| format!("社内ドメイン名「{label}」"))
    }
}

/// Is a registrable label distinctive enough to stand for the organisation?
fn distinctive(ascii: &str, unicode: &str) -> bool {
    if !unicode.is_ascii() {
        return unicode.chars().count() >= 2;
    }
    ascii.len() >= 4
        && !GENERIC_LABELS.contains(&ascii)
        && (ascii.contains('-') || ascii.bytes().any(|b| b.is_ascii_digit()) || ascii.len() >= 10)
}

/// `needle` in `hay` not touching an ASCII letter, digit or `-` on either side (a
/// `.` may follow: `sakura-sys.net`).
fn contains_word(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-');
    hay.match_indices(needle).any(|(i, m)| {
        let before = hay.get(..i).and_then(|p| p.chars().next_back());
        let after = hay.get(i + m.len()..).and_then(|r| r.chars().next());
        !needle.is_ascii() || (!word(before) && !word(after))
    })
}

/// Dash look-alikes NFKC leaves alone, as `-` (a display name is not a number, so
/// everywhere, not only between digits).
fn dashes_to_hyphen(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
            | '\u{2212}' | '\u{30FC}' | '\u{FF70}' => '-',
            c => c,
        })
        .collect()
}

pub fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let level = ctx.policy.settings.severity.display_name_spoof;
    let org_names = &ctx.phrases.org_names;
    let roles = &ctx.phrases.roles;
    let mut domains: Option<Vec<DomainForms>> = None;
    for r in ctx.external_recipients() {
        let Some(name) = r.mailbox.name.as_deref() else {
            continue;
        };
        let folded = dashes_to_hyphen(&fold(name));
        let domains = domains.get_or_insert_with(|| {
            ctx.internal_domains
                .iter()
                .map(|d| DomainForms::new(d))
                .collect()
        });
        let claim = if let Some(hit) = org_names.find_all_folded(&folded).into_iter().next() {
            Some(format!("社名「{}」", hit.phrase))
        } else if let Some(claim) = domains.iter().find_map(|d| d.claim(&folded)) {
            Some(claim)
        } else {
            // A role alone: only from a personal address or a look-alike domain. On an
            // ordinary company domain 「経理部」「代表取締役」 are that company's own.
            let suspicious_address = r.freemail || ctx.lookalikes.find(&r.domain).is_some();
            // The first role named, in its longest listed form (社長秘書, not 社長).
            let hits = roles.find_all_folded(&folded);
            let first = hits.first().map(|h| h.start);
            hits.into_iter()
                .filter(|h| Some(h.start) == first)
                .max_by_key(|h| h.end)
                .filter(|_| suspicious_address)
                .map(|hit| format!("役職「{}」", hit.phrase))
        };
        let Some(claim) = claim else { continue };
        let message = if r.freemail {
            format!(
                "表示名「{name}」は{claim}を名乗っていますが、アドレス {} は個人のフリーメールです。なりすまし、または私用アドレスへの送信ではありませんか",
                r.mailbox.address
            )
        } else {
            format!(
                "表示名「{name}」は{claim}を名乗っていますが、アドレス {} は社外です。なりすましの可能性があります",
                r.mailbox.address
            )
        };
        if let Some(mut f) = ctx.finding(CheckId::DisplayNameSpoof, level, r.field, message) {
            f.subject_of = Some(r.address.clone());
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_claims() {
        let forms = DomainForms::new("sakura-sys.co.jp");
        for (name, claim) in [
            (
                "sakura-sys.co.jp 経理部",
                Some("社内ドメイン sakura-sys.co.jp"),
            ),
            (
                "info@sakura-sys.co.jp",
                Some("社内ドメイン sakura-sys.co.jp"),
            ),
            (
                "ＳＡＫＵＲＡ－ＳＹＳ．ＣＯ．ＪＰ",
                Some("社内ドメイン sakura-sys.co.jp"),
            ),
            ("SAKURA-SYS 総務", Some("社内ドメイン名「sakura-sys」")),
            ("SAKURA‐SYS 総務", Some("社内ドメイン名「sakura-sys」")),
            ("Sakura Sys 経理", Some("社内ドメイン名「sakura-sys」")),
            ("SakuraSys Support", Some("社内ドメイン名「sakura-sys」")),
            ("sakura-sys.com", Some("社内ドメイン名「sakura-sys」")),
            // Traps: other words that contain it, a name, the plain word alone.
            ("sakura-system 田中", None),
            ("Sakura Tanaka", None),
            ("山田 太郎", None),
            ("sakura", None),
        ] {
            let got = forms.claim(&dashes_to_hyphen(&fold(name)));
            assert_eq!(got.as_deref(), claim, "{name}");
        }
    }

    #[test]
    fn distinctive_labels() {
        for (domain, label) in [
            ("sakura-sys.co.jp", Some("sakura-sys")),
            ("mail.sakura-sys.co.jp", Some("sakura-sys")),
            ("abc2.jp", Some("abc2")),
            ("sakurasystem.co.jp", Some("sakurasystem")),
            ("xn--y8jl1nw59iebh.jp", Some("さくら商事")),
            ("sakura.co.jp", None),
            ("yamada.co.jp", None),
            ("mail.co.jp", None),
            ("info.jp", None),
            ("nec.co.jp", None),
            ("office-group.jp", Some("office-group")),
        ] {
            let forms = DomainForms::new(domain);
            assert_eq!(
                forms.label.as_ref().map(|l| l.0.as_str()),
                label,
                "{domain}"
            );
        }
        let idn = DomainForms::new("xn--y8jl1nw59iebh.jp");
        assert!(idn.claim(&fold("さくら商事.jp 総務")).is_some());
        assert!(idn.claim(&fold("xn--y8jl1nw59iebh.jp")).is_some());
    }
}
