//! Postal codes and street addresses.
//!
//! Why anchored: a Japanese address is only personal data when it goes down to the
//! house (`東京都千代田区丸の内二丁目7番2号`, `大阪市北区梅田1-2-3`); `東京都内の店舗`,
//! `大阪支店` or `中村区` alone are everyday words. So an address starts at one of the
//! 47 都道府県, a designated city (`横浜市`…) or a Tokyo ward, and is reported only when
//! a 市区町村, a town and a house number (丁目/番地/番/号 or `N-N-N`, Arabic, full-width
//! or kanji numerals) follow. The regex runs only there, on at most a line's worth of
//! text, which keeps the scan fast. The range ends at the house number; the building
//! name is left out.
//!
//! Postal codes: `〒` or 郵便番号 + `NNN-NNNN` (or 7 digits). A bare `NNN-NNNN` is a part
//! number as often as a postal code: it is reported (weak, unlabelled) only when an
//! address follows it.

use regex::Regex;

use super::candidates::Cand;
use super::candidates::is_unit;
use super::keywords::COMPETING;
use super::keywords::Kw;
use super::{Detector, PiiType, Raw, Scan, evidence, prev_char};
use crate::mask::{mask_address, mask_digits, mask_romanized_address};

/// Longest stretch after the anchor that an address may take, in bytes.
const MAX_ADDRESS_BYTES: usize = 300;

/// Particles that do not occur in place names: a match containing one ran through a
/// sentence (`東京都港区の会議室では3-4`).
const SENTENCE_PARTICLES: &[&str] = &[
    "では",
    "には",
    "にて",
    "から",
    "まで",
    "です",
    "ます",
    "より",
    "への",
    "での",
    "にある",
    "を",
    "、",
    "。",
];

/// `横浜市の2-3`: a municipality, the particle の, then a number: a sentence (`12番地の3`
/// is fine: there の follows 番地).
fn particle_before_number(s: &str) -> bool {
    let c: Vec<char> = s.chars().collect();
    c.windows(3).any(|w| {
        matches!(w[0], '市' | '区' | '町' | '村' | '都' | '道' | '府' | '県')
            && w[1] == 'の'
            && (w[2].is_ascii_digit() || "一二三四五六七八九十".contains(w[2]))
    })
}

/// The compiled address patterns (what may follow each kind of anchor).
pub(crate) struct AddressRegex {
    after_prefecture: Regex,
    after_city: Regex,
    after_ward: Regex,
    /// A Japanese address written in Latin letters: 「3-14-7 Minami-Azabu, Minato-ku」,
    /// 「Setagaya-ku, Kitazawa 2-8-15」. Run only on lines holding a `-ku`/`-shi`… word.
    romanized: Regex,
    /// The municipality suffixes, found in one pass.
    municipality_suffixes: aho_corasick::AhoCorasick,
}

/// The municipality suffixes of a romanized address (Minato-ku, Yokohama-shi).
const ROMAN_MUNICIPALITY: [&str; 6] = ["-ku", "-shi", "-cho", "-machi", "-gun", "-mura"];

