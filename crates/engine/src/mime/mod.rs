//! RFC 5322 bytes → [`Draft`], for every kind of mail Japanese offices send.
//!
//! mail-parser (with `full_encoding`) does the MIME structure; this module closes the
//! gaps it leaves for Japanese mail (`shared/notes/mail-parsing.md` measured them): charset names it does
//! not know (`CP932`, `ISO-2022-JP-2`…), characters split across encoded-words, raw 8-bit
//! headers, RFC 2231 continuations, IDN domains, addresses without angle brackets. It
//! also defuses hostile structure before parsing: `message/rfc822` nested deeper than
//! [`MAX_NESTED_MESSAGES`] is turned into an opaque part, because dropping a deeply
//! nested tree recurses and would overflow the stack.
//!
//! Parsing never fails: whatever is wrong becomes a line in `Draft::parse_problems`,
//! which the checks report as `parse_warning`.

mod charset;
mod header;
pub mod html;
mod params;
mod utf7;

use crate::draft::{Attachment, ComposeType, Draft, Mailbox, clean_display};
use mail_parser::{
    Address, Encoding, HeaderName, HeaderValue, Message, MessageParser, MessagePart, MimeHeaders,
    PartType,
};
use std::borrow::Cow;

/// More `message/rfc822` (and `message/global`, `multipart/digest`) parts than this in
/// one message are not parsed as messages; the rest are kept as opaque attachments.
/// Counting parts (not depth) is cheap before parsing and bounds the depth too.
pub const MAX_NESTED_MESSAGES: usize = 256;

/// Build a [`Draft`] from a whole RFC 5322 message. Never fails, never panics.
pub fn parse_eml(raw: &[u8]) -> Draft {
    let mut problems = Vec::new();
    // Old Mac-style mail ends lines with a bare CR; the parser needs LF to see headers.
    let unified: Option<Vec<u8>> = (raw.contains(&b'\r') && !raw.contains(&b'\n')).then(|| {
        problems.push("改行が CR のみの古い形式です (bare CR line endings)".to_owned());
        raw.iter()
            .map(|&b| if b == b'\r' { b'\n' } else { b })
            .collect()
    });
    let raw: &[u8] = unified.as_deref().unwrap_or(raw);
    let defused = defuse_nesting(raw, &mut problems);
    let bytes: &[u8] = defused.as_deref().unwrap_or(raw);
    // mail-parser is written not to panic, but it has debug assertions that hostile
    // input can reach (found by fuzzing); a panic in it must not take the check down.
    let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut part_problems = Vec::new();
        let draft = MessageParser::default()
            .parse(bytes)
            .map(|message| draft_from_message(&message, &mut part_problems));
        (draft, part_problems)
    }));
    let parsed = match parsed {
        Ok((draft, part_problems)) => {
            problems.extend(part_problems);
            draft
        }
        Err(_) => {
            problems.push(
                "メッセージの構造を解析できませんでした。宛先と本文を確認できていない可能性があります (the MIME parser failed on this message)"
                    .to_owned(),
            );
            return Draft {
                parse_problems: problems,
                ..Draft::default()
            };
        }
    };
    let mut draft = match parsed {
        Some(draft) => draft,
        None => {
            problems.push(if raw.iter().all(u8::is_ascii_whitespace) {
                "メッセージが空です (empty message)".to_owned()
            } else {
                "メールとして読めるヘッダーがありません (no RFC 5322 headers found)".to_owned()
            });
            Draft::default()
        }
    };
    draft.parse_problems.extend(problems);
    draft
}

