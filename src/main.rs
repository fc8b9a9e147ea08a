//! Parses the command line, starts logging and the tokio runtime, loads the instance list,
//! and runs the window.

use clap::Parser;
use witi_connect::api::ApiKey;
use witi_connect::app::{AppOptions, InstanceMeta, WitiApp};
use witi_connect::cli::Args;
use witi_connect::history::{self, HistoryConfig};
use witi_connect::i18n::Language;
use witi_connect::keys::Keys;
use witi_connect::prefs::{self, PrefsStore, RunPrefs, ThemeChoice};
use witi_connect::single;
use witi_connect::store::Store;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    // Logs go to stderr (stdout carries the demo's base URL and key for scripts) and to a
    // daily file, both through the writer that scrubs keys and WebIDs.
    let _log_guard = witi_connect::logging::init();
    // One worker: a fleet's polls are light (each waits on the network), and one thread never
    // hands a task to another, which with two cost more than the polls themselves (futex wakes,
    // measured with 5,000 instances: docs/PERFORMANCE.md). Blocking work (files, QR rasters)
    // has the blocking pool, the history its own thread.
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build()?;

    let mut options = AppOptions::default();
    // Preferences first: the notices below are already in the user's language. They live
    // beside --config when it is given, so a test or a second profile keeps its own.
    let prefs_store = args
        .config
        .as_ref()
        .map(|c| PrefsStore::new(c.with_file_name(prefs::FILE_NAME)))
        .or_else(|| PrefsStore::default_path().map(PrefsStore::new));
    // Nothing is saved at start: a language the user did not choose follows the desktop's.
    let prefs = prefs_store.as_ref().map(PrefsStore::load).unwrap_or_default();
    let run_prefs = RunPrefs {
        language: args.lang.map(Language::from),
        theme: args.theme.map(ThemeChoice::from),
        ..RunPrefs::from_os()
    };
    witi_connect::i18n::set_language(run_prefs.language(&prefs));
    options.prefs = prefs;
    options.run_prefs = run_prefs;
    options.prefs_store = prefs_store;
    // A demo run starts at the known size and layout (the window test clicks by position).
    options.remember_layout = !args.demo;
    let demo_layout =
        args.demo.then(|| std::env::temp_dir().join(format!("witi-connect-demo-{}.ron", std::process::id())));
    let store_path = match (&args.config, args.demo) {
        (Some(path), _) => Some(path.clone()),
        (None, false) => Store::default_path(),
        (None, true) => None,
    };
    // One window per instance list: a second start hands its --instance to the running one.
    let mut claim = None;
    if let (Some(path), false, None) = (&store_path, args.demo, &args.base_url) {
        let socket = single::socket_path(path);
        match single::start(&socket, &single::Request { open: args.instance.clone() }) {
            Ok(single::Start::HandedOn) => {
                println!(
                    "witi-connect already runs with this instance list: its window was brought forward."
                );
                return Ok(());
            }
            Ok(single::Start::First(c)) => claim = Some(c),
            Err(e) => tracing::warn!("another start will open a second window ({}): {e}", socket.display()),
        }
    }
    options.single_window = claim.clone();
    if let Some(path) = store_path {
        // The desktop's keyring (blocking D-Bus calls, before the window): keys go there when
        // one answers, and stay in the owner-only file when none does.
        let keys = if args.no_keyring { Keys::read_only(Keys::connect()) } else { Keys::connect() };
        options.load_instances(Store::new(path).with_keys(std::sync::Arc::new(keys)));
    }

    // History: the user's file, or with --demo a temporary one that is removed at exit.
    let mut demo_history = None;
    let history_path = match (&args.history, args.no_history, args.demo) {
        (_, true, _) => None,
        (Some(path), _, _) => Some(path.clone()),
        (None, false, false) => history::default_path(),
        (None, false, true) => {
            let path = std::env::temp_dir().join(format!("witi-connect-demo-{}.sqlite3", std::process::id()));
            demo_history = Some(path.clone());
            Some(path)
        }
    };
    options.backend.history = history_path.map(|path| {
        let mut config = HistoryConfig::new(path);
        config.retention_days = options.prefs.history_days;
        config
    });

    let mut _simulator = None;
    if args.demo {
        let ttl = std::time::Duration::from_secs(args.demo_ttl);
        let (running, fleet) = runtime.block_on(witi_connect::simulator::demo::start(ttl))?;
        println!("witi-connect demo: simulator at {} with key demo", running.base_url);
        println!("base_url={}", running.base_url);
        println!("key=demo");
        let mut seeds = Vec::new();
        for (i, demo) in fleet.into_iter().enumerate() {
            let mut meta = InstanceMeta::new(demo.name, running.base_url.clone(), ApiKey::new(demo.key));
            meta.tags = demo.tags;
            if let Some(ends_in) = demo.paired_then {
                seeds.push(history::demo::DemoSeed {
                    uid: meta.uid.to_string(),
                    name: meta.name.clone(),
                    ends_in,
                });
            }
            options.instances.insert(i, meta);
        }
        options.open.get_or_insert_with(|| "Demo instance".into());
        // A week of made-up history so that the History card has something to show at once.
        if let (Some(_), Some(config)) = (&demo_history, options.backend.history.as_mut()) {
            config.demo = seeds;
        }
        _simulator = Some(running);
    }
    if let (Some(base_url), Some(key)) = (args.base_url, args.key.clone()) {
        options.open.get_or_insert_with(|| args.name.clone());
        options.instances.push(InstanceMeta::new(args.name, base_url, ApiKey::new(key)));
    }
    if args.instance.is_some() {
        options.open = args.instance;
    }

    let icon = eframe::icon_data::from_png_bytes(include_bytes!(
        "../assets/icons/hicolor/256x256/apps/witi-connect.png"
    ))?;
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_icon(icon)
            .with_title("witi-connect")
            .with_app_id(witi_connect::APP_ID)
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([900.0, 560.0]),
        persist_window: !args.demo,
        // A demo run neither reads nor writes the user's layout: eframe is pointed at a file
        // that does not exist, and nothing asks it to save.
        persistence_path: demo_layout.clone(),
        ..Default::default()
    };
    let handle = runtime.handle().clone();
    eframe::run_native(
        "witi-connect",
        native,
        Box::new(move |cc| Ok(Box::new(WitiApp::new(&cc.egui_ctx, &handle, options)))),
    )?;
    drop(_simulator);
    if let Some(claim) = claim {
        claim.release();
    }
    if let Some(path) = demo_layout {
        let _ = std::fs::remove_file(path);
    }
    if let Some(path) = demo_history {
        for suffix in ["", "-wal", "-shm", ".lock"] {
            let mut p = path.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(p);
        }
    }
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    Ok(())
}
