//! The check contract's output: findings, severities, the verdict and the report.
//!
//! These types serialise to exactly the JSON object in `spec/check-contract.md`; the CLI,
//! the send hook, the dialog and the near-miss log all read this one vocabulary.

use serde::{Deserialize, Serialize};

/// How much attention a finding needs. Ordered: `Info < Warning < Danger`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Shown, nothing to tick.
    Info,
    /// Must be ticked in the dialog.
    Warning,
    /// Must be ticked, shown first, and policy may block.
    Danger,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Danger => "danger",
        }
    }
}

/// What happens to the message as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Nothing needs confirmation: send without a dialog.
    Pass,
    /// Show the dialog; every warning and danger must be ticked.
    Confirm,
    /// Policy forbids sending as it is.
    Block,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Confirm => "confirm",
            Verdict::Block => "block",
        }
    }
}

/// The stable IDs of the checks (`check` in the contract).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckId {
    ExternalRecipient,
    BccSuggested,
    PersonalData,
    Attachment,
    EncryptedAttachment,
    MissingAttachment,
    ConfidentialKeyword,
    LookalikeDomain,
    FreemailRecipient,
    DisplayNameSpoof,
    ReplyRedirected,
    NewDomainOnReply,
    ParseWarning,
}

impl CheckId {
    pub const ALL: [CheckId; 13] = [
        CheckId::ExternalRecipient,
        CheckId::BccSuggested,
        CheckId::PersonalData,
        CheckId::Attachment,
        CheckId::EncryptedAttachment,
        CheckId::MissingAttachment,
        CheckId::ConfidentialKeyword,
        CheckId::LookalikeDomain,
        CheckId::FreemailRecipient,
        CheckId::DisplayNameSpoof,
        CheckId::ReplyRedirected,
        CheckId::NewDomainOnReply,
        CheckId::ParseWarning,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CheckId::ExternalRecipient => "external_recipient",
            CheckId::BccSuggested => "bcc_suggested",
            CheckId::PersonalData => "personal_data",
            CheckId::Attachment => "attachment",
            CheckId::EncryptedAttachment => "encrypted_attachment",
            CheckId::MissingAttachment => "missing_attachment",
            CheckId::ConfidentialKeyword => "confidential_keyword",
            CheckId::LookalikeDomain => "lookalike_domain",
            CheckId::FreemailRecipient => "freemail_recipient",
            CheckId::DisplayNameSpoof => "display_name_spoof",
            CheckId::ReplyRedirected => "reply_redirected",
            CheckId::NewDomainOnReply => "new_domain_on_reply",
            CheckId::ParseWarning => "parse_warning",
        }
    }

    pub fn from_name(name: &str) -> Option<CheckId> {
        CheckId::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

/// One thing a careful colleague would point out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub check: CheckId,
    /// For `personal_data`, the personal-data type (`my_number`, …).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    pub severity: Severity,
    /// `subject`, `body`, `to`, `cc`, `bcc`, `from` or `attachment:<name>`.
    pub location: String,
    /// How many occurrences (records, for tabular personal data) this finding stands for.
    pub count: u64,
    /// A masked excerpt; never a full personal-data value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// What to tell the person, in business Japanese.
    pub message: String,
    /// The address or attachment the finding is about, when there is one, so the dialog
    /// can tie a tick box to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_of: Option<String>,
    /// True when policy blocks sending because of this finding.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub blocked: bool,
}

/// A recipient as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecipientReport {
    pub address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub field: crate::draft::Field,
    pub domain: String,
    pub external: bool,
    /// True for a free-mail / personal domain.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub freemail: bool,
}

/// An attachment as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentReport {
    pub name: String,
    pub size: u64,
    pub content_type: String,
}

/// The contract's JSON object: one per checked message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub source: String,
    pub subject: String,
    pub verdict: Verdict,
    pub recipients: Vec<RecipientReport>,
    pub attachments: Vec<AttachmentReport>,
    pub findings: Vec<Finding>,
}

impl Report {
    /// The highest severity among the findings, if any.
    pub fn max_severity(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}
