//! The tokio side of the app: one task per instance, owning its `Client`.
//!
//! The UI sends [`Command`]s (fire and forget) and drains [`Event`]s each frame; every event
//! sent is followed by `request_repaint()`. This module knows nothing of egui but the
//! `Context` it wakes.

mod instance;
pub mod pairing;
pub mod poller;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use crate::api::{ApiError, ApiKey, InstanceStatus, Settings};
use crate::qr::{QrError, QrImage};
pub use pairing::PairingPhase;

pub type InstanceId = u64;

/// The user agent sent with `generate_qrcode`: the gateway asks for a full browser string.
pub const DEFAULT_USER_AGENT: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 \
     (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

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

/// What the backend needs to talk to one instance.
#[derive(Debug, Clone)]
pub struct InstanceSpec {
    pub id: InstanceId,
    pub base_url: String,
    pub key: ApiKey,
    pub timeout: Duration,
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
    /// Ask for a file to open and read it (at most [`MAX_OPEN_BYTES`]).
    OpenFile {
        purpose: FilePurpose,
        filter: FileFilter,
    },
}

/// Files read at most through [`Command::OpenFile`].
pub const MAX_OPEN_BYTES: u64 = 1024 * 1024;

/// Why a file is being saved or opened, so that the answer reaches the right place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilePurpose {
    QrPng,
    Report,
    InstanceList,
    ImportList,
}

/// A file dialog's filter: a name and extensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFilter {
    pub name: String,
    pub extensions: Vec<String>,
}

/// Backend → UI.
#[derive(Debug, Clone)]
pub enum Event {
    Pairing {
        id: InstanceId,
        phase: PairingPhase,
    },
    /// The current QR (`seq`) rasterized for the last display size.
    QrImage {
        id: InstanceId,
        seq: u64,
        result: Result<Arc<QrImage>, QrError>,
    },
    Status {
        id: InstanceId,
        status: Box<InstanceStatus>,
        latency: Duration,
        /// When the answer came (the UI may apply it later, see `EventSink::send_quietly`).
        at: Instant,
    },
    PollFailed {
        id: InstanceId,
        error: ApiError,
    },
    OperationStarted {
        id: InstanceId,
        op: Operation,
    },
    OperationDone {
        id: InstanceId,
        op: Operation,
        result: Result<(), ApiError>,
        latency: Duration,
    },
    /// The instance cannot be served at all (an unusable base URL or key).
    InstanceFailed {
        id: InstanceId,
        error: ApiError,
    },
    /// A `SaveConfig` finished.
    ConfigSaved {
        result: Result<(), String>,
    },
    /// A `SavePrefs` finished.
    PrefsSaved {
        result: Result<(), String>,
    },
    /// A `SaveFile` finished: the path written, `None` if the dialog was cancelled (or no
    /// dialog is available on this desktop).
    FileSaved {
        purpose: FilePurpose,
        result: Result<Option<std::path::PathBuf>, String>,
    },
    /// An `OpenFile` finished: the contents, `None` if cancelled.
    FileOpened {
        purpose: FilePurpose,
        result: Result<Option<Vec<u8>>, String>,
    },
}

impl Event {
    /// The instance the event is about, if any.
    pub fn instance(&self) -> Option<InstanceId> {
        match self {
            Event::Pairing { id, .. }
            | Event::QrImage { id, .. }
            | Event::Status { id, .. }
            | Event::PollFailed { id, .. }
            | Event::OperationStarted { id, .. }
            | Event::OperationDone { id, .. }
            | Event::InstanceFailed { id, .. } => Some(*id),
            Event::ConfigSaved { .. }
            | Event::PrefsSaved { .. }
            | Event::FileSaved { .. }
            | Event::FileOpened { .. } => None,
        }
    }
}

/// How the backend polls; the defaults are the product's, tests shorten them.
#[derive(Debug, Clone)]
pub struct BackendConfig {
    pub pairing_interval: Duration,
    pub on_screen_interval: Duration,
    pub background_interval: Duration,
    /// The longest wait between retries after failures (10 s while pairing).
    pub max_backoff: Duration,
    pub pairing_max_backoff: Duration,
    /// Requests in flight at once across the whole fleet.
    pub max_in_flight: usize,
}

