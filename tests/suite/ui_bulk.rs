//! The fleet at scale in the real app: counts by state as chips that filter, selecting rows
//! (click, Ctrl-click, Shift-click, Ctrl+A), a bulk action's confirmation, its progress, Cancel,
//! the results and "Retry failed", parked instances left out.

use crate::common;

use common::{AppHarness, HANG, wait_for};
use egui_kittest::kittest::Queryable;
use witi_connect::api::ApiKey;
use witi_connect::app::{AppOptions, InstanceMeta};
use witi_connect::simulator::{RunningSim, SimConfig};

/// 25 instances "Loja 00".."Loja 24": the even ones paired ("Loja 00" with a low battery),
/// the odd ones never paired, "Loja 24" parked.
fn fleet() -> (tokio::runtime::Runtime, RunningSim, AppHarness, Vec<String>) {
    let runtime = common::runtime();
    let keys: Vec<String> = (0..25).map(|i| format!("ui-bulk-key-{i:02}")).collect();
    let sim = common::simulator(&runtime, SimConfig::default(), keys.clone());
    for key in keys.iter().step_by(2) {
        sim.sim.with_instance(key, |inst, now, config| inst.pair_now(now, config));
    }
    sim.sim.with_instance(&keys[0], |inst, _, _| inst.set_battery(Some(9), Some(false)));
    let instances = keys
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let mut meta = InstanceMeta::new(format!("Loja {i:02}"), sim.base_url.clone(), ApiKey::new(k));
            meta.parked = i == 24;
            meta
        })
        .collect();
    let options = AppOptions { backend: common::quiet_backend(), ..AppOptions::with_instances(instances) };
    let mut h = common::app(&runtime, options);
    wait_for(&mut h, "all polled", HANG, |h| h.state().instances().iter().all(|i| i.code().is_some()));
    h.run_steps(2);
    (runtime, sim, h, keys)
}

fn has(h: &AppHarness, label: &str) -> bool {
    h.query_by_label(label).is_some()
}

fn side_listed(h: &AppHarness, name: &str) -> bool {
    h.query_all_by_role_and_label(egui::Role::Button, name).next().is_some()
}

#[test]
fn chips_count_each_state_and_filter_the_lists() {
    let (_runtime, _sim, mut h, _keys) = fleet();
    for chip in ["Paired 12", "Not connected 12", "Low battery 1", "Parked 1"] {
        assert!(has(&h, chip), "chip {chip}");
    }
    h.get_by_label("Low battery 1").click();
    h.run_steps(2);
    assert!(side_listed(&h, "Loja 00") && !side_listed(&h, "Loja 02"), "only the low battery one");
    assert!(h.query_all_by_label_contains("Showing 1: Low battery").next().is_some(), "the filter is named");
    // Chips add up.
    h.get_by_label("Parked 1").click();
    h.run_steps(2);
    assert!(side_listed(&h, "Loja 00") && side_listed(&h, "Loja 24") && !side_listed(&h, "Loja 02"));
    h.get_by_label("Clear filter").click();
    h.run_steps(2);
    assert_eq!(h.state().fleet_index().side.len(), 25, "cleared in one click");
    // Text and chips combine.
    h.get_by_label("Filter").focus();
    h.get_by_label("Filter").type_text("tag:none");
    h.run_steps(2);
    assert!(h.query_all_by_label_contains("No instance matches").next().is_some());
}

fn open_overview_by_name(h: &mut AppHarness) {
    h.get_by_label("Fleet overview").click();
    h.run_steps(2);
    h.get_by_label_contains("Name").click();
    h.run_steps(2);
}

fn click_row(h: &mut AppHarness, name: &str, modifiers: egui::Modifiers) {
    h.get_by_role_and_label(egui::Role::Label, name).click_modifiers(modifiers);
    h.run_steps(2);
}

