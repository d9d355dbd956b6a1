//! vCard files (`.vcf`): address-book cards as a table of people.
//!
//! A card is a person's record in a form no text detector reads: the address is split
//! into `;`-separated parts in Western order (`;;大宮区桜木町4-12-8;さいたま市;埼玉県;
//! 330-0854`), the birth date is `BDAY:19880722`, and a phone's vCard 2.1 export from a
//! Japanese mobile is Shift_JIS in quoted-printable. So each card becomes a row of a
//! table whose header names the columns (氏名, 住所, 電話番号, 生年月日, メールアドレス),
//! with the address in Japanese order and the date written out, and the personal-data
//! check reads it like any customer list. Versions 2.1, 3.0 and 4.0 are read; what is
//! not understood is skipped, never an error.

use encoding_rs::Encoding;

use crate::{Content, Ctx, Problem};

/// The columns of the table, in order.
const HEADER: [&str; 6] = [
    "氏名",
    "住所",
    "電話番号",
    "生年月日",
    "メールアドレス",
    "会社",
];

/// One card's fields.
#[derive(Default)]
struct Card {
    name: String,
    addresses: Vec<String>,
    phones: Vec<String>,
    birthday: String,
    emails: Vec<String>,
    org: String,
}

pub(crate) fn read(ctx: &mut Ctx, path: &str, bytes: &[u8]) -> Result<(), Problem> {
    let mut rows = vec![HEADER.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>()];
    let mut card: Option<Card> = None;
    for line in unfold(bytes) {
        let Some((head, value)) = split_property(&line) else {
            continue;
        };
        let mut params = head.split(';');
        let name = params.next().unwrap_or_default();
        // Grouped properties: item1.TEL → TEL.
        let name = name.rsplit('.').next().unwrap_or(name).to_ascii_uppercase();
        let params: Vec<String> = params.map(str::to_ascii_uppercase).collect();
        let text = decode_value(value, &params);
        match name.as_str() {
            "BEGIN" if text.eq_ignore_ascii_case("vcard") => card = Some(Card::default()),
            "END" if text.eq_ignore_ascii_case("vcard") => {
                if let Some(c) = card.take() {
                    rows.push(row(c));
                }
            }
            _ => {
                if let Some(c) = card.as_mut() {
                    add_property(c, &name, &text);
                }
            }
        }
    }
    if rows.len() > 1 {
        ctx.part(path.to_owned(), Content::Table { sheet: None, rows });
        Ok(())
    } else {
        // Not a card after all: read it as the text it is.
        crate::text::read(ctx, path, bytes, crate::text::TextKind::Plain)
    }
}

/// The logical lines: folded lines (a leading blank) and quoted-printable soft breaks
/// (a trailing `=`) joined.
fn unfold(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut lines: Vec<Vec<u8>> = Vec::new();
    // Whether the current logical line's property is quoted-printable (decided once,
    // from its name and parameters, so a long run of soft breaks stays linear).
    let mut quoted_printable = false;
    let mut soft_break = false;
    for raw in bytes.split(|&b| b == b'\n') {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        match lines.last_mut() {
            Some(last) if soft_break => last.extend_from_slice(raw),
            Some(last) if raw.first().is_some_and(|b| *b == b' ' || *b == b'\t') => {
                last.extend_from_slice(&raw[1..]);
            }
            _ => {
                let head = raw.split(|&b| b == b':').next().unwrap_or_default();
                quoted_printable = head
                    .windows(16)
                    .any(|w| w.eq_ignore_ascii_case(b"QUOTED-PRINTABLE"));
                lines.push(raw.to_vec());
            }
        }
        soft_break = false;
        if quoted_printable
            && let Some(last) = lines.last_mut()
            && last.ends_with(b"=")
        {
            last.pop();
            soft_break = true;
        }
    }
    lines
}

/// `NAME;PARAMS` and the raw value of a property line.
fn split_property(line: &[u8]) -> Option<(String, &[u8])> {
    let colon = line.iter().position(|&b| b == b':')?;
    let head = String::from_utf8_lossy(&line[..colon]).into_owned();
    Some((head, &line[colon + 1..]))
}

/// A value as text: quoted-printable undone, in its CHARSET (else detected).
fn decode_value(value: &[u8], params: &[String]) -> String {
    let qp = params
        .iter()
        .any(|p| p == "ENCODING=QUOTED-PRINTABLE" || p == "QUOTED-PRINTABLE");
    let bytes = if qp { unquote(value) } else { value.to_vec() };
    let charset = params
        .iter()
        .find_map(|p| p.strip_prefix("CHARSET="))
        .and_then(|label| Encoding::for_label(label.as_bytes()));
    match charset {
        Some(encoding) => encoding.decode(&bytes).0.into_owned(),
        None => crate::text::decode(&bytes),
    }
}

/// Quoted-printable `=XX` escapes undone (a bad escape is kept as it is).
fn unquote(value: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(value.len());
    let mut i = 0;
    while i < value.len() {
        let escaped = (value[i] == b'=')
            .then(|| Some((hex(*value.get(i + 1)?)?, hex(*value.get(i + 2)?)?)))
            .flatten();
        match escaped {
            Some((hi, lo)) => {
                out.push(u8::try_from(hi * 16 + lo).unwrap_or(b'?'));
                i += 3;
            }
            None => {
                out.push(value[i]);
                i += 1;
            }
        }
    }
    out
}

