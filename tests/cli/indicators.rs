//! Indicators, periods, targets, rules, locks and the first pilot report.

use serde_json::Value;

use crate::harness::Suivi;

/// Records a value; a value that breaks a rule is recorded with a warning.
fn record(s: &Suivi, house: &str, ind: &str, period: &str, value: &str) {
    s.cmd(&["indicator", "record", house, ind, period, value])
        .stderr_any()
        .run();
}

#[test]
fn periods_are_stored_in_their_canonical_spelling() {
    let s = Suivi::new().with_houses();
    for (typed, canonical) in [
        ("T1 2025", "2025-Q1"),
        ("janvier 2025", "2025-01"),
        ("02/2025", "2025-02"),
        ("AS 2023-2024", "2023-2024"),
        ("2025S2", "2025-S2"),
        ("202503", "2025-03"),
    ] {
        record(&s, "DT01", "boarders", typed, "50");
        let h = s.json(&["indicator", "history", "DT01", "boarders"]);
        assert!(
            h.as_array()
                .unwrap()
                .iter()
                .any(|o| o["period"] == canonical),
            "{typed} → {canonical}: {h}"
        );
    }
}

#[test]
fn bad_values_and_names_are_refused_and_nothing_is_written() {
    let s = Suivi::new().with_houses();
    let cases: &[(&[&str], &str)] = &[
        (&["DT01", "boarders", "2025-13", "5"], "2025-13"),
        (&["DT01", "boarders", "2025-Q5", "5"], "2025-Q5"),
        (&["DT01", "boarders", "2025-01", "beaucoup"], "beaucoup"),
        (&["DT01", "boarders", "2025-01", "-3"], "négatif"),
        (&["DT01", "boarders", "2025-01", "2,5"], "entier"),
        (&["DT99", "boarders", "2025-01", "5"], "DT99"),
        (&["DT01", "nobody", "2025-01", "5"], "nobody"),
        (&["DT01", "success_rate", "2025-01", "50"], "formule"),
        (&["DT01", "ga_held", "2025", "peut-être"], "peut-être"),
    ];
    for (args, needle) in cases {
        let mut a = vec!["indicator", "record"];
        a.extend_from_slice(args);
        s.cmd(&a).status(3).stderr_contains(needle).run();
    }
    assert_eq!(s.count("observation"), 0);
}

#[test]
fn french_numbers_and_booleans_are_read() {
    let s = Suivi::new().with_houses();
    record(&s, "DT01", "budget_mad", "2025", "1 234,5");
    record(&s, "DT01", "food_spend_mad", "2025", "1\u{a0}000");
    record(&s, "DT01", "ga_held", "2025", "oui");
    let h = s.json(&["indicator", "history", "DT01"]);
    let v = |code: &str| {
        h.as_array()
            .unwrap()
            .iter()
            .find(|o| o["indicator"] == code)
            .unwrap()["value"]
            .clone()
    };
    assert_eq!(v("budget_mad"), 1234.5);
    assert_eq!(v("food_spend_mad"), 1000.0);
    assert_eq!(v("ga_held"), 1.0);
}

#[test]
fn recording_again_updates_and_the_log_keeps_the_old_value() {
    let s = Suivi::new().with_houses();
    record(&s, "DT01", "boarders", "2025-01", "80");
    s.cmd(&["indicator", "record", "DT01", "boarders", "2025-01", "80"])
        .stdout_contains("rien n'a changé")
        .run();
    s.ok(&[
        "indicator",
        "record",
        "DT01",
        "boarders",
        "2025-01",
        "85",
        "--comment",
        "recount",
    ]);
    assert_eq!(s.count("observation"), 1);
    let log = s.json(&["log", "--entity", "observation", "--limit", "1"]);
    assert_eq!(log[0]["before"]["value"], 80.0);
    assert_eq!(log[0]["after"]["value"], 85.0);
    assert_eq!(log[0]["key"], "DT01/boarders/2025-01");
    let h = s.json(&["indicator", "history", "DT01", "boarders"]);
    assert_eq!(h[0]["comment"], "recount");
    assert_eq!(h[0]["recorded_by"], s.author().as_str());
    assert_eq!(h[0]["batch"], Value::Null);
}

