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
use std::time::Duration;

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
            Event::ConfigSaved { .. } => None,
        }
    }
}

/// How the backend polls; the defaults are the product's, tests shorten them.
#[derive(Debug, Clone)]
pub struct BackendConfig {
    pub pairing_interval: Duration,
    pub on_screen_interval: Duration,
    pub background_interval: Duration,
    /// Requests in flight at once across the whole fleet.
    pub max_in_flight: usize,
}

impl Default for BackendConfig {
    fn default() -> Self {
        Self {
            pairing_interval: Duration::from_secs(2),
            on_screen_interval: Duration::from_secs(15),
            background_interval: Duration::from_secs(30),
            max_in_flight: 4,
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
    BackendHandle {
        commands: cmd_tx,
        events: ev_rx,
    }
}

/// Routes commands to the instance tasks; ends when the UI drops its handle.
async fn route(mut commands: UnboundedReceiver<Command>, sink: EventSink, config: BackendConfig) {
    let shared = Arc::new(instance::Shared {
        permits: Arc::new(tokio::sync::Semaphore::new(config.max_in_flight.max(1))),
        config,
    });
    // Saves run one after another, so that an older list never lands after a newer one.
    let save_lock = Arc::new(tokio::sync::Mutex::new(()));
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
                if let Some(tx) = instance::spawn(
                    spec,
                    http.clone(),
                    sink.clone(),
                    focused == Some(id),
                    shared.clone(),
                ) {
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
                let (sink, lock) = (sink.clone(), save_lock.clone());
                tokio::spawn(async move {
                    let _serial = lock.lock().await;
                    let result = tokio::task::spawn_blocking(move || store.save(&config))
                        .await
                        .map_err(|e| e.to_string())
                        .and_then(|r| r.map_err(|e| e.to_string()));
                    if let Err(e) = &result {
                        tracing::error!("saving the instance list failed: {e}");
                    }
                    sink.send(Event::ConfigSaved { result });
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
