//! The send step every client shares: check a message, let the [`Decider`] decide
//! (bounded in time), write the near-miss log. The hook's HTTP routes and the SMTP
//! relay are two doors to one `Guard`, so a policy change, the dialog and the log are
//! the same whichever way a mail arrives.

use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use sendguard_engine::{Draft, Engine, Redactor, Report};
use sendguard_nearmiss::{Changes, Decision, EventMeta, EventRecord, Log};

use crate::api::FixChanges;
use crate::decider::{Decider, Outcome};
use sendguard_history::LiveHistory;

/// The engine and the redactor of one policy, swapped together when the policy changes.
#[derive(Debug)]
struct Checking {
    engine: Engine,
    redactor: Redactor,
    /// The engine's policy, shared with the history's learner.
    policy: Arc<sendguard_engine::Policy>,
}

impl Checking {
    fn new(engine: Engine) -> Checking {
        Checking {
            redactor: Redactor::from_policy(engine.policy()),
            policy: Arc::new(engine.policy().clone()),
            engine,
        }
    }
}

/// What became of one checked message.
#[derive(Debug, Clone)]
pub struct Settled {
    pub outcome: Outcome,
    /// The near-miss event written for it (`None` without a log, or when the log
    /// could not take it: the decision stands, the diagnostics say why).
    pub event_id: Option<uuid::Uuid>,
}

/// Engine, decider and log: everything a check needs but the door it came through.
#[derive(Debug)]
pub struct Guard {
    checking: RwLock<Arc<Checking>>,
    decider: Arc<dyn Decider>,
    log: Option<Mutex<Log>>,
    /// The sender's recipient history: read by every check, taught every send let out.
    history: RwLock<Option<LiveHistory>>,
    user: String,
    machine: String,
}

impl Guard {
    pub fn new(engine: Engine, decider: Arc<dyn Decider>, log: Option<Log>) -> Guard {
        Guard {
            checking: RwLock::new(Arc::new(Checking::new(engine))),
            decider,
            log: log.map(Mutex::new),
            history: RwLock::new(None),
            user: sendguard_nearmiss::current_user(),
            machine: sendguard_nearmiss::current_machine(),
        }
    }

    /// Check with `engine` (a changed policy) from the next message on; checks already
    /// running finish with the engine they started with.
    pub fn replace_engine(&self, engine: Engine) {
        let fresh = Arc::new(Checking::new(engine));
        *self.checking.write().unwrap_or_else(|e| e.into_inner()) = fresh;
    }

