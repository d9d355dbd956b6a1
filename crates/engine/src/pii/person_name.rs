//! Person names.
//!
//! Why so guarded: names have no format. Two signals are usable in Japanese mail:
//! a common surname directly before an honorific (`佐藤様`, `田中さん`, `山田 太郎様`,
//! `鈴木部長殿`), and a name after a label (`氏名: 山田太郎`, `お名前：…`). The traps are
//! companies and places built on surnames (`佐藤製薬様`, `中村区`, `田中町`), which are
//! rejected by their suffixes, and words that merely end in an honorific (`お客様`,
//! `皆さん`), which have no surname. Given names may follow the surname (up to three
//! kanji or five katakana); a title between name and honorific is left out of the
//! range. Names in hiragana are not found (no list can tell them from words), and a
//! labelled name stops at the first hiragana (`氏名: 山田太郎です`).

use std::ops::Range;

use super::keywords::{Kw, ORG_SUFFIXES, TITLES};
use super::{Detector, PiiType, Raw, Scan, evidence, next_char};
use crate::mask::mask_name;

/// Words that follow a name label but are not names (form instructions).
const NOT_NAMES: &[&str] = &[
    "不明",
    "未定",
    "未記入",
    "記入",
    "必須",
    "任意",
    "無し",
    "同上",
    "変更",
    "確認",
    "欄",
    "一覧",
    "様式",
    "入力",
    "フリガナ",
    "カナ",
    "漢字",
    "署名",
    "押印",
    "記載",
    "省略",
    "非公開",
    "各位",
    "氏名",
    "名前",
    "住所",
    "電話",
    "番号",
    "生年月日",
    "連絡先",
    "会社",
];

/// `hay.contains(needle)` for the short strings here, without building a searcher.
fn contains_short(hay: &str, needle: &str) -> bool {
    hay.as_bytes()
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々' | 'ヶ' | '〆' | '\u{F900}'..='\u{FAFF}')
}

fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー')
}

pub(crate) fn scan(det: &Detector, sc: &mut Scan<'_>) {
    // (name start, name end, the label's span if found after a label)
    let mut found: Vec<(usize, usize, Option<Range<usize>>)> = Vec::new();
    for h in &sc.hits {
        match h.kw {
            Kw::Honorific => {
                if let Some((s, e)) = before_honorific(det, sc.t, h.start, h.end) {
                    found.push((s, e, None));
                }
            }
            Kw::NameLabel => {
                if let Some((s, e)) = after_label(sc.t, h.end) {
                    found.push((s, e, Some(h.start..h.end)));
                }
            }
            _ => {}
        }
    }
    // Table columns headed 氏名 / 名前: every row's cell.
    for tb in &sc.tables {
        for (k, h) in tb.columns_with(&sc.hits, &[Kw::NameLabel]) {
            for row in tb.rows(sc.t) {
                if let Some(cell) = tb.cell(sc.t, row, k)
                    && let Some((s, e)) = parse_name(sc.t, cell.start, cell.end)
                {
                    found.push((s, e, Some(h.start..h.end)));
                }
            }
        }
    }
    for (s, e, label) in found {
        let by_label = label.is_some();
        if sc.is_claimed(s..e) {
            continue;
        }
        let Some(value) = sc.t.get(s..e) else {
            continue;
        };
        let near = if by_label {
            None
        } else {
            sc.near(s, e, &[Kw::NameLabel])
        };
        let label_text = label
            .and_then(|r| sc.t.get(r))
            .or(near.map(|h| sc.hit_text(&h)));
        sc.push_unclaimed(Raw {
            kind: PiiType::PersonName,
            start: s,
            end: e,
            labelled: by_label || near.is_some(),
            weak: false,
            evidence: evidence(label_text, mask_name(value)),
        });
    }
}

