//! 設定 → 宛先の履歴: what the recipient history holds, learning a Sent folder into it,
//! clearing it, and the person's organisation list (`organisations.csv`).
//!
//! Tauri-free, like [`crate::settings`]: the commands (`commands.rs`) run these on a
//! blocking worker and map the errors. The history itself is the one the hook checks
//! with ([`sendguard_history::LiveHistory`], opened at start); learning goes through
//! its learner thread, so a send learned meanwhile is never lost or counted twice.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use sendguard_engine::Policy;
use sendguard_history::{LearnProgress, LearnSummary, LiveHistory, OrganisationList};
use serde::Serialize;

/// What the history holds (`history_status`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct HistoryStatus {
    /// False when the history could not be opened at start (the checks run without it).
    pub available: bool,
    /// The history file.
    pub path: Option<String>,
    /// Sent messages learned.
    #[ts(type = "number")]
    pub messages: u64,
    /// Outside addresses known.
    #[ts(type = "number")]
    pub addresses: u64,
    /// Domains known.
    #[ts(type = "number")]
    pub domains: u64,
    /// Learned sends before the history's checks say anything (`[history] min_sends`).
    #[ts(type = "number")]
    pub min_sends: u64,
}

/// Progress of 「送信済みメールから学習」, emitted as `history-learn-progress`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct HistoryLearnProgress {
    #[ts(type = "number")]
    pub files_done: usize,
    #[ts(type = "number")]
    pub files: usize,
    /// Messages read so far.
    #[ts(type = "number")]
    pub read: u64,
    #[ts(type = "number")]
    pub bytes_done: u64,
    #[ts(type = "number")]
    pub bytes: u64,
}

impl From<LearnProgress> for HistoryLearnProgress {
    fn from(p: LearnProgress) -> HistoryLearnProgress {
        HistoryLearnProgress {
            files_done: p.files_done,
            files: p.files,
            read: p.read,
            bytes_done: p.bytes_done,
            bytes: p.bytes,
        }
    }
}

/// What a learning run did (`history_learn`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct HistoryLearnSummary {
    /// Messages read.
    #[ts(type = "number")]
    pub read: u64,
    /// Learned now.
    #[ts(type = "number")]
    pub learned: u64,
    /// Skipped: not sent by the person.
    #[ts(type = "number")]
    pub skipped_not_me: u64,
    /// Skipped: learned before.
    #[ts(type = "number")]
    pub skipped_seen: u64,
    /// Skipped: no recipient could be read, or too large.
    #[ts(type = "number")]
    pub unreadable: u64,
    /// The person's addresses the run took as their own.
    pub me: Vec<String>,
    /// Files or folders that could not be read, one line each.
    pub errors: Vec<String>,
}

impl From<LearnSummary> for HistoryLearnSummary {
    fn from(s: LearnSummary) -> HistoryLearnSummary {
        HistoryLearnSummary {
            read: s.read,
            learned: s.learned,
            skipped_not_me: s.skipped_not_me,
            skipped_seen: s.skipped_seen,
            unreadable: s.unreadable,
            me: s.me,
            errors: s.errors,
        }
    }
}

/// One line of an organisation list: a domain and the names it goes by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct OrganisationRow {
    pub domain: String,
    pub names: Vec<String>,
}

/// One `organisations.csv` as the editor shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct OrganisationFile {
    pub path: String,
    /// False when there is no file yet (an empty list).
    pub exists: bool,
    /// The file's text as the person wrote it (comments kept); a CP932 file is shown
    /// as the list it holds.
    pub text: String,
    /// The rows it holds (empty when it does not parse).
    pub rows: Vec<OrganisationRow>,
    /// Why the file does not load, when it does not (the list is then not used).
    pub problem: Option<String>,
    /// The line `problem` is about (1-based).
    #[ts(type = "number | null")]
    pub problem_line: Option<usize>,
}

/// The organisation lists (`organisations_get`, `organisations_save`): the person's
/// own, editable, and the organisation's beside its policy, read-only, when present.
/// Where both name a domain the organisation's wins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Organisations {
    pub own: OrganisationFile,
    pub org: Option<OrganisationFile>,
}

/// Why something here failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistoryError {
    /// The history is not open (it could not be opened at start).
    Off,
    /// The screen sent something unusable (`field` names it).
    BadInput {
        field: &'static str,
        message: String,
    },
    /// The organisation list does not parse: `line` is 1-based.
    List { line: usize, message: String },
    /// A file could not be read or written.
    File(String),
    /// The history database failed.
    History(String),
}

