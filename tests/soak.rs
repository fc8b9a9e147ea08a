//! Soak: the real app (kittest, frames as a window would run them) with 50 instances on the
//! simulator while 20 % of all requests fail with a fault drawn from every kind; the phones
//! change under it all along. Then the faults stop and the phones change once more: within one
//! poll interval, every instance must show the phone's true state, fresh.
//!
//! `#[ignore]`d: the full run is 10 minutes at the product's own schedule:
//!     cargo test --release --test soak -- --ignored --nocapture
//! `.ci/run` runs it shortened, the schedule sped up so that 40 s live 10 simulated minutes:
//!     WITI_SOAK_SECS=40 WITI_SOAK_SPEED=15 cargo test --test soak -- --ignored --nocapture

mod common;

use std::time::{Duration, Instant};

use common::{AppHarness, app, runtime, simulator};
use witi_connect::api::{ApiKey, StatusCode};
use witi_connect::app::AppOptions;
use witi_connect::app::state::InstanceMeta;
use witi_connect::backend::BackendConfig;
use witi_connect::simulator::{RunningSim, SimConfig};

const INSTANCES: usize = 50;
const FAULT_RATE: f64 = 0.2;

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Resident memory of this process, in KiB (Linux).
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Pairs the instance in the simulator itself (as if someone scanned its QR elsewhere).
fn pair_in_sim(sim: &RunningSim, key: &str) {
    sim.sim.with_instance(key, |inst, now, config| {
        if let Ok(token) = inst.generate_qr("soak", now, config) {
            let _ = inst.scan(&token, now, config);
        }
    });
}

/// Changes what the phones report: new battery levels, one phone unlinked, one paired.
fn change_phones(sim: &RunningSim, keys: &[String], round: u64) {
    for (i, key) in keys.iter().enumerate() {
        let level = ((i as u64 * 7 + round * 13) % 100) as i64;
        sim.sim.with_instance(key, |inst, _, _| inst.set_battery(Some(level), Some(round.is_multiple_of(2))));
    }
    let n = keys.len();
    let unlink = &keys[(round as usize * 3) % n];
    sim.sim.with_instance(unlink, |inst, now, config| inst.phone_logout(now, config).ok());
    pair_in_sim(sim, &keys[(round as usize * 5 + 1) % n]);
}

/// Instances whose shown state is not the simulator's: (name, shown, true).
fn mismatches(h: &AppHarness, sim: &RunningSim) -> Vec<String> {
    let mut wrong = Vec::new();
    for inst in h.state().instances() {
        let truth = sim.sim.state(inst.meta.key.expose()).expect("a simulated instance");
        let shown_battery =
            inst.status.as_ref().and_then(|s| s.connection_info.as_ref()).and_then(|c| c.battery);
        let true_battery =
            (truth.status == StatusCode::WhatsAppAuthenticated.code()).then_some(truth.battery).flatten();
        let shown_code = inst.code().map(|c| c.code());
        let battery_ok = true_battery.is_none() || shown_battery == true_battery;
        if shown_code != Some(truth.status) || !battery_ok || inst.is_stale() {
            wrong.push(format!(
                "{}: shows {shown_code:?} battery {shown_battery:?}{}, truly {} battery {true_battery:?}",
                inst.meta.name,
                if inst.is_stale() { " (stale)" } else { "" },
                truth.status
            ));
        }
    }
    wrong
}

