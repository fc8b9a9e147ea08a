//! The history store against real SQLite files in a temp dir: fresh, corrupt, newer, a
//! read-only directory, a second copy, failing writes, pruning; read back with plain SQL.

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use rusqlite::Connection;
use witi_connect::history::{
    Answer, HistoryConfig, HistoryNotice, NO_ANSWER, Query, Recorder, SpanKind, Values, What, schema,
};

const HANG: Duration = Duration::from_secs(30);
const MIN: i64 = 60_000;

fn start(config: HistoryConfig) -> (Recorder, mpsc::Receiver<HistoryNotice>) {
    let (tx, rx) = mpsc::channel();
    let recorder = Recorder::start(config, move |n| {
        let _ = tx.send(n);
    });
    (recorder, rx)
}

fn answered(code: i64, battery: i64) -> What {
    What::Answered {
        code,
        cause: "poll".into(),
        values: Values {
            battery: Some(battery),
            plugged: Some(false),
            storage_bytes: Some(1_000_000),
            contacts: Some(5),
            chats: Some(2),
        },
        latency_ms: 120,
    }
}

fn ask(recorder: &Recorder, query: Query) -> Answer {
    let (tx, rx) = mpsc::channel();
    recorder.query(query, move |a| {
        let _ = tx.send(a);
    });
    rx.recv_timeout(HANG).expect("the history answers")
}

