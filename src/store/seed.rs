//! Reference data that `suivi init` writes into a new database: regions, the
//! default indicator catalogue, the standard plan template, assessment
//! dimensions and the default validation rules.

use anyhow::{Context, Result};
use rusqlite::params;

use super::Writer;

const REGIONS_CSV: &str = include_str!("../data/regions.csv");
const INDICATORS_CSV: &str = include_str!("../data/indicators.csv");

/// The standard PDI template: code, French label, English label.
pub const STANDARD_AXES: &[(&str, &str, &str)] = &[
    ("gouvernance", "Gouvernance", "Governance"),
    (
        "gestion",
        "Gestion administrative et financière",
        "Administrative and financial management",
    ),
    (
        "services",
        "Services aux bénéficiaires",
        "Services to beneficiaries",
    ),
    ("partenariats", "Partenariats", "Partnerships"),
    ("digitalisation", "Digitalisation", "Digitalisation"),
];

/// Organisational capacity dimensions, scored 1 (nascent) to 4 (mature).
pub const DIMENSIONS: &[(&str, &str, &str)] = &[
    ("governance", "Gouvernance", "Governance"),
    ("management", "Gestion", "Management"),
    ("services", "Services", "Services"),
    ("partnerships", "Partenariats", "Partnerships"),
    ("digitalisation", "Digitalisation", "Digitalisation"),
    (
        "sustainability",
        "Pérennité financière",
        "Financial sustainability",
    ),
];

/// Default validation rules: name, left, operator, right, severity.
pub const DEFAULT_RULES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "girls_within_boarders",
        "boarders_girls",
        "<=",
        "boarders",
        "error",
    ),
    (
        "passed_within_sat",
        "pupils_passed",
        "<=",
        "pupils_sat",
        "error",
    ),
    (
        "trained_within_staff",
        "staff_trained",
        "<=",
        "staff",
        "error",
    ),
    (
        "admitted_within_requests",
        "admitted",
        "<=",
        "requests",
        "warning",
    ),
    (
        "satisfied_within_respondents",
        "pupils_satisfied",
        "<=",
        "respondents",
        "error",
    ),
    (
        "boarders_within_capacity",
        "boarders",
        "<=",
        "capacity",
        "warning",
    ),
];

pub fn reference_data(w: &Writer) -> Result<()> {
    let mut rdr = csv::Reader::from_reader(REGIONS_CSV.as_bytes());
    for rec in rdr.records() {
        let rec = rec.context("embedded regions.csv is malformed")?;
        w.tx.execute(
            "INSERT INTO region (code, iso, name_fr, name_ar, seat) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![&rec[0], &rec[1], &rec[2], &rec[3], &rec[4]],
        )?;
    }
    for (pos, (code, fr, en)) in STANDARD_AXES.iter().enumerate() {
        w.tx.execute(
            "INSERT INTO plan_template_axis (template, code, label_fr, label_en, position)
             VALUES ('standard', ?1, ?2, ?3, ?4)",
            params![code, fr, en, pos as i64],
        )?;
    }
    for (pos, (code, fr, en)) in DIMENSIONS.iter().enumerate() {
        w.tx.execute(
            "INSERT INTO dimension (code, label_fr, label_en, position) VALUES (?1, ?2, ?3, ?4)",
            params![code, fr, en, pos as i64],
        )?;
    }
    let mut rdr = csv::Reader::from_reader(INDICATORS_CSV.as_bytes());
    for rec in rdr.records() {
        let rec = rec.context("embedded indicators.csv is malformed")?;
        let opt = |i: usize| (!rec[i].is_empty()).then(|| rec[i].to_string());
        w.tx.execute(
            "INSERT INTO indicator (code, name_fr, name_en, unit, direction, over_time, across, formula, pupils)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                &rec[0],
                &rec[1],
                &rec[2],
                &rec[3],
                &rec[4],
                opt(5),
                opt(6),
                opt(7),
                rec[8].parse::<i64>().unwrap_or(0)
            ],
        )?;
    }
    for (name, left, op, right, severity) in DEFAULT_RULES {
        w.tx.execute(
            "INSERT INTO rule (name, left, op, right, severity) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![name, left, op, right, severity],
        )?;
    }
    w.log(
        "init",
        "database",
        "",
        None,
        Some(&serde_json::json!({"schema": super::SCHEMA_VERSION})),
    )?;
    Ok(())
}
