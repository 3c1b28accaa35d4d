//! The national picture: roll-ups by group, the report that scales to the
//! country, and the evaluation of the pilot against comparison houses.

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::harness::*;

/// Two regions; in region 01 the houses' success rates are 90 % (100 sat)
/// and 10 % (10 sat): the ratio of sums is 91/110, not the mean 50 %.
fn regions() -> Suivi {
    let s = Suivi::new();
    s.write(
        "houses.csv",
        "code,name,kind,region,province,milieu,capacity,cohort\n\
         A1,Maison A1,dar-talib,01,TNG,urban,100,pilot\n\
         A2,Maison A2,dar-taliba,01,Tanger-Assilah,rural,40,pilot\n\
         B1,Maison B1,mixed,05,Ville sans province,rural,60,pilot\n\
         B2,Centre B2,elderly-centre,05,,urban,30,pilot\n",
    );
    s.ok(&["import", "houses", "houses.csv"]);
    s.write(
        "obs.csv",
        "house,indicator,period,value\n\
         A1,pupils_sat,2024-2025,100\nA1,pupils_passed,2024-2025,90\n\
         A2,pupils_sat,2024-2025,10\nA2,pupils_passed,2024-2025,1\n\
         B1,pupils_sat,2024-2025,20\nB1,pupils_passed,2024-2025,10\n",
    );
    s.ok(&["import", "observations", "obs.csv"]);
    s
}

fn group<'a>(v: &'a serde_json::Value, key: &str) -> &'a serde_json::Value {
    v["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .find(|g| g["key"] == key)
        .unwrap_or_else(|| panic!("no group {key} in {v}"))
}

fn indicator<'a>(g: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    g["indicators"]
        .as_array()
        .expect("indicators")
        .iter()
        .find(|i| i["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {g}"))
}

#[test]
fn roll_up_by_region_is_a_ratio_of_sums_per_group() {
    let s = regions();
    let v = s.json(&["report", "pilot", "--period", "2024-2025", "--by", "region"]);
    assert_eq!(v["houses"], 4);
    let north = group(&v, "01");
    assert_eq!(north["by"], "region");
    assert_eq!(north["name"], "Tanger-Tétouan-Al Hoceïma");
    assert_eq!(north["houses"], 2);
    let rate = indicator(north, "success_rate");
    let value = rate["value"].as_f64().expect("value");
    assert!((value - 100.0 * 91.0 / 110.0).abs() < 1e-9, "{value}");
    assert_eq!(rate["houses"], 2);
    // Region 05: two houses, but exam results apply to one (the elderly
    // people's centre is not asked them).
    let south = group(&v, "05");
    assert_eq!(south["houses"], 2);
    let rate = indicator(south, "success_rate");
    assert_eq!(rate["value"].as_f64(), Some(50.0));
    assert_eq!(rate["houses"], 1);
    // The whole report is still there.
    assert!(v["indicators"].as_array().is_some_and(|a| !a.is_empty()));
}

#[test]
fn provinces_group_by_code_or_name_then_by_the_text() {
    let s = regions();
    let v = s.json(&[
        "report",
        "pilot",
        "--period",
        "2024-2025",
        "--by",
        "province",
    ]);
    let tng = group(&v, "TNG");
    assert_eq!(tng["name"], "Tanger-Assilah");
    assert_eq!(tng["houses"], 2);
    assert_eq!(group(&v, "Ville sans province")["houses"], 1);
    assert_eq!(group(&v, "")["houses"], 1);
    let kinds = s.json(&["report", "pilot", "--period", "2024-2025", "--by", "kind"]);
    assert_eq!(group(&kinds, "elderly-centre")["houses"], 1);
}

