//! The QR lifecycle of one instance, as a pure state machine: inputs are commands, answers,
//! status codes and the clock; outputs are the actions the instance task must take.
//!
//! ```text
//! Idle --Pair--> Requesting --qr--> Showing{expires_at, attempt}
//! Showing --ttl over, refreshes left--> Requesting (attempt + 1)
//! Showing --ttl over, no refreshes left--> Expired
//! Showing --status 4--> Scanned --status 10--> Paired
//! Requesting --"already established"--> Paired
//! Requesting --error--> Retrying{retry_at} --time--> Requesting (attempt + 1) | Expired{error}
//! ```

/// After a pairing succeeds, the instance is polled at the pairing rate this long, so that
/// a pairing that does not hold is seen within seconds.
pub const WATCH_AFTER_PAIRED: std::time::Duration = std::time::Duration::from_secs(120);

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::api::{ApiError, QrOutcome, StatusCode};

/// Automatic QR refreshes without a scan before the app stops asking (the gateway may block
/// instances that hammer it). The first QR is attempt 1, so at most 6 QRs are requested.
pub const MAX_AUTO_REFRESHES: u32 = 5;
/// How often status is polled while a QR is shown.
pub const PAIRING_POLL: Duration = Duration::from_secs(2);

/// Where the pairing of an instance stands; sent to the UI whenever it changes.
#[derive(Debug, Clone, PartialEq)]
pub enum PairingPhase {
    Idle,
    Requesting {
        attempt: u32,
    },
    Showing {
        /// Identifies this QR (its image arrives separately, per display size).
        seq: u64,
        data_uri: Arc<str>,
        expires_at: Instant,
        ttl: Duration,
        attempt: u32,
    },
    /// Status 4: the phone scanned, the gateway is starting the session.
    Scanned,
    Paired,
    /// A QR request failed; another is tried at `retry_at`.
    Retrying {
        attempt: u32,
        retry_at: Instant,
        error: ApiError,
    },
    /// Stopped after the refresh cap (or repeated failures); a person must ask again.
    Expired {
        error: Option<ApiError>,
    },
}

impl PairingPhase {
    /// Pairing is under way: status is polled every [`PAIRING_POLL`].
    pub fn is_active(&self) -> bool {
        matches!(
            self,
            PairingPhase::Requesting { .. }
                | PairingPhase::Showing { .. }
                | PairingPhase::Scanned
                | PairingPhase::Retrying { .. }
        )
    }
}

/// What the instance task must do after a transition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PairingAction {
    /// Send `generate_qrcode` (never while one is in flight).
    RequestQr,
    /// Abort the QR request in flight.
    AbortQr,
    /// Poll status now (scan detection, or to fill the paired view).
    PollNow,
}

#[derive(Debug)]
pub struct Pairing {
    phase: PairingPhase,
    next_seq: u64,
    qr_in_flight: bool,
}

impl Default for Pairing {
    fn default() -> Self {
        Self { phase: PairingPhase::Idle, next_seq: 1, qr_in_flight: false }
    }
}

impl Pairing {
    pub fn phase(&self) -> &PairingPhase {
        &self.phase
    }

    /// "Connect" / "New QR": starts over at attempt 1, unless a request is already in flight.
    pub fn start(&mut self) -> Vec<PairingAction> {
        if self.qr_in_flight || matches!(self.phase, PairingPhase::Scanned) {
            return vec![];
        }
        self.request(1)
    }

    fn request(&mut self, attempt: u32) -> Vec<PairingAction> {
        self.phase = PairingPhase::Requesting { attempt };
        self.qr_in_flight = true;
        vec![PairingAction::RequestQr]
    }

    /// Leaving the pairing view: stop asking for QRs.
    pub fn cancel(&mut self) -> Vec<PairingAction> {
        if !self.phase.is_active() {
            return vec![];
        }
        self.phase = PairingPhase::Idle;
        if std::mem::take(&mut self.qr_in_flight) { vec![PairingAction::AbortQr] } else { vec![] }
    }

