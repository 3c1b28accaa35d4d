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

fn indicator<'a>(report: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    report["indicators"]
        .as_array()
        .expect("indicators")
        .iter()
        .find(|i| i["code"] == code)
        .unwrap_or_else(|| panic!("no indicator {code} in {report}"))
}

fn house_value(report: &serde_json::Value, code: &str, house: &str) -> serde_json::Value {
    indicator(report, code)["houses"]
        .as_array()
        .expect("houses")
        .iter()
        .find(|h| h["house"] == house)
        .map(|h| h["value"].clone())
        .unwrap_or(serde_json::Value::Null)
}

const YEAR: [&str; 4] = ["--period", "2024-2025", "--as-of", "2025-06-30"];

fn pilot_report(s: &Suivi, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["report", "pilot"];
    args.extend(YEAR);
    args.extend(extra);
    s.json(&args)
}

#[test]
fn capacity_comes_from_the_register_unless_observed() {
    let s = Suivi::new().with_houses();
    // DT02 has 10 places in the register and 12 boarders: overcrowded.
    s.ok(&["indicator", "record", "DT02", "boarders", "2024-10", "12"]);
    s.ok(&["indicator", "record", "DT01", "boarders", "2024-10", "50"]);
    let r = pilot_report(&s, &[]);
    assert_eq!(house_value(&r, "occupancy_rate", "DT02"), 120.0);
    assert_eq!(house_value(&r, "capacity", "DT02"), 10.0);
    assert_eq!(r["overview"]["capacity"], 110);
    assert_eq!(indicator(&r, "capacity")["pilot"]["value"], 110.0);
    let alerts = r["alerts"].as_array().unwrap();
    assert!(
        alerts
            .iter()
            .any(|a| a["kind"] == "overcrowding" && a["house"] == "DT02"),
        "{alerts:?}"
    );
    // The rule sees the same capacity.
    let v = s.json(&["check", "--period", "2024-10"]);
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .any(|x| x["rule"] == "boarders_within_capacity" && x["house"] == "DT02"),
        "{v}"
    );
    // An observation for the period wins over the register, everywhere.
    s.ok(&["indicator", "record", "DT02", "capacity", "2024-2025", "20"]);
    let r = pilot_report(&s, &[]);
    assert_eq!(house_value(&r, "occupancy_rate", "DT02"), 60.0);
    assert_eq!(r["overview"]["capacity"], 120);
    assert_eq!(indicator(&r, "capacity")["pilot"]["value"], 120.0);
    assert!(
        !r["alerts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["kind"] == "overcrowding")
    );
    let v = s.json(&["check", "--period", "2024-10"]);
    assert!(v.as_array().unwrap().is_empty(), "{v}");
}

fn trend_point<'a>(
    report: &'a serde_json::Value,
    code: &str,
    period: &str,
) -> &'a serde_json::Value {
    indicator(report, code)["trend"]
        .as_array()
        .expect("trend")
        .iter()
        .find(|p| p["period"] == period)
        .unwrap_or_else(|| panic!("no {period} in the trend of {code}"))
}

#[test]
fn progress_and_trends_compare_the_same_houses() {
    let s = Suivi::new().with_houses();
    for (h, b, d) in [("DT01", "50", "5"), ("DT02", "10", "5")] {
        s.ok(&["indicator", "record", h, "boarders", "2024-10", b]);
        s.ok(&["indicator", "record", h, "dropouts", "2024-10", d]);
    }
    // November: DT01 reports both parts, DT02 only its boarders.
    s.ok(&["indicator", "record", "DT01", "boarders", "2024-11", "50"]);
    s.ok(&["indicator", "record", "DT01", "dropouts", "2024-11", "2"]);
    s.ok(&["indicator", "record", "DT02", "boarders", "2024-11", "10"]);
    // Only DT01 has a baseline and a target.
    s.ok(&[
        "indicator",
        "target",
        "DT01",
        "dropout_rate",
        "--baseline",
        "20",
        "--baseline-period",
        "2023-2024",
        "--target",
        "5",
        "--target-period",
        "2025-2026",
    ]);
    let r = pilot_report(&s, &[]);
    let pilot = &indicator(&r, "dropout_rate")["pilot"];
    // The value covers both houses: (5 + 2 + 5) / (50 + 10), boarders being the
    // latest month.
    assert_eq!(pilot["houses"], 2, "{pilot}");
    assert_eq!(pilot["target_houses"], 1, "{pilot}");
    // Progress over DT01 alone: (7/50 = 14 % − 20) / (5 − 20) = 40 %, not the
    // pilot-wide 20 % measured against DT01's baseline.
    assert_eq!(pilot["progress_houses"], 1, "{pilot}");
    let progress = pilot["progress"].as_f64().expect("progress");
    assert!((progress - 40.0).abs() < 1e-9, "{pilot}");
    // Trends: how many houses each month, and a rate over houses reporting both parts.
    let oct = trend_point(&r, "boarders", "2024-10");
    assert_eq!(
        (oct["value"].as_f64(), oct["houses"].as_u64()),
        (Some(60.0), Some(2))
    );
    let dec = trend_point(&r, "boarders", "2024-12");
    assert_eq!(
        (dec["value"].as_f64(), dec["houses"].as_u64()),
        (None, Some(0))
    );
    let nov = trend_point(&r, "dropout_rate", "2024-11");
    assert_eq!(nov["houses"], 1, "{nov}");
    assert!((nov["value"].as_f64().unwrap() - 4.0).abs() < 1e-9, "{nov}");
}

