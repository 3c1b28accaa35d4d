//! The single write path: one transaction per command that knows who writes,
//! when, under which import batch and for what reason, and logs every change.

use anyhow::{Context, Result};
use rusqlite::{Connection, Transaction, TransactionBehavior, params};
use serde_json::Value;

/// The one write transaction of a command. Every store function that changes
/// data takes a `&Writer`, so no change can escape the audit log.
pub struct Writer<'c> {
    pub tx: Transaction<'c>,
    pub author: String,
    /// UTC timestamp of the command, the same on every row it writes.
    pub at: String,
    /// The import batch this command writes, if any.
    pub batch: Option<i64>,
    /// The reason given with `--reason` (forced writes, locks, corrections).
    pub reason: Option<String>,
}

impl<'c> Writer<'c> {
    pub(crate) fn begin(conn: &'c mut Connection, author: &str) -> Result<Writer<'c>> {
        // IMMEDIATE takes the write lock now, so a second writer waits (busy
        // timeout) at the start instead of failing half-way through.
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .context("cannot start writing to the database")?;
        let at: String = tx.query_row("SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now')", [], |r| {
            r.get(0)
        })?;
        Ok(Writer {
            tx,
            author: author.to_string(),
            at,
            batch: None,
            reason: None,
        })
    }

    /// Records one change: `before` is None for an insert, `after` None for a delete.
    pub fn log(
        &self,
        action: &str,
        entity: &str,
        key: &str,
        before: Option<&Value>,
        after: Option<&Value>,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO audit (at, by, action, entity, key, before, after, reason, batch_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                self.at,
                self.author,
                action,
                entity,
                key,
                before.map(|v| v.to_string()),
                after.map(|v| v.to_string()),
                self.reason,
                self.batch,
            ])
            .context("cannot write the audit log")?;
        Ok(())
    }

    pub fn commit(self) -> Result<()> {
        self.tx.commit().context("cannot commit the changes")
    }
}

/// One entry of the audit log, as `suivi log` shows it.
#[derive(Debug, serde::Serialize)]
pub struct LogEntry {
    pub at: String,
    pub by: String,
    pub action: String,
    pub entity: String,
    pub key: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub reason: Option<String>,
    pub batch: Option<i64>,
}

pub fn entries(
    conn: &Connection,
    limit: usize,
    entity: Option<&str>,
    since: Option<&str>,
) -> Result<Vec<LogEntry>> {
    let mut stmt = conn.prepare(
        "SELECT at, by, action, entity, key, before, after, reason, batch_id FROM audit
         WHERE (?1 IS NULL OR entity = ?1) AND (?2 IS NULL OR at >= ?2)
         ORDER BY id DESC LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![entity, since, limit as i64], |r| {
        let before: Option<String> = r.get(5)?;
        let after: Option<String> = r.get(6)?;
        Ok(LogEntry {
            at: r.get(0)?,
            by: r.get(1)?,
            action: r.get(2)?,
            entity: r.get(3)?,
            key: r.get(4)?,
            before: before.and_then(|s| serde_json::from_str(&s).ok()),
            after: after.and_then(|s| serde_json::from_str(&s).ok()),
            reason: r.get(7)?,
            batch: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
