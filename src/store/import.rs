//! Import batches: provenance of every imported value, the fast path that
//! writes observations, and what `import undo` needs to put things back.

use std::collections::HashSet;

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde_json::json;

use super::Writer;
use crate::domain::period::Period;

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Counts {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: usize,
}

/// Opens a batch and makes it the writer's: every row written after this
/// knows the batch it came from.
pub fn begin(w: &mut Writer, kind: &str, file: &str, sha256: &str) -> Result<i64> {
    w.tx.execute(
        "INSERT INTO batch (kind, file, sha256, at, by) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![kind, file, sha256, w.at, w.author],
    )?;
    let id = w.tx.last_insert_rowid();
    w.batch = Some(id);
    Ok(id)
}

/// Records the batch's counts, with one audit entry for the whole batch.
pub fn finish(w: &Writer, id: i64, kind: &str, file: &str, c: &Counts) -> Result<()> {
    w.tx.execute(
        "UPDATE batch SET inserted = ?2, updated = ?3, unchanged = ?4, rejected = ?5 WHERE id = ?1",
        params![
            id,
            c.inserted as i64,
            c.updated as i64,
            c.unchanged as i64,
            c.rejected as i64
        ],
    )?;
    w.log(
        "import",
        "batch",
        &id.to_string(),
        None,
        Some(&json!({"kind": kind, "file": file, "counts": c})),
    )
}

/// What happened to one imported observation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Upsert {
    Inserted,
    Updated {
        old: f64,
    },
    Unchanged,
    /// The same house, indicator and period came earlier in this file with another value.
    Duplicate {
        earlier: f64,
    },
}

/// Writes imported observations with prepared statements, in the writer's
/// transaction. Keys left unchanged are remembered (8 bytes each) so that a
/// later row of the same file with another value is caught as a duplicate.
pub struct ObservationSink {
    batch: i64,
    unchanged: HashSet<u64>,
}

impl ObservationSink {
    pub fn new(batch: i64) -> ObservationSink {
        ObservationSink {
            batch,
            unchanged: HashSet::new(),
        }
    }

    fn key(house_id: i64, indicator_id: i64, p: &Period) -> u64 {
        // 24 + 16 + 16 + 8 bits: exact for any realistic register.
        ((house_id as u64 & 0xFF_FFFF) << 40)
            | ((indicator_id as u64 & 0xFFFF) << 24)
            | ((p.first_month() as u64 & 0xFFFF) << 8)
            | (p.span() as u64 & 0xFF)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn upsert(
        &mut self,
        w: &Writer,
        house_id: i64,
        indicator_id: i64,
        period: &Period,
        canonical: &str,
        value: f64,
        comment: Option<&str>,
    ) -> Result<Upsert> {
        let inserted = w
            .tx
            .prepare_cached(
                "INSERT OR IGNORE INTO observation (house_id, indicator_id, period, first_month, last_month,
                    value, comment, batch_id, recorded_at, recorded_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                house_id,
                indicator_id,
                canonical,
                period.first_month(),
                period.last_month(),
                value,
                comment,
                self.batch,
                w.at,
                w.author
            ])?;
        if inserted == 1 {
            return Ok(Upsert::Inserted);
        }
        let (id, old, old_comment, old_batch, old_at, old_by): (
            i64,
            f64,
            Option<String>,
            Option<i64>,
            String,
            String,
        ) =
            w.tx.prepare_cached(
                "SELECT id, value, comment, batch_id, recorded_at, recorded_by FROM observation
                 WHERE house_id = ?1 AND indicator_id = ?2 AND period = ?3",
            )?
            .query_row(params![house_id, indicator_id, canonical], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })?;
        let key = Self::key(house_id, indicator_id, period);
        let same = old == value && (comment.is_none() || comment == old_comment.as_deref());
        if old_batch == Some(self.batch) || self.unchanged.contains(&key) {
            return Ok(if same {
                Upsert::Unchanged
            } else {
                Upsert::Duplicate { earlier: old }
            });
        }
        if same {
            self.unchanged.insert(key);
            return Ok(Upsert::Unchanged);
        }
        w.tx.prepare_cached(
            "INSERT INTO observation_previous (batch_id, observation_id, value, comment, prev_batch_id,
                recorded_at, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![self.batch, id, old, old_comment, old_batch, old_at, old_by])?;
        w.tx.prepare_cached(
            "UPDATE observation SET value = ?2, comment = coalesce(?3, comment), batch_id = ?4,
                recorded_at = ?5, recorded_by = ?6 WHERE id = ?1",
        )?
        .execute(params![id, value, comment, self.batch, w.at, w.author])?;
        Ok(Upsert::Updated { old })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Batch {
    pub id: i64,
    pub kind: String,
    pub file: String,
    pub sha256: String,
    pub at: String,
    pub by: String,
    pub inserted: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub rejected: i64,
    pub undone: Option<String>,
}

pub fn batches(conn: &Connection) -> Result<Vec<Batch>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, file, sha256, at, by, inserted, updated, unchanged, rejected, undone_at
         FROM batch ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Batch {
            id: r.get(0)?,
            kind: r.get(1)?,
            file: r.get(2)?,
            sha256: r.get(3)?,
            at: r.get(4)?,
            by: r.get(5)?,
            inserted: r.get(6)?,
            updated: r.get(7)?,
            unchanged: r.get(8)?,
            rejected: r.get(9)?,
            undone: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn batch(conn: &Connection, id: i64) -> Result<Option<Batch>> {
    Ok(batches(conn)?.into_iter().find(|b| b.id == id))
}

/// The latest batch that imported a file with this content, if any.
pub fn same_content(conn: &Connection, kind: &str, sha256: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT max(id) FROM batch WHERE kind = ?1 AND sha256 = ?2 AND undone_at IS NULL",
        )?
        .query_row(params![kind, sha256], |r| r.get(0))
        .optional()?
        .flatten())
}

