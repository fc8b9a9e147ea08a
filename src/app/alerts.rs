//! Alerts that don't cry wolf: a change of state is told (a notice, a desktop notification)
//! only once the new state has held for a number of polls in a row, so that a gateway's
//! flicker alarms nobody. The history records every change at once regardless. Pure.

use std::time::{Duration, Instant};

use crate::api::StatusCode;

/// After a phone is paired, a drop within this time is told at once ("linked, then dropped"):
/// the pairing did not hold. The backend polls at the pairing rate meanwhile.
pub const AFTER_PAIRING: Duration = crate::backend::pairing::WATCH_AFTER_PAIRED;

/// A change of state that held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Confirmed {
    pub from: StatusCode,
    pub to: StatusCode,
}

/// What one instance's alerts know: the state last told of, and a new one being confirmed.
#[derive(Debug, Clone, Default)]
pub struct StateWatch {
    told: Option<StatusCode>,
    candidate: Option<(StatusCode, u32)>,
}

impl StateWatch {
    /// One status answer. Returns the change to tell of once `code` has been seen `polls`
    /// times in a row (1 tells at once). The first state ever seen is no change.
    pub fn observe(&mut self, code: StatusCode, polls: u32) -> Option<Confirmed> {
        let Some(told) = self.told else {
            self.told = Some(code);
            return None;
        };
        if code == told {
            self.candidate = None; // a flicker: back before it held
            return None;
        }
        let seen = match self.candidate {
            Some((c, n)) if c == code => n + 1,
            _ => 1,
        };
        if seen >= polls.max(1) {
            self.told = Some(code);
            self.candidate = None;
            return Some(Confirmed { from: told, to: code });
        }
        self.candidate = Some((code, seen));
        None
    }

    /// The state last told of (or first seen).
    pub fn told(&self) -> Option<StatusCode> {
        self.told
    }

    /// The change was told another way (at once, after a pairing): do not tell it again.
    pub fn mark_told(&mut self, code: StatusCode) {
        self.told = Some(code);
        self.candidate = None;
    }
}

/// Whether leaving status 10 now is "linked, then dropped".
pub fn dropped_after_pairing(paired_at: Option<Instant>, now: Instant) -> bool {
    paired_at.is_some_and(|at| now.saturating_duration_since(at) < AFTER_PAIRING)
}

/// Drops of one gateway's instances within this time are told together.
pub const DROP_WINDOW: Duration = Duration::from_secs(5 * 60);

/// How a drop is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropTell {
    /// On its own.
    One,
    /// With the others of its gateway: `count` dropped within `minutes` (the notice says so,
    /// replacing theirs). `first` is true when the group has just formed.
    Group { count: usize, minutes: u64, first: bool },
}

/// The recent drops of each gateway, so that an outage of 40 instances is one notice.
#[derive(Debug, Clone, Default)]
pub struct FleetDrops {
    recent: std::collections::HashMap<String, std::collections::VecDeque<Instant>>,
}

impl FleetDrops {
    /// An instance of `gateway` left the paired state at `now`; `at_least` drops within
    /// [`DROP_WINDOW`] make a group.
    pub fn dropped(&mut self, gateway: &str, now: Instant, at_least: usize) -> DropTell {
        let drops = self.recent.entry(gateway.to_owned()).or_default();
        while drops.front().is_some_and(|at| now.saturating_duration_since(*at) > DROP_WINDOW) {
            drops.pop_front();
        }
        drops.push_back(now);
        let count = drops.len();
        if count < at_least.max(2) {
            return DropTell::One;
        }
        let span = now.saturating_duration_since(*drops.front().expect("just pushed"));
        let minutes = span.as_secs().div_ceil(60).max(1);
        DropTell::Group { count, minutes, first: count == at_least.max(2) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_of_one_gateway_within_five_minutes_are_told_together() {
        let t0 = Instant::now();
        let mut d = FleetDrops::default();
        let at = |s: u64| t0 + Duration::from_secs(s);
        assert_eq!(d.dropped("a", at(0), 3), DropTell::One);
        assert_eq!(d.dropped("b", at(10), 3), DropTell::One, "another gateway counts apart");
        assert_eq!(d.dropped("a", at(60), 3), DropTell::One);
        assert_eq!(d.dropped("a", at(130), 3), DropTell::Group { count: 3, minutes: 3, first: true });
        assert_eq!(d.dropped("a", at(140), 3), DropTell::Group { count: 4, minutes: 3, first: false });
        assert_eq!(d.dropped("a", at(1000), 3), DropTell::One, "older drops leave the window");
    }
    use StatusCode::*;

    #[test]
    fn a_flicker_is_not_told_and_a_change_that_holds_is_told_once() {
        let mut w = StateWatch::default();
        assert_eq!(w.observe(WhatsAppAuthenticated, 2), None, "the first state is no change");
        assert_eq!(w.observe(NoConnection, 2), None, "once is a flicker so far");
        assert_eq!(w.observe(WhatsAppAuthenticated, 2), None, "and it was");
        assert_eq!(w.observe(NoConnection, 2), None);
        assert_eq!(
            w.observe(NoConnection, 2),
            Some(Confirmed { from: WhatsAppAuthenticated, to: NoConnection }),
            "twice in a row"
        );
        assert_eq!(w.observe(NoConnection, 2), None, "told once");
        // A change to a third state restarts the count.
        assert_eq!(w.observe(WhatsAppNotAuthenticated, 2), None);
        assert_eq!(w.observe(WhatsAppAuthenticatedConnectionClosed, 2), None);
        assert_eq!(
            w.observe(WhatsAppAuthenticatedConnectionClosed, 2),
            Some(Confirmed { from: NoConnection, to: WhatsAppAuthenticatedConnectionClosed })
        );
        // One poll: at once.
        assert_eq!(w.observe(WhatsAppAuthenticated, 1).map(|c| c.to), Some(WhatsAppAuthenticated));
    }

    #[test]
    fn a_drop_soon_after_pairing_is_a_failed_pairing() {
        let now = Instant::now();
        assert!(dropped_after_pairing(Some(now), now + Duration::from_secs(119)));
        assert!(!dropped_after_pairing(Some(now), now + AFTER_PAIRING));
        assert!(!dropped_after_pairing(None, now));
    }
}
