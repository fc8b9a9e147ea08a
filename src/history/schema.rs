//! The history file's schema: numbered migrations, applied in order, the version kept in
//! `PRAGMA user_version`. docs/HISTORY.md documents every table and column; change both.

use rusqlite::Connection;

/// Each entry takes the file from version `i` to `i + 1`. Never edit one that has shipped:
/// add another.
const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    "
    CREATE TABLE instances (
        id   INTEGER PRIMARY KEY,
        uid  TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE transitions (
        instance_id INTEGER NOT NULL REFERENCES instances(id),
        at_ms       INTEGER NOT NULL,
        from_status INTEGER,
        to_status   INTEGER NOT NULL,
        cause       TEXT NOT NULL,
        detail      TEXT
    );
    CREATE INDEX transitions_by_instance ON transitions(instance_id, at_ms);
    CREATE TABLE samples (
        instance_id   INTEGER NOT NULL REFERENCES instances(id),
        at_ms         INTEGER NOT NULL,
        battery       INTEGER,
        plugged       INTEGER,
        storage_bytes INTEGER,
        contacts      INTEGER,
        chats         INTEGER,
        latency_ms    INTEGER,
        PRIMARY KEY (instance_id, at_ms)
    ) WITHOUT ROWID;
    CREATE TABLE operations (
        instance_id INTEGER NOT NULL REFERENCES instances(id),
        at_ms       INTEGER NOT NULL,
        op          TEXT NOT NULL,
        ok          INTEGER NOT NULL,
        error       TEXT,
        latency_ms  INTEGER
    );
    CREATE INDEX operations_by_instance ON operations(instance_id, at_ms);
    CREATE TABLE watch (
        instance_id INTEGER NOT NULL REFERENCES instances(id),
        start_ms    INTEGER NOT NULL,
        end_ms      INTEGER NOT NULL,
        PRIMARY KEY (instance_id, start_ms)
    ) WITHOUT ROWID;
    ",
];

/// The version this build writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// What the file's version says.
#[derive(Debug, PartialEq, Eq)]
pub enum Fit {
    /// Migrated (or already) to [`VERSION`].
    Ready { migrated_from: i64 },
    /// Written by a newer build: neither read nor changed.
    Newer(i64),
}

pub fn version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Brings the file to [`VERSION`], each step in its own transaction.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<Fit> {
    let found = version(conn)?;
    if found > VERSION {
        return Ok(Fit::Newer(found));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found.max(0) as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
    }
    Ok(Fit::Ready { migrated_from: found })
}
