//! Digit-run classification: My Number, corporate number, credit card (the dispatch
//! over every digit run is `digit_runs.rs`).
//!
//! Why here: the three share the hardest ambiguity. A 12-digit number passes the My
//! Number check one time in ten, so without a label it is only a weak signal, and a
//! tracking, order or licence keyword nearer to it explains it away; a 13-digit
//! number is never a My Number even when its last 12 digits pass the check (it is a
//! corporate number, a JAN code, or something else); card numbers need both the Luhn
//! check and a real brand prefix.

use super::candidates::Cand;
use super::keywords::{COMPETING, Kw};
use super::{PiiType, Raw, Scan, evidence};
use crate::mask::mask_digits;

/// The My Number check digit (個人番号 check, official): weights 6 5 4 3 2 7 6 5 4 3 2
/// over the first 11 digits; r = Σ mod 11; check = 0 if r ≤ 1 else 11 − r.
pub fn my_number_valid(digits: &[u8]) -> bool {
    if digits.len() != 12 || !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    const W: [u32; 11] = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let sum: u32 = digits[..11]
        .iter()
        .zip(W)
        .map(|(&d, w)| u32::from(d - b'0') * w)
        .sum();
    let r = sum % 11;
    let cd = if r <= 1 { 0 } else { 11 - r };
    u32::from(digits[11] - b'0') == cd
}

/// The corporate number check (法人番号, official): the first digit is the check
/// digit; over the 12-digit base counted from the right, weight 1 at odd positions and
/// 2 at even; check = 9 − (Σ mod 9).
pub fn corporate_number_valid(digits: &[u8]) -> bool {
    if digits.len() != 13 || !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = digits[1..]
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| u32::from(d - b'0') * if i % 2 == 0 { 1 } else { 2 })
        .sum();
    u32::from(digits[0] - b'0') == 9 - sum % 9
}