#[test]
fn roll_ups_in_every_format() {
    let s = regions();
    let base = ["report", "pilot", "--period", "2024-2025", "--by", "region"];
    let csv = s.ok(&[&base[..], &["--format", "csv"]].concat());
    assert!(csv.starts_with("period,cohort,by,key,name,houses,indicator,value,indicator_houses\n"));
    assert!(
        csv.contains(
            "2024-2025,pilot,region,01,Tanger-Tétouan-Al Hoceïma,2,success_rate,82.73,2\n"
        ),
        "{csv}"
    );
    let md = s.ok(&[&base[..], &["--format", "md"]].concat());
    assert!(md.contains("## Par région"), "{md}");
    assert!(md.contains("82,7 %"), "{md}");
    let html = s.ok(&[&base[..], &["--format", "html", "--lang", "en"]].concat());
    assert!(html.contains("<h2>By region</h2>"));
    let table = s.ok(&base);
    assert!(
        table.contains("Par région") && table.contains("82,7 %"),
        "{table}"
    );
    s.cmd(&["report", "pilot", "--by", "county"])
        .status(2)
        .stderr_contains("county")
        .run();
}

/// The national demo, built once for this file.
fn national() -> &'static PathBuf {
    static DB: OnceLock<(Suivi, PathBuf)> = OnceLock::new();
    &DB.get_or_init(|| {
        // `demo` writes SQLite files (on either store's run).
        let s = Suivi::empty_sqlite();
        s.cmd(&["demo", "--national", "--out-dir", "."])
            .stderr_any()
            .run();
        let db = s.path("suivi-national.db");
        assert!(db.exists());
        (s, db)
    })
    .1
}

fn on_national(args: &[&str]) -> String {
    let s = Suivi::empty();
    let db = national().to_string_lossy().to_string();
    s.cmd(&[&["--db", db.as_str()][..], args].concat())
        .stdout_text()
}

#[test]
fn a_national_report_shows_groups_spread_and_laggards_not_every_house() {
    let html = on_national(&["report", "pilot", "--cohort", "all", "--format", "html"]);
    assert!(html.len() < 3_000_000, "{} bytes", html.len());
    assert!(html.contains("<h2>Par région</h2>"));
    assert!(html.contains("<h2>Répartition entre maisons</h2>"));
    assert!(html.contains("<h2>Les 10 maisons les plus en retard sur leurs cibles</h2>"));
    assert!(!html.contains("<h2>Par maison</h2>"));
    assert!(html.contains("suivi report house CODE"));
    let md = on_national(&["report", "pilot", "--cohort", "all", "--format", "md"]);
    // No per-house row in the main part: no completeness matrix, no house list.
    assert!(
        !md.contains("| Capacité | Étape |"),
        "the house list is in the main part"
    );
    assert!(
        !md.contains("| Maison | 20"),
        "the completeness matrix is in the main part"
    );
    assert!(md.lines().count() < 1500, "{} lines", md.lines().count());
    let v: serde_json::Value = serde_json::from_str(&on_national(&[
        "report", "pilot", "--cohort", "all", "--format", "json",
    ]))
    .expect("json");
    assert!(v["houses"].as_u64().is_some_and(|n| n > 1000));
    let laggards = v["laggards"].as_array().expect("laggards");
    assert!(!laggards.is_empty() && laggards.len() <= 10);
    let d = &v["distribution"][0];
    assert!(d["q1"].as_f64() <= d["median"].as_f64() && d["median"].as_f64() <= d["q3"].as_f64());
}