impl std::fmt::Display for HistoryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HistoryError::Off => f.write_str(
                "宛先の履歴を開けていません。診断ログを確認してください (the recipient history is off; see the diagnostics)",
            ),
            HistoryError::BadInput { message, .. } => f.write_str(message),
            HistoryError::List { line, message } => {
                write!(f, "{line} 行目 (line {line}): {message}")
            }
            HistoryError::File(message) | HistoryError::History(message) => f.write_str(message),
        }
    }
}

fn history_error(e: sendguard_history::Error) -> HistoryError {
    match e {
        sendguard_history::Error::Io { .. } => HistoryError::File(e.to_string()),
        other => HistoryError::History(other.to_string()),
    }
}

/// What the history holds now.
pub fn status(
    history: Option<&LiveHistory>,
    policy: &Policy,
) -> Result<HistoryStatus, HistoryError> {
    let min_sends = policy.settings.history.min_sends;
    let Some(history) = history else {
        return Ok(HistoryStatus {
            available: false,
            path: None,
            messages: 0,
            addresses: 0,
            domains: 0,
            min_sends,
        });
    };
    let totals = history.totals().map_err(history_error)?;
    Ok(HistoryStatus {
        available: true,
        path: Some(history.path().display().to_string()),
        messages: totals.messages,
        addresses: totals.addresses,
        domains: totals.domains,
        min_sends,
    })
}

/// The paths the screen sent: one per entry, trimmed, blank ones dropped; at least one.
pub fn parse_paths(paths: &[String]) -> Result<Vec<PathBuf>, HistoryError> {
    let paths: Vec<PathBuf> = paths
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .collect();
    if paths.is_empty() {
        return Err(HistoryError::BadInput {
            field: "paths",
            message:
                "学習する mbox ファイルかフォルダを指定してください (name an mbox file or a folder)"
                    .to_owned(),
        });
    }
    if let Some(missing) = paths.iter().find(|p| !p.exists()) {
        return Err(HistoryError::BadInput {
            field: "paths",
            message: format!(
                "{} が見つかりません (no such file or folder)",
                missing.display()
            ),
        });
    }
    Ok(paths)
}

/// Learn the Sent folder at `paths` (blocks until done; call it off the window's thread).
/// The person's address is taken as the most frequent sender of what is read.
pub fn learn(
    history: &LiveHistory,
    paths: Vec<PathBuf>,
    policy: Arc<Policy>,
    progress: impl FnMut(HistoryLearnProgress) + Send + 'static,
) -> Result<HistoryLearnSummary, HistoryError> {
    let mut progress = progress;
    history
        .learn_paths(paths, None, policy, move |p| progress(p.into()))
        .map(HistoryLearnSummary::from)
        .map_err(history_error)
}

/// Forget everything learned (the organisation lists stay).
pub fn clear(history: &LiveHistory) -> Result<(), HistoryError> {
    history.clear().map_err(history_error)
}

fn rows(list: &OrganisationList) -> Vec<OrganisationRow> {
    list.entries()
        .map(|(domain, names)| OrganisationRow {
            domain: domain.clone(),
            names: names.clone(),
        })
        .collect()
}

/// One list file as the editor shows it; a missing file is an empty list.
pub fn read_file(path: &Path) -> OrganisationFile {
    let shown = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return OrganisationFile {
                path: shown,
                exists: false,
                text: String::new(),
                rows: Vec::new(),
                problem: None,
                problem_line: None,
            };
        }
        Err(e) => {
            return OrganisationFile {
                path: shown.clone(),
                exists: true,
                text: String::new(),
                rows: Vec::new(),
                problem: Some(format!("{shown} を読めません (cannot read: {e})")),
                problem_line: None,
            };
        }
    };
    // UTF-8 as written; anything else (CP932 from Excel) as the list the library reads.
    let utf8 = String::from_utf8(bytes).ok();
    let parsed = match &utf8 {
        Some(text) => OrganisationList::parse(text),
        None => OrganisationList::read(path).map_err(|e| match e {
            sendguard_history::Error::OrganisationList { line, message, .. } => (line, message),
            other => (0, other.to_string()),
        }),
    };
    match parsed {
        Ok(list) => OrganisationFile {
            path: shown,
            exists: true,
            text: utf8
                .map(|t| t.trim_start_matches('\u{feff}').to_owned())
                .unwrap_or_else(|| list.to_csv()),
            rows: rows(&list),
            problem: None,
            problem_line: None,
        },
        Err((line, message)) => OrganisationFile {
            path: shown,
            exists: true,
            text: utf8
                .map(|t| t.trim_start_matches('\u{feff}').to_owned())
                .unwrap_or_default(),
            rows: Vec::new(),
            problem_line: (line > 0).then_some(line),
            problem: Some(if line > 0 {
                format!("{line} 行目 (line {line}): {message}")
            } else {
                message
            }),
        },
    }
}

