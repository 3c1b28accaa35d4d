//! Spreadsheet imports, exports and templates, on the fixtures in `fixtures/import`.

use serde_json::Value;

use crate::harness::{Suivi, fixture};

fn f(name: &str) -> String {
    fixture(&format!("import/{name}"))
        .to_str()
        .unwrap()
        .to_string()
}

/// What a command that writes to `--out` says on stderr.
fn wrote(path: &std::path::Path) -> String {
    format!("Écrit\u{a0}: {}\n", path.display())
}

/// A database with the fixtures' associations and houses.
fn register() -> Suivi {
    let s = Suivi::new();
    s.ok(&["import", "associations", &f("associations_fr_bom.csv")]);
    s.ok(&["import", "houses", &f("houses_fr_1256.csv")]);
    s
}

#[test]
fn every_good_fixture_imports_in_its_encoding_and_shape() {
    let s = register();
    assert_eq!(s.count("house"), 12);
    let dt = s.json(&["house", "show", "DT01"]);
    assert!(dt["name_ar"].as_str().unwrap().contains("دار"), "{dt}");
    let b = s.json(&["house", "list", "--region", "Béni Mellal-Khénifra"]);
    assert!(!b.as_array().unwrap().is_empty());
    for (file, shape, encoding) in [
        ("observations_long_utf8.csv", "long", "utf-8"),
        ("observations_long_fr_1252.csv", "long", "windows-1252"),
        ("observations_wide_bom.csv", "wide", "utf-8 (BOM)"),
        ("observations_wide_utf16.txt", "wide", "utf-16le"),
    ] {
        let out = s.json(&["import", "observations", &f(file)]);
        assert_eq!(out["shape"], shape, "{file}: {out}");
        assert_eq!(out["encoding"], encoding, "{file}: {out}");
        assert_eq!(out["rejected"], 0, "{file}: {out}");
        assert!(out["batch"].is_number(), "{file}: {out}");
    }
    let x = s.json(&["import", "observations", &f("observations.xlsx")]);
    assert!(
        x["inserted"].as_i64().unwrap() + x["updated"].as_i64().unwrap() > 0,
        "{x}"
    );
    s.ok(&["import", "targets", &f("targets_fr.csv")]);
    assert!(s.count("target") > 0);
    for h in 1..=12 {
        let code = format!("DT{h:02}");
        s.ok(&[
            "plan",
            "init",
            &code,
            "--start",
            "2024-2025",
            "--end",
            "2026-2027",
        ]);
    }
    s.ok(&["import", "actions", &f("actions_fr.csv")]);
    let ods = s.json(&["import", "actions", &f("actions.ods")]);
    assert_eq!(ods["rejected"], 0, "{ods}");
    assert!(ods["inserted"].as_i64().unwrap() > 0, "{ods}");
    let utf8 = s.json(&["import", "houses", &f("houses_utf8.csv")]);
    assert_eq!(utf8["rows"], 12, "{utf8}");
    assert_eq!(utf8["rejected"], 0, "{utf8}");
    s.ok(&["import", "assessments", &f("assessments_fr.csv")]);
    assert!(s.count("action") > 0 && s.count("assessment") > 0);
    // French numbers survived: 1 234,5 with a no-break space, decimal commas.
    let h = s.json(&["export", "observations"]);
    assert!(
        h.as_array().unwrap().iter().any(|o| o["value"] == 1234.5),
        "{h}"
    );
}

#[test]
fn importing_the_same_file_again_changes_nothing_and_says_so() {
    let s = register();
    let first = s.json(&[
        "import",
        "observations",
        &f("observations_long_fr_1252.csv"),
    ]);
    let n = first["inserted"].as_i64().unwrap();
    assert!(n > 0);
    let again = s.json(&[
        "import",
        "observations",
        &f("observations_long_fr_1252.csv"),
    ]);
    assert_eq!(again["inserted"], 0);
    assert_eq!(again["updated"], 0);
    assert_eq!(again["unchanged"], n);
    assert_eq!(again["batch"], Value::Null);
    s.cmd(&[
        "import",
        "observations",
        &f("observations_long_fr_1252.csv"),
    ])
    .stdout_contains("déjà été importé")
    .run();
    let again = s.json(&["import", "houses", &f("houses_fr_1256.csv")]);
    assert_eq!(again["unchanged"], 12);
    assert_eq!(s.json(&["import", "history"]).as_array().unwrap().len(), 3);
}

