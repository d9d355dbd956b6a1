//! The JSON of API v1 (`docs/hook-api.md`): what an add-in sends and what it gets back.

use base64::Engine as _;
use sendguard_engine::{Attachment, ComposeType, Draft, Mailbox, ReplyContext, Report};
use serde::{Deserialize, Serialize};

/// `POST /v1/checks`: the draft as the mail client holds it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckRequest {
    #[serde(default)]
    pub from: Option<Mailbox>,
    #[serde(default)]
    pub to: Vec<Mailbox>,
    #[serde(default)]
    pub cc: Vec<Mailbox>,
    #[serde(default)]
    pub bcc: Vec<Mailbox>,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub body_text: String,
    #[serde(default)]
    pub body_html: Option<String>,
    #[serde(default)]
    pub attachments: Vec<WireAttachment>,
    #[serde(default)]
    pub compose_type: ComposeType,
    /// The message answered (replies), so spoofed-reply checks see it.
    #[serde(default)]
    pub in_reply_to: Option<ReplyContext>,
    /// The client, e.g. `thunderbird/128.5`.
    #[serde(default)]
    pub client: Option<String>,
    /// The changes the client can apply besides the original three, e.g.
    /// `replace_recipients`: the dialog offers a fix only to a client that applies it.
    #[serde(default)]
    pub capabilities: Vec<String>,
}

/// The capability of a client that applies `changes.replace_recipients`.
pub const REPLACE_RECIPIENTS: &str = "replace_recipients";

/// An attachment with its content in base64.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireAttachment {
    pub name: String,
    #[serde(default)]
    pub content_type: Option<String>,
    pub content_base64: String,
}

impl CheckRequest {
    /// The engine's draft; an attachment whose base64 is broken is the only error.
    pub fn into_draft(self) -> Result<(Draft, Option<String>), String> {
        let mut attachments = Vec::with_capacity(self.attachments.len());
        for a in self.attachments {
            let data = base64::engine::general_purpose::STANDARD
                .decode(a.content_base64.as_bytes())
                .map_err(|e| format!("attachments: \"{}\": invalid base64 ({e})", a.name))?;
            attachments.push(Attachment {
                size: data.len() as u64,
                content_type: a
                    .content_type
                    .unwrap_or_else(|| "application/octet-stream".to_owned()),
                name: a.name,
                data,
            });
        }
        let draft = Draft {
            from: self.from,
            to: self.to,
            cc: self.cc,
            bcc: self.bcc,
            subject: self.subject,
            body_text: self.body_text,
            body_html: self.body_html,
            attachments,
            compose_type: self.compose_type,
            in_reply_to: self.in_reply_to,
            ..Draft::default()
        };
        Ok((draft, self.client))
    }
}

/// What the person chose to change, for the add-in to apply before sending.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(rename = "Changes")]
pub struct FixChanges {
    /// Addresses to move from To/Cc to Bcc.
    #[serde(default)]
    pub move_to_bcc: Vec<String>,
    /// Addresses to remove.
    #[serde(default)]
    pub remove_recipients: Vec<String>,
    /// Attachments to remove, by file name as the request gave it.
    #[serde(default)]
    pub remove_attachments: Vec<String>,
    /// Recipients to replace (the history's suggestion): `from` leaves every field it
    /// is in, `to` takes its place. Sent only to a client that declared
    /// `replace_recipients`.
    #[serde(default)]
    pub replace_recipients: Vec<sendguard_nearmiss::Replacement>,
}

impl FixChanges {
    /// True when the changes change nothing.
    pub fn is_empty(&self) -> bool {
        self.move_to_bcc.is_empty()
            && self.remove_recipients.is_empty()
            && self.remove_attachments.is_empty()
            && self.replace_recipients.is_empty()
    }

