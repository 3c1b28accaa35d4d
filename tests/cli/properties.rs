//! Properties checked on generated data, through the real binary: the pilot-wide
//! rate is a ratio of sums whatever the houses report, and importing a valid file
//! a second time changes nothing. Few cases each, so that the suite stays fast;
//! a failure prints the smallest case proptest found.

use std::cell::Cell;
use std::collections::BTreeMap;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;

use crate::harness::Suivi;

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

/// A database with houses H01..H{n} (cohort `pilot`, the default).
fn houses(n: usize) -> Suivi {
    let s = Suivi::new();
    let mut csv = String::from("code,name,kind,region,capacity\n");
    for h in 1..=n {
        csv.push_str(&format!("H{h:02},Maison {h},dar-talib,01,100\n"));
    }
    let f = s.write("maisons.csv", csv);
    s.cmd(&["import", "houses", f.to_str().unwrap()]).run();
    s
}

fn path(p: &std::path::Path) -> &str {
    p.to_str().expect("utf-8 path")
}

// ---------------------------------------------------------------------------
// The pilot-wide rate is a ratio of sums

/// Per house: (pupils sat, pupils passed), passed never above sat; at least one
/// pupil sat somewhere.
fn exam_results() -> impl Strategy<Value = Vec<(u32, u32)>> {
    prop::collection::vec(
        (0u32..=400).prop_flat_map(|sat| (Just(sat), 0..=sat)),
        1..=12,
    )
    .prop_filter("nobody sat", |v| v.iter().any(|(sat, _)| *sat > 0))
}

#[test]
fn the_pilot_success_rate_is_the_ratio_of_sums_and_lies_between_the_houses_rates() {
    let s = houses(12);
    // Each case reports on its own school year, so one database serves them all.
    let year = Cell::new(1950);
    let result = runner(12).run(&exam_results(), |results| {
        let y = year.get();
        year.set(y + 1);
        let period = format!("{y}-{}", y + 1);
        let mut csv = String::from("house,indicator,period,value\n");
        for (i, (sat, passed)) in results.iter().enumerate() {
            let h = i + 1;
            csv.push_str(&format!("H{h:02},pupils_sat,{period},{sat}\n"));
            csv.push_str(&format!("H{h:02},pupils_passed,{period},{passed}\n"));
        }
        let f = s.write("examens.csv", csv);
        s.cmd(&["import", "observations", path(&f)]).run();
        let r = s
            .cmd(&[
                "report",
                "pilot",
                "--period",
                &period,
                "--as-of",
                &format!("{}-08-31", y + 1),
            ])
            .json();
        let rate = r["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == "success_rate")
            .expect("success_rate in the report");

        let sat: u32 = results.iter().map(|(s, _)| s).sum();
        let passed: u32 = results.iter().map(|(_, p)| p).sum();
        let want = 100.0 * f64::from(passed) / f64::from(sat);
        let pilot = rate["pilot"]["value"].as_f64();
        prop_assert!(
            pilot.is_some_and(|p| (p - want).abs() < 1e-9),
            "pilot {pilot:?}, expected {want} = 100 × {passed} / {sat}"
        );
        let pilot = pilot.unwrap();

        // Each house's own rate, and the pilot between the lowest and the highest.
        let by_house: BTreeMap<String, Option<f64>> = rate["houses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h["house"].as_str().unwrap().to_string(),
                    h["value"].as_f64(),
                )
            })
            .collect();
        let mut rates = Vec::new();
        for (i, (sat, passed)) in results.iter().enumerate() {
            let got = by_house[&format!("H{:02}", i + 1)];
            if *sat == 0 {
                prop_assert_eq!(got, None, "house {} sat 0 pupils", i + 1);
            } else {
                let own = 100.0 * f64::from(*passed) / f64::from(*sat);
                prop_assert!(
                    got.is_some_and(|g| (g - own).abs() < 1e-9),
                    "house {}: {got:?}, expected {own}",
                    i + 1
                );
                rates.push(got.unwrap());
            }
        }
        let (min, max) = rates
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), r| {
                (lo.min(*r), hi.max(*r))
            });
        prop_assert!(
            min - 1e-9 <= pilot && pilot <= max + 1e-9,
            "pilot {pilot} outside the houses' rates [{min}, {max}]"
        );
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

// ---------------------------------------------------------------------------
// Importing the same file twice

/// One observation: house (1..=4), indicator, period, value in hundredths.
type Key = (usize, usize, usize);

