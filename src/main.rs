//! `sendguard`: the command line over the check engine.
//!
//! Thin by design: argument parsing, reading files, and printing. Everything that decides
//! anything lives in `sendguard-engine`. Exit status follows the check contract: 0 all
//! pass, 1 something needs confirmation, 3 something is blocked by policy, 2 a usage
//! error or an input that could not be read at all.

mod history_cmd;
mod log_cmd;
mod relay_cmd;
mod text_output;

use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};
use sendguard_engine::{Engine, Report, Verdict};
use sendguard_extract::child;
use sendguard_hook::startup::{self, engine};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Messages larger than this are refused rather than read into memory.
const MAX_MESSAGE_BYTES: u64 = 512 * 1024 * 1024;
/// Stack for the checking thread: deeply nested hostile MIME must not overflow it.
const CHECK_THREAD_STACK: usize = 256 * 1024 * 1024;

#[derive(Parser, Debug)]
#[command(
    name = "sendguard",
    version,
    about = "誤送信防止: checks outgoing mail before it is sent",
    long_about = "sendguard checks outgoing mail for what a careful colleague would point out: \
                  outside recipients, Cc instead of Bcc, personal data, attachments, look-alike \
                  domains, confidential material. Nothing leaves this PC."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check RFC 5322 messages (.eml); "-" reads standard input.
    Check(CheckArgs),
    /// The near-miss log (ヒヤリハット記録): list, stats, review, report, export, import, purge.
    Log(log_cmd::LogArgs),
    /// Run the send hook for mail-client add-ins on 127.0.0.1 (see docs/hook-api.md).
    Serve(ServeArgs),
    /// Run the local SMTP relay for mail clients without an add-in (see docs/relay.md).
    Relay(relay_cmd::RelayArgs),
    /// The recipient history (宛先の履歴): learn the Sent folder, show, forget.
    History(history_cmd::HistoryArgs),
}

#[derive(clap::Args, Debug)]
struct ServeArgs {
    /// Port on 127.0.0.1 (default: the policy's [hook] port, 47651); 0 picks a free one.
    #[arg(long)]
    port: Option<u16>,
    /// The bearer-token file (default: hook-token in the config directory; created with
    /// mode 0600 when missing).
    #[arg(long, value_name = "PATH")]
    token_file: Option<PathBuf>,
    /// How sends are decided with no dialog: policy (block → cancel, else send),
    /// always-send, always-cancel, or move-to-bcc (as policy, and when the BCC check
    /// fires, send with the outside To/Cc moved to Bcc, as the dialog's one-click does).
    #[arg(long, value_enum, default_value_t = DecideArg::Policy)]
    decide: DecideArg,
    /// The near-miss log (default: $SENDGUARD_DB, else the data directory).
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
    /// A policy file or directory.
    #[arg(long, value_name = "PATH")]
    rules: Option<PathBuf>,
    /// Add an internal domain (repeatable).
    #[arg(long = "internal-domain", value_name = "DOMAIN")]
    internal_domains: Vec<String>,
    #[command(flatten)]
    history: history_cmd::HistoryFile,
    /// Run without the recipient history (nothing read, nothing learned).
    #[arg(long, conflicts_with = "path")]
    no_history: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum DecideArg {
    Policy,
    AlwaysSend,
    AlwaysCancel,
    MoveToBcc,
    /// As move-to-bcc, and every recipient the history has a suggestion for is replaced
    /// (for a client that declares it can apply it).
    Fix,
}

impl DecideArg {
    fn mode(self) -> sendguard_hook::DecideMode {
        match self {
            DecideArg::Policy => sendguard_hook::DecideMode::Policy,
            DecideArg::AlwaysSend => sendguard_hook::DecideMode::AlwaysSend,
            DecideArg::AlwaysCancel => sendguard_hook::DecideMode::AlwaysCancel,
            DecideArg::MoveToBcc => sendguard_hook::DecideMode::MoveToBcc,
            DecideArg::Fix => sendguard_hook::DecideMode::Fix,
        }
    }
}

#[derive(clap::Args, Debug)]
struct CheckArgs {
    /// Messages to check (.eml). "-" reads standard input.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// A policy file or directory (default: the user's policy, else the built-in rules).
    #[arg(long, value_name = "PATH")]
    rules: Option<PathBuf>,
    /// Add an internal domain (repeatable; subdomains count as internal).
    #[arg(long = "internal-domain", value_name = "DOMAIN")]
    internal_domains: Vec<String>,
    /// Add a name the organisation goes by (repeatable), e.g. サクラシステム.
    #[arg(long = "org-name", value_name = "NAME")]
    org_names: Vec<String>,
    /// Output format: text for people, json = one JSON object per input, one per line.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Colour in text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Record each checked message in the near-miss log (decision `checked`); masked,
    /// like every log entry.
    #[arg(long)]
    record: bool,
    /// The near-miss log file for --record (default: $SENDGUARD_DB, else
    /// nearmiss.sqlite3 in the data directory).
    #[arg(long, value_name = "PATH", requires = "record")]
    db: Option<PathBuf>,
    #[command(flatten)]
    history: history_cmd::HistoryFile,
    /// Check without the recipient history (and without the organisation list).
    #[arg(long, conflicts_with = "path")]
    no_history: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    // The reader child for PDF and xls/ods attachments (see sendguard_extract::child):
    // handled before argument parsing, as it is not a command for people.
    if std::env::args_os().nth(1).as_deref() == Some(std::ffi::OsStr::new(child::CHILD_ARG)) {
        return ExitCode::from(u8::try_from(child::serve_child()).unwrap_or(1));
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Check(args) => match run_check(args) {
            Ok(code) => ExitCode::from(code),
            Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("sendguard: {e:#}");
                ExitCode::from(2)
            }
        },
        Command::Serve(args) => match run_serve(args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("sendguard: エラー: {e:#}");
                ExitCode::from(2)
            }
        },
        Command::Relay(args) => match relay_cmd::run(args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("sendguard: エラー: {e:#}");
                ExitCode::from(2)
            }
        },
        Command::History(args) => match history_cmd::run(args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("sendguard: エラー: {e:#}");
                ExitCode::from(2)
            }
        },
        Command::Log(args) => match log_cmd::run(args) {
            Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(2)),
            // `sendguard log list | head`: the reader has what it wanted.
            Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("sendguard: エラー: {e:#}");
                ExitCode::from(2)
            }
        },
    }
}

