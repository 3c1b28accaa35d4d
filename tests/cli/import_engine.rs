//! The import engine: keys given twice in any kind of file, the rules of
//! house and association codes, a wide header naming two indicators, targets
//! outside their unit, and errors that name the column, not a flag.

use serde_json::Value;

use crate::harness::Suivi;

fn p(path: &std::path::Path) -> &str {
    path.to_str().unwrap()
}

const HOUSES_HEADER: &str = "Code,Nom,Type,Région,Capacité\n";

/// Runs an import expected to be refused (exit 3) with `--format json`;
/// returns the summary printed before the refusal and stderr.
fn refused(s: &Suivi, kind: &str, file: &std::path::Path) -> (Value, String) {
    let r = s.run(&["import", kind, p(file), "--format", "json"]);
    assert_eq!(r.code, 3, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).expect("JSON summary");
    (v, r.stderr)
}

#[test]
fn a_house_code_given_twice_in_a_file_is_refused_with_both_lines() {
    let s = Suivi::new();
    let f = s.write(
        "houses.csv",
        format!(
            "{HOUSES_HEADER}DT01,Un,dar-talib,01,10\nDT02,Deux,dar-talib,01,10\ndt01,Un bis,dar-talib,01,20\n"
        ),
    );
    let (v, err) = refused(&s, "houses", &f);
    assert_eq!(v["errors"][0]["line"], 4, "{v}");
    let m = v["errors"][0]["message"].as_str().unwrap();
    assert!(m.contains("lignes 2 et 4"), "{m}");
    assert!(
        v["errors"][0]["column"].as_str().unwrap().starts_with("A"),
        "{v}"
    );
    assert!(err.contains("rien n'a été importé"), "{err}");
    assert_eq!(s.count("house"), 0);
}

#[test]
fn every_other_kind_of_file_refuses_a_key_given_twice() {
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
    let cases: [(&str, String, &str); 4] = [
        (
            "associations",
            "Code,Nom\nAS02,Deux\nAS03,Trois\nAS02,Deux encore\n".into(),
            "lignes 2 et 4",
        ),
        (
            "targets",
            "Maison,Indicateur,Cible,Période cible\nDT01,boarders,90,2025-2026\nDT01,Internes,95,2025-2026\n"
                .into(),
            "lignes 2 et 3",
        ),
        (
            "actions",
            "Maison,Axe,Action,Échéance\nDT01,gouvernance,Former le bureau,2025-06-30\nDT01,gouvernance,former le Bureau,2025-07-30\n"
                .into(),
            "lignes 2 et 3",
        ),
        (
            "assessments",
            "Maison,Période,Dimension,Score\nDT01,2024-2025,governance,2\nDT01,2024-2025,governance,2\n"
                .into(),
            "lignes 2 et 3",
        ),
    ];
    for (kind, content, lines) in cases {
        let f = s.write(&format!("{kind}.csv"), content);
        let (v, _) = refused(&s, kind, &f);
        let m = v["errors"][0]["message"].as_str().unwrap();
        assert!(m.contains(lines) && m.contains("deux fois"), "{kind}: {v}");
    }
    assert_eq!(s.count("target"), 0);
    assert_eq!(s.count("action"), 0);
    assert_eq!(s.count("assessment"), 0);
    assert_eq!(s.count("association"), 1);
}