#[test]
fn history_filters_by_period_in_every_format() {
    let s = Suivi::new().with_houses();
    for m in ["2024-09", "2024-12", "2025-03", "2025-09"] {
        record(&s, "DT01", "boarders", m, "10");
    }
    let h = s.json(&[
        "indicator",
        "history",
        "DT01",
        "Internes",
        "--from",
        "2024-10",
        "--to",
        "AS 2024-2025",
    ]);
    let periods: Vec<&str> = h
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["period"].as_str().unwrap())
        .collect();
    assert_eq!(periods, ["2024-12", "2025-03"]);
    let csv = s.ok(&["indicator", "history", "DT01", "--format", "csv"]);
    assert!(csv.starts_with("house,indicator,period,value,comment,batch,recorded_at,recorded_by"));
    assert_eq!(csv.lines().count(), 5);
    s.cmd(&["indicator", "history", "DT01"])
        .stdout_contains("2025-09")
        .run();
}

#[test]
fn indicators_are_added_and_formulas_checked() {
    let s = Suivi::new();
    s.ok(&[
        "indicator",
        "add",
        "meals",
        "--name-fr",
        "Repas servis",
        "--unit",
        "count",
        "--over-time",
        "sum",
    ]);
    s.ok(&[
        "indicator",
        "add",
        "meals_per_boarder",
        "--name-fr",
        "Repas par interne",
        "--unit",
        "count",
        "--formula",
        "meals / boarders",
    ]);
    let i = s.json(&["indicator", "show", "Repas par interne"]);
    assert_eq!(i["formula"], "meals / boarders");
    assert_eq!(i["over_time"], Value::Null);
    s.cmd(&[
        "indicator",
        "add",
        "x",
        "--name-fr",
        "X",
        "--unit",
        "count",
        "--formula",
        "meals / (boarders",
    ])
    .status(3)
    .stderr_contains("colonne")
    .run();
    s.cmd(&[
        "indicator",
        "add",
        "y",
        "--name-fr",
        "Y",
        "--unit",
        "count",
        "--formula",
        "meals / ghosts",
    ])
    .status(3)
    .stderr_contains("ghosts")
    .run();
    s.cmd(&[
        "indicator",
        "add",
        "z",
        "--name-fr",
        "Z",
        "--unit",
        "count",
        "--formula",
        "z + 1",
    ])
    .status(3)
    .stderr_contains("itself")
    .run();
    s.cmd(&["indicator", "add", "w", "--name-fr", "W", "--unit", "kg"])
        .status(3)
        .stderr_contains("unknown unit \"kg\"")
        .run();
    s.cmd(&[
        "indicator",
        "add",
        "meals",
        "--name-fr",
        "W",
        "--unit",
        "count",
    ])
    .status(3)
    .stderr_contains("existe déjà")
    .run();
    let list = s.json(&["indicator", "list"]);
    assert!(list.as_array().unwrap().len() >= 22);
    assert_eq!(list[0]["code"], "capacity");
}

/// Two houses where the mean of rates (50 %) and the ratio of sums (82.7 %) differ.
fn two_houses_with_results() -> Suivi {
    let s = Suivi::new().with_houses();
    record(&s, "DT01", "pupils_sat", "2024-2025", "100");
    record(&s, "DT01", "pupils_passed", "2024-2025", "90");
    record(&s, "DT02", "pupils_sat", "2024-2025", "10");
    record(&s, "DT02", "pupils_passed", "2024-2025", "1");
    s
}

fn indicator<'a>(report: &'a Value, code: &str) -> &'a Value {
    report["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == code)
        .unwrap()
}

#[test]
fn a_pilot_wide_rate_is_a_ratio_of_sums() {
    let s = two_houses_with_results();
    let r = s.json(&[
        "report",
        "pilot",
        "--period",
        "2024-2025",
        "--as-of",
        "2025-08-31",
    ]);
    assert_eq!(r["period"], "2024-2025");
    assert_eq!(r["cohort"], "pilot");
    assert_eq!(r["houses"], 2);
    let rate = indicator(&r, "success_rate");
    let pilot = rate["pilot"]["value"].as_f64().unwrap();
    assert!((pilot - 100.0 * 91.0 / 110.0).abs() < 1e-9, "{pilot}");
    let houses = rate["houses"].as_array().unwrap();
    assert_eq!(houses[0]["value"], 90.0);
    assert_eq!(houses[1]["value"], 10.0);
    assert_eq!(indicator(&r, "pupils_sat")["pilot"]["value"], 110.0);
}

