//! Which parts of a body the sender wrote now, which are signatures, which are quoted
//! from a received mail, and which are forwarded to someone new.
//!
//! A reply quotes the customer's mail (with the customer's phone number) and ends with the
//! sender's own signature (with the sender's office address). Neither is what the sender
//! is disclosing now, so personal data found only there is reported as `info`. A forward
//! is different: the forwarded mail reaches people who have not seen it, so its text is
//! scored as if the sender had written it — except the business signatures of the
//! people who wrote it (their company's address and switchboard), which are no more
//! personal than the sender's own.
//!
//! - **Quoted text** is found by `>` lines and by the headers mailers put above a quoted
//!   original (「-----Original Message-----」, 「…wrote:」, 「…のメッセージ:」, Outlook's
//!   「差出人: / 送信日時:」 block, Gmail's 「日時 名前 <address>:」), and only in a reply
//!   or forward: in a new mail a typed 「-----Original Message-----」 hides nothing.
//! - **Forwarded text** is the quoted text of a forward ([`QuoteMode::Forward`]: the
//!   caller decides from the subject, the client's compose type, or a reply that adds
//!   outside recipients), or anything under a forwarded-message header (「-------- Forwarded
//!   Message --------」, 「---------- 転送メッセージ ----------」, Gmail's 「---------- Forwarded
//!   message ---------」) in a mail that is not a reply.
//! - **A signature** is a short block at the end of someone's text that names them. For
//!   the sender: the From address, its domain, the display name, the organisation's
//!   names ([`Marks::of_sender`]). For a forwarded writer: only a writer at an
//!   organisation's domain has a business signature, and it must name that organisation
//!   ([`Marks::of_writer`]); a private person's name, address and phone are personal
//!   data. Whatever frames the block — `-- `, dashes above and below, ruled lines, a box
//!   (┏━┓ ┃ ┗━┛) — or nothing at all: without a frame the block starts where the letter's
//!   sentences stop, at the line that names the writer (or the name lines just above it),
//!   so a customer's details typed above the sender's name are never swallowed.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionKind {
    /// Written by the sender for this mail.
    Own,
    /// Quoted from a received mail in a reply that goes back to its people.
    Quote,
    /// Quoted in a forward, or in a reply that adds outside recipients: it reaches
    /// someone new, so it is scored as the sender's own text.
    Forwarded,
    /// A signature block: the sender's own, or a forwarded writer's business signature.
    Signature,
    /// The closing block of a forwarded mail from a private person (their name, home
    /// address, phone under the text): forwarded text whose items are one person's,
    /// labelled or not.
    WriterDetails,
}

impl RegionKind {
    /// Whether personal data here is not being disclosed now (capped at the policy's
    /// `signature_or_quote` level).
    pub fn is_hidden(self) -> bool {
        matches!(self, RegionKind::Quote | RegionKind::Signature)
    }
}

/// How the quoted text of a body is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteMode {
    /// A new mail: nothing is quoted (a forwarded-message header still makes a forward).
    New,
    /// A reply going back to the people who wrote the quoted mail.
    Reply,
    /// A forward, or a reply that reaches someone new.
    Forward,
}

/// Byte ranges of a body with their kind, in order, covering the whole text.
#[derive(Debug, Clone, Default)]
pub struct Regions {
    spans: Vec<(Range<usize>, RegionKind)>,
    /// The kind of each line, by line index.
    line_kinds: Vec<RegionKind>,
}

/// Lines of a signature block at most (a longer block is probably not a signature).
const MAX_SIGNATURE_LINES: usize = 15;

/// Header lines read under a quote header to find the quoted mail's writer.
const MAX_QUOTE_HEADER_LINES: usize = 12;