/// An observation given twice with different values names both lines: in a
/// long file (any spelling of the house; a refused row before is not the
/// first) and in a wide one; its rejects row says the same.
#[test]
fn an_observation_given_twice_names_both_lines_and_both_values() {
    let s = Suivi::new().with_houses();
    let long = s.write(
        "long.csv",
        "Maison,Indicateur,Période,Valeur,Commentaire\nDT01,boarders,2025-05,abc,\n\
         DT01,boarders,2025-05,,\ndt01,boarders,2025-05,40,\nDT02,boarders,2025-05,41,\n\
         DT01,Internes,2025-05,42,\nDT01,boarders,2025-05,40,recompté\n",
    );
    let (v, _) = refused(&s, "observations", &long);
    assert_eq!(v["errors"][1]["line"], 6, "{v}");
    let said = [
        "figure deux fois dans ce fichier (lignes 4 et 6) avec des valeurs différentes (40 et 42)",
        // The same number with another comment is said so.
        "(lignes 4 et 7) avec la même valeur (40) mais des commentaires différents",
    ];
    for (i, needle) in said.iter().enumerate() {
        let m = message(&v, i + 1);
        assert!(m.contains(needle), "{m}");
    }
    let cases = [
        // Numbers that differ past the shown decimals are different values.
        (
            "close.csv",
            "Maison,Indicateur,Période,Valeur\nDT01,budget_mad,2025,100.0011\nDT01,budget_mad,2025,100.0042\n",
            "(lignes 2 et 3) avec des valeurs différentes",
        ),
        (
            "wide.csv",
            "Maison,Période,boarders,staff\nDT01,2025-05,40,\nDT02,2025-05,41,3\nDT01,2025-05,,4\nDT01,2025-05,43,\n",
            "(lignes 2 et 5) avec des valeurs différentes (40 et 43)",
        ),
    ];
    for (name, content, needle) in cases {
        let (v, _) = refused(&s, "observations", &s.write(name, content));
        let m = message(&v, 0);
        assert!(m.contains(needle), "{name}: {m}");
    }
    // Imported without them, the rejects file says the same.
    let (_, text) = s.import_skipping(&long, &[]);
    assert!(text.contains(said[0]), "{text}");
}

/// The message of a refused import's `i`-th listed error.
fn message(v: &Value, i: usize) -> &str {
    v["errors"][i]["message"].as_str().unwrap()
}

/// A wide row whose several values were given before lists them all: the
/// error names the first and the others' columns, the rejects row every reason.
#[test]
fn a_wide_row_refused_for_several_values_gives_every_reason() {
    let s = Suivi::new().with_houses();
    let f = s.write(
        "wide.csv",
        "Maison,Période,boarders,boarders_girls,staff\nDT01,2025-11,90,85,1\nDT01,2025-11,92,86,1\n",
    );
    let (v, _) = refused(&s, "observations", &f);
    let m = message(&v, 0);
    assert!(
        m.contains(
            "(90 et 92)\u{a0}; 1 autre valeur de la ligne refusée\u{a0}: D (boarders_girls)"
        ),
        "{m}"
    );
    // A row refused for every value it gave is refused whole: its empty
    // cells are not counted.
    let g = s.write(
        "wide2.csv",
        "Maison,Période,boarders,boarders_girls,staff\nDT02,2025-11,90,,\nDT02,2025-11,91,,\n",
    );
    let (v, _) = refused(&s, "observations", &g);
    assert_eq!(v["empty"], 2, "{v}");
    let (_, text) = s.import_skipping(&f, &[]);
    let row = text.lines().nth(1).unwrap();
    // The unchanged staff value is in the database: its cell is left empty.
    assert!(
        row.starts_with("DT01,2025-11,92,86,,Colonne C (boarders)"),
        "{text}"
    );
    assert!(
        row.contains(
            "(90 et 92)\u{a0}; Colonne D (boarders_girls)\u{a0}: DT01 boarders_girls 2025-11"
        ),
        "{text}"
    );
}