    fn checking(&self) -> Arc<Checking> {
        // Replacing is one pointer store, so a poisoned lock still holds a whole value.
        self.checking
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The policy the next check uses.
    pub fn policy(&self) -> sendguard_engine::Policy {
        self.checking().engine.policy().clone()
    }

    /// Check against `history` from the next message on (`None`: without one).
    pub fn set_history(&self, history: Option<LiveHistory>) {
        *self.history.write().unwrap_or_else(|e| e.into_inner()) = history;
    }

    /// The history checks read, if any.
    pub fn history(&self) -> Option<LiveHistory> {
        self.history
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Check a whole message, off the async threads. `None` only when the check task
    /// itself died (the engine never panics on input; this is the last guard).
    pub async fn check_eml(&self, raw: Arc<[u8]>, source: &'static str) -> Option<Report> {
        let checking = self.checking();
        let history = self.history().map(|h| h.current());
        tokio::task::spawn_blocking(move || {
            let history = history
                .as_deref()
                .map(|h| h as &dyn sendguard_engine::History);
            checking
                .engine
                .check_eml_with_history(&raw, source, history)
        })
        .await
        .ok()
    }

    /// Check a draft an add-in built, off the async threads; the draft comes back, for
    /// the history to learn once it is sent.
    pub async fn check_draft(&self, draft: Draft, source: &'static str) -> Option<(Report, Draft)> {
        let checking = self.checking();
        let history = self.history().map(|h| h.current());
        tokio::task::spawn_blocking(move || {
            let history = history
                .as_deref()
                .map(|h| h as &dyn sendguard_engine::History);
            let report = checking.engine.check_with_history(&draft, source, history);
            (report, draft)
        })
        .await
        .ok()
    }

    /// Teach the history a send let out, as it goes after `changes` (in the background:
    /// the answer never waits for it). A send that went out past a `recipient_mismatch`
    /// unchanged teaches its recipients but not its names.
    pub fn learn_sent(&self, mut draft: Draft, changes: &FixChanges, report: &Report) {
        let Some(history) = self.history() else {
            return;
        };
        let flagged = report
            .findings
            .iter()
            .any(|f| f.check == sendguard_engine::CheckId::RecipientMismatch);
        let names = if flagged && changes.replace_recipients.is_empty() {
            sendguard_history::Names::Doubtful
        } else {
            sendguard_history::Names::Trusted
        };
        changes.apply_to_draft(&mut draft);
        history.learn_sent(draft, self.checking().policy.clone(), names);
    }

    /// The same for a whole message (the send hook's `.eml` route), parsed off the
    /// async threads.
    pub fn learn_sent_eml(self: &Arc<Self>, raw: Arc<[u8]>, changes: FixChanges, report: Report) {
        if self.history().is_none() {
            return;
        }
        let guard = self.clone();
        let _ = std::thread::Builder::new()
            .name("sendguard-learn".into())
            .spawn(move || guard.learn_sent(Draft::from_eml(&raw), &changes, &report));
    }

    /// Ask the decider (at most `within`; then it is `timed_out`, nothing sent) and write
    /// the event. If this future is dropped before the decider answers (the client went
    /// away), the check is still logged, as `timed_out`: nothing was sent, and the
    /// near-miss must not vanish with the connection.
    pub async fn settle(
        self: &Arc<Self>,
        report: &Report,
        client: &str,
        within: Duration,
    ) -> Settled {
        let mut unanswered = Unanswered {
            guard: self.clone(),
            report: Some(report.clone()),
            client: client.to_owned(),
        };
        let outcome = match tokio::time::timeout(within, self.decider.decide(report, client)).await
        {
            Ok(outcome) => outcome,
            Err(_) => Outcome {
                dialog_seconds: Some(within.as_secs_f64()),
                ..Outcome::not_sent(Decision::TimedOut)
            },
        };
        unanswered.report = None;
        // Codes and counts only: the diagnostics file holds no subject, address or name.
        tracing::info!(
            "check answered: verdict {}, {} findings, decision {}, client {client:?}",
            report.verdict,
            report.findings.len(),
            outcome.decision.code(),
        );
        // The decision stands even when the log cannot take it (disk full, database
        // busy): an error here would send the client into its fail mode and could
        // override what the person chose. The event is lost; the diagnostics say so.
        let event_id = match self.record(report, &outcome, client.to_owned()).await {
            Ok(id) => id,
            Err(e) => {
                tracing::error!("could not write the near-miss log: {e}");
                None
            }
        };
        Settled { outcome, event_id }
    }

    /// Write one event for `report` decided as `outcome`.
    pub async fn record(
        self: &Arc<Self>,
        report: &Report,
        outcome: &Outcome,
        client: String,
    ) -> Result<Option<uuid::Uuid>, String> {
        if self.log.is_none() {
            return Ok(None);
        }
        let event = EventRecord::from_report(
            report,
            &self.checking().redactor,
            EventMeta {
                time: jiff::Timestamp::now(),
                user: self.user.clone(),
                machine: self.machine.clone(),
                client,
                decision: outcome.decision,
                dialog_seconds: outcome.dialog_seconds,
                changes: Changes {
                    moved_to_bcc: outcome.changes.move_to_bcc.clone(),
                    removed_recipients: outcome.changes.remove_recipients.clone(),
                    removed_attachments: outcome.changes.remove_attachments.clone(),
                    replaced_recipients: outcome.changes.replace_recipients.clone(),
                },
            },
        );
        let writer = self.clone();
        tokio::task::spawn_blocking(move || writer.with_log(|log| log.record(&event)))
            .await
            .map_err(|e| e.to_string())?
            .map(Some)
    }

    /// Run `f` on the log, when there is one (`Ok` of `f`'s value, or why not).
    pub fn with_log<T>(
        &self,
        f: impl FnOnce(&mut Log) -> Result<T, sendguard_nearmiss::Error>,
    ) -> Result<T, String> {
        let log = self.log.as_ref().ok_or("no near-miss log")?;
        let mut log = log
            .lock()
            .map_err(|_| "the log lock is poisoned".to_owned())?;
        f(&mut log).map_err(|e| e.to_string())
    }
}

/// Logs a check whose decision was never awaited to the end as `timed_out`.
struct Unanswered {
    guard: Arc<Guard>,
    report: Option<Report>,
    client: String,
}

impl Drop for Unanswered {
    fn drop(&mut self) {
        let Some(report) = self.report.take() else {
            return;
        };
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let guard = self.guard.clone();
        let client = std::mem::take(&mut self.client);
        runtime.spawn(async move {
            let outcome = Outcome::not_sent(Decision::TimedOut);
            if let Err(e) = guard.record(&report, &outcome, client).await {
                tracing::error!("could not log an abandoned check: {e}");
            }
        });
    }
}
