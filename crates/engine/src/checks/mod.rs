//! The checks, one module each, all speaking the contract's vocabulary.
//!
//! Every check reads the same [`Context`] (the draft, the policy, the recipients already
//! classified as internal/external/free-mail, the body split into own text, quotes and
//! signature) and appends [`Finding`]s. Levels come from the policy through
//! [`Context::finding`], so no check hard-codes a severity.

mod attachment;
mod attachment_for_other_party;
mod bcc_suggested;
mod confidential_keyword;
mod display_name_spoof;
mod encrypted_attachment;
mod external_recipient;
mod first_time_recipient;
mod freemail_recipient;
mod history_facts;
mod lookalike_domain;
mod missing_attachment;
mod parse_warning;
mod personal_data;
mod recipient_mismatch;
mod reply;
mod unusual_recipient;

use crate::domain;
use crate::draft::{ComposeType, Draft, Field, Mailbox};
use crate::policy::{Level, Policy};
use crate::report::{CheckId, Finding, Location};
use crate::text::phrases::{PhraseList, fold};
use crate::text::regions::{Marks, QuoteMode, Regions};
use sendguard_extract::Extracted;
use std::borrow::Cow;

pub use personal_data::PersonalDataScanner;

/// A recipient with what the checks need to know about it, computed once.
#[derive(Debug, Clone)]
pub struct RecipientInfo<'a> {
    pub field: Field,
    pub mailbox: &'a Mailbox,
    /// The address as the contract gives it: domain lower-case, IDN in punycode.
    pub address: String,
    /// Lower-case ASCII (punycode) domain.
    pub domain: String,
    pub external: bool,
    pub freemail: bool,
}

/// Everything a check may look at.
#[derive(Debug)]
pub struct Context<'a> {
    pub draft: &'a Draft,
    pub policy: &'a Policy,
    /// The internal domains in force (from policy, or the sender's domain).
    pub internal_domains: Vec<String>,
    pub recipients: Vec<RecipientInfo<'a>>,
    /// The text a person reads in the body.
    pub body: Cow<'a, str>,
    pub regions: Regions,
    /// The body folded for phrase matching ([`crate::text::phrases::fold`]), once.
    pub folded_body: String,
    /// Where each line of `folded_body` starts (line `i` is line `i` of the body).
    folded_line_starts: Vec<usize>,
    /// Hits of [`Phrases::body`] in `folded_body`.
    pub body_phrases: Vec<crate::text::phrases::PhraseHit>,
    pub scanner: &'a PersonalDataScanner,
    pub lookalikes: &'a crate::lookalike::LookalikeIndex,
    pub phrases: &'a Phrases,
    /// Where PDF and xls/xlsb/ods attachments are read (`None`: they are not read).
    pub isolation: Option<&'a dyn sendguard_extract::Isolation>,
    /// What could be read inside each attachment (same index as `draft.attachments`;
    /// `None` for attached messages, which the checks parse as mail).
    pub extracted: Vec<Option<Extracted>>,
    /// The sender's own history (`None`: the history checks say nothing).
    pub history: Option<&'a dyn crate::history::History>,
    /// The 宛名 block of the own text (read only when there is a history).
    pub addressee: crate::addressee::Addressee,
}

/// The policy's word lists, compiled once per engine.
#[derive(Debug, Default)]
pub struct Phrases {
    pub confidential: PhraseList,
    /// Confidential keywords and attachment phrases together, for one pass over the body.
    pub body: PhraseList,
    pub attachment: PhraseList,
    pub disclaimers: PhraseList,
    pub roles: PhraseList,
    pub org_names: PhraseList,
    pub business_labels: PhraseList,
    pub sensitive_filenames: PhraseList,
    /// Corporate markers and the organisation's own names.
    pub corporate: PhraseList,
}

impl Phrases {
    /// Tags of [`Phrases::body`] hits.
    pub const CONFIDENTIAL: u8 = 1;
    pub const ATTACHMENT: u8 = 2;

    pub fn new(policy: &Policy) -> Phrases {
        let lists = &policy.lists;
        Phrases {
            confidential: PhraseList::new(&lists.confidential_keywords),
            body: PhraseList::tagged(&[
                (
                    lists.confidential_keywords.as_slice(),
                    Phrases::CONFIDENTIAL,
                ),
                (lists.attachment_phrases.as_slice(), Phrases::ATTACHMENT),
            ]),
            attachment: PhraseList::new(&lists.attachment_phrases),
            disclaimers: PhraseList::new(&lists.attachment_disclaimers),
            roles: PhraseList::new(&lists.spoof_roles),
            org_names: PhraseList::new(&policy.settings.organisation.names),
            business_labels: PhraseList::new(&lists.business_labels),
            sensitive_filenames: PhraseList::new(&lists.sensitive_filenames),
            corporate: PhraseList::tagged(&[
                (lists.corporate_markers.as_slice(), 0),
                (policy.settings.organisation.names.as_slice(), 0),
            ]),
        }
    }
}

