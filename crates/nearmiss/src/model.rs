//! What the log stores, and the only ways to build it from live data.
//!
//! Why the constructors are the interesting part: the engine's [`Report`] carries full
//! addresses, display names, the raw subject and attachment names, because the dialog
//! needs them. The log must not become a second copy of that data (DESIGN.md), so an
//! [`EventRecord`] can only be made by [`EventRecord::from_report`], which masks and
//! redacts every field on the way in. A caller has no way to hand the log a raw value.
//! Manual reports are typed by people and may name people, so they go through the same
//! redactor ([`ManualReport::new`]).

use crate::Error;
use jiff::Timestamp;
use sendguard_engine::mask::mask_email;
use sendguard_engine::{Field, Finding, Redactor, Report, Verdict};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// What the person did after the check.
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
#[ts(rename = "DecisionCode")]
pub enum Decision {
    /// Sent as it was.
    Sent,
    /// Changed something in the dialog (recipients, Bcc, attachments), then sent.
    SentAfterFix,
    /// Closed the dialog without sending.
    Cancelled,
    /// Policy blocked the message.
    Blocked,
    /// The dialog timed out; nothing was sent.
    TimedOut,
    /// Only checked (CLI `check`, no send involved).
    Checked,
    /// Let go, then taken back from the SMTP relay's hold queue before it left the PC.
    Recalled,
}

impl Decision {
    /// The stable code stored in the database and used on the command line.
    pub fn code(self) -> &'static str {
        self.into()
    }

    /// The label shown to people.
    pub fn label_ja(self) -> &'static str {
        match self {
            Decision::Sent => "送信",
            Decision::SentAfterFix => "修正して送信",
            Decision::Cancelled => "送信中止",
            Decision::Blocked => "ブロック",
            Decision::TimedOut => "時間切れ",
            Decision::Checked => "チェックのみ",
            Decision::Recalled => "保留中に取り消し",
        }
    }

    /// A decision that counts as a near-miss: the person (or policy) stopped or fixed
    /// the message, or took it back from the hold queue.
    pub fn is_near_miss(self) -> bool {
        matches!(
            self,
            Decision::Cancelled | Decision::SentAfterFix | Decision::Blocked | Decision::Recalled
        )
    }

    /// Did the person look again (the dialog, a policy block, or the hold queue they
    /// took the mail back from)? The near-miss rate's denominator.
    pub fn showed_dialog(self, verdict: Verdict) -> bool {
        self == Decision::Recalled || (verdict != Verdict::Pass && self != Decision::Checked)
    }

    /// Parse a code or a Japanese label.
    pub fn parse(s: &str) -> Result<Decision, Error> {
        let s = s.trim();
        <Decision as strum::IntoEnumIterator>::iter()
            .find(|d| d.code() == s || d.label_ja() == s)
            .ok_or_else(|| Error::UnknownDecision(s.to_owned()))
    }
}

/// Review progress of a logged item: 未確認 → 確認済 → 対策済.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
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
pub enum ReviewStatus {
    /// 未確認: nobody has looked at it yet.
    #[default]
    Unreviewed,
    /// 確認済: a team lead has looked at it.
    Reviewed,
    /// 対策済: a countermeasure is in place.
    Resolved,
}

impl ReviewStatus {
    /// The stable code stored in the database and used on the command line.
    pub fn code(self) -> &'static str {
        self.into()
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            ReviewStatus::Unreviewed => "未確認",
            ReviewStatus::Reviewed => "確認済",
            ReviewStatus::Resolved => "対策済",
        }
    }

    /// Parse a code or a Japanese label; anything else is [`Error::UnknownStatus`].
    pub fn parse(s: &str) -> Result<ReviewStatus, Error> {
        let s = s.trim();
        <ReviewStatus as strum::IntoEnumIterator>::iter()
            .find(|v| v.code() == s || v.label_ja() == s)
            .ok_or_else(|| Error::UnknownStatus(s.to_owned()))
    }
}

/// The kind of a near-miss reported by hand.
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
pub enum Category {
    /// メール誤送信
    Mail,
    /// FAX誤送信
    Fax,
    /// 紛失・置き忘れ
    Loss,
    /// 誤廃棄
    Disposal,
    /// 誤交付
    Handover,
    /// その他
    Other,
}

