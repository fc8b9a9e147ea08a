//! One egui frame (no rendering) of the app with 200, 1,000 and 5,000 polled instances: the
//! side panel and the instance view, then the fleet overview table, still and scrolling.
//! Target: <= 3 ms at 5,000, and a frame's cost must not grow with the fleet (scrolling 5,000
//! rows costs what scrolling 50 does). Built with egui_kittest's
//! harness, whose step also updates an AccessKit tree (an upper bound on the app's own cost).

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use witi_connect::api::ApiKey;
use witi_connect::app::{AppOptions, InstanceMeta, WitiApp};
use witi_connect::simulator::{SimConfig, Simulator};

fn fleet_frame(c: &mut Criterion) {
    for n in [50, 200, 1000, 5000] {
        fleet_of(c, n);
    }
}

/// The frames of a fleet of `n`, half of it paired: the side panel with the instance view, the
/// overview still, and the overview scrolled by a wheel step each frame (down, then back up).
fn fleet_of(c: &mut Criterion, n: usize) {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let keys: Vec<String> = (0..n).map(|i| format!("bench-key-{i:04}")).collect();
    let sim = runtime
        .block_on(Simulator::new(SimConfig::default(), keys.clone()).serve("127.0.0.1:0".parse().unwrap()))
        .unwrap();
    for key in keys.iter().step_by(2) {
        sim.sim.with_instance(key, |inst, now, config| inst.pair_now(now, config));
    }
    let instances = keys
        .iter()
        .enumerate()
        .map(|(i, k)| InstanceMeta::new(format!("Loja {i:04}"), sim.base_url.clone(), ApiKey::new(k)))
        .collect();
    let handle = runtime.handle().clone();
    let mut h: Harness<'static, WitiApp> = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(move |cc| WitiApp::new(&cc.egui_ctx, &handle, AppOptions::with_instances(instances)));
    let deadline = Instant::now() + Duration::from_secs(120);
    while h.state().instances().iter().any(|i| i.code().is_none()) {
        assert!(Instant::now() < deadline, "the fleet was not polled");
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    h.step();
    if n == 5000 {
        // What a frame pays when something changed: the lists and counts built again (at
        // most once a frame, and only then).
        use witi_connect::app::fleet::{Column, FleetIndex, FleetQuery};
        let query = FleetQuery::default();
        let mut generation = 0;
        let mut index = FleetIndex::default();
        c.bench_function("fleet_frame/index_rebuild_5000", |b| {
            b.iter(|| {
                generation += 1;
                index.refresh(h.state().instances(), generation, &query, (Column::Status, true))
            });
        });
    }
    if n != 50 {
        c.bench_function(&format!("fleet_frame/side_panel_and_instance_{n}"), |b| b.iter(|| h.step()));
    }
    h.get_by_label("Fleet overview").click();
    h.step();
    h.step();
    if n != 50 {
        c.bench_function(&format!("fleet_frame/overview_table_{n}"), |b| b.iter(|| h.step()));
    }
    // Scrolling: the pointer over the table, a wheel step per frame, turning at either end.
    let over_table = egui::pos2(800.0, 500.0);
    h.hover_at(over_table);
    let mut frame = 0u64;
    c.bench_function(&format!("fleet_frame/overview_scroll_{n}"), |b| {
        b.iter(|| {
            frame += 1;
            let down = (frame / 40).is_multiple_of(2);
            let delta = egui::vec2(0.0, if down { -60.0 } else { 60.0 });
            h.event(egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta,
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Wheel,
                modifiers: Default::default(),
            });
            h.step();
        });
    });
}

/// One paired instance with a week of history: the instance view with the History card's
/// strip and three charts. Target: <= 3 ms.
fn history_frame(c: &mut Criterion) {
    use witi_connect::backend::BackendConfig;
    use witi_connect::history::HistoryConfig;
    use witi_connect::history::demo::DemoSeed;
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let sim = runtime
        .block_on(
            Simulator::new(SimConfig::default(), ["bench-history-key"]).serve("127.0.0.1:0".parse().unwrap()),
        )
        .unwrap();
    sim.sim.with_instance("bench-history-key", |inst, now, config| inst.pair_now(now, config));
    let dir = tempfile::tempdir().unwrap();
    let meta = InstanceMeta::new("Loja Centro", sim.base_url.clone(), ApiKey::new("bench-history-key"));
    let mut history = HistoryConfig::new(dir.path().join("history.sqlite3"));
    history.demo = vec![DemoSeed { uid: meta.uid.to_string(), name: meta.name.clone(), ends_in: 10 }];
    let options = AppOptions {
        backend: BackendConfig { history: Some(history), ..BackendConfig::default() },
        ..AppOptions::with_instances(vec![meta])
    };
    let handle = runtime.handle().clone();
    let mut h: Harness<'static, WitiApp> = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(move |cc| WitiApp::new(&cc.egui_ctx, &handle, options));
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        h.step();
        let id = h.state().instances()[0].id;
        if h.state().history().get(id, 24).is_some_and(|e| e.data.is_some()) {
            break;
        }
        assert!(Instant::now() < deadline, "the history was not read");
        std::thread::sleep(Duration::from_millis(10));
    }
    h.step();
    c.bench_function("fleet_frame/instance_with_history", |b| b.iter(|| h.step()));
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = fleet_frame, history_frame
}
criterion_main!(benches);