/// `sendguard serve`: the send hook with decisions from policy. Prints
/// `listening on http://127.0.0.1:PORT` as its first line.
fn run_serve(args: ServeArgs) -> anyhow::Result<()> {
    let mut policy = startup::policy(args.rules.as_deref())?;
    for domain in &args.internal_domains {
        policy.add_internal_domain(domain);
    }
    let settings = policy.settings.hook.clone();
    let token = startup::token(args.token_file)?;
    let (db, log) = startup::log(args.db, &policy)?;
    // Diagnostics beside the log: stderr, and a daily file a service's operator can read.
    startup::init_diagnostics(startup::diagnostics_dir(&db).as_deref());
    let decider: std::sync::Arc<dyn sendguard_hook::Decider> =
        std::sync::Arc::new(args.decide.mode());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server runtime")?;
    runtime.block_on(async move {
        let port = args.port.unwrap_or(settings.port);
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .with_context(|| {
                format!("ポート {port} を使えません (cannot listen on 127.0.0.1:{port})")
            })?;
        let port = listener.local_addr()?.port();
        let config = sendguard_hook::HookConfig::from_settings(port, token, &settings);
        let hook = sendguard_hook::Hook::new(config, engine(policy), decider, Some(log));
        if !args.no_history {
            hook.guard()
                .set_history(startup::history(args.history.path.clone()));
        }
        println!("listening on http://127.0.0.1:{port}");
        tracing::info!(
            "send hook listening on 127.0.0.1:{port}; near-miss log {}",
            db.display()
        );
        std::io::stdout().flush()?;
        sendguard_hook::serve(listener, std::sync::Arc::new(hook)).await?;
        anyhow::Ok(())
    })
}

/// True when writing to stdout failed because its reader went away.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run_check(args: CheckArgs) -> anyhow::Result<u8> {
    let mut policy = sendguard_engine::policy::files::load(args.rules.as_deref())
        .context("ポリシーを読み込めません (cannot load the policy)")?;
    for notice in &policy.notices {
        eprintln!("sendguard: {notice}");
    }
    for domain in &args.internal_domains {
        policy.add_internal_domain(domain);
    }
    for name in &args.org_names {
        policy.add_org_name(name);
    }
    // anstream decides for Auto: a terminal that takes colour, NO_COLOR and CLICOLOR
    // honoured, Windows consoles served.
    let color = match args.color {
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
        ColorChoice::Auto => anstream::ColorChoice::Auto,
    };
    let format = args.format;
    let files = args.files;
    let history = history_cmd::for_check(&args.history, args.no_history)?;
    let recorder = if args.record {
        Some(Recorder::open(log_cmd::db_path(args.db)?, &policy)?)
    } else {
        None
    };

    // Check on a thread with a large stack, so no input can overflow it.
    let worker = std::thread::Builder::new()
        .name("check".into())
        .stack_size(CHECK_THREAD_STACK)
        .spawn(move || {
            let history = history
                .as_ref()
                .map(|h| h as &dyn sendguard_engine::History);
            check_files(&engine(policy), history, &files, format, color, recorder)
        })
        .context("cannot start the checking thread")?;
    match worker.join() {
        Ok(result) => result,
        Err(_) => anyhow::bail!("internal error while checking (please report this message)"),
    }
}

