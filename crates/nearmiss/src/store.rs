//! The SQLite file: opening, writing one event per transaction, reading, filtering,
//! statistics and retention.
//!
//! Why SQLite with WAL and `synchronous=FULL`: the log is written by the send hook
//! while the app or the CLI may be reading it, so readers must not block the writer
//! (WAL). Writes happen at human pace — one per confirmed mail — so the extra fsync of
//! FULL costs nothing anyone notices, and in return an event that was reported as
//! committed survives a power cut, not only a crash of the process. A near-miss record
//! is audit evidence; losing the last few on power loss (what NORMAL allows in WAL mode)
//! is the wrong trade here. `secure_delete` is on so a retention purge really removes
//! the purged rows' bytes from the file.

use crate::model::{
    Decision, EventRecord, Item, LoggedEvent, LoggedManual, ManualReport, Review, ReviewStatus,
    ReviewUpdate, StoredAttachment, StoredChanges, StoredFinding, StoredRecipient,
};
use crate::schema::{self, SCHEMA_VERSION};
use crate::{Category, Error, Result};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Transaction, params, params_from_iter};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;
use uuid::Uuid;

/// An open near-miss log.
#[derive(Debug)]
pub struct Log {
    pub(crate) conn: Connection,
    tz: TimeZone,
}

/// Which entries to list or count. Every set field must match; `since` is inclusive,
/// `until` exclusive. `check`, `kind` and `decision` only match checker events;
/// `category` only matches manual reports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
    /// A check ID (`personal_data`); the event must have a finding of it.
    pub check: Option<String>,
    /// A finding type (`my_number`); the event must have a finding of it.
    pub kind: Option<String>,
    pub decision: Option<Decision>,
    pub status: Option<ReviewStatus>,
    /// The event's user or the manual report's reporter.
    pub user: Option<String>,
    pub category: Option<Category>,
    /// At most this many entries, newest first.
    pub limit: Option<usize>,
}

impl Filter {
    fn only_events(&self) -> bool {
        self.check.is_some() || self.kind.is_some() || self.decision.is_some()
    }
}

/// Counts for one ISO week (`2026-W47`, in the log's time zone).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WeekStats {
    pub events: u64,
    pub near_misses: u64,
    pub manual_reports: u64,
}

/// Counts for one user.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct UserStats {
    pub events: u64,
    pub near_misses: u64,
    pub manual_reports: u64,
}

/// What [`Log::stats`] returns.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    pub events: u64,
    pub manual_reports: u64,
    /// Events that showed the dialog or were blocked (verdict confirm/block, not
    /// `checked`): the rate's denominator.
    pub dialogs: u64,
    /// Events decided `cancelled`, `sent_after_fix` or `blocked`, among `dialogs`.
    pub near_misses: u64,
    /// `near_misses / dialogs`; `None` when no dialog was shown.
    pub near_miss_rate: Option<f64>,
    pub per_week: BTreeMap<String, WeekStats>,
    /// Events with at least one finding of the check.
    pub per_check: BTreeMap<String, u64>,
    /// Events with at least one finding of the type (`my_number`, …).
    pub per_type: BTreeMap<String, u64>,
    pub per_user: BTreeMap<String, UserStats>,
    pub per_decision: BTreeMap<String, u64>,
    pub per_status: BTreeMap<String, u64>,
    pub per_category: BTreeMap<String, u64>,
}

/// What [`Log::purge`] removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PurgeCounts {
    pub events: u64,
    pub findings: u64,
    pub recipients: u64,
    pub attachments: u64,
    pub reviews: u64,
    pub manual_reports: u64,
}

pub(crate) fn ts(secs: i64) -> Result<Timestamp> {
    Timestamp::from_second(secs).map_err(|e| Error::Corrupt(format!("time {secs}: {e}")))
}

