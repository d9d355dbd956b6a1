//! The policy schema: what `rules/default.toml` and every policy layer may contain.
//!
//! Every struct denies unknown fields, so a misspelt key is an error with its line rather
//! than a check silently left at its default. Fields default to neutral values only so
//! that a partial layer validates; the real defaults are in `rules/default.toml`.

use crate::report::Severity;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a check or finding type is set to.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Not reported at all.
    Off,
    Info,
    #[default]
    Warning,
    Danger,
    /// Reported as `danger`, and the verdict is `block`.
    Block,
}

impl Level {
    /// The severity a finding at this level gets; `None` when the level is `off`.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Danger | Level::Block => Some(Severity::Danger),
        }
    }

    pub fn blocks(self) -> bool {
        self == Level::Block
    }

    /// The lower of two levels (used to cap findings in quotes and signatures).
    pub fn at_most(self, cap: Level) -> Level {
        self.min(cap)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub organisation: Organisation,
    pub severity: SeverityTable,
    pub personal_data: PersonalDataSettings,
    /// Limits on reading attachments (`[attachments]`).
    pub attachments: sendguard_extract::Limits,
    #[serde(rename = "bcc_suggested")]
    pub bcc: BccSettings,
    pub lists: ListAdditions,
    /// The near-miss log (`[log]`).
    pub log: LogSettings,
    /// The send hook (`[hook]`).
    pub hook: HookSettings,
    /// The desktop app's confirmation dialog and reminders (`[dialog]`).
    pub dialog: DialogSettings,
    /// The local SMTP relay for mail clients without an add-in (`[relay]`).
    pub relay: RelaySettings,
    /// The recipient history (`[history]`).
    pub history: HistorySettings,
    pub locked: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Organisation {
    pub internal_domains: Vec<String>,
    pub names: Vec<String>,
    pub protected_domains: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SeverityTable {
    pub external_recipient: Level,
    pub attachment_external: Level,
    pub attachment_internal: Level,
    /// An attachment whose file name suggests a list of people (顧客, 名簿…), sent outside.
    pub attachment_sensitive_name: Level,
    /// A document whose format is not read yet (PDF, old Word/PowerPoint): said, so it is
    /// not taken for a clean one.
    pub attachment_unread: Level,
    pub bcc_suggested: Level,
    pub lookalike_domain: Level,
    pub display_name_spoof: Level,
    pub reply_redirected: Level,
    pub encrypted_attachment: Level,
    pub freemail_recipient: Level,
    pub new_domain_on_reply: Level,
    pub confidential_keyword: Level,
    pub missing_attachment: Level,
    pub parse_warning: Level,
    /// The mail's 宛名 names a party the history knows at other addresses.
    pub recipient_mismatch: Level,
    /// An attachment's name names a known organisation no recipient belongs to.
    pub attachment_for_other_party: Level,
    /// An outside recipient never sent to together with a group that often goes out together.
    pub unusual_recipient: Level,
    /// An outside address never sent to before.
    pub first_time_recipient: Level,
    /// …when the mail also carries attachments or personal data.
    pub first_time_recipient_with_content: Level,
}

/// Where one person's items are counted together.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordScope {
    Line,
    #[default]
    Paragraph,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PersonalDataSettings {
    pub record_scope: RecordScope,
    pub record_min_items: usize,
    pub record: Level,
    pub signature_or_quote: Level,
    pub unlabelled_my_number: Level,
    /// Level per personal-data type (`my_number`, …).
    pub severity: BTreeMap<String, Level>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BccSettings {
    pub min_parties: usize,
    pub min_addresses: usize,
}

/// What a person may set for the numbers on the settings screen: the app's settings
/// check and the screen (through `settings_get`) read these bounds, so they cannot
/// disagree. A policy file is not held to them (an administrator may set any positive
/// threshold); [`Settings::validate`] only refuses what cannot work.
pub mod bounds {
    use std::ops::RangeInclusive;

    /// `[bcc_suggested] min_parties`: outside organisations before Bcc is suggested.
    pub const BCC_MIN_PARTIES: RangeInclusive<usize> = 2..=1000;
    /// `[bcc_suggested] min_addresses`: outside addresses before Bcc is suggested.
    pub const BCC_MIN_ADDRESSES: RangeInclusive<usize> = 2..=10000;
    /// `[dialog] countdown_secs`.
    pub const COUNTDOWN_SECS: RangeInclusive<u32> = 0..=60;
    /// `[relay] hold_secs` (送信保留, up to an hour).
    pub const RELAY_HOLD_SECS: RangeInclusive<u64> = 0..=3600;
}

/// The send hook's settings (the loopback API mail-client add-ins call).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HookSettings {
    /// TCP port on 127.0.0.1.
    pub port: u16,
    /// Largest request body in MiB (a draft with its attachments, base64).
    pub max_request_mib: u64,
    /// Seconds allowed for receiving one request.
    pub request_timeout_secs: u64,
    /// Seconds a check waits for the person's decision before it is cancelled.
    pub decision_timeout_secs: u64,
    /// Web origins allowed to call the hook (CORS); empty: none.
    pub allowed_origins: Vec<String>,
}

/// How the relay talks to the real outgoing server.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UpstreamTls {
    /// Plain SMTP (a server on the same trusted network only).
    None,
    /// Plain connect, then STARTTLS before anything else is said (port 587).
    #[default]
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
}

/// The local SMTP relay's settings: the mail client's outgoing server becomes
/// `127.0.0.1:port`, and what the person lets go is forwarded to `upstream`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RelaySettings {
    /// TCP port on 127.0.0.1.
    pub port: u16,
    /// The real outgoing server, `host:port` (empty: not set; `--upstream` gives it).
    pub upstream: String,
    pub upstream_tls: UpstreamTls,
    /// A PEM file of the CAs to trust for the upstream instead of the system's (a
    /// private CA); empty: the system's roots.
    pub upstream_ca: String,
    /// Largest message in MiB (advertised as SIZE; larger ones get `552`).
    pub max_message_mib: u64,
    /// Seconds the client waits for the answer after DATA at most: an undecided mail is
    /// then accepted (`250`) and kept, never sent before the person decides.
    pub answer_within_secs: u64,
    /// Seconds a mail the person let go waits in the hold queue, where it can still be
    /// taken back (0: it goes at once).
    pub hold_secs: u64,
    /// Days a taken-back mail is kept as a `.eml` (0: kept until removed by hand).
    pub keep_recalled_days: u32,
    /// Other upstreams, one per account (`[[relay.accounts]]`): the client's AUTH user,
    /// or without AUTH its MAIL FROM address, picks one; anything else goes to
    /// `upstream`.
    pub accounts: Vec<RelayAccount>,
}

