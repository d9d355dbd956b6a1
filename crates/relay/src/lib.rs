//! The local SMTP relay: for mail clients without an add-in (classic Outlook with
//! POP/IMAP accounts, Becky!, scanners), the outgoing server becomes `127.0.0.1`.
//! Each message is checked by the same [`Guard`] as the send hook's (engine, decider,
//! near-miss log) and what the person lets go is forwarded to the real server.
//!
//! - The server side is parsed by `smtp-proto` (commands, DATA with dot-unstuffing);
//!   the upstream is spoken by `mail-send` with rustls (certificates always verified).
//! - A client that authenticates is authenticated *upstream* with the same credential
//!   (PLAIN, LOGIN, XOAUTH2, OAUTHBEARER passed on), and hears the upstream's answer.
//!   Without AUTH the relay's own credential (if configured) is used.
//! - Cancelled or blocked → `550 5.7.1` with a reason in Japanese and English; the
//!   client keeps the mail. No decision in time → `451 4.7.0`: nothing is sent and the
//!   client may try again.
//! - Sent → the person's fixes are applied to the headers (a Bcc move keeps the address
//!   in the envelope only) and the upstream's own answer goes back to the client.
//!   Nothing else in the message changes.
//!
//! Loopback only; sizes, lines, commands, sessions and time are all bounded.

mod auth;
mod message;
mod queue;
mod reply;
mod session;
pub mod spool;
mod spool_lock;
mod upstream;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sendguard_hook::Guard;
use tokio::net::TcpListener;
use tokio::sync::{Notify, Semaphore};

pub use auth::Credential;
pub use spool_lock::{SpoolLock, SpoolLockError};
pub use upstream::{Envelope, UpstreamConfig};
pub(crate) use upstream::{UpstreamError, tls_connector};

/// The relay's limits and its upstream.
#[derive(Debug, Clone)]
pub struct RelayConfig {
    /// The name in the greeting and EHLO answer.
    pub hostname: String,
    /// Largest message (advertised as SIZE; larger ones get `552`).
    pub max_message_bytes: usize,
    /// Recipients per message (more get `452 4.5.3`).
    pub max_recipients: usize,
    /// Sessions at once (more get `421` and are closed).
    pub max_sessions: usize,
    /// Wait for a command, and for each chunk of DATA.
    pub command_timeout: Duration,
    /// Wait for the person's decision; then nothing is sent (logged `timed_out`).
    pub decision_timeout: Duration,
    /// Answer the client within this time even when the person has not decided yet:
    /// mail clients give up waiting after DATA long before a dialog may be done
    /// (Thunderbird about 100 s, classic Outlook about 60 s). The client then hears `250`
    /// and the message waits in the spool, never sent before the decision. Needs a spool;
    /// without one the client waits for the decision.
    pub answer_within: Duration,
    /// How long a mail the person let go waits in the hold queue before it leaves
    /// (zero: it goes at once, and the client hears the upstream's own answer).
    pub hold: Duration,
    /// The upstream for everything no account names.
    pub upstream: UpstreamConfig,
    /// One upstream per account, picked by the AUTH user or the sender.
    pub accounts: Vec<Account>,
}

/// An account's own upstream.
#[derive(Debug, Clone)]
pub struct Account {
    /// The AUTH user or sender address, lower case.
    pub user: String,
    pub upstream: UpstreamConfig,
}

impl RelayConfig {
    /// Limits as the relay ships them, for `upstream`.
    pub fn new(upstream: UpstreamConfig, max_message_bytes: usize) -> RelayConfig {
        RelayConfig {
            hostname: "sendguard.localhost".to_owned(),
            max_message_bytes,
            max_recipients: 1000,
            max_sessions: 32,
            command_timeout: Duration::from_secs(300),
            decision_timeout: Duration::from_secs(600),
            answer_within: Duration::from_secs(45),
            hold: Duration::ZERO,
            upstream,
            accounts: Vec::new(),
        }
    }
}

