//! The real app (egui_kittest) wired to the real backend and the simulator over HTTP.
//! The backend runs in real time: tests wait on what the app shows or on the simulator's
//! counters (bounded only by `HANG`), and the simulator holds a phase or a request for as long
//! as a test needs to see it, instead of racing a short window.

use crate::common;

use std::time::Duration;

use common::{
    AppHarness, Fixture, HANG, connect, decode, displayed_token, frames_for, has_label, wait_for,
    wait_for_first_status,
};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use witi_connect::api::StatusCode;
use witi_connect::app::{AppOptions, WitiApp};
use witi_connect::backend::Operation;
use witi_connect::simulator::{FaultKind, SimConfig};

const KEY: &str = "ui-test-key-0042";

fn quick() -> SimConfig {
    SimConfig {
        ttl: Duration::from_secs(20),
        starting_delay: Duration::from_millis(300),
        slow_delay: Duration::from_secs(4),
        logout_delay: Duration::from_millis(300),
        ..SimConfig::default()
    }
}

fn fixture() -> Fixture {
    Fixture::new(quick(), KEY)
}

/// Connect, read the QR off the display, scan it: the instance ends up paired.
fn pair(f: &Fixture, h: &mut AppHarness) {
    connect(h);
    let token = displayed_token(h).unwrap();
    assert_eq!(Some(&token), f.state().token.as_ref(), "the app shows the simulator's current QR");
    f.run(f.control.scan(&token));
    wait_for(h, "Paired as", HANG, |h| has_label(h, "Paired as"));
}

/// The "No phone is paired" card (with Connect) is on screen: the title alone, not the device
/// card's "No phone is paired, so there is no device to show".
fn not_paired_card(h: &AppHarness) -> bool {
    h.query_by_label("No phone is paired").is_some() && h.query_by_label("Connect").is_some()
}

/// The number in "Expires in N s", if a countdown is on screen.
fn countdown(h: &AppHarness) -> Option<u64> {
    let node = h.query_all_by_label_contains("Expires in").next()?;
    let text = node.accesskit_node().label().or_else(|| node.value()).unwrap_or_default();
    text.split("Expires in ").nth(1)?.split(' ').next()?.parse().ok()
}

#[test]
fn pairing_reads_the_displayed_qr_scans_it_and_shows_the_paired_device() {
    let f = fixture();
    let mut h = f.app(Duration::from_secs(5));
    wait_for(&mut h, "first status", HANG, not_paired_card);
    h.get_by_label("Connect").click();
    wait_for(&mut h, "a QR on screen", HANG, |h| h.state().displayed_qr().is_some());
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

    // The phone scans; the gateway stays in 4 Starting until the test lets it go on.
    let token = decode(&image);
    assert_eq!(Some(&token), f.state().token.as_ref());
    f.run(f.control.hold_phase(true));
    f.run(f.control.scan(&token));
    wait_for(&mut h, "Phone scanned", HANG, |h| has_label(h, "Phone scanned — connecting…"));
    assert!(h.state().displayed_qr().is_none(), "the QR is gone once scanned");
    f.run(f.control.hold_phase(false));
    wait_for(&mut h, "Paired as", HANG, |h| has_label(h, "Paired as"));
    assert_eq!(f.state().status, 10);

    let status = h.state().selected().unwrap().status.clone().unwrap();
    let info = status.connection_info.unwrap();
    let push_name = info.pushname.unwrap();
    let model = info.phone.unwrap().device_model.unwrap();
    let node = h.get_by_label_contains("Paired as");
    let banner = node.accesskit_node().label().or_else(|| node.value()).unwrap_or_default();
    assert!(banner.contains(&push_name) && banner.contains("+55"), "{banner}");
    assert!(has_label(&h, &model), "the device panel shows the model");
    assert!(h.state().displayed_qr().is_none(), "no QR once paired");
    assert_eq!(h.state().selected().unwrap().pairing, witi_connect::backend::PairingPhase::Paired);
}