    pub fn on_qr(&mut self, result: Result<QrOutcome, ApiError>, now: Instant) -> Vec<PairingAction> {
        self.qr_in_flight = false;
        let PairingPhase::Requesting { attempt } = self.phase else {
            return vec![]; // cancelled meanwhile
        };
        match result {
            Ok(QrOutcome::Qr(qr)) => {
                let seq = self.next_seq;
                self.next_seq += 1;
                self.phase = PairingPhase::Showing {
                    seq,
                    data_uri: qr.data_uri.into(),
                    expires_at: now + qr.ttl,
                    ttl: qr.ttl,
                    attempt,
                };
                vec![]
            }
            Ok(QrOutcome::AlreadyConnected) => {
                self.phase = PairingPhase::Paired;
                vec![PairingAction::PollNow]
            }
            Err(error) if attempt <= MAX_AUTO_REFRESHES => {
                // 2, 4, 8, 16, 30 s: polite to a gateway that is struggling.
                let delay = Duration::from_secs((2u64 << (attempt - 1).min(4)).min(30));
                self.phase = PairingPhase::Retrying { attempt, retry_at: now + delay, error };
                vec![]
            }
            Err(error) => {
                self.phase = PairingPhase::Expired { error: Some(error) };
                vec![]
            }
        }
    }

    /// A status answer: 4 means scanned, 10 paired; leaving 10 ends the paired state.
    pub fn on_status(&mut self, code: StatusCode) -> Vec<PairingAction> {
        match (&self.phase, code) {
            (_, StatusCode::WhatsAppAuthenticated) if self.phase != PairingPhase::Paired => {
                let abort = std::mem::take(&mut self.qr_in_flight);
                self.phase = PairingPhase::Paired;
                if abort { vec![PairingAction::AbortQr] } else { vec![] }
            }
            (PairingPhase::Showing { .. }, StatusCode::Starting) => {
                self.phase = PairingPhase::Scanned;
                vec![]
            }
            // The session did not come up after the scan: start over with a fresh QR.
            (PairingPhase::Scanned, StatusCode::NoConnection | StatusCode::WhatsAppNotAuthenticated) => {
                self.request(1)
            }
            (PairingPhase::Paired, c)
                if c != StatusCode::WhatsAppAuthenticated && c != StatusCode::Starting =>
            {
                self.phase = PairingPhase::Idle;
                vec![]
            }
            _ => vec![],
        }
    }

    /// When the machine next needs the clock: the QR's expiry or the retry time.
    pub fn deadline(&self) -> Option<Instant> {
        match &self.phase {
            PairingPhase::Showing { expires_at, .. } => Some(*expires_at),
            PairingPhase::Retrying { retry_at, .. } => Some(*retry_at),
            _ => None,
        }
    }

