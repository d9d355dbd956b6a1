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
}

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
