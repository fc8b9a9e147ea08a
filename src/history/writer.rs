//! The one thread that owns the history's connection: records in through a channel, written
//! a second's worth per transaction; queries answered in between, after what came before them
//! is written. A failed write keeps its records in memory and retries later.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OptionalExtension, params};

use super::{Answer, HistoryConfig, HistoryNotice, Msg, Query, Record, Values, What, file, query};

/// A poll later than this after the previous one starts a new watch span (the machine slept,
/// or polling stopped): longer than any poll interval or backoff.
pub const WATCH_GAP_MS: i64 = 12 * 60 * 1000;
/// Unchanged values are sampled at most this often.
pub const SAMPLE_EVERY_MS: i64 = 5 * 60 * 1000;
/// Records arriving within this time of the first of a batch are written with it.
const BATCH_WINDOW: Duration = Duration::from_secs(1);
/// Records kept in memory while writes fail; beyond this the oldest are dropped.
const MAX_PENDING: usize = 500_000;
const DAY_MS: i64 = 24 * 3600 * 1000;

/// What the writer remembers of an instance between records.
struct Known {
    id: i64,
    name: String,
    state: Option<i64>,
    /// The open watch span: (start, end).
    watch: Option<(i64, i64)>,
    /// The last sample written: (time, values).
    sample: Option<(i64, Values)>,
    /// The slowest poll since the last sample.
    slowest_ms: i64,
}

pub(super) fn run(
    config: HistoryConfig,
    rx: Receiver<Msg>,
    inbox: super::Inbox,
    notify: impl Fn(HistoryNotice),
) {
    let opened = match file::open(&config.path) {
        Ok(o) => o,
        Err(e) => {
            notify(match e {
                file::OpenError::InUse => HistoryNotice::InUse,
                file::OpenError::Unavailable(reason) => HistoryNotice::Unavailable { reason },
            });
            // Answer queries as off until the app ends; records are dropped.
            for msg in rx {
                inbox.lock().unwrap_or_else(|e| e.into_inner()).clear();
                match msg {
                    Msg::Query(_, reply) => reply(Answer::Off),
                    Msg::Flush(done) | Msg::Close(done) => {
                        let _ = done.send(());
                    }
                    _ => {}
                }
            }
            return;
        }
    };
    let file::Opened { conn, lock, moved_aside } = opened;
    if let Some((backup, reason)) = moved_aside {
        notify(HistoryNotice::MovedAside { backup, reason });
    }
    let mut w = Writer {
        conn,
        known: HashMap::new(),
        pending: Vec::new(),
        retention_days: config.retention_days,
        paused: None,
        retry_after: config.retry_after,
        last_prune: None,
        path: config.path.clone(),
        closing: None,
        inbox,
    };
    if !config.demo.is_empty()
        && let Err(e) = super::demo::seed(&mut w.conn, &config.demo, super::now_ms())
    {
        tracing::warn!("demo history not written: {e}");
    }
    w.prune_if_due(super::now_ms());
    loop {
        let msg = match w.paused {
            Some(at) => match rx.recv_timeout((at + w.retry_after).saturating_duration_since(Instant::now()))
            {
                Ok(m) => Some(m),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => break,
            },
            None => match rx.recv() {
                Ok(m) => Some(m),
                Err(_) => break,
            },
        };
        if let Some(msg) = msg {
            w.handle(msg, &rx, &notify);
        }
        w.take_inbox();
        w.write_pending(&notify);
        if w.closing.is_some() {
            break;
        }
        w.prune_if_due(super::now_ms());
    }
    w.take_inbox();
    w.write_pending(&notify);
    let closing = w.closing.take();
    drop(w);
    drop(lock);
    if let Some(done) = closing {
        let _ = done.send(());
    }
}

struct Writer {
    conn: Connection,
    known: HashMap<Arc<str>, Known>,
    pending: Vec<Record>,
    retention_days: u32,
    /// Writes failed at this time: wait `retry_after` before the next try.
    paused: Option<Instant>,
    retry_after: Duration,
    last_prune: Option<i64>,
    path: std::path::PathBuf,
    /// Asked to close: answered once the file is closed and unlocked.
    closing: Option<std::sync::mpsc::Sender<()>>,
    inbox: super::Inbox,
}

impl Writer {
    /// Moves the records waiting in the inbox to `pending`, keeping at most `MAX_PENDING`.
    fn take_inbox(&mut self) {
        let mut inbox = self.inbox.lock().unwrap_or_else(|e| e.into_inner());
        self.pending.append(&mut inbox);
        drop(inbox);
        if self.pending.len() > MAX_PENDING {
            self.pending.drain(..self.pending.len() - MAX_PENDING);
        }
    }

