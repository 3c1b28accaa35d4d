//! French-first human output: rejects files that come back, the terminal
//! report's parity with Markdown and HTML, French dates and plurals, and a
//! first report that is never empty by surprise.

use crate::harness::Suivi;

/// A French file with two bad rows (an unknown house, a month 13).
const BAD_FR: &str = "Maison;Indicateur;Période;Valeur\n\
DT01;boarders;2025-04;53\n\
DT99;boarders;2025-04;40\n\
DT02;boarders;2025-13;8\n";

#[test]
fn a_corrected_rejects_file_imports_as_is() {
    let s = Suivi::new().with_houses();
    s.write("obs.csv", BAD_FR);
    let out = s.ok(&[
        "import",
        "observations",
        "obs.csv",
        "--skip-invalid",
        "--rejects",
        "r.csv",
    ]);
    assert!(out.contains("r.csv"), "{out}");
    let text = std::fs::read_to_string(s.path("r.csv")).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(lines[0], "Maison;Indicateur;Période;Valeur;Motif du rejet");
    // Reasons for an association: French, no command, no flag, no backtick.
    assert!(lines[1].contains("maison inconnue « DT99 »"), "{text}");
    assert!(lines[1].contains("Colonne A (Maison)\u{a0}: "), "{text}");
    for l in &lines[1..] {
        assert!(
            !l.contains('`') && !l.contains("--") && !l.contains("suivi "),
            "{l}"
        );
    }
    // The association corrects the rows and sends the file back as is.
    let fixed = text.replace("DT99;", "DT02;").replace("2025-13", "2025-05");
    std::fs::write(s.path("r.csv"), fixed).unwrap();
    let v = s.json(&["import", "observations", "r.csv"]);
    assert_eq!(v["inserted"], 2, "{v}");
    assert_eq!(v["rejected"], 0, "{v}");
}

#[test]
fn english_headers_get_english_reasons() {
    let s = Suivi::new().with_houses();
    s.write(
        "obs.csv",
        "House,Indicator,Period,Value\nDT99,boarders,2025-04,40\nDT01,boarders,2025-04,3\n",
    );
    s.ok(&[
        "import",
        "observations",
        "obs.csv",
        "--skip-invalid",
        "--rejects",
        "r.csv",
    ]);
    let text = std::fs::read_to_string(s.path("r.csv")).unwrap();
    assert_eq!(
        text,
        "House,Indicator,Period,Value,Reason\nDT99,boarders,2025-04,40,\"Column A (House): unknown house \"\"DT99\"\"\"\n"
    );
    // Rejected again, the file keeps one reason column.
    s.ok(&[
        "import",
        "observations",
        "r.csv",
        "--skip-invalid",
        "--rejects",
        "r2.csv",
    ]);
    let again = std::fs::read_to_string(s.path("r2.csv")).unwrap();
    assert_eq!(again, text);
}

#[test]
fn a_dry_run_writes_no_rejects_file_and_says_what_it_would_write() {
    let s = Suivi::new().with_houses();
    s.write("obs.csv", BAD_FR);
    let out = s.ok(&[
        "import",
        "observations",
        "obs.csv",
        "--skip-invalid",
        "--rejects",
        "r.csv",
        "--dry-run",
    ]);
    assert!(!s.path("r.csv").exists());
    assert!(out.contains("2 lignes refusées seraient écrites"), "{out}");
    assert_eq!(s.count("observation"), 0);
}

/// 2026-11-15, 12:00 UTC: in the 2026-2027 school year, last month October.
const NOVEMBER: &str = "1794744000";

