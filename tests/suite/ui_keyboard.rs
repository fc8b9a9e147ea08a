//! The keyboard (every shortcut of the F1 sheet), the full-screen QR, and preferences that
//! survive a restart, on the real app with the real backend and the simulator.

use crate::common;

use std::time::Duration;

use common::{AppHarness, HANG, has_label, runtime, simulator, wait_for, wait_for_first_status};
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use witi_connect::api::ApiKey;
use witi_connect::app::{AppOptions, InstanceMeta};
use witi_connect::backend::PairingPhase;
use witi_connect::prefs::{Prefs, PrefsStore, ThemeChoice};
use witi_connect::simulator::SimConfig;

const KEYS: [&str; 3] = ["kbd-key-aaa", "kbd-key-bbb", "kbd-key-ccc"];

fn fleet(base_url: &str) -> Vec<InstanceMeta> {
    ["Alfa", "Bravo", "Charlie"]
        .iter()
        .zip(KEYS)
        .map(|(name, key)| InstanceMeta::new(*name, base_url, ApiKey::new(key)))
        .collect()
}

fn selected_name(h: &AppHarness) -> String {
    h.state().selected().unwrap().meta.name.clone()
}

fn press(h: &mut AppHarness, key: Key) {
    h.key_press(key);
    h.step();
    h.step();
}

#[test]
fn every_shortcut_does_what_the_sheet_says() {
    let rt = runtime();
    let sim = simulator(&rt, SimConfig::default(), KEYS);
    let options = AppOptions {
        open: Some("Alfa".into()),
        backend: common::quiet_backend(), // F5's poll is the only one
        ..AppOptions::with_instances(fleet(&sim.base_url))
    };
    let mut h = common::app(&rt, options);
    wait_for_first_status(&mut h);
    wait_for(&mut h, "every status", HANG, |h| h.state().instances().iter().all(|i| i.code().is_some()));

    // F1 (and ?) show the sheet; Esc closes it.
    press(&mut h, Key::F1);
    assert!(has_label(&h, "Keyboard shortcuts"), "F1 opens the sheet");
    assert!(has_label(&h, "Show the QR code full screen"), "the sheet lists F11");
    press(&mut h, Key::Escape);
    assert!(!has_label(&h, "Keyboard shortcuts"), "Esc closes it");
    press(&mut h, Key::Questionmark);
    assert!(has_label(&h, "Keyboard shortcuts"), "? opens it too");
    press(&mut h, Key::Escape);

    // Arrows move through the list (all three are unpaired: name order).
    let first = selected_name(&h);
    press(&mut h, Key::ArrowDown);
    let second = selected_name(&h);
    assert_ne!(first, second, "Down selects the next instance");
    press(&mut h, Key::ArrowUp);
    assert_eq!(selected_name(&h), first, "Up goes back");

    // F5 asks for the status now.
    let key = h.state().selected().unwrap().meta.key.expose().to_owned();
    let polls =
        |sim: &witi_connect::simulator::RunningSim| sim.sim.state(&key).unwrap().requests["status.aspx"];
    let before = polls(&sim);
    press(&mut h, Key::F5);
    wait_for(&mut h, "a poll after F5", HANG, |_| polls(&sim) > before);
    assert_eq!(polls(&sim), before + 1);

    // Ctrl+N opens the add form, Esc closes it.
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.step();
    h.step();
    assert!(has_label(&h, "Add an instance"), "Ctrl+N opens the form");
    press(&mut h, Key::Escape);
    assert!(!has_label(&h, "Add an instance"), "Esc closes the form");

    // Ctrl+F puts the keyboard in the filter.
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.step();
    h.step();
    assert!(h.get_by_label("Filter").is_focused(), "Ctrl+F focuses the filter");
    press(&mut h, Key::Escape); // leaves the field
    h.step();

    // Enter connects the selected instance: a QR comes.
    press(&mut h, Key::Enter);
    wait_for(&mut h, "a QR after Enter", HANG, |h| h.state().displayed_qr().is_some());

    // F11 shows the QR alone, as large as the window allows; Esc leaves.
    let normal = h.get_by_label_contains("QR code, expires in").rect().width();
    press(&mut h, Key::F11);
    assert!(has_label(&h, "Leave full screen (Esc)"), "F11 enters full screen");
    assert!(!has_label(&h, "Event log"), "nothing but the QR");
    let full = h.get_by_label_contains("QR code, expires in").rect().width();
    assert!(full > normal * 1.2, "the QR grows: {normal} -> {full}");
    wait_for(&mut h, "the QR re-rasterized for its new size", HANG, |h| {
        h.state().displayed_qr().is_some_and(|q| q.side as f32 >= full * 0.95)
    });
    press(&mut h, Key::Escape);
    assert!(!has_label(&h, "Leave full screen (Esc)") && has_label(&h, "Event log"), "Esc leaves");
    // The button does the same as the key.
    h.get_by_label("Full screen (F11)").click();
    h.step();
    h.step();
    assert!(has_label(&h, "Leave full screen (Esc)"));
    h.get_by_label("Leave full screen (Esc)").click();
    h.step();
    h.step();
    assert!(has_label(&h, "Event log"));
    assert!(matches!(h.state().selected().unwrap().pairing, PairingPhase::Showing { .. }));
}

