//! End to end: the backend records into a real history file while the simulator's phone is
//! paired, its session closed and restored, and then unlinked by the phone; the file holds
//! those transitions in order (read with plain SQL), and neither the key nor the WebID.

use crate::common;

use std::time::{Duration, Instant};

use common::HANG;
use witi_connect::api::{ApiKey, StatusCode};
use witi_connect::backend::{
    self, AppEvent, BackendHandle, Command, Event, HistoryAsk, HistoryTag, InstanceEvent, InstanceSpec,
    Operation, PairingPhase,
};
use witi_connect::history::{HistoryConfig, Query};
use witi_connect::simulator::{SimConfig, SimControl};

const KEY: &str = "history-e2e-key-0123456789";

/// Waits for an event that `done` accepts; app events go to `apps`.
fn until(backend: &BackendHandle, what: &str, mut done: impl FnMut(&Event) -> bool) -> Event {
    let deadline = Instant::now() + HANG;
    loop {
        while let Some(event) = backend.try_recv() {
            if done(&event) {
                return event;
            }
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn status_is(code: StatusCode) -> impl FnMut(&Event) -> bool {
    move |e| matches!(e, Event::Instance(InstanceEvent::Status { status, .. }) if status.status == code)
}

#[test]
fn pairing_a_close_a_restore_and_an_unlink_are_recorded_in_order() {
    let runtime = common::runtime();
    let sim = common::simulator(&runtime, SimConfig::default(), [KEY]);
    let control = SimControl::new(&sim.base_url, KEY);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    let config =
        backend::BackendConfig { history: Some(HistoryConfig::new(&path)), ..common::quiet_backend() };
    let backend = backend::start_with(runtime.handle(), egui::Context::default(), config);
    witi_connect::logging::register_secret(KEY);
    backend.send(Command::AddInstance(InstanceSpec {
        id: 1,
        uid: "e2e0000000000001".into(),
        name: "Loja Centro".into(),
        base_url: sim.base_url.clone(),
        key: ApiKey::new(KEY),
        timeout: Duration::from_secs(5),
        parked: false,
    }));
    backend.send(Command::Focus(Some(1)));
    until(&backend, "the first status", |e| matches!(e, Event::Instance(InstanceEvent::Status { .. })));

    backend.send(Command::Pair(1));
    until(&backend, "a QR", |e| {
        matches!(e, Event::Instance(InstanceEvent::Pairing { phase: PairingPhase::Showing { .. }, .. }))
    });
    let token = sim.sim.state(KEY).unwrap().token.expect("a token");
    runtime.block_on(control.scan(&token)).unwrap();
    let paired = until(&backend, "paired", status_is(StatusCode::WhatsAppAuthenticated));
    let Event::Instance(InstanceEvent::Status { status, .. }) = paired else { unreachable!() };
    let web_id = status.web_id.clone().expect("the gateway sends a WebID");

    backend.send(Command::Run(1, Operation::CloseSession));
    until(
        &backend,
        "closed",
        |e| matches!(e, Event::Instance(InstanceEvent::Status { status, .. }) if status.status != StatusCode::WhatsAppAuthenticated),
    );
    backend.send(Command::Run(1, Operation::RestoreSession));
    until(&backend, "restored", status_is(StatusCode::WhatsAppAuthenticated));
    runtime.block_on(control.phone_logout()).unwrap();
    backend.send(Command::Refresh(1));
    until(&backend, "unlinked", status_is(StatusCode::WhatsAppNotAuthenticated));

    // A query is answered after everything recorded before it is written.
    let tag = HistoryTag { id: 1, what: HistoryAsk::Info };
    backend.send(Command::QueryHistory { tag, query: Query::Info });
    until(&backend, "the history's answer", |e| matches!(e, Event::App(AppEvent::History { .. })));

    let conn =
        rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let rows: Vec<(i64, Option<i64>, i64, String)> = conn
        .prepare(
            "SELECT t.at_ms, t.from_status, t.to_status, t.cause FROM transitions t
             JOIN instances i ON i.id = t.instance_id
             WHERE i.uid = 'e2e0000000000001' ORDER BY t.at_ms, t.rowid",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    // Each transition starts where the one before ended, in time order.
    for pair in rows.windows(2) {
        assert_eq!(pair[1].1, Some(pair[0].2), "{rows:#?}");
        assert!(pair[0].0 <= pair[1].0, "{rows:#?}");
    }
    assert_eq!(rows[0].1, None, "the first is the first state known");
    // The story, in order (states passed through quickly may or may not be seen by a poll).
    let story: Vec<(i64, &str)> = rows.iter().map(|r| (r.2, r.3.as_str())).collect();
    let wanted = [(10, "pairing"), (-99, "op:close_session"), (10, "op:restore_session"), (13, "poll")];
    let mut at = 0;
    for (code, cause) in wanted {
        let found = story[at..]
            .iter()
            .position(|(c, k)| *k == cause && (code == -99 || *c == code))
            .unwrap_or_else(|| panic!("({code}, {cause}) after {:?} in {story:?}", &story[..at]));
        at += found + 1;
    }
    let name: String = conn.query_row("SELECT name FROM instances", [], |r| r.get(0)).unwrap();
    assert_eq!(name, "Loja Centro");
    let ops: Vec<String> = conn
        .prepare("SELECT op FROM operations ORDER BY at_ms")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(ops, ["close_session", "restore_session"]);
    drop(conn);

    // Neither the key nor the WebID anywhere in the file (or its WAL).
    for suffix in ["", "-wal"] {
        let mut p = path.clone().into_os_string();
        p.push(suffix);
        let Ok(bytes) = std::fs::read(&p) else { continue };
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(KEY), "the key is in {p:?}");
        assert!(!text.contains(&web_id), "the WebID is in {p:?}");
    }
}
