//! Targets: per house and indicator, a baseline (value, period) and a target
//! (value, period).

use crate::params;
use crate::store::{Conn, OptionalExtension};
use anyhow::Result;
use serde_json::json;

use super::Writer;
use super::audit::Key;

pub use crate::domain::target::Target;

/// Sets (inserts or replaces) a target; returns whether anything changed.
pub fn set(w: &Writer, house_id: i64, indicator_id: i64, t: &Target) -> Result<bool> {
    let before = get(&w.tx, house_id, indicator_id)?;
    if before.as_ref() == Some(t) {
        return Ok(false);
    }
    w.tx.prepare_cached(
        "INSERT INTO target (house_id, indicator_id, baseline, baseline_period, target, target_period, batch_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (house_id, indicator_id) DO UPDATE SET baseline = excluded.baseline,
            baseline_period = excluded.baseline_period, target = excluded.target,
            target_period = excluded.target_period, batch_id = excluded.batch_id",
    )?
    .execute(params![
        house_id,
        indicator_id,
        t.baseline,
        t.baseline_period,
        t.target,
        t.target_period,
        w.batch
    ])?;
    let before = before.map(|b| json!(b));
    w.record(
        if before.is_some() { "update" } else { "insert" },
        &key(t),
        Some(&t.house),
        before.as_ref(),
        Some(&json!(t)),
    )?;
    Ok(true)
}

pub fn get(conn: &Conn, house_id: i64, indicator_id: i64) -> Result<Option<Target>> {
    conn.prepare_cached(&format!(
        "{SELECT} WHERE t.house_id = ?1 AND t.indicator_id = ?2"
    ))?
    .query_row(params![house_id, indicator_id], from_row)
    .optional()
}

const SELECT: &str =
    "SELECT h.code, i.code, t.baseline, t.baseline_period, t.target, t.target_period,
        t.house_id, t.indicator_id
    FROM target t JOIN house h ON h.id = t.house_id JOIN indicator i ON i.id = t.indicator_id";

fn from_row(r: &crate::store::Row) -> Result<Target> {
    Ok(Target {
        house: r.get(0)?,
        indicator: r.get(1)?,
        baseline: r.get(2)?,
        baseline_period: r.get(3)?,
        target: r.get(4)?,
        target_period: r.get(5)?,
    })
}

/// Every target, with the house and indicator ids, for houses of `cohort`
/// (`None`: all).
pub fn list(conn: &Conn, cohort: Option<&str>) -> Result<Vec<(i64, i64, Target)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE (?1 IS NULL OR h.cohort = ?1) ORDER BY h.code, i.id"
    ))?;
    let rows = stmt.query_map([cohort], |r| Ok((r.get(6)?, r.get(7)?, from_row(r)?)))?;
    rows.collect::<Result<_>>()
}

pub fn delete(w: &Writer, house_id: i64, indicator_id: i64, t: &Target) -> Result<()> {
    w.tx.execute(
        "DELETE FROM target WHERE house_id = ?1 AND indicator_id = ?2",
        params![house_id, indicator_id],
    )?;
    w.record("delete", &key(t), Some(&t.house), Some(&json!(t)), None)
}

fn key(t: &Target) -> Key {
    Key::Target {
        house: t.house.clone(),
        indicator: t.indicator.clone(),
    }
}
