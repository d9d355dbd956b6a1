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
//!
//! In a list the keyword stands once, in the header, and the dates far below it: a
//! column headed 生年月日 / 誕生日 / DOB labels the dates in it, in CSV and tab tables by
//! the cell, in tables typed with blanks (`氏名　生年月日　電話番号`, a PDF's text layer,
//! `|` tables) by the order of the dates in the row. Other date columns (受付日, 発送日,
//! 日付) stay what they are.

use regex::{Captures, Regex};

use super::keywords::Kw;
use super::{Hit, PiiType, Raw, Scan, back_chars, evidence, fwd_chars, prev_char, table};
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
        // English forms, as an applicant or a foreign customer writes them: 12 March
        // 1982, March 12, 1982, 12/03/1982 (day and month in either order).
        let month = r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";
        let english = format!(
            r"(?P<dn1>[0-9]{{1,2}})(?i:st|nd|rd|th)?[ ]?(?P<mn1>{month}),?[ ]?(?P<yn1>[0-9]{{4}})|(?P<mn2>{month})[ ]?(?P<dn2>[0-9]{{1,2}})(?i:st|nd|rd|th)?,?[ ]?(?P<yn2>[0-9]{{4}})|(?P<pa>[0-9]{{1,2}})(?P<ps1>[./])(?P<pb>[0-9]{{1,2}})(?P<ps2>[./])(?P<py>[0-9]{{4}})"
        );
        #[allow(clippy::expect_used)]
        let re = Regex::new(&format!("{era}|{western}|{english}")).expect("static date regex");
        BirthDates { re }
    }

    /// Find birth dates in windows around the birth keywords, and in the columns of
    /// tables headed 生年月日 / 誕生日 / DOB.
    pub(crate) fn scan(&self, sc: &mut Scan<'_>) {
        let t = sc.t;
        let blank = table::find_blank_tables(t, &sc.hits, |h| h.kw == Kw::Birth, is_header_word);
        // Inside a table's header, the line under the keyword is a row whose columns
        // the header names: the keyword's own window must not reach into it (a 受付日
        // column's date would otherwise be a birth date).
        let in_header = |pos: usize| {
            let i = sc.tables.partition_point(|tb| tb.header_start <= pos);
            let tab = i
                .checked_sub(1)
                .and_then(|i| sc.tables.get(i))
                .is_some_and(|tb| pos < tb.header_end);
            let j = blank.partition_point(|bt| bt.header.start <= pos);
            tab || j
                .checked_sub(1)
                .and_then(|j| blank.get(j))
                .is_some_and(|bt| pos < bt.header.end)
        };
        // Merge the windows so that overlapping ones are searched once.
        let mut windows: Vec<(usize, usize)> = Vec::new();
        for h in sc
            .hits
            .iter()
            .filter(|h| matches!(h.kw, Kw::Birth | Kw::Age))
        {
            let ws = back_chars(t, h.start, WINDOW_CHARS);
            let mut we = fwd_chars(t, h.end, WINDOW_CHARS);
            // A label alone on its line: the value may stand on the next line.
            if sc.b.get(we) == Some(&b'\n')
                && t.get(h.end..we).is_some_and(|r| r.trim().is_empty())
                && !in_header(h.start)
            {
                we = fwd_chars(t, we + 1, WINDOW_CHARS);
            }
            match windows.last_mut() {
                Some(last) if ws <= last.1 => last.1 = last.1.max(we),
                _ => windows.push((ws, we)),
            }
        }
        // Table columns headed 生年月日 / 誕生日: every row's cell.
        let mut found: Vec<(usize, usize, Option<Hit>)> = Vec::new();
        for tb in &sc.tables {
            for (k, h) in tb.columns_with(&sc.hits, &[Kw::Birth]) {
                for row in tb.rows(t) {
                    if let Some(cell) = tb.cell(t, row, k) {
                        for (s, e) in self.dates_in(t, cell.start, cell.end) {
                            found.push((s, e, Some(h)));
                        }
                    }
                }
            }
        }
        for bt in &blank {
            self.blank_table_dates(sc, bt, &mut found);
        }
        for (ws, we) in windows {
            for (s, e) in self.dates_in(t, ws, we) {
                found.push((s, e, None));
            }
        }
        // One report per date, with the column's header as its label when it has one.
        found.sort_unstable_by_key(|&(s, e, h)| (s, e, h.is_none()));
        found.dedup_by_key(|&mut (s, e, _)| (s, e));
        found.retain(|&(s, e, _)| !sc.is_claimed(s..e));
        for (s, e, column) in found {
            let Some(value) = t.get(s..e) else { continue };
            let hit = column.or_else(|| sc.near(s, e, &[Kw::Birth]));
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

    /// The valid dates in `ws..we` that are not part of a longer number or a range.
    fn dates_in(&self, t: &str, ws: usize, we: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let Some(win) = t.get(ws..we) else {
            return out;
        };
        let b = t.as_bytes();
        for m in self.re.find_iter(win) {
            let (s, e) = (ws + m.start(), ws + m.end());
            if prev_char(t, s).is_some_and(|c| c.is_ascii_alphanumeric())
                || b.get(e).is_some_and(u8::is_ascii_digit)
                || t.get(e..).is_none_or(starts_a_range)
                || t.get(..s).is_none_or(closes_a_range)
            {
                continue;
            }
            if self
                .re
                .captures(m.as_str())
                .is_some_and(|caps| valid(&caps))
            {
                out.push((s, e));
            }
        }
        out
    }

    /// The dates in the birth-date columns of a blank-separated table. The columns of
    /// a row cannot be counted (山田 太郎 is one cell with a blank in it), but the
    /// dates can: when a row holds as many dates as the header has date columns
    /// (生年月日, 受付日, 発送日, 日付…), the k-th date is in the k-th date column.
    /// Otherwise, when the row and the header split into the same number of cells at
    /// tabs, `|` or runs of blanks, the cell decides; else the row is left alone.
    fn blank_table_dates(
        &self,
        sc: &Scan<'_>,
        bt: &table::BlankTable,
        found: &mut Vec<(usize, usize, Option<Hit>)>,
    ) {
        let t = sc.t;
        let birth_in = |r: &std::ops::Range<usize>| {
            table::hits_in(&sc.hits, r.clone())
                .iter()
                .find(|h| h.kw == Kw::Birth)
                .copied()
        };
        // Date columns in order: Some(hit) for a birth column, None for another date.
        let date_columns: Vec<Option<Hit>> = bt
            .columns
            .iter()
            .filter_map(|c| match birth_in(c) {
                Some(h) => Some(Some(h)),
                None => t.get(c.clone()).filter(|x| is_date_label(x)).map(|_| None),
            })
            .collect();
        let strong_header = table::strong_cells(t, bt.header.clone());
        for row in &bt.rows {
            let dates = self.dates_in(t, row.start, row.end);
            if dates.is_empty() {
                continue;
            }
            if dates.len() == date_columns.len() {
                for (&(s, e), column) in dates.iter().zip(&date_columns) {
                    if let Some(h) = column {
                        found.push((s, e, Some(*h)));
                    }
                }
                continue;
            }
            let cells = table::strong_cells(t, row.clone());
            if cells.len() != strong_header.len() || cells.len() < 2 {
                continue;
            }
            for &(s, e) in &dates {
                let k = cells.partition_point(|c| c.end < s);
                if cells.get(k).is_some_and(|c| c.start <= s && e <= c.end)
                    && let Some(h) = strong_header.get(k).and_then(birth_in)
                {
                    found.push((s, e, Some(h)));
                }
            }
        }
    }
}

/// A header cell that names a column of dates other than the birth date: 受付日, 発送日,
/// 納品日, 日付, 申込日時, 有効期限, Date… (曜日 is a weekday, not a date).
fn is_date_label(cell: &str) -> bool {
    let l = cell.to_ascii_lowercase();
    let l = l.split(['(', '[']).next().unwrap_or("");
    [
        "日付",
        "年月日",
        "日時",
        "期限",
        "納期",
        "期日",
        "date",
        "expiry",
        "expiration",
        "valid",
    ]
    .iter()
    .any(|w| l.contains(w))
        || (l.ends_with('日') && !l.ends_with("曜日"))
}

/// Header words that make a blank-separated line a table header besides the keyword
/// lists: date columns and the usual columns of a list of people.
fn is_header_word(cell: &str) -> bool {
    is_date_label(cell)
        || [
            "no",
            "no.",
            "#",
            "番号",
            "性別",
            "年齢",
            "フリガナ",
            "ふりがな",
            "カナ",
            "備考",
            "所属",
            "部署",
            "役職",
            "学年",
            "組",
            "会社名",
            "勤務先",
            "続柄",
            "国籍",
        ]
        .iter()
        .any(|w| cell.eq_ignore_ascii_case(w))
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

/// The month of an English month name (`March`, `Sept.`).
fn month_number(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let head = name.get(..3)?.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| *m == head)
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// An English date (month by name, or day and month by number in either order).
fn valid_english(caps: &Captures<'_>) -> Option<bool> {
    let year = |names: &[&str]| num(caps, names).filter(|y| (1868..=2100).contains(y));
    if let Some(m) = caps.name("mn1").or_else(|| caps.name("mn2")) {
        let (Some(y), Some(d), Some(m)) = (
            year(&["yn1", "yn2"]),
            num(caps, &["dn1", "dn2"]),
            month_number(m.as_str()),
        ) else {
            return Some(false);
        };
        return Some(real_date((y as i32, m, d)));
    }
    if caps.name("py").is_some() {
        if caps.name("ps1").map(|m| m.as_str()) != caps.name("ps2").map(|m| m.as_str()) {
            return Some(false);
        }
        let (Some(y), Some(a), Some(b)) = (year(&["py"]), num(caps, &["pa"]), num(caps, &["pb"]))
        else {
            return Some(false);
        };
        return Some(real_date((y as i32, b, a)) || real_date((y as i32, a, b)));
    }
    None
}

fn valid(caps: &Captures<'_>) -> bool {
    if let Some(english) = valid_english(caps) {
        return english;
    }
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
    fn english() {
        check(
            "Date of birth: 12 March 1982",
            "birth_date+L(12 March 1982)",
        );
        check("DOB: March 12, 1982", "birth_date+L(March 12, 1982)");
        check("Born: 3rd Sept. 1975", "birth_date+L(3rd Sept. 1975)");
        check("Date of birth 12/03/1982", "birth_date+L(12/03/1982)");
        check("Birthday: 31/12/1990", "birth_date+L(31/12/1990)");
        check("date_of_birth: 1985-03-14", "birth_date+L(1985-03-14)");
        check("birthdate 1985/03/14", "birth_date+L(1985/03/14)");
        // Not dates, or no birth keyword.
        check("Date of birth: 31 February 1982", "");
        check("Date of birth: 13/13/1982", "");
        check("Invoice date: 12 March 2025", "");
        check("Maybe 12 May 1982 works", "");
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
    fn blank_separated_tables() {
        // Full-width spaces, names with a blank in them, 和暦 and one-letter eras.
        check(
            "氏名　生年月日　電話番号\n山田 太郎　1985/04/12　090-1234-5678\n鈴木 花子　昭和60年4月12日　03-1234-5678\n佐藤 一郎　S60.4.12　080-1111-2222\n高橋 美咲　1985年4月12日　070-3333-4444\n",
            "birth_date+L(1985/04/12) birth_date+L(昭和60年4月12日) birth_date+L(S60.4.12) birth_date+L(1985年4月12日)",
        );
        check(
            "No. 氏名 生年月日 住所\n1 山田 太郎 1985/04/12 東京都新宿区西新宿2-8-1\n2 鈴木 花子 H2.3.4 大阪府大阪市北区梅田1-1-1\n",
            "birth_date+L(1985/04/12) birth_date+L(H2.3.4)",
        );
        // A PDF's text layer: runs of spaces, a blank line between rows.
        check(
            "会員名簿\n\n氏名    住所    電話番号    生年月日\n\n山口 恵太    東京都千代田区丸の内1-2-3    090-1234-5678    1985年4月12日\n\n長谷川 結衣    神奈川県横浜市西区2-3-5    080-2345-6789    1990年8月3日\n\n以上（全2名）",
            "birth_date+L(1985年4月12日) birth_date+L(1990年8月3日)",
        );
        // Pipes, tabs, English headers, a remark after the keyword.
        check(
            "| 氏名 | 生年月日(西暦) | 部署 |\n|---|---|---|\n| 山田 太郎 | 1985/04/12 | 営業部 |\n",
            "birth_date+L(1985/04/12)",
        );
        check(
            "Name  Date of Birth  Phone\nTaro Yamada  1985-04-12  090-1234-5678\n",
            "birth_date+L(1985-04-12)",
        );
        check(
            "| Name | Date of Birth | Passport expiry |\n|------|------|------|\n| Ishii Megumi | 1990-08-21 | 2031-04-30 |\n",
            "birth_date+L(1990-08-21)",
        );
        check(
            "氏名\tDOB\n山田 太郎\t1985/04/12\n",
            "birth_date+L(1985/04/12)",
        );
    }

    #[test]
    fn other_date_columns_stay_dates() {
        // The k-th date of a row is in the k-th date column.
        check(
            "受付日　氏名　生年月日　発送日\n2024/04/01　山田 太郎　1985/04/12　2024/04/05\n2024/04/02　鈴木 花子　1990/01/02　2024/04/06\n",
            "birth_date+L(1985/04/12) birth_date+L(1990/01/02)",
        );
        // The header ends with the keyword: the row under it is not its window.
        check(
            "受付日 氏名 生年月日\n2024/04/01 山田 1985/04/12\n",
            "birth_date+L(1985/04/12)",
        );
        check(
            "受付日\t氏名\t生年月日\n2024/04/01\t山田\t1985/04/12\n",
            "birth_date+L(1985/04/12)",
        );
        // A row missing its birth date: one date, two date columns; the runs of blanks
        // split it into fewer cells than the header: left alone.
        check("氏名  受付日  生年月日\n山田 太郎  2024/04/01\n", "");
        // ... but with every cell there, the cell decides (備考 holds a date too).
        check(
            "氏名  生年月日  備考\n山田 太郎  1985/04/12  2024/04/01 退会\n",
            "birth_date+L(1985/04/12)",
        );
        // Tables without a birth column.
        check("納品日　品名　数量\n2024/04/01　ノートPC 10台　10\n", "");
        check("日付 件名 担当\n2024/04/01 打ち合わせ 山田\n", "");
        // Prose with blanks is not a header; a sentence under a table is not a row.
        check(
            "お客様の 生年月日 を確認します\n山田 太郎 2024/04/01 受付\n",
            "",
        );
        check(
            "氏名 生年月日\n山田 1985/04/12\n\n\n次回 2024/04/01 に更新\n",
            "birth_date+L(1985/04/12)",
        );
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