impl Regions {
    /// Classify a body. `sender` names the sender in their signature; `is_freemail` says
    /// whether a domain is a personal (free-mail) one, for forwarded writers.
    pub fn classify(
        body: &str,
        sender: &Marks,
        mode: QuoteMode,
        is_freemail: &dyn Fn(&str) -> bool,
    ) -> Regions {
        let lines: Vec<(Range<usize>, &str)> = line_ranges(body);
        let texts: Vec<&str> = lines.iter().map(|(_, l)| *l).collect();
        let mut kinds = vec![RegionKind::Own; lines.len()];

        // A mail that is not a reply but carries a forwarded-message header is a forward.
        let forward_header = if mode == QuoteMode::Reply {
            None
        } else {
            texts.iter().position(|l| is_forward_header(l))
        };
        let mode = match (mode, forward_header) {
            (QuoteMode::New, Some(_)) => QuoteMode::Forward,
            (mode, _) => mode,
        };
        let quoted_kind = if mode == QuoteMode::Forward {
            RegionKind::Forwarded
        } else {
            RegionKind::Quote
        };
        // A header over `>` lines (「… wrote:」 then `> …`) quotes just those lines: the
        // sender may answer below them (inline or bottom-posted). Any other header
        // (「-----Original Message-----」, Outlook's block, a forwarded message) quotes
        // everything under it.
        let mut headed_quote = vec![false; texts.len()];
        let quote_start = match mode {
            QuoteMode::New => texts.len(),
            _ => {
                let header = (0..texts.len()).find(|&i| {
                    if !is_quote_header(texts[i], &texts[i + 1..]) {
                        return false;
                    }
                    let next = texts[i + 1..].iter().find(|l| !l.trim().is_empty());
                    if next.is_some_and(|l| is_quote_line(l)) && !is_forward_header(texts[i]) {
                        headed_quote[i] = true;
                        return false;
                    }
                    true
                });
                match (header, forward_header) {
                    (Some(a), Some(b)) => a.min(b),
                    (a, b) => a.or(b).unwrap_or(texts.len()),
                }
            }
        };
        for kind in kinds.iter_mut().skip(quote_start) {
            *kind = quoted_kind;
        }
        if mode != QuoteMode::New {
            for (i, line) in texts.iter().enumerate().take(quote_start) {
                if is_quote_line(line) || headed_quote[i] {
                    kinds[i] = quoted_kind;
                }
            }
        }

        // The sender's own signature, at the end of their own text.
        let own: Vec<usize> = (0..quote_start)
            .filter(|&i| kinds[i] == RegionKind::Own)
            .collect();
        mark_signature(&texts, &own, sender, &mut kinds);
        // A private person's own mail (an attached customer mail): its closing block is
        // their details.
        if sender.nobody {
            let block: Vec<&str> = own.iter().map(|&i| texts[i]).collect();
            if let Some(details) = closing_details_start(&block) {
                for &i in &own[details..] {
                    kinds[i] = RegionKind::WriterDetails;
                }
            }
        }

        // In a forward, each forwarded mail's business signature.
        if mode == QuoteMode::Forward {
            mark_forwarded_signatures(&texts, quote_start, is_freemail, &mut kinds);
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

    #[cfg(test)]
    /// The kind of text at a byte offset (`Own` past the end).
    pub fn kind_at(&self, offset: usize) -> RegionKind {
        self.span_at(offset).map_or(RegionKind::Own, |(_, k)| k)
    }

    /// The region (its byte range and kind) holding a byte offset.
    pub fn span_at(&self, offset: usize) -> Option<(Range<usize>, RegionKind)> {
        let index = self.spans.partition_point(|(r, _)| r.end <= offset);
        match self.spans.get(index) {
            Some((r, k)) if r.contains(&offset) => Some((r.clone(), *k)),
            _ => None,
        }
    }
}

/// Mark the signature at the end of the lines `indices` (in order) of one writer.
fn mark_signature(texts: &[&str], indices: &[usize], marks: &Marks, kinds: &mut [RegionKind]) {
    let block: Vec<&str> = indices.iter().map(|&i| texts[i]).collect();
    if let Some(start) = signature_start(&block, marks) {
        for &i in &indices[start..] {
            kinds[i] = RegionKind::Signature;
        }
    }
}

/// Each forwarded (or quoted) mail from `start` on: its writer from the header block,
/// and the business signature at the end of its text.
fn mark_forwarded_signatures(
    texts: &[&str],
    start: usize,
    is_freemail: &dyn Fn(&str) -> bool,
    kinds: &mut [RegionKind],
) {
    // Quote markers are taken off first: a mail forwarded with `>` lines is read as text.
    let stripped: Vec<&str> = texts.iter().map(|l| strip_quote_marks(l)).collect();
    let headers: Vec<usize> = (start..stripped.len())
        .filter(|&i| {
            is_quote_header(stripped[i], &stripped[i + 1..]) || is_forward_header(stripped[i])
        })
        .collect();
    // Each segment: where it starts, and whether it starts with a quote header.
    let mut bounds: Vec<(usize, bool)> = headers.iter().map(|&h| (h, true)).collect();
    if headers.first() != Some(&start) {
        bounds.insert(0, (start, false));
    }
    bounds.push((stripped.len(), false));
    for pair in bounds.windows(2) {
        let ((from, is_header), (to, _)) = (pair[0], pair[1]);
        let (writer, body_start) = if is_header {
            quoted_writer(&stripped[from..to])
        } else {
            (None, 0)
        };
        let indices: Vec<usize> = (from + body_start..to)
            .filter(|&i| kinds[i] != RegionKind::Signature)
            .collect();
        let block: Vec<&str> = indices.iter().map(|&i| stripped[i]).collect();
        let business = Marks::of_writer(writer.as_deref(), is_freemail)
            .and_then(|marks| signature_start(&block, &marks));
        if let Some(sig) = business {
            for &i in &indices[sig..] {
                kinds[i] = RegionKind::Signature;
            }
        } else if is_header && let Some(details) = closing_details_start(&block) {
            for &i in &indices[details..] {
                kinds[i] = RegionKind::WriterDetails;
            }
        }
    }
}

/// Lines of a private writer's closing block at most.
const MAX_DETAILS_LINES: usize = 8;

/// Where the closing block of a forwarded mail starts: the lines under its last
/// sentence (or under the last delimiter), two to eight of them, none a sentence
/// (「石田勝」 / 「千葉県船橋市本町4-21-3」 / 「090-…」 under 「見に来てください」).
fn closing_details_start(lines: &[&str]) -> Option<usize> {
    let last_text = lines
        .iter()
        .rposition(|l| !unframed(l).is_empty() && !is_delimiter(l))?;
    let mut top = last_text + 1;
    while top > 0 {
        let line = lines[top - 1];
        if unframed(line).is_empty()
            || is_prose(line)
            || is_delimiter(line)
            || addresses_someone(line)
            || last_text + 1 - (top - 1) > MAX_DETAILS_LINES
        {
            break;
        }
        top -= 1;
    }
    (last_text + 1 - top >= 2).then_some(top)
}

/// The writer's address from a quote header and the header fields under it, and where
/// the quoted text starts (relative to the header line).
fn quoted_writer(lines: &[&str]) -> (Option<String>, usize) {
    let mut writer = None;
    let mut body_start = 1;
    // The header line itself may name the writer (「… <a@b.jp> wrote:」).
    if let Some(address) = address_in(lines[0]) {
        writer = Some(address);
    }
    for (i, line) in lines
        .iter()
        .enumerate()
        .skip(1)
        .take(MAX_QUOTE_HEADER_LINES)
    {
        let t = line.trim();
        if let Some(field) = header_field(t) {
            body_start = i + 1;
            if matches!(field, "from" | "差出人" | "送信者" | "送信元")
                && let Some(address) = address_in(t)
            {
                writer = Some(address);
            }
        } else if t.is_empty() || is_rule_line(t) {
            if body_start == i {
                body_start = i + 1;
            }
        } else if body_start < i {
            break;
        }
    }
    (writer, body_start.min(lines.len()))
}

/// The field name of a quoted header line (`From: …` → `from`), lower-case.
fn header_field(line: &str) -> Option<&'static str> {
    const FIELDS: [&str; 20] = [
        "from",
        "sent",
        "date",
        "to",
        "cc",
        "subject",
        "reply-to",
        "organization",
        "差出人",
        "送信者",
        "送信元",
        "送信日時",
        "日付",
        "日時",
        "宛先",
        "件名",
        "返信先",
        "組織",
        "bcc",
        "importance",
    ];
    let (name, _) = line.split_once([':', '：'])?;
    let name = name.trim().to_lowercase();
    FIELDS.iter().copied().find(|f| *f == name)
}

/// The first e-mail address in a line, lower-case.
fn address_in(line: &str) -> Option<String> {
    let at = line.find('@')?;
    let is_addr = |c: char| c.is_ascii_alphanumeric() || "._%+-".contains(c);
    let start = line[..at]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_addr(*c))
        .last()
        .map_or(at, |(i, _)| i);
    let end = line[at + 1..]
        .char_indices()
        .find(|(_, c)| !is_addr(*c))
        .map_or(line.len(), |(i, _)| at + 1 + i);
    let address = line[start..end].trim_end_matches('.');
    (start < at && address.len() > at - start + 1).then(|| address.to_ascii_lowercase())
}