#[test]
fn targets_give_progress_and_status_and_weighted_pilot_targets() {
    let s = two_houses_with_results();
    s.ok(&[
        "indicator",
        "target",
        "DT01",
        "success_rate",
        "--baseline",
        "80",
        "--baseline-period",
        "2023-2024",
        "--target",
        "90",
        "--target-period",
        "2025-2026",
    ]);
    s.ok(&[
        "indicator",
        "target",
        "DT02",
        "success_rate",
        "--baseline",
        "20",
        "--baseline-period",
        "2023-2024",
        "--target",
        "40",
        "--target-period",
        "2025-2026",
    ]);
    let r = s.json(&[
        "report",
        "pilot",
        "--period",
        "2024-2025",
        "--as-of",
        "2025-08-31",
    ]);
    let rate = indicator(&r, "success_rate");
    let h = &rate["houses"];
    assert_eq!(h[0]["status"], "achieved");
    assert_eq!(h[0]["progress"], 100.0);
    assert_eq!(h[1]["status"], "behind");
    assert_eq!(h[1]["progress"], -50.0);
    // Weighted by pupils sat (100 and 10): (90*100 + 40*10) / 110.
    let t = rate["pilot"]["target"].as_f64().unwrap();
    assert!((t - 9400.0 / 110.0).abs() < 1e-9, "{t}");
    assert!(rate["pilot"]["progress"].is_number());

    s.cmd(&[
        "indicator",
        "target",
        "DT01",
        "boarders",
        "--target",
        "-4",
        "--target-period",
        "2026",
    ])
    .status(3)
    .stderr_contains("négatif")
    .run();
    s.cmd(&[
        "indicator",
        "target",
        "DT01",
        "boarders",
        "--target",
        "4",
        "--target-period",
        "2026-13",
    ])
    .status(3)
    .stderr_contains("le mois 13 n'existe pas")
    .run();
    s.cmd(&[
        "indicator",
        "target",
        "DT01",
        "boarders",
        "--baseline",
        "3",
        "--baseline-period",
        "2027",
        "--target",
        "4",
        "--target-period",
        "2026",
    ])
    .status(3)
    .stderr_contains("finit avant la période de départ")
    .run();
    assert_eq!(s.count("target"), 2);
}

#[test]
fn over_time_rules_missing_data_and_division_by_zero() {
    let s = Suivi::new().with_houses();
    // Dropouts are a flow (summed), boarders a stock (last value).
    for (m, boarders, dropouts) in [
        ("2024-10", "80", "1"),
        ("2024-11", "78", "2"),
        ("2025-06", "75", "0"),
    ] {
        record(&s, "DT01", "boarders", m, boarders);
        record(&s, "DT01", "dropouts", m, dropouts);
    }
    record(&s, "DT02", "pupils_sat", "2024-2025", "0");
    record(&s, "DT02", "pupils_passed", "2024-2025", "0");
    record(&s, "DT01", "ga_held", "2024-2025", "oui");
    record(&s, "DT02", "ga_held", "2024-2025", "non");
    let r = s.json(&[
        "report",
        "pilot",
        "--period",
        "2024-2025",
        "--as-of",
        "2025-08-31",
    ]);
    assert_eq!(indicator(&r, "boarders")["houses"][0]["value"], 75.0);
    assert_eq!(indicator(&r, "boarders")["houses"][1]["value"], Value::Null);
    assert_eq!(indicator(&r, "dropouts")["houses"][0]["value"], 3.0);
    assert!(
        (indicator(&r, "dropout_rate")["houses"][0]["value"]
            .as_f64()
            .unwrap()
            - 4.0)
            .abs()
            < 1e-9
    );
    assert_eq!(
        indicator(&r, "success_rate")["houses"][1]["value"],
        Value::Null
    );
    assert_eq!(indicator(&r, "success_rate")["pilot"]["value"], Value::Null);
    assert_eq!(indicator(&r, "ga_held")["pilot"]["value"], 50.0);
    // A month counts as received when a monthly (or quarterly) figure covers
    // it: DT01 sent three months, DT02 only yearly figures.
    assert_eq!(r["completeness"]["expected"], 24);
    assert_eq!(r["completeness"]["received"], 3);
    assert_eq!(r["completeness"]["not_reporting"][0], "DT02");
    let q = s.json(&[
        "report",
        "pilot",
        "--period",
        "2024-Q4",
        "--as-of",
        "2025-08-31",
    ]);
    assert_eq!(indicator(&q, "boarders")["houses"][0]["value"], 78.0);
    // In the last quarter of 2024 only DT01's October and November reached us.
    assert_eq!(q["completeness"]["expected"], 6);
    assert_eq!(q["completeness"]["received"], 2);
    let early = s.json(&[
        "report",
        "pilot",
        "--period",
        "2024-Q4",
        "--as-of",
        "2024-11-15",
    ]);
    assert_eq!(early["completeness"]["expected"], 4);
    let table = s.ok(&[
        "report",
        "pilot",
        "--period",
        "2024-2025",
        "--as-of",
        "2025-08-31",
    ]);
    assert!(table.contains("Taux d'abandon"), "{table}");
    assert!(table.lines().all(|l| l.chars().count() <= 80), "{table}");
}

