//! `sendguard relay`: the local SMTP relay with decisions from policy (no dialog).
//! Prints `listening on smtp://127.0.0.1:PORT` as its first line on stdout.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context as _, bail};
use clap::ValueEnum;
use sendguard_engine::policy::UpstreamTls;
use sendguard_hook::startup;

use crate::DecideArg;

#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct RelayArgs {
    #[command(subcommand)]
    queue: Option<QueueCommand>,
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
    /// Seconds the client waits for an answer at most: an undecided mail is then
    /// accepted and kept until the decision (default: the policy's [relay]
    /// answer_within_secs, 45).
    #[arg(long, value_name = "SECS")]
    answer_within_secs: Option<u64>,
    /// 送信保留: seconds a mail waits on this PC after the person let it go, where it
    /// can still be taken back (default: the policy's [relay] hold_secs, 0).
    #[arg(long, value_name = "SECS")]
    hold_secs: Option<u64>,
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
    #[command(flatten)]
    history: crate::history_cmd::HistoryFile,
    /// Run without the recipient history (nothing read, nothing learned).
    #[arg(long, conflicts_with = "path")]
    no_history: bool,
}

/// `sendguard relay queue …`: the hold queue, whether or not the relay runs.
#[derive(clap::Subcommand, Debug)]
enum QueueCommand {
    /// The hold queue (送信待ち): list, show, send now, take back, export.
    Queue {
        #[command(subcommand)]
        action: QueueAction,
        /// The near-miss log whose data folder holds the queue (default: $SENDGUARD_DB,
        /// else the data directory).
        #[arg(long, value_name = "PATH", global = true)]
        db: Option<PathBuf>,
    },
}

#[derive(clap::Subcommand, Debug)]
enum QueueAction {
    /// Every held mail with its state and the seconds left.
    List,
    /// One held mail: envelope, state, the server's last answer.
    Show { id: i64 },
    /// Send it now (a held one), or again (one that failed or whose sending is unknown).
    Send { id: i64 },
    /// Take it back (取り消し): kept as a .eml in relay/recalled/, logged as recalled.
    Cancel { id: i64 },
    /// Write its message to FILE (.eml).
    Export {
        id: i64,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum TlsArg {
    None,
    Starttls,
    Tls,
}

pub fn run(args: RelayArgs) -> anyhow::Result<()> {
    if let Some(QueueCommand::Queue { action, db }) = args.queue {
        return queue(action, db);
    }
    let mut policy = startup::policy(args.rules.as_deref())?;
    for domain in &args.internal_domains {
        policy.add_internal_domain(domain);
    }
    // The command line overrides the policy's [relay]; the policy then makes the
    // config exactly as the app's relay is made (RelayConfig::from_policy).
    let settings = &mut policy.settings.relay;
    if let Some(upstream) = &args.upstream {
        settings.upstream = upstream.clone();
    }
    if let Some(tls) = args.upstream_tls {
        settings.upstream_tls = match tls {
            TlsArg::None => UpstreamTls::None,
            TlsArg::Starttls => UpstreamTls::Starttls,
            TlsArg::Tls => UpstreamTls::Tls,
        };
    }
    if let Some(ca) = &args.upstream_ca {
        settings.upstream_ca = ca.to_string_lossy().into_owned();
    }
    if let Some(hold) = args.hold_secs {
        settings.hold_secs = hold;
    }
    if let Some(within) = args.answer_within_secs {
        settings.answer_within_secs = within;
    }
    let settings = settings.clone();
    let listen = args
        .listen
        .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], settings.port)));
    if !listen.ip().is_loopback() {
        bail!(
            "中継はこの PC の中（127.0.0.1）でだけ待ち受けます (the relay listens on loopback only, not {listen})"
        );
    }
    let mut config = sendguard_relay::RelayConfig::from_policy(&policy)
        .map_err(anyhow::Error::msg)?
        .context(
            "上流サーバーがありません。--upstream HOST:PORT か policy の [relay] upstream で指定してください (no upstream server given)",
        )?;
    if let (Some(user), Some(file)) = (&args.upstream_user, &args.upstream_password_file) {
        config.upstream.credential = Some(
            sendguard_relay::Credential::from_password_file(user, file)
                .map_err(anyhow::Error::msg)?,
        );
    }
    let upstream_text = settings.upstream.clone();
    let (db, log) = startup::log(args.db, &policy)?;
    startup::init_diagnostics(startup::diagnostics_dir(&db).as_deref());
    let spool = db
        .parent()
        .map(|d| d.join("relay"))
        .context("no folder for the relay's spool")?;
    let _lock = sendguard_relay::SpoolLock::acquire(&spool)?;
    let held = sendguard_relay::spool::Spool::open(&spool)?;
    let purged = held.purge_recalled(settings.keep_recalled_days);
    if purged > 0 {
        tracing::info!("removed {purged} taken-back mail(s) older than the policy keeps");
    }
    let decider: Arc<dyn sendguard_hook::Decider> = Arc::new(args.decide.mode());
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
        if !args.no_history {
            guard.set_history(startup::history(args.history.path.clone()));
        }
        let relay = sendguard_relay::Relay::new(config, guard)
            .map_err(|e| {
                anyhow::anyhow!("上流の証明書を読めません (cannot read the upstream CA): {e}")
            })?
            .with_spool(held);
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

