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

#[test]
fn a_lock_refuses_changes_not_the_same_values_again() {
    let s = Suivi::new().with_houses();
    s.ok(&["indicator", "record", "DT01", "boarders", "2025-01", "96"]);
    s.ok(&["indicator", "record", "DT02", "boarders", "2025-01", "9"]);
    let export = s.path("export.csv");
    s.cmd(&["export", "observations", "--out", export.to_str().unwrap()])
        .stderr_any()
        .run();
    s.ok(&["period", "lock", "2024-2025", "--reason", "validé"]);

    // The export, imported again into the locked year: nothing changes, no error.
    let v = s
        .cmd(&["import", "observations", export.to_str().unwrap()])
        .json();
    assert_eq!(
        (v["unchanged"].as_i64(), v["rejected"].as_i64()),
        (Some(2), Some(0)),
        "{v}"
    );
    // The same value typed again is no write either.
    s.ok(&["indicator", "record", "DT01", "boarders", "2025-01", "96"]);

    // A change is refused, naming the lock, its overlap, who and why, and the way out.
    s.cmd(&["indicator", "record", "DT01", "boarders", "2025-01", "97"])
        .status(3)
        .stderr_contains("2025-01 falls within 2024-2025, locked on")
        .stderr_contains("by tester: validé")
        .stderr_contains("--force --reason")
        .run();
    let changed = s.write(
        "changed.csv",
        "house,indicator,period,value\nDT01,boarders,2025-01,96\nDT02,boarders,2025-01,10\n",
    );
    s.cmd(&["import", "observations", changed.to_str().unwrap()])
        .status(3)
        .stderr_contains("DT02 boarders 2025-01 would change from 9 to 10 in a locked period")
        .run();
    let value = |h: &str| {
        let rows = s.json(&["indicator", "history", h, "boarders"]);
        rows[0]["value"].as_f64()
    };
    assert_eq!((value("DT01"), value("DT02")), (Some(96.0), Some(9.0)));

    // A monthly lock refuses a school-year value that overlaps it.
    s.ok(&["period", "unlock", "2024-2025", "--reason", "réouverture"]);
    s.ok(&["period", "lock", "2025-01", "--reason", "janvier validé"]);
    s.cmd(&[
        "indicator",
        "record",
        "DT01",
        "budget_mad",
        "2024-2025",
        "1000",
    ])
    .status(3)
    .stderr_contains("2024-2025 overlaps 2025-01, locked on")
    .run();
}
