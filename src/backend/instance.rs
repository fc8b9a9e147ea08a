//! One instance's task: owns its `Client`, runs the pairing state machine and the poller,
//! and keeps at most one request of each kind in flight.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::broadcast;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::{AbortHandle, JoinSet};

use super::bulk::{BulkOutcome, SkipReason, Ticket};
use super::pairing::{Pairing, PairingAction, PairingPhase};
use super::poller::{Intervals, PollMode, Poller};
use super::{EventSink, InstanceEvent, InstanceId, InstanceSpec, Operation};
use crate::api::{ApiError, Client, ClientConfig, DEFAULT_USER_AGENT, InstanceStatus, QrOutcome, Settings};
use crate::history::{self, Recorder, What};
use crate::qr::{self, QrError, QrImage};

#[derive(Debug)]
pub(super) enum Input {
    OnScreen(bool),
    Pair,
    CancelPairing,
    Refresh,
    QrDisplaySize(u32),
    Run(Operation, Option<Settings>),
    Rename(String),
    Park(bool),
    /// This instance's part of a bulk run (the operation is the ticket's).
    Bulk(Option<Settings>, Ticket),
    /// The diagnostics drawer shows this instance (true): send its exchanges, then each new one.
    Watch(bool),
}

/// The instance's last requests (diagnostics), filled by its client's recorder.
#[derive(Default)]
struct Exchanges {
    log: std::sync::Mutex<crate::diagnostics::ExchangeLog>,
    watched: std::sync::atomic::AtomicBool,
}

impl Exchanges {
    fn log(&self) -> std::sync::MutexGuard<'_, crate::diagnostics::ExchangeLog> {
        self.log.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

enum Done {
    Qr(Result<QrOutcome, ApiError>),
    Poll(Result<InstanceStatus, ApiError>, Duration),
    Op(Operation, Result<Option<InstanceStatus>, ApiError>, Duration, Option<Ticket>),
    /// A bulk run's status request.
    BulkPoll(Result<InstanceStatus, ApiError>, Duration, Ticket),
    /// A bulk run's request found the run cancelled when its turn came.
    BulkSkipped(Ticket),
    Raster {
        seq: u64,
        side: u32,
        result: Result<QrImage, QrError>,
    },
}

/// What all instance tasks share: the polling configuration and each gateway's limit of
/// requests in flight.
pub(super) struct Shared {
    pub config: super::BackendConfig,
    /// The cap per gateway, and each gateway's permits (made on first use).
    permits: std::sync::Mutex<GatewayPermits>,
    /// The health of each gateway, as its instances see it.
    pub gateways: std::sync::Mutex<HashMap<Arc<str>, GatewayHealth>>,
    /// A gateway answered again while others of its instances were in trouble.
    pub recovered: broadcast::Sender<Arc<str>>,
    pub history: Recorder,
    /// Each gateway's bulk pause: consecutive troubled answers, and until when to wait.
    bulk_pauses: std::sync::Mutex<HashMap<Arc<str>, (u32, Instant)>>,
}

/// The cap per gateway, and each gateway's semaphore.
type GatewayPermits = (usize, HashMap<Arc<str>, Arc<tokio::sync::Semaphore>>);

/// How many instances of a gateway are in trouble (see `ApiError::is_gateway_trouble`), and
/// when one of them, the probe, polls next regardless of its backoff: so that the end of an
/// outage is noticed within half an interval while the rest of the fleet backs off.
#[derive(Debug, Default)]
pub(super) struct GatewayHealth {
    troubled: usize,
    probe_at: Option<Instant>,
}

impl Shared {
    pub fn new(config: super::BackendConfig, history: Recorder) -> Self {
        Self {
            history,
            permits: std::sync::Mutex::new((config.max_in_flight.clamp(1, MAX_CAP), HashMap::new())),
            config,
            gateways: Default::default(),
            recovered: broadcast::channel(16).0,
            bulk_pauses: Default::default(),
        }
    }

    /// The permits of `gateway`: every poll and operation sent to it holds one.
    fn permits(&self, gateway: &Arc<str>) -> Arc<tokio::sync::Semaphore> {
        let mut permits = self.permits.lock().unwrap_or_else(|e| e.into_inner());
        let cap = permits.0;
        permits.1.entry(gateway.clone()).or_insert_with(|| Arc::new(tokio::sync::Semaphore::new(cap))).clone()
    }