    pub fn on_timer(&mut self, now: Instant) -> Vec<PairingAction> {
        match &self.phase {
            PairingPhase::Showing { expires_at, attempt, .. } if now >= *expires_at => {
                if *attempt <= MAX_AUTO_REFRESHES {
                    let next = attempt + 1;
                    self.request(next)
                } else {
                    self.phase = PairingPhase::Expired { error: None };
                    vec![]
                }
            }
            PairingPhase::Retrying { retry_at, attempt, .. } if now >= *retry_at => {
                let next = attempt + 1;
                self.request(next)
            }
            _ => vec![],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::QrCode;

    fn qr(ttl: u64) -> Result<QrOutcome, ApiError> {
        Ok(QrOutcome::Qr(QrCode { data_uri: "data:x".into(), ttl: Duration::from_secs(ttl) }))
    }

    #[test]
    fn refreshes_five_times_then_expires() {
        let mut p = Pairing::default();
        let mut now = Instant::now();
        assert_eq!(p.start(), vec![PairingAction::RequestQr]);
        let mut requests = 1;
        loop {
            p.on_qr(qr(20), now);
            now += Duration::from_secs(20);
            let actions = p.on_timer(now);
            if actions.is_empty() {
                break;
            }
            assert_eq!(actions, vec![PairingAction::RequestQr]);
            requests += 1;
        }
        assert_eq!(requests, 1 + MAX_AUTO_REFRESHES);
        assert_eq!(p.phase(), &PairingPhase::Expired { error: None });
        // The button starts over.
        assert_eq!(p.start(), vec![PairingAction::RequestQr]);
        assert_eq!(p.phase(), &PairingPhase::Requesting { attempt: 1 });
    }

    #[test]
    fn never_two_requests_in_flight() {
        let mut p = Pairing::default();
        assert_eq!(p.start(), vec![PairingAction::RequestQr]);
        assert_eq!(p.start(), vec![]);
        p.on_qr(qr(20), Instant::now());
        assert_eq!(p.start(), vec![PairingAction::RequestQr], "a new QR on demand once none is in flight");
    }

    #[test]
    fn expiry_is_measured_from_the_servers_ttl() {
        let mut p = Pairing::default();
        let t0 = Instant::now();
        p.start();
        p.on_qr(qr(7), t0);
        assert_eq!(p.deadline(), Some(t0 + Duration::from_secs(7)));
        assert!(p.on_timer(t0 + Duration::from_secs(6)).is_empty());
        assert_eq!(p.on_timer(t0 + Duration::from_secs(7)), vec![PairingAction::RequestQr]);
    }

    #[test]
    fn scan_then_paired() {
        let mut p = Pairing::default();
        p.start();
        p.on_qr(qr(20), Instant::now());
        p.on_status(StatusCode::WaitForQrAuthentication);
        assert!(matches!(p.phase(), PairingPhase::Showing { .. }));
        p.on_status(StatusCode::Starting);
        assert_eq!(p.phase(), &PairingPhase::Scanned);
        assert_eq!(p.deadline(), None, "no refresh after a scan");
        p.on_status(StatusCode::WhatsAppAuthenticated);
        assert_eq!(p.phase(), &PairingPhase::Paired);
        assert!(!p.phase().is_active());
        p.on_status(StatusCode::NoConnection);
        assert_eq!(p.phase(), &PairingPhase::Idle, "a disconnect ends the paired state");
    }

    #[test]
    fn already_established_goes_straight_to_paired() {
        let mut p = Pairing::default();
        p.start();
        assert_eq!(p.on_qr(Ok(QrOutcome::AlreadyConnected), Instant::now()), vec![PairingAction::PollNow]);
        assert_eq!(p.phase(), &PairingPhase::Paired);
    }

    #[test]
    fn cancel_aborts_the_request_in_flight_and_ignores_its_answer() {
        let mut p = Pairing::default();
        p.start();
        assert_eq!(p.cancel(), vec![PairingAction::AbortQr]);
        assert!(p.on_qr(qr(20), Instant::now()).is_empty());
        assert_eq!(p.phase(), &PairingPhase::Idle);
    }

    #[test]
    fn failures_retry_with_backoff_then_stop_with_the_error() {
        let mut p = Pairing::default();
        let mut now = Instant::now();
        p.start();
        let err = ApiError::Timeout { after: Duration::from_secs(15) };
        let mut delays = vec![];
        for _ in 0..=MAX_AUTO_REFRESHES {
            p.on_qr(Err(err.clone()), now);
            match p.deadline() {
                Some(at) => {
                    delays.push((at - now).as_secs());
                    now = at;
                    assert_eq!(p.on_timer(now), vec![PairingAction::RequestQr]);
                }
                None => break,
            }
        }
        assert_eq!(delays, [2, 4, 8, 16, 30]);
        assert_eq!(p.phase(), &PairingPhase::Expired { error: Some(err) });
    }
}