impl<'a> Context<'a> {
    pub fn new(
        draft: &'a Draft,
        policy: &'a Policy,
        scanner: &'a PersonalDataScanner,
        lookalikes: &'a crate::lookalike::LookalikeIndex,
        phrases: &'a Phrases,
        isolation: Option<&'a dyn sendguard_extract::Isolation>,
        history: Option<&'a dyn crate::history::History>,
    ) -> Context<'a> {
        let internal_domains = effective_internal_domains(draft, policy);
        let recipients = classify_recipients(draft, policy, &internal_domains);
        let body = draft.readable_body();
        let regions = classify_body(draft, policy, &body, &recipients);
        let folded_body = fold(&body);
        let folded_line_starts = std::iter::once(0)
            .chain(folded_body.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let body_phrases = phrases.body.find_all_folded(&folded_body);
        let extracted = extract_attachments(draft, policy, isolation);
        let addressee = match history {
            Some(_) => {
                crate::addressee::parse_addressee(&crate::addressee::own_lines(&body, &regions))
            }
            None => crate::addressee::Addressee::default(),
        };
        Context {
            history,
            addressee,
            draft,
            policy,
            internal_domains,
            recipients,
            body,
            regions,
            folded_body,
            folded_line_starts,
            body_phrases,
            extracted,
            scanner,
            lookalikes,
            phrases,
            isolation,
        }
    }

    /// The line index of a byte offset in `folded_body`.
    pub fn folded_line_of(&self, offset: usize) -> usize {
        self.folded_line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// The byte span of a folded line (without its line break).
    pub fn folded_line_span(&self, line: usize) -> (usize, usize) {
        let len = self.folded_body.len();
        let start = self.folded_line_starts.get(line).copied().unwrap_or(len);
        let end = self
            .folded_line_starts
            .get(line + 1)
            .map_or(len, |next| next - 1);
        (start, end.max(start))
    }

    pub fn is_internal(&self, domain: &str) -> bool {
        is_internal(domain, &self.internal_domains)
    }

    pub fn external_recipients(&self) -> impl Iterator<Item = &RecipientInfo<'a>> {
        self.recipients.iter().filter(|r| r.external)
    }

    pub fn has_external(&self) -> bool {
        self.recipients.iter().any(|r| r.external)
    }

    /// A finding at `level`, or `None` when the level is `off`.
    pub fn finding(
        &self,
        check: CheckId,
        level: Level,
        location: impl Into<Location>,
        message: impl Into<String>,
    ) -> Option<Finding> {
        let severity = level.severity()?;
        Some(Finding {
            check,
            kind: None,
            severity,
            location: location.into(),
            count: 1,
            evidence: None,
            message: message.into(),
            subject_of: None,
            blocked: level.blocks(),
            items: Vec::new(),
            notes: Vec::new(),
            suggestion: None,
            parties: Vec::new(),
        })
    }
}

/// The recipients of a draft, classified once.
fn classify_recipients<'a>(
    draft: &'a Draft,
    policy: &Policy,
    internal_domains: &[String],
) -> Vec<RecipientInfo<'a>> {
    draft
        .recipients()
        .map(|(field, mailbox)| {
            let domain = domain::to_ascii_domain(&mailbox.domain());
            let address = contract_address(&mailbox.address);
            let external = !is_internal(&domain, internal_domains);
            let freemail = policy.lists.is_freemail(&domain);
            RecipientInfo {
                field,
                mailbox,
                address,
                domain,
                external,
                freemail,
            }
        })
        .collect()
}

/// The regions of a draft's body (own text, quotes, forwarded text, signatures).
fn classify_body(
    draft: &Draft,
    policy: &Policy,
    body: &str,
    recipients: &[RecipientInfo<'_>],
) -> Regions {
    let is_freemail = |d: &str| policy.lists.is_freemail(d);
    Regions::classify(
        body,
        &sender_marks(draft, &policy.settings.organisation.names, &is_freemail),
        quote_mode(draft, recipients),
        &is_freemail,
    )
}

/// A draft's readable body and its regions, without the rest of a check's context
/// (what [`crate::addressee`] needs to find the sender's own text).
pub(crate) fn body_regions<'a>(draft: &'a Draft, policy: &Policy) -> (Cow<'a, str>, Regions) {
    let internal_domains = effective_internal_domains(draft, policy);
    let recipients = classify_recipients(draft, policy, &internal_domains);
    let body = draft.readable_body();
    let regions = classify_body(draft, policy, &body, &recipients);
    (body, regions)
}

