//! The tokio side of the app: one task per instance, owning its `Client`.
//!
//! The UI sends [`Command`]s (fire and forget) and drains [`Event`]s each frame; every event
//! sent is followed by `request_repaint()`. This module knows nothing of egui but the
//! `Context` it wakes.

pub mod bulk;
mod event;
mod files;
mod instance;
pub mod pairing;
pub mod poller;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use crate::api::{ApiKey, Settings};
use crate::history::{self, HistoryConfig, Recorder};
pub use event::{AppEvent, Event, InstanceEvent};
pub use pairing::PairingPhase;

pub type InstanceId = u64;

/// The highest number of requests at a time per gateway Preferences offers.
pub const MAX_GATEWAY_CAP: usize = instance::MAX_CAP;

/// The eight gateway commands, as the UI and the event log name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    GenerateQr,
    Status,
    Disconnect,
    CloseSession,
    SaveSession,
    RestoreSession,
    Clear,
    SetConfig,
}

impl Operation {
    /// The name the history file uses (`op:close_session`).
    pub fn slug(self) -> &'static str {
        match self {
            Operation::GenerateQr => "generate_qr",
            Operation::Status => "status",
            Operation::Disconnect => "disconnect",
            Operation::CloseSession => "close_session",
            Operation::SaveSession => "save_session",
            Operation::RestoreSession => "restore_session",
            Operation::Clear => "clear",
            Operation::SetConfig => "set_config",
        }
    }
}

/// What the backend needs to talk to one instance.
#[derive(Debug, Clone)]
pub struct InstanceSpec {
    pub id: InstanceId,
    /// The stable id the history knows it by (kept across runs and renames).
    pub uid: Arc<str>,
    /// Its display name, for people reading the history file.
    pub name: String,
    pub base_url: String,
    pub key: ApiKey,
    pub timeout: Duration,
    /// Out of service on purpose: polled every `parked_interval`.
    pub parked: bool,
}

/// UI → backend.
#[derive(Debug, Clone)]
pub enum Command {
    AddInstance(InstanceSpec),
    RemoveInstance(InstanceId),
    /// The instance on screen (polled every 15 s); the others every 30 s.
    Focus(Option<InstanceId>),
    /// Ask for a QR ("Connect", "New QR").
    Pair(InstanceId),
    /// Leave the pairing view: stop requesting QRs.
    CancelPairing(InstanceId),
    /// Poll status now (F5, "Refresh").
    Refresh(InstanceId),
    /// The QR widget's size in physical pixels; the QR is rasterized again when it changes.
    QrDisplaySize {
        id: InstanceId,
        side_px: u32,
    },
    /// Disconnect, CloseSession, SaveSession, RestoreSession or Clear.
    Run(InstanceId, Operation),
    SetConfig(InstanceId, Settings),
    /// The instance was renamed (the history keeps the current name).
    Rename(InstanceId, String),
    /// Parked (polled rarely) or back in service.
    Park(InstanceId, bool),
    /// Run `op` (with `settings` for SetConfig) on each of `ids`; each reports
    /// [`InstanceEvent::BulkDone`] once, whatever happens.
    Bulk {
        job: bulk::JobId,
        op: Operation,
        settings: Option<Settings>,
        ids: Vec<InstanceId>,
        /// Set by the UI: start no more of the run; what is in flight finishes.
        cancel: bulk::CancelSwitch,
    },
    /// Requests in flight at once per gateway (polls and operations alike).
    SetGatewayCap(usize),
    /// Read the keys the list keeps in the keyring (blocking D-Bus calls, on the pool);
    /// answered with [`AppEvent::KeysRead`].
    ReadKeys(crate::store::Store, crate::store::ConfigFile),
    /// The diagnostics drawer shows this instance's requests (or no longer does).
    WatchExchanges(InstanceId, bool),
    /// Answer later starts with the same instance list on this socket ([`AppEvent::Raise`]).
    Listen(crate::single::Claim),
    /// Ask the history; the answer comes as [`AppEvent::History`] with `tag`.
    QueryHistory {
        tag: HistoryTag,
        query: history::Query,
    },
    /// How many days of history to keep (prunes now if shorter).
    SetRetention(u32),
    /// Write the instance list (blocking I/O, done on the runtime; saves are serialized).
    SaveConfig(crate::store::Store, crate::store::ConfigFile),
    /// Show a desktop notification (on the blocking pool; a failure is logged once).
    Notify {
        summary: String,
        body: String,
    },
    /// Write the preferences (the same way).
    SavePrefs(crate::prefs::PrefsStore, crate::prefs::Prefs),
    /// Ask where to save `contents` (a native dialog, opened on the runtime) and write it.
    SaveFile {
        purpose: FilePurpose,
        file_name: String,
        filter: FileFilter,
        contents: Vec<u8>,
    },
    /// Zip these parts with the log file's tail into a support bundle and save it (as
    /// `SaveFile` does, with `FilePurpose::SupportBundle`).
    SupportBundle {
        file_name: String,
        filter: FileFilter,
        parts: Vec<(String, String)>,
    },
    /// Ask for a file to open and read it (at most [`FilePurpose::max_bytes`]).
    OpenFile {
        purpose: FilePurpose,
        filter: FileFilter,
    },
    /// Read a CSV fleet (on the blocking pool: a 10 MB file takes a while); `existing` are the
    /// names and keys already listed. Answered by [`AppEvent::CsvRead`].
    ReadCsv {
        bytes: Vec<u8>,
        existing: Vec<(String, ApiKey)>,
    },
}

