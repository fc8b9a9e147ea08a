//! Leak hunt: the app's real logging at TRACE (stderr and the daily file), a pairing, every
//! kind of error, every report exported, a support bundle saved (and unpacked); then every
//! byte the run wrote is searched for the
//! distinctive API keys and the instance's WebID. None may appear anywhere: not in a log line
//! (ours or a dependency's), an error text, the event log, a notice, an export or the title.
//!
//! The hunt runs in a child process of this test (logging is process-wide, and the parent
//! reads the child's stderr as a file), with HOME pointed at a temporary directory.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{AppHarness, HANG, connect, displayed_token, runtime, simulator, wait_for};
use egui_kittest::kittest::Queryable;
use witi_connect::api::{ApiKey, Settings};
use witi_connect::app::export;
use witi_connect::app::{AppOptions, InstanceMeta};
use witi_connect::simulator::{FaultKind, SimConfig, SimControl};

const KEY: &str = "LEAKHUNT-Q7Z3-PAIRED-5521";
const KEY_UNKNOWN: &str = "LEAKHUNT-K4W8-UNKNOWN-9034";
const KEY_UNREACHABLE: &str = "LEAKHUNT-M2X6-NOWHERE-7710";
const KEY_BAD_URL: &str = "LEAKHUNT-P9R1-BADURL-3368";
const CHILD: &str = "WITI_LEAK_HUNT_DIR";

#[test]
fn no_key_or_web_id_in_any_log_error_export_or_title() {
    if let Some(dir) = std::env::var_os(CHILD) {
        return hunt(Path::new(&dir));
    }
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["no_key_or_web_id_in_any_log_error_export_or_title", "--exact", "--nocapture"])
        .env(CHILD, dir.path())
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("RUST_LOG", "trace")
        .stdout(std::fs::File::create(dir.path().join("stdout.txt")).unwrap())
        .stderr(std::fs::File::create(dir.path().join("stderr.txt")).unwrap())
        .status()
        .unwrap();
    let stderr = std::fs::read_to_string(dir.path().join("stderr.txt")).unwrap_or_default();
    assert!(status.success(), "the hunt failed:\n{}", tail(&stderr, 40));

    let mut secrets: Vec<String> = [KEY, KEY_UNKNOWN, KEY_UNREACHABLE, KEY_BAD_URL].map(String::from).into();
    let web_id = std::fs::read_to_string(dir.path().join("web_id.secret")).unwrap();
    assert!(web_id.len() >= 32, "the WebID was recorded: {web_id:?}");
    secrets.push(web_id.clone());
    // Case and URL-encoding variants a dependency might print.
    secrets.push(web_id.to_lowercase());
    let files = all_files(dir.path());
    let mut searched = 0;
    for file in &files {
        if file.extension().is_some_and(|e| e == "secret") {
            continue;
        }
        let bytes = std::fs::read(file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for secret in &secrets {
            assert!(!text.contains(secret.as_str()), "{secret} leaked into {}", file.display());
        }
        searched += bytes.len();
    }
    // The hunt was real: TRACE lines of the HTTP stack (hyper), the commands, every error.
    let log_dir = home.join(".local/share/witi-connect/logs");
    let log_file = files.iter().find(|f| f.starts_with(&log_dir)).expect("a daily log file was written");
    let log = std::fs::read_to_string(log_file).unwrap();
    for expected in ["TRACE hyper_util", "status.aspx", "HTTP 500", "not JSON", "did not answer within"] {
        assert!(
            log.contains(expected) || stderr.contains(expected),
            "the logs lack {expected:?}: {}",
            log.lines().filter(|l| l.contains("failed")).collect::<Vec<_>>().join("\n")
        );
    }
    for export in
        ["fleet-report.json", "fleet-report.txt", "instance-list.json", "texts.txt", "bundle/requests.json"]
    {
        assert!(dir.path().join(export).exists(), "{export} was written");
    }
    // The history was recorded (and so searched above, file and WAL): the pairing, the errors.
    let history = rusqlite::Connection::open(dir.path().join("history.sqlite3")).unwrap();
    let (transitions, errors): (i64, i64) = history
        .query_row("SELECT count(*), sum(to_status = -1) FROM transitions", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert!(
        transitions >= 3 && errors >= 1,
        "the history holds the hunt: {transitions} transitions, {errors} errors"
    );
    eprintln!("leak hunt: {} files, {searched} bytes, none holds a key or the WebID", files.len());
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

fn all_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() { out.extend(all_files(&path)) } else { out.push(path) }
    }
    out
}