/// A line with its quote markers (`>`, `＞`, `|` as some clients write) taken off.
fn strip_quote_marks(line: &str) -> &str {
    let mut t = line;
    loop {
        let trimmed = t.trim_start_matches([' ', '\t']);
        match trimmed.strip_prefix(['>', '＞']) {
            Some(rest) => t = rest,
            None => return if t.len() == line.len() { line } else { trimmed },
        }
    }
}

fn is_quote_line(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with('>') || t.starts_with('＞')
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

/// A dashed line that says what follows is a forwarded mail.
fn is_forward_header(line: &str) -> bool {
    let t = line.trim();
    if !(t.starts_with(['-', '—', 'ー', '―']) || t.ends_with([':', '：'])) {
        return false;
    }
    let lower = t.to_lowercase();
    lower.contains("forwarded message")
        || lower.contains("転送メッセージ")
        || lower.contains("転送されたメッセージ")
        || lower.contains("転送メール")
        || lower.contains("begin forwarded message")
}

fn is_quote_header(line: &str, following: &[&str]) -> bool {
    let t = line.trim();
    // Cheap test first: every header form starts with a dash or From/差出人, or ends
    // with a colon. Most lines are none of these.
    let candidate = t.starts_with(['-', '—', 'ー', '―'])
        || t.ends_with([':', '：'])
        || t.starts_with("From")
        || t.starts_with("差出人")
        || t.starts_with("送信者");
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
    if lower.len() != ends.len() {
        if ends.ends_with("wrote")
            || ends.ends_with("writes")
            || ends.ends_with("のメッセージ")
            || ends.ends_with("書きました")
            || ends.ends_with("書き込みました")
            || ends.ends_with("送信しました")
            || ends.ends_with("からのメール")
            || ends.ends_with("begin forwarded message")
            || ends.ends_with("転送されたメッセージ")
        {
            return true;
        }
        // Gmail in Japanese: 「2024年5月1日(水) 10:00 山田 太郎 <yamada@example.jp>:」.
        if ends.ends_with('>')
            && address_in(ends).is_some()
            && ends.chars().filter(char::is_ascii_digit).count() >= 4
        {
            return true;
        }
    }
    // Outlook's header block above the quoted original.
    if matches!(header_field(t), Some("from" | "差出人" | "送信者")) {
        return following.iter().take(4).any(|next| {
            matches!(
                header_field(next.trim()),
                Some("sent" | "送信日時" | "date" | "日付" | "日時")
            )
        });
    }
    false
}

fn is_rule_char(c: char) -> bool {
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
            | '—'
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
            | '│'
            | '║'
            | '┏'
            | '┓'
            | '┗'
            | '┛'
            | '┌'
            | '┐'
            | '└'
            | '┘'
            | '╔'
            | '╗'
            | '╚'
            | '╝'
            | '╭'
            | '╮'
            | '╰'
            | '╯'
            | '★'
            | '☆'
            | '/'
            | ' '
            | '　'
    )
}

