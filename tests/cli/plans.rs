//! Institutional development plans: versions, stages, actions, assessments, events.

use serde_json::Value;

use crate::harness::Suivi;

fn with_plan() -> Suivi {
    let s = Suivi::new().with_houses();
    s.ok(&[
        "plan",
        "init",
        "DT01",
        "--start",
        "2024-2025",
        "--end",
        "AS 2026-2027",
    ]);
    s
}

#[test]
fn a_plan_is_created_with_the_standard_axes_and_versioned() {
    let s = with_plan();
    let v = s.json(&["plan", "show", "DT01"]);
    assert_eq!(v["plan"]["version"], 1);
    assert_eq!(v["plan"]["end"], "2026-2027");
    let axes: Vec<&str> = v["axes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        axes,
        [
            "gouvernance",
            "gestion",
            "services",
            "partenariats",
            "digitalisation"
        ]
    );
    assert_eq!(
        v["axes"][1]["label"],
        "Gestion administrative et financière"
    );

    s.cmd(&["plan", "init", "DT01", "--start", "2025", "--end", "2027"])
        .status(3)
        .stderr_contains("--new-version")
        .run();
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
    let v = s.json(&["plan", "show", "DT01"]);
    assert_eq!(v["plan"]["version"], 2);
    assert_eq!(v["previous_versions"][0]["version"], 1);
    // The old version's action is kept, read-only.
    s.cmd(&["plan", "action", "update", "1", "--status", "done"])
        .status(3)
        .stderr_contains("lecture seule")
        .run();
    assert_eq!(
        s.json(&["plan", "action", "list"])
            .as_array()
            .unwrap()
            .len(),
        0
    );
    s.cmd(&["plan", "init", "DT02", "--start", "2026", "--end", "2025"])
        .status(3)
        .stderr_contains("finit (2025) avant de commencer (2026)")
        .run();
    s.cmd(&[
        "plan",
        "init",
        "DT02",
        "--start",
        "2025",
        "--end",
        "2026",
        "--template",
        "fancy",
    ])
    .status(3)
    .stderr_contains("modèle de plan inconnu « fancy »")
    .run();
    s.cmd(&["plan", "init", "DT99", "--start", "2025", "--end", "2026"])
        .status(3)
        .stderr_contains("maison inconnue « DT99 »")
        .run();
}

#[test]
fn stages_advance_and_going_back_needs_a_reason() {
    let s = with_plan();
    s.ok(&[
        "plan",
        "stage",
        "DT01",
        "diagnostic",
        "--date",
        "15/10/2024",
    ]);
    s.ok(&["plan", "stage", "DT01", "rédigé", "--date", "2025-01-20"]);
    s.ok(&["plan", "stage", "DT01", "adopted", "--date", "2025-03-01"]);
    let v = s.json(&["plan", "show", "DT01"]);
    assert_eq!(v["stage"], "adopted");
    assert_eq!(v["stages"][0]["reached_on"], "2024-10-15");
    s.cmd(&["plan", "stage", "DT01", "validated", "--date", "2024-12-01"])
        .status(3)
        .stderr_contains("--force")
        .run();
    s.cmd(&[
        "plan",
        "stage",
        "DT01",
        "validated",
        "--date",
        "2025-02-01",
        "--force",
    ])
    .status(2)
    .stderr_contains("--force a besoin de --reason")
    .run();
    s.ok(&[
        "plan",
        "stage",
        "DT01",
        "validated",
        "--date",
        "2025-02-01",
        "--force",
        "--reason",
        "the committee asked for changes",
    ]);
    let v = s.json(&["plan", "show", "DT01"]);
    assert_eq!(v["stage"], "validated");
    assert_eq!(v["stages"].as_array().unwrap().len(), 3);
    let log = s.json(&["log", "--entity", "plan_stage", "--limit", "1"]);
    assert_eq!(log[0]["reason"], "the committee asked for changes");
    s.cmd(&["plan", "stage", "DT01", "evaluated", "--date", "2024-01-01"])
        .status(3)
        .stderr_contains("avant")
        .run();
    s.cmd(&["plan", "stage", "DT01", "published"])
        .status(3)
        .stderr_contains("étape inconnue « published »")
        .run();
    s.cmd(&["plan", "stage", "DT02", "diagnostic"])
        .status(3)
        .stderr_contains("n'a pas encore de plan")
        .run();
}

