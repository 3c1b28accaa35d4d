//! Arabic reports say everything in Arabic: every report kind, rendered with
//! `--lang ar` in Markdown and HTML on the demo and the national demo, holds
//! none of the words its French rendering is written in; figures keep their
//! order (left-to-right isolates) and charts run right to left.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use crate::harness::Suivi;

const LRI: char = '\u{2066}';
const RLI: char = '\u{2067}';
const FSI: char = '\u{2068}';
const PDI: char = '\u{2069}';

/// The demo database (12 houses, plans, events, alerts), built once.
fn demo() -> &'static PathBuf {
    static DB: OnceLock<(Suivi, PathBuf)> = OnceLock::new();
    &DB.get_or_init(|| {
        // The demo writes SQLite files, whichever store the suite runs on.
        let s = Suivi::empty_sqlite();
        s.ok(&["demo", "--out-dir", "."]);
        let db = s.path("suivi-demo.db");
        (s, db)
    })
    .1
}

/// The national demo (1,300 establishments, a comparison cohort), built once.
fn national() -> &'static PathBuf {
    static DB: OnceLock<(Suivi, PathBuf)> = OnceLock::new();
    &DB.get_or_init(|| {
        // The demo writes SQLite files, whichever store the suite runs on.
        let s = Suivi::empty_sqlite();
        s.cmd(&["demo", "--national", "--out-dir", "."])
            .stderr_any()
            .run();
        let db = s.path("suivi-national.db");
        (s, db)
    })
    .1
}

/// A report on `db` in `lang` and `format` (each rendered once for the file).
fn render(db: &Path, lang: &str, format: &str, args: &[&str]) -> String {
    static DONE: OnceLock<Mutex<HashMap<Vec<String>, String>>> = OnceLock::new();
    let db = db.to_string_lossy().to_string();
    let head = ["--db", db.as_str(), "--lang", lang, "--format", format];
    let all = [&head[..], args].concat();
    let key: Vec<String> = all.iter().map(|a| a.to_string()).collect();
    let done = DONE.get_or_init(Default::default);
    if let Some(text) = done.lock().unwrap().get(&key) {
        return text.clone();
    }
    let text = Suivi::empty_sqlite().cmd(&all).stdout_text();
    done.lock().unwrap().insert(key, text.clone());
    text
}

/// The text a reader sees: for HTML, the style sheet and tags removed and
/// entities decoded; Markdown as it is.
fn visible(text: &str) -> String {
    let mut t = text.to_string();
    while let (Some(a), Some(b)) = (t.find("<style>"), t.find("</style>")) {
        t.replace_range(a..b + "</style>".len(), " ");
    }
    let mut out = String::with_capacity(t.len());
    let mut in_tag = false;
    for c in t.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Words of four Latin letters or more (accents included, Arabic excluded).
fn latin_words(text: &str) -> BTreeSet<String> {
    let latin =
        |c: char| c.is_alphabetic() && (c.is_ascii() || ('\u{00C0}'..='\u{024F}').contains(&c));
    visible(text)
        .split(|c: char| !latin(c))
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_string)
        .collect()
}

/// The report kinds, each as (database, arguments, formats).
fn kinds() -> Vec<(&'static PathBuf, Vec<&'static str>, &'static [&'static str])> {
    const PAGES: &[&str] = &["md", "html"];
    let pilot = vec![
        "report",
        "pilot",
        "--period",
        "2025-2026",
        "--as-of",
        "2026-06-30",
    ];
    vec![
        (demo(), pilot.clone(), PAGES),
        (demo(), [&pilot[..], &["--publish"]].concat(), PAGES),
        (demo(), [&pilot[..], &["--by", "province"]].concat(), PAGES),
        // A period without data says where the data are.
        (
            demo(),
            vec![
                "report",
                "pilot",
                "--period",
                "2030-2031",
                "--as-of",
                "2026-06-30",
            ],
            PAGES,
        ),
        (
            demo(),
            vec![
                "report",
                "house",
                "DT04",
                "--period",
                "2025-2026",
                "--as-of",
                "2026-06-30",
            ],
            PAGES,
        ),
        (
            demo(),
            vec![
                "report",
                "completeness",
                "--from",
                "2025-09",
                "--to",
                "2026-06",
                "--as-of",
                "2026-06-30",
            ],
            &["md"],
        ),
        // Over many houses (the 40 of the comparison cohort): groups, spread
        // across houses, houses furthest behind.
        (
            national(),
            vec![
                "report",
                "pilot",
                "--cohort",
                "wave2",
                "--period",
                "2025-2026",
            ],
            PAGES,
        ),
        (
            national(),
            vec![
                "report",
                "evaluation",
                "--pilot",
                "pilot",
                "--comparison",
                "wave2",
                "--baseline",
                "2024-2025",
                "--endline",
                "2025-2026",
            ],
            PAGES,
        ),
    ]
}

