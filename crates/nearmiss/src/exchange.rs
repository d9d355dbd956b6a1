//! Moving the log between people and into spreadsheets: JSON Lines export/import and a
//! CSV that Excel opens correctly.
//!
//! Why JSON Lines for collection: each person's log is its own SQLite file on their PC;
//! a team lead collects exports from everyone and imports them into one log. The same
//! event can arrive twice (re-sent exports, a colleague who forwarded a file), so import
//! de-duplicates by UUID, and when two copies carry different reviews the later review
//! wins, because reviews are the only part of an entry that changes after it is written.
//! A damaged file is refused whole, in one transaction, so a half-imported file never
//! skews the yearly counts.
//!
//! Why the CSV is written by hand: the rules Excel needs are few but exact — a UTF-8
//! BOM (or Japanese turns to mojibake), CRLF, RFC 4180 quoting, and a leading `'` on
//! cells Excel would run as a formula (`=HYPERLINK(…)` in a subject is an attack).

use crate::model::{Item, LoggedEvent};
use crate::schema::SCHEMA_VERSION;
use crate::store::{self, Filter, Log};
use crate::{Error, Result};
use jiff::Timestamp;
use sendguard_engine::Code;
use serde::Serialize;
use std::io::{BufRead, Write};
use std::path::Path;

/// The value of the header's `sendguard_log` key this code reads and writes.
const FORMAT_VERSION: i64 = 1;

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ImportCounts {
    /// Entries that were not in the log yet.
    #[ts(type = "number")]
    pub added: u64,
    /// Entries already present whose review was replaced by a later one.
    #[ts(type = "number")]
    pub updated_review: u64,
    /// Entries already present with the same or an older review.
    #[ts(type = "number")]
    pub unchanged: u64,
}

impl std::ops::AddAssign for ImportCounts {
    fn add_assign(&mut self, other: ImportCounts) {
        self.added += other.added;
        self.updated_review += other.updated_review;
        self.unchanged += other.unchanged;
    }
}

fn io_err(path: &str, source: std::io::Error) -> Error {
    Error::Io {
        path: path.to_owned(),
        source,
    }
}

/// Protect a CSV cell for Excel: a leading `'` when the cell starts like a formula
/// (`=`, `+`, `-`, `@`, tab, CR), then RFC 4180 quoting when needed.
pub fn csv_escape(cell: &str) -> String {
    let guarded = match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    };
    if guarded.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// The CSV header row, in the column order of every data row.
pub(crate) const CSV_COLUMNS: [&str; 27] = [
    "種別",
    "ID",
    "日時",
    "利用者",
    "端末",
    "クライアント",
    "判定",
    "操作",
    "確認秒数",
    "指摘",
    "件名",
    "宛先(社外)",
    "宛先(社内)",
    "添付",
    "Bccへ移動",
    "削除した宛先",
    "削除した添付",
    "区分",
    "内容",
    "発生日時",
    "場所",
    "対応",
    "状態",
    "確認者",
    "確認日時",
    "コメント",
    "対策",
];

/// `personal_data:my_number×3 / external_recipient×1`.
pub(crate) fn findings_summary(e: &LoggedEvent) -> String {
    e.findings
        .iter()
        .map(|f| match f.kind {
            Some(kind) => format!("{}:{}×{}", f.check.code(), kind, f.count),
            None => format!("{}×{}", f.check.code(), f.count),
        })
        .collect::<Vec<_>>()
        .join(" / ")
}

/// Columns only an event fills (端末 … 削除した添付) and only a manual report fills
/// (区分 … 対応), in [`CSV_COLUMNS`] order after the four shared ones.
const EVENT_ONLY_COLUMNS: usize = 13;
const MANUAL_ONLY_COLUMNS: usize = 5;

impl Log {
    fn csv_row(&self, item: &Item) -> Vec<String> {
        let review = item.review();
        let review_cells = [
            item.status().label_ja().to_owned(),
            review.and_then(|r| r.reviewer.clone()).unwrap_or_default(),
            review
                .map(|r| self.local_time(r.reviewed_at))
                .unwrap_or_default(),
            review.and_then(|r| r.comment.clone()).unwrap_or_default(),
            review
                .and_then(|r| r.countermeasure.clone())
                .unwrap_or_default(),
        ];
        let blank = |n: usize| vec![String::new(); n];
        let mut row: Vec<String> = match item {
            Item::Event(e) => {
                let addrs = |external: bool| {
                    e.recipients
                        .iter()
                        .filter(|r| r.external == external)
                        .map(|r| r.address.clone())
                        .collect::<Vec<_>>()
                        .join(" / ")
                };
                let mut row = vec![
                    "送信チェック".to_owned(),
                    e.uuid.to_string(),
                    self.local_time(e.time),
                    e.user.clone(),
                    e.machine.clone(),
                    e.client.clone(),
                    e.verdict.label_ja().to_owned(),
                    e.decision.label_ja().to_owned(),
                    e.dialog_seconds
                        .map(|s| format!("{s:.1}"))
                        .unwrap_or_default(),
                    findings_summary(e),
                    e.subject.clone(),
                    addrs(true),
                    addrs(false),
                    e.attachments
                        .iter()
                        .map(|a| a.name.clone())
                        .collect::<Vec<_>>()
                        .join(" / "),
                    e.changes.moved_to_bcc.join(" / "),
                    e.changes.removed_recipients.join(" / "),
                    e.changes.removed_attachments.join(" / "),
                ];
                row.extend(blank(MANUAL_ONLY_COLUMNS));
                row
            }
            Item::Manual(m) => {
                let mut row = vec![
                    "手動報告".to_owned(),
                    m.uuid.to_string(),
                    self.local_time(m.created),
                    m.reporter.clone(),
                ];
                row.extend(blank(EVENT_ONLY_COLUMNS));
                row.extend([
                    m.category.label_ja().to_owned(),
                    m.what.clone(),
                    m.when.clone(),
                    m.place.clone(),
                    m.action.clone(),
                ]);
                row
            }
        };
        row.extend(review_cells);
        row
    }

