//! The commands `ui/` invokes (`docs/app-ipc.md`). Each one parses, calls a library and
//! maps the error to an [`IpcError`] (a stable code and a one-line message in Japanese
//! and English); nothing else lives here. Work on the near-miss log and on files runs
//! on a blocking worker ([`on_log`]), never on the thread that draws the windows.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use sendguard_nearmiss::{
    Category, FilterQuery, ImportCounts, Item, Log, ManualInput, ManualReport, Review,
    ReviewStatus, ReviewUpdate, Stats,
};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, Runtime, State};

use crate::history::{self, HistoryError, HistoryLearnSummary, HistoryStatus, Organisations};
use crate::queue::{AnswerError, DialogDecision, PendingCheck};
use crate::settings::{self, SettingsError, SettingsValues, SettingsView};
use crate::state::AppState;

/// Why a command failed: a stable code the UI branches on, a message in Japanese and
/// English for people, and the settings field to blame when there is one. Serialised as
/// `{code, message, field?}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(rename = "IpcError")]
pub struct IpcError {
    pub code: IpcErrorCode,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
    /// The line of a text or file to blame (an organisation list), 1-based.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub line: Option<usize>,
}

/// The stable codes of [`IpcError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum IpcErrorCode {
    /// The send the dialog answered is no longer waiting (answered, timed out, taken
    /// back by its client).
    NoPendingSend,
    /// What the screen sent cannot be used (a bad date, an unknown status, an empty
    /// report).
    BadInput,
    /// A setting cannot be saved; `field` names it when one is to blame.
    InvalidSetting,
    /// The near-miss log failed.
    Log,
    /// A file or folder could not be read or written.
    File,
    /// The send hook is not running.
    HookNotRunning,
    /// The SMTP relay is not running (no `[relay] upstream` in the policy).
    RelayNotRunning,
    /// The held mail is being sent, or waits for the dialog: too late or too early.
    HeldMailBusy,
    /// The recipient history is not open (it could not be opened at start).
    HistoryOff,
    /// The recipient history's database failed.
    History,
    /// Something that should not fail did.
    Internal,
}

impl IpcError {
    pub fn new(code: IpcErrorCode, message: impl Into<String>) -> IpcError {
        IpcError {
            code,
            message: message.into(),
            field: None,
            line: None,
        }
    }

    fn bad_input(e: impl std::fmt::Display) -> IpcError {
        IpcError::new(IpcErrorCode::BadInput, e.to_string())
    }

    fn log(e: impl std::fmt::Display) -> IpcError {
        IpcError::new(IpcErrorCode::Log, e.to_string())
    }
}

impl From<SettingsError> for IpcError {
    fn from(e: SettingsError) -> IpcError {
        IpcError {
            code: IpcErrorCode::InvalidSetting,
            message: e.message,
            field: e.field,
            line: None,
        }
    }
}

impl From<AnswerError> for IpcError {
    fn from(e: AnswerError) -> IpcError {
        let code = match e {
            AnswerError::NotPending(_) => IpcErrorCode::NoPendingSend,
            AnswerError::UnofferedReplacement { .. } => IpcErrorCode::BadInput,
        };
        IpcError::new(code, e.to_string())
    }
}

impl From<HistoryError> for IpcError {
    fn from(e: HistoryError) -> IpcError {
        let message = e.to_string();
        match e {
            HistoryError::Off => IpcError::new(IpcErrorCode::HistoryOff, message),
            HistoryError::BadInput { field, .. } => IpcError {
                field: Some(field.to_owned()),
                ..IpcError::new(IpcErrorCode::BadInput, message)
            },
            HistoryError::List { line, .. } => IpcError {
                field: Some("organisations".to_owned()),
                line: Some(line),
                ..IpcError::new(IpcErrorCode::InvalidSetting, message)
            },
            HistoryError::File(_) => IpcError::new(IpcErrorCode::File, message),
            HistoryError::History(_) => IpcError::new(IpcErrorCode::History, message),
        }
    }
}