    /// A new cap: requests from now on take the new gateways' permits; those waiting or in
    /// flight finish under the old ones.
    pub fn set_cap(&self, cap: usize) {
        let mut permits = self.permits.lock().unwrap_or_else(|e| e.into_inner());
        *permits = (cap.clamp(1, MAX_CAP), HashMap::new());
    }

    /// Until when a bulk request to `gateway` should wait: a gateway in trouble is given
    /// room, as polling backs off, instead of taking a fleet's worth of requests at once.
    fn bulk_pause(&self, gateway: &Arc<str>) -> Option<Instant> {
        let pauses = self.bulk_pauses.lock().unwrap_or_else(|e| e.into_inner());
        pauses.get(gateway).map(|(_, until)| *until).filter(|until| *until > Instant::now())
    }

    /// A bulk request's answer: trouble doubles the gateway's pause, anything else ends it.
    fn bulk_answered(&self, gateway: &Arc<str>, trouble: bool) {
        let mut pauses = self.bulk_pauses.lock().unwrap_or_else(|e| e.into_inner());
        if !trouble {
            pauses.remove(gateway);
            return;
        }
        let failures = pauses.get(gateway).map_or(0, |(n, _)| *n) + 1;
        let cap = (self.config.max_backoff / 30).max(self.config.bulk_backoff);
        let pause = self.config.bulk_backoff.saturating_mul(1 << (failures - 1).min(10)).min(cap);
        pauses.insert(gateway.clone(), (failures, Instant::now() + pause));
    }

    fn gateways(&self) -> std::sync::MutexGuard<'_, HashMap<Arc<str>, GatewayHealth>> {
        self.gateways.lock().unwrap_or_else(|e| e.into_inner())
    }
    fn intervals(&self) -> Intervals {
        Intervals {
            pairing: self.config.pairing_interval,
            on_screen: self.config.on_screen_interval,
            background: self.config.background_interval,
            parked: self.config.parked_interval,
            max_backoff: self.config.max_backoff,
            pairing_max_backoff: self.config.pairing_max_backoff,
        }
    }
}

/// The highest cap per gateway Preferences offers.
pub const MAX_CAP: usize = 16;

pub(super) fn spawn(
    spec: InstanceSpec,
    http: reqwest::Client,
    events: EventSink,
    on_screen: bool,
    shared: Arc<Shared>,
) -> Option<UnboundedSender<Input>> {
    // Instances behind one base URL share a gateway: they fail and recover together.
    let gateway: Arc<str> = spec.base_url.trim_end_matches('/').to_ascii_lowercase().into();
    let config = ClientConfig { base_url: spec.base_url, key: spec.key, timeout: spec.timeout };
    let exchanges = Arc::new(Exchanges::default());
    let recorder: crate::api::ExchangeRecorder = {
        let (exchanges, events, id) = (exchanges.clone(), events.clone(), spec.id);
        Arc::new(move |exchange| {
            exchanges.log().push(exchange.clone());
            if exchanges.watched.load(std::sync::atomic::Ordering::Relaxed) {
                events.send(InstanceEvent::Exchange { id, exchange });
            }
        })
    };
    let client = match Client::with_http(config, http) {
        Ok(c) => c.with_recorder(recorder),
        Err(error) => {
            events.send(InstanceEvent::InstanceFailed { id: spec.id, error });
            return None;
        }
    };
    shared.history.record(&spec.uid, history::now_ms(), What::Named(spec.name));
    let (tx, rx) = unbounded_channel();
    let now = Instant::now();
    let mode = match (on_screen, spec.parked) {
        (true, _) => PollMode::OnScreen,
        (false, true) => PollMode::Parked,
        (false, false) => PollMode::Background,
    };
    let task = Task {
        id: spec.id,
        uid: spec.uid,
        client,
        events,
        pairing: Pairing::default(),
        poller: Poller::with_intervals(mode, shared.intervals(), now),
        recoveries: shared.recovered.subscribe(),
        gateway,
        in_trouble: false,
        last_poll: None,
        shared,
        on_screen,
        parked: spec.parked,
        work: JoinSet::new(),
        qr_request: None,
        ops: HashSet::new(),
        qr_side: None,
        rendered: None,
        raster_in_flight: false,
        sent_phase: None,
        after_op: None,
        paired_at: None,
        exchanges,
    };
    tokio::spawn(task.run(rx));
    Some(tx)
}

