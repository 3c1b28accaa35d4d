//! Listings that fit the terminal, `log` that says what changed, suggestions for
//! typos, and prompts a person can finish.

use unicode_width::UnicodeWidthStr;

use crate::harness::Suivi;

/// The demo database, with long names where listings show text.
fn long_names() -> (Suivi, String) {
    let s = Suivi::empty();
    let dir = s.path("demo");
    s.ok(&["demo", "--out-dir", dir.to_str().unwrap()]);
    let db = dir.join("suivi-demo.db").to_str().unwrap().to_string();
    let long =
        "Dar Taliba de la commune rurale de Sidi Bou Othmane, quartier des oliviers, annexe nord";
    s.ok(&[
        "--db",
        &db,
        "house",
        "edit",
        "DT01",
        "--name",
        long,
        "--capacity",
        "110",
    ]);
    s.ok(&["--db", &db, "association", "edit", "AS01", "--name", long]);
    s.ok(&[
        "--db",
        &db,
        "period",
        "lock",
        "2025-09",
        "--reason",
        "Valeurs vérifiées avec la délégation provinciale et signées par la directrice de la maison",
    ]);
    (s, db)
}

const LISTINGS: &[&[&str]] = &[
    &["house", "list"],
    &["association", "list"],
    &["indicator", "list"],
    &["plan", "action", "list"],
    &["import", "history"],
    &["log"],
    &["rule", "list"],
    &["period", "list"],
    &["province", "list"],
];

#[test]
fn every_listing_fits_80_columns_and_wide_shows_every_column() {
    let (s, db) = long_names();
    let mut all: Vec<Vec<&str>> = LISTINGS.iter().map(|l| l.to_vec()).collect();
    all.push(vec!["check"]);
    for args in &all {
        let full: Vec<&str> = ["--db", db.as_str()]
            .iter()
            .copied()
            .chain(args.iter().copied())
            .collect();
        // `check` exits 3 when an error-severity rule is broken; its table is still printed.
        let run = s.cmd(&full).env("COLUMNS", "80").stderr_any().run();
        let out = run.stdout.clone();
        assert!(out.lines().count() > 1, "{args:?} printed nothing:\n{out}");
        for line in out.lines() {
            assert!(
                line.width() <= 80,
                "{args:?}: a line of {} cells at COLUMNS=80:\n{line}",
                line.width()
            );
        }
        if *args == ["house", "list"] {
            // The key columns stay; long names are shortened with an ellipsis.
            for key in ["code", "name", "kind", "region", "cohort"] {
                assert!(
                    out.lines().nth(1).unwrap().contains(key),
                    "{key} missing:\n{out}"
                );
            }
            assert!(out.contains("Dar Taliba de la comm"), "{out}");
            assert!(out.contains('…'), "{out}");
            assert!(!out.contains("annexe nord"), "{out}");
        }
    }
    // --wide: every column, full text.
    let wide = s.ok(&["--db", &db, "house", "list", "--wide"]);
    assert!(wide.contains("annexe nord"), "{wide}");
    for col in [
        "name_ar",
        "province",
        "commune",
        "milieu",
        "capacity",
        "association",
        "status",
    ] {
        assert!(
            wide.lines().nth(1).unwrap().contains(col),
            "--wide lacks {col}:\n{wide}"
        );
    }
    // A wider terminal shows more.
    let at_200 = s
        .cmd(&["--db", &db, "house", "list"])
        .env("COLUMNS", "200")
        .stdout_text();
    assert!(
        at_200.lines().nth(1).unwrap().contains("capacity"),
        "{at_200}"
    );
    // CSV and JSON are never cut.
    let csv = s
        .cmd(&["--db", &db, "house", "list", "--format", "csv"])
        .env("COLUMNS", "80")
        .stdout_text();
    assert!(
        csv.contains("annexe nord") && csv.lines().next().unwrap().contains("status"),
        "{csv}"
    );
}

#[test]
fn log_shows_the_fields_that_changed_and_json_keeps_the_records() {
    let s = Suivi::new().with_houses();
    s.ok(&["house", "edit", "DT01", "--capacity", "110"]);
    let out = s
        .cmd(&["log", "--limit", "1"])
        .env("COLUMNS", "120")
        .stdout_text();
    assert!(out.contains("capacity 100 → 110"), "{out}");
    assert!(out.contains("house DT01"), "{out}");
    assert!(
        !out.contains("Dar Taliba Un"),
        "unchanged fields are not shown:\n{out}"
    );
    let json = s.json(&["log", "--limit", "1"]);
    assert_eq!(json[0]["before"]["capacity"], 100);
    assert_eq!(json[0]["after"]["capacity"], 110);
    assert_eq!(json[0]["after"]["name"], "Dar Taliba Un");
}

#[test]
fn unknown_houses_and_indicators_suggest_the_closest_known_ones() {
    let s = Suivi::new().with_houses();
    s.cmd(&["house", "show", "DT2"])
        .status(3)
        .stderr_contains("unknown house \"DT2\"")
        .stderr_contains("did you mean \"DT02\"?")
        .run();
    s.cmd(&["indicator", "record", "DT1", "boarders", "2025-01", "5"])
        .status(3)
        .stderr_contains("did you mean \"DT01\"?")
        .run();
    s.cmd(&["indicator", "show", "boarder"])
        .status(3)
        .stderr_contains("unknown indicator \"boarder\"")
        .stderr_contains("did you mean \"boarders\"")
        .run();
    s.cmd(&["indicator", "show", "Internes fille"])
        .status(3)
        .stderr_contains("did you mean \"Internes filles\"")
        .run();
    // Nothing close: no guess, only where to look.
    let err = s.fails(&["house", "show", "ZZZZZZZZ"], 3);
    assert!(!err.contains("did you mean"), "{err}");
    assert!(err.contains("suivi house list"), "{err}");
}
