//! Tables pasted into a mail or read from a CSV: the header names each column.
//!
//! Why: a customer list is the most serious finding (many people's records at once),
//! and in a list the label stands in the header row, not next to the value:
//!
//! ```text
//! 氏名,生年月日,電話番号,マイナンバー
//! 山田太郎,1985/04/01,090-1234-5678,123456789018
//! ```
//!
//! Rows far below the header would otherwise look unlabelled (a bare 12-digit number
//! is only a weak My Number). So consecutive lines that share a delimiter (tab, else
//! comma) form a block, and when its first line reads like a header (short cells, at
//! least one of them a keyword), a value in column *k* of a later row is labelled by
//! the keyword of header cell *k*, before anything on its own line. Quoted cells with
//! embedded delimiters are not parsed (the columns then shift; nothing breaks).
//!
//! Tables typed with blanks (`氏名　生年月日　電話番号`, full-width spaces, runs of
//! spaces as a PDF's text layer gives them, `| 氏名 | 生年月日 |`) are found apart, as
//! [`BlankTable`]s: a blank is also what separates 山田 and 太郎 inside one cell, so
//! their columns cannot be counted, and such a table labels nothing by position. The
//! birth-date detector reads them by order instead (the k-th date of a row belongs to
//! the k-th date column of the header); see `birth_date.rs`.

use std::ops::Range;

use super::Hit;
use super::keywords::Kw;

/// Longest header cell, in chars: headers are short labels.
const MAX_HEADER_CELL_CHARS: usize = 30;

#[derive(Debug, Clone)]
pub(crate) struct Table {
    /// Start of the header line.
    pub header_start: usize,
    /// End of the header line (its newline, or the end of the text).
    pub header_end: usize,
    /// End of the last row.
    pub end: usize,
    pub delim: u8,
    /// Header cells, in column order.
    pub cells: Vec<Range<usize>>,
}

impl Table {
    /// The rows after the header: `(line start, line end)` without `\r\n`.
    pub fn rows<'t>(&self, t: &'t str) -> impl Iterator<Item = Range<usize>> + 't {
        let mut pos = self.header_end + 1;
        let end = self.end;
        std::iter::from_fn(move || {
            if pos >= end {
                return None;
            }
            let le = t.get(pos..end)?.find('\n').map_or(end, |i| pos + i);
            let r = pos..trim_cr(t, pos, le);
            pos = le + 1;
            Some(r)
        })
    }

    /// Cell `k` of the row `row`.
    pub fn cell(&self, t: &str, row: Range<usize>, k: usize) -> Option<Range<usize>> {
        let line = t.get(row.clone())?;
        let mut start = row.start;
        for (i, cell) in line.split(char::from(self.delim)).enumerate() {
            if i == k {
                return Some(start..start + cell.len());
            }
            start += cell.len() + 1;
        }
        None
    }

    /// Columns whose header holds a keyword of class `kw`.
    pub fn columns_with(&self, hits: &[Hit], kw: &[Kw]) -> Vec<(usize, Hit)> {
        let mut out = Vec::new();
        for (k, cell) in self.cells.iter().enumerate() {
            if let Some(h) = hits_in(hits, cell.clone())
                .iter()
                .find(|h| kw.contains(&h.kw))
            {
                out.push((k, *h));
            }
        }
        out
    }
}

fn trim_cr(t: &str, ls: usize, le: usize) -> usize {
    if le > ls && t.as_bytes().get(le - 1) == Some(&b'\r') {
        le - 1
    } else {
        le
    }
}

/// The hits that lie inside `r`.
pub(crate) fn hits_in(hits: &[Hit], r: Range<usize>) -> &[Hit] {
    let lo = hits.partition_point(|h| h.start < r.start);
    let hi = hits.partition_point(|h| h.start < r.end);
    let slice = hits.get(lo..hi.max(lo)).unwrap_or(&[]);
    let n = slice.iter().take_while(|h| h.end <= r.end).count();
    &slice[..n]
}