impl AddressRegex {
    pub(crate) fn new() -> AddressRegex {
        let kh = r"[\p{Han}\p{Hiragana}\p{Katakana}ー々〆ヶケヵ]";
        let muni = format!(r"(?:{kh}{{1,6}}?郡[ ]?)?{kh}{{1,7}}?[市区町村]");
        let ward = r"(?:[\p{Han}々ヶケ]{1,4}?区)?";
        let town = r"[\p{Han}\p{Hiragana}\p{Katakana}ー々〆ヶケヵ]{0,14}?";
        let num = r"(?:[0-9]{1,5}|[〇一二三四五六七八九十百千]{1,6})";
        let jo = format!(r"(?:{num}条[\p{{Han}}]{{0,2}}?)?");
        let house = format!(
            r"(?:{num}丁目(?:[ ]?{num}(?:番地?(?:の?{num}号?)?|(?:-{num}){{0,2}}号?))?|{num}番地(?:の?{num}号?)?|{num}番[ ]?{num}号?|[0-9]{{1,5}}(?:-[0-9]{{1,5}}){{1,3}}号?)"
        );
        #[allow(clippy::expect_used)]
        let re = |s: String| Regex::new(&s).expect("static address regex");
        AddressRegex {
            after_prefecture: re(format!(r"^[ ]?{muni}{ward}[ ]?{town}[ ]?{jo}{house}")),
            after_city: re(format!(r"^{ward}[ ]?{town}[ ]?{jo}{house}")),
            after_ward: re(format!(r"^[ ]?{town}[ ]?{jo}{house}")),
            romanized: re({
                let house = r"[0-9]{1,4}(?:-[0-9]{1,4}){1,3}";
                let name = r"[A-Za-z][A-Za-z'-]*(?: [A-Za-z][A-Za-z'-]*){0,2}";
                let muni = r"[A-Za-z]+-(?i:ku|shi|cho|machi|gun|mura)";
                format!(r"{house},? {name}, ?{muni}\b|{muni},? {name},? {house}")
            }),
            #[allow(clippy::expect_used)]
            municipality_suffixes: aho_corasick::AhoCorasick::new(ROMAN_MUNICIPALITY)
                .expect("static suffix list"),
        }
    }
}

/// Find addresses at their anchors.
pub(crate) fn scan_addresses(det: &Detector, sc: &mut Scan<'_>) {
    let t = sc.t;
    let mut last_end = 0;
    let mut found = Vec::new();
    for h in &sc.hits {
        let re = match h.kw {
            Kw::Prefecture => &det.address.after_prefecture,
            Kw::City => &det.address.after_city,
            Kw::Ward => &det.address.after_ward,
            _ => continue,
        };
        if h.start < last_end {
            continue;
        }
        let mut lim = (h.end + MAX_ADDRESS_BYTES).min(t.len());
        while !t.is_char_boundary(lim) {
            lim -= 1;
        }
        let Some(rest) = t.get(h.end..lim) else {
            continue;
        };
        let rest = rest.split('\n').next().unwrap_or("");
        let Some(m) = re.find(rest) else { continue };
        let end = h.end + m.end();
        if sc.b.get(end).is_some_and(u8::is_ascii_digit)
            || t.get(end..).is_some_and(|r| is_unit(r, false))
            || SENTENCE_PARTICLES.iter().any(|p| m.as_str().contains(p))
            || particle_before_number(m.as_str())
        {
            // `…の会議室で10-12時`: a sentence, not an address.
            continue;
        }
        last_end = end;
        found.push((h.start, end));
    }
    for (start, end) in found {
        push_address(sc, start, end, mask_address);
    }
}

/// Report the address at `start..end`, labelled when an address keyword stands near.
fn push_address(sc: &mut Scan<'_>, start: usize, end: usize, mask: fn(&str) -> String) {
    let Some(value) = sc.t.get(start..end) else {
        return;
    };
    let hit = sc.near(start, end, &[Kw::Address]);
    sc.push(Raw {
        kind: PiiType::Address,
        start,
        end,
        labelled: hit.is_some(),
        weak: false,
        evidence: evidence(hit.map(|h| sc.hit_text(&h)), mask(value)),
    });
}

/// Addresses written in Latin letters, found on the lines that hold a municipality
/// word (`Minato-ku`): a house number `N-N(-N)` next to the town and the municipality.
pub(crate) fn scan_romanized_addresses(det: &Detector, sc: &mut Scan<'_>) {
    let t = sc.t;
    let mut lines: Vec<(usize, usize)> = Vec::new();
    for hit in det.address.municipality_suffixes.find_iter(t) {
        let i = hit.start();
        // After a Latin letter (Minato-ku), not in a part number (A-123-ku is rare).
        if !t.as_bytes()[..i]
            .last()
            .is_some_and(u8::is_ascii_alphabetic)
        {
            continue;
        }
        // Each line once (a long line with many hits is not searched again).
        if lines.last().is_some_and(|&(_, end)| i < end) {
            continue;
        }
        let start = t[..i].rfind('\n').map_or(0, |p| p + 1);
        let end = t[i..].find('\n').map_or(t.len(), |p| i + p);
        lines.push((start, end));
    }
    let mut found = Vec::new();
    for (start, end) in lines {
        let Some(line) = t.get(start..end) else {
            continue;
        };
        for m in det.address.romanized.find_iter(line) {
            let (s, e) = (start + m.start(), start + m.end());
            if prev_char(t, s).is_some_and(|c| c.is_ascii_alphanumeric()) {
                continue;
            }
            found.push((s, e));
        }
    }
    for (start, end) in found {
        if !sc.is_claimed(start..end) {
            push_address(sc, start, end, mask_romanized_address);
        }
    }
}