    /// Write the entries matching `filter` as CSV for Excel (BOM, CRLF, Japanese
    /// headers, formula-safe). Returns the number of data rows.
    pub fn export_csv<W: Write>(&self, out: &mut W, filter: &Filter) -> Result<usize> {
        let items = self.list(filter)?;
        let mut text = String::from("\u{FEFF}");
        let line = |cells: &mut dyn Iterator<Item = String>| {
            cells.map(|c| csv_escape(&c)).collect::<Vec<_>>().join(",") + "\r\n"
        };
        text.push_str(&line(&mut CSV_COLUMNS.iter().map(|s| (*s).to_owned())));
        for item in &items {
            text.push_str(&line(&mut self.csv_row(item).into_iter()));
        }
        out.write_all(text.as_bytes())
            .map_err(|e| io_err("CSV", e))?;
        Ok(items.len())
    }

    /// Write a JSON Lines export: a header line, then one line per entry. Returns the
    /// number of entries.
    pub fn export_jsonl<W: Write>(&self, out: &mut W, filter: &Filter) -> Result<usize> {
        let items = self.list(filter)?;
        let header = serde_json::json!({
            "sendguard_log": FORMAT_VERSION,
            "schema_version": SCHEMA_VERSION,
            "exported_at": Timestamp::now().to_string(),
        });
        let mut text = header.to_string();
        text.push('\n');
        for item in &items {
            let line = serde_json::to_string(item)
                .map_err(|e| Error::Corrupt(format!("cannot serialise {}: {e}", item.uuid())))?;
            text.push_str(&line);
            text.push('\n');
        }
        out.write_all(text.as_bytes())
            .map_err(|e| io_err("JSONL", e))?;
        Ok(items.len())
    }

    /// Import one JSON Lines export file. Nothing from the file is kept unless all of
    /// it is valid.
    pub fn import_file(&mut self, path: impl AsRef<Path>) -> Result<ImportCounts> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| io_err(&name, e))?;
        self.import_reader(&name, std::io::BufReader::new(file))
    }

    /// Import JSON Lines from `reader`; `name` names it in errors.
    pub fn import_reader<R: BufRead>(&mut self, name: &str, reader: R) -> Result<ImportCounts> {
        let bad = |line: usize, message: String| Error::Import {
            file: name.to_owned(),
            line,
            message,
        };
        // Parse everything first: a bad line anywhere means nothing is imported.
        let mut items = Vec::new();
        let mut header_seen = false;
        for (i, line) in reader.lines().enumerate() {
            let n = i + 1;
            let line = line.map_err(|e| bad(n, format!("読み込めません (read error: {e})")))?;
            let line = line.trim_start_matches('\u{FEFF}').trim();
            if line.is_empty() {
                continue;
            }
            if !header_seen {
                check_header(line).map_err(|m| bad(n, m))?;
                header_seen = true;
                continue;
            }
            let item: Item = serde_json::from_str(line)
                .map_err(|e| bad(n, format!("JSON が不正です (bad JSON: {e})")))?;
            items.push((n, item));
        }
        if !header_seen {
            return Err(bad(
                1,
                "ヘッダー行がありません (missing header line {\"sendguard_log\": 1, ...})".into(),
            ));
        }
        let tx = self.conn.transaction()?;
        let mut counts = ImportCounts::default();
        for (n, item) in items {
            let uuid = item.uuid();
            if !store::exists(&tx, uuid)? {
                match &item {
                    Item::Event(e) => store::insert_event(&tx, e),
                    Item::Manual(m) => store::insert_manual(&tx, m),
                }
                .map_err(|e| bad(n, e.to_string()))?;
                counts.added += 1;
                continue;
            }
            let newer = match (item.review(), store::load_review(&tx, uuid)?) {
                (Some(incoming), None) => Some(incoming),
                (Some(incoming), Some(have)) if incoming.reviewed_at > have.reviewed_at => {
                    Some(incoming)
                }
                _ => None,
            };
            match newer {
                Some(review) => {
                    store::put_review(&tx, uuid, review)?;
                    counts.updated_review += 1;
                }
                None => counts.unchanged += 1,
            }
        }
        tx.commit()?;
        Ok(counts)
    }
}

/// Accept `{"sendguard_log": 1, "schema_version": 1..=SCHEMA_VERSION, ...}`.
fn check_header(line: &str) -> std::result::Result<(), String> {
    let value: serde_json::Value = serde_json::from_str(line)
        .map_err(|e| format!("ヘッダー行が JSON ではありません (header is not JSON: {e})"))?;
    let format = value
        .get("sendguard_log")
        .and_then(serde_json::Value::as_i64);
    if format.is_none() {
        return Err(
            "ヘッダー行がありません (missing header: first line has no \"sendguard_log\")".into(),
        );
    }
    if format != Some(FORMAT_VERSION) {
        return Err(format!(
            "形式が不明です (unknown export format sendguard_log={})",
            value["sendguard_log"]
        ));
    }
    match value
        .get("schema_version")
        .and_then(serde_json::Value::as_i64)
    {
        Some(v) if (1..=SCHEMA_VERSION).contains(&v) => Ok(()),
        Some(v) => Err(format!(
            "スキーマ v{v} は不明です (unknown schema version {v}; this sendguard knows up to {SCHEMA_VERSION})"
        )),
        None => Err("schema_version がありません (header has no schema_version)".into()),
    }
}