/// Find the tables of `t` (sorted by position). Only lines holding a keyword can be
/// headers, so the search starts from the keyword hits, not from every line.
pub(crate) fn find_tables(t: &str, hits: &[Hit]) -> Vec<Table> {
    let mut tables: Vec<Table> = Vec::new();
    let mut done_until = 0;
    for h in hits {
        if h.start < done_until || !is_label(h.kw) {
            continue;
        }
        let ls = t
            .get(..h.start)
            .and_then(|p| p.rfind('\n'))
            .map_or(0, |p| p + 1);
        let le = t
            .get(h.end..)
            .and_then(|r| r.find('\n'))
            .map_or(t.len(), |i| h.end + i);
        done_until = le;
        let Some(delim) = delimiter(t.get(ls..trim_cr(t, ls, le)).unwrap_or("")) else {
            continue;
        };
        // The header is the first line of its block.
        if ls > 0 {
            let pls = t
                .get(..ls - 1)
                .and_then(|p| p.rfind('\n'))
                .map_or(0, |p| p + 1);
            if delimiter(t.get(pls..trim_cr(t, pls, ls - 1)).unwrap_or("")) == Some(delim) {
                continue;
            }
        }
        // Rows: the following lines with the same delimiter.
        let mut end = le;
        while end < t.len() {
            let rs = end + 1;
            let re = t
                .get(rs..)
                .and_then(|r| r.find('\n'))
                .map_or(t.len(), |i| rs + i);
            let row = t.get(rs..trim_cr(t, rs, re)).unwrap_or("");
            if !row.as_bytes().contains(&delim) {
                break;
            }
            end = re;
        }
        if end == le {
            continue;
        }
        done_until = end;
        if let Some(tb) = make_table(t, hits, ls, le, end, delim) {
            tables.push(tb);
        }
    }
    tables
}

/// Keyword classes that can head a column.
fn is_label(kw: Kw) -> bool {
    !matches!(
        kw,
        Kw::Honorific | Kw::Prefecture | Kw::City | Kw::Ward | Kw::Age | Kw::PostMark | Kw::Kigou
    )
}

/// The delimiter of a table line: tab, else comma.
fn delimiter(line: &str) -> Option<u8> {
    if line.contains('\t') {
        Some(b'\t')
    } else if line.contains(',') {
        Some(b',')
    } else {
        None
    }
}

fn make_table(
    t: &str,
    hits: &[Hit],
    start: usize,
    first_end: usize,
    end: usize,
    delim: u8,
) -> Option<Table> {
    let header = t.get(start..trim_cr(t, start, first_end))?;
    let mut cells = Vec::new();
    let mut pos = start;
    for cell in header.split(char::from(delim)) {
        if cell.chars().count() > MAX_HEADER_CELL_CHARS {
            return None;
        }
        cells.push(pos..pos + cell.len());
        pos += cell.len() + 1;
    }
    let labelled = cells
        .iter()
        .any(|c| hits_in(hits, c.clone()).iter().any(|h| is_label(h.kw)));
    (cells.len() >= 2 && labelled).then_some(Table {
        header_start: start,
        header_end: first_end,
        end,
        delim,
        cells,
    })
}

/// A table whose header cells are separated by blanks (spaces, tabs, full-width spaces,
/// which NFKC made ASCII) or `|`, and the lines under its header.
#[derive(Debug, Clone)]
pub(crate) struct BlankTable {
    /// The header line (without `\r\n`).
    pub header: Range<usize>,
    /// The header's columns, in order: its blank-separated tokens, with the tokens of
    /// one keyword (`date of birth`) joined.
    pub columns: Vec<Range<usize>>,
    /// The rows: the non-blank lines under the header (a single blank line between
    /// rows, as in a PDF's text layer, is skipped), without `\r\n`.
    pub rows: Vec<Range<usize>>,
}

/// Longest header line of a blank table, in bytes.
const MAX_BLANK_HEADER_BYTES: usize = 400;
/// Most columns of a blank table.
const MAX_BLANK_COLUMNS: usize = 24;

fn is_blank_sep(c: char) -> bool {
    c == ' ' || c == '\t' || c == '|'
}