fn to_u64(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn json_list(text: &str) -> Result<Vec<String>> {
    serde_json::from_str(text).map_err(|e| Error::Corrupt(format!("list {text:?}: {e}")))
}

fn list_json(list: &[String]) -> String {
    serde_json::to_string(list).unwrap_or_else(|_| "[]".to_owned())
}

impl Log {
    /// Open (or create) the log at `path`, creating parent directories, and bring the
    /// schema up to date. A file from a newer sendguard is refused and left untouched.
    pub fn open(path: impl AsRef<Path>) -> Result<Log> {
        let path = path.as_ref();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| Error::Io {
                path: parent.display().to_string(),
                source,
            })?;
        }
        let conn = Connection::open(path)?;
        Log::setup(conn, true)
    }

    /// Open the log for recording: as [`Log::open`], then delete what is older than
    /// `retention_days` (the policy's `[log] retention_days`; 0 keeps everything).
    pub fn open_with_retention(path: impl AsRef<Path>, retention_days: u32) -> Result<Log> {
        let mut log = Log::open(path)?;
        if retention_days > 0
            && let Ok(cut) = Timestamp::now().checked_sub(jiff::SignedDuration::from_hours(
                i64::from(retention_days) * 24,
            ))
        {
            log.purge(cut)?;
        }
        Ok(log)
    }

    /// A log that lives only in memory (tests, dry runs).
    pub fn open_in_memory() -> Result<Log> {
        Log::setup(Connection::open_in_memory()?, false)
    }

    fn setup(mut conn: Connection, file: bool) -> Result<Log> {
        conn.busy_timeout(Duration::from_secs(5))?;
        // Check the version before anything that writes (WAL mode is persistent).
        let found = schema::user_version(&conn)?;
        if found > SCHEMA_VERSION {
            return Err(Error::NewerSchema {
                found,
                known: SCHEMA_VERSION,
            });
        }
        if file {
            let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(Error::Corrupt(format!("journal mode {mode}, wanted wal")));
            }
        }
        conn.execute_batch(
            "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;",
        )?;
        schema::migrate_to(&mut conn, SCHEMA_VERSION)?;
        Ok(Log {
            conn,
            tz: TimeZone::system(),
        })
    }

    /// Show local times in this zone instead of the system's (tests, servers in UTC).
    pub fn set_time_zone(&mut self, tz: TimeZone) {
        self.tz = tz;
    }

    pub fn time_zone(&self) -> &TimeZone {
        &self.tz
    }

    /// `time` as people read it: `2026-11-26 09:07:12` in the log's zone.
    pub fn local_time(&self, time: Timestamp) -> String {
        time.to_zoned(self.tz.clone())
            .strftime("%Y-%m-%d %H:%M:%S")
            .to_string()
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64> {
        schema::user_version(&self.conn)
    }

    /// `PRAGMA integrity_check`: `"ok"` for a healthy file.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    /// Store one event, in one transaction. Returns its UUID.
    pub fn record(&mut self, record: &EventRecord) -> Result<Uuid> {
        let tx = self.conn.transaction()?;
        insert_event(&tx, &record.event)?;
        tx.commit()?;
        Ok(record.event.uuid)
    }

    /// Store one manual report, in one transaction. Returns its UUID.
    pub fn report_manual(&mut self, report: &ManualReport) -> Result<Uuid> {
        let tx = self.conn.transaction()?;
        insert_manual(&tx, &report.report)?;
        tx.commit()?;
        Ok(report.report.uuid)
    }

    /// Set the review of an event or manual report, stamped now.
    pub fn review(&mut self, uuid: Uuid, update: ReviewUpdate) -> Result<Review> {
        self.review_at(uuid, update, Timestamp::now())
    }

    /// Set the review, stamped `at`. Status may move forward or back; empty texts are
    /// stored as absent.
    pub fn review_at(&mut self, uuid: Uuid, update: ReviewUpdate, at: Timestamp) -> Result<Review> {
        let clean = |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        let review = Review {
            status: update.status,
            reviewer: clean(update.reviewer),
            comment: clean(update.comment),
            countermeasure: clean(update.countermeasure),
            reviewed_at: ts(at.as_second())?,
        };
        let tx = self.conn.transaction()?;
        if !exists(&tx, uuid)? {
            return Err(Error::NotFound(uuid));
        }
        put_review(&tx, uuid, &review)?;
        tx.commit()?;
        Ok(review)
    }

    /// One entry by UUID.
    pub fn get(&self, uuid: Uuid) -> Result<Option<Item>> {
        let mut item = match event_id(&self.conn, uuid)? {
            Some(id) => Some(Item::Event(load_event(&self.conn, id)?)),
            None => load_manual(&self.conn, uuid)?.map(Item::Manual),
        };
        if let Some(item) = item.as_mut() {
            item.set_local_time(self.local_time(item.time()));
        }
        Ok(item)
    }

    /// The entries matching `filter`, newest first.
    pub fn list(&self, filter: &Filter) -> Result<Vec<Item>> {
        let mut items = Vec::new();
        if filter.category.is_none() {
            items.extend(self.list_events(filter)?.into_iter().map(Item::Event));
        }
        if !filter.only_events() {
            items.extend(self.list_manual(filter)?.into_iter().map(Item::Manual));
        }
        items.sort_by_key(|i| std::cmp::Reverse(i.time()));
        if let Some(limit) = filter.limit {
            items.truncate(limit);
        }
        for item in &mut items {
            item.set_local_time(self.local_time(item.time()));
        }
        Ok(items)
    }

    fn list_events(&self, f: &Filter) -> Result<Vec<LoggedEvent>> {
        let mut sql = String::from(
            "SELECT e.id FROM events e LEFT JOIN reviews r ON r.item_uuid = e.uuid WHERE 1",
        );
        let mut args: Vec<Value> = Vec::new();
        if let Some(since) = f.since {
            sql.push_str(" AND e.time >= ?");
            args.push(Value::Integer(since.as_second()));
        }
        if let Some(until) = f.until {
            sql.push_str(" AND e.time < ?");
            args.push(Value::Integer(until.as_second()));
        }
        match (&f.check, &f.kind) {
            (None, None) => {}
            (check, kind) => {
                sql.push_str(" AND EXISTS (SELECT 1 FROM findings x WHERE x.event_id = e.id");
                if let Some(check) = check {
                    sql.push_str(" AND x.check_id = ?");
                    args.push(Value::Text(check.clone()));
                }
                if let Some(kind) = kind {
                    sql.push_str(" AND x.kind = ?");
                    args.push(Value::Text(kind.clone()));
                }
                sql.push(')');
            }
        }
        if let Some(decision) = f.decision {
            sql.push_str(" AND e.decision = ?");
            args.push(Value::Text(decision.code().to_owned()));
        }
        if let Some(status) = f.status {
            sql.push_str(" AND COALESCE(r.status, 'unreviewed') = ?");
            args.push(Value::Text(status.code().to_owned()));
        }
        if let Some(user) = &f.user {
            sql.push_str(" AND e.user = ?");
            args.push(Value::Text(user.clone()));
        }
        sql.push_str(" ORDER BY e.time DESC, e.id DESC");
        if let Some(limit) = f.limit {
            sql.push_str(" LIMIT ?");
            args.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
        }
        let mut stmt = self.conn.prepare(&sql)?;
        let ids = stmt
            .query_map(params_from_iter(args), |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        ids.into_iter()
            .map(|id| load_event(&self.conn, id))
            .collect()
    }

    fn list_manual(&self, f: &Filter) -> Result<Vec<LoggedManual>> {
        let mut sql = String::from(
            "SELECT m.uuid FROM manual_reports m LEFT JOIN reviews r ON r.item_uuid = m.uuid WHERE 1",
        );
        let mut args: Vec<Value> = Vec::new();
        if let Some(since) = f.since {
            sql.push_str(" AND m.created >= ?");
            args.push(Value::Integer(since.as_second()));
        }
        if let Some(until) = f.until {
            sql.push_str(" AND m.created < ?");
            args.push(Value::Integer(until.as_second()));
        }
        if let Some(status) = f.status {
            sql.push_str(" AND COALESCE(r.status, 'unreviewed') = ?");
            args.push(Value::Text(status.code().to_owned()));
        }
        if let Some(user) = &f.user {
            sql.push_str(" AND m.reporter = ?");
            args.push(Value::Text(user.clone()));
        }
        if let Some(category) = f.category {
            sql.push_str(" AND m.category = ?");
            args.push(Value::Text(category.code().to_owned()));
        }
        sql.push_str(" ORDER BY m.created DESC, m.id DESC");
        if let Some(limit) = f.limit {
            sql.push_str(" LIMIT ?");
            args.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
        }
        let mut stmt = self.conn.prepare(&sql)?;
        let uuids = stmt
            .query_map(params_from_iter(args), |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        let mut out = Vec::with_capacity(uuids.len());
        for u in uuids {
            let uuid = parse_uuid(&u)?;
            if let Some(m) = load_manual(&self.conn, uuid)? {
                out.push(m);
            }
        }
        Ok(out)
    }

    /// Counts over the entries matching `filter` (its `limit` is ignored).
    pub fn stats(&self, filter: &Filter) -> Result<Stats> {
        let all = Filter {
            limit: None,
            ..filter.clone()
        };
        let mut s = Stats::default();
        for item in self.list(&all)? {
            let week = self.iso_week(item.time());
            *s.per_status
                .entry(item.status().code().to_owned())
                .or_default() += 1;
            match item {
                Item::Event(e) => {
                    s.events += 1;
                    let near = e.showed_dialog() && e.is_near_miss();
                    if e.showed_dialog() {
                        s.dialogs += 1;
                    }
                    let w = s.per_week.entry(week).or_default();
                    w.events += 1;
                    let u = s.per_user.entry(e.user.clone()).or_default();
                    u.events += 1;
                    if near {
                        s.near_misses += 1;
                        w.near_misses += 1;
                        u.near_misses += 1;
                    }
                    *s.per_decision
                        .entry(e.decision.code().to_owned())
                        .or_default() += 1;
                    let mut checks: Vec<&str> =
                        e.findings.iter().map(|f| f.check.as_str()).collect();
                    checks.sort_unstable();
                    checks.dedup();
                    for c in checks {
                        *s.per_check.entry(c.to_owned()).or_default() += 1;
                    }
                    let mut kinds: Vec<&str> = e
                        .findings
                        .iter()
                        .filter_map(|f| f.kind.as_deref())
                        .collect();
                    kinds.sort_unstable();
                    kinds.dedup();
                    for k in kinds {
                        *s.per_type.entry(k.to_owned()).or_default() += 1;
                    }
                }
                Item::Manual(m) => {
                    s.manual_reports += 1;
                    s.per_week.entry(week).or_default().manual_reports += 1;
                    s.per_user
                        .entry(m.reporter.clone())
                        .or_default()
                        .manual_reports += 1;
                    *s.per_category
                        .entry(m.category.code().to_owned())
                        .or_default() += 1;
                }
            }
        }
        s.near_miss_rate = (s.dialogs > 0).then(|| s.near_misses as f64 / s.dialogs as f64);
        Ok(s)
    }

    /// `2026-W47`: the ISO week of `time` in the log's time zone.
    pub fn iso_week(&self, time: Timestamp) -> String {
        let week = time.to_zoned(self.tz.clone()).date().iso_week_date();
        format!("{:04}-W{:02}", week.year(), week.week())
    }

    /// Delete everything that happened (events) or was reported (manual reports)
    /// before `older_than`, with its findings, recipients, attachments and review.
    pub fn purge(&mut self, older_than: Timestamp) -> Result<PurgeCounts> {
        let cut = older_than.as_second();
        let tx = self.conn.transaction()?;
        let count = |sql: &str| -> Result<u64> {
            Ok(to_u64(tx.query_row(sql, [cut], |r| r.get::<_, i64>(0))?))
        };
        let counts = PurgeCounts {
            events: count("SELECT COUNT(*) FROM events WHERE time < ?1")?,
            findings: count(
                "SELECT COUNT(*) FROM findings WHERE event_id IN (SELECT id FROM events WHERE time < ?1)",
            )?,
            recipients: count(
                "SELECT COUNT(*) FROM recipients WHERE event_id IN (SELECT id FROM events WHERE time < ?1)",
            )?,
            attachments: count(
                "SELECT COUNT(*) FROM attachments WHERE event_id IN (SELECT id FROM events WHERE time < ?1)",
            )?,
            reviews: 0,
            manual_reports: count("SELECT COUNT(*) FROM manual_reports WHERE created < ?1")?,
        };
        let reviews = tx.execute(
            "DELETE FROM reviews WHERE item_uuid IN (SELECT uuid FROM events WHERE time < ?1)
                OR item_uuid IN (SELECT uuid FROM manual_reports WHERE created < ?1)",
            [cut],
        )?;
        tx.execute("DELETE FROM events WHERE time < ?1", [cut])?;
        tx.execute("DELETE FROM manual_reports WHERE created < ?1", [cut])?;
        tx.commit()?;
        Ok(PurgeCounts {
            reviews: reviews as u64,
            ..counts
        })
    }
}

pub(crate) fn parse_uuid(text: &str) -> Result<Uuid> {
    Uuid::parse_str(text).map_err(|e| Error::Corrupt(format!("uuid {text:?}: {e}")))
}

fn event_id(conn: &Connection, uuid: Uuid) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM events WHERE uuid = ?1",
            [uuid.to_string()],
            |r| r.get(0),
        )
        .optional()?)
}