#[test]
fn actions_are_added_updated_listed_and_late_ones_found() {
    let s = with_plan();
    s.ok(&[
        "plan",
        "action",
        "add",
        "DT01",
        "--axis",
        "Gouvernance",
        "--title",
        "Tenir l'AG",
        "--owner",
        "Bureau",
        "--start",
        "01/01/2025",
        "--due",
        "30/06/2025",
        "--budget",
        "12 500,00",
    ]);
    s.ok(&[
        "plan",
        "action",
        "add",
        "DT01",
        "--axis",
        "digitalisation",
        "--title",
        "Registre numérique",
        "--due",
        "2026-12-31",
        "--status",
        "en cours",
        "--progress",
        "40",
    ]);
    s.ok(&[
        "plan",
        "action",
        "add",
        "DT01",
        "--axis",
        "services",
        "--title",
        "Salle d'étude",
        "--due",
        "2025-03-31",
        "--status",
        "annulée",
    ]);
    let list = s.json(&["plan", "action", "list", "--as-of", "2025-07-01"]);
    let a = &list[0];
    assert_eq!(a["budget"], 12500.0);
    assert_eq!(a["start"], "2025-01-01");
    assert_eq!(a["status"], "planned");
    assert_eq!(a["late"], true);
    let keys: Vec<&str> = a.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "id", "house", "version", "axis", "title", "owner", "start", "due", "budget", "spent",
            "status", "progress", "late"
        ]
    );
    let late = s.json(&["plan", "action", "list", "--late", "--as-of", "2025-07-01"]);
    assert_eq!(
        late.as_array().unwrap().len(),
        1,
        "cancelled and future actions are not late: {late}"
    );
    let by_axis = s.json(&[
        "plan",
        "action",
        "list",
        "--axis",
        "digitalisation",
        "--house",
        "DT01",
    ]);
    assert_eq!(by_axis[0]["progress"], 40.0);

    let id = a["id"].as_i64().unwrap().to_string();
    s.ok(&[
        "plan", "action", "update", &id, "--status", "terminé", "--spent", "11 000",
    ]);
    let shown = s.json(&["plan", "action", "show", &id]);
    assert_eq!(shown["status"], "done");
    assert_eq!(shown["progress"], 100.0);
    assert_eq!(shown["spent"], 11000.0);
    assert_eq!(
        s.json(&["plan", "action", "list", "--late", "--as-of", "2025-07-01"])
            .as_array()
            .unwrap()
            .len(),
        0
    );

    let v = s.json(&["plan", "show", "DT01", "--as-of", "2025-07-01"]);
    let gouv = &v["axes"][0];
    assert_eq!(gouv["execution_rate"], 100.0);
    assert_eq!(gouv["budget"], 12500.0);
    assert_eq!(gouv["spent"], 11000.0);
    // Done over not cancelled: the services action was cancelled.
    assert_eq!(v["axes"][2]["execution_rate"], Value::Null);

    s.ok(&["plan", "action", "remove", &id, "--yes"]);
    s.cmd(&["plan", "action", "show", &id])
        .status(3)
        .stderr_contains("il n'y a pas d'action")
        .run();
}

#[test]
fn bad_actions_are_refused_and_nothing_is_written() {
    let s = with_plan();
    let base = [
        "plan",
        "action",
        "add",
        "DT01",
        "--axis",
        "gouvernance",
        "--title",
        "X",
        "--due",
        "2025-06-30",
    ];
    let cases: &[(&[&str], &str)] = &[
        (&["--axis", "astrologie"], "astrologie"),
        (&["--start", "2025-07-01"], "avant de commencer"),
        (&["--progress", "120"], "0-100"),
        (&["--progress", "-5"], "0-100"),
        (&["--status", "peut-être"], "peut-être"),
        (&["--budget", "-100"], "négatif"),
        (&["--due", "31/02/2025"], "31/02/2025"),
        (&["--title", " "], "vide"),
    ];
    for (extra, needle) in cases {
        let mut args: Vec<&str> = base.to_vec();
        for pair in extra.chunks(2) {
            if let Some(i) = args.iter().position(|a| *a == pair[0]) {
                args[i + 1] = pair[1];
            } else {
                args.extend(pair);
            }
        }
        s.cmd(&args).status(3).stderr_contains(needle).run();
    }
    s.cmd(&[
        "plan",
        "action",
        "add",
        "DT02",
        "--axis",
        "gouvernance",
        "--title",
        "X",
        "--due",
        "2025-06-30",
    ])
    .status(3)
    .stderr_contains("la maison DT02 n'a pas encore de plan")
    .run();
    s.cmd(&["plan", "action", "update", "999", "--status", "done"])
        .status(3)
        .stderr_contains("il n'y a pas d'action 999")
        .run();
    assert_eq!(s.count("action"), 0);
}