/// The blank-separated tokens of `line_start..line_end`.
pub(crate) fn blank_tokens(t: &str, r: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let Some(line) = t.get(r.clone()) else {
        return out;
    };
    let mut start = None;
    for (i, c) in line.char_indices() {
        match (is_blank_sep(c), start) {
            (true, Some(s)) => {
                out.push(r.start + s..r.start + i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(r.start + s..r.end);
    }
    out
}

/// The cells of `r` split where a person sees a column break: a tab, a `|`, or two or
/// more blanks (one blank may stand inside a cell: 山田 太郎).
pub(crate) fn strong_cells(t: &str, r: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let Some(line) = t.get(r.clone()) else {
        return out;
    };
    let b = line.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        let sep_len = match b[i] {
            b'\t' | b'|' => 1,
            b' ' if b.get(i + 1) == Some(&b' ') => {
                b[i..].iter().take_while(|&&c| c == b' ').count()
            }
            _ => 0,
        };
        if sep_len == 0 {
            i += 1;
            continue;
        }
        push_trimmed(line, start, i, r.start, &mut out);
        i += sep_len;
        start = i;
    }
    push_trimmed(line, start, line.len(), r.start, &mut out);
    out
}

/// Push `line[s..e]` without its surrounding blanks (at `base` in the text), unless it
/// is blank: leading separators (`| a | b |`) make no cell.
fn push_trimmed(line: &str, s: usize, e: usize, base: usize, out: &mut Vec<Range<usize>>) {
    let Some(cell) = line.get(s..e) else { return };
    let lead = cell.len() - cell.trim_start_matches([' ', '\t']).len();
    let trimmed = cell.trim_matches([' ', '\t']);
    if !trimmed.is_empty() {
        let start = base + s + lead;
        out.push(start..start + trimmed.len());
    }
}

/// The line around byte `pos`: `(start, end without \r, end at the newline)`.
fn line_at(t: &str, pos: usize) -> (usize, usize, usize) {
    let ls = t
        .get(..pos)
        .and_then(|p| p.rfind('\n'))
        .map_or(0, |p| p + 1);
    let le = t
        .get(pos..)
        .and_then(|r| r.find('\n'))
        .map_or(t.len(), |i| pos + i);
    (ls, trim_cr(t, ls, le), le)
}

/// Find the blank tables whose header holds a hit accepted by `anchor` (the column
/// the caller wants to read). A header is a short line of at least two columns, with no
/// number in it (a header names, it does not hold values), the anchor's column being
/// the keyword alone (`生年月日`, `生年月日(西暦)`), and at least one other column
/// a keyword or one of `extra_labels`. Rows run until a line with fewer tokens than
/// the header has columns, two blank lines, or a line holding an anchor again. Linear:
/// a line is looked at as a header at most once and as a row at most once per header.
pub(crate) fn find_blank_tables(
    t: &str,
    hits: &[Hit],
    anchor: impl Fn(&Hit) -> bool,
    extra_labels: impl Fn(&str) -> bool,
) -> Vec<BlankTable> {
    let mut out = Vec::new();
    let mut done_until = 0;
    for h in hits.iter().filter(|h| anchor(h)) {
        if h.start < done_until {
            continue;
        }
        let (ls, le, nl) = line_at(t, h.start);
        done_until = nl;
        if le - ls > MAX_BLANK_HEADER_BYTES {
            continue;
        }
        let header = ls..le;
        let Some(columns) = blank_header(t, hits, header.clone(), h, &anchor, &extra_labels) else {
            continue;
        };
        let mut rows = Vec::new();
        let mut pos = nl + 1;
        let mut blanks = 0;
        while pos < t.len() {
            let (rs, re, rnl) = line_at(t, pos);
            pos = rnl + 1;
            if t.get(rs..re).is_none_or(|l| l.trim().is_empty()) {
                blanks += 1;
                if blanks >= 2 {
                    break;
                }
                continue;
            }
            blanks = 0;
            if blank_tokens(t, rs..re).len() < columns.len()
                || hits_in(hits, rs..re).iter().any(&anchor)
            {
                break;
            }
            rows.push(rs..re);
            done_until = rnl;
        }
        if !rows.is_empty() {
            out.push(BlankTable {
                header,
                columns,
                rows,
            });
        }
    }
    out
}

/// The columns of a blank table's header line, if it is one.
fn blank_header(
    t: &str,
    hits: &[Hit],
    line: Range<usize>,
    anchor_hit: &Hit,
    anchor: &impl Fn(&Hit) -> bool,
    extra_labels: &impl Fn(&str) -> bool,
) -> Option<Vec<Range<usize>>> {
    // Where the header has clear column breaks (`|`, tabs, runs of blanks), they
    // separate its columns (`| Name | Passport expiry |`); else every blank does.
    let strong = strong_cells(t, line.clone());
    let tokens = if strong.len() >= 2 {
        strong
    } else {
        blank_tokens(t, line.clone())
    };
    if tokens.len() < 2 {
        return None;
    }
    // Join the tokens one keyword spans (`date of birth`).
    let line_hits = hits_in(hits, line);
    let mut columns: Vec<Range<usize>> = Vec::with_capacity(tokens.len());
    for tok in tokens {
        let joined = columns.last().is_some_and(|last| {
            line_hits
                .iter()
                .any(|h| h.start < last.end && h.end > tok.start && h.start < tok.end)
        });
        match columns.last_mut() {
            Some(last) if joined => last.end = tok.end,
            _ => columns.push(tok),
        }
    }
    if columns.len() < 2 || columns.len() > MAX_BLANK_COLUMNS {
        return None;
    }
    let mut other_label = false;
    for c in &columns {
        let text = t.get(c.clone())?;
        if text.chars().count() > MAX_HEADER_CELL_CHARS
            || text.bytes().filter(u8::is_ascii_digit).count() > 1
        {
            return None;
        }
        let in_col = hits_in(hits, c.clone());
        if c.start <= anchor_hit.start && anchor_hit.end <= c.end {
            // The anchor's column is the keyword alone, or with a remark: 生年月日(西暦).
            let rest = t.get(anchor_hit.end..c.end)?;
            if anchor_hit.start != c.start || !(rest.is_empty() || rest.starts_with(['(', '['])) {
                return None;
            }
        } else if in_col.iter().any(|h| is_label(h.kw) && !anchor(h)) || extra_labels(text) {
            other_label = true;
        }
    }
    other_label.then_some(columns)
}

#[cfg(test)]
mod tests {
    use super::super::PiiType::*;
    use super::super::test_util::check_kinds;

    fn check(input: &str, expected: &str) {
        check_kinds(&[], input, expected);
    }

    #[test]
    fn header_labels_columns() {
        check(
            "氏名,生年月日,電話番号,マイナンバー\n山田太郎,1985/04/01,090-1234-5678,123456789018\n鈴木花子,1990/12/31,03-1111-2222,987654321093\n",
            "person_name+L(山田太郎) birth_date+L(1985/04/01) phone_number+L(090-1234-5678) my_number+L(123456789018) \
             person_name+L(鈴木花子) birth_date+L(1990/12/31) phone_number+L(03-1111-2222) my_number+L(987654321093)",
        );
        check(
            "No\t郵便番号\t口座番号\r\n1\t100-0005\t1234567\r\n2\t530-0001\t7654321\r\n",
            "postal_code+L(100-0005) bank_account+L(1234567) postal_code+L(530-0001) bank_account+L(7654321)",
        );
        // The header names the column, not the row: an order-number column stays quiet.
        check("注文番号,数量\n123456789018,3\n987654321093,1\n", "");
    }

    #[test]
    fn blank_tables() {
        use super::super::keywords::Kw;
        use super::find_blank_tables;
        let d = super::super::test_util::detector();
        // (text, rows found under a 生年月日 header)
        for (text, rows) in [
            (
                "氏名　生年月日　電話番号\n山田 太郎　1985/04/12　090-1234-5678\n",
                1,
            ),
            (
                "No. 氏名 生年月日 住所\n1 山田 太郎 1985/04/12 東京都\n2 鈴木 花子 1990/01/02 大阪府\n",
                2,
            ),
            ("| 氏名 | 生年月日 |\n|---|---|\n| 山田 | 1985/04/12 |\n", 2),
            ("氏名  Date of Birth\n山田  1985/04/12\n", 1),
            (
                "| Name | Date of Birth | Passport expiry |\n|---|---|---|\n| Ishii Megumi | 1990-08-21 | 2031-04-30 |\n",
                2,
            ),
            // PDF text: a blank line between rows; the table ends at 以上.
            (
                "氏名 住所 生年月日\n\n山田 東京都 1985年4月12日\n\n鈴木 大阪府 1990年1月2日\n\n以上\n",
                2,
            ),
            // Two blank lines end it.
            ("氏名 生年月日\n山田 1985/04/12\n\n\n鈴木 1990/01/02\n", 1),
            // Not headers: prose, a value in the line, the keyword inside a word.
            ("お客様の生年月日 をご記入 ください\n山田 1985/04/12\n", 0),
            ("生年月日 1985/04/12 氏名 山田\n鈴木 1990/01/02 x\n", 0),
            ("生年月日\n1985/04/12\n", 0),
        ] {
            let norm = crate::normalize::Normalized::new(text);
            let mut sc = super::super::Scan::new(&norm.text);
            d.find_keywords(&mut sc);
            let tables = find_blank_tables(sc.t, &sc.hits, |h| h.kw == Kw::Birth, |_| false);
            let got: usize = tables.iter().map(|tb| tb.rows.len()).sum();
            assert_eq!(got, rows, "{text:?}");
        }
    }

    #[test]
    fn not_tables() {
        // One line only, or prose with commas: no header.
        check("マイナンバー,電話", "");
        check(
            "Thanks, and best regards, from all of us here at the office today\n123456789018, see you",
            "my_number+W(123456789018)",
        );
        check_kinds(
            &[MyNumber],
            "a,b\nc,d\n123456789018",
            "my_number+W(123456789018)",
        );
    }
}
