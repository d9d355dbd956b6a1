//! A message as the relay receives it (raw bytes and an SMTP envelope) turned into the
//! engine's draft, and the person's fixes applied to the raw message itself.
//!
//! The rule is "nothing else changes": where no fix applies the bytes go on as they
//! came; a fix rewrites only the header fields it concerns (a To or Cc line without
//! the addresses moved to Bcc) or cuts out the attachment part it removes (with its
//! boundary line), keeping every other byte, folding and encoding. A signed or
//! encrypted mail is never cut (its signature would break).

use sendguard_engine::{Draft, Mailbox};
use sendguard_hook::FixChanges;

use crate::upstream::Envelope;

/// The header block of `raw`: everything before the first empty line (or all of it).
fn header_end(raw: &[u8]) -> usize {
    let mut i = 0;
    while i < raw.len() {
        let line_end = memchr_newline(raw, i);
        let line = &raw[i..line_end];
        if line == b"\r\n" || line == b"\n" {
            return i;
        }
        i = line_end;
    }
    raw.len()
}

/// The end of the line starting at `from` (after its LF, or the end of `raw`).
fn memchr_newline(raw: &[u8], from: usize) -> usize {
    raw[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(raw.len(), |p| from + p + 1)
}

/// One header field: its byte range in the message (folded lines included), its name.
#[derive(Debug, Clone)]
struct FieldSpan {
    start: usize,
    end: usize,
    name: String,
}

fn fields(raw: &[u8]) -> Vec<FieldSpan> {
    let end = header_end(raw);
    let mut out: Vec<FieldSpan> = Vec::new();
    let mut i = 0;
    while i < end {
        let line_end = memchr_newline(raw, i).min(end);
        let line = &raw[i..line_end];
        if matches!(line.first(), Some(b' ' | b'\t')) {
            if let Some(last) = out.last_mut() {
                last.end = line_end;
            }
        } else {
            let name = line
                .iter()
                .position(|&b| b == b':')
                .map(|p| {
                    String::from_utf8_lossy(&line[..p])
                        .trim()
                        .to_ascii_lowercase()
                })
                .unwrap_or_default();
            out.push(FieldSpan {
                start: i,
                end: line_end,
                name,
            });
        }
        i = line_end;
    }
    out
}

/// The unfolded value of the first header field called `name` (lower case).
pub fn header_value(raw: &[u8], name: &str) -> Option<String> {
    let field = fields(raw).into_iter().find(|f| f.name == name)?;
    let text = String::from_utf8_lossy(&raw[field.start..field.end]);
    let value = text.split_once(':')?.1;
    Some(
        value
            .split(['\r', '\n'])
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// The draft the engine checks: the message's own draft, and every envelope recipient
/// that no To, Cc or Bcc header names added as Bcc (that is what it is: a copy the
/// other recipients do not see).
pub fn draft(raw: &[u8], recipients: &[String]) -> Draft {
    let mut draft = Draft::from_eml(raw);
    let named: Vec<String> = draft
        .recipients()
        .map(|(_, m)| m.address.to_lowercase())
        .collect();
    for rcpt in recipients {
        if !named.contains(&rcpt.to_lowercase()) {
            draft.bcc.push(Mailbox::new(None, rcpt));
        }
    }
    draft
}

/// Splits an address-list field value at the commas between mailboxes (not those in
/// quotes, comments or angle brackets), keeping each item's raw text.
fn split_list(value: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut quoted, mut escaped, mut comment, mut angle) = (false, false, 0u32, false);
    let mut start = 0;
    for (i, c) in value.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' if quoted || comment > 0 => escaped = true,
            '"' if comment == 0 => quoted = !quoted,
            '(' if !quoted => comment += 1,
            ')' if !quoted && comment > 0 => comment -= 1,
            '<' if !quoted && comment == 0 => angle = true,
            '>' if !quoted && comment == 0 => angle = false,
            ',' if !quoted && comment == 0 && !angle => {
                items.push(&value[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&value[start..]);
    items
}

/// The address of one list item (`"山田" <a@b.jp>`, `a@b.jp (山田)`, `group: a@b.jp`).
fn address_of(item: &str) -> Option<String> {
    if let (Some(open), Some(close)) = (item.rfind('<'), item.rfind('>'))
        && open < close
    {
        return Some(item[open + 1..close].trim().to_lowercase());
    }
    item.split(|c: char| c.is_whitespace() || c == ':' || c == ';' || c == '(' || c == ')')
        .find(|w| w.contains('@'))
        .map(|w| w.trim_matches(['"', '\'']).to_lowercase())
}

/// Why the person's changes leave nothing to send as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FixError {
    #[error("宛先がすべて外されたため送りませんでした (every recipient was removed; nothing sent)")]
    NoRecipients,
    #[error(transparent)]
    Remove(#[from] RemoveError),
}

/// The message and envelope the person let go, with their changes: attachments cut
/// out, moved addresses out of To/Cc (still envelope recipients), removed ones out of
/// the headers and the envelope. `envelope.eight_bit` is what the client declared; the
/// result's also says whether the message itself has 8-bit bytes.
pub fn fix(
    raw: &[u8],
    envelope: &Envelope,
    changes: &FixChanges,
) -> Result<(Envelope, Vec<u8>), FixError> {
    let fixed = apply(
        &remove_attachments(raw, &changes.remove_attachments)?,
        changes,
    );
    let removed: Vec<String> = changes
        .remove_recipients
        .iter()
        .map(|r| r.trim().to_lowercase())
        .collect();
    let mut envelope = envelope.clone();
    envelope
        .recipients
        .retain(|r| !removed.contains(&r.to_lowercase()));
    for recipient in &mut envelope.recipients {
        if let Some(r) = changes
            .replace_recipients
            .iter()
            .find(|r| r.from.trim().eq_ignore_ascii_case(recipient))
        {
            *recipient = r.to.trim().to_owned();
        }
    }
    let mut seen: Vec<String> = Vec::new();
    envelope.recipients.retain(|r| {
        let lower = r.to_lowercase();
        let first = !seen.contains(&lower);
        seen.push(lower);
        first
    });
    if envelope.recipients.is_empty() {
        return Err(FixError::NoRecipients);
    }
    envelope.eight_bit = envelope.eight_bit || is_eight_bit(&fixed);
    Ok((envelope, fixed))
}

/// `raw` with `fixes` applied to its To, Cc and Bcc fields (attachments are
/// [`remove_attachments`]'s). Fields the fixes do not
/// touch keep their bytes. A To left empty becomes `To: undisclosed-recipients:;`
/// (the usual form, so the mail still has a To); an empty Cc or Bcc goes.
pub fn apply(raw: &[u8], fixes: &FixChanges) -> Vec<u8> {
    if fixes.move_to_bcc.is_empty()
        && fixes.remove_recipients.is_empty()
        && fixes.replace_recipients.is_empty()
    {
        return raw.to_vec();
    }
    let replaced = |address: &str| {
        fixes
            .replace_recipients
            .iter()
            .find(|r| r.from.trim().eq_ignore_ascii_case(address))
            .map(|r| r.to.trim().to_owned())
    };
    let lower = |v: &[String]| {
        v.iter()
            .map(|a| a.trim().to_lowercase())
            .collect::<Vec<_>>()
    };
    let moved = lower(&fixes.move_to_bcc);
    let removed = lower(&fixes.remove_recipients);
    let crlf = raw.windows(2).any(|w| w == b"\r\n");
    let newline = if crlf { "\r\n" } else { "\n" };
    let mut out = Vec::with_capacity(raw.len());
    let mut at = 0;
    for field in fields(raw) {
        let drops: &dyn Fn(&str) -> bool = match field.name.as_str() {
            "to" | "cc" => {
                &|a: &str| moved.iter().any(|m| m == a) || removed.iter().any(|r| r == a)
            }
            "bcc" => &|a: &str| removed.iter().any(|r| r == a),
            _ => continue,
        };
        let text = String::from_utf8_lossy(&raw[field.start..field.end]).into_owned();
        let Some((head, value)) = text.split_once(':') else {
            continue;
        };
        let items = split_list(value.trim_end_matches(['\r', '\n']));
        let mut changed = false;
        // A replaced address goes bare: its display name was the wrong person's.
        let kept: Vec<std::borrow::Cow<'_, str>> = items
            .iter()
            .copied()
            .filter(|item| !item.trim().is_empty())
            .filter(|item| address_of(item).is_none_or(|a| !drops(&a)))
            .map(|item| match address_of(item).and_then(|a| replaced(&a)) {
                Some(to) => {
                    changed = true;
                    std::borrow::Cow::Owned(to)
                }
                None => std::borrow::Cow::Borrowed(item),
            })
            .collect();
        if !changed && kept.len() == items.iter().filter(|i| !i.trim().is_empty()).count() {
            continue; // nothing of this field changes: its bytes stay
        }
        out.extend_from_slice(&raw[at..field.start]);
        at = field.end;
        if kept.is_empty() {
            if field.name == "to" {
                out.extend_from_slice(
                    format!("{head}: undisclosed-recipients:;{newline}").as_bytes(),
                );
            }
            continue;
        }
        let joined = kept
            .iter()
            .map(|i| i.trim())
            .collect::<Vec<_>>()
            .join(&format!(",{newline} "));
        out.extend_from_slice(format!("{head}: {joined}{newline}").as_bytes());
    }
    out.extend_from_slice(&raw[at..]);
    out
}

/// True when the message has a byte above 127 (it needs 8BITMIME upstream).
pub fn is_eight_bit(raw: &[u8]) -> bool {
    raw.iter().any(|&b| b >= 0x80)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAIL: &str = "From: a@sakura-sys.co.jp\r\nTo: \"山田, 太郎\" <yamada@partner.co.jp>,\r\n tanaka@kaede.co.jp\r\nCc: =?UTF-8?B?5L2Q6Jek?= <sato@sakura-sys.co.jp>, ito@other.jp (伊藤)\r\nSubject: x\r\n\r\nTo: body line stays\r\n";

    #[test]
    fn untouched_without_fixes() {
        assert_eq!(
            apply(MAIL.as_bytes(), &FixChanges::default()),
            MAIL.as_bytes()
        );
    }

    #[test]
    fn moved_addresses_leave_to_and_cc_only() {
        let fixes = FixChanges {
            move_to_bcc: vec!["Yamada@Partner.co.jp".into(), "ito@other.jp".into()],
            ..FixChanges::default()
        };
        let out = String::from_utf8(apply(MAIL.as_bytes(), &fixes)).expect("utf8");
        assert_eq!(
            out,
            "From: a@sakura-sys.co.jp\r\nTo: tanaka@kaede.co.jp\r\nCc: =?UTF-8?B?5L2Q6Jek?= <sato@sakura-sys.co.jp>\r\nSubject: x\r\n\r\nTo: body line stays\r\n"
        );
        let all = FixChanges {
            move_to_bcc: vec![
                "yamada@partner.co.jp".into(),
                "tanaka@kaede.co.jp".into(),
                "sato@sakura-sys.co.jp".into(),
                "ito@other.jp".into(),
            ],
            ..FixChanges::default()
        };
        let out = String::from_utf8(apply(MAIL.as_bytes(), &all)).expect("utf8");
        assert!(out.contains("To: undisclosed-recipients:;\r\n"), "{out}");
        assert!(!out.contains("Cc:"), "{out}");
        assert!(
            out.ends_with("\r\n\r\nTo: body line stays\r\n"),
            "the body is not touched"
        );
    }

    #[test]
    fn a_replaced_recipient_changes_in_its_field_and_the_envelope() {
        let fixes = FixChanges {
            replace_recipients: vec![sendguard_nearmiss::Replacement {
                from: "Ito@Other.jp".into(),
                to: "ito@right.example".into(),
            }],
            ..FixChanges::default()
        };
        let out = String::from_utf8(apply(MAIL.as_bytes(), &fixes)).expect("utf8");
        assert!(
            out.contains(
                "Cc: =?UTF-8?B?5L2Q6Jek?= <sato@sakura-sys.co.jp>,\r\n ito@right.example\r\n"
            ),
            "{out}"
        );
        assert!(
            !out.contains("伊藤") && !out.contains("ito@other.jp"),
            "{out}"
        );
        assert!(
            out.starts_with("From: a@sakura-sys.co.jp\r\nTo: \"山田, 太郎\""),
            "To untouched"
        );
        let envelope = Envelope {
            mail_from: "a@sakura-sys.co.jp".into(),
            recipients: vec![
                "yamada@partner.co.jp".into(),
                "ito@other.jp".into(),
                "ito@right.example".into(),
            ],
            eight_bit: false,
            smtputf8: false,
        };
        let (fixed, _) = fix(MAIL.as_bytes(), &envelope, &fixes).expect("fixed");
        assert_eq!(
            fixed.recipients,
            ["yamada@partner.co.jp", "ito@right.example"],
            "replaced, and not twice"
        );
    }

    #[test]
    fn envelope_only_recipients_are_bcc() {
        let d = draft(
            MAIL.as_bytes(),
            &["tanaka@kaede.co.jp".into(), "boss@sakura-sys.co.jp".into()],
        );
        let bcc: Vec<&str> = d.bcc.iter().map(|m| m.address.as_str()).collect();
        assert_eq!(bcc, ["boss@sakura-sys.co.jp"]);
    }

    #[test]
    fn header_values_unfold() {
        assert_eq!(
            header_value(MAIL.as_bytes(), "to").as_deref(),
            Some("\"山田, 太郎\" <yamada@partner.co.jp>, tanaka@kaede.co.jp")
        );
        assert_eq!(header_value(MAIL.as_bytes(), "x-mailer"), None);
        assert_eq!(header_value(b"garbage without headers", "to"), None);
    }
}

/// Why an attachment cannot be taken out of the message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RemoveError {
    #[error(
        "署名・暗号化されたメールは中継では変更できません。メールソフトで添付を外して送り直してください (a signed or encrypted mail cannot be changed by the relay)"
    )]
    Signed,
    #[error(
        "添付ファイル「{0}」がメールの中に見つかりません。メールソフトで外して送り直してください (attachment not found in the message)"
    )]
    NotFound(String),
}

