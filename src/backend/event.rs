//! Backend → UI: what happened to one instance, and answers to the app's own requests (saves,
//! file dialogs), kept apart so that each side matches only its own.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::pairing::PairingPhase;
use super::{FilePurpose, HistoryTag, InstanceId, Operation};
use crate::api::{ApiError, InstanceStatus};
use crate::qr::{QrError, QrImage};

/// Backend → UI.
#[derive(Debug, Clone)]
pub enum Event {
    Instance(InstanceEvent),
    App(AppEvent),
}

/// What happened to one instance.
#[derive(Debug, Clone)]
pub enum InstanceEvent {
    /// The instance's last requests, when the diagnostics drawer starts watching it.
    Exchanges {
        id: InstanceId,
        all: Vec<crate::diagnostics::Exchange>,
    },
    /// One more request of a watched instance.
    Exchange {
        id: InstanceId,
        exchange: crate::diagnostics::Exchange,
    },
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
    /// This instance's part of a bulk run ended.
    BulkDone {
        id: InstanceId,
        job: super::bulk::JobId,
        op: Operation,
        outcome: super::bulk::BulkOutcome,
    },
}

impl InstanceEvent {
    /// The instance the event is about.
    pub fn id(&self) -> InstanceId {
        match self {
            InstanceEvent::Pairing { id, .. }
            | InstanceEvent::QrImage { id, .. }
            | InstanceEvent::Status { id, .. }
            | InstanceEvent::PollFailed { id, .. }
            | InstanceEvent::OperationStarted { id, .. }
            | InstanceEvent::OperationDone { id, .. }
            | InstanceEvent::InstanceFailed { id, .. }
            | InstanceEvent::BulkDone { id, .. }
            | InstanceEvent::Exchanges { id, .. }
            | InstanceEvent::Exchange { id, .. } => *id,
        }
    }
}

/// Answers to the app's own requests.
#[derive(Debug, Clone)]
pub enum AppEvent {
    /// A `SaveConfig` finished: where the keys are now.
    ConfigSaved { result: Result<crate::keys::KeyHome, String> },
    /// A `SavePrefs` finished.
    PrefsSaved { result: Result<(), String> },
    /// A `SaveFile` finished: the path written, `None` if the dialog was cancelled (or no
    /// dialog is available on this desktop).
    FileSaved { purpose: FilePurpose, result: Result<Option<std::path::PathBuf>, String> },
    /// An `OpenFile` finished: the contents, `None` if cancelled.
    FileOpened { purpose: FilePurpose, result: Result<Option<Vec<u8>>, String> },
    /// An answer from the history.
    History { tag: HistoryTag, answer: crate::history::Answer },
    /// Something about the history file the user should hear once.
    HistoryNotice(crate::history::HistoryNotice),
    /// The keyring's answer to `ReadKeys`, a batch at a time: the keys it gave (by instance id).
    KeysRead {
        keys: Vec<(String, crate::api::ApiKey)>,
        /// With the last batch: what went wrong, and where the keys are now.
        done: Option<(Vec<String>, crate::keys::KeyHome)>,
    },
    /// Another start with the same instance list: come forward (and open an instance).
    Raise(crate::single::Request),
    /// A `ReadCsv` finished: every row judged, or why the file cannot be used.
    CsvRead(Result<Box<crate::import::CsvPreview>, String>),
}

impl From<InstanceEvent> for Event {
    fn from(e: InstanceEvent) -> Self {
        Event::Instance(e)
    }
}

impl From<AppEvent> for Event {
    fn from(e: AppEvent) -> Self {
        Event::App(e)
    }
}
