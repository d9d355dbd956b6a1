//! The check contract's output: findings, severities, the verdict and the report.
//!
//! These types serialise to exactly the JSON object in `docs/check-contract.md`; the CLI,
//! the send hook, the dialog and the near-miss log all read this one vocabulary. Inside
//! Rust every part of a finding is typed (a [`CheckId`], a [`FindingType`], a
//! [`Location`], the record's items, an attachment's notes), so no reader parses the
//! engine's prose; on the wire the contract's string fields stay as they always were and
//! the structured parts travel beside them ([`FindingJson`]). The UI's TypeScript types
//! are generated from these definitions (`ts-rs`), so the screens cannot drift from them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::draft::Field;
pub use crate::pii::PiiType;

/// How much attention a finding needs. Ordered: `Info < Warning < Danger`.
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
    TS,
    strum::IntoStaticStr,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Severity {
    /// Shown, nothing to tick.
    Info,
    /// Must be ticked in the dialog.
    Warning,
    /// Must be ticked, shown first, and policy may block.
    Danger,
}

/// What happens to the message as a whole.
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
    TS,
    strum::IntoStaticStr,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Verdict {
    /// Nothing needs confirmation: send without a dialog.
    Pass,
    /// Show the dialog; every warning and danger must be ticked.
    Confirm,
    /// Policy forbids sending as it is.
    Block,
}

/// The stable IDs of the checks (`check` in the contract).
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
    TS,
    strum::IntoStaticStr,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
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
    RecipientMismatch,
    AttachmentForOtherParty,
    UnusualRecipient,
    FirstTimeRecipient,
}

/// The contract code of an enum (`"personal_data"`, `"danger"`, `"my_number"`…) and back.
/// One mapping for every enum of the contract: the JSON, the near-miss log's columns and
/// the CLI's filters all go through it.
pub trait Code:
    Sized + Copy + Into<&'static str> + std::str::FromStr + strum::IntoEnumIterator
{
    /// The contract code.
    fn code(self) -> &'static str {
        self.into()
    }

    /// The value with contract code `code`.
    fn from_code(code: &str) -> Option<Self> {
        code.parse().ok()
    }

    /// Every value, in declaration order.
    fn all() -> Vec<Self> {
        Self::iter().collect()
    }
}

impl Code for Severity {}
impl Code for Verdict {}
impl Code for CheckId {}
impl Code for PiiType {}
impl Code for Field {}

impl Severity {
    pub fn as_str(self) -> &'static str {
        self.code()
    }
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        self.code()
    }

    /// The label shown to people (the CSV export, the review screens).
    pub fn label_ja(self) -> &'static str {
        match self {
            Verdict::Pass => "問題なし",
            Verdict::Confirm => "要確認",
            Verdict::Block => "送信禁止",
        }
    }
}

impl CheckId {
    pub fn as_str(self) -> &'static str {
        self.code()
    }

    pub fn from_name(name: &str) -> Option<CheckId> {
        CheckId::from_code(name)
    }
}

/// What a `personal_data` finding is about (`type` in the contract): one personal-data
/// type, or `record` for one or more people's records (several items about one person).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FindingType {
    Pii(PiiType),
    Record,
}

impl FindingType {
    /// The contract code: the type's (`my_number`) or `record`.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingType::Pii(t) => t.code(),
            FindingType::Record => "record",
        }
    }

    pub fn from_name(name: &str) -> Option<FindingType> {
        match name {
            "record" => Some(FindingType::Record),
            other => PiiType::from_code(other).map(FindingType::Pii),
        }
    }
}

impl std::fmt::Display for FindingType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for FindingType {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for FindingType {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        FindingType::from_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown finding type `{name}`")))
    }
}

/// Where in the message a finding is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Location {
    Subject,
    Body,
    From,
    /// A recipient header.
    Recipients(Field),
    /// The message as a whole (its structure, a missing attachment).
    Message,
    /// An attached file: its name, then each archive member or attached mail's
    /// attachment inside it, outermost first. A name may itself hold `/`.
    Attachment(Vec<String>),
}

