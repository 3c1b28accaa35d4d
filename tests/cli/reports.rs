//! The pilot report, the house dossier and the completeness matrix, in every
//! format; snapshots of the demo's renderings are reviewed in `snapshots/`.

use serde_json::Value;

use crate::harness::Suivi;

const PERIOD: &str = "2025-2026";
const AS_OF: &str = "2026-06-30";

/// A temporary folder holding the demo database.
fn demo() -> Suivi {
    let mut s = Suivi::empty();
    s.ok(&["demo", "--out-dir", s.dir.path().to_str().unwrap()]);
    s.db = s.path("suivi-demo.db");
    s
}

fn pilot(s: &Suivi, format: &str, extra: &[&str]) -> String {
    let mut args = vec![
        "report", "pilot", "--period", PERIOD, "--as-of", AS_OF, "--format", format,
    ];
    args.extend_from_slice(extra);
    s.ok(&args)
}

#[test]
fn the_demo_report_renders_in_every_format() {
    let s = demo();
    for format in ["table", "md", "csv", "json", "html"] {
        let out = pilot(&s, format, &[]);
        insta::assert_snapshot!(format!("demo_pilot_{format}"), out);
    }
    let en = pilot(&s, "md", &["--lang", "en"]);
    insta::assert_snapshot!("demo_pilot_md_en", en);
    let house = s.ok(&[
        "report", "house", "DT04", "--period", PERIOD, "--as-of", AS_OF,
    ]);
    insta::assert_snapshot!("demo_house_table", house);
    let c = s.ok(&[
        "report",
        "completeness",
        "--from",
        "2025-09",
        "--to",
        "2026-06",
    ]);
    insta::assert_snapshot!("demo_completeness_table", c);
}

#[test]
fn the_demo_writes_its_html_report_next_to_the_database() {
    let s = Suivi::empty();
    let out = s.ok(&["demo", "--out-dir", s.dir.path().to_str().unwrap()]);
    let html = s.path("suivi-demo-report.html");
    assert!(out.contains("suivi-demo-report.html"), "{out}");
    let text = std::fs::read_to_string(html).unwrap();
    assert!(text.starts_with("<!DOCTYPE html>"));
    assert!(text.contains("<svg"));
}

#[test]
fn the_html_report_is_self_contained() {
    let s = demo();
    for lang in ["fr", "en"] {
        let html = pilot(&s, "html", &["--lang", lang]);
        let lower = html.to_lowercase();
        for forbidden in [
            "<script", "http://", "https://", "src=", "@import", "url(", "<link",
        ] {
            assert!(
                !lower.contains(forbidden),
                "{lang}: the HTML report contains {forbidden:?}"
            );
        }
        assert!(html.contains(&format!("<html lang=\"{lang}\">")));
        assert!(html.contains("@page { size: A4"));
        // Arabic names are isolated right to left.
        assert!(html.contains("<bdi dir=\"rtl\" lang=\"ar\">دار"), "{lang}");
        // Charts: bars with targets, the funnel, trends, the assessment.
        assert!(html.matches("<svg").count() >= 8, "{lang}");
    }
    let en = pilot(&s, "html", &["--lang", "en"]);
    assert!(en.contains("Pilot evaluation") && en.contains("Plan adoption"));
    let house = s.ok(&[
        "report", "house", "DT04", "--period", PERIOD, "--as-of", AS_OF, "--format", "html",
    ]);
    assert!(house.contains("Fiche établissement") && !house.to_lowercase().contains("<script"));
}