/// Luhn check (card numbers).
pub fn luhn_valid(digits: &[u8]) -> bool {
    if digits.len() < 2 || !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let v = u32::from(d - b'0');
            if i % 2 == 1 {
                let x = v * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                v
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// EAN-13 / JAN check digit.
pub fn ean13_valid(digits: &[u8]) -> bool {
    if digits.len() != 13 || !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = digits[..12]
        .iter()
        .enumerate()
        .map(|(i, &d)| u32::from(d - b'0') * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    u32::from(digits[12] - b'0') == (10 - sum % 10) % 10
}

/// Card brands by prefix and length (Visa, Mastercard, Amex, JCB, Diners, Discover).
pub fn card_brand(digits: &[u8]) -> Option<&'static str> {
    let n = digits.len();
    // The first k digits as a number (0 if there are fewer).
    let p = |k: usize| -> u32 {
        digits.get(..k).map_or(0, |d| {
            d.iter().fold(0, |acc, &x| acc * 10 + u32::from(x - b'0'))
        })
    };
    if n == 15 && matches!(p(2), 34 | 37) {
        return Some("amex");
    }
    if (13..=19).contains(&n) && matches!(n, 13 | 16 | 19) && p(1) == 4 {
        return Some("visa");
    }
    if n == 16 && ((51..=55).contains(&p(2)) || (2221..=2720).contains(&p(4))) {
        return Some("mastercard");
    }
    if (16..=19).contains(&n) && (3528..=3589).contains(&p(4)) {
        return Some("jcb");
    }
    if (14..=19).contains(&n) && ((300..=305).contains(&p(3)) || matches!(p(2), 36 | 38 | 39)) {
        return Some("diners");
    }
    if (16..=19).contains(&n) && (p(4) == 6011 || (644..=649).contains(&p(3)) || p(2) == 65) {
        return Some("discover");
    }
    None
}

/// 12 digits: My Number, driver's licence, or nothing.
pub(super) fn classify_twelve(sc: &Scan<'_>, c: &Cand) -> Option<Raw> {
    if !c.plain_or_fours(12) || (c.n > 1 && c.n != 3) || c.slice_of_spaced_run(sc.b) {
        return None;
    }
    let valid = my_number_valid(c.digits());
    let hit = sc.resolve(c.start, c.end, &[Kw::MyNumber, Kw::Drivers], COMPETING);
    let value = sc.t.get(c.start..c.end)?;
    match hit.map(|h| h.kw) {
        Some(Kw::Drivers) => {
            let h = hit?;
            Some(Raw {
                kind: PiiType::DriversLicense,
                start: c.start,
                end: c.end,
                labelled: true,
                weak: false,
                evidence: evidence(Some(sc.hit_text(&h)), mask_digits(value)),
            })
        }
        Some(Kw::MyNumber) if valid => {
            let h = hit?;
            Some(Raw {
                kind: PiiType::MyNumber,
                start: c.start,
                end: c.end,
                labelled: true,
                weak: false,
                evidence: evidence(Some(sc.hit_text(&h)), mask_digits(value)),
            })
        }
        None if valid => Some(Raw {
            kind: PiiType::MyNumber,
            start: c.start,
            end: c.end,
            labelled: false,
            weak: true,
            evidence: mask_digits(value),
        }),
        _ => None,
    }
}

/// 13 digits: corporate number (or, with `invoice`, the digits of `T` + 13).
pub(crate) fn classify_corporate(sc: &Scan<'_>, c: &Cand, invoice: bool) -> Option<Raw> {
    if c.n != 1 || c.nd != 13 {
        return None;
    }
    let d = c.digits();
    let value = sc.t.get(c.start..c.end)?;
    if !invoice && matches!(&d[..2], b"45" | b"49") && ean13_valid(d) {
        let hit = sc.resolve(c.start, c.end, &[Kw::Corporate], &[Kw::Product, Kw::Order]);
        if hit.is_none_or(|h| h.kw != Kw::Corporate) {
            // A JAN code (or at least as likely one as a corporate number).
            return None;
        }
    }
    if !corporate_number_valid(d) {
        return None;
    }
    let hit = sc.near(c.start, c.end, &[Kw::Corporate]);
    Some(Raw {
        kind: PiiType::CorporateNumber,
        start: c.start,
        end: c.end,
        labelled: invoice || hit.is_some(),
        weak: false,
        evidence: evidence(hit.map(|h| sc.hit_text(&h)), mask_digits(value)),
    })
}

/// Credit card numbers: 13–19 digits, plain or in the printed groupings, Luhn valid,
/// a known brand prefix.
pub(super) fn classify_card(sc: &Scan<'_>, c: &Cand) -> Option<Raw> {
    if !(13..=19).contains(&c.nd) || !c.uniform_sep(b"- ") {
        return None;
    }
    let shape_ok = c.n == 1
        || c.groups()
            .iter()
            .enumerate()
            .all(|(i, g)| g.len() == 4 || (i + 1 == c.n && g.len() <= 4))
        || c.shape_is(&[4, 6, 5])
        || c.shape_is(&[4, 6, 4]);
    if !shape_ok || c.slice_of_spaced_run(sc.b) {
        return None;
    }
    let d = c.digits();
    if !luhn_valid(d) || card_brand(d).is_none() {
        return None;
    }
    let hit = sc.resolve(c.start, c.end, &[Kw::Card], COMPETING);
    let labelled = hit.is_some_and(|h| h.kw == Kw::Card);
    if hit.is_some() && !labelled {
        // Nearest keyword says order / tracking / another kind of number.
        return None;
    }
    if c.nd == 13 && !labelled {
        // 13-digit Visa numbers are history; a bare 13-digit number is a corporate
        // number or a JAN code far more often.
        return None;
    }
    let value = sc.t.get(c.start..c.end)?;
    Some(Raw {
        kind: PiiType::CreditCard,
        start: c.start,
        end: c.end,
        labelled,
        weak: false,
        evidence: evidence(hit.map(|h| sc.hit_text(&h)), mask_digits(value)),
    })
}

#[cfg(test)]
mod tests {
    use super::super::PiiType::*;
    use super::super::test_util::check_kinds;
    use super::*;

    fn check(input: &str, expected: &str) {
        check_kinds(
            &[MyNumber, CorporateNumber, CreditCard, DriversLicense],
            input,
            expected,
        );
    }

    #[test]
    fn check_digits() {
        for ok in [
            "123456789018",
            "987654321093",
            "314159265352",
            "621498320257",
        ] {
            assert!(my_number_valid(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "621498320258",
            "123456789019",
            "12345678901",
            "12345678901a",
        ] {
            assert!(!my_number_valid(bad.as_bytes()), "{bad}");
        }
        for ok in ["7123456789012", "4011001098993", "2120901007402"] {
            assert!(corporate_number_valid(ok.as_bytes()), "{ok}");
        }
        assert!(!corporate_number_valid(b"7123456789013"));
        assert!(!corporate_number_valid(b"123456789018"));
        assert!(luhn_valid(b"4111111111111111"));
        assert!(!luhn_valid(b"4111111111111112"));
        assert!(ean13_valid(b"4901234567894"));
        assert!(!ean13_valid(b"4901234567895"));
        assert_eq!(card_brand(b"4111111111111111"), Some("visa"));
        assert_eq!(card_brand(b"5500000000000004"), Some("mastercard"));
        assert_eq!(card_brand(b"2221000000000009"), Some("mastercard"));
        assert_eq!(card_brand(b"378282246310005"), Some("amex"));
        assert_eq!(card_brand(b"3530111333300000"), Some("jcb"));
        assert_eq!(card_brand(b"30569309025904"), Some("diners"));
        assert_eq!(card_brand(b"6011111111111117"), Some("discover"));
        assert_eq!(card_brand(b"1234567812345670"), None);
        assert_eq!(card_brand(b"3411111111111111"), None);
    }

    #[test]
    fn my_number_hits() {
        check("個人番号: 123456789018", "my_number+L(123456789018)");
        check("マイナンバー 987654321093", "my_number+L(987654321093)");
        check("共通番号：314159265352", "my_number+L(314159265352)");
        check(
            "マイナンバーカードの番号は621498320257です",
            "my_number+L(621498320257)",
        );
        check("個人番号123456789018です", "my_number+L(123456789018)");
        check(
            "個人番号カード 1234 5678 9018",
            "my_number+L(1234 5678 9018)",
        );
        check("通知カード 1234-5678-9018", "my_number+L(1234-5678-9018)");
        check("My Number: 123456789018", "my_number+L(123456789018)");
        check(
            "個人番号：１２３４５６７８９０１８",
            "my_number+L(１２３４５６７８９０１８)",
        );
        check(
            "個人番号：１２３４　５６７８　９０１８",
            "my_number+L(１２３４　５６７８　９０１８)",
        );
        check("個人番号 1234ー5678ー9018", "my_number+L(1234ー5678ー9018)");
        check("個人番号 1234‐5678‐9018", "my_number+L(1234‐5678‐9018)");
        check("個人番号 1234−5678−9018", "my_number+L(1234−5678−9018)");
        check("個人番号 1234―5678―9018", "my_number+L(1234―5678―9018)");
        check("個人番号 1234–5678–9018", "my_number+L(1234–5678–9018)");
        check("個人番号 1234‑5678‑9018", "my_number+L(1234‑5678‑9018)");
        check("個人番号 1234﹣5678﹣9018", "my_number+L(1234﹣5678﹣9018)");
        check("個人番号 1234－5678－9018", "my_number+L(1234－5678－9018)");
        check("個人番号 1234—5678—9018", "my_number+L(1234—5678—9018)");
        check("個人番号\n123456789018", "my_number+L(123456789018)");
        check(
            "氏名,個人番号\r\n山田太郎,123456789018",
            "my_number+L(123456789018)",
        );
        check("123456789018（マイナンバー）", "my_number+L(123456789018)");
        check("(個人番号)123456789018", "my_number+L(123456789018)");
        check(
            "個人番号は 1234 5678 9018 です",
            "my_number+L(1234 5678 9018)",
        );
        check(
            "マイナンバー：１２３４－５６７８－９０１８",
            "my_number+L(１２３４－５６７８－９０１８)",
        );
        check(
            "マイナンバー 314159265352、621498320257",
            "my_number+L(314159265352) my_number+L(621498320257)",
        );
        check(
            "個人番号カード番号 987654321093",
            "my_number+L(987654321093)",
        );
        check("個人番号\t123456789018", "my_number+L(123456789018)");
        check(
            "私のマイナンバーは123456789018です。",
            "my_number+L(123456789018)",
        );
        check("MY NUMBER 123456789018", "my_number+L(123456789018)");
        check("No.123456789018", "my_number+W(123456789018)");
    }

    #[test]
    fn my_number_weak_and_traps() {
        check("123456789018", "my_number+W(123456789018)");
        check("番号は987654321093です", "my_number+W(987654321093)");
        check("1234 5678 9018", "my_number+W(1234 5678 9018)");
        // Invalid check digit: nothing, label or not.
        check("個人番号: 621498320258", "");
        check("621498320258", "");
        // Part of a longer run.
        check("21234567890180", "");
        check("12345678901899", "");
        check("123456789018-1", "");
        check("1234 5678 9018 7777", "");
        check("5 1234 5678 9018", "");
        check("2024 123456789018 5", "my_number+W(123456789018)");
        check("1234-5678-9018-7", "");
        check("1234-123456789018", "");
        // 13-digit runs whose last 12 digits pass the check: never a My Number.
        check("1123456789018", "corporate_number(1123456789018)");
        check("8987654321093", "corporate_number(8987654321093)");
        check("9987654321093", "");
        check("個人番号 1123456789018", "corporate_number(1123456789018)");
        // Tracking and order numbers.
        check("お問い合わせ番号: 1234-5678-9018", "");
        check("ヤマト運輸 伝票番号 1234 5678 9018", "");
        check("佐川急便 123456789018", "");
        check("追跡番号123456789018", "");
        check("注文番号：123456789018", "");
        check("請求書番号 123456789018", "");
        check("受付番号 123456789018", "");
        check("照会番号 123456789018", "");
        check("JAN 123456789018", "");
        // Amounts, decimals, codes.
        check("¥123456789018", "");
        check("123456789018円", "");
        check("1.123456789018", "");
        check("ABC123456789018", "");
        check("123456789018abc", "");
        check("ID-123456789018", "");
        check("123456789018_x", "");
        check("第123456789018号", "");
        check("https://example.com/item/123456789018", "");
        check("https://example.com/?q=1&id=123456789018 個人番号", "");
    }

    #[test]
    fn nearest_label_wins() {
        check(
            "免許証番号 123456789012 個人番号 123456789018",
            "drivers_license+L(123456789012) my_number+L(123456789018)",
        );
        check(
            "注文番号 123456789018、マイナンバー 987654321093",
            "my_number+L(987654321093)",
        );
        check(
            "個人番号: 123456789018\n伝票番号: 987654321093",
            "my_number+L(123456789018)",
        );
        check(
            "運転免許証番号 123456789018",
            "drivers_license+L(123456789018)",
        );
        check(
            "運転免許証 1234 5678 9018",
            "drivers_license+L(1234 5678 9018)",
        );
        check("免許番号：621498320258", "drivers_license+L(621498320258)");
    }

    #[test]
    fn corporate_numbers() {
        check(
            "法人番号 7123456789012",
            "corporate_number+L(7123456789012)",
        );
        check(
            "法人番号：4011001098993",
            "corporate_number+L(4011001098993)",
        );
        check("2120901007402", "corporate_number(2120901007402)");
        check(
            "登録番号 T4011001098993",
            "corporate_number+L(T4011001098993)",
        );
        check("T7123456789012", "corporate_number+L(T7123456789012)");
        check(
            "Ｔ２１２０９０１００７４０２",
            "corporate_number+L(Ｔ２１２０９０１００７４０２)",
        );
        check("T1123456789019", "");
        check("7123456789013", "");
        check("法人番号 71234567890123", "");
        // Corporate numbers whose last 12 digits also pass the My Number check.
        let base = "123456789018";
        for cd in b'1'..=b'9' {
            let s = format!("{}{base}", cd as char);
            if corporate_number_valid(s.as_bytes()) {
                check(&s, &format!("corporate_number({s})"));
                check(&format!("個人番号 {s}"), &format!("corporate_number({s})"));
            }
        }
    }

    #[test]
    fn jan_codes() {
        check("JAN 4901234567894", "");
        check("JANコード：4901234567894", "");
        check("商品コード 4512345678906", "");
        check("4901234567894", "");
    }

    #[test]
    fn credit_cards() {
        check(
            "カード番号 4111 1111 1111 1111",
            "credit_card+L(4111 1111 1111 1111)",
        );
        check(
            "クレジットカード: 4111-1111-1111-1111",
            "credit_card+L(4111-1111-1111-1111)",
        );
        check("4111111111111111", "credit_card(4111111111111111)");
        check(
            "card no. 5500 0000 0000 0004",
            "credit_card+L(5500 0000 0000 0004)",
        );
        check("AMEX 3782 822463 10005", "credit_card+L(3782 822463 10005)");
        check(
            "JCB 3530 1113 3330 0000",
            "credit_card+L(3530 1113 3330 0000)",
        );
        check("Diners 3056 930902 5904", "credit_card+L(3056 930902 5904)");
        check(
            "Discover 6011 1111 1111 1117",
            "credit_card+L(6011 1111 1111 1117)",
        );
        check(
            "カード番号 2221 0000 0000 0009",
            "credit_card+L(2221 0000 0000 0009)",
        );
        check(
            "カード番号４１１１　１１１１　１１１１　１１１１",
            "credit_card+L(４１１１　１１１１　１１１１　１１１１)",
        );
        // Traps: Luhn fails, no brand, order number nearest, part of a longer run.
        check("カード番号 4111 1111 1111 1112", "");
        check("1234 5678 1234 5670", "");
        check("注文番号 4111111111111111", "");
        check("4111-1111-1111-1111-1111", "");
        check("41111111111111110", "");
        check("4111 1111 1111 1111 1111", "");
        check(
            "4111 1111 1111 1111 です",
            "credit_card(4111 1111 1111 1111)",
        );
    }
}
