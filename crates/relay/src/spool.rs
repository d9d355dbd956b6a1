//! The hold queue (送信保留): mail the person let go waits here for `hold_secs` before
//! it leaves the PC, and can be sent at once or taken back until then.
//!
//! One SQLite file (`relay/spool.sqlite3`, mode 0600, `synchronous=FULL`), so the
//! relay and `sendguard relay queue …` change it in transactions, whether or not the
//! relay runs. Delivery is at most once: an entry is *claimed* (`held` → `sending`, one
//! `UPDATE … WHERE state = 'held'`) before the upstream is contacted and deleted after
//! the upstream's `250`; an entry found `sending` at start-up was cut off between the
//! two and becomes `unknown` — shown to the person, resent only if they choose.
//!
//! The spool holds whole messages, as a mail client's outbox does; it is never
//! exported with the near-miss log. A taken-back message is written as a `.eml` to
//! `relay/recalled/` (0600) so nothing is lost, and removed after `keep_recalled_days`.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OptionalExtension, params};

use crate::upstream::Envelope;

/// Where an entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryState {
    /// The client was answered before the person decided (its wait is shorter than a
    /// dialog may take): kept here, never sent before the decision.
    Deciding,
    /// Waiting for its time (or for a retry after a temporary failure).
    Held,
    /// Claimed for delivery; the upstream is being spoken to.
    Sending,
    /// The relay stopped while sending: it may or may not have left. Never resent
    /// without the person's say.
    Unknown,
    /// The upstream refused it, or it could not be sent (the reason is kept).
    Failed,
}

impl EntryState {
    /// The stable code (`sendguard relay queue list`).
    pub fn code(self) -> &'static str {
        match self {
            EntryState::Deciding => "deciding",
            EntryState::Held => "held",
            EntryState::Sending => "sending",
            EntryState::Unknown => "unknown",
            EntryState::Failed => "failed",
        }
    }

    fn parse(code: &str) -> EntryState {
        match code {
            "deciding" => EntryState::Deciding,
            "sending" => EntryState::Sending,
            "unknown" => EntryState::Unknown,
            "failed" => EntryState::Failed,
            _ => EntryState::Held,
        }
    }

    /// The label people see.
    pub fn label_ja(self) -> &'static str {
        match self {
            EntryState::Deciding => "確認待ち",
            EntryState::Held => "送信待ち",
            EntryState::Sending => "送信中",
            EntryState::Unknown => "送信済みか不明",
            EntryState::Failed => "送信できず",
        }
    }
}

/// One held message.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: i64,
    pub created: u64,
    /// Unix seconds when it goes (or goes again).
    pub due: u64,
    pub state: EntryState,
    pub envelope: Envelope,
    pub subject: String,
    /// The near-miss event it was logged as.
    pub event: Option<String>,
    /// The login it was sent with, if the client logged in (never the secret).
    pub auth_user: Option<String>,
    pub attempts: u32,
    /// The upstream's answer or the reason it could not be sent.
    pub last_error: Option<String>,
    /// `host:port` of the upstream.
    pub server: String,
    /// The `[[relay.accounts]]` it goes through (`None`: the default upstream).
    pub account: Option<String>,
    pub size: u64,
}

/// A new entry.
#[derive(Debug, Clone)]
pub struct NewEntry<'a> {
    pub envelope: &'a Envelope,
    pub message: &'a [u8],
    pub subject: &'a str,
    pub event: Option<String>,
    pub origin: &'a Origin,
    pub hold: Duration,
}