#[test]
fn the_demo_report_holds_the_expected_story() {
    let s = demo();
    let r: Value = serde_json::from_str(&pilot(&s, "json", &[])).unwrap();
    assert_eq!(r["houses"], 12);
    assert_eq!(r["plans"]["stages"]["none"], 2);
    assert!(r["plans"]["actions"]["late"].as_i64().unwrap() >= 5);
    let alerts = r["alerts"].as_array().unwrap();
    assert!(
        alerts
            .iter()
            .any(|a| a["kind"] == "overcrowding" && a["house"] == "DT04"),
        "{alerts:?}"
    );
    assert!(
        alerts
            .iter()
            .any(|a| a["kind"] == "missing_data" && a["house"] == "DT11"),
        "{alerts:?}"
    );
    assert!(alerts.iter().any(|a| a["kind"] == "late_action"));
    // The pilot success rate is the ratio of sums of its components.
    let ind = |code: &str| {
        r["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == code)
            .unwrap()
            .clone()
    };
    let sat = ind("pupils_sat")["pilot"]["value"].as_f64().unwrap();
    let passed = ind("pupils_passed")["pilot"]["value"].as_f64().unwrap();
    let rate = ind("success_rate")["pilot"]["value"].as_f64().unwrap();
    assert!((rate - 100.0 * passed / sat).abs() < 1e-9);
    let rates: Vec<f64> = ind("success_rate")["houses"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["value"].as_f64())
        .collect();
    let mean = rates.iter().sum::<f64>() / rates.len() as f64;
    assert!(
        (mean - rate).abs() > 1.0,
        "the demo must tell a mean of rates from a ratio of sums"
    );
    assert!(!ind("boarders")["trend"].as_array().unwrap().is_empty());
    let c = &r["completeness"];
    assert_eq!(c["not_reporting"].as_array().unwrap().len(), 0);
    let dt11 = c["houses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["house"] == "DT11")
        .unwrap();
    assert_eq!(dt11["missing"].as_array().unwrap().len(), 6);
}

#[test]
fn publish_withholds_small_counts_of_pupils_in_every_format() {
    let s = Suivi::new().with_houses();
    for (house, boarders, girls) in [("DT01", "90", "88"), ("DT02", "40", "3")] {
        s.ok(&[
            "indicator",
            "record",
            house,
            "boarders",
            "2025-01",
            boarders,
        ]);
        s.ok(&[
            "indicator",
            "record",
            house,
            "boarders_girls",
            "2025-01",
            girls,
        ]);
    }
    let args = [
        "report",
        "pilot",
        "--period",
        "2025-01",
        "--as-of",
        "2025-06-30",
    ];
    let open: Value =
        serde_json::from_str(&s.ok(&[&args[..], &["--format", "json"]].concat())).unwrap();
    let girls = |r: &Value, code: &str| {
        r["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == code)
            .unwrap()["houses"][1]
            .clone()
    };
    assert_eq!(girls(&open, "boarders_girls")["value"], 3.0);
    let published: Value =
        serde_json::from_str(&s.ok(&[&args[..], &["--format", "json", "--publish"]].concat()))
            .unwrap();
    assert_eq!(published["published"], true);
    let g = girls(&published, "boarders_girls");
    assert_eq!(g["value"], Value::Null);
    assert_eq!(g["suppressed"], true);
    // The share of girls would give the 3 girls away from the 40 boarders.
    assert_eq!(girls(&published, "girls_share")["value"], Value::Null);
    // Large counts stay.
    assert_eq!(girls(&published, "boarders")["value"], 40.0);
    for format in ["csv", "md", "html", "table"] {
        let out = s.ok(&[&args[..], &["--format", format, "--publish"]].concat());
        for leak in [",3,", "| 3 |", ">3</td>", "┆ 3 "] {
            assert!(!out.contains(leak), "{format}: {leak:?} in {out}");
        }
    }
    let csv = s.ok(&[&args[..], &["--format", "csv", "--publish"]].concat());
    assert!(csv.contains("suppressed"), "{csv}");
    let house = s.ok(&[
        "report",
        "house",
        "DT02",
        "--period",
        "2025-01",
        "--as-of",
        "2025-06-30",
        "--format",
        "json",
        "--publish",
    ]);
    let v: Value = serde_json::from_str(&house).unwrap();
    let g = v["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "boarders_girls")
        .unwrap();
    assert_eq!(g["value"], Value::Null);
    assert!(
        g["history"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["value"].is_null())
    );
}

#[test]
fn the_house_dossier_and_the_completeness_matrix() {
    let s = demo();
    let v: Value = serde_json::from_str(&s.ok(&[
        "report", "house", "DT04", "--period", PERIOD, "--as-of", AS_OF, "--format", "json",
    ]))
    .unwrap();
    assert_eq!(v["house"]["code"], "DT04");
    assert_eq!(v["association"]["code"], "AS02");
    let boarders = v["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "boarders")
        .unwrap();
    assert!(boarders["history"].as_array().unwrap().len() >= 20);
    assert!(boarders["value"].as_f64().unwrap() > 150.0);
    assert_eq!(v["plan"]["stage"], "adopted");
    for format in ["md", "csv"] {
        let out = s.ok(&[
            "report", "house", "DT04", "--period", PERIOD, "--as-of", AS_OF, "--format", format,
        ]);
        assert!(
            out.contains("boarders") || out.contains("Internes"),
            "{format}"
        );
    }
    s.fails(&["report", "house", "DT99"], 3);

    let m: Value = serde_json::from_str(&s.ok(&[
        "report",
        "completeness",
        "--from",
        "2024-09",
        "--to",
        "2025-06",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(m["months"].as_array().unwrap().len(), 10);
    let dt09 = m["houses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["house"] == "DT09")
        .unwrap();
    assert_eq!(
        dt09["missing"],
        serde_json::json!(["2024-12", "2025-01", "2025-02"])
    );
    let csv = s.ok(&[
        "report",
        "completeness",
        "--from",
        "2024-12",
        "--to",
        "2024-12",
        "--format",
        "csv",
    ]);
    assert!(
        csv.contains("DT09,2024-12,0") && csv.contains("DT01,2024-12,1"),
        "{csv}"
    );
    s.fails(
        &[
            "report",
            "completeness",
            "--from",
            "2025-06",
            "--to",
            "2025-01",
        ],
        3,
    );
    s.fails(&["report", "completeness", "--format", "html"], 2);
}