/// Right after a pairing the app watches at the pairing rate (the quiet schedule polls nothing
/// else for an hour), and a drop then is said at once, not after two polls.
#[test]
fn a_pairing_that_does_not_hold_is_said_at_once() {
    let f = fixture();
    let mut h = f.app(Duration::from_secs(5));
    pair(&f, &mut h);
    assert!(h.state().notices().is_empty());
    f.run(f.control.phone_logout());
    wait_for(&mut h, "linked, then dropped", HANG, |h| has_label(h, "was linked, then dropped"));
    assert!(h.state().notices()[0].warning);
}

#[test]
fn the_countdown_starts_at_the_servers_ttl_and_counts_down() {
    let f = Fixture::new(SimConfig { ttl: Duration::from_secs(37), ..quick() }, KEY);
    let mut h = f.app(Duration::from_secs(5));
    connect(&mut h);
    let first = countdown(&h).expect("a countdown is shown");
    // From the server's ttl (37 s), less the moments the QR took to reach the screen.
    assert!((30..=37).contains(&first), "Expires in {first} s");
    wait_for(&mut h, "the countdown to step", HANG, |h| countdown(h).is_some_and(|n| n < first));
    let next = countdown(&h).unwrap();
    assert!(next < first && next + 5 >= first, "{first} s, then {next} s");
}

#[test]
fn the_qr_refreshes_when_it_expires_and_stops_after_five_refreshes() {
    let f = Fixture::new(SimConfig { ttl: Duration::from_secs(1), ..quick() }, KEY);
    let mut h = f.app(Duration::from_secs(5));
    connect(&mut h);
    let first = displayed_token(&h).unwrap();
    wait_for(&mut h, "a new QR", HANG, |h| displayed_token(h).is_some_and(|t| t != first));

    wait_for(&mut h, "QR expired", HANG * 2, |h| has_label(h, "QR expired"));
    assert_eq!(f.requests("generate_qrcode.aspx"), 6, "the first QR and 5 automatic refreshes");
    // Nothing more is asked for while expired, over more than one TTL.
    frames_for(&mut h, Duration::from_millis(1500));
    assert_eq!(f.requests("generate_qrcode.aspx"), 6);

    h.get_by_label("Get a new QR code").click();
    wait_for(&mut h, "a QR again", HANG, |h| h.state().displayed_qr().is_some());
    assert_eq!(displayed_token(&h), f.state().token);
}

#[test]
fn cancel_stops_asking_for_qr_codes() {
    let f = Fixture::new(SimConfig { ttl: Duration::from_secs(1), ..quick() }, KEY);
    let mut h = f.app(Duration::from_secs(5));
    connect(&mut h);
    h.get_by_label("Cancel").click();
    // The backend confirms the cancel; until then a request may still be on its way.
    wait_for(&mut h, "back to Connect", HANG, not_paired_card);
    let before = f.requests("generate_qrcode.aspx");
    frames_for(&mut h, Duration::from_millis(2500));
    assert_eq!(f.requests("generate_qrcode.aspx"), before, "no QR requests after Cancel");
}

/// Clicks an operation's button (and its confirmation) and waits for its outcome.
fn run_op(h: &mut AppHarness, op: Operation, button: &str, confirm: Option<&str>) {
    let before = h.state().selected().unwrap().last_result(op).map(|r| r.at);
    h.get_all_by_label(button).next().unwrap_or_else(|| panic!("no button {button}")).click();
    h.step();
    if let Some(confirm) = confirm {
        wait_for(h, "the confirmation", HANG, |h| h.query_by_label(confirm).is_some());
        h.get_by_label(confirm).click();
    }
    wait_for(h, button, HANG, |h| h.state().selected().unwrap().last_result(op).map(|r| r.at) != before);
}

fn run_ok(h: &mut AppHarness, op: Operation, button: &str, confirm: Option<&str>) {
    run_op(h, op, button, confirm);
    let result = &h.state().selected().unwrap().last_result(op).unwrap().result;
    assert!(result.is_ok(), "{button}: {result:?}");
}

fn battery_shown(h: &AppHarness, percent: i64) -> bool {
    has_label(h, &format!("Battery {percent} %"))
}