#[test]
fn bad_files_are_refused_with_line_column_and_value_and_nothing_is_written() {
    let s = register();
    let before = s.count("observation");
    let cases: &[(&str, &[&str])] = &[
        (
            "bad_values.csv",
            &[
                "ligne 3",
                "2025-13",
                "beaucoup",
                "négatif",
                "DT99",
                "swimming_pools",
                "colonne",
            ],
        ),
        ("unterminated_quote.csv", &["ligne 4", "guillemet"]),
        ("empty.csv", &["vide"]),
        ("header_only.csv", &["aucune ligne"]),
        ("binary.csv", &["binaire"]),
        ("duplicate_key.csv", &["deux fois"]),
        ("ambiguous_decimal.csv", &["1.234", "--decimal"]),
        ("duplicated_column.csv", &["Valeur"]),
        ("missing_column.csv", &["Période"]),
        ("nan_inf.csv", &["NaN", "inf"]),
    ];
    for (file, needles) in cases {
        let mut run = s
            .cmd(&["import", "observations", &f(&format!("bad/{file}"))])
            .status(3);
        for n in *needles {
            run = run.stderr_contains(*n);
        }
        run.run();
    }
    assert_eq!(s.count("observation"), before);
    assert_eq!(s.count("batch"), 2);
    let out = s
        .cmd(&[
            "import",
            "observations",
            &f("bad/bad_values.csv"),
            "--format",
            "json",
        ])
        .status(3)
        .stderr_contains("5 lignes refusées")
        .run();
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["rejected"], 5);
    assert_eq!(v["errors"][0]["line"], 3);
    assert!(
        v["errors"][0]["column"]
            .as_str()
            .unwrap()
            .contains("period")
    );
}

#[test]
fn skip_invalid_imports_the_valid_rows_and_writes_the_rejected_ones() {
    let s = register();
    let rejects = s.path("rejets.csv");
    let out = s.json(&[
        "import",
        "observations",
        &f("bad/bad_values.csv"),
        "--skip-invalid",
        "--rejects",
        rejects.to_str().unwrap(),
    ]);
    assert_eq!(out["rejected"], 5);
    assert_eq!(out["inserted"], 2);
    let text = std::fs::read_to_string(&rejects).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "{text}");
    assert!(lines[0].ends_with("Reason"), "{text}");
    assert!(lines[1].contains("2025-13"), "{text}");
    s.cmd(&[
        "import",
        "observations",
        &f("bad/bad_values.csv"),
        "--skip-invalid",
    ])
    .status(2)
    .stderr_contains("--rejects")
    .run();
}

#[test]
fn a_dry_run_counts_and_lists_changes_but_writes_nothing() {
    let s = register();
    s.ok(&["import", "observations", &f("observations_long_utf8.csv")]);
    let dir = s.path("changed.csv");
    std::fs::write(
        &dir,
        "house,indicator,period,value\nDT01,boarders,2025-01,99\nDT02,staff,2025-01,7\n",
    )
    .unwrap();
    let before = s.count("observation");
    let out = s.ok(&["import", "observations", dir.to_str().unwrap(), "--dry-run"]);
    assert!(out.contains("Essai, rien n'a été écrit"), "{out}");
    assert!(
        out.contains("DT02 staff 2025-01\u{a0}: (nouveau) → 7"),
        "{out}"
    );
    assert_eq!(s.count("observation"), before);
    let json = s.json(&["import", "observations", dir.to_str().unwrap(), "--dry-run"]);
    assert_eq!(json["dry_run"], true);
    assert_eq!(json["batch"], Value::Null);
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    for k in [
        "file",
        "rows",
        "inserted",
        "updated",
        "unchanged",
        "rejected",
        "dry_run",
        "batch",
        "errors",
    ] {
        assert!(keys.contains(&k), "{k} missing in {json}");
    }
}

