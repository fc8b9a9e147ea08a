//! The fleet in the real app: add instances through the dialog, filter them, find them after a
//! restart from the same config file, remove one; notices for any instance's state change.

use crate::common;

use std::time::{Duration, Instant};

use common::{AppHarness, HANG, fill, listed, wait_for};
use egui_kittest::kittest::Queryable;
use witi_connect::api::{ApiKey, Client, ClientConfig};
use witi_connect::app::{AppOptions, InstanceMeta};
use witi_connect::backend::BackendConfig;
use witi_connect::simulator::{RunningSim, SimConfig, SimControl};
use witi_connect::store::{Loaded, Store};

fn runtime_and_sim(keys: &[&str]) -> (tokio::runtime::Runtime, RunningSim) {
    let runtime = common::runtime();
    let config = SimConfig {
        starting_delay: Duration::from_millis(100),
        logout_delay: Duration::from_millis(800),
        ..SimConfig::default()
    };
    let sim = common::simulator(&runtime, config, keys.iter().copied());
    (runtime, sim)
}

fn harness(runtime: &tokio::runtime::Runtime, options: AppOptions) -> AppHarness {
    common::app(runtime, options)
}

fn add(h: &mut AppHarness, name: &str, base: &str, key: &str, tags: &str) {
    h.get_all_by_label("Add instance").next().unwrap().click();
    wait_for(h, "the add dialog", HANG, |h| h.query_by_label("Name").is_some());
    fill(h, "Name", name);
    fill(h, "Gateway address (base URL)", base);
    fill(h, "API key", key);
    if !tags.is_empty() {
        fill(h, "Tags (comma-separated)", tags);
    }
    assert_eq!(
        h.get_by_label("API key").value().as_deref().map(|v| v.contains(key)),
        Some(false),
        "the key is masked"
    );
    h.get_by_label("Save").hover();
    h.step();
    h.get_by_label("Save").click();
    wait_for(h, "the instance listed", HANG, |h| listed(h, name));
}

