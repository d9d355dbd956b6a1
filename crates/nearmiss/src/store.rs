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

use crate::codes;
use crate::model::{
    Decision, EventRecord, Item, LoggedEvent, LoggedManual, ManualReport, Review, ReviewStatus,
    ReviewUpdate, StoredAttachment, StoredChanges, StoredRecipient,
};
use crate::schema::{self, SCHEMA_VERSION};
use crate::{Category, Error, Result};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Transaction, params, params_from_iter};
use sendguard_engine::{CheckId, Code, Finding, FindingType, Location, Verdict};
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
    /// The event must have a finding of this check.
    pub check: Option<CheckId>,
    /// The event must have a finding of this type (`my_number`, `record`).
    pub kind: Option<FindingType>,
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct WeekStats {
    #[ts(type = "number")]
    pub events: u64,
    #[ts(type = "number")]
    pub near_misses: u64,
    #[ts(type = "number")]
    pub manual_reports: u64,
}

/// Counts for one user.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct UserStats {
    #[ts(type = "number")]
    pub events: u64,
    #[ts(type = "number")]
    pub near_misses: u64,
    #[ts(type = "number")]
    pub manual_reports: u64,
}

/// What [`Log::stats`] returns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
pub struct Stats {
    #[ts(type = "number")]
    pub events: u64,
    #[ts(type = "number")]
    pub manual_reports: u64,
    /// Events that showed the dialog or were blocked (verdict confirm/block, not
    /// `checked`), or were taken back from the hold queue: the rate's denominator.
    #[ts(type = "number")]
    pub dialogs: u64,
    /// Events decided `cancelled`, `sent_after_fix`, `blocked` or `recalled`, among
    /// `dialogs`.
    #[ts(type = "number")]
    pub near_misses: u64,
    /// `near_misses / dialogs`; `None` when no dialog was shown.
    pub near_miss_rate: Option<f64>,
    #[ts(type = "Record<string, WeekStats>")]
    pub per_week: BTreeMap<String, WeekStats>,
    /// Events with at least one finding of the check.
    #[ts(type = "Record<string, number>")]
    pub per_check: BTreeMap<String, u64>,
    /// Events with at least one finding of the type (`my_number`, …).
    #[ts(type = "Record<string, number>")]
    pub per_type: BTreeMap<String, u64>,
    #[ts(type = "Record<string, UserStats>")]
    pub per_user: BTreeMap<String, UserStats>,
    #[ts(type = "Record<string, number>")]
    pub per_decision: BTreeMap<String, u64>,
    #[ts(type = "Record<string, number>")]
    pub per_status: BTreeMap<String, u64>,
    #[ts(type = "Record<string, number>")]
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

