//! The commands `ui/` invokes (`docs/app-ipc.md`). Each one parses, calls a library and
//! maps the error to a one-line message in Japanese and English; nothing else lives here.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use sendguard_nearmiss::{
    Category, FilterQuery, ImportCounts, Item, ManualInput, ManualReport, Review, ReviewStatus,
    ReviewUpdate, Stats,
};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, Runtime, State};

use crate::queue::{DialogDecision, PendingCheck};
use crate::settings::{self, SettingsError, SettingsValues, SettingsView};
use crate::state::AppState;

type CommandResult<T> = Result<T, String>;

fn text<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

#[tauri::command]
pub fn pending_check(state: State<'_, AppState>) -> Option<PendingCheck> {
    state.decider.current()
}

#[tauri::command]
pub fn decide(state: State<'_, AppState>, decision: DialogDecision) -> CommandResult<()> {
    state.decider.answer(decision).map_err(text)
}

#[tauri::command]
pub fn log_list(state: State<'_, AppState>, filter: FilterQuery) -> CommandResult<Vec<Item>> {
    let filter = filter.to_filter(&TimeZone::system()).map_err(text)?;
    state.log().list(&filter).map_err(text)
}

#[tauri::command]
pub fn log_get(state: State<'_, AppState>, uuid: String) -> CommandResult<Option<Item>> {
    let uuid = parse_uuid(&uuid)?;
    state.log().get(uuid).map_err(text)
}

fn parse_uuid(text: &str) -> CommandResult<uuid::Uuid> {
    text.trim()
        .parse()
        .map_err(|_| format!("記録 ID「{text}」が正しくありません (not a log entry id)"))
}

/// A review as the detail view sends it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewInput {
    pub uuid: String,
    pub status: String,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub countermeasure: Option<String>,
}

fn non_empty(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

#[tauri::command]
pub fn log_review(state: State<'_, AppState>, update: ReviewInput) -> CommandResult<Review> {
    let uuid = parse_uuid(&update.uuid)?;
    let status = ReviewStatus::parse(&update.status).map_err(text)?;
    let review = ReviewUpdate {
        status,
        reviewer: Some(state.user.clone()),
        comment: non_empty(update.comment),
        countermeasure: non_empty(update.countermeasure),
    };
    state.log().review(uuid, review).map_err(text)
}

#[tauri::command]
pub fn log_stats(state: State<'_, AppState>, filter: FilterQuery) -> CommandResult<Stats> {
    let filter = filter.to_filter(&TimeZone::system()).map_err(text)?;
    state.log().stats(&filter).map_err(text)
}

/// The manual ヒヤリハット報告 form.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportInput {
    pub category: String,
    pub what: String,
    #[serde(default)]
    pub when: String,
    #[serde(default, rename = "where")]
    pub place: String,
    #[serde(default)]
    pub action: String,
}

#[tauri::command]
pub fn log_report(state: State<'_, AppState>, input: ReportInput) -> CommandResult<String> {
    if input.what.trim().is_empty() {
        return Err("「何が起きたか」を書いてください (say what happened)".to_owned());
    }
    let input = ManualInput {
        category: Category::parse(&input.category).map_err(text)?,
        what: input.what.trim().to_owned(),
        when: input.when.trim().to_owned(),
        place: input.place.trim().to_owned(),
        reporter: state.user.clone(),
        action: input.action.trim().to_owned(),
    };
    let report = ManualReport::new(input, &state.redactor(), Timestamp::now());
    let uuid = state.log().report_manual(&report).map_err(text)?;
    Ok(uuid.to_string())
}

#[derive(Debug, Serialize)]
pub struct ExportResult {
    pub path: String,
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
pub fn log_export_csv(
    state: State<'_, AppState>,
    filter: FilterQuery,
) -> CommandResult<ExportResult> {
    let filter = filter.to_filter(&TimeZone::system()).map_err(text)?;
    let dir = export_dir().ok_or("保存先のフォルダが見つかりません (no folder to save to)")?;
    let stamp = jiff::Zoned::now().strftime("%Y%m%d-%H%M%S").to_string();
    let path = dir.join(format!("ヒヤリハット_{stamp}.csv"));
    let mut out = Vec::new();
    let rows = state.log().export_csv(&mut out, &filter).map_err(text)?;
    std::fs::write(&path, out)
        .map_err(|e| format!("{} に保存できません (cannot save: {e})", path.display()))?;
    Ok(ExportResult {
        path: path.display().to_string(),
        rows,
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct ImportProgress {
    pub done: usize,
    pub total: usize,
    pub file: String,
}

#[derive(Debug, Serialize)]
pub struct ImportFailure {
    pub file: String,
    pub error: String,
}

#[derive(Debug, Serialize)]
pub struct ImportSummary {
    pub files: usize,
    #[serde(flatten)]
    pub counts: ImportCounts,
    pub failed: Vec<ImportFailure>,
}

/// The `*.jsonl` files of a folder, sorted by name.
fn jsonl_files(folder: &Path) -> CommandResult<Vec<PathBuf>> {
    let entries = std::fs::read_dir(folder).map_err(|e| {
        format!(
            "フォルダ {} を開けません (cannot open the folder: {e})",
            folder.display()
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
        match state.log().import_file(file) {
            Ok(counts) => summary.counts += counts,
            Err(e) => summary.failed.push(ImportFailure {
                file: name,
                error: e.to_string(),
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
pub fn settings_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    values: SettingsValues,
) -> Result<SettingsView, SettingsError> {
    let policy = settings::save(&values, &state.policy(), &state.policy_path)?;
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
    let port = state
        .hook_port()
        .ok_or("送信フックが起動していません (the send hook is not running)")?;
    let path = crate::thunderbird::managed_storage_path()
        .ok_or("ホーム フォルダが見つかりません (no home folder)")?;
    crate::thunderbird::write_manifest(&path, port, &state.token)
        .map_err(|e| format!("{} に書き込めません (cannot write: {e})", path.display()))?;
    Ok(Connected {
        path: path.display().to_string(),
        note: crate::thunderbird::next_step().to_owned(),
    })
}