/// A line made only of rule characters (━━━, ----, ┏━━┓, ＊＊＊).
fn is_rule_line(line: &str) -> bool {
    let t = line.trim();
    t.chars().filter(|c| !c.is_whitespace()).count() >= 3 && t.chars().all(is_rule_char)
}

/// A line that delimits a signature: `-- `, `--`, or a rule.
fn is_delimiter(line: &str) -> bool {
    let t = line.trim();
    t == "--" || t == "—" || is_rule_line(t)
}

/// A line with its frame taken off (「┃ サクラシステム ┃」 → 「サクラシステム」).
fn unframed(line: &str) -> &str {
    line.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '┃' | '│' | '║' | '|' | '*' | '＊' | '■' | '◆' | '□' | '◇'
            )
    })
}

/// A sentence of the letter, not a line of a signature: it ends like a sentence, or is
/// a closing phrase (よろしくお願いいたします, Best regards).
pub(crate) fn is_prose(line: &str) -> bool {
    let t = unframed(line);
    if t.is_empty() {
        return false;
    }
    let lower = t.to_lowercase();
    const CLOSINGS: [&str; 16] = [
        "よろしくお願い",
        "宜しくお願い",
        "以上",
        "敬具",
        "草々",
        "取り急ぎ",
        "best regards",
        "kind regards",
        "regards",
        "sincerely",
        "thanks",
        "thank you",
        "cheers",
        "best,",
        "yours",
        "引き続き",
    ];
    if CLOSINGS.iter().any(|c| lower.starts_with(c)) {
        return true;
    }
    const ENDINGS: [&str; 14] = [
        "。",
        "．",
        "！",
        "？",
        "!",
        "?",
        "です",
        "ます",
        "ました",
        "ません",
        "ください",
        "下さい",
        "でした",
        "。」",
    ];
    if ENDINGS.iter().any(|e| t.ends_with(e)) {
        return true;
    }
    // An English sentence (not 「Sakura Systems Co., Ltd.」).
    if t.ends_with('.') && t.split_whitespace().count() >= 3 && !has_legal_form(&squeeze(t)) {
        return true;
    }
    // Two sentences on one line.
    t.find('。').is_some_and(|i| i + '。'.len_utf8() < t.len())
}

/// Where a trailing disclaimer paragraph starts (sentences about confidentiality or a
/// mistaken recipient, up to eight lines, after a blank line), if the text ends with one.
fn disclaimer_start(lines: &[&str], last_text: usize) -> Option<usize> {
    let start = lines[..=last_text]
        .iter()
        .rposition(|l| unframed(l).is_empty())
        .map_or(0, |blank| blank + 1);
    if start == 0 || last_text + 1 - start > 8 {
        return None;
    }
    const WORDS: [&str; 12] = [
        "confidential",
        "intended recipient",
        "privileged",
        "disclaimer",
        "機密",
        "秘密",
        "誤って",
        "誤送信",
        "削除して",
        "破棄",
        "宛先以外",
        "本メールの",
    ];
    let paragraph = lines[start..=last_text].join(" ").to_lowercase();
    WORDS.iter().any(|w| paragraph.contains(w)).then_some(start)
}

/// A short line with no number and no address: a name, a title, a department.
fn is_name_like(line: &str) -> bool {
    let t = unframed(line);
    !t.is_empty()
        && t.chars().count() <= 30
        && !t
            .chars()
            .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c) || c == '@')
        && !is_prose(t)
        && !addresses_someone(t)
}

/// A line that addresses or labels a person other than the writer (山田様, 氏名:,
/// 生年月日): signatures do not hold these; customer details do.
fn addresses_someone(line: &str) -> bool {
    const LABELS: [&str; 10] = [
        "氏名",
        "お名前",
        "名前",
        "生年月日",
        "誕生日",
        "個人番号",
        "マイナンバー",
        "ご住所",
        "口座番号",
        "御中",
    ];
    if LABELS.iter().any(|l| line.contains(l)) {
        return true;
    }
    let chars: Vec<char> = line.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        (c == '様' || c == '殿')
            && i > 0
            && !matches!(chars[i - 1], '客' | '皆' | '各' | '方' | '同' | '模' | '仕')
    })
}