impl Category {
    /// The stable code stored in the database and used on the command line.
    pub fn code(self) -> &'static str {
        self.into()
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Category::Mail => "メール誤送信",
            Category::Fax => "FAX誤送信",
            Category::Loss => "紛失・置き忘れ",
            Category::Disposal => "誤廃棄",
            Category::Handover => "誤交付",
            Category::Other => "その他",
        }
    }

    /// Parse a code or a Japanese label.
    pub fn parse(s: &str) -> Result<Category, Error> {
        let s = s.trim();
        <Category as strum::IntoEnumIterator>::iter()
            .find(|c| c.code() == s || c.label_ja() == s)
            .ok_or_else(|| Error::UnknownCategory(s.to_owned()))
    }
}

/// What the person changed in the dialog, as the caller knows it (raw values; they are
/// masked by [`EventRecord::from_report`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Addresses moved from To/Cc to Bcc.
    pub moved_to_bcc: Vec<String>,
    /// Addresses removed from the message.
    pub removed_recipients: Vec<String>,
    /// Names of attachments removed from the message.
    pub removed_attachments: Vec<String>,
    /// Recipients replaced by the address the history suggested.
    pub replaced_recipients: Vec<Replacement>,
}

/// One recipient replaced by another (the dialog's 「宛先を … に替えて送信」).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Replacement {
    pub from: String,
    pub to: String,
}

/// Who, where and what happened, besides the report itself.
#[derive(Debug, Clone, PartialEq)]
pub struct EventMeta {
    pub time: Timestamp,
    pub user: String,
    pub machine: String,
    /// The client that asked, e.g. `thunderbird/128.5` or `cli`.
    pub client: String,
    pub decision: Decision,
    /// Seconds the dialog was open, when one was shown.
    pub dialog_seconds: Option<f64>,
    pub changes: Changes,
}

/// The changes as stored: masked addresses and redacted file names.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct StoredChanges {
    /// Masked addresses moved to Bcc (their count is the length).
    pub moved_to_bcc: Vec<String>,
    pub removed_recipients: Vec<String>,
    pub removed_attachments: Vec<String>,
    /// Replaced recipients, both addresses masked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<Replacement>>")]
    pub replaced_recipients: Vec<Replacement>,
}

/// A recipient as stored: the address masked, the display name dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StoredRecipient {
    pub address: String,
    pub domain: String,
    pub field: Field,
    pub external: bool,
    pub freemail: bool,
}

/// An attachment as stored: the name redacted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StoredAttachment {
    pub name: String,
    #[ts(type = "number")]
    pub size: u64,
    pub content_type: String,
}

/// The review of one logged item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Review {
    pub status: ReviewStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reviewer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub comment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub countermeasure: Option<String>,
    #[ts(type = "string")]
    pub reviewed_at: Timestamp,
}

/// A change of review; `None` fields clear the stored value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewUpdate {
    pub status: ReviewStatus,
    pub reviewer: Option<String>,
    pub comment: Option<String>,
    pub countermeasure: Option<String>,
}

/// One near-miss event, masked and ready to store. Build it with
/// [`EventRecord::from_report`]; there is no other way.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRecord {
    pub(crate) event: LoggedEvent,
}

