//! Domain names as sendguard compares them: lower-case ASCII (punycode for IDN), and the
//! one rule for "internal": the domain itself or any subdomain of it.

pub use crate::lookalike::{registrable_domain, to_ascii_domain, to_unicode_domain};

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
    fn idn() {
        assert_eq!(to_ascii_domain("日本語.JP"), "xn--wgv71a119e.jp");
        assert_eq!(to_ascii_domain("Example.CO.JP."), "example.co.jp");
        assert_eq!(to_unicode_domain("xn--wgv71a119e.jp"), "日本語.jp");
    }
}
