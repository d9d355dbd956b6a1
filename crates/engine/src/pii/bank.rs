//! Bank accounts (and the 記号・番号 pairs shared with health insurance cards).
//!
//! Why these rules: a Japanese account number is 7 digits and means nothing without
//! its context, while 7-digit numbers are everywhere (amounts, counts, codes). So an
//! account is only taken when an account word (口座番号, 普通, 当座, 振込先…) is the
//! nearest label, or a bank name and a 支店 stand near; amounts (`¥1,234,567`,
//! `1234567円`) and dates/times were already set aside by the candidate pass.
//! ゆうちょ accounts are written `記号12345 番号12345671` or `12345-12345671`: a
//! 5-digit 記号 and an up-to-8-digit 番号. A 記号・番号 pair near 保険証 / 被保険者証 is a
//! health-insurance card instead ([`scan_kigou`] decides, nearest keyword first).

use super::candidates::Cand;
use super::keywords::COMPETING;
use super::keywords::Kw;
use super::{PiiType, Raw, Scan, evidence};
use crate::mask::{mask_digits, mask_text};

/// Account numbers among the digit candidates.
pub(crate) fn classify(sc: &Scan<'_>, c: &Cand) -> Option<Raw> {
    let groups = c.groups();
    let single7 = c.shape_is(&[7]);
    let branch_account = c.shape_is(&[3, 7]) && c.seps[0] == b'-';
    let yucho = c.n == 2
        && groups[0].len() == 5
        && (6..=8).contains(&groups[1].len())
        && matches!(c.seps[0], b'-' | b' ');
    if !(single7 || branch_account || yucho) {
        return None;
    }
    let hit = if yucho {
        sc.resolve(c.start, c.end, &[Kw::Yucho], COMPETING)
            .filter(|h| h.kw == Kw::Yucho)
    } else {
        match sc.resolve(c.start, c.end, &[Kw::BankAccount], COMPETING) {
            Some(h) if h.kw == Kw::BankAccount => Some(h),
            Some(_) => None,
            // No competing keyword: a bank name and a branch near will do.
            None => sc
                .near(c.start, c.end, &[Kw::BankInstitution])
                .filter(|_| sc.has_near(c.start, c.end, &[Kw::BankBranch])),
        }
    }?;
    let value = sc.t.get(c.start..c.end)?;
    Some(Raw {
        kind: PiiType::BankAccount,
        start: c.start,
        end: c.end,
        labelled: true,
        weak: false,
        evidence: evidence(Some(sc.hit_text(&hit)), mask_digits(value)),
    })
}