    /// The draft as it is sent after these changes (what the history learns).
    pub fn apply_to_draft(&self, draft: &mut Draft) {
        // Every change names addresses as the request gave them, so removals and moves
        // come before the replacements that change those addresses.
        let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
        for field in [&mut draft.to, &mut draft.cc, &mut draft.bcc] {
            field.retain(|m| !self.remove_recipients.iter().any(|r| same(r, &m.address)));
        }
        let mut moved: Vec<Mailbox> = Vec::new();
        for field in [&mut draft.to, &mut draft.cc] {
            field.retain(|m| {
                let moves = self.move_to_bcc.iter().any(|a| same(a, &m.address));
                if moves {
                    moved.push(m.clone());
                }
                !moves
            });
        }
        draft.bcc.extend(moved);
        for field in [&mut draft.to, &mut draft.cc, &mut draft.bcc] {
            for m in field.iter_mut() {
                if let Some(r) = self
                    .replace_recipients
                    .iter()
                    .find(|r| same(&r.from, &m.address))
                {
                    m.address = r.to.trim().to_owned();
                    m.name = None;
                }
            }
        }
        draft
            .attachments
            .retain(|a| !self.remove_attachments.contains(&a.name));
    }
}

/// The answer to a check.
#[derive(Debug, Serialize)]
pub struct CheckResponse {
    /// The contract's report.
    pub check: Report,
    /// `send` or `cancel`.
    pub decision: &'static str,
    pub changes: FixChanges,
    /// True when sendguard already told the person (its dialog, or a notification that
    /// policy blocked the mail); the add-in then shows nothing more.
    pub told_person: bool,
    /// The near-miss log event, when the log is on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_id: Option<uuid::Uuid>,
}

/// `POST /v1/history/learn`: sent messages to learn, in batches.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LearnRequest {
    /// Whole RFC 5322 messages, each in base64.
    pub messages: Vec<String>,
    /// The person's own addresses (their identities); without them, the most frequent
    /// From of the batch.
    #[serde(default)]
    pub me: Vec<String>,
}

impl LearnRequest {
    /// The messages' bytes; a broken base64 names its index.
    pub fn decode_messages(&self) -> Result<Vec<Vec<u8>>, String> {
        self.messages
            .iter()
            .enumerate()
            .map(|(i, m)| {
                base64::engine::general_purpose::STANDARD
                    .decode(m.as_bytes())
                    .map_err(|e| format!("messages[{i}]: invalid base64 ({e})"))
            })
            .collect()
    }
}

/// The answer to a learning batch.
#[derive(Debug, Serialize)]
pub struct LearnResponse {
    pub read: u64,
    pub learned: u64,
    pub skipped_not_me: u64,
    pub skipped_seen: u64,
    pub unreadable: u64,
}

impl From<sendguard_history::LearnSummary> for LearnResponse {
    fn from(s: sendguard_history::LearnSummary) -> LearnResponse {
        LearnResponse {
            read: s.read,
            learned: s.learned,
            skipped_not_me: s.skipped_not_me,
            skipped_seen: s.skipped_seen,
            unreadable: s.unreadable,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sendguard_nearmiss::Replacement;

    #[test]
    fn changes_apply_to_the_addresses_the_request_gave() {
        let mut draft = Draft {
            to: vec![Mailbox::new(
                Some("田中 太郎"),
                "T.Tanaka@hikari-tech.co.jp",
            )],
            cc: vec![
                Mailbox::new(None, "a@other.jp"),
                Mailbox::new(None, "b@other.jp"),
            ],
            ..Draft::default()
        };
        let changes = FixChanges {
            move_to_bcc: vec!["a@other.jp".into()],
            remove_recipients: vec!["b@other.jp".into()],
            replace_recipients: vec![Replacement {
                from: "t.tanaka@hikari-tech.co.jp".into(),
                to: "tanaka@kaede-shoji.co.jp".into(),
            }],
            ..FixChanges::default()
        };
        changes.apply_to_draft(&mut draft);
        assert_eq!(draft.to.len(), 1);
        assert_eq!(draft.to[0].address, "tanaka@kaede-shoji.co.jp");
        assert_eq!(draft.to[0].name, None, "the wrong person's name goes");
        assert!(draft.cc.is_empty());
        assert_eq!(draft.bcc.len(), 1);
        assert_eq!(draft.bcc[0].address, "a@other.jp");
    }
}
