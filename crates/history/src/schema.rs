//! The history file's tables, as versioned migrations (`PRAGMA user_version`), like the
//! near-miss log: a history is learned over years and must open in every later version.

/// Each entry brings the file from version `i` to `i + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[
    // v1.
    "CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        time INTEGER NOT NULL
    );
    -- Every key a learned message is known by (its Message-ID, the digest of sender,
    -- recipients, subject and minute), so it is learned once from any source.
    CREATE TABLE learned_keys (
        key TEXT PRIMARY KEY,
        message INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE
    ) WITHOUT ROWID;
    CREATE TABLE addresses (
        address TEXT PRIMARY KEY,
        domain TEXT NOT NULL,
        sends INTEGER NOT NULL,
        first INTEGER NOT NULL,
        last INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX addresses_domain ON addresses(domain);
    -- The surnames and display names an address was addressed by.
    CREATE TABLE address_names (
        address TEXT NOT NULL,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (address, kind, name)
    ) WITHOUT ROWID;
    CREATE TABLE domains (
        domain TEXT PRIMARY KEY,
        sends INTEGER NOT NULL
    ) WITHOUT ROWID;
    -- The organisation names a domain was addressed by (key: the comparison form).
    CREATE TABLE domain_orgs (
        domain TEXT NOT NULL,
        key TEXT NOT NULL,
        name TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (domain, key)
    ) WITHOUT ROWID;
    -- The recipient sets sent to together: sorted addresses joined by a line break.
    CREATE TABLE groups (
        members TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        count INTEGER NOT NULL
    ) WITHOUT ROWID;",
];

pub(crate) const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;