/// Replace nesting markers beyond the limit with same-length opaque types, so the parser
/// never builds (or drops) a deep tree. Returns `None` when the input is left as it is.
fn defuse_nesting(raw: &[u8], problems: &mut Vec<String>) -> Option<Vec<u8>> {
    const MARKERS: [(&[u8], &[u8]); 3] = [
        (b"message/rfc822", b"application/x1"),
        (b"message/global", b"application/x2"),
        (b"multipart/digest", b"multipart/x-dige"),
    ];
    let mut seen = 0usize;
    let mut copy: Option<Vec<u8>> = None;
    let mut i = 0;
    while i < raw.len() {
        let at = &raw[i..];
        let hit = MARKERS.iter().find(|(marker, _)| {
            at.len() >= marker.len() && at[..marker.len()].eq_ignore_ascii_case(marker)
        });
        if let Some((marker, replacement)) = hit.filter(|_| in_content_type(raw, i)) {
            seen += 1;
            if seen > MAX_NESTED_MESSAGES {
                let out = copy.get_or_insert_with(|| raw.to_vec());
                out[i..i + marker.len()].copy_from_slice(replacement);
            }
            i += marker.len();
        } else {
            i += 1;
        }
    }
    if copy.is_some() {
        problems.push(format!(
            "添付メッセージの数または入れ子が多すぎるため、{MAX_NESTED_MESSAGES} 件目より先の添付メッセージは中身を確認していません (more than {MAX_NESTED_MESSAGES} attached or nested messages: the rest were not opened)"
        ));
    }
    copy
}

/// Whether the text at `at` is the value of a `Content-Type` header (on its line, or on
/// the folded line before), so a body that merely mentions "message/rfc822" is left as
/// it is. Looks back at most a short, fixed distance.
fn in_content_type(raw: &[u8], at: usize) -> bool {
    const LOOK_BACK: usize = 128;
    let from = at.saturating_sub(LOOK_BACK);
    let before = &raw[from..at];
    let Some(line_start) = before.iter().rposition(|&b| b == b'\n').map(|i| i + 1) else {
        return from == 0 && starts_with_content_type(before);
    };
    let line = &before[line_start..];
    if starts_with_content_type(line) {
        return true;
    }
    // A folded header: "Content-Type:\n message/rfc822".
    if line.first().is_some_and(|b| *b == b' ' || *b == b'\t') {
        let prev = &before[..line_start.saturating_sub(1)];
        let prev_start = prev.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        return starts_with_content_type(&prev[prev_start..]);
    }
    false
}

fn starts_with_content_type(line: &[u8]) -> bool {
    const NAME: &[u8] = b"content-type:";
    line.len() >= NAME.len() && line[..NAME.len()].eq_ignore_ascii_case(NAME)
}

