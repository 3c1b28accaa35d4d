//! The message catalogue: every command's main error paths speak French by
//! default and with `--lang fr`, English with `--lang en`.

use crate::harness::Suivi;

/// Runs `args` in both languages and checks the exit code, that the French
/// text is French (and holds `fr`), the English text English (and holds `en`).
fn both(s: &Suivi, args: &[&str], code: i32, fr: &str, en: &str) {
    let mut with_fr = vec!["--lang", "fr"];
    with_fr.extend_from_slice(args);
    let r = s.run(&with_fr);
    assert_eq!(r.code, code, "{args:?} fr: {}", r.stderr);
    assert!(
        r.stderr.starts_with("erreur\u{a0}: "),
        "{args:?} fr: {}",
        r.stderr
    );
    assert!(
        r.stderr.contains(fr),
        "{args:?} fr lacks {fr:?}: {}",
        r.stderr
    );
    for english in [
        "error:", "unknown", "cannot", "missing", "is not a", "see `",
    ] {
        assert!(
            !r.stderr.contains(english),
            "{args:?} fr says {english:?}: {}",
            r.stderr
        );
    }
    let mut with_en = vec!["--lang", "en"];
    with_en.extend_from_slice(args);
    let r = s.run(&with_en);
    assert_eq!(r.code, code, "{args:?} en: {}", r.stderr);
    assert!(r.stderr.starts_with("error: "), "{args:?} en: {}", r.stderr);
    assert!(
        r.stderr.contains(en),
        "{args:?} en lacks {en:?}: {}",
        r.stderr
    );
    for french in ["erreur", "inconnu", "impossible", "n'est pas", "voir `"] {
        assert!(
            !r.stderr.contains(french),
            "{args:?} en says {french:?}: {}",
            r.stderr
        );
    }
}

#[test]
fn errors_speak_the_language_of_the_run() {
    let s = Suivi::new().with_houses();
    both(
        &s,
        &["house", "show", "DT9"],
        3,
        "maison inconnue « DT9 »",
        "unknown house \"DT9\"",
    );
    both(
        &s,
        &[
            "indicator",
            "record",
            "DT01",
            "nothing_like_it",
            "2025-01",
            "3",
        ],
        3,
        "indicateur inconnu",
        "unknown indicator",
    );
    both(
        &s,
        &["indicator", "record", "DT01", "boarders", "2025-13", "3"],
        3,
        "n'est pas une période\u{a0}: le mois 13 n'existe pas",
        "is not a period: month 13 does not exist",
    );
    both(
        &s,
        &["indicator", "record", "DT01", "boarders", "2025-01", "abc"],
        3,
        "« abc » n'est pas un nombre",
        "\"abc\" is not a number",
    );
    both(
        &s,
        &["house", "frobnicate"],
        2,
        "commande inconnue",
        "unrecognized subcommand",
    );
    both(
        &s,
        &["house", "list", "--bogus"],
        2,
        "option inconnue",
        "unexpected argument",
    );
    both(
        &s,
        &["house", "list", "--format", "html"],
        2,
        "n'est pas disponible pour les listes",
        "is not available for listings",
    );
    both(
        &s,
        &["import", "observations", "absent.csv"],
        1,
        "absent.csv",
        "absent.csv",
    );
    s.write("bad.csv", "foo,bar\n1,2\n");
    both(
        &s,
        &["import", "observations", "bad.csv"],
        3,
        "colonnes manquantes\u{a0}: Maison (house), Période (period)",
        "missing columns: House (house), Period (period)",
    );
    // One column missing: singular, and named in the reader's language.
    s.write("no_period.csv", "house,indicator,value\nDT01,boarders,5\n");
    both(
        &s,
        &["import", "observations", "no_period.csv"],
        3,
        "colonne manquante\u{a0}: Période (period)",
        "missing column: Period (period)",
    );
    s.ok(&[
        "--lang",
        "en",
        "period",
        "lock",
        "2024-2025",
        "--reason",
        "closed",
    ]);
    both(
        &s,
        &["indicator", "record", "DT01", "boarders", "2025-01", "3"],
        3,
        "la période 2025-01 est verrouillée",
        "period 2025-01 is locked",
    );
}

