//! The pilot report, the house dossier and the completeness matrix, in every
//! format: the demo's key figures are asserted one by one; the renderings people
//! read (table, Markdown, HTML) are reviewed as snapshots in `snapshots/`.

use serde_json::{Value, json};

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

/// One element per line, so that a change to the HTML snapshot reads as a diff:
/// a line break goes between two tags (text stays with its tag).
fn one_element_per_line(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some(i) = rest.find('>') {
        let (tag, after) = rest.split_at(i + 1);
        out.push_str(tag);
        let trimmed = after.trim_start();
        if trimmed.starts_with('<') {
            // Only the whitespace between two tags is replaced.
            out.push('\n');
            rest = trimmed;
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn one_element_per_line_splits_between_tags_only() {
    assert_eq!(
        one_element_per_line("<p>a <b>b</b></p>\n  <svg><rect/></svg>"),
        "<p>a <b>b</b>\n</p>\n<svg>\n<rect/>\n</svg>"
    );
}

/// The renderings people read are reviewed as snapshots (`cargo insta review`);
/// the JSON and CSV ones are checked figure by figure in the test below.
#[test]
fn the_demo_report_renders_in_every_format() {
    let s = demo();
    for format in ["table", "md"] {
        let out = pilot(&s, format, &[]);
        insta::assert_snapshot!(format!("demo_pilot_{format}"), out);
    }
    let html = pilot(&s, "html", &[]);
    insta::assert_snapshot!("demo_pilot_html", one_element_per_line(&html));
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

fn close(got: &Value, want: f64, what: &str) {
    let g = got
        .as_f64()
        .unwrap_or_else(|| panic!("{what}: {got} is not a number"));
    assert!((g - want).abs() < 1e-9, "{what}: {g}, expected {want}");
}

/// The demo's key figures, worked out from `fixtures/demo/*.csv` (made by
/// `fixtures/demo/make_demo.py`): a change to the data, to an aggregation rule
/// or to a renderer that moves one of them fails here.
#[test]
fn the_demo_report_has_its_key_figures_in_json() {
    let s = demo();
    let r: Value = serde_json::from_str(&pilot(&s, "json", &[])).unwrap();
    assert_eq!(
        (&r["period"], &r["cohort"], &r["as_of"], &r["houses"]),
        (&json!(PERIOD), &json!("pilot"), &json!(AS_OF), &json!(12))
    );
    assert_eq!(r["published"], false);
    let o = &r["overview"];
    assert_eq!(
        (
            &o["capacity"],
            &o["boarders"],
            &o["boarders_girls"],
            &o["boarders_boys"]
        ),
        (&json!(1200), &json!(1031.0), &json!(678.0), &json!(353.0))
    );

    let indicators = r["indicators"].as_array().unwrap();
    assert_eq!(indicators.len(), 35);
    let ind = |code: &str| {
        indicators
            .iter()
            .find(|i| i["code"] == code)
            .unwrap_or_else(|| panic!("no indicator {code}"))
            .clone()
    };
    let house = |code: &str, h: &str| {
        ind(code)["houses"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["house"] == h)
            .unwrap_or_else(|| panic!("no {h} in {code}"))
            .clone()
    };

    // Pilot-wide rates are ratios of sums: 369 of 496 pupils passed.
    let success = ind("success_rate");
    assert_eq!(ind("pupils_sat")["pilot"]["value"], 496.0);
    assert_eq!(ind("pupils_passed")["pilot"]["value"], 369.0);
    close(
        &success["pilot"]["value"],
        100.0 * 369.0 / 496.0,
        "success rate",
    );
    let rates: Vec<f64> = success["houses"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["value"].as_f64())
        .collect();
    assert_eq!(rates.len(), 11, "DT11 sent no results");
    let mean = rates.iter().sum::<f64>() / rates.len() as f64;
    assert!(
        (mean - 100.0 * 369.0 / 496.0).abs() > 1.0,
        "the demo must tell a mean of rates ({mean}) from a ratio of sums"
    );
    // Baseline and target are weighted by pupils sat, progress is (value - baseline) / (target - baseline).
    let (b, t) = (
        success["pilot"]["baseline"].as_f64().unwrap(),
        success["pilot"]["target"].as_f64().unwrap(),
    );
    assert_eq!(
        (format!("{b:.2}"), format!("{t:.2}")),
        ("71.63".into(), "82.07".into())
    );
    // Progress compares like with like: the 11 houses with a baseline, a value
    // and a target (DT11 sent no results), not the 12 behind the baseline shown.
    assert_eq!(success["pilot"]["progress_houses"], 11);
    assert_eq!(success["pilot"]["target_houses"], 12);
    let p = success["pilot"]["progress"].as_f64().unwrap();
    assert!((p - 26.7013).abs() < 1e-3, "success progress {p}");
    assert!(
        (p - 100.0 * (100.0 * 369.0 / 496.0 - b) / (t - b)).abs() > 0.1,
        "progress over the 12 houses would be another figure"
    );
    let mut statuses = std::collections::BTreeMap::new();
    for h in success["houses"].as_array().unwrap() {
        *statuses
            .entry(h["status"].as_str().unwrap().to_string())
            .or_insert(0) += 1;
    }
    assert_eq!(
        statuses,
        [
            ("achieved", 1),
            ("behind", 6),
            ("no_data", 1),
            ("on_track", 4)
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    );
    assert_eq!(house("success_rate", "DT10")["status"], "achieved");
    close(
        &house("success_rate", "DT04")["value"],
        100.0 * 57.0 / 92.0,
        "DT04 success",
    );

    // Occupancy: one capacity figure, the register's where no house reported
    // one (DT11 stopped reporting): 1,031 boarders in 1,200 places.
    close(
        &ind("occupancy_rate")["pilot"]["value"],
        100.0 * 1031.0 / 1200.0,
        "occupancy",
    );
    close(&ind("capacity")["pilot"]["value"], 1200.0, "capacity");
    assert_eq!(house("boarders", "DT04")["value"], 166.0);
    assert_eq!(house("capacity", "DT04")["value"], 150.0);
    close(
        &house("occupancy_rate", "DT04")["value"],
        100.0 * 166.0 / 150.0,
        "DT04 occupancy",
    );
    close(
        &house("occupancy_rate", "DT11")["value"],
        100.0 * 40.0 / 50.0,
        "DT11 occupancy from the register's capacity",
    );
    close(
        &ind("girls_share")["pilot"]["value"],
        100.0 * 678.0 / 1031.0,
        "girls share",
    );
    close(
        &ind("dropout_rate")["pilot"]["value"],
        100.0 * 22.0 / 1031.0,
        "dropout rate",
    );
    assert_eq!(house("boarders", "DT11")["value"], 40.0);
    assert_eq!(ind("budget_mad")["pilot"]["value"], 9_848_600.0);
    assert!(!ind("boarders")["trend"].as_array().unwrap().is_empty());

    // Plans: the funnel, the actions and their axes.
    let p = &r["plans"];
    assert_eq!(
        p["stages"],
        json!({"diagnostic": 1, "drafted": 2, "validated": 1, "adopted": 3,
               "executing": 2, "evaluated": 1, "none": 2})
    );
    assert_eq!(
        p["actions"],
        json!({"total": 45, "done": 22, "in_progress": 16, "planned": 6,
               "cancelled": 1, "late": 8})
    );
    let axes = p["by_axis"].as_array().unwrap();
    assert_eq!(axes.len(), 5);
    assert_eq!(
        axes.iter()
            .map(|a| a["total"].as_i64().unwrap())
            .sum::<i64>(),
        45
    );
    let gouv = &axes[0];
    assert_eq!(gouv["axis"], "gouvernance");
    close(
        &gouv["execution_rate"],
        100.0 * 6.0 / 9.0,
        "gouvernance execution",
    );
    assert_eq!(
        (&gouv["budget"], &gouv["spent"]),
        (&json!(83300.0), &json!(49430.0))
    );
    assert_eq!(
        p["houses"][3],
        json!({"house": "DT04", "stage": "adopted", "version": 1})
    );

    // Completeness: 12 houses x 10 months; DT11 stopped sending in January.
    let c = &r["completeness"];
    assert_eq!(
        (&c["expected"], &c["received"], &c["rate"]),
        (&json!(120), &json!(114), &json!(95.0))
    );
    assert_eq!(c["months"].as_array().unwrap().len(), 10);
    assert_eq!(c["not_reporting"], json!([]));
    for h in c["houses"].as_array().unwrap() {
        let want = if h["house"] == "DT11" { 4 } else { 10 };
        assert_eq!(h["received"], want, "{h}");
    }
    let dt11 = c["houses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["house"] == "DT11")
        .unwrap();
    assert_eq!(
        dt11["missing"],
        json!([
            "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"
        ])
    );

    assert_eq!(
        r["events"],
        json!({"total": 7, "training": 3, "workshop": 1, "visit": 3, "women": 34, "men": 14})
    );
    let a = r["assessment"].as_array().unwrap();
    assert_eq!(a.len(), 6);
    assert_eq!(
        (
            &a[0]["dimension"],
            &a[0]["baseline"],
            &a[0]["latest"],
            &a[0]["houses"]
        ),
        (&json!("governance"), &json!(1.9), &json!(2.15), &json!(10))
    );

    // Alerts as data: who and what (their wording belongs to the renderers).
    let alerts: Vec<(&str, &str)> = r["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["kind"].as_str().unwrap(), a["house"].as_str().unwrap()))
        .collect();
    assert_eq!(alerts.len(), 10, "{alerts:?}");
    assert!(alerts.contains(&("overcrowding", "DT04")), "{alerts:?}");
    assert!(alerts.contains(&("missing_data", "DT11")), "{alerts:?}");
    assert_eq!(
        alerts.iter().filter(|(k, _)| *k == "late_action").count(),
        8
    );
}

/// The CSV rendering: one row per indicator for the pilot and for each house.
#[test]
fn the_demo_report_has_its_key_figures_in_csv() {
    let s = demo();
    let text = pilot(&s, "csv", &[]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "period",
            "cohort",
            "level",
            "house",
            "indicator",
            "name",
            "unit",
            "baseline",
            "value",
            "target",
            "progress",
            "status"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 35 * 13, "35 indicators x (pilot + 12 houses)");
    assert!(rows.iter().all(|r| &r[0] == PERIOD && &r[1] == "pilot"));
    assert_eq!(rows.iter().filter(|r| &r[2] == "pilot").count(), 35);
    let row = |house: &str, code: &str| -> Vec<String> {
        rows.iter()
            .find(|r| &r[3] == house && &r[4] == code)
            .unwrap_or_else(|| panic!("no row {house} {code}"))
            .iter()
            .skip(7)
            .map(str::to_string)
            .collect()
    };
    // baseline, value, target, progress, status; two decimals at most.
    assert_eq!(
        row("", "success_rate"),
        ["71.63", "74.4", "82.07", "26.7", ""]
    );
    assert_eq!(
        row("DT10", "success_rate"),
        ["70.6", "78.57", "77", "124.55", "achieved"]
    );
    assert_eq!(
        row("DT11", "success_rate"),
        ["83.3", "", "92.3", "", "no_data"]
    );
    assert_eq!(row("", "occupancy_rate"), ["", "85.92", "", "", ""]);
    assert_eq!(row("DT04", "occupancy_rate")[1], "110.67");
    assert_eq!(row("", "boarders")[1], "1031");
    let count = |status: &str| rows.iter().filter(|r| &r[11] == status).count();
    assert_eq!(
        (count("achieved"), count("on_track"), count("behind")),
        (11, 17, 17)
    );
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
    s.cmd(&["report", "house", "DT99"])
        .status(3)
        .stderr_contains("maison inconnue « DT99 »")
        .run();

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
    s.cmd(&[
        "report",
        "completeness",
        "--from",
        "2024-12",
        "--to",
        "2024-12",
        "--format",
        "csv",
    ])
    .stdout_contains("DT09,2024-12,0")
    .stdout_contains("DT01,2024-12,1")
    .run();
    s.cmd(&[
        "report",
        "completeness",
        "--from",
        "2025-06",
        "--to",
        "2025-01",
    ])
    .status(3)
    .stderr_contains("--to finit avant --from")
    .run();
    s.cmd(&["report", "completeness", "--format", "html"])
        .status(2)
        .stderr_contains("--format html n'est pas disponible")
        .run();
}
