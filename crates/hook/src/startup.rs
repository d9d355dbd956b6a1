//! What `sendguard serve` and the desktop app both do before the hook listens: the
//! engine with its reader child process, the policy, the token, the near-miss log, and
//! where diagnostics go. Written once here so the two start the same way.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use sendguard_engine::{Engine, Policy};
use sendguard_extract::child::ChildProcess;
use sendguard_nearmiss::Log;

/// Why start-up failed, in one line of Japanese and English.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("ポリシーを読み込めません (cannot load the policy): {0}")]
    Policy(#[from] sendguard_engine::PolicyError),
    #[error("設定フォルダが見つかりません (no config directory; use --token-file)")]
    NoConfigDir,
    #[error("データ フォルダが見つかりません (no data directory; use --db)")]
    NoDataDir,
    #[error("トークンを用意できません (token file {path}): {source}")]
    Token {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("記録ファイルを開けません (cannot open the log {path}): {source}")]
    Log {
        path: PathBuf,
        source: sendguard_nearmiss::Error,
    },
}

/// The engine for `policy`, reading PDF and xls/ods attachments in a child process (the
/// running binary with the reader argument), so a hostile file cannot take the hook down.
pub fn engine(policy: Policy) -> Engine {
    let engine = Engine::new(policy);
    match ChildProcess::current_exe() {
        Some(reader) => engine.with_isolation(Arc::new(reader)),
        None => engine,
    }
}

/// The layered policy (built-in < organisation < user, or `rules`).
pub fn policy(rules: Option<&Path>) -> Result<Policy, StartupError> {
    Ok(sendguard_engine::policy::files::load(rules)?)
}

/// The hook token from `path` (default: the config dir), created on first start.
pub fn token(path: Option<PathBuf>) -> Result<String, StartupError> {
    let path = match path {
        Some(path) => path,
        None => crate::default_token_path().ok_or(StartupError::NoConfigDir)?,
    };
    crate::load_or_create_token(&path).map_err(|source| StartupError::Token { path, source })
}

/// The near-miss log at `db` (default: the data dir), with the policy's retention.
pub fn log(db: Option<PathBuf>, policy: &Policy) -> Result<(PathBuf, Log), StartupError> {
    let path = match db {
        Some(path) => path,
        None => sendguard_nearmiss::configured_db_path().ok_or(StartupError::NoDataDir)?,
    };
    match Log::open_with_retention(&path, policy.settings.log.retention_days) {
        Ok(log) => Ok((path, log)),
        Err(source) => Err(StartupError::Log { path, source }),
    }
}

/// The recipient history for the hook, the relay and the app: `path` (default:
/// `$SENDGUARD_HISTORY`, else `history.sqlite3` in the data dir), created when missing,
/// with the organisation list in force. `None` (the checks run without it) when it
/// cannot be opened: a damaged history must not stop mail; the diagnostics say why.
pub fn history(path: Option<PathBuf>) -> Option<sendguard_history::LiveHistory> {
    let path =
        path.or_else(|| sendguard_history::configured_path(sendguard_nearmiss::data_dir()))?;
    let list = match sendguard_history::OrganisationList::load_configured() {
        Ok(list) => list,
        Err(e) => {
            tracing::warn!("organisation list not read: {e}");
            sendguard_history::OrganisationList::default()
        }
    };
    match sendguard_history::LiveHistory::open(&path, list) {
        Ok(history) => Some(history),
        Err(e) => {
            tracing::error!("the recipient history is off: {e}");
            None
        }
    }
}

/// The folder of the diagnostics files: `logs/` beside the near-miss log at `db` (the
/// app and `serve` agree, and a test's own data dir keeps its diagnostics too).
pub fn diagnostics_dir(db: &Path) -> Option<PathBuf> {
    db.parent().map(|d| d.join("logs"))
}

/// Days of diagnostics kept.
const DIAGNOSTICS_DAYS: usize = 14;

/// Where diagnostics go: always stderr (a console, a terminal, a service's journal)
/// and, for the app and `serve`, a file rotated daily in `dir` (`sendguard.log.YYYY-MM-DD`,
/// the last [`DIAGNOSTICS_DAYS`] kept): a Windows app has no console, so without the file
/// "could not write the near-miss log" would be lost. Diagnostics name what failed and
/// why, never a subject, an address or a file name of a mail (the same rule as the
/// near-miss log; a test scans the file). Each line is written as it happens (no
/// background writer whose buffer a `process::exit` would drop: diagnostics are few,
/// and the last one before an exit is the one that matters). Calling it twice keeps the
/// first set-up.
pub fn init_diagnostics(dir: Option<&Path>) {
    use std::io::IsTerminal;
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let stderr = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false);
    let file = dir.and_then(|dir| {
        std::fs::create_dir_all(dir).ok()?;
        tracing_appender::rolling::Builder::new()
            .rotation(tracing_appender::rolling::Rotation::DAILY)
            .filename_prefix("sendguard.log")
            .max_log_files(DIAGNOSTICS_DAYS)
            .build(dir)
            .ok()
    });
    let file_layer = file.map(|appender| {
        tracing_subscriber::fmt::layer()
            .with_writer(appender)
            .with_ansi(false)
            .with_target(false)
    });
    let _ = tracing_subscriber::registry()
        .with(tracing_subscriber::filter::LevelFilter::INFO)
        .with(stderr)
        .with(file_layer)
        .try_init();
}