#[test]
fn every_operation_changes_the_simulator_and_the_ui_shows_it() {
    let f = fixture();
    let mut h = f.app(Duration::from_secs(5));
    pair(&f, &mut h);
    let inst = |h: &AppHarness| h.state().selected().unwrap().status.clone().unwrap();

    // Status: the gateway's new answer reaches the screen.
    f.run(f.control.battery(Some(41), Some(true)));
    assert!(!battery_shown(&h, 41));
    let before = f.requests("status.aspx");
    h.get_by_role_and_label(egui::Role::Button, "Status").click();
    wait_for(&mut h, "the new battery level", HANG, |h| battery_shown(h, 41));
    assert_eq!(f.requests("status.aspx"), before + 1, "one status request");

    // Save session: the gateway keeps a session to restore, and the log says so.
    run_ok(&mut h, Operation::SaveSession, "Save session", None);
    assert!(has_label(&h, "done in"), "the outcome is shown next to the buttons");
    assert_eq!(f.requests("save_session.aspx"), 1);
    assert!(f.state().can_restore);
    let log = &h.state().selected().unwrap().log;
    assert!(log.iter().any(|e| e.what == "Save session" && e.detail == "Session saved"), "logged");

    run_ok(&mut h, Operation::CloseSession, "Close session…", Some("Close session"));
    assert_eq!((f.state().status, f.state().can_restore), (0, true));
    wait_for(&mut h, "the restore offer", HANG, |h| has_label(h, "A saved session can be restored"));

    run_ok(&mut h, Operation::RestoreSession, "Restore session", None);
    assert_eq!(f.state().status, 10);
    wait_for(&mut h, "paired again", HANG, |h| has_label(h, "Paired as"));

    run_ok(&mut h, Operation::Clear, "Clear instance…", Some("Clear instance"));
    wait_for(&mut h, "empty storage", HANG, |h| inst(h).storage.and_then(|s| s.bytes) == Some(0));
    assert!(has_label(&h, "0 B in 0 files"));
    assert!(inst(&h).stats.unwrap().contacts.unwrap() > 0, "WhatsApp data is kept by clear");

    run_ok(&mut h, Operation::Disconnect, "Disconnect…", Some("Disconnect"));
    assert_eq!((f.state().status, f.state().can_restore), (0, false));
    wait_for(&mut h, "not paired", HANG, not_paired_card);
    assert_eq!(inst(&h).status, StatusCode::NoConnection);
    assert!(h.state().selected().unwrap().log.len() >= 8, "operations are in the event log");
}

/// Opens the settings dialog.
fn open_settings(h: &mut AppHarness) {
    h.get_by_label("Settings…").click();
    wait_for(h, "the settings dialog", HANG, |h| h.query_by_label("Webhook URL (PostBack)").is_some());
}

/// Presses a button as a person does: the pointer hovers it first (after typing, egui needs
/// that frame), then clicks.
fn press(h: &mut AppHarness, label: &str) {
    wait_for(h, label, HANG, |h| h.query_by_label(label).is_some());
    h.get_by_label(label).hover();
    h.step();
    h.get_by_label(label).click();
    h.step();
}

/// Picks `option` in the combo box labelled `combo`.
fn choose(h: &mut AppHarness, combo: &str, option: &str) {
    h.get_by_role_and_label(egui::Role::ComboBox, combo).hover();
    h.step();
    h.get_by_role_and_label(egui::Role::ComboBox, combo).click();
    wait_for(h, option, HANG, |h| h.query_by_label(option).is_some());
    h.get_by_label(option).hover();
    h.step();
    h.get_by_label(option).click();
    h.step();
}

