//! Plan versions stay visible: after `plan init --new-version`, the earlier
//! version's stages and actions are reached with `--version N`, and every
//! listed action says which version it belongs to.

use serde_json::Value;

use super::harness::Suivi;

/// DT01 with version 1 (diagnostic reached, one action) then version 2
/// (one other action); DT02 with only version 1.
fn two_versions() -> Suivi {
    let s = Suivi::new().with_houses();
    s.ok(&[
        "plan",
        "init",
        "DT01",
        "--start",
        "2024-2025",
        "--end",
        "2026-2027",
    ]);
    s.ok(&[
        "plan",
        "stage",
        "DT01",
        "diagnostic",
        "--date",
        "2024-10-15",
    ]);
    s.ok(&[
        "plan",
        "action",
        "add",
        "DT01",
        "--axis",
        "gouvernance",
        "--title",
        "AG annuelle",
        "--due",
        "2025-06-30",
        "--budget",
        "1000",
    ]);
    s.ok(&[
        "plan",
        "init",
        "DT01",
        "--start",
        "2025-2026",
        "--end",
        "2027-2028",
        "--new-version",
    ]);
    s.ok(&[
        "plan",
        "action",
        "add",
        "DT01",
        "--axis",
        "services",
        "--title",
        "Soutien scolaire",
        "--due",
        "2026-06-30",
    ]);
    s.ok(&[
        "plan",
        "init",
        "DT02",
        "--start",
        "2024-2025",
        "--end",
        "2026-2027",
    ]);
    s.ok(&[
        "plan",
        "action",
        "add",
        "DT02",
        "--axis",
        "gestion",
        "--title",
        "Comptabilité",
        "--due",
        "2025-12-31",
    ]);
    s
}

fn titles(rows: &Value) -> Vec<(String, i64)> {
    rows.as_array()
        .expect("an array")
        .iter()
        .map(|r| {
            (
                r["title"].as_str().unwrap().to_string(),
                r["version"].as_i64().expect("a version number"),
            )
        })
        .collect()
}

#[test]
fn action_list_reaches_an_earlier_version_and_says_which() {
    let s = two_versions();
    // Without --version: the current version of each plan, each row says which.
    assert_eq!(
        titles(&s.json(&["plan", "action", "list"])),
        vec![
            ("Soutien scolaire".to_string(), 2),
            ("Comptabilité".to_string(), 1)
        ]
    );
    assert_eq!(
        titles(&s.json(&["plan", "action", "list", "--house", "DT01"])),
        vec![("Soutien scolaire".to_string(), 2)]
    );
    // Version 1 of DT01 is still there.
    let v1 = s.json(&[
        "plan",
        "action",
        "list",
        "--house",
        "DT01",
        "--version",
        "1",
    ]);
    assert_eq!(titles(&v1), vec![("AG annuelle".to_string(), 1)]);
    assert_eq!(v1[0]["budget"], 1000.0);
    // Version 1 of every plan that has one.
    assert_eq!(
        titles(&s.json(&["plan", "action", "list", "--version", "1"])),
        vec![
            ("AG annuelle".to_string(), 1),
            ("Comptabilité".to_string(), 1)
        ]
    );
    // Filters still apply within the version.
    assert_eq!(
        titles(&s.json(&[
            "plan",
            "action",
            "list",
            "--version",
            "1",
            "--axis",
            "gestion"
        ])),
        vec![("Comptabilité".to_string(), 1)]
    );
    // The table and CSV carry a version column.
    s.cmd(&["plan", "action", "list", "--format", "csv"])
        .stdout_contains("id,house,version,axis,title")
        .stdout_contains(",DT01,2,services,Soutien scolaire,")
        .run();
    s.cmd(&[
        "plan",
        "action",
        "list",
        "--house",
        "DT01",
        "--version",
        "1",
    ])
    .stdout_contains("Version")
    .stdout_contains("AG annuelle")
    .stdout_lacks("Soutien scolaire")
    .run();
    // One action shown alone says its version too.
    assert_eq!(s.json(&["plan", "action", "show", "1"])["version"], 1);
}