#[test]
fn check_and_the_report_fold_periods_alike() {
    let s = Suivi::new().with_houses();
    s.ok(&["indicator", "record", "DT01", "staff", "2024-09", "9"]);
    // Recorded, with a warning at entry: the school year shows 12 trained of 9.
    s.cmd(&[
        "indicator",
        "record",
        "DT01",
        "staff_trained",
        "2024-10",
        "12",
    ])
    .stderr_contains("trained_within_staff")
    .run();
    // No month holds both, but the school year shows 12 trained of 9 staff.
    let out = s.run(&["check", "--period", "2024-2025", "--format", "json"]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 1, "{v}");
    assert_eq!(rows[0]["rule"], "trained_within_staff");
    assert_eq!(rows[0]["period"], "2024-2025");
    assert_eq!(rows[0]["left_value"], 12.0);
    assert_eq!(rows[0]["right_value"], 9.0);
    // Without --period too: the school year around the recorded months.
    assert_eq!(s.run(&["check"]).code, 3);
    // A month alone holds nothing to compare.
    assert_eq!(s.run(&["check", "--period", "2024-10"]).code, 0);
    // The report shows the same figure and alerts on it, once as a broken rule
    // and once as a share above 100 %.
    let r = pilot_report(&s, &[]);
    let share = house_value(&r, "staff_trained_share", "DT01")
        .as_f64()
        .unwrap();
    assert!((share - 1200.0 / 9.0).abs() < 1e-9);
    let alerts = r["alerts"].as_array().unwrap();
    let kinds: Vec<&str> = alerts
        .iter()
        .filter(|a| a["house"] == "DT01")
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"rule"), "{alerts:?}");
    assert!(kinds.contains(&"share_over_100"), "{alerts:?}");
    // The occupancy rate is no share: above 100 % it is overcrowding, not an error.
    s.ok(&["indicator", "record", "DT02", "boarders", "2024-10", "12"]);
    let r = pilot_report(&s, &[]);
    assert!(
        !r["alerts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["kind"] == "share_over_100" && a["house"] == "DT02")
    );
}

