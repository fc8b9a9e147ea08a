//! Bulk runs through the real HTTP client against the simulator: every instance is accounted
//! for exactly once, faults and all, never more than the per-gateway cap in flight (counted at
//! the simulator), and Cancel starts no more while what is in flight finishes.

use crate::common;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use witi_connect::api::ApiKey;
use witi_connect::backend::bulk::{BulkOutcome, CancelSwitch, SkipReason};
use witi_connect::backend::{
    self, BackendConfig, BackendHandle, Command, Event, InstanceEvent, InstanceId, InstanceSpec, Operation,
};
use witi_connect::simulator::{RunningSim, SimConfig};

fn add_fleet(backend: &BackendHandle, keys: &[String], base_url: &str, timeout: Duration) {
    for (i, key) in keys.iter().enumerate() {
        backend.send(Command::AddInstance(InstanceSpec {
            id: i as u64,
            uid: format!("uid-{i}").into(),
            name: format!("Loja {i}"),
            base_url: base_url.to_owned(),
            key: ApiKey::new(key),
            timeout,
            parked: false,
        }));
    }
}

/// Drains events until every key was polled once.
fn wait_polled(backend: &BackendHandle, sim: &RunningSim, keys: &[String], deadline: Instant) {
    let polled = |k: &String| sim.sim.state(k).unwrap().requests.get("status.aspx").is_some_and(|n| *n > 0);
    while !keys.iter().all(polled) {
        assert!(Instant::now() < deadline, "the fleet was not polled");
        while backend.try_recv().is_some() {}
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Drains events until `job` has an outcome for `n` instances (or the deadline passes).
fn outcomes(
    backend: &BackendHandle,
    job: u64,
    n: usize,
    limit: Duration,
) -> HashMap<InstanceId, Vec<BulkOutcome>> {
    let deadline = Instant::now() + limit;
    let mut seen: HashMap<InstanceId, Vec<BulkOutcome>> = HashMap::new();
    while seen.len() < n {
        assert!(Instant::now() < deadline, "only {} of {n} accounted for", seen.len());
        match backend.try_recv() {
            Some(Event::Instance(InstanceEvent::BulkDone { id, job: j, outcome, .. })) if j == job => {
                seen.entry(id).or_default().push(outcome);
            }
            Some(_) => {}
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    }
    // A little longer: a second outcome for anyone would show here.
    let settle = Instant::now() + Duration::from_millis(300);
    while Instant::now() < settle {
        match backend.try_recv() {
            Some(Event::Instance(InstanceEvent::BulkDone { id, job: j, outcome, .. })) if j == job => {
                seen.entry(id).or_default().push(outcome);
            }
            Some(_) => {}
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    }
    seen
}

#[test]
fn a_bulk_save_of_a_thousand_with_ten_percent_faults_accounts_for_every_instance_within_the_cap() {
    let runtime = common::runtime();
    let keys: Vec<String> = (0..1000).map(|i| format!("bulk-key-{i:04}")).collect();
    // Slow answers come after 300 ms (the client gives up after 1 s only on the dropped ones).
    let config = SimConfig {
        latency: Duration::from_millis(1),
        slow_delay: Duration::from_millis(300),
        ..SimConfig::default()
    };
    let sim = common::simulator(&runtime, config, keys.clone());
    for key in keys.iter().step_by(3) {
        sim.sim.with_instance(key, |inst, now, config| inst.pair_now(now, config));
    }
    // A short bulk pause after trouble: this test counts outcomes, not waits.
    let config = BackendConfig { bulk_backoff: Duration::from_millis(5), ..common::quiet_backend() };
    let backend = backend::start_with(runtime.handle(), egui::Context::default(), config);
    add_fleet(&backend, &keys, &sim.base_url, Duration::from_secs(1));
    // The first polls, before the faults start.
    let deadline = Instant::now() + Duration::from_secs(60);
    wait_polled(&backend, &sim, &keys, deadline);
    sim.sim.set_fault_rate(0.10);
    let ids: Vec<InstanceId> = (0..keys.len() as u64).collect();
    let cancel = CancelSwitch::default();
    backend.send(Command::Bulk {
        job: 1,
        op: Operation::SaveSession,
        settings: None,
        ids: ids.clone(),
        cancel,
    });
    let seen = outcomes(&backend, 1, ids.len(), Duration::from_secs(120));
    assert_eq!(seen.len(), 1000, "every instance accounted for");
    assert!(seen.values().all(|o| o.len() == 1), "each exactly once");
    let failed = seen.values().filter(|o| matches!(o[0], BulkOutcome::Failed(_))).count();
    let ok = seen.values().filter(|o| o[0] == BulkOutcome::Ok).count();
    // Unpaired instances cannot save (a gateway error), and about a tenth of the rest meet a
    // fault: both are failures with a reason, none is lost.
    assert!(ok >= 200 && failed >= 600, "ok {ok}, failed {failed}");
    let saves: u64 = keys
        .iter()
        .map(|k| sim.sim.state(k).unwrap().requests.get("save_session.aspx").copied().unwrap_or(0))
        .sum();
    assert_eq!(saves, 1000, "one request each");
    let traffic = sim.sim.traffic();
    println!("bulk save of 1,000: ok {ok}, failed {failed}, at most {} in flight", traffic.max_in_flight);
    assert!(traffic.max_in_flight <= 4, "{} requests in flight at once (cap 4)", traffic.max_in_flight);
    assert!(traffic.max_in_flight >= 2, "the cap was exercised ({})", traffic.max_in_flight);
}

#[test]
fn cancel_finishes_what_is_in_flight_and_starts_no_more() {
    let runtime = common::runtime();
    let keys: Vec<String> = (0..12).map(|i| format!("cancel-key-{i:02}")).collect();
    let sim = common::simulator(&runtime, SimConfig::default(), keys.clone());
    for key in &keys {
        sim.sim.with_instance(key, |inst, now, config| inst.pair_now(now, config));
    }
    let config = BackendConfig { max_in_flight: 3, ..common::quiet_backend() };
    let backend = backend::start_with(runtime.handle(), egui::Context::default(), config);
    add_fleet(&backend, &keys, &sim.base_url, Duration::from_secs(10));
    let deadline = Instant::now() + Duration::from_secs(30);
    wait_polled(&backend, &sim, &keys, deadline);
    for key in &keys {
        sim.sim.hold_requests(key, true);
    }
    let cancel = CancelSwitch::default();
    let ids = (0..12).collect();
    backend.send(Command::Bulk {
        job: 9,
        op: Operation::SaveSession,
        settings: None,
        ids,
        cancel: cancel.clone(),
    });
    let held = || keys.iter().map(|k| sim.sim.state(k).unwrap().held_requests).sum::<u32>();
    let deadline = Instant::now() + Duration::from_secs(10);
    while held() < 3 {
        assert!(Instant::now() < deadline, "the first requests did not arrive");
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(held(), 3, "the cap holds the rest back");
    cancel.cancel();
    for key in &keys {
        sim.sim.hold_requests(key, false);
    }
    let seen = outcomes(&backend, 9, 12, Duration::from_secs(20));
    let ok = seen.values().filter(|o| o[0] == BulkOutcome::Ok).count();
    let cancelled = seen.values().filter(|o| o[0] == BulkOutcome::Skipped(SkipReason::Cancelled)).count();
    assert_eq!((ok, cancelled), (3, 9), "the three in flight finished; nine never started");
    let saves: u64 = keys
        .iter()
        .map(|k| sim.sim.state(k).unwrap().requests.get("save_session.aspx").copied().unwrap_or(0))
        .sum();
    assert_eq!(saves, 3, "nothing was sent after Cancel");
    // A removed instance is accounted for too.
    backend.send(Command::RemoveInstance(0));
    let cancel = CancelSwitch::default();
    backend.send(Command::Bulk { job: 10, op: Operation::Status, settings: None, ids: vec![0, 1], cancel });
    let seen = outcomes(&backend, 10, 2, Duration::from_secs(20));
    assert_eq!(seen[&0], [BulkOutcome::Skipped(SkipReason::Gone)]);
    assert_eq!(seen[&1], [BulkOutcome::Ok]);
}

#[test]
fn a_gateway_in_trouble_gets_a_growing_pause_between_bulk_requests() {
    use witi_connect::simulator::FaultKind;
    let runtime = common::runtime();
    let keys: Vec<String> = (0..6).map(|i| format!("pause-key-{i:02}")).collect();
    let sim = common::simulator(&runtime, SimConfig::default(), keys.clone());
    let pause = Duration::from_millis(100);
    let config = BackendConfig { max_in_flight: 1, bulk_backoff: pause, ..common::quiet_backend() };
    let backend = backend::start_with(runtime.handle(), egui::Context::default(), config);
    add_fleet(&backend, &keys, &sim.base_url, Duration::from_secs(5));
    wait_polled(&backend, &sim, &keys, Instant::now() + Duration::from_secs(30));
    for key in &keys {
        sim.sim.with_instance(key, |inst, _, _| inst.inject_fault(FaultKind::Http500, 1));
    }
    let started = Instant::now();
    let cancel = CancelSwitch::default();
    backend.send(Command::Bulk {
        job: 3,
        op: Operation::SaveSession,
        settings: None,
        ids: (0..6).collect(),
        cancel,
    });
    let seen = outcomes(&backend, 3, 6, Duration::from_secs(30));
    let took = started.elapsed();
    assert!(seen.values().all(|o| matches!(o[0], BulkOutcome::Failed(_))), "{seen:?}");
    // One at a time: after each 500 the next waits 100, 200, 400, 800, 1,600 ms.
    assert!(took >= pause * 31, "the pauses were not taken: {took:?}");
}