/// Which question a history answer belongs to: the instance and the window asked for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HistoryTag {
    pub id: InstanceId,
    pub what: HistoryAsk,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HistoryAsk {
    /// The History card's window of this many hours.
    Window(u32),
    /// A CSV export of the window of this many hours.
    Csv(u32),
    /// The file's path and size (Preferences).
    Info,
    /// The overview's 24 h strips of the rows in view.
    Strips,
    /// The last 24 hours as CSV for a support bundle in the making.
    Bundle,
}

/// Keys read from the keyring between two `AppEvent::KeysRead` (a few hundred milliseconds).
const KEYS_PER_BATCH: usize = 200;

/// Files read at most through [`Command::OpenFile`].
pub const MAX_OPEN_BYTES: u64 = 1024 * 1024;

/// Why a file is being saved or opened, so that the answer reaches the right place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilePurpose {
    QrPng,
    Report,
    InstanceList,
    ImportList,
    HistoryCsv,
    /// A fleet from a spreadsheet (read up to [`crate::import::MAX_CSV_BYTES`]).
    ImportCsv,
    /// A support bundle (zip) for a ticket.
    SupportBundle,
}

impl FilePurpose {
    /// The most an opened file may hold.
    pub fn max_bytes(self) -> u64 {
        match self {
            FilePurpose::ImportCsv => crate::import::MAX_CSV_BYTES,
            _ => MAX_OPEN_BYTES,
        }
    }
}

/// A file dialog's filter: a name and extensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFilter {
    pub name: String,
    pub extensions: Vec<String>,
}

/// How the backend polls; the defaults are the product's, tests shorten them.
#[derive(Debug, Clone)]
pub struct BackendConfig {
    pub pairing_interval: Duration,
    pub on_screen_interval: Duration,
    pub background_interval: Duration,
    /// Parked instances (out of service on purpose).
    pub parked_interval: Duration,
    /// The longest wait between retries after failures (10 s while pairing).
    pub max_backoff: Duration,
    pub pairing_max_backoff: Duration,
    /// Requests in flight at once per gateway (instances behind one base URL).
    pub max_in_flight: usize,
    /// A bulk run's first pause after a gateway's trouble (timeouts, 5xx, ...), doubling with
    /// each further one up to `max_backoff / 30` (10 s), ended by an answer.
    pub bulk_backoff: Duration,
    /// Where to record history; `None` records nothing.
    pub history: Option<HistoryConfig>,
    /// Save files into this folder instead of asking with a dialog (tests and scripted runs).
    pub save_dir: Option<std::path::PathBuf>,
}

impl Default for BackendConfig {
    fn default() -> Self {
        Self {
            pairing_interval: Duration::from_secs(2),
            on_screen_interval: Duration::from_secs(15),
            background_interval: Duration::from_secs(30),
            parked_interval: poller::PARKED_INTERVAL,
            max_backoff: poller::MAX_BACKOFF,
            pairing_max_backoff: Duration::from_secs(10),
            max_in_flight: 4,
            bulk_backoff: Duration::from_millis(500),
            history: None,
            save_dir: None,
        }
    }
}

impl BackendConfig {
    /// The product's schedule run `factor` times faster (every interval and backoff cap divided
    /// by it), so that tests live through simulated minutes in seconds.
    pub fn sped_up(factor: u32) -> Self {
        let d = Self::default();
        Self {
            pairing_interval: d.pairing_interval / factor,
            on_screen_interval: d.on_screen_interval / factor,
            background_interval: d.background_interval / factor,
            parked_interval: d.parked_interval / factor,
            max_backoff: d.max_backoff / factor,
            pairing_max_backoff: d.pairing_max_backoff / factor,
            max_in_flight: d.max_in_flight,
            bulk_backoff: d.bulk_backoff / factor,
            ..d
        }
    }
}

/// Sends events to the UI and wakes it.
#[derive(Clone)]
pub struct EventSink {
    tx: mpsc::Sender<Event>,
    ctx: egui::Context,
}

