//! Every instance's health over time, in one SQLite file (`history.sqlite3` beside the logs).
//!
//! The backend records what it sees (polls, operations) through a [`Recorder`], which never
//! blocks; one thread owns the connection and writes each second's records in one transaction
//! (`writer.rs`). Queries go to the same thread and answer through a callback, so the UI never
//! touches SQLite. Instances are known by a stable id (`uid`), never by key or WebID.
//! docs/HISTORY.md documents the file for people who query it with `sqlite3`.

pub mod demo;
mod file;
mod query;
pub mod schema;
pub mod timeline;
mod writer;

use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use query::{HistoryWindow, Sample};
pub use timeline::{NO_ANSWER, Span, SpanKind, UP, Uptime};

pub const FILE_NAME: &str = "history.sqlite3";
/// Rows older than this are pruned unless the user chose otherwise.
pub const DEFAULT_RETENTION_DAYS: u32 = 90;

/// `<data dir>/history.sqlite3`, beside the logs (on Linux `~/.local/share/witi-connect/`).
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("me", "Witi", "witi-connect").map(|d| d.data_dir().join(FILE_NAME))
}

/// Where and how to record.
#[derive(Debug, Clone)]
pub struct HistoryConfig {
    pub path: PathBuf,
    pub retention_days: u32,
    /// Fill a fresh file with a week of made-up history for these instances: `--demo`.
    pub demo: Vec<demo::DemoSeed>,
    /// How long recording pauses after a failed write before it tries again.
    pub retry_after: Duration,
}

impl HistoryConfig {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            retention_days: DEFAULT_RETENTION_DAYS,
            demo: Vec::new(),
            retry_after: Duration::from_secs(30),
        }
    }
}

/// Something about the history file worth telling the user, once.
#[derive(Debug, Clone, PartialEq)]
pub enum HistoryNotice {
    /// The file could not be used and was moved to `backup`; a new one was started.
    MovedAside { backup: PathBuf, reason: String },
    /// Another running copy records into the file: this one records nothing.
    InUse,
    /// No history file can be opened at all: nothing is recorded.
    Unavailable { reason: String },
    /// A write failed (a full disk, ...): records are kept in memory and retried.
    Paused { reason: String },
    /// Writing works again; nothing was lost.
    Resumed,
}

/// What the backend saw of one instance, at a time.
#[derive(Debug, Clone)]
pub struct Record {
    pub uid: Arc<str>,
    pub at_ms: i64,
    pub what: What,
}

#[derive(Debug, Clone, PartialEq)]
pub enum What {
    /// The instance's display name (kept current for people reading the file).
    Named(String),
    /// A status answer: the state, why it may have changed, the values sampled.
    Answered { code: i64, cause: String, values: Values, latency_ms: i64 },
    /// A poll that got no usable answer (`kind` as `ApiError::kind`, `detail` redacted).
    NoAnswer { kind: String, detail: String },
    /// An operation and its outcome (`error` redacted).
    Operation { op: String, ok: bool, error: Option<String>, latency_ms: i64 },
}

/// The health values sampled from a status answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values {
    pub battery: Option<i64>,
    pub plugged: Option<bool>,
    pub storage_bytes: Option<i64>,
    pub contacts: Option<i64>,
    pub chats: Option<i64>,
}

/// A question for the history, answered on the writer thread.
#[derive(Debug, Clone, PartialEq)]
pub enum Query {
    /// Spans, uptime, drops and samples of `[from_ms, to_ms)`; samples thinned to `points`.
    Window { uid: Arc<str>, from_ms: i64, to_ms: i64, points: usize },
    /// Only the spans of `[from_ms, to_ms)` for several instances (the fleet's strips).
    Strips { uids: Vec<Arc<str>>, from_ms: i64, to_ms: i64 },
    /// The same window's spans as CSV, for a person's spreadsheet.
    Csv { uid: Arc<str>, from_ms: i64, to_ms: i64 },
    /// The file's path and size.
    Info,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Window(Box<HistoryWindow>),
    /// Spans per instance, in the order asked.
    Strips(Vec<(Arc<str>, Vec<Span>)>),
    Csv(String),
    Info {
        path: PathBuf,
        bytes: u64,
    },
    /// Nothing is recorded in this run (see the notice that said why).
    Off,
    Failed(String),
}

