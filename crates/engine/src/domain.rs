//! Domain names as sendguard compares them: lower-case ASCII (punycode for IDN, IDNA
//! UTS #46), the registrable domain from the public suffix list, and the one rule for
//! "internal": the domain itself or any subdomain of it. The one owner of these rules:
//! the look-alike check, the policy, the app's settings and the redactor all call here.

/// A mail domain as people type it (`@Sakura-Sys.co.jp `, `さくら.jp`), in the form
/// sendguard stores and compares: lower-case ASCII, punycode for IDN. `None` when it is
/// not a domain of at least two labels (IDNA UTS #46 and the letter-digit-hyphen rule).
pub fn parse_domain(raw: &str) -> Option<String> {
    let text = raw.trim().trim_start_matches('@').trim_end_matches('.');
    if text.is_empty() || text.contains(|c: char| c.is_whitespace() || c == '@') {
        return None;
    }
    let ascii = idna::domain_to_ascii(text).ok()?;
    let labels: Vec<&str> = ascii.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    (labels.len() >= 2 && ascii.len() <= 253 && labels.iter().all(label_ok)).then_some(ascii)
}

/// True when `domain` is `parent` or a subdomain of it (`mail.example.co.jp` is under
/// `example.co.jp`; `badexample.co.jp` is not).
pub fn is_same_or_subdomain(domain: &str, parent: &str) -> bool {
    let parent = parent.trim_start_matches('.');
    if parent.is_empty() {
        return false;
    }
    domain == parent
        || (domain.len() > parent.len()
            && domain.ends_with(parent)
            && domain.as_bytes()[domain.len() - parent.len() - 1] == b'.')
}

/// Lower-case IDNA (UTS #46) conversion to ASCII/punycode. Surrounding spaces,
/// anything up to the last `@` and one trailing root dot are removed. When the
/// whole domain fails IDNA, each label is converted on its own and a failing
/// label is returned lower-cased as given.
pub fn to_ascii_domain(domain: &str) -> String {
    let s = clean(domain);
    let out = match idna::domain_to_ascii(s) {
        Ok(a) => a,
        Err(_) => s
            .split('.')
            .map(label_to_ascii)
            .collect::<Vec<_>>()
            .join("."),
    };
    strip_root(out)
}

/// Unicode form of a domain for display: normalised like [`to_ascii_domain`],
/// then each valid `xn--` label decoded; invalid punycode labels stay as they are.
pub fn to_unicode_domain(domain: &str) -> String {
    to_ascii_domain(domain)
        .split('.')
        .map(label_to_unicode)
        .collect::<Vec<_>>()
        .join(".")
}

/// Registrable domain (eTLD+1) in ASCII form, from the public suffix list;
/// when the list gives none (a bare public suffix, empty labels, …) the last
/// two labels of the normalised input (or the whole of it when it has one).
pub fn registrable_domain(domain: &str) -> String {
    let ascii = to_ascii_domain(domain);
    let labels: Vec<&str> = ascii.split('.').collect();
    if labels.len() >= 2 && labels.iter().all(|l| !l.is_empty()) {
        let n = suffix_label_count(&ascii);
        if n < labels.len() {
            return labels[labels.len() - n - 1..].join(".");
        }
    }
    let mut rev = ascii.rsplitn(3, '.');
    match (rev.next(), rev.next()) {
        (Some(last), Some(prev)) => format!("{prev}.{last}"),
        _ => ascii,
    }
}

/// Removes surrounding space, anything up to the last `@` and one root dot.
pub(crate) fn clean(input: &str) -> &str {
    let s = input.trim();
    let s = s.rsplit_once('@').map_or(s, |(_, d)| d).trim();
    s.strip_suffix('.').unwrap_or(s)
}

fn strip_root(mut s: String) -> String {
    if s.ends_with('.') {
        s.pop();
    }
    s
}

fn label_to_ascii(label: &str) -> String {
    match idna::domain_to_ascii(label) {
        Ok(a) if !a.contains('.') => a,
        _ => label.to_lowercase(),
    }
}

pub(crate) fn label_to_unicode(label: &str) -> String {
    if !label.starts_with("xn--") {
        return label.to_owned();
    }
    match idna::domain_to_unicode(label) {
        (u, Ok(())) if !u.contains('.') && !u.is_empty() => u,
        _ => label.to_owned(),
    }
}

/// Number of labels in the public suffix of a lower-case ASCII domain
/// (at least 1 for a non-empty domain: unknown TLDs count as suffixes).
pub(crate) fn suffix_label_count(ascii: &str) -> usize {
    psl::suffix(ascii.as_bytes())
        .map_or(1, |s| s.trim().as_bytes().split(|b| *b == b'.').count())
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subdomains() {
        for (domain, parent, expected) in [
            ("example.co.jp", "example.co.jp", true),
            ("mail.example.co.jp", "example.co.jp", true),
            ("badexample.co.jp", "example.co.jp", false),
            ("example.co.jp.evil.com", "example.co.jp", false),
            ("example.co.jp", "", false),
        ] {
            assert_eq!(
                is_same_or_subdomain(domain, parent),
                expected,
                "{domain} {parent}"
            );
        }
    }

    #[test]
    fn typed_domains() {
        assert_eq!(
            parse_domain(" @Sakura-Sys.co.jp. ").as_deref(),
            Some("sakura-sys.co.jp")
        );
        assert_eq!(parse_domain("さくら.jp").as_deref(), Some("xn--y8jl1n.jp"));
        for bad in [
            "sakura_sys.co.jp",
            "localhost",
            "a..jp",
            "-a.jp",
            "山田 商事.jp",
            "a@b.jp",
            "",
        ] {
            assert_eq!(parse_domain(bad), None, "{bad}");
        }
    }

    #[test]
    fn idn() {
        assert_eq!(to_ascii_domain("日本語.JP"), "xn--wgv71a119e.jp");
        assert_eq!(to_ascii_domain("Example.CO.JP."), "example.co.jp");
        assert_eq!(to_unicode_domain("xn--wgv71a119e.jp"), "日本語.jp");
    }
}