impl EventRecord {
    /// Mask and redact everything the log keeps from `report` and `meta`.
    ///
    /// Recipients keep a masked address, their domain and flags (display names are
    /// dropped); the subject, the source, attachment names, finding messages and
    /// locations pass through the redactor; evidence is already masked by the engine and
    /// is redacted again in case a raw value slipped into it. A fresh UUID is assigned.
    pub fn from_report(report: &Report, redactor: &Redactor, meta: EventMeta) -> EventRecord {
        // Raw values the report knows, paired with their safe forms, so free text that
        // quotes them (a finding message naming the attachment) can be scrubbed exactly.
        let mut known: Vec<(String, String)> = Vec::new();
        for r in &report.recipients {
            known.push((r.address.clone(), mask_email(&r.address)));
            if let Some(name) = r.name.as_deref().filter(|n| !n.trim().is_empty()) {
                known.push((name.to_owned(), file_name(redactor, name)));
            }
        }
        for a in &report.attachments {
            known.push((a.name.clone(), file_name(redactor, &a.name)));
        }
        // Addresses a history finding names that are not recipients (the suggestion).
        for f in &report.findings {
            for address in f
                .suggestion
                .iter()
                .chain(f.parties.iter().map(|p| &p.text))
                .filter(|a| a.contains('@'))
            {
                known.push((address.clone(), mask_email(address)));
            }
        }
        // Names inside archives (`名簿.zip` → `a/山田.csv`) are quoted by messages and
        // notes too: each name on a path, and each path as the message writes it.
        for path in report
            .findings
            .iter()
            .filter_map(|f| f.location.attachment_path())
        {
            for (i, name) in path.iter().enumerate() {
                known.push((name.clone(), file_name(redactor, name)));
                if i > 0 {
                    let joined = path[..=i].join("/");
                    let safe = path[..=i]
                        .iter()
                        .map(|n| file_name(redactor, n))
                        .collect::<Vec<_>>()
                        .join("/");
                    known.push((joined, safe));
                }
            }
        }
        // Longest first, so a name is not half-replaced by a shorter one it contains.
        known.sort_by_key(|(raw, _)| std::cmp::Reverse(raw.len()));
        known.retain(|(raw, safe)| !raw.is_empty() && raw != safe);
        let scrub = |text: &str| -> String {
            let mut out = text.to_owned();
            for (raw, safe) in &known {
                if out.contains(raw.as_str()) {
                    out = out.replace(raw.as_str(), safe);
                }
            }
            redactor.redact(&out)
        };

        let findings = report
            .findings
            .iter()
            .map(|f| Finding {
                check: f.check,
                kind: f.kind,
                severity: f.severity,
                count: f.count,
                evidence: f.evidence.as_deref().map(&scrub),
                location: f
                    .location
                    .map_names(|name| file_name(redactor, &scrub(name))),
                message: scrub(&f.message),
                subject_of: f.subject_of.as_deref().map(|s| {
                    if s.contains('@') {
                        mask_email(s)
                    } else {
                        file_name(redactor, &scrub(s))
                    }
                }),
                blocked: f.blocked,
                items: f.items.clone(),
                notes: f.notes.iter().map(|n| scrub(n)).collect(),
                suggestion: f.suggestion.as_deref().map(mask_email),
                parties: f
                    .parties
                    .iter()
                    .map(|p| sendguard_engine::Party {
                        role: p.role,
                        text: if p.text.contains('@') {
                            mask_email(&p.text)
                        } else {
                            file_name(redactor, &scrub(&p.text))
                        },
                        known_as: p.known_as.clone(),
                        sends: p.sends,
                    })
                    .collect(),
            })
            .collect();
        let recipients = report
            .recipients
            .iter()
            .map(|r| StoredRecipient {
                address: mask_email(&r.address),
                domain: r.domain.clone(),
                field: r.field,
                external: r.external,
                freemail: r.freemail,
            })
            .collect();
        let attachments = report
            .attachments
            .iter()
            .map(|a| StoredAttachment {
                name: file_name(redactor, &a.name),
                size: a.size,
                content_type: a.content_type.clone(),
            })
            .collect();
        let mask_all = |v: &[String]| v.iter().map(|a| mask_email(a.trim())).collect();
        let changes = StoredChanges {
            moved_to_bcc: mask_all(&meta.changes.moved_to_bcc),
            removed_recipients: mask_all(&meta.changes.removed_recipients),
            removed_attachments: meta
                .changes
                .removed_attachments
                .iter()
                .map(|n| file_name(redactor, n))
                .collect(),
            replaced_recipients: meta
                .changes
                .replaced_recipients
                .iter()
                .map(|r| Replacement {
                    from: mask_email(r.from.trim()),
                    to: mask_email(r.to.trim()),
                })
                .collect(),
        };
        EventRecord {
            event: LoggedEvent {
                uuid: Uuid::new_v4(),
                time: meta.time,
                local_time: None,
                user: meta.user,
                machine: meta.machine,
                client: meta.client,
                source: file_name(redactor, &report.source),
                subject: scrub(&report.subject),
                verdict: report.verdict,
                decision: meta.decision,
                dialog_seconds: meta.dialog_seconds.filter(|s| s.is_finite()),
                changes,
                findings,
                recipients,
                attachments,
                review: None,
            },
        }
    }

    /// The UUID the event will be stored under.
    pub fn uuid(&self) -> Uuid {
        self.event.uuid
    }

    /// The masked content, for inspection before storing.
    pub fn event(&self) -> &LoggedEvent {
        &self.event
    }
}

/// A file name through the redactor's stricter pass (listed surnames go too).
fn file_name(redactor: &Redactor, name: &str) -> String {
    redactor.redact_file_name(name)
}