/// A surname (+ given name) ending right before an honorific at `hs..he`.
fn before_honorific(det: &Detector, t: &str, hs: usize, he: usize) -> Option<(usize, usize)> {
    if det.surnames.is_empty() {
        return None;
    }
    // `田中君子`: 君 inside a name, not an honorific; `様式`, `殿下`.
    let hon = t.get(hs..he)?;
    if next_char(t, he).is_some_and(|c| is_han(c) && !(hon == "様" && (c == '方' || c == '宛')))
    {
        return None;
    }
    let mut end = hs;
    if end > 0 && t.as_bytes()[end - 1] == b' ' {
        end -= 1;
    }
    // Collect the name-like run before the honorific (kanji, katakana, one space).
    let max = det.max_surname_chars + 5;
    let mut run: Vec<(usize, char)> = Vec::new();
    let mut spaces = 0;
    for (i, c) in t.get(..end)?.char_indices().rev() {
        if run.len() >= max {
            break;
        }
        if c == ' ' {
            if spaces > 0 || run.is_empty() {
                break;
            }
            spaces += 1;
        } else if !(is_han(c) || is_katakana(c)) {
            break;
        }
        run.push((i, c));
    }
    run.reverse();
    while run.first().is_some_and(|(_, c)| *c == ' ') {
        run.remove(0);
    }
    // Earliest start where a surname begins and the rest is a plausible given name.
    for &(start, c0) in &run {
        if !is_han(c0) {
            continue;
        }
        let sub = t.get(start..end)?;
        for l in (1..=det.max_surname_chars).rev() {
            let Some((cut, _)) = sub.char_indices().nth(l) else {
                if sub.chars().count() == l && det.surnames.contains(sub) {
                    return Some((start, end));
                }
                continue;
            };
            let surname = &sub[..cut];
            if surname.contains(' ') || !det.surnames.contains(surname) {
                continue;
            }
            let rest = sub[cut..].trim_start_matches(' ');
            if let Some(name_end) = given_name_end(rest) {
                return Some((start, end - (rest.len() - name_end)));
            }
        }
    }
    None
}

/// Length in bytes of the given-name part of `rest` (which ends at the honorific),
/// after dropping a trailing title; `None` if `rest` is not a name.
fn given_name_end(rest: &str) -> Option<usize> {
    let mut r = rest;
    for title in TITLES {
        if let Some(x) = r.strip_suffix(title) {
            r = x.trim_end_matches(' ');
            break;
        }
    }
    if r.is_empty() {
        return Some(0);
    }
    if ORG_SUFFIXES
        .iter()
        .any(|s| r.ends_with(s) || r.starts_with(s))
    {
        return None;
    }
    let n = r.chars().count();
    let han = r.chars().all(is_han);
    let kata = r.chars().all(is_katakana);
    if (han && n <= 3) || (kata && n <= 5) {
        // Keep the space between surname and given name inside the range.
        Some(r.len())
    } else {
        None
    }
}

/// The name after a label such as `氏名:`.
fn after_label(t: &str, le: usize) -> Option<(usize, usize)> {
    let b = t.as_bytes();
    let mut p = le;
    // An optional parenthetical: 氏名（漢字）.
    if b.get(p) == Some(&b'(')
        && let Some(close) = t.get(p..(p + 30).min(t.len())).and_then(|r| r.find(')'))
    {
        p += close + 1;
    }
    let sep_start = p;
    while p < b.len() && p < sep_start + 4 && matches!(b[p], b' ' | b':' | b'\t' | b'=') {
        p += 1;
    }
    if b.get(p) == Some(&b'\r') {
        p += 1;
    }
    if b.get(p) == Some(&b'\n') {
        p += 1;
    } else if p == sep_start
        && !t
            .get(p..)
            .is_some_and(|r| r.starts_with('」') || r.starts_with('】'))
    {
        // `氏名欄`, `名前を`: the label is part of a word.
        return None;
    }
    if t.get(p..)
        .is_some_and(|r| r.starts_with('」') || r.starts_with('】'))
    {
        p += 3;
        while p < b.len() && b[p] == b' ' {
            p += 1;
        }
    }
    parse_name(t, p, t.len())
}