struct Task {
    id: InstanceId,
    exchanges: Arc<Exchanges>,
    /// The history's name for this instance.
    uid: Arc<str>,
    shared: Arc<Shared>,
    gateway: Arc<str>,
    /// The last poll failed with gateway trouble (counted in `Shared::troubled`).
    in_trouble: bool,
    recoveries: broadcast::Receiver<Arc<str>>,
    /// What the UI was last told of a poll: a repeat of it is sent quietly.
    last_poll: Option<Result<InstanceStatus, ApiError>>,
    client: Client,
    events: EventSink,
    pairing: Pairing,
    poller: Poller,
    on_screen: bool,
    parked: bool,
    /// Requests and rasterizing in flight; dropping the set aborts them all.
    work: JoinSet<Done>,
    qr_request: Option<AbortHandle>,
    ops: HashSet<Operation>,
    /// The QR widget's size in physical pixels; nothing is rasterized before the UI says it
    /// (it does so on the first frame that shows the QR), so no raster is thrown away.
    qr_side: Option<u32>,
    /// The (QR, side) last rasterized, so that each is rasterized once.
    rendered: Option<(u64, u32)>,
    raster_in_flight: bool,
    /// The phase the UI was last told of.
    sent_phase: Option<PairingPhase>,
    /// An operation succeeded and the poll after it has not come yet.
    after_op: Option<Operation>,
    /// When the last pairing succeeded.
    paired_at: Option<Instant>,
}

impl Task {
    async fn run(mut self, mut inputs: UnboundedReceiver<Input>) {
        loop {
            let now = Instant::now();
            if self.poller.is_due(now) {
                self.start_poll();
            }
            let deadline = [self.poller.next_at(), self.pairing.deadline()]
                .into_iter()
                .flatten()
                .min()
                .unwrap_or(now + Duration::from_secs(3600));
            tokio::select! {
                input = inputs.recv() => match input {
                    Some(input) => self.on_input(input),
                    None => break, // removed, or the app is closing
                },
                Some(joined) = self.work.join_next(), if !self.work.is_empty() => {
                    if let Ok(done) = joined {
                        self.on_done(done);
                    }
                }
                Ok(gateway) = self.recoveries.recv() => {
                    if gateway == self.gateway {
                        self.poller.gateway_recovered(Instant::now(), rand::random());
                    }
                }
                _ = tokio::time::sleep_until(deadline.into()) => {
                    let actions = self.pairing.on_timer(Instant::now());
                    self.after_pairing(actions);
                }
            }
        }
        self.set_in_trouble(false);
        self.work.abort_all();
    }

    fn set_in_trouble(&mut self, trouble: bool) {
        if trouble == self.in_trouble {
            return;
        }
        self.in_trouble = trouble;
        let mut gateways = self.shared.gateways();
        let health = gateways.entry(self.gateway.clone()).or_default();
        if trouble {
            health.troubled += 1;
        } else {
            health.troubled = health.troubled.saturating_sub(1);
            if health.troubled == 0 {
                gateways.remove(&self.gateway);
            }
        }
    }

    /// After a poll: tracks this instance's trouble; in trouble, becomes the gateway's probe if
    /// no other instance is one; with an answer while others are in trouble, tells them the
    /// gateway is back (they then poll spread over half an interval, not all at once).
    fn note_poll_result(&mut self, result: &Result<InstanceStatus, ApiError>, now: Instant) {
        self.set_in_trouble(result.as_ref().is_err_and(ApiError::is_gateway_trouble));
        let half_interval = self.poller.interval() / 2;
        let mut gateways = self.shared.gateways();
        let Some(health) = gateways.get_mut(&self.gateway) else { return };
        if self.in_trouble {
            if health.probe_at.is_none_or(|at| at <= now) {
                health.probe_at = Some(now + half_interval);
                self.poller.poll_by(now + half_interval);
            }
        } else if result.is_ok() {
            health.probe_at = None;
            let _ = self.shared.recovered.send(self.gateway.clone());
        }
    }

