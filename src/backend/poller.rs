//! When to poll `status.aspx`: about every 2 s while pairing, 15 s for the instance on screen,
//! 30 s for the others; exponential backoff on failures, capped at 5 minutes.

use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PollMode {
    Pairing,
    OnScreen,
    Background,
    /// Out of service on purpose: rarely.
    Parked,
}

/// The intervals of the three cadences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Intervals {
    pub pairing: Duration,
    pub on_screen: Duration,
    pub background: Duration,
    pub parked: Duration,
    /// The longest wait between retries after failures.
    pub max_backoff: Duration,
    /// The same while pairing, short so that a scan is noticed even if the gateway hiccups.
    pub pairing_max_backoff: Duration,
}

impl Default for Intervals {
    fn default() -> Self {
        Self {
            pairing: Duration::from_secs(2),
            on_screen: Duration::from_secs(15),
            background: Duration::from_secs(30),
            parked: PARKED_INTERVAL,
            max_backoff: MAX_BACKOFF,
            pairing_max_backoff: Duration::from_secs(10),
        }
    }
}

impl Intervals {
    pub fn of(&self, mode: PollMode) -> Duration {
        match mode {
            PollMode::Pairing => self.pairing,
            PollMode::OnScreen => self.on_screen,
            PollMode::Background => self.background,
            PollMode::Parked => self.parked,
        }
    }

    /// The delay before the next poll after `failures` consecutive failures: doubling, capped
    /// at `max_backoff` (`pairing_max_backoff` while pairing).
    pub fn delay(&self, mode: PollMode, failures: u32) -> Duration {
        let base = self.of(mode);
        if failures == 0 {
            return base;
        }
        let cap = if mode == PollMode::Pairing { self.pairing_max_backoff } else { self.max_backoff };
        base.saturating_mul(1u32 << failures.min(10)).min(cap).max(base)
    }
}

pub const MAX_BACKOFF: Duration = Duration::from_secs(300);

/// How often a parked instance is polled.
pub const PARKED_INTERVAL: Duration = Duration::from_secs(600);

/// The delay with the product's intervals.
pub fn delay(mode: PollMode, failures: u32) -> Duration {
    Intervals::default().delay(mode, failures)
}

/// Spreads `d` by ±10 % with `unit` in 0..1, so that a fleet does not poll (or retry after an
/// outage) in lockstep.
pub fn jittered(d: Duration, unit: f64) -> Duration {
    d.mul_f64(0.9 + 0.2 * unit.clamp(0.0, 1.0))
}

/// The polling state of one instance.
#[derive(Debug)]
pub struct Poller {
    pub mode: PollMode,
    intervals: Intervals,
    pub failures: u32,
    next_at: Instant,
    /// When the last poll finished; the schedule counts from it.
    last_finished: Instant,
    /// A poll was asked for now (start, F5, after an operation): a mode change keeps it.
    forced: bool,
    in_flight: bool,
    /// Already rescheduled for a gateway's recovery since the last poll: later news of the
    /// same recovery must not pull the poll earlier again (the minimum of many random points
    /// would bunch the fleet at the start of the spread).
    recovering: bool,
}

impl Poller {
    /// The first poll is due at once, so a new instance shows its state without waiting.
    pub fn new(mode: PollMode, now: Instant) -> Self {
        Self::with_intervals(mode, Intervals::default(), now)
    }

    pub fn with_intervals(mode: PollMode, intervals: Intervals, now: Instant) -> Self {
        Self {
            mode,
            intervals,
            failures: 0,
            next_at: now,
            last_finished: now,
            forced: true,
            in_flight: false,
            recovering: false,
        }
    }

    /// When the next poll is due, or `None` while one is in flight.
    pub fn next_at(&self) -> Option<Instant> {
        (!self.in_flight).then_some(self.next_at)
    }

    pub fn is_due(&self, now: Instant) -> bool {
        !self.in_flight && now >= self.next_at
    }

    pub fn in_flight(&self) -> bool {
        self.in_flight
    }

    pub fn started(&mut self) {
        self.in_flight = true;
        self.forced = false;
    }

    pub fn finished(&mut self, ok: bool, now: Instant) {
        self.in_flight = false;
        self.recovering = false;
        self.failures = if ok { 0 } else { self.failures.saturating_add(1) };
        self.last_finished = now;
        if !self.forced {
            self.next_at = now + self.next_delay();
        }
    }

    /// The delay to the next poll: background polls and every retry are jittered.
    fn next_delay(&self) -> Duration {
        let d = self.intervals.delay(self.mode, self.failures);
        if matches!(self.mode, PollMode::Background | PollMode::Parked) || self.failures > 0 {
            jittered(d, rand::random())
        } else {
            d
        }
    }

    /// The interval of the current cadence, without backoff or jitter.
    pub fn interval(&self) -> Duration {
        self.intervals.of(self.mode)
    }

    /// Poll no later than `at`, whatever the backoff says (the gateway's probe).
    pub fn poll_by(&mut self, at: Instant) {
        self.next_at = self.next_at.min(at);
    }