#[test]
fn encoding_delimiter_and_decimal_can_be_forced() {
    let s = register();
    let p = s.write(
        "forced.csv",
        b"house|indicator|period|value\nDT01|budget_mad|2025|1234,5\n",
    );
    s.cmd(&[
        "import",
        "observations",
        p.to_str().unwrap(),
        "--delimiter",
        "|",
        "--decimal",
        "dot",
    ])
    .status(3)
    .stderr_contains("utilisez --decimal comma")
    .run();
    let out = s.json(&[
        "import",
        "observations",
        p.to_str().unwrap(),
        "--delimiter",
        "|",
        "--decimal",
        "comma",
    ]);
    assert_eq!(out["rejected"], 0);
    let h = s.json(&["indicator", "history", "DT01", "budget_mad"]);
    assert_eq!(h[0]["value"], 1234.5);
    s.cmd(&[
        "import",
        "observations",
        p.to_str().unwrap(),
        "--encoding",
        "klingon",
    ])
    .status(2)
    .stderr_contains("encodage inconnu « klingon »")
    .run();
    let latin = s.write(
        "latin.csv",
        b"house;indicator;period;value;comment\nDT02;staff;2025;5;r\xe9vis\xe9\n",
    );
    s.ok(&[
        "import",
        "observations",
        latin.to_str().unwrap(),
        "--encoding",
        "latin-1",
    ]);
    assert_eq!(
        s.json(&["indicator", "history", "DT02", "staff"])[0]["comment"],
        "révisé"
    );
}

#[test]
fn writes_into_locked_periods_are_refused_on_import() {
    let s = register();
    s.ok(&["period", "lock", "2025", "--reason", "validated"]);
    s.cmd(&["import", "observations", &f("observations_long_utf8.csv")])
        .status(3)
        .stderr_contains("verrouillée")
        .run();
    assert_eq!(s.count("observation"), 0);
    s.ok(&[
        "import",
        "observations",
        &f("observations_long_utf8.csv"),
        "--force",
        "--reason",
        "late data",
    ]);
    assert!(s.count("observation") > 0);
}