fn draft_from_message(message: &Message<'_>, problems: &mut Vec<String>) -> Draft {
    let raw = message.raw_message();
    let mut draft = Draft::default();
    let Some(root) = message.parts.first() else {
        problems.push("メッセージの構造を読めません (no message structure)".to_owned());
        return draft;
    };

    let mut from_seen = false;
    let mut seen_once: Vec<&str> = Vec::new();
    for h in &root.headers {
        if matches!(
            h.name,
            HeaderName::From | HeaderName::To | HeaderName::Cc | HeaderName::Subject
        ) {
            let name = h.name.as_str();
            if seen_once.contains(&name) {
                problems.push(format!(
                    "{name} ヘッダーが複数あります。すべての宛先を確認しました (duplicate {name} header)"
                ));
            } else {
                seen_once.push(name);
            }
        }
        let value_raw = slice(raw, h.offset_start, h.offset_end);
        if value_raw.contains(&0) {
            problems.push(format!(
                "{} ヘッダーに NUL 文字があります (NUL byte in header)",
                h.name.as_str()
            ));
        }
        match &h.name {
            HeaderName::From => {
                from_seen = true;
                if let Some(first) = addresses(h, value_raw, problems).into_iter().next() {
                    draft.from.get_or_insert(first);
                }
            }
            HeaderName::To => draft.to.extend(addresses(h, value_raw, problems)),
            HeaderName::Cc => draft.cc.extend(addresses(h, value_raw, problems)),
            HeaderName::Bcc => draft.bcc.extend(addresses(h, value_raw, problems)),
            HeaderName::Subject => {
                let subject = if header::needs_repair(value_raw) {
                    header::decode_header(value_raw)
                } else {
                    h.value.as_text().unwrap_or_default().trim().to_owned()
                };
                draft.subject = clean_display(&subject);
            }
            _ => {}
        }
    }
    let threaded = root
        .headers
        .iter()
        .any(|h| matches!(h.name, HeaderName::InReplyTo | HeaderName::References));
    draft.compose_type = compose_type_of(&draft.subject, threaded);
    if !from_seen {
        problems.push("From ヘッダーがありません (no From header)".to_owned());
    }
    let boundary_missing = root
        .content_type()
        .is_some_and(|ct| ct.ctype().eq_ignore_ascii_case("multipart"))
        && !matches!(root.body, PartType::Multipart(_));
    if boundary_missing {
        problems.push(
            "マルチパートの境界 (boundary) が見つからず、本文と添付を区別できません (multipart boundary never appears)"
                .to_owned(),
        );
    }

    let mut texts = Vec::new();
    for &id in &message.text_body {
        if let Some(part) = message.parts.get(id as usize) {
            match &part.body {
                PartType::Html(_) => {
                    let html = part_text(raw, part, problems);
                    texts.push(html::html_to_text(&html));
                }
                PartType::Text(_) => texts.push(part_text(raw, part, problems)),
                _ => {}
            }
        }
    }
    draft.body_text = texts.join("\n");
    let htmls: Vec<String> = message
        .html_body
        .iter()
        .filter_map(|&id| message.parts.get(id as usize))
        .filter(|p| matches!(p.body, PartType::Html(_)))
        .map(|p| part_text(raw, p, problems))
        .collect();
    if !htmls.is_empty() {
        draft.body_html = Some(htmls.join("\n"));
    }

    if boundary_missing && draft.body_text.trim().is_empty() {
        // Best effort: the whole body is one undivided blob (it stays listed as an
        // attachment below); read it as text too, so the checks still see what the
        // person wrote and whatever else is in there.
        let body = slice(raw, root.offset_body, root.offset_end);
        draft.body_text = charset::decode(None, body);
    }
    for &id in &message.attachments {
        let Some(part) = message.parts.get(id as usize) else {
            continue;
        };
        if let Some(text) = broken_text_part(raw, part) {
            // mail-parser files a text part it could not decode as an attachment; it is
            // the person's text, so read what can be read and keep it in the body.
            if !draft.body_text.is_empty() {
                draft.body_text.push('\n');
            }
            draft.body_text.push_str(&text);
            continue;
        }
        draft.attachments.push(attachment(raw, part, problems));
    }
    for (index, part) in message.parts.iter().enumerate() {
        if part.is_encoding_problem {
            problems.push(format!(
                "パート {index} の符号化が壊れています。読める範囲で確認しました (part {index} is badly encoded)"
            ));
        }
    }
    draft
}

/// A text part without a file name that mail-parser could not decode, read leniently
/// (see [`header::base64_decode_lenient`]).
fn broken_text_part(raw: &[u8], part: &MessagePart<'_>) -> Option<String> {
    let is_text = part
        .content_type()
        .is_none_or(|ct| ct.ctype().eq_ignore_ascii_case("text"));
    if !part.is_encoding_problem || !is_text || part.attachment_name().is_some() {
        return None;
    }
    let body = slice(raw, part.offset_body, part.offset_end);
    let base64 = part
        .content_transfer_encoding()
        .is_some_and(|cte| cte.trim().eq_ignore_ascii_case("base64"));
    let bytes = if base64 {
        header::base64_decode_lenient(body)?
    } else {
        body.to_vec()
    };
    let label = part.content_type().and_then(|ct| ct.attribute("charset"));
    Some(charset::decode(label, &bytes))
}

/// Whether a message is new, a reply or a forward, from its subject prefix (Re:, Fw:,
/// 返信:, 転送:…) and threading headers. Quoted text is only recognised in replies and
/// forwards.
fn compose_type_of(subject: &str, threaded: bool) -> ComposeType {
    // 「[Fwd: …]」 (older Thunderbird) and 「【転送】…」 wrap the prefix.
    let lower = subject
        .trim_start()
        .trim_start_matches(['[', '【'])
        .to_lowercase()
        .replacen("転送】", "転送:", 1);
    let starts = |prefixes: &[&str]| {
        prefixes.iter().any(|p| {
            lower
                .strip_prefix(p)
                .is_some_and(|rest| rest.starts_with([':', '：']) || rest.starts_with('['))
        })
    };
    if starts(&["fw", "fwd", "転送", "tr", "wg"]) {
        ComposeType::Forward
    } else if threaded || starts(&["re", "返信", "aw", "sv", "回复"]) {
        ComposeType::Reply
    } else {
        ComposeType::New
    }
}

