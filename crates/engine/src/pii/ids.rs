//! Identity documents: driver's licence, passport, residence card, pension number,
//! health-insurance number, and the invoice form (`T` + 13 digits) of corporate numbers.
//!
//! Why conservative: these formats are short and generic (`AB1234567` is also a part
//! number, `1234-567890` an order number), so most need their own keyword to be the
//! nearest label. The exception is the residence card (`AB12345678CD`: two letters,
//! eight digits, two letters), distinctive enough to stand alone. The 12-digit
//! driver's licence is decided together with the My Number in [`super::numbers`]
//! (a licence keyword nearer than any My Number keyword wins), and the 記号・番号 pairs
//! of health-insurance cards in [`super::bank::scan_kigou`].

use super::candidates::{Around, Cand};
use super::keywords::COMPETING;
use super::keywords::Kw;
use super::numbers::classify_corporate;
use super::{PiiType, Raw, Scan, evidence};
use crate::mask::mask_digits;

fn upper2(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// Numbers with ASCII letters glued on: `T`+13 (invoice), passport, residence card.
pub(crate) fn classify_lettered(sc: &Scan<'_>, c: &Cand, a: &Around<'_>) -> Option<Raw> {
    if c.n != 1 {
        return None;
    }
    let (lb, la) = (a.letters_before, a.letters_after);
    let start = c.start.checked_sub(lb.len())?;
    let end = c.end + la.len();
    let value = sc.t.get(start..end)?;
    if (lb == "T" || lb == "t") && la.is_empty() && c.nd == 13 {
        let mut raw = classify_corporate(sc, c, true)?;
        raw.start = start;
        let hit = sc.near(start, end, &[Kw::Corporate]);
        raw.evidence = evidence(hit.map(|h| sc.hit_text(&h)), mask_digits(value));
        return Some(raw);
    }
    if upper2(lb) && la.is_empty() && c.nd == 7 {
        let hit = sc
            .resolve(start, end, &[Kw::Passport], COMPETING)
            .filter(|h| h.kw == Kw::Passport)?;
        return Some(Raw {
            kind: PiiType::Passport,
            start,
            end,
            labelled: true,
            weak: false,
            evidence: evidence(Some(sc.hit_text(&hit)), mask_digits(value)),
        });
    }
    if upper2(lb) && upper2(la) && c.nd == 8 {
        let hit = sc.near(start, end, &[Kw::Residence]);
        return Some(Raw {
            kind: PiiType::ResidenceCard,
            start,
            end,
            labelled: hit.is_some(),
            weak: false,
            evidence: evidence(hit.map(|h| sc.hit_text(&h)), mask_digits(value)),
        });
    }
    None
}

/// Plain-digit identity numbers: pension (4+6 digits) and a number right after
/// 被保険者番号.
pub(crate) fn classify_digits(sc: &Scan<'_>, c: &Cand) -> Option<Raw> {
    let value = sc.t.get(c.start..c.end)?;
    let pension_shape =
        (c.shape_is(&[4, 6]) && matches!(c.seps[0], b'-' | b' ')) || c.shape_is(&[10]);
    if pension_shape
        && let Some(h) = sc
            .resolve(c.start, c.end, &[Kw::Pension], COMPETING)
            .filter(|h| h.kw == Kw::Pension)
    {
        return Some(Raw {
            kind: PiiType::PensionNumber,
            start: c.start,
            end: c.end,
            labelled: true,
            weak: false,
            evidence: evidence(Some(sc.hit_text(&h)), mask_digits(value)),
        });
    }
    if c.n == 1
        && c.nd <= 10
        && let Some(h) = sc
            .resolve(c.start, c.end, &[Kw::HealthNumber], COMPETING)
            .filter(|h| h.kw == Kw::HealthNumber && h.end <= c.start)
    {
        return Some(Raw {
            kind: PiiType::HealthInsurance,
            start: c.start,
            end: c.end,
            labelled: true,
            weak: false,
            evidence: evidence(Some(sc.hit_text(&h)), mask_digits(value)),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::PiiType::*;
    use super::super::test_util::check_kinds;

    fn check(input: &str, expected: &str) {
        check_kinds(
            &[
                DriversLicense,
                Passport,
                ResidenceCard,
                PensionNumber,
                HealthInsurance,
                MyNumber,
            ],
            input,
            expected,
        );
    }

    #[test]
    fn drivers_license() {
        check(
            "運転免許証番号：123456789012",
            "drivers_license+L(123456789012)",
        );
        check("免許証番号 123456789018", "drivers_license+L(123456789018)");
        check(
            "運転免許 第123456789012号",
            "drivers_license+L(123456789012)",
        );
        check(
            "運転免許証番号：第１２３４５６７８９０１２号",
            "drivers_license+L(１２３４５６７８９０１２)",
        );
        check("個人番号 第123456789018号", "");
        check("第123456789012号", "");
        check("123456789012", "");
        check(
            "運転免許証\n123456789012",
            "drivers_license+L(123456789012)",
        );
        check(
            "運転免許証番号：１２３４５６７８９０１２",
            "drivers_license+L(１２３４５６７８９０１２)",
        );
    }

    #[test]
    fn passport() {
        check("パスポート番号 TK1234567", "passport+L(TK1234567)");
        check(
            "旅券番号：ＴＫ１２３４５６７",
            "passport+L(ＴＫ１２３４５６７)",
        );
        check("Passport No. MZ7654321", "passport+L(MZ7654321)");
        check("TK1234567", "");
        check("パスポート TK12345678", "");
        check("パスポート XTK1234567", "");
        check("パスポート TK1234567A", "");
        check("品番 AB1234567", "");
    }

    #[test]
    fn residence_card() {
        check(
            "在留カード番号：AB12345678CD",
            "residence_card+L(AB12345678CD)",
        );
        check("AB12345678CD", "residence_card(AB12345678CD)");
        check(
            "ＡＢ１２３４５６７８ＣＤ",
            "residence_card(ＡＢ１２３４５６７８ＣＤ)",
        );
        check("AB12345678CDE", "");
        check("AB1234567CD", "");
        check("ab12345678cd", "");
    }

    #[test]
    fn pension() {
        check("基礎年金番号 1234-567890", "pension_number+L(1234-567890)");
        check(
            "年金手帳の番号は1234567890です",
            "pension_number+L(1234567890)",
        );
        check("年金番号：0123-456789", "pension_number+L(0123-456789)");
        check("1234-567890", "");
        check("注文番号 1234-567890", "");
    }

    #[test]
    fn health_insurance_numbers() {
        check("被保険者番号 12345678", "health_insurance+L(12345678)");
        check("保険者番号 06123456", "");
        check("被保険者番号", "");
    }
}