#[test]
fn the_theme_choice_survives_a_restart() {
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let store = PrefsStore::new(dir.path().join("preferences.json"));
    let options =
        |prefs: Prefs| AppOptions { prefs, prefs_store: Some(store.clone()), ..AppOptions::default() };
    let mut h = common::app(&rt, options(store.load()));
    h.run();
    assert_eq!(h.ctx.options(|o| o.theme_preference), egui::ThemePreference::System);
    h.get_by_label("Preferences…").click();
    h.run();
    h.get_by_label("Light").click();
    h.run();
    wait_for(&mut h, "the preferences saved", HANG, |_| store.load().theme == ThemeChoice::Light);
    assert_eq!(h.ctx.options(|o| o.theme_preference), egui::ThemePreference::Light, "applied at once");
    drop(h);

    // A restart: the app reads what was saved.
    let mut h = common::app(&rt, options(store.load()));
    h.run();
    assert_eq!(h.ctx.options(|o| o.theme_preference), egui::ThemePreference::Light);
    assert_eq!(h.state().prefs().theme, ThemeChoice::Light);
}

/// Opt-in desktop notifications: leaving the paired state and a low battery, at most one per
/// instance per 10 minutes, nothing when off. (No notification service runs here: showing
/// one fails, which is logged once and must not disturb the app.)
#[test]
fn notifications_are_opt_in_and_at_most_one_per_instance_per_ten_minutes() {
    use witi_connect::notify::Reason;
    let rt = runtime();
    let sim =
        simulator(&rt, SimConfig { logout_delay: Duration::from_secs(60), ..SimConfig::default() }, KEYS);
    for key in KEYS {
        sim.sim.with_instance(key, |inst, now, config| {
            let token = inst.generate_qr("test", now, config).unwrap();
            inst.scan(&token, now, config).unwrap();
        });
    }
    let fast = Duration::from_millis(150);
    let backend = witi_connect::backend::BackendConfig {
        on_screen_interval: fast,
        background_interval: fast,
        ..Default::default()
    };
    let start = |notifications: bool| {
        let prefs = Prefs { notifications, ..Prefs::default() };
        let options = AppOptions {
            prefs,
            backend: backend.clone(),
            ..AppOptions::with_instances(fleet(&sim.base_url))
        };
        let mut h = common::app(&rt, options);
        // Past pairing (10, or 13 for one logged out before), and for long enough to be told:
        // a change is told once it held two polls.
        wait_for(&mut h, "every status settled", HANG, |h| {
            h.state().instances().iter().all(|i| i.alert.told().is_some_and(|c| c.code() >= 10))
        });
        h
    };
    let id_of =
        |h: &AppHarness, name: &str| h.state().instances().iter().find(|i| i.meta.name == name).unwrap().id;

    let mut h = start(true);
    assert!(h.state().instances().iter().all(|i| i.is_paired()));
    let (alfa, bravo) = (id_of(&h, "Alfa"), id_of(&h, "Bravo"));
    sim.sim.with_instance(KEYS[0], |inst, now, config| inst.phone_logout(now, config).unwrap());
    sim.sim.with_instance(KEYS[1], |inst, _, _| inst.set_battery(Some(9), Some(false)));
    wait_for(&mut h, "two notifications", HANG, |h| h.state().notifications_sent().len() >= 2);
    let sent = h.state().notifications_sent().to_vec();
    assert!(sent.contains(&(alfa, Reason::LeftPaired)), "{sent:?}");
    assert!(sent.contains(&(bravo, Reason::LowBattery(9))), "{sent:?}");
    // Bravo's battery recovers and drops again at once: still within its 10 minutes.
    sim.sim.with_instance(KEYS[1], |inst, _, _| inst.set_battery(Some(50), Some(true)));
    wait_for(&mut h, "battery back", HANG, |h| {
        h.state().instances().iter().any(|i| i.id == bravo && common::battery(i) == Some(50))
    });
    sim.sim.with_instance(KEYS[1], |inst, _, _| inst.set_battery(Some(5), Some(false)));
    wait_for(&mut h, "battery low again", HANG, |h| {
        h.state().instances().iter().any(|i| i.id == bravo && common::battery(i) == Some(5))
    });
    assert_eq!(h.state().notifications_sent().len(), 2, "throttled: {:?}", h.state().notifications_sent());
    drop(h);

    // Off (the default): the same events, no notification.
    let mut h = start(false);
    sim.sim.with_instance(KEYS[2], |inst, now, config| inst.phone_logout(now, config).unwrap());
    wait_for(&mut h, "Charlie unpaired", HANG, |h| {
        h.state().instances().iter().any(|i| i.meta.name == "Charlie" && !i.is_paired())
    });
    assert!(h.state().notifications_sent().is_empty());
}