type Reply = Box<dyn FnOnce(Answer) + Send>;

pub(crate) enum Msg {
    /// Records wait in the inbox: the first of a batch wakes the writer.
    Wake,
    Query(Query, Reply),
    SetRetention(u32),
    /// Answered once everything sent before it is written.
    Flush(mpsc::Sender<()>),
    /// Write what is pending, close the file and release its lock, then answer.
    Close(mpsc::Sender<()>),
    /// For tests: SQLite's page limit, to make writes fail as on a full disk.
    LimitPages(i64),
}

/// Records and asks; cheap to clone, never blocks. With no history (`--no-history`, or the
/// file in use elsewhere) every record is dropped and every query answers `Off`.
#[derive(Clone)]
pub struct Recorder {
    tx: Option<mpsc::Sender<Msg>>,
    /// Records not yet taken by the writer. A fleet's polls land here without waking the writer
    /// thread each time (5,000 instances: 166 a second): only the first of a batch sends
    /// [`Msg::Wake`].
    inbox: Arc<Mutex<Vec<Record>>>,
}

/// The records waiting for the writer.
pub(crate) type Inbox = Arc<Mutex<Vec<Record>>>;

impl std::fmt::Debug for Recorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.tx.is_some() { "Recorder" } else { "Recorder(off)" })
    }
}

impl Recorder {
    /// Records nothing.
    pub fn off() -> Self {
        Self { tx: None, inbox: Default::default() }
    }

    /// Opens `config.path` on a new thread and records into it. `notify` hears about the
    /// file (moved aside, in use, paused writes) from that thread.
    pub fn start(config: HistoryConfig, notify: impl Fn(HistoryNotice) + Send + 'static) -> Self {
        let (tx, rx) = mpsc::channel();
        let inbox: Inbox = Default::default();
        let writer_inbox = inbox.clone();
        let spawned = std::thread::Builder::new()
            .name("history".into())
            .spawn(move || writer::run(config, rx, writer_inbox, notify));
        match spawned {
            Ok(_) => Self { tx: Some(tx), inbox },
            Err(e) => {
                tracing::error!("cannot start the history thread: {e}");
                Self::off()
            }
        }
    }

    pub fn is_on(&self) -> bool {
        self.tx.is_some()
    }

    pub fn record(&self, uid: &Arc<str>, at_ms: i64, what: What) {
        if self.tx.is_none() {
            return;
        }
        let first = {
            let mut inbox = self.inbox.lock().unwrap_or_else(|e| e.into_inner());
            inbox.push(Record { uid: uid.clone(), at_ms, what });
            inbox.len() == 1
        };
        if first {
            self.send(Msg::Wake);
        }
    }

    pub fn query(&self, query: Query, reply: impl FnOnce(Answer) + Send + 'static) {
        match &self.tx {
            Some(tx) => {
                if let Err(mpsc::SendError(Msg::Query(_, reply))) =
                    tx.send(Msg::Query(query, Box::new(reply)))
                {
                    reply(Answer::Off);
                }
            }
            None => reply(Answer::Off),
        }
    }

    pub fn set_retention(&self, days: u32) {
        self.send(Msg::SetRetention(days));
    }

    /// Blocks until everything recorded so far is written (tests and shutdown; never the UI).
    pub fn flush(&self) {
        let (tx, rx) = mpsc::channel();
        self.send(Msg::Flush(tx));
        let _ = rx.recv_timeout(Duration::from_secs(30));
    }

    /// Writes what is pending, closes the file and lets go of its lock; blocks until done (at
    /// exit and in tests, never the UI). Later records are dropped.
    pub fn shutdown(&self) {
        let (tx, rx) = mpsc::channel();
        self.send(Msg::Close(tx));
        let _ = rx.recv_timeout(Duration::from_secs(30));
    }

    #[doc(hidden)]
    pub fn limit_pages(&self, pages: i64) {
        self.send(Msg::LimitPages(pages));
    }

    fn send(&self, msg: Msg) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(msg);
        }
    }
}

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

/// A new stable instance id: 16 random hex digits.
pub fn new_uid() -> String {
    format!("{:016x}", rand::random::<u64>())
}