    /// The gateway answered another instance again after an outage: instead of sitting out
    /// this instance's backoff (up to `max_backoff`), poll at a point spread over half an
    /// interval (`unit` in 0..1), so that a fleet recovers quickly but without a burst.
    pub fn gateway_recovered(&mut self, now: Instant, unit: f64) {
        if self.failures == 0 || self.in_flight || self.recovering {
            return;
        }
        self.recovering = true;
        self.poll_by(now + (self.interval() / 2).mul_f64(unit.clamp(0.0, 1.0)));
    }

    /// The user asks for fresh status (F5, "Status"): with a poll in flight its answer is the
    /// fresh one, so the ask joins it: never two polls at once, nor one straight after another.
    pub fn refresh(&mut self, now: Instant) {
        if !self.in_flight {
            self.poll_now(now);
        }
    }

    /// Poll as soon as possible, after the one in flight if any: its answer may predate what
    /// made this poll necessary (an operation finished, a QR shown).
    pub fn poll_now(&mut self, now: Instant) {
        self.next_at = now;
        self.forced = true;
    }

    /// A new cadence, counted from the last poll: faster takes effect at once, slower drops
    /// the poll the old cadence had scheduled. A poll asked for now is kept.
    pub fn set_mode(&mut self, mode: PollMode, _now: Instant) {
        if mode == self.mode {
            return;
        }
        self.mode = mode;
        if !self.forced {
            self.next_at = self.last_finished + self.next_delay();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let secs = |m, f| delay(m, f).as_secs();
        assert_eq!(secs(PollMode::OnScreen, 0), 15);
        assert_eq!(secs(PollMode::OnScreen, 1), 30);
        assert_eq!(secs(PollMode::OnScreen, 2), 60);
        assert_eq!(secs(PollMode::OnScreen, 5), 300);
        assert_eq!(secs(PollMode::OnScreen, 50), 300);
        assert_eq!(secs(PollMode::Pairing, 0), 2);
        assert_eq!(secs(PollMode::Pairing, 9), 10);
    }

    #[test]
    fn jitter_is_ten_percent_either_way() {
        let d = Duration::from_secs(30);
        assert_eq!(jittered(d, 0.0), Duration::from_secs(27));
        assert_eq!(jittered(d, 1.0), Duration::from_secs(33));
        assert_eq!(jittered(d, 0.5), d);
    }

    #[test]
    fn schedule_follows_results_and_mode() {
        let t0 = Instant::now();
        let mut p = Poller::new(PollMode::OnScreen, t0);
        assert!(p.is_due(t0));
        p.started();
        assert_eq!(p.next_at(), None);
        p.finished(true, t0);
        assert_eq!(p.next_at(), Some(t0 + Duration::from_secs(15)));
        p.set_mode(PollMode::Pairing, t0);
        assert_eq!(p.next_at(), Some(t0 + Duration::from_secs(2)));
        p.started();
        p.finished(false, t0);
        let retry = p.next_at().unwrap() - t0;
        assert!(retry >= Duration::from_millis(3600) && retry <= Duration::from_millis(4400), "{retry:?}");
        p.poll_now(t0);
        assert!(p.is_due(t0));
        p.set_mode(PollMode::OnScreen, t0);
        assert!(p.is_due(t0), "a mode change keeps a poll asked for now");
        p.started();
        p.finished(true, t0);
        p.set_mode(PollMode::Pairing, t0);
        p.set_mode(PollMode::OnScreen, t0);
        assert_eq!(p.next_at(), Some(t0 + Duration::from_secs(15)), "slowing down reschedules");
    }

    #[test]
    fn a_refresh_joins_the_poll_in_flight() {
        let t0 = Instant::now();
        let mut p = Poller::new(PollMode::OnScreen, t0);
        p.started();
        p.refresh(t0);
        p.finished(true, t0);
        assert_eq!(p.next_at(), Some(t0 + Duration::from_secs(15)), "answered by the poll in flight");
        p.refresh(t0 + Duration::from_secs(1));
        assert!(p.is_due(t0 + Duration::from_secs(1)), "with none in flight it polls at once");
        p.started();
        p.poll_now(t0);
        p.finished(true, t0);
        assert!(p.is_due(t0), "an operation's poll waits for the one in flight, then goes");
    }

    #[test]
    fn a_recovered_gateway_cuts_a_backoff_short_but_spreads_the_retries() {
        let t0 = Instant::now();
        let mut p = Poller::new(PollMode::Background, t0);
        p.started();
        p.finished(true, t0);
        let normal = p.next_at().unwrap();
        p.gateway_recovered(t0, 0.0);
        assert_eq!(p.next_at(), Some(normal), "an instance that is not failing keeps its schedule");
        for _ in 0..4 {
            p.started();
            p.finished(false, t0);
        }
        assert!(p.next_at().unwrap() - t0 >= Duration::from_secs(270), "backing off: {:?}", p.next_at());
        p.gateway_recovered(t0, 0.5);
        assert_eq!(p.next_at(), Some(t0 + Duration::from_millis(7500)), "over half an interval, by `unit`");
        p.gateway_recovered(t0, 0.0);
        assert_eq!(p.next_at(), Some(t0 + Duration::from_millis(7500)), "rescheduled once per recovery");
        p.started();
        p.gateway_recovered(t0, 0.0);
        assert_eq!(p.next_at(), None, "a poll in flight is left alone");
    }
}
