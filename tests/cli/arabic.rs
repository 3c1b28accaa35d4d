//! Arabic: reports right to left and in French beside Arabic, Arabic templates
//! that import back, and files written entirely in Arabic.

use crate::harness::Suivi;

const FSI: char = '\u{2068}';
const PDI: char = '\u{2069}';

/// Two houses with a month of figures and a target on the success rate.
fn with_figures() -> Suivi {
    let s = Suivi::new().with_houses();
    for (h, ind, v) in [
        ("DT01", "boarders", "93"),
        ("DT01", "pupils_sat", "40"),
        ("DT01", "pupils_passed", "30"),
        ("DT02", "boarders", "8"),
    ] {
        s.ok(&["indicator", "record", h, ind, "2025-10", v]);
    }
    s
}

fn report(s: &Suivi, lang: &str, format: &str, extra: &[&str]) -> String {
    let mut args = vec![
        "--lang",
        lang,
        "--format",
        format,
        "report",
        "pilot",
        "--period",
        "2025-2026",
        "--cohort",
        "all",
        "--as-of",
        "2025-11-15",
    ];
    args.extend_from_slice(extra);
    s.ok(&args)
}

#[test]
fn an_arabic_pilot_report_in_html_reads_right_to_left() {
    let s = with_figures();
    let html = report(&s, "ar", "html", &[]);
    assert!(html.contains(r#"<html lang="ar" dir="rtl">"#), "{html}");
    assert!(html.contains("Noto Naskh Arabic"), "font stack");
    // Arabic labels and indicator names (the catalogue's name_ar).
    assert!(html.contains("نظرة عامة"), "overview heading");
    assert!(html.contains("المؤشرات"), "indicators heading");
    assert!(html.contains("نسبة الإشغال"), "occupancy rate in Arabic");
    assert!(
        !html.contains("Taux d'occupation"),
        "no French indicator name"
    );
    // Arabic region names.
    assert!(html.contains("طنجة تطوان الحسيمة"), "region in Arabic");
    // Figures are isolated, in Western digits by default.
    assert!(html.contains(&format!("{FSI}93{PDI}")), "isolated count");
    assert!(html.contains(&format!("{FSI}75 %{PDI}")), "isolated rate");
    // The period inside the Arabic title keeps its order.
    assert!(
        html.contains(&format!("{FSI}2025-2026{PDI}")),
        "isolated period"
    );
}

#[test]
fn arabic_indic_digits_on_request() {
    let s = with_figures();
    let html = report(&s, "ar", "html", &["--digits", "arabic"]);
    assert!(html.contains("٧٥٪"), "75 % in Arabic-Indic digits");
    assert!(
        html.contains(&format!("{FSI}٩٣{PDI}")),
        "93 in Arabic-Indic digits"
    );
    // Western digits are the default and French reports never change.
    let fr = report(&s, "fr", "html", &["--digits", "arabic"]);
    assert!(
        fr.contains("75 %") && !fr.contains('٧'),
        "French report untouched"
    );
    assert!(!fr.contains(FSI), "no isolates in a French report");
}

#[test]
fn an_arabic_pilot_report_in_markdown() {
    let s = with_figures();
    let md = report(&s, "ar", "md", &[]);
    assert!(md.starts_with("<div dir=\"rtl\" lang=\"ar\">"), "{md}");
    assert!(md.contains("## نظرة عامة"), "{md}");
    assert!(md.contains("نسبة النجاح"), "{md}");
    assert!(md.contains(&format!("{FSI}75 %{PDI}")), "{md}");
    assert!(md.trim_end().ends_with("</div>"), "{md}");
    // The terminal table stays French; JSON keeps its keys and numbers.
    let table = report(&s, "ar", "table", &[]);
    assert!(
        table.contains("Vue d'ensemble") || table.contains("Indicateur"),
        "{table}"
    );
    assert!(!table.contains(FSI), "{table}");
    let json = report(&s, "ar", "json", &[]);
    assert!(
        json.contains("\"indicators\"") && !json.contains(FSI),
        "{json}"
    );
}

#[test]
fn the_arabic_house_dossier_names_kind_and_region_in_arabic() {
    let s = with_figures();
    let html = s.ok(&[
        "--lang",
        "ar",
        "--format",
        "html",
        "report",
        "house",
        "DT01",
        "--period",
        "2025-2026",
        "--as-of",
        "2025-11-15",
    ]);
    assert!(html.contains("بطاقة المؤسسة"), "dossier title");
    assert!(html.contains("دار الطالبة"), "kind in Arabic");
    assert!(html.contains("طنجة تطوان الحسيمة"), "region in Arabic");
}

#[test]
fn a_bilingual_report_sets_french_beside_arabic() {
    let s = with_figures();
    let html = report(&s, "fr,ar", "html", &[]);
    assert!(
        html.contains(r#"<html lang="fr" dir="ltr">"#),
        "body stays left to right"
    );
    assert!(
        html.contains(&format!("Vue d&#39;ensemble · {FSI}نظرة عامة{PDI}")),
        "{html}"
    );
    assert!(html.contains(&format!("Taux d&#39;occupation · {FSI}نسبة الإشغال{PDI}")));
    assert!(
        html.contains(&format!("Indicateur · {FSI}المؤشر{PDI}")),
        "bilingual header"
    );
    // Figures stay French (no isolate needed in a left-to-right page).
    assert!(html.contains(">75 %<"), "French figure");
}
