//! The backend (instance tasks) against the simulator, without a window: what the UI cannot
//! observe directly, counted at the simulator.

use crate::common;

use std::time::{Duration, Instant};

use common::HANG;

use witi_connect::api::ApiKey;
use witi_connect::backend::{
    self, AppEvent, BackendHandle, Command, Event, InstanceEvent, InstanceSpec, PairingPhase,
};
use witi_connect::simulator::{RunningSim, SimConfig, SimControl};

const KEY: &str = "backend-test-key";

fn setup(config: SimConfig) -> (tokio::runtime::Runtime, RunningSim, SimControl, BackendHandle) {
    let runtime = common::runtime();
    let sim = common::simulator(&runtime, config, [KEY]);
    let control = SimControl::new(&sim.base_url, KEY);
    let backend = backend::start(runtime.handle(), egui::Context::default());
    backend.send(Command::AddInstance(InstanceSpec {
        id: 1,
        uid: format!("uid-{}", 1).into(),
        name: String::new(),
        base_url: sim.base_url.clone(),
        key: ApiKey::new(KEY),
        timeout: Duration::from_secs(5),
        parked: false,
    }));
    backend.send(Command::Focus(Some(1)));
    (runtime, sim, control, backend)
}

/// Collects the instance events until `done` says stop, or fails after `limit`.
fn until(
    backend: &BackendHandle,
    limit: Duration,
    mut done: impl FnMut(&InstanceEvent) -> bool,
) -> Vec<InstanceEvent> {
    let deadline = Instant::now() + limit;
    let mut seen = vec![];
    loop {
        while let Some(event) = backend.try_recv() {
            let Event::Instance(event) = event else { continue };
            let stop = done(&event);
            seen.push(event);
            if stop {
                return seen;
            }
        }
        assert!(Instant::now() < deadline, "timed out; saw {seen:#?}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn is_phase(event: &InstanceEvent, want: fn(&PairingPhase) -> bool) -> bool {
    matches!(event, InstanceEvent::Pairing { phase, .. } if want(phase))
}

#[test]
fn never_two_qr_requests_in_flight_and_polling_every_2_s_while_showing() {
    let (runtime, sim, control, backend) = setup(SimConfig::default());
    until(&backend, HANG, |e| matches!(e, InstanceEvent::Status { .. }));
    // The first QR request is held at the gateway; more presses meanwhile must not send more.
    runtime.block_on(control.hold_requests(true)).unwrap();
    for _ in 0..5 {
        backend.send(Command::Pair(1));
    }
    backend.send(Command::QrDisplaySize { id: 1, side_px: 400 });
    let held = || sim.sim.state(KEY).unwrap().held_requests;
    while held() == 0 {
        std::thread::sleep(Duration::from_millis(10));
    }
    for _ in 0..5 {
        backend.send(Command::Pair(1));
    }
    std::thread::sleep(Duration::from_millis(300)); // time for a wrongly sent second request
    assert_eq!(sim.sim.state(KEY).unwrap().requests["generate_qrcode.aspx"], 1);
    sim.sim.record_arrivals(true);
    runtime.block_on(control.hold_requests(false)).unwrap();
    until(&backend, HANG, |e| matches!(e, InstanceEvent::QrImage { .. }));
    assert_eq!(sim.sim.state(KEY).unwrap().requests["generate_qrcode.aspx"], 1);

    // While the QR is shown, status is polled every 2 s: never sooner, and not at the 15 s of
    // the instance on screen (the upper bound only has to tell the two apart).
    let polls = || -> Vec<Instant> {
        sim.sim.arrivals().into_iter().filter(|a| a.command == "status.aspx").map(|a| a.at).collect()
    };
    let deadline = Instant::now() + HANG;
    while polls().len() < 5 {
        assert!(Instant::now() < deadline, "fewer than 5 polls: {:?}", polls());
        while backend.try_recv().is_some() {}
        std::thread::sleep(Duration::from_millis(50));
    }
    // From the second on: the first may be one that was held with the QR request.
    for pair in polls()[1..].windows(2) {
        let gap = pair[1] - pair[0];
        assert!(gap >= Duration::from_millis(1950) && gap < Duration::from_secs(10), "{gap:?}");
    }

    // Cancelling stops the cadence: back to 15 s for the instance on screen.
    backend.send(Command::CancelPairing(1));
    until(&backend, HANG, |e| is_phase(e, |p| *p == PairingPhase::Idle));
    let before = sim.sim.state(KEY).unwrap().requests["status.aspx"];
    std::thread::sleep(Duration::from_millis(3000));
    assert_eq!(sim.sim.state(KEY).unwrap().requests["status.aspx"], before);
}

#[test]
fn already_established_goes_straight_to_paired() {
    let (_runtime, sim, _control, backend) = setup(SimConfig::default());
    until(&backend, HANG, |e| matches!(e, InstanceEvent::Status { .. }));
    // Paired behind the app's back.
    sim.sim.with_instance(KEY, |inst, now, config| inst.pair_now(now, config));
    backend.send(Command::Pair(1));
    let mut events = until(&backend, HANG, |e| is_phase(e, |p| *p == PairingPhase::Paired));
    // And the status that follows says paired.
    events.extend(until(&backend, HANG, |e| matches!(e, InstanceEvent::Status { .. })));
    assert!(
        !events.iter().any(|e| is_phase(e, |p| matches!(p, PairingPhase::Showing { .. }))),
        "no QR shown"
    );
    match events.last() {
        Some(InstanceEvent::Status { status, .. }) => assert!(status.status.is_paired(), "{status:?}"),
        other => panic!("{other:?}"),
    }
    let requests = sim.sim.state(KEY).unwrap().requests;
    assert_eq!(requests["generate_qrcode.aspx"], 1, "the app's one, answered 'already established'");
}

#[test]
fn an_unusable_base_url_is_reported_not_panicked() {
    let runtime = common::runtime();
    let backend = backend::start(runtime.handle(), egui::Context::default());
    backend.send(Command::AddInstance(InstanceSpec {
        id: 7,
        uid: format!("uid-{}", 7).into(),
        name: String::new(),
        base_url: "ftp://nowhere".into(),
        key: ApiKey::new(KEY),
        timeout: Duration::from_secs(1),
        parked: false,
    }));
    let events = until(&backend, HANG, |e| matches!(e, InstanceEvent::InstanceFailed { .. }));
    match events.last() {
        Some(InstanceEvent::InstanceFailed { id: 7, error }) => assert!(!error.to_string().contains(KEY)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn saves_land_in_the_order_they_were_asked_for() {
    use witi_connect::store::{ConfigFile, Loaded, SavedInstance, Store};
    let runtime = common::runtime();
    let backend = backend::start(runtime.handle(), egui::Context::default());
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("instances.json"));
    for n in 1..=50 {
        let instances = (0..n)
            .map(|i| SavedInstance {
                id: format!("{i:016x}"),
                name: format!("i{i}"),
                base_url: "https://api.witi.me/".into(),
                key: ApiKey::new(format!("key-{i}")),
                tags: vec![],
                notes: String::new(),
                parked: false,
                keyring: false,
            })
            .collect();
        backend.send(Command::SaveConfig(store.clone(), ConfigFile { instances, ..ConfigFile::default() }));
    }
    // Each time a save lands, the file holds at least as many instances as before: an older
    // list never lands after a newer one. The last one holds all 50.
    let mut saved = vec![];
    let deadline = Instant::now() + HANG;
    while saved.last() != Some(&50) {
        assert!(Instant::now() < deadline, "saves seen: {saved:?}");
        while let Some(event) = backend.try_recv() {
            if let Event::App(AppEvent::ConfigSaved { result }) = event {
                result.unwrap();
                let Ok(Loaded::Config(c)) = store.load() else { panic!("no file after a save") };
                saved.push(c.instances.len());
            }
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(saved.windows(2).all(|w| w[0] <= w[1]), "an older list landed after a newer: {saved:?}");
    assert!(saved.len() < 50, "a burst is written fewer times than asked: {} saves", saved.len());
    std::thread::sleep(Duration::from_millis(200)); // a save still running would land now
    let Ok(Loaded::Config(config)) = store.load() else { panic!("no file") };
    assert_eq!(config.instances.len(), 50, "the newest list is the one on disk");
}

/// A poll whose answer is the same as the last one does not wake the UI (it is applied at
/// the next frame); a changed answer, or a new error, does at once.
#[test]
fn only_a_changed_answer_wakes_the_ui() {
    let runtime = common::runtime();
    let sim = common::simulator(&runtime, SimConfig::default(), [KEY]);
    let control = SimControl::new(&sim.base_url, KEY);
    let ctx = egui::Context::default();
    let wakes = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = wakes.clone();
    ctx.set_request_repaint_callback(move |_| {
        counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    });
    let interval = Duration::from_millis(100);
    let config = backend::BackendConfig {
        on_screen_interval: interval,
        background_interval: interval,
        ..backend::BackendConfig::default()
    };
    let backend = backend::start_with(runtime.handle(), ctx.clone(), config);
    backend.send(Command::AddInstance(InstanceSpec {
        id: 1,
        uid: format!("uid-{}", 1).into(),
        name: String::new(),
        base_url: sim.base_url.clone(),
        key: ApiKey::new(KEY),
        timeout: Duration::from_secs(5),
        parked: false,
    }));
    // egui calls back once per pending repaint: run a frame to take each wake.
    let wakes_now = || {
        ctx.run_ui(egui::RawInput::default(), |_| {}).textures_delta.clear();
        wakes.load(std::sync::atomic::Ordering::SeqCst)
    };
    let polls = || sim.sim.state(KEY).unwrap().requests.get("status.aspx").copied().unwrap_or(0);
    until(&backend, HANG, |e| matches!(e, InstanceEvent::Status { .. }));
    for _ in 0..3 {
        wakes_now(); // egui's own first frames ask for more
    }
    let (before, polled) = (wakes_now(), polls());
    let mut statuses = 0;
    until(&backend, HANG, |e| {
        statuses += usize::from(matches!(e, InstanceEvent::Status { .. }));
        statuses == 5
    });
    assert!(polls() >= polled + 5, "it kept polling");
    assert_eq!(wakes_now(), before, "the same answer woke the UI");

    runtime.block_on(control.fault(witi_connect::simulator::FaultKind::Http500, 3)).unwrap();
    until(&backend, HANG, |e| matches!(e, InstanceEvent::PollFailed { .. }));
    let woke = wakes_now();
    assert!(woke > before, "the first failure wakes the UI");
    wakes_now(); // a woken frame may ask for one more
    let woke = wakes_now();
    until(&backend, HANG, |e| matches!(e, InstanceEvent::PollFailed { .. }));
    assert_eq!(wakes_now(), woke, "the same failure again does not");
    until(&backend, HANG, |e| matches!(e, InstanceEvent::Status { .. }));
    assert!(wakes_now() > woke, "the recovery does");
    wakes_now();
    runtime.block_on(control.battery(Some(7), Some(false))).unwrap();
    runtime.block_on(control.scan("no-such-token")).ok();
    let woke = wakes_now();
    std::thread::sleep(interval * 5);
    let _ = std::iter::from_fn(|| backend.try_recv()).count();
    assert_eq!(wakes_now(), woke, "an unpaired instance's battery is not in its answer: still quiet");
}