/// A name starting at `p` (after a label, or in a name column), ending before `limit`.
fn parse_name(t: &str, mut p: usize, limit: usize) -> Option<(usize, usize)> {
    let b = t.as_bytes();
    while p < limit && matches!(b.get(p), Some(b' ' | b'"')) {
        p += 1;
    }
    let start = p;
    let mut end = p;
    let mut chars = 0;
    let mut spaces = 0;
    for (i, c) in t.get(start..limit)?.char_indices() {
        if chars >= 12 {
            return None;
        }
        if c == ' ' {
            if spaces > 0 {
                break;
            }
            spaces += 1;
            continue;
        }
        if !(is_han(c) || is_katakana(c)) {
            break;
        }
        chars += 1;
        end = start + i + c.len_utf8();
    }
    let mut name = t.get(start..end)?;
    for h in ["様", "さん", "殿"] {
        if let Some(x) = name.strip_suffix(h) {
            name = x.trim_end();
        }
    }
    let end = start + name.len();
    let first = name.chars().next()?;
    if name.chars().filter(|c| *c != ' ').count() < 2
        || !(is_han(first) || is_katakana(first))
        || NOT_NAMES.iter().any(|w| contains_short(name, w))
        || ORG_SUFFIXES
            .iter()
            .any(|s| s.chars().count() > 1 && name.ends_with(s))
    {
        return None;
    }
    Some((start, end))
}

#[cfg(test)]
mod tests {
    use super::super::PiiType::*;
    use super::super::test_util::check_kinds;
    use super::super::{Detector, PiiType};

    fn check(input: &str, expected: &str) {
        check_kinds(&[PersonName], input, expected);
    }

    #[test]
    fn honorifics() {
        check("佐藤様", "person_name(佐藤)");
        check("田中さん、お疲れ様です", "person_name(田中)");
        check("山田太郎様", "person_name(山田太郎)");
        check("山田 太郎 様", "person_name(山田 太郎)");
        check("株式会社サクラシステム\n営業部 鈴木様", "person_name(鈴木)");
        check("営業部佐藤様", "person_name(佐藤)");
        check("高橋部長殿", "person_name(高橋)");
        check("伊藤くん", "person_name(伊藤)");
        check("渡辺君", "person_name(渡辺)");
        check("小林ハナコさん", "person_name(小林ハナコ)");
        check("佐藤様方", "person_name(佐藤)");
        check("佐藤さんと鈴木さん", "person_name(佐藤) person_name(鈴木)");
        check("ｻﾄｳ様", "");
    }

    #[test]
    fn labels() {
        check("氏名: 山田太郎", "person_name+L(山田太郎)");
        check("お名前：山田 花子様", "person_name+L(山田 花子)");
        check("氏名（漢字）：佐藤一郎", "person_name+L(佐藤一郎)");
        check("氏名\n鈴木次郎", "person_name+L(鈴木次郎)");
        check("名前 ヤマダタロウ", "person_name+L(ヤマダタロウ)");
        check("「氏名」欄に記入してください", "");
        check("氏名欄", "");
        check("お名前を入力", "");
        check("氏名: 不明", "");
        check("お客様名：高橋一郎", "person_name+L(高橋一郎)");
        check("担当者名 渡辺", "person_name+L(渡辺)");
        check("Name: 山田太郎", "person_name+L(山田太郎)");
        check("File name: report.pdf", "");
        check("氏名：山田太郎です", "person_name+L(山田太郎)");
        check("氏名：", "");
    }

    #[test]
    fn traps() {
        check("佐藤製薬様", "");
        check("佐藤製薬株式会社様", "");
        check("中村区", "");
        check("田中町", "");
        check("中村区役所様", "");
        check("田中商事様", "");
        check("お客様", "");
        check("皆様", "");
        check("皆さん", "");
        check("たくさん", "");
        check("様式", "");
        check("田中様式", "");
        check("田中君子さん", "person_name(田中君子)");
    }

    #[test]
    fn empty_surname_list() {
        let d = Detector::new(&[]);
        let kinds: Vec<PiiType> = d
            .scan("佐藤様 氏名: 山田太郎")
            .iter()
            .map(|m| m.kind)
            .collect();
        assert_eq!(kinds, [PiiType::PersonName]);
    }
}