    fn on_input(&mut self, input: Input) {
        match input {
            Input::OnScreen(on) => {
                self.on_screen = on;
                self.update_mode();
            }
            Input::Pair => {
                let actions = self.pairing.start();
                self.after_pairing(actions);
            }
            Input::CancelPairing => {
                let actions = self.pairing.cancel();
                self.after_pairing(actions);
            }
            Input::Refresh => self.poller.refresh(Instant::now()),
            Input::QrDisplaySize(side) => {
                self.qr_side = Some(side.clamp(qr::MIN_SIDE_PX, qr::MAX_SIDE_PX));
                self.maybe_rasterize();
            }
            Input::Run(op, settings) => self.start_operation(op, settings, None),
            Input::Bulk(settings, ticket) => self.start_bulk(settings, ticket),
            Input::Rename(name) => {
                self.shared.history.record(&self.uid, history::now_ms(), What::Named(name));
            }
            Input::Park(parked) => {
                self.parked = parked;
                self.update_mode();
            }
            Input::Watch(on) => {
                self.exchanges.watched.store(on, std::sync::atomic::Ordering::Relaxed);
                if on {
                    let all = self.exchanges.log().records().cloned().collect();
                    self.events.send(InstanceEvent::Exchanges { id: self.id, all });
                }
            }
        }
    }

    fn on_done(&mut self, done: Done) {
        let now = Instant::now();
        match done {
            Done::Qr(result) => {
                self.qr_request = None;
                let actions = self.pairing.on_qr(result, now);
                self.after_pairing(actions);
            }
            Done::Poll(result, latency) => {
                self.poller.finished(result.is_ok(), now);
                self.note_poll_result(&result, now);
                // A change seen by the poll that follows an operation is the operation's doing.
                self.update_mode(); // the watch after a pairing ends by itself
                let cause = match self.after_op.take() {
                    Some(op) => format!("op:{}", op.slug()),
                    None if self.pairing.phase().is_active() => "pairing".to_owned(),
                    None => "poll".to_owned(),
                };
                self.record_poll(&result, &cause, latency);
                match result {
                    Ok(status) => self.on_status(status, latency),
                    Err(error) => {
                        let event = InstanceEvent::PollFailed { id: self.id, error: error.clone() };
                        self.tell(Err(error), event);
                    }
                }
            }
            Done::BulkPoll(result, latency, ticket) => {
                self.record_poll(&result, "poll", latency);
                let outcome = match &result {
                    Ok(_) => BulkOutcome::Ok,
                    Err(e) => BulkOutcome::Failed(e.clone()),
                };
                match result {
                    Ok(status) => self.on_status(status, latency),
                    Err(error) => {
                        let event = InstanceEvent::PollFailed { id: self.id, error: error.clone() };
                        self.tell(Err(error), event);
                    }
                }
                ticket.report(outcome);
            }
            Done::BulkSkipped(ticket) => {
                self.ops.remove(&ticket.op);
                ticket.report(BulkOutcome::Skipped(SkipReason::Cancelled));
            }
            Done::Op(op, result, latency, ticket) => {
                self.ops.remove(&op);
                let (result, status) = match result {
                    Ok(status) => (Ok(()), status),
                    Err(e) => (Err(e), None),
                };
                self.record_operation(op, &result, status.as_ref(), latency);
                if result.is_ok() {
                    self.after_op = Some(op);
                }
                self.events.send(InstanceEvent::OperationDone {
                    id: self.id,
                    op,
                    result: result.clone(),
                    latency,
                });
                if let Some(status) = status {
                    self.on_status(status, latency);
                }
                // The operation changed the instance: show its full state at once.
                self.poller.poll_now(now);
                if let Some(ticket) = ticket {
                    ticket.report(match result {
                        Ok(()) => BulkOutcome::Ok,
                        Err(e) => BulkOutcome::Failed(e),
                    });
                }
            }
            Done::Raster { seq, side, result } => {
                self.raster_in_flight = false;
                self.rendered = Some((seq, side));
                if self.current_qr().is_some_and(|(s, _)| s == seq) {
                    self.events.send(InstanceEvent::QrImage {
                        id: self.id,
                        seq,
                        result: result.map(Arc::new),
                    });
                }
                self.maybe_rasterize(); // the size may have changed meanwhile
            }
        }
    }

    /// Tells the history what a poll found, at once (the UI may hear of it later).
    fn record_poll(&self, result: &Result<InstanceStatus, ApiError>, cause: &str, latency: Duration) {
        let what = match result {
            Ok(status) => answered(status, cause, latency),
            Err(error) => What::NoAnswer {
                kind: error.kind().to_owned(),
                detail: crate::logging::scrub(&error.to_string()),
            },
        };
        self.shared.history.record(&self.uid, history::now_ms(), what);
    }