/// Tells the person something (the app: a notification; the CLI: the diagnostics).
pub type Tell = Arc<dyn Fn(&str, &str) + Send + Sync>;

/// `host:port` of an upstream server, with a clear error.
pub fn parse_upstream(text: &str) -> Result<(String, u16), String> {
    let text = text.trim();
    let bad = || {
        format!(
            "上流サーバーは HOST:PORT で指定してください (upstream must be HOST:PORT, got {text:?})"
        )
    };
    let (host, port) = text.rsplit_once(':').ok_or_else(bad)?;
    let port: u16 = port.parse().map_err(|_| bad())?;
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.is_empty() || port == 0 {
        return Err(bad());
    }
    Ok((host.to_owned(), port))
}

impl RelayConfig {
    /// The relay the policy describes (`[relay]`, with `[hook] decision_timeout_secs`),
    /// or `None` when no upstream is set (the relay is off).
    pub fn from_policy(policy: &sendguard_engine::Policy) -> Result<Option<RelayConfig>, String> {
        let settings = &policy.settings.relay;
        if settings.upstream.trim().is_empty() {
            return Ok(None);
        }
        let (host, port) = parse_upstream(&settings.upstream)?;
        let upstream = UpstreamConfig {
            host,
            port,
            tls: settings.upstream_tls,
            ca_file: (!settings.upstream_ca.trim().is_empty())
                .then(|| std::path::PathBuf::from(settings.upstream_ca.trim())),
            credential: None,
            timeout: Duration::from_secs(60),
            helo_name: "sendguard.localhost".to_owned(),
        };
        let max_bytes = usize::try_from(settings.max_message_mib.saturating_mul(1024 * 1024))
            .unwrap_or(usize::MAX);
        let mut config = RelayConfig::new(upstream, max_bytes);
        for account in &settings.accounts {
            config.accounts.push(Account::from_settings(account)?);
        }
        config.decision_timeout =
            Duration::from_secs(policy.settings.hook.decision_timeout_secs.max(1));
        config.answer_within = Duration::from_secs(settings.answer_within_secs.max(1));
        config.hold = Duration::from_secs(settings.hold_secs);
        Ok(Some(config))
    }
}

impl Account {
    /// `[[relay.accounts]]` → an [`Account`] (its password file read now).
    pub fn from_settings(
        account: &sendguard_engine::policy::RelayAccount,
    ) -> Result<Account, String> {
        let user = account.user.trim().to_lowercase();
        if user.is_empty() {
            return Err("[[relay.accounts]] user が空です (an account needs its user)".to_owned());
        }
        let (host, port) = parse_upstream(&account.upstream)?;
        let credential = match (account.login_user.trim(), account.password_file.trim()) {
            ("", "") => None,
            (login, file) if !login.is_empty() && !file.is_empty() => Some(
                Credential::from_password_file(login, std::path::Path::new(file))?,
            ),
            _ => {
                return Err(format!(
                    "[[relay.accounts]] {user}: login_user と password_file は両方必要です (both login_user and password_file)"
                ));
            }
        };
        Ok(Account {
            user,
            upstream: UpstreamConfig {
                host,
                port,
                tls: account.upstream_tls,
                ca_file: (!account.upstream_ca.trim().is_empty())
                    .then(|| std::path::PathBuf::from(account.upstream_ca.trim())),
                credential,
                timeout: Duration::from_secs(60),
                helo_name: "sendguard.localhost".to_owned(),
            },
        })
    }
}

/// An upstream with its TLS connector; `user` is `None` for the default one.
struct Route {
    user: Option<String>,
    upstream: UpstreamConfig,
    tls: tokio_rustls::TlsConnector,
}

/// One relay: its config, the shared guard, the TLS connector for the upstream, and
/// the hold queue with the logins its mails need (in memory only).
pub struct Relay {
    pub config: RelayConfig,
    guard: Arc<Guard>,
    routes: Vec<Route>,
    sessions: Arc<Semaphore>,
    pub(crate) spool: Option<Arc<Mutex<spool::Spool>>>,
    pub(crate) credentials: Mutex<HashMap<i64, Credential>>,
    pub(crate) wake: Notify,
    tell: Option<Tell>,
    /// Started again inside a running app: mail waiting for a dialog is still
    /// someone's (not failed at start).
    pub(crate) resumed: bool,
}