fn read(path: &Path) -> Connection {
    Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

fn transitions(path: &Path, uid: &str) -> Vec<(i64, Option<i64>, i64, String)> {
    let conn = read(path);
    let mut stmt = conn
        .prepare(
            "SELECT t.at_ms, t.from_status, t.to_status, t.cause FROM transitions t
             JOIN instances i ON i.id = t.instance_id WHERE i.uid = ?1 ORDER BY t.at_ms, t.rowid",
        )
        .unwrap();
    stmt.query_map([uid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_fresh_file_records_transitions_samples_operations_and_watching() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/history.sqlite3");
    let (rec, notices) = start(HistoryConfig::new(&path));
    let uid: Arc<str> = "0123456789abcdef".into();
    let t0 = 1_700_000_000_000_i64;
    rec.record(&uid, t0, What::Named("Loja Centro".into()));
    rec.record(&uid, t0, answered(10, 80));
    rec.record(&uid, t0 + 30_000, answered(10, 80)); // the same: no transition, no sample
    rec.record(
        &uid,
        t0 + 60_000,
        What::NoAnswer { kind: "timeout".into(), detail: "no answer in 15 s".into() },
    );
    rec.record(&uid, t0 + 90_000, answered(10, 79));
    rec.record(
        &uid,
        t0 + 95_000,
        What::Operation { op: "close_session".into(), ok: true, error: None, latency_ms: 300 },
    );
    rec.record(
        &uid,
        t0 + 95_000,
        What::Answered {
            code: 11,
            cause: "op:close_session".into(),
            values: Values::default(),
            latency_ms: 300,
        },
    );
    rec.flush();
    assert!(notices.try_recv().is_err(), "a fresh file says nothing");

    assert_eq!(
        transitions(&path, &uid),
        [
            (t0, None, 10, "poll".into()),
            (t0 + 60_000, Some(10), NO_ANSWER, "error:timeout".into()),
            (t0 + 90_000, Some(NO_ANSWER), 10, "poll".into()),
            (t0 + 95_000, Some(10), 11, "op:close_session".into()),
        ]
    );
    let conn = read(&path);
    let samples: i64 = conn.query_row("SELECT count(*) FROM samples", [], |r| r.get(0)).unwrap();
    assert_eq!(samples, 3, "the first, the battery change, the empty values of the close");
    let watch: (i64, i64) =
        conn.query_row("SELECT start_ms, end_ms FROM watch", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!(watch, (t0, t0 + 95_000));
    let (op, ok): (String, bool) =
        conn.query_row("SELECT op, ok FROM operations", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!((op.as_str(), ok), ("close_session", true));
    let name: String = conn.query_row("SELECT name FROM instances", [], |r| r.get(0)).unwrap();
    assert_eq!(name, "Loja Centro");
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(schema::version(&conn).unwrap(), schema::VERSION);

    // The window as the History card gets it.
    let Answer::Window(w) =
        ask(&rec, Query::Window { uid: uid.clone(), from_ms: t0 - 60_000, to_ms: t0 + 120_000, points: 100 })
    else {
        panic!("a window")
    };
    let kinds: Vec<_> = w.spans.iter().map(|s| (s.start_ms, s.end_ms, s.kind)).collect();
    assert_eq!(
        kinds,
        [
            (t0 - 60_000, t0, SpanKind::Unwatched),
            (t0, t0 + 60_000, SpanKind::State(10)),
            (t0 + 60_000, t0 + 90_000, SpanKind::State(NO_ANSWER)),
            (t0 + 90_000, t0 + 95_000, SpanKind::State(10)),
            (t0 + 95_000, t0 + 120_000, SpanKind::Unwatched),
        ]
    );
    assert_eq!((w.uptime.up_ms, w.uptime.watched_ms), (65_000, 95_000));
    assert_eq!(w.drops, 2);
    assert_eq!(w.last_drop.as_ref().map(|d| d.cause.as_str()), Some("op:close_session"));
    let Answer::Csv(csv) =
        ask(&rec, Query::Csv { uid: uid.clone(), from_ms: t0 - 60_000, to_ms: t0 + 120_000 })
    else {
        panic!("csv")
    };
    assert_eq!(csv.lines().count(), 6, "{csv}");
    let Answer::Strips(strips) = ask(
        &rec,
        Query::Strips {
            uids: vec![uid.clone(), "unknown".into()],
            from_ms: t0 - 60_000,
            to_ms: t0 + 120_000,
        },
    ) else {
        panic!("strips")
    };
    assert_eq!(strips[0].1, w.spans, "the same spans as the card's");
    assert_eq!(strips[1].1.len(), 1, "an instance never recorded: one unwatched span");
    assert!(csv.lines().nth(3).unwrap().contains(",-1,no answer,error:timeout"), "{csv}");
}

#[test]
fn a_new_run_starts_a_new_watch_span_and_a_long_gap_does_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    let uid: Arc<str> = "u1".into();
    let t0 = witi_connect::history::now_ms() - 3 * 60 * MIN; // recent: nothing is pruned
    {
        let (rec, _n) = start(HistoryConfig::new(&path));
        rec.record(&uid, t0, answered(10, 80));
        rec.record(&uid, t0 + MIN, answered(10, 80));
        rec.record(&uid, t0 + 60 * MIN, answered(10, 80)); // the machine slept
        rec.shutdown(); // lets go of the lock
    }
    let (rec, n) = start(HistoryConfig::new(&path));
    rec.record(&uid, t0 + 61 * MIN, answered(10, 80));
    rec.flush();
    assert!(n.try_recv().is_err(), "{:?}", n.try_recv());
    let conn = read(&path);
    let spans: Vec<(i64, i64)> = conn
        .prepare("SELECT start_ms, end_ms FROM watch ORDER BY start_ms")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(spans, [(t0, t0 + MIN), (t0 + 60 * MIN, t0 + 60 * MIN), (t0 + 61 * MIN, t0 + 61 * MIN)]);
    assert_eq!(transitions(&path, &uid).len(), 1, "the same state across runs is no transition");
}

fn expect_notice(rx: &mpsc::Receiver<HistoryNotice>) -> HistoryNotice {
    rx.recv_timeout(HANG).expect("a notice")
}

#[test]
fn a_corrupt_file_is_moved_aside_whole_and_a_new_one_started() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    let garbage = b"this is not a database, it is a shopping list\n".repeat(200);
    std::fs::write(&path, &garbage).unwrap();
    let (rec, rx) = start(HistoryConfig::new(&path));
    let HistoryNotice::MovedAside { backup, reason } = expect_notice(&rx) else { panic!("moved aside") };
    assert!(!reason.is_empty());
    assert!(
        backup.file_name().unwrap().to_str().unwrap().starts_with("history.sqlite3.corrupt-"),
        "{backup:?}"
    );
    assert_eq!(std::fs::read(&backup).unwrap(), garbage, "kept byte for byte");
    let uid: Arc<str> = "u".into();
    rec.record(&uid, 1, answered(10, 50));
    rec.flush();
    assert_eq!(transitions(&path, "u").len(), 1, "the new file records");
}

#[test]
fn a_file_from_a_newer_build_is_moved_aside_not_changed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE future (x); INSERT INTO future VALUES (42); PRAGMA user_version = 99;",
        )
        .unwrap();
    }
    let (_rec, rx) = start(HistoryConfig::new(&path));
    let HistoryNotice::MovedAside { backup, reason } = expect_notice(&rx) else { panic!("moved aside") };
    assert!(reason.contains("99"), "{reason}");
    let old = read(&backup);
    assert_eq!(schema::version(&old).unwrap(), 99);
    let x: i64 = old.query_row("SELECT x FROM future", [], |r| r.get(0)).unwrap();
    assert_eq!(x, 42);
}