#[test]
fn a_missing_database_is_said_in_both_languages() {
    // A missing file (a server's database without suivi: tests/cli/postgres.rs).
    let s = Suivi::empty_sqlite();
    both(
        &s,
        &["house", "list"],
        2,
        "aucune base de données",
        "no database at",
    );
}

#[test]
fn french_is_the_default_and_english_follows_lang() {
    let s = Suivi::new();
    s.cmd(&["house", "show", "DT9"])
        .status(3)
        .stderr_contains("erreur\u{a0}: maison inconnue")
        .run();
    s.cmd(&["house", "show", "DT9"])
        .env("LANG", "en_GB.UTF-8")
        .status(3)
        .stderr_contains("error: unknown house")
        .run();
}

#[test]
fn confirmations_speak_the_language_of_the_run() {
    let s = Suivi::new().with_houses();
    let fr = s.ok(&["indicator", "record", "DT01", "boarders", "2025-01", "3"]);
    assert!(
        fr.contains("Enregistré\u{a0}: DT01 boarders 2025-01 = 3"),
        "{fr}"
    );
    let en = s.ok(&[
        "--lang",
        "en",
        "indicator",
        "record",
        "DT01",
        "boarders",
        "2025-01",
        "4",
    ]);
    assert!(en.contains("Updated DT01 boarders 2025-01: 3 → 4"), "{en}");
    let fr = s.ok(&["period", "lock", "2024-2025", "--reason", "clos"]);
    assert!(fr.contains("2024-2025 verrouillée\u{a0}: "), "{fr}");
    let en = s.ok(&[
        "--lang",
        "en",
        "period",
        "unlock",
        "2024-2025",
        "--reason",
        "reopened",
    ]);
    assert!(en.contains("Unlocked 2024-2025"), "{en}");
}

#[test]
fn rejects_reasons_follow_the_file_not_the_run() {
    let s = Suivi::new().with_houses();
    s.write(
        "en.csv",
        "house,indicator,period,value\nDT01,boarders,2025-13,5\nDT01,boarders,2025-01,-3\nDT01,boarders,2025-02,12.5.1\n",
    );
    s.write(
        "fr.csv",
        "Maison;Indicateur;Période;Valeur\nDT01;boarders;2025-13;5\nDT01;boarders;2025-01;-3\n",
    );
    // A French run, an English file: every word of every reason is English.
    s.cmd(&[
        "--lang",
        "fr",
        "import",
        "observations",
        "en.csv",
        "--skip-invalid",
        "--rejects",
        "en-rejects.csv",
    ])
    .stderr_any()
    .run();
    let en = std::fs::read_to_string(s.path("en-rejects.csv")).unwrap();
    for said in [
        "is not a period: month 13 does not exist",
        "is negative: a count cannot be below 0",
        "is not a number",
    ] {
        assert!(en.contains(said), "{said}: {en}");
    }
    for french in ["période", "mois", "négatif", "n'est pas"] {
        assert!(!en.contains(french), "{french}: {en}");
    }
    // An English run, a French file: the reasons are French.
    s.cmd(&[
        "--lang",
        "en",
        "import",
        "observations",
        "fr.csv",
        "--skip-invalid",
        "--rejects",
        "fr-rejects.csv",
    ])
    .stderr_any()
    .run();
    let fr = std::fs::read_to_string(s.path("fr-rejects.csv")).unwrap();
    for said in [
        "n'est pas une période",
        "le mois 13 n'existe pas",
        "est négatif",
    ] {
        assert!(fr.contains(said), "{said}: {fr}");
    }
    for english in ["is not", "does not exist", "negative"] {
        assert!(!fr.contains(english), "{english}: {fr}");
    }
}
