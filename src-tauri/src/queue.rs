//! The confirmation dialog as the hook's [`Decider`]: sends wait in a queue, the dialog
//! shows the oldest, the person's answer resolves it.
//!
//! Why a queue: several mails can be sent at once (a person clicks Send in two compose
//! windows, or two clients use the hook), and the dialog shows one at a time, in the
//! order they came. The hook bounds each wait; when it gives up (decision timeout, or
//! the add-in went away) it drops the waiting future, and [`Ticket`] takes the send off
//! the queue so the dialog never answers a send that nobody waits for.
//!
//! Tauri-free on purpose: the window side is a [`DialogHost`], so the queue is tested
//! with plain tokio.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU32, Ordering as AtomicOrdering};
use std::sync::{Arc, Mutex, MutexGuard};

use sendguard_engine::{Report, Verdict};
use sendguard_hook::{Decider, FixChanges, Outcome};
use sendguard_nearmiss::Decision;
use serde::{Deserialize, Serialize};
use tokio::sync::oneshot;

/// What the dialog shows: the oldest waiting send (`docs/app-ipc.md`).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct PendingCheck {
    #[ts(type = "number")]
    pub id: u64,
    /// The check with full addresses: the person must see where the mail goes.
    pub report: Report,
    /// Other sends waiting behind this one.
    #[ts(type = "number")]
    pub queued: usize,
    /// Seconds Send stays disabled after the dialog appears.
    pub countdown_secs: u32,
    /// Who asked, e.g. `thunderbird/128.5.0esr`.
    pub client: String,
}

/// The person's answer to one send.
#[derive(Debug, Clone, PartialEq, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(rename = "Decision")]
pub struct DialogDecision {
    #[ts(type = "number")]
    pub id: u64,
    pub send: bool,
    /// Seconds the dialog was in front of the person.
    #[serde(default)]
    pub seconds: f64,
    #[serde(default)]
    pub changes: FixChanges,
}

/// The window side of the dialog.
pub trait DialogHost: Send + Sync + std::fmt::Debug {
    /// The waiting list changed: show the dialog with the oldest send, or hide it.
    fn pending_changed(&self, waiting: usize);
    /// Policy blocked a send: tell the person why (a notification, besides the dialog,
    /// which shows the block and can only cancel).
    fn blocked(&self, report: &Report);
}

#[derive(Debug)]
struct Waiting {
    id: u64,
    report: Report,
    /// Blocked by policy: whatever the dialog answers, it is not sent.
    blocked: bool,
    client: String,
    answer: oneshot::Sender<Outcome>,
}

#[derive(Debug, Default)]
struct Queue {
    next_id: u64,
    waiting: VecDeque<Waiting>,
}

/// The decider the desktop app gives the hook.
#[derive(Debug, Clone)]
pub struct DialogDecider {
    queue: Arc<Mutex<Queue>>,
    host: Arc<dyn DialogHost>,
    countdown_secs: Arc<AtomicU32>,
}

/// Takes a send off the queue when its waiting future goes away, answered or not.
struct Ticket {
    decider: DialogDecider,
    id: u64,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let removed = {
            let mut queue = self.decider.lock();
            let before = queue.waiting.len();
            queue.waiting.retain(|w| w.id != self.id);
            (before != queue.waiting.len()).then_some(queue.waiting.len())
        };
        if let Some(waiting) = removed {
            self.decider.host.pending_changed(waiting);
        }
    }
}

/// Why an answer from the dialog was not taken.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("送信 {0} は確認待ちではありません (no pending send {0})")]
pub struct NotPending(pub u64);

/// Why an answer from the dialog was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AnswerError {
    #[error(transparent)]
    NotPending(#[from] NotPending),
    /// A replacement the report did not offer (no finding about `from` suggests `to`,
    /// or the client cannot apply replacements and the hook took the suggestions out):
    /// the send stays in the queue, unanswered.
    #[error(
        "宛先 {from} を {to} に替える提案はありません (no suggestion to replace {from} with {to})"
    )]
    UnofferedReplacement { from: String, to: String },
}

impl DialogDecider {
    pub fn new(host: Arc<dyn DialogHost>, countdown_secs: u32) -> DialogDecider {
        DialogDecider {
            queue: Arc::default(),
            host,
            countdown_secs: Arc::new(AtomicU32::new(countdown_secs)),
        }
    }