/// Lines of contact details under a signature's name block (TEL, 〒, mail, URL…).
fn is_contact_line(line: &str) -> bool {
    let lower = unframed(line).to_lowercase();
    const MARKERS: [&str; 18] = [
        "tel",
        "fax",
        "phone",
        "mobile",
        "電話",
        "携帯",
        "〒",
        "mail",
        "メール",
        "url",
        "http",
        "www.",
        "@",
        "住所",
        "内線",
        "直通",
        "所在地",
        "web",
    ];
    MARKERS.iter().any(|m| lower.contains(m))
}

/// The first line of the signature block in `lines` (one writer's text), if there is one.
fn signature_start(lines: &[&str], marks: &Marks) -> Option<usize> {
    let mut last_text = lines
        .iter()
        .rposition(|l| !unframed(l).is_empty() && !is_delimiter(l))?;
    // A disclaimer paragraph at the very end: the signature stands above it.
    if let Some(above) = disclaimer_start(lines, last_text)
        && let Some(sig) = lines[..above]
            .iter()
            .rposition(|l| !unframed(l).is_empty() && !is_delimiter(l))
    {
        last_text = sig;
    }
    let window_start = last_text.saturating_sub(MAX_SIGNATURE_LINES);

    // A framed block: the topmost delimiter in the window under which a signature
    // stands (dashes above and below, ━━━, a box: the bottom rule frames nothing).
    let framed = (window_start..=last_text)
        .filter(|&d| is_delimiter(lines[d]))
        .find(|&d| framed_signature(&lines[d + 1..=last_text], marks));
    if framed.is_some() {
        return framed;
    }
    if marks.is_empty() {
        // Nothing is known about the sender: the conventional "-- " is taken on trust.
        return (window_start..=last_text)
            .rev()
            .find(|&i| lines[i] == "-- ")
            .filter(|&i| {
                !lines[i + 1..=last_text]
                    .iter()
                    .any(|l| addresses_someone(l))
            });
    }
    unframed_signature(lines, last_text, marks)
}

/// Whether the lines under a delimiter are a signature: they name the writer, only
/// name-like lines stand above the line that does, nobody else's details are among
/// them, and no sentence of a letter is in them — except a disclaimer paragraph after a
/// blank line (「This e-mail and any attachments are confidential…」).
fn framed_signature(block: &[&str], marks: &Marks) -> bool {
    let mut content = 0;
    let mut named = false;
    let mut blank_after_name = false;
    for line in block {
        if unframed(line).is_empty() {
            blank_after_name |= named;
            continue;
        }
        if is_delimiter(line) {
            // The bottom rule closes the signature; a disclaimer may follow it.
            blank_after_name |= named;
            continue;
        }
        content += 1;
        if content > MAX_SIGNATURE_LINES || addresses_someone(line) {
            return false;
        }
        if !named {
            if marks.names(line) && !is_long_sentence(line) {
                named = true;
            } else if !is_name_like(line) {
                return false;
            }
        } else if is_long_sentence(line) && !blank_after_name {
            return false;
        }
    }
    named
}

fn is_long_sentence(line: &str) -> bool {
    let t = unframed(line);
    is_prose(t) && t.chars().count() > 30
}

/// A signature with no frame: after the last sentence of the letter, from the line that
/// names the writer (or the name lines just above it) to the end. A paragraph of
/// contact details under it (after a blank line) belongs to it too.
fn unframed_signature(lines: &[&str], last_text: usize, marks: &Marks) -> Option<usize> {
    let mut top = last_text + 1;
    let mut non_blank = 0;
    let mut paragraph_has_mark = false;
    let mut paragraph_is_contact = true;
    let mut i = last_text + 1;
    while i > 0 {
        let line = lines[i - 1];
        let t = unframed(line);
        if t.is_empty() {
            // Cross a blank line only from a paragraph of contact details that does
            // not name the writer (the name block sits above it).
            if paragraph_has_mark || !paragraph_is_contact {
                break;
            }
            paragraph_is_contact = true;
            i -= 1;
            continue;
        }
        // Someone else's details (山田様, 氏名:) end the block: the signature is below.
        if is_prose(line)
            || is_delimiter(line)
            || addresses_someone(line)
            || non_blank == MAX_SIGNATURE_LINES
        {
            break;
        }
        non_blank += 1;
        paragraph_has_mark |= marks.names(line);
        paragraph_is_contact &= is_contact_line(line) || marks.names(line);
        top = i - 1;
        i -= 1;
    }
    let run = lines.get(top..=last_text)?;
    let named = run.iter().position(|l| marks.names(l))?;
    let mut start = top + named;
    while start > top && is_name_like(lines[start - 1]) {
        start -= 1;
    }
    Some(start)
}