/// A wide row whose one value was given before with another keeps its other
/// values: they are imported and counted, the row is listed with the column
/// at fault, and its rejects row holds only the refused cell.
#[test]
fn a_wide_row_with_one_value_given_twice_imports_its_others_and_rejects_that_one() {
    let s = Suivi::new().with_houses();
    let f = s.write(
        "wide.csv",
        "Maison,Période,boarders,staff\nDT01,2025-05,,4\nDT01,2025-05,40,5\nDT01,2025-05,41,\n",
    );
    let (out, text) = s.import_skipping(&f, &["--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["inserted"], 2, "{v}");
    assert_eq!(v["rejected"], 2, "{v}");
    assert_eq!(v["errors"][0]["column"], "D (staff)", "{v}");
    assert_eq!(v["errors"][1]["column"], "C (boarders)", "{v}");
    let m = message(&v, 1);
    assert!(m.contains("(lignes 3 et 4)"), "{m}");
    assert_eq!(s.count("observation"), 2);
    let rows: Vec<&str> = text.lines().collect();
    assert!(
        rows[1].starts_with("DT01,2025-05,,5,Colonne D (staff)"),
        "{text}"
    );
    assert!(
        rows[2].starts_with("DT01,2025-05,41,,Colonne C (boarders)"),
        "{text}"
    );
    let history = s.json(&["indicator", "history", "DT01", "boarders"]);
    assert_eq!(history[0]["value"], 40.0, "{history}");
}

#[test]
fn house_codes_follow_the_rules_on_the_command_line_and_in_imports() {
    let s = Suivi::new().with_houses();
    let add = |code: &str| {
        s.fails(
            &[
                "house",
                "add",
                code,
                "--name",
                "X",
                "--kind",
                "mixed",
                "--region",
                "01",
                "--capacity",
                "5",
            ],
            3,
        )
    };
    let e = add("dt01");
    assert!(e.contains("« DT01 »") && e.contains("casse"), "{e}");
    let e = add("=1+2");
    assert!(e.contains("« = »") && e.contains("lettres"), "{e}");
    let e = add("DT\u{200B}09");
    assert!(e.contains("invisible"), "{e}");
    let long = "A".repeat(41);
    let e = add(&long);
    assert!(e.contains("41 caractères") && e.contains("32"), "{e}");
    assert!(!e.to_lowercase().contains("constraint"), "{e}");
    assert_eq!(s.count("house"), 2);

    let f = s.write(
        "houses.csv",
        format!("{HOUSES_HEADER}dt02,Deux,dar-talib,01,10\n\"=1+2\",Formule,dar-talib,01,10\n{long},Long,dar-talib,01,10\n"),
    );
    let (v, _) = refused(&s, "houses", &f);
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 3, "{v}");
    assert!(
        errors[0]["message"].as_str().unwrap().contains("« DT02 »"),
        "{v}"
    );
    assert!(
        errors[2]["message"]
            .as_str()
            .unwrap()
            .contains("41 caractères"),
        "{v}"
    );

    let e = s.fails(&["association", "add", "as01", "--name", "Autre"], 3);
    assert!(e.contains("« AS01 »"), "{e}");
    let e = s.fails(&["association", "add", "AS 9", "--name", "Autre"], 3);
    assert!(e.contains("espaces"), "{e}");
}

#[test]
fn an_import_error_names_the_column_and_the_command_line_names_the_flag() {
    let s = Suivi::new();
    let f = s.write(
        "houses.csv",
        "Code,Nom,Type,Région,Capacité\nDT05,Cinq,dar-talib,,10\n",
    );
    let (v, err) = refused(&s, "houses", &f);
    let e = &v["errors"][0];
    assert_eq!(e["column"], "D (Région)", "{v}");
    assert!(!e["message"].as_str().unwrap().contains("--"), "{v}");
    assert!(!err.contains("(--region)"), "{err}");
    let e = s.fails(
        &[
            "house",
            "add",
            "DT05",
            "--name",
            "Cinq",
            "--kind",
            "mixed",
            "--capacity",
            "5",
        ],
        2,
    );
    assert!(e.contains("--region"), "{e}");
}

#[test]
fn a_wide_header_naming_two_indicators_is_refused() {
    let s = Suivi::new().with_houses();
    // An indicator whose code is the French name of another one: "Personnel"
    // would name both `staff` (by name) and this one (by code).
    s.sql(
        "INSERT INTO indicator (code, name_fr, unit, over_time, across) VALUES ('personnel', 'Agents', 'count', 'last', 'sum')",
    );
    let f = s.write(
        "wide.csv",
        "Maison,Période,Internes,Personnel\nDT01,2025-01,40,5\n",
    );
    let err = s.fails(&["import", "observations", p(&f)], 3);
    assert!(err.contains("D « Personnel »"), "{err}");
    assert!(err.contains("plusieurs indicateurs"), "{err}");
    assert!(err.contains("staff") && err.contains("personnel"), "{err}");
    assert_eq!(s.count("observation"), 0);
    let ok = s.write(
        "wide_ok.csv",
        "Maison,Période,Internes,staff\nDT01,2025-01,40,5\n",
    );
    s.ok(&["import", "observations", p(&ok)]);
    assert_eq!(s.count("observation"), 2);
}

#[test]
fn a_target_outside_its_units_range_is_refused_on_import() {
    let s = Suivi::new().with_houses();
    let f = s.write(
        "targets.csv",
        "Maison,Indicateur,Cible,Période cible\nDT01,success_rate,185,2025-2026\n",
    );
    let (v, _) = refused(&s, "targets", &f);
    let e = &v["errors"][0];
    assert!(e["message"].as_str().unwrap().contains("0-100"), "{v}");
    assert_eq!(e["column"], "C (Cible)", "{v}");
    assert_eq!(s.count("target"), 0);
    let f = s.write(
        "targets_ok.csv",
        "Maison,Indicateur,Cible,Période cible\nDT01,success_rate,85,2025-2026\n",
    );
    s.ok(&["import", "targets", p(&f)]);
    assert_eq!(s.count("target"), 1);
}

#[test]
fn the_json_summary_has_warnings_and_the_sheet() {
    let s = Suivi::new().with_houses();
    let f = s.write(
        "obs.csv",
        "Maison,Indicateur,Période,Valeur\nDT01,boarders,2025-01,40\n",
    );
    let v = s.json(&["import", "observations", p(&f)]);
    assert_eq!(v["warnings"], 0, "{v}");
    assert!(v["sheet"].is_null(), "{v}");
    assert_eq!(v["inserted"], 1, "{v}");
}

#[test]
fn the_json_summary_names_the_sheet_of_a_workbook() {
    let s = Suivi::new();
    let fx = |name: &str| {
        crate::harness::fixture(&format!("import/{name}"))
            .to_str()
            .unwrap()
            .to_string()
    };
    s.ok(&["import", "associations", &fx("associations_fr_bom.csv")]);
    s.ok(&["import", "houses", &fx("houses_fr_1256.csv")]);
    let v = s.json(&["import", "observations", &fx("observations.xlsx")]);
    assert!(v["sheet"].as_str().is_some_and(|n| !n.is_empty()), "{v}");
    assert_eq!(v["warnings"], 0, "{v}");
    let text = s.ok(&["import", "observations", &fx("observations.xlsx")]);
    assert!(text.contains("feuille "), "{text}");
}

/// A dry run records nothing: its rule warnings say the value would be recorded.
#[test]
fn a_dry_run_warns_that_a_value_would_be_recorded() {
    let s = Suivi::new().with_houses();
    let f = s.write(
        "girls.csv",
        "Maison,Indicateur,Période,Valeur\nDT01,boarders,2025-01,10\nDT01,boarders_girls,2025-01,12\n",
    );
    let r = s.run(&["import", "observations", p(&f), "--dry-run"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("; la valeur serait enregistrée, corrigez-la"),
        "{}",
        r.stderr
    );
    assert_eq!(s.count("observation"), 0);
    let r = s.run(&["import", "observations", p(&f)]);
    assert!(
        r.stderr
            .contains("; la valeur est enregistrée, corrigez-la"),
        "{}",
        r.stderr
    );
}