/// A logged event as read back (and as exported).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct LoggedEvent {
    #[ts(type = "string")]
    pub uuid: Uuid,
    /// When it happened (UTC; stored as unix seconds).
    #[ts(type = "string")]
    pub time: Timestamp,
    /// `time` in the log's time zone, for people; filled when read, ignored on import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub local_time: Option<String>,
    pub user: String,
    pub machine: String,
    pub client: String,
    pub source: String,
    pub subject: String,
    pub verdict: Verdict,
    pub decision: Decision,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub dialog_seconds: Option<f64>,
    #[serde(default)]
    pub changes: StoredChanges,
    /// Evidence masked, location, notes and message redacted.
    #[serde(default)]
    #[ts(as = "Vec<sendguard_engine::report::FindingJson>")]
    pub findings: Vec<Finding>,
    #[serde(default)]
    pub recipients: Vec<StoredRecipient>,
    #[serde(default)]
    pub attachments: Vec<StoredAttachment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub review: Option<Review>,
}

impl LoggedEvent {
    /// Did the person see a dialog, or did policy block? (The near-miss rate's
    /// denominator.)
    pub fn showed_dialog(&self) -> bool {
        self.decision.showed_dialog(self.verdict)
    }

    pub fn is_near_miss(&self) -> bool {
        self.decision.is_near_miss()
    }

    pub fn status(&self) -> ReviewStatus {
        self.review.as_ref().map(|r| r.status).unwrap_or_default()
    }
}

/// What a person fills in to report a near-miss that the checker did not see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManualInput {
    pub category: Category,
    /// What happened.
    pub what: String,
    /// When it happened, as the reporter puts it (`2026-11-20 夕方`).
    pub when: String,
    /// Where it happened.
    pub place: String,
    pub reporter: String,
    /// What was done about it.
    pub action: String,
}

/// A manual near-miss report, redacted and ready to store. Build it with
/// [`ManualReport::new`].
#[derive(Debug, Clone, PartialEq)]
pub struct ManualReport {
    pub(crate) report: LoggedManual,
}

impl ManualReport {
    /// Redact the free text of `input` (people write names and numbers into it) and
    /// stamp it with `created` and a fresh UUID.
    pub fn new(input: ManualInput, redactor: &Redactor, created: Timestamp) -> ManualReport {
        ManualReport {
            report: LoggedManual {
                uuid: Uuid::new_v4(),
                created,
                local_time: None,
                category: input.category,
                what: redactor.redact(&input.what),
                when: redactor.redact(&input.when),
                place: redactor.redact(&input.place),
                reporter: input.reporter,
                action: redactor.redact(&input.action),
                review: None,
            },
        }
    }

    pub fn uuid(&self) -> Uuid {
        self.report.uuid
    }

    pub fn report(&self) -> &LoggedManual {
        &self.report
    }
}

/// A manual report as read back (and as exported).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LoggedManual {
    #[ts(type = "string")]
    pub uuid: Uuid,
    #[ts(type = "string")]
    pub created: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub local_time: Option<String>,
    pub category: Category,
    pub what: String,
    pub when: String,
    #[serde(rename = "where")]
    pub place: String,
    pub reporter: String,
    pub action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub review: Option<Review>,
}

impl LoggedManual {
    pub fn status(&self) -> ReviewStatus {
        self.review.as_ref().map(|r| r.status).unwrap_or_default()
    }
}

/// One entry of the log: an event from the checker or a manual report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Item {
    Event(LoggedEvent),
    Manual(LoggedManual),
}

impl Item {
    pub fn uuid(&self) -> Uuid {
        match self {
            Item::Event(e) => e.uuid,
            Item::Manual(m) => m.uuid,
        }
    }

    /// When it happened (events) or was reported (manual reports).
    pub fn time(&self) -> Timestamp {
        match self {
            Item::Event(e) => e.time,
            Item::Manual(m) => m.created,
        }
    }

    pub fn review(&self) -> Option<&Review> {
        match self {
            Item::Event(e) => e.review.as_ref(),
            Item::Manual(m) => m.review.as_ref(),
        }
    }

    pub fn status(&self) -> ReviewStatus {
        self.review().map(|r| r.status).unwrap_or_default()
    }

    pub fn user(&self) -> &str {
        match self {
            Item::Event(e) => &e.user,
            Item::Manual(m) => &m.reporter,
        }
    }

    pub(crate) fn set_local_time(&mut self, text: String) {
        match self {
            Item::Event(e) => e.local_time = Some(text),
            Item::Manual(m) => m.local_time = Some(text),
        }
    }
}