#[test]
fn settings_sends_each_field_the_user_changed_and_only_those() {
    let f = fixture();
    let mut h = f.app(Duration::from_secs(5));
    pair(&f, &mut h);

    // The webhook asks first (it stops the provider's browser use), then is applied.
    open_settings(&mut h);
    h.get_by_label("Webhook URL (PostBack)").focus();
    h.step();
    h.get_by_label("Webhook URL (PostBack)").type_text("https://erp.example.com/witi");
    wait_for(&mut h, "the webhook warning", HANG, |h| has_label(h, "stops the provider's browser use"));
    press(&mut h, "Save");
    wait_for(&mut h, "the webhook confirmation", HANG, |h| has_label(h, "Change the webhook?"));
    press(&mut h, "Change webhook");
    wait_for(&mut h, "webhook applied", HANG, |h| {
        h.state().selected().unwrap().status.as_ref().unwrap().webhook_as_set().as_deref()
            == Some("https://erp.example.com/witi")
    });
    assert_eq!(f.state().webhook, "https://erp.example.com/witi");
    assert!(has_label(&h, "https://erp.example.com/witi"));
    let before = f.state();

    // The user agent alone: the webhook, version and bulk stay as they were.
    open_settings(&mut h);
    choose(&mut h, "User agent", "Opera (Windows)");
    press(&mut h, "Save");
    wait_for(&mut h, "the user agent applied", HANG, |_| f.requests("set_config.aspx") == 2);
    let after = f.state();
    assert!(after.user_agent.contains("OPR/"), "{}", after.user_agent);
    assert_eq!(
        (&after.webhook, &after.api_version, after.bulk),
        (&before.webhook, &before.api_version, false)
    );

    // The API version and bulk delivery.
    open_settings(&mut h);
    choose(&mut h, "API version", "1.1");
    choose(&mut h, "Bulk delivery", "On");
    press(&mut h, "Save");
    wait_for(&mut h, "version and bulk applied", HANG, |_| f.requests("set_config.aspx") == 3);
    let last = f.state();
    assert_eq!((last.api_version.as_str(), last.bulk), ("1.1", true));
    assert_eq!((&last.webhook, &last.user_agent), (&after.webhook, &after.user_agent));

    // Nothing changed: nothing to send.
    open_settings(&mut h);
    assert!(has_label(&h, "No changes"));
    assert!(h.get_by_label("Save").accesskit_node().is_disabled(), "Save is disabled");
    press(&mut h, "Cancel");
    frames_for(&mut h, Duration::from_millis(500));
    assert_eq!(f.requests("set_config.aspx"), 3);
}

/// Every confirmation, cancelled by its button and by Esc: the dialog closes and no request
/// reaches the gateway over a second of frames.
#[test]
fn a_cancelled_or_escaped_confirmation_sends_nothing() {
    let f = fixture();
    let mut h = f.app(Duration::from_secs(5));
    pair(&f, &mut h);
    let cases = [
        ("Close session…", "Close this session?", "close_session.aspx"),
        ("Disconnect…", "Disconnect this instance?", "disconnect.aspx"),
        ("Clear instance…", "Clear this instance?", "clear.aspx"),
    ];
    for (button, title, command) in cases {
        for by_escape in [false, true] {
            h.get_by_label(button).click();
            wait_for(&mut h, title, HANG, |h| has_label(h, title));
            if by_escape {
                h.key_press(egui::Key::Escape);
            } else {
                h.get_by_label("Cancel").click();
            }
            frames_for(&mut h, Duration::from_secs(1));
            assert!(!has_label(&h, title), "{button}: the dialog closed");
            assert_eq!(f.requests(command), 0, "{button} (escape: {by_escape}): nothing was sent");
        }
    }
    // The webhook's confirmation: Back (and Esc) leave the webhook as it was.
    for by_escape in [false, true] {
        open_settings(&mut h);
        h.get_by_label("Webhook URL (PostBack)").focus();
        h.step();
        h.get_by_label("Webhook URL (PostBack)").type_text("https://other.example.com/");
        press(&mut h, "Save");
        wait_for(&mut h, "the webhook confirmation", HANG, |h| has_label(h, "Change the webhook?"));
        if by_escape {
            h.key_press(egui::Key::Escape);
        } else {
            press(&mut h, "Back");
            press(&mut h, "Cancel");
        }
        frames_for(&mut h, Duration::from_secs(1));
        assert!(!has_label(&h, "Change the webhook?"));
        assert_eq!(f.requests("set_config.aspx"), 0, "escape: {by_escape}");
    }
    assert_eq!(f.state().status, 10);
}