#[test]
#[ignore = "10 minutes; .ci/run runs it shortened"]
fn fifty_instances_under_random_faults_recover_their_true_state() {
    // glibc raises its mmap threshold after the first large free (the 2 MB read of an oversized
    // answer), then keeps such blocks in its heaps: RSS jumps by 10-40 % once, at a random
    // moment, and stays. That is not a leak but would hide one, so the soak runs with the
    // threshold fixed (in a child process: glibc reads it at start). Measured with it: +0.8 %.
    if std::env::var_os("MALLOC_MMAP_THRESHOLD_").is_none() {
        let status = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["fifty_instances_under_random_faults_recover_their_true_state", "--exact"])
            .args(["--ignored", "--nocapture", "--test-threads=1"])
            .env("MALLOC_MMAP_THRESHOLD_", "131072")
            .status()
            .expect("the soak's child process starts");
        assert!(status.success(), "the soak failed (see its output above)");
        return;
    }
    let secs = env_u64("WITI_SOAK_SECS", 600);
    let speed = env_u64("WITI_SOAK_SPEED", 1).max(1) as u32;
    let rt = runtime();
    let keys: Vec<String> = (0..INSTANCES).map(|i| format!("soak-key-{i:02}")).collect();
    let sim_config = SimConfig {
        slow_delay: Duration::from_secs(30) / speed,
        starting_delay: Duration::from_secs(1) / speed,
        logout_delay: Duration::from_secs(1) / speed,
        ..SimConfig::default()
    };
    let sim = simulator(&rt, sim_config, keys.clone());
    for key in keys.iter().step_by(2) {
        pair_in_sim(&sim, key);
    }
    let backend = BackendConfig::sped_up(speed);
    let poll_interval = backend.background_interval;
    let instances = keys
        .iter()
        .enumerate()
        .map(|(i, k)| InstanceMeta {
            // A `slow` answer (30 s) outlasts the timeout (10 s), at any speed.
            timeout: Duration::from_secs(10) / speed,
            ..InstanceMeta::new(format!("Soak {i:02}"), sim.base_url.clone(), ApiKey::new(k))
        })
        .collect();
    let mut h = app(&rt, AppOptions { backend, ..AppOptions::with_instances(instances) });

    let run = Duration::from_secs(secs);
    let start = Instant::now();
    let frame = |h: &mut AppHarness| {
        h.step();
        std::thread::sleep(Duration::from_millis(50));
    };
    // Warm up without faults: every instance shows its state, and memory settles.
    while start.elapsed() < run / 10 {
        frame(&mut h);
    }
    let warm_kib = rss_kib();
    sim.sim.set_fault_rate(FAULT_RATE);
    let mut round = 0;
    let mut next_change = Instant::now();
    // Growth is measured from 30 % of the run: by then every kind of fault has been shown
    // once, and what that costs once (the glyphs of each error text in egui's font atlas, the
    // allocator's first buffers of each size) is in the baseline. Measured from the warm-up,
    // a 40 s run grew 3-13 % from that alone; a leak keeps growing over the other 70 %.
    let mut baseline_kib = None;
    while start.elapsed() < run {
        if baseline_kib.is_none() && start.elapsed() >= run * 3 / 10 {
            baseline_kib = Some(rss_kib());
        }
        if Instant::now() >= next_change {
            round += 1;
            change_phones(&sim, &keys, round);
            next_change += poll_interval * 2;
        }
        frame(&mut h);
    }
    let end_kib = rss_kib();
    let requests: u64 = keys.iter().map(|k| sim.sim.state(k).unwrap().requests.values().sum::<u64>()).sum();
    let stale_during = h.state().instances().iter().filter(|i| i.is_stale()).count();

    // The faults stop and the phones change once more: the app must catch up within one
    // interval (its jitter and the few polls in flight included).
    sim.sim.set_fault_rate(0.0);
    change_phones(&sim, &keys, round + 1);
    let stopped = Instant::now();
    let limit = poll_interval.mul_f64(1.1) + Duration::from_secs(2);
    let mut wrong = mismatches(&h, &sim);
    while !wrong.is_empty() && stopped.elapsed() < limit {
        frame(&mut h);
        wrong = mismatches(&h, &sim);
    }
    let caught_up = stopped.elapsed();
    let baseline_kib = baseline_kib.unwrap_or(warm_kib);
    let growth = end_kib as f64 / baseline_kib.max(1) as f64 - 1.0;
    eprintln!(
        "soak: {secs} s at {speed}x, {requests} requests, {stale_during} instances stale when the faults \
         stopped, true state {caught_up:.1?} after (limit {limit:.1?}); RSS {warm_kib} KiB after \
         warm-up, {baseline_kib} KiB at 30 %, {end_kib} KiB at the end ({:+.1} %)",
        growth * 100.0
    );
    assert!(
        wrong.is_empty(),
        "{} instances not showing their true state:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(growth < 0.10, "memory grew {:.1} % under faults", growth * 100.0);
    assert!(requests > INSTANCES as u64 * 5, "the soak did exercise the app ({requests} requests)");
}