#[test]
fn assessments_show_baseline_and_latest() {
    let s = with_plan();
    s.ok(&[
        "plan",
        "assess",
        "DT01",
        "--period",
        "2024-2025",
        "governance=2",
        "management=1,5",
        "Digitalisation=1",
    ]);
    s.ok(&[
        "plan",
        "assess",
        "DT01",
        "--period",
        "2025-2026",
        "governance=3",
        "management=2.5",
    ]);
    let v = s.json(&["plan", "show", "DT01"]);
    let gov = &v["assessment"][0];
    assert_eq!(gov["dimension"], "governance");
    assert_eq!(gov["baseline"], 2.0);
    assert_eq!(gov["baseline_period"], "2024-2025");
    assert_eq!(gov["latest"], 3.0);
    assert_eq!(v["assessment"][4]["latest"], 1.0);
    for (bad, says) in [
        ("governance=5", "le score 5 est hors de 1-4"),
        ("governance=0", "le score 0 est hors de 1-4"),
        ("happiness=2", "dimension inconnue « happiness »"),
        ("governance", "n'est pas DIMENSION=SCORE"),
        ("governance=bien", "« bien » n'est pas un nombre"),
    ] {
        s.cmd(&["plan", "assess", "DT01", "--period", "2025-2026", bad])
            .status(3)
            .stderr_contains(says)
            .run();
    }
    assert_eq!(s.count("assessment"), 5);
}

#[test]
fn events_are_recorded_and_listed() {
    let s = with_plan();
    s.ok(&[
        "plan",
        "event",
        "add",
        "DT01",
        "--kind",
        "formation",
        "--date",
        "12/03/2025",
        "--title",
        "Gestion financière",
        "--women",
        "8",
        "--men",
        "3",
    ]);
    s.ok(&[
        "plan",
        "event",
        "add",
        "DT01",
        "--kind",
        "visit",
        "--date",
        "2025-04-01",
        "--title",
        "Visite de suivi",
    ]);
    let list = s.json(&["plan", "event", "list", "--house", "DT01"]);
    assert_eq!(list[0]["kind"], "training");
    assert_eq!(list[0]["women"], 8);
    assert_eq!(list[1]["men"], Value::Null);
    s.cmd(&[
        "plan",
        "event",
        "add",
        "DT01",
        "--kind",
        "party",
        "--date",
        "2025-04-01",
        "--title",
        "X",
    ])
    .status(3)
    .stderr_contains("type d'activité inconnu « party »")
    .run();
    s.cmd(&[
        "plan",
        "event",
        "add",
        "DT01",
        "--kind",
        "visit",
        "--date",
        "2025-04-01",
        "--title",
        "X",
        "--women",
        "-1",
    ])
    .status(3)
    .stderr_contains("--women « -1 »")
    .run();
    let v = s.json(&["plan", "show", "DT01"]);
    assert_eq!(v["events"].as_array().unwrap().len(), 2);
}

#[test]
fn plan_show_renders_in_every_format() {
    let s = with_plan();
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
        "gestion",
        "--title",
        "Comptabilité",
        "--due",
        "2025-01-31",
    ]);
    s.ok(&[
        "plan",
        "assess",
        "DT01",
        "--period",
        "2024-2025",
        "governance=2",
    ]);
    let table = s.ok(&["plan", "show", "DT01", "--as-of", "2025-06-01"]);
    assert!(
        table.contains("Comptabilité") && table.contains("Prévue ⚠ retard"),
        "{table}"
    );
    assert!(table.lines().all(|l| l.chars().count() <= 80), "{table}");
    s.cmd(&[
        "--lang",
        "en",
        "plan",
        "show",
        "DT01",
        "--as-of",
        "2025-06-01",
    ])
    .stdout_contains("Planned ⚠ late")
    .stdout_contains("Capacity self-assessment")
    .run();
    let csv = s.ok(&[
        "plan",
        "show",
        "DT01",
        "--format",
        "csv",
        "--as-of",
        "2025-06-01",
    ]);
    assert!(csv.starts_with("section,item,field,value"), "{csv}");
    assert!(
        csv.contains("stage,diagnostic,reached_on,2024-10-15"),
        "{csv}"
    );
    assert!(csv.contains(",late,yes"), "{csv}");
    s.cmd(&["plan", "show", "DT02"])
        .stdout_contains("pas encore de PDI")
        .run();
}

