//! The history store: recording a poll round of 5,000 instances, and the queries the History
//! card and the fleet's strips make. Figures in docs/PERFORMANCE.md.

use std::sync::Arc;
use std::sync::mpsc;

use criterion::{Criterion, criterion_group, criterion_main};
use witi_connect::history::{Answer, HistoryConfig, Query, Recorder, Values, What};

const MIN: i64 = 60_000;
const DAY: i64 = 24 * 60 * MIN;

fn answered(code: i64, battery: i64) -> What {
    What::Answered {
        code,
        cause: "poll".into(),
        values: Values {
            battery: Some(battery),
            plugged: Some(false),
            storage_bytes: Some(123_456_789),
            contacts: Some(400),
            chats: Some(90),
        },
        latency_ms: 140,
    }
}

fn ask(rec: &Recorder, query: Query) -> Answer {
    let (tx, rx) = mpsc::channel();
    rec.query(query, move |a| {
        let _ = tx.send(a);
    });
    rx.recv().unwrap()
}

/// 5,000 instances answering one poll each, all paired, a few with a new battery figure.
fn record_round(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let rec = Recorder::start(HistoryConfig::new(dir.path().join("h.sqlite3")), |_| {});
    let uids: Vec<Arc<str>> = (0..5000).map(|i| format!("{i:016x}").into()).collect();
    let mut t = 1_700_000_000_000_i64;
    for uid in &uids {
        rec.record(uid, t, answered(10, 80));
    }
    rec.flush();
    let mut round = 0_i64;
    c.bench_function("history/record_round_5000", |b| {
        b.iter(|| {
            t += 30_000;
            round += 1;
            for (i, uid) in uids.iter().enumerate() {
                // One in fifty reports a new battery figure (a sample), one in a thousand drops.
                let battery = if i % 50 == 0 { 80 - round % 50 } else { 80 };
                let code = if i % 1000 == 0 && round % 2 == 1 { 11 } else { 10 };
                rec.record(uid, t, answered(code, battery));
            }
            rec.flush();
        });
    });
    rec.shutdown();
}

/// 30 days of a flapping instance (a drop every ~3 h) among 50, polled every 30 s.
fn seeded(dir: &std::path::Path) -> (Recorder, Vec<Arc<str>>, i64) {
    let rec = Recorder::start(HistoryConfig::new(dir.join("h.sqlite3")), |_| {});
    let uids: Vec<Arc<str>> = (0..50).map(|i| format!("{i:016x}").into()).collect();
    let end = witi_connect::history::now_ms();
    let start = end - 30 * DAY;
    let mut t = start;
    let mut n = 0_i64;
    while t < end {
        for (i, uid) in uids.iter().enumerate() {
            let code = if (n + i as i64 * 7) % 360 < 6 { 11 } else { 10 };
            rec.record(uid, t, answered(code, 100 - (n / 20) % 80));
        }
        n += 1;
        t += 30_000;
    }
    rec.flush();
    (rec, uids, end)
}

fn queries(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let (rec, uids, end) = seeded(dir.path());
    c.bench_function("history/window_30d_one", |b| {
        b.iter(|| {
            ask(
                &rec,
                Query::Window { uid: uids[0].clone(), from_ms: end - 30 * DAY, to_ms: end, points: 600 },
            )
        });
    });
    c.bench_function("history/strips_24h_50_rows", |b| {
        b.iter(|| ask(&rec, Query::Strips { uids: uids.clone(), from_ms: end - DAY, to_ms: end }));
    });
    rec.shutdown();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = record_round, queries
}
criterion_main!(benches);