fn add_property(card: &mut Card, name: &str, value: &str) {
    let parts: Vec<&str> = value.split(';').map(str::trim).collect();
    match name {
        "FN" => card.name = value.trim().to_owned(),
        "N" if card.name.is_empty() => {
            card.name = parts
                .iter()
                .take(2)
                .filter(|p| !p.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
        }
        "ADR" => card.addresses.push(address(&parts)),
        "TEL" => card
            .phones
            .push(value.trim().trim_start_matches("tel:").to_owned()),
        "EMAIL" => card.emails.push(value.trim().to_owned()),
        "BDAY" => card.birthday = birthday(value.trim()),
        "ORG" => card.org = parts.join(" ").trim().to_owned(),
        _ => {}
    }
}

/// `ADR` parts (post box; extended; street; locality; region; postal code; country)
/// as an address is written: Japanese order when it is Japanese, else Western.
fn address(parts: &[&str]) -> String {
    let part = |i: usize| parts.get(i).copied().unwrap_or_default();
    let (street, locality, region, postal) = (part(2), part(3), part(4), part(5));
    let japanese = [street, locality, region].iter().any(|p| !p.is_ascii());
    let text = if japanese {
        let postal = if postal.is_empty() {
            String::new()
        } else {
            format!("〒{postal} ")
        };
        format!("{postal}{region}{locality}{street}{}", part(1))
    } else {
        [part(1), street, locality, region, postal, part(6)]
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ")
    };
    text.trim().to_owned()
}

/// `19880722`, `1988-07-22`, `1988-07-22T00:00:00Z` → `1988-07-22`; other forms as
/// they are.
fn birthday(value: &str) -> String {
    let date = value.split('T').next().unwrap_or(value);
    let digits: String = date.chars().filter(char::is_ascii_digit).collect();
    if digits.len() == 8 && (date.len() == 8 || date.len() == 10) {
        format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..])
    } else {
        value.to_owned()
    }
}

fn row(card: Card) -> Vec<String> {
    vec![
        card.name,
        card.addresses.join(" / "),
        card.phones.join(" / "),
        card.birthday,
        card.emails.join(" / "),
        card.org,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(card: &[u8]) -> Vec<Vec<String>> {
        let limits = crate::Limits::default();
        let extracted = crate::extract("c.vcf", card, &limits);
        match extracted.parts.into_iter().next().map(|p| p.content) {
            Some(Content::Table { rows, .. }) => rows,
            other => panic!("not a table: {other:?}"),
        }
    }

    #[test]
    fn cards_become_rows() {
        let v3 = b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:\xe7\x9f\xb3\xe5\x8e\x9f;\xe9\x87\x8c\xe7\xbe\x8e;;;\r\nADR;TYPE=home:;;\xe5\xa4\xa7\xe5\xae\xae\xe5\x8c\xba\xe6\xa1\x9c\xe6\x9c\xa8\xe7\x94\xba4-12-8;\xe3\x81\x95\xe3\x81\x84\xe3\x81\x9f\xe3\x81\xbe\xe5\xb8\x82;\xe5\x9f\xbc\xe7\x8e\x89\xe7\x9c\x8c;330-0854;\r\nTEL;TYPE=cell:090-1234-5678\r\nBDAY:19880722\r\nEND:VCARD\r\n";
        let r = rows(v3);
        assert_eq!(r[1][0], "石原 里美");
        assert_eq!(r[1][1], "〒330-0854 埼玉県さいたま市大宮区桜木町4-12-8");
        assert_eq!(r[1][2], "090-1234-5678");
        assert_eq!(r[1][3], "1988-07-22");
        // vCard 2.1 from a phone: Shift_JIS in quoted-printable, with a soft break.
        let v21 = b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=SHIFT_JIS;ENCODING=QUOTED-PRINTABLE:=8E=52=93=63=20=\r\n=89=D4=8E=71\r\nTEL;CELL:08011112222\r\nEND:VCARD\r\n";
        let r = rows(v21);
        assert_eq!(r[1][0], "山田 花子");
        assert_eq!(r[1][2], "08011112222");
        // Western address order for a Western address.
        let us = b"BEGIN:VCARD\nVERSION:4.0\nFN:Jo Doe\nADR;TYPE=home:;;12 Elm St;Springfield;IL;62704;USA\nBDAY:1985-03-14\nEND:VCARD\n";
        let r = rows(us);
        assert_eq!(r[1][1], "12 Elm St, Springfield, IL, 62704, USA");
        assert_eq!(r[1][3], "1985-03-14");
    }

    #[test]
    fn not_a_card_is_text() {
        let limits = crate::Limits::default();
        let extracted = crate::extract("x.vcf", b"just some text", &limits);
        assert!(matches!(
            extracted.parts.first().map(|p| &p.content),
            Some(Content::Text(_))
        ));
    }
}