/// Where a mail came from and goes: what the queue needs to send it later.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// The login the client used (never the secret).
    pub auth_user: Option<String>,
    /// `host:port` of the upstream.
    pub server: String,
    /// The `[[relay.accounts]]` it goes through (`None`: the default upstream).
    pub account: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum SpoolError {
    #[error("送信待ちの一覧を開けません (cannot open the hold queue {path}): {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("送信待ちの一覧を読み書きできません (hold queue error): {0}")]
    Db(#[from] rusqlite::Error),
    #[error("ファイルを書けません (cannot write {path}): {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("送信待ちに {0} 番はありません (no held mail {0})")]
    NotFound(i64),
    #[error(
        "{0} 番はもう送信中です。取り消せません (mail {0} is being sent; too late to take it back)"
    )]
    Sending(i64),
    #[error(
        "{0} 番は確認の画面で決まるのを待っています (mail {0} waits for the person's decision)"
    )]
    Deciding(i64),
}

pub type Result<T> = std::result::Result<T, SpoolError>;

/// Unix seconds now.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS held (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created INTEGER NOT NULL,
    due INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('deciding', 'held', 'sending', 'unknown', 'failed')),
    mail_from TEXT NOT NULL,
    recipients TEXT NOT NULL,
    eight_bit INTEGER NOT NULL,
    smtputf8 INTEGER NOT NULL,
    message BLOB NOT NULL,
    subject TEXT NOT NULL,
    event TEXT,
    auth_user TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    server TEXT NOT NULL,
    account TEXT
);
CREATE INDEX IF NOT EXISTS held_due ON held(state, due);";

/// The hold queue of one data folder.
#[derive(Debug)]
pub struct Spool {
    conn: Connection,
    dir: PathBuf,
}

const COLUMNS: &str = "id, created, due, state, mail_from, recipients, eight_bit, smtputf8,
    subject, event, auth_user, attempts, last_error, server, length(message), account";

fn entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    let recipients: String = r.get(5)?;
    Ok(Entry {
        id: r.get(0)?,
        created: r.get::<_, i64>(1)?.max(0) as u64,
        due: r.get::<_, i64>(2)?.max(0) as u64,
        state: EntryState::parse(&r.get::<_, String>(3)?),
        envelope: Envelope {
            mail_from: r.get(4)?,
            recipients: serde_json::from_str(&recipients).unwrap_or_default(),
            eight_bit: r.get(6)?,
            smtputf8: r.get(7)?,
        },
        subject: r.get(8)?,
        event: r.get(9)?,
        auth_user: r.get(10)?,
        attempts: r.get::<_, i64>(11)?.clamp(0, i64::from(u32::MAX)) as u32,
        last_error: r.get(12)?,
        server: r.get(13)?,
        size: r.get::<_, i64>(14)?.max(0) as u64,
        account: r.get(15)?,
    })
}