/// The pilot improves by 10 points, the comparison by 30: before/after says
/// the pilot gained, the difference in differences says it gained 20 points
/// less than houses outside it. P3 reported at baseline only.
fn evaluation() -> Suivi {
    let s = Suivi::new();
    s.write(
        "houses.csv",
        "code,name,kind,region,capacity,cohort\n\
         P1,Pilote 1,dar-talib,01,100,pilot\nP2,Pilote 2,dar-taliba,02,100,pilot\n\
         P3,Pilote 3,mixed,03,100,pilot\n\
         C1,Comparaison 1,dar-talib,01,100,wave2\nC2,Comparaison 2,mixed,04,100,wave2\n",
    );
    s.ok(&["import", "houses", "houses.csv"]);
    let mut obs = String::from("house,indicator,period,value\n");
    for (h, b, e) in [
        ("P1", 50, 60),
        ("P2", 50, 60),
        ("C1", 40, 70),
        ("C2", 40, 70),
    ] {
        obs += &format!("{h},pupils_sat,2023-2024,100\n{h},pupils_passed,2023-2024,{b}\n");
        obs += &format!("{h},pupils_sat,2024-2025,100\n{h},pupils_passed,2024-2025,{e}\n");
    }
    obs += "P3,pupils_sat,2023-2024,50\nP3,pupils_passed,2023-2024,10\n";
    s.write("obs.csv", obs);
    s.ok(&["import", "observations", "obs.csv"]);
    s
}

const EVAL: [&str; 10] = [
    "report",
    "evaluation",
    "--pilot",
    "pilot",
    "--comparison",
    "wave2",
    "--baseline",
    "2023-2024",
    "--endline",
    "2024-2025",
];

#[test]
fn difference_in_differences_disagrees_with_before_after() {
    let s = evaluation();
    let v = s.json(&EVAL);
    assert_eq!(v["pilot"], "pilot");
    assert_eq!(v["comparison"], "wave2");
    assert_eq!(v["baseline"], "2023-2024");
    assert_eq!(v["endline"], "2024-2025");
    let rate = v["indicators"]
        .as_array()
        .expect("indicators")
        .iter()
        .find(|i| i["code"] == "success_rate")
        .expect("success_rate");
    assert_eq!(rate["unit"], "percent");
    let p = &rate["pilot"];
    // Balanced panel: P3 dropped out, so 2 houses, and its low baseline does not count.
    assert_eq!(p["houses"], 2);
    assert_eq!(p["baseline"].as_f64(), Some(50.0));
    assert_eq!(p["endline"].as_f64(), Some(60.0));
    let change = p["change"].as_f64().expect("change");
    assert!(change > 0.0, "before/after: the pilot improved");
    assert_eq!(p["dropped"], serde_json::json!(["P3"]));
    let c = &rate["comparison"];
    assert_eq!(c["houses"], 2);
    assert_eq!(c["change"].as_f64(), Some(30.0));
    let did = rate["did"].as_f64().expect("did");
    assert!((did + 20.0).abs() < 1e-9, "{did}");
    assert!(
        did < 0.0 && change > 0.0,
        "the two readings disagree in sign"
    );
}

#[test]
fn the_evaluation_states_its_method_and_limits_in_both_languages() {
    let s = evaluation();
    let fr = s.ok(&EVAL);
    assert!(
        fr.contains("Taux de réussite") && fr.contains("-20 pts"),
        "{fr}"
    );
    assert!(fr.contains("tirées au sort") && fr.contains("P3"), "{fr}");
    let en = s.ok(&[&EVAL[..], &["--lang", "en", "--format", "md"]].concat());
    assert!(
        en.contains("not drawn at random") && en.contains("50 % → 60 %"),
        "{en}"
    );
    let html = s.ok(&[&EVAL[..], &["--format", "html"]].concat());
    assert!(
        html.contains("<svg") && html.contains("Référence → fin"),
        "slope chart"
    );
    let csv = s.ok(&[&EVAL[..], &["--format", "csv"]].concat());
    assert!(
        csv.contains(
            "success_rate,Taux de réussite,percent,pilot,pilot,2023-2024,2024-2025,50,60,10,2,-20\n"
        ),
        "{csv}"
    );
    s.cmd(
        &[
            &EVAL[..6],
            &["--baseline", "2024-2025", "--endline", "2023-2024"],
        ]
        .concat(),
    )
    .status(3)
    .stderr_contains("--endline")
    .run();
    s.cmd(&[
        "report",
        "evaluation",
        "--comparison",
        "nobody",
        "--baseline",
        "2023-2024",
        "--endline",
        "2024-2025",
    ])
    .status(3)
    .stderr_contains("nobody")
    .run();
}