pub(crate) fn exists(conn: &Connection, uuid: Uuid) -> Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT (SELECT COUNT(*) FROM events WHERE uuid = ?1)
              + (SELECT COUNT(*) FROM manual_reports WHERE uuid = ?1)",
        [uuid.to_string()],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

pub(crate) fn insert_event(tx: &Transaction<'_>, e: &LoggedEvent) -> Result<()> {
    tx.execute(
        "INSERT INTO events (uuid, time, user, machine, client, source, subject, verdict,
            decision, dialog_seconds, moved_to_bcc, moved_to_bcc_addresses,
            removed_recipients, removed_attachments)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            e.uuid.to_string(),
            e.time.as_second(),
            e.user,
            e.machine,
            e.client,
            e.source,
            e.subject,
            e.verdict,
            e.decision.code(),
            e.dialog_seconds,
            i64::try_from(e.changes.moved_to_bcc.len()).unwrap_or(i64::MAX),
            list_json(&e.changes.moved_to_bcc),
            list_json(&e.changes.removed_recipients),
            list_json(&e.changes.removed_attachments),
        ],
    )?;
    let id = tx.last_insert_rowid();
    for (ord, f) in e.findings.iter().enumerate() {
        tx.execute(
            "INSERT INTO findings (event_id, ord, check_id, kind, severity, count, evidence,
                location, message, subject_of, blocked)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                id,
                ord as i64,
                f.check,
                f.kind,
                f.severity,
                to_i64(f.count),
                f.evidence,
                f.location,
                f.message,
                f.subject_of,
                f.blocked,
            ],
        )?;
    }
    for (ord, r) in e.recipients.iter().enumerate() {
        tx.execute(
            "INSERT INTO recipients (event_id, ord, address, domain, field, external, freemail)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                id, ord as i64, r.address, r.domain, r.field, r.external, r.freemail
            ],
        )?;
    }
    for (ord, a) in e.attachments.iter().enumerate() {
        tx.execute(
            "INSERT INTO attachments (event_id, ord, name, size, content_type)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, ord as i64, a.name, to_i64(a.size), a.content_type],
        )?;
    }
    if let Some(review) = &e.review {
        put_review(tx, e.uuid, review)?;
    }
    Ok(())
}

