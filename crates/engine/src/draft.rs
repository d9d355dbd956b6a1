//! The engine's model of an outgoing message.
//!
//! A [`Draft`] is what a careful colleague would look at before a mail goes out: who it
//! goes to, what it says and what is attached. It is built from RFC 5322 bytes
//! ([`crate::mime::parse_eml`]) or directly from JSON, as the send hook receives it from a
//! mail client's add-in. Everything downstream (checks, dialog, near-miss log) works on
//! this one model, so it carries only decoded, human-readable values.

use serde::{Deserialize, Serialize};

/// One address with its optional display name, as the person typed or picked it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mailbox {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub address: String,
}

impl Mailbox {
    pub fn new(name: Option<&str>, address: &str) -> Mailbox {
        Mailbox {
            name: name.map(str::to_owned).filter(|n| !n.trim().is_empty()),
            address: address.to_owned(),
        }
    }

    /// The domain part, lower-cased (empty when the address has no `@`).
    pub fn domain(&self) -> String {
        domain_of(&self.address)
    }
}

/// The lower-cased domain of an address, or an empty string.
pub fn domain_of(address: &str) -> String {
    match address.rsplit_once('@') {
        Some((_, domain)) => domain.trim().trim_end_matches('.').to_lowercase(),
        None => String::new(),
    }
}

/// The recipient header an address sits in.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    ts_rs::TS,
    strum::IntoStaticStr,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Field {
    To,
    Cc,
    Bcc,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// An attached file (or an attached message) with its raw bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub name: String,
    pub content_type: String,
    pub size: u64,
    /// The decoded content. Not serialised: reports list attachments, never their bytes.
    #[serde(skip)]
    pub data: Vec<u8>,
}

/// How the draft came about; replies and forwards enable the reply checks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ComposeType {
    #[default]
    New,
    Reply,
    Forward,
}

/// The message being answered or forwarded, as the mail client knows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyContext {
    #[serde(default)]
    pub from: Option<Mailbox>,
    #[serde(default)]
    pub reply_to: Vec<Mailbox>,
    #[serde(default)]
    pub to: Vec<Mailbox>,
    #[serde(default)]
    pub cc: Vec<Mailbox>,
}

/// An outgoing message, decoded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
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
    /// The text body; for an HTML-only mail, the HTML turned into text.
    #[serde(default)]
    pub body_text: String,
    #[serde(default)]
    pub body_html: Option<String>,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    #[serde(default)]
    pub compose_type: ComposeType,
    #[serde(default)]
    pub in_reply_to: Option<ReplyContext>,
    /// What was wrong with the message as received (each becomes a `parse_warning`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parse_problems: Vec<String>,
}

impl Draft {
    /// The draft of a whole RFC 5322 message (what `Engine::check_eml` checks). Never
    /// fails: what was wrong with the message is in `parse_problems`.
    pub fn from_eml(raw: &[u8]) -> Draft {
        crate::mime::parse_eml(raw)
    }

    /// Every recipient with the field it sits in, in header order (To, Cc, Bcc).
    pub fn recipients(&self) -> impl Iterator<Item = (Field, &Mailbox)> {
        self.to
            .iter()
            .map(|m| (Field::To, m))
            .chain(self.cc.iter().map(|m| (Field::Cc, m)))
            .chain(self.bcc.iter().map(|m| (Field::Bcc, m)))
    }

    /// The text a person reads: the text body, or the HTML converted when there is none.
    pub fn readable_body(&self) -> std::borrow::Cow<'_, str> {
        if self.body_text.trim().is_empty()
            && let Some(html) = &self.body_html
        {
            return std::borrow::Cow::Owned(crate::mime::html::html_to_text(html));
        }
        std::borrow::Cow::Borrowed(&self.body_text)
    }
}

/// A header value made safe to show: control characters (which could rewrite a terminal
/// or forge a line of a report) become spaces, and bidirectional overrides (which can
/// make `gpj.exe` read as `exe.jpg`) become U+FFFD so the trick stays visible.
pub fn clean_display(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => '\u{fffd}',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_values_are_cleaned() {
        assert_eq!(
            clean_display("件名\n判定: pass\x1b[8m"),
            "件名 判定: pass [8m"
        );
        assert_eq!(
            clean_display("invoice\u{202e}fdp.exe"),
            "invoice\u{fffd}fdp.exe"
        );
        assert_eq!(clean_display("普通の件名"), "普通の件名");
    }
}
