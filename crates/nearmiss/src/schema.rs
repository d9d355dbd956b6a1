//! The database schema as a list of migrations, versioned with `PRAGMA user_version`.
//!
//! Why migrations instead of `CREATE TABLE IF NOT EXISTS`: the log is kept for years and
//! opened by whatever sendguard version is installed then. Each step runs in its own
//! transaction together with the version bump, so a crash leaves the file at an exact
//! earlier version, never half-upgraded. A file written by a newer sendguard is refused
//! untouched ([`crate::Error::NewerSchema`]) rather than "fixed" by an old one.
//! Steps are append-only: never edit a shipped step, add a new one.

use crate::{Error, Result};
use rusqlite::Connection;

/// Migration `i` takes the schema from version `i` to `i + 1`. Public so tests and tools
/// can build a file at an earlier version exactly as an older sendguard did.
pub const MIGRATIONS: &[&str] = &[
    // v1: checker events and what they are made of.
    "CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        time INTEGER NOT NULL,
        user TEXT NOT NULL,
        machine TEXT NOT NULL,
        client TEXT NOT NULL,
        source TEXT NOT NULL,
        subject TEXT NOT NULL,
        verdict TEXT NOT NULL,
        decision TEXT NOT NULL,
        dialog_seconds REAL,
        moved_to_bcc INTEGER NOT NULL DEFAULT 0,
        moved_to_bcc_addresses TEXT NOT NULL DEFAULT '[]',
        removed_recipients TEXT NOT NULL DEFAULT '[]',
        removed_attachments TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE findings (
        event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        ord INTEGER NOT NULL,
        check_id TEXT NOT NULL,
        kind TEXT,
        severity TEXT NOT NULL,
        count INTEGER NOT NULL,
        evidence TEXT,
        location TEXT NOT NULL,
        message TEXT NOT NULL,
        subject_of TEXT,
        blocked INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (event_id, ord)
    );
    CREATE TABLE recipients (
        event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        ord INTEGER NOT NULL,
        address TEXT NOT NULL,
        domain TEXT NOT NULL,
        field TEXT NOT NULL,
        external INTEGER NOT NULL,
        freemail INTEGER NOT NULL,
        PRIMARY KEY (event_id, ord)
    );
    CREATE TABLE attachments (
        event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        ord INTEGER NOT NULL,
        name TEXT NOT NULL,
        size INTEGER NOT NULL,
        content_type TEXT NOT NULL,
        PRIMARY KEY (event_id, ord)
    );",
    // v2: review of events and manual reports, manual reports, indexes for the filters.
    "CREATE TABLE reviews (
        item_uuid TEXT PRIMARY KEY,
        status TEXT NOT NULL CHECK (status IN ('unreviewed', 'reviewed', 'resolved')),
        reviewer TEXT,
        comment TEXT,
        countermeasure TEXT,
        reviewed_at INTEGER NOT NULL
    );
    CREATE TABLE manual_reports (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        created INTEGER NOT NULL,
        category TEXT NOT NULL,
        what TEXT NOT NULL,
        occurred TEXT NOT NULL,
        place TEXT NOT NULL,
        reporter TEXT NOT NULL,
        action TEXT NOT NULL
    );
    CREATE INDEX events_time ON events(time);
    CREATE INDEX events_user ON events(user, time);
    CREATE INDEX findings_check ON findings(check_id, kind);
    CREATE INDEX recipients_event ON recipients(event_id);
    CREATE INDEX attachments_event ON attachments(event_id);
    CREATE INDEX manual_created ON manual_reports(created);",
    // v3: a finding's structured parts (JSON arrays; NULL when absent): the exact names
    // of an attachment location, a record's items, an attachment's notes.
    "ALTER TABLE findings ADD COLUMN attachment_path TEXT;
    ALTER TABLE findings ADD COLUMN items TEXT;
    ALTER TABLE findings ADD COLUMN notes TEXT;
    CREATE INDEX findings_event_check ON findings(event_id, check_id, kind);
    -- The checks and types an event's findings hold, one bit each ([`crate::codes`]), so
    -- 集計 counts per check and type in one pass over the events.
    ALTER TABLE events ADD COLUMN check_set INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE events ADD COLUMN type_set INTEGER NOT NULL DEFAULT 0;
    -- A near-miss: a dialog was shown (or policy blocked) and the mail was stopped or
    -- fixed. Written with each event (showed_dialog and is_near_miss); existing
    -- rows by the same rule (a test keeps the two in step).
    ALTER TABLE events ADD COLUMN near INTEGER NOT NULL DEFAULT 0;
    UPDATE events SET near = (verdict <> 'pass'
        AND decision IN ('sent_after_fix', 'cancelled', 'blocked'));
    -- Covering indexes for 集計: the groups in order, and the weeks by time range.
    CREATE INDEX events_groups ON events(user, decision, verdict, check_set, type_set, time);
    CREATE INDEX events_weeks ON events(time, near, user, decision);
    UPDATE events SET
        check_set = (SELECT COALESCE(SUM(DISTINCT CASE f.check_id WHEN 'external_recipient' THEN 1 WHEN 'bcc_suggested' THEN 2 WHEN 'personal_data' THEN 4 WHEN 'attachment' THEN 8 WHEN 'encrypted_attachment' THEN 16 WHEN 'missing_attachment' THEN 32 WHEN 'confidential_keyword' THEN 64 WHEN 'lookalike_domain' THEN 128 WHEN 'freemail_recipient' THEN 256 WHEN 'display_name_spoof' THEN 512 WHEN 'reply_redirected' THEN 1024 WHEN 'new_domain_on_reply' THEN 2048 WHEN 'parse_warning' THEN 4096 ELSE 0 END), 0)
            FROM findings f WHERE f.event_id = events.id),
        type_set = (SELECT COALESCE(SUM(DISTINCT CASE f.kind WHEN 'my_number' THEN 1 WHEN 'corporate_number' THEN 2 WHEN 'bank_account' THEN 4 WHEN 'credit_card' THEN 8 WHEN 'phone_number' THEN 16 WHEN 'postal_code' THEN 32 WHEN 'address' THEN 64 WHEN 'birth_date' THEN 128 WHEN 'drivers_license' THEN 256 WHEN 'passport' THEN 512 WHEN 'residence_card' THEN 1024 WHEN 'pension_number' THEN 2048 WHEN 'health_insurance' THEN 4096 WHEN 'person_name' THEN 8192 WHEN 'email_address' THEN 16384 WHEN 'record' THEN 32768 ELSE 0 END), 0)
            FROM findings f WHERE f.event_id = events.id);",
    // v4: `recalled` (a mail taken back from the relay's hold queue) is a near-miss, and
    // a look again even when the check found nothing.
    "UPDATE events SET near = ((verdict <> 'pass' AND decision <> 'checked') OR decision = 'recalled')
        AND decision IN ('sent_after_fix', 'cancelled', 'blocked', 'recalled');",
    // v5: the recipient history's findings carry a suggested address and the parties
    // compared (both masked); a send fixed by replacing a recipient says which.
    "ALTER TABLE findings ADD COLUMN suggestion TEXT;
    ALTER TABLE findings ADD COLUMN parties TEXT;
    ALTER TABLE events ADD COLUMN replaced_recipients TEXT;",
];

/// The schema version this code writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub(crate) fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Bring `conn` up to `target` (≤ [`SCHEMA_VERSION`]), one transaction per step.
pub(crate) fn migrate_to(conn: &mut Connection, target: i64) -> Result<()> {
    let found = user_version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(Error::NewerSchema {
            found,
            known: SCHEMA_VERSION,
        });
    }
    for version in found..target.min(SCHEMA_VERSION) {
        let step = usize::try_from(version)
            .ok()
            .and_then(|v| MIGRATIONS.get(v))
            .ok_or_else(|| Error::Corrupt(format!("negative user_version {version}")))?;
        // IMMEDIATE takes the write lock before the version is read again, so two
        // processes opening an old log at once (the app and `sendguard serve`) run
        // each step once: the second finds it done and skips it.
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        if user_version(&tx)? > version {
            continue;
        }
        tx.execute_batch(step)?;
        // PRAGMA takes no bound parameters; the value is our own integer.
        tx.execute_batch(&format!("PRAGMA user_version = {}", version + 1))?;
        tx.commit()?;
    }
    Ok(())
}
