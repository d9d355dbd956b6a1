//! `sendguard relay`: the local SMTP relay with decisions from policy (no dialog).
//! Prints `listening on smtp://127.0.0.1:PORT` as its first line on stdout.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, bail};
use clap::ValueEnum;
use sendguard_engine::policy::UpstreamTls;
use sendguard_hook::startup;

use crate::DecideArg;

#[derive(clap::Args, Debug)]
pub struct RelayArgs {
    /// Address to listen on; loopback only. `127.0.0.1:0` picks a free port (default:
    /// 127.0.0.1 and the policy's [relay] port, 47652).
    #[arg(long, value_name = "ADDR:PORT")]
    listen: Option<SocketAddr>,
    /// The real outgoing server, HOST:PORT (default: the policy's [relay] upstream).
    #[arg(long, value_name = "HOST:PORT")]
    upstream: Option<String>,
    /// How to reach it: starttls (port 587), tls (port 465) or none (plain).
    #[arg(long, value_enum)]
    upstream_tls: Option<TlsArg>,
    /// A PEM file of the CAs to trust for the upstream (a private CA) instead of the
    /// system's roots.
    #[arg(long, value_name = "FILE")]
    upstream_ca: Option<PathBuf>,
    /// The relay's own upstream user, for clients that do not authenticate (a client
    /// that does authenticate is authenticated upstream with its own credential).
    #[arg(long, value_name = "USER", requires = "upstream_password_file")]
    upstream_user: Option<String>,
    /// The file holding that user's password (the whole file, a final newline removed);
    /// never a password on the command line.
    #[arg(long, value_name = "FILE", requires = "upstream_user")]
    upstream_password_file: Option<PathBuf>,
    /// How messages are decided with no dialog (as `sendguard serve --decide`).
    #[arg(long, value_enum, default_value_t = DecideArg::Policy)]
    decide: DecideArg,
    /// Seconds to wait for a decision before answering 451 (nothing sent).
    #[arg(long, value_name = "SECS", default_value_t = 45)]
    decision_timeout_secs: u64,
    /// The near-miss log (default: $SENDGUARD_DB, else the data directory). The relay's
    /// lock file (one relay per data folder) is in `relay/` beside it.
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
    /// A policy file or directory.
    #[arg(long, value_name = "PATH")]
    rules: Option<PathBuf>,
    /// Add an internal domain (repeatable).
    #[arg(long = "internal-domain", value_name = "DOMAIN")]
    internal_domains: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum TlsArg {
    None,
    Starttls,
    Tls,
}

/// `host:port` split, with a clear error.
fn host_port(text: &str) -> anyhow::Result<(String, u16)> {
    let (host, port) = text.rsplit_once(':').with_context(|| {
        format!(
            "上流サーバーは HOST:PORT で指定してください (upstream must be HOST:PORT, got {text:?})"
        )
    })?;
    let port: u16 = port
        .parse()
        .with_context(|| format!("ポート番号が不正です (bad port in {text:?})"))?;
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.is_empty() || port == 0 {
        bail!(
            "上流サーバーは HOST:PORT で指定してください (upstream must be HOST:PORT, got {text:?})"
        );
    }
    Ok((host.to_owned(), port))
}

fn read_password(path: &PathBuf) -> anyhow::Result<String> {
    let text = std::fs::read_to_string(path).with_context(|| {
        format!(
            "パスワードファイルを読めません (cannot read {})",
            path.display()
        )
    })?;
    let password = text.strip_suffix('\n').unwrap_or(&text);
    let password = password.strip_suffix('\r').unwrap_or(password);
    if password.is_empty() {
        bail!(
            "パスワードファイルが空です (the password file {} is empty)",
            path.display()
        );
    }
    Ok(password.to_owned())
}

pub fn run(args: RelayArgs) -> anyhow::Result<()> {
    let mut policy = startup::policy(args.rules.as_deref())?;
    for domain in &args.internal_domains {
        policy.add_internal_domain(domain);
    }
    let settings = policy.settings.relay.clone();
    let listen = args
        .listen
        .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], settings.port)));
    if !listen.ip().is_loopback() {
        bail!(
            "中継はこの PC の中（127.0.0.1）でだけ待ち受けます (the relay listens on loopback only, not {listen})"
        );
    }
    let upstream_text = args.upstream.clone().unwrap_or(settings.upstream.clone());
    if upstream_text.trim().is_empty() {
        bail!(
            "上流サーバーがありません。--upstream HOST:PORT か policy の [relay] upstream で指定してください (no upstream server given)"
        );
    }
    let (host, port) = host_port(upstream_text.trim())?;
    let tls = match args.upstream_tls {
        Some(TlsArg::None) => UpstreamTls::None,
        Some(TlsArg::Starttls) => UpstreamTls::Starttls,
        Some(TlsArg::Tls) => UpstreamTls::Tls,
        None => settings.upstream_tls,
    };
    let ca_file = args.upstream_ca.clone().or_else(|| {
        (!settings.upstream_ca.trim().is_empty()).then(|| PathBuf::from(&settings.upstream_ca))
    });
    let credential = match (&args.upstream_user, &args.upstream_password_file) {
        (Some(user), Some(file)) => Some(sendguard_relay::Credential::password(
            user.clone(),
            read_password(file)?,
        )),
        _ => None,
    };
    let (db, log) = startup::log(args.db, &policy)?;
    startup::init_diagnostics(startup::diagnostics_dir(&db).as_deref());
    let spool = db
        .parent()
        .map(|d| d.join("relay"))
        .context("no folder for the relay's spool")?;
    let _lock = sendguard_relay::SpoolLock::acquire(&spool)?;
    let decider: Arc<dyn sendguard_hook::Decider> = Arc::new(args.decide.mode());
    let max_bytes =
        usize::try_from(settings.max_message_mib.saturating_mul(1024 * 1024)).unwrap_or(usize::MAX);
    let upstream = sendguard_relay::UpstreamConfig {
        host,
        port,
        tls,
        ca_file,
        credential,
        timeout: Duration::from_secs(60),
        helo_name: "sendguard.localhost".to_owned(),
    };
    let mut config = sendguard_relay::RelayConfig::new(upstream, max_bytes);
    config.decision_timeout = Duration::from_secs(args.decision_timeout_secs.max(1));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the relay runtime")?;
    runtime.block_on(async move {
        let guard = Arc::new(sendguard_hook::Guard::new(
            startup::engine(policy),
            decider,
            Some(log),
        ));
        let relay = sendguard_relay::Relay::new(config, guard).map_err(|e| {
            anyhow::anyhow!("上流の証明書を読めません (cannot read the upstream CA): {e}")
        })?;
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .with_context(|| {
                format!("{listen} で待ち受けできません (cannot listen on {listen})")
            })?;
        let local = listener.local_addr()?;
        println!("listening on smtp://{local}");
        std::io::stdout().flush()?;
        tracing::info!(
            "relay listening on {local}; upstream {upstream_text}; near-miss log {}",
            db.display()
        );
        sendguard_relay::serve(listener, Arc::new(relay)).await?;
        anyhow::Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upstream_addresses() {
        assert_eq!(
            host_port("smtp.example.co.jp:587").expect("ok"),
            ("smtp.example.co.jp".to_owned(), 587)
        );
        assert_eq!(host_port("[::1]:25").expect("ok"), ("::1".to_owned(), 25));
        assert!(host_port("smtp.example.co.jp").is_err());
        assert!(host_port("smtp.example.co.jp:x").is_err());
        assert!(host_port(":25").is_err());
    }
}
