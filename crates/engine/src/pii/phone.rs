//! Japanese phone numbers.
//!
//! Why these rules: Japanese numbers have a fixed length once the leading 0 is put
//! back (10 digits for landlines, 11 for mobile/IP/0800), and the way they are grouped
//! tells them apart from dates (`2024-03-15`), postal codes (`100-0005`) and amounts:
//! the subscriber part is always 4 digits, the area code 2–5 digits with its 0.
//! Mobile (070/080/090, old 060) and IP (050) numbers are distinctive even unbroken;
//! an unbroken 10-digit landline is only taken when a phone keyword is its nearest
//! label. Free-dial / navi-dial numbers (0120, 0800, 0570) are businesses, reported as
//! weak. `+81` forms drop the 0 (`+81-90-1234-5678`, `+81 3 1234 5678`, `+81(0)3…`).

use super::candidates::{Around, Cand, MAX_DIGITS, MAX_GROUPS};
use super::keywords::COMPETING;
use super::keywords::Kw;
use super::{PiiType, Raw, Scan, evidence};
use crate::mask::mask_digits;

pub(crate) fn classify(sc: &Scan<'_>, c: &Cand, a: &Around<'_>) -> Option<Raw> {
    let groups = c.groups();
    let d = c.digits();
    let mut nat = [0u8; MAX_DIGITS + 1];
    let mut nn = 0;
    let mut lens = [0usize; MAX_GROUPS];
    let mut nl = 0;
    let mut gi = 0;
    let intl = a.plus && sc.t.get(groups.first()?.start..groups.first()?.end) == Some("81");
    if intl {
        gi = 1;
        // +81(0)3-…: the trunk 0 written in parentheses.
        if c.n > 2
            && sc.t.get(groups[1].start..groups[1].end) == Some("0")
            && c.seps[0] == b'('
            && c.seps[1] == b')'
        {
            gi = 2;
        }
        if gi >= c.n {
            return None;
        }
        nat[0] = b'0';
        nn = 1;
    } else if d.first() != Some(&b'0') {
        return None;
    }
    for (k, g) in groups.iter().enumerate().skip(gi) {
        for &x in sc.b.get(g.start..g.end)? {
            *nat.get_mut(nn)? = x;
            nn += 1;
        }
        lens[nl] = g.len() + usize::from(intl && k == gi);
        nl += 1;
    }
    let nat = &nat[..nn];
    let lens = &lens[..nl];
    if nat.get(1) == Some(&b'0') {
        // 00…: international call prefixes, not numbers people give.
        return None;
    }
    let single = nl == 1;
    let starts = |p: &[u8]| nat.starts_with(p);
    let (ok_shape, weak, needs_label) = if starts(b"0120") || starts(b"0570") {
        (
            nn == 10 && matches!(lens, [10] | [4, 3, 3] | [4, 2, 4] | [4, 6]),
            true,
            false,
        )
    } else if starts(b"0800") {
        (
            nn == 11 && matches!(lens, [11] | [4, 3, 4] | [4, 7]),
            true,
            false,
        )
    } else if [b"070", b"080", b"090", b"060", b"050"]
        .iter()
        .any(|p| starts(*p))
    {
        (
            nn == 11 && matches!(lens, [11] | [3, 4, 4] | [3, 8]),
            false,
            false,
        )
    } else if starts(b"020") {
        (false, false, false)
    } else if nn == 10 {
        match lens {
            [10] => (true, false, true),
            [a, b, 4] => ((2..=5).contains(a) && a + b == 6, false, false),
            [a, b] => ((2..=5).contains(a) && a + b == 10, false, true),
            _ => (false, false, false),
        }
    } else {
        (false, false, false)
    };
    if !ok_shape {
        return None;
    }
    let hit = sc.resolve(c.start, c.end, &[Kw::Phone], COMPETING);
    let labelled = hit.is_some_and(|h| h.kw == Kw::Phone);
    if (needs_label || single) && hit.is_some() && !labelled {
        // An unbroken number whose nearest keyword names another kind of number.
        return None;
    }
    if needs_label && !labelled {
        return None;
    }
    // Include the `+` of +81 and the `(` of (03).
    let start = if intl || (a.open_paren && c.seps().first() == Some(&b')')) {
        c.start.saturating_sub(1)
    } else {
        c.start
    };
    let end = c.end;
    let value = sc.t.get(start..end)?;
    Some(Raw {
        kind: PiiType::PhoneNumber,
        start,
        end,
        labelled,
        weak,
        evidence: evidence(
            if labelled {
                hit.map(|h| sc.hit_text(&h))
            } else {
                None
            },
            mask_digits(value),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::super::PiiType::*;
    use super::super::test_util::check_kinds;

    fn check(input: &str, expected: &str) {
        check_kinds(&[PhoneNumber], input, expected);
    }

    #[test]
    fn mobile_and_ip() {
        check("090-1234-5678", "phone_number(090-1234-5678)");
        check("携帯：080-1234-5678", "phone_number+L(080-1234-5678)");
        check("070 1234 5678", "phone_number(070 1234 5678)");
        check("09012345678", "phone_number(09012345678)");
        check("携帯09012345678です", "phone_number+L(09012345678)");
        check(
            "０９０ー１２３４ー５６７８",
            "phone_number(０９０ー１２３４ー５６７８)",
        );
        check("090‐1234‐5678", "phone_number(090‐1234‐5678)");
        check("090−1234−5678", "phone_number(090−1234−5678)");
        check("IP電話 050-1234-5678", "phone_number+L(050-1234-5678)");
        check("TEL090-1234-5678", "phone_number+L(090-1234-5678)");
        check("Tel:090-1234-5678", "phone_number+L(090-1234-5678)");
    }

    #[test]
    fn landlines() {
        check("TEL 03-1234-5678", "phone_number+L(03-1234-5678)");
        check(
            "電話：０３－１２３４－５６７８",
            "phone_number+L(０３－１２３４－５６７８)",
        );
        check("電話 03ー1234ー5678", "phone_number+L(03ー1234ー5678)");
        check("03−1234−5678（代表）", "phone_number+L(03−1234−5678)");
        check("0466-12-3456", "phone_number(0466-12-3456)");
        check("099-123-4567", "phone_number(099-123-4567)");
        check("03-1234-5678", "phone_number(03-1234-5678)");
        check("(03)1234-5678", "phone_number((03)1234-5678)");
        check("電話 (03) 1234-5678", "phone_number+L((03) 1234-5678)");
        check("03(1234)5678", "phone_number(03(1234)5678)");
        check("0422-12-3456", "phone_number(0422-12-3456)");
        check("06-6123-4567", "phone_number(06-6123-4567)");
        check("011-123-4567", "phone_number(011-123-4567)");
        check("01234-5-6789", "phone_number(01234-5-6789)");
        check("03 1234 5678", "phone_number(03 1234 5678)");
        check("℡ 0312345678", "phone_number+L(0312345678)");
        check("電話番号：0312345678", "phone_number+L(0312345678)");
        check("FAX 03-1234-5679", "phone_number+L(03-1234-5679)");
        check(
            "TEL 03-1234-5678 FAX 03-1234-5679",
            "phone_number+L(03-1234-5678) phone_number+L(03-1234-5679)",
        );
    }

    #[test]
    fn international() {
        check("+81-90-1234-5678", "phone_number(+81-90-1234-5678)");
        check("+81 3 1234 5678", "phone_number(+81 3 1234 5678)");
        check("Tel: +81-3-1234-5678", "phone_number+L(+81-3-1234-5678)");
        check("+81(0)3-1234-5678", "phone_number(+81(0)3-1234-5678)");
        check("+8190-1234-5678", "");
        check("81-90-1234-5678", "");
    }

    #[test]
    fn toll_free_is_weak() {
        check("0120-123-456", "phone_number+W(0120-123-456)");
        check(
            "フリーダイヤル 0120-12-3456",
            "phone_number+W(0120-12-3456)",
        );
        check("0800-123-4567", "phone_number+W(0800-123-4567)");
        check("ナビダイヤル 0570-123-456", "phone_number+W(0570-123-456)");
        check("電話 0120-123-456", "phone_number+L+W(0120-123-456)");
    }

    #[test]
    fn traps() {
        check("2024-03-15", "");
        check("2024/03/15 10:30", "");
        check("10:30-12:00", "");
        check("¥1,234,567", "");
        check("100-0005", "");
        check("0312345678", "");
        check("注文番号 0312345678", "");
        check("03-1234-567", "");
        check("03-1234-56789", "");
        check("090-1234-5678-9", "");
        check("0090-1234-5678", "");
        check("00-1234-5678", "");
        check("0312-34-5678円", "");
        check("3.03-1234-5678", "");
        check("ABC03-1234-5678", "");
        check("1234-5678", "");
        check("020-1234-5678", "");
        check("1985-04-01", "");
        check("2024.03.15", "");
        check("12:30〜13:30", "");
        check("〒100-0005", "");
        check("v0312345678", "");
        check("0312345678円", "");
        check("http://example.com/page?id=0312345678", "");
    }
}