#[test]
fn the_demo_follows_the_day_it_is_built_and_its_first_report_shows_values() {
    let mut s = Suivi::empty();
    let dir = s.dir.path().to_str().unwrap().to_string();
    let out = s
        .cmd(&["demo", "--out-dir", &dir])
        .env("SUIVI_NOW", NOVEMBER)
        .stdout_text();
    assert!(out.contains("Période 2026-2027"), "{out}");
    assert!(
        out.contains("--period 2026-2027 --as-of 2026-10-31"),
        "{out}"
    );
    let files = s.path("suivi-demo-files");
    let obs = std::fs::read_to_string(files.join("observations.csv")).unwrap();
    assert!(obs.contains(",2026-10,"), "the last month is there");
    assert!(!obs.contains(",2026-11,"), "the current month is not over");
    assert!(
        obs.contains(",2025-09,") && !obs.contains(",2024-09,"),
        "moved by one year"
    );
    s.db = s.path("suivi-demo.db");
    // The first report an analyst asks for: the school year of today.
    let v = s
        .cmd(&["report", "pilot"])
        .env("SUIVI_NOW", NOVEMBER)
        .json();
    assert_eq!(v["period"], "2026-2027");
    let with_values = v["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| !i["pilot"]["value"].is_null())
        .count();
    assert!(with_values >= 5, "{with_values} indicators with a value");
}

#[test]
fn human_reports_print_french_dates_labels_and_plurals() {
    let mut s = Suivi::empty();
    let dir = s.dir.path().to_str().unwrap().to_string();
    s.ok(&["demo", "--out-dir", &dir]);
    s.db = s.path("suivi-demo.db");
    let when = ["--period", "2025-2026", "--as-of", "2026-06-30"];
    let md = s.ok(&[&["report", "pilot", "--format", "md"][..], &when].concat());
    assert!(
        md.contains("Cohorte pilote · 12 maisons · Situation au 30/06/2026"),
        "{md}"
    );
    assert!(md.contains("3 formations, 1 atelier, 3 visites"), "{md}");
    assert!(md.contains("(échéance 24/02/2026)"), "{md}");
    assert!(!md.contains("2026-06-30"), "{md}");
    let en = s.ok(&[
        &["--lang", "en", "report", "pilot", "--format", "md"][..],
        &when,
    ]
    .concat());
    assert!(en.contains("12 houses"), "{en}");
    assert!(en.contains("As of 2026-06-30"), "{en}");
    let house = s.ok(&[&["report", "house", "DT04"][..], &when].concat());
    assert!(house.contains("Situation au 30/06/2026"), "{house}");
    // Data keep ISO dates.
    let json = s.json(&[&["report", "pilot"][..], &when].concat());
    assert_eq!(json["as_of"], "2026-06-30");
}

#[test]
fn the_terminal_report_shows_what_markdown_shows_in_80_columns() {
    let mut s = Suivi::empty();
    let dir = s.dir.path().to_str().unwrap().to_string();
    s.ok(&["demo", "--out-dir", &dir]);
    s.db = s.path("suivi-demo.db");
    let when = ["--period", "2025-2026", "--as-of", "2026-06-30"];
    let table = s.ok(&[&["report", "pilot"][..], &when].concat());
    let md = s.ok(&[&["report", "pilot", "--format", "md"][..], &when].concat());
    for l in table.lines() {
        assert!(
            l.chars().count() <= 80,
            "{} characters: {l}",
            l.chars().count()
        );
    }
    // The same sections, in the same order.
    let sections = [
        "Vue d'ensemble",
        "Projets de développement institutionnel (PDI)",
        "Indicateurs",
        "Par maison",
        "Taux de réussite",
        "Exécution des plans d'action",
        "Auto-évaluation des capacités",
        "Complétude des données",
        "Alertes",
    ];
    for doc in [&table, &md] {
        let mut from = 0;
        for name in sections {
            let at = doc[from..]
                .find(name)
                .unwrap_or_else(|| panic!("{name} missing or out of order in:\n{doc}"));
            from += at + name.len();
        }
    }
    // Per-house values of a key indicator, and the budget in dirhams as in Markdown.
    assert!(table.contains("Statut"), "{table}");
    assert!(
        table.contains("(MAD)") && md.contains("budget (MAD)"),
        "{table}"
    );
    assert!(table.contains("83 300") && md.contains("83 300"), "{table}");
}

#[test]
fn a_report_of_a_period_without_data_says_so_and_names_the_latest_with_data() {
    let mut s = Suivi::empty();
    let dir = s.dir.path().to_str().unwrap().to_string();
    s.ok(&["demo", "--out-dir", &dir]);
    s.db = s.path("suivi-demo.db");
    let empty = [
        "report",
        "pilot",
        "--period",
        "2026-2027",
        "--as-of",
        "2026-12-31",
    ];
    let fr = "Aucune donnée pour la période 2026-2027 : la dernière période avec des données est 2025-2026";
    for format in ["table", "md", "html"] {
        let out = s.ok(&[&empty[..], &["--format", format]].concat());
        let words = out.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(words.contains(fr), "{format}:\n{out}");
    }
    let en = s.ok(&[&["--lang", "en"][..], &empty].concat());
    let en = en.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        en.contains("No data for the period 2026-2027: the latest period with data is 2025-2026"),
        "{en}"
    );
    let json = s.json(&empty);
    assert_eq!(json["latest_period_with_data"], "2025-2026");
    let full = s.json(&[
        "report",
        "pilot",
        "--period",
        "2025-2026",
        "--as-of",
        "2026-06-30",
    ]);
    assert!(full.get("latest_period_with_data").is_none());
    let md = s.ok(&[
        "report",
        "pilot",
        "--period",
        "2025-2026",
        "--as-of",
        "2026-06-30",
        "--format",
        "md",
    ]);
    assert!(!md.contains("Aucune donnée pour la période"), "{md}");
}
