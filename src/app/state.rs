//! The view model: what the UI knows of each instance, updated from backend events.
//! No drawing and no I/O here.

use std::collections::{HashSet, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::api::{ApiError, ApiKey, InstanceStatus, StatusCode};
use crate::backend::{InstanceEvent, InstanceId, Operation, PairingPhase};
use crate::qr::{QrError, QrImage};
use crate::tr;

/// Entries kept per instance in the event log.
pub const LOG_CAPACITY: usize = 500;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogOutcome {
    Ok,
    Failed,
    Info,
}

#[derive(Debug, Clone)]
pub struct LogEntry {
    pub at: chrono::DateTime<chrono::Local>,
    pub what: String,
    pub outcome: LogOutcome,
    pub detail: String,
    pub latency: Option<Duration>,
}

/// The QR as the UI shows it: the image of the current QR at the current size.
pub struct QrDisplay {
    pub seq: u64,
    pub image: Arc<QrImage>,
    pub texture: egui::TextureHandle,
}

/// The outcome of the last run of an operation, shown next to its button.
#[derive(Debug, Clone)]
pub struct OpResult {
    pub result: Result<(), ApiError>,
    pub at: Instant,
    pub latency: Duration,
}

/// What the user configured for an instance.
#[derive(Debug, Clone, PartialEq)]
pub struct InstanceMeta {
    /// The stable id the history knows it by (saved in instances.json; survives renames).
    pub uid: Arc<str>,
    pub name: String,
    pub base_url: String,
    pub key: ApiKey,
    pub tags: Vec<String>,
    pub notes: String,
    pub timeout: Duration,
    /// Saved in the instance list (the demo instance and `--base-url` ones are not).
    pub persist: bool,
    /// Out of service on purpose: polled every 10 minutes, left out of alerts, trouble counts
    /// and bulk selections unless chosen, shown dimmed.
    pub parked: bool,
}

impl InstanceMeta {
    pub fn new(name: impl Into<String>, base_url: impl Into<String>, key: ApiKey) -> Self {
        Self {
            uid: crate::history::new_uid().into(),
            name: name.into(),
            base_url: base_url.into(),
            key,
            tags: Vec::new(),
            notes: String::new(),
            timeout: crate::api::DEFAULT_TIMEOUT,
            persist: false,
            parked: false,
        }
    }

    pub fn from_saved(saved: &crate::store::SavedInstance) -> Self {
        let uid = if saved.id.is_empty() { crate::history::new_uid() } else { saved.id.clone() };
        Self {
            uid: uid.into(),
            tags: saved.tags.clone(),
            notes: saved.notes.clone(),
            persist: true,
            parked: saved.parked,
            ..Self::new(saved.name.clone(), saved.base_url.clone(), saved.key.clone())
        }
    }

    pub fn to_saved(&self) -> crate::store::SavedInstance {
        crate::store::SavedInstance {
            id: self.uid.to_string(),
            name: self.name.clone(),
            base_url: self.base_url.clone(),
            key: self.key.clone(),
            tags: self.tags.clone(),
            notes: self.notes.clone(),
            parked: self.parked,
            keyring: false,
        }
    }
}

pub struct InstanceState {
    pub id: InstanceId,
    pub meta: InstanceMeta,
    /// The base URL as shown: never a query.
    pub display_url: String,
    /// The last good status, kept when later polls fail.
    pub status: Option<InstanceStatus>,
    pub status_at: Option<Instant>,
    /// The last poll's error, if it failed after `status_at`: the data is stale.
    pub poll_error: Option<(ApiError, Instant)>,
    pub pairing: PairingPhase,
    pub qr: Option<QrDisplay>,
    pub qr_error: Option<(u64, QrError)>,
    pub ops_in_flight: HashSet<Operation>,
    pub last_results: Vec<(Operation, OpResult)>,
    /// "Refresh" was pressed and its answer has not come yet.
    pub refresh_pending: bool,
    /// The instance cannot be served (bad URL or key).
    pub fatal: Option<ApiError>,
    pub log: VecDeque<LogEntry>,
    /// The last requests, while the diagnostics drawer watches this instance (empty otherwise).
    pub exchanges: crate::diagnostics::ExchangeLog,
    /// Which changes of state have been told (see `alerts`).
    pub alert: super::alerts::StateWatch,
    /// When a pairing made by this app succeeded (a drop soon after is told at once).
    pub paired_at: Option<Instant>,
    /// Seen paired in this run: not paired now means it dropped (listed before the never
    /// paired).
    pub was_paired: bool,
    /// The time between the last two answers: how often it is really polled.
    pub poll_gap: Option<Duration>,
}

impl InstanceState {
    pub fn new(id: InstanceId, meta: InstanceMeta) -> Self {
        Self {
            id,
            display_url: display_base_url(&meta.base_url),
            meta,
            status: None,
            status_at: None,
            poll_error: None,
            pairing: PairingPhase::Idle,
            qr: None,
            qr_error: None,
            ops_in_flight: HashSet::new(),
            last_results: Vec::new(),
            refresh_pending: false,
            fatal: None,
            log: VecDeque::new(),
            exchanges: Default::default(),
            alert: Default::default(),
            paired_at: None,
            was_paired: false,
            poll_gap: None,
        }
    }

    pub fn code(&self) -> Option<StatusCode> {
        self.status.as_ref().map(|s| s.status)
    }

    pub fn is_paired(&self) -> bool {
        self.code() == Some(StatusCode::WhatsAppAuthenticated)
    }

    pub fn can_restore(&self) -> bool {
        self.status.as_ref().and_then(|s| s.can_restore_connection) == Some(true) && !self.is_paired()
    }

    /// The last poll failed: what is shown is the last good data.
    pub fn is_stale(&self) -> bool {
        self.poll_error.is_some()
    }

    pub fn last_result(&self, op: Operation) -> Option<&OpResult> {
        self.last_results.iter().find(|(o, _)| *o == op).map(|(_, r)| r)
    }

    fn log(&mut self, what: String, outcome: LogOutcome, detail: String, latency: Option<Duration>) {
        if self.log.len() == LOG_CAPACITY {
            self.log.pop_front();
        }
        self.log.push_back(LogEntry { at: chrono::Local::now(), what, outcome, detail, latency });
    }

    /// Applies one backend event. `upload` turns a rasterized QR into a texture (egui's job,
    /// done by the caller so that this stays free of a `Context`).
    pub fn apply(&mut self, event: InstanceEvent, upload: impl FnOnce(&QrImage) -> egui::TextureHandle) {
        let now = Instant::now();
        match event {
            InstanceEvent::Exchanges { all, .. } => {
                self.exchanges = crate::diagnostics::ExchangeLog::default();
                for exchange in all {
                    self.exchanges.push(exchange);
                }
            }
            InstanceEvent::Exchange { exchange, .. } => self.exchanges.push(exchange),
            InstanceEvent::Pairing { phase, .. } => self.on_pairing(phase),
            InstanceEvent::QrImage { seq, result, .. } => match result {
                Ok(image) => {
                    let texture = upload(&image);
                    self.qr = Some(QrDisplay { seq, image, texture });
                    self.qr_error = None;
                }
                Err(e) => {
                    self.log(tr!("log-qr-unreadable"), LogOutcome::Failed, e.to_string(), None);
                    self.qr_error = Some((seq, e));
                }
            },
            InstanceEvent::Status { status, latency, at, .. } => {
                let old = self.code();
                let new = status.status;
                if old != Some(new) {
                    let text = match old {
                        Some(old) => {
                            tr!("log-state-changed", from = status_label(old), to = status_label(new))
                        }
                        None => tr!("log-state-first", state = status_label(new)),
                    };
                    self.log(text, LogOutcome::Info, String::new(), Some(latency));
                }
                if let Some((error, _)) = self.poll_error.take() {
                    self.log(tr!("log-poll-recovered"), LogOutcome::Ok, error.to_string(), Some(latency));
                }
                self.was_paired |= new == StatusCode::WhatsAppAuthenticated;
                self.poll_gap = self.status_at.map(|before| at.saturating_duration_since(before));
                self.status = Some(*status);
                self.status_at = Some(at);
                self.refresh_pending = false;
            }
            InstanceEvent::PollFailed { error, .. } => {
                // Log the first failure and any change of error, not every retry.
                if self.poll_error.as_ref().map(|(e, _)| e) != Some(&error) {
                    self.log(tr!("log-poll-failed"), LogOutcome::Failed, error.to_string(), None);
                }
                self.poll_error = Some((error, now));
                self.refresh_pending = false;
            }
            InstanceEvent::OperationStarted { op, .. } => {
                self.ops_in_flight.insert(op);
            }
            InstanceEvent::OperationDone { op, result, latency, .. } => {
                self.ops_in_flight.remove(&op);
                let (outcome, detail) = match &result {
                    Ok(()) => (LogOutcome::Ok, operation_success(op)),
                    Err(e) => (LogOutcome::Failed, e.to_string()),
                };
                self.log(operation_name(op), outcome, detail, Some(latency));
                self.last_results.retain(|(o, _)| *o != op);
                self.last_results.push((op, OpResult { result, at: now, latency }));
            }
            InstanceEvent::BulkDone { op, outcome, .. } => {
                use crate::backend::bulk::BulkOutcome;
                // An operation's own outcome is logged by `OperationDone` (and a failed
                // status by `PollFailed`); what is left is said here.
                match outcome {
                    BulkOutcome::Ok if op == Operation::Status => {
                        self.log(
                            tr!("log-bulk", op = operation_name(op)),
                            LogOutcome::Ok,
                            tr!("op-done"),
                            None,
                        );
                    }
                    BulkOutcome::Skipped(reason) => {
                        if op != Operation::Status {
                            self.ops_in_flight.remove(&op);
                        }
                        let why = skip_reason(reason);
                        self.log(tr!("log-bulk", op = operation_name(op)), LogOutcome::Info, why, None);
                    }
                    BulkOutcome::Ok | BulkOutcome::Failed(_) => {}
                }
            }
            InstanceEvent::InstanceFailed { error, .. } => {
                self.log(tr!("log-instance-unusable"), LogOutcome::Failed, error.to_string(), None);
                self.fatal = Some(error);
            }
        }
    }

    fn on_pairing(&mut self, phase: PairingPhase) {
        let entry = match &phase {
            PairingPhase::Showing { attempt, ttl, .. } => Some((
                tr!("log-qr-shown", attempt = *attempt, secs = ttl.as_secs()),
                LogOutcome::Info,
                String::new(),
            )),
            PairingPhase::Scanned => Some((tr!("log-qr-scanned"), LogOutcome::Ok, String::new())),
            PairingPhase::Paired if self.pairing.is_active() => {
                self.paired_at = Some(Instant::now());
                Some((tr!("log-paired"), LogOutcome::Ok, String::new()))
            }
            PairingPhase::Expired { error } => Some((
                tr!("log-qr-expired"),
                LogOutcome::Failed,
                error.as_ref().map(ToString::to_string).unwrap_or_default(),
            )),
            PairingPhase::Retrying { error, .. } => {
                Some((tr!("log-qr-request-failed"), LogOutcome::Failed, error.to_string()))
            }
            PairingPhase::Idle if self.pairing.is_active() => {
                Some((tr!("log-pairing-cancelled"), LogOutcome::Info, String::new()))
            }
            _ => None,
        };
        if let Some((what, outcome, detail)) = entry {
            self.log(what, outcome, detail, None);
        }
        if !matches!(phase, PairingPhase::Showing { .. }) {
            self.qr = None;
            self.qr_error = None;
        }
        self.pairing = phase;
    }
}

/// The base URL as shown: scheme, host, port and path; never a query.
pub fn display_base_url(raw: &str) -> String {
    match reqwest::Url::parse(raw.trim()) {
        Ok(mut url) => {
            url.set_query(None);
            url.to_string()
        }
        Err(_) => raw.split('?').next().unwrap_or("").to_owned(),
    }
}

/// The state in words: "Paired", "Waiting for QR scan", "unknown (42)".
pub fn status_friendly(code: StatusCode) -> String {
    match code {
        StatusCode::NoConnection => tr!("status-0"),
        StatusCode::WebSocketOpening => tr!("status-1"),
        StatusCode::WebSocketOpen => tr!("status-2"),
        StatusCode::WaitForQrAuthentication => tr!("status-3"),
        StatusCode::Starting => tr!("status-4"),
        StatusCode::WhatsAppAuthenticated => tr!("status-10"),
        StatusCode::WhatsAppAuthenticatedConnectionClosed => tr!("status-11"),
        StatusCode::WhatsAppNotAuthenticated => tr!("status-13"),
        StatusCode::Unknown(n) => tr!("status-unknown", code = n),
    }
}

/// The words with the gateway's code and name: "Paired (10 WhatsAppAuthenticated)",
/// "unknown (42)".
pub fn status_label(code: StatusCode) -> String {
    match code {
        StatusCode::Unknown(_) => status_friendly(code),
        _ => format!("{} ({code})", status_friendly(code)),
    }
}

/// Why an instance of a bulk run was left out, in words.
pub fn skip_reason(reason: crate::backend::bulk::SkipReason) -> String {
    use crate::backend::bulk::SkipReason;
    match reason {
        SkipReason::Cancelled => tr!("bulk-skipped-cancelled"),
        SkipReason::AlreadyRunning => tr!("bulk-skipped-running"),
        SkipReason::Gone => tr!("bulk-skipped-gone"),
    }
}

pub fn operation_name(op: Operation) -> String {
    operation_texts(op).0
}

fn operation_success(op: Operation) -> String {
    operation_texts(op).1
}

/// An operation's name, and what the log says when it succeeded.
fn operation_texts(op: Operation) -> (String, String) {
    match op {
        Operation::GenerateQr => (tr!("op-generate-qr"), tr!("op-done")),
        Operation::Status => (tr!("op-status"), tr!("op-done")),
        Operation::Disconnect => (tr!("op-disconnect"), tr!("op-done-disconnect")),
        Operation::CloseSession => (tr!("op-close-session"), tr!("op-done-close-session")),
        Operation::SaveSession => (tr!("op-save-session"), tr!("op-done-save-session")),
        Operation::RestoreSession => (tr!("op-restore-session"), tr!("op-done-restore-session")),
        Operation::Clear => (tr!("op-clear"), tr!("op-done-clear")),
        Operation::SetConfig => (tr!("op-settings"), tr!("op-done-settings")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> InstanceState {
        InstanceState::new(1, InstanceMeta::new("x", "http://h/", ApiKey::new("key-1")))
    }

    fn status(code: i64) -> InstanceEvent {
        InstanceEvent::Status {
            id: 1,
            status: Box::new(InstanceStatus::with_code(StatusCode::from_code(code))),
            latency: Duration::from_millis(5),
            at: Instant::now(),
        }
    }

    fn no_texture(_: &QrImage) -> egui::TextureHandle {
        unreachable!()
    }

    #[test]
    fn a_failed_poll_keeps_the_last_good_data_marked_stale() {
        let mut s = state();
        s.apply(status(10), no_texture);
        s.apply(
            InstanceEvent::PollFailed { id: 1, error: ApiError::Timeout { after: Duration::from_secs(15) } },
            no_texture,
        );
        assert!(s.is_stale());
        assert_eq!(s.code(), Some(StatusCode::WhatsAppAuthenticated), "last good data kept");
        s.apply(
            InstanceEvent::PollFailed { id: 1, error: ApiError::Timeout { after: Duration::from_secs(15) } },
            no_texture,
        );
        s.apply(status(10), no_texture);
        assert!(!s.is_stale());
        let failures = s.log.iter().filter(|e| e.outcome == LogOutcome::Failed).count();
        assert_eq!(failures, 1, "a repeated error is logged once");
    }

    #[test]
    fn state_changes_are_logged() {
        let mut s = state();
        s.apply(status(0), no_texture);
        s.apply(status(0), no_texture);
        s.apply(status(10), no_texture);
        let texts: Vec<_> = s.log.iter().map(|e| e.what.clone()).collect();
        assert_eq!(texts.len(), 2, "{texts:?}");
        assert!(texts[1].contains("Paired"), "{texts:?}");
    }

    #[test]
    fn the_log_is_bounded() {
        let mut s = state();
        for i in 0..(LOG_CAPACITY + 20) {
            s.apply(status((i % 2) as i64 * 10), no_texture);
        }
        assert_eq!(s.log.len(), LOG_CAPACITY);
    }

    #[test]
    fn unknown_codes_are_shown_as_unknown() {
        assert_eq!(status_label(StatusCode::from_code(42)), "unknown (42)");
        assert!(status_label(StatusCode::from_code(10)).contains("10 WhatsAppAuthenticated"));
    }
}