#[test]
fn an_older_file_is_migrated_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    {
        // Version 0: a database with none of our tables (as a first start leaves it).
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE notes (x); INSERT INTO notes VALUES ('kept');").unwrap();
    }
    let (rec, rx) = start(HistoryConfig::new(&path));
    rec.flush();
    assert!(rx.try_recv().is_err(), "nothing moved aside");
    let conn = read(&path);
    assert_eq!(schema::version(&conn).unwrap(), schema::VERSION);
    let x: String = conn.query_row("SELECT x FROM notes", [], |r| r.get(0)).unwrap();
    assert_eq!(x, "kept");
}

#[cfg(unix)]
#[test]
fn a_read_only_directory_means_no_history_and_says_so() {
    use std::os::unix::fs::PermissionsExt;
    if nix_is_root() {
        eprintln!("skipped: root ignores directory permissions");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o500)).unwrap();
    let (rec, rx) = start(HistoryConfig::new(ro.join("history.sqlite3")));
    assert!(matches!(expect_notice(&rx), HistoryNotice::Unavailable { .. }));
    assert_eq!(ask(&rec, Query::Info), Answer::Off);
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o700)).unwrap();
}

#[test]
fn a_directory_that_cannot_be_made_means_no_history_and_says_so() {
    // Works for root too, whom directory permissions do not stop.
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, b"not a directory").unwrap();
    let (rec, rx) = start(HistoryConfig::new(blocker.join("history.sqlite3")));
    let HistoryNotice::Unavailable { reason } = expect_notice(&rx) else { panic!("unavailable") };
    assert!(reason.contains("a-file"), "{reason}");
    assert_eq!(ask(&rec, Query::Info), Answer::Off);
    assert_eq!(std::fs::read(&blocker).unwrap(), b"not a directory");
}

/// Whether this process runs as root (the owner of a file it creates), without spawning one:
/// a child could hold a copy of another test's lock file for a moment.
#[cfg(unix)]
fn nix_is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let probe = dir.path().join("probe");
    std::fs::write(&probe, b"").unwrap();
    std::fs::metadata(&probe).unwrap().uid() == 0
}

#[test]
fn a_second_copy_records_nothing_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    let (first, first_rx) = start(HistoryConfig::new(&path));
    first.flush();
    let (second, rx) = start(HistoryConfig::new(&path));
    assert_eq!(expect_notice(&rx), HistoryNotice::InUse);
    let uid: Arc<str> = "u".into();
    second.record(&uid, 1, answered(10, 50));
    assert_eq!(ask(&second, Query::Info), Answer::Off);
    first.record(&uid, 2, answered(13, 50));
    first.flush();
    assert_eq!(transitions(&path, "u"), [(2, None, 13, "poll".into())], "only the first copy wrote");
    assert!(first_rx.try_recv().is_err());
}

