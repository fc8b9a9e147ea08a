//! The diagnostics drawer and the support bundle, in the real app against the simulator: the
//! requests listed as they happen (a 500 among them), an answer shown masked and copied, and
//! a bundle zip holding the report, the requests, the event log and the history, with neither
//! the key, the WebID nor the phone number inside.

use crate::common;

use std::io::Read;
use std::time::Duration;

use common::{HANG, connect, displayed_token, has_label, runtime, simulator, wait_for};
use egui_kittest::kittest::Queryable;
use witi_connect::api::{ApiKey, Settings};
use witi_connect::app::{AppOptions, InstanceMeta};
use witi_connect::backend::BackendConfig;
use witi_connect::history::HistoryConfig;
use witi_connect::simulator::{FaultKind, SimConfig, SimControl};

const KEY: &str = "DIAGNOSTICS-KEY-4471-PAIRED";

#[test]
fn the_drawer_lists_requests_masks_answers_and_saves_a_bundle_without_secrets() {
    let rt = runtime();
    let config = SimConfig { starting_delay: Duration::from_millis(200), ..SimConfig::default() };
    let sim = simulator(&rt, config, [KEY]);
    let control = SimControl::new(&sim.base_url, KEY);
    let web_id = sim.sim.with_instance(KEY, |inst, _, _| inst.web_id().to_owned()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("saved");
    std::fs::create_dir_all(&saved).unwrap();
    let backend = BackendConfig {
        history: Some(HistoryConfig::new(dir.path().join("history.sqlite3"))),
        save_dir: Some(saved.clone()),
        ..common::quiet_backend()
    };
    let meta = InstanceMeta::new("Loja Diagnóstico", sim.base_url.clone(), ApiKey::new(KEY));
    let mut h = common::app(&rt, AppOptions { backend, ..AppOptions::with_instances(vec![meta]) });
    connect(&mut h);
    let token = displayed_token(&h).unwrap();
    rt.block_on(control.scan(&token)).unwrap();
    wait_for(&mut h, "paired", HANG, |h| h.state().selected().unwrap().is_paired());
    // A webhook: the gateway echoes it with the WebID in it.
    sim.sim.with_instance(KEY, |inst, _, _| {
        inst.set_config(&Settings {
            webhook: Some("https://erp.example.com/hook".into()),
            ..Settings::default()
        });
    });
    let phone = h.state().selected().unwrap().status.as_ref().unwrap().phone_number().unwrap();
    let phone_digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    assert!(phone_digits.len() >= 10, "{phone}");

    // Open the drawer; the requests come as they happen.
    h.get_by_label("Diagnostics").click();
    h.run_steps(2);
    h.key_press(egui::Key::F5);
    wait_for(&mut h, "a status request listed", HANG, |h| has_label(h, "status.aspx, HTTP 200, ok"));
    rt.block_on(control.fault(FaultKind::Http500, 1)).unwrap();
    h.key_press(egui::Key::F5);
    wait_for(&mut h, "the 500 listed", HANG, |h| has_label(h, "status.aspx, HTTP 500"));
    h.key_press(egui::Key::F5);
    wait_for(&mut h, "a good poll after it", HANG, |h| !h.state().selected().unwrap().is_stale());

    // Every answer kept is masked.
    let inst = h.state().selected().unwrap();
    assert!(inst.exchanges.len() >= 3, "{} requests", inst.exchanges.len());
    for e in inst.exchanges.records() {
        let body = e.body.as_deref().unwrap_or_default();
        for secret in [KEY, web_id.as_str(), phone_digits.as_str()] {
            assert!(!body.contains(secret), "{secret} in a kept answer:\n{body}");
        }
    }

    // Select the newest good status by clicking its text (a selectable label would take the
    // click): its answer is shown, and Copy copies it as shown.
    h.query_all_by_label("200").next().unwrap().click();
    h.run_steps(2);
    assert!(has_label(&h, "Answer (key, WebID and phone numbers masked)"));
    h.get_by_label("Copy").click();
    h.step();
    let copied = h
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .expect("Copy put the answer on the clipboard");
    assert!(copied.contains("\"status\"") && copied.contains("[redacted]"), "{copied}");
    assert!(!copied.contains(&web_id) && !copied.contains(&phone_digits));

    // The support bundle, saved where this run saves files.
    h.get_by_label("Support bundle…").click();
    wait_for(&mut h, "the bundle saved", HANG, |_| std::fs::read_dir(&saved).unwrap().next().is_some());
    h.run_steps(2);
    let path = std::fs::read_dir(&saved).unwrap().next().unwrap().unwrap().path();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("witi-support-") && name.ends_with(".zip"), "{name}");
    assert!(has_label(&h, &name), "the notice names the file");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut names = Vec::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let mut text = String::new();
        file.read_to_string(&mut text).unwrap();
        let file_name = file.name().unwrap().into_owned();
        for secret in [KEY, web_id.as_str(), phone_digits.as_str()] {
            assert!(!text.contains(secret), "{secret} in {file_name} of the bundle");
        }
        match file_name.as_str() {
            "requests.json" => assert!(text.contains("\"http_status\": 500"), "the 500 is in the requests"),
            "history-24h.csv" => assert!(text.lines().count() >= 2, "the history has rows:\n{text}"),
            "health-report.json" => assert!(text.contains("Loja Diagnóstico")),
            "event-log.txt" => {
                assert!(text.contains("FAILED"), "the failed poll is in the event log:\n{text}");
            }
            _ => {}
        }
        names.push(file_name);
    }
    for expected in
        ["health-report.json", "health-report.txt", "requests.json", "event-log.txt", "history-24h.csv"]
    {
        assert!(names.iter().any(|n| n == expected), "{expected} in {names:?}");
    }

    // Closing the drawer stops the watching: the app forgets the requests.
    h.get_by_label("Diagnostics").click();
    h.run_steps(2);
    assert!(h.state().selected().unwrap().exchanges.is_empty());
}
