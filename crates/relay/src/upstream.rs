//! The real outgoing server, spoken to with `mail-send`: connect (plain, STARTTLS or
//! TLS from the first byte, the certificate always verified), authenticate with the
//! client's own credential or the relay's, and deliver one envelope and message.
//!
//! Every failure keeps the server's own answer where there is one, so the client hears
//! what it would have heard without the relay (a wrong password is the server's 535).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use mail_send::SmtpClient;
use mail_send::smtp::message::Parameters;
use sendguard_engine::policy::UpstreamTls;
use smtp_proto::{EXT_8BIT_MIME, EXT_SMTP_UTF8, EhloResponse};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

use crate::auth::Credential;
use crate::reply::Reply;

/// Where and how to reach the real server.
#[derive(Debug, Clone)]
pub struct UpstreamConfig {
    pub host: String,
    pub port: u16,
    pub tls: UpstreamTls,
    /// PEM file of the CAs to trust instead of the platform's roots.
    pub ca_file: Option<PathBuf>,
    /// The relay's own credential, used when the client does not authenticate.
    pub credential: Option<Credential>,
    /// Bound on connecting and on each exchange.
    pub timeout: Duration,
    /// The name the relay gives in its EHLO.
    pub helo_name: String,
}

/// Why the upstream could not be used. `Reply` is the server's own answer.
#[derive(Debug, thiserror::Error)]
pub enum UpstreamError {
    #[error("{}", .0.text)]
    Reply(Reply),
    #[error(
        "上流サーバー {server} に接続できません (cannot reach the upstream server {server}): {why}"
    )]
    Unreachable { server: String, why: String },
    #[error(
        "上流サーバー {server} の証明書を確認できません。接続しませんでした (the upstream server's certificate could not be verified; not connected): {why}"
    )]
    Certificate { server: String, why: String },
    #[error(
        "上流サーバー {server} が STARTTLS に対応していません。暗号化なしでは送りません (the upstream does not offer STARTTLS; not sent unencrypted)"
    )]
    NoStartTls { server: String },
    #[error(
        "上流サーバー {server} が 8BITMIME に対応していないため、8 ビットのメールを送れません。メールソフトの設定で 7 ビット（Base64 など）にしてください (the upstream does not accept 8-bit mail; set the client to encode it)"
    )]
    No8BitMime { server: String },
    #[error(
        "上流サーバー {server} が SMTPUTF8 に対応していないため、日本語のアドレスへ送れません (the upstream does not accept internationalised addresses)"
    )]
    NoSmtpUtf8 { server: String },
    #[error(
        "上流サーバー {server} とのやりとりが途中で切れました (the upstream connection failed): {why}"
    )]
    Broken { server: String, why: String },
    /// The whole message and its end marker were written, but no answer came: the
    /// server may have taken it. Never sent again by itself.
    #[error(
        "上流サーバー {server} に本文を送りましたが応答がありません。送られたかどうか分かりません。受信者に確かめてから送り直してください (the message was sent but the server did not answer; it may have been delivered): {why}"
    )]
    Unanswered { server: String, why: String },
}