impl Location {
    /// An attachment location from the outermost name inward.
    pub fn attachment<I, S>(names: I) -> Location
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Location::Attachment(names.into_iter().map(Into::into).collect())
    }

    /// The names of an attachment location, outermost first.
    pub fn attachment_path(&self) -> Option<&[String]> {
        match self {
            Location::Attachment(path) => Some(path),
            _ => None,
        }
    }

    /// The contract string: `subject`, `body`, `from`, `to`, `cc`, `bcc`, `message`, or
    /// `attachment:<names joined with />`.
    pub fn to_contract(&self) -> String {
        match self {
            Location::Subject => "subject".into(),
            Location::Body => "body".into(),
            Location::From => "from".into(),
            Location::Recipients(field) => field.code().into(),
            Location::Message => "message".into(),
            Location::Attachment(path) => format!("attachment:{}", path.join("/")),
        }
    }

    /// Read the contract string back. `path` (the contract's `attachment_path`) is the
    /// exact form of an attachment location; without it (a log written before the
    /// field existed) the joined path is kept as one name, since a member's own name
    /// may hold `/` and a guessed split would invent folders.
    pub fn from_contract(location: &str, path: Option<Vec<String>>) -> Option<Location> {
        Some(match location {
            "subject" => Location::Subject,
            "body" => Location::Body,
            "from" => Location::From,
            "message" => Location::Message,
            other => {
                if let Some(joined) = other.strip_prefix("attachment:") {
                    Location::Attachment(path.unwrap_or_else(|| vec![joined.to_owned()]))
                } else {
                    Location::Recipients(Field::from_code(other)?)
                }
            }
        })
    }

    /// Apply `f` to every name of an attachment location (the log redacts them).
    pub fn map_names(&self, f: impl Fn(&str) -> String) -> Location {
        match self {
            Location::Attachment(path) => Location::Attachment(path.iter().map(|n| f(n)).collect()),
            other => other.clone(),
        }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_contract())
    }
}

impl From<Field> for Location {
    fn from(field: Field) -> Location {
        Location::Recipients(field)
    }
}

/// One thing a careful colleague would point out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "FindingJson", try_from = "FindingJson")]
pub struct Finding {
    pub check: CheckId,
    /// For `personal_data`, the personal-data type or `record`.
    pub kind: Option<FindingType>,
    pub severity: Severity,
    pub location: Location,
    /// How many occurrences (records, for tabular personal data) this finding stands for.
    pub count: u64,
    /// A masked excerpt; never a full personal-data value.
    pub evidence: Option<String>,
    /// What to tell the person, in business Japanese.
    pub message: String,
    /// The address or attachment the finding is about, when there is one, so the dialog
    /// can tie a tick box to it.
    pub subject_of: Option<String>,
    /// True when policy blocks sending because of this finding.
    pub blocked: bool,
    /// For a `record` finding, the kinds of item its records hold, in the order they
    /// are named (氏名, 住所, 電話番号, …).
    pub items: Vec<PiiType>,
    /// For an `attachment` finding, the remarks beyond the file's name and size, each a
    /// whole sentence (why the name looks like a list of people, why it was not read).
    pub notes: Vec<String>,
    /// For a history finding, the address the history knows for the party the mail
    /// names (the dialog's one-click 「宛先を … に替える」).
    pub suggestion: Option<String>,
    /// For a history finding, the evidence side by side: what the mail names, the
    /// recipient, the suggested address, each with what the history knows of it.
    pub parties: Vec<Party>,
}

/// What a party of a history finding is in the comparison.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    TS,
    strum::IntoStaticStr,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum PartyRole {
    /// What the mail's 宛名 block (or an attachment's name) names.
    Named,
    /// A recipient of the draft.
    Recipient,
    /// The address the history suggests instead.
    Suggestion,
}

impl Code for PartyRole {}

/// One side of a history finding's comparison (「宛名: 楓商事 田中様」 vs 「宛先:
/// tanaka@hikari-tech.co.jp — ひかりテック宛てに 8 回」).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Party {
    pub role: PartyRole,
    /// The 宛名 as written, an address, or a file name.
    pub text: String,
    /// The organisation names the history knows the address (or domain) by; for a named
    /// party, the organisation it names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<String>>")]
    pub known_as: Vec<String>,
    /// Learned sends to the address (0: never sent to).
    #[serde(default)]
    #[ts(type = "number")]
    pub sends: u64,
}

/// A finding as the contract's JSON object: the typed parts as their codes, the
/// location both as the contract string and, for attachments, as a list of names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "Finding")]
pub struct FindingJson {
    pub check: CheckId,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "PiiType | \"record\"")]
    pub kind: Option<FindingType>,
    pub severity: Severity,
    pub location: String,
    /// The exact names of an attachment location, outermost first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub attachment_path: Option<Vec<String>>,
    #[ts(type = "number")]
    pub count: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub evidence: Option<String>,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub subject_of: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(optional, as = "Option<bool>")]
    pub blocked: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<PiiType>>")]
    pub items: Vec<PiiType>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<String>>")]
    pub notes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub suggestion: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<Party>>")]
    pub parties: Vec<Party>,
}