/// The byte range of a header or part, clamped to the message.
fn slice(raw: &[u8], start: u32, end: u32) -> &[u8] {
    let start = (start as usize).min(raw.len());
    let end = (end as usize).clamp(start, raw.len());
    &raw[start..end]
}

/// The addresses of one address header, flattened (groups included), with names decoded
/// by our header decoder when mail-parser's decoding would be wrong.
fn addresses(
    h: &mail_parser::Header<'_>,
    value_raw: &[u8],
    problems: &mut Vec<String>,
) -> Vec<Mailbox> {
    let reparsed;
    let value: &HeaderValue<'_> = if header::needs_repair(value_raw) {
        let fixed = header::reencode_header(value_raw);
        let synthetic = format!("To: {fixed}\r\n\r\n");
        reparsed = MessageParser::default()
            .parse_headers(synthetic.as_bytes())
            .and_then(|m| m.parts.into_iter().next())
            .and_then(|p| p.headers.into_iter().next())
            .map(|h| h.value.into_owned());
        reparsed.as_ref().unwrap_or(&h.value)
    } else {
        &h.value
    };
    let mut out = Vec::new();
    match value {
        HeaderValue::Address(Address::List(list)) => {
            for addr in list {
                push_mailbox(
                    &mut out,
                    addr.name.as_deref(),
                    addr.address.as_deref(),
                    problems,
                );
            }
        }
        HeaderValue::Address(Address::Group(groups)) => {
            for group in groups {
                for addr in &group.addresses {
                    push_mailbox(
                        &mut out,
                        addr.name.as_deref(),
                        addr.address.as_deref(),
                        problems,
                    );
                }
            }
        }
        HeaderValue::Text(text) => push_mailbox(&mut out, None, Some(text), problems),
        _ => {}
    }
    out
}

/// Validate and normalise one address; split `山田太郎 yamada@example.jp` (no angle
/// brackets); convert IDN domains to punycode and lower-case the domain.
fn push_mailbox(
    out: &mut Vec<Mailbox>,
    name: Option<&str>,
    address: Option<&str>,
    problems: &mut Vec<String>,
) {
    let Some(address) = address else {
        return;
    };
    let cleaned: String = address.chars().filter(|c| *c != '\0').collect();
    let mut cleaned = cleaned
        .trim()
        .trim_matches(|c| c == '<' || c == '>')
        .to_owned();
    let mut name = name.map(str::to_owned);
    if cleaned.contains(char::is_whitespace) {
        // "山田太郎 yamada@example.jp": the token with '@' is the address, the rest its
        // name. "a@x.jp b@y.jp" (a missing comma): every token with '@' is an address.
        let tokens: Vec<&str> = cleaned.split_whitespace().collect();
        let with_at: Vec<&str> = tokens.iter().copied().filter(|t| t.contains('@')).collect();
        if with_at.len() > 1 {
            problems.push(format!(
                "区切りのない複数のアドレスがあります: {} (addresses without a separating comma)",
                truncate(&cleaned, 80)
            ));
            for token in with_at {
                push_mailbox(out, None, Some(token), problems);
            }
            return;
        }
        if let Some(pos) = tokens.iter().rposition(|t| t.contains('@')) {
            let rest: Vec<&str> = tokens
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != pos)
                .map(|(_, t)| *t)
                .collect();
            if name.is_none() && !rest.is_empty() {
                name = Some(rest.join(" "));
            }
            cleaned = tokens[pos]
                .trim_matches(|c| c == '<' || c == '>')
                .to_owned();
        }
    }
    let Some((local, domain)) = cleaned.rsplit_once('@') else {
        if !cleaned.is_empty() {
            problems.push(format!(
                "メールアドレスとして読めない宛先があります: {} (not an address)",
                truncate(&cleaned, 60)
            ));
        }
        return;
    };
    if local.is_empty() || domain.is_empty() {
        problems.push(format!(
            "メールアドレスとして読めない宛先があります: {} (not an address)",
            truncate(&cleaned, 60)
        ));
        return;
    }
    let domain = crate::domain::to_ascii_domain(domain);
    let name = name.map(|n| clean_display(&n));
    out.push(Mailbox::new(
        name.as_deref().map(str::trim),
        &format!("{local}@{domain}"),
    ));
}

fn truncate(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(max_chars).collect();
        t.push('…');
        t
    }
}