/// Runs `work` on a blocking worker (the history, files): never on the window's thread.
async fn blocking<T, F>(work: F) -> CommandResult<T>
where
    T: Send + 'static,
    F: FnOnce() -> CommandResult<T> + Send + 'static,
{
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| IpcError::new(IpcErrorCode::Internal, e.to_string()))?
}

type CommandResult<T> = Result<T, IpcError>;

/// Runs `work` on the near-miss log on a blocking worker, never on the window's thread:
/// a big list or export must not freeze the app.
async fn on_log<T, F>(state: &AppState, work: F) -> CommandResult<T>
where
    T: Send + 'static,
    F: FnOnce(&mut Log) -> CommandResult<T> + Send + 'static,
{
    let log = state.log.clone();
    tauri::async_runtime::spawn_blocking(move || {
        // Every log write is one SQLite transaction; a panic cannot leave it half done.
        let mut log = log.lock().unwrap_or_else(|e| e.into_inner());
        work(&mut log)
    })
    .await
    .map_err(|e| IpcError::new(IpcErrorCode::Internal, e.to_string()))?
}

#[tauri::command]
pub fn pending_check(state: State<'_, AppState>) -> Option<PendingCheck> {
    state.decider.current()
}

#[tauri::command]
pub fn decide(state: State<'_, AppState>, decision: DialogDecision) -> CommandResult<()> {
    Ok(state.decider.answer(decision)?)
}

#[tauri::command]
pub async fn log_list(state: State<'_, AppState>, filter: FilterQuery) -> CommandResult<Vec<Item>> {
    let filter = filter
        .to_filter(&TimeZone::system())
        .map_err(IpcError::bad_input)?;
    on_log(&state, move |log| log.list(&filter).map_err(IpcError::log)).await
}

#[tauri::command]
pub async fn log_get(state: State<'_, AppState>, uuid: String) -> CommandResult<Option<Item>> {
    let uuid = parse_uuid(&uuid)?;
    on_log(&state, move |log| log.get(uuid).map_err(IpcError::log)).await
}

fn parse_uuid(text: &str) -> CommandResult<uuid::Uuid> {
    text.trim().parse().map_err(|_| {
        IpcError::bad_input(format!(
            "記録 ID「{text}」が正しくありません (not a log entry id)"
        ))
    })
}

/// A review as the detail view sends it.
#[derive(Debug, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(rename = "ReviewUpdate")]
pub struct ReviewInput {
    pub uuid: String,
    pub status: ReviewStatus,
    #[serde(default)]
    #[ts(optional)]
    pub comment: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub countermeasure: Option<String>,
}

