//! Pure formatting of numbers, sizes and times for display.

use std::time::Duration;

use crate::tr;

/// Bytes in decimal units, as file managers show them: "15.5 MB", "842 KB", "0 B".
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 6] = ["B", "KB", "MB", "GB", "TB", "PB"];
    if n < 1000 {
        return format!("{n} B");
    }
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 999.95 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if value >= 100.0 { format!("{value:.0} {}", UNITS[unit]) } else { format!("{value:.1} {}", UNITS[unit]) }
}

/// A count with thousands separators: 1234567 → "1,234,567".
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "just now", "20 s ago", "3 min ago", "2 h ago", "4 d ago". Seconds go in steps of 10, so a
/// label showing it changes at most every 10 s (idle stays idle).
pub fn ago(elapsed: Duration) -> String {
    let s = elapsed.as_secs();
    match s {
        0..10 => tr!("time-just-now"),
        10..60 => tr!("time-seconds-ago", n = s / 10 * 10),
        60..3600 => tr!("time-minutes-ago", n = s / 60),
        3600..86400 => tr!("time-hours-ago", n = s / 3600),
        _ => tr!("time-days-ago", n = s / 86400),
    }
}

/// How long until [`ago`] shows a different text: what a label showing it must wait before
/// asking for a repaint (never every frame).
pub fn ago_changes_in(elapsed: Duration) -> Duration {
    let s = elapsed.as_secs();
    let step = match s {
        0..60 => 10 - s % 10,
        60..3600 => 60 - s % 60,
        3600..86400 => 3600 - s % 3600,
        _ => 86400 - s % 86400,
    };
    (Duration::from_secs(s + step)).saturating_sub(elapsed)
}

/// A latency: "85 ms", "1.2 s".
pub fn latency(d: Duration) -> String {
    let ms = d.as_millis();
    if ms < 1000 { format!("{ms} ms") } else { format!("{:.1} s", d.as_secs_f64()) }
}

/// Whole seconds left, rounded up, so a countdown shows 20 … 1 and then refreshes.
pub fn secs_left(remaining: Duration) -> u64 {
    let ms = remaining.as_millis() as u64;
    ms.div_ceil(1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_sizes() {
        assert_eq!(bytes(0), "0 B");
        assert_eq!(bytes(999), "999 B");
        assert_eq!(bytes(1000), "1.0 KB");
        assert_eq!(bytes(224_238), "224 KB");
        assert_eq!(bytes(15_544_238), "15.5 MB");
        assert_eq!(bytes(999_999), "1.0 MB");
        assert_eq!(bytes(u64::MAX), "18447 PB");
    }

    #[test]
    fn counts() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(1_234_567), "1,234,567");
    }

    #[test]
    fn relative_times_and_when_they_change() {
        let d = Duration::from_secs;
        let ms = Duration::from_millis;
        assert_eq!(ago(d(2)), "just now");
        assert_eq!(ago(d(12)), "10 s ago");
        assert_eq!(ago(d(59)), "50 s ago");
        assert_eq!(ago(d(200)), "3 min ago");
        assert_eq!(ago(d(7300)), "2 h ago");
        assert_eq!(ago_changes_in(ms(2500)), ms(7500));
        assert_eq!(ago_changes_in(ms(12_300)), ms(7700));
        assert_eq!(ago_changes_in(d(200)), d(40));
    }

    #[test]
    fn countdown_rounds_up() {
        assert_eq!(secs_left(Duration::from_millis(19_001)), 20);
        assert_eq!(secs_left(Duration::from_millis(1)), 1);
        assert_eq!(secs_left(Duration::ZERO), 0);
    }
}