#[test]
fn a_version_that_does_not_exist_is_refused_with_the_ones_that_do() {
    let s = two_versions();
    s.cmd(&[
        "plan",
        "action",
        "list",
        "--house",
        "DT01",
        "--version",
        "3",
    ])
    .status(3)
    .stderr_contains("le plan de DT01 n'a pas de version 3\u{a0}; ses versions\u{a0}: 1, 2")
    .run();
    s.cmd(&["plan", "action", "list", "--version", "3"])
        .status(3)
        .stderr_contains("aucune maison n'a de version 3")
        .run();
    s.cmd(&["plan", "show", "DT01", "--version", "0"])
        .status(3)
        .stderr_contains("n'a pas de version 0")
        .run();
    s.ok(&[
        "house",
        "add",
        "DT03",
        "--name",
        "Sans plan",
        "--kind",
        "mixed",
        "--region",
        "05",
        "--capacity",
        "20",
    ]);
    s.cmd(&["plan", "show", "DT03", "--version", "1"])
        .status(3)
        .stderr_contains("la maison DT03 n'a pas encore de plan")
        .run();
    s.cmd(&[
        "plan",
        "action",
        "list",
        "--house",
        "DT99",
        "--version",
        "1",
    ])
    .status(3)
    .stderr_contains("DT99")
    .run();
}

#[test]
fn plan_show_reaches_an_earlier_versions_stages_and_actions() {
    let s = two_versions();
    let current = s.json(&["plan", "show", "DT01", "--as-of", "2025-07-01"]);
    assert_eq!(current["plan"]["version"], 2);
    assert_eq!(current["stages"], Value::Array(vec![]));
    assert_eq!(current["previous_versions"][0]["version"], 1);

    // Version 1, with a note on stderr that it is read-only history.
    let r = s
        .cmd(&[
            "plan",
            "show",
            "DT01",
            "--version",
            "1",
            "--as-of",
            "2025-07-01",
            "--format",
            "json",
        ])
        .stderr_contains("La version 1 du plan de DT01 est remplacée par la version 2")
        .run();
    let v1: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v1["plan"]["version"], 1);
    assert_eq!(v1["plan"]["superseded"], true);
    assert_eq!(v1["plan"]["start"], "2024-2025");
    assert_eq!(v1["stage"], "diagnostic");
    assert_eq!(v1["stages"][0]["reached_on"], "2024-10-15");
    let gouv = &v1["axes"][0];
    assert_eq!(gouv["code"], "gouvernance");
    assert_eq!(gouv["total"], 1);
    assert_eq!(gouv["budget"], 1000.0);
    assert_eq!(gouv["actions"][0]["title"], "AG annuelle");
    assert_eq!(gouv["late"], 1);
    assert_eq!(v1["late_actions"][0], 1);
    assert_eq!(
        v1["axes"][2]["total"], 0,
        "version 2's action is not in version 1"
    );
    assert_eq!(v1["previous_versions"], Value::Array(vec![]));

    // --version of the current one is the plain view, with no note.
    let v2 = s.json(&[
        "plan",
        "show",
        "DT01",
        "--version",
        "2",
        "--as-of",
        "2025-07-01",
    ]);
    assert_eq!(v2, current);

    // CSV and table reach it too.
    s.cmd(&["plan", "show", "DT01", "--version", "1", "--format", "csv"])
        .stderr_contains("remplacée")
        .stdout_contains("plan,v1,start,2024-2025")
        .stdout_contains("action,1,version,1")
        .stdout_contains("action,1,title,AG annuelle")
        .stdout_lacks("Soutien scolaire")
        .run();
    s.cmd(&["plan", "show", "DT01", "--version", "1"])
        .stderr_contains("remplacée")
        .stdout_contains("v1")
        .stdout_contains("AG annuelle")
        .run();
}

#[test]
fn the_pilot_report_says_which_plan_version_it_counts() {
    let s = two_versions();
    s.ok(&[
        "house",
        "add",
        "DT03",
        "--name",
        "Sans plan",
        "--kind",
        "mixed",
        "--region",
        "05",
        "--capacity",
        "20",
    ]);
    let r = s
        .cmd(&[
            "report",
            "pilot",
            "--period",
            "2024-2025",
            "--as-of",
            "2025-07-01",
        ])
        .stderr_any()
        .json();
    let houses = r["plans"]["houses"].as_array().unwrap();
    let version_of = |code: &str| {
        houses
            .iter()
            .find(|h| h["house"] == code)
            .unwrap_or_else(|| panic!("{code} is not in plans.houses"))["version"]
            .clone()
    };
    assert_eq!(version_of("DT01"), 2);
    assert_eq!(version_of("DT02"), 1);
    assert_eq!(version_of("DT03"), Value::Null);
    // It counts version 2's action of DT01, not version 1's.
    let total: i64 = r["plans"]["by_axis"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["total"].as_i64().unwrap_or(0))
        .sum();
    assert_eq!(total, 2);
}
