//! Masking of personal data for evidence: the ONE place where values are masked.
//!
//! Why: a finding's `evidence` is shown in the dialog and written to the near-miss
//! log, and the log must not become a second copy of the data it protects (DESIGN.md,
//! "The log is not a second copy"). Keeping all masking here means one set of rules
//! and one set of tests proving that no full value survives:
//!
//! * numbers keep at most their last four digits, and never more than half of them
//!   (`********9018`, `****-****-****-1234`, `***4567` for a 7-digit account);
//!   separators and letters stay so the shape is recognisable;
//! * e-mail addresses keep the domain and a hint of the local part (`ya***@partner.co.jp`);
//! * addresses keep the prefecture and city/ward (`東京都千代田区***`);
//! * names keep their first character (`山**`);
//! * anything else keeps only its punctuation and non-numeric structure ([`mask_text`]).

/// Is `c` a digit for masking purposes (ASCII, full-width, any Unicode decimal)?
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric())
}

/// Mask the digits of a number, keeping the last 4 (never more than half of the
/// digits; a value with 4 digits or fewer is masked completely). Every other
/// character (separators, letters) is kept.
///
/// `123456789018` → `********9018`, `4111-1111-1111-1234` → `****-****-****-1234`,
/// `1234567` → `****567`, `1234` → `****`.
pub fn mask_digits(value: &str) -> String {
    let total = value.chars().filter(|&c| is_digit(c)).count();
    let keep = if total <= 4 { 0 } else { (total / 2).min(4) };
    let mut seen = 0;
    value
        .chars()
        .map(|c| {
            if is_digit(c) {
                seen += 1;
                if seen > total - keep { c } else { '*' }
            } else {
                c
            }
        })
        .collect()
}

/// Mask an e-mail address: keep the domain and the first one or two characters of
/// the local part: `yamada@partner.co.jp` → `ya***@partner.co.jp`.
pub fn mask_email(addr: &str) -> String {
    let Some(at) = addr.rfind('@') else {
        return mask_text(addr);
    };
    let (local, domain) = addr.split_at(at);
    let n = local.chars().count();
    let keep = match n {
        0..=1 => 0,
        2..=3 => 1,
        _ => 2,
    };
    let mut out: String = local.chars().take(keep).collect();
    out.push_str("***");
    out.push_str(domain);
    out
}

/// A romanized address: only its municipality stays (`Minato-ku ***`).
pub fn mask_romanized_address(addr: &str) -> String {
    let municipality = addr
        .split([',', ' '])
        .find(|w| {
            let lower = w.to_ascii_lowercase();
            ["-ku", "-shi", "-cho", "-machi", "-gun", "-mura"]
                .iter()
                .any(|s| lower.ends_with(s))
        })
        .unwrap_or("");
    format!("{municipality} ***").trim_start().to_owned()
}

/// Mask an address: keep the prefecture and the city/ward/town (市区町村, with the
/// 郡 before a 町/村 and the 区 of a designated city) and replace the rest with `***`.
/// `東京都千代田区丸の内二丁目7番2号` → `東京都千代田区***`,
/// `大阪市北区梅田1-2-3` → `大阪市北区***`.
pub fn mask_address(addr: &str) -> String {
    let chars: Vec<char> = addr.chars().collect();
    let mut pos = 0;
    // Prefecture.
    for pref in ["北海道", "東京都", "京都府", "大阪府"] {
        if addr.starts_with(pref) {
            pos = 3;
        }
    }
    if pos == 0
        && let Some(k) = chars.iter().take(4).position(|&c| c == '県')
        && k >= 2
    {
        pos = k + 1;
    }
    // Municipality: up to the first 市/区/町/村 (a 郡 is followed by its 町/村, a 市
    // may be followed by its 区).
    let find = |from: usize, set: &[char], within: usize| {
        chars
            .iter()
            .enumerate()
            .skip(from + 1)
            .take(within)
            .find(|(_, c)| set.contains(c))
            .map(|(i, _)| i)
    };
    let mut keep = pos;
    if let Some(m) = find(pos, &['市', '区', '町', '村', '郡'], 8) {
        keep = m + 1;
        match chars[m] {
            '郡' => {
                if let Some(t) = find(m + 1, &['町', '村'], 6) {
                    keep = t + 1;
                }
            }
            '市' => {
                if let Some(w) = find(m + 1, &['区'], 4) {
                    keep = w + 1;
                }
            }
            _ => {}
        }
    }
    if keep >= chars.len() {
        // Nothing left to hide: hide the municipality as well.
        keep = pos.min(chars.len().saturating_sub(1));
    }
    let mut out: String = chars[..keep].iter().collect();
    out.push_str("***");
    out
}