/// The person's list at `own` and the organisation's beside its policy (if present).
pub fn organisations(own: &Path, org: Option<&Path>) -> Organisations {
    Organisations {
        own: read_file(own),
        org: org.filter(|p| p.is_file()).map(read_file),
    }
}

/// The organisation's list: `organisations.csv` beside `$SENDGUARD_ORG_POLICY`.
pub fn org_list_path() -> Option<PathBuf> {
    sendguard_engine::policy::files::org_policy_dir()
        .map(|dir| dir.join(sendguard_history::orgs::FILE_NAME))
}

/// The person's list: `organisations.csv` in the config dir.
pub fn own_list_path() -> Result<PathBuf, HistoryError> {
    OrganisationList::own_path().ok_or_else(|| {
        HistoryError::File("設定フォルダが見つかりません (no config directory)".to_owned())
    })
}

/// Validate `text` as an organisation list and write it to `path` atomically (beside it,
/// then renamed over), UTF-8 with a BOM so Excel opens it as such. Nothing is written
/// when a line is wrong.
pub fn save_list(path: &Path, text: &str) -> Result<OrganisationList, HistoryError> {
    let list = OrganisationList::parse(text)
        .map_err(|(line, message)| HistoryError::List { line, message })?;
    let io = |e: std::io::Error| {
        HistoryError::File(format!(
            "{} に保存できません (cannot save: {e})",
            path.display()
        ))
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let body = text.trim_start_matches('\u{feff}');
    let mut bytes = Vec::with_capacity(body.len() + 3);
    bytes.extend_from_slice("\u{feff}".as_bytes());
    bytes.extend_from_slice(body.as_bytes());
    if !body.is_empty() && !body.ends_with('\n') {
        bytes.extend_from_slice(b"\r\n");
    }
    let candidate = path.with_extension("csv.saving");
    {
        use std::io::Write as _;
        let mut file = std::fs::File::create(&candidate).map_err(io)?;
        file.write_all(&bytes).map_err(io)?;
        file.sync_all().map_err(io)?;
    }
    if let Err(e) = std::fs::rename(&candidate, path) {
        let _ = std::fs::remove_file(&candidate);
        return Err(io(e));
    }
    Ok(list)
}

/// After the person's list changed: the history's checks use the lists in force now.
pub fn reload(history: Option<&LiveHistory>) -> Result<(), HistoryError> {
    let list = OrganisationList::load_configured().map_err(|e| match e {
        sendguard_history::Error::OrganisationList {
            path,
            line,
            message,
        } => HistoryError::List {
            line,
            message: format!("{path}: {message}"),
        },
        other => history_error(other),
    })?;
    if let Some(history) = history {
        history.reload(Some(list));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("sg-app-history-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    /// `n` sent mails of the person's Sent folder, as Thunderbird keeps it (mbox).
    fn mbox(n: usize) -> String {
        let mut out = String::new();
        for i in 0..n {
            let (to, org) = if i % 2 == 0 {
                ("tanaka@kaede-shoji.co.jp", "楓商事株式会社")
            } else {
                ("t.tanaka@hikari-tech.co.jp", "株式会社ひかりテック")
            };
            out.push_str(&format!(
                "From suzuki@sakura-sys.co.jp Thu Jan  1 00:00:00 2026\n\
                 From: suzuki@sakura-sys.co.jp\nTo: {to}\nSubject: s{i}\n\
                 Message-ID: <m{i}@sakura-sys.co.jp>\nDate: Thu, 1 Jan 2026 09:{:02}:00 +0900\n\
                 Content-Type: text/plain; charset=UTF-8\n\n{org}\n田中様\n\nいつもお世話になっております。\n\n",
                i % 60
            ));
        }
        out
    }

    #[test]
    fn learns_a_sent_folder_with_progress_and_clears_it() {
        let dir = temp("learn");
        let live = LiveHistory::open(&dir.join("history.sqlite3"), OrganisationList::default())
            .expect("open");
        let mut policy = Policy::builtin();
        policy.settings.organisation.internal_domains = vec!["sakura-sys.co.jp".into()];
        let before = status(Some(&live), &policy).expect("status");
        assert!(before.available);
        assert_eq!((before.messages, before.min_sends), (0, 30));
        std::fs::write(dir.join("Sent"), mbox(6)).expect("mbox");
        let paths =
            parse_paths(&[format!(" {} ", dir.join("Sent").display()), " ".into()]).expect("paths");
        let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
        let recorded = seen.clone();
        let summary = learn(&live, paths.clone(), Arc::new(policy.clone()), move |p| {
            recorded.lock().expect("lock").push(p);
        })
        .expect("learn");
        assert_eq!((summary.read, summary.learned), (6, 6));
        assert_eq!(summary.me, vec!["suzuki@sakura-sys.co.jp"]);
        let progress = seen.lock().expect("lock").clone();
        assert_eq!(
            progress.last().map(|p| (p.files_done, p.files)),
            Some((1, 1))
        );
        let again = learn(&live, paths, Arc::new(policy.clone()), |_| {}).expect("again");
        assert_eq!((again.learned, again.skipped_seen), (0, 6), "learned once");
        let after = status(Some(&live), &policy).expect("status");
        assert_eq!((after.messages, after.addresses, after.domains), (6, 2, 2));
        clear(&live).expect("clear");
        assert_eq!(status(Some(&live), &policy).expect("status").messages, 0);
        assert!(!status(None, &policy).expect("off").available);
        let missing = parse_paths(&[dir.join("nope").display().to_string()]).expect_err("missing");
        assert!(matches!(
            missing,
            HistoryError::BadInput { field: "paths", .. }
        ));
        assert!(parse_paths(&[]).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_list_is_validated_by_line_and_saved_whole() {
        let dir = temp("orgs");
        let path = dir.join("organisations.csv");
        let empty = read_file(&path);
        assert!(!empty.exists && empty.rows.is_empty() && empty.problem.is_none());
        let text = "# 取引先\nkaede-shoji.co.jp,楓商事,\"Kaede Shoji Co., Ltd.\"\nhikari-tech.co.jp,ひかりテック";
        let list = save_list(&path, text).expect("save");
        assert_eq!(list.len(), 2);
        let shown = read_file(&path);
        assert_eq!(
            shown.text,
            format!("{text}\r\n"),
            "comments kept, BOM not shown"
        );
        assert_eq!(shown.rows[1].names, ["楓商事", "Kaede Shoji Co., Ltd."]);
        assert!(
            std::fs::read(&path)
                .expect("read")
                .starts_with("\u{feff}".as_bytes())
        );

        let e = save_list(&path, "kaede-shoji.co.jp,楓商事\n楓商事,kaede\n").expect_err("bad line");
        assert!(matches!(e, HistoryError::List { line: 2, .. }), "{e:?}");
        assert!(e.to_string().starts_with("2 行目 (line 2): "), "{e}");
        assert_eq!(read_file(&path).rows.len(), 2, "nothing written");
        assert!(!dir.join("organisations.csv.saving").exists());

        std::fs::write(&path, "a.jp\n").expect("write");
        let broken = read_file(&path);
        assert_eq!(broken.problem_line, Some(1));
        assert_eq!(broken.text, "a.jp\n");
        std::fs::write(&path, cp932_list()).expect("write");
        let cp932 = read_file(&path);
        assert_eq!(cp932.rows.len(), 1, "{cp932:?}");
        assert_eq!(cp932.rows[0].names, ["青葉物流"]);
        let both = organisations(&path, Some(&dir.join("none.csv")));
        assert!(both.org.is_none(), "no organisation list");
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// `aoba.jp,青葉物流` as Excel saves it (CP932), written out by hand.
    fn cp932_list() -> Vec<u8> {
        let mut bytes = b"aoba.jp,".to_vec();
        // 青 90C2, 葉 9774, 物 95A8, 流 97AC
        bytes.extend_from_slice(&[0x90, 0xC2, 0x97, 0x74, 0x95, 0xA8, 0x97, 0xAC, b'\r', b'\n']);
        bytes
    }
}