/// Read inside every attachment that is not a mail, within the policy's limits; the
/// total-bytes and time limits count across all attachments of the message.
fn extract_attachments(
    draft: &Draft,
    policy: &Policy,
    isolation: Option<&dyn sendguard_extract::Isolation>,
) -> Vec<Option<Extracted>> {
    let mut limits = policy.settings.attachments.clone();
    let budget_ms = limits.max_millis;
    let started = std::time::Instant::now();
    draft
        .attachments
        .iter()
        .map(|a| {
            // Mail is parsed as mail; an undivided multipart blob (boundary missing) is
            // already read as the body.
            if is_attached_message(a) || a.content_type.starts_with("multipart/") {
                return None;
            }
            // One time budget for the whole message, shared by its attachments.
            let spent = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
            limits.max_millis = budget_ms.saturating_sub(spent);
            let extracted = sendguard_extract::extract_with(&a.name, &a.data, &limits, isolation);
            limits.max_total_bytes = limits.max_total_bytes.saturating_sub(a.data.len() as u64);
            Some(extracted)
        })
        .collect()
}

/// An attached mail (message/rfc822 or a .eml file).
pub fn is_attached_message(a: &crate::draft::Attachment) -> bool {
    a.content_type.starts_with("message/rfc822")
        || a.content_type.starts_with("message/global")
        || a.name.to_lowercase().ends_with(".eml")
}

/// What names the sender of a draft in a signature block.
fn sender_marks(draft: &Draft, org_names: &[String], is_freemail: &dyn Fn(&str) -> bool) -> Marks {
    let from = draft.from.as_ref();
    Marks::of_sender(
        from.map(|m| m.address.as_str()),
        from.and_then(|m| m.name.as_deref()),
        org_names,
        is_freemail,
    )
}

/// How the quoted text of a draft is read. A forward's quoted text reaches someone new;
/// so does a reply's when the client's reply context shows outside recipients who were
/// not on the original mail (from, reply-to, to, cc). Without a context (a plain .eml,
/// the SMTP relay) the subject decides ([`crate::mime`]: Fw:/Fwd:/転送).
fn quote_mode(draft: &Draft, recipients: &[RecipientInfo<'_>]) -> QuoteMode {
    match draft.compose_type {
        ComposeType::New => QuoteMode::New,
        ComposeType::Forward => QuoteMode::Forward,
        ComposeType::Reply => {
            let Some(original) = &draft.in_reply_to else {
                return QuoteMode::Reply;
            };
            let on_original: Vec<String> = original
                .from
                .iter()
                .chain(&original.reply_to)
                .chain(&original.to)
                .chain(&original.cc)
                .map(|m| contract_address(m.address.trim()).to_lowercase())
                .collect();
            let adds_outsider = recipients
                .iter()
                .filter(|r| r.external)
                .any(|r| !on_original.contains(&r.address.to_lowercase()));
            if adds_outsider {
                QuoteMode::Forward
            } else {
                QuoteMode::Reply
            }
        }
    }
}

/// An address as the contract gives it: the domain lower-case, an IDN in punycode.
fn contract_address(address: &str) -> String {
    match address.rsplit_once('@') {
        Some((local, _)) => format!(
            "{local}@{}",
            domain::to_ascii_domain(&crate::draft::domain_of(address))
        ),
        None => address.to_owned(),
    }
}

/// Internal domains from policy; with none configured, the sender's own domain.
fn effective_internal_domains(draft: &Draft, policy: &Policy) -> Vec<String> {
    let configured: Vec<String> = policy
        .settings
        .organisation
        .internal_domains
        .iter()
        .map(|d| domain::to_ascii_domain(d))
        .filter(|d| !d.is_empty())
        .collect();
    if !configured.is_empty() {
        return configured;
    }
    draft
        .from
        .as_ref()
        .map(|m| domain::to_ascii_domain(&m.domain()))
        .filter(|d| !d.is_empty() && !policy.lists.is_freemail(d))
        .into_iter()
        .collect()
}

fn is_internal(domain: &str, internal: &[String]) -> bool {
    internal
        .iter()
        .any(|d| domain::is_same_or_subdomain(domain, d))
}

/// Run every check over the context.
pub fn run_all(ctx: &Context<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    parse_warning::run(ctx, &mut findings);
    lookalike_domain::run(ctx, &mut findings);
    display_name_spoof::run(ctx, &mut findings);
    reply::run(ctx, &mut findings);
    bcc_suggested::run(ctx, &mut findings);
    personal_data::run(ctx, &mut findings);
    encrypted_attachment::run(ctx, &mut findings);
    confidential_keyword::run(ctx, &mut findings);
    missing_attachment::run(ctx, &mut findings);
    freemail_recipient::run(ctx, &mut findings);
    external_recipient::run(ctx, &mut findings);
    attachment::run(ctx, &mut findings);
    // The history checks last: first_time_recipient reads whether personal data was found.
    recipient_mismatch::run(ctx, &mut findings);
    attachment_for_other_party::run(ctx, &mut findings);
    unusual_recipient::run(ctx, &mut findings);
    first_time_recipient::run(ctx, &mut findings);
    findings
}

/// A file size as people read it (`120 KB`).
pub fn human_size(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB {
        format!("{bytes} B")
    } else if b < KB * KB {
        format!("{:.0} KB", b / KB)
    } else if b < KB * KB * KB {
        format!("{:.1} MB", b / KB / KB)
    } else {
        format!("{:.1} GB", b / KB / KB / KB)
    }
}