/// Exports every kind, imports it into a fresh database, exports again: same bytes.
#[test]
fn every_export_imports_back_to_the_same_data() {
    let s = Suivi::new().with_houses();
    s.ok(&[
        "house",
        "edit",
        "DT01",
        "--name-ar",
        "دار الطالبة",
        "--opened",
        "2010-09-01",
        "--milieu",
        "rural",
    ]);
    s.ok(&[
        "indicator",
        "record",
        "DT01",
        "boarders",
        "2025-01",
        "97",
        "--comment",
        "=1+1 recount",
    ]);
    s.ok(&[
        "indicator",
        "record",
        "DT02",
        "budget_mad",
        "2025",
        "1234,5",
    ]);
    s.ok(&[
        "indicator",
        "target",
        "DT01",
        "success_rate",
        "--baseline",
        "70,5",
        "--baseline-period",
        "2024-2025",
        "--target",
        "80",
        "--target-period",
        "2026-2027",
    ]);
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
        "action",
        "add",
        "DT01",
        "--axis",
        "gestion",
        "--title",
        "Comptabilité",
        "--due",
        "2025-06-30",
        "--budget",
        "1500,5",
        "--status",
        "en cours",
        "--progress",
        "30",
    ]);
    s.ok(&[
        "plan",
        "assess",
        "DT01",
        "--period",
        "2024-2025",
        "governance=2,5",
    ]);

    let t = Suivi::new();
    t.ok(&["plan", "template", "list"]);
    for (kind, flags) in [
        ("associations", vec![]),
        ("houses", vec![]),
        ("observations", vec![]),
        ("targets", vec!["--excel"]),
        ("assessments", vec![]),
    ] {
        let file = s.path(&format!("{kind}.csv"));
        let mut args = vec!["export", kind, "--out", file.to_str().unwrap()];
        args.extend(flags.iter().copied());
        s.cmd(&args).stderr(wrote(&file)).run();
        t.ok(&[
            "--db",
            t.db.to_str().unwrap(),
            "import",
            kind,
            file.to_str().unwrap(),
        ]);
        let again = t.path(&format!("{kind}-again.csv"));
        let mut args = vec!["export", kind, "--out", again.to_str().unwrap()];
        args.extend(flags.iter().copied());
        t.cmd(&args).stderr(wrote(&again)).run();
        let (a, b) = (
            std::fs::read_to_string(&file).unwrap(),
            std::fs::read_to_string(&again).unwrap(),
        );
        if kind == "observations" {
            // Provenance (batch, when, who) differs by design; the data do not.
            let data = |s: &str| {
                s.lines()
                    .map(|l| l.split(',').take(5).collect::<Vec<_>>().join(","))
                    .collect::<Vec<_>>()
            };
            assert_eq!(data(&a), data(&b), "{kind}");
        } else {
            assert_eq!(a, b, "{kind}");
        }
    }
    t.ok(&[
        "plan",
        "init",
        "DT01",
        "--start",
        "2024-2025",
        "--end",
        "2026-2027",
    ]);
    let x = s.path("actions.xlsx");
    s.cmd(&["export", "actions", "--out", x.to_str().unwrap()])
        .stderr(wrote(&x))
        .run();
    t.ok(&["import", "actions", x.to_str().unwrap()]);
    let (a, b) = (
        s.json(&["plan", "action", "list"]),
        t.json(&["plan", "action", "list"]),
    );
    assert_eq!(a[0]["title"], b[0]["title"]);
    assert_eq!(a[0]["budget"], b[0]["budget"]);
    assert_eq!(a[0]["progress"], b[0]["progress"]);
    assert_eq!(a[0]["status"], b[0]["status"]);
    let hx = s.path("houses.xlsx");
    s.cmd(&["export", "houses", "--out", hx.to_str().unwrap()])
        .stderr(wrote(&hx))
        .run();
    let again = t.json(&["import", "houses", hx.to_str().unwrap()]);
    assert_eq!(again["unchanged"], 2, "{again}");
}

#[test]
fn exports_guard_against_formula_injection_and_write_french_excel() {
    let s = Suivi::new().with_houses();
    s.ok(&[
        "indicator",
        "record",
        "DT01",
        "boarders",
        "2025-01",
        "97",
        "--comment",
        "=HYPERLINK(\"http://x\")",
    ]);
    s.ok(&[
        "indicator",
        "record",
        "DT01",
        "budget_mad",
        "2025",
        "1234,5",
        "--comment",
        "-5",
    ]);
    s.cmd(&["export", "observations"])
        .stdout_contains("'=HYPERLINK")
        // A plain number is left alone.
        .stdout_contains(",-5,")
        .run();
    let excel = s.path("obs.csv");
    s.cmd(&[
        "export",
        "observations",
        "--excel",
        "--out",
        excel.to_str().unwrap(),
    ])
    .stderr(wrote(&excel))
    .run();
    let bytes = std::fs::read(&excel).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("Maison;Indicateur;Période;Valeur"), "{text}");
    assert!(text.contains("1234,5"), "{text}");
    let json = s.json(&["export", "houses"]);
    assert_eq!(json[0]["capacity"], 100.0);
    s.cmd(&["export", "houses", "--format", "xlsx"])
        .status(2)
        .stderr_contains("a besoin de --out FICHIER.xlsx")
        .run();
}