/// Postal codes among the digit candidates.
pub(crate) fn classify_postal(sc: &Scan<'_>, c: &Cand) -> Option<Raw> {
    let dashed = c.shape_is(&[3, 4]) && c.seps[0] == b'-';
    if !dashed && !c.shape_is(&[7]) {
        return None;
    }
    let t = sc.t;
    let mut p = c.start;
    while p > 0 && p + 3 > c.start && matches!(sc.b[p - 1], b' ' | b':') {
        p -= 1;
    }
    let mark = prev_char(t, p) == Some('〒');
    let hit = sc.resolve(c.start, c.end, &[Kw::Postal], COMPETING);
    let label = hit.filter(|h| h.kw == Kw::Postal);
    let value = t.get(c.start..c.end)?;
    if mark || label.is_some() {
        let l = if mark {
            Some("〒")
        } else {
            label.map(|h| sc.hit_text(&h))
        };
        return Some(Raw {
            kind: PiiType::PostalCode,
            start: if mark { p - '〒'.len_utf8() } else { c.start },
            end: c.end,
            labelled: true,
            weak: false,
            evidence: evidence(l, mask_digits(value)),
        });
    }
    if !dashed {
        return None;
    }
    // A bare NNN-NNNN right before an address.
    let mut q = c.end;
    while q < c.end + 2 && sc.b.get(q) == Some(&b' ') {
        q += 1;
    }
    let lo = sc.hits.partition_point(|h| h.start < q);
    let address_follows = sc
        .hits
        .get(lo)
        .is_some_and(|h| h.start == q && matches!(h.kw, Kw::Prefecture | Kw::City | Kw::Ward));
    address_follows.then(|| Raw {
        kind: PiiType::PostalCode,
        start: c.start,
        end: c.end,
        labelled: false,
        weak: true,
        evidence: mask_digits(value),
    })
}

#[cfg(test)]
mod tests {
    use super::super::PiiType::*;
    use super::super::test_util::check_kinds;

    fn check(input: &str, expected: &str) {
        check_kinds(&[Address, PostalCode], input, expected);
    }

    #[test]
    fn postal_codes() {
        check("〒100-0005", "postal_code+L(〒100-0005)");
        check("〒 100-0005", "postal_code+L(〒 100-0005)");
        check("〒１００－０００５", "postal_code+L(〒１００－０００５)");
        check("〒１００ー０００５", "postal_code+L(〒１００ー０００５)");
        check("〒1000005", "postal_code+L(〒1000005)");
        check("郵便番号：100-0005", "postal_code+L(100-0005)");
        check("郵便番号\n530-0001", "postal_code+L(530-0001)");
        check("郵便番号 1000005", "postal_code+L(1000005)");
        check(
            "100-0005 東京都千代田区丸の内1-1-1",
            "postal_code+W(100-0005) address(東京都千代田区丸の内1-1-1)",
        );
        // Bare codes and look-alikes.
        check("100-0005", "");
        check("品番 100-0005", "");
        check("〒100-00055", "");
        check("〒10-0005", "");
        check("1000005", "");
    }