pub(crate) fn insert_manual(tx: &Transaction<'_>, m: &LoggedManual) -> Result<()> {
    tx.execute(
        "INSERT INTO manual_reports (uuid, created, category, what, occurred, place, reporter, action)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            m.uuid.to_string(),
            m.created.as_second(),
            m.category.code(),
            m.what,
            m.when,
            m.place,
            m.reporter,
            m.action,
        ],
    )?;
    if let Some(review) = &m.review {
        put_review(tx, m.uuid, review)?;
    }
    Ok(())
}

pub(crate) fn put_review(tx: &Transaction<'_>, uuid: Uuid, r: &Review) -> Result<()> {
    tx.execute(
        "INSERT INTO reviews (item_uuid, status, reviewer, comment, countermeasure, reviewed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (item_uuid) DO UPDATE SET status = excluded.status,
            reviewer = excluded.reviewer, comment = excluded.comment,
            countermeasure = excluded.countermeasure, reviewed_at = excluded.reviewed_at",
        params![
            uuid.to_string(),
            r.status.code(),
            r.reviewer,
            r.comment,
            r.countermeasure,
            r.reviewed_at.as_second(),
        ],
    )?;
    Ok(())
}

pub(crate) fn load_review(conn: &Connection, uuid: Uuid) -> Result<Option<Review>> {
    let row = conn
        .query_row(
            "SELECT status, reviewer, comment, countermeasure, reviewed_at FROM reviews
             WHERE item_uuid = ?1",
            [uuid.to_string()],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, i64>(4)?,
                ))
            },
        )
        .optional()?;
    row.map(|(status, reviewer, comment, countermeasure, at)| {
        Ok(Review {
            status: ReviewStatus::parse(&status)?,
            reviewer,
            comment,
            countermeasure,
            reviewed_at: ts(at)?,
        })
    })
    .transpose()
}