#[test]
fn failing_writes_pause_keep_the_records_and_resume() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    let mut config = HistoryConfig::new(&path);
    config.retry_after = Duration::from_millis(200);
    let (rec, rx) = start(config);
    rec.flush();
    let pages: i64 = read(&path).query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap();
    // As on a full disk: SQLite may not grow the file.
    rec.limit_pages(pages);
    let uid: Arc<str> = "u".into();
    for i in 0..2000 {
        rec.record(
            &uid,
            i * 1000,
            What::Operation {
                op: "save_session".into(),
                ok: true,
                error: Some("x".repeat(200)),
                latency_ms: i,
            },
        );
    }
    rec.flush();
    let HistoryNotice::Paused { reason } = expect_notice(&rx) else { panic!("paused") };
    assert!(reason.to_lowercase().contains("full"), "{reason}");
    // Queries still answer meanwhile.
    assert!(matches!(ask(&rec, Query::Info), Answer::Info { .. }));
    rec.limit_pages(1_000_000);
    rec.record(&uid, 3_000_000, answered(10, 50));
    assert_eq!(expect_notice(&rx), HistoryNotice::Resumed);
    rec.flush();
    let n: i64 = read(&path).query_row("SELECT count(*) FROM operations", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 2000, "nothing lost");
    assert_eq!(transitions(&path, "u").len(), 1);
}

#[test]
fn old_rows_are_pruned_but_the_state_they_end_in_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    let now = witi_connect::history::now_ms();
    let day = 24 * 60 * MIN;
    let uid: Arc<str> = "u".into();
    {
        let (rec, _rx) = start(HistoryConfig::new(&path));
        rec.record(&uid, now - 100 * day, answered(13, 50));
        rec.record(&uid, now - 95 * day, answered(10, 60));
        rec.record(
            &uid,
            now - 95 * day + 1,
            What::Operation { op: "clear".into(), ok: true, error: None, latency_ms: 1 },
        );
        rec.record(&uid, now - 10 * day, answered(10, 70));
        rec.record(&uid, now - 10 * day + MIN, answered(10, 70));
        rec.shutdown();
    }
    let mut config = HistoryConfig::new(&path);
    config.retention_days = 30;
    let (rec, _rx) = start(config);
    rec.flush();
    assert_eq!(transitions(&path, "u"), [(now - 95 * day, Some(13), 10, "poll".into())]);
    let conn = read(&path);
    let ops: i64 = conn.query_row("SELECT count(*) FROM operations", [], |r| r.get(0)).unwrap();
    let samples: Vec<i64> = conn
        .prepare("SELECT at_ms FROM samples")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!((ops, samples), (0, vec![now - 10 * day]), "the unchanged second poll is no sample");
    let watch: Vec<(i64, i64)> = conn
        .prepare("SELECT start_ms - ?1, end_ms - ?1 FROM watch")
        .unwrap()
        .query_map([now], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(watch, [(-10 * day, -10 * day + MIN)]);
    // The state carried into the window: up since before it.
    let Answer::Window(w) = ask(&rec, Query::Window { uid, from_ms: now - 20 * day, to_ms: now, points: 10 })
    else {
        panic!()
    };
    assert!(w.spans.iter().any(|s| s.kind == SpanKind::State(10)), "{:?}", w.spans);
}

/// A stable instance polled every 30 s for a day, 100 of them: the file grows by the figure in
/// docs/PERFORMANCE.md (`cargo test --test suite history_store::growth -- --nocapture` prints it).
#[test]
fn growth_of_a_stable_instance_stays_under_10_kb_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    let size = |path: &Path| {
        let conn = Connection::open(path).unwrap();
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).unwrap();
        drop(conn);
        std::fs::metadata(path).unwrap().len()
    };
    let (rec, _rx) = start(HistoryConfig::new(&path));
    let uids: Vec<Arc<str>> = (0..100).map(|i| format!("{i:016x}").into()).collect();
    let t0 = witi_connect::history::now_ms() - 2 * 24 * 60 * MIN;
    for uid in &uids {
        rec.record(uid, t0, What::Named(format!("Loja {uid}")));
        rec.record(uid, t0, answered(10, 80));
    }
    rec.shutdown();
    let before = size(&path);
    let (rec, _rx) = start(HistoryConfig::new(&path));
    for poll in 1..=2880_i64 {
        for uid in &uids {
            let mut what = answered(10, 80);
            if let What::Answered { latency_ms, .. } = &mut what {
                *latency_ms = 100 + (poll * 37) % 200; // latency varies; the values do not
            }
            rec.record(uid, t0 + poll * 30_000, what);
        }
    }
    rec.shutdown();
    let per_instance_day = (size(&path) - before) / 100;
    println!("history growth: {per_instance_day} bytes per stable instance per day");
    assert!(per_instance_day <= 10 * 1024, "{per_instance_day} bytes per instance per day");
}