impl Default for BackendConfig {
    fn default() -> Self {
        Self {
            pairing_interval: Duration::from_secs(2),
            on_screen_interval: Duration::from_secs(15),
            background_interval: Duration::from_secs(30),
            max_backoff: poller::MAX_BACKOFF,
            pairing_max_backoff: Duration::from_secs(10),
            max_in_flight: 4,
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
            max_backoff: d.max_backoff / factor,
            pairing_max_backoff: d.pairing_max_backoff / factor,
            max_in_flight: d.max_in_flight,
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
    pub fn send(&self, event: Event) {
        if self.tx.send(event).is_ok() {
            self.ctx.request_repaint();
        }
    }

    /// Sends an event that changes nothing on screen but ages (a poll with the same answer
    /// as the last): it waits for the next frame instead of causing one, so that a fleet's
    /// polls do not keep an idle window repainting. The app's minute tick drains it at the
    /// latest.
    pub fn send_quietly(&self, event: Event) {
        let _ = self.tx.send(event);
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
    runtime.spawn(route(cmd_rx, sink, config));
    BackendHandle { commands: cmd_tx, events: ev_rx }
}

/// Routes commands to the instance tasks; ends when the UI drops its handle.
async fn route(mut commands: UnboundedReceiver<Command>, sink: EventSink, config: BackendConfig) {
    let shared = Arc::new(instance::Shared::new(config));
    // One saver, fed in order: an older list can never land after a newer one.
    let saves = spawn_saver(
        sink.clone(),
        |(store, config): (crate::store::Store, crate::store::ConfigFile)| store.save(&config),
        |result| Event::ConfigSaved { result },
    );
    let prefs_saves = spawn_saver(
        sink.clone(),
        |(store, prefs): (crate::prefs::PrefsStore, crate::prefs::Prefs)| store.save(&prefs),
        |result| Event::PrefsSaved { result },
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
                let sink = sink.clone();
                tokio::spawn(async move {
                    let result = save_file(file_name, filter, contents).await;
                    sink.send(Event::FileSaved { purpose, result });
                });
                continue;
            }
            Command::OpenFile { purpose, filter } => {
                let sink = sink.clone();
                tokio::spawn(async move {
                    let result = open_file(filter).await;
                    sink.send(Event::FileOpened { purpose, result });
                });
                continue;
            }
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
}

/// Writes instance lists in the order they were asked for, on the blocking pool; when several
/// wait, only the newest is written (each one replaces the whole file).
/// One writer per file, fed in order, that skips to the newest job when several wait: an
/// older state can never land after a newer one, and a burst of changes writes once.
fn spawn_saver<J: Send + 'static>(
    sink: EventSink,
    save: fn(J) -> Result<(), crate::store::StoreError>,
    done: fn(Result<(), String>) -> Event,
) -> UnboundedSender<J> {
    let (tx, mut rx) = unbounded_channel::<J>();
    tokio::spawn(async move {
        while let Some(mut job) = rx.recv().await {
            while let Ok(newer) = rx.try_recv() {
                job = newer;
            }
            let result = tokio::task::spawn_blocking(move || save(job))
                .await
                .map_err(|e| e.to_string())
                .and_then(|r| r.map_err(|e| e.to_string()));
            if let Err(e) = &result {
                tracing::error!("saving failed: {e}");
            }
            sink.send(done(result));
        }
    });
    tx
}

/// The save dialog (XDG portal, or zenity) runs here on the runtime; the writing on the
/// blocking pool.
async fn save_file(
    file_name: String,
    filter: FileFilter,
    contents: Vec<u8>,
) -> Result<Option<std::path::PathBuf>, String> {
    let extensions: Vec<&str> = filter.extensions.iter().map(String::as_str).collect();
    let Some(handle) = rfd::AsyncFileDialog::new()
        .set_file_name(&file_name)
        .add_filter(&filter.name, &extensions)
        .save_file()
        .await
    else {
        return Ok(None);
    };
    let path = handle.path().to_owned();
    let target = path.clone();
    tokio::task::spawn_blocking(move || std::fs::write(&target, contents))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Some(path))
}

async fn open_file(filter: FileFilter) -> Result<Option<Vec<u8>>, String> {
    let extensions: Vec<&str> = filter.extensions.iter().map(String::as_str).collect();
    let Some(handle) = rfd::AsyncFileDialog::new().add_filter(&filter.name, &extensions).pick_file().await
    else {
        return Ok(None);
    };
    let path = handle.path().to_owned();
    tokio::task::spawn_blocking(move || {
        use std::io::Read;
        let file = std::fs::File::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut bytes = Vec::new();
        // Read one byte past the cap to tell a file that is too large.
        file.take(MAX_OPEN_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Some(bytes))
    })
    .await
    .map_err(|e| e.to_string())?
}