/// One account's upstream (`[[relay.accounts]]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RelayAccount {
    /// The AUTH user or the sender address this account is for (case does not matter).
    pub user: String,
    /// `host:port` of its outgoing server.
    pub upstream: String,
    pub upstream_tls: UpstreamTls,
    /// A PEM file of private CAs for it; empty: the system's roots.
    pub upstream_ca: String,
    /// The relay's own login for it, used when the client does not log in (a scanner):
    /// the user, and a file holding the password (never the password itself).
    pub login_user: String,
    pub password_file: String,
}

/// The desktop app's settings: the confirmation dialog, start at login, reminders.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DialogSettings {
    /// Seconds Send stays disabled after the dialog appears (0: off).
    pub countdown_secs: u32,
    /// Start the app when the user logs in.
    pub autostart: bool,
    /// A weekly desktop reminder of unreviewed near-misses (for team leads).
    pub weekly_reminder: bool,
    /// Seconds the dialog's (hidden) window is kept loaded after the last send, so the
    /// next one shows at once; then it is closed to give its memory back (0: never kept).
    pub keep_ready_secs: u64,
}

/// The near-miss log's settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogSettings {
    /// Days a near-miss (and its review) is kept; 0 keeps everything.
    pub retention_days: u32,
}

/// The recipient history: when its checks start speaking.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HistorySettings {
    /// Learned sends before the history checks say anything (the organisation list
    /// works from the start).
    pub min_sends: u64,
}

/// Additions to the shipped word lists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ListAdditions {
    pub freemail_domains: Vec<String>,
    pub confidential_keywords: Vec<String>,
    pub attachment_phrases: Vec<String>,
    pub attachment_disclaimers: Vec<String>,
    pub spoof_roles: Vec<String>,
    pub business_labels: Vec<String>,
    pub corporate_markers: Vec<String>,
    pub sensitive_filenames: Vec<String>,
}

impl Settings {
    /// Checks that a schema cannot express. The message names the key.
    pub fn validate(&self) -> Result<(), String> {
        // A policy file may set any positive threshold (an administrator may want
        // Bcc suggested from the first outside party); [`bounds`] are only what the
        // settings screen offers a person.
        if self.bcc.min_parties == 0 {
            return Err(
                "bcc_suggested.min_parties must be 1 or more / 1 以上にしてください".into(),
            );
        }
        if self.bcc.min_addresses == 0 {
            return Err(
                "bcc_suggested.min_addresses must be 1 or more / 1 以上にしてください".into(),
            );
        }
        let a = &self.attachments;
        if a.max_bytes_per_file == 0
            || a.max_total_bytes == 0
            || a.max_members == 0
            || a.max_ratio == 0
            || a.max_cells == 0
            || a.max_millis == 0
        {
            return Err(
                "attachments: limits must be 1 or more / 上限は 1 以上にしてください".into(),
            );
        }
        if self.personal_data.record_min_items < 2 {
            return Err(
                "personal_data.record_min_items must be 2 or more / 2 以上にしてください".into(),
            );
        }
        for key in self.personal_data.severity.keys() {
            if crate::pii::PiiType::from_name(key).is_none() {
                return Err(format!(
                    "personal_data.severity: unknown personal-data type \"{key}\" / 不明な種類です"
                ));
            }
        }
        for domain in &self.organisation.internal_domains {
            if domain.trim().is_empty()
                || domain.contains('@')
                || domain.contains(char::is_whitespace)
            {
                return Err(format!(
                    "organisation.internal_domains: \"{domain}\" is not a domain / ドメイン名ではありません"
                ));
            }
        }
        Ok(())
    }
}
