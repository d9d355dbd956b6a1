//! Excel number formats applied to numbers, as Excel displays them.
//!
//! Why: Japanese lists often keep phone numbers as numbers with a custom format, so
//! the cell holds `9012345678` and the person sees `090-1234-5678` (format
//! `000-0000-0000`, or `"0"00-0000-0000`, `0###-##-####`). Without the format the
//! leading zero and the dashes are gone and the phone detector cannot recognise the
//! number. Dates are formatted elsewhere (calamine turns date formats into date
//! values); this covers the rest of a format: digit placeholders `0` `#` `?`, the
//! decimal point, thousands separators and scaling commas, `%`, literal characters
//! (`-`, `(`, `)`, blanks, `"quoted text"`, `\x`, `_x` as a blank, `[$¥-411]`), sections
//! (`positive;negative;zero;text`) and simple conditions (`[<=9999999]`). What is not
//! handled (scientific notation, fractions, date or time codes, `[DBNum]` kanji
//! numerals, `General`) gives `None`, and the caller keeps its plain rendering.
//! Parsing is bounded by the format's length (Excel caps it at 255 characters) and
//! never panics.

/// Longest format code looked at (Excel's own limit is 255 characters).
const MAX_FORMAT_BYTES: usize = 1024;
/// Most digits formatted (beyond this a value is not a phone number or an amount).
const MAX_DIGITS: usize = 40;

/// One piece of a parsed section.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// `0` (pad with 0), `#` (nothing), `?` (pad with a blank).
    Digit(u8),
    Point,
    Literal(String),
}

/// A section: its tokens and what it does to the value.
#[derive(Debug, Clone, PartialEq)]
struct Section {
    toks: Vec<Tok>,
    /// Thousands separators between integer placeholders.
    grouping: bool,
    /// Divide by 1000 this many times (commas right after the last placeholder).
    scale: u32,
    percent: u32,
    condition: Option<(Cmp, f64)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Cmp {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

/// A parsed number format.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NumFmt {
    sections: Vec<Section>,
}

impl NumFmt {
    /// Parse a format code; `None` for `General`, text-only, date/time, and the
    /// forms this module does not render.
    pub(crate) fn parse(code: &str) -> Option<NumFmt> {
        if code.len() > MAX_FORMAT_BYTES || code.trim().is_empty() {
            return None;
        }
        let mut sections = Vec::new();
        for raw in split_sections(code) {
            sections.push(parse_section(&raw)?);
        }
        // A format without a single digit placeholder is not one we render (text `@`,
        // `General`, a literal-only format).
        if !sections
            .iter()
            .take(3)
            .any(|s| s.toks.iter().any(|t| matches!(t, Tok::Digit(_))))
        {
            return None;
        }
        Some(NumFmt { sections })
    }

    /// The value as Excel shows it with this format.
    pub(crate) fn format(&self, v: f64) -> Option<String> {
        if !v.is_finite() {
            return None;
        }
        let (section, sign) = self.pick(v)?;
        render(section, v.abs(), sign)
    }

