//! The register: database lifecycle, associations, houses, the log, man pages.

use crate::harness::{Suivi, fixture};

#[test]
fn a_missing_database_is_refused_and_never_created() {
    let s = Suivi::empty();
    s.cmd(&["house", "list"])
        .status(2)
        .stderr_contains("suivi init")
        .run();
    assert!(!s.db.exists());
}

#[test]
fn init_creates_a_private_database_with_regions_and_refuses_to_overwrite() {
    // The file and its mode (PostgreSQL: tests/cli/postgres.rs).
    let s = Suivi::new_sqlite();
    assert_eq!(s.count("region"), 12);
    assert!(s.count("indicator") >= 20);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&s.db).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    s.cmd(&["init"])
        .status(2)
        .stderr_contains("existe déjà")
        .run();
}

#[test]
fn associations_are_added_listed_shown_edited_and_removed() {
    let s = Suivi::new();
    s.ok(&[
        "association",
        "add",
        "AS01",
        "--name",
        "Association Amal",
        "--president",
        "Fatima",
        "--email",
        "amal@example.org",
    ]);
    let list = s.json(&["association", "list"]);
    assert_eq!(list[0]["code"], "AS01");
    assert_eq!(list[0]["president"], "Fatima");
    assert_eq!(list[0]["phone"], serde_json::Value::Null);

    s.ok(&[
        "association",
        "edit",
        "AS01",
        "--phone",
        "0539000000",
        "--president",
        "",
    ]);
    let shown = s.json(&["association", "show", "AS01"]);
    assert_eq!(shown["phone"], "0539000000");
    assert_eq!(shown["president"], serde_json::Value::Null);

    s.cmd(&["association", "add", "AS01", "--name", "Autre"])
        .status(3)
        .stderr_contains("AS01")
        .stderr_contains("existe déjà")
        .run();
    assert_eq!(s.count("association"), 1);

    s.cmd(&["association", "remove", "AS01"])
        .status(2)
        .stderr_contains("--yes")
        .run();
    s.ok(&["association", "remove", "AS01", "--yes"]);
    assert_eq!(s.count("association"), 0);
}

#[test]
fn a_bad_email_is_rejected() {
    let s = Suivi::new();
    s.cmd(&[
        "association",
        "add",
        "AS01",
        "--name",
        "A",
        "--email",
        "nope",
    ])
    .status(3)
    .stderr_contains("« nope »")
    .run();
}

#[test]
fn houses_are_registered_with_every_field_and_listed_with_filters() {
    let s = Suivi::new().with_houses();
    s.ok(&[
        "house",
        "add",
        "DT03",
        "--name",
        "Maison Mixte",
        "--name-ar",
        "دار الطالب والطالبة",
        "--kind",
        "mixte",
        "--region",
        "beni mellal khenifra",
        "--province",
        "Azilal",
        "--commune",
        "Demnate",
        "--milieu",
        "urbain",
        "--capacity",
        "1 200",
        "--cohort",
        "wave2",
        "--opened",
        "01/09/2015",
        "--legal-basis",
        "loi 14-05",
        "--authorisation-no",
        "A-17",
        "--authorisation-date",
        "2015-06-30",
    ]);
    let h = s.json(&["house", "show", "DT03"]);
    assert_eq!(h["kind"], "mixed");
    assert_eq!(h["region"], "Béni Mellal-Khénifra");
    assert_eq!(h["milieu"], "urban");
    assert_eq!(h["capacity"], 1200);
    assert_eq!(h["opened"], "2015-09-01");
    assert_eq!(h["name_ar"], "دار الطالب والطالبة");
    assert_eq!(h["cohort"], "wave2");
    assert_eq!(h["status"], "active");
    assert_eq!(h["authorisation_no"], "A-17");

    let all = s.json(&["house", "list"]);
    assert_eq!(all.as_array().unwrap().len(), 3);
    let keys: Vec<&str> = all[0]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    assert_eq!(
        keys,
        [
            "code",
            "name",
            "name_ar",
            "kind",
            "region",
            "province",
            "commune",
            "milieu",
            "capacity",
            "association",
            "cohort",
            "opened",
            "status",
            "legal_basis",
            "authorisation_no",
            "authorisation_date"
        ]
    );
    let pilot = s.json(&["house", "list", "--cohort", "pilot"]);
    assert_eq!(pilot.as_array().unwrap().len(), 2);
    let region = s.json(&["house", "list", "--region", "MA-03"]);
    assert_eq!(region.as_array().unwrap().len(), 1);
    assert_eq!(region[0]["code"], "DT02");
    let kind = s.json(&["house", "list", "--kind", "Dar Taliba"]);
    assert_eq!(kind[0]["code"], "DT01");

    let csv = s.ok(&["house", "list", "--format", "csv"]);
    assert!(csv.starts_with("code,name,name_ar,kind,region"), "{csv}");
    assert_eq!(csv.lines().count(), 4);
    s.cmd(&["house", "list"])
        .stdout_contains("DT03")
        .stdout_contains("Maison Mixte")
        .run();
}