impl EventSink {
    pub fn send(&self, event: impl Into<Event>) {
        if self.tx.send(event.into()).is_ok() {
            self.ctx.request_repaint();
        }
    }

    /// Sends an event that changes nothing on screen but ages (a poll with the same answer
    /// as the last): it waits for the next frame instead of causing one, so that a fleet's
    /// polls do not keep an idle window repainting. The app's minute tick drains it at the
    /// latest.
    pub fn send_quietly(&self, event: impl Into<Event>) {
        let _ = self.tx.send(event.into());
    }
}

/// The UI's end of the backend.
pub struct BackendHandle {
    commands: UnboundedSender<Command>,
    events: mpsc::Receiver<Event>,
}

impl BackendHandle {
    /// Never blocks.
    pub fn send(&self, command: Command) {
        if self.commands.send(command).is_err() {
            tracing::warn!("backend has stopped; command dropped");
        }
    }

    /// Never blocks.
    pub fn try_recv(&self) -> Option<Event> {
        self.events.try_recv().ok()
    }
}

/// Starts the backend on `runtime` with the product's polling.
pub fn start(runtime: &tokio::runtime::Handle, ctx: egui::Context) -> BackendHandle {
    start_with(runtime, ctx, BackendConfig::default())
}

pub fn start_with(
    runtime: &tokio::runtime::Handle,
    ctx: egui::Context,
    config: BackendConfig,
) -> BackendHandle {
    let (cmd_tx, cmd_rx) = unbounded_channel();
    let (ev_tx, ev_rx) = mpsc::channel();
    let sink = EventSink { tx: ev_tx, ctx };
    let recorder = match &config.history {
        Some(history) => {
            let sink = sink.clone();
            Recorder::start(history.clone(), move |notice| sink.send(AppEvent::HistoryNotice(notice)))
        }
        None => Recorder::off(),
    };
    runtime.spawn(route(cmd_rx, sink, config, recorder));
    BackendHandle { commands: cmd_tx, events: ev_rx }
}