#[test]
fn a_failed_operation_says_why_and_keeps_the_last_data() {
    let f = fixture();
    let mut h = f.app(Duration::from_secs(5));
    pair(&f, &mut h);
    f.run(f.control.fault(FaultKind::Http500, 1));
    run_op(&mut h, Operation::SaveSession, "Save session", None);
    let inst = h.state().selected().unwrap();
    let error = inst.last_result(Operation::SaveSession).unwrap().result.clone().unwrap_err().to_string();
    assert!(has_label(&h, "Save session failed"), "the failure is named");
    assert!(has_label(&h, &error) && error.contains("500"), "and explained: {error}");
    assert!(inst.is_paired() && has_label(&h, "Paired as"), "the last good data stays");
    assert!(battery_shown(&h, 83), "the health panels too");
    assert!(inst.log.iter().any(|e| e.detail.contains("500")), "the log has it");
}

#[test]
fn faults_show_a_readable_error_keep_the_last_data_and_stay_responsive() {
    let f = fixture();
    let mut h = f.app(Duration::from_secs(1));
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
        f.run(f.control.fault(kind, 1));
        // The quiet schedule sends nothing by itself: F5's poll is the one that meets the fault.
        h.key_press(egui::Key::F5);
        wait_for(&mut h, &format!("{kind:?} shown"), HANG, |h| h.state().selected().unwrap().is_stale());
        let inst = h.state().selected().unwrap();
        let error = inst.poll_error.as_ref().unwrap().0.to_string();
        assert!(has_label(&h, "The last status poll failed"), "{kind:?}");
        assert!(has_label(&h, &error), "{kind:?}: the error is on screen: {error}");
        assert!(!error.contains('<') && !error.contains(KEY), "{kind:?}: {error}");
        assert!(inst.is_paired() && has_label(&h, "Paired as"), "{kind:?}: the last good data stays");
        assert!(has_label(&h, "stale"), "{kind:?}: marked stale");

        h.key_press(egui::Key::F5);
        wait_for(&mut h, "recovery", HANG, |h| !h.state().selected().unwrap().is_stale());
    }
}

/// The UI thread never waits for the gateway: with a request held unanswered at the
/// simulator, frames keep coming and the app shows that it is waiting.
#[test]
fn frames_keep_coming_while_the_gateway_does_not_answer() {
    let f = fixture();
    let mut h = f.app(Duration::from_secs(3600));
    pair(&f, &mut h);
    f.run(f.control.hold_requests(true));
    h.key_press(egui::Key::F5);
    wait_for(&mut h, "the poll held at the gateway", HANG, |_| f.state().held_requests == 1);
    for _ in 0..20 {
        h.step(); // each returns: a frame that waited for the request would never end
    }
    assert!(h.state().selected().unwrap().refresh_pending, "the refresh is shown as pending");
    assert!(h.get_by_label("Refresh").accesskit_node().is_disabled(), "Refresh waits");
    f.run(f.control.hold_requests(false));
    wait_for(&mut h, "the answer", HANG, |h| !h.state().selected().unwrap().refresh_pending);
}

/// F5 pressed again and again while a poll is in flight: one request, whose answer serves.
#[test]
fn a_refresh_during_a_poll_joins_it() {
    let f = fixture();
    let mut h = f.app(Duration::from_secs(3600));
    wait_for_first_status(&mut h);
    let before = f.requests("status.aspx");
    f.run(f.control.hold_requests(true));
    h.key_press(egui::Key::F5);
    wait_for(&mut h, "the poll held", HANG, |_| f.state().held_requests == 1);
    for _ in 0..3 {
        h.key_press(egui::Key::F5);
        h.get_by_role_and_label(egui::Role::Button, "Status").click();
        h.step();
    }
    f.run(f.control.hold_requests(false));
    wait_for(&mut h, "the answer", HANG, |h| !h.state().selected().unwrap().refresh_pending);
    frames_for(&mut h, Duration::from_secs(1));
    assert_eq!(f.requests("status.aspx"), before + 1, "one request answered every refresh");
}