#[test]
fn bad_house_input_is_refused_and_nothing_is_written() {
    let s = Suivi::new().with_houses();
    let base = [
        "house",
        "add",
        "DT09",
        "--name",
        "X",
        "--kind",
        "dar-talib",
        "--region",
        "01",
        "--capacity",
        "10",
    ];
    let cases: &[(&[&str], &str, i32)] = &[
        (&["--region", "Atlantide"], "Atlantide", 3),
        (&["--capacity", "-5"], "-5", 3),
        (&["--capacity", "beaucoup"], "beaucoup", 3),
        (&["--capacity", "12,5"], "12,5", 3),
        (&["--name", "  "], "vide", 3),
        (&["--association", "AS99"], "AS99", 3),
        (&["--kind", "castle"], "castle", 3),
        (&["--milieu", "lunar"], "lunar", 3),
        (&["--opened", "31/02/2020"], "31/02/2020", 3),
    ];
    for (override_args, needle, code) in cases {
        let mut args: Vec<&str> = base.to_vec();
        // Later flags win in the override: replace the base value of the same flag.
        for pair in override_args.chunks(2) {
            if let Some(i) = args.iter().position(|a| *a == pair[0]) {
                args[i + 1] = pair[1];
            } else {
                args.extend(pair);
            }
        }
        s.cmd(&args).status(*code).stderr_contains(*needle).run();
    }
    s.cmd(&[
        "house",
        "add",
        "DT01",
        "--name",
        "Y",
        "--kind",
        "mixed",
        "--region",
        "01",
        "--capacity",
        "1",
    ])
    .status(3)
    .stderr_contains("DT01")
    .stderr_contains("existe déjà")
    .run();
    assert_eq!(s.count("house"), 2);
    assert_eq!(s.json(&["house", "show", "DT01"])["name"], "Dar Taliba Un");
}

#[test]
fn a_missing_required_value_without_a_terminal_names_the_flag() {
    let s = Suivi::new();
    s.cmd(&[
        "house",
        "add",
        "DT01",
        "--kind",
        "mixed",
        "--region",
        "01",
        "--capacity",
        "5",
    ])
    .status(2)
    .stderr_contains("--name")
    .run();
    s.cmd(&["association", "add", "AS01"])
        .status(2)
        .stderr_contains("--name")
        .run();
    assert_eq!(s.count("house") + s.count("association"), 0);
}

#[test]
fn houses_are_edited_and_removal_is_guarded() {
    let s = Suivi::new().with_houses();
    s.ok(&[
        "house",
        "edit",
        "DT01",
        "--capacity",
        "120",
        "--milieu",
        "rural",
        "--status",
        "fermé",
    ]);
    let h = s.json(&["house", "show", "DT01"]);
    assert_eq!(h["capacity"], 120);
    assert_eq!(h["status"], "closed");
    s.cmd(&["house", "edit", "DT01", "--capacity", "-1"])
        .status(3)
        .stderr_contains("doit être un nombre entier de places")
        .run();
    assert_eq!(s.json(&["house", "show", "DT01"])["capacity"], 120);

    s.cmd(&["association", "remove", "AS01", "--yes"])
        .status(3)
        .stderr_contains("DT01")
        .stderr_contains("DT02")
        .run();

    s.cmd(&["house", "remove", "DT02"])
        .status(2)
        .stderr_contains("--yes")
        .run();
    // A house values refer to stays, and the refusal says what, in words of
    // the run's language.
    s.ok(&["indicator", "record", "DT01", "boarders", "2025-01", "80"]);
    s.cmd(&["house", "remove", "DT01", "--yes"])
        .status(3)
        .stderr_contains(": 1 valeur y renvoie\u{a0}; marquez-la plutôt fermée")
        .run();
    s.ok(&["indicator", "record", "DT01", "boarders", "2025-02", "81"]);
    s.cmd(&["--lang", "en", "house", "remove", "DT01", "--yes"])
        .status(3)
        .stderr_contains(": 2 observations refer to it; mark it closed")
        .run();
    s.ok(&["house", "remove", "DT02", "--yes"]);
    assert_eq!(s.count("house"), 1);
    s.cmd(&["house", "show", "DT02"])
        .status(3)
        .stderr_contains("maison inconnue « DT02 »")
        .run();
}