/// The transfer-decoded bytes of a part, as the sender's software wrote them.
fn part_bytes<'a>(
    raw: &'a [u8],
    part: &'a MessagePart<'_>,
    problems: &mut Vec<String>,
) -> Cow<'a, [u8]> {
    match &part.body {
        PartType::Binary(b) | PartType::InlineBinary(b) => return Cow::Borrowed(b.as_ref()),
        PartType::Message(m) => return Cow::Borrowed(m.raw_message()),
        _ => {}
    }
    let body = slice(raw, part.offset_body, part.offset_end);
    match part.encoding {
        Encoding::Base64 => {
            let compact: Vec<u8> = body
                .iter()
                .copied()
                .filter(|b| !b.is_ascii_whitespace())
                .collect();
            match mail_parser::decoders::base64::base64_decode(&compact) {
                Some(decoded) => Cow::Owned(decoded),
                None => {
                    problems.push(
                        "base64 の符号化が壊れている部分があります (invalid base64)".to_owned(),
                    );
                    Cow::Owned(part.contents().to_vec())
                }
            }
        }
        Encoding::QuotedPrintable => {
            match mail_parser::decoders::quoted_printable::quoted_printable_decode(body) {
                Some(decoded) => Cow::Owned(decoded),
                None => Cow::Owned(part.contents().to_vec()),
            }
        }
        Encoding::None => Cow::Borrowed(body),
    }
}

/// A text part decoded with our charset handling (declared label, aliases, evidence).
fn part_text(raw: &[u8], part: &MessagePart<'_>, problems: &mut Vec<String>) -> String {
    let label = part
        .content_type()
        .and_then(|ct| ct.attribute("charset"))
        .map(str::to_owned);
    let bytes = part_bytes(raw, part, problems);
    charset::decode(label.as_deref(), &bytes)
}

fn attachment(raw: &[u8], part: &MessagePart<'_>, problems: &mut Vec<String>) -> Attachment {
    let content_type = part
        .content_type()
        .map(|ct| match ct.subtype() {
            Some(sub) => format!("{}/{}", ct.ctype(), sub),
            None => ct.ctype().to_owned(),
        })
        .unwrap_or_else(|| "application/octet-stream".to_owned())
        .to_ascii_lowercase();
    let data = part_bytes(raw, part, problems).into_owned();
    let name = attachment_name(raw, part).unwrap_or_else(|| match &part.body {
        PartType::Message(m) => {
            let subject = m.subject().unwrap_or("").trim();
            if subject.is_empty() {
                "転送メッセージ.eml".to_owned()
            } else {
                format!("{subject}.eml")
            }
        }
        _ => format!("名前のない添付ファイル ({content_type})"),
    });
    Attachment {
        name: clean_display(&name),
        content_type,
        size: data.len() as u64,
        data,
    }
}

fn attachment_name(raw: &[u8], part: &MessagePart<'_>) -> Option<String> {
    for wanted in [HeaderName::ContentDisposition, HeaderName::ContentType] {
        for h in part.headers.iter().filter(|h| h.name == wanted) {
            // Part headers of nested messages point into the nested raw bytes; only use
            // offsets that fall inside this message.
            if (h.offset_end as usize) <= raw.len()
                && let Some(name) = params::file_name(slice(raw, h.offset_start, h.offset_end))
            {
                return Some(name);
            }
        }
    }
    part.attachment_name()
        .map(str::to_owned)
        .filter(|n| !n.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compose_type_from_subject() {
        let cases = [
            ("Re: 見積", false, ComposeType::Reply),
            ("RE: FW: 見積", false, ComposeType::Reply),
            ("FW: RE: 見積", true, ComposeType::Forward),
            ("Fwd: 納期", false, ComposeType::Forward),
            ("転送: 納期", false, ComposeType::Forward),
            ("【転送】納期のご回答", false, ComposeType::Forward),
            ("[Fwd: 納期のご回答]", false, ComposeType::Forward),
            ("【重要】納期", false, ComposeType::New),
            ("Forward-looking statements", false, ComposeType::New),
            ("打ち合わせ", true, ComposeType::Reply),
        ];
        for (subject, threaded, expected) in cases {
            assert_eq!(compose_type_of(subject, threaded), expected, "{subject}");
        }
    }
}