/// Observations a batch touched that something else changed since, as
/// (house, indicator, period) keys.
pub fn observation_conflicts(conn: &Connection, batch: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT h.code || ' ' || i.code || ' ' || o.period FROM observation o
           JOIN house h ON h.id = o.house_id JOIN indicator i ON i.id = o.indicator_id
         WHERE (o.id IN (SELECT observation_id FROM observation_previous WHERE batch_id = ?1)
                AND (o.batch_id IS NOT ?1))
            OR o.id IN (SELECT observation_id FROM observation_previous WHERE prev_batch_id = ?1 AND batch_id > ?1)
         ORDER BY 1",
    )?;
    let rows = stmt.query_map([batch], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The periods (month spans) of the observations a batch touched.
pub fn observation_periods(conn: &Connection, batch: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT o.period FROM observation o WHERE o.batch_id = ?1
            OR o.id IN (SELECT observation_id FROM observation_previous WHERE batch_id = ?1)",
    )?;
    let rows = stmt.query_map([batch], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Puts back the observations a batch changed: previous values of what it
/// updated, removal of what it inserted. Returns (restored, removed).
pub fn undo_observations(w: &Writer, batch: i64) -> Result<(usize, usize)> {
    let restored = w.tx.execute(
        "UPDATE observation SET (value, comment, batch_id, recorded_at, recorded_by) =
            (SELECT p.value, p.comment, p.prev_batch_id, p.recorded_at, p.recorded_by
             FROM observation_previous p WHERE p.batch_id = ?1 AND p.observation_id = observation.id)
         WHERE id IN (SELECT observation_id FROM observation_previous WHERE batch_id = ?1)",
        [batch],
    )?;
    let removed =
        w.tx.execute("DELETE FROM observation WHERE batch_id = ?1", [batch])?;
    w.tx.execute(
        "DELETE FROM observation_previous WHERE batch_id = ?1",
        [batch],
    )?;
    Ok((restored, removed))
}

/// One audited change: entity, key, before and after (JSON text).
pub type AuditedChange = (String, String, Option<String>, Option<String>);

/// Audit entries written under a batch, newest first.
pub fn audited_changes(conn: &Connection, batch: i64) -> Result<Vec<AuditedChange>> {
    let mut stmt = conn.prepare_cached(
        "SELECT entity, key, before, after FROM audit WHERE batch_id = ?1 AND entity != 'batch' ORDER BY id DESC",
    )?;
    let rows = stmt.query_map([batch], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn mark_undone(w: &Writer, batch: i64, detail: serde_json::Value) -> Result<()> {
    w.tx.execute(
        "UPDATE batch SET undone_at = ?2 WHERE id = ?1",
        params![batch, w.at],
    )?;
    w.log("undo", "batch", &batch.to_string(), None, Some(&detail))
}