    /// Takes `msg` and whatever else arrives within the batch window; the records of the
    /// window are taken from the inbox at its end (they do not wake this thread).
    fn handle(&mut self, msg: Msg, rx: &Receiver<Msg>, notify: &impl Fn(HistoryNotice)) {
        let started = Instant::now();
        let mut next = Some(msg);
        while let Some(msg) = next.take() {
            match msg {
                Msg::Wake => {}
                Msg::Query(q, reply) => {
                    self.take_inbox();
                    // Answer after what came before it is written.
                    self.write_pending(notify);
                    reply(self.answer(q));
                }
                Msg::Flush(done) => {
                    self.take_inbox();
                    self.write_pending(notify);
                    let _ = done.send(());
                }
                Msg::SetRetention(days) => {
                    self.retention_days = days.max(1);
                    self.last_prune = None;
                }
                Msg::Close(done) => {
                    self.closing = Some(done);
                    break;
                }
                Msg::LimitPages(pages) => {
                    let _ = self.conn.pragma_update(None, "max_page_count", pages);
                }
            }
            let left = BATCH_WINDOW.saturating_sub(started.elapsed());
            if self.paused.is_some() || left.is_zero() {
                break;
            }
            next = rx.recv_timeout(left).ok();
        }
        self.take_inbox();
    }

    fn write_pending(&mut self, notify: &impl Fn(HistoryNotice)) {
        if self.pending.is_empty() {
            return;
        }
        if self.paused.is_some_and(|at| at.elapsed() < self.retry_after) {
            return;
        }
        let batch = std::mem::take(&mut self.pending);
        match self.write(&batch) {
            Ok(()) => {
                if self.paused.take().is_some() {
                    tracing::info!("history recording resumed");
                    notify(HistoryNotice::Resumed);
                }
            }
            Err(e) => {
                // What is remembered may now be ahead of the file: read it again next time.
                self.known.clear();
                let mut batch = batch;
                batch.append(&mut self.pending);
                self.pending = batch;
                if self.paused.replace(Instant::now()).is_none() {
                    tracing::warn!("history recording paused: {e}");
                    notify(HistoryNotice::Paused { reason: e.to_string() });
                }
            }
        }
    }

    fn write(&mut self, batch: &[Record]) -> rusqlite::Result<()> {
        let tx = self.conn.transaction()?;
        for r in batch {
            write_one(&tx, &mut self.known, r)?;
        }
        tx.commit()
    }

    fn answer(&mut self, q: Query) -> Answer {
        let result = match q {
            Query::Window { uid, from_ms, to_ms, points } => {
                query::window(&self.conn, &uid, from_ms, to_ms, points).map(|w| Answer::Window(Box::new(w)))
            }
            Query::Strips { uids, from_ms, to_ms } => uids
                .into_iter()
                .map(|uid| query::spans(&self.conn, &uid, from_ms, to_ms).map(|(spans, _)| (uid, spans)))
                .collect::<rusqlite::Result<_>>()
                .map(Answer::Strips),
            Query::Csv { uid, from_ms, to_ms } => {
                query::csv(&self.conn, &uid, from_ms, to_ms).map(Answer::Csv)
            }
            Query::Info => Ok(Answer::Info { path: self.path.clone(), bytes: file_bytes(&self.path) }),
        };
        result.unwrap_or_else(|e| Answer::Failed(e.to_string()))
    }

    /// At start, then once a day: rows older than the retention go (the last transition
    /// before the cut of each instance stays: it says the state the kept rows start in).
    fn prune_if_due(&mut self, now_ms: i64) {
        if self.last_prune.is_some_and(|at| now_ms - at < DAY_MS) || self.paused.is_some() {
            return;
        }
        self.last_prune = Some(now_ms);
        let cut = now_ms - i64::from(self.retention_days) * DAY_MS;
        let result = (|| -> rusqlite::Result<usize> {
            let tx = self.conn.transaction()?;
            let mut n = tx.execute(
                "DELETE FROM transitions WHERE at_ms < ?1 AND rowid NOT IN
                   (SELECT max(rowid) FROM transitions WHERE at_ms < ?1 GROUP BY instance_id)",
                [cut],
            )?;
            n += tx.execute("DELETE FROM samples WHERE at_ms < ?1", [cut])?;
            n += tx.execute("DELETE FROM operations WHERE at_ms < ?1", [cut])?;
            n += tx.execute("DELETE FROM watch WHERE end_ms < ?1", [cut])?;
            tx.commit()?;
            Ok(n)
        })();
        match result {
            Ok(n) if n > 0 => {
                tracing::info!("history: pruned {n} rows older than {} days", self.retention_days);
            }
            Ok(_) => {}
            Err(e) => tracing::warn!("history: pruning failed: {e}"),
        }
    }
}

