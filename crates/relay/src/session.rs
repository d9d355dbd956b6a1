//! One client connection: the SMTP conversation (smtp-proto parses each command and
//! the DATA stream), then, per message, check → decide → deliver or refuse.
//!
//! Every read is bounded in time and every buffer in size; a client that never speaks,
//! sends garbage, floods RCPT or never ends its DATA gets an answer or a timeout, and
//! the session ends. Nothing here can panic on input.

use std::sync::Arc;
use std::time::Duration;

use sendguard_engine::Report;
use sendguard_nearmiss::Decision;
use smtp_proto::request::receiver::{
    DataReceiver, DummyDataReceiver, LineReceiver, RequestReceiver,
};
use smtp_proto::{EhloResponse, MAIL_BODY_8BITMIME, MAIL_SMTPUTF8, Request};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::OwnedSemaphorePermit;

use crate::Relay;
use crate::auth::{self, Credential, Pending, Step};
use crate::message;
use crate::reply::Reply;
use crate::upstream::{Envelope, UpstreamSession};

/// Bad commands before the relay gives up on a client.
const MAX_ERRORS: u32 = 20;

enum State {
    Command,
    Data(DataReceiver),
    /// DATA past the size limit: read to its end, keep nothing, then `552`.
    Discard(DummyDataReceiver),
    Auth(Pending, LineReceiver<()>),
}

struct Session<W> {
    relay: Arc<Relay>,
    writer: W,
    helo: Option<String>,
    /// The credential the upstream accepted, and the session it opened.
    credential: Option<Credential>,
    upstream: Option<UpstreamSession>,
    /// The relay's route (upstream) for this session: fixed by AUTH, else picked by
    /// the sender at delivery.
    route: usize,
    /// The route `upstream` was opened for.
    upstream_route: usize,
    mail_from: Option<(String, u64)>,
    recipients: Vec<String>,
    message: Vec<u8>,
    errors: u32,
}

/// What the conversation does after a command.
enum Next {
    /// Back to commands.
    Go,
    Data,
    /// DATA went past the size limit.
    Discard,
    Auth(Pending),
    Quit,
}

/// Serve one connection (a TCP stream, or any byte stream: the fuzz target uses an
/// in-memory pipe). `permit` is `None` when too many sessions are open.
pub async fn run<S>(stream: S, relay: Arc<Relay>, permit: Option<OwnedSemaphorePermit>)
where
    S: AsyncRead + AsyncWrite + Send,
{
    let (reader, writer) = tokio::io::split(stream);
    let mut session = Session {
        relay,
        writer,
        helo: None,
        credential: None,
        upstream: None,
        route: 0,
        upstream_route: 0,
        mail_from: None,
        recipients: Vec::new(),
        message: Vec::new(),
        errors: 0,
    };
    if permit.is_none() {
        let _ = session
            .send(Reply::new(
                421,
                [4, 3, 2],
                "接続が多すぎます。しばらくして送り直してください (too many connections; try again later)",
            ))
            .await;
        return;
    }
    let greeting = format!("{} ESMTP sendguard relay", session.relay.config.hostname);
    if session
        .send(Reply::new(220, [0, 0, 0], greeting))
        .await
        .is_err()
    {
        return;
    }
    session.converse(reader).await;
    if let Some(upstream) = session.upstream.take() {
        upstream.quit().await;
    }
}

impl<W: AsyncWrite + Unpin> Session<W> {
    async fn send(&mut self, reply: Reply) -> std::io::Result<()> {
        self.write(&reply.to_wire()).await
    }

