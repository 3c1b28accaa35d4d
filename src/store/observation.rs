//! Observations: one value per house, indicator and period, with where it came
//! from (an import batch or a manual entry), who recorded it and when.

use std::collections::HashMap;

use crate::params;
use crate::store::{Conn, OptionalExtension};
use anyhow::Result;
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

/// Whether recording `value` (with `comment`) would leave the stored
/// observation as it is: a lock refuses changes, not the same value again.
pub fn is_unchanged(
    conn: &Conn,
    house_id: i64,
    indicator_id: i64,
    period: &Period,
    value: f64,
    comment: Option<&str>,
) -> Result<bool> {
    let stored: Option<(f64, Option<String>)> = conn
        .prepare_cached(
            "SELECT value, comment FROM observation
             WHERE house_id = ?1 AND indicator_id = ?2 AND period = ?3",
        )?
        .query_row(params![house_id, indicator_id, period.canonical()], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    Ok(stored.is_some_and(|(v, c)| v == value && c.as_deref() == comment))
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
            w.log(
                "update",
                "observation",
                &key,
                Some(house_code),
                Some(&before),
                Some(&after),
            )?;
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
            w.log(
                "insert",
                "observation",
                &key,
                Some(house_code),
                None,
                Some(&after),
            )?;
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
/// whose period lies within `[from_month, to_month]`, by house code, indicator,
/// first month and longest period first.
///
/// Only the filters given are in the SQL, so that a house's history is an
/// index search, not a scan. Rows come in storage order and are sorted here:
/// SQLite would sort the whole text of every row, and imports store rows
/// mostly in this order already, which a merge sort goes through in one pass.
pub fn history(
    conn: &Conn,
    house_id: Option<i64>,
    indicator_id: Option<i64>,
    from_month: Option<i32>,
    to_month: Option<i32>,
) -> Result<Vec<Observation>> {
    // Codes are looked up here rather than joined: two searches a row less.
    let codes = |sql: &str, id: Option<i64>| -> Result<HashMap<i64, String>> {
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_>>()
    };
    let houses = codes(
        "SELECT id, code FROM house WHERE id = ?1 OR ?1 IS NULL",
        house_id,
    )?;
    let indicators = codes(
        "SELECT id, code FROM indicator WHERE id = ?1 OR ?1 IS NULL",
        indicator_id,
    )?;
    let mut sql = String::from(
        "SELECT o.house_id, o.indicator_id, o.period, o.value, o.comment, o.batch_id, o.recorded_at,
                o.recorded_by, o.first_month, o.last_month
         FROM observation o WHERE 1 = 1",
    );
    let mut args: Vec<i64> = Vec::new();
    for (filter, value) in [
        (" AND o.house_id = ?", house_id),
        (" AND o.indicator_id = ?", indicator_id),
        (" AND o.first_month >= ?", from_month.map(i64::from)),
        (" AND o.last_month <= ?", to_month.map(i64::from)),
    ] {
        if let Some(v) = value {
            sql.push_str(filter);
            args.push(v);
        }
    }
    let mut out: Vec<((i64, i32, i32), Observation)> = Vec::new();
    conn.query_each(&sql, &args, |r| {
        let (h, i): (i64, i64) = (r.get(0)?, r.get(1)?);
        let (Some(house), Some(indicator)) = (houses.get(&h), indicators.get(&i)) else {
            return Ok(());
        };
        out.push((
            (i, r.get(8)?, r.get(9)?),
            Observation {
                house: house.clone(),
                indicator: indicator.clone(),
                period: r.get(2)?,
                value: r.get(3)?,
                comment: r.get(4)?,
                batch: r.get(5)?,
                recorded_at: r.get(6)?,
                recorded_by: r.get(7)?,
            },
        ));
        Ok(())
    })?;
    out.sort_by(|(a, x), (b, y)| {
        (x.house.as_str(), a.0, a.1, b.2).cmp(&(y.house.as_str(), b.0, b.1, a.2))
    });
    Ok(out.into_iter().map(|(_, o)| o).collect())
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

/// Hands `each` every observation whose period lies inside months `[first,
/// last]`, of the houses of `cohort` (`None`: every house), as numbers: one
/// pass over the rows of the period, which the report folds every way it
/// needs (combined figures, months, completeness) as they come.
pub fn each_in_period(
    conn: &Conn,
    first: i32,
    last: i32,
    cohort: Option<&str>,
    mut each: impl FnMut(Fact),
) -> Result<()> {
    conn.query_each(
        "SELECT o.house_id, o.indicator_id, o.first_month, o.last_month, o.value FROM observation o
         WHERE o.first_month >= ?1 AND o.last_month <= ?2
           AND (?3 IS NULL OR o.house_id IN (SELECT id FROM house WHERE cohort = ?3))",
        params![first, last, cohort],
        |r| {
            each((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?));
            Ok(())
        },
    )
}

/// (house id, indicator id) → [`Combined`]: looked up for every house and
/// indicator of a report, hence the fast hasher.
pub type CombinedMap = crate::fasthash::FastMap<(i64, i64), Combined>;

/// Every (house id, indicator id) with observations inside months
/// `[first, last]`, for the houses of `cohort` (`None`: every house).
pub fn combined(conn: &Conn, first: i32, last: i32, cohort: Option<&str>) -> Result<CombinedMap> {
    let mut combiner = Combiner::default();
    each_in_period(conn, first, last, cohort, |fact| combiner.add(fact))?;
    Ok(combiner.finish())
}

/// Folds observations, as they come, into each house's [`Combined`] figures
/// of each indicator. SQLite has no aggregate for "the value of the row that
/// sorts first" that `last` needs (its bare column beside a single `max()`
/// gives it, at the cost of a second GROUP BY pass): one scan and a fold take
/// half the time of the two passes. Sums are compensated
/// (Kahan-Babuska-Neumaier) as SQLite's `sum()` and `avg()` are.
#[derive(Default)]
pub struct Combiner {
    folds: crate::fasthash::FastMap<(i64, i64), Fold>,
}

struct Fold {
    sum: Sum,
    max: f64,
    min: f64,
    count: i64,
    last: f64,
    /// Latest last month, then shortest span: what makes `last`.
    key: (i32, i32),
}

impl Combiner {
    pub fn add(&mut self, (house, indicator, fm, lm, v): Fact) {
        let key = (lm, fm - lm);
        let f = self.folds.entry((house, indicator)).or_insert(Fold {
            sum: Sum::default(),
            max: v,
            min: v,
            count: 0,
            last: v,
            key,
        });
        f.sum.add(v);
        f.max = f.max.max(v);
        f.min = f.min.min(v);
        f.count += 1;
        if key > f.key {
            f.key = key;
            f.last = v;
        }
    }

    pub fn finish(self) -> CombinedMap {
        self.folds
            .into_iter()
            .map(|(k, f)| {
                let sum = f.sum.value();
                (
                    k,
                    Combined {
                        sum,
                        mean: sum / f.count as f64,
                        max: f.max,
                        min: f.min,
                        last: f.last,
                        count: f.count,
                    },
                )
            })
            .collect()
    }
}

/// A sum compensated as SQLite's `sum()` and `avg()` compensate theirs
/// (Kahan-Babuska-Neumaier), so that folding here gives the same figures.
#[derive(Default, Clone, Copy)]
struct Sum {
    sum: f64,
    err: f64,
}

/// Adds `v` to a compensated sum kept as `sum` and its error `err`; the
/// report's flat tables fold with it too, to give the same figures.
pub(crate) fn add_compensated(sum: &mut f64, err: &mut f64, v: f64) {
    let t = *sum + v;
    *err += if sum.abs() > v.abs() {
        (*sum - t) + v
    } else {
        (v - t) + *sum
    };
    *sum = t;
}

impl Sum {
    fn add(&mut self, v: f64) {
        add_compensated(&mut self.sum, &mut self.err, v);
    }

    fn value(&self) -> f64 {
        self.sum + self.err
    }
}

/// One observation as numbers: house id, indicator id, first and last month, value.
pub type Fact = (i64, i64, i32, i32, f64);

/// The observations of some indicators whose period lies within `[from, to]`
/// (either bound open), of one house or every house, as numbers only: what
/// validation rules need, one scan and no text per row.
pub fn facts(
    conn: &Conn,
    indicator_ids: &[i64],
    from: Option<i32>,
    to: Option<i32>,
    house: Option<i64>,
) -> Result<Vec<Fact>> {
    if indicator_ids.is_empty() {
        return Ok(Vec::new());
    }
    // Ids come from the database as integers: safe to write into the SQL.
    let ids: Vec<String> = indicator_ids.iter().map(i64::to_string).collect();
    let mut stmt = conn.prepare(&format!(
        "SELECT house_id, indicator_id, first_month, last_month, value FROM observation
         WHERE indicator_id IN ({}) AND (?1 IS NULL OR first_month >= ?1) AND (?2 IS NULL OR last_month <= ?2)
           AND (?3 IS NULL OR house_id = ?3)",
        ids.join(",")
    ))?;
    let rows = stmt.query_map(params![from, to, house], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })?;
    rows.collect::<Result<_>>()
}

/// [`facts`] of the given houses only.
pub fn facts_of_houses(
    conn: &Conn,
    indicator_ids: &[i64],
    from: Option<i32>,
    to: Option<i32>,
    houses: &[i64],
) -> Result<Vec<Fact>> {
    if indicator_ids.is_empty() || houses.is_empty() {
        return Ok(Vec::new());
    }
    // Ids come from the database as integers: safe to write into the SQL.
    let list = |v: &[i64]| v.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let mut stmt = conn.prepare(&format!(
        "SELECT house_id, indicator_id, first_month, last_month, value FROM observation
         WHERE house_id IN ({}) AND indicator_id IN ({})
           AND (?1 IS NULL OR first_month >= ?1) AND (?2 IS NULL OR last_month <= ?2)",
        list(houses),
        list(indicator_ids)
    ))?;
    let rows = stmt.query_map(params![from, to], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })?;
    rows.collect::<Result<_>>()
}

/// [`facts`] of one indicator at the given houses, through the key's index,
/// in the order they were recorded (row id).
pub fn facts_by_house_in_recorded_order(
    conn: &Conn,
    indicator_id: i64,
    houses: &[i64],
) -> Result<Vec<Fact>> {
    if houses.is_empty() {
        return Ok(Vec::new());
    }
    // Ids come from the database as integers: safe to write into the SQL.
    let list = houses
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let mut stmt = conn.prepare(&format!(
        "SELECT house_id, indicator_id, first_month, last_month, value FROM observation
         WHERE house_id IN ({list}) AND indicator_id = ?1 ORDER BY id"
    ))?;
    let rows = stmt.query_map([indicator_id], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })?;
    rows.collect::<Result<_>>()
}