/// An instance whose session was closed before the app started: the app offers to restore it
/// first. Enter does what the card offers first (restore, no QR); "Generate QR" and "Pair a
/// new phone instead" do what they say (a QR).
#[test]
fn a_restorable_instance_is_offered_restore_first_from_the_start() {
    for how in ["Enter", "Generate QR", "Pair a new phone instead"] {
        let f = fixture();
        f.sim.sim.with_instance(KEY, |inst, now, config| {
            inst.pair_now(now, config);
            inst.close_session(now, config).unwrap();
        });
        let mut h = f.app(Duration::from_secs(5));
        wait_for(&mut h, "the restore offer", HANG, |h| has_label(h, "A saved session can be restored"));
        assert!(!not_paired_card(&h), "{how}: no Connect card before the offer");
        match how {
            "Enter" => h.key_press(egui::Key::Enter),
            "Generate QR" => h.get_by_role_and_label(egui::Role::Button, "Generate QR").click(),
            _ => h.get_by_label(how).click(),
        }
        if how == "Enter" {
            wait_for(&mut h, "restored", HANG, |h| has_label(h, "Paired as"));
            assert_eq!(f.requests("restore_session.aspx"), 1, "{how}");
            assert_eq!(f.requests("generate_qrcode.aspx"), 0, "{how}: no QR");
        } else {
            wait_for(&mut h, "a QR", HANG, |h| h.state().displayed_qr().is_some());
            assert_eq!(f.requests("restore_session.aspx"), 0, "{how}");
            assert_eq!(f.requests("generate_qrcode.aspx"), 1, "{how}");
        }
    }
}

#[test]
fn a_hostile_svg_does_not_abort_and_is_shown_at_our_size() {
    let f = fixture();
    let mut h = f.app(Duration::from_secs(5));
    wait_for_first_status(&mut h);
    f.run(f.control.fault(FaultKind::HostileSvg, 1));
    h.get_by_label("Connect").click();
    wait_for(&mut h, "a QR on screen", HANG, |h| h.state().displayed_qr().is_some());
    assert!(h.state().displayed_qr().unwrap().side <= 1280);
    assert_eq!(displayed_token(&h), f.state().token);
}

fn repaint_delay(h: &AppHarness) -> Duration {
    h.output().viewport_output[&egui::ViewportId::ROOT].repaint_delay
}

#[test]
fn idle_is_idle() {
    // No instance at all: nothing changes, so no repaint is requested.
    let runtime = common::runtime();
    let handle = runtime.handle().clone();
    let mut empty =
        Harness::builder().build_eframe(move |cc| WitiApp::new(&cc.egui_ctx, &handle, AppOptions::default()));
    empty.run();
    assert_eq!(repaint_delay(&empty), Duration::MAX);

    let f = fixture();
    let mut h = f.app(Duration::from_secs(5));
    connect(&mut h);
    // The countdown is visible and nothing is in flight: the app settles, asking for one
    // repaint within the second and none before.
    h.try_run().expect("settles with the countdown showing");
    let delay = repaint_delay(&h);
    assert!(delay > Duration::ZERO && delay <= Duration::from_secs(1), "{delay:?}");

    // Paired with nothing changing: the only timer is the app's minute tick.
    let token = displayed_token(&h).unwrap();
    f.run(f.control.scan(&token));
    wait_for(&mut h, "Paired as", HANG, |h| has_label(h, "Paired as"));
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
    let f = fixture();
    let mut h = f.app(Duration::from_secs(5));
    wait_for(&mut h, "first status", HANG, not_paired_card);
    h.run_ok();
    let connect = h.get_by_label("Connect").rect();
    assert!(connect.contains(point("click_connect()")), "Connect is at {connect:?}");
    let overview = h.get_by_label("Fleet overview").rect();
    assert!(overview.contains(point("click_overview()")), "Fleet overview is at {overview:?}");
}
