//! Which parts of a body the sender wrote now, which are their signature, and which are
//! quoted from a received mail.
//!
//! A reply quotes the customer's mail (with the customer's phone number) and ends with the
//! sender's own signature (with the sender's office address). Neither is what the sender
//! is disclosing now, so personal data found only there is reported as `info`. Quoted
//! text is found by `>` lines and by the headers mailers put above a quoted original
//! (「-----Original Message-----」, 「…wrote:」, 「…のメッセージ:」, Outlook's
//! 「差出人: / 送信日時:」 block); the signature by `-- ` or a ruled line (━━━, ─── …)
//! near the end of the sender's own text.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionKind {
    /// Written by the sender for this mail.
    Own,
    /// Quoted from a received mail.
    Quote,
    /// The sender's own signature block.
    Signature,
}

/// Byte ranges of a body with their kind, in order, covering the whole text.
#[derive(Debug, Clone, Default)]
pub struct Regions {
    spans: Vec<(Range<usize>, RegionKind)>,
    /// The kind of each line, by line index.
    line_kinds: Vec<RegionKind>,
}

/// Lines of the signature block at most (a longer block is probably not a signature).
const MAX_SIGNATURE_LINES: usize = 15;

impl Regions {
    /// Classify a body. `sender_address` helps confirm a ruled-line signature.
    ///
    /// Quoted text exists only in a reply or forward (`quotes_possible`): in a new mail a
    /// typed 「-----Original Message-----」 line must not turn what follows into `info`.
    ///
    /// `sender_marks` are what names the sender in a signature: their address, domain,
    /// display name, the organisation's names (see [`sender_marks`]).
    pub fn classify(body: &str, sender_marks: &[String], quotes_possible: bool) -> Regions {
        let lines: Vec<(Range<usize>, &str)> = line_ranges(body);
        let mut kinds = vec![RegionKind::Own; lines.len()];

        let quote_start = if quotes_possible {
            lines
                .iter()
                .enumerate()
                .position(|(i, (_, line))| is_quote_header(line, &lines[i + 1..]))
                .unwrap_or(lines.len())
        } else {
            lines.len()
        };
        for kind in kinds.iter_mut().skip(quote_start) {
            *kind = RegionKind::Quote;
        }
        if quotes_possible {
            for (i, (_, line)) in lines.iter().enumerate().take(quote_start) {
                let t = line.trim_start();
                if t.starts_with('>') || t.starts_with('＞') {
                    kinds[i] = RegionKind::Quote;
                }
            }
        }
        if let Some(sig_start) = signature_start(&lines[..quote_start], sender_marks) {
            for kind in kinds.iter_mut().take(quote_start).skip(sig_start) {
                if *kind == RegionKind::Own {
                    *kind = RegionKind::Signature;
                }
            }
        }

        let mut spans: Vec<(Range<usize>, RegionKind)> = Vec::new();
        for ((range, _), kind) in lines.into_iter().zip(kinds.iter().copied()) {
            match spans.last_mut() {
                Some((last, last_kind)) if *last_kind == kind => last.end = range.end,
                _ => spans.push((range, kind)),
            }
        }
        Regions {
            spans,
            line_kinds: kinds,
        }
    }

    /// The kind of the line with this index (`Own` past the end).
    pub fn line_kind(&self, line: usize) -> RegionKind {
        self.line_kinds
            .get(line)
            .copied()
            .unwrap_or(RegionKind::Own)
    }

    /// The kind of text at a byte offset (`Own` past the end).
    pub fn kind_at(&self, offset: usize) -> RegionKind {
        let index = self.spans.partition_point(|(r, _)| r.end <= offset);
        match self.spans.get(index) {
            Some((r, k)) if r.contains(&offset) => *k,
            _ => RegionKind::Own,
        }
    }
}

/// Each line with its byte range (the range includes the line break).
fn line_ranges(text: &str) -> Vec<(Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        out.push((start..end, line.trim_end_matches(['\n', '\r'])));
        start = end;
    }
    out
}

fn is_quote_header(line: &str, following: &[(Range<usize>, &str)]) -> bool {
    let t = line.trim();
    // Cheap test first: every header form starts with a dash or From/差出人, or ends
    // with a colon. Most lines are none of these.
    let candidate = t.starts_with(['-', '—', 'ー'])
        || t.ends_with([':', '：'])
        || t.starts_with("From")
        || t.starts_with("差出人");
    if !candidate {
        return false;
    }
    let lower = t.to_lowercase();
    let dashed = t.starts_with("--") || t.starts_with("——") || t.starts_with("ーー");
    if dashed
        && (lower.contains("original message")
            || lower.contains("forwarded message")
            || lower.contains("元のメッセージ")
            || lower.contains("転送されたメッセージ")
            || lower.contains("転送メッセージ"))
    {
        return true;
    }
    let ends = lower.trim_end_matches([':', '：']);
    if lower.len() != ends.len()
        && (ends.ends_with("wrote")
            || ends.ends_with("writes")
            || ends.ends_with("のメッセージ")
            || ends.ends_with("書きました")
            || ends.ends_with("書き込みました")
            || ends.ends_with("送信しました")
            || ends.ends_with("からのメール"))
    {
        return true;
    }
    // Outlook's header block above the quoted original.
    let starts =
        |prefixes: &[&str], s: &str| prefixes.iter().any(|p| s.trim_start().starts_with(p));
    if starts(&["From:", "差出人:", "差出人："], t) {
        return following.iter().take(4).any(|(_, next)| {
            starts(
                &[
                    "Sent:",
                    "送信日時:",
                    "送信日時：",
                    "Date:",
                    "日付:",
                    "日時:",
                ],
                next,
            )
        });
    }
    false
}

