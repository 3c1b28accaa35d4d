//! What the report's human formats (table, Markdown, HTML) say about its
//! figures: how many houses each pilot-wide figure covers, months with fewer
//! houses in the trends, and figures withheld in a published report.

use crate::harness::*;

const YEAR: [&str; 4] = ["--period", "2024-2025", "--as-of", "2025-06-30"];

fn report(s: &Suivi, format: &str, extra: &[&str]) -> String {
    let mut args = vec!["report", "pilot", "--format", format];
    args.extend(YEAR);
    args.extend(extra);
    s.ok(&args)
}

/// The line of a Markdown or terminal table that starts with `name`.
fn row<'a>(out: &'a str, name: &str) -> &'a str {
    out.lines()
        .find(|l| {
            l.trim_start_matches(['|', '│', ' '])
                .starts_with(&format!("{name} "))
        })
        .unwrap_or_else(|| panic!("no row {name} in:\n{out}"))
}

/// The cells of a Markdown table row.
fn cells(line: &str) -> Vec<&str> {
    line.trim_matches('|').split('|').map(str::trim).collect()
}

#[test]
fn the_demo_says_how_many_houses_each_figure_covers() {
    let mut s = Suivi::empty();
    s.ok(&["demo", "--out-dir", s.dir.path().to_str().unwrap()]);
    s.db = s.path("suivi-demo.db");
    let demo = [
        "report",
        "pilot",
        "--period",
        "2025-2026",
        "--as-of",
        "2026-06-30",
    ];
    let md = s.ok(&[&demo[..], &["--format", "md"]].concat());
    let header = cells(row(&md, "Indicateur"));
    assert_eq!(header.last(), Some(&"Maisons"), "{header:?}");
    // The success rate is computed over the 11 houses that reported it.
    let success = cells(row(&md, "Taux de réussite"));
    assert_eq!(success.last(), Some(&"11"), "{success:?}");
    assert_eq!(
        cells(row(&md, "Capacité (places autorisées)")).last(),
        Some(&"12")
    );
    let en = s.ok(&[&demo[..], &["--format", "md", "--lang", "en"]].concat());
    assert_eq!(cells(row(&en, "Indicator")).last(), Some(&"Houses"));
    assert_eq!(cells(row(&en, "Success rate")).last(), Some(&"11"));
    let html = s.ok(&[&demo[..], &["--format", "html"]].concat());
    assert!(
        html.contains(r#"<td>Taux de réussite</td><td class="n">74,4 %</td><td class="n">71,6 %</td><td class="n">82,1 %</td><td class="n">27 %</td><td class="n">11</td>"#),
        "{html}"
    );
}

/// Two houses: DT01 reports the dropout rate in October and November, DT02
/// in October only; only DT01 has a baseline and a target.
fn fewer_in_november() -> Suivi {
    let s = Suivi::new().with_houses();
    for (h, b, d) in [("DT01", "50", "5"), ("DT02", "10", "5")] {
        s.ok(&["indicator", "record", h, "boarders", "2024-10", b]);
        s.ok(&["indicator", "record", h, "dropouts", "2024-10", d]);
    }
    s.ok(&["indicator", "record", "DT01", "boarders", "2024-11", "50"]);
    s.ok(&["indicator", "record", "DT01", "dropouts", "2024-11", "2"]);
    s.ok(&[
        "indicator",
        "target",
        "DT01",
        "dropout_rate",
        "--baseline",
        "20",
        "--baseline-period",
        "2023-2024",
        "--target",
        "5",
        "--target-period",
        "2025-2026",
    ]);
    s
}

#[test]
fn a_progress_over_fewer_houses_says_over_how_many() {
    let s = fewer_in_november();
    let md = report(&s, "md", &[]);
    let rate = cells(row(&md, "Taux d'abandon"));
    // Progress over DT01 alone (40 %), the value over both houses.
    assert_eq!(rate[4], "40 % (sur 1 maison)", "{rate:?}");
    assert_eq!(rate[5], "2", "{rate:?}");
    let en = report(&s, "md", &["--lang", "en"]);
    let rate = cells(row(&en, "Dropout rate"));
    assert_eq!(rate[4], "40 % (over 1 house)", "{rate:?}");
    let table = report(&s, "table", &[]);
    assert!(row(&table, "Taux d'abandon").contains("(sur 1"), "{table}");
}

#[test]
fn the_html_trend_marks_months_with_fewer_houses() {
    let s = fewer_in_november();
    let html = report(&s, "html", &[]);
    assert!(
        html.contains("moins de maisons ont transmis ce mois"),
        "{html}"
    );
    // November: one house of two reported the dropout rate.
    assert!(
        html.contains(r#"<circle class="fewer""#)
            && html.contains("<title>2024-11 : 1 maison / 2</title>"),
        "{html}"
    );
    assert!(!html.contains("<title>2024-10 :"), "{html}");
    let en = report(&s, "html", &["--lang", "en"]);
    assert!(en.contains("fewer houses reported this month"));
    assert!(en.contains("<title>2024-11 : 1 house / 2</title>"), "{en}");
    // Every house reporting every month: no mark, no legend.
    let s = Suivi::new().with_houses();
    for h in ["DT01", "DT02"] {
        for m in ["2024-10", "2024-11"] {
            s.ok(&["indicator", "record", h, "boarders", m, "40"]);
        }
    }
    let html = report(&s, "html", &[]);
    assert!(html.contains("<svg class=\"spark\""), "{html}");
    assert!(!html.contains("class=\"fewer\""));
    assert!(!html.contains("moins de maisons ont transmis"));
}

/// Three houses; DT01 presented 3 pupils, a count withheld when published.
fn small_count() -> Suivi {
    let s = Suivi::new().with_houses();
    s.ok(&[
        "house",
        "add",
        "DT03",
        "--name",
        "Dar Taliba Trois",
        "--kind",
        "dar-taliba",
        "--region",
        "01",
        "--capacity",
        "80",
    ]);
    for (h, sat, passed) in [
        ("DT01", "3", "2"),
        ("DT02", "40", "30"),
        ("DT03", "50", "40"),
    ] {
        s.ok(&["indicator", "record", h, "pupils_sat", "2024-2025", sat]);
        s.ok(&[
            "indicator",
            "record",
            h,
            "pupils_passed",
            "2024-2025",
            passed,
        ]);
    }
    s
}

#[test]
fn withheld_figures_show_the_withheld_mark_not_no_data() {
    let s = small_count();
    let md = report(&s, "md", &["--publish"]);
    // The success rate by house: DT01's is withheld (it has no target, so
    // no status either way).
    let by_house = &md[md.find("### Taux de réussite").expect("by house")..];
    let dt01 = cells(row(by_house, "DT01"));
    assert_eq!(dt01[1], "masqué", "{dt01:?}");
    assert_eq!(dt01[5], "—", "{dt01:?}");
    assert!(!dt01[1].contains('—'));
    assert_eq!(cells(row(by_house, "DT02"))[1], "75 %");
    // The legend, once.
    let legend = "« masqué » : valeur masquée (petit effectif d'élèves";
    assert_eq!(md.matches(legend).count(), 1, "{md}");
    let table = report(&s, "table", &["--publish"]);
    let by_house = &table[table.find("Par maison").expect("by house")..];
    let dt01 = row(by_house, "DT01");
    assert!(dt01.contains("masqué"), "{dt01}");
    assert!(!dt01.contains("3"), "{dt01}");
    assert_eq!(table.matches("« masqué » : valeur masquée").count(), 1);
    let html = report(&s, "html", &["--publish"]);
    assert!(
        html.contains(
            r#"<tr><td>DT01</td><td class="n"><span class="withheld">masqué</span></td>"#
        ),
        "{html}"
    );
    assert_eq!(html.matches("« masqué » : valeur masquée").count(), 1);
    let en = report(&s, "md", &["--publish", "--lang", "en"]);
    let by_house = &en[en.find("### Success rate").expect("by house")..];
    assert_eq!(cells(row(by_house, "DT01"))[1], "withheld");
    assert!(en.contains("\"withheld\": value withheld"));
    // Unpublished: the values, and no legend.
    let open = report(&s, "md", &[]);
    assert!(!open.contains("masqué"), "{open}");
    let by_house = &open[open.find("### Taux de réussite").expect("by house")..];
    assert_eq!(cells(row(by_house, "DT01"))[1], "66,7 %");
    // With a target, the status of a withheld value is withheld too: it
    // would tell on which side of the target the value lies.
    s.ok(&[
        "indicator",
        "target",
        "DT01",
        "success_rate",
        "--baseline",
        "50",
        "--baseline-period",
        "2023-2024",
        "--target",
        "80",
        "--target-period",
        "2025-2026",
    ]);
    let md = report(&s, "md", &["--publish"]);
    let by_house = &md[md.find("### Taux de réussite").expect("by house")..];
    let dt01 = cells(row(by_house, "DT01"));
    assert_eq!((dt01[1], dt01[5]), ("masqué", "masqué"), "{dt01:?}");
}

#[test]
fn the_published_chart_draws_no_bar_for_a_withheld_house() {
    let s = small_count();
    let html = report(&s, "html", &["--publish"]);
    // In the success rate's chart, DT01's label is followed by the withheld
    // mark, not by a bar; DT02's by its bar.
    let chart = |h: &str, html: &str| -> String {
        let label = format!(">{h} Dar ");
        let at = html.find(&label).unwrap_or_else(|| panic!("{h}: {html}"));
        let after = &html[at..];
        let next = after.find("</text>").unwrap() + "</text>".len();
        after[next..].chars().take(60).collect()
    };
    let dt01 = chart("DT01", &html);
    assert!(
        dt01.starts_with("<text") && dt01.contains(">masqué<"),
        "{dt01}"
    );
    assert!(!dt01.starts_with("<rect"), "{dt01}");
    assert!(chart("DT02", &html).starts_with("<rect"));
    // The 66,7 % of DT01 appears nowhere.
    assert!(!html.contains("66,7"), "{html}");
    let open = report(&s, "html", &[]);
    assert!(chart("DT01", &open).starts_with("<rect"));
    assert!(open.contains("66,7"));
}

#[test]
fn the_overview_says_over_how_many_houses_boarders_are_counted() {
    let s = Suivi::new().with_houses();
    s.ok(&["indicator", "record", "DT01", "boarders", "2024-10", "50"]);
    let md = report(&s, "md", &[]);
    assert!(md.contains("Internes 50 sur 1 maison ("), "{md}");
    let html = report(&s, "html", &["--lang", "en"]);
    assert!(
        html.contains("<b>50</b>Boarders over 1 house</div>"),
        "{html}"
    );
    // Both houses reporting: no words about coverage.
    s.ok(&["indicator", "record", "DT02", "boarders", "2024-10", "8"]);
    let md = report(&s, "md", &[]);
    assert!(md.contains("Internes 58 ("), "{md}");
}

#[test]
fn a_withheld_month_of_a_trend_is_marked_not_drawn() {
    let s = Suivi::new().with_houses();
    // October holds one small count (DT01's 2): withheld when published.
    for (h, m, v) in [
        ("DT01", "2024-10", "2"),
        ("DT02", "2024-10", "10"),
        ("DT01", "2024-11", "10"),
        ("DT02", "2024-11", "12"),
        ("DT01", "2024-12", "11"),
        ("DT02", "2024-12", "13"),
    ] {
        s.ok(&["indicator", "record", h, "dropouts", m, v]);
    }
    let html = report(&s, "html", &["--publish"]);
    assert_eq!(
        html.matches(r#"<line class="withheld""#).count(),
        1,
        "{html}"
    );
    assert!(html.contains("valeur du mois masquée (petit effectif)"));
    let en = report(&s, "html", &["--publish", "--lang", "en"]);
    assert!(
        en.contains("month&#39;s value withheld (small count)"),
        "{en}"
    );
    let open = report(&s, "html", &[]);
    assert!(!open.contains(r#"class="withheld""#), "{open}");
    assert!(!open.contains("valeur du mois masquée"));
}