fn non_empty(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

#[tauri::command]
pub async fn log_review(state: State<'_, AppState>, update: ReviewInput) -> CommandResult<Review> {
    let uuid = parse_uuid(&update.uuid)?;
    let review = ReviewUpdate {
        status: update.status,
        reviewer: Some(state.user.clone()),
        comment: non_empty(update.comment),
        countermeasure: non_empty(update.countermeasure),
    };
    on_log(&state, move |log| {
        log.review(uuid, review).map_err(IpcError::log)
    })
    .await
}

#[tauri::command]
pub async fn log_stats(state: State<'_, AppState>, filter: FilterQuery) -> CommandResult<Stats> {
    let filter = filter
        .to_filter(&TimeZone::system())
        .map_err(IpcError::bad_input)?;
    on_log(&state, move |log| log.stats(&filter).map_err(IpcError::log)).await
}

/// The manual ヒヤリハット報告 form.
#[derive(Debug, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(rename = "ManualInput")]
pub struct ReportInput {
    pub category: Category,
    pub what: String,
    #[serde(default)]
    pub when: String,
    #[serde(default, rename = "where")]
    pub place: String,
    #[serde(default)]
    pub action: String,
}

#[tauri::command]
pub async fn log_report(state: State<'_, AppState>, input: ReportInput) -> CommandResult<String> {
    if input.what.trim().is_empty() {
        return Err(IpcError {
            field: Some("what".to_owned()),
            ..IpcError::bad_input("「何が起きたか」を書いてください (say what happened)")
        });
    }
    let input = ManualInput {
        category: input.category,
        what: input.what.trim().to_owned(),
        when: input.when.trim().to_owned(),
        place: input.place.trim().to_owned(),
        reporter: state.user.clone(),
        action: input.action.trim().to_owned(),
    };
    let report = ManualReport::new(input, &state.redactor(), Timestamp::now());
    let uuid = on_log(&state, move |log| {
        log.report_manual(&report).map_err(IpcError::log)
    })
    .await?;
    Ok(uuid.to_string())
}

#[derive(Debug, Serialize, ts_rs::TS)]
pub struct ExportResult {
    pub path: String,
    #[ts(type = "number")]
    pub rows: usize,
}

/// Where exports go: Downloads, else Documents, else home.
fn export_dir() -> Option<PathBuf> {
    let dirs = directories::UserDirs::new()?;
    Some(
        dirs.download_dir()
            .or(dirs.document_dir())
            .unwrap_or(dirs.home_dir())
            .to_path_buf(),
    )
}

#[tauri::command]
pub async fn log_export_csv(
    state: State<'_, AppState>,
    filter: FilterQuery,
) -> CommandResult<ExportResult> {
    let filter = filter
        .to_filter(&TimeZone::system())
        .map_err(IpcError::bad_input)?;
    let dir = export_dir().ok_or_else(|| {
        IpcError::new(
            IpcErrorCode::File,
            "保存先のフォルダが見つかりません (no folder to save to)",
        )
    })?;
    let stamp = jiff::Zoned::now().strftime("%Y%m%d-%H%M%S").to_string();
    let path = dir.join(format!("ヒヤリハット_{stamp}.csv"));
    on_log(&state, move |log| {
        let mut out = Vec::new();
        let rows = log.export_csv(&mut out, &filter).map_err(IpcError::log)?;
        std::fs::write(&path, out).map_err(|e| {
            IpcError::new(
                IpcErrorCode::File,
                format!("{} に保存できません (cannot save: {e})", path.display()),
            )
        })?;
        Ok(ExportResult {
            path: path.display().to_string(),
            rows,
        })
    })
    .await
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ImportProgress {
    #[ts(type = "number")]
    pub done: usize,
    #[ts(type = "number")]
    pub total: usize,
    pub file: String,
}

#[derive(Debug, Serialize, ts_rs::TS)]
pub struct ImportFailure {
    pub file: String,
    pub error: String,
}

#[derive(Debug, Serialize, ts_rs::TS)]
pub struct ImportSummary {
    #[ts(type = "number")]
    pub files: usize,
    #[serde(flatten)]
    #[ts(flatten)]
    pub counts: ImportCounts,
    pub failed: Vec<ImportFailure>,
}

/// The `*.jsonl` files of a folder, sorted by name.
fn jsonl_files(folder: &Path) -> CommandResult<Vec<PathBuf>> {
    let entries = std::fs::read_dir(folder).map_err(|e| {
        IpcError::new(
            IpcErrorCode::File,
            format!(
                "フォルダ {} を開けません (cannot open the folder: {e})",
                folder.display()
            ),
        )
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .is_some_and(|x| x.eq_ignore_ascii_case("jsonl"))
        })
        .collect();
    files.sort();
    Ok(files)
}

#[tauri::command]
pub async fn log_import_folder<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
) -> CommandResult<ImportSummary> {
    let files = jsonl_files(Path::new(path.trim()))?;
    let mut summary = ImportSummary {
        files: files.len(),
        counts: ImportCounts::default(),
        failed: Vec::new(),
    };
    for (done, file) in files.iter().enumerate() {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let _ = app.emit_to(
            "main",
            "import-progress",
            ImportProgress {
                done,
                total: files.len(),
                file: name.clone(),
            },
        );
        // One file is one transaction: a bad line leaves that whole file out.
        let path = file.clone();
        let imported = on_log(&state, move |log| {
            log.import_file(&path).map_err(IpcError::log)
        })
        .await;
        match imported {
            Ok(counts) => summary.counts += counts,
            Err(e) => summary.failed.push(ImportFailure {
                file: name,
                error: e.message,
            }),
        }
    }
    let _ = app.emit_to(
        "main",
        "import-progress",
        ImportProgress {
            done: files.len(),
            total: files.len(),
            file: String::new(),
        },
    );
    Ok(summary)
}

#[tauri::command]
pub fn settings_get(state: State<'_, AppState>) -> SettingsView {
    settings::view(&state.policy(), &state.policy_path)
}

#[tauri::command]
pub async fn settings_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    values: SettingsValues,
) -> CommandResult<SettingsView> {
    let current = state.policy();
    let policy_path = state.policy_path.clone();
    // Writing the policy file is disk work: off the window's thread.
    let policy = tauri::async_runtime::spawn_blocking(move || {
        settings::save(&values, &current, &policy_path)
    })
    .await
    .map_err(|e| IpcError::new(IpcErrorCode::Internal, e.to_string()))??;
    crate::apply_policy(&app, &state, policy).map_err(SettingsError::general)?;
    Ok(settings::view(&state.policy(), &state.policy_path))
}

