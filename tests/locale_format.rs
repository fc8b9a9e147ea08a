//! Numbers, sizes, times and dates follow the app's language. (Its own test binary: the
//! language is process-wide.)

use std::time::Duration;

use chrono::TimeZone;
use witi_connect::format;
use witi_connect::i18n::{Language, set_language};

#[test]
fn numbers_sizes_and_dates_in_each_language() {
    let at = chrono::Local.with_ymd_and_hms(2026, 11, 24, 20, 9, 42).unwrap();
    set_language(Language::PortugueseBrazil);
    assert_eq!(format::count(1_234_567), "1.234.567");
    assert_eq!(format::bytes(15_544_238), "15,5 MB");
    assert_eq!(format::bytes(224_238), "224 KB");
    assert_eq!(format::latency(Duration::from_millis(1250)), "1,2 s");
    assert_eq!(format::date_time(&at), "24/11/2026 20:09:42");
    assert_eq!(format::ago(Duration::from_secs(200)), "há 3 min");
    assert_eq!(format::percent1(99.24), "99,2");
    assert_eq!(format::day_time(&at), "24/11 20:09");
    let selected = |n: u64| witi_connect::tr!("bulk-selected", count = format::count(n), n = n as i64);
    assert_eq!(selected(1), "1 selecionada");
    assert_eq!(selected(5000), "5.000 selecionadas");
    set_language(Language::English);
    assert_eq!(format::count(1_234_567), "1,234,567");
    assert_eq!(format::bytes(15_544_238), "15.5 MB");
    assert_eq!(format::latency(Duration::from_millis(1250)), "1.2 s");
    assert_eq!(format::latency(Duration::from_millis(37)), "37 ms");
    assert_eq!(format::latency(Duration::from_micros(400)), "< 1 ms", "a loopback answer is not 0 ms");
    assert_eq!(format::date_time(&at), "2026-11-24 20:09:42");
    assert_eq!(format::ago(Duration::from_secs(200)), "3 min ago");
    assert_eq!(format::percent1(99.24), "99.2");
    assert_eq!(format::day_time(&at), "Nov 24 20:09");
}
