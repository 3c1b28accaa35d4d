//! What every report layout does with text it did not write: Markdown escapes
//! it, CSV neutralises formulas, and a published report's alerts show no value.

use crate::harness::Suivi;

const PERIOD: &str = "2025-2026";
const AS_OF: &str = "2026-06-30";

fn demo() -> Suivi {
    let mut s = Suivi::empty();
    s.ok(&["demo", "--out-dir", s.dir.path().to_str().unwrap()]);
    s.db = s.path("suivi-demo.db");
    s
}

fn report(s: &Suivi, args: &[&str]) -> String {
    let mut all = vec!["report"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--period", PERIOD, "--as-of", AS_OF]);
    s.ok(&all)
}

#[test]
fn markdown_escapes_html_and_line_breaks_in_a_house_name() {
    let s = demo();
    s.ok(&[
        "house",
        "edit",
        "DT04",
        "--name",
        "Maison <b>gras</b>\n# Titre injecté",
    ]);
    for md in [
        report(&s, &["pilot", "--format", "md"]),
        report(&s, &["house", "DT04", "--format", "md"]),
    ] {
        assert!(!md.contains("<b>"), "raw HTML in Markdown:\n{md}");
        assert!(
            md.contains("Maison &lt;b&gt;gras&lt;/b&gt; # Titre injecté"),
            "{md}"
        );
        assert!(
            !md.lines().any(|l| l.starts_with("# Titre")),
            "a line break in a name made a heading:\n{md}"
        );
    }
    // The dossier's title keeps the whole name on its heading line.
    let dossier = report(&s, &["house", "DT04", "--format", "md"]);
    assert!(dossier.starts_with("# "), "{dossier}");
    assert!(
        dossier
            .lines()
            .next()
            .unwrap()
            .ends_with("# Titre injecté (دار الطالب والطالبة إيموزار)")
    );
}

#[test]
fn report_csv_neutralises_formulas_in_text_cells() {
    let s = demo();
    s.ok(&[
        "indicator",
        "add",
        "meals_formula",
        "--name-fr",
        "=1+2",
        "--unit",
        "count",
    ]);
    s.ok(&[
        "indicator",
        "record",
        "DT01",
        "meals_formula",
        "2025-10",
        "7",
    ]);
    let csv = report(&s, &["pilot", "--format", "csv"]);
    let rows: Vec<&str> = csv
        .lines()
        .filter(|l| l.contains("meals_formula"))
        .collect();
    assert!(!rows.is_empty(), "{csv}");
    for row in &rows {
        assert!(row.contains(",'=1+2,"), "formula not neutralised: {row}");
        assert!(!row.contains(",=1+2"), "{row}");
    }
    // Figures stay numbers: negative progress such as `-12` is not quoted.
    assert!(
        rows.iter()
            .any(|r| r.contains(",DT01,meals_formula,'=1+2,count,,7,,,")),
        "{rows:?}"
    );
    assert!(!csv.contains(",'-") && !csv.contains(",'0") && !csv.contains(",'1"));
    let house = report(&s, &["house", "DT01", "--format", "csv"]);
    assert!(house.contains(",'=1+2,"), "{house}");
}

#[test]
fn published_alerts_name_the_rule_and_the_house_but_no_value() {
    let s = demo();
    s.ok(&["rule", "add", "no_trained_staff", "staff_trained <= 0"]);
    let full = report(&s, &["pilot", "--format", "md"]);
    let rule_line = |md: &str| -> String {
        md.lines()
            .find(|l| l.starts_with("- ") && l.contains("no_trained_staff"))
            .unwrap_or_else(|| panic!("no alert for the rule:\n{md}"))
            .to_string()
    };
    let line = rule_line(&full);
    assert!(line.contains("p. ex. staff_trained &lt;= 0 ("), "{line}");
    assert!(full.contains("taux d'occupation de 111 %"), "{full}");

    for format in ["md", "table", "html", "json"] {
        let published = report(&s, &["pilot", "--publish", "--format", format]);
        assert!(
            published.contains("no_trained_staff"),
            "{format}: rule not named"
        );
        assert!(
            !published.contains("p. ex."),
            "{format}: values shown:\n{published}"
        );
        assert!(!published.contains("= 0 ("), "{format}");
        assert!(
            !published.contains("occupation de "),
            "{format}: occupancy shown in an alert"
        );
        assert!(published.contains("au-dessus de 100 %"), "{format}");
    }
    let published = report(&s, &["pilot", "--publish", "--format", "md"]);
    let line = rule_line(&published);
    assert!(
        line.starts_with("- ✖ **DT") || line.starts_with("- ⚠ **DT"),
        "{line}"
    );
}