impl UpstreamError {
    /// What went wrong, in a word (for the diagnostics, which hold no server text).
    pub fn kind(&self) -> &'static str {
        match self {
            UpstreamError::Reply(_) => "refused",
            UpstreamError::Unreachable { .. } => "unreachable",
            UpstreamError::Certificate { .. } => "certificate",
            UpstreamError::NoStartTls { .. } => "no STARTTLS",
            UpstreamError::No8BitMime { .. } => "no 8BITMIME",
            UpstreamError::NoSmtpUtf8 { .. } => "no SMTPUTF8",
            UpstreamError::Broken { .. } => "broken",
            UpstreamError::Unanswered { .. } => "unanswered after data",
        }
    }

    /// The reply the mail client gets for this failure.
    pub fn reply(&self) -> Reply {
        match self {
            UpstreamError::Reply(reply) => reply.clone(),
            UpstreamError::Unreachable { .. } | UpstreamError::Broken { .. } => {
                Reply::new(451, [4, 4, 1], self.to_string())
            }
            UpstreamError::Certificate { .. } | UpstreamError::NoStartTls { .. } => {
                Reply::new(554, [5, 7, 10], self.to_string())
            }
            UpstreamError::No8BitMime { .. } => Reply::new(554, [5, 6, 3], self.to_string()),
            // A 5xx: the client keeps the mail and does not try again by itself.
            UpstreamError::Unanswered { .. } => Reply::new(554, [5, 4, 7], self.to_string()),
            UpstreamError::NoSmtpUtf8 { .. } => Reply::new(553, [5, 6, 7], self.to_string()),
        }
    }
}

/// A byte stream the client can run over: TCP, or TLS over TCP.
pub(crate) trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

/// An open, greeted (and, when asked, authenticated) upstream session.
pub struct UpstreamSession {
    client: SmtpClient<Box<dyn Io>>,
    capabilities: EhloResponse<String>,
    server: String,
}

impl std::fmt::Debug for UpstreamSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UpstreamSession")
            .field("server", &self.server)
            .finish_non_exhaustive()
    }
}

/// What goes to the upstream for one message.
#[derive(Debug, Clone, Default)]
pub struct Envelope {
    pub mail_from: String,
    pub recipients: Vec<String>,
    /// The client declared `BODY=8BITMIME`.
    pub eight_bit: bool,
    /// The client declared `SMTPUTF8`.
    pub smtputf8: bool,
}

/// The TLS connector for `config`: the platform's verifier, or the CAs of `ca_file`.
pub fn tls_connector(ca_file: Option<&Path>) -> Result<TlsConnector, String> {
    install_crypto_provider();
    match ca_file {
        None => mail_send::smtp::tls::build_tls_connector(false),
        Some(path) => {
            use rustls_pki_types::CertificateDer;
            use rustls_pki_types::pem::PemObject;
            let mut roots = rustls::RootCertStore::empty();
            let certs = CertificateDer::pem_file_iter(path)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            for cert in certs {
                let cert = cert.map_err(|e| format!("{}: {e}", path.display()))?;
                roots
                    .add(cert)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
            }
            if roots.is_empty() {
                return Err(format!(
                    "{}: 証明書がありません (no certificate in the file)",
                    path.display()
                ));
            }
            let config = rustls::ClientConfig::builder()
                .with_root_certificates(roots)
                .with_no_client_auth();
            Ok(TlsConnector::from(Arc::new(config)))
        }
    }
}

/// rustls needs one process-wide crypto provider; the relay brings `ring`.
fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

fn unreachable(server: &str, e: impl std::fmt::Display) -> UpstreamError {
    UpstreamError::Unreachable {
        server: server.to_owned(),
        why: e.to_string(),
    }
}

fn broken(server: &str, e: mail_send::Error) -> UpstreamError {
    match e {
        mail_send::Error::UnexpectedReply(r) | mail_send::Error::AuthenticationFailed(r) => {
            UpstreamError::Reply(Reply::from_upstream(&r))
        }
        mail_send::Error::Tls(e) => UpstreamError::Certificate {
            server: server.to_owned(),
            why: e.to_string(),
        },
        other => UpstreamError::Broken {
            server: server.to_owned(),
            why: other.to_string(),
        },
    }
}