/// The child: everything a user can make the app print, with the real logging set up.
fn hunt(dir: &Path) {
    let guard = witi_connect::logging::init();
    let rt = runtime();
    let config = SimConfig {
        slow_delay: Duration::from_secs(2),
        starting_delay: Duration::from_millis(300),
        ..SimConfig::default()
    };
    let sim = simulator(&rt, config, [KEY]);
    let web_id = sim.sim.with_instance(KEY, |inst, _, _| inst.web_id().to_owned()).unwrap();
    std::fs::write(dir.join("web_id.secret"), &web_id).unwrap();
    let control = SimControl::new(&sim.base_url, KEY);
    let meta = |name: &str, url: &str, key: &str| InstanceMeta {
        timeout: Duration::from_secs(1),
        persist: true,
        ..InstanceMeta::new(name, url, ApiKey::new(key))
    };
    let instances = vec![
        meta("Leak hunt", &sim.base_url, KEY),
        meta("Unknown key", &sim.base_url, KEY_UNKNOWN),
        meta("Nowhere", "http://127.0.0.1:9/", KEY_UNREACHABLE),
        meta("Bad address", "ht tp://no such host/", KEY_BAD_URL),
    ];
    // The quiet schedule: F5 sends the only polls, so each injected fault meets the poll the
    // test asked for (a scheduled poll could take it, and F5's success hide it).
    // History recorded beside the logs, so that the hunt searches its file (and WAL) too.
    let history = witi_connect::history::HistoryConfig::new(dir.join("history.sqlite3"));
    let options = AppOptions {
        open: Some("Leak hunt".into()),
        backend: witi_connect::backend::BackendConfig {
            history: Some(history),
            save_dir: Some(dir.to_owned()),
            ..common::quiet_backend()
        },
        ..AppOptions::with_instances(instances)
    };
    let mut h = common::app(&rt, options);

    // A hostile QR first (QR error), then a real pairing.
    rt.block_on(control.fault(FaultKind::HostileSvg, 1)).unwrap();
    connect(&mut h);
    h.get_by_label("Cancel").click();
    // The backend confirms the cancel with an event: until then the QR is still on screen.
    wait_for(&mut h, "Connect again", HANG, |h| h.query_all_by_label("Connect").next().is_some());
    connect(&mut h);
    let token = displayed_token(&h).unwrap();
    rt.block_on(control.scan(&token)).unwrap();
    wait_for(&mut h, "paired", HANG, |h| h.state().selected().unwrap().is_paired());
    // A webhook: the gateway echoes it with `&wid=<WebID>` appended.
    sim.sim.with_instance(KEY, |inst, _, _| {
        inst.set_config(&Settings {
            webhook: Some("https://erp.example.com/hook".into()),
            ..Settings::default()
        });
    });
    refreshed(&mut h);
    // The diagnostics drawer watches from here: every failed poll below is among its requests.
    h.get_by_label("Diagnostics").click();
    h.run_steps(2);
    // Every kind of failed poll.
    for kind in FaultKind::ALL.into_iter().filter(|k| *k != FaultKind::HostileSvg) {
        rt.block_on(control.fault(kind, 1)).unwrap();
        h.key_press(egui::Key::F5);
        wait_for(&mut h, &format!("{kind:?}"), HANG, |h| h.state().selected().unwrap().is_stale());
        refreshed(&mut h);
    }
    // The other instances fail on their own: unknown key, unreachable, unusable address.
    wait_for(&mut h, "every instance reported", HANG, |h| {
        h.state()
            .instances()
            .iter()
            .all(|i| i.status.is_some() || i.poll_error.is_some() || i.fatal.is_some())
    });

    // The support bundle, saved into the hunt's folder; its files unpacked beside it, so that
    // the search reads them (inside the zip they are deflated).
    h.get_by_label("Support bundle…").click();
    let is_bundle = |p: &PathBuf| p.extension().is_some_and(|e| e == "zip");
    wait_for(&mut h, "the support bundle", HANG, |_| all_files(dir).iter().any(is_bundle));
    let bundle = all_files(dir).into_iter().find(is_bundle).unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&bundle).unwrap()).unwrap();
    let unpacked = dir.join("bundle");
    std::fs::create_dir_all(&unpacked).unwrap();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let name = file.name().unwrap().into_owned();
        let mut out = std::fs::File::create(unpacked.join(&name)).unwrap();
        std::io::copy(&mut file, &mut out).unwrap();
    }
    assert!(unpacked.join("requests.json").exists() && unpacked.join("app-log-tail.txt").exists());

    let app = h.state();
    let all: Vec<_> = app.instances().iter().collect();
    let write = |name: &str, text: String| std::fs::write(dir.join(name), text).unwrap();
    write("fleet-report.json", export::report_json(&all));
    write("fleet-report.txt", export::report_text(&all));
    for inst in &all {
        write(&format!("report-{}.json", inst.id), export::report_json(&[inst]));
        write(&format!("report-{}.txt", inst.id), export::report_text(&[inst]));
    }
    let metas: Vec<_> = all.iter().map(|i| &i.meta).collect();
    write("instance-list.json", export::export_list(&metas, false));
    write("texts.txt", every_text(&h));
    drop(h);
    drop(guard); // flushes the log file
}

/// F5, and wait until the poll answered.
fn refreshed(h: &mut AppHarness) {
    h.key_press(egui::Key::F5);
    wait_for(h, "a good poll", HANG, |h| !h.state().selected().unwrap().is_stale());
}

/// Every text the app holds for display: title, notices, errors, the event log. (The health
/// panel shows the WebID on purpose: it names the instance's storage folder.)
fn every_text(h: &AppHarness) -> String {
    let app = h.state();
    let mut out = vec![app.window_title()];
    out.extend(app.notices().iter().map(|n| n.text.clone()));
    for inst in app.instances() {
        out.extend(inst.poll_error.iter().map(|(e, _)| e.to_string()));
        out.extend(inst.fatal.iter().map(ToString::to_string));
        out.extend(inst.qr_error.iter().map(|(_, e)| e.to_string()));
        out.extend(
            inst.last_results.iter().filter_map(|(_, r)| r.result.as_ref().err()).map(ToString::to_string),
        );
        out.extend(inst.log.iter().map(|e| format!("{} | {}", e.what, e.detail)));
    }
    out.join("\n")
}
