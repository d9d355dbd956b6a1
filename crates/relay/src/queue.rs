//! The hold queue's delivery worker: wakes when an entry's time comes (or when told a
//! new one arrived), claims it, sends it upstream, and records what happened. A
//! temporary failure (4xx, the server unreachable) is retried with backoff; a lasting
//! one (5xx, a certificate that does not verify, a login the relay no longer has) is
//! kept with the server's answer and the person is told.

use std::sync::Arc;
use std::time::Duration;

use crate::Relay;
use crate::spool::{Entry, SpoolError};
use crate::upstream::{UpstreamError, UpstreamSession};

/// Tries before a temporarily failing mail is given up as failed (about 2 hours).
const MAX_ATTEMPTS: u32 = 8;

/// Seconds before try `attempts + 1`: 30 s, doubling, at most 30 min.
fn backoff(attempts: u32) -> u64 {
    (30u64 << attempts.saturating_sub(1).min(6)).min(1800)
}

/// Run the spool on `relay` until the process ends.
pub async fn run(relay: Arc<Relay>) {
    let Some(spool) = relay.spool.clone() else {
        return;
    };
    let fail_deciding = !relay.resumed;
    match with_spool(&spool, move |s| s.recover(fail_deciding)).await {
        Ok(0) => {}
        Ok(n) => relay.tell(
            "送信済みか分からないメールがあります",
            &format!(
                "中継が送信の途中で止まったため、{n} 通が送られたかどうか分かりません。送信待ちの一覧で確かめてください (the relay stopped while sending {n} mail(s); check the hold queue)"
            ),
        ),
        Err(e) => tracing::error!("hold queue: {e}"),
    }
    loop {
        let due = with_spool(&spool, |s| s.due(crate::spool::now()))
            .await
            .unwrap_or_default();
        for id in due {
            deliver_one(&relay, id).await;
        }
        let wait = with_spool(&spool, |s| s.next_due())
            .await
            .ok()
            .flatten()
            // Short enough that `sendguard relay queue send` from another process is
            // picked up within seconds.
            .map_or(5, |secs| secs.clamp(1, 5));
        tokio::select! {
            () = relay.wake.notified() => {}
            () = tokio::time::sleep(Duration::from_secs(wait)) => {}
        }
    }
}

/// Run `f` on the spool on a blocking thread.
pub(crate) async fn with_spool<T: Send + 'static>(
    spool: &Arc<std::sync::Mutex<crate::spool::Spool>>,
    f: impl FnOnce(&mut crate::spool::Spool) -> Result<T, SpoolError> + Send + 'static,
) -> Result<T, SpoolError> {
    let spool = spool.clone();
    tokio::task::spawn_blocking(move || {
        let mut guard = spool.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut guard)
    })
    .await
    .unwrap_or_else(|e| {
        Err(SpoolError::Io {
            path: "spool".into(),
            source: std::io::Error::other(e.to_string()),
        })
    })
}

async fn deliver_one(relay: &Arc<Relay>, id: i64) {
    let Some(spool) = relay.spool.clone() else {
        return;
    };
    let claimed = match with_spool(&spool, move |s| s.claim(id)).await {
        Ok(Some(claimed)) => claimed,
        Ok(None) => return, // sent, taken back or claimed by someone else meanwhile
        Err(e) => {
            tracing::error!("hold queue: {e}");
            return;
        }
    };
    let (entry, message) = claimed;
    let credential = relay
        .credentials
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&id)
        .cloned();
    let (config, tls) = relay.route(relay.route_for(entry.account.as_deref(), None));
    if credential.is_none() && entry.auth_user.is_some() && config.credential.is_none() {
        let reason = "メールソフトのログイン情報は中継を再起動すると消えます。メールソフトから送り直すか、中継自身の認証情報を設定してください (the client's login is gone after a restart; send again from the client, or give the relay its own credential)";
        finish(relay, &entry, Err(GaveUp(reason.to_owned()))).await;
        return;
    }
    let body = message.strip_suffix(b"\r\n").unwrap_or(&message).to_vec();
    let result = async {
        let mut upstream = UpstreamSession::open(config, tls, credential.as_ref()).await?;
        let reply = upstream.deliver(&entry.envelope, &body).await;
        upstream.quit().await;
        reply
    }
    .await;
    let outcome = match result {
        Ok(reply) if reply.is_positive() => Ok(()),
        Ok(reply) => Err(classify(&UpstreamError::Reply(reply))),
        Err(e) => Err(classify(&e)),
    };
    match outcome {
        Ok(()) => finish(relay, &entry, Ok(())).await,
        Err(Failure::Temporary(reason)) if entry.attempts < MAX_ATTEMPTS => {
            if entry.attempts == 1 {
                // Said once, at the first failure; the retries go on quietly.
                relay.tell(
                    "保留していたメールをまだ送れていません",
                    &format!(
                        "「{}」を {} に送れませんでした。自動で送り直します。サーバーの状態: {reason}",
                        entry.subject, entry.server
                    ),
                );
            }
            let due = crate::spool::now() + backoff(entry.attempts);
            tracing::warn!(
                "held mail {id}: temporary failure, retry in {}s",
                backoff(entry.attempts)
            );
            let _ = with_spool(&spool, move |s| s.retry_at(id, due, &reason)).await;
        }
        Err(Failure::Temporary(reason) | Failure::Lasting(reason)) => {
            finish(relay, &entry, Err(GaveUp(reason))).await;
        }
        Err(Failure::Unknown(reason)) => {
            tracing::warn!("held mail {id}: sent, but no answer: unknown");
            let text = reason.clone();
            let _ = with_spool(&spool, move |s| s.mark_unknown(id, &text)).await;
            relay.tell(
                "送られたかどうか分からないメールがあります",
                &format!(
                    "「{}」は {} に送りましたが応答がありませんでした。受信者に確かめ、届いていなければ送信待ちの一覧から送り直してください。",
                    entry.subject, entry.server
                ),
            );
        }
    }
}

