//! sendguard's check engine: given an outgoing message, say what a careful colleague
//! would point out before it is sent.
//!
//! Bytes (or a [`Draft`] built by a mail client's add-in) go in; a [`Report`] in the
//! shape of the check contract (`docs/check-contract.md`) comes out. The check path is
//! pure — no I/O, no network — and never fails: malformed input yields `parse_warning`
//! findings and a best-effort verdict. Only loading a policy can fail
//! ([`policy::files::load`]).
//!
//! ```
//! use sendguard_engine::{Engine, Policy};
//! let mut policy = Policy::builtin();
//! policy.add_internal_domain("sakura-sys.co.jp");
//! let engine = Engine::new(policy);
//! let report = engine.check_eml(b"From: a@sakura-sys.co.jp\r\nTo: b@partner.co.jp\r\nSubject: hi\r\n\r\nbody\r\n", "mail.eml");
//! assert_eq!(report.verdict, sendguard_engine::Verdict::Confirm);
//! ```

// Crate-private unless another crate needs the module: the compiler then sees dead code.
pub mod addressee;
pub(crate) mod checks;
pub mod domain;
pub mod draft;
pub mod history;
pub(crate) mod lookalike;
pub mod mask;
pub(crate) mod mime;
pub(crate) mod normalize;
pub(crate) mod pii;
pub mod policy;
pub(crate) mod redact;
pub mod report;
pub(crate) mod text;

pub use draft::{Attachment, ComposeType, Draft, Field, Mailbox, ReplyContext};
pub use history::History;
pub use policy::{Policy, PolicyError};
pub use redact::Redactor;
pub use report::{
    AttachmentReport, CheckId, Code, Finding, FindingType, Location, Party, PartyRole,
    RecipientReport, Report, Severity, Verdict,
};

use checks::{Context, PersonalDataScanner, Phrases};
use lookalike::LookalikeIndex;

/// A policy with everything compiled that checks need, ready to check many messages.
#[derive(Debug)]
pub struct Engine {
    policy: Policy,
    scanner: PersonalDataScanner,
    phrases: Phrases,
    /// Look-alike index over the configured internal and protected domains.
    lookalikes: LookalikeIndex,
    /// Where PDF and xls/xlsb/ods attachments are read; without one they are reported
    /// as not read (see [`sendguard_extract::Isolation`]).
    isolation: Option<std::sync::Arc<dyn sendguard_extract::Isolation>>,
}

impl Engine {
    pub fn new(policy: Policy) -> Engine {
        let scanner = PersonalDataScanner::new(&policy);
        let phrases = Phrases::new(&policy);
        let lookalikes = lookalike_index(&policy, &[]);
        Engine {
            policy,
            scanner,
            phrases,
            lookalikes,
            isolation: None,
        }
    }

    /// Read PDF and xls/xlsb/ods attachments through `isolation` (sendguard's binaries
    /// pass [`sendguard_extract::child::ChildProcess`]).
    pub fn with_isolation(
        mut self,
        isolation: std::sync::Arc<dyn sendguard_extract::Isolation>,
    ) -> Engine {
        self.isolation = Some(isolation);
        self
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Parse an RFC 5322 message and check it. Never fails.
    pub fn check_eml(&self, raw: &[u8], source: &str) -> Report {
        let draft = mime::parse_eml(raw);
        self.check(&draft, source)
    }

    /// Check a draft without a history. Never fails.
    pub fn check(&self, draft: &Draft, source: &str) -> Report {
        self.check_with_history(draft, source, None)
    }

    /// Parse an RFC 5322 message and check it against the sender's `history`.
    pub fn check_eml_with_history(
        &self,
        raw: &[u8],
        source: &str,
        history: Option<&dyn History>,
    ) -> Report {
        let draft = mime::parse_eml(raw);
        self.check_with_history(&draft, source, history)
    }

    /// Check a draft, with the sender's own history when there is one (the four
    /// history checks say nothing without it). Never fails.
    pub fn check_with_history(
        &self,
        draft: &Draft,
        source: &str,
        history: Option<&dyn History>,
    ) -> Report {
        let sender_index;
        let mut ctx = Context::new(
            draft,
            &self.policy,
            &self.scanner,
            &self.lookalikes,
            &self.phrases,
            self.isolation.as_deref(),
            history,
        );
        if self
            .policy
            .settings
            .organisation
            .internal_domains
            .is_empty()
        {
            // Internal domains come from the sender: protect those for this message.
            sender_index = lookalike_index(&self.policy, &ctx.internal_domains);
            ctx.lookalikes = &sender_index;
        }
        let mut findings = checks::run_all(&ctx);
        // Danger first, then warning, then info; stable within a severity.
        findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
        let verdict = verdict(&findings);
        let mut recipients: Vec<RecipientReport> = ctx
            .recipients
            .iter()
            .map(|r| RecipientReport {
                address: r.address.clone(),
                name: r.mailbox.name.as_deref().map(draft::clean_display),
                field: r.field,
                domain: r.domain.clone(),
                external: r.external,
                freemail: r.freemail,
                company: r
                    .mailbox
                    .name
                    .as_deref()
                    .map(draft::clean_display)
                    .and_then(|name| text::company::company_of(&name, &self.policy.lists)),
            })
            .collect();
        text::company::share_first_words(&mut recipients, &self.policy.lists);
        Report {
            source: source.to_owned(),
            subject: draft::clean_display(&draft.subject),
            verdict,
            recipients,
            attachments: draft
                .attachments
                .iter()
                .map(|a| AttachmentReport {
                    name: draft::clean_display(&a.name),
                    size: a.size,
                    content_type: a.content_type.clone(),
                })
                .collect(),
            findings,
        }
    }
}

/// `block` when policy blocks any finding; `confirm` when any needs ticking; else `pass`.
pub fn verdict(findings: &[Finding]) -> Verdict {
    if findings.iter().any(|f| f.blocked) {
        Verdict::Block
    } else if findings.iter().any(|f| f.severity >= Severity::Warning) {
        Verdict::Confirm
    } else {
        Verdict::Pass
    }
}

/// The look-alike index over internal and protected domains; free-mail providers are
/// trusted (never reported as look-alikes of anything).
fn lookalike_index(policy: &Policy, extra_internal: &[String]) -> LookalikeIndex {
    let mut trusted: Vec<String> = policy.lists.freemail.iter().cloned().collect();
    trusted.sort();
    LookalikeIndex::with_trusted(&protected_domains(policy, extra_internal), &trusted)
}

fn protected_domains(policy: &Policy, extra: &[String]) -> Vec<String> {
    let org = &policy.settings.organisation;
    let mut all: Vec<String> = org
        .internal_domains
        .iter()
        .chain(&org.protected_domains)
        .chain(extra)
        .map(|d| domain::to_ascii_domain(d))
        .filter(|d| !d.is_empty())
        .collect();
    all.sort();
    all.dedup();
    all
}
