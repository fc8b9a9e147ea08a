//! The real app (egui_kittest) wired to the real backend and the simulator over HTTP.
//! The backend runs in real time, so waits are bounded loops of frames with short sleeps.

mod common;

use std::time::{Duration, Instant};

use common::{AppHarness, connect, decode, displayed_token, has_label, wait_for, wait_for_first_status};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use witi_connect::api::{ApiKey, StatusCode};
use witi_connect::app::{AppOptions, InstanceMeta, WitiApp};
use witi_connect::backend::Operation;
use witi_connect::simulator::{FaultKind, RunningSim, SimConfig, SimControl, Simulator};

const KEY: &str = "ui-test-key-0042";

struct Fixture {
    runtime: tokio::runtime::Runtime,
    sim: RunningSim,
    control: SimControl,
}

impl Fixture {
    fn new(config: SimConfig) -> Self {
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let sim =
            runtime.block_on(Simulator::new(config, [KEY]).serve("127.0.0.1:0".parse().unwrap())).unwrap();
        let control = SimControl::new(&sim.base_url, KEY);
        Self { runtime, sim, control }
    }

    fn harness(&self, timeout: Duration) -> AppHarness {
        let mut start = InstanceMeta::new("Loja Centro", self.sim.base_url.clone(), ApiKey::new(KEY));
        start.timeout = timeout;
        common::app(&self.runtime, AppOptions::with_instances(vec![start]))
    }

    fn state(&self) -> witi_connect::simulator::SimInstanceState {
        self.runtime.block_on(self.control.state()).unwrap()
    }
}

fn quick() -> SimConfig {
    SimConfig {
        ttl: Duration::from_secs(20),
        // Long enough that a 2 s poll sees status 4.
        starting_delay: Duration::from_millis(2500),
        slow_delay: Duration::from_secs(4),
        logout_delay: Duration::from_millis(300),
        ..SimConfig::default()
    }
}

/// Runs frames until `done` holds, failing after `limit`.
/// Connect, read the QR off the display, scan it: the instance ends up paired.
fn pair(f: &Fixture, h: &mut AppHarness) {
    connect(h);
    let token = displayed_token(h).unwrap();
    assert_eq!(Some(&token), f.state().token.as_ref(), "the app shows the simulator's current QR");
    f.runtime.block_on(f.control.scan(&token)).unwrap();
    wait_for(h, "Paired as", Duration::from_secs(10), |h| has_label(h, "Paired as"));
}

#[test]
fn pairing_reads_the_displayed_qr_scans_it_and_shows_the_paired_device() {
    let f = Fixture::new(quick());
    let mut h = f.harness(Duration::from_secs(5));
    wait_for(&mut h, "first status", Duration::from_secs(5), |h| has_label(h, "No phone is paired"));
    h.get_by_label("Connect").click();
    wait_for(&mut h, "a QR on screen", Duration::from_secs(5), |h| h.state().displayed_qr().is_some());
    assert!(has_label(&h, "Expires in"), "a countdown is shown");
    let qr_widget = h.get_by_label_contains("QR code, expires in").rect();
    assert!(qr_widget.width() >= 280.0 && qr_widget.height() >= 280.0, "{qr_widget:?}");

    // Large and crisp: at least 280 points a side, whole pixels per module, black on white.
    let image = h.state().displayed_qr().unwrap().clone();
    let modules = image.modules.expect("grid found");
    assert!(
        image.side >= 250 && image.side.is_multiple_of(modules + 8),
        "side {} for {modules} modules",
        image.side
    );
    assert!(image.rgba.chunks_exact(4).all(|p| p[0] == 0 || p[0] == 255));

    let token = decode(&image);
    assert_eq!(Some(&token), f.state().token.as_ref());
    f.runtime.block_on(f.control.scan(&token)).unwrap();
    wait_for(&mut h, "Phone scanned", Duration::from_secs(5), |h| {
        has_label(h, "Phone scanned — connecting…")
    });
    wait_for(&mut h, "Paired as", Duration::from_secs(8), |h| has_label(h, "Paired as"));
    assert_eq!(f.state().status, 10);

    let status = h.state().selected().unwrap().status.clone().unwrap();
    let info = status.connection_info.unwrap();
    let push_name = info.pushname.unwrap();
    let model = info.phone.unwrap().device_model.unwrap();
    let node = h.get_by_label_contains("Paired as");
    let banner = node.accesskit_node().label().or_else(|| node.value()).unwrap_or_default();
    assert!(banner.contains(&push_name) && banner.contains("+55"), "{banner}");
    assert!(has_label(&h, &model), "the device panel shows the model");
    assert!(h.state().displayed_qr().is_none(), "the QR is gone once paired");
    assert_eq!(h.state().selected().unwrap().pairing, witi_connect::backend::PairingPhase::Paired);
}