    /// A changed policy's countdown, for the sends shown from now on.
    pub fn set_countdown(&self, secs: u32) {
        self.countdown_secs.store(secs, AtomicOrdering::Relaxed);
    }

    fn lock(&self) -> MutexGuard<'_, Queue> {
        // A panic while holding the lock cannot leave the queue half-changed (every
        // change is one VecDeque call), so a poisoned lock is still usable.
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The send the dialog must show now.
    pub fn current(&self) -> Option<PendingCheck> {
        let queue = self.lock();
        queue.waiting.front().map(|w| PendingCheck {
            id: w.id,
            report: w.report.clone(),
            queued: queue.waiting.len() - 1,
            countdown_secs: self.countdown_secs.load(AtomicOrdering::Relaxed),
            client: w.client.clone(),
        })
    }

    /// How many sends wait for the person.
    pub fn waiting(&self) -> usize {
        self.lock().waiting.len()
    }

    /// The person decided about send `decision.id`. A replacement of a recipient is
    /// taken only when the report offered it (a finding about `from` suggesting `to`).
    pub fn answer(&self, decision: DialogDecision) -> Result<(), AnswerError> {
        let (waiting, left) = {
            let mut queue = self.lock();
            let index = queue
                .waiting
                .iter()
                .position(|w| w.id == decision.id)
                .ok_or(NotPending(decision.id))?;
            if decision.send
                && let Some(r) = decision
                    .changes
                    .replace_recipients
                    .iter()
                    .find(|r| !offered(&queue.waiting[index].report, r))
            {
                return Err(AnswerError::UnofferedReplacement {
                    from: r.from.clone(),
                    to: r.to.clone(),
                });
            }
            let waiting = queue.waiting.remove(index).ok_or(NotPending(decision.id))?;
            (waiting, queue.waiting.len())
        };
        let changed = !decision.changes.is_empty();
        let send = decision.send && !waiting.blocked;
        let outcome = Outcome {
            send,
            decision: match (send, changed) {
                _ if waiting.blocked => Decision::Blocked,
                (false, _) => Decision::Cancelled,
                (true, true) => Decision::SentAfterFix,
                (true, false) => Decision::Sent,
            },
            changes: if send {
                decision.changes
            } else {
                FixChanges::default()
            },
            dialog_seconds: Some(decision.seconds.max(0.0)),
            told_person: true,
        };
        // The hook may have stopped waiting a moment ago; then nobody gets the answer.
        let _ = waiting.answer.send(outcome);
        self.host.pending_changed(left);
        Ok(())
    }
}

/// Did `report` offer replacing `r.from` with `r.to` (a finding about the recipient
/// with that suggestion)?
fn offered(report: &Report, r: &sendguard_nearmiss::Replacement) -> bool {
    let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
    report.findings.iter().any(|f| {
        f.subject_of.as_deref().is_some_and(|s| same(s, &r.from))
            && f.suggestion.as_deref().is_some_and(|s| same(s, &r.to))
    })
}