/// What names a writer in their signature, compared squeezed (lower-case, no spaces):
/// whole strings (address, domain, display name, organisation names) and Latin words
/// (the domain's own name 「sakura」 of sakura-sys.co.jp) matched as words.
#[derive(Debug, Clone, Default)]
pub struct Marks {
    strings: Vec<String>,
    words: Vec<String>,
    /// A company name with its legal form (株式会社, Co., Ltd.) names the organisation
    /// of a writer known to write from one.
    legal_forms: bool,
    /// Names nobody: a private writer has no business signature to leave out.
    nobody: bool,
}

impl Marks {
    /// The sender's marks: their address, its domain (unless free-mail), the display
    /// name, the organisation's names.
    pub fn of_sender(
        address: Option<&str>,
        display_name: Option<&str>,
        org_names: &[String],
        is_freemail: &dyn Fn(&str) -> bool,
    ) -> Marks {
        let mut marks = Marks::default();
        if let Some(address) = address {
            marks.strings.push(squeeze(address));
            if let Some((_, domain)) = address.rsplit_once('@')
                && !is_freemail(&domain.to_ascii_lowercase())
            {
                marks.add_domain(domain);
            }
        }
        // The whole display name only: a part (「太郎」, a surname) names customers too.
        marks.strings.extend(display_name.map(squeeze));
        marks.strings.extend(org_names.iter().map(|n| squeeze(n)));
        marks.tidy();
        marks
    }

    /// A forwarded writer's marks, when they write from an organisation's domain (or
    /// their address is unknown); `None` for a private person at a free-mail address.
    pub fn of_writer(address: Option<&str>, is_freemail: &dyn Fn(&str) -> bool) -> Option<Marks> {
        let mut marks = Marks {
            legal_forms: true,
            ..Marks::default()
        };
        if let Some(address) = address {
            let domain = address.rsplit_once('@').map_or("", |(_, d)| d);
            if domain.is_empty() || is_freemail(domain) {
                return None;
            }
            marks.strings.push(squeeze(address));
            marks.add_domain(domain);
        }
        marks.tidy();
        Some(marks)
    }

    /// Marks that name nobody (a private person's mail: no signature is set apart).
    pub fn nobody() -> Marks {
        Marks {
            nobody: true,
            ..Marks::default()
        }
    }

    fn add_domain(&mut self, domain: &str) {
        let domain = domain.trim().trim_end_matches('.').to_ascii_lowercase();
        self.strings.push(squeeze(&domain));
        // The organisation's own label: sakura-sys of sakura-sys.co.jp, acme of acme.com.
        let registrable = crate::domain::registrable_domain(&domain);
        let own = registrable.split('.').next().unwrap_or_default();
        const GENERIC: [&str; 14] = [
            "mail", "info", "corp", "group", "japan", "tech", "soft", "system", "systems", "tokyo",
            "osaka", "global", "service", "online",
        ];
        for word in std::iter::once(own).chain(own.split('-')) {
            if word.len() >= 4 && !GENERIC.contains(&word) && !self.words.iter().any(|w| w == word)
            {
                self.words.push(word.to_owned());
            }
        }
    }

    /// Marks shorter than two characters would match anything.
    fn tidy(&mut self) {
        self.strings.retain(|m| m.chars().count() >= 2);
        self.words.retain(|w| w.chars().count() >= 3);
    }

    /// Nothing is known about the writer (not even that they are a private person).
    pub fn is_empty(&self) -> bool {
        !self.nobody && self.strings.is_empty() && self.words.is_empty() && !self.legal_forms
    }

    /// Whether a line names the writer. For a forwarded writer the organisation must be
    /// named as an organisation (its URL, its name, its legal form): a private person's
    /// own mail address at their provider's domain names nobody's company.
    pub fn names(&self, line: &str) -> bool {
        if self.nobody {
            return false;
        }
        let line: std::borrow::Cow<'_, str> = if self.legal_forms {
            without_addresses(line).into()
        } else {
            line.into()
        };
        let squeezed = squeeze(&line);
        if self.strings.iter().any(|m| squeezed.contains(m.as_str())) {
            return true;
        }
        if !self.words.is_empty() {
            let lower = line.to_lowercase();
            if self.words.iter().any(|w| contains_word(&lower, w)) {
                return true;
            }
        }
        self.legal_forms && has_legal_form(&squeezed)
    }
}

/// A line with its e-mail addresses taken out.
fn without_addresses(line: &str) -> String {
    if !line.contains('@') {
        return line.to_owned();
    }
    let is_addr = |c: char| c.is_ascii_alphanumeric() || "._%+-@".contains(c);
    let mut out = String::with_capacity(line.len());
    let mut word = String::new();
    for c in line.chars().chain(std::iter::once(' ')) {
        if is_addr(c) {
            word.push(c);
        } else {
            if !word.contains('@') {
                out.push_str(&word);
            }
            word.clear();
            out.push(c);
        }
    }
    out.pop();
    out
}