#[derive(Debug, Serialize)]
pub struct Connected {
    pub path: String,
    /// What the person must still do (restart Thunderbird; on Windows, the registry).
    pub note: String,
}

#[tauri::command]
pub fn connect_thunderbird(state: State<'_, AppState>) -> CommandResult<Connected> {
    let port = state.hook_port().ok_or_else(|| {
        IpcError::new(
            IpcErrorCode::HookNotRunning,
            "送信フックが起動していません (the send hook is not running)",
        )
    })?;
    let path = crate::thunderbird::managed_storage_path().ok_or_else(|| {
        IpcError::new(
            IpcErrorCode::File,
            "ホーム フォルダが見つかりません (no home folder)",
        )
    })?;
    crate::thunderbird::write_manifest(&path, port, &state.token).map_err(|e| {
        IpcError::new(
            IpcErrorCode::File,
            format!("{} に書き込めません (cannot write: {e})", path.display()),
        )
    })?;
    Ok(Connected {
        path: path.display().to_string(),
        note: crate::thunderbird::next_step().to_owned(),
    })
}

/// A mail in the SMTP relay's hold queue, as the 送信待ち screen shows it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct HeldMail {
    #[ts(type = "number")]
    pub id: i64,
    /// `deciding`, `held`, `sending`, `unknown` or `failed`.
    pub state: String,
    pub state_label: String,
    pub subject: String,
    pub from: String,
    pub to: Vec<String>,
    /// Seconds until it leaves (held ones).
    #[ts(type = "number")]
    pub seconds_left: u64,
    /// The server's last answer, or why it was not sent.
    pub last_error: Option<String>,
    pub server: String,
}

fn relay(state: &AppState) -> CommandResult<std::sync::Arc<sendguard_relay::Relay>> {
    state
        .relay
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
        .ok_or_else(|| {
            IpcError::new(
                IpcErrorCode::RelayNotRunning,
                "SMTP 中継は動いていません (the SMTP relay is not running; set [relay] upstream)",
            )
        })
}

fn spool_error(e: sendguard_relay::spool::SpoolError) -> IpcError {
    use sendguard_relay::spool::SpoolError;
    let code = match e {
        SpoolError::NotFound(_) => IpcErrorCode::BadInput,
        SpoolError::Sending(_) | SpoolError::Deciding(_) => IpcErrorCode::HeldMailBusy,
        _ => IpcErrorCode::Internal,
    };
    IpcError::new(code, e.to_string())
}