fn check_files(
    engine: &Engine,
    history: Option<&dyn sendguard_engine::History>,
    files: &[PathBuf],
    format: Format,
    color: anstream::ColorChoice,
    mut recorder: Option<Recorder>,
) -> anyhow::Result<u8> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(anstream::AutoStream::new(stdout.lock(), color));
    let mut unreadable = false;
    let mut worst = Verdict::Pass;
    for path in files {
        let source = path.display().to_string();
        let bytes = match read_input(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                out.flush()?;
                eprintln!("sendguard: {source}: {e:#}");
                unreadable = true;
                continue;
            }
        };
        // The engine is built never to panic; should it ever, lose this file, not the rest.
        let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            engine.check_eml_with_history(&bytes, &source, history)
        }));
        let Ok(report) = checked else {
            out.flush()?;
            eprintln!(
                "sendguard: {source}: 内部エラーのため確認できませんでした。このファイルを報告してください (internal error while checking; please report this file)"
            );
            unreadable = true;
            continue;
        };
        worst = worst.max(report.verdict);
        write_report(&mut out, &report, format)?;
        if let Some(recorder) = recorder.as_mut() {
            recorder.record(&report)?;
        }
    }
    out.flush()?;
    Ok(if unreadable {
        2
    } else {
        match worst {
            Verdict::Pass => 0,
            Verdict::Confirm => 1,
            Verdict::Block => 3,
        }
    })
}

/// `check --record`: the near-miss log and the redactor that masks what it stores.
struct Recorder {
    log: sendguard_nearmiss::Log,
    redactor: sendguard_engine::Redactor,
    user: String,
    machine: String,
}

impl Recorder {
    /// Opens (or creates) the log and applies the policy's retention first.
    fn open(path: PathBuf, policy: &sendguard_engine::Policy) -> anyhow::Result<Recorder> {
        let log = log_cmd::open_for_recording(&path, policy)?;
        Ok(Recorder {
            log,
            redactor: sendguard_engine::Redactor::from_policy(policy),
            user: sendguard_nearmiss::current_user(),
            machine: sendguard_nearmiss::current_machine(),
        })
    }

    fn record(&mut self, report: &Report) -> anyhow::Result<()> {
        let record = sendguard_nearmiss::EventRecord::from_report(
            report,
            &self.redactor,
            sendguard_nearmiss::EventMeta {
                time: jiff::Timestamp::now(),
                user: self.user.clone(),
                machine: self.machine.clone(),
                client: "cli".to_owned(),
                decision: sendguard_nearmiss::Decision::Checked,
                dialog_seconds: None,
                changes: sendguard_nearmiss::Changes::default(),
            },
        );
        self.log
            .record(&record)
            .with_context(|| format!("{}: 記録できません (cannot record)", report.source))?;
        Ok(())
    }
}

fn read_input(path: &PathBuf) -> anyhow::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .take(MAX_MESSAGE_BYTES + 1)
            .read_to_end(&mut bytes)
            .context("標準入力を読めません (cannot read standard input)")?;
    } else {
        let file = std::fs::File::open(path).context("ファイルを開けません (cannot open file)")?;
        if file.metadata().map(|m| m.is_dir()).unwrap_or(false) {
            anyhow::bail!("ディレクトリです。.eml ファイルを指定してください (is a directory)");
        }
        file.take(MAX_MESSAGE_BYTES + 1)
            .read_to_end(&mut bytes)
            .context("ファイルを読めません (cannot read file)")?;
    }
    if bytes.len() as u64 > MAX_MESSAGE_BYTES {
        anyhow::bail!(
            "{} MB を超えるメッセージは確認できません (message larger than {} MB)",
            MAX_MESSAGE_BYTES / 1024 / 1024,
            MAX_MESSAGE_BYTES / 1024 / 1024
        );
    }
    Ok(bytes)
}

fn write_report(out: &mut impl Write, report: &Report, format: Format) -> anyhow::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer(&mut *out, report)?;
            writeln!(out)?;
        }
        Format::Text => text_output::write(out, report)?,
    }
    Ok(())
}