#[test]
fn a_template_carries_only_the_indicators_that_apply_to_its_houses() {
    let s = regions();
    s.write(
        "centre.csv",
        "code,name,kind,region,capacity,cohort\nE1,Centre E1,elderly-centre,05,30,centres\n",
    );
    s.ok(&["import", "houses", "centre.csv"]);
    s.cmd(&[
        "template",
        "observations",
        "--period",
        "2025-01",
        "--cohort",
        "centres",
        "--out",
        "c.csv",
    ])
    .stderr_any()
    .run();
    let centre = std::fs::read_to_string(s.path("c.csv")).expect("template");
    let header = centre.lines().next().unwrap_or_default().to_string();
    assert!(!header.contains("Élèves présentés aux examens"), "{header}");
    assert!(header.contains("Bénéficiaires"), "{header}");
    s.cmd(&[
        "template",
        "observations",
        "--period",
        "2025-01",
        "--cohort",
        "pilot",
        "--out",
        "p.csv",
    ])
    .stderr_any()
    .run();
    let pilot = std::fs::read_to_string(s.path("p.csv")).expect("template");
    assert!(
        pilot
            .lines()
            .next()
            .unwrap_or_default()
            .contains("Élèves présentés aux examens")
    );
}

#[test]
fn completeness_counts_only_indicators_that_apply() {
    let s = Suivi::new();
    s.ok(&[
        "house",
        "add",
        "E1",
        "--name",
        "Centre",
        "--kind",
        "elderly-centre",
        "--region",
        "05",
        "--capacity",
        "30",
    ]);
    // Exam candidates do not apply to an elderly people's centre: January is not received.
    s.ok(&["indicator", "record", "E1", "pupils_sat", "2025-01", "10"]);
    s.ok(&[
        "indicator",
        "record",
        "E1",
        "beneficiaries",
        "2025-02",
        "10",
    ]);
    let v = s.json(&[
        "report",
        "completeness",
        "--from",
        "2025-01",
        "--to",
        "2025-02",
        "--cohort",
        "all",
    ]);
    assert_eq!(v["expected"], 2);
    assert_eq!(v["received"], 1);
    assert_eq!(v["houses"][0]["missing"], serde_json::json!(["2025-01"]));
}

#[test]
fn published_roll_ups_withhold_a_group_total_that_would_give_one_house_away() {
    let s = regions();
    let v = s.json(&[
        "report",
        "pilot",
        "--period",
        "2024-2025",
        "--by",
        "region",
        "--publish",
    ]);
    // A2 passed 1 pupil: withheld; region 01's total (91) minus A1's 90 would
    // give it back, so the total is withheld, and the region's rate with it.
    let north = group(&v, "01");
    for code in ["pupils_passed", "success_rate"] {
        let x = indicator(north, code);
        assert_eq!(
            (&x["value"], &x["suppressed"]),
            (&serde_json::Value::Null, &serde_json::Value::Bool(true)),
            "{code}: {x}"
        );
    }
    // pupils sat (100 and 10) withholds nothing.
    assert_eq!(indicator(north, "pupils_sat")["value"], 110.0);
    // Region 05 has no withheld house: shown.
    let south = group(&v, "05");
    assert_eq!(indicator(south, "pupils_passed")["value"], 10.0);
    assert_eq!(indicator(south, "pupils_passed")["suppressed"], false);
    // Unpublished, every total is there.
    let open = s.json(&["report", "pilot", "--period", "2024-2025", "--by", "region"]);
    assert_eq!(
        indicator(group(&open, "01"), "pupils_passed")["value"],
        91.0
    );
    // The Markdown shows the mark, not the value.
    let md = s.ok(&[
        "report",
        "pilot",
        "--period",
        "2024-2025",
        "--by",
        "region",
        "--publish",
        "--format",
        "md",
    ]);
    assert!(!md.contains("| 91"), "{md}");
    assert!(md.contains("masqué"), "{md}");
}