impl std::fmt::Debug for Relay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Relay")
            .field("config", &self.config)
            .field("spool", &self.spool.is_some())
            .finish_non_exhaustive()
    }
}

impl Relay {
    /// A relay in front of `guard`. Fails when the upstream CA file cannot be read.
    pub fn new(config: RelayConfig, guard: Arc<Guard>) -> Result<Relay, String> {
        let mut routes = vec![Route {
            user: None,
            tls: tls_connector(config.upstream.ca_file.as_deref())?,
            upstream: config.upstream.clone(),
        }];
        for account in &config.accounts {
            routes.push(Route {
                user: Some(account.user.clone()),
                tls: tls_connector(account.upstream.ca_file.as_deref())?,
                upstream: account.upstream.clone(),
            });
        }
        Ok(Relay {
            sessions: Arc::new(Semaphore::new(config.max_sessions.max(1))),
            config,
            guard,
            routes,
            spool: None,
            credentials: Mutex::new(HashMap::new()),
            wake: Notify::new(),
            tell: None,
            resumed: false,
        })
    }

    /// With a hold queue (needed when `config.hold` is not zero).
    pub fn with_spool(mut self, spool: spool::Spool) -> Relay {
        self.spool = Some(Arc::new(Mutex::new(spool)));
        self
    }

    /// A relay started again in a process whose dialogs live on (the app applying new
    /// settings): mail waiting for a decision stays waiting.
    pub fn resumed(mut self) -> Relay {
        self.resumed = true;
        self
    }

    /// With a way to tell the person (the app's notifications).
    pub fn with_tell(mut self, tell: Tell) -> Relay {
        self.tell = Some(tell);
        self
    }

    /// The hold queue, soonest first (empty without one).
    pub async fn held(&self) -> Result<Vec<spool::Entry>, spool::SpoolError> {
        match &self.spool {
            Some(spool) => queue::with_spool(spool, |s| s.list()).await,
            None => Ok(Vec::new()),
        }
    }

    /// Send held mail `id` now (or again, when it failed or its sending is unknown).
    pub async fn send_now(&self, id: i64) -> Result<(), spool::SpoolError> {
        let Some(spool) = &self.spool else {
            return Err(spool::SpoolError::NotFound(id));
        };
        queue::with_spool(spool, move |s| s.send_now(id)).await?;
        self.wake.notify_one();
        Ok(())
    }

    /// Take held mail `id` back: kept as a `.eml` (its path), and its near-miss event
    /// becomes `recalled`.
    pub async fn recall(&self, id: i64) -> Result<std::path::PathBuf, spool::SpoolError> {
        let Some(spool) = &self.spool else {
            return Err(spool::SpoolError::NotFound(id));
        };
        let (entry, path) = queue::with_spool(spool, move |s| s.recall(id)).await?;
        self.credentials
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&id);
        if let Some(event) = entry.event.as_deref().and_then(|e| e.parse().ok()) {
            let guard = self.guard.clone();
            let marked = tokio::task::spawn_blocking(move || {
                guard
                    .with_log(|log| log.set_decision(event, sendguard_nearmiss::Decision::Recalled))
            })
            .await;
            if !matches!(marked, Ok(Ok(_))) {
                tracing::error!("could not mark a taken-back mail's event as recalled");
            }
        }
        Ok(path)
    }

    /// Tell the person: through [`Relay::with_tell`], and always in the diagnostics
    /// (which hold no subject: `text` goes only to the person).
    pub(crate) fn tell(&self, title: &str, text: &str) {
        tracing::warn!("told the person: {title}");
        if let Some(tell) = &self.tell {
            tell(title, text);
        } else {
            // A terminal or a service's journal: the title only (the text names the
            // mail); `sendguard relay queue list` shows the rest.
            eprintln!("sendguard relay: {title}（sendguard relay queue list で確認できます）");
        }
    }

    pub(crate) fn guard(&self) -> &Arc<Guard> {
        &self.guard
    }

    /// The route for a session: the account of its AUTH user, else of its sender,
    /// else the default upstream (index 0).
    pub(crate) fn route_for(&self, user: Option<&str>, sender: Option<&str>) -> usize {
        [user, sender]
            .into_iter()
            .flatten()
            .map(str::to_lowercase)
            .find_map(|who| {
                self.routes
                    .iter()
                    .position(|r| r.user.as_deref() == Some(who.as_str()))
            })
            .unwrap_or(0)
    }

    /// The upstream and TLS connector of route `i`.
    pub(crate) fn route(&self, i: usize) -> (&UpstreamConfig, &tokio_rustls::TlsConnector) {
        let r = self.routes.get(i).unwrap_or(&self.routes[0]);
        (&r.upstream, &r.tls)
    }

    /// The account of route `i` (`None` for the default upstream).
    pub(crate) fn route_user(&self, i: usize) -> Option<&str> {
        self.routes.get(i).and_then(|r| r.user.as_deref())
    }
}

