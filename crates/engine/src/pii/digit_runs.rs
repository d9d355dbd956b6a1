//! The walk over every digit run of a text, and which detector classifies each: a phone
//! number, a postal code, a 12-digit number (My Number, licence), a card, a corporate
//! number, a bank account, the other IDs. The classifiers are leaves; only this module
//! knows them all, so none of them depends on another through it.

use super::candidates::{Around, Cand, around, for_each_sequence};
use super::keywords::Kw;
use super::{PiiType, Raw, Scan, bank, ids, numbers, phone, postal_address};

/// Walk every digit candidate and classify it.
pub(crate) fn scan(sc: &mut Scan<'_>) {
    let t = sc.t;
    // Nothing we classify has fewer than 7 digits, except a number right after
    // 被保険者番号.
    let min_digits = if sc.hits.iter().any(|h| h.kw == Kw::HealthNumber) {
        1
    } else {
        7
    };
    for_each_sequence(t, |seq| {
        seq.spans(t, min_digits, |c| {
            if sc.is_claimed(c.start..c.end) {
                return false;
            }
            let single_len = if c.n == 1 { c.nd } else { 0 };
            let mut a = around(t, c.start, c.end, single_len);
            let ordinal_end = a.ordinal && t.get(c.end..).is_some_and(|r| r.starts_with('号'));
            if let Some(q) = a.unit_at.filter(|_| !ordinal_end) {
                let i = sc.hits.partition_point(|h| h.start < q);
                if sc.hits.get(i).is_none_or(|h| h.start != q) {
                    a.trap = true;
                }
            }
            if in_url(sc.b, c.start) {
                // https://example.com/item/123456789018: part of an address.
                a.trap = true;
            }
            match classify(sc, c, &a) {
                Some(raw) => {
                    sc.push_unclaimed(raw);
                    true
                }
                None => false,
            }
        });
    });
}

fn classify(sc: &Scan<'_>, c: &Cand, a: &Around<'_>) -> Option<Raw> {
    if a.trap {
        return None;
    }
    if a.ordinal {
        // 第…号 / 第…: only a driver's licence number is written so.
        return numbers::classify_twelve(sc, c).filter(|r| r.kind == PiiType::DriversLicense);
    }
    if !a.letters_before.is_empty() || !a.letters_after.is_empty() {
        // Only the letter-number identifiers (passport, residence card, invoice
        // number) may have letters glued on.
        return ids::classify_lettered(sc, c, a);
    }
    phone::classify(sc, c, a)
        .or_else(|| postal_address::classify_postal(sc, c))
        .or_else(|| numbers::classify_twelve(sc, c))
        .or_else(|| numbers::classify_card(sc, c))
        .or_else(|| numbers::classify_corporate(sc, c, false))
        .or_else(|| bank::classify(sc, c))
        .or_else(|| ids::classify_digits(sc, c))
}

/// Is `pos` inside a URL (`scheme://` earlier in the same run of non-space ASCII)?
fn in_url(b: &[u8], pos: usize) -> bool {
    let mut p = pos;
    let lim = pos.saturating_sub(512);
    while p > lim && b[p - 1].is_ascii_graphic() {
        p -= 1;
    }
    b.get(p..pos)
        .is_some_and(|run| run.windows(3).any(|w| w == b"://"))
}