/// Indicator codes and French names; `budget_mad` takes decimals, the others
/// whole numbers.
const INDICATORS: [(&str, &str); 4] = [
    ("boarders", "Internes"),
    ("staff", "Personnel"),
    ("dropouts", "Abandons scolaires"),
    ("budget_mad", "Budget de fonctionnement (MAD)"),
];

/// Periods as typed by people: each row lists spellings of one canonical period.
const PERIODS: [&[&str]; 6] = [
    &["2025-01", "01/2025", "janvier 2025"],
    &["2025-02", "02/2025", "février 2025"],
    &["2025-Q1", "T1 2025"],
    &["2025-S2", "2025S2"],
    &["2025", "2025"],
    &["2024-2025", "AS 2024-2025"],
];

const COMMENTS: [&str; 4] = ["", "révisé", "dit \"oui\"", "a, b; c"];

/// How a file is written: delimiter and decimal comma, French headers, CRLF,
/// byte-order mark, and per row the spelling of its period and its comment.
#[derive(Debug, Clone)]
struct Layout {
    semicolon: bool,
    french: bool,
    crlf: bool,
    bom: bool,
}

fn layout() -> impl Strategy<Value = Layout> {
    (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
        |(semicolon, french, crlf, bom)| Layout {
            semicolon,
            french,
            crlf,
            bom,
        },
    )
}

/// Distinct keys with a value (in tenths for the budget, whole otherwise) and,
/// per row, a spelling and a comment choice.
fn rows() -> impl Strategy<Value = BTreeMap<Key, (u32, usize, usize)>> {
    prop::collection::btree_map(
        (1usize..=4, 0..INDICATORS.len(), 0..PERIODS.len()),
        (0u32..100_000, 0usize..3, 0..COMMENTS.len()),
        1..40,
    )
}

fn quote(field: &str, delimiter: char) -> String {
    if field.contains(delimiter) || field.contains('"') || field.contains('\n') {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

fn observations_file(layout: &Layout, rows: &BTreeMap<Key, (u32, usize, usize)>) -> String {
    let d = if layout.semicolon { ';' } else { ',' };
    let eol = if layout.crlf { "\r\n" } else { "\n" };
    let header: [&str; 5] = if layout.french {
        [
            "Code maison",
            "Indicateur",
            "Période",
            "Valeur",
            "Commentaire",
        ]
    } else {
        ["house", "indicator", "period", "value", "comment"]
    };
    let mut out = String::new();
    if layout.bom {
        out.push('\u{feff}');
    }
    let line = |fields: &[String]| {
        fields
            .iter()
            .map(|f| quote(f, d))
            .collect::<Vec<_>>()
            .join(&d.to_string())
    };
    out.push_str(&line(&header.map(str::to_string)));
    out.push_str(eol);
    for (&(house, ind, period), &(value, spelling, comment)) in rows {
        let (code, name) = INDICATORS[ind];
        let value = if code == "budget_mad" {
            // One decimal: never mistaken for a thousands separator.
            let v = format!("{}.{}", value / 10, value % 10);
            if layout.semicolon {
                v.replace('.', ",")
            } else {
                v
            }
        } else {
            value.to_string()
        };
        let spellings = PERIODS[period];
        out.push_str(&line(&[
            format!("H{house:02}"),
            if layout.french { name } else { code }.to_string(),
            spellings[spelling % spellings.len()].to_string(),
            value,
            COMMENTS[comment].to_string(),
        ]));
        out.push_str(eol);
    }
    out
}

#[test]
fn importing_any_valid_file_a_second_time_changes_nothing() {
    let s = houses(4);
    let export = || s.cmd(&["export", "observations"]).stdout_text();
    let result = runner(8).run(&(layout(), rows()), |(layout, rows)| {
        let f = s.write("envoi.csv", observations_file(&layout, &rows));
        let first = s.cmd(&["import", "observations", path(&f)]).json();
        prop_assert_eq!(&first["rejected"], 0, "{}", first);
        prop_assert_eq!(first["rows"].as_u64(), Some(rows.len() as u64), "{}", first);
        let before = export();

        let again = s.cmd(&["import", "observations", path(&f)]).json();
        prop_assert_eq!(
            (&again["inserted"], &again["updated"], &again["rejected"]),
            (&Value::from(0), &Value::from(0), &Value::from(0)),
            "{}",
            again
        );
        prop_assert_eq!(again["unchanged"].as_u64(), Some(rows.len() as u64));
        prop_assert_eq!(&again["batch"], &Value::Null);
        prop_assert_eq!(before, export(), "the second import changed the data");
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