fn file_bytes(path: &Path) -> u64 {
    ["", "-wal"]
        .iter()
        .filter_map(|s| std::fs::metadata(file::with_suffix(path, s)).ok())
        .map(|m| m.len())
        .sum()
}

/// The instance's row and what the file says of it, read on its first record.
fn load(tx: &Connection, uid: &str) -> rusqlite::Result<Known> {
    tx.prepare_cached("INSERT OR IGNORE INTO instances (uid) VALUES (?1)")?.execute([uid])?;
    let (id, name): (i64, String) = tx
        .prepare_cached("SELECT id, name FROM instances WHERE uid = ?1")?
        .query_row([uid], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let state = tx
        .prepare_cached("SELECT to_status FROM transitions WHERE instance_id = ?1 ORDER BY at_ms DESC, rowid DESC LIMIT 1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    let sample = tx
        .prepare_cached(
            "SELECT at_ms, battery, plugged, storage_bytes, contacts, chats FROM samples
             WHERE instance_id = ?1 ORDER BY at_ms DESC LIMIT 1",
        )?
        .query_row([id], |r| {
            Ok((
                r.get(0)?,
                Values {
                    battery: r.get(1)?,
                    plugged: r.get(2)?,
                    storage_bytes: r.get(3)?,
                    contacts: r.get(4)?,
                    chats: r.get(5)?,
                },
            ))
        })
        .optional()?;
    // A watch span of an earlier run is never continued: this run's watching starts now.
    Ok(Known { id, name, state, watch: None, sample, slowest_ms: 0 })
}

fn write_one(tx: &Connection, known: &mut HashMap<Arc<str>, Known>, r: &Record) -> rusqlite::Result<()> {
    let k = match known.get_mut(&r.uid) {
        Some(k) => k,
        None => known.entry(r.uid.clone()).or_insert(load(tx, &r.uid)?),
    };
    let at = r.at_ms;
    match &r.what {
        What::Named(name) => {
            if *name != k.name {
                tx.prepare_cached("UPDATE instances SET name = ?2 WHERE id = ?1")?
                    .execute(params![k.id, name])?;
                k.name.clone_from(name);
            }
        }
        What::Answered { code, cause, values, latency_ms } => {
            watch(tx, k, at)?;
            transition(tx, k, at, *code, cause, None)?;
            k.slowest_ms = k.slowest_ms.max(*latency_ms);
            let due = match &k.sample {
                Some((last_at, last)) => last != values || at - last_at >= SAMPLE_EVERY_MS,
                None => true,
            };
            if due {
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO samples
                     (instance_id, at_ms, battery, plugged, storage_bytes, contacts, chats, latency_ms)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?
                .execute(params![
                    k.id,
                    at,
                    values.battery,
                    values.plugged,
                    values.storage_bytes,
                    values.contacts,
                    values.chats,
                    k.slowest_ms
                ])?;
                k.sample = Some((at, values.clone()));
                k.slowest_ms = 0;
            }
        }
        What::NoAnswer { kind, detail } => {
            watch(tx, k, at)?;
            transition(tx, k, at, super::NO_ANSWER, &format!("error:{kind}"), Some(detail))?;
        }
        What::Operation { op, ok, error, latency_ms } => {
            tx.prepare_cached(
                "INSERT INTO operations (instance_id, at_ms, op, ok, error, latency_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![k.id, at, op, ok, error, latency_ms])?;
        }
    }
    Ok(())
}

/// Extends the open watch span to `at`, or starts one.
fn watch(tx: &Connection, k: &mut Known, at: i64) -> rusqlite::Result<()> {
    match k.watch {
        Some((start, end)) if at >= end && at - end <= WATCH_GAP_MS => {
            tx.prepare_cached("UPDATE watch SET end_ms = ?3 WHERE instance_id = ?1 AND start_ms = ?2")?
                .execute(params![k.id, start, at])?;
            k.watch = Some((start, at));
        }
        Some((_, end)) if at < end => {} // out of order: already inside the span
        _ => {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO watch (instance_id, start_ms, end_ms) VALUES (?1, ?2, ?2)",
            )?
            .execute(params![k.id, at])?;
            k.watch = Some((at, at));
        }
    }
    Ok(())
}

fn transition(
    tx: &Connection,
    k: &mut Known,
    at: i64,
    to: i64,
    cause: &str,
    detail: Option<&String>,
) -> rusqlite::Result<()> {
    if k.state == Some(to) {
        return Ok(());
    }
    tx.prepare_cached(
        "INSERT INTO transitions (instance_id, at_ms, from_status, to_status, cause, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![k.id, at, k.state, to, cause, detail])?;
    k.state = Some(to);
    Ok(())
}