/// Serve SMTP on `listener` until the process ends, and deliver the hold queue.
/// Connections from anywhere but the loopback interface are closed unanswered.
pub async fn serve(listener: TcpListener, relay: Arc<Relay>) -> std::io::Result<()> {
    // The hold queue's worker lives as long as this server: dropping (aborting) the
    // server stops it too, so a relay restarted with new settings has one worker.
    struct AbortOnDrop(tokio::task::JoinHandle<()>);
    impl Drop for AbortOnDrop {
        fn drop(&mut self) {
            self.0.abort();
        }
    }
    let _worker = AbortOnDrop(tokio::spawn(queue::run(relay.clone())));
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(e) => {
                // Out of file descriptors and the like: wait, do not spin.
                tracing::warn!("relay accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        if !is_loopback(peer) {
            continue;
        }
        let _ = stream.set_nodelay(true);
        let relay = relay.clone();
        tokio::spawn(async move {
            let permit = relay.sessions.clone().try_acquire_owned();
            session::run(stream, relay, permit.ok()).await;
        });
    }
}

/// Serve one session over any byte stream (the fuzz target's in-memory pipe; tests).
pub async fn serve_stream<S>(stream: S, relay: Arc<Relay>)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Send,
{
    let permit = relay.sessions.clone().try_acquire_owned();
    session::run(stream, relay, permit.ok()).await;
}

fn is_loopback(peer: SocketAddr) -> bool {
    match peer {
        SocketAddr::V4(v4) => v4.ip().is_loopback(),
        SocketAddr::V6(v6) => {
            v6.ip().is_loopback() || v6.ip().to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upstream_addresses() {
        assert_eq!(
            parse_upstream("smtp.example.co.jp:587"),
            Ok(("smtp.example.co.jp".to_owned(), 587))
        );
        assert_eq!(parse_upstream(" [::1]:25 "), Ok(("::1".to_owned(), 25)));
        for bad in [
            "smtp.example.co.jp",
            "smtp.example.co.jp:x",
            ":25",
            "a:0",
            "",
        ] {
            assert!(parse_upstream(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_policy_turns_the_relay_on_with_an_upstream() {
        let mut policy = sendguard_engine::Policy::builtin();
        assert!(
            RelayConfig::from_policy(&policy).expect("ok").is_none(),
            "off by default"
        );
        policy.settings.relay.upstream = "smtp.example.co.jp:587".into();
        policy.settings.relay.hold_secs = 300;
        let config = RelayConfig::from_policy(&policy).expect("ok").expect("on");
        assert_eq!(config.upstream.port, 587);
        assert_eq!(config.hold, Duration::from_secs(300));
        assert_eq!(config.answer_within, Duration::from_secs(45));
        policy.settings.relay.upstream = "no-port".into();
        assert!(RelayConfig::from_policy(&policy).is_err());
    }
}