#[test]
fn rules_are_checked_for_every_house_and_period() {
    let s = Suivi::new().with_houses();
    record(&s, "DT01", "boarders", "2025-01", "100");
    record(&s, "DT01", "boarders_girls", "2025-01", "120");
    record(&s, "DT02", "boarders", "2025-01", "12");
    record(&s, "DT02", "capacity", "2024-2025", "10");
    let out = s
        .cmd(&["check", "--format", "json"])
        .status(3)
        .stderr_contains("2 règles non respectées")
        .run();
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    let rows = v.as_array().unwrap();
    // Each broken rule at the month and at the school year around it.
    assert_eq!(rows.len(), 4, "{v}");
    let girls = rows
        .iter()
        .find(|r| r["rule"] == "girls_within_boarders" && r["period"] == "2025-01")
        .unwrap();
    assert_eq!(girls["house"], "DT01");
    assert_eq!(girls["period"], "2025-01");
    assert_eq!(girls["left_value"], 120.0);
    assert_eq!(girls["right_value"], 100.0);
    // The school-year capacity applies to the month: overcrowding is a warning.
    let crowd = rows
        .iter()
        .find(|r| r["rule"] == "boarders_within_capacity" && r["period"] == "2025-01")
        .unwrap();
    assert_eq!(crowd["severity"], "warning");
    assert_eq!(crowd["house"], "DT02");

    s.ok(&[
        "indicator",
        "record",
        "DT01",
        "boarders_girls",
        "2025-01",
        "60",
    ]);
    // Only a warning is left: success.
    s.cmd(&["check"])
        .stdout_contains("boarders_within_capacity")
        .run();
    s.cmd(&["check", "--period", "2024-12"])
        .stdout("Toutes les règles sont respectées.\n")
        .run();

    s.ok(&[
        "rule",
        "add",
        "staff_needed",
        "staff >= 1",
        "--severity",
        "error",
    ]);
    record(&s, "DT02", "staff", "2025-01", "0");
    // Broken in January and in the school year around it.
    s.cmd(&["check"])
        .status(3)
        .stderr_contains("2 règles non respectées")
        .run();
    s.cmd(&["rule", "add", "bad", "ghosts <= staff"])
        .status(3)
        .stderr_contains("indicateur inconnu « ghosts »")
        .run();
    s.cmd(&["rule", "add", "bad", "staff staff"])
        .status(3)
        .stderr_contains("n'a pas de comparaison")
        .run();
    s.cmd(&["rule", "add", "bad", "staff <= 1", "--severity", "fatal"])
        .status(3)
        .stderr_contains("sévérité inconnue « fatal »")
        .run();
    s.ok(&["rule", "remove", "staff_needed", "--yes"]);
    let rules = s.json(&["rule", "list"]);
    assert!(
        rules
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["name"] != "staff_needed")
    );
}

#[test]
fn locked_periods_refuse_writes_unless_forced_with_a_reason() {
    let s = Suivi::new().with_houses();
    s.ok(&[
        "period",
        "lock",
        "2024-2025",
        "--reason",
        "validated by the steering committee",
    ]);
    s.cmd(&["indicator", "record", "DT01", "boarders", "2025-01", "10"])
        .status(3)
        .stderr_contains("verrouillée")
        .run();
    assert_eq!(s.count("observation"), 0);
    s.cmd(&[
        "indicator",
        "record",
        "DT01",
        "boarders",
        "2025-01",
        "10",
        "--force",
    ])
    .status(2)
    .stderr_contains("--force a besoin de --reason")
    .run();
    s.ok(&[
        "indicator",
        "record",
        "DT01",
        "boarders",
        "2025-01",
        "10",
        "--force",
        "--reason",
        "late correction",
    ]);
    let log = s.json(&["log", "--entity", "observation", "--limit", "1"]);
    assert_eq!(log[0]["reason"], "late correction");
    record(&s, "DT01", "boarders", "2025-09", "10");
    let locks = s.json(&["period", "list"]);
    assert_eq!(locks[0]["period"], "2024-2025");
    s.ok(&["period", "unlock", "2024-2025", "--reason", "reopened"]);
    record(&s, "DT01", "boarders", "2025-02", "11");
}
