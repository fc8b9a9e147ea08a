//! Pure formatting of numbers, sizes and times for display.

use std::time::Duration;

use crate::tr;

/// Bytes in decimal units, as file managers show them: "15.5 MB", "842 KB", "0 B" (in
/// Portuguese "15,5 MB").
/// A span of time for people: "3 d 4 h", "2 h 14 min", "35 min", "48 s".
pub fn duration_ms(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    let (d, h, m) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60);
    match (d, h, m) {
        (d, h, _) if d > 0 => format!("{d} d {h} h"),
        (_, h, m) if h > 0 => format!("{h} h {m} min"),
        (_, _, m) if m > 0 => format!("{m} min"),
        _ => format!("{s} s"),
    }
}

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
    let number = if value >= 100.0 { format!("{value:.0}") } else { decimal(&format!("{value:.1}")) };
    format!("{number} {}", UNITS[unit])
}

/// The separators of the app's language: (thousands, decimal).
fn separators() -> (char, char) {
    match crate::i18n::language() {
        crate::i18n::Language::English => (',', '.'),
        crate::i18n::Language::PortugueseBrazil => ('.', ','),
    }
}

/// A percentage with one decimal in the app's language: "99.2", "99,2".
pub fn percent1(value: f64) -> String {
    decimal(&format!("{value:.1}"))
}

/// "1.5" with the language's decimal separator.
fn decimal(formatted: &str) -> String {
    formatted.replace('.', &separators().1.to_string())
}

/// A count with the language's thousands separators: "1,234,567", "1.234.567".
pub fn count(n: u64) -> String {
    let separator = separators().0;
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// "less than a minute ago", "3 min ago", "2 h ago", "4 d ago": at most one change a minute,
/// so that the app's minute tick (`until_next_minute`) keeps every such label current and an
/// idle window repaints once a minute, not once per label.
pub fn ago(elapsed: Duration) -> String {
    let s = elapsed.as_secs();
    match s {
        0..60 => tr!("time-under-a-minute"),
        60..3600 => tr!("time-minutes-ago", n = s / 60),
        3600..86400 => tr!("time-hours-ago", n = s / 3600),
        _ => tr!("time-days-ago", n = s / 86400),
    }
}

/// The same for a narrow column: "< 1 min", "3 min", "2 h", "4 d".
pub fn ago_short(elapsed: Duration) -> String {
    let s = elapsed.as_secs();
    match s {
        0..60 => tr!("time-short-under-a-minute"),
        60..3600 => tr!("time-short-minutes", n = s / 60),
        3600..86400 => tr!("time-short-hours", n = s / 3600),
        _ => tr!("time-short-days", n = s / 86400),
    }
}

/// The time to the next whole minute of the wall clock: the app's one timer for everything
/// that ages (at least a millisecond, so a tick never asks for a frame at once).
pub fn until_next_minute(now: std::time::SystemTime) -> Duration {
    let since_epoch = now.duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let into_minute = Duration::from_millis((since_epoch.as_millis() % 60_000) as u64);
    (Duration::from_secs(60) - into_minute).max(Duration::from_millis(1))
}

/// A latency: "< 1 ms", "85 ms", "1.2 s".
pub fn latency(d: Duration) -> String {
    let ms = d.as_millis();
    // "0 ms" read as a missing measure on loopback answers; under a millisecond is said so.
    match ms {
        0 => "< 1 ms".into(),
        1..1000 => format!("{ms} ms"),
        _ => decimal(&format!("{:.1} s", d.as_secs_f64())),
    }
}

/// A date and time as the language writes it: "2026-11-24 20:09:42", "24/11/2026 20:09:42".
pub fn date_time(at: &chrono::DateTime<chrono::Local>) -> String {
    match crate::i18n::language() {
        crate::i18n::Language::English => at.format("%Y-%m-%d %H:%M:%S").to_string(),
        crate::i18n::Language::PortugueseBrazil => at.format("%d/%m/%Y %H:%M:%S").to_string(),
    }
}

/// A day in the app's language, for time axes: "Nov 30", "30/11".
pub fn day(at: &chrono::DateTime<chrono::Local>) -> String {
    match crate::i18n::language() {
        crate::i18n::Language::English => at.format("%b %d").to_string(),
        crate::i18n::Language::PortugueseBrazil => at.format("%d/%m").to_string(),
    }
}

/// A day and a time of day, without seconds: "Nov 30 13:33", "30/11 13:33".
pub fn day_time(at: &chrono::DateTime<chrono::Local>) -> String {
    format!("{} {}", day(at), at.format("%H:%M"))
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
        assert_eq!(ago(d(2)), "less than a minute ago");
        assert_eq!(ago(d(59)), "less than a minute ago");
        assert_eq!(ago(d(200)), "3 min ago");
        assert_eq!(ago(d(7300)), "2 h ago");
        assert_eq!(ago_short(d(59)), "< 1 min");
        assert_eq!(ago_short(d(200)), "3 min");
        let at = |millis: u64| std::time::UNIX_EPOCH + ms(millis);
        let minute = 1_700_000_040_000; // a whole minute since the epoch
        assert_eq!(until_next_minute(at(minute + 12_500)), ms(47_500));
        assert_eq!(until_next_minute(at(minute + 40_000)), d(20));
        assert_eq!(until_next_minute(at(minute + 39_999)), ms(20_001));
        assert_eq!(until_next_minute(at(minute)), d(60));
    }

    #[test]
    fn countdown_rounds_up() {
        assert_eq!(secs_left(Duration::from_millis(19_001)), 20);
        assert_eq!(secs_left(Duration::from_millis(1)), 1);
        assert_eq!(secs_left(Duration::ZERO), 0);
    }
}
