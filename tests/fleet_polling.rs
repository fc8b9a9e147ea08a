//! Politeness, counted at the simulator: a fleet of 200 instances is polled once per
//! interval each, with never more than 4 requests in flight.

use std::time::Duration;

use witi_connect::api::ApiKey;
use witi_connect::backend::{self, BackendConfig, Command, InstanceSpec};
use witi_connect::simulator::{SimConfig, Simulator};

#[test]
fn two_hundred_instances_at_most_four_in_flight_each_polled_once_per_interval() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let keys: Vec<String> = (0..200).map(|i| format!("fleet-key-{i:03}")).collect();
    // 5 ms per answer: 200 polls through 4 slots take ~250 ms, so the limit is really exercised.
    let config = SimConfig { latency: Duration::from_millis(5), ..SimConfig::default() };
    let sim =
        runtime.block_on(Simulator::new(config, keys.clone()).serve("127.0.0.1:0".parse().unwrap())).unwrap();
    let interval = Duration::from_secs(1);
    let backend = backend::start_with(
        runtime.handle(),
        egui::Context::default(),
        BackendConfig {
            background_interval: interval,
            on_screen_interval: interval,
            ..BackendConfig::default()
        },
    );
    for (i, key) in keys.iter().enumerate() {
        backend.send(Command::AddInstance(InstanceSpec {
            id: i as u64,
            base_url: sim.base_url.clone(),
            key: ApiKey::new(key),
            timeout: Duration::from_secs(10),
        }));
    }
    // Drain events as the UI would, for 4.5 intervals.
    let deadline = std::time::Instant::now() + Duration::from_millis(4500);
    while std::time::Instant::now() < deadline {
        while backend.try_recv().is_some() {}
        std::thread::sleep(Duration::from_millis(20));
    }
    let traffic = sim.sim.traffic();
    assert!(traffic.max_in_flight <= 4, "{} requests were in flight at once", traffic.max_in_flight);
    assert!(traffic.max_in_flight >= 2, "the test did exercise concurrency ({})", traffic.max_in_flight);
    let counts: Vec<u64> = keys
        .iter()
        .map(|k| sim.sim.state(k).unwrap().requests.get("status.aspx").copied().unwrap_or(0))
        .collect();
    // The first poll at once, then one per interval (±10 % jitter): 4 or 5 in 4.5 s, never more.
    let (min, max) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
    assert!(*min >= 4 && *max <= 5, "polls per instance ranged {min}..={max}");
    drop(backend);
}
