//! `sendguard log …`: the near-miss log from the command line.
//!
//! Why a CLI at all when the app has review screens: the ISMS / Pマーク office works from
//! exports and spreadsheets, team leads collect files from several PCs, and
//! administrators script retention. This module is thin on purpose — parse, call
//! `sendguard_nearmiss`, print — so the CLI and the app cannot disagree about what the
//! log says.

use anyhow::{Context, Result, anyhow};
use clap::{Args, Subcommand, ValueEnum};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use sendguard_engine::{Policy, Redactor};
use sendguard_nearmiss::{
    Category, Filter, FilterQuery, Item, Log, ManualInput, ManualReport, ReviewStatus,
    ReviewUpdate, Stats,
};
use std::io::Write;
use std::path::PathBuf;

/// `sendguard log`: list, review, report, export and import near-misses.
#[derive(Debug, Args)]
pub struct LogArgs {
    /// The log file (default: $SENDGUARD_DB, else nearmiss.sqlite3 in the data directory).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub command: LogCommand,
}

#[derive(Debug, Subcommand)]
pub enum LogCommand {
    /// List near-misses, newest first.
    List {
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Show one entry in full.
    Show {
        uuid: uuid::Uuid,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Counts per week, check, user and the near-miss rate.
    Stats {
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Record a review: 未確認/確認済/対策済 (unreviewed/reviewed/resolved).
    Review {
        uuid: uuid::Uuid,
        #[arg(long)]
        status: String,
        #[arg(long)]
        comment: Option<String>,
        #[arg(long)]
        countermeasure: Option<String>,
        /// Default: the current user.
        #[arg(long)]
        reviewer: Option<String>,
    },
    /// Report a near-miss by hand (FAX, loss, …).
    Report {
        /// mail, fax, loss, disposal, handover, other (or the Japanese label).
        #[arg(long)]
        category: String,
        #[arg(long)]
        what: String,
        #[arg(long)]
        when: String,
        #[arg(long = "where")]
        place: String,
        #[arg(long)]
        action: String,
        /// Default: the current user.
        #[arg(long)]
        reporter: Option<String>,
    },
    /// Export for the team lead (jsonl) or Excel (csv).
    Export {
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
        format: ExportFormat,
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
    },
    /// Import JSON Lines exports; each file is all or nothing.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Delete entries older than the retention period.
    Purge {
        /// Days to keep (default: the policy's `[log] retention_days`, 3 years).
        #[arg(long)]
        older_than_days: Option<i64>,
    },
}

#[derive(Debug, Args)]
pub struct FilterArgs {
    /// From this date (2026-11-01, local time) or RFC 3339 time, inclusive.
    #[arg(long)]
    since: Option<String>,
    /// Up to and including this date (or before this RFC 3339 time).
    #[arg(long)]
    until: Option<String>,
    /// Check ID, e.g. personal_data.
    #[arg(long)]
    check: Option<String>,
    /// Finding type, e.g. my_number.
    #[arg(long = "type")]
    kind: Option<String>,
    /// sent, sent_after_fix, cancelled, blocked, recalled, timed_out, checked.
    #[arg(long)]
    decision: Option<String>,
    /// 未確認/確認済/対策済 or unreviewed/reviewed/resolved.
    #[arg(long)]
    status: Option<String>,
    #[arg(long)]
    user: Option<String>,
    /// Manual-report category (fax, loss, …).
    #[arg(long)]
    category: Option<String>,
    #[arg(long)]
    limit: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Jsonl,
    Csv,
}

/// `--db`, else `SENDGUARD_DB`, else the data directory.
/// The log file: `--db`, else `$SENDGUARD_DB`, else the per-user data directory.
pub fn db_path(arg: Option<PathBuf>) -> Result<PathBuf> {
    arg.or_else(sendguard_nearmiss::configured_db_path)
        .ok_or_else(|| {
            anyhow!("データ フォルダが見つかりません (no data directory; use --db PATH)")
        })
}

impl FilterArgs {
    fn to_filter(&self) -> Result<Filter> {
        let query = FilterQuery {
            since: self.since.clone(),
            until: self.until.clone(),
            check: self.check.clone(),
            kind: self.kind.clone(),
            decision: self.decision.clone(),
            status: self.status.clone(),
            user: self.user.clone(),
            category: self.category.clone(),
            limit: self.limit,
        };
        Ok(query.to_filter(&TimeZone::system())?)
    }
}

/// The user's policy (layers as for `sendguard check`), for its surname list and
/// retention.
fn load_policy() -> Result<Policy> {
    sendguard_engine::policy::files::load(None)
        .context("ポリシーを読み込めません (cannot load the policy)")
}

/// The policy's retention in days; `None` when it keeps everything.
fn retention_days(policy: &Policy) -> Option<i64> {
    match policy.settings.log.retention_days {
        0 => None,
        days => Some(i64::from(days)),
    }
}

/// The moment `days` × 24 hours ago.
fn days_ago(days: i64) -> Result<Timestamp> {
    Timestamp::now()
        .checked_sub(jiff::SignedDuration::from_hours(days.saturating_mul(24)))
        .map_err(|e| anyhow!("日数が大きすぎます (too many days: {e})"))
}

/// Opens (or creates) the log for `check --record` and `serve`, first deleting what the
/// policy's retention has expired.
pub fn open_for_recording(path: &std::path::Path, policy: &Policy) -> Result<Log> {
    Log::open_with_retention(path, policy.settings.log.retention_days).with_context(|| {
        format!(
            "記録ファイルを開けません (cannot open the log {})",
            path.display()
        )
    })
}

/// Run `sendguard log …`; returns the exit code.
pub fn run(args: LogArgs) -> Result<i32> {
    let path = db_path(args.db)?;
    let mut log = Log::open(&path).with_context(|| format!("{}", path.display()))?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.command {
        LogCommand::List { filter, format } => {
            let filter = filter.to_filter()?;
            match format {
                Format::Table => print_list(&mut out, &log.list(&filter)?)?,
                Format::Json => {
                    serde_json::to_writer_pretty(&mut out, &log.list(&filter)?)?;
                    writeln!(out)?;
                }
                Format::Csv => {
                    log.export_csv(&mut out, &filter)?;
                }
                Format::Jsonl => {
                    log.export_jsonl(&mut out, &filter)?;
                }
            }
        }
        LogCommand::Show { uuid, format } => {
            let item = log
                .get(uuid)?
                .ok_or(sendguard_nearmiss::Error::NotFound(uuid))?;
            match format {
                Format::Table => print_item(&mut out, &log, &item)?,
                _ => {
                    serde_json::to_writer_pretty(&mut out, &item)?;
                    writeln!(out)?;
                }
            }
        }
        LogCommand::Stats { filter, format } => {
            let stats = log.stats(&filter.to_filter()?)?;
            match format {
                Format::Table => print_stats(&mut out, &stats)?,
                _ => {
                    serde_json::to_writer_pretty(&mut out, &stats)?;
                    writeln!(out)?;
                }
            }
        }
        LogCommand::Review {
            uuid,
            status,
            comment,
            countermeasure,
            reviewer,
        } => {
            let status = ReviewStatus::parse(&status)?;
            let review = log.review(
                uuid,
                ReviewUpdate {
                    status,
                    reviewer: Some(reviewer.unwrap_or_else(sendguard_nearmiss::current_user)),
                    comment,
                    countermeasure,
                },
            )?;
            writeln!(out, "{uuid}: {}", review.status.label_ja())?;
        }
        LogCommand::Report {
            category,
            what,
            when,
            place,
            action,
            reporter,
        } => {
            let redactor = Redactor::from_policy(&load_policy()?);
            let report = ManualReport::new(
                ManualInput {
                    category: Category::parse(&category)?,
                    what,
                    when,
                    place,
                    reporter: reporter.unwrap_or_else(sendguard_nearmiss::current_user),
                    action,
                },
                &redactor,
                Timestamp::now(),
            );
            let uuid = log.report_manual(&report)?;
            writeln!(out, "{uuid}")?;
        }
        LogCommand::Export {
            filter,
            format,
            output,
        } => {
            let filter = filter.to_filter()?;
            let mut buf = Vec::new();
            let n = match format {
                ExportFormat::Jsonl => log.export_jsonl(&mut buf, &filter)?,
                ExportFormat::Csv => log.export_csv(&mut buf, &filter)?,
            };
            match output {
                Some(file) => {
                    std::fs::write(&file, &buf).with_context(|| {
                        format!("{} に書き込めません (cannot write)", file.display())
                    })?;
                    eprintln!("{n} 件を {} に書き出しました ({n} entries)", file.display());
                }
                None => out.write_all(&buf)?,
            }
        }
        LogCommand::Import { files } => {
            let mut failed = 0;
            for file in &files {
                match log.import_file(file) {
                    Ok(c) => eprintln!(
                        "{}: 追加 {} / レビュー更新 {} / 変更なし {} (added {}, review updated {}, unchanged {})",
                        file.display(),
                        c.added,
                        c.updated_review,
                        c.unchanged,
                        c.added,
                        c.updated_review,
                        c.unchanged
                    ),
                    Err(e) => {
                        failed += 1;
                        eprintln!("エラー: {e}");
                    }
                }
            }
            if failed > 0 {
                return Ok(1);
            }
        }
        LogCommand::Purge { older_than_days } => {
            let days = match older_than_days {
                Some(days) => days.max(0),
                None => match retention_days(&load_policy()?) {
                    Some(days) => days,
                    None => {
                        writeln!(
                            out,
                            "保持期間が無期限のため、削除しませんでした (the policy keeps everything: [log] retention_days = 0)"
                        )?;
                        return Ok(0);
                    }
                },
            };
            let c = log.purge(days_ago(days)?)?;
            writeln!(
                out,
                "削除: 記録 {} 件・手動報告 {} 件・レビュー {} 件 (purged {} events, {} manual reports, {} reviews older than {days} days)",
                c.events, c.manual_reports, c.reviews, c.events, c.manual_reports, c.reviews
            )?;
        }
    }
    Ok(0)
}

/// Terminal columns taken by `c` (Unicode East Asian Width: two for wide and
/// full-width characters).
fn char_width(c: char) -> usize {
    unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
}

fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// `s` cut to `max` columns (with `…`) and padded to exactly `max`.
fn cell(s: &str, max: usize) -> String {
    let s = s.replace(['\r', '\n', '\t'], " ");
    let mut out = String::new();
    let mut w = 0;
    if width(&s) > max {
        for c in s.chars() {
            if w + char_width(c) > max.saturating_sub(1) {
                break;
            }
            w += char_width(c);
            out.push(c);
        }
        out.push('…');
        w += 1;
    } else {
        out = s;
        w = width(&out);
    }
    out.push_str(&" ".repeat(max.saturating_sub(w)));
    out
}

fn print_list(out: &mut impl Write, items: &[Item]) -> Result<()> {
    const COLS: [(&str, usize); 7] = [
        ("日時", 19),
        ("利用者", 10),
        ("操作", 12),
        ("状態", 6),
        ("指摘", 28),
        ("件名・内容", 30),
        ("ID", 8),
    ];
    let line: Vec<String> = COLS.iter().map(|(h, w)| cell(h, *w)).collect();
    writeln!(out, "{}", line.join("  ").trim_end())?;
    for item in items {
        let (time, user, action, findings, text) = match item {
            Item::Event(e) => (
                e.local_time.clone().unwrap_or_default(),
                e.user.clone(),
                e.decision.label_ja().to_owned(),
                e.findings
                    .iter()
                    .map(|f| {
                        f.kind
                            .map_or_else(|| f.check.to_string(), |k| k.to_string())
                    })
                    .collect::<Vec<_>>()
                    .join(","),
                e.subject.clone(),
            ),
            Item::Manual(m) => (
                m.local_time.clone().unwrap_or_default(),
                m.reporter.clone(),
                format!("報告:{}", m.category.label_ja()),
                String::new(),
                m.what.clone(),
            ),
        };
        let id = item.uuid().to_string();
        let values = [
            time,
            user,
            action,
            item.status().label_ja().to_owned(),
            findings,
            text,
            id.chars().take(8).collect(),
        ];
        let line: Vec<String> = values
            .iter()
            .zip(COLS)
            .map(|(v, (_, w))| cell(v, w))
            .collect();
        writeln!(out, "{}", line.join("  ").trim_end())?;
    }
    writeln!(out, "{} 件 ({} entries)", items.len(), items.len())?;
    Ok(())
}

fn print_item(out: &mut impl Write, log: &Log, item: &Item) -> Result<()> {
    let mut rows: Vec<(&str, String)> = vec![("ID", item.uuid().to_string())];
    match item {
        Item::Event(e) => {
            rows.extend([
                ("日時", e.local_time.clone().unwrap_or_default()),
                ("利用者", e.user.clone()),
                ("端末", e.machine.clone()),
                ("クライアント", e.client.clone()),
                ("判定", e.verdict.to_string()),
                ("操作", e.decision.label_ja().to_owned()),
                (
                    "確認秒数",
                    e.dialog_seconds
                        .map(|s| format!("{s:.1}"))
                        .unwrap_or_default(),
                ),
                ("件名", e.subject.clone()),
                ("送信元", e.source.clone()),
            ]);
            for r in &e.recipients {
                let scope = if r.external { "社外" } else { "社内" };
                rows.push(("宛先", format!("{} {} ({scope})", r.field, r.address)));
            }
            for a in &e.attachments {
                rows.push(("添付", format!("{} ({} bytes)", a.name, a.size)));
            }
            for f in &e.findings {
                rows.push(("指摘", format!("[{}] {}", f.severity, f.message)));
            }
            rows.extend([
                ("Bccへ移動", e.changes.moved_to_bcc.join(", ")),
                ("削除した宛先", e.changes.removed_recipients.join(", ")),
                ("削除した添付", e.changes.removed_attachments.join(", ")),
            ]);
        }
        Item::Manual(m) => rows.extend([
            ("報告日時", m.local_time.clone().unwrap_or_default()),
            ("区分", m.category.label_ja().to_owned()),
            ("内容", m.what.clone()),
            ("発生日時", m.when.clone()),
            ("場所", m.place.clone()),
            ("報告者", m.reporter.clone()),
            ("対応", m.action.clone()),
        ]),
    }
    rows.push(("状態", item.status().label_ja().to_owned()));
    if let Some(r) = item.review() {
        rows.extend([
            ("確認者", r.reviewer.clone().unwrap_or_default()),
            ("確認日時", log.local_time(r.reviewed_at)),
            ("コメント", r.comment.clone().unwrap_or_default()),
            ("対策", r.countermeasure.clone().unwrap_or_default()),
        ]);
    }
    for (k, v) in rows.into_iter().filter(|(_, v)| !v.is_empty()) {
        writeln!(out, "{}  {v}", cell(k, 12))?;
    }
    Ok(())
}

fn print_stats(out: &mut impl Write, s: &Stats) -> Result<()> {
    writeln!(
        out,
        "記録 {} 件 / 手動報告 {} 件",
        s.events, s.manual_reports
    )?;
    let rate = s
        .near_miss_rate
        .map(|r| format!("{:.1}%", r * 100.0))
        .unwrap_or_else(|| "-".to_owned());
    writeln!(
        out,
        "ヒヤリハット率 {rate} ({} / 確認画面 {} 件)",
        s.near_misses, s.dialogs
    )?;
    writeln!(
        out,
        "\n{}  {}  {}  手動",
        cell("週", 10),
        cell("記録", 6),
        cell("ヒヤリ", 6)
    )?;
    for (week, w) in &s.per_week {
        writeln!(
            out,
            "{}  {:>6}  {:>6}  {:>4}",
            cell(week, 10),
            w.events,
            w.near_misses,
            w.manual_reports
        )?;
    }
    writeln!(out, "\n{}  件数", cell("指摘 (check)", 24))?;
    for (check, n) in &s.per_check {
        writeln!(out, "{}  {n:>4}", cell(check, 24))?;
    }
    writeln!(out, "\n{}  件数", cell("個人情報の種類 (type)", 24))?;
    for (kind, n) in &s.per_type {
        writeln!(out, "{}  {n:>4}", cell(kind, 24))?;
    }
    writeln!(
        out,
        "\n{}  {}  {}  手動",
        cell("利用者", 16),
        cell("記録", 6),
        cell("ヒヤリ", 6)
    )?;
    for (user, u) in &s.per_user {
        writeln!(
            out,
            "{}  {:>6}  {:>6}  {:>4}",
            cell(user, 16),
            u.events,
            u.near_misses,
            u.manual_reports
        )?;
    }
    Ok(())
}
