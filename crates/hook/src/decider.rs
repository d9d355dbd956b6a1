//! Who decides whether a checked draft is sent: the [`Decider`].
//!
//! The hook does not know whether a person is watching. `sendguard serve` decides from
//! policy ([`DecideMode`]); the desktop app implements [`Decider`] with its dialog and
//! answers when the person clicks. The hook bounds the wait either way.

use std::future::Future;
use std::pin::Pin;

use sendguard_engine::{Report, Verdict};
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
}

/// Decides about a checked draft; may wait for a person.
pub trait Decider: Send + Sync + std::fmt::Debug {
    fn decide<'a>(
        &'a self,
        report: &'a Report,
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
}

impl DecideMode {
    fn outcome(self, report: &Report) -> Outcome {
        let (send, decision) = match self {
            DecideMode::Policy if report.verdict == Verdict::Block => (false, Decision::Blocked),
            DecideMode::Policy | DecideMode::AlwaysSend => (true, Decision::Checked),
            DecideMode::AlwaysCancel => (false, Decision::Cancelled),
        };
        Outcome {
            send,
            decision,
            changes: FixChanges::default(),
            dialog_seconds: None,
        }
    }
}

impl Decider for DecideMode {
    fn decide<'a>(
        &'a self,
        report: &'a Report,
    ) -> Pin<Box<dyn Future<Output = Outcome> + Send + 'a>> {
        let outcome = self.outcome(report);
        Box::pin(async move { outcome })
    }
}