enum Failure {
    Temporary(String),
    Lasting(String),
    /// Perhaps delivered: kept as `unknown`, never tried again by itself.
    Unknown(String),
}

/// Not sent, and not tried again by itself.
struct GaveUp(String);

fn classify(e: &UpstreamError) -> Failure {
    let text = match e {
        UpstreamError::Reply(reply) => format!("{} {}", reply.code, reply.text),
        other => other.to_string(),
    };
    match e {
        UpstreamError::Reply(reply) if (400..500).contains(&reply.code) => Failure::Temporary(text),
        UpstreamError::Unreachable { .. } | UpstreamError::Broken { .. } => {
            Failure::Temporary(text)
        }
        UpstreamError::Unanswered { .. } => Failure::Unknown(text),
        _ => Failure::Lasting(text),
    }
}

async fn finish(relay: &Arc<Relay>, entry: &Entry, result: Result<(), GaveUp>) {
    let Some(spool) = relay.spool.clone() else {
        return;
    };
    let id = entry.id;
    relay
        .credentials
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(&id);
    match result {
        Ok(()) => {
            if let Err(e) = with_spool(&spool, move |s| s.delivered(id)).await {
                tracing::error!(
                    "held mail {id} was sent but the hold queue could not be updated: {e}"
                );
            } else {
                tracing::info!("held mail {id} sent");
            }
        }
        Err(GaveUp(reason)) => {
            tracing::warn!("held mail {id} could not be sent");
            let text = reason.clone();
            let _ = with_spool(&spool, move |s| s.failed(id, &text)).await;
            relay.tell(
                "保留していたメールを送れませんでした",
                &format!(
                    "「{}」({}) は送られていません。送信待ちの一覧から送り直すか書き出してください。サーバーの応答: {reason}",
                    entry.subject, entry.server
                ),
            );
        }
    }
}

/// The decision on a message whose client was answered before it (`deciding` in the
/// spool): let go → fixes applied, then the hold queue sends it; anything else → kept
/// as a taken-back `.eml`, and the person told that the client shows it as sent
/// although it was not.
pub(crate) async fn after_decision(
    relay: Arc<Relay>,
    id: i64,
    decision: tokio::task::JoinHandle<sendguard_hook::Settled>,
    envelope: crate::upstream::Envelope,
    raw: Vec<u8>,
    subject: String,
) {
    let Some(spool) = relay.spool.clone() else {
        return;
    };
    let outcome = decision.await.ok().map(|s| (s.outcome, s.event_id));
    // Changes that leave nothing to send as asked (a signed mail, no recipient left)
    // mean it is not sent.
    let send = match &outcome {
        Some((o, _)) if o.send => crate::message::fix(&raw, &envelope, &o.changes).ok(),
        _ => None,
    };
    if let Some((envelope, fixed)) = send {
        let hold = relay.config.hold;
        let event = outcome
            .as_ref()
            .and_then(|(_, e)| *e)
            .map(|u| u.to_string());
        let updated = with_spool(&spool, move |s| {
            let sent = s.decided_send(id, &envelope, &fixed, hold)?;
            if let Some(event) = event {
                s.set_event(id, &event)?;
            }
            Ok(sent)
        })
        .await;
        match updated {
            Ok(true) => relay.wake.notify_one(),
            Ok(false) => relay.tell(
                "メールは送られていません",
                &format!(
                    "「{subject}」は確認の画面で送信が選ばれましたが、その前に送信待ちから取り消されていたか、中継が止まっていたため送っていません。送信待ちの一覧を確かめてください。"
                ),
            ),
            Err(e) => tracing::error!("hold queue: {e}"),
        }
        return;
    }
    relay
        .credentials
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(&id);
    match with_spool(&spool, move |s| s.recall(id)).await {
        Ok((_, path)) => relay.tell(
            "メールは送られていません",
            &format!(
                "「{subject}」はメールソフトでは送信済みと表示されますが、sendguard で取り消したため送られていません。メールは {} に残しています。",
                path.display()
            ),
        ),
        Err(e) => tracing::error!("hold queue: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_to_half_an_hour() {
        assert_eq!(backoff(1), 30);
        assert_eq!(backoff(2), 60);
        assert_eq!(backoff(5), 480);
        assert_eq!(backoff(8), 1800);
        assert_eq!(backoff(100), 1800);
    }
}
