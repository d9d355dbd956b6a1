//! The history file: opening (mode 0600, migrations), learning a lesson in one
//! transaction, forgetting an address or domain, and reading it all into a
//! [`Snapshot`].
//!
//! WAL like the near-miss log: the app learns each send in the background while a
//! `history learn` or the settings screen may read. `synchronous=NORMAL` is enough here:
//! the history is a convenience, not evidence; a send lost on power failure is relearned
//! with the Sent folder.

use crate::lesson::Lesson;
use crate::schema::{MIGRATIONS, SCHEMA_VERSION};
use crate::view::Snapshot;
use crate::{Error, OrganisationList, Result};
use rusqlite::{Connection, OptionalExtension, params};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// An open history file.
#[derive(Debug)]
pub struct HistoryStore {
    conn: Connection,
    path: Option<PathBuf>,
}

/// What `history forget` removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Forgotten {
    pub addresses: u64,
    pub organisation_names: u64,
}

/// Totals, for `history show` and the settings screen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    pub messages: u64,
    pub addresses: u64,
    pub domains: u64,
    pub groups: u64,
}

impl HistoryStore {
    /// Open (or create) the history at `path`: the file is readable by its owner only.
    pub fn open(path: impl AsRef<Path>) -> Result<HistoryStore> {
        let path = path.as_ref();
        let open_error = |source| Error::Open {
            path: path.display().to_string(),
            source,
        };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| Error::Io {
                path: parent.display().to_string(),
                source,
            })?;
        }
        let conn = Connection::open(path).map_err(open_error)?;
        restrict_to_owner(path);
        let mut store = HistoryStore {
            conn,
            path: Some(path.to_owned()),
        };
        store.setup(true)?;
        Ok(store)
    }

    /// A history in memory (tests, benchmarks).
    pub fn open_in_memory() -> Result<HistoryStore> {
        let mut store = HistoryStore {
            conn: Connection::open_in_memory()?,
            path: None,
        };
        store.setup(false)?;
        Ok(store)
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    fn setup(&mut self, file: bool) -> Result<()> {
        self.conn.busy_timeout(Duration::from_secs(10))?;
        let found: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if found > SCHEMA_VERSION {
            return Err(Error::NewerSchema {
                path: self
                    .path
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
                found,
                known: SCHEMA_VERSION,
            });
        }
        if file {
            self.conn
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))?;
        }
        self.conn.execute_batch(
            "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;",
        )?;
        for version in found..SCHEMA_VERSION {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if now > version {
                continue;
            }
            let step = usize::try_from(version).unwrap_or(usize::MAX);
            let Some(sql) = MIGRATIONS.get(step) else {
                break;
            };
            tx.execute_batch(sql)?;
            tx.execute_batch(&format!("PRAGMA user_version = {}", version + 1))?;
            tx.commit()?;
        }
        Ok(())
    }

    /// Learn `lesson` unless the message was learned before (by any of its keys).
    /// Returns whether it was learned now.
    pub fn learn(&mut self, lesson: &Lesson) -> Result<bool> {
        let tx = self.conn.transaction()?;
        {
            let mut seen = tx.prepare_cached("SELECT 1 FROM learned_keys WHERE key = ?1")?;
            for key in &lesson.seen_keys {
                if seen.exists([key])? {
                    return Ok(false);
                }
            }
        }
        // The Sent folder's copy of a send learned live: it takes over the live key, so
        // it is known by its Message-ID from now on and no second copy can claim it.
        for live in &lesson.live_keys {
            // Live keys are stored as `live:<digest>#<message>` (the same mail sent twice
            // is two sends, each with a key to be claimed by its copy).
            let claim: Option<(String, i64)> = tx
                .query_row(
                    "SELECT key, message FROM learned_keys WHERE key > ?1 AND key < ?2
                     ORDER BY key LIMIT 1",
                    params![format!("{live}#"), format!("{live}$")],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            if let Some((key, message)) = claim {
                tx.execute("DELETE FROM learned_keys WHERE key = ?1", [key])?;
                for key in &lesson.keys {
                    tx.execute(
                        "INSERT OR IGNORE INTO learned_keys (key, message) VALUES (?1, ?2)",
                        params![key, message],
                    )?;
                }
                tx.commit()?;
                return Ok(false);
            }
        }
        tx.execute("INSERT INTO messages (time) VALUES (?1)", [lesson.time])?;
        let message = tx.last_insert_rowid();
        for key in &lesson.keys {
            let key = if key.starts_with("live:") {
                format!("{key}#{message}")
            } else {
                key.clone()
            };
            tx.execute(
                "INSERT OR IGNORE INTO learned_keys (key, message) VALUES (?1, ?2)",
                params![key, message],
            )?;
        }
        let mut domains: Vec<&str> = Vec::new();
        for r in &lesson.recipients {
            tx.execute(
                "INSERT INTO addresses (address, domain, sends, first, last)
                 VALUES (?1, ?2, 1, ?3, ?3)
                 ON CONFLICT(address) DO UPDATE SET sends = sends + 1,
                   first = min(first, excluded.first), last = max(last, excluded.last)",
                params![r.address, r.domain, lesson.time],
            )?;
            if !domains.contains(&r.domain.as_str()) {
                domains.push(&r.domain);
            }
        }
        for domain in domains {
            tx.execute(
                "INSERT INTO domains (domain, sends) VALUES (?1, 1)
                 ON CONFLICT(domain) DO UPDATE SET sends = sends + 1",
                [domain],
            )?;
        }
        for (address, surname) in &lesson.surnames {
            add_name(&tx, address, "surname", surname)?;
        }
        for (address, name) in &lesson.display_names {
            add_name(&tx, address, "display", name)?;
        }
        for (domain, key, name) in &lesson.organisations {
            tx.execute(
                "INSERT INTO domain_orgs (domain, key, name, count) VALUES (?1, ?2, ?3, 1)
                 ON CONFLICT(domain, key) DO UPDATE SET count = count + 1",
                params![domain, key, name],
            )?;
        }
        let group = lesson.group();
        tx.execute(
            "INSERT INTO groups (members, size, count) VALUES (?1, ?2, 1)
             ON CONFLICT(members) DO UPDATE SET count = count + 1",
            params![group.join("\n"), group.len() as i64],
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Forget an address (`tanaka@kaede-shoji.co.jp`) or a whole domain
    /// (`kaede-shoji.co.jp`): its sends, names and every group it was in.
    pub fn forget(&mut self, target: &str) -> Result<Forgotten> {
        let target = target.trim().to_lowercase();
        let tx = self.conn.transaction()?;
        let addresses: Vec<String> = if target.contains('@') {
            let address = crate::lesson::normal_address(&target).unwrap_or(target.clone());
            vec![address]
        } else {
            let domain = sendguard_engine::domain::to_ascii_domain(&target);
            let mut stmt = tx.prepare("SELECT address FROM addresses WHERE domain = ?1")?;
            stmt.query_map([&domain], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?
        };
        let mut forgotten = Forgotten::default();
        for address in &addresses {
            forgotten.addresses +=
                tx.execute("DELETE FROM addresses WHERE address = ?1", [address])? as u64;
            tx.execute("DELETE FROM address_names WHERE address = ?1", [address])?;
            let pattern = format!("%{}%", escape_like(address));
            let groups: Vec<String> = {
                let mut stmt =
                    tx.prepare("SELECT members FROM groups WHERE members LIKE ?1 ESCAPE '\\'")?;
                stmt.query_map([&pattern], |r| r.get(0))?
                    .collect::<rusqlite::Result<Vec<String>>>()?
            };
            for members in groups {
                if members.split('\n').any(|m| m == address) {
                    tx.execute("DELETE FROM groups WHERE members = ?1", [&members])?;
                }
            }
        }
        if !target.contains('@') {
            let domain = sendguard_engine::domain::to_ascii_domain(&target);
            forgotten.organisation_names =
                tx.execute("DELETE FROM domain_orgs WHERE domain = ?1", [&domain])? as u64;
            tx.execute("DELETE FROM domains WHERE domain = ?1", [&domain])?;
        }
        tx.commit()?;
        Ok(forgotten)
    }

    /// Forget everything (「学習内容を消去」): the file is emptied, its bytes overwritten.
    pub fn clear(&mut self) -> Result<()> {
        self.conn.execute_batch(
            "BEGIN; DELETE FROM learned_keys; DELETE FROM messages; DELETE FROM addresses;
             DELETE FROM address_names; DELETE FROM domains; DELETE FROM domain_orgs;
             DELETE FROM groups; COMMIT; VACUUM;",
        )?;
        Ok(())
    }

    pub fn totals(&self) -> Result<Totals> {
        let count = |table: &str| -> Result<u64> {
            let n: i64 =
                self.conn
                    .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            Ok(u64::try_from(n).unwrap_or(0))
        };
        Ok(Totals {
            messages: count("messages")?,
            addresses: count("addresses")?,
            domains: count("domains")?,
            groups: count("groups")?,
        })
    }

    /// Whether a message with this key was learned.
    pub fn knows_key(&self, key: &str) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM learned_keys WHERE key = ?1", [key], |_| {
                Ok(())
            })
            .optional()?
            .is_some())
    }

    /// The whole history in memory, with the organisation list merged in.
    pub fn snapshot(&self, list: &OrganisationList) -> Result<Snapshot> {
        let mut snapshot = Snapshot::new(self.totals()?.messages);
        {
            let mut stmt = self
                .conn
                .prepare("SELECT address, domain, sends FROM addresses")?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })?;
            for row in rows {
                let (address, domain, sends) = row?;
                snapshot.add_address(&address, &domain, to_u64(sends));
            }
        }
        {
            let mut stmt = self
                .conn
                .prepare("SELECT address, name, count FROM address_names WHERE kind = 'surname'")?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })?;
            for row in rows {
                let (address, name, count) = row?;
                snapshot.add_surname(&address, &name, to_u64(count));
            }
        }
        {
            let mut stmt = self.conn.prepare("SELECT domain, sends FROM domains")?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
            for row in rows {
                let (domain, sends) = row?;
                snapshot.add_domain(&domain, to_u64(sends));
            }
        }
        {
            let mut stmt = self
                .conn
                .prepare("SELECT domain, key, name, count FROM domain_orgs")?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })?;
            for row in rows {
                let (domain, key, name, count) = row?;
                snapshot.add_learned_organisation(&domain, &key, &name, to_u64(count));
            }
        }
        {
            let mut stmt = self.conn.prepare("SELECT members, count FROM groups")?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
            for row in rows {
                let (members, count) = row?;
                snapshot.add_group(members.split('\n'), to_u64(count));
            }
        }
        snapshot.add_list(list);
        snapshot.finish();
        Ok(snapshot)
    }

    /// The display names an address was addressed by, most used first (`history show`).
    pub fn display_names(&self, address: &str) -> Result<Vec<(String, u64)>> {
        let mut stmt = self.conn.prepare(
            "SELECT name, count FROM address_names WHERE address = ?1 AND kind = 'display'
             ORDER BY count DESC, name",
        )?;
        let rows = stmt
            .query_map([address], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
            })?
            .map(|row| row.map(|(n, c)| (n, to_u64(c))))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