#[test]
fn the_qr_refreshes_when_it_expires_and_stops_after_five_refreshes() {
    let f = Fixture::new(SimConfig { ttl: Duration::from_secs(1), ..quick() });
    let mut h = f.harness(Duration::from_secs(5));
    connect(&mut h);
    assert!(has_label(&h, "Expires in 1 s"), "the countdown comes from the server's ttl");
    let first = displayed_token(&h).unwrap();
    wait_for(&mut h, "a new QR", Duration::from_secs(5), |h| displayed_token(h).is_some_and(|t| t != first));
    assert_ne!(displayed_token(&h).unwrap(), first);

    wait_for(&mut h, "QR expired", Duration::from_secs(15), |h| has_label(h, "QR expired"));
    let requests = f.state().requests["generate_qrcode.aspx"];
    assert_eq!(requests, 6, "the first QR and 5 automatic refreshes");
    // Nothing more is asked for while expired.
    std::thread::sleep(Duration::from_millis(1500));
    h.step();
    assert_eq!(f.state().requests["generate_qrcode.aspx"], 6);

    h.get_by_label("Get a new QR code").click();
    wait_for(&mut h, "a QR again", Duration::from_secs(5), |h| h.state().displayed_qr().is_some());
    assert_eq!(displayed_token(&h), f.state().token);
}

#[test]
fn cancel_stops_asking_for_qr_codes() {
    let f = Fixture::new(SimConfig { ttl: Duration::from_secs(1), ..quick() });
    let mut h = f.harness(Duration::from_secs(5));
    connect(&mut h);
    h.get_by_label("Cancel").click();
    wait_for(&mut h, "back to Connect", Duration::from_secs(3), |h| has_label(h, "No phone is paired"));
    let before = f.state().requests["generate_qrcode.aspx"];
    std::thread::sleep(Duration::from_millis(2500));
    h.step();
    assert_eq!(f.state().requests["generate_qrcode.aspx"], before, "no QR requests after Cancel");
}

fn run_op(h: &mut AppHarness, op: Operation, button: &str, confirm: Option<&str>) {
    let before = h.state().selected().unwrap().last_result(op).map(|r| r.at);
    h.get_all_by_label(button).next().unwrap_or_else(|| panic!("no button {button}")).click();
    h.step();
    if let Some(confirm) = confirm {
        wait_for(h, "the confirmation", Duration::from_secs(2), |h| h.query_by_label(confirm).is_some());
        h.get_by_label(confirm).click();
    }
    wait_for(h, button, Duration::from_secs(5), |h| {
        h.state().selected().unwrap().last_result(op).map(|r| r.at) != before
    });
    let result = &h.state().selected().unwrap().last_result(op).unwrap().result;
    assert!(result.is_ok(), "{button}: {result:?}");
}