#[test]
fn templates_are_data() {
    let s = Suivi::new().with_houses();
    s.ok(&[
        "plan",
        "template",
        "add",
        "centre",
        "--axis",
        "accueil=Accueil|Reception",
        "--axis",
        "soins=Soins|Care",
    ]);
    s.ok(&[
        "plan",
        "init",
        "DT02",
        "--start",
        "2025",
        "--end",
        "2026",
        "--template",
        "centre",
    ]);
    let v = s.json(&["plan", "show", "DT02"]);
    assert_eq!(v["axes"].as_array().unwrap().len(), 2);
    assert_eq!(v["axes"][1]["label"], "Soins");
    let list = s.json(&["plan", "template", "list"]);
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|r| r["template"] == "centre")
    );
    s.cmd(&["plan", "template", "add", "centre", "--axis", "x=X"])
        .status(3)
        .stderr_contains("le modèle centre existe déjà")
        .run();
}

#[test]
fn the_pilot_report_counts_stages_actions_and_assessments() {
    let s = with_plan();
    s.ok(&[
        "plan",
        "stage",
        "DT01",
        "diagnostic",
        "--date",
        "2024-10-15",
    ]);
    s.ok(&["plan", "stage", "DT01", "adopted", "--date", "2025-03-01"]);
    s.ok(&[
        "plan",
        "action",
        "add",
        "DT01",
        "--axis",
        "gestion",
        "--title",
        "A",
        "--due",
        "2025-01-31",
    ]);
    s.ok(&[
        "plan",
        "action",
        "add",
        "DT01",
        "--axis",
        "gestion",
        "--title",
        "B",
        "--due",
        "2025-01-31",
        "--status",
        "done",
    ]);
    s.ok(&[
        "plan",
        "action",
        "add",
        "DT01",
        "--axis",
        "services",
        "--title",
        "C",
        "--due",
        "2026-01-31",
        "--status",
        "cancelled",
    ]);
    s.ok(&[
        "plan",
        "assess",
        "DT01",
        "--period",
        "2024-2025",
        "governance=2",
    ]);
    s.ok(&[
        "plan",
        "assess",
        "DT01",
        "--period",
        "2025-2026",
        "governance=3",
    ]);
    s.ok(&[
        "plan",
        "event",
        "add",
        "DT01",
        "--kind",
        "training",
        "--date",
        "2025-03-12",
        "--title",
        "T",
        "--women",
        "5",
    ]);
    let r = s.json(&[
        "report",
        "pilot",
        "--period",
        "2024-2025",
        "--as-of",
        "2025-06-30",
    ]);
    let st = &r["plans"]["stages"];
    assert_eq!(st["adopted"], 1);
    assert_eq!(st["none"], 1);
    assert_eq!(st["diagnostic"], 0);
    let a = &r["plans"]["actions"];
    assert_eq!(
        (
            a["total"].as_i64(),
            a["done"].as_i64(),
            a["planned"].as_i64()
        ),
        (Some(3), Some(1), Some(1))
    );
    assert_eq!(
        (
            a["cancelled"].as_i64(),
            a["late"].as_i64(),
            a["in_progress"].as_i64()
        ),
        (Some(1), Some(1), Some(0))
    );
    let gestion = r["plans"]["by_axis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["axis"] == "gestion")
        .unwrap();
    assert_eq!(gestion["execution_rate"], 50.0);
    assert_eq!(r["assessment"][0]["baseline"], 2.0);
    assert_eq!(r["assessment"][0]["latest"], 3.0);
    assert_eq!(r["events"]["training"], 1);
    assert_eq!(r["events"]["women"], 5);
    let table = s.ok(&[
        "report",
        "pilot",
        "--period",
        "2024-2025",
        "--as-of",
        "2025-06-30",
    ]);
    assert!(
        table.contains("Gestion") && table.contains("50 %"),
        "{table}"
    );
    assert!(table.lines().all(|l| l.chars().count() <= 80), "{table}");
}