/// `raw` without the attachments named `names`: each is cut out of its multipart with
/// its boundary line, every other byte kept. Only parts of the message itself (not
/// inside an attached mail) are removed; a signed or encrypted message is refused,
/// since removing a part would break its signature.
pub fn remove_attachments(raw: &[u8], names: &[String]) -> Result<Vec<u8>, RemoveError> {
    use mail_parser::MimeHeaders;
    if names.is_empty() {
        return Ok(raw.to_vec());
    }
    let Some(message) = mail_parser::MessageParser::default().parse(raw) else {
        return Err(RemoveError::NotFound(names[0].clone()));
    };
    if let Some(ct) = message.root_part().content_type() {
        let full = format!(
            "{}/{}",
            ct.ctype().to_ascii_lowercase(),
            ct.subtype().unwrap_or_default().to_ascii_lowercase()
        );
        if matches!(
            full.as_str(),
            "multipart/signed"
                | "multipart/encrypted"
                | "application/pkcs7-mime"
                | "application/x-pkcs7-mime"
        ) {
            return Err(RemoveError::Signed);
        }
    }
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for name in names {
        // The first part of that name not cut yet: two attachments may share a name,
        // and removing both must remove both.
        let found = message.parts.iter().enumerate().find_map(|(id, part)| {
            (part.attachment_name() == Some(name.as_str()))
                .then(|| cut_of(&message, id, raw))
                .flatten()
                .filter(|cut| !cuts.contains(cut))
        });
        match found {
            Some(cut) => cuts.push(cut),
            None => return Err(RemoveError::NotFound(name.clone())),
        }
    }
    cuts.sort_unstable();
    let mut out = Vec::with_capacity(raw.len());
    let mut at = 0;
    for (start, end) in cuts {
        if start < at {
            continue;
        }
        out.extend_from_slice(&raw[at..start]);
        at = end;
    }
    out.extend_from_slice(&raw[at..]);
    Ok(out)
}

