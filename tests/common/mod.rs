//! Helpers shared by the integration tests: a runtime, the simulator, waiting for the real app
//! (which runs in real time) to reach a state, and reading a QR back from pixels.
#![allow(dead_code)] // each test file uses its own subset

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use witi_connect::api::ApiKey;
use witi_connect::app::{AppOptions, InstanceMeta, WitiApp};
use witi_connect::backend::BackendConfig;
use witi_connect::qr::QrImage;
use witi_connect::simulator::{RunningSim, SimConfig, SimControl, SimInstanceState, Simulator};

/// Generous bounds that only catch a hang: a loaded CI machine must never reach them.
pub const HANG: Duration = Duration::from_secs(30);

pub type AppHarness = Harness<'static, WitiApp>;

/// Two workers, as the app's own runtime has.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

/// The simulator on 127.0.0.1 with these keys.
pub fn simulator<S: Into<String>>(
    runtime: &tokio::runtime::Runtime,
    config: SimConfig,
    keys: impl IntoIterator<Item = S>,
) -> RunningSim {
    runtime.block_on(Simulator::new(config, keys).serve("127.0.0.1:0".parse().unwrap())).unwrap()
}

/// The real app at 1280x800, its backend on `runtime`.
pub fn app(runtime: &tokio::runtime::Runtime, options: AppOptions) -> AppHarness {
    let handle = runtime.handle().clone();
    Harness::builder()
        .with_size([1280.0, 800.0])
        .with_max_steps(2000)
        .build_eframe(move |cc| WitiApp::new(&cc.egui_ctx, &handle, options))
}

/// A schedule with no background or on-screen polls within a test's life: status is polled at
/// start, on F5, after operations and while pairing, so a test knows which request answers.
pub fn quiet_backend() -> BackendConfig {
    BackendConfig {
        on_screen_interval: Duration::from_secs(3600),
        background_interval: Duration::from_secs(3600),
        ..BackendConfig::default()
    }
}

/// A runtime, a simulator with one instance, and its control client.
pub struct Fixture {
    pub runtime: tokio::runtime::Runtime,
    pub sim: RunningSim,
    pub control: SimControl,
    pub key: String,
}

impl Fixture {
    pub fn new(config: SimConfig, key: &str) -> Self {
        let runtime = runtime();
        let sim = simulator(&runtime, config, [key]);
        let control = SimControl::new(&sim.base_url, key);
        Self { runtime, sim, control, key: key.to_owned() }
    }

    /// The app on the fixture's instance ("Loja Centro"), with the quiet schedule.
    pub fn app(&self, timeout: Duration) -> AppHarness {
        let mut meta = InstanceMeta::new("Loja Centro", self.sim.base_url.clone(), ApiKey::new(&self.key));
        meta.timeout = timeout;
        let options = AppOptions { backend: quiet_backend(), ..AppOptions::with_instances(vec![meta]) };
        app(&self.runtime, options)
    }

    pub fn state(&self) -> SimInstanceState {
        self.sim.sim.state(&self.key).unwrap()
    }

    /// How many times the simulator received `command`.
    pub fn requests(&self, command: &str) -> u64 {
        self.state().requests.get(command).copied().unwrap_or(0)
    }

    /// Runs a simulator control call to completion.
    pub fn run<T>(&self, f: impl std::future::Future<Output = Result<T, String>>) -> T {
        self.runtime.block_on(f).unwrap()
    }
}

/// Runs frames for `d` of real time (to show that something does *not* happen meanwhile).
pub fn frames_for(h: &mut AppHarness, d: Duration) {
    let end = Instant::now() + d;
    while Instant::now() < end {
        h.step();
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs frames until `done` holds, failing after `limit`.
pub fn wait_for(h: &mut AppHarness, what: &str, limit: Duration, done: impl Fn(&AppHarness) -> bool) {
    let deadline = Instant::now() + limit;
    loop {
        h.step();
        if done(h) {
            return;
        }
        assert!(Instant::now() < deadline, "timed out waiting for: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Some widget's label contains `label` (several may).
pub fn has_label(h: &AppHarness, label: &str) -> bool {
    h.query_all_by_label_contains(label).next().is_some()
}

/// The side panel lists an instance of this name (a row is a button).
pub fn listed(h: &AppHarness, name: &str) -> bool {
    h.query_all_by_role_and_label(egui::Role::Button, name).next().is_some()
}

/// Replaces a text field's content, as a person selecting all and typing.
pub fn fill(h: &mut AppHarness, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.step();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.step();
    h.get_by_label(label).type_text(text);
    // The lists follow a filter from the next frame, which egui runs at once.
    h.run_steps(2);
}

/// The selected instance has had its first status.
pub fn wait_for_first_status(h: &mut AppHarness) {
    wait_for(h, "first status", HANG, |h| h.state().selected().unwrap().code().is_some());
}

/// Presses Connect and waits for the QR image on screen.
pub fn connect(h: &mut AppHarness) {
    wait_for_first_status(h);
    h.get_by_label("Connect").click();
    wait_for(h, "a QR on screen", HANG, |h| h.state().displayed_qr().is_some());
}

/// Reads a QR back from pixels, as a phone's camera would.
pub fn decode(image: &QrImage) -> String {
    let luma = image.luma();
    let s = image.side as usize;
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(s, s, |x, y| luma[y * s + x]);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "exactly one QR");
    grids[0].decode().expect("the QR decodes").1
}

/// The token of the QR the app is displaying, read from the pixels it uploaded.
pub fn displayed_token(h: &AppHarness) -> Option<String> {
    h.state().displayed_qr().map(decode)
}

/// The battery level an instance shows.
pub fn battery(inst: &witi_connect::app::InstanceState) -> Option<i64> {
    inst.status.as_ref().and_then(|s| s.connection_info.as_ref()).and_then(|c| c.battery)
}