fn secs(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl Spool {
    /// Open (or create) the spool in `dir` (the relay's folder beside the near-miss log).
    pub fn open(dir: &Path) -> Result<Spool> {
        let path = dir.join("spool.sqlite3");
        let io = |source| SpoolError::Io {
            path: dir.to_path_buf(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        restrict(dir, true).map_err(io)?;
        let open = |source| SpoolError::Open {
            path: path.clone(),
            source,
        };
        let conn = Connection::open(&path).map_err(open)?;
        restrict(&path, false).map_err(io)?;
        conn.busy_timeout(Duration::from_secs(10)).map_err(open)?;
        conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;")
            .map_err(open)?;
        conn.execute_batch(SCHEMA).map_err(open)?;
        Ok(Spool {
            conn,
            dir: dir.to_path_buf(),
        })
    }

    /// Put a message on hold; its id.
    pub fn hold(&mut self, new: &NewEntry<'_>) -> Result<i64> {
        self.insert(new, EntryState::Held)
    }

    /// Keep a message whose decision is still open (the client was answered already).
    pub fn hold_undecided(&mut self, new: &NewEntry<'_>) -> Result<i64> {
        self.insert(new, EntryState::Deciding)
    }

    fn insert(&mut self, new: &NewEntry<'_>, state: EntryState) -> Result<i64> {
        let now = now();
        self.conn.execute(
            "INSERT INTO held (created, due, state, mail_from, recipients, eight_bit, smtputf8,
                message, subject, event, auth_user, server, account)
             VALUES (?1, ?2, ?12, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?13)",
            params![
                secs(now),
                secs(now.saturating_add(new.hold.as_secs())),
                new.envelope.mail_from,
                serde_json::to_string(&new.envelope.recipients).unwrap_or_default(),
                new.envelope.eight_bit,
                new.envelope.smtputf8,
                new.message,
                new.subject,
                new.event,
                new.origin.auth_user,
                new.origin.server,
                state.code(),
                new.origin.account,
            ],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// The person let an undecided message go: it becomes held (with the fixes applied
    /// to `message` and `envelope`) and goes after `hold`. `Ok(false)` when it is no
    /// longer waiting for a decision (taken back meanwhile).
    pub fn decided_send(
        &mut self,
        id: i64,
        envelope: &Envelope,
        message: &[u8],
        hold: Duration,
    ) -> Result<bool> {
        let changed = self.conn.execute(
            "UPDATE held SET state = 'held', due = ?2, mail_from = ?3, recipients = ?4,
                eight_bit = ?5, smtputf8 = ?6, message = ?7
             WHERE id = ?1 AND state = 'deciding'",
            params![
                id,
                secs(now().saturating_add(hold.as_secs())),
                envelope.mail_from,
                serde_json::to_string(&envelope.recipients).unwrap_or_default(),
                envelope.eight_bit,
                envelope.smtputf8,
                message,
            ],
        )?;
        Ok(changed == 1)
    }

    /// Every entry, soonest first.
    pub fn list(&self) -> Result<Vec<Entry>> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {COLUMNS} FROM held ORDER BY due, id"))?;
        let rows = stmt.query_map([], entry)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    pub fn get(&self, id: i64) -> Result<Entry> {
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM held WHERE id = ?1"),
                [id],
                entry,
            )
            .optional()?
            .ok_or(SpoolError::NotFound(id))
    }

    /// The message bytes of `id`.
    pub fn message(&self, id: i64) -> Result<Vec<u8>> {
        self.conn
            .query_row("SELECT message FROM held WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .ok_or(SpoolError::NotFound(id))
    }

    /// Ids of held entries whose time has come.
    pub fn due(&self, now: u64) -> Result<Vec<i64>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM held WHERE state = 'held' AND due <= ?1 ORDER BY due, id")?;
        let rows = stmt.query_map([secs(now)], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<i64>>>()?)
    }

    /// Seconds until the next held entry is due (`None`: nothing held).
    pub fn next_due(&self) -> Result<Option<u64>> {
        let due: Option<i64> =
            self.conn
                .query_row("SELECT MIN(due) FROM held WHERE state = 'held'", [], |r| {
                    r.get(0)
                })?;
        Ok(due.map(|d| (d.max(0) as u64).saturating_sub(now())))
    }

    /// Claim `id` for delivery: `held` → `sending`, atomically. `None` when someone
    /// else claimed, sent or took it back first.
    pub fn claim(&mut self, id: i64) -> Result<Option<(Entry, Vec<u8>)>> {
        let changed = self.conn.execute(
            "UPDATE held SET state = 'sending', attempts = attempts + 1
             WHERE id = ?1 AND state = 'held'",
            [id],
        )?;
        if changed == 0 {
            return Ok(None);
        }
        Ok(Some((self.get(id)?, self.message(id)?)))
    }

    /// Link `id` to its near-miss event (known once the person decided).
    pub fn set_event(&mut self, id: i64, event: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE held SET event = ?2 WHERE id = ?1",
            params![id, event],
        )?;
        Ok(())
    }

    /// The upstream took it: gone from the spool.
    pub fn delivered(&mut self, id: i64) -> Result<()> {
        self.conn.execute("DELETE FROM held WHERE id = ?1", [id])?;
        Ok(())
    }

    /// A temporary failure: held again until `due`, with the reason.
    pub fn retry_at(&mut self, id: i64, due: u64, reason: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE held SET state = 'held', due = ?2, last_error = ?3 WHERE id = ?1",
            params![id, secs(due), reason],
        )?;
        Ok(())
    }

    /// Perhaps delivered (no answer after the end of the message): `unknown`, with the
    /// reason; sent again only when the person chooses.
    pub fn mark_unknown(&mut self, id: i64, reason: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE held SET state = 'unknown', last_error = ?2 WHERE id = ?1",
            params![id, reason],
        )?;
        Ok(())
    }

    /// A lasting failure: kept, with the reason, for the person to resend or export.
    pub fn failed(&mut self, id: i64, reason: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE held SET state = 'failed', last_error = ?2 WHERE id = ?1",
            params![id, reason],
        )?;
        Ok(())
    }

    /// At start-up: entries cut off while sending become `unknown`, and those whose
    /// dialog went with the relay become `failed` (not sent; the person may resend or
    /// export them). How many became `unknown`.
    /// `fail_deciding` is false for a relay restarted inside a running app, whose
    /// dialogs (and the tasks that finish their mail) live on.
    pub fn recover(&mut self, fail_deciding: bool) -> Result<usize> {
        if fail_deciding {
            self.conn.execute(
                "UPDATE held SET state = 'failed',
                    last_error = '確認の途中で中継が止まりました。送っていません (the relay stopped before the person decided; not sent)'
                 WHERE state = 'deciding'",
                [],
            )?;
        }
        Ok(self.conn.execute(
            "UPDATE held SET state = 'unknown',
                last_error = '中継が送信の途中で止まりました。送られたかどうか分かりません (the relay stopped while sending; it may have been sent)'
             WHERE state = 'sending'",
            [],
        )?)
    }

    /// Send `id` now: a held one at once, a failed or unknown one again (the person's
    /// choice). The relay's worker sends it; without a running relay it goes when the
    /// relay starts.
    pub fn send_now(&mut self, id: i64) -> Result<()> {
        let changed = self.conn.execute(
            "UPDATE held SET state = 'held', due = ?2
             WHERE id = ?1 AND state NOT IN ('sending', 'deciding')",
            params![id, secs(now())],
        )?;
        if changed == 0 {
            return Err(match self.get(id) {
                Ok(e) if e.state == EntryState::Deciding => SpoolError::Deciding(id),
                Ok(_) => SpoolError::Sending(id),
                Err(e) => e,
            });
        }
        Ok(())
    }

    /// Take `id` back: its message is written to `recalled/<id>.eml` first, then the
    /// entry leaves the spool (unless it was claimed for sending meanwhile, when the file
    /// is removed again and the answer is [`SpoolError::Sending`]).
    pub fn recall(&mut self, id: i64) -> Result<(Entry, PathBuf)> {
        let entry = self.get(id)?;
        if entry.state == EntryState::Sending {
            return Err(SpoolError::Sending(id));
        }
        let message = self.message(id)?;
        let dir = self.dir.join("recalled");
        let path = dir.join(format!("{id}.eml"));
        write_private(&dir, &path, &message)?;
        let changed = self.conn.execute(
            "DELETE FROM held WHERE id = ?1 AND state <> 'sending'",
            [id],
        )?;
        if changed == 0 {
            let _ = std::fs::remove_file(&path);
            return Err(SpoolError::Sending(id));
        }
        Ok((entry, path))
    }

    /// Write the message of `id` to `path` (0600).
    pub fn export(&self, id: i64, path: &Path) -> Result<()> {
        let message = self.message(id)?;
        let dir = path.parent().unwrap_or(Path::new("."));
        write_private(dir, path, &message)
    }

    /// Remove taken-back messages older than `days` (0 keeps them). How many.
    pub fn purge_recalled(&self, days: u32) -> usize {
        if days == 0 {
            return 0;
        }
        let limit = Duration::from_secs(u64::from(days) * 86_400);
        let Ok(read) = std::fs::read_dir(self.dir.join("recalled")) else {
            return 0;
        };
        read.filter_map(|e| e.ok())
            .filter(|e| {
                e.metadata()
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|age| age > limit)
            })
            .filter(|e| std::fs::remove_file(e.path()).is_ok())
            .count()
    }
}

