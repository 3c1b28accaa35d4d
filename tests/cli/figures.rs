//! Figures a ministry can defend: which day "today" is, and the rules behind
//! pilot-wide figures.

use crate::harness::*;

/// The `as_of` a report takes by default, with the clock and zone given.
fn default_as_of(s: &Suivi, tz: &str, now: i64) -> String {
    let v = s
        .cmd(&["report", "pilot"])
        .env("TZ", tz)
        .env("SUIVI_NOW", now.to_string())
        .json();
    v["as_of"].as_str().expect("as_of").to_string()
}

#[test]
fn today_is_the_local_date() {
    let s = Suivi::new();
    // 2025-06-30 23:30 UTC is 00:30 on 1 July in Casablanca (UTC+1 outside Ramadan).
    let now = 1_751_326_200;
    assert_eq!(default_as_of(&s, "Africa/Casablanca", now), "2025-07-01");
    assert_eq!(default_as_of(&s, "UTC", now), "2025-06-30");
}
