//! Reference data that `suivi init` writes into a new database: regions,
//! provinces and prefectures, the default indicator catalogue, the standard
//! plan template, assessment dimensions and the default validation rules; and
//! what an upgraded database gains of it.

use crate::params;
use crate::store::Conn;
use anyhow::{Context, Result};

use super::Writer;

const REGIONS_CSV: &str = include_str!("../data/regions.csv");
const INDICATORS_CSV: &str = include_str!("../data/indicators.csv");
const PROVINCES_CSV: &str = include_str!("../data/provinces.csv");

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
    (
        "female_within_beneficiaries",
        "beneficiaries_female",
        "<=",
        "beneficiaries",
        "error",
    ),
    (
        "beneficiaries_within_capacity",
        "beneficiaries",
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
    insert_provinces(&w.tx)?;
    for ind in default_indicators()? {
        insert_indicator(&w.tx, &ind)?;
    }
    for (name, left, op, right, severity) in DEFAULT_RULES {
        w.tx.execute(
            r#"INSERT INTO rule (name, "left", op, "right", severity) VALUES (?1, ?2, ?3, ?4, ?5)"#,
            params![name, left, op, right, severity],
        )?;
    }
    w.log(
        "init",
        "database",
        "",
        None,
        None,
        Some(&serde_json::json!({"schema": super::SCHEMA_VERSION})),
    )?;
    Ok(())
}

/// One row of the embedded default catalogue.
pub struct DefaultIndicator {
    pub code: String,
    pub name_fr: String,
    pub name_en: String,
    pub name_ar: String,
    pub unit: String,
    pub direction: String,
    pub over_time: Option<String>,
    pub across: Option<String>,
    pub formula: Option<String>,
    pub pupils: bool,
    /// Comma-separated house kinds, empty for every kind.
    pub kinds: String,
}

/// The default indicator catalogue, as embedded in the binary.
pub fn default_indicators() -> Result<Vec<DefaultIndicator>> {
    let mut rdr = csv::Reader::from_reader(INDICATORS_CSV.as_bytes());
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.context("embedded indicators.csv is malformed")?;
        let opt = |i: usize| (!rec[i].is_empty()).then(|| rec[i].to_string());
        out.push(DefaultIndicator {
            code: rec[0].to_string(),
            name_fr: rec[1].to_string(),
            name_en: rec[2].to_string(),
            name_ar: rec[3].to_string(),
            unit: rec[4].to_string(),
            direction: rec[5].to_string(),
            over_time: opt(6),
            across: opt(7),
            formula: opt(8),
            pupils: &rec[9] == "1",
            kinds: rec[10].to_string(),
        });
    }
    Ok(out)
}

fn insert_indicator(conn: &Conn, d: &DefaultIndicator) -> Result<()> {
    conn.execute(
        "INSERT INTO indicator (code, name_fr, name_en, name_ar, unit, direction, over_time, across,
            formula, pupils, kinds)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            d.code,
            d.name_fr,
            d.name_en,
            d.name_ar,
            d.unit,
            d.direction,
            d.over_time,
            d.across,
            d.formula,
            d.pupils as i64,
            (!d.kinds.is_empty()).then_some(&d.kinds),
        ],
    )?;
    Ok(())
}

/// Morocco's 75 provinces and prefectures (2015 division), each under its region.
fn insert_provinces(conn: &Conn) -> Result<()> {
    let mut stmt = conn.prepare(
        "INSERT INTO province (code, iso, kind, name_fr, name_ar, region_id)
         VALUES (?1, ?2, ?3, ?4, ?5, (SELECT id FROM region WHERE code = ?6))
         ON CONFLICT DO NOTHING",
    )?;
    let mut rdr = csv::Reader::from_reader(PROVINCES_CSV.as_bytes());
    for rec in rdr.records() {
        let rec = rec.context("embedded provinces.csv is malformed")?;
        stmt.execute(params![
            &rec[0], &rec[1], &rec[2], &rec[3], &rec[4], &rec[5]
        ])?;
    }
    Ok(())
}

