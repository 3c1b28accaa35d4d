//! Arabic: reports right to left and in French beside Arabic, Arabic templates
//! that import back, and files written entirely in Arabic.

use crate::harness::Suivi;

/// First-strong isolate: Arabic text inside French.
const FSI: char = '\u{2068}';
/// Left-to-right isolate: a figure, a period or a code inside Arabic.
const LRI: char = '\u{2066}';
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
    // Figures are isolated, in Western digits by default, and never split
    // over two lines (a no-break space before the sign).
    assert!(html.contains(&format!("{LRI}101{PDI}")), "isolated count");
    assert!(
        html.contains(&format!("{LRI}75\u{a0}%{PDI}")),
        "isolated rate"
    );
    // A chart's figure keeps its sign inside its isolate.
    assert!(
        html.contains(&format!("class=\"val\">{LRI}93\u{a0}%{PDI}</text>")),
        "isolated figure in a chart"
    );
    // The period inside the Arabic title keeps its order.
    assert!(
        html.contains(&format!("{LRI}2025-2026{PDI}")),
        "isolated period"
    );
}

#[test]
fn arabic_indic_digits_on_request() {
    let s = with_figures();
    let html = report(&s, "ar", "html", &["--digits", "arabic"]);
    assert!(html.contains("٧٥٪"), "75 % in Arabic-Indic digits");
    assert!(
        html.contains(&format!("{LRI}١٠١{PDI}")),
        "101 in Arabic-Indic digits"
    );
    assert!(
        html.contains(&format!(r#"class="val">{LRI}٩٣٪{PDI}</text>"#)),
        "93 % in a chart in Arabic-Indic digits"
    );
    // Western digits are the default and French reports never change.
    let fr = report(&s, "fr", "html", &["--digits", "arabic"]);
    assert!(
        fr.contains("75 %") && !fr.contains('٧'),
        "French report untouched"
    );
    assert!(
        !fr.contains(FSI) && !fr.contains(LRI),
        "no isolates in a French report"
    );
}

#[test]
fn an_arabic_pilot_report_in_markdown() {
    let s = with_figures();
    let md = report(&s, "ar", "md", &[]);
    assert!(md.starts_with("<div dir=\"rtl\" lang=\"ar\">"), "{md}");
    assert!(md.contains("## نظرة عامة"), "{md}");
    assert!(md.contains("نسبة النجاح"), "{md}");
    assert!(md.contains(&format!("{LRI}75 %{PDI}")), "{md}");
    assert!(md.trim_end().ends_with("</div>"), "{md}");
    // The terminal table stays French; JSON keeps its keys and numbers.
    let table = report(&s, "ar", "table", &[]);
    assert!(
        table.contains("Vue d'ensemble") || table.contains("Indicateur"),
        "{table}"
    );
    assert!(!table.contains(LRI), "{table}");
    let json = report(&s, "ar", "json", &[]);
    assert!(
        json.contains("\"indicators\"") && !json.contains(LRI),
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

/// What an association sends, written entirely in Arabic: Arabic headers, the
/// house's Arabic name, indicators by their Arabic names, Arabic-Indic digits, the
/// Arabic decimal and thousands separators, Arabic month names and نعم.
const ARABIC_WIDE: &str = "رمز الدار;اسم الدار;الفترة;التلاميذ النزلاء;ميزانية التسيير (درهم);انعقاد الجمع العام\n\
DT01;دار الطالبة باب تازة;أكتوبر ٢٠٢٥;٩٣;١٢٬٥٠٠٫٥;نعم\n\
DT01;دار الطالبة باب تازة;شتنبر ٢٠٢٥;۸۸;٩٠٠;لا\n\
DT02;دار الطالب;تشرين الثاني 2025;٧;٣١٫٧٥;نعم\n";

#[test]
fn a_file_written_entirely_in_arabic_imports() {
    let s = Suivi::new().with_houses();
    s.write("arabe.csv", ARABIC_WIDE);
    let summary = s.json(&["--format", "json", "import", "observations", "arabe.csv"]);
    assert_eq!(summary["inserted"], 9, "{summary}");
    assert_eq!(summary["rejected"], 0, "{summary}");
    let rows = s.json(&["--format", "json", "export", "observations"]);
    let value = |h: &str, ind: &str, p: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["house"] == h && r["indicator"] == ind && r["period"] == p)
            .map(|r| r["value"].as_f64().unwrap())
    };
    assert_eq!(value("DT01", "boarders", "2025-10"), Some(93.0));
    assert_eq!(value("DT01", "boarders", "2025-09"), Some(88.0));
    assert_eq!(value("DT01", "budget_mad", "2025-10"), Some(12500.5));
    assert_eq!(value("DT02", "budget_mad", "2025-11"), Some(31.75));
    assert_eq!(value("DT01", "ga_held", "2025-10"), Some(1.0));
    assert_eq!(value("DT01", "ga_held", "2025-09"), Some(0.0));
    // The same file again changes nothing.
    let again = s.json(&["--format", "json", "import", "observations", "arabe.csv"]);
    assert_eq!(again["unchanged"], 9, "{again}");
}

#[test]
fn long_files_and_other_kinds_take_arabic_headers() {
    let s = Suivi::new().with_houses();
    s.write(
        "long.csv",
        "الدار,المؤشر,الفترة,القيمة,ملاحظة\nDT01,boarders,يناير 2026,٥٠,تقدير\n",
    );
    let out = s.json(&["--format", "json", "import", "observations", "long.csv"]);
    assert_eq!(out["inserted"], 1, "{out}");
    s.write(
        "assoc.csv",
        "رمز الجمعية;اسم الجمعية;الرئيسة;الهاتف\nAS02;جمعية الأمل;فاطمة;0600000000\n",
    );
    let out = s.json(&["--format", "json", "import", "associations", "assoc.csv"]);
    assert_eq!(out["inserted"], 1, "{out}");
    s.write(
        "houses.csv",
        "الرمز;اسم الدار;الاسم;النوع;الجهة;الطاقة الاستيعابية;الجمعية\nDT03;Dar Talib Trois;دار الطالب;dar-talib;جهة الشرق;٦٠;AS02\n",
    );
    let out = s
        .cmd(&["--format", "json", "import", "houses", "houses.csv"])
        .stderr_any()
        .json();
    assert_eq!(out["inserted"], 1, "{out}");
    let house = s.json(&["--format", "json", "house", "show", "DT03"]);
    assert_eq!(house["region"], "L'Oriental", "{house}");
    assert_eq!(house["name_ar"], "دار الطالب", "{house}");
}

/// Fills every empty indicator cell of a template row with `value`.
fn fill(text: &str, value: &str) -> String {
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    let mut out = format!("{}\n", lines.next().unwrap());
    for l in lines {
        let cells: Vec<String> = l
            .split(';')
            .map(|c| {
                if c.is_empty() {
                    value.to_string()
                } else {
                    c.to_string()
                }
            })
            .collect();
        out.push_str(&cells.join(";"));
        out.push('\n');
    }
    out
}

#[test]
fn an_arabic_csv_template_imports_back() {
    let s = Suivi::new().with_houses();
    s.ok(&[
        "--lang",
        "ar",
        "template",
        "observations",
        "--period",
        "2025-10",
        "--cohort",
        "all",
        "--indicators",
        "boarders,days_open",
        "--out",
        "t.csv",
    ]);
    let text = std::fs::read_to_string(s.path("t.csv")).unwrap();
    let header = text.trim_start_matches('\u{feff}').lines().next().unwrap();
    assert_eq!(
        header,
        "رمز الدار;اسم الدار;الفترة;التلاميذ النزلاء;أيام الاشتغال"
    );
    s.write("filled.csv", fill(&text, "٢٠"));
    let out = s.json(&["--format", "json", "import", "observations", "filled.csv"]);
    assert_eq!(out["inserted"], 4, "{out}");
}

#[test]
fn an_arabic_xlsx_template_is_right_to_left_and_imports_back() {
    let s = Suivi::new().with_houses();
    s.ok(&[
        "--lang",
        "ar",
        "template",
        "observations",
        "--period",
        "2025-10",
        "--cohort",
        "all",
        "--indicators",
        "boarders",
        "--out",
        "t.xlsx",
    ]);
    let bytes = std::fs::read(s.path("t.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut sheet,
    )
    .unwrap();
    assert!(sheet.contains("rightToLeft=\"1\""), "{sheet}");
    // Imported as is (empty cells), the template is read with its Arabic headers.
    let out = s.json(&[
        "--format",
        "json",
        "import",
        "observations",
        "t.xlsx",
        "--dry-run",
    ]);
    assert_eq!(out["rejected"], 0, "{out}");
}