    /// An operation's outcome, and the state it left the instance in.
    fn record_operation(
        &self,
        op: Operation,
        result: &Result<(), ApiError>,
        status: Option<&InstanceStatus>,
        latency: Duration,
    ) {
        let at = history::now_ms();
        let what = What::Operation {
            op: op.slug().to_owned(),
            ok: result.is_ok(),
            error: result.as_ref().err().map(|e| crate::logging::scrub(&e.to_string())),
            latency_ms: latency.as_millis() as i64,
        };
        self.shared.history.record(&self.uid, at, what);
        if let Some(status) = status {
            let cause = format!("op:{}", op.slug());
            self.shared.history.record(&self.uid, at, answered(status, &cause, latency));
        }
    }

    /// Sends `event`, which reports `outcome`; quietly when the UI was last told the same.
    fn tell(&mut self, outcome: Result<InstanceStatus, ApiError>, event: InstanceEvent) {
        let same = self.last_poll.as_ref() == Some(&outcome);
        self.last_poll = Some(outcome);
        if same { self.events.send_quietly(event) } else { self.events.send(event) }
    }

    fn on_status(&mut self, status: InstanceStatus, latency: Duration) {
        let code = status.status;
        let event = InstanceEvent::Status {
            id: self.id,
            status: Box::new(status.clone()),
            latency,
            at: Instant::now(),
        };
        self.tell(Ok(status), event);
        let actions = self.pairing.on_status(code);
        self.after_pairing(actions);
    }

    /// Carries out the pairing machine's actions and tells the UI of a new phase.
    fn after_pairing(&mut self, actions: Vec<PairingAction>) {
        for action in actions {
            match action {
                PairingAction::RequestQr => self.start_qr_request(),
                PairingAction::AbortQr => {
                    if let Some(h) = self.qr_request.take() {
                        h.abort();
                    }
                }
                PairingAction::PollNow => self.poller.poll_now(Instant::now()),
            }
        }
        if self.sent_phase.as_ref() != Some(self.pairing.phase()) {
            let phase = self.pairing.phase().clone();
            if phase == PairingPhase::Paired && self.sent_phase.as_ref().is_some_and(PairingPhase::is_active)
            {
                self.paired_at = Some(Instant::now());
            }
            self.sent_phase = Some(phase.clone());
            self.events.send(InstanceEvent::Pairing { id: self.id, phase });
        }
        self.update_mode();
        self.maybe_rasterize();
    }

    fn update_mode(&mut self) {
        // Just paired: watched at the pairing rate a while, so that a pairing that does not
        // hold is seen at once (each poll calls this again, so the mode falls back by itself).
        let just_paired = self.paired_at.is_some_and(|at| at.elapsed() < super::pairing::WATCH_AFTER_PAIRED);
        let mode = if self.pairing.phase().is_active() || just_paired {
            PollMode::Pairing
        } else if self.on_screen {
            PollMode::OnScreen
        } else if self.parked {
            PollMode::Parked
        } else {
            PollMode::Background
        };
        self.poller.set_mode(mode, Instant::now());
    }

    fn current_qr(&self) -> Option<(u64, Arc<str>)> {
        match self.pairing.phase() {
            PairingPhase::Showing { seq, data_uri, .. } => Some((*seq, data_uri.clone())),
            _ => None,
        }
    }

    /// Rasterizes the current QR for the current size, once, on the blocking pool.
    fn maybe_rasterize(&mut self) {
        let (Some((seq, uri)), Some(side)) = (self.current_qr(), self.qr_side) else {
            return;
        };
        if self.raster_in_flight || self.rendered == Some((seq, side)) {
            return;
        }
        tracing::debug!(seq, side, "rasterizing the QR");
        self.raster_in_flight = true;
        self.work.spawn(async move {
            let result = tokio::task::spawn_blocking(move || qr::rasterize(&uri, side))
                .await
                .unwrap_or(Err(QrError::Stopped));
            Done::Raster { seq, side, result }
        });
    }

    fn start_qr_request(&mut self) {
        let client = self.client.clone();
        let handle =
            self.work.spawn(async move { Done::Qr(client.generate_qrcode(DEFAULT_USER_AGENT).await) });
        self.qr_request = Some(handle);
    }