#[test]
fn every_operation_changes_the_simulator_and_the_ui_shows_it() {
    let f = Fixture::new(quick());
    let mut h = f.harness(Duration::from_secs(5));
    pair(&f, &mut h);
    let inst = |h: &AppHarness| h.state().selected().unwrap().status.clone().unwrap();

    // Status: one more status request at the gateway.
    let before = f.state().requests["status.aspx"];
    h.get_by_role_and_label(egui::Role::Button, "Status").click();
    wait_for(&mut h, "a status poll", Duration::from_secs(3), |_| f.state().requests["status.aspx"] > before);

    run_op(&mut h, Operation::SaveSession, "Save session", None);
    assert!(has_label(&h, "done in"), "the outcome is shown next to the buttons");

    // A confirmation that is cancelled does nothing.
    h.get_by_label("Close session…").click();
    wait_for(&mut h, "the dialog says what will happen", Duration::from_secs(2), |h| {
        has_label(h, "can be brought back with Restore session")
    });
    h.get_by_label("Cancel").click();
    h.step();
    assert_eq!(f.state().status, 10);

    run_op(&mut h, Operation::CloseSession, "Close session…", Some("Close session"));
    assert_eq!((f.state().status, f.state().can_restore), (0, true));
    wait_for(&mut h, "the restore offer", Duration::from_secs(3), |h| {
        has_label(h, "A saved session can be restored")
    });

    run_op(&mut h, Operation::RestoreSession, "Restore session", None);
    assert_eq!(f.state().status, 10);
    wait_for(&mut h, "paired again", Duration::from_secs(3), |h| has_label(h, "Paired as"));

    run_op(&mut h, Operation::Clear, "Clear instance…", Some("Clear instance"));
    wait_for(&mut h, "empty storage", Duration::from_secs(3), |h| {
        inst(h).storage.and_then(|s| s.bytes) == Some(0)
    });
    assert!(has_label(&h, "0 B in 0 files"));

    // Settings: a webhook change asks first; the next status shows it.
    h.get_by_label("Settings…").click();
    wait_for(&mut h, "the settings dialog", Duration::from_secs(2), |h| {
        h.query_by_label("Webhook URL (PostBack)").is_some()
    });
    h.get_by_label("Webhook URL (PostBack)").focus();
    h.step();
    h.get_by_label("Webhook URL (PostBack)").type_text("https://erp.example.com/witi");
    wait_for(&mut h, "the webhook warning", Duration::from_secs(2), |h| {
        has_label(h, "stops the provider's browser use")
    });
    // A real pointer hovers before it clicks; after typing, egui needs that frame.
    h.get_by_label("Save").hover();
    h.step();
    h.get_by_label("Save").click();
    wait_for(&mut h, "the webhook confirmation", Duration::from_secs(2), |h| {
        has_label(h, "Change the webhook?")
    });
    h.get_by_label("Change webhook").hover();
    h.step();
    h.get_by_label("Change webhook").click();
    wait_for(&mut h, "webhook applied", Duration::from_secs(5), |h| {
        inst(h).webhook_as_set().as_deref() == Some("https://erp.example.com/witi")
    });
    assert_eq!(f.state().webhook, "https://erp.example.com/witi");
    assert!(has_label(&h, "https://erp.example.com/witi"));

    run_op(&mut h, Operation::Disconnect, "Disconnect…", Some("Disconnect"));
    assert_eq!((f.state().status, f.state().can_restore), (0, false));
    wait_for(&mut h, "not paired", Duration::from_secs(3), |h| has_label(h, "No phone is paired"));
    assert_eq!(inst(&h).status, StatusCode::NoConnection);
    assert!(h.state().selected().unwrap().log.len() >= 8, "operations are in the event log");
}

#[test]
fn faults_show_a_readable_error_keep_the_last_data_and_stay_responsive() {
    let f = Fixture::new(quick());
    let mut h = f.harness(Duration::from_secs(1));
    pair(&f, &mut h);
    for kind in [
        FaultKind::Http500,
        FaultKind::HtmlError,
        FaultKind::MalformedJson,
        FaultKind::WrongTypes,
        FaultKind::Drop,
        FaultKind::Oversized,
        FaultKind::Slow,
    ] {
        f.runtime.block_on(f.control.fault(kind, 1)).unwrap();
        h.key_press(egui::Key::F5);
        let started = Instant::now();
        let mut slowest_frame = Duration::ZERO;
        wait_for(&mut h, &format!("{kind:?} shown"), Duration::from_secs(5), |h| {
            h.state().selected().unwrap().is_stale()
        });
        // Frames keep coming while the request is in flight (the slow one takes 1 s).
        for _ in 0..5 {
            let t = Instant::now();
            h.step();
            slowest_frame = slowest_frame.max(t.elapsed());
        }
        assert!(slowest_frame < Duration::from_millis(500), "{kind:?}: a frame took {slowest_frame:?}");
        assert!(started.elapsed() < Duration::from_secs(3), "{kind:?} took {:?}", started.elapsed());
        let inst = h.state().selected().unwrap();
        let error = inst.poll_error.as_ref().unwrap().0.to_string();
        assert!(has_label(&h, "The last status poll failed"), "{kind:?}");
        assert!(has_label(&h, &error), "{kind:?}: the error is on screen: {error}");
        assert!(!error.contains('<') && !error.contains(KEY), "{kind:?}: {error}");
        assert!(inst.is_paired() && has_label(&h, "Paired as"), "{kind:?}: the last good data stays");
        assert!(has_label(&h, "stale"), "{kind:?}: marked stale");

        h.key_press(egui::Key::F5);
        wait_for(&mut h, "recovery", Duration::from_secs(5), |h| !h.state().selected().unwrap().is_stale());
    }
}

