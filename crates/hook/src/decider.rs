//! Who decides whether a checked draft is sent: the [`Decider`].
//!
//! The hook does not know whether a person is watching. `sendguard serve` decides from
//! policy ([`DecideMode`]); the desktop app implements [`Decider`] with its dialog and
//! answers when the person clicks. The hook bounds the wait either way.

use std::future::Future;
use std::pin::Pin;

use sendguard_engine::{CheckId, Field, Report, Verdict};
use sendguard_nearmiss::Decision;

use crate::api::FixChanges;

/// A decision about one draft.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Send (with `changes` applied) or cancel.
    pub send: bool,
    /// What the log records.
    pub decision: Decision,
    pub changes: FixChanges,
    /// Seconds the person spent, when a person decided.
    pub dialog_seconds: Option<f64>,
    /// The decider already told the person (a dialog, or a notification for a blocked
    /// mail), so the add-in need not say it again.
    pub told_person: bool,
}

impl Outcome {
    /// Nothing sent, nobody told: a timeout, an abandoned request.
    pub fn not_sent(decision: Decision) -> Outcome {
        Outcome {
            send: false,
            decision,
            changes: FixChanges::default(),
            dialog_seconds: None,
            told_person: false,
        }
    }
}

/// Decides about a checked draft; may wait for a person.
///
/// The hook drops the returned future when it stops waiting (the decision timeout, or
/// the add-in went away), so an implementation that queues the draft for a person must
/// take it off its queue on drop.
pub trait Decider: Send + Sync + std::fmt::Debug {
    /// `client` is who asked, e.g. `thunderbird/128.5.0esr`.
    fn decide<'a>(
        &'a self,
        report: &'a Report,
        client: &'a str,
    ) -> Pin<Box<dyn Future<Output = Outcome> + Send + 'a>>;
}

/// `sendguard serve --decide`: decisions with nobody asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DecideMode {
    /// pass → send, confirm → send, block → cancel.
    #[default]
    Policy,
    AlwaysSend,
    AlwaysCancel,
    /// As `Policy`, but when the BCC check fires, send with the outside To/Cc moved to
    /// Bcc: what the dialog's one-click fix does. For testing add-ins with nobody at the
    /// screen.
    MoveToBcc,
    /// As `MoveToBcc`, and every recipient the history has a suggestion for is replaced
    /// by it (the dialog's 「宛先を … に替えて送信」), for a client that can apply it.
    Fix,
}

impl DecideMode {
    fn outcome(self, report: &Report) -> Outcome {
        let blocked = report.verdict == Verdict::Block;
        let bcc_fix = FixChanges::bcc_fix(report);
        let all_fixes = FixChanges {
            replace_recipients: FixChanges::suggested_replacements(report),
            ..bcc_fix.clone()
        };
        let (send, decision, changes) = match self {
            DecideMode::Policy | DecideMode::MoveToBcc | DecideMode::Fix if blocked => {
                (false, Decision::Blocked, FixChanges::default())
            }
            DecideMode::MoveToBcc if !bcc_fix.move_to_bcc.is_empty() => {
                (true, Decision::SentAfterFix, bcc_fix)
            }
            DecideMode::Fix if !all_fixes.is_empty() => (true, Decision::SentAfterFix, all_fixes),
            DecideMode::Policy
            | DecideMode::MoveToBcc
            | DecideMode::Fix
            | DecideMode::AlwaysSend => (true, Decision::Checked, FixChanges::default()),
            DecideMode::AlwaysCancel => (false, Decision::Cancelled, FixChanges::default()),
        };
        Outcome {
            send,
            decision,
            changes,
            dialog_seconds: None,
            told_person: false,
        }
    }
}

impl Decider for DecideMode {
    fn decide<'a>(
        &'a self,
        report: &'a Report,
        _client: &'a str,
    ) -> Pin<Box<dyn Future<Output = Outcome> + Send + 'a>> {
        let outcome = self.outcome(report);
        Box::pin(async move { outcome })
    }
}

impl FixChanges {
    /// The history's one-click fixes: each finding with a suggestion replaces the
    /// recipient it is about (a report for a client that cannot apply them has none).
    pub fn suggested_replacements(report: &Report) -> Vec<sendguard_nearmiss::Replacement> {
        let mut replacements: Vec<sendguard_nearmiss::Replacement> = Vec::new();
        for f in &report.findings {
            let (Some(from), Some(to)) = (&f.subject_of, &f.suggestion) else {
                continue;
            };
            if from.contains('@')
                && !replacements
                    .iter()
                    .any(|r| r.from.eq_ignore_ascii_case(from))
            {
                replacements.push(sendguard_nearmiss::Replacement {
                    from: from.clone(),
                    to: to.clone(),
                });
            }
        }
        replacements
    }

    /// The one-click BCC fix for a report whose `bcc_suggested` check fired: every
    /// outside To/Cc address moves to Bcc. Empty when the check did not fire.
    pub fn bcc_fix(report: &Report) -> FixChanges {
        let fired = report
            .findings
            .iter()
            .any(|f| f.check == CheckId::BccSuggested);
        let move_to_bcc = if fired {
            report
                .recipients
                .iter()
                .filter(|r| r.external && r.field != Field::Bcc)
                .map(|r| r.address.clone())
                .collect()
        } else {
            Vec::new()
        };
        FixChanges {
            move_to_bcc,
            ..FixChanges::default()
        }
    }
}