    fn start_poll(&mut self) {
        self.poller.started();
        let client = self.client.clone();
        let permits = self.shared.permits(&self.gateway);
        self.work.spawn(async move {
            let _permit = permits.acquire_owned().await;
            let started = Instant::now();
            let result = client.status().await;
            Done::Poll(result, started.elapsed())
        });
    }

    /// This instance's part of a bulk run: a status request of its own, or the operation.
    fn start_bulk(&mut self, settings: Option<Settings>, ticket: Ticket) {
        if ticket.is_cancelled() {
            return ticket.report(BulkOutcome::Skipped(SkipReason::Cancelled));
        }
        match ticket.op {
            Operation::Status => {
                let client = self.client.clone();
                let permits = self.shared.permits(&self.gateway);
                let (shared, gateway) = (self.shared.clone(), self.gateway.clone());
                self.work.spawn(async move {
                    let _permit = permits.acquire_owned().await;
                    if !bulk_turn(&shared, &gateway, &ticket).await {
                        return Done::BulkSkipped(ticket);
                    }
                    let started = Instant::now();
                    let result = client.status().await;
                    shared.bulk_answered(&gateway, result.as_ref().is_err_and(ApiError::is_gateway_trouble));
                    Done::BulkPoll(result, started.elapsed(), ticket)
                });
            }
            op if self.ops.contains(&op) || op == Operation::GenerateQr => {
                ticket.report(BulkOutcome::Skipped(SkipReason::AlreadyRunning));
            }
            op => self.start_operation(op, settings, Some(ticket)),
        }
    }

    fn start_operation(&mut self, op: Operation, settings: Option<Settings>, ticket: Option<Ticket>) {
        if op == Operation::GenerateQr {
            return self.on_input(Input::Pair);
        }
        if op == Operation::Status {
            return self.on_input(Input::Refresh);
        }
        if !self.ops.insert(op) {
            return; // already in flight
        }
        self.events.send(InstanceEvent::OperationStarted { id: self.id, op });
        let client = self.client.clone();
        let permits = self.shared.permits(&self.gateway);
        let (shared, gateway) = (self.shared.clone(), self.gateway.clone());
        self.work.spawn(async move {
            let _permit = permits.acquire_owned().await;
            if let Some(t) = &ticket
                && !bulk_turn(&shared, &gateway, t).await
            {
                return Done::BulkSkipped(ticket.expect("checked above"));
            }
            let started = Instant::now();
            let result = match op {
                Operation::Disconnect => client.disconnect().await.map(Some),
                Operation::CloseSession => client.close_session().await,
                Operation::SaveSession => client.save_session().await.map(|()| None),
                Operation::RestoreSession => client.restore_session().await,
                Operation::Clear => client.clear().await.map(|_| None),
                Operation::SetConfig => client.set_config(&settings.unwrap_or_default()).await.map(Some),
                Operation::GenerateQr | Operation::Status => unreachable!("handled above"),
            };
            if ticket.is_some() {
                shared.bulk_answered(&gateway, result.as_ref().is_err_and(ApiError::is_gateway_trouble));
            }
            Done::Op(op, result, started.elapsed(), ticket)
        });
    }
}

/// A bulk request's turn, once it holds its gateway's permit: it waits out the gateway's
/// pause, if any, then goes unless the run was cancelled meanwhile.
async fn bulk_turn(shared: &Shared, gateway: &Arc<str>, ticket: &Ticket) -> bool {
    if let Some(until) = shared.bulk_pause(gateway)
        && !ticket.is_cancelled()
    {
        tokio::time::sleep_until(until.into()).await;
    }
    !ticket.is_cancelled()
}

/// A status answer as the history records it.
fn answered(status: &InstanceStatus, cause: &str, latency: Duration) -> What {
    let info = status.connection_info.as_ref();
    let stats = status.stats.as_ref();
    What::Answered {
        code: status.status.code(),
        cause: cause.to_owned(),
        values: history::Values {
            battery: info.and_then(|i| i.battery),
            plugged: info.and_then(|i| i.plugged),
            storage_bytes: status.storage.as_ref().and_then(|s| s.bytes).map(|b| b as i64),
            contacts: stats.and_then(|s| s.contacts).map(|n| n as i64),
            chats: stats.and_then(|s| s.chats).map(|n| n as i64),
        },
        latency_ms: latency.as_millis() as i64,
    }
}