impl UpstreamSession {
    /// Connect, greet, secure and authenticate (with `credential`, else the config's).
    pub async fn open(
        config: &UpstreamConfig,
        tls: &TlsConnector,
        credential: Option<&Credential>,
    ) -> Result<UpstreamSession, UpstreamError> {
        let server = format!("{}:{}", config.host, config.port);
        let addr = tokio::time::timeout(
            config.timeout,
            tokio::net::lookup_host((config.host.as_str(), config.port)),
        )
        .await
        .map_err(|_| unreachable(&server, "名前解決が時間切れ (DNS timeout)"))?
        .map_err(|e| unreachable(&server, e))?
        .next()
        .ok_or_else(|| unreachable(&server, "アドレスがありません (no address)"))?;
        let plain = SmtpClient::<TcpStream>::connect(addr, config.timeout)
            .await
            .map_err(|e| unreachable(&server, e))?;
        // mail-send writes a message in pieces and the end marker on its own: without
        // this, Nagle holds the marker until the server's delayed ACK (about 40 ms).
        let _ = plain.stream.set_nodelay(true);
        let mut client: SmtpClient<Box<dyn Io>> = match config.tls {
            UpstreamTls::Tls => {
                let secure = plain
                    .into_tls(tls, &config.host)
                    .await
                    .map_err(|e| broken(&server, e))?;
                boxed(secure)
            }
            UpstreamTls::None | UpstreamTls::Starttls => boxed(plain),
        };
        // mail-send's `read` has no time limit of its own: a server that never greets (a
        // TLS port spoken to in plain text) must not hold the session forever.
        let greeting = tokio::time::timeout(config.timeout, client.read())
            .await
            .map_err(|_| unreachable(&server, "挨拶がありません (no greeting in time)"))?
            .map_err(|e| broken(&server, e))?;
        if !greeting.is_positive_completion() {
            return Err(UpstreamError::Reply(Reply::from_upstream(&greeting)));
        }
        let mut capabilities = client
            .ehlo(&config.helo_name)
            .await
            .map_err(|e| broken(&server, e))?;
        if config.tls == UpstreamTls::Starttls {
            if !capabilities.has_capability(smtp_proto::EXT_START_TLS) {
                return Err(UpstreamError::NoStartTls { server });
            }
            let response = client
                .cmd(b"STARTTLS\r\n")
                .await
                .map_err(|e| broken(&server, e))?;
            if !response.is_positive_completion() {
                return Err(UpstreamError::Reply(Reply::from_upstream(&response)));
            }
            // The boxed stream is the plain TCP one: unwrap it for the handshake.
            let timeout = client.timeout;
            let stream = tokio_rustls_connect(tls, &config.host, client.stream, timeout)
                .await
                .map_err(|e| match e {
                    Handshake::Certificate(why) => UpstreamError::Certificate {
                        server: server.clone(),
                        why,
                    },
                    Handshake::Io(why) => unreachable(&server, why),
                })?;
            client = SmtpClient { stream, timeout };
            capabilities = client
                .ehlo(&config.helo_name)
                .await
                .map_err(|e| broken(&server, e))?;
        }
        if let Some(credential) = credential.or(config.credential.as_ref()) {
            client
                .authenticate(&credential.0, &capabilities)
                .await
                .map_err(|e| match e {
                    mail_send::Error::UnsupportedAuthMechanism => UpstreamError::Reply(Reply::new(
                        504,
                        [5, 5, 4],
                        format!(
                            "上流サーバー {server} はこの認証方式に対応していません (the upstream does not offer this mechanism)"
                        ),
                    )),
                    other => broken(&server, other),
                })?;
        }
        Ok(UpstreamSession {
            client,
            capabilities,
            server,
        })
    }

