//! The recipient history (宛先の履歴): what the person's own sent mail teaches about each
//! outside address, so the engine can see the wrong person picked from the address book
//! (`docs/recipient-history.md`).
//!
//! - [`store::HistoryStore`] — the SQLite file (`history.sqlite3` in the data dir, mode
//!   0600), apart from the near-miss log: it is the PC's own memory, never exported.
//! - [`lesson::Lesson`] — what one sent message teaches: its recipients, the group they
//!   form, the organisation and person names of its 宛名 block and display names.
//! - [`sources`] and [`mbox`] — reading a Sent folder: `.eml` files, folders of them,
//!   mbox files (Thunderbird's `Sent`).
//! - [`orgs::OrganisationList`] — `organisations.csv`, the names an administrator or the
//!   person gives domains.
//! - [`view::Snapshot`] — the history in memory, answering the engine's
//!   [`sendguard_engine::History`] questions in microseconds; [`live::LiveHistory`] keeps
//!   one current while sends are learned in the background.

pub mod lesson;
pub mod live;
pub mod mbox;
pub mod orgs;
mod schema;
pub mod sources;
pub mod store;
pub mod view;

pub use lesson::{Lesson, Me, Skip};
pub use live::{LiveHistory, Names};
pub use orgs::OrganisationList;
pub use sources::{LearnProgress, LearnSummary, learn_paths};
pub use store::HistoryStore;
pub use view::Snapshot;

/// What can go wrong with the history file or a source.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("履歴ファイルを開けません: {path} (cannot open the history: {source})")]
    Open {
        path: String,
        source: rusqlite::Error,
    },
    #[error("履歴ファイルの読み書きに失敗しました (history database error: {0})")]
    Sqlite(#[from] rusqlite::Error),
    #[error(
        "履歴ファイル {path} はこの版より新しい形式です (schema {found}, this version knows {known}); sendguard を更新してください"
    )]
    NewerSchema {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("{path}: 読めません (cannot read: {source})")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    OrganisationList {
        path: String,
        line: usize,
        message: String,
    },
}

pub type Result<T> = std::result::Result<T, Error>;

/// The history file's name in the data directory.
pub const FILE_NAME: &str = "history.sqlite3";

/// The history every binary uses unless told otherwise: `$SENDGUARD_HISTORY` when set,
/// else [`FILE_NAME`] in `data_dir` (the near-miss log's data directory).
pub fn configured_path(data_dir: Option<std::path::PathBuf>) -> Option<std::path::PathBuf> {
    std::env::var_os("SENDGUARD_HISTORY")
        .filter(|p| !p.is_empty())
        .map(std::path::PathBuf::from)
        .or_else(|| data_dir.map(|d| d.join(FILE_NAME)))
}