    /// Change the decision of event `uuid` (a held mail taken back becomes `recalled`);
    /// the near-miss flag follows. `Ok(false)` when there is no such event.
    pub fn set_decision(&mut self, uuid: Uuid, decision: Decision) -> Result<bool> {
        let tx = self.conn.transaction()?;
        let verdict: Option<String> = tx
            .query_row(
                "SELECT verdict FROM events WHERE uuid = ?1",
                [uuid.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        let Some(verdict) = verdict else {
            return Ok(false);
        };
        let verdict: Verdict = decode("verdict", &verdict)?;
        let near = decision.showed_dialog(verdict) && decision.is_near_miss();
        tx.execute(
            "UPDATE events SET decision = ?1, near = ?2 WHERE uuid = ?3",
            rusqlite::params![decision.code(), near, uuid.to_string()],
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// One entry by UUID.
    pub fn get(&self, uuid: Uuid) -> Result<Option<Item>> {
        let mut item = match self.one_event(uuid)? {
            Some(event) => Some(Item::Event(event)),
            None => self.one_manual(uuid)?.map(Item::Manual),
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

    fn one_event(&self, uuid: Uuid) -> Result<Option<LoggedEvent>> {
        let sql = format!("{EVENT_SELECT} WHERE e.uuid = ?1");
        let row = self
            .conn
            .prepare_cached(&sql)?
            .query_row([uuid.to_string()], EventRow::read)
            .optional()?;
        row.map(EventRow::into_event).transpose()
    }

    fn one_manual(&self, uuid: Uuid) -> Result<Option<LoggedManual>> {
        let sql = format!("{MANUAL_SELECT} WHERE m.uuid = ?1");
        let row = self
            .conn
            .prepare_cached(&sql)?
            .query_row([uuid.to_string()], ManualRow::read)
            .optional()?;
        row.map(ManualRow::into_manual).transpose()
    }

    fn list_events(&self, f: &Filter) -> Result<Vec<LoggedEvent>> {
        let (conditions, mut args) = event_conditions(f);
        let mut sql = format!("{EVENT_SELECT} WHERE {conditions} ORDER BY e.time DESC, e.id DESC");
        if let Some(limit) = f.limit {
            sql.push_str(" LIMIT ?");
            args.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
        }
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(args), EventRow::read)?
            .collect::<rusqlite::Result<Vec<EventRow>>>()?;
        rows.into_iter().map(EventRow::into_event).collect()
    }

    fn list_manual(&self, f: &Filter) -> Result<Vec<LoggedManual>> {
        let (conditions, mut args) = manual_conditions(f);
        let mut sql =
            format!("{MANUAL_SELECT} WHERE {conditions} ORDER BY m.created DESC, m.id DESC");
        if let Some(limit) = f.limit {
            sql.push_str(" LIMIT ?");
            args.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
        }
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(args), ManualRow::read)?
            .collect::<rusqlite::Result<Vec<ManualRow>>>()?;
        rows.into_iter().map(ManualRow::into_manual).collect()
    }

    /// How many entries match `filter` (its `limit` is ignored), counted in SQL.
    pub fn count(&self, filter: &Filter) -> Result<u64> {
        let mut n = 0;
        if filter.category.is_none() {
            let (conditions, args) = event_conditions(filter);
            let sql = format!(
                "SELECT COUNT(*) FROM events e LEFT JOIN reviews r ON r.item_uuid = e.uuid WHERE {conditions}"
            );
            n += to_u64(
                self.conn
                    .query_row(&sql, params_from_iter(args), |r| r.get(0))?,
            );
        }
        if !filter.only_events() {
            let (conditions, args) = manual_conditions(filter);
            let sql = format!(
                "SELECT COUNT(*) FROM manual_reports m LEFT JOIN reviews r ON r.item_uuid = m.uuid WHERE {conditions}"
            );
            n += to_u64(
                self.conn
                    .query_row(&sql, params_from_iter(args), |r| r.get(0))?,
            );
        }
        Ok(n)
    }

    /// Counts over the entries matching `filter` (its `limit` is ignored), computed by
    /// the database (`COUNT … GROUP BY`): the rows are never loaded.
    pub fn stats(&self, filter: &Filter) -> Result<Stats> {
        let mut s = Stats::default();
        if filter.category.is_none() {
            self.event_stats(filter, &mut s)?;
        }
        if !filter.only_events() {
            self.manual_stats(filter, &mut s)?;
        }
        s.near_miss_rate = (s.dialogs > 0).then(|| s.near_misses as f64 / s.dialogs as f64);
        Ok(s)
    }

    fn event_stats(&self, filter: &Filter, s: &mut Stats) -> Result<()> {
        let (conditions, args) = event_conditions(filter);
        // Reviews are joined only when the filter asks for a status: the counts per
        // status come from the (few) reviews below.
        let from = if filter.status.is_some() {
            "events e LEFT JOIN reviews r ON r.item_uuid = e.uuid"
        } else {
            "events e"
        };
        // One pass groups the matching events by everything the counts split on (a few
        // hundred groups, whatever the log's size; the `events_groups` index delivers
        // them in order, so nothing is sorted).
        let sql = format!(
            "SELECT e.user, e.decision, e.verdict, e.check_set, e.type_set, COUNT(*)
             FROM {from} WHERE {conditions} GROUP BY 1, 2, 3, 4, 5"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        type Group = (String, String, String, i64, i64, i64);
        let groups = stmt
            .query_map(params_from_iter(args.iter()), |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<Group>>>()?;
        for (user, decision, verdict, checks, types, n) in groups {
            let n = to_u64(n);
            let decision = Decision::parse(&decision)?;
            let verdict: Verdict = decode("verdict", &verdict)?;
            let dialog = decision.showed_dialog(verdict);
            let near = dialog && decision.is_near_miss();
            s.events += n;
            let u = s.per_user.entry(user).or_default();
            u.events += n;
            if dialog {
                s.dialogs += n;
            }
            if near {
                s.near_misses += n;
                u.near_misses += n;
            }
            *s.per_decision
                .entry(decision.code().to_owned())
                .or_default() += n;
            for check in codes::codes_in(&codes::CHECK_BITS, checks) {
                *s.per_check.entry(check.to_owned()).or_default() += n;
            }
            for kind in codes::codes_in(&codes::TYPE_BITS, types) {
                *s.per_type.entry(kind.to_owned()).or_default() += n;
            }
        }
        // Per status: the reviewed ones counted from the reviews, the rest unreviewed.
        let sql = format!(
            "SELECT r.status, COUNT(*) FROM reviews r JOIN events e ON e.uuid = r.item_uuid
             WHERE {conditions} GROUP BY r.status"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let reviewed = stmt
            .query_map(params_from_iter(args.iter()), |r| {
                Ok((r.get::<_, String>(0)?, to_u64(r.get(1)?)))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut unreviewed = s.events;
        for (status, n) in reviewed {
            if status != ReviewStatus::Unreviewed.code() {
                unreviewed = unreviewed.saturating_sub(n);
                *s.per_status.entry(status).or_default() += n;
            }
        }
        if unreviewed > 0 {
            *s.per_status
                .entry(ReviewStatus::Unreviewed.code().to_owned())
                .or_default() += unreviewed;
        }
        if s.events == 0 {
            return Ok(());
        }
        // `near`: the stored near-miss flag (schema v3), index-only with the time.
        for (week, events, near) in self.per_week(from, &conditions, "e.time", "e.near", &args)? {
            let w = s.per_week.entry(week).or_default();
            w.events += events;
            w.near_misses += near;
        }
        Ok(())
    }

    /// Counts (all, and those where `flag` holds) per ISO week of the log's time zone,
    /// for the rows of `from` matching `conditions`. The weeks from the first to the last
    /// row are a small table of time ranges the database joins by the time index: the
    /// database counts, nothing is sorted, and time zones stay in Rust.
    fn per_week(
        &self,
        from: &str,
        conditions: &str,
        time: &str,
        flag: &str,
        args: &[Value],
    ) -> Result<Vec<(String, u64, u64)>> {
        let span = format!("SELECT MIN({time}), MAX({time}) FROM {from} WHERE {conditions}");
        let (first, last): (Option<i64>, Option<i64>) = self
            .conn
            .prepare_cached(&span)?
            .query_row(params_from_iter(args.iter()), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        let (Some(first), Some(last)) = (first, last) else {
            return Ok(Vec::new());
        };
        let mut weeks = Vec::new();
        let mut at = first;
        while at <= last {
            let week = self.week_span(at)?;
            at = week.2;
            weeks.push(week);
        }
        let sql = format!(
            "SELECT COUNT(*), SUM({flag}) FROM {from} WHERE {time} >= ? AND {time} < ? AND {conditions}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut out = Vec::with_capacity(weeks.len());
        for (label, start, stop) in weeks {
            let bounds = [Value::Integer(start), Value::Integer(stop)];
            let (all, flagged): (i64, Option<i64>) = stmt
                .query_row(params_from_iter(bounds.iter().chain(args)), |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
            if all > 0 {
                out.push((label, to_u64(all), to_u64(flagged.unwrap_or(0))));
            }
        }
        Ok(out)
    }

    fn manual_stats(&self, filter: &Filter, s: &mut Stats) -> Result<()> {
        let (conditions, args) = manual_conditions(filter);
        let selected = format!(
            "WITH sel AS (SELECT m.created AS time, m.reporter AS user, m.category,
                COALESCE(r.status, 'unreviewed') AS status
             FROM manual_reports m LEFT JOIN reviews r ON r.item_uuid = m.uuid WHERE {conditions})"
        );
        let grouped = |select: &str| -> Result<Vec<(String, u64)>> {
            let sql = format!("{selected} {select}");
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt
                .query_map(params_from_iter(args.iter()), |r| {
                    Ok((
                        r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                        to_u64(r.get::<_, Option<i64>>(1)?.unwrap_or(0)),
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        };
        s.manual_reports = grouped("SELECT '', COUNT(*) FROM sel")?
            .first()
            .map_or(0, |r| r.1);
        if s.manual_reports == 0 {
            return Ok(());
        }
        for (user, n) in grouped("SELECT user, COUNT(*) FROM sel GROUP BY user")? {
            s.per_user.entry(user).or_default().manual_reports += n;
        }
        for (category, n) in grouped("SELECT category, COUNT(*) FROM sel GROUP BY category")? {
            s.per_category.insert(category, n);
        }
        for (status, n) in grouped("SELECT status, COUNT(*) FROM sel GROUP BY status")? {
            *s.per_status.entry(status).or_default() += n;
        }
        for (week, n, _) in self.per_week(
            "manual_reports m LEFT JOIN reviews r ON r.item_uuid = m.uuid",
            &conditions,
            "m.created",
            "0",
            &args,
        )? {
            s.per_week.entry(week).or_default().manual_reports += n;
        }
        Ok(())
    }

    /// The ISO week holding `secs` in the log's time zone: its label and its start and
    /// end (unix seconds, Monday 00:00 local to the next).
    fn week_span(&self, secs: i64) -> Result<(String, i64, i64)> {
        let date = ts(secs)?.to_zoned(self.tz.clone()).date();
        let back = i64::from(date.weekday().to_monday_zero_offset());
        let bad = |e: jiff::Error| Error::Corrupt(format!("week of {secs}: {e}"));
        let monday = date
            .checked_sub(jiff::Span::new().days(back))
            .map_err(bad)?;
        let next = monday.checked_add(jiff::Span::new().days(7)).map_err(bad)?;
        let start_of = |d: jiff::civil::Date| -> Result<i64> {
            Ok(d.to_zoned(self.tz.clone())
                .map_err(bad)?
                .timestamp()
                .as_second())
        };
        let week = monday.iso_week_date();
        Ok((
            format!("{:04}-W{:02}", week.year(), week.week()),
            start_of(monday)?,
            start_of(next)?,
        ))
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
            removed_recipients, removed_attachments, check_set, type_set, near,
            replaced_recipients)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
            ?18)",
        params![
            e.uuid.to_string(),
            e.time.as_second(),
            e.user,
            e.machine,
            e.client,
            e.source,
            e.subject,
            e.verdict.code(),
            e.decision.code(),
            e.dialog_seconds,
            i64::try_from(e.changes.moved_to_bcc.len()).unwrap_or(i64::MAX),
            list_json(&e.changes.moved_to_bcc),
            list_json(&e.changes.removed_recipients),
            list_json(&e.changes.removed_attachments),
            e.findings
                .iter()
                .fold(0, |set, f| set | codes::check_bit(f.check)),
            e.findings
                .iter()
                .filter_map(|f| f.kind)
                .fold(0, |set, kind| set | codes::type_bit(kind)),
            e.showed_dialog() && e.is_near_miss(),
            (!e.changes.replaced_recipients.is_empty())
                .then(|| serde_json::to_string(&e.changes.replaced_recipients).unwrap_or_default()),
        ],
    )?;
    let id = tx.last_insert_rowid();
    for (ord, f) in e.findings.iter().enumerate() {
        tx.execute(
            "INSERT INTO findings (event_id, ord, check_id, kind, severity, count, evidence,
                location, message, subject_of, blocked, attachment_path, items, notes,
                suggestion, parties)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            params![
                id,
                ord as i64,
                f.check.code(),
                f.kind.map(|k| k.as_str()),
                f.severity.code(),
                to_i64(f.count),
                f.evidence,
                f.location.to_contract(),
                f.message,
                f.subject_of,
                f.blocked,
                f.location.attachment_path().map(list_json),
                (!f.items.is_empty()).then(|| {
                    list_json(
                        &f.items
                            .iter()
                            .map(|t| t.code().to_owned())
                            .collect::<Vec<_>>(),
                    )
                }),
                (!f.notes.is_empty()).then(|| list_json(&f.notes)),
                f.suggestion,
                (!f.parties.is_empty())
                    .then(|| serde_json::to_string(&f.parties).unwrap_or_default()),
            ],
        )?;
    }
    for (ord, r) in e.recipients.iter().enumerate() {
        tx.execute(
            "INSERT INTO recipients (event_id, ord, address, domain, field, external, freemail)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                id,
                ord as i64,
                r.address,
                r.domain,
                r.field.code(),
                r.external,
                r.freemail
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

/// An event with its review and, as JSON arrays built by the database, its findings,
/// recipients and attachments: one statement reads a whole page of the list.
const EVENT_SELECT: &str = "SELECT e.uuid, e.time, e.user, e.machine, e.client, e.source,
        e.subject, e.verdict, e.decision, e.dialog_seconds, e.moved_to_bcc_addresses,
        e.removed_recipients, e.removed_attachments,
        r.status, r.reviewer, r.comment, r.countermeasure, r.reviewed_at,
        (SELECT json_group_array(json_array(f.check_id, f.kind, f.severity, f.count,
                f.evidence, f.location, f.message, f.subject_of, f.blocked,
                json(f.attachment_path), json(f.items), json(f.notes), f.suggestion,
                json(f.parties)) ORDER BY f.ord)
            FROM findings f WHERE f.event_id = e.id),
        (SELECT json_group_array(json_array(x.address, x.domain, x.field, x.external,
                x.freemail) ORDER BY x.ord)
            FROM recipients x WHERE x.event_id = e.id),
        (SELECT json_group_array(json_array(a.name, a.size, a.content_type) ORDER BY a.ord)
            FROM attachments a WHERE a.event_id = e.id),
        e.replaced_recipients
    FROM events e LEFT JOIN reviews r ON r.item_uuid = e.uuid";

/// A manual report with its review.
const MANUAL_SELECT: &str = "SELECT m.uuid, m.created, m.category, m.what, m.occurred, m.place,
        m.reporter, m.action,
        r.status, r.reviewer, r.comment, r.countermeasure, r.reviewed_at
    FROM manual_reports m LEFT JOIN reviews r ON r.item_uuid = m.uuid";

/// The `WHERE` conditions of `f` over `events e` joined with `reviews r`.
fn event_conditions(f: &Filter) -> (String, Vec<Value>) {
    let mut sql = String::from("1");
    let mut args: Vec<Value> = Vec::new();
    if let Some(since) = f.since {
        sql.push_str(" AND e.time >= ?");
        args.push(Value::Integer(since.as_second()));
    }
    if let Some(until) = f.until {
        sql.push_str(" AND e.time < ?");
        args.push(Value::Integer(until.as_second()));
    }
    if f.check.is_some() || f.kind.is_some() {
        sql.push_str(" AND EXISTS (SELECT 1 FROM findings x WHERE x.event_id = e.id");
        if let Some(check) = f.check {
            sql.push_str(" AND x.check_id = ?");
            args.push(Value::Text(check.code().to_owned()));
        }
        if let Some(kind) = f.kind {
            sql.push_str(" AND x.kind = ?");
            args.push(Value::Text(kind.as_str().to_owned()));
        }
        sql.push(')');
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
    (sql, args)
}

/// The `WHERE` conditions of `f` over `manual_reports m` joined with `reviews r`.
fn manual_conditions(f: &Filter) -> (String, Vec<Value>) {
    let mut sql = String::from("1");
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
    (sql, args)
}

/// The review columns of a row (`status, reviewer, comment, countermeasure, reviewed_at`
/// from `first`), NULL when the item has no review.
type ReviewColumns = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
);

fn read_review(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<ReviewColumns> {
    Ok((
        r.get(first)?,
        r.get(first + 1)?,
        r.get(first + 2)?,
        r.get(first + 3)?,
        r.get(first + 4)?,
    ))
}

fn into_review(columns: ReviewColumns) -> Result<Option<Review>> {
    let (status, reviewer, comment, countermeasure, at) = columns;
    let (Some(status), Some(at)) = (status, at) else {
        return Ok(None);
    };
    Ok(Some(Review {
        status: ReviewStatus::parse(&status)?,
        reviewer,
        comment,
        countermeasure,
        reviewed_at: ts(at)?,
    }))
}

/// A code read back from a column, through the enum's one mapping.
fn decode<T: Code>(what: &str, code: &str) -> Result<T> {
    T::from_code(code).ok_or_else(|| Error::Corrupt(format!("{what} {code:?}")))
}

/// One row of [`EVENT_SELECT`], as the database gave it.
struct EventRow {
    text: [String; 8],
    time: i64,
    dialog_seconds: Option<f64>,
    lists: [String; 3],
    review: ReviewColumns,
    /// JSON arrays of findings, recipients, attachments.
    parts: [String; 3],
    /// JSON array of replaced recipients (NULL: none).
    replaced: Option<String>,
}

/// A finding row inside [`EVENT_SELECT`]'s JSON.
type FindingColumns = (
    String,
    Option<String>,
    String,
    i64,
    Option<String>,
    String,
    String,
    Option<String>,
    i64,
    Option<Vec<String>>,
    Option<Vec<String>>,
    Option<Vec<String>>,
    Option<String>,
    Option<Vec<sendguard_engine::Party>>,
);

impl EventRow {
    fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<EventRow> {
        Ok(EventRow {
            text: [
                r.get(0)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
            ],
            time: r.get(1)?,
            dialog_seconds: r.get(9)?,
            lists: [r.get(10)?, r.get(11)?, r.get(12)?],
            review: read_review(r, 13)?,
            parts: [r.get(18)?, r.get(19)?, r.get(20)?],
            replaced: r.get(21)?,
        })
    }

    fn into_event(self) -> Result<LoggedEvent> {
        let [
            uuid,
            user,
            machine,
            client,
            source,
            subject,
            verdict,
            decision,
        ] = self.text;
        let [bcc, removed, removed_att] = self.lists;
        let [findings, recipients, attachments] = self.parts;
        let parsed =
            |what: &str, json: &str| Error::Corrupt(format!("{what} of event {uuid}: {json}"));
        let findings: Vec<FindingColumns> =
            serde_json::from_str(&findings).map_err(|_| parsed("findings", &findings))?;
        let findings = findings
            .into_iter()
            .map(|f| {
                let (check, kind, severity, count, evidence, location, message, subject_of) =
                    (f.0, f.1, f.2, f.3, f.4, f.5, f.6, f.7);
                let (blocked, path, items, notes) = (f.8, f.9, f.10, f.11);
                let (suggestion, parties) = (f.12, f.13);
                Ok(Finding {
                    check: decode("check", &check)?,
                    kind: kind
                        .map(|k| {
                            FindingType::from_name(&k)
                                .ok_or_else(|| Error::Corrupt(format!("type {k:?}")))
                        })
                        .transpose()?,
                    severity: decode("severity", &severity)?,
                    location: Location::from_contract(&location, path)
                        .ok_or_else(|| Error::Corrupt(format!("location {location:?}")))?,
                    count: to_u64(count),
                    evidence,
                    message,
                    subject_of,
                    blocked: blocked != 0,
                    items: items
                        .unwrap_or_default()
                        .iter()
                        .map(|t| decode("item", t))
                        .collect::<Result<_>>()?,
                    notes: notes.unwrap_or_default(),
                    suggestion,
                    parties: parties.unwrap_or_default(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        type RecipientColumns = (String, String, String, i64, i64);
        let recipients: Vec<RecipientColumns> =
            serde_json::from_str(&recipients).map_err(|_| parsed("recipients", &recipients))?;
        let recipients = recipients
            .into_iter()
            .map(|(address, domain, field, external, freemail)| {
                Ok(StoredRecipient {
                    address,
                    domain,
                    field: decode("field", &field)?,
                    external: external != 0,
                    freemail: freemail != 0,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let attachments: Vec<(String, i64, String)> =
            serde_json::from_str(&attachments).map_err(|_| parsed("attachments", &attachments))?;
        let attachments = attachments
            .into_iter()
            .map(|(name, size, content_type)| StoredAttachment {
                name,
                size: to_u64(size),
                content_type,
            })
            .collect();
        Ok(LoggedEvent {
            uuid: parse_uuid(&uuid)?,
            time: ts(self.time)?,
            local_time: None,
            user,
            machine,
            client,
            source,
            subject,
            verdict: decode("verdict", &verdict)?,
            decision: Decision::parse(&decision)?,
            dialog_seconds: self.dialog_seconds,
            changes: StoredChanges {
                moved_to_bcc: json_list(&bcc)?,
                removed_recipients: json_list(&removed)?,
                removed_attachments: json_list(&removed_att)?,
                replaced_recipients: match &self.replaced {
                    Some(json) => serde_json::from_str(json)
                        .map_err(|_| parsed("replaced_recipients", json))?,
                    None => Vec::new(),
                },
            },
            findings,
            recipients,
            attachments,
            review: into_review(self.review)?,
        })
    }
}

/// One row of [`MANUAL_SELECT`].
struct ManualRow {
    created: i64,
    text: [String; 7],
    review: ReviewColumns,
}

impl ManualRow {
    fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<ManualRow> {
        Ok(ManualRow {
            created: r.get(1)?,
            text: [
                r.get(0)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ],
            review: read_review(r, 8)?,
        })
    }

    fn into_manual(self) -> Result<LoggedManual> {
        let [uuid, category, what, when, place, reporter, action] = self.text;
        Ok(LoggedManual {
            uuid: parse_uuid(&uuid)?,
            created: ts(self.created)?,
            local_time: None,
            category: Category::parse(&category)?,
            what,
            when,
            place,
            reporter,
            action,
            review: into_review(self.review)?,
        })
    }
}