/// A company name's legal form, in a squeezed line.
fn has_legal_form(squeezed: &str) -> bool {
    const FORMS: [&str; 16] = [
        "株式会社",
        "(株)",
        "（株）",
        "㈱",
        "有限会社",
        "合同会社",
        "合資会社",
        "法人",
        "co.,ltd",
        "co.ltd",
        "inc.",
        "corporation",
        "corp.",
        "llc",
        "k.k.",
        "gmbh",
    ];
    FORMS.iter().any(|f| squeezed.contains(f))
}

/// `word` in `text` with no ASCII letter or digit on either side.
fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric())
            && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
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

    fn no_freemail(domain: &str) -> bool {
        domain == "gmail.com" || domain == "yahoo.co.jp"
    }

    fn kinds_in(body: &str, mode: QuoteMode) -> String {
        let marks = Marks::of_sender(
            Some("taro@sakura-sys.co.jp"),
            Some("桜井 太郎"),
            &["サクラシステム".to_owned()],
            &no_freemail,
        );
        let regions = Regions::classify(body, &marks, mode, &no_freemail);
        line_ranges(body)
            .iter()
            .map(|(r, _)| match regions.kind_at(r.start) {
                RegionKind::Own => 'o',
                RegionKind::Quote => 'q',
                RegionKind::Forwarded => 'f',
                RegionKind::Signature => 's',
                RegionKind::WriterDetails => 'd',
            })
            .collect()
    }

    fn check(mode: QuoteMode, cases: &[(&str, &str)]) {
        for (body, expected) in cases {
            assert_eq!(kinds_in(body, mode), expected.replace(' ', ""), "{body:?}");
        }
    }

    #[test]
    fn replies() {
        check(
            QuoteMode::Reply,
            &[
                ("本文\n> 引用\n本文", "oqo"),
                // Bottom-posted under a 「wrote:」 quote: the answer is the sender's.
                (
                    "2024年5月1日 山田 <y@example.jp> wrote:\n> 住所を教えてください\n\n新宿区です。\n-- \n桜井太郎",
                    "qq o o ss",
                ),
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
                    "返信です\n2024年5月1日(水) 10:00 山田 太郎 <y@example.jp>:\n> 本文",
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
            ],
        );
    }

    #[test]
    fn signature_framings() {
        let sig = "サクラシステム株式会社 営業部\n桜井 太郎\n〒100-0005 東京都千代田区丸の内1-2-3\nTEL 03-1234-5678";
        let cases = [
            // dashes above and below
            (format!("本文です。\n--\n{sig}\n--"), "osssss s"),
            (format!("本文です。\n------\n{sig}\n------"), "osssss s"),
            // RFC 3676
            (format!("本文です。\n\n-- \n{sig}"), "oo sssss"),
            // a box
            (
                format!(
                    "本文です。\n┏━━━━━━━━┓\n{}\n┗━━━━━━━━┛",
                    sig.lines().map(|l| format!("┃ {l}")).collect::<Vec<_>>().join("\n")
                ),
                "osssss s",
            ),
            // no delimiter: the letter's last sentence ends, the block names the sender
            (format!("よろしくお願いいたします。\n{sig}"), "o ssss"),
            (format!("よろしくお願いいたします。\n\n{sig}\n"), "o o ssss"),
            // the name above the company line
            (
                "以上、よろしくお願いします。\n\n桜井 太郎\nSakura System Co., Ltd.\nTel: +81-3-1234-5678".to_owned(),
                "oo sss",
            ),
            // English, named only by the domain's own word
            (
                "Best regards,\n\nTaro Sakurai\nSales Manager\nSakura Systems Co., Ltd.\n1-2-3 Marunouchi, Chiyoda-ku, Tokyo\nTel: +81-3-1234-5678".to_owned(),
                "oo sssss",
            ),
            // a disclaimer paragraph after the signature
            (
                "本文です。\n\n-- \nサクラシステム 桜井\nTEL 03-1234-5678\n\nThis e-mail is confidential. If you are not the intended recipient, delete it.".to_owned(),
                "oo ss s s s",
            ),
            (
                "よろしくお願いします。\nサクラシステム 桜井\nTEL 03-1234-5678\n\n本メールは機密情報を含みます。誤って受信された場合は削除してください。".to_owned(),
                "o ss s s",
            ),
            // a disclaimer right under the bottom rule
            (
                "本文です。\n――――――\nサクラシステム 桜井\nTEL 03-1234-5678\n――――――\n本メールは機密情報を含みます。誤って受信された場合は削除してください。".to_owned(),
                "o sss s s",
            ),
            // contact details after a blank line belong to the name block above
            (
                "よろしくお願いいたします。\n\nサクラシステム 桜井\n\nTEL 03-1234-5678\nFAX 03-1234-5679".to_owned(),
                "oo s sss",
            ),
        ];
        for (body, expected) in cases {
            assert_eq!(
                kinds_in(&body, QuoteMode::New),
                expected.replace(' ', ""),
                "{body}"
            );
        }
    }

    #[test]
    fn what_is_not_a_signature() {
        check(
            QuoteMode::New,
            &[
                // A customer's details above the sender's name stay the sender's text.
                (
                    "下記のお客様です。\n山田太郎 東京都新宿区1-2-3 090-1111-2222\nサクラシステム 桜井",
                    "o o s",
                ),
                // A roster that ends with the company's URL: only the URL line.
                (
                    "名簿です。\n山田 090-1111-2222\n鈴木 080-2222-3333\nhttps://www.sakura-sys.co.jp",
                    "o o o s",
                ),
                // Someone else's labelled details are never a signature.
                (
                    "--\n氏名: 山田太郎\n住所: 東京都新宿区1-2-3\nサクラシステム 桜井",
                    "o o o s",
                ),
                (
                    "確認をお願いします。\n山田 太郎 様\nサクラシステム 桜井",
                    "o o s",
                ),
                // A blank line with the customer's phone under the name block.
                (
                    "サクラシステムの桜井です\n\n山田太郎 090-1111-2222",
                    "o o o",
                ),
            ],
        );
    }

    #[test]
    fn forwards() {
        check(
            QuoteMode::Forward,
            &[
                // Thunderbird; the customer writes from free-mail: all forwarded.
                (
                    "転送します。\n\n-------- Forwarded Message --------\n件名: 申込\n差出人: 山田 <y@gmail.com>\n\n山田太郎\n東京都新宿区1-2-3\n090-1111-2222",
                    "oo fff f ddd",
                ),
                // A business writer's signature is a signature.
                (
                    "転送します。\n-------- 転送メッセージ --------\n差出人: 鈴木 <suzuki@kaede.co.jp>\n\nお世話になります。\n--\n楓商事株式会社 鈴木\nTEL 03-2222-3333",
                    "o ff f f sss",
                ),
                // Outlook's header block; the signature names the company by its domain.
                (
                    "FYI\nFrom: Suzuki <suzuki@kaede.co.jp>\nSent: Monday\nTo: x\n\nPlease see below.\n\nSuzuki Ichiro\nKaede Trading\nsuzuki@kaede.co.jp",
                    "o fff f f f sss",
                ),
                // A private person at a provider not on the free-mail list: their own
                // address does not name a company.
                (
                    "転送します。\n-------- 転送メッセージ --------\n差出人: 山田 <yamada@example-isp.ne.jp>\n\nお願いします。\n\n山田 太郎\n東京都新宿区1-2-3\n090-1111-2222\nyamada@example-isp.ne.jp",
                    "o ff f f f dddd",
                ),
                // A private customer's closing block under their text: their details.
                (
                    "対応お願いします。\n-----Original Message-----\nFrom: k-ishida@docomo.ne.jp\nSent: Thursday\n\n見に来てください\n石田勝\n千葉県船橋市本町4-21-3\n090-8812-4470",
                    "o fff f f ddd",
                ),
                // `>`-quoted forward.
                (
                    "転送\n> 山田です。\n> 東京都新宿区1-2-3 090-1111-2222",
                    "o ff",
                ),
            ],
        );
        // Not a reply, but holds a forwarded-message header: a forward.
        check(
            QuoteMode::New,
            &[(
                "見てください。\n---------- Forwarded message ---------\nFrom: 鈴木 <suzuki@kaede.co.jp>\n\n本文です。\n楓商事株式会社\nTEL 03-2222-3333",
                "o ff f f ss",
            )],
        );
        // In a reply the same header is a quote.
        check(
            QuoteMode::Reply,
            &[(
                "返信です。\n---------- Forwarded message ---------\nFrom: 鈴木 <suzuki@kaede.co.jp>\n\n本文",
                "o qq q q",
            )],
        );
    }

    #[test]
    fn a_private_writers_own_mail() {
        let body =
            "修理をお願いします\n見に来てください\n\n石田勝\n千葉県船橋市本町4-21-3\n090-8812-4470";
        let regions = Regions::classify(body, &Marks::nobody(), QuoteMode::New, &no_freemail);
        let kinds: String = line_ranges(body)
            .iter()
            .map(|(r, _)| match regions.kind_at(r.start) {
                RegionKind::WriterDetails => 'd',
                _ => 'o',
            })
            .collect();
        assert_eq!(kinds, "oooddd");
    }

    #[test]
    fn no_quotes_in_a_new_mail() {
        let body = "個人番号 1234 5678 9018\n-----Original Message-----\n> 引用";
        let regions = Regions::classify(body, &Marks::default(), QuoteMode::New, &no_freemail);
        assert!(
            line_ranges(body)
                .iter()
                .all(|(r, _)| regions.kind_at(r.start) == RegionKind::Own)
        );
    }

    #[test]
    fn addresses_are_found() {
        assert_eq!(
            address_in("From: 山田 <Y.Yamada@Example.jp>"),
            Some("y.yamada@example.jp".into())
        );
        assert_eq!(
            address_in("差出人: a@b.co.jp [mailto:a@b.co.jp]"),
            Some("a@b.co.jp".into())
        );
        assert_eq!(address_in("no address @ here"), None);
        assert_eq!(address_in("@"), None);
    }
}
