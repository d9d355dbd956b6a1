//! HTML as a person reads it, for the checks.
//!
//! mail-parser's `html_to_text` breaks lines only at `<br>` and `</p>`: a layout made of
//! `<div>`s or a `<table>` (newsletters, web-form notifications, Outlook signatures in a
//! table) comes out as one long line, so a company footer runs into the line above it
//! and a table's header no longer stands over its columns. Before handing the HTML over,
//! a line break is put after the closing tag of every block element and a tab after
//! every table cell, so rows become lines and cells become tab-separated columns, as
//! the table detector reads them.

/// Block elements whose end is a line break.
const BLOCKS: [&str; 20] = [
    "div",
    "tr",
    "li",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "dl",
    "dd",
    "dt",
    "blockquote",
    "section",
    "article",
    "address",
    "center",
];

/// The text of an HTML body, rows as lines and cells separated by tabs.
pub fn html_to_text(html: &str) -> String {
    let text = mail_parser::decoders::html::html_to_text(&with_breaks(html));
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        out.push_str(body.trim_end_matches(['\t', ' ']));
        out.push_str(end);
    }
    out
}

/// The HTML with `<br>` after block ends (unless no text stands since the last line
/// break: nested `</div></div>` make one break, not blank lines that would split a
/// block) and a tab entity after cell ends. One pass; each stretch is looked at once.
fn with_breaks(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut checked = 0;
    let mut rest = html;
    while let Some(at) = rest.find("</") {
        let (before, tag) = rest.split_at(at);
        out.push_str(before);
        let name_len = tag[2..]
            .bytes()
            .take(12)
            .take_while(u8::is_ascii_alphanumeric)
            .count();
        let name = tag[2..2 + name_len].to_ascii_lowercase();
        let close = tag[2 + name_len..]
            .bytes()
            .take(64)
            .position(|b| b == b'>')
            .map(|p| 2 + name_len + p + 1);
        match close {
            Some(end) if name == "td" || name == "th" => {
                out.push_str(&tag[..end]);
                out.push_str("&#9;");
                rest = &tag[end..];
            }
            Some(end) if BLOCKS.contains(&name.as_str()) => {
                let text_since_break = has_text_after_last_break(&out[checked..]);
                out.push_str(&tag[..end]);
                if text_since_break {
                    out.push_str("<br>");
                }
                checked = out.len();
                rest = &tag[end..];
            }
            _ => {
                out.push_str("</");
                rest = &tag[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether text (outside tags) stands after the last `<br>` or `</p>` of `html`.
fn has_text_after_last_break(html: &str) -> bool {
    let lower = html.to_ascii_lowercase();
    let from = [lower.rfind("<br"), lower.rfind("</p>")]
        .into_iter()
        .flatten()
        .max()
        .map_or(0, |i| i + 3);
    let mut in_tag = false;
    lower[from..].chars().any(|c| match c {
        '<' => {
            in_tag = true;
            false
        }
        '>' => {
            in_tag = false;
            false
        }
        c => !in_tag && !c.is_whitespace(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_blocks_become_lines() {
        let cases = [
            (
                "<table><tr><th>Name</th><th>Date of birth</th></tr><TR><TD>Jo Doe</TD><TD>1980-01-02</TD></TR></table>",
                "Name\tDate of birth\nJo Doe\t1980-01-02\n",
            ),
            (
                "<div>株式会社A</div><div>TEL 03-1234-5678</div>",
                "株式会社A\nTEL 03-1234-5678\n",
            ),
            ("<p>a</p><p>b</p>", "a\nb\n"),
            // Nested blocks make one line break, not blank lines.
            (
                "<div><div><p>株式会社A</p></div></div><div><div>TEL 03</div></div>",
                "株式会社A\nTEL 03\n",
            ),
            ("<span>x</span>y", "xy"),
        ];
        for (html, text) in cases {
            assert_eq!(html_to_text(html), text, "{html}");
        }
        // Broken or odd markup passes through untouched.
        for html in ["a </ b </", "</", "</div", "</td x=\"", "</日本>"] {
            assert_eq!(with_breaks(html), html);
        }
    }
}