#[test]
fn rows_are_selected_by_click_ctrl_shift_and_ctrl_a_and_parked_ones_only_explicitly() {
    let (_runtime, _sim, mut h, _keys) = fleet();
    open_overview_by_name(&mut h);
    assert!(has(&h, "0 selected"));
    click_row(&mut h, "Loja 01", egui::Modifiers::NONE);
    click_row(&mut h, "Loja 05", egui::Modifiers::SHIFT);
    assert!(has(&h, "5 selected"), "Shift-click takes the range");
    click_row(&mut h, "Loja 03", egui::Modifiers::COMMAND);
    assert!(has(&h, "4 selected"), "Ctrl-click takes one out");
    click_row(&mut h, "Loja 09", egui::Modifiers::COMMAND);
    assert!(has(&h, "5 selected"), "and adds one");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run_steps(2);
    assert!(has(&h, "24 selected"), "Ctrl+A: all shown but the parked one");
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    assert!(has(&h, "0 selected"), "Esc clears the selection");
    // With the Parked chip chosen, Ctrl+A takes the parked.
    h.get_by_label("Parked 1").click();
    h.run_steps(2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run_steps(2);
    assert!(has(&h, "1 selected"), "the parked one, asked for");
    // A new filter drops what it hides from the selection.
    h.get_by_label("Clear filter").click();
    h.run_steps(2);
    click_row(&mut h, "Loja 02", egui::Modifiers::NONE);
    h.get_by_label("Paired 12").click();
    h.run_steps(2);
    assert!(has(&h, "1 selected"));
    h.get_by_label("Paired 12").click();
    h.run_steps(2);
    h.get_by_label("Not connected 12").click();
    h.run_steps(2);
    assert!(has(&h, "0 selected"), "a paired row hidden by the filter is unselected");
}

#[test]
fn a_bulk_close_asks_naming_the_count_runs_and_reports_each_instance() {
    let (_runtime, sim, mut h, keys) = fleet();
    open_overview_by_name(&mut h);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run_steps(2);
    h.get_by_label("Close session…").click();
    h.run_steps(2);
    assert!(has(&h, "Close session: 24 instances?"), "the count is in the title");
    let names = (0..20).map(|i| format!("Loja {i:02}")).collect::<Vec<_>>().join(", ");
    assert!(has(&h, &format!("{names} and 4 more")), "the first 20 named, then the rest counted");
    h.get_by_label("Close session on 24").click();
    wait_for(&mut h, "the run to finish", HANG, |h| h.state().bulk_job().is_some_and(|j| j.is_finished()));
    h.run_steps(2);
    let job = h.state().bulk_job().unwrap();
    // The paired ones close; the never paired answer with the gateway's error.
    assert_eq!((job.ok(), job.failed(), job.skipped()), (12, 12, 0));
    assert!(has(&h, "24 of 24 done: 12 ok, 12 failed, 0 skipped"), "the counts");
    assert!(has(&h, "Retry failed (12)"));
    for (i, key) in keys.iter().enumerate() {
        let sent = sim.sim.state(key).unwrap().requests.get("close_session.aspx").copied().unwrap_or(0);
        assert_eq!(sent, u64::from(i != 24), "{key}: one request each, none to the parked");
    }
    // Each outcome is in its instance's log.
    let inst = h.state().instances().iter().find(|i| i.meta.name == "Loja 02").unwrap();
    assert!(inst.log.iter().any(|e| e.what == "Close session"), "{:?}", inst.log);
    // Retry the failed: they fail again, and say so line by line.
    h.get_by_label("Retry failed (12)").click();
    wait_for(&mut h, "the retry to finish", HANG, |h| {
        h.state().bulk_job().is_some_and(|j| j.is_finished() && j.total() == 12)
    });
    h.run_steps(2);
    assert!(has(&h, "12 of 12 done: 0 ok, 12 failed, 0 skipped"));
    h.get_by_label("Dismiss results").click();
    h.run_steps(2);
    assert!(h.state().bulk_job().is_none());
}

#[test]
fn cancel_stops_a_bulk_run_and_retry_runs_the_rest() {
    let (_runtime, sim, mut h, keys) = fleet();
    open_overview_by_name(&mut h);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run_steps(2);
    for key in &keys {
        sim.sim.hold_requests(key, true);
    }
    h.get_by_label("Save session").click();
    h.run_steps(2);
    h.get_by_label("Save session on 24").click();
    let held = || keys.iter().map(|k| sim.sim.state(k).unwrap().held_requests).sum::<u32>();
    wait_for(&mut h, "the first requests", HANG, |_| held() == 4);
    wait_for(&mut h, "Cancel run while it runs", HANG, |h| h.query_by_label("Cancel run").is_some());
    h.get_by_label("Cancel run").click();
    h.run_steps(2);
    for key in &keys {
        sim.sim.hold_requests(key, false);
    }
    wait_for(&mut h, "the run to end", HANG, |h| h.state().bulk_job().is_some_and(|j| j.is_finished()));
    let job = h.state().bulk_job().unwrap();
    assert_eq!(job.accounted(), 24);
    assert_eq!(job.skipped(), 20, "four were in flight (the cap); twenty never started");
    assert!(sim.sim.traffic().max_in_flight <= 4);
    h.run_steps(2);
    assert!(h.query_all_by_label_contains("Retry failed").next().is_some());
    h.get_all_by_label_contains("Retry failed").next().unwrap().click();
    wait_for(&mut h, "the retry", HANG, |h| {
        h.state().bulk_job().is_some_and(|j| j.is_finished() && j.total() >= 20)
    });
    let job = h.state().bulk_job().unwrap();
    assert_eq!(job.skipped(), 0, "the rest ran");
    let saves: u64 = keys
        .iter()
        .map(|k| sim.sim.state(k).unwrap().requests.get("save_session.aspx").copied().unwrap_or(0))
        .sum();
    assert_eq!(saves as usize, 4 + job.total(), "nothing sent twice that had succeeded");
}

#[test]
fn parking_in_bulk_dims_them_and_keeps_them_out_of_counts() {
    let (_runtime, _sim, mut h, _keys) = fleet();
    open_overview_by_name(&mut h);
    click_row(&mut h, "Loja 01", egui::Modifiers::NONE);
    click_row(&mut h, "Loja 03", egui::Modifiers::COMMAND);
    h.get_by_label("More").click();
    h.run_steps(2);
    h.get_by_label("Park").click();
    h.run_steps(2);
    assert!(has(&h, "Park 2 instances?"));
    h.get_all_by_label("Park").last().unwrap().click();
    h.run_steps(3);
    assert!(has(&h, "Parked 3") && has(&h, "Not connected 10"), "counted as parked, not as trouble");
    let parked: Vec<_> =
        h.state().instances().iter().filter(|i| i.meta.parked).map(|i| i.meta.name.clone()).collect();
    assert_eq!(parked, ["Loja 01", "Loja 03", "Loja 24"]);
}

#[test]
fn the_overview_draws_each_row_s_last_24_hours_from_the_history() {
    use witi_connect::backend::BackendConfig;
    use witi_connect::history::HistoryConfig;
    use witi_connect::history::demo::DemoSeed;
    let runtime = common::runtime();
    let sim = common::simulator(&runtime, SimConfig::default(), ["strip-key-1", "strip-key-2"]);
    let dir = tempfile::tempdir().unwrap();
    let metas: Vec<InstanceMeta> = ["strip-key-1", "strip-key-2"]
        .iter()
        .enumerate()
        .map(|(i, k)| InstanceMeta::new(format!("Loja {i}"), sim.base_url.clone(), ApiKey::new(*k)))
        .collect();
    let mut history = HistoryConfig::new(dir.path().join("history.sqlite3"));
    history.demo = vec![DemoSeed { uid: metas[0].uid.to_string(), name: metas[0].name.clone(), ends_in: 10 }];
    let backend = BackendConfig { history: Some(history), ..common::quiet_backend() };
    let mut h = common::app(&runtime, AppOptions { backend, ..AppOptions::with_instances(metas.clone()) });
    wait_for(&mut h, "all polled", HANG, |h| h.state().instances().iter().all(|i| i.code().is_some()));
    h.get_by_label("Fleet overview").click();
    wait_for(&mut h, "both strips", HANG, |h| {
        metas.iter().all(|m| h.state().history().strip(&m.uid).is_some_and(|e| e.spans.is_some()))
    });
    h.run_steps(2);
    assert!(has(&h, "Last 24 h"), "the column");
    let seeded = h.state().history().strip(&metas[0].uid).unwrap().spans.as_ref().unwrap();
    assert!(seeded.len() > 3, "the seeded day's runs: {seeded:?}");
    let hint = "The last 24 hours, a colour per state (as the dots); hover for a span's times and cause";
    assert_eq!(h.query_all_by_label(hint).count(), 2, "a strip per row");
}

#[test]
fn still_frames_rebuild_no_list_and_a_new_filter_rebuilds_once() {
    let (_runtime, _sim, mut h, _keys) = fleet();
    h.get_by_label("Fleet overview").click();
    h.run_steps(3);
    let before = h.state().fleet_index().rebuilds;
    h.run_steps(10);
    assert_eq!(h.state().fleet_index().rebuilds, before, "nothing changed, nothing rebuilt");
    h.get_by_label("Parked 1").click();
    h.run_steps(5);
    assert_eq!(h.state().fleet_index().rebuilds, before + 1, "one rebuild for the new filter");
}

#[test]
fn drops_of_one_gateway_are_told_in_one_notice() {
    let runtime = common::runtime();
    let keys: Vec<String> = (0..5).map(|i| format!("drop-key-{i}")).collect();
    let sim = common::simulator(&runtime, SimConfig::default(), keys.clone());
    for key in &keys {
        sim.sim.with_instance(key, |inst, now, config| inst.pair_now(now, config));
    }
    let instances: Vec<InstanceMeta> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| InstanceMeta::new(format!("Loja {i}"), sim.base_url.clone(), ApiKey::new(k)))
        .collect();
    let backend = witi_connect::backend::BackendConfig {
        background_interval: std::time::Duration::from_millis(300),
        ..witi_connect::backend::BackendConfig::default()
    };
    let options =
        AppOptions { backend, open: Some("Loja 0".into()), ..AppOptions::with_instances(instances) };
    let mut h = common::app(&runtime, options);
    wait_for(&mut h, "all paired", HANG, |h| h.state().instances().iter().all(|i| i.is_paired()));
    // Four instances in the background drop, the gateway's way: the phone unlinks them.
    let host = sim.base_url.trim_start_matches("http://").trim_end_matches('/').to_owned();
    for key in &keys[1..] {
        sim.sim.with_instance(key, |inst, now, config| inst.phone_logout(now, config).unwrap());
    }
    let told = format!("4 instances of {host} dropped in");
    wait_for(&mut h, "one notice for the four", HANG, |h| {
        h.query_all_by_label_contains(&told).next().is_some()
    });
    h.run_steps(2);
    let notices = h.state().notices();
    assert_eq!(
        notices.len(),
        1,
        "one notice, not four: {:?}",
        notices.iter().map(|n| &n.text).collect::<Vec<_>>()
    );
    assert!(notices[0].warning);
}

