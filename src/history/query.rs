//! Reading a window of one instance's history: rows → `timeline` → what the History card
//! draws. Runs on the writer thread, never the UI's.

use rusqlite::{Connection, OptionalExtension};

use super::timeline::{self, Drop, Span, SpanKind, Transition, Uptime};

/// A sample as the charts draw it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sample {
    pub at_ms: i64,
    pub battery: Option<i64>,
    pub plugged: Option<bool>,
    pub storage_bytes: Option<i64>,
    pub contacts: Option<i64>,
    pub chats: Option<i64>,
    /// The slowest poll of the time this sample stands for.
    pub latency_ms: Option<i64>,
}

/// One instance's history over `[from_ms, to_ms)`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HistoryWindow {
    pub from_ms: i64,
    pub to_ms: i64,
    pub spans: Vec<Span>,
    pub uptime: Uptime,
    pub drops: usize,
    pub last_drop: Option<Drop>,
    pub samples: Vec<Sample>,
}

fn instance_id(conn: &Connection, uid: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM instances WHERE uid = ?1")?.query_row([uid], |r| r.get(0)).optional()
}

/// The transitions that matter for the window: the last before it, then those within.
fn transitions(conn: &Connection, id: i64, from_ms: i64, to_ms: i64) -> rusqlite::Result<Vec<Transition>> {
    let row = |r: &rusqlite::Row<'_>| {
        Ok(Transition { at_ms: r.get(0)?, from: r.get(1)?, to: r.get(2)?, cause: r.get(3)? })
    };
    let mut out: Vec<Transition> = conn
        .prepare_cached(
            "SELECT at_ms, from_status, to_status, cause FROM transitions
             WHERE instance_id = ?1 AND at_ms < ?2 ORDER BY at_ms DESC, rowid DESC LIMIT 1",
        )?
        .query_map([id, from_ms], row)?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT at_ms, from_status, to_status, cause FROM transitions
         WHERE instance_id = ?1 AND at_ms >= ?2 AND at_ms < ?3 ORDER BY at_ms, rowid",
    )?;
    for t in stmt.query_map([id, from_ms, to_ms], row)? {
        out.push(t?);
    }
    Ok(out)
}

fn watched(conn: &Connection, id: i64, from_ms: i64, to_ms: i64) -> rusqlite::Result<Vec<(i64, i64)>> {
    conn.prepare_cached(
        "SELECT start_ms, end_ms FROM watch WHERE instance_id = ?1 AND start_ms < ?3 AND end_ms > ?2",
    )?
    .query_map([id, from_ms, to_ms], |r| Ok((r.get(0)?, r.get(1)?)))?
    .collect()
}

pub fn spans(
    conn: &Connection,
    uid: &str,
    from_ms: i64,
    to_ms: i64,
) -> rusqlite::Result<(Vec<Span>, Vec<Transition>)> {
    let Some(id) = instance_id(conn, uid)? else {
        return Ok((timeline::spans(from_ms, to_ms, &[], &[]), Vec::new()));
    };
    let tr = transitions(conn, id, from_ms, to_ms)?;
    let w = watched(conn, id, from_ms, to_ms)?;
    Ok((timeline::spans(from_ms, to_ms, &tr, &w), tr))
}

pub fn window(
    conn: &Connection,
    uid: &str,
    from_ms: i64,
    to_ms: i64,
    points: usize,
) -> rusqlite::Result<HistoryWindow> {
    let (spans, tr) = spans(conn, uid, from_ms, to_ms)?;
    let drops = timeline::drops(from_ms, to_ms, &tr);
    let samples = match instance_id(conn, uid)? {
        Some(id) => thin(samples(conn, id, from_ms, to_ms)?, points),
        None => Vec::new(),
    };
    Ok(HistoryWindow {
        from_ms,
        to_ms,
        uptime: Uptime::of(&spans),
        spans,
        drops: drops.len(),
        last_drop: drops.last().cloned(),
        samples,
    })
}

fn samples(conn: &Connection, id: i64, from_ms: i64, to_ms: i64) -> rusqlite::Result<Vec<Sample>> {
    conn.prepare_cached(
        "SELECT at_ms, battery, plugged, storage_bytes, contacts, chats, latency_ms FROM samples
         WHERE instance_id = ?1 AND at_ms >= ?2 AND at_ms < ?3 ORDER BY at_ms",
    )?
    .query_map([id, from_ms, to_ms], |r| {
        Ok(Sample {
            at_ms: r.get(0)?,
            battery: r.get(1)?,
            plugged: r.get(2)?,
            storage_bytes: r.get(3)?,
            contacts: r.get(4)?,
            chats: r.get(5)?,
            latency_ms: r.get(6)?,
        })
    })?
    .collect()
}

/// At most `points` samples: each stands for a run of neighbours, with their last values,
/// plugged if any of them was, and the slowest latency among them.
pub fn thin(samples: Vec<Sample>, points: usize) -> Vec<Sample> {
    if points == 0 || samples.len() <= points {
        return samples;
    }
    let per = samples.len().div_ceil(points);
    samples
        .chunks(per)
        .map(|run| {
            let mut s = run[run.len() - 1].clone();
            s.at_ms = run[0].at_ms;
            s.plugged = run.iter().filter_map(|x| x.plugged).reduce(|a, b| a || b);
            s.latency_ms = run.iter().filter_map(|x| x.latency_ms).max();
            s
        })
        .collect()
}

/// The window's spans as CSV: times in ISO 8601 (UTC) and Unix ms, the state by code and
/// name, the cause. Never a key or WebID: the file holds none.
pub fn csv(conn: &Connection, uid: &str, from_ms: i64, to_ms: i64) -> rusqlite::Result<String> {
    let (spans, _) = spans(conn, uid, from_ms, to_ms)?;
    let mut out = String::from("start,end,start_ms,end_ms,duration_s,state_code,state,cause\n");
    for s in &spans {
        let (code, state) = match s.kind {
            SpanKind::Unwatched => (String::new(), "not watched".to_owned()),
            SpanKind::State(c) => (c.to_string(), state_name(c).to_owned()),
        };
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{}\n",
            iso(s.start_ms),
            iso(s.end_ms),
            s.start_ms,
            s.end_ms,
            s.duration_ms() / 1000,
            code,
            csv_field(&state),
            csv_field(&s.cause)
        ));
    }
    Ok(out)
}

fn iso(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_owned() }
}

/// English state names for files read by other tools (the UI uses the catalogue).
pub fn state_name(code: i64) -> &'static str {
    match code {
        super::NO_ANSWER => "no answer",
        0 => "not connected",
        1 => "opening connection",
        2 => "connection open",
        3 => "waiting for QR scan",
        4 => "starting",
        10 => "paired",
        11 => "paired, phone offline",
        13 => "unlinked by the phone",
        _ => "other",
    }
}