/// The bytes of part `id` with its boundary line: from its `--boundary` line to the
/// next one (which stays). `None` unless it sits directly in a multipart of `raw`.
fn cut_of(message: &mail_parser::Message<'_>, id: usize, raw: &[u8]) -> Option<(usize, usize)> {
    use mail_parser::MimeHeaders;
    let parent = message.parts.iter().find(|p| {
        p.sub_parts()
            .is_some_and(|subs| subs.contains(&(id as u32)))
    })?;
    let boundary = parent.content_type()?.attribute("boundary")?;
    let delimiter = format!("--{boundary}");
    let part = &message.parts[id];
    let header = part.offset_header as usize;
    if header > raw.len() {
        return None;
    }
    let start = find_last(&raw[..header], delimiter.as_bytes())?;
    let next = format!("\n{delimiter}");
    let end = find_first(&raw[header..], next.as_bytes())? + header + 1;
    Some((start, end))
}

fn find_first(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod removal_tests {
    use super::*;

    const MAIL: &str = "From: a@sakura-sys.co.jp\r\nTo: b@partner.co.jp\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\npreamble\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n本文です。\r\n--b1\r\nContent-Type: text/csv; name=\"meibo.csv\"\r\nContent-Disposition: attachment; filename=\"meibo.csv\"\r\n\r\nname,number\r\nyamada,1\r\n--b1\r\nContent-Type: application/pdf; name=\"mitsumori.pdf\"\r\nContent-Disposition: attachment; filename=\"mitsumori.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b1--\r\n";

    #[test]
    fn an_attachment_is_cut_out_with_its_boundary_and_nothing_else_changes() {
        let out = remove_attachments(MAIL.as_bytes(), &["meibo.csv".into()]).expect("removed");
        let text = String::from_utf8(out).expect("utf8");
        assert_eq!(
            text,
            MAIL.replace("--b1\r\nContent-Type: text/csv; name=\"meibo.csv\"\r\nContent-Disposition: attachment; filename=\"meibo.csv\"\r\n\r\nname,number\r\nyamada,1\r\n", "")
        );
        let parsed = mail_parser::MessageParser::default()
            .parse(text.as_bytes())
            .expect("parses");
        use mail_parser::MimeHeaders;
        let names: Vec<_> = parsed
            .attachments()
            .filter_map(|a| a.attachment_name())
            .collect();
        assert_eq!(names, ["mitsumori.pdf"]);
        let both = remove_attachments(
            MAIL.as_bytes(),
            &["meibo.csv".into(), "mitsumori.pdf".into()],
        )
        .expect("both");
        let text = String::from_utf8(both).expect("utf8");
        assert!(text.contains("本文です。\r\n--b1--\r\n"), "{text}");
    }

    #[test]
    fn two_attachments_of_one_name_are_both_removed() {
        let twice = MAIL.replace("mitsumori.pdf", "meibo.csv");
        let out = remove_attachments(twice.as_bytes(), &["meibo.csv".into(), "meibo.csv".into()])
            .expect("both");
        let text = String::from_utf8(out).expect("utf8");
        assert!(!text.contains("meibo.csv"), "{text}");
        assert!(
            remove_attachments(twice.as_bytes(), &vec!["meibo.csv".to_owned(); 3]).is_err(),
            "a third one is not there"
        );
    }

    #[test]
    fn a_missing_attachment_or_a_signed_mail_is_refused() {
        assert_eq!(
            remove_attachments(MAIL.as_bytes(), &["other.xlsx".into()]),
            Err(RemoveError::NotFound("other.xlsx".into()))
        );
        let signed = MAIL.replace(
            "multipart/mixed;",
            "multipart/signed; protocol=\"application/pkcs7-signature\";",
        );
        assert_eq!(
            remove_attachments(signed.as_bytes(), &["meibo.csv".into()]),
            Err(RemoveError::Signed)
        );
    }
}
