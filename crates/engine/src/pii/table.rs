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