/// `記号 X 番号 Y` pairs: ゆうちょ accounts or health-insurance cards.
pub(crate) fn scan_kigou(sc: &mut Scan<'_>) {
    let t = sc.t;
    let b = sc.b;
    let mut found = Vec::new();
    for h in sc.hits.iter().filter(|h| h.kw == Kw::Kigou) {
        let skip = |mut p: usize, max: usize, seps: &[u8]| {
            let lim = p + max;
            while p < lim && b.get(p).is_some_and(|x| seps.contains(x)) {
                p += 1;
            }
            p
        };
        let xs = skip(h.end, 3, b" :\t");
        let mut xe = xs;
        while xe < xs + 10
            && b.get(xe)
                .is_some_and(|x| x.is_ascii_alphanumeric() || *x == b'-')
        {
            xe += 1;
        }
        if xe == xs || b.get(xe).is_some_and(u8::is_ascii_alphanumeric) {
            continue;
        }
        let mut p = skip(xe, 4, b" ,/\t");
        if t.get(p..)
            .is_some_and(|r| r.starts_with('、') || r.starts_with('・'))
        {
            p += 3;
            p = skip(p, 2, b" ");
        }
        if !t.get(p..).is_some_and(|r| r.starts_with("番号")) {
            continue;
        }
        let ys = skip(p + "番号".len(), 3, b" :\t");
        let mut ye = ys;
        while ye < ys + 10 && b.get(ye).is_some_and(u8::is_ascii_digit) {
            ye += 1;
        }
        if ye == ys || b.get(ye).is_some_and(|x| x.is_ascii_alphanumeric()) {
            continue;
        }
        found.push((xs, xe, ys, ye));
    }
    for (xs, xe, ys, ye) in found {
        let (Some(x), Some(y)) = (t.get(xs..xe), t.get(ys..ye)) else {
            continue;
        };
        let health = sc.resolve(
            xs,
            ye,
            &[Kw::Health, Kw::HealthNumber],
            &[Kw::Yucho, Kw::BankAccount, Kw::BankInstitution],
        );
        let x_digits = x.bytes().all(|c| c.is_ascii_digit());
        if let Some(hh) = health.filter(|h| matches!(h.kw, Kw::Health | Kw::HealthNumber)) {
            sc.push(Raw {
                kind: PiiType::HealthInsurance,
                start: xs,
                end: ye,
                labelled: true,
                weak: false,
                evidence: evidence(
                    Some(sc.hit_text(&hh)),
                    format!("記号 {} 番号 {}", mask_text(x), mask_text(y)),
                ),
            });
            continue;
        }
        let yucho_shape = x_digits && x.len() == 5 && (6..=8).contains(&y.len());
        let yucho_hit = sc.near(xs, ye, &[Kw::Yucho, Kw::BankAccount]);
        let looks_yucho = x.starts_with('1') && y.len() == 8 && y.ends_with('1');
        if yucho_shape && (yucho_hit.is_some() || looks_yucho) {
            sc.push(Raw {
                kind: PiiType::BankAccount,
                start: xs,
                end: ye,
                labelled: yucho_hit.is_some(),
                weak: false,
                evidence: evidence(
                    yucho_hit.map(|h| sc.hit_text(&h)),
                    format!("記号 {} 番号 {}", mask_digits(x), mask_digits(y)),
                ),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::PiiType::*;
    use super::super::test_util::check_kinds;

    fn check(input: &str, expected: &str) {
        check_kinds(&[BankAccount, HealthInsurance], input, expected);
    }

    #[test]
    fn accounts() {
        check("口座番号 1234567", "bank_account+L(1234567)");
        check("口座番号：１２３４５６７", "bank_account+L(１２３４５６７)");
        check("普通 1234567", "bank_account+L(1234567)");
        check("普通預金1234567", "bank_account+L(1234567)");
        check("当座 7654321", "bank_account+L(7654321)");
        check(
            "振込先：みずほ銀行 渋谷支店 普通 1234567",
            "bank_account+L(1234567)",
        );
        check("三井住友銀行 新宿支店 1234567", "bank_account+L(1234567)");
        check("○○信用金庫 本店 当座 0012345", "bank_account+L(0012345)");
        check("口座番号\n1234567", "bank_account+L(1234567)");
        check(
            "支店番号-口座番号 123-1234567",
            "bank_account+L(123-1234567)",
        );
        check("口座番号1234567です", "bank_account+L(1234567)");
        check(
            "口座：三菱UFJ銀行 本店 普通 1234567 名義 ヤマダ タロウ",
            "bank_account+L(1234567)",
        );
        check(
            "お振込先\nみずほ銀行　渋谷支店\n普通預金　１２３４５６７",
            "bank_account+L(１２３４５６７)",
        );
        check("JAバンク 本店 貯蓄 1234567", "bank_account+L(1234567)");
        check("普通 1234567 名義", "bank_account+L(1234567)");
    }

    #[test]
    fn yucho() {
        check(
            "ゆうちょ銀行 記号12345 番号12345671",
            "bank_account+L(12345 番号12345671)",
        );
        check(
            "記号：12345 番号：12345671",
            "bank_account(12345 番号：12345671)",
        );
        check("ゆうちょ 12345-12345671", "bank_account+L(12345-12345671)");
        check(
            "ゆうちょ銀行\n12345-1234567",
            "bank_account+L(12345-1234567)",
        );
        check("記号 12345 番号 1234567", "");
        check("12345-12345671", "");
    }

    #[test]
    fn health_insurance_pairs() {
        check(
            "保険証 記号 1234 番号 56",
            "health_insurance+L(1234 番号 56)",
        );
        check(
            "被保険者証の記号：12-34、番号：567",
            "health_insurance+L(12-34、番号：567)",
        );
        check(
            "健康保険証 記号12345 番号12345671",
            "health_insurance+L(12345 番号12345671)",
        );
        check("記号 1234 番号 56", "");
        check("記号と番号を記入", "");
    }

    #[test]
    fn traps() {
        check("¥1,234,567", "");
        check("振込金額 1234567円", "");
        check("口座に1,234,567円", "");
        check("1234567", "");
        check("大阪支店 1234567", "");
        check("普通 2024/12/31", "");
        check("口座 12:34:56", "");
        check("注文番号 1234567（振込先は別途）", "");
        check("口座番号 12345678", "");
        check("口座番号 123456", "");
        check("口座に1234567 円", "");
        check("普通 1234567名", "");
        check("口座番号 1234567-8", "");
        check("電話 1234567", "");
    }
}