/// Routes commands to the instance tasks; ends when the UI drops its handle.
async fn route(
    mut commands: UnboundedReceiver<Command>,
    sink: EventSink,
    config: BackendConfig,
    recorder: Recorder,
) {
    let shared = Arc::new(instance::Shared::new(config, recorder.clone()));
    // One saver, fed in order: an older list can never land after a newer one.
    let saves = files::spawn_saver(
        sink.clone(),
        |(store, config): (crate::store::Store, crate::store::ConfigFile)| {
            store.save(&config).map(|()| store.key_home())
        },
        |result| AppEvent::ConfigSaved { result },
    );
    let prefs_saves = files::spawn_saver(
        sink.clone(),
        |(store, prefs): (crate::prefs::PrefsStore, crate::prefs::Prefs)| store.save(&prefs),
        |result| AppEvent::PrefsSaved { result },
    );
    // One connection pool for all instances (keep-alive per host).
    let http = reqwest::Client::builder()
        .user_agent(concat!("witi-connect/", env!("CARGO_PKG_VERSION")))
        .pool_idle_timeout(Duration::from_secs(90))
        .build();
    let http = match http {
        Ok(h) => h,
        Err(e) => {
            tracing::error!("cannot build the HTTP client: {}", e.without_url());
            return;
        }
    };
    let mut instances: HashMap<InstanceId, UnboundedSender<instance::Input>> = HashMap::new();
    let mut focused: Option<InstanceId> = None;
    while let Some(command) = commands.recv().await {
        let (id, input) = match command {
            Command::AddInstance(spec) => {
                let id = spec.id;
                if let Some(tx) =
                    instance::spawn(spec, http.clone(), sink.clone(), focused == Some(id), shared.clone())
                {
                    instances.insert(id, tx);
                }
                continue;
            }
            Command::RemoveInstance(id) => {
                instances.remove(&id); // the task ends when its channel closes
                continue;
            }
            Command::Focus(new) => {
                for (id, tx) in &instances {
                    let _ = tx.send(instance::Input::OnScreen(Some(*id) == new));
                }
                focused = new;
                continue;
            }
            Command::SaveConfig(store, config) => {
                let _ = saves.send((store, config));
                continue;
            }
            Command::Notify { summary, body } => {
                tokio::task::spawn_blocking(move || crate::notify::show(&summary, &body));
                continue;
            }
            Command::SavePrefs(store, prefs) => {
                let _ = prefs_saves.send((store, prefs));
                continue;
            }
            Command::SaveFile { purpose, file_name, filter, contents } => {
                let (sink, save_dir) = (sink.clone(), shared.config.save_dir.clone());
                tokio::spawn(async move {
                    let result = files::save_file(save_dir, file_name, filter, contents).await;
                    sink.send(AppEvent::FileSaved { purpose, result });
                });
                continue;
            }
            Command::SupportBundle { file_name, filter, mut parts } => {
                let (sink, save_dir) = (sink.clone(), shared.config.save_dir.clone());
                tokio::spawn(async move {
                    let zipped = tokio::task::spawn_blocking(move || {
                        if let Some(tail) =
                            crate::logging::log_dir().and_then(|d| crate::diagnostics::log_tail(&d))
                        {
                            parts.push(("app-log-tail.txt".into(), tail));
                        }
                        crate::diagnostics::bundle_zip(&parts)
                    })
                    .await;
                    let result = match zipped {
                        Ok(Ok(bytes)) => files::save_file(save_dir, file_name, filter, bytes).await,
                        Ok(Err(e)) => Err(e.to_string()),
                        Err(e) => Err(e.to_string()),
                    };
                    let purpose = FilePurpose::SupportBundle;
                    sink.send(AppEvent::FileSaved { purpose, result });
                });
                continue;
            }
            Command::ReadCsv { bytes, existing } => {
                let sink = sink.clone();
                tokio::spawn(async move {
                    let result =
                        tokio::task::spawn_blocking(move || crate::import::parse(&bytes, &existing)).await;
                    let result = result.unwrap_or_else(|e| Err(e.to_string())).map(Box::new);
                    sink.send(AppEvent::CsvRead(result));
                });
                continue;
            }
            Command::OpenFile { purpose, filter } => {
                let sink = sink.clone();
                tokio::spawn(async move {
                    let result = files::open_file(filter, purpose.max_bytes()).await;
                    sink.send(AppEvent::FileOpened { purpose, result });
                });
                continue;
            }
            Command::QueryHistory { tag, query } => {
                let sink = sink.clone();
                recorder.query(query, move |answer| sink.send(AppEvent::History { tag, answer }));
                continue;
            }
            Command::SetRetention(days) => {
                recorder.set_retention(days);
                continue;
            }
            Command::Bulk { job, op, settings, ids, cancel } => {
                for id in ids {
                    let ticket = bulk::Ticket::new(job, op, id, cancel.clone(), sink.clone());
                    // Unknown or gone: the ticket, dropped, says so.
                    if let Some(tx) = instances.get(&id) {
                        let _ = tx.send(instance::Input::Bulk(settings.clone(), ticket));
                    }
                }
                continue;
            }
            Command::SetGatewayCap(cap) => {
                shared.set_cap(cap);
                continue;
            }
            Command::ReadKeys(store, mut config) => {
                let sink = sink.clone();
                tokio::task::spawn_blocking(move || {
                    let Some(keys) = store.keys() else { return };
                    // In batches: those instances start as their keys come, not all at the end.
                    let mut unreadable = Vec::new();
                    for batch in config.instances.chunks_mut(KEYS_PER_BATCH) {
                        unreadable.extend(keys.read(batch));
                        let read = batch
                            .iter()
                            .filter(|i| i.keyring && !i.key.is_empty())
                            .map(|i| (i.id.clone(), i.key.clone()))
                            .collect();
                        sink.send(AppEvent::KeysRead { keys: read, done: None });
                    }
                    keys.settle(&config, &unreadable);
                    let done = (keys.take_notices(), store.key_home());
                    sink.send(AppEvent::KeysRead { keys: Vec::new(), done: Some(done) });
                });
                continue;
            }
            Command::Listen(claim) => {
                let sink = sink.clone();
                tokio::spawn(crate::single::serve(claim, move |request| sink.send(AppEvent::Raise(request))));
                continue;
            }
            Command::Rename(id, name) => (id, instance::Input::Rename(name)),
            Command::Park(id, parked) => (id, instance::Input::Park(parked)),
            Command::WatchExchanges(id, on) => (id, instance::Input::Watch(on)),
            Command::Pair(id) => (id, instance::Input::Pair),
            Command::CancelPairing(id) => (id, instance::Input::CancelPairing),
            Command::Refresh(id) => (id, instance::Input::Refresh),
            Command::QrDisplaySize { id, side_px } => (id, instance::Input::QrDisplaySize(side_px)),
            Command::Run(id, op) => (id, instance::Input::Run(op, None)),
            Command::SetConfig(id, settings) => {
                (id, instance::Input::Run(Operation::SetConfig, Some(settings)))
            }
        };
        if let Some(tx) = instances.get(&id) {
            let _ = tx.send(input);
        }
    }
    // The UI has gone (the window closed): write what the history still holds and close its
    // file, on the blocking pool, which the runtime's shutdown waits for a moment.
    drop(instances);
    let _ = tokio::task::spawn_blocking(move || recorder.shutdown()).await;
}