/// Write `bytes` to `path` readable by its owner only, durably (temp file, fsync,
/// rename).
fn write_private(dir: &Path, path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let io = |source| SpoolError::Io {
        path: path.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    let tmp = path.with_extension("eml.partial");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&tmp).map_err(io)?;
    file.write_all(bytes).map_err(io)?;
    file.sync_all().map_err(io)?;
    drop(file);
    std::fs::rename(&tmp, path).map_err(io)
}

/// Owner-only permissions (0700 for a folder, 0600 for a file) where the system has
/// them; on Windows the data folder under the user's profile is already private.
fn restrict(path: &Path, folder: bool) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = if folder { 0o700 } else { 0o600 };
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = (path, folder);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spool(name: &str) -> (Spool, PathBuf) {
        let dir = std::env::temp_dir().join(format!("sg-spool-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        (Spool::open(&dir).expect("open"), dir)
    }

    fn envelope() -> Envelope {
        Envelope {
            mail_from: "a@sakura-sys.co.jp".into(),
            recipients: vec!["b@partner.co.jp".into()],
            eight_bit: false,
            smtputf8: false,
        }
    }

    fn hold(s: &mut Spool, secs: u64) -> i64 {
        s.hold(&NewEntry {
            envelope: &envelope(),
            message: b"Subject: x\r\n\r\nhi\r\n",
            subject: "x",
            event: None,
            origin: &Origin {
                auth_user: Some("tanaka".into()),
                server: "smtp.example.jp:587".into(),
                account: None,
            },
            hold: Duration::from_secs(secs),
        })
        .expect("hold")
    }

    #[test]
    fn held_then_claimed_once_then_gone() {
        let (mut s, dir) = spool("claim");
        let id = hold(&mut s, 0);
        assert_eq!(s.due(now()).expect("due"), [id]);
        let (entry, message) = s.claim(id).expect("claim").expect("claimed");
        assert_eq!(entry.state, EntryState::Sending);
        assert_eq!(message, b"Subject: x\r\n\r\nhi\r\n");
        assert!(s.claim(id).expect("claim").is_none(), "never claimed twice");
        s.delivered(id).expect("delivered");
        assert!(matches!(s.get(id), Err(SpoolError::NotFound(_))));
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_cut_off_send_becomes_unknown_and_is_resent_only_when_asked() {
        let (mut s, dir) = spool("unknown");
        let id = hold(&mut s, 0);
        s.claim(id).expect("claim");
        drop(s);
        let mut s = Spool::open(&dir).expect("reopen");
        assert_eq!(s.recover(true).expect("recover"), 1);
        assert_eq!(s.get(id).expect("get").state, EntryState::Unknown);
        assert!(
            s.due(now() + 3600).expect("due").is_empty(),
            "not resent by itself"
        );
        s.send_now(id).expect("the person chooses to resend");
        assert_eq!(s.due(now()).expect("due"), [id]);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_recalled_mail_is_kept_as_eml_and_a_sending_one_cannot_be_recalled() {
        let (mut s, dir) = spool("recall");
        let id = hold(&mut s, 300);
        assert!(s.due(now()).expect("due").is_empty(), "not yet");
        let (entry, path) = s.recall(id).expect("recall");
        assert_eq!(entry.auth_user.as_deref(), Some("tanaka"));
        assert_eq!(
            std::fs::read(&path).expect("eml"),
            b"Subject: x\r\n\r\nhi\r\n"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let other = hold(&mut s, 0);
        s.claim(other).expect("claim");
        assert!(matches!(s.recall(other), Err(SpoolError::Sending(_))));
        let _ = std::fs::remove_dir_all(dir);
    }
}