#[test]
fn a_filled_template_imports_as_is() {
    let s = Suivi::new().with_houses();
    let t = s.path("modele.csv");
    s.ok(&[
        "template",
        "observations",
        "--period",
        "T1 2025",
        "--indicators",
        "boarders,Internes filles",
        "--out",
        t.to_str().unwrap(),
    ]);
    let text = String::from_utf8(std::fs::read(&t).unwrap()).unwrap();
    let mut lines: Vec<String> = text
        .trim_start_matches('\u{feff}')
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(
        lines[0],
        "Maison;Nom de la maison;Période;Internes;Internes filles"
    );
    assert_eq!(lines.len(), 3);
    lines[1] = lines[1].replace(";;", ";80;80");
    lines[2] = lines[2].replace(";;", ";12;");
    std::fs::write(&t, format!("\u{feff}{}\r\n", lines.join("\r\n"))).unwrap();
    let out = s.json(&["import", "observations", t.to_str().unwrap()]);
    assert_eq!(out["inserted"], 3, "{out}");
    assert_eq!(out["empty"], 1, "{out}");
    let h = s.json(&["indicator", "history", "DT01", "boarders_girls"]);
    assert_eq!(h[0]["period"], "2025-Q1");
    let x = s.path("modele.xlsx");
    s.ok(&[
        "template",
        "observations",
        "--period",
        "2025",
        "--out",
        x.to_str().unwrap(),
    ]);
    let out = s.json(&["import", "observations", x.to_str().unwrap()]);
    assert_eq!(
        out["inserted"], 0,
        "an empty template imports nothing: {out}"
    );
    s.cmd(&[
        "template",
        "observations",
        "--period",
        "2025",
        "--indicators",
        "success_rate",
        "--out",
        x.to_str().unwrap(),
    ])
    .status(3)
    .stderr_contains("success_rate est calculé par une formule")
    .run();
}

#[test]
fn an_import_is_undone_exactly_and_refused_when_changed_since() {
    let s = register();
    let a = s.write(
        "a.csv",
        "house,indicator,period,value\nDT01,boarders,2025-01,80\nDT01,staff,2025-01,5\n",
    );
    let b = s.write(
        "b.csv",
        "house,indicator,period,value\nDT01,boarders,2025-01,90\nDT02,staff,2025-01,6\n",
    );
    let first = s.json(&["import", "observations", a.to_str().unwrap()]);
    let second = s.json(&["import", "observations", b.to_str().unwrap()]);
    let (b1, b2) = (
        first["batch"].as_i64().unwrap().to_string(),
        second["batch"].as_i64().unwrap().to_string(),
    );
    // The first batch's boarders value was changed by the second.
    s.cmd(&["import", "undo", &b1, "--yes"])
        .status(3)
        .stderr_contains("DT01 boarders 2025-01")
        .run();
    s.ok(&["import", "undo", &b2, "--yes"]);
    let h = s.json(&["indicator", "history", "DT01", "boarders"]);
    assert_eq!(h[0]["value"], 80.0);
    assert_eq!(h[0]["batch"].as_i64().unwrap().to_string(), b1);
    assert!(
        s.json(&["indicator", "history", "DT02"])
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["indicator"] != "staff")
    );
    s.cmd(&["import", "undo", &b2, "--yes"])
        .status(3)
        .stderr_contains("déjà été annulé")
        .run();
    s.ok(&["import", "undo", &b1, "--yes"]);
    assert_eq!(s.count("observation"), 0);
    let hist = s.json(&["import", "history"]);
    let keys: Vec<&str> = hist[0]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "kind",
            "file",
            "sha256",
            "at",
            "by",
            "inserted",
            "updated",
            "unchanged",
            "rejected",
            "undone"
        ]
    );
    assert!(
        hist.as_array()
            .unwrap()
            .iter()
            .filter(|b| b["undone"].is_string())
            .count()
            == 2
    );
    let log = s.json(&["log", "--entity", "batch", "--limit", "1"]);
    assert_eq!(log[0]["action"], "undo");
    // Undoing a houses batch removes the houses it added (none has data now)...
    let houses_batch = "2";
    s.cmd(&["import", "undo", houses_batch])
        .status(2)
        .stderr_contains("ajoutez --yes")
        .run();
    s.ok(&["import", "undo", houses_batch, "--yes"]);
    assert_eq!(s.count("house"), 0);
    s.cmd(&["import", "undo", "99", "--yes"])
        .status(3)
        .stderr_contains("pas de lot d'import 99")
        .run();
}