impl Decider for DialogDecider {
    fn decide<'a>(
        &'a self,
        report: &'a Report,
        client: &'a str,
    ) -> Pin<Box<dyn Future<Output = Outcome> + Send + 'a>> {
        let immediate = |send, decision, told_person| Outcome {
            send,
            decision,
            changes: FixChanges::default(),
            dialog_seconds: None,
            told_person,
        };
        if report.verdict == Verdict::Pass {
            return Box::pin(async move { immediate(true, Decision::Sent, false) });
        }
        // A blocked send is shown too (why, and cancel only): a notification alone can
        // go unseen, and then a click on Send would silently do nothing.
        let blocked = report.verdict == Verdict::Block;
        if blocked {
            self.host.blocked(report);
        }
        let (sender, receiver) = oneshot::channel();
        let (id, waiting) = {
            let mut queue = self.lock();
            queue.next_id += 1;
            let id = queue.next_id;
            queue.waiting.push_back(Waiting {
                id,
                report: report.clone(),
                blocked,
                client: client.to_owned(),
                answer: sender,
            });
            (id, queue.waiting.len())
        };
        self.host.pending_changed(waiting);
        let ticket = Ticket {
            decider: self.clone(),
            id,
        };
        Box::pin(async move {
            let outcome = receiver.await;
            drop(ticket);
            // The sender only goes away unanswered if the queue was dropped: cancel.
            outcome.unwrap_or_else(|_| immediate(false, Decision::Cancelled, false))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[derive(Debug, Default)]
    struct Recorder {
        changes: Mutex<Vec<usize>>,
        blocked: AtomicUsize,
    }

    impl DialogHost for Recorder {
        fn pending_changed(&self, waiting: usize) {
            self.changes.lock().expect("lock").push(waiting);
        }
        fn blocked(&self, _report: &Report) {
            self.blocked.fetch_add(1, Ordering::SeqCst);
        }
    }

    fn report(subject: &str, verdict: Verdict) -> Report {
        Report {
            source: "hook".into(),
            subject: subject.into(),
            verdict,
            recipients: Vec::new(),
            attachments: Vec::new(),
            findings: Vec::new(),
        }
    }

    fn setup() -> (Arc<Recorder>, DialogDecider) {
        let host = Arc::new(Recorder::default());
        (host.clone(), DialogDecider::new(host, 3))
    }

    #[tokio::test]
    async fn sends_wait_in_order_and_the_answer_reaches_the_right_one() {
        let (host, decider) = setup();
        let first = report("一通目", Verdict::Confirm);
        let second = report("二通目", Verdict::Confirm);
        let d1 = decider.clone();
        let d2 = decider.clone();
        let a = tokio::spawn(async move { d1.decide(&first, "thunderbird/128").await });
        tokio::task::yield_now().await;
        while decider.waiting() < 1 {
            tokio::task::yield_now().await;
        }
        let b = tokio::spawn(async move { d2.decide(&second, "thunderbird/128").await });
        while decider.waiting() < 2 {
            tokio::task::yield_now().await;
        }
        let shown = decider.current().expect("pending");
        assert_eq!(shown.report.subject, "一通目");
        assert_eq!(shown.queued, 1);
        assert_eq!(shown.countdown_secs, 3);
        assert_eq!(shown.client, "thunderbird/128");

        let move_to_bcc = vec!["a@partner.co.jp".to_owned()];
        decider
            .answer(DialogDecision {
                id: shown.id,
                send: true,
                seconds: 4.5,
                changes: FixChanges {
                    move_to_bcc: move_to_bcc.clone(),
                    ..FixChanges::default()
                },
            })
            .expect("answer");
        let outcome = a.await.expect("join");
        assert!(outcome.send);
        assert_eq!(outcome.decision, Decision::SentAfterFix);
        assert_eq!(outcome.changes.move_to_bcc, move_to_bcc);
        assert_eq!(outcome.dialog_seconds, Some(4.5));

        let next = decider.current().expect("second");
        assert_eq!(next.report.subject, "二通目");
        assert_eq!(next.queued, 0);
        assert_eq!(
            decider.answer(DialogDecision {
                id: shown.id,
                send: true,
                seconds: 0.0,
                changes: FixChanges::default()
            }),
            Err(AnswerError::NotPending(NotPending(shown.id))),
            "an answered send cannot be answered again"
        );
        decider
            .answer(DialogDecision {
                id: next.id,
                send: false,
                seconds: 2.0,
                changes: FixChanges {
                    move_to_bcc: vec!["x@y.jp".into()],
                    ..FixChanges::default()
                },
            })
            .expect("answer");
        let outcome = b.await.expect("join");
        assert!(!outcome.send);
        assert_eq!(outcome.decision, Decision::Cancelled);
        assert!(
            outcome.changes.move_to_bcc.is_empty(),
            "a cancel changes nothing"
        );
        assert!(decider.current().is_none());
        assert_eq!(host.changes.lock().expect("lock").last(), Some(&0));
    }

    #[tokio::test]
    async fn pass_sends_at_once_and_a_block_is_shown_but_never_sent() {
        let (host, decider) = setup();
        let pass = decider.decide(&report("定例", Verdict::Pass), "cli").await;
        assert!(pass.send);
        assert_eq!(pass.decision, Decision::Sent);
        assert!(
            host.changes.lock().expect("lock").is_empty(),
            "no dialog for a pass"
        );

        let d = decider.clone();
        let blocked = tokio::spawn(async move {
            d.decide(&report("マイナンバー", Verdict::Block), "cli")
                .await
        });
        while decider.waiting() < 1 {
            tokio::task::yield_now().await;
        }
        assert_eq!(host.blocked.load(Ordering::SeqCst), 1, "notified");
        let shown = decider.current().expect("shown");
        assert_eq!(shown.report.verdict, Verdict::Block);
        // Even a (buggy or forged) "send" from the dialog cannot send a blocked mail.
        decider
            .answer(DialogDecision {
                id: shown.id,
                send: true,
                seconds: 1.0,
                changes: FixChanges::default(),
            })
            .expect("answer");
        let outcome = blocked.await.expect("join");
        assert!(!outcome.send);
        assert_eq!(outcome.decision, Decision::Blocked);
        assert!(outcome.told_person);
    }

    #[tokio::test]
    async fn a_send_the_hook_stops_waiting_for_leaves_the_queue() {
        let (host, decider) = setup();
        let r = report("時間切れ", Verdict::Confirm);
        let waited = tokio::time::timeout(
            std::time::Duration::from_millis(20),
            decider.decide(&r, "x"),
        )
        .await;
        assert!(waited.is_err(), "nobody answered");
        assert!(decider.current().is_none(), "the timed-out send is gone");
        assert_eq!(*host.changes.lock().expect("lock"), vec![1, 0]);
    }

    /// A report whose recipient the history says is the wrong one, with the suggestion.
    fn mismatch(suggest: bool) -> Report {
        let mut finding = serde_json::json!({
            "check": "recipient_mismatch", "severity": "danger", "location": "to", "count": 1,
            "message": "本文の宛名は『楓商事 田中様』ですが…",
            "subject_of": "t.tanaka@hikari-tech.co.jp",
        });
        if suggest {
            finding["suggestion"] = "tanaka@kaede-shoji.co.jp".into();
        }
        serde_json::from_value(serde_json::json!({
            "source": "hook", "subject": "お見積り", "verdict": "confirm",
            "recipients": [{"address": "t.tanaka@hikari-tech.co.jp", "field": "to",
                            "domain": "hikari-tech.co.jp", "external": true}],
            "attachments": [], "findings": [finding],
        }))
        .expect("report")
    }

    fn replacement(from: &str, to: &str) -> FixChanges {
        FixChanges {
            replace_recipients: vec![sendguard_nearmiss::Replacement {
                from: from.into(),
                to: to.into(),
            }],
            ..FixChanges::default()
        }
    }

    #[tokio::test]
    async fn an_offered_replacement_is_a_fix_and_an_unoffered_one_is_refused() {
        let (_host, decider) = setup();
        let d = decider.clone();
        let waiting = tokio::spawn(async move { d.decide(&mismatch(true), "e2e/1").await });
        while decider.waiting() < 1 {
            tokio::task::yield_now().await;
        }
        let shown = decider.current().expect("shown");
        let forged = replacement("t.tanaka@hikari-tech.co.jp", "someone@elsewhere.example");
        assert_eq!(
            decider.answer(DialogDecision {
                id: shown.id,
                send: true,
                seconds: 1.0,
                changes: forged,
            }),
            Err(AnswerError::UnofferedReplacement {
                from: "t.tanaka@hikari-tech.co.jp".into(),
                to: "someone@elsewhere.example".into(),
            })
        );
        assert_eq!(
            decider.waiting(),
            1,
            "a refused answer leaves the send waiting"
        );
        let fix = replacement("T.Tanaka@hikari-tech.co.jp", "tanaka@kaede-shoji.co.jp");
        decider
            .answer(DialogDecision {
                id: shown.id,
                send: true,
                seconds: 2.0,
                changes: fix.clone(),
            })
            .expect("offered");
        let outcome = waiting.await.expect("join");
        assert!(outcome.send);
        assert_eq!(outcome.decision, Decision::SentAfterFix);
        assert_eq!(outcome.changes, fix);

        // A report without the suggestion (a client that cannot apply it) offers nothing.
        let d = decider.clone();
        let waiting = tokio::spawn(async move { d.decide(&mismatch(false), "old/1").await });
        while decider.waiting() < 1 {
            tokio::task::yield_now().await;
        }
        let shown = decider.current().expect("shown");
        let refused = decider.answer(DialogDecision {
            id: shown.id,
            send: true,
            seconds: 1.0,
            changes: replacement("t.tanaka@hikari-tech.co.jp", "tanaka@kaede-shoji.co.jp"),
        });
        assert!(matches!(
            refused,
            Err(AnswerError::UnofferedReplacement { .. })
        ));
        decider
            .answer(DialogDecision {
                id: shown.id,
                send: false,
                seconds: 1.0,
                changes: FixChanges::default(),
            })
            .expect("cancel");
        assert_eq!(waiting.await.expect("join").decision, Decision::Cancelled);
    }
}