/// The relay's hold queue (empty when the relay is off).
#[tauri::command]
pub async fn relay_queue(state: State<'_, AppState>) -> CommandResult<Vec<HeldMail>> {
    let Ok(relay) = relay(&state) else {
        return Ok(Vec::new());
    };
    let now = sendguard_relay::spool::now();
    let entries = relay.held().await.map_err(spool_error)?;
    Ok(entries
        .into_iter()
        .map(|e| HeldMail {
            id: e.id,
            state: e.state.code().to_owned(),
            state_label: e.state.label_ja().to_owned(),
            subject: e.subject,
            from: e.envelope.mail_from,
            to: e.envelope.recipients,
            seconds_left: e.due.saturating_sub(now),
            last_error: e.last_error,
            server: e.server,
        })
        .collect())
}

/// 今すぐ送信: send a held mail now (or again).
#[tauri::command]
pub async fn relay_queue_send(state: State<'_, AppState>, id: i64) -> CommandResult<()> {
    relay(&state)?.send_now(id).await.map_err(spool_error)
}

/// 取り消し: take a held mail back; the path of the `.eml` it is kept as.
#[tauri::command]
pub async fn relay_queue_cancel(state: State<'_, AppState>, id: i64) -> CommandResult<String> {
    let path = relay(&state)?.recall(id).await.map_err(spool_error)?;
    Ok(path.display().to_string())
}

/// 設定 → 宛先の履歴: what the history holds.
#[tauri::command]
pub async fn history_status(state: State<'_, AppState>) -> CommandResult<HistoryStatus> {
    let live = state.history.clone();
    let policy = state.policy();
    blocking(move || Ok(history::status(live.as_ref(), &policy)?)).await
}

/// 送信済みメールから学習: learn mbox files, `.eml` files or folders of them. Emits
/// `history-learn-progress` to the `main` window while it reads.
#[tauri::command]
pub async fn history_learn<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    paths: Vec<String>,
) -> CommandResult<HistoryLearnSummary> {
    let live = state.history.clone().ok_or(HistoryError::Off)?;
    let policy = std::sync::Arc::new(state.policy());
    blocking(move || {
        let paths = history::parse_paths(&paths)?;
        let summary = history::learn(&live, paths, policy, move |progress| {
            let _ = app.emit_to("main", "history-learn-progress", progress);
        })?;
        Ok(summary)
    })
    .await
}

/// 学習内容を消去: forget everything learned (the organisation lists stay).
#[tauri::command]
pub async fn history_clear(state: State<'_, AppState>) -> CommandResult<HistoryStatus> {
    let live = state.history.clone().ok_or(HistoryError::Off)?;
    let policy = state.policy();
    blocking(move || {
        history::clear(&live)?;
        Ok(history::status(Some(&live), &policy)?)
    })
    .await
}

/// The organisation lists: the person's own (editable) and the organisation's (read-only).
#[tauri::command]
pub async fn organisations_get() -> CommandResult<Organisations> {
    blocking(|| {
        let own = history::own_list_path()?;
        Ok(history::organisations(
            &own,
            history::org_list_path().as_deref(),
        ))
    })
    .await
}

/// Saves the person's organisation list from the editor's CSV text (validated line by
/// line; nothing written when a line is wrong), then the history checks with it.
#[tauri::command]
pub async fn organisations_save(
    state: State<'_, AppState>,
    text: String,
) -> CommandResult<Organisations> {
    let live = state.history.clone();
    blocking(move || {
        let own = history::own_list_path()?;
        history::save_list(&own, &text)?;
        history::reload(live.as_ref())?;
        Ok(history::organisations(
            &own,
            history::org_list_path().as_deref(),
        ))
    })
    .await
}