    #[test]
    fn addresses() {
        check(
            "東京都千代田区丸の内二丁目7番2号",
            "address(東京都千代田区丸の内二丁目7番2号)",
        );
        check(
            "住所：東京都千代田区丸の内２－７－２ 丸ビル5階",
            "address+L(東京都千代田区丸の内２－７－２)",
        );
        check("大阪市北区梅田1-2-3", "address(大阪市北区梅田1-2-3)");
        check(
            "大阪府大阪市北区梅田一丁目2番3号",
            "address(大阪府大阪市北区梅田一丁目2番3号)",
        );
        check(
            "愛知県名古屋市中村区名駅1-1-4",
            "address(愛知県名古屋市中村区名駅1-1-4)",
        );
        check(
            "神奈川県横浜市中区山下町1番地",
            "address(神奈川県横浜市中区山下町1番地)",
        );
        check(
            "横浜市西区みなとみらい2-2-1",
            "address(横浜市西区みなとみらい2-2-1)",
        );
        check(
            "北海道札幌市中央区北1条西2丁目",
            "address(北海道札幌市中央区北1条西2丁目)",
        );
        check(
            "長野県北佐久郡軽井沢町大字軽井沢1323番地",
            "address(長野県北佐久郡軽井沢町大字軽井沢1323番地)",
        );
        check(
            "東京都 港区 芝公園 4-2-8",
            "address(東京都 港区 芝公園 4-2-8)",
        );
        check("港区芝公園4-2-8", "address(港区芝公園4-2-8)");
        check(
            "東京都港区六本木六丁目10番1号",
            "address(東京都港区六本木六丁目10番1号)",
        );
        check(
            "東京都千代田区一番町12-3",
            "address(東京都千代田区一番町12-3)",
        );
        check(
            "福岡県福岡市博多区博多駅前２丁目１－１",
            "address(福岡県福岡市博多区博多駅前２丁目１－１)",
        );
        check(
            "京都府京都市下京区烏丸通七条下る東塩小路町721-1",
            "address(京都府京都市下京区烏丸通七条下る東塩小路町721-1)",
        );
        check(
            "送付先は埼玉県さいたま市浦和区高砂3-15-1です",
            "address+L(埼玉県さいたま市浦和区高砂3-15-1)",
        );
        check(
            "東京都八王子市元本郷町三丁目24番1号",
            "address(東京都八王子市元本郷町三丁目24番1号)",
        );
        check(
            "東京都千代田区丸の内１丁目１番１号",
            "address(東京都千代田区丸の内１丁目１番１号)",
        );
        check(
            "東京都千代田区丸の内１ー１ー１",
            "address(東京都千代田区丸の内１ー１ー１)",
        );
        check(
            "大阪府堺市堺区南瓦町3-1",
            "address(大阪府堺市堺区南瓦町3-1)",
        );
        check("沖縄県那覇市泉崎1-2-2", "address(沖縄県那覇市泉崎1-2-2)");
        check(
            "〒100-0005 東京都千代田区丸の内1-1-1",
            "postal_code+L(〒100-0005) address(東京都千代田区丸の内1-1-1)",
        );
    }

    #[test]
    fn romanized_addresses() {
        check(
            "3-14-7 Minami-Azabu, Minato-ku, Tokyo 106-0047",
            "address(3-14-7 Minami-Azabu, Minato-ku)",
        );
        check(
            "Address: 2-8-15 Kitazawa, Setagaya-ku, Tokyo",
            "address+L(2-8-15 Kitazawa, Setagaya-ku)",
        );
        check(
            "Naka-ku, Honcho 1-2-3, Yokohama",
            "address(Naka-ku, Honcho 1-2-3)",
        );
        // A ward alone, or a house number far from it, is not an address.
        check("our office in Minato-ku", "");
        check("Meet at Shibuya-ku station, gate 3", "");
    }

    #[test]
    fn address_traps() {
        check("東京都内の店舗", "");
        check("大阪支店までお越しください", "");
        check("中村区", "");
        check("名古屋市中村区にて", "");
        check("佐藤製薬の本社", "");
        check("東京都港区の会議室", "");
        check("東京都の人口は1400万人", "");
        check("京都府の観光", "");
        check("東京都千代田区", "");
        check("東京都千代田区丸の内1", "");
        check("東京都港区の会議室で10-12時", "");
        check("東京都港区の会議室では3-4", "");
        check("大阪府の人口は約880万人", "");
        check("神奈川県横浜市の2-3社と商談", "");
    }
}
