//! The near-miss log (ヒヤリハット記録): every time the confirmation dialog made someone
//! stop, fix or cancel a mail, and every near-miss staff report by hand.
//!
//! Why it exists: a near-miss that is not written down is forgotten by the next
//! morning, and the team lead never learns that the same partner domain keeps being
//! mistyped. The ISMS / Pマーク office also has to show, once a year, that near-misses
//! were collected and reviewed. So the log keeps enough to review (what was pointed out,
//! what the person did, who reviewed it and what was changed) and nothing that would
//! make the log itself a leak: every event is masked on the way in ([`EventRecord`]).
//!
//! One SQLite file per user ([`default_db_path`]); team leads collect exports from
//! several people ([`Log::export_jsonl`], [`Log::import_jsonl`]).

mod codes;
mod exchange;
mod model;
mod query;
mod schema;
mod store;

pub use exchange::{ImportCounts, csv_escape};
pub use model::{
    Category, Changes, Decision, EventMeta, EventRecord, Item, LoggedEvent, LoggedManual,
    ManualInput, ManualReport, Replacement, Review, ReviewStatus, ReviewUpdate, StoredAttachment,
    StoredChanges, StoredRecipient,
};
pub use query::{FilterQuery, parse_time};
pub use schema::{MIGRATIONS, SCHEMA_VERSION};
pub use store::{Filter, Log, PurgeCounts, Stats, UserStats, WeekStats};

use std::path::PathBuf;

/// The file name of the log inside the data directory.
pub const DB_FILE_NAME: &str = "nearmiss.sqlite3";

/// Everything that can go wrong. Messages are Japanese first, English in brackets, so
/// the CLI and the app can show them as they are.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("データベースのエラーです (database error: {0})")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{path} を開けません (cannot access {path}: {source})")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "ログの形式 v{found} はこのバージョンより新しいため開けません (log schema v{found} is newer than this sendguard knows, v{known}; update sendguard)"
    )]
    NewerSchema { found: i64, known: i64 },
    #[error(
        "状態 \"{0}\" は不明です (unknown status \"{0}\"; use 未確認/確認済/対策済 or unreviewed/reviewed/resolved)"
    )]
    UnknownStatus(String),
    #[error(
        "区分 \"{0}\" は不明です (unknown category \"{0}\"; use mail/fax/loss/disposal/handover/other)"
    )]
    UnknownCategory(String),
    #[error(
        "操作 \"{0}\" は不明です (unknown decision \"{0}\"; use sent/sent_after_fix/cancelled/blocked/timed_out/checked)"
    )]
    UnknownDecision(String),
    #[error("チェックの種類「{0}」は不明です (unknown check: {0})")]
    UnknownCheck(String),
    #[error("個人情報の種類「{0}」は不明です (unknown personal-data type: {0})")]
    UnknownType(String),
    #[error("記録 {0} は見つかりません (no log entry {0})")]
    NotFound(uuid::Uuid),
    #[error("{file}:{line}: 取り込めません (cannot import: {message})")]
    Import {
        file: String,
        line: usize,
        message: String,
    },
    #[error("データが壊れています (corrupt data in the log: {0})")]
    Corrupt(String),
    #[error("日付 \"{0}\" を読めません (bad date \"{0}\"; use 2026-11-01)")]
    BadDate(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The data directory (the log, the diagnostics): `$SENDGUARD_DATA_DIR` when set (tests,
/// portable installs), else the data directory of
/// `ProjectDirs::from("jp", "sendguard", "sendguard")`. `None` when the platform has no
/// home directory.
pub fn data_dir() -> Option<PathBuf> {
    std::env::var_os("SENDGUARD_DATA_DIR")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            directories::ProjectDirs::from("jp", "sendguard", "sendguard")
                .map(|d| d.data_dir().to_path_buf())
        })
}

/// Where the log lives when nobody says otherwise: [`data_dir`] plus [`DB_FILE_NAME`].
pub fn default_db_path() -> Option<PathBuf> {
    data_dir().map(|d| d.join(DB_FILE_NAME))
}

/// The log the CLI and the app use unless told otherwise: `$SENDGUARD_DB` when set,
/// else [`default_db_path`].
pub fn configured_db_path() -> Option<PathBuf> {
    std::env::var_os("SENDGUARD_DB")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(default_db_path)
}

/// The login name for [`EventMeta::user`]: `USER`, `USERNAME`, `LOGNAME`, then the
/// home folder's name, else `unknown`.
pub fn current_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .map(|v| v.trim().to_owned())
        .find(|v| !v.is_empty())
        .or_else(|| {
            let dirs = directories::BaseDirs::new()?;
            Some(dirs.home_dir().file_name()?.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

/// The machine name for [`EventMeta::machine`]: `COMPUTERNAME` (Windows),
/// `HOSTNAME`, `/etc/hostname`, else `unknown`.
pub fn current_machine() -> String {
    let from_env = ["COMPUTERNAME", "HOSTNAME"]
        .iter()
        .filter_map(|k| std::env::var(k).ok());
    let from_file = std::fs::read_to_string("/etc/hostname").ok();
    from_env
        .chain(from_file)
        .map(|v| v.trim().to_owned())
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| "unknown".to_owned())
}
