//! Birth dates, Western (西暦) and Japanese-era (和暦).
//!
//! Why only near a birth keyword: business mail is full of dates (deadlines, meetings,
//! invoices), and a date alone says nothing about a person. A date is a birth date
//! when 生年月日, 誕生日, 生まれ, an age (`39歳`) or DOB / date of birth stands near,
//! so the date pattern runs only in a small window around those keywords. Dates are
//! validated: a real calendar date, and for 和暦 a date inside the era (明治 from
//! 1868-10-23, 大正 1912-07-30, 昭和 1926-12-25, 平成 1989-01-08, 令和 2019-05-01), with
//! 元年 and the one-letter forms M/T/S/H/R; the ligatures (㍾㍽㍼㍻㋿) arrive as era names
//! through NFKC.

use regex::{Captures, Regex};

use super::keywords::Kw;
use super::{PiiType, Raw, Scan, back_chars, evidence, fwd_chars, prev_char};
use crate::mask::mask_text;

/// How far from the keyword a birth date may stand, in characters.
const WINDOW_CHARS: usize = 40;

pub(crate) struct BirthDates {
    re: Regex,
}

/// (name, first year in Gregorian minus 1, first day, last day)
type Era = (&'static str, i32, (i32, u32, u32), (i32, u32, u32));

const ERAS: &[Era] = &[
    ("明治", 1867, (1868, 10, 23), (1912, 7, 29)),
    ("大正", 1911, (1912, 7, 30), (1926, 12, 24)),
    ("昭和", 1925, (1926, 12, 25), (1989, 1, 7)),
    ("平成", 1988, (1989, 1, 8), (2019, 4, 30)),
    ("令和", 2018, (2019, 5, 1), (2118, 12, 31)),
];

impl BirthDates {
    pub(crate) fn new() -> BirthDates {
        let era = r"(?P<era>明治|大正|昭和|平成|令和|[MTSHR])[ ]?(?P<ey>元|[0-9]{1,2})[ ]?(?:年[ ]?(?P<em1>[0-9]{1,2})[ ]?月[ ]?(?P<ed1>[0-9]{1,2})[ ]?日|(?P<es1>[./-])(?P<em2>[0-9]{1,2})(?P<es2>[./-])(?P<ed2>[0-9]{1,2}))";
        let western = r"(?P<y>[0-9]{4})(?:[ ]?年[ ]?(?P<m1>[0-9]{1,2})[ ]?月[ ]?(?P<d1>[0-9]{1,2})[ ]?日|(?P<s1>[./-])(?P<m2>[0-9]{1,2})(?P<s2>[./-])(?P<d2>[0-9]{1,2}))";
        #[allow(clippy::expect_used)]
        let re = Regex::new(&format!("{era}|{western}")).expect("static date regex");
        BirthDates { re }
    }

    /// Find birth dates in windows around the birth keywords.
    pub(crate) fn scan(&self, sc: &mut Scan<'_>) {
        let t = sc.t;
        // Merge the windows so that overlapping ones are searched once.
        let mut windows: Vec<(usize, usize)> = Vec::new();
        for h in sc
            .hits
            .iter()
            .filter(|h| matches!(h.kw, Kw::Birth | Kw::Age))
        {
            let ws = back_chars(t, h.start, WINDOW_CHARS);
            let mut we = fwd_chars(t, h.end, WINDOW_CHARS);
            // A table header: the value may stand on the next line.
            if sc.b.get(we) == Some(&b'\n') && t[h.end..we].trim().is_empty() {
                we = fwd_chars(t, we + 1, WINDOW_CHARS);
            }
            match windows.last_mut() {
                Some(last) if ws <= last.1 => last.1 = last.1.max(we),
                _ => windows.push((ws, we)),
            }
        }
        // Table columns headed 生年月日 / 誕生日: every row's cell.
        for tb in &sc.tables {
            for (k, _) in tb.columns_with(&sc.hits, &[Kw::Birth]) {
                for row in tb.rows(t) {
                    if let Some(cell) = tb.cell(t, row, k) {
                        windows.push((cell.start, cell.end));
                    }
                }
            }
        }
        let mut found = Vec::new();
        for (ws, we) in windows {
            let Some(win) = t.get(ws..we) else { continue };
            for m in self.re.find_iter(win) {
                let (s, e) = (ws + m.start(), ws + m.end());
                if prev_char(t, s).is_some_and(|c| c.is_ascii_alphanumeric())
                    || sc.b.get(e).is_some_and(u8::is_ascii_digit)
                    || starts_a_range(&t[e..])
                    || closes_a_range(&t[..s])
                {
                    continue;
                }
                if self
                    .re
                    .captures(m.as_str())
                    .is_some_and(|caps| valid(&caps))
                {
                    found.push((s, e));
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        found.retain(|&(s, e)| !sc.is_claimed(s..e));
        for (s, e) in found {
            let Some(value) = t.get(s..e) else { continue };
            let hit = sc.near(s, e, &[Kw::Birth]);
            sc.push(Raw {
                kind: PiiType::BirthDate,
                start: s,
                end: e,
                labelled: true,
                weak: false,
                evidence: evidence(hit.map(|h| sc.hit_text(&h)), mask_text(value)),
            });
        }
    }
}

/// Does the birth keyword at `s..e` of `t` speak of a birth? Only 生まれ / 生れ / 出生 /
/// born can mean something else; the other keywords (生年月日, 誕生日, DOB…) always do.
///
/// 生まれ is a birth in its noun uses (`1985年生まれ`, `4月生まれ`, `生まれ年`, `〜生まれの方`,
/// `お生まれ`) and in a past birth (`1985年4月12日に生まれました`, `生まれた長男`). It is
/// not in renewal and origin talk, which company announcements are full of, next to
/// a launch date: 生まれ変わる / 生まれ替わる (renewal), 新しく・新たに生まれる (a
/// thing comes into being), 「現場の声から生まれた」 (origin), 生まれる / 生まれます (a
/// birth still to come is not a record of a person), 生まれた製品 / サービス (what was
/// born is a thing). 出生率 / 出生数 are statistics; "born from / out of" is origin.
pub(crate) fn birth_sense(t: &str, s: usize, e: usize) -> bool {
    let (Some(word), Some(after), Some(before)) = (t.get(s..e), t.get(e..), t.get(..s)) else {
        return true;
    };
    match word {
        "生まれ" | "生れ" => umare_is_birth(before, after),
        "出生" => !["率", "数", "者数", "地主義"]
            .iter()
            .any(|w| after.starts_with(w)),
        _ if word.eq_ignore_ascii_case("born") => {
            let rest = after.trim_start().to_ascii_lowercase();
            !["from", "out of", "again", "of "]
                .iter()
                .any(|w| rest.starts_with(w))
        }
        _ => true,
    }
}

/// What may follow 生まれ when it means renewal, or a birth yet to come.
const NOT_BIRTH_AFTER: &[&str] = &[
    "変わ",
    "変り",
    "替わ",
    "替り",
    "かわ",
    "代わ", // 生まれ変わる: renewal
    "る",
    "ます",
    "ません",
    "よう",
    "得",
    "うる",
    "える",
    "やす",
    "にく",
    "つつ",
    "させ",
];

/// What may stand right before 生まれ when a thing comes into being.
const NOT_BIRTH_BEFORE: &[&str] = &[
    "から",
    "より",
    "新しく",
    "新たに",
    "新しい形で",
    "次々と",
    "次々に",
    "として",
];

/// After the past tense (生まれた / 生まれました / 生まれて), nouns that make it a thing.
const THING_NOUNS: &[&str] = &[
    "製品",
    "商品",
    "サービス",
    "ブランド",
    "技術",
    "アイデア",
    "アイディア",
    "企画",
    "事業",
    "プロジェクト",
    "システム",
    "ソリューション",
    "モデル",
    "シリーズ",
    "店",
    "会社",
    "部署",
    "組織",
    "チーム",
    "仕組み",
    "文化",
    "取り組み",
    "取組",
    "コラボ",
    "作品",
    "アプリ",
    "プラン",
    "メニュー",
    "デザイン",
    "キャラクター",
    "新サービス",
    "新製品",
    "新商品",
    "新ブランド",
    "新店",
    "新会社",
    "新事業",
    "新技術",
    "新部署",
    "新プラン",
    "新シリーズ",
    "新モデル",
];

fn umare_is_birth(before: &str, after: &str) -> bool {
    if NOT_BIRTH_AFTER.iter().any(|w| after.starts_with(w)) {
        return false;
    }
    let before = before.trim_end_matches(['、', ',', ' ']);
    if NOT_BIRTH_BEFORE.iter().any(|w| before.ends_with(w)) {
        return false;
    }
    let past = ["ました", "た", "て"]
        .iter()
        .find_map(|w| after.strip_prefix(w));
    match past {
        Some(rest) => {
            let rest = rest.trim_start_matches(['の', 'ば', 'か', 'り', ' ']);
            !THING_NOUNS.iter().any(|w| rest.starts_with(w))
        }
        None => true,
    }
}

/// A date that opens or closes a range (「昭和39年4月2日以降の生まれの方」) describes a
/// group of people in a rule, not one person's birth date.
fn starts_a_range(after: &str) -> bool {
    let after = after.trim_start();
    [
        "以降",
        "以後",
        "以前",
        "まで",
        "から",
        "より前",
        "より後",
        "~",
        "〜",
        "-",
    ]
    .iter()
    .any(|w| after.starts_with(w))
}

/// The second date of a range (「1960/04/02〜1966/04/01」).
fn closes_a_range(before: &str) -> bool {
    let before = before.trim_end();
    ["~", "〜", "から", "より"]
        .iter()
        .any(|w| before.ends_with(w))
}

fn num(caps: &Captures<'_>, names: &[&str]) -> Option<u32> {
    let s = names.iter().find_map(|n| caps.name(n))?.as_str();
    if s == "元" { Some(1) } else { s.parse().ok() }
}

fn valid(caps: &Captures<'_>) -> bool {
    let date = if let Some(era) = caps.name("era") {
        if caps.name("es1").map(|m| m.as_str()) != caps.name("es2").map(|m| m.as_str()) {
            return false;
        }
        let Some(&(_, base, first, last)) = ERAS
            .iter()
            .find(|(name, ..)| *name == era.as_str() || name_letter(name) == era.as_str())
        else {
            return false;
        };
        let (Some(ey), Some(m), Some(d)) = (
            num(caps, &["ey"]),
            num(caps, &["em1", "em2"]),
            num(caps, &["ed1", "ed2"]),
        ) else {
            return false;
        };
        if ey == 0 {
            return false;
        }
        let y = base + ey as i32;
        let date = (y, m, d);
        if date < first || date > last {
            return false;
        }
        date
    } else {
        if caps.name("s1").map(|m| m.as_str()) != caps.name("s2").map(|m| m.as_str()) {
            return false;
        }
        let (Some(y), Some(m), Some(d)) = (
            num(caps, &["y"]),
            num(caps, &["m1", "m2"]),
            num(caps, &["d1", "d2"]),
        ) else {
            return false;
        };
        if !(1868..=2100).contains(&y) {
            return false;
        }
        (y as i32, m, d)
    };
    real_date(date)
}

fn name_letter(era: &str) -> &'static str {
    match era {
        "明治" => "M",
        "大正" => "T",
        "昭和" => "S",
        "平成" => "H",
        "令和" => "R",
        _ => "",
    }
}

fn real_date((y, m, d): (i32, u32, u32)) -> bool {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::super::PiiType::*;
    use super::super::test_util::check_kinds;

    fn check(input: &str, expected: &str) {
        check_kinds(&[BirthDate], input, expected);
    }

    #[test]
    fn western() {
        check("生年月日：1985年4月1日", "birth_date+L(1985年4月1日)");
        check("生年月日 1985/04/01", "birth_date+L(1985/04/01)");
        check("生年月日 1985-04-01", "birth_date+L(1985-04-01)");
        check("生年月日 1985.4.1", "birth_date+L(1985.4.1)");
        check("1985年4月1日生まれ", "birth_date+L(1985年4月1日)");
        check(
            "誕生日は２０００年２月２９日です",
            "birth_date+L(２０００年２月２９日)",
        );
        check("DOB: 1990/12/31", "birth_date+L(1990/12/31)");
        check("Date of birth 1990-01-15", "birth_date+L(1990-01-15)");
        check("1985年4月1日（39歳）", "birth_date+L(1985年4月1日)");
        check("生年月日\n1985/04/01", "birth_date+L(1985/04/01)");
        check("氏名,生年月日\n山田,1985/04/01", "birth_date+L(1985/04/01)");
    }

    #[test]
    fn japanese_era() {
        check("生年月日：昭和60年4月1日", "birth_date+L(昭和60年4月1日)");
        check("生年月日 S60.4.1", "birth_date+L(S60.4.1)");
        check("生年月日 H1.1.8", "birth_date+L(H1.1.8)");
        check("平成元年1月8日生まれ", "birth_date+L(平成元年1月8日)");
        check("令和元年5月1日生", "");
        check("令和元年5月1日生まれ", "birth_date+L(令和元年5月1日)");
        check("生年月日 ㍼60年4月1日", "birth_date+L(㍼60年4月1日)");
        check("生年月日 ㍻2年3月4日", "birth_date+L(㍻2年3月4日)");
        check("生年月日 明治45年7月29日", "birth_date+L(明治45年7月29日)");
        check("生年月日 大正元年7月30日", "birth_date+L(大正元年7月30日)");
        check("生年月日 R2.2.29", "birth_date+L(R2.2.29)");
        check(
            "生年月日：昭和６０年４月１日",
            "birth_date+L(昭和６０年４月１日)",
        );
        check("生年月日 ㋿2年3月4日", "birth_date+L(㋿2年3月4日)");
        check("生年月日 ㍾20年1月1日", "birth_date+L(㍾20年1月1日)");
        check("生年月日 ㍽5年5月5日", "birth_date+L(㍽5年5月5日)");
        check(
            "生年月日 昭和 60 年 4 月 1 日",
            "birth_date+L(昭和 60 年 4 月 1 日)",
        );
        check("生年月日 M45.7.29", "birth_date+L(M45.7.29)");
        check("生年月日 T15.12.24", "birth_date+L(T15.12.24)");
    }

    #[test]
    fn invalid_dates() {
        check("生年月日 平成元年1月7日", "");
        check("生年月日 昭和64年1月8日", "");
        check("生年月日 令和元年4月30日", "");
        check("生年月日 明治元年1月1日", "");
        check("生年月日 大正15年12月25日", "");
        check("生年月日 1985/02/30", "");
        check("生年月日 1985/13/01", "");
        check("生年月日 2001/02/29", "");
        check("生年月日 1985/04-01", "");
        check("生年月日 S60.4-1", "");
        check("生年月日 R0.1.1", "");
        check("生年月日 11985/04/01", "");
        check("生年月日 1985/04/012", "");
        check("生年月日 XS60.4.1", "");
    }

    #[test]
    fn umare_in_its_birth_sense_only() {
        // (text, birth date expected?)
        for (text, hit) in [
            ("1985年4月12日生まれ", true),
            ("昭和60年4月12日生まれの方", true),
            ("生まれ：1985/04/12", true),
            ("生まれ年 1985年4月12日", true),
            ("1985年4月12日に生まれました", true),
            ("1985年4月12日に生まれた長男", true),
            ("2024年4月1日生まれたばかりの長女", true),
            ("2024年4月1日に生まれた新生児", true),
            ("1985年4月12日生れ", true),
            ("1985年4月12日、大阪でお生まれになりました", true),
            ("出生日 1985/04/12", true),
            ("born 1985-04-12", true),
            // Renewal, origin, things that come into being, births still to come.
            (
                "2025年4月1日より、当社のサービスは新しく生まれ変わります。",
                false,
            ),
            ("2025年4月1日、生まれ変わった新店舗がオープンします", false),
            ("2025年4月1日にサイトが生まれ替わります", false),
            (
                "2025年4月1日、新しいブランドが新しく生まれる予定です",
                false,
            ),
            ("2025年4月1日発売、現場の声から生まれた製品です", false),
            ("2024年10月1日に生まれた新サービスのご紹介", false),
            ("2024年10月1日に生まれたサービス「さくらクラウド」", false),
            ("2025年4月1日、新たに生まれた部署です", false),
            ("2025年4月1日に生まれます", false),
            ("2024年6月5日公表の出生率", false),
            ("2024年6月5日の出生数", false),
            ("A product born from our customers on 2024-04-01", false),
        ] {
            let got = !super::super::test_util::render(text, &[BirthDate]).is_empty();
            assert_eq!(got, hit, "{text}");
        }
    }

    #[test]
    fn ordinary_dates_are_not_birth_dates() {
        check("2024年3月15日に打ち合わせ", "");
        check("納期：令和6年4月1日", "");
        check("請求日 2024/03/15", "");
        check("S60.4.1", "");
        check("昭和60年4月1日", "");
        check("万歳 2024/03/15", "");
        check("昭和39年4月2日以降の生まれの方から", "");
        check("1990年4月1日までに生まれた方", "");
        check("生年月日 1960/04/02〜1966/04/01 の方", "");
    }
}