/// What a database of schema `from` gains on its way to this schema, inside
/// the migration's transaction: the provinces; Arabic names and kinds of the
/// default indicators it holds; the default indicators and rules it lacks,
/// unless one of the user's own indicators or rules already uses the code,
/// a name or the rule name. One audit entry says what was added.
pub fn upgrade(conn: &Conn, from: i64) -> Result<()> {
    if from >= 3 {
        return Ok(());
    }
    insert_provinces(conn)?;
    let mut added = Vec::new();
    for d in default_indicators()? {
        let cat = super::indicator::catalogue(conn)?;
        match cat.by_code(&d.code) {
            Some(existing) => {
                // Only the Arabic name is new: other clashes are the user's own.
                if existing.name_ar.is_none()
                    && super::indicator::taken_by(&cat, &d.code, &d.name_ar).is_none()
                {
                    conn.execute(
                        "UPDATE indicator SET name_ar = ?2 WHERE code = ?1",
                        params![d.code, d.name_ar],
                    )?;
                }
                if existing.kinds.is_empty() && !d.kinds.is_empty() {
                    conn.execute(
                        "UPDATE indicator SET kinds = ?2 WHERE code = ?1",
                        params![d.code, d.kinds],
                    )?;
                }
            }
            None => {
                let candidate = crate::domain::indicator::Indicator {
                    id: 0,
                    code: d.code.clone(),
                    name_fr: d.name_fr.clone(),
                    name_en: Some(d.name_en.clone()),
                    name_ar: Some(d.name_ar.clone()),
                    unit: crate::domain::indicator::Unit::Count,
                    direction: crate::domain::aggregate::Direction::Up,
                    kind: crate::domain::indicator::Kind::Recorded {
                        over_time: crate::domain::aggregate::OverTime::Last,
                        across: crate::domain::aggregate::Across::Sum,
                    },
                    pupils: d.pupils,
                    kinds: Vec::new(),
                };
                let components_known = d.formula.as_deref().is_none_or(|f| {
                    crate::domain::formula::Formula::parse(f)
                        .is_ok_and(|f| cat.check_formula(&d.code, &f).is_ok())
                });
                if super::indicator::name_clash(&cat, &candidate).is_none() && components_known {
                    insert_indicator(conn, &d)?;
                    added.push(d.code.clone());
                }
            }
        }
    }
    let mut rules_added = Vec::new();
    let cat = super::indicator::catalogue(conn)?;
    for (name, left, op, right, severity) in DEFAULT_RULES {
        let exists: i64 =
            conn.query_row("SELECT count(*) FROM rule WHERE name = ?1", [name], |r| {
                r.get(0)
            })?;
        if exists == 0 && cat.by_code(left).is_some() && cat.by_code(right).is_some() {
            conn.execute(
                r#"INSERT INTO rule (name, "left", op, "right", severity) VALUES (?1, ?2, ?3, ?4, ?5)"#,
                params![name, left, op, right, severity],
            )?;
            rules_added.push(*name);
        }
    }
    conn.execute(
        conn.pick(
            "INSERT INTO audit (at, by, action, entity, key, before, after)
             VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'suivi', 'upgrade', 'database', '', ?1, ?2)",
            "INSERT INTO audit (at, by, action, entity, key, before, after)
             VALUES (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), 'suivi',
                     'upgrade', 'database', '', ?1, ?2)",
        ),
        params![
            serde_json::json!({"schema": from}).to_string(),
            serde_json::json!({
                "schema": super::SCHEMA_VERSION,
                "indicators_added": added,
                "rules_added": rules_added,
            })
            .to_string()
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Db;

    fn fresh() -> (tempfile::TempDir, Db) {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Db::create(&dir.path().join("t.db")).unwrap();
        let w = db.writer("test").unwrap();
        reference_data(&w).unwrap();
        w.commit().unwrap();
        (dir, db)
    }

    #[test]
    fn default_names_are_unique_and_kinds_known() {
        let (_dir, db) = fresh();
        let cat = crate::store::indicator::catalogue(&db.conn).unwrap();
        assert_eq!(cat.items.len(), default_indicators().unwrap().len());
        for i in &cat.items {
            assert_eq!(crate::store::indicator::name_clash(&cat, i), None);
            assert!(i.name_ar.is_some(), "{} has no Arabic name", i.code);
            for k in &i.kinds {
                assert!(
                    crate::domain::register::HOUSE_KINDS
                        .iter()
                        .any(|(c, _, _)| c == k),
                    "{}: {k}",
                    i.code
                );
            }
            if let Some(f) = i.formula() {
                // A formula applies where its components are reported.
                for c in f.variables() {
                    let comp = cat.by_code(&c).unwrap();
                    for k in crate::domain::register::HOUSE_KINDS
                        .iter()
                        .map(|(c, _, _)| c)
                    {
                        if i.applies_to(k) {
                            assert!(comp.applies_to(k), "{} needs {c} for {k}", i.code);
                        }
                    }
                }
            }
        }
        let exams = crate::store::indicator::applicable_indicators(&db.conn, "elderly-centre")
            .unwrap()
            .into_iter()
            .map(|i| i.code)
            .collect::<Vec<_>>();
        assert!(exams.contains(&"beneficiaries".to_string()));
        assert!(exams.contains(&"staff".to_string()));
        assert!(!exams.contains(&"pupils_sat".to_string()));
        assert!(!exams.contains(&"success_rate".to_string()));
    }

    #[test]
    fn provinces_are_found_by_code_or_name() {
        let (_dir, db) = fresh();
        let all = crate::store::region::provinces(&db.conn, None).unwrap();
        assert_eq!(all.len(), 75);
        assert_eq!(all.iter().filter(|p| p.kind == "prefecture").count(), 13);
        let find = |s: &str| {
            crate::store::region::find_province(&db.conn, s)
                .unwrap()
                .map(|p| p.code)
        };
        assert_eq!(find("TNG").as_deref(), Some("TNG"));
        assert_eq!(find("ma-tng").as_deref(), Some("TNG"));
        assert_eq!(find("el kelaa des sraghna").as_deref(), Some("KES"));
        assert_eq!(find("Préfecture de Rabat").as_deref(), Some("RAB"));
        assert_eq!(find("إقليم تازة").as_deref(), Some("TAZ"));
        assert_eq!(find("Atlantis"), None);
        assert_eq!(find(""), None);
    }
}