fn load_event(conn: &Connection, id: i64) -> Result<LoggedEvent> {
    type Row = (String, i64, [String; 7], Option<f64>, [String; 3]);
    let (uuid, time, [user, machine, client, source, subject, verdict, decision], secs, lists): Row =
        conn.query_row(
            "SELECT uuid, time, user, machine, client, source, subject, verdict, decision,
                dialog_seconds, moved_to_bcc_addresses, removed_recipients, removed_attachments
             FROM events WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    [
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                        r.get(8)?,
                    ],
                    r.get(9)?,
                    [r.get(10)?, r.get(11)?, r.get(12)?],
                ))
            },
        )?;
    let uuid = parse_uuid(&uuid)?;
    let [bcc, removed, removed_att] = lists;
    let mut stmt = conn.prepare_cached(
        "SELECT check_id, kind, severity, count, evidence, location, message, subject_of, blocked
         FROM findings WHERE event_id = ?1 ORDER BY ord",
    )?;
    let findings = stmt
        .query_map([id], |r| {
            Ok(StoredFinding {
                check: r.get(0)?,
                kind: r.get(1)?,
                severity: r.get(2)?,
                count: to_u64(r.get(3)?),
                evidence: r.get(4)?,
                location: r.get(5)?,
                message: r.get(6)?,
                subject_of: r.get(7)?,
                blocked: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT address, domain, field, external, freemail FROM recipients
         WHERE event_id = ?1 ORDER BY ord",
    )?;
    let recipients = stmt
        .query_map([id], |r| {
            Ok(StoredRecipient {
                address: r.get(0)?,
                domain: r.get(1)?,
                field: r.get(2)?,
                external: r.get(3)?,
                freemail: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT name, size, content_type FROM attachments WHERE event_id = ?1 ORDER BY ord",
    )?;
    let attachments = stmt
        .query_map([id], |r| {
            Ok(StoredAttachment {
                name: r.get(0)?,
                size: to_u64(r.get(1)?),
                content_type: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(LoggedEvent {
        uuid,
        time: ts(time)?,
        local_time: None,
        user,
        machine,
        client,
        source,
        subject,
        verdict,
        decision: Decision::parse(&decision)?,
        dialog_seconds: secs,
        changes: StoredChanges {
            moved_to_bcc: json_list(&bcc)?,
            removed_recipients: json_list(&removed)?,
            removed_attachments: json_list(&removed_att)?,
        },
        findings,
        recipients,
        attachments,
        review: load_review(conn, uuid)?,
    })
}

fn load_manual(conn: &Connection, uuid: Uuid) -> Result<Option<LoggedManual>> {
    let row = conn
        .query_row(
            "SELECT created, category, what, occurred, place, reporter, action
             FROM manual_reports WHERE uuid = ?1",
            [uuid.to_string()],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    [
                        r.get::<_, String>(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                    ],
                ))
            },
        )
        .optional()?;
    let Some((created, [category, what, when, place, reporter, action])) = row else {
        return Ok(None);
    };
    Ok(Some(LoggedManual {
        uuid,
        created: ts(created)?,
        local_time: None,
        category: Category::parse(&category)?,
        what,
        when,
        place,
        reporter,
        action,
        review: load_review(conn, uuid)?,
    }))
}