/// Each report kind in Arabic holds none of the words that its French
/// rendering has and its English one lacks (the words of the language, not
/// of the data: names, titles and codes are the same in both), nor the
/// English ones: no label, sentence or alert falls back to French or English.
#[test]
fn every_report_kind_in_arabic_has_no_french_or_english_word() {
    let mut failures = Vec::new();
    for (db, args, formats) in kinds() {
        for format in formats.iter().copied() {
            let fr = latin_words(&render(db, "fr", format, &args));
            let en = latin_words(&render(db, "en", format, &args));
            let ar_text = render(db, "ar", format, &args);
            let ar = latin_words(&ar_text);
            // The language's words, on either side; `suivi` is the program's name.
            let words: BTreeSet<&String> = fr
                .symmetric_difference(&en)
                .filter(|w| *w != "suivi")
                .collect();
            assert!(words.len() >= 4, "{args:?} {format}: {words:?}");
            let left: Vec<&&String> = words.iter().filter(|w| ar.contains(**w)).collect();
            if !left.is_empty() {
                failures.push(format!("{} --format {format}: {left:?}", args.join(" ")));
            }
            assert!(
                format != "html" || ar_text.contains(r#"<html lang="ar" dir="rtl">"#),
                "{args:?}"
            );
        }
    }
    assert!(
        failures.is_empty(),
        "French or English words in Arabic reports:\n{}",
        failures.join("\n")
    );
}

/// Every figure of an Arabic report (digits, Western or Arabic-Indic) sits in a
/// left-to-right isolate, so that `24 / 36`, `67 %` or `2025-2026` keep their
/// order inside right-to-left text.
#[test]
fn every_figure_of_an_arabic_report_is_isolated() {
    for (db, args, formats) in kinds() {
        for format in formats.iter().copied() {
            for digits in ["western", "arabic"] {
                let text = match digits {
                    "western" => render(db, "ar", format, &args),
                    _ => render(
                        db,
                        "ar",
                        format,
                        &[&["--digits", digits][..], &args].concat(),
                    ),
                };
                let chars: Vec<char> = visible(&text).chars().collect();
                let mut depth = 0usize;
                let mut bare = Vec::new();
                for (i, c) in chars.iter().copied().enumerate() {
                    match c {
                        LRI | RLI | FSI => depth += 1,
                        PDI => depth = depth.saturating_sub(1),
                        c if depth == 0 && (c.is_ascii_digit() || ('٠'..='٩').contains(&c)) => {
                            let around = &chars[i.saturating_sub(30)..(i + 30).min(chars.len())];
                            bare.push(around.iter().collect::<String>());
                        }
                        _ => {}
                    }
                }
                assert!(
                    bare.is_empty(),
                    "{args:?} {format} {digits}: figures outside isolates:\n{}",
                    bare[..bare.len().min(5)].join("\n")
                );
            }
        }
    }
}

/// The demo's pilot report as an HTML page in `lang`.
fn demo_pilot_html(lang: &str) -> String {
    render(
        demo(),
        lang,
        "html",
        &[
            "report",
            "pilot",
            "--period",
            "2025-2026",
            "--as-of",
            "2026-06-30",
        ],
    )
}

/// Charts in an Arabic report: labels in Arabic, read from the right; time
/// runs from the right (the first month on the right, the latest value on
/// the left); bars grow leftwards from their labels; figures isolated.
#[test]
fn charts_in_an_arabic_report_run_right_to_left() {
    let fr = demo_pilot_html("fr");
    let ar = demo_pilot_html("ar");
    // A month-by-month line: the first month at the left end in French, at
    // the right end in Arabic (anchored at its end), the last at the left.
    assert!(
        fr.contains(r#"<text x="6" y="57" class="tiny">2025-09</text>"#),
        "{fr}"
    );
    assert!(
        ar.contains(&format!(
            r#"<text x="194" y="57" text-anchor="end" class="tiny">{LRI}2025-09{PDI}</text>"#
        )),
        "first month on the right"
    );
    assert!(
        ar.contains(&format!(
            r#"<text x="6" y="57" text-anchor="start" class="tiny">{LRI}2026-06{PDI}</text>"#
        )),
        "last month on the left"
    );
    // Bars: the house's label in Arabic, right to left, on the right of the
    // axis (anchored at its start), its code isolated.
    let label = format!(
        r#"text-anchor="start" class="lbl">{RLI}{LRI}DT01{PDI} دار الطالبة باب تازة{PDI}</text>"#
    );
    assert!(ar.contains(&label), "Arabic bar label");
    assert!(
        fr.contains(r#"text-anchor="end" class="lbl">DT01 Dar Taliba Bab Taza (fict…</text>"#),
        "French bar label"
    );
    // Every value written by a chart is an isolated figure.
    for chunk in ar.split(r#"class="val">"#).skip(1) {
        let first = chunk.chars().next().unwrap();
        assert!(
            first == LRI || first == '—' || first == RLI,
            "{}",
            &chunk[..40.min(chunk.len())]
        );
    }
    // The adoption funnel names its stages in Arabic.
    assert!(ar.contains(&format!(r#"class="lbl">{RLI}التشخيص{PDI}</text>"#)));
    // The capacity self-assessment: labels on the right, the scale from 1 on
    // the right to 4 on the left.
    let one = ar
        .find(&format!(r#"class="tiny">{LRI}1{PDI}</text>"#))
        .expect("scale 1");
    let x_of = |at: usize| -> f64 {
        let before = &ar[..at];
        let x = before.rfind("<text x=\"").expect("text") + "<text x=\"".len();
        ar[x..].split('"').next().unwrap().parse().unwrap()
    };
    let four = ar
        .find(&format!(r#"class="tiny">{LRI}4{PDI}</text>"#))
        .expect("scale 4");
    assert!(x_of(one) > x_of(four), "1 on the right of 4");
    // Slope charts (evaluation): the baseline on the right.
    let eval = render(
        national(),
        "ar",
        "html",
        &[
            "report",
            "evaluation",
            "--pilot",
            "pilot",
            "--comparison",
            "wave2",
            "--baseline",
            "2024-2025",
            "--endline",
            "2025-2026",
        ],
    );
    assert!(
        eval.contains(&format!(
            r#"<text x="160" y="114" text-anchor="middle" class="tiny">{LRI}2024-2025{PDI}</text>"#
        )),
        "baseline on the right"
    );
    assert!(eval.contains("← "), "arrow pointing the way Arabic reads");
}

/// The page names fonts that join Arabic letters, in Arabic and beside French.
#[test]
fn pages_name_an_arabic_font_stack() {
    let ar = demo_pilot_html("ar");
    let stack = r#"font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "Amiri", "DejaVu Sans", sans-serif;"#;
    assert!(ar.contains(stack), "Arabic font stack");
    let both = demo_pilot_html("fr,ar");
    assert!(
        both.contains(r#""Noto Naskh Arabic""#),
        "bilingual font stack"
    );
    // Bilingual alerts set the Arabic sentence beside the French one, its
    // figures isolated left to right inside it.
    assert!(
        both.contains(&format!("{FSI}أشهر بدون معطيات (عددها {LRI}")),
        "bilingual alert"
    );
    let fr = demo_pilot_html("fr");
    assert!(!fr.contains("Noto Naskh Arabic") && !fr.contains(LRI));
}

/// The texts of the headings and table headers of an HTML page.
fn headings(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tag in ["h1", "h2", "h3", "th"] {
        let open = format!("<{tag}");
        let close = format!("</{tag}>");
        let mut rest = html;
        while let Some(i) = rest.find(&open) {
            let after = &rest[i + open.len()..];
            let Some(start) = after.find('>') else { break };
            let Some(end) = after.find(&close) else { break };
            if start < end {
                out.push(visible(&after[start + 1..end]));
            }
            rest = &after[end..];
        }
    }
    out
}

/// In a bilingual report every heading and table header written in French
/// has its Arabic beside it.
#[test]
fn every_heading_of_a_bilingual_report_has_its_arabic() {
    let arabic = |s: &str| s.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
    let mut failures = Vec::new();
    for (db, args, formats) in kinds() {
        if !formats.contains(&"html") {
            continue;
        }
        let html = render(db, "fr,ar", "html", &args);
        assert!(html.contains(r#"<html lang="fr" dir="ltr">"#), "{args:?}");
        for h in headings(&html) {
            if !latin_words(&h).is_empty() && !arabic(&h) {
                failures.push(format!("{}: {h}", args.join(" ")));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "French only in bilingual reports:\n{}",
        failures.join("\n")
    );
}