/// Mask a person's name: the first character, then `**` (`山田太郎` → `山**`). A
/// one-character name is masked completely.
pub fn mask_name(name: &str) -> String {
    let mut it = name.chars().filter(|c| !c.is_whitespace());
    match (it.next(), it.next()) {
        (Some(first), Some(_)) => format!("{first}**"),
        _ => "**".to_string(),
    }
}

/// Generic masking for number-like values that are not plain digit strings (dates,
/// 記号・番号 pairs, identifiers with letters): every digit (ASCII, full-width, kanji
/// numerals) and every Latin letter becomes `*`; punctuation and other characters
/// (年, 月, 日, 昭和, 記号, 番号…) stay, so the shape remains readable:
/// `昭和60年4月1日` → `昭和**年*月*日`, `TK1234567` → `*********`.
pub fn mask_text(value: &str) -> String {
    value
        .chars()
        .map(|c| {
            if is_digit(c)
                || c.is_ascii_alphabetic()
                || ('Ａ'..='Ｚ').contains(&c)
                || ('ａ'..='ｚ').contains(&c)
                || "〇一二三四五六七八九十百千元".contains(c)
            {
                '*'
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digits(s: &str) -> String {
        s.chars().filter(|&c| is_digit(c)).collect()
    }

    /// The masked form must not contain the value, nor all its digits in a row.
    fn assert_hidden(value: &str, masked: &str) {
        if value.is_empty() {
            return;
        }
        assert!(!masked.contains(value), "{masked:?} leaks {value:?}");
        let d = digits(value);
        if !d.is_empty() {
            assert!(
                !digits(masked).contains(&d),
                "{masked:?} leaks the digits of {value:?}"
            );
        }
    }

    #[test]
    fn digits_masked() {
        let cases = [
            ("123456789018", "********9018"),
            ("1234 5678 9018", "**** **** 9018"),
            ("1234-5678-9018", "****-****-9018"),
            ("4111-1111-1111-1234", "****-****-****-1234"),
            ("１２３４５６７８９０１８", "********９０１８"),
            ("1234567", "****567"),
            ("100-0005", "***-*005"),
            ("03-1234-5678", "**-****-5678"),
            ("1234", "****"),
            ("12", "**"),
            ("", ""),
            ("TK1234567", "TK****567"),
            ("AB12345678CD", "AB****5678CD"),
            ("12345", "***45"),
        ];
        for (value, expected) in cases {
            let m = mask_digits(value);
            assert_eq!(m, expected, "{value}");
            assert_hidden(value, &m);
        }
    }

    #[test]
    fn email_masked() {
        let cases = [
            ("yamada@partner.co.jp", "ya***@partner.co.jp"),
            ("ab@x.jp", "a***@x.jp"),
            ("a@x.jp", "***@x.jp"),
            ("taro.yamada+news@example.com", "ta***@example.com"),
            ("no-at-sign", "**-**-****"),
        ];
        for (value, expected) in cases {
            let m = mask_email(value);
            assert_eq!(m, expected, "{value}");
            assert_hidden(value, &m);
        }
    }

    #[test]
    fn address_masked() {
        let cases = [
            ("東京都千代田区丸の内二丁目7番2号", "東京都千代田区***"),
            ("大阪市北区梅田1-2-3", "大阪市北区***"),
            ("神奈川県横浜市中区山下町1-1", "神奈川県横浜市中区***"),
            (
                "長野県北佐久郡軽井沢町大字軽井沢1323",
                "長野県北佐久郡軽井沢町***",
            ),
            ("北海道札幌市中央区北1条西2丁目", "北海道札幌市中央区***"),
            ("和歌山県和歌山市一番丁12", "和歌山県和歌山市***"),
            ("東京都港区", "東京都***"),
            ("港区芝公園4-2-8", "港区***"),
            ("丸の内1-1", "***"),
            ("東京都", "東京***"),
            ("", "***"),
        ];
        for (value, expected) in cases {
            let m = mask_address(value);
            assert_eq!(m, expected, "{value}");
            assert_hidden(value, &m);
        }
    }

    #[test]
    fn name_masked() {
        let cases = [
            ("山田太郎", "山**"),
            ("山田 太郎", "山**"),
            ("佐藤", "佐**"),
            ("林", "**"),
            ("", "**"),
        ];
        for (value, expected) in cases {
            let m = mask_name(value);
            assert_eq!(m, expected, "{value}");
            assert_hidden(value, &m);
        }
    }

    #[test]
    fn text_masked() {
        let cases = [
            ("昭和60年4月1日", "昭和**年*月*日"),
            ("1985/04/01", "****/**/**"),
            ("S60.4.1", "***.*.*"),
            ("平成元年1月8日", "平成*年*月*日"),
            ("記号 1234 番号 56", "記号 **** 番号 **"),
            ("TK1234567", "*********"),
        ];
        for (value, expected) in cases {
            let m = mask_text(value);
            assert_eq!(m, expected, "{value}");
            assert_hidden(value, &m);
        }
    }
}
