//! Observations: one value per house, indicator and period, with where it came
//! from (an import batch or a manual entry), who recorded it and when.

use std::collections::HashMap;

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde_json::json;

use super::Writer;
use crate::domain::period::Period;

/// What a write did to one observation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Change {
    Inserted,
    Updated { before: f64 },
    Unchanged,
}

/// Records one value by hand (`indicator record`): inserts, updates, or
/// leaves alone an equal value, and logs the change with the old value.
#[allow(clippy::too_many_arguments)]
pub fn record(
    w: &Writer,
    house_id: i64,
    house_code: &str,
    indicator_id: i64,
    indicator_code: &str,
    period: &Period,
    value: f64,
    comment: Option<&str>,
) -> Result<Change> {
    let p = period.canonical();
    let existing: Option<(i64, f64, Option<String>)> =
        w.tx.prepare_cached(
            "SELECT id, value, comment FROM observation
             WHERE house_id = ?1 AND indicator_id = ?2 AND period = ?3",
        )?
        .query_row(params![house_id, indicator_id, p], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let key = format!("{house_code}/{indicator_code}/{p}");
    let after = json!({"value": value, "comment": comment});
    match existing {
        Some((_, old, ref old_comment)) if old == value && old_comment.as_deref() == comment => {
            Ok(Change::Unchanged)
        }
        Some((id, old, old_comment)) => {
            w.tx.prepare_cached(
                "UPDATE observation SET value = ?2, comment = ?3, batch_id = NULL,
                    recorded_at = ?4, recorded_by = ?5 WHERE id = ?1",
            )?
            .execute(params![id, value, comment, w.at, w.author])?;
            let before = json!({"value": old, "comment": old_comment});
            w.log("update", "observation", &key, Some(&before), Some(&after))?;
            Ok(Change::Updated { before: old })
        }
        None => {
            w.tx.prepare_cached(
                "INSERT INTO observation (house_id, indicator_id, period, first_month, last_month, value,
                    comment, batch_id, recorded_at, recorded_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, ?8, ?9)",
            )?
            .execute(params![
                house_id,
                indicator_id,
                p,
                period.first_month(),
                period.last_month(),
                value,
                comment,
                w.at,
                w.author
            ])?;
            w.log("insert", "observation", &key, None, Some(&after))?;
            Ok(Change::Inserted)
        }
    }
}

/// One observation as listings and exports show it.
#[derive(Debug, Clone, Serialize)]
pub struct Observation {
    pub house: String,
    pub indicator: String,
    pub period: String,
    pub value: f64,
    pub comment: Option<String>,
    pub batch: Option<i64>,
    pub recorded_at: String,
    pub recorded_by: String,
}