#[test]
fn every_change_is_in_the_audit_log_with_author_before_and_after() {
    let s = Suivi::new().with_houses();
    s.ok(&["house", "edit", "DT01", "--capacity", "90"]);
    let log = s.json(&["log", "--entity", "house", "--limit", "1"]);
    let e = &log[0];
    assert_eq!(e["action"], "update");
    assert_eq!(e["key"], "DT01");
    assert_eq!(e["by"], s.author().as_str());
    assert_eq!(e["before"]["capacity"], 100);
    assert_eq!(e["after"]["capacity"], 90);
    assert!(e["at"].as_str().unwrap().ends_with('Z'));
    let all = s.json(&["log"]);
    assert!(all.as_array().unwrap().len() >= 4);
}

#[test]
fn a_database_from_a_newer_suivi_is_refused_untouched() {
    // SQLite's user_version (PostgreSQL: tests/cli/postgres.rs).
    let s = Suivi::new_sqlite();
    {
        let conn = rusqlite::Connection::open(&s.db).unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
    }
    let before = std::fs::read(&s.db).unwrap();
    s.cmd(&["house", "list"])
        .status(1)
        .stderr_contains("plus récente")
        .run();
    assert_eq!(std::fs::read(&s.db).unwrap(), before);
}

#[test]
fn backup_makes_a_usable_copy() {
    // A copy of the file (PostgreSQL's backups are pg_dump's: tests/cli/postgres.rs).
    let s = Suivi::new_sqlite().with_houses();
    let copy = s.path("copy.db");
    s.ok(&["backup", copy.to_str().unwrap()]);
    let out = s.ok(&[
        "--db",
        copy.to_str().unwrap(),
        "house",
        "list",
        "--format",
        "csv",
    ]);
    assert!(out.contains("DT02"));
    s.cmd(&["backup", copy.to_str().unwrap()])
        .status(2)
        .stderr_contains("existe déjà")
        .run();
}

#[test]
fn demo_builds_twelve_fictional_houses_and_can_be_rerun() {
    let s = Suivi::empty();
    let out_dir = s.path("demo");
    s.cmd(&["demo", "--out-dir", out_dir.to_str().unwrap()])
        .stdout_contains("fictifs")
        .stdout_contains("Évaluation du pilote")
        .run();
    let db = out_dir.join("suivi-demo.db");
    s.cmd(&["demo", "--out-dir", out_dir.to_str().unwrap()])
        .stdout_contains("Évaluation du pilote")
        .run();
    assert!(
        out_dir
            .join("suivi-demo-files")
            .join("observations.csv")
            .exists()
    );
    let list = s.json(&["--db", db.to_str().unwrap(), "house", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 12);
    let kinds: std::collections::BTreeSet<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.len(), 3);
}

#[test]
fn man_pages_in_the_repository_are_current() {
    let s = Suivi::empty();
    let dir = s.path("man");
    s.ok(&["man", "--out-dir", dir.to_str().unwrap()]);
    let committed = fixture("../man");
    let mut generated: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    generated.sort();
    assert!(generated.len() > 10);
    for name in &generated {
        let new = std::fs::read_to_string(dir.join(name)).unwrap();
        let old = std::fs::read_to_string(committed.join(name)).unwrap_or_default();
        assert!(
            new == old,
            "man/{} is stale: run `cargo run -- man --out-dir man` and commit",
            name.to_string_lossy()
        );
    }
    let committed_count = std::fs::read_dir(&committed).unwrap().count();
    assert_eq!(
        committed_count,
        generated.len(),
        "man/ has pages for commands that no longer exist"
    );
}

#[test]
fn completions_are_printed_for_each_shell() {
    let s = Suivi::empty();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        s.cmd(&["completions", shell])
            .stdout_contains("suivi")
            .run();
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let s = Suivi::new().with_houses();
    let mut child = s
        .command()
        .args(["log"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success() || out.status.code() == Some(0),
        "{out:?}"
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn usage_errors_exit_2() {
    let s = Suivi::new();
    s.cmd(&["house", "frobnicate"])
        .status(2)
        .stderr_contains("commande inconnue")
        .run();
    s.cmd(&["house", "list", "--format", "html"])
        .status(2)
        .stderr_contains("--format html n'est pas disponible")
        .run();
}

#[test]
fn the_language_follows_lang_unless_a_flag_says_otherwise() {
    let s = Suivi::new().with_houses();
    s.cmd(&["plan", "show", "DT02"])
        .env("LANG", "en_US.UTF-8")
        .stdout_contains("House DT02: no plan yet")
        .run();
    s.cmd(&["--lang", "fr", "plan", "show", "DT02"])
        .env("LANG", "en_US.UTF-8")
        .stdout_contains("Maison DT02: pas encore de PDI")
        .run();
}

#[test]
fn a_yes_piped_on_standard_input_does_not_confirm_a_removal() {
    let s = Suivi::new().with_houses();
    s.cmd(&["house", "remove", "DT02"])
        .stdin("y\noui\n")
        .status(2)
        .stderr_contains("Refusé sans confirmation\u{a0}: ajoutez --yes")
        .run();
    assert_eq!(s.count("house"), 2);
}