    /// Write and flush, bounded in time: a client that never reads cannot keep the
    /// session (and its place among the sessions) forever.
    async fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let limit = self.relay.config.command_timeout;
        let writing = async {
            self.writer.write_all(bytes).await?;
            self.writer.flush().await
        };
        tokio::time::timeout(limit, writing)
            .await
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "write timeout"))?
    }

    async fn converse(&mut self, mut reader: impl AsyncRead + Unpin) {
        let mut requests = RequestReceiver::default();
        let mut state = State::Command;
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let timeout = self.relay.config.command_timeout;
            let n = match tokio::time::timeout(timeout, reader.read(&mut buf)).await {
                Ok(Ok(0)) | Ok(Err(_)) => return,
                Ok(Ok(n)) => n,
                Err(_) => {
                    let _ = self
                        .send(Reply::new(
                            421,
                            [4, 4, 2],
                            "時間切れのため切断します (timeout; closing the connection)",
                        ))
                        .await;
                    return;
                }
            };
            let mut bytes = buf[..n].iter();
            while bytes.len() > 0 {
                let before = bytes.len();
                // `None`: the current state needs more bytes.
                let next = match &mut state {
                    State::Command => match requests.ingest(&mut bytes) {
                        Ok(request) => {
                            let request = request.into_owned();
                            Some(self.command(request).await)
                        }
                        Err(smtp_proto::Error::NeedsMoreData { .. }) => None,
                        Err(e) => {
                            if bytes.len() == before {
                                // Never stall on bytes the parser would not take.
                                skip_line(&mut bytes);
                            }
                            Some(self.syntax_error(e).await)
                        }
                    },
                    State::Data(receiver) => {
                        if receiver.ingest(&mut bytes, &mut self.message) {
                            Some(self.message_done().await)
                        } else if self.message.len() > self.relay.config.max_message_bytes {
                            Some(Next::Discard)
                        } else {
                            None
                        }
                    }
                    State::Discard(receiver) => {
                        if receiver.ingest(&mut bytes) {
                            self.reset();
                            Some(self.too_large().await)
                        } else {
                            None
                        }
                    }
                    State::Auth(pending, line) => {
                        if line.ingest(&mut bytes) {
                            let text = String::from_utf8_lossy(&line.buf).into_owned();
                            let pending = pending.clone();
                            Some(self.auth_step(auth::next(pending, &text)).await)
                        } else {
                            None
                        }
                    }
                };
                if next.is_none() && bytes.len() == before {
                    break; // nothing taken: wait for more bytes
                }
                state = match next {
                    None => state,
                    Some(Next::Go) => State::Command,
                    Some(Next::Data) => {
                        self.message.clear();
                        State::Data(DataReceiver::new())
                    }
                    Some(Next::Discard) => match &state {
                        State::Data(receiver) => {
                            self.message = Vec::new();
                            State::Discard(DummyDataReceiver::new_data(receiver))
                        }
                        _ => State::Command,
                    },
                    Some(Next::Auth(pending)) => State::Auth(pending, LineReceiver::new(())),
                    Some(Next::Quit) => return,
                };
                if self.errors >= MAX_ERRORS {
                    let _ = self
                        .send(Reply::new(
                            421,
                            [4, 7, 0],
                            "不正なコマンドが多すぎます (too many errors; closing)",
                        ))
                        .await;
                    return;
                }
            }
        }
    }

    fn reset(&mut self) {
        self.mail_from = None;
        self.recipients.clear();
        self.message = Vec::new();
    }

    async fn reply(&mut self, reply: Reply) -> Next {
        if self.send(reply).await.is_err() {
            return Next::Quit;
        }
        Next::Go
    }

    async fn syntax_error(&mut self, e: smtp_proto::Error) -> Next {
        self.errors += 1;
        let reply = match e {
            smtp_proto::Error::UnknownCommand => {
                Reply::new(500, [5, 5, 1], "不明なコマンドです (unknown command)")
            }
            smtp_proto::Error::ResponseTooLong => {
                Reply::new(500, [5, 5, 2], "行が長すぎます (line too long)")
            }
            smtp_proto::Error::InvalidSenderAddress => Reply::new(
                501,
                [5, 1, 7],
                "差出人アドレスが不正です (bad sender address)",
            ),
            smtp_proto::Error::InvalidRecipientAddress => Reply::new(
                501,
                [5, 1, 3],
                "宛先アドレスが不正です (bad recipient address)",
            ),
            smtp_proto::Error::UnsupportedParameter { param } => Reply::new(
                555,
                [5, 5, 4],
                format!("対応していないパラメーターです (unsupported parameter {param})"),
            ),
            smtp_proto::Error::SyntaxError { syntax } => Reply::new(
                501,
                [5, 5, 4],
                format!("コマンドの書式が不正です (syntax: {syntax})"),
            ),
            smtp_proto::Error::InvalidParameter { param } => Reply::new(
                501,
                [5, 5, 4],
                format!("パラメーターが不正です (invalid parameter {param})"),
            ),
            _ => Reply::new(501, [5, 5, 4], "コマンドの書式が不正です (syntax error)"),
        };
        self.reply(reply).await
    }

    async fn command(&mut self, request: Request<String>) -> Next {
        match request {
            Request::Ehlo { host } => {
                self.helo = Some(host);
                self.reset();
                let mut ehlo = EhloResponse::new(self.relay.config.hostname.as_str());
                ehlo.capabilities = smtp_proto::EXT_PIPELINING
                    | smtp_proto::EXT_SIZE
                    | smtp_proto::EXT_8BIT_MIME
                    | smtp_proto::EXT_SMTP_UTF8
                    | smtp_proto::EXT_ENHANCED_STATUS_CODES
                    | smtp_proto::EXT_AUTH;
                ehlo.auth_mechanisms = auth::OFFERED;
                ehlo.size = self.relay.config.max_message_bytes;
                let mut wire = Vec::new();
                let _ = ehlo.write(&mut wire);
                // The crate's first line carries a joke; ours names the relay.
                if let Some(end) = wire.iter().position(|&b| b == b'\n') {
                    let first = format!("250-{} sendguard relay\r\n", self.relay.config.hostname);
                    wire.splice(..=end, first.into_bytes());
                }
                if self.write(&wire).await.is_err() {
                    return Next::Quit;
                }
                Next::Go
            }
            Request::Helo { host } | Request::Lhlo { host } => {
                self.helo = Some(host);
                self.reset();
                let name = self.relay.config.hostname.clone();
                self.reply(Reply::new(250, [0, 0, 0], name)).await
            }
            Request::Auth {
                mechanism,
                initial_response,
            } => {
                if self.credential.is_some() {
                    return self
                        .reply(Reply::new(
                            503,
                            [5, 5, 1],
                            "認証済みです (already authenticated)",
                        ))
                        .await;
                }
                if self.mail_from.is_some() {
                    return self
                        .reply(Reply::new(
                            503,
                            [5, 5, 1],
                            "送信の途中では認証できません (AUTH not allowed during a transaction)",
                        ))
                        .await;
                }
                self.auth_step(auth::start(mechanism, &initial_response))
                    .await
            }
            Request::Mail { from } => {
                if self.mail_from.is_some() {
                    return self
                        .reply(Reply::new(
                            503,
                            [5, 5, 1],
                            "MAIL は実行済みです (nested MAIL)",
                        ))
                        .await;
                }
                if from.size > self.relay.config.max_message_bytes {
                    return self.too_large().await;
                }
                self.mail_from = Some((from.address, from.flags));
                self.recipients.clear();
                self.reply(Reply::new(250, [2, 1, 0], "OK")).await
            }
            Request::Rcpt { to } => {
                if self.mail_from.is_none() {
                    return self
                        .reply(Reply::new(
                            503,
                            [5, 5, 1],
                            "先に MAIL が必要です (need MAIL first)",
                        ))
                        .await;
                }
                if self.recipients.len() >= self.relay.config.max_recipients {
                    return self
                        .reply(Reply::new(
                            452,
                            [4, 5, 3],
                            "宛先が多すぎます (too many recipients)",
                        ))
                        .await;
                }
                self.recipients.push(to.address);
                self.reply(Reply::new(250, [2, 1, 5], "OK")).await
            }
            Request::Data => {
                if self.mail_from.is_none() || self.recipients.is_empty() {
                    self.errors += 1;
                    return self
                        .reply(Reply::new(
                            503,
                            [5, 5, 1],
                            "先に MAIL と RCPT が必要です (need MAIL and RCPT first)",
                        ))
                        .await;
                }
                match self
                    .send(Reply::new(
                        354,
                        [0, 0, 0],
                        "本文を送ってください。最後は <CRLF>.<CRLF> (end data with <CRLF>.<CRLF>)",
                    ))
                    .await
                {
                    Ok(()) => Next::Data,
                    Err(_) => Next::Quit,
                }
            }
            Request::Bdat { .. } => {
                self.errors += 1;
                self.reply(Reply::new(
                    502,
                    [5, 5, 1],
                    "BDAT には対応していません (CHUNKING not offered; use DATA)",
                ))
                .await
            }
            Request::Rset => {
                self.reset();
                self.reply(Reply::new(250, [2, 0, 0], "OK")).await
            }
            Request::Noop { .. } => self.reply(Reply::new(250, [2, 0, 0], "OK")).await,
            Request::Quit => {
                let _ = self
                    .send(Reply::new(221, [2, 0, 0], "さようなら (bye)"))
                    .await;
                Next::Quit
            }
            Request::Vrfy { .. } => {
                self.reply(Reply::new(
                    252,
                    [2, 5, 0],
                    "確認はしませんが受け付けます (cannot verify; will try)",
                ))
                .await
            }
            Request::StartTls => {
                self.reply(Reply::new(
                    502,
                    [5, 5, 1],
                    "この PC の中の接続なので STARTTLS はありません (loopback only; no STARTTLS)",
                ))
                .await
            }
            Request::Help { .. } => {
                self.reply(Reply::new(214, [2, 0, 0], "sendguard relay: docs/relay.md"))
                    .await
            }
            other => {
                self.errors += 1;
                self.reply(Reply::new(
                    502,
                    [5, 5, 1],
                    format!("{} には対応していません (not implemented)", other.name()),
                ))
                .await
            }
        }
    }

    async fn too_large(&mut self) -> Next {
        let max_mib = self.relay.config.max_message_bytes / (1024 * 1024);
        self.reply(Reply::new(
            552,
            [5, 3, 4],
            format!("メールが大きすぎます（上限 {max_mib} MiB）(message exceeds the {max_mib} MiB limit)"),
        ))
        .await
    }

    /// Go on with an `AUTH` exchange: ask the next line, or authenticate upstream with
    /// the credential and answer as the upstream answered.
    async fn auth_step(&mut self, step: Result<Step, auth::AuthError>) -> Next {
        match step {
            Err(e) => {
                self.errors += 1;
                let code = match e {
                    auth::AuthError::Unsupported => (504, [5, 5, 4]),
                    auth::AuthError::Malformed => (501, [5, 5, 2]),
                    auth::AuthError::Cancelled => (501, [5, 0, 0]),
                };
                self.reply(Reply::new(code.0, code.1, e.to_string())).await
            }
            Ok(Step::Ask { challenge, state }) => {
                match self.send(Reply::new(334, [0, 0, 0], challenge)).await {
                    Ok(()) => Next::Auth(state),
                    Err(_) => Next::Quit,
                }
            }
            Ok(Step::Done(credential)) => {
                let route = self.relay.route_for(credential.user(), None);
                let (config, tls) = self.relay.route(route);
                let opened = UpstreamSession::open(config, tls, Some(&credential)).await;
                match opened {
                    Ok(upstream) => {
                        self.route = route;
                        self.upstream_route = route;
                        self.upstream = Some(upstream);
                        self.credential = Some(credential);
                        self.reply(Reply::new(
                            235,
                            [2, 7, 0],
                            "認証しました (authentication succeeded upstream)",
                        ))
                        .await
                    }
                    Err(e) => {
                        let mut reply = e.reply();
                        if reply.is_positive() {
                            reply = Reply::new(535, [5, 7, 8], reply.text);
                        }
                        self.reply(reply).await
                    }
                }
            }
        }
    }

    /// The end of DATA: check, decide, then deliver or refuse.
    async fn message_done(&mut self) -> Next {
        let raw = std::mem::take(&mut self.message);
        let (mail_from, flags) = self.mail_from.take().unwrap_or_default();
        let recipients = std::mem::take(&mut self.recipients);
        let reply = self.settle(raw, mail_from, flags, recipients).await;
        self.reply(reply).await
    }

    fn client_name(&self, raw: &[u8]) -> String {
        let agent = message::header_value(raw, "x-mailer")
            .or_else(|| message::header_value(raw, "user-agent"))
            .or_else(|| self.helo.clone())
            .unwrap_or_else(|| "unknown".to_owned());
        let agent: String = agent
            .chars()
            .filter(|c| !c.is_control())
            .take(100)
            .collect();
        format!("smtp-relay/{agent}")
    }

    async fn settle(
        &mut self,
        raw: Vec<u8>,
        mail_from: String,
        flags: u64,
        recipients: Vec<String>,
    ) -> Reply {
        let guard = self.relay.guard().clone();
        let draft = message::draft(&raw, &recipients);
        let Some((report, _)) = guard.check_draft(draft, "smtp").await else {
            return Reply::new(
                451,
                [4, 3, 0],
                "確認中に内部エラーが起きました。送り直してください (internal error while checking; try again)",
            );
        };
        let client = self.client_name(&raw);
        // The envelope as the client gave it (8BITMIME as declared; `message::fix`
        // adds what the message itself needs).
        let declared = Envelope {
            mail_from,
            recipients,
            eight_bit: flags & MAIL_BODY_8BITMIME != 0,
            smtputf8: flags & MAIL_SMTPUTF8 != 0,
        };
        let decision_timeout = self.relay.config.decision_timeout;
        let mut decision = {
            let (guard, report, client) = (guard.clone(), report.clone(), client.clone());
            tokio::spawn(async move { guard.settle(&report, &client, decision_timeout).await })
        };
        let answer_within = self.relay.config.answer_within;
        let joined = match self.relay.spool.clone() {
            Some(spool) if answer_within < decision_timeout => {
                match tokio::time::timeout(answer_within, &mut decision).await {
                    Ok(joined) => joined,
                    Err(_) => {
                        return self
                            .answer_before_decision(spool, decision, declared, raw, &report)
                            .await;
                    }
                }
            }
            _ => decision.await,
        };
        let Ok(settled) = joined else {
            return Reply::new(
                451,
                [4, 3, 0],
                "確認中に内部エラーが起きました。送り直してください (internal error while deciding; try again)",
            );
        };
        let outcome = settled.outcome;
        if !outcome.send {
            return refusal(&report, outcome.decision);
        }
        let (envelope, fixed) = match message::fix(&raw, &declared, &outcome.changes) {
            Ok(fixed) => fixed,
            Err(e) => return Reply::new(550, [5, 7, 1], e.to_string()),
        };
        learn_sent(
            &guard,
            &fixed,
            &envelope.recipients,
            &report,
            &outcome.changes,
        );
        if !self.relay.config.hold.is_zero()
            && let Some(spool) = self.relay.spool.clone()
        {
            return self
                .hold(spool, envelope, fixed, &report.subject, settled.event_id)
                .await;
        }
        self.deliver(&envelope, &fixed).await
    }

    /// The person has not decided within `answer_within`: keep the message in the spool
    /// (`deciding`), answer `250` so the client stops waiting, and let the decision,
    /// when it comes, send it (through the hold queue) or keep it as a taken-back
    /// `.eml` and tell the person the client shows it as sent although it was not.
    async fn answer_before_decision(
        &mut self,
        spool: Arc<std::sync::Mutex<crate::spool::Spool>>,
        decision: tokio::task::JoinHandle<sendguard_hook::Settled>,
        envelope: Envelope,
        raw: Vec<u8>,
        report: &Report,
    ) -> Reply {
        let origin = self.origin(&envelope.mail_from);
        let subject = report.subject.clone();
        let kept = {
            let envelope = Envelope {
                eight_bit: envelope.eight_bit || message::is_eight_bit(&raw),
                ..envelope.clone()
            };
            let (raw, subject) = (raw.clone(), subject.clone());
            crate::queue::with_spool(&spool, move |s| {
                s.hold_undecided(&crate::spool::NewEntry {
                    envelope: &envelope,
                    message: &raw,
                    subject: &subject,
                    event: None,
                    origin: &origin,
                    hold: Duration::ZERO,
                })
            })
            .await
        };
        let id = match kept {
            Ok(id) => id,
            Err(e) => {
                // Nothing could be kept: the decision is dropped (logged `timed_out`).
                tracing::error!("hold queue: {e}");
                decision.abort();
                return Reply::new(
                    451,
                    [4, 3, 0],
                    "確認を待つ間メールを保管できませんでした。送っていません。もう一度送信してください (could not keep the mail while waiting for the decision; not sent)",
                );
            }
        };
        if let Some(credential) = &self.credential {
            self.relay
                .credentials
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(id, credential.clone());
        }
        tokio::spawn(crate::queue::after_decision(
            self.relay.clone(),
            id,
            decision,
            envelope,
            raw,
            subject,
        ));
        Reply::new(
            250,
            [2, 0, 0],
            format!(
                "受け付けました。sendguard の確認画面で決まるまで送りません（番号 {id}）(accepted; nothing is sent until you decide in sendguard: id {id})"
            ),
        )
    }

    /// Put the mail in the hold queue and answer `250` at once: it leaves when its time
    /// comes, unless the person takes it back first.
    async fn hold(
        &mut self,
        spool: Arc<std::sync::Mutex<crate::spool::Spool>>,
        envelope: Envelope,
        message: Vec<u8>,
        subject: &str,
        event: Option<uuid::Uuid>,
    ) -> Reply {
        let hold = self.relay.config.hold;
        let subject = subject.to_owned();
        let origin = self.origin(&envelope.mail_from);
        let held = crate::queue::with_spool(&spool, move |s| {
            s.hold(&crate::spool::NewEntry {
                envelope: &envelope,
                message: &message,
                subject: &subject,
                event: event.map(|u| u.to_string()),
                origin: &origin,
                hold,
            })
        })
        .await;
        match held {
            Ok(id) => {
                if let Some(credential) = &self.credential {
                    self.relay
                        .credentials
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(id, credential.clone());
                }
                self.relay.wake.notify_one();
                let secs = hold.as_secs();
                Reply::new(
                    250,
                    [2, 0, 0],
                    format!(
                        "送信を {secs} 秒保留します。それまでは取り消せます（番号 {id}）(held for {secs} s; can be taken back until then: id {id})"
                    ),
                )
            }
            Err(e) => {
                tracing::error!("hold queue: {e}");
                Reply::new(
                    451,
                    [4, 3, 0],
                    "送信待ちに入れられませんでした。送っていません。もう一度送信してください (could not hold the mail; not sent, send again)",
                )
            }
        }
    }

    /// What the hold queue records of a mail from `mail_from` in this session.
    fn origin(&self, mail_from: &str) -> crate::spool::Origin {
        let route = self.route_of(mail_from);
        let (config, _) = self.relay.route(route);
        crate::spool::Origin {
            auth_user: self
                .credential
                .as_ref()
                .and_then(|c| c.user().map(str::to_owned)),
            server: format!("{}:{}", config.host, config.port),
            account: self.relay.route_user(route).map(str::to_owned),
        }
    }

    /// The route a message goes: the one AUTH chose, else the sender's account.
    fn route_of(&self, mail_from: &str) -> usize {
        if self.credential.is_some() {
            self.route
        } else {
            self.relay.route_for(None, Some(mail_from))
        }
    }

    /// Hand the message to the upstream: over the session AUTH opened, else a new one.
    async fn deliver(&mut self, envelope: &Envelope, message: &[u8]) -> Reply {
        let route = self.route_of(&envelope.mail_from);
        // DATA kept the CRLF before the final dot; mail-send writes CRLF . CRLF itself.
        let body = message.strip_suffix(b"\r\n").unwrap_or(message);
        for attempt in 0..2 {
            // An open session is reused only for its own route (a client without AUTH may
            // send for two accounts on one connection).
            let mut upstream = match self.upstream.take() {
                Some(open) if attempt == 0 && self.upstream_route == route => open,
                stale => {
                    if let Some(stale) = stale {
                        stale.quit().await;
                    }
                    let (config, tls) = self.relay.route(route);
                    match UpstreamSession::open(config, tls, self.credential.as_ref()).await {
                        Ok(open) => open,
                        Err(e) => return self.upstream_failed(e),
                    }
                }
            };
            match upstream.deliver(envelope, body).await {
                Ok(reply) => {
                    self.upstream = Some(upstream);
                    self.upstream_route = route;
                    tracing::info!("relay delivered upstream: {}", reply.code);
                    return reply;
                }
                // A session that went stale while the person read the dialog: once more
                // on a fresh one (nothing was accepted on the old one).
                Err(crate::UpstreamError::Broken { .. }) if attempt == 0 => continue,
                Err(e) => {
                    if !matches!(
                        e,
                        crate::UpstreamError::Broken { .. }
                            | crate::UpstreamError::Unanswered { .. }
                    ) {
                        self.upstream = Some(upstream);
                        self.upstream_route = route;
                    }
                    return self.upstream_failed(e);
                }
            }
        }
        Reply::new(
            451,
            [4, 4, 1],
            "上流サーバーに送れませんでした (upstream failed)",
        )
    }

    fn upstream_failed(&self, e: crate::UpstreamError) -> Reply {
        // Only the kind and the code: a server's text may quote a recipient's address,
        // and the diagnostics file holds no personal data. The client hears it all.
        let reply = e.reply();
        tracing::warn!("relay upstream failed: {} ({})", e.kind(), reply.code);
        reply
    }
}