    /// The section for `v`, and whether a minus sign must be written.
    fn pick(&self, v: f64) -> Option<(&Section, bool)> {
        let s = &self.sections;
        if s.iter().any(|x| x.condition.is_some()) {
            // Conditions: the first two sections carry them; the next is the rest.
            for x in s.iter().take(2) {
                if let Some((cmp, n)) = x.condition
                    && holds(cmp, v, n)
                {
                    return Some((x, false));
                }
            }
            let rest = s
                .get(2)
                .or_else(|| s.get(1))
                .filter(|x| x.condition.is_none())?;
            return Some((rest, v < 0.0));
        }
        match s.len() {
            0 => None,
            1 => Some((&s[0], v < 0.0)),
            2 => Some(if v < 0.0 {
                (&s[1], false)
            } else {
                (&s[0], false)
            }),
            _ => Some(if v < 0.0 {
                (&s[1], false)
            } else if v == 0.0 {
                (&s[2], false)
            } else {
                (&s[0], false)
            }),
        }
    }
}

fn holds(cmp: Cmp, v: f64, n: f64) -> bool {
    match cmp {
        Cmp::Lt => v < n,
        Cmp::Le => v <= n,
        Cmp::Gt => v > n,
        Cmp::Ge => v >= n,
        Cmp::Eq => v == n,
        Cmp::Ne => v != n,
    }
}

/// Split at `;` outside quotes, brackets and escapes (at most four sections).
fn split_sections(code: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = code.chars();
    let mut quoted = false;
    let mut bracket = false;
    while let Some(c) = chars.next() {
        let Some(cur) = out.last_mut() else { break };
        match c {
            '"' if !bracket => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            '\\' | '_' | '*' if !quoted && !bracket => {
                cur.push(c);
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
                continue;
            }
            ';' if !quoted && !bracket => {
                if out.len() == 4 {
                    break;
                }
                out.push(String::new());
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    out
}

fn parse_section(raw: &str) -> Option<Section> {
    let mut toks: Vec<Tok> = Vec::new();
    let mut literal = String::new();
    let mut condition = None;
    let mut percent = 0;
    let mut seen_point = false;
    let mut commas_after_digit = 0u32;
    let mut grouping = false;
    let mut chars = raw.chars().peekable();
    let flush = |literal: &mut String, toks: &mut Vec<Tok>| {
        if !literal.is_empty() {
            toks.push(Tok::Literal(std::mem::take(literal)));
        }
    };
    while let Some(c) = chars.next() {
        if c != ',' && commas_after_digit > 0 {
            // Commas between integer placeholders group; commas after the last one
            // scale (`#,##0,` shows thousands). Decided when the next thing is seen.
            if matches!(c, '0' | '#' | '?') && !seen_point {
                grouping = true;
                commas_after_digit = 0;
            }
        }
        match c {
            '0' | '#' | '?' => {
                flush(&mut literal, &mut toks);
                toks.push(Tok::Digit(c as u8));
            }
            '.' => {
                if seen_point {
                    literal.push('.');
                } else {
                    flush(&mut literal, &mut toks);
                    toks.push(Tok::Point);
                    seen_point = true;
                }
            }
            ',' => {
                if matches!(toks.last(), Some(Tok::Digit(_))) || commas_after_digit > 0 {
                    commas_after_digit += 1;
                } else {
                    literal.push(',');
                }
            }
            '%' => {
                percent += 1;
                literal.push('%');
            }
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                    literal.push(q);
                }
            }
            '\\' => literal.extend(chars.next()),
            '_' => {
                chars.next();
                literal.push(' ');
            }
            '*' => {
                chars.next();
            }
            '[' => {
                let mut inner = String::new();
                for q in chars.by_ref() {
                    if q == ']' {
                        break;
                    }
                    inner.push(q);
                }
                match bracket(&inner)? {
                    Bracket::Ignore => {}
                    Bracket::Literal(s) => literal.push_str(&s),
                    Bracket::Condition(cmp, n) => condition = Some((cmp, n)),
                }
            }
            '@' => return None,
            // Scientific notation, fractions, dates and times: not rendered here.
            'E' | 'e' | '/' => return None,
            c if c.is_ascii_alphabetic() => {
                // Date/time codes (y m d h s), `General`, era codes (g e), `AM/PM`…
                return None;
            }
            c => literal.push(c),
        }
    }
    flush(&mut literal, &mut toks);
    Some(Section {
        toks,
        grouping,
        scale: commas_after_digit,
        percent,
        condition,
    })
}

enum Bracket {
    Ignore,
    Literal(String),
    Condition(Cmp, f64),
}

/// `[Red]`, `[Color10]` (ignored), `[$¥-411]` (currency text), `[<=9999999]`; `[DBNum1]`
/// and elapsed times `[h]` are not rendered.
fn bracket(inner: &str) -> Option<Bracket> {
    if let Some(cur) = inner.strip_prefix('$') {
        let text = cur.split('-').next().unwrap_or("");
        return Some(Bracket::Literal(text.to_owned()));
    }
    let ops = [
        ("<=", Cmp::Le),
        (">=", Cmp::Ge),
        ("<>", Cmp::Ne),
        ("<", Cmp::Lt),
        (">", Cmp::Gt),
        ("=", Cmp::Eq),
    ];
    for (op, cmp) in ops {
        if let Some(n) = inner.strip_prefix(op) {
            return n.trim().parse().ok().map(|n| Bracket::Condition(cmp, n));
        }
    }
    let lower = inner.to_ascii_lowercase();
    let colours = [
        "black", "blue", "cyan", "green", "magenta", "red", "white", "yellow", "黒", "青", "水",
        "緑", "紫", "赤", "白", "黄",
    ];
    if colours.contains(&lower.as_str()) || lower.starts_with("color") {
        return Some(Bracket::Ignore);
    }
    None
}

fn render(sec: &Section, mut v: f64, negative: bool) -> Option<String> {
    for _ in 0..sec.percent {
        v *= 100.0;
    }
    for _ in 0..sec.scale {
        v /= 1000.0;
    }
    let point = sec.toks.iter().position(|t| *t == Tok::Point);
    let (int_toks, frac_toks) = match point {
        Some(p) => sec.toks.split_at(p),
        None => (sec.toks.as_slice(), &[][..]),
    };
    let frac_places: Vec<u8> = frac_toks
        .iter()
        .filter_map(|t| match t {
            Tok::Digit(d) => Some(*d),
            _ => None,
        })
        .collect();
    let decimals = frac_places.len();
    if decimals > 15 {
        return None;
    }
    // Round to the shown decimals, then split into digit strings.
    let scaled = format!("{v:.decimals$}");
    let (int_str, frac_str) = scaled.split_once('.').unwrap_or((&scaled, ""));
    if int_str.len() > MAX_DIGITS || !int_str.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let int_digits = if int_str == "0" { "" } else { int_str };
    let mut out = String::new();
    if negative && (int_digits.bytes().any(|b| b != b'0') || frac_str.bytes().any(|b| b != b'0')) {
        out.push('-');
    }
    render_int(int_toks, int_digits, sec.grouping, &mut out);
    if point.is_some() {
        let mut frac = String::new();
        let fd: Vec<char> = frac_str.chars().collect();
        // Trailing zeros under `#` disappear, under `?` become blanks.
        let mut keep = fd.len();
        while keep > 0 && fd.get(keep - 1) == Some(&'0') && frac_places.get(keep - 1) != Some(&b'0')
        {
            keep -= 1;
        }
        let mut k = 0;
        out.push('.');
        for t in frac_toks.iter().skip(1) {
            match t {
                Tok::Digit(d) => {
                    if k < keep {
                        frac.push(fd.get(k).copied().unwrap_or('0'));
                    } else if *d == b'?' {
                        frac.push(' ');
                    }
                    k += 1;
                }
                Tok::Literal(s) => frac.push_str(s),
                Tok::Point => {}
            }
        }
        out.push_str(&frac);
    }
    Some(out)
}

/// The integer part: the digits right-aligned on the placeholders; digits beyond the
/// placeholders go where the first one stands; literals stay where they are.
fn render_int(toks: &[Tok], digits: &str, grouping: bool, out: &mut String) {
    let places: Vec<u8> = toks
        .iter()
        .filter_map(|t| match t {
            Tok::Digit(d) => Some(*d),
            _ => None,
        })
        .collect();
    if grouping {
        // Grouped: the number (padded to the `0` placeholders) in place of the
        // placeholders, with commas every three digits.
        let zeros = places.iter().filter(|&&d| d == b'0').count();
        let mut d = digits.to_owned();
        while d.len() < zeros {
            d.insert(0, '0');
        }
        let grouped = group(&d);
        let mut placed = false;
        for t in toks {
            match t {
                Tok::Digit(_) if !placed => {
                    out.push_str(&grouped);
                    placed = true;
                }
                Tok::Digit(_) | Tok::Point => {}
                Tok::Literal(s) => out.push_str(s),
            }
        }
        return;
    }
    let digits: Vec<char> = digits.chars().collect();
    let n = places.len();
    // Digits that do not fit go with the first placeholder.
    let overflow = digits.len().saturating_sub(n);
    let mut k = 0; // placeholder index
    for t in toks {
        match t {
            Tok::Digit(d) => {
                if k == 0 {
                    out.extend(digits.iter().take(overflow));
                }
                // Placeholder k stands for digit position (from the left) k of n.
                let from_right = n - k; // 1-based from the right
                let have = digits.len();
                if from_right <= have {
                    if let Some(c) = digits.get(have - from_right) {
                        out.push(*c);
                    }
                } else if *d == b'0' {
                    out.push('0');
                } else if *d == b'?' {
                    out.push(' ');
                }
                k += 1;
            }
            Tok::Literal(s) => out.push_str(s),
            Tok::Point => {}
        }
    }
}

fn group(d: &str) -> String {
    let b = d.as_bytes();
    let mut out = String::with_capacity(b.len() + b.len() / 3);
    for (i, c) in d.chars().enumerate() {
        if i > 0 && (b.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(code: &str, v: f64) -> Option<String> {
        NumFmt::parse(code).and_then(|f| f.format(v))
    }

    #[test]
    fn phone_formats() {
        for (code, v, expected) in [
            ("000-0000-0000", 9012345678.0, "090-1234-5678"),
            ("00-0000-0000", 312345678.0, "03-1234-5678"),
            ("0###-##-####", 422123456.0, "0422-12-3456"),
            ("\"0\"00-0000-0000", 9012345678.0, "090-1234-5678"),
            ("\"0\"0-0000-0000", 312345678.0, "03-1234-5678"),
            ("0##-####-####", 8011112222.0, "080-1111-2222"),
            ("000\\-0000\\-0000", 7012345678.0, "070-1234-5678"),
            ("(00)0000-0000", 312345678.0, "(03)1234-5678"),
            ("00_)0000-0000", 312345678.0, "03 1234-5678"),
            ("000 0000 0000", 9012345678.0, "090 1234 5678"),
            // More digits than placeholders: they go with the first one.
            ("0-0000", 1234567.0, "123-4567"),
            ("[<=9999999]###-####;(###) ###-####", 5551234.0, "555-1234"),
            (
                "[<=9999999]###-####;(###) ###-####",
                2125551234.0,
                "(212) 555-1234",
            ),
            ("000-0000", 1000001.0, "100-0001"),
        ] {
            assert_eq!(fmt(code, v).as_deref(), Some(expected), "{code} {v}");
        }
    }

    #[test]
    fn amounts_and_others() {
        for (code, v, expected) in [
            ("#,##0", 1234567.0, "1,234,567"),
            ("#,##0", 0.0, "0"),
            ("#,##0", -1234.0, "-1,234"),
            ("#,##0;[Red]-#,##0", -1234.0, "-1,234"),
            ("#,##0;(#,##0)", -1234.0, "(1,234)"),
            ("0.00", 1.23456, "1.23"),
            ("0.0#", 2.5, "2.5"),
            ("#,##0.00", 1234.5, "1,234.50"),
            ("0%", 0.25, "25%"),
            ("0.0%", 0.125, "12.5%"),
            ("#,##0,", 1234567.0, "1,235"),
            ("[$¥-411]#,##0", 1500.0, "¥1,500"),
            ("\"¥\"#,##0", 1500.0, "¥1,500"),
            ("#,##0\"円\"", 1500.0, "1,500円"),
            ("0000", 12.0, "0012"),
            ("00000", 1234.0, "01234"),
            ("#", 0.0, ""),
            ("0;-0;\"ゼロ\"", 0.0, "ゼロ"),
            ("0", 9.01234567801e11, "901234567801"),
        ] {
            assert_eq!(fmt(code, v).as_deref(), Some(expected), "{code} {v}");
        }
    }

    #[test]
    fn formats_not_rendered() {
        for code in [
            "General",
            "@",
            "yyyy/m/d",
            "0.00E+00",
            "# ?/?",
            "[DBNum1]0",
            "[h]:mm",
            "ggge年m月d日",
            "\"text only\"",
            "",
        ] {
            assert_eq!(fmt(code, 12.0), None, "{code}");
        }
        assert_eq!(fmt("0", f64::NAN), None);
        assert_eq!(fmt("0", 1e60), None);
    }

    #[test]
    fn never_panics() {
        let pieces = [
            "0", "#", "?", ".", ",", "-", "\"", "\\", "_", "*", "[", "]", ";", "%", "$", "<=", "9",
            "Red", "@", "E+", "/", "円", " ", "(",
        ];
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..5000 {
            let mut code = String::new();
            for _ in 0..(x % 12) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                code.push_str(pieces[(x % pieces.len() as u64) as usize]);
            }
            for v in [0.0, -1.5, 9012345678.0, 1e20, 0.001] {
                let _ = fmt(&code, v);
            }
        }
        let long = "0".repeat(5000);
        assert_eq!(fmt(&long, 1.0), None);
    }
}