impl From<Finding> for FindingJson {
    fn from(f: Finding) -> FindingJson {
        FindingJson {
            check: f.check,
            kind: f.kind,
            severity: f.severity,
            location: f.location.to_contract(),
            attachment_path: f.location.attachment_path().map(<[String]>::to_vec),
            count: f.count,
            evidence: f.evidence,
            message: f.message,
            subject_of: f.subject_of,
            blocked: f.blocked,
            items: f.items,
            notes: f.notes,
            suggestion: f.suggestion,
            parties: f.parties,
        }
    }
}

impl TryFrom<FindingJson> for Finding {
    type Error = String;

    fn try_from(f: FindingJson) -> Result<Finding, String> {
        let location = Location::from_contract(&f.location, f.attachment_path)
            .ok_or_else(|| format!("unknown location `{}`", f.location))?;
        Ok(Finding {
            check: f.check,
            kind: f.kind,
            severity: f.severity,
            location,
            count: f.count,
            evidence: f.evidence,
            message: f.message,
            subject_of: f.subject_of,
            blocked: f.blocked,
            items: f.items,
            notes: f.notes,
            suggestion: f.suggestion,
            parties: f.parties,
        })
    }
}

/// A recipient as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "Recipient")]
pub struct RecipientReport {
    pub address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub name: Option<String>,
    pub field: Field,
    pub domain: String,
    pub external: bool,
    /// True for a free-mail / personal domain.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(optional, as = "Option<bool>")]
    pub freemail: bool,
    /// The company the display name names (「ABC商事 中島 様」 → ABC商事), when it
    /// obviously names one (policy lists `corporate-markers.txt`, `company-words.txt`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub company: Option<String>,
}

/// An attachment as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "Attachment")]
pub struct AttachmentReport {
    pub name: String,
    #[ts(type = "number")]
    pub size: u64,
    pub content_type: String,
}

/// The contract's JSON object: one per checked message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Report {
    pub source: String,
    pub subject: String,
    pub verdict: Verdict,
    pub recipients: Vec<RecipientReport>,
    pub attachments: Vec<AttachmentReport>,
    #[ts(as = "Vec<FindingJson>")]
    pub findings: Vec<Finding>,
}

impl Report {
    /// The highest severity among the findings, if any.
    pub fn max_severity(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_match_serde() {
        for check in CheckId::all() {
            assert_eq!(CheckId::from_code(check.code()), Some(check));
            assert_eq!(
                serde_json::to_value(check).unwrap_or_default(),
                serde_json::Value::from(check.code())
            );
        }
        for t in PiiType::all() {
            assert_eq!(
                serde_json::to_value(t).unwrap_or_default(),
                serde_json::Value::from(t.code())
            );
        }
        assert_eq!(FindingType::from_name("record"), Some(FindingType::Record));
        assert_eq!(CheckId::from_code("nope"), None);
    }

    #[test]
    fn an_attachment_path_with_slashes_survives_the_wire() {
        let finding = Finding {
            check: CheckId::PersonalData,
            kind: Some(FindingType::Record),
            severity: Severity::Danger,
            location: Location::attachment(["名簿.zip", "2024/03 一覧.csv"]),
            count: 2,
            evidence: None,
            message: "添付ファイル …".into(),
            subject_of: None,
            blocked: false,
            items: vec![PiiType::PersonName, PiiType::Address],
            notes: vec![],
            suggestion: None,
            parties: vec![],
        };
        let json = serde_json::to_value(&finding).unwrap_or_default();
        assert_eq!(json["location"], "attachment:名簿.zip/2024/03 一覧.csv");
        assert_eq!(
            json["attachment_path"],
            serde_json::json!(["名簿.zip", "2024/03 一覧.csv"])
        );
        assert_eq!(json["items"], serde_json::json!(["person_name", "address"]));
        assert!(json.get("notes").is_none(), "empty lists stay off the wire");
        let back: Finding = serde_json::from_value(json).expect("reads back");
        assert_eq!(back, finding);
    }

    #[test]
    fn an_old_location_without_a_path_keeps_its_joined_name() {
        let old = Location::from_contract("attachment:a.zip/2024/03.csv", None);
        assert_eq!(old, Some(Location::attachment(["a.zip/2024/03.csv"])));
        assert_eq!(
            old.map(|l| l.to_contract()).as_deref(),
            Some("attachment:a.zip/2024/03.csv"),
            "written back exactly as it was read"
        );
        assert_eq!(
            Location::from_contract("cc", None),
            Some(Location::Recipients(Field::Cc))
        );
        assert_eq!(Location::from_contract("elsewhere", None), None);
    }
}