/// One observation as exported: keys as text, the batch that wrote it.
#[derive(Debug, Clone, PartialEq)]
pub struct Exported {
    pub house: String,
    pub indicator: String,
    pub period: String,
    pub value: f64,
    pub comment: Option<String>,
    pub batch: Option<i64>,
    pub recorded_at: String,
    pub recorded_by: String,
}

/// Hands every observation, by house, indicator and period, to `each` as the
/// database reads them (an export of millions of rows holds one at a time).
pub fn with_exported<T>(
    conn: &Conn,
    each: impl FnOnce(&mut dyn Iterator<Item = Result<Exported>>) -> T,
) -> Result<T> {
    conn.with_rows(
        "SELECT h.code, i.code, o.period, o.value, o.comment, o.batch_id, o.recorded_at, o.recorded_by
         FROM observation o JOIN house h ON h.id = o.house_id JOIN indicator i ON i.id = o.indicator_id
         ORDER BY h.code, i.id, o.first_month, o.last_month DESC",
        (),
        |r| {
        Ok(Exported {
            house: r.get(0)?,
            indicator: r.get(1)?,
            period: r.get(2)?,
            value: r.get(3)?,
            comment: r.get(4)?,
            batch: r.get(5)?,
            recorded_at: r.get(6)?,
            recorded_by: r.get(7)?,
        })
        },
        each,
    )
}

/// The last month any observation of these houses covers (a month index), if any.
pub fn latest_month(conn: &Conn, house_ids: &[i64]) -> Result<Option<i64>> {
    let mut stmt =
        conn.prepare_cached("SELECT max(last_month) FROM observation WHERE house_id = ?1")?;
    let mut latest: Option<i64> = None;
    for id in house_ids {
        let m: Option<i64> = stmt.query_row([id], |r| r.get(0))?;
        latest = latest.max(m);
    }
    Ok(latest)
}