#[test]
fn an_entry_that_breaks_a_rule_is_kept_with_a_warning() {
    let s = Suivi::new().with_houses();
    s.ok(&["indicator", "record", "DT01", "boarders", "2024-10", "117"]);
    let r = s.run(&[
        "indicator",
        "record",
        "DT01",
        "boarders_girls",
        "2024-10",
        "171",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("girls_within_boarders"), "{}", r.stderr);
    assert!(r.stderr.contains("171 <= 117"), "{}", r.stderr);
    // Kept: check sees it.
    assert_eq!(s.run(&["check", "--period", "2024-10"]).code, 3);
    // In the school year too: September's staff against October's trained staff.
    s.ok(&["indicator", "record", "DT02", "staff", "2024-09", "9"]);
    let r = s.run(&[
        "indicator",
        "record",
        "DT02",
        "staff_trained",
        "2024-10",
        "12",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("trained_within_staff") && r.stderr.contains("2024-2025"),
        "{}",
        r.stderr
    );
    // A value that breaks nothing, or only a warning-severity rule, prints nothing.
    let r = s.run(&["indicator", "record", "DT02", "boarders", "2024-10", "12"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
}

#[test]
fn an_unknown_cohort_is_refused_with_the_known_ones() {
    let s = Suivi::new().with_houses();
    s.ok(&["house", "edit", "DT02", "--cohort", "vague2"]);
    for args in [
        vec!["report", "pilot", "--cohort", "pilote"],
        vec!["report", "completeness", "--cohort", "pilote"],
        vec![
            "template",
            "observations",
            "--period",
            "2024-10",
            "--out",
            "t.csv",
            "--cohort",
            "pilote",
        ],
    ] {
        let err = s.fails(&args, 2);
        assert!(err.contains("« pilote »"), "{err}");
        assert!(err.contains("« pilot »\u{a0}?"), "{err}");
        assert!(err.contains("pilot, vague2, all"), "{err}");
    }
    let err = s.fails(&["report", "pilot", "--cohort", "zzzzzzzz"], 2);
    assert!(!err.contains("?"), "no suggestion that far: {err}");
    assert!(err.contains("vague2") && err.contains("all"), "{err}");
    // Known ones work, whatever their case.
    s.ok(&["report", "pilot", "--cohort", "VAGUE2"]);
    s.ok(&["report", "pilot", "--cohort", "all"]);
}

/// The demo database in a temporary folder.
fn demo() -> Suivi {
    let mut s = Suivi::empty();
    s.ok(&["demo", "--out-dir", s.dir.path().to_str().unwrap()]);
    s.db = s.path("suivi-demo.db");
    s
}

const DEMO: [&str; 4] = ["--period", "2025-2026", "--as-of", "2026-06-30"];

fn withheld(cell: &serde_json::Value, figure: &str) -> bool {
    cell["withheld"]
        .as_array()
        .is_some_and(|w| w.iter().any(|x| x == figure))
}

/// Tries to recompute every withheld house cell of a published report of
/// `cohort` from what its JSON, its CSV and the houses' dossiers show; returns
/// how many withheld house cells there were.
fn assert_nothing_recomputable(s: &Suivi, cohort: &str) -> usize {
    let mut args = vec!["report", "pilot", "--publish", "--cohort", cohort];
    args.extend(DEMO);
    let r = s.json(&args);
    let codes: Vec<String> = r["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap().to_string())
        .collect();
    let houses: Vec<String> = r["indicators"][0]["houses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["house"].as_str().unwrap().to_string())
        .collect();
    let mut cells = 0;
    for i in r["indicators"].as_array().unwrap() {
        let code = i["code"].as_str().unwrap();
        let rows = i["houses"].as_array().unwrap();
        let hidden: Vec<&serde_json::Value> =
            rows.iter().filter(|h| withheld(h, "value")).collect();
        for h in &hidden {
            assert_eq!(h["value"], serde_json::Value::Null, "{code}: {h}");
            assert_eq!(h["suppressed"], true, "{code}: {h}");
        }
        cells += hidden.len();
        let pilot = &i["pilot"];
        if pilot["value"].is_null() {
            if withheld(pilot, "value") {
                assert_eq!(pilot["suppressed"], true, "{code}: {pilot}");
            }
        } else if i["formula"].is_null() && i["pupils"] == true {
            // Total minus the other houses would give the one withheld cell.
            assert_ne!(hidden.len(), 1, "{cohort}: {code} total leaks {hidden:?}");
            // Dropouts sum over the months: the period total minus the shown
            // months would give the one withheld month.
            let months = i["trend"].as_array().unwrap();
            let hidden_months = months.iter().filter(|p| p["suppressed"] == true).count();
            if code == "dropouts" {
                assert_ne!(hidden_months, 1, "{cohort}: {code} total leaks a month");
            }
        }
        if let Some(f) = i["formula"].as_str() {
            let parts: Vec<&str> = f
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .filter(|w| codes.iter().any(|c| c == w))
                .collect();
            let part_rows = |p: &str| {
                r["indicators"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|x| x["code"] == p)
                    .unwrap()["houses"]
                    .as_array()
                    .unwrap()
                    .clone()
            };
            // A house rate shown with a withheld part gives the part away.
            for h in rows.iter().filter(|h| !h["value"].is_null()) {
                for p in &parts {
                    let pr = part_rows(p);
                    let cell = pr.iter().find(|x| x["house"] == h["house"]).unwrap();
                    assert!(!withheld(cell, "value"), "{code} at {h} shows {p} {cell}");
                }
            }
            // A pilot rate shown: no part total with exactly one withheld addend
            // over the houses that make the rate.
            if !pilot["value"].is_null() {
                let making: Vec<&serde_json::Value> = rows
                    .iter()
                    .filter(|h| !h["value"].is_null() || withheld(h, "value"))
                    .map(|h| &h["house"])
                    .collect();
                for p in &parts {
                    let n = part_rows(p)
                        .iter()
                        .filter(|x| making.contains(&&x["house"]) && withheld(x, "value"))
                        .count();
                    assert_ne!(n, 1, "{cohort}: pilot {code} shown with one {p} withheld");
                }
            }
        }
    }
    // The CSV shows the same cells.
    let mut args = vec![
        "report",
        "pilot",
        "--publish",
        "--format",
        "csv",
        "--cohort",
        cohort,
    ];
    args.extend(DEMO);
    let csv = s.ok(&args);
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let head = rdr.headers().unwrap().clone();
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let recs: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    for i in r["indicators"].as_array().unwrap() {
        if !(i["formula"].is_null() && i["pupils"] == true) {
            continue;
        }
        let code = i["code"].as_str().unwrap();
        let mine: Vec<&csv::StringRecord> = recs
            .iter()
            .filter(|x| &x[col("indicator")] == code)
            .collect();
        let total = mine.iter().find(|x| &x[col("level")] == "pilot").unwrap();
        let hidden = mine
            .iter()
            .filter(|x| &x[col("status")] == "suppressed" && x[col("value")].is_empty())
            .count();
        if !total[col("value")].is_empty() {
            assert_ne!(hidden, 1, "{cohort}: CSV total of {code} leaks");
        }
    }
    // Monthly trend points against the houses' monthly values in their dossiers.
    let mut monthly: std::collections::HashMap<(String, String), usize> = Default::default();
    for h in &houses {
        let mut args = vec!["report", "house", h.as_str(), "--publish"];
        args.extend(DEMO);
        let d = s.json(&args);
        for i in d["indicators"].as_array().unwrap() {
            let code = i["code"].as_str().unwrap().to_string();
            let hist = i["history"].as_array().unwrap();
            for p in hist.iter().filter(|p| p["suppressed"] == true) {
                assert!(p["value"].is_null());
                *monthly
                    .entry((code.clone(), p["period"].as_str().unwrap().to_string()))
                    .or_default() += 1;
            }
            // The dossier's period value sums its months: never one withheld.
            let inside: Vec<&serde_json::Value> = hist
                .iter()
                .filter(|p| p["period"].as_str().unwrap().len() == 7)
                .filter(|p| p["period"].as_str().unwrap() >= "2025-09")
                .collect();
            let hidden = inside.iter().filter(|p| p["suppressed"] == true).count();
            if !i["value"].is_null() && inside.len() > 1 && i["code"] == "dropouts" {
                assert_ne!(hidden, 1, "{h}: dossier {code} leaks");
            }
        }
    }
    for i in r["indicators"].as_array().unwrap() {
        if !(i["formula"].is_null() && i["pupils"] == true) {
            continue;
        }
        let code = i["code"].as_str().unwrap().to_string();
        for point in i["trend"].as_array().unwrap() {
            let period = point["period"].as_str().unwrap().to_string();
            let n = monthly
                .get(&(code.clone(), period.clone()))
                .copied()
                .unwrap_or(0);
            if !point["value"].is_null() {
                assert_ne!(n, 1, "{cohort}: trend {code} {period} leaks");
            }
        }
    }
    cells
}

#[test]
fn published_reports_let_no_withheld_cell_be_recomputed() {
    let s = demo();
    assert!(assert_nothing_recomputable(&s, "pilot") > 0);
    for h in ["DT01", "DT02"] {
        s.ok(&["house", "edit", h, "--cohort", "duo"]);
    }
    s.ok(&["house", "edit", "DT03", "--cohort", "solo"]);
    assert!(assert_nothing_recomputable(&s, "duo") > 0);
    assert!(assert_nothing_recomputable(&s, "solo") > 0);
    // A cohort of one: its pilot figures are its house's, withheld with them.
    let mut args = vec!["report", "pilot", "--publish", "--cohort", "solo"];
    args.extend(DEMO);
    let r = s.json(&args);
    let dropouts = indicator(&r, "dropouts");
    assert_eq!(dropouts["pilot"]["value"], serde_json::Value::Null);
    assert_eq!(dropouts["pilot"]["suppressed"], true);
    assert_eq!(
        indicator(&r, "dropout_rate")["pilot"]["value"],
        serde_json::Value::Null
    );
}

#[test]
fn a_period_total_does_not_give_away_its_one_withheld_month() {
    let s = Suivi::new().with_houses();
    s.ok(&[
        "house",
        "add",
        "DT03",
        "--name",
        "Dar Taliba Trois",
        "--kind",
        "dar-taliba",
        "--region",
        "01",
        "--capacity",
        "50",
    ]);
    for (h, m, v) in [
        ("DT01", "2024-10", "2"),
        ("DT01", "2024-11", "10"),
        ("DT02", "2024-11", "3"),
        ("DT03", "2024-10", "10"),
        ("DT03", "2024-11", "4"),
        ("DT02", "2024-12", "10"),
        ("DT03", "2024-12", "10"),
    ] {
        s.ok(&["indicator", "record", h, "dropouts", m, v]);
    }
    let r = pilot_report(&s, &["--publish"]);
    let d = indicator(&r, "dropouts");
    // October holds one small count (DT01's 2): withheld; November two, and
    // December none: shown.
    assert_eq!(trend_point(&r, "dropouts", "2024-10")["suppressed"], true);
    assert_eq!(trend_point(&r, "dropouts", "2024-11")["value"], 17.0);
    // Every house total is withheld (small, or one small month), so no house
    // gives the total away; but the total minus the shown months would be October.
    assert_eq!(d["pilot"]["value"], serde_json::Value::Null, "{d}");
    assert_eq!(d["pilot"]["suppressed"], true);
    // Unpublished, the same figures are all there.
    let open = pilot_report(&s, &[]);
    assert_eq!(indicator(&open, "dropouts")["pilot"]["value"], 49.0);
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
        .stderr_contains("2025-01 est comprise dans 2024-2025, verrouillée le")
        .stderr_contains(format!("par {}\u{a0}: validé", s.author()))
        .stderr_contains("--force --reason")
        .run();
    let changed = s.write(
        "changed.csv",
        "house,indicator,period,value\nDT01,boarders,2025-01,96\nDT02,boarders,2025-01,10\n",
    );
    s.cmd(&["import", "observations", changed.to_str().unwrap()])
        .status(3)
        .stderr_contains("DT02 boarders 2025-01 changerait de 9 à 10 dans une période verrouillée")
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
    .stderr_contains("2024-2025 chevauche 2025-01, verrouillée le")
    .run();
}

#[test]
fn a_target_outside_its_unit_is_refused_at_the_command_line() {
    let s = Suivi::new().with_houses();
    s.cmd(&[
        "indicator",
        "target",
        "DT01",
        "success_rate",
        "--baseline",
        "71",
        "--baseline-period",
        "2023-2024",
        "--target",
        "185",
        "--target-period",
        "2025-2026",
    ])
    .status(3)
    .stderr_contains("185")
    .run();
    assert_eq!(s.count("target"), 0);
    s.ok(&[
        "indicator",
        "target",
        "DT01",
        "success_rate",
        "--baseline",
        "71",
        "--baseline-period",
        "2023-2024",
        "--target",
        "85",
        "--target-period",
        "2025-2026",
    ]);
    assert_eq!(s.count("target"), 1);
}

#[test]
fn an_import_warns_of_values_that_break_a_rule_and_counts_them() {
    let s = Suivi::new().with_houses();
    let file = s.write(
        "filles.csv",
        "house,indicator,period,value\nDT01,boarders,2025-01,117\nDT01,boarders_girls,2025-01,171\nDT02,boarders,2025-01,9\n",
    );
    let v = s
        .cmd(&["import", "observations", file.to_str().unwrap()])
        .stderr_contains("girls_within_boarders")
        .json();
    // The month and the school year around it both show 171 girls of 117 boarders.
    assert_eq!(v["warnings"], 2, "{v}");
    assert_eq!(v["inserted"], 3, "{v}");
    // Written all the same: a warning, not a refusal.
    let h = s.json(&["indicator", "history", "DT01", "boarders_girls"]);
    assert_eq!(h[0]["value"], 171.0);
    // A clean file warns of nothing.
    let clean = s.write(
        "propre.csv",
        "house,indicator,period,value\nDT02,boarders,2025-02,9\n",
    );
    let v = s
        .cmd(&["import", "observations", clean.to_str().unwrap()])
        .json();
    assert_eq!(v["warnings"], 0, "{v}");
}

#[test]
fn unknown_filters_are_usage_errors_that_list_the_known_values() {
    let s = Suivi::new().with_houses();
    s.cmd(&["house", "list", "--cohort", "pilote"])
        .status(2)
        .stderr_contains("vouliez-vous dire « pilot »")
        .run();
    s.cmd(&["house", "list", "--region", "Fes Meknes Tafilalet"])
        .status(2)
        .stderr_contains("03 Fès-Meknès")
        .run();
    s.cmd(&["house", "list", "--kind", "dar-talibe"])
        .status(2)
        .stderr_contains("dar-taliba")
        .stderr_contains("types connus")
        .run();
    s.cmd(&["report", "pilot", "--cohort", "pilote"])
        .status(2)
        .stderr_contains("cohortes connues")
        .run();
    // Known values still filter.
    let v = s.json(&["house", "list", "--region", "fes meknes"]);
    assert_eq!(v.as_array().map(Vec::len), Some(1), "{v}");
}
