//! Helpers shared by the integration tests: a runtime, the simulator, waiting for the real app
//! (which runs in real time) to reach a state, and reading a QR back from pixels.
#![allow(dead_code)] // each test file uses its own subset

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use witi_connect::app::{AppOptions, WitiApp};
use witi_connect::qr::QrImage;
use witi_connect::simulator::{RunningSim, SimConfig, Simulator};

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

/// The selected instance has had its first status.
pub fn wait_for_first_status(h: &mut AppHarness) {
    wait_for(h, "first status", Duration::from_secs(5), |h| h.state().selected().unwrap().code().is_some());
}

/// Presses Connect and waits for the QR image on screen.
pub fn connect(h: &mut AppHarness) {
    wait_for_first_status(h);
    h.get_by_label("Connect").click();
    wait_for(h, "a QR on screen", Duration::from_secs(5), |h| h.state().displayed_qr().is_some());
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
