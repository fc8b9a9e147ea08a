//! The command palette, with the keyboard alone: Ctrl+K (or Ctrl+Shift+P) opens it, typing
//! finds fuzzily and without accents, arrows move, Enter runs an operation of the current
//! instance or opens a view or an instance, Esc closes. Against the simulator, in the real app.

use crate::common;

use common::{
    AppHarness, HANG, fill, has_label, listed, runtime, simulator, wait_for, wait_for_first_status,
};
use egui::{Key, Modifiers};
use witi_connect::api::ApiKey;
use witi_connect::app::{AppOptions, InstanceMeta};
use witi_connect::simulator::SimConfig;

const TITLE: &str = "Command palette";

fn typed(h: &mut AppHarness, text: &str) {
    h.event(egui::Event::Text(text.into()));
    h.run_steps(2);
}

fn open_palette(h: &mut AppHarness, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.run_steps(2);
    assert!(has_label(h, TITLE), "the palette opened");
}

fn selected_name(h: &AppHarness) -> String {
    h.state().selected().unwrap().meta.name.clone()
}

#[test]
fn the_keyboard_alone_finds_and_runs_operations_views_and_instances() {
    let rt = runtime();
    let keys = ["palette-key-001", "palette-key-002", "palette-key-003"];
    let sim = simulator(&rt, SimConfig::default(), keys);
    let names = ["Loja Centro", "Loja São Paulo", "Quiosque Norte"];
    let instances = names
        .iter()
        .zip(keys)
        .map(|(name, key)| {
            let mut meta = InstanceMeta::new(*name, sim.base_url.clone(), ApiKey::new(key));
            if name.starts_with("Quiosque") {
                meta.tags = vec!["aeroporto".into()];
            }
            meta
        })
        .collect();
    let mut h = common::app(
        &rt,
        AppOptions { backend: common::quiet_backend(), ..AppOptions::with_instances(instances) },
    );
    wait_for_first_status(&mut h);
    assert_eq!(selected_name(&h), "Loja Centro");

    // An instance by a fuzzy, accent-free name: Enter opens it.
    open_palette(&mut h, Modifiers::COMMAND, Key::K);
    typed(&mut h, "sao paulo");
    assert!(has_label(&h, "1 match"), "only one instance is São Paulo");
    h.key_press(Key::Enter);
    h.run_steps(2);
    assert!(!has_label(&h, TITLE), "Enter closed the palette");
    assert_eq!(selected_name(&h), "Loja São Paulo");

    // By tag, with Ctrl+Shift+P.
    open_palette(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    typed(&mut h, "aeroporto");
    h.key_press(Key::Enter);
    h.run_steps(2);
    assert_eq!(selected_name(&h), "Quiosque Norte");

    // An operation of the current instance: Enter runs it as its button does (the pairing
    // starts).
    wait_for_first_status(&mut h);
    open_palette(&mut h, Modifiers::COMMAND, Key::K);
    typed(&mut h, "generate qr");
    assert!(has_label(&h, "Generate QR — Quiosque Norte"), "the operation names its instance");
    h.key_press(Key::Enter);
    wait_for(&mut h, "a QR on screen", HANG, |h| h.state().displayed_qr().is_some());

    // A destructive one asks first, as its button does; Esc leaves the question unanswered.
    open_palette(&mut h, Modifiers::COMMAND, Key::K);
    typed(&mut h, "disconn");
    h.key_press(Key::Enter);
    h.run_steps(2);
    assert!(has_label(&h, "Disconnect this instance?"), "the confirmation, not the operation");
    h.key_press(Key::Escape);
    h.run_steps(2);

    // Arrows move through the list; a view opens.
    open_palette(&mut h, Modifiers::COMMAND, Key::K);
    typed(&mut h, "pref");
    h.key_press(Key::ArrowDown);
    h.key_press(Key::ArrowUp);
    h.key_press(Key::Enter);
    h.run_steps(2);
    assert!(has_label(&h, "Theme"), "Preferences opened from the palette");
    h.key_press(Key::Escape);
    h.run_steps(2);

    // Esc closes without running anything; the selection stays.
    open_palette(&mut h, Modifiers::COMMAND, Key::K);
    typed(&mut h, "loja centro");
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(!has_label(&h, TITLE));
    assert_eq!(selected_name(&h), "Quiosque Norte");

    // Nothing found says so, and Enter does nothing.
    open_palette(&mut h, Modifiers::COMMAND, Key::K);
    typed(&mut h, "zzzz");
    assert!(has_label(&h, "0 matches"));
    h.key_press(Key::Enter);
    h.run_steps(2);
    assert!(has_label(&h, TITLE), "still open: there was nothing to run");
}

#[test]
fn the_palette_finds_instances_the_side_panel_filter_hides() {
    let rt = runtime();
    let keys = ["palette-key-101", "palette-key-102"];
    let sim = simulator(&rt, SimConfig::default(), keys);
    let instances = ["Loja Centro", "Quiosque Norte"]
        .iter()
        .zip(keys)
        .map(|(name, key)| InstanceMeta::new(*name, sim.base_url.clone(), ApiKey::new(key)))
        .collect();
    let mut h = common::app(
        &rt,
        AppOptions { backend: common::quiet_backend(), ..AppOptions::with_instances(instances) },
    );
    wait_for_first_status(&mut h);

    // The filter hides Quiosque Norte (Loja Centro stays selected: the palette lists its
    // operations under its name, so the search below names the other instance).
    fill(&mut h, "Filter", "loja");
    assert!(listed(&h, "Loja Centro") && !listed(&h, "Quiosque Norte"), "the filter hides Quiosque Norte");
    // The filter field has the focus; Ctrl+K works from there too.
    open_palette(&mut h, Modifiers::COMMAND, Key::K);
    typed(&mut h, "quiosque");
    assert!(has_label(&h, "1 match"), "the hidden instance is found");
    h.key_press(Key::Enter);
    h.run_steps(2);
    assert_eq!(selected_name(&h), "Quiosque Norte");
}
