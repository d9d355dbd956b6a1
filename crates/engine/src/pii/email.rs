//! E-mail addresses in content.
//!
//! Why: an address in the body or in an attachment is someone's contact data, and a
//! column of them is a list of people (the check contract's `email_address`). The
//! scan starts at each `@` (found with a fast byte search; NFKC has already turned
//! `＠` into `@`) and grows the local part and the domain from there, which is both
//! faster and more predictable than a regex over the whole text. The domain needs a
//! dot and an alphabetic top-level label of two letters or more.

use super::keywords::Kw;
use super::{PiiType, Raw, Scan};
use crate::mask::mask_email;

/// Longest local part (RFC 5321).
const MAX_LOCAL: usize = 64;
/// Longest domain (RFC 5321).
const MAX_DOMAIN: usize = 255;

fn local_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-')
}

fn domain_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-')
}

pub(crate) fn scan(sc: &mut Scan<'_>) {
    let t = sc.t;
    let b = sc.b;
    let mut from = 0;
    let mut found = Vec::new();
    while let Some(off) = t.get(from..).and_then(|r| r.find('@')) {
        let at = from + off;
        from = at + 1;
        let mut s = at;
        while s > 0 && at - s < MAX_LOCAL && local_byte(b[s - 1]) {
            s -= 1;
        }
        while s < at && b[s] == b'.' {
            s += 1;
        }
        if s == at || b[at - 1] == b'.' {
            continue;
        }
        let mut e = at + 1;
        while e < b.len() && e - at <= MAX_DOMAIN && domain_byte(b[e]) {
            e += 1;
        }
        while e > at + 1 && matches!(b[e - 1], b'.' | b'-') {
            e -= 1;
        }
        let Some(domain) = t.get(at + 1..e) else {
            continue;
        };
        let labels_ok = domain
            .split('.')
            .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'));
        let tld_ok = domain
            .rsplit('.')
            .next()
            .is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|c| c.is_ascii_alphabetic()));
        if !domain.contains('.') || !labels_ok || !tld_ok {
            continue;
        }
        found.push((s, e));
        from = e;
    }
    for (s, e) in found {
        let Some(value) = t.get(s..e) else { continue };
        sc.push(Raw {
            kind: PiiType::EmailAddress,
            start: s,
            end: e,
            labelled: sc.has_near(s, e, &[Kw::Email]),
            weak: false,
            evidence: mask_email(value),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::PiiType::*;
    use super::super::test_util::check_kinds;

    fn check(input: &str, expected: &str) {
        check_kinds(&[EmailAddress, PhoneNumber, MyNumber], input, expected);
    }

    #[test]
    fn addresses() {
        check(
            "yamada@partner.co.jp",
            "email_address(yamada@partner.co.jp)",
        );
        check(
            "メール：yamada@partner.co.jp",
            "email_address+L(yamada@partner.co.jp)",
        );
        check(
            "連絡はtaro.yamada+news@example.com まで",
            "email_address(taro.yamada+news@example.com)",
        );
        check(
            "ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｃｏｍ",
            "email_address(ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｃｏｍ)",
        );
        check(
            "<a@b.jp>, <c@d.jp>",
            "email_address(a@b.jp) email_address(c@d.jp)",
        );
        check(
            "mailto:info@example.co.jp.",
            "email_address(info@example.co.jp)",
        );
        check(
            "090-1234-5678@docomo.ne.jp",
            "email_address(090-1234-5678@docomo.ne.jp)",
        );
        check(
            "123456789018@example.com",
            "email_address(123456789018@example.com)",
        );
    }

    #[test]
    fn not_addresses() {
        check("@", "");
        check("a@b", "");
        check("a@b.c", "");
        check("a@.jp", "");
        check("@example.com", "");
        check("user@localhost", "");
        check("a@b.123", "");
        check("twitter: @sendguard", "");
        check("x@-a.jp", "");
    }
}