#[test]
fn settings_go_to_every_selected_instance_and_only_what_was_filled_in() {
    let (_runtime, sim, mut h, keys) = fleet();
    open_overview_by_name(&mut h);
    click_row(&mut h, "Loja 02", egui::Modifiers::NONE);
    click_row(&mut h, "Loja 04", egui::Modifiers::COMMAND);
    let agent_before = sim.sim.state(&keys[2]).unwrap().user_agent;
    h.get_by_label("Settings…").click();
    h.run_steps(2);
    assert!(has(&h, "Settings: 2 instances?"));
    h.get_by_label("Webhook URL (PostBack)").focus();
    h.get_by_label("Webhook URL (PostBack)").type_text("https://erp.example.com/witi");
    h.run_steps(2);
    h.get_by_label("Settings on 2").click();
    wait_for(&mut h, "the run", HANG, |h| h.state().bulk_job().is_some_and(|j| j.is_finished()));
    assert_eq!(h.state().bulk_job().unwrap().ok(), 2);
    for key in [&keys[2], &keys[4]] {
        let state = sim.sim.state(key).unwrap();
        assert!(state.webhook.starts_with("https://erp.example.com/witi"), "{key}: {}", state.webhook);
        assert_eq!(state.user_agent, agent_before, "{key}: the user agent was left alone");
    }
    assert_eq!(sim.sim.state(&keys[6]).unwrap().webhook, "", "an instance not selected is untouched");
}