    /// Deliver `message` (without the final CRLF's dot; `mail-send` adds the end
    /// marker) to `envelope`: the server's final answer, or why not. A refused
    /// recipient refuses the whole message (the client hears that recipient's answer),
    /// so nobody gets a copy the person did not see go out whole.
    pub async fn deliver(
        &mut self,
        envelope: &Envelope,
        message: &[u8],
    ) -> Result<Reply, UpstreamError> {
        let server = self.server.clone();
        if envelope.eight_bit && !self.capabilities.has_capability(EXT_8BIT_MIME) {
            return Err(UpstreamError::No8BitMime { server });
        }
        let wants_utf8 = envelope.smtputf8
            || !envelope.mail_from.is_ascii()
            || envelope.recipients.iter().any(|r| !r.is_ascii());
        if wants_utf8 && !self.capabilities.has_capability(EXT_SMTP_UTF8) {
            return Err(UpstreamError::NoSmtpUtf8 { server });
        }
        let mut params = Parameters::new();
        if envelope.eight_bit {
            params.add(("BODY", "8BITMIME"));
        }
        if wants_utf8 {
            params.add("SMTPUTF8");
        }
        let size = message.len().to_string();
        if self.capabilities.has_capability(smtp_proto::EXT_SIZE) {
            params.add(("SIZE", size.as_str()));
        }
        let envelope_sent = async {
            self.client.mail_from(&envelope.mail_from, &params).await?;
            for rcpt in &envelope.recipients {
                self.client.rcpt_to(rcpt, &Parameters::new()).await?;
            }
            let go = self.client.cmd(b"DATA\r\n").await?;
            if go.code() != 354 {
                return Err(mail_send::Error::UnexpectedReply(go));
            }
            Ok(())
        }
        .await;
        if let Err(e) = envelope_sent {
            // Leave the session clean for the next message, when it still stands.
            let _ = self.client.rset().await;
            return Err(broken(&server, e));
        }
        // The upload gets time for its size (64 KiB/s at the least); the answer after
        // the end marker its own limit. Once the marker is out, a missing answer means
        // "perhaps delivered": never a second try.
        let timeout = self.client.timeout;
        let upload = timeout + Duration::from_secs((message.len() / (64 * 1024)) as u64);
        match tokio::time::timeout(upload, self.client.write_message(message)).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => return Err(broken(&server, mail_send::Error::Io(e))),
            Err(_) => {
                return Err(UpstreamError::Broken {
                    server,
                    why: "本文の送信が時間切れ (upload timeout)".into(),
                });
            }
        }
        match tokio::time::timeout(timeout, self.client.read()).await {
            Ok(Ok(response)) => Ok(Reply::from_upstream(&response)),
            Ok(Err(e)) => Err(UpstreamError::Unanswered {
                server,
                why: e.to_string(),
            }),
            Err(_) => Err(UpstreamError::Unanswered {
                server,
                why: "応答が時間切れ (no answer in time)".into(),
            }),
        }
    }

    /// Say goodbye (best effort).
    pub async fn quit(self) {
        let _ = self.client.quit().await;
    }
}

fn boxed<T: Io + 'static>(client: SmtpClient<T>) -> SmtpClient<Box<dyn Io>> {
    SmtpClient {
        stream: Box::new(client.stream),
        timeout: client.timeout,
    }
}

enum Handshake {
    Certificate(String),
    Io(String),
}

/// The TLS handshake after STARTTLS, over the boxed plain stream.
async fn tokio_rustls_connect(
    tls: &TlsConnector,
    host: &str,
    stream: Box<dyn Io>,
    timeout: Duration,
) -> Result<Box<dyn Io>, Handshake> {
    let name = rustls_pki_types::ServerName::try_from(host.to_owned())
        .map_err(|e| Handshake::Certificate(e.to_string()))?;
    let connect = tls.connect(name, stream);
    match tokio::time::timeout(timeout, connect).await {
        Err(_) => Err(Handshake::Io(
            "TLS の開始が時間切れ (TLS handshake timeout)".into(),
        )),
        Ok(Ok(secure)) => Ok(Box::new(secure)),
        Ok(Err(e)) => {
            let text = e.to_string();
            match e
                .into_inner()
                .map(|inner| inner.downcast::<rustls::Error>())
            {
                Some(Ok(tls_error)) => Err(Handshake::Certificate(tls_error.to_string())),
                _ => Err(Handshake::Io(text)),
            }
        }
    }
}
