//! Desktop notifications (opt-in): when an instance leaves the paired state, or its phone's
//! battery drops under 20 % (`api::LOW_BATTERY`). At most one per instance per 10 minutes. The decision is pure
//! (tested without a desktop); showing one happens on the runtime, through the desktop's
//! notification service (D-Bus `org.freedesktop.Notifications`). A desktop without one is
//! logged once and otherwise ignored: the in-app notices say the same.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::api::{InstanceStatus, LOW_BATTERY};

/// At most one notification per instance in this time.
pub const MIN_GAP: Duration = Duration::from_secs(600);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// Was paired (10), is not any more.
    LeftPaired,
    /// The battery went under [`LOW_BATTERY`] (it was at or above it, or unknown).
    LowBattery(i64),
    /// This many instances of one gateway dropped within minutes (told once per outage).
    FleetDropped(usize),
}

/// Whether the battery went low between two statuses of one instance. (Leaving the paired
/// state is told once it held: `app::alerts`.)
pub fn low_battery(before: Option<&InstanceStatus>, after: &InstanceStatus) -> Option<Reason> {
    let battery = |s: &InstanceStatus| s.connection_info.as_ref().and_then(|c| c.battery);
    let now = battery(after).filter(|_| after.status.is_paired())?;
    let was_low = before.and_then(battery).is_some_and(|b| b < LOW_BATTERY);
    (now < LOW_BATTERY && !was_low).then_some(Reason::LowBattery(now))
}

/// Remembers when each instance was last notified about.
#[derive(Debug, Default)]
pub struct Throttle {
    last: HashMap<u64, Instant>,
}

impl Throttle {
    /// Whether `id` may be notified about at `now` (and if so, records it).
    pub fn allow(&mut self, id: u64, now: Instant) -> bool {
        match self.last.get(&id) {
            Some(at) if now.saturating_duration_since(*at) < MIN_GAP => false,
            _ => {
                self.last.insert(id, now);
                true
            }
        }
    }
}

static FAILURE_LOGGED: AtomicBool = AtomicBool::new(false);

/// Shows a notification (blocking: call it on the blocking pool). A failure is logged the
/// first time only.
pub fn show(summary: &str, body: &str) {
    let result = notify_rust::Notification::new()
        .appname("witi-connect")
        .summary(summary)
        .body(body)
        .icon("witi-connect")
        .show();
    if let Err(e) = result {
        log_failure_once(&FAILURE_LOGGED, &e.to_string());
    }
}

/// Logs why notifications cannot be shown, the first time `logged` is passed (once per run
/// for the app's flag); says whether it logged.
fn log_failure_once(logged: &AtomicBool, why: &str) -> bool {
    let first = !logged.swap(true, Ordering::SeqCst);
    if first {
        tracing::warn!("desktop notifications are not available ({why}); not trying to report it again");
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{ConnectionInfo, StatusCode};

    fn status(code: StatusCode, battery: Option<i64>) -> InstanceStatus {
        let mut s = InstanceStatus::with_code(code);
        s.connection_info = Some(ConnectionInfo { battery, ..ConnectionInfo::default() });
        s
    }

    #[test]
    fn a_battery_going_low_is_news_once() {
        use StatusCode::*;
        let paired = |b| status(WhatsAppAuthenticated, b);
        let reason = low_battery;
        assert_eq!(
            reason(Some(&paired(Some(80))), &status(NoConnection, None)),
            None,
            "not a battery matter"
        );
        assert_eq!(reason(Some(&paired(Some(40))), &paired(Some(14))), Some(Reason::LowBattery(14)));
        assert_eq!(reason(Some(&paired(None)), &paired(Some(9))), Some(Reason::LowBattery(9)));
        assert_eq!(reason(None, &paired(Some(9))), Some(Reason::LowBattery(9)), "low at the first status");
        assert_eq!(reason(Some(&paired(Some(14))), &paired(Some(12))), None, "already low");
        assert_eq!(reason(Some(&paired(Some(40))), &paired(Some(20))), None, "20 is not under 20");
    }

    #[test]
    fn one_per_instance_per_ten_minutes() {
        let t0 = Instant::now();
        let mut t = Throttle::default();
        assert!(t.allow(1, t0));
        assert!(t.allow(2, t0), "per instance");
        assert!(!t.allow(1, t0 + Duration::from_secs(599)));
        assert!(t.allow(1, t0 + Duration::from_secs(600)));
    }

    #[test]
    fn a_failure_to_notify_is_logged_once() {
        let logged = AtomicBool::new(false);
        assert!(log_failure_once(&logged, "no D-Bus session"), "the first time: logged");
        assert!(!log_failure_once(&logged, "no D-Bus session"), "the second time: silent");
        assert!(!log_failure_once(&logged, "another reason"), "whatever the reason");
    }
}