/// Teach the history the message as it goes (fixes applied; envelope-only recipients
/// are its Bcc), off the async threads.
fn learn_sent(
    guard: &Arc<sendguard_hook::Guard>,
    fixed: &[u8],
    recipients: &[String],
    report: &Report,
    applied: &sendguard_hook::FixChanges,
) {
    if guard.history().is_none() {
        return;
    }
    let (guard, fixed, recipients) = (guard.clone(), fixed.to_vec(), recipients.to_vec());
    let report = report.clone();
    // The message already carries the changes; only whether a replacement was made
    // matters for learning its names.
    let replaced = sendguard_hook::FixChanges {
        replace_recipients: applied.replace_recipients.clone(),
        ..sendguard_hook::FixChanges::default()
    };
    tokio::task::spawn_blocking(move || {
        let mut draft = message::draft(&fixed, &recipients);
        // Replacements are in `fixed` already: applying them again changes nothing.
        replaced.apply_to_draft(&mut draft);
        guard.learn_sent(draft, &replaced, &report);
    });
}

/// `550 5.7.1` (or `451` for no decision in time) with the reason in Japanese and English.
fn refusal(report: &Report, decision: Decision) -> Reply {
    match decision {
        Decision::TimedOut => Reply::new(
            451,
            [4, 7, 0],
            "確認の画面で時間内に決まらなかったため送っていません。もう一度送信してください (no decision in time; not sent, send again)",
        ),
        Decision::Blocked => {
            let what = blocked_what(report);
            Reply::new(
                550,
                [5, 7, 1],
                format!(
                    "sendguard が送信を止めました: {what}。メールは送っていません (blocked by sendguard policy; not sent)"
                ),
            )
        }
        _ => Reply::new(
            550,
            [5, 7, 1],
            "sendguard で送信を取り消しました。メールは送っていません (cancelled in sendguard; not sent)",
        ),
    }
}

/// What blocked the mail, as people name it: the personal-data types (マイナンバー
/// （個人番号）…), else the first blocking finding's own message.
fn blocked_what(report: &Report) -> String {
    use sendguard_engine::FindingType;
    let blocking: Vec<_> = report.findings.iter().filter(|f| f.blocked).collect();
    let mut labels: Vec<&str> = Vec::new();
    for f in &blocking {
        let label = match f.kind {
            Some(FindingType::Pii(t)) => t.label_ja(),
            Some(FindingType::Record) => "個人データの一覧",
            None => continue,
        };
        if !labels.contains(&label) {
            labels.push(label);
        }
    }
    if !labels.is_empty() {
        return labels.join("・");
    }
    let first = blocking
        .first()
        .map(|f| f.message.as_str())
        .unwrap_or("組織のポリシー (organisation policy)");
    first.chars().take(160).collect()
}

fn skip_line(bytes: &mut std::slice::Iter<'_, u8>) {
    let rest = bytes.as_slice();
    let skip = rest
        .iter()
        .position(|&b| b == b'\n')
        .map_or(rest.len(), |p| p + 1);
    *bytes = rest[skip..].iter();
}