/// The folder of the relay's lock, spool and taken-back mail, beside the log.
fn relay_folder(db: Option<PathBuf>) -> anyhow::Result<(PathBuf, PathBuf)> {
    let db = match db {
        Some(db) => db,
        None => sendguard_nearmiss::configured_db_path()
            .context("データ フォルダが見つかりません (no data directory; use --db)")?,
    };
    let folder = db
        .parent()
        .map(|d| d.join("relay"))
        .context("no folder for the relay's spool")?;
    Ok((db, folder))
}

fn queue(action: QueueAction, db: Option<PathBuf>) -> anyhow::Result<()> {
    use sendguard_relay::spool::{EntryState, Spool, now};
    let (db, folder) = relay_folder(db)?;
    let mut spool = Spool::open(&folder)?;
    let mut out = anstream::stdout();
    match action {
        QueueAction::List => {
            let entries = spool.list()?;
            if entries.is_empty() {
                writeln!(
                    out,
                    "送信待ちのメールはありません (the hold queue is empty)"
                )?;
            }
            for e in entries {
                let when = match e.state {
                    EntryState::Held => format!("あと {} 秒", e.due.saturating_sub(now())),
                    _ => e.last_error.clone().unwrap_or_default(),
                };
                writeln!(
                    out,
                    "{:>5}  {:<8} {}  {} → {}  {}",
                    e.id,
                    e.state.code(),
                    e.state.label_ja(),
                    e.envelope.mail_from,
                    e.envelope.recipients.join(", "),
                    when
                )?;
                writeln!(out, "       件名: {}", e.subject)?;
            }
        }
        QueueAction::Show { id } => {
            let e = spool.get(id)?;
            writeln!(out, "番号 (id):        {}", e.id)?;
            writeln!(
                out,
                "状態 (state):     {} ({})",
                e.state.label_ja(),
                e.state.code()
            )?;
            writeln!(out, "件名 (subject):   {}", e.subject)?;
            writeln!(out, "差出人 (from):    {}", e.envelope.mail_from)?;
            writeln!(
                out,
                "宛先 (to):        {}",
                e.envelope.recipients.join(", ")
            )?;
            writeln!(out, "送信先 (server):  {}", e.server)?;
            writeln!(out, "大きさ (bytes):   {}", e.size)?;
            writeln!(
                out,
                "送信予定 (due):   あと {} 秒",
                e.due.saturating_sub(now())
            )?;
            writeln!(out, "試行 (attempts):  {}", e.attempts)?;
            if let Some(err) = &e.last_error {
                writeln!(out, "応答 (last):      {err}")?;
            }
            if let Some(event) = &e.event {
                writeln!(out, "記録 (event):     {event}")?;
            }
        }
        QueueAction::Send { id } => {
            spool.send_now(id)?;
            writeln!(
                out,
                "{id} 番を送ります。中継が動いていれば今、止まっていれば次に起動したときに送ります ({id} goes now if the relay runs, else when it starts)"
            )?;
        }
        QueueAction::Cancel { id } => {
            let (entry, path) = spool.recall(id)?;
            writeln!(
                out,
                "{id} 番を取り消しました。送っていません。メールは {} に残しています ({id} taken back; not sent)",
                path.display()
            )?;
            if let Some(event) = entry.event.as_deref().and_then(|e| e.parse().ok()) {
                let recorded = sendguard_nearmiss::Log::open(&db).and_then(|mut log| {
                    log.set_decision(event, sendguard_nearmiss::Decision::Recalled)
                });
                if let Err(e) = recorded {
                    eprintln!(
                        "sendguard: 記録を「保留中に取り消し」に変えられませんでした (could not mark the near-miss event as recalled): {e}"
                    );
                }
            }
        }
        QueueAction::Export { id, out: file } => {
            spool.export(id, &file)?;
            writeln!(
                out,
                "{id} 番を {} に書き出しました (exported)",
                file.display()
            )?;
        }
    }
    Ok(())
}
