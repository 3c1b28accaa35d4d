//! Period locks: validated periods frozen against writes, unless forced with a reason.

use crate::params;
use crate::store::Conn;
use anyhow::Result;
use serde_json::json;

use super::Writer;
use crate::domain::period::Period;

pub use crate::domain::lock::{Lock, covering};

pub fn list(conn: &Conn) -> Result<Vec<Lock>> {
    let mut stmt = conn.prepare_cached(
        "SELECT period, reason, at, by, first_month, last_month FROM period_lock ORDER BY first_month, last_month",
    )?;
    let rows = stmt.query_map((), |r| {
        Ok(Lock {
            period: r.get(0)?,
            reason: r.get(1)?,
            at: r.get(2)?,
            by: r.get(3)?,
            first_month: r.get(4)?,
            last_month: r.get(5)?,
        })
    })?;
    rows.collect::<Result<_>>()
}

pub fn lock(w: &Writer, p: &Period, reason: &str) -> Result<()> {
    w.tx.execute(
        "INSERT INTO period_lock (period, first_month, last_month, reason, at, by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![p.canonical(), p.first_month(), p.last_month(), reason, w.at, w.author],
    )?;
    w.log(
        "lock",
        "period",
        &p.canonical(),
        None,
        None,
        Some(&json!({"reason": reason})),
    )
}

pub fn unlock(w: &Writer, l: &Lock, reason: &str) -> Result<()> {
    w.tx.execute("DELETE FROM period_lock WHERE period = ?1", [&l.period])?;
    w.log(
        "unlock",
        "period",
        &l.period,
        None,
        Some(&json!({"reason": l.reason, "at": l.at, "by": l.by})),
        Some(&json!({"reason": reason})),
    )
}
