//! The indicator catalogue as stored.

use anyhow::{Context, Result};
use rusqlite::{Connection, params};
use serde_json::json;

use super::Writer;
use crate::domain::aggregate::{Across, Direction, OverTime};
use crate::domain::formula::Formula;
use crate::domain::indicator::{Catalogue, Indicator, Kind, Unit};

pub fn catalogue(conn: &Connection) -> Result<Catalogue> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, code, name_fr, name_en, unit, direction, over_time, across, formula, pupils
         FROM indicator ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, Option<String>>(6)?,
            r.get::<_, Option<String>>(7)?,
            r.get::<_, Option<String>>(8)?,
            r.get::<_, i64>(9)?,
        ))
    })?;
    let mut items = Vec::new();
    for row in rows {
        let (id, code, name_fr, name_en, unit, direction, over_time, across, formula, pupils) =
            row?;
        let bad = |what: &str| format!("indicator {code} in the database has a bad {what}");
        let kind = match formula {
            Some(f) => Kind::Formula(
                Formula::parse(&f).map_err(|e| anyhow::anyhow!("{}: {e}", bad("formula")))?,
            ),
            None => Kind::Recorded {
                over_time: over_time
                    .as_deref()
                    .unwrap_or("last")
                    .parse::<OverTime>()
                    .with_context(|| bad("over-time rule"))?,
                across: across
                    .as_deref()
                    .unwrap_or("sum")
                    .parse::<Across>()
                    .with_context(|| bad("across rule"))?,
            },
        };
        items.push(Indicator {
            id,
            unit: Unit::parse(&unit).map_err(|e| anyhow::anyhow!("{}: {e}", bad("unit")))?,
            direction: direction
                .parse::<Direction>()
                .with_context(|| bad("direction"))?,
            code,
            name_fr,
            name_en,
            kind,
            pupils: pupils != 0,
        });
    }
    Ok(Catalogue::new(items))
}

pub fn to_json(i: &Indicator) -> serde_json::Value {
    let (over_time, across, formula) = match &i.kind {
        Kind::Recorded { over_time, across } => {
            (Some(over_time.as_str()), Some(across.as_str()), None)
        }
        Kind::Formula(f) => (None, None, Some(f.to_string())),
    };
    json!({
        "code": i.code,
        "name_fr": i.name_fr,
        "name_en": i.name_en,
        "unit": i.unit.as_str(),
        "direction": i.direction.as_str(),
        "over_time": over_time,
        "across": across,
        "formula": formula,
        "pupils": i.pupils,
    })
}

pub fn insert(w: &Writer, i: &Indicator) -> Result<()> {
    let v = to_json(i);
    w.tx.execute(
        "INSERT INTO indicator (code, name_fr, name_en, unit, direction, over_time, across, formula, pupils)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            i.code,
            i.name_fr,
            i.name_en,
            i.unit.as_str(),
            i.direction.as_str(),
            v["over_time"].as_str(),
            v["across"].as_str(),
            v["formula"].as_str(),
            i.pupils as i64
        ],
    )?;
    w.log("insert", "indicator", &i.code, None, Some(&v))
}
