//! Opening the history file: one copy of the app at a time (a lock file beside it), WAL, the
//! schema migrated; a file that is unreadable, corrupt or from a newer build is moved aside
//! with a timestamp, never deleted, and a new one started.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::schema::{self, Fit};

/// An open history file, locked for this process while it lives.
pub struct Opened {
    pub conn: Connection,
    /// Held for the lock; released when dropped (also when the process dies).
    pub lock: File,
    /// The damaged file kept, and why it was set aside.
    pub moved_aside: Option<(PathBuf, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenError {
    /// Another running copy of the app records into this file.
    InUse,
    /// Neither the file nor a new one could be opened (a read-only directory, ...).
    Unavailable(String),
}

pub fn open(path: &Path) -> Result<Opened, OpenError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::store::create_private_dir(dir)
            .map_err(|e| OpenError::Unavailable(format!("{}: {e}", dir.display())))?;
    }
    let lock = lock(path)?;
    let mut moved_aside = None;
    let conn = match try_open(path) {
        Ok(conn) => conn,
        Err(reason) if path.exists() => {
            let backup = move_aside(path)
                .map_err(|e| OpenError::Unavailable(format!("{reason}; it could not be moved aside: {e}")))?;
            tracing::warn!("history file unusable ({reason}); moved to {}", backup.display());
            moved_aside = Some((backup, reason));
            try_open(path).map_err(OpenError::Unavailable)?
        }
        Err(reason) => return Err(OpenError::Unavailable(reason)),
    };
    Ok(Opened { conn, lock, moved_aside })
}

/// How long a lock held by another process is waited for.
const LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_secs(2);

/// `history.sqlite3.lock`, locked exclusively: a second copy is refused at once (the lock
/// goes with the process, so a crash leaves no stale lock behind).
fn lock(path: &Path) -> Result<File, OpenError> {
    let lock_path = with_suffix(path, ".lock");
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| OpenError::Unavailable(format!("{}: {e}", lock_path.display())))?;
    // A copy that is just closing (a quick restart) lets go within moments: wait for it a
    // little before calling the file in use.
    let deadline = std::time::Instant::now() + LOCK_PATIENCE;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(std::fs::TryLockError::WouldBlock) => return Err(OpenError::InUse),
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(OpenError::Unavailable(format!("{}: {e}", lock_path.display())));
            }
        }
    }
}

/// Opens, checks and migrates; the error is a reason for a person.
fn try_open(path: &Path) -> Result<Connection, String> {
    let flags =
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags).map_err(|e| e.to_string())?;
    let setup = || -> rusqlite::Result<Result<(), String>> {
        // A file that is not a database fails here, at its first read.
        let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Ok(Err(format!("journal mode {mode}")));
        }
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        let check: String = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0))?;
        if check != "ok" {
            return Ok(Err(format!("integrity check: {check}")));
        }
        Ok(Ok(()))
    };
    setup().map_err(|e| e.to_string())??;
    match schema::migrate(&mut conn).map_err(|e| e.to_string())? {
        Fit::Ready { .. } => Ok(conn),
        Fit::Newer(v) => {
            Err(format!("written by a newer witi-connect (schema {v}, this one reads {})", schema::VERSION))
        }
    }
}

/// Renames the file (and its -wal and -shm) to `<name>.corrupt-<timestamp>`.
fn move_aside(path: &Path) -> std::io::Result<PathBuf> {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let mut backup = with_suffix(path, &format!(".corrupt-{stamp}"));
    let mut n = 1;
    while backup.exists() {
        backup = with_suffix(path, &format!(".corrupt-{stamp}-{n}"));
        n += 1;
    }
    fs::rename(path, &backup)?;
    for side in ["-wal", "-shm"] {
        let from = with_suffix(path, side);
        if from.exists() {
            let _ = fs::rename(&from, with_suffix(&backup, side));
        }
    }
    Ok(backup)
}

pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}