#[test]
fn a_hostile_svg_does_not_abort_and_is_shown_at_our_size() {
    let f = Fixture::new(quick());
    let mut h = f.harness(Duration::from_secs(5));
    wait_for_first_status(&mut h);
    f.runtime.block_on(f.control.fault(FaultKind::HostileSvg, 1)).unwrap();
    h.get_by_label("Connect").click();
    wait_for(&mut h, "a QR on screen", Duration::from_secs(5), |h| h.state().displayed_qr().is_some());
    assert!(h.state().displayed_qr().unwrap().side <= 1280);
    assert_eq!(displayed_token(&h), f.state().token);
}

fn repaint_delay(h: &AppHarness) -> Duration {
    h.output().viewport_output[&egui::ViewportId::ROOT].repaint_delay
}

#[test]
fn idle_is_idle() {
    // No instance at all: nothing changes, so no repaint is requested.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let handle = runtime.handle().clone();
    let mut empty =
        Harness::builder().build_eframe(move |cc| WitiApp::new(&cc.egui_ctx, &handle, AppOptions::default()));
    empty.run();
    assert_eq!(repaint_delay(&empty), Duration::MAX);

    let f = Fixture::new(quick());
    let mut h = f.harness(Duration::from_secs(5));
    connect(&mut h);
    // The countdown is visible and nothing is in flight: the app settles, asking for one
    // repaint within the second and none before.
    h.try_run().expect("settles with the countdown showing");
    let delay = repaint_delay(&h);
    assert!(delay > Duration::ZERO && delay <= Duration::from_secs(1), "{delay:?}");

    // Paired with nothing changing: the only timer is the app's minute tick.
    let token = displayed_token(&h).unwrap();
    f.runtime.block_on(f.control.scan(&token)).unwrap();
    wait_for(&mut h, "Paired as", Duration::from_secs(8), |h| has_label(h, "Paired as"));
    h.try_run().expect("settles when paired");
    let delay = repaint_delay(&h);
    let tick = witi_connect::format::until_next_minute(std::time::SystemTime::now());
    assert!(
        delay >= tick.saturating_sub(Duration::from_secs(1)),
        "nothing before the minute tick: {delay:?}"
    );
}

/// The window test (tests/window_test.sh) clicks by coordinates; they must land on the widgets.
#[test]
fn the_window_test_clicks_land_on_their_buttons() {
    let script =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/window_test.sh")).unwrap();
    let point = |marker: &str| -> egui::Pos2 {
        let line = script.lines().find(|l| l.contains(marker) && l.contains("xdotool mousemove")).unwrap();
        let mut nums = line.split("mousemove").nth(1).unwrap().split_whitespace().map(|n| n.parse::<f32>());
        egui::pos2(nums.next().unwrap().unwrap(), nums.next().unwrap().unwrap())
    };
    let f = Fixture::new(quick());
    let mut h = f.harness(Duration::from_secs(5));
    wait_for(&mut h, "first status", Duration::from_secs(5), |h| has_label(h, "No phone is paired"));
    h.run_ok();
    let connect = h.get_by_label("Connect").rect();
    assert!(connect.contains(point("click_connect()")), "Connect is at {connect:?}");
    let overview = h.get_by_label("Fleet overview").rect();
    assert!(overview.contains(point("# Fleet overview")), "Fleet overview is at {overview:?}");
}