fn is_rule_line(line: &str) -> bool {
    let t = line.trim();
    let count = t.chars().count();
    count >= 8
        && t.chars().all(|c| {
            matches!(
                c,
                '-' | '='
                    | '_'
                    | '*'
                    | '~'
                    | '+'
                    | '#'
                    | '━'
                    | '─'
                    | '―'
                    | '‐'
                    | '～'
                    | '〜'
                    | '＝'
                    | '＊'
                    | '■'
                    | '□'
                    | '◆'
                    | '◇'
                    | '・'
                    | '－'
                    | '＿'
                    | '═'
                    | '┃'
                    | ' '
                    | '　'
            )
        })
}

/// The first line of the signature block in the sender's own text, if there is one.
fn signature_start(lines: &[(Range<usize>, &str)], sender_marks: &[String]) -> Option<usize> {
    let last_text = lines.iter().rposition(|(_, l)| !l.trim().is_empty())?;
    let window_start = last_text.saturating_sub(MAX_SIGNATURE_LINES);
    // The block must name the sender (address, domain, name or organisation): without
    // that, a list of customers under a ruled line is not a signature. When nothing is
    // known about the sender, the conventional "-- " is taken on trust.
    let names_sender = |from: usize| {
        lines[from..=last_text].iter().any(|(_, l)| {
            let l = squeeze(l);
            sender_marks.iter().any(|m| l.contains(m.as_str()))
        })
    };
    // The conventional "-- " delimiter, near the end of the sender's text.
    if let Some(i) = lines[window_start..=last_text]
        .iter()
        .rposition(|(_, l)| *l == "-- " || *l == "--")
    {
        let start = window_start + i;
        if sender_marks.is_empty() || names_sender(start) {
            return Some(start);
        }
    }
    // A ruled line (━━━, ───) opening a block that names the sender.
    (window_start..=last_text)
        .filter(|&i| is_rule_line(lines[i].1))
        .find(|&i| names_sender(i))
}

/// What names the sender in their signature, squeezed for comparison: the address, its
/// domain, the display name, the organisation's names. Marks shorter than two
/// characters are dropped (they would match anything).
pub fn sender_marks(
    address: Option<&str>,
    display_name: Option<&str>,
    org_names: &[String],
) -> Vec<String> {
    let mut marks = Vec::new();
    if let Some(address) = address {
        marks.push(squeeze(address));
        if let Some((_, domain)) = address.rsplit_once('@') {
            marks.push(squeeze(domain));
        }
    }
    marks.extend(display_name.map(squeeze));
    marks.extend(org_names.iter().map(|n| squeeze(n)));
    marks.retain(|m| m.chars().count() >= 2);
    marks
}

/// Lower-case with all whitespace removed (「佐藤 一郎」 and 「佐藤　一郎」 compare equal).
fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(body: &str) -> String {
        let marks = sender_marks(Some("taro@sakura-sys.co.jp"), Some("桜井 太郎"), &[]);
        let regions = Regions::classify(body, &marks, true);
        line_ranges(body)
            .iter()
            .map(|(r, _)| match regions.kind_at(r.start) {
                RegionKind::Own => 'o',
                RegionKind::Quote => 'q',
                RegionKind::Signature => 's',
            })
            .collect()
    }

    #[test]
    fn classify_lines() {
        let cases = [
            ("本文\n> 引用\n本文", "oqo"),
            ("本文\n\n-- \n桜井太郎\nTEL 03-1234-5678", "oosss"),
            (
                "本文\n━━━━━━━━━━\nサクラシステム 桜井\ntaro@sakura-sys.co.jp\n━━━━━━━━━━",
                "osss s",
            ),
            ("本文\n-----Original Message-----\nFrom: a\n電話 03", "oqqq"),
            (
                "返信です\n2024年5月1日(水) 10:00 山田 <y@example.jp> wrote:\n> 本文",
                "oqq",
            ),
            (
                "返信です\n差出人: 山田\n送信日時: 2024/05/01\n件名: x",
                "oqqq",
            ),
            ("━━━━━━━━ 日時 ━━━━━━━━\n5月1日\n会場 本社", "ooo"),
            ("", ""),
            (
                "本文\n━━━━━━━━━━\nサクラシステム 営業部\n桜井太郎\nTEL 03-1234-5678",
                "ossss",
            ),
            // A ruled-off customer list that does not name the sender is not a signature.
            (
                "本文\n----------\n山田 03-1111-2222 y@example.jp\n----------",
                "oooo",
            ),
            // Tables with pipes are text, not quotes.
            ("| 氏名 | 電話 |\n| 山田 | 03 |", "oo"),
            // "--" far above the end is a separator, not the signature.
            (
                "本文\n--\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17",
                "ooooooooooooooooooo",
            ),
        ];
        for (body, expected) in cases {
            assert_eq!(kinds(body), expected.replace(' ', ""), "{body:?}");
        }
    }

    #[test]
    fn no_quotes_in_a_new_mail() {
        let body = "個人番号 1234 5678 9018\n-----Original Message-----\n> 引用";
        let regions = Regions::classify(body, &[], false);
        assert!(
            line_ranges(body)
                .iter()
                .all(|(r, _)| regions.kind_at(r.start) == RegionKind::Own)
        );
    }
}