fn add_name(tx: &rusqlite::Transaction<'_>, address: &str, kind: &str, name: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO address_names (address, kind, name, count) VALUES (?1, ?2, ?3, 1)
         ON CONFLICT(address, kind, name) DO UPDATE SET count = count + 1",
        params![address, kind, name],
    )?;
    Ok(())
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// The history holds who the person writes to: nobody else on the PC reads it.
fn restrict_to_owner(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Err(e) = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)) {
            tracing::warn!(path = %path.display(), error = %e, "cannot restrict the history file to its owner");
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::{Me, Origin};
    use sendguard_engine::{Draft, Policy};

    const MAIL: &str = "From: suzuki@sakura-sys.co.jp\r\nTo: tanaka@kaede-shoji.co.jp\r\nSubject: 見積\r\nDate: Mon, 1 Apr 2024 09:00:30 +0900\r\nMessage-ID: <a@x>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n楓商事株式会社\r\n田中様\r\n\r\nいつもお世話になっております。\r\n";

    fn stored(raw: &str) -> Lesson {
        let draft = Draft::from_eml(raw.as_bytes());
        Lesson::from_draft(
            &draft,
            Origin::Stored {
                raw: raw.as_bytes(),
            },
            &Me::anyone(),
            &Policy::builtin(),
        )
        .expect("lesson")
    }

    #[test]
    fn a_live_send_and_its_sent_folder_copy_are_one_message() {
        let mut store = HistoryStore::open_in_memory().expect("store");
        let draft = Draft::from_eml(MAIL.as_bytes());
        // Sent at 09:00:59 JST; the copy's Date says 09:00:30 (the same minute) — and a
        // second send of the same mail in that minute is a message of its own.
        let now = 1_711_929_659;
        let live = Lesson::from_draft(
            &draft,
            Origin::Live { now },
            &Me::anyone(),
            &Policy::builtin(),
        )
        .expect("live");
        assert!(store.learn(&live).expect("learn"));
        assert!(
            store.learn(&live).expect("learn again"),
            "sent twice, learned twice"
        );
        assert!(
            !store.learn(&stored(MAIL)).expect("copy"),
            "the copy is the send"
        );
        let other = MAIL.replace("<a@x>", "<b@x>");
        assert!(
            !store.learn(&stored(&other)).expect("second copy"),
            "the second send's copy"
        );
        let third = MAIL.replace("<a@x>", "<c@x>");
        assert!(
            store.learn(&stored(&third)).expect("third"),
            "no live send left to be the copy of: a message of its own"
        );
        assert!(
            !store.learn(&stored(MAIL)).expect("again"),
            "known by its Message-ID"
        );
        assert_eq!(store.totals().expect("totals").messages, 3);
    }

    #[test]
    fn forgetting_a_domain_removes_its_addresses_names_and_groups() {
        let mut store = HistoryStore::open_in_memory().expect("store");
        assert!(store.learn(&stored(MAIL)).expect("learn"));
        let forgotten = store.forget("KAEDE-SHOJI.co.jp").expect("forget");
        assert_eq!(forgotten.addresses, 1);
        assert_eq!(forgotten.organisation_names, 1);
        let snapshot = store
            .snapshot(&crate::OrganisationList::default())
            .expect("snapshot");
        use sendguard_engine::History as _;
        assert!(snapshot.address("tanaka@kaede-shoji.co.jp").is_none());
        assert!(snapshot.domains_of("楓商事").is_empty());
        assert_eq!(snapshot.sent_together(&["tanaka@kaede-shoji.co.jp"]), 0);
    }
}