/// Observations of a house (or every house), optionally of one indicator,
/// whose period lies within `[from_month, to_month]`.
pub fn history(
    conn: &Connection,
    house_id: Option<i64>,
    indicator_id: Option<i64>,
    from_month: Option<i32>,
    to_month: Option<i32>,
) -> Result<Vec<Observation>> {
    let mut stmt = conn.prepare_cached(
        "SELECT h.code, i.code, o.period, o.value, o.comment, o.batch_id, o.recorded_at, o.recorded_by
         FROM observation o JOIN house h ON h.id = o.house_id JOIN indicator i ON i.id = o.indicator_id
         WHERE (?1 IS NULL OR o.house_id = ?1) AND (?2 IS NULL OR o.indicator_id = ?2)
           AND (?3 IS NULL OR o.first_month >= ?3) AND (?4 IS NULL OR o.last_month <= ?4)
         ORDER BY h.code, i.id, o.first_month, o.last_month DESC",
    )?;
    let rows = stmt.query_map(params![house_id, indicator_id, from_month, to_month], |r| {
        Ok(Observation {
            house: r.get(0)?,
            indicator: r.get(1)?,
            period: r.get(2)?,
            value: r.get(3)?,
            comment: r.get(4)?,
            batch: r.get(5)?,
            recorded_at: r.get(6)?,
            recorded_by: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A house's observations of one indicator inside a period, combined every way
/// the over-time rules need.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Combined {
    pub sum: f64,
    pub mean: f64,
    pub max: f64,
    pub min: f64,
    /// The value of the latest period (the shortest one on a tie).
    pub last: f64,
    pub count: i64,
}

/// Every (house id, indicator id) with observations inside months
/// `[first, last]`, for the houses of `cohort` (`None`: every house).
/// Aggregation is done by SQLite: two passes, whatever the number of rows.
pub fn combined(
    conn: &Connection,
    first: i32,
    last: i32,
    cohort: Option<&str>,
) -> Result<HashMap<(i64, i64), Combined>> {
    let scope = "o.first_month >= ?1 AND o.last_month <= ?2
        AND (?3 IS NULL OR o.house_id IN (SELECT id FROM house WHERE cohort = ?3))";
    let mut out: HashMap<(i64, i64), Combined> = HashMap::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT o.house_id, o.indicator_id, sum(o.value), avg(o.value), max(o.value), min(o.value), count(*)
         FROM observation o WHERE {scope} GROUP BY o.indicator_id, o.house_id"
    ))?;
    let mut rows = stmt.query(params![first, last, cohort])?;
    while let Some(r) = rows.next()? {
        out.insert(
            (r.get(0)?, r.get(1)?),
            Combined {
                sum: r.get(2)?,
                mean: r.get(3)?,
                max: r.get(4)?,
                min: r.get(5)?,
                last: f64::NAN,
                count: r.get(6)?,
            },
        );
    }
    // SQLite returns the bare column `value` from the row holding the maximum.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT o.house_id, o.indicator_id, o.value, max(o.last_month * 1000 - (o.last_month - o.first_month))
         FROM observation o WHERE {scope} GROUP BY o.indicator_id, o.house_id"
    ))?;
    let mut rows = stmt.query(params![first, last, cohort])?;
    while let Some(r) = rows.next()? {
        if let Some(c) = out.get_mut(&(r.get(0)?, r.get(1)?)) {
            c.last = r.get(2)?;
        }
    }
    Ok(out)
}

/// Months (as month indexes) each house has reported, within `[first,
/// last]`: a monthly or quarterly observation covers the months of its period.
/// Yearly figures (capacity, exam results) do not make a month reported.
pub fn months_covered(
    conn: &Connection,
    first: i32,
    last: i32,
    cohort: Option<&str>,
) -> Result<HashMap<i64, Vec<(i32, i32)>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT o.house_id, o.first_month, o.last_month FROM observation o
         WHERE o.first_month >= ?1 AND o.last_month <= ?2 AND o.last_month - o.first_month < 3
           AND (?3 IS NULL OR o.house_id IN (SELECT id FROM house WHERE cohort = ?3))",
    )?;
    let mut out: HashMap<i64, Vec<(i32, i32)>> = HashMap::new();
    let mut rows = stmt.query(params![first, last, cohort])?;
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?)
            .or_default()
            .push((r.get(1)?, r.get(2)?));
    }
    Ok(out)
}

/// (sum, mean, count) of one indicator's one-month observations in one month.
pub type MonthTotals = (f64, f64, i64);

/// Month by month, for observations of one month each inside `[first, last]`:
/// (indicator id, month index) → totals over the houses of `cohort`.
pub fn monthly(
    conn: &Connection,
    first: i32,
    last: i32,
    cohort: Option<&str>,
) -> Result<HashMap<(i64, i32), MonthTotals>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.indicator_id, o.first_month, sum(o.value), avg(o.value), count(*) FROM observation o
         WHERE o.first_month = o.last_month AND o.first_month >= ?1 AND o.last_month <= ?2
           AND (?3 IS NULL OR o.house_id IN (SELECT id FROM house WHERE cohort = ?3))
         GROUP BY o.indicator_id, o.first_month",
    )?;
    let mut out = HashMap::new();
    let mut rows = stmt.query(params![first, last, cohort])?;
    while let Some(r) = rows.next()? {
        out.insert((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?, r.get(4)?));
    }
    Ok(out)
}