#[test]
fn added_instances_are_listed_filtered_saved_and_found_after_a_restart() {
    let (runtime, sim) = runtime_and_sim(&["key-loja-1234", "key-clinica-5678"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("instances.json");
    let options = AppOptions { store: Some(Store::new(&path)), ..AppOptions::default() };
    let mut h = harness(&runtime, options);
    h.step();
    assert!(h.query_all_by_label_contains("No instances yet").next().is_some());

    add(&mut h, "Loja Centro", &sim.base_url, "key-loja-1234", "varejo");
    add(&mut h, "Clínica Sorriso", &sim.base_url, "key-clinica-5678", "saude, sp");
    // The new instance is opened and polled.
    wait_for(&mut h, "its status", HANG, |h| h.state().selected().unwrap().code().is_some());
    assert_eq!(h.state().selected().unwrap().meta.name, "Clínica Sorriso");

    fill(&mut h, "Filter", "saude");
    assert!(listed(&h, "Clínica Sorriso") && !listed(&h, "Loja Centro"), "filtered by tag");
    fill(&mut h, "Filter", "loja");
    assert!(listed(&h, "Loja Centro") && !listed(&h, "Clínica Sorriso"), "filtered by name");
    fill(&mut h, "Filter", "");

    // The list reaches the disk (saved on the runtime, not the UI thread).
    let deadline = Instant::now() + HANG;
    let saved = loop {
        if let Ok(Loaded::Config(c)) = Store::new(&path).load()
            && c.instances.len() == 2
        {
            break c;
        }
        assert!(Instant::now() < deadline, "the config was not saved");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(saved.instances[1].tags, ["saude", "sp"]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
    drop(h);

    // Restart from the same file.
    let Ok(Loaded::Config(config)) = Store::new(&path).load() else { panic!() };
    let options = AppOptions {
        store: Some(Store::new(&path)),
        instances: config.instances.iter().map(InstanceMeta::from_saved).collect(),
        open: Some("loja centro".into()),
        ..AppOptions::default()
    };
    let mut h = harness(&runtime, options);
    h.step();
    assert!(listed(&h, "Loja Centro") && listed(&h, "Clínica Sorriso"), "both survive the restart");
    assert_eq!(h.state().selected().unwrap().meta.name, "Loja Centro", "--instance opens it");
    wait_for(&mut h, "polled after restart", HANG, |h| h.state().selected().unwrap().code().is_some());

    // Remove asks first, then the file forgets it.
    h.get_by_label("Remove…").click();
    wait_for(&mut h, "the remove dialog", HANG, |h| {
        h.query_all_by_label_contains("is not affected").next().is_some()
    });
    h.get_by_label("Remove").click();
    wait_for(&mut h, "removed", HANG, |h| !listed(h, "Loja Centro"));
    let deadline = Instant::now() + HANG;
    loop {
        if let Ok(Loaded::Config(c)) = Store::new(&path).load()
            && c.instances.len() == 1
        {
            assert_eq!(c.instances[0].name, "Clínica Sorriso");
            break;
        }
        assert!(Instant::now() < deadline, "the removal was not saved");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_background_instance_that_drops_is_announced() {
    let (runtime, sim) = runtime_and_sim(&["key-front-1", "key-back-2"]);
    // Pair the background instance behind the app's back.
    let control = SimControl::new(&sim.base_url, "key-back-2");
    runtime.block_on(async {
        let client = Client::new(ClientConfig::new(&sim.base_url, ApiKey::new("key-back-2"))).unwrap();
        client.generate_qrcode("x").await.unwrap();
        control.scan(&control.state().await.unwrap().token.unwrap()).await.unwrap();
    });
    std::thread::sleep(Duration::from_millis(200));
    let options = AppOptions {
        instances: vec![
            InstanceMeta::new("Front desk", sim.base_url.clone(), ApiKey::new("key-front-1")),
            InstanceMeta::new("Back office", sim.base_url.clone(), ApiKey::new("key-back-2")),
        ],
        open: Some("Front desk".into()),
        backend: BackendConfig {
            background_interval: Duration::from_millis(500),
            ..BackendConfig::default()
        },
        ..AppOptions::default()
    };
    let mut h = harness(&runtime, options);
    wait_for(&mut h, "both polled", HANG, |h| h.state().instances().iter().all(|i| i.code().is_some()));
    assert!(h.state().notices().is_empty(), "first statuses are not changes");
    runtime.block_on(control.phone_logout()).unwrap();
    wait_for(&mut h, "the notice", HANG, |h| {
        h.query_all_by_label_contains("Back office: Paired").next().is_some()
    });
    assert!(h.state().notices()[0].warning, "leaving the paired state is a warning");
    let back = h.state().instances().iter().find(|i| i.meta.name == "Back office").unwrap();
    assert!(back.log.iter().any(|e| e.what.contains("Unlinked by the phone")), "and it is in its event log");
    h.get_all_by_label("Dismiss").next().unwrap().click();
    h.step();
    h.step();
    assert_eq!(h.state().notices().len(), 0);
}

#[test]
fn an_imported_list_is_merged_by_name_and_a_malformed_one_changes_nothing() {
    let (runtime, sim) = runtime_and_sim(&["key-loja-1", "key-nova-2"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("instances.json");
    let mut loja = InstanceMeta::new("Loja", sim.base_url.clone(), ApiKey::new("key-loja-1"));
    loja.persist = true;
    let options =
        AppOptions { store: Some(Store::new(&path)), instances: vec![loja], ..AppOptions::default() };
    let mut h = harness(&runtime, options);
    h.step();

    h.state_mut()
        .import_list(b"{\"format\": \"witi-connect instance list\", \"version\": 1, \"instances\": [");
    h.step();
    assert!(h.query_all_by_label_contains("was refused, and nothing was changed").next().is_some());
    assert_eq!(h.state().instances().len(), 1);

    let list = format!(
        r#"{{"format": "witi-connect instance list", "version": 1, "instances": [
            {{"name": "loja", "base_url": "{base}", "tags": ["centro"]}},
            {{"name": "Nova", "base_url": "{base}", "key": "key-nova-2"}},
            {{"name": "Sem chave", "base_url": "{base}"}}
        ]}}"#,
        base = sim.base_url
    );
    h.state_mut().import_list(list.as_bytes());
    h.step();
    assert!(
        h.query_all_by_label_contains("1 added, 1 updated, 1 skipped").next().is_some(),
        "the import says what it did"
    );
    assert!(listed(&h, "Nova") && listed(&h, "Loja") && !listed(&h, "Sem chave"));
    let loja = h.state().instances().iter().find(|i| i.meta.name == "Loja").unwrap();
    assert_eq!(
        (loja.meta.tags.as_slice(), loja.meta.key.expose()),
        (&["centro".to_owned()][..], "key-loja-1")
    );
    let deadline = Instant::now() + HANG;
    while !matches!(Store::new(&path).load(), Ok(Loaded::Config(c)) if c.instances.len() == 2) {
        assert!(Instant::now() < deadline, "the merged list was not saved");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_overview_sorts_by_a_clicked_column_and_a_selected_row_opens_its_instance() {
    let (runtime, sim) = runtime_and_sim(&["key-a-1", "key-b-2", "key-c-3"]);
    let names = ["Bravo", "Alfa", "Charlie"];
    let instances = names
        .iter()
        .zip(["key-a-1", "key-b-2", "key-c-3"])
        .map(|(n, k)| InstanceMeta::new(*n, sim.base_url.clone(), ApiKey::new(k)))
        .collect();
    let mut h = harness(&runtime, AppOptions::with_instances(instances));
    wait_for(&mut h, "all polled", HANG, |h| h.state().instances().iter().all(|i| i.code().is_some()));
    h.get_by_label("Fleet overview").click();
    wait_for(&mut h, "the overview", HANG, |h| {
        h.query_all_by_label_contains("Fleet overview (3 instances)").next().is_some()
    });
    let order = |h: &AppHarness| -> Vec<String> {
        h.query_all_by_role(egui::Role::Label)
            .filter_map(|n| n.value())
            .filter(|v| names.contains(&v.as_str()))
            .collect()
    };
    h.get_by_label_contains("Name").click();
    h.run_steps(2);
    assert_eq!(order(&h), ["Alfa", "Bravo", "Charlie"]);
    h.get_by_label_contains("Name").click();
    h.run_steps(2);
    assert_eq!(order(&h), ["Charlie", "Bravo", "Alfa"], "a second click reverses");
    h.get_by_role_and_label(egui::Role::Label, "Bravo").click();
    h.run_steps(2);
    assert!(h.state().selected().is_none_or(|s| s.meta.name != "Bravo"), "a click selects, it does not open");
    assert!(h.query_by_label("1 selected").is_some(), "the count of selected is shown");
    // Open (as Enter, or a double-click with a mouse) shows the one selected.
    h.get_by_label("Open").click();
    wait_for(&mut h, "the instance view", HANG, |h| {
        h.query_all_by_label_contains("Fleet overview (3").next().is_none()
    });
    assert_eq!(h.state().selected().unwrap().meta.name, "Bravo");
}

/// Two hundred instances are all polled and shown in both views. (How long a frame takes is
/// the fleet_frame bench's business, not a test's.)
#[test]
fn two_hundred_instances_are_polled_and_shown_in_both_views() {
    let keys: Vec<String> = (0..200).map(|i| format!("smooth-key-{i:03}")).collect();
    let key_refs: Vec<&str> = keys.iter().map(String::as_str).collect();
    let (runtime, sim) = runtime_and_sim(&key_refs);
    let instances = keys
        .iter()
        .enumerate()
        .map(|(i, k)| InstanceMeta::new(format!("Loja {i:03}"), sim.base_url.clone(), ApiKey::new(k)));
    let mut h = harness(&runtime, AppOptions::with_instances(instances.collect()));
    wait_for(&mut h, "all polled", HANG * 2, |h| h.state().instances().iter().all(|i| i.code().is_some()));
    assert!(keys.iter().all(|k| sim.sim.state(k).unwrap().requests["status.aspx"] >= 1));
    assert!(listed(&h, "Loja 000"), "the side panel lists them");
    h.get_by_label("Fleet overview").click();
    h.step();
    h.step();
    assert!(h.query_all_by_label_contains("Fleet overview (200").next().is_some(), "the overview counts 200");
    assert!(h.query_all_by_label_contains("Loja 000").next().is_some(), "and shows their rows");
}

#[test]
fn editing_renames_and_rekeys_an_instance_and_saves_it() {
    let (runtime, sim) = runtime_and_sim(&["key-old-111", "key-new-222"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("instances.json");
    let mut meta = InstanceMeta::new("Loja", sim.base_url.clone(), ApiKey::new("key-old-111"));
    meta.persist = true;
    let options =
        AppOptions { store: Some(Store::new(&path)), instances: vec![meta], ..AppOptions::default() };
    let mut h = harness(&runtime, options);
    common::wait_for_first_status(&mut h);
    assert!(!sim.sim.state("key-new-222").unwrap().requests.contains_key("status.aspx"));
    h.get_by_label("Edit…").click();
    wait_for(&mut h, "the edit dialog", HANG, |h| h.query_by_label("Name").is_some());
    assert!(h.query_all_by_label_contains("Edit the instance").next().is_some());
    // The saved key is masked in the edit dialog too, until "Show the key" is ticked.
    let key_field = |h: &AppHarness| h.get_by_label("API key").value().unwrap_or_default();
    assert!(!key_field(&h).contains("key-old-111"), "masked: {:?}", key_field(&h));
    h.get_by_label("Show the key").click();
    h.run();
    assert_eq!(key_field(&h), "key-old-111", "revealed");
    h.get_by_label("Show the key").click();
    h.run();
    assert!(!key_field(&h).contains("key-old"), "masked again");
    fill(&mut h, "Name", "Loja Centro");
    fill(&mut h, "API key", "key-new-222");
    assert!(!key_field(&h).contains("key-new-222"), "what is typed is masked as well");
    h.get_by_label("Save").hover();
    h.step();
    h.get_by_label("Save").click();
    wait_for(&mut h, "renamed", HANG, |h| listed(h, "Loja Centro"));
    // The new key is a new client: it polls the other simulated instance, never asked before.
    wait_for(&mut h, "polled with the new key", HANG, |_| {
        sim.sim.state("key-new-222").unwrap().requests.get("status.aspx").copied().unwrap_or(0) > 0
    });
    let deadline = Instant::now() + HANG;
    while !matches!(Store::new(&path).load(), Ok(Loaded::Config(c))
        if c.instances[0].name == "Loja Centro" && c.instances[0].key.expose() == "key-new-222")
    {
        assert!(Instant::now() < deadline, "the edit was not saved");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A damaged instance list at start-up, through the loading `main` uses: the app starts and
/// says so, the damaged file is kept aside byte for byte, and a new list is saved beside it.
#[test]
fn a_corrupt_instance_list_at_start_is_kept_aside_and_the_app_runs() {
    let (runtime, sim) = runtime_and_sim(&["key-after-crash-1"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("instances.json");
    let damaged = b"{\"version\": 1, \"instances\": [{\"name\": \"Loja\", \"base_u\x00\xff";
    std::fs::write(&path, damaged).unwrap();
    let mut options = AppOptions::default();
    options.load_instances(Store::new(&path));
    let mut h = harness(&runtime, options);
    h.step();
    let notice = "The saved instance list could not be read";
    assert!(h.query_all_by_label_contains(notice).next().is_some(), "the app says so");
    let backups: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().contains("corrupt"))
        .collect();
    assert_eq!(backups.len(), 1, "one backup: {backups:?}");
    assert_eq!(std::fs::read(&backups[0]).unwrap(), damaged, "kept byte for byte");
    assert!(
        h.query_all_by_label_contains(&backups[0].display().to_string()).next().is_some(),
        "the notice names where it was kept"
    );

    // The app is usable: an instance added now is polled and saved to a fresh list.
    add(&mut h, "Loja Nova", &sim.base_url, "key-after-crash-1", "");
    wait_for(&mut h, "its status", HANG, |h| h.state().selected().unwrap().code().is_some());
    let deadline = Instant::now() + HANG;
    while !matches!(Store::new(&path).load(), Ok(Loaded::Config(c)) if c.instances.len() == 1) {
        assert!(Instant::now() < deadline, "the new list was not saved");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(std::fs::read(&backups[0]).unwrap(), damaged, "the backup is left alone");
}
