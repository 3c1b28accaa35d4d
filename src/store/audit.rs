//! The single write path: one transaction per command that knows who writes,
//! when, under which import batch and for what reason, and logs every change.

use anyhow::{Context, Result};
use serde_json::Value;

use super::Conn;
use crate::params;

/// The key of the advisory lock every writer takes on PostgreSQL, suivi's own.
pub const PG_WRITERS_LOCK: i64 = 6082222433527585;

/// The one write transaction of a command. Every store function that changes
/// data takes a `&Writer`, so no change can escape the audit log.
pub struct Writer<'c> {
    /// The connection, inside the transaction.
    pub tx: Tx<'c>,
    done: bool,
    /// Who writes: the caller's name on SQLite, the server's session user on
    /// PostgreSQL (where it cannot be claimed by setting a variable).
    pub author: String,
    /// UTC timestamp of the command, the same on every row it writes.
    pub at: String,
    /// The import batch this command writes, if any.
    pub batch: Option<i64>,
    /// The reason given with `--reason` (forced writes, locks, corrections).
    pub reason: Option<String>,
}

impl<'c> Writer<'c> {
    pub(crate) fn begin(conn: &'c Conn, author: &str) -> Result<Writer<'c>> {
        // IMMEDIATE takes the write lock now, so a second writer waits (busy
        // timeout) at the start instead of failing half-way through. On
        // PostgreSQL the advisory lock plays that part: writers queue at the
        // start, never half-way through a batch, and cannot deadlock.
        conn.execute_batch(conn.pick("BEGIN IMMEDIATE", "BEGIN"))
            .with_context(|| crate::messages::Msg::CannotStartWriting.to_string())?;
        // From here a failure rolls back (the writer's drop).
        let mut w = Writer {
            tx: Tx(conn),
            done: false,
            author: author.to_string(),
            at: String::new(),
            batch: None,
            reason: None,
        };
        if conn.is_postgres() {
            // A writer waits as long as SQLite's busy timeout, then is told to
            // try again (lock_not_available), instead of waiting forever.
            conn.execute_batch(&format!(
                "SET LOCAL lock_timeout = '{}s'",
                super::WRITER_WAIT.as_secs()
            ))?;
            conn.query_row(
                "SELECT pg_advisory_xact_lock(?1)::text",
                params![PG_WRITERS_LOCK],
                |r| r.get::<String>(0),
            )
            .with_context(|| crate::messages::Msg::CannotStartWriting.to_string())?;
        }
        let (at, session): (String, Option<String>) = conn.query_row(
            conn.pick(
                "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), NULL",
                "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), session_user::text",
            ),
            (),
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        w.at = at;
        if let Some(user) = session {
            w.author = user;
        }
        Ok(w)
    }

    /// Ends the transaction, keeping every change.
    pub fn commit(mut self) -> Result<()> {
        self.tx
            .execute_batch("COMMIT")
            .with_context(|| crate::messages::Msg::CannotCommit.to_string())?;
        self.done = true;
        Ok(())
    }
}

/// The connection of a writer, inside its transaction.
pub struct Tx<'c>(&'c Conn);

impl std::ops::Deref for Tx<'_> {
    type Target = Conn;

    fn deref(&self) -> &Conn {
        self.0
    }
}

impl Drop for Writer<'_> {
    /// A writer dropped without `commit` (an error, a refusal) leaves nothing.
    fn drop(&mut self) {
        if !self.done {
            let _ = self.tx.execute_batch("ROLLBACK");
        }
    }
}

impl Writer<'_> {
    /// Records one change: `before` is None for an insert, `after` None for a
    /// delete. `house` is the code of the house the change is about, if any:
    /// the entry keeps that house's region as it is now (call it while the
    /// house exists), which is what a login limited to some regions may read
    /// on PostgreSQL (`db init-roles`). A house moved to another region (its
    /// `before` names another `region_code`) keeps both, the new one first,
    /// separated by a space: the region it left reads that it left.
    pub fn log(
        &self,
        action: &str,
        entity: &str,
        key: &str,
        house: Option<&str>,
        before: Option<&Value>,
        after: Option<&Value>,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO audit (at, by, action, entity, key, before, after, reason, batch_id,
                                    region_code)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,
                         (SELECT CASE WHEN was.code IS NULL OR was.code = r.code THEN r.code
                                      ELSE r.code || ' ' || was.code END
                            FROM house h JOIN region r ON r.id = h.region_id,
                                 (SELECT CAST(?11 AS TEXT) AS code) AS was
                           WHERE h.code = ?10))",
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
                house,
                before
                    .and_then(|b| b.get("region_code"))
                    .and_then(Value::as_str),
            ])
            .with_context(|| crate::messages::Msg::CannotWriteAudit.to_string())?;
        Ok(())
    }

    /// Records one change of a record that `import undo` can put back, under
    /// its typed key (the same key undo reads), about `house` as [`Writer::log`].
    pub fn record(
        &self,
        action: &str,
        key: &Key,
        house: Option<&str>,
        before: Option<&Value>,
        after: Option<&Value>,
    ) -> Result<()> {
        self.log(
            action,
            key.entity().as_str(),
            &key.text(),
            house,
            before,
            after,
        )
    }
}

/// The entities of the log whose entries are about a house (and keep its
/// region); migration 005 lists them too.
pub const ENTITIES_ABOUT_A_HOUSE: &[&str] = &[
    "house",
    "observation",
    "target",
    "assessment",
    "plan",
    "plan_stage",
    "action",
    "event",
];

/// The records an import writes and `import undo` puts back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    House,
    Association,
    Target,
    Action,
    Assessment,
}

impl Entity {
    pub const ALL: [Entity; 5] = [
        Entity::House,
        Entity::Association,
        Entity::Target,
        Entity::Action,
        Entity::Assessment,
    ];

    /// The name in the audit log's `entity` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Entity::House => "house",
            Entity::Association => "association",
            Entity::Target => "target",
            Entity::Action => "action",
            Entity::Assessment => "assessment",
        }
    }

    pub fn parse(s: &str) -> Option<Entity> {
        Entity::ALL.into_iter().find(|e| e.as_str() == s)
    }
}

/// Which record an audit entry is about: written by the audit writer,
/// read back by undo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    House {
        code: String,
    },
    Association {
        code: String,
    },
    Target {
        house: String,
        indicator: String,
    },
    Action {
        id: i64,
    },
    Assessment {
        house: String,
        period: String,
        dimension: String,
    },
}

impl Key {
    pub fn entity(&self) -> Entity {
        match self {
            Key::House { .. } => Entity::House,
            Key::Association { .. } => Entity::Association,
            Key::Target { .. } => Entity::Target,
            Key::Action { .. } => Entity::Action,
            Key::Assessment { .. } => Entity::Assessment,
        }
    }

    /// The key as the log's `key` column holds it (`DT01`, `DT01/boarders`,
    /// `12`, `DT01/2024-2025/governance`).
    pub fn text(&self) -> String {
        match self {
            Key::House { code } | Key::Association { code } => code.clone(),
            Key::Target { house, indicator } => format!("{house}/{indicator}"),
            Key::Action { id } => id.to_string(),
            Key::Assessment {
                house,
                period,
                dimension,
            } => format!("{house}/{period}/{dimension}"),
        }
    }

    /// Reads a key back from the log's text. Indicator codes, periods and
    /// dimensions hold no `/`: a key splits from the right.
    pub fn parse(entity: Entity, text: &str) -> std::result::Result<Key, String> {
        let bad = || {
            format!(
                "the audit log holds a malformed {} key \"{text}\"",
                entity.as_str()
            )
        };
        match entity {
            Entity::House => Ok(Key::House {
                code: text.to_string(),
            }),
            Entity::Association => Ok(Key::Association {
                code: text.to_string(),
            }),
            Entity::Target => match text.rsplit_once('/') {
                Some((house, indicator)) if !house.is_empty() && !indicator.is_empty() => {
                    Ok(Key::Target {
                        house: house.to_string(),
                        indicator: indicator.to_string(),
                    })
                }
                _ => Err(bad()),
            },
            Entity::Action => text
                .parse::<i64>()
                .map(|id| Key::Action { id })
                .map_err(|_| bad()),
            Entity::Assessment => {
                let mut parts = text.rsplitn(3, '/');
                match (parts.next(), parts.next(), parts.next()) {
                    (Some(dimension), Some(period), Some(house))
                        if !house.is_empty() && !period.is_empty() && !dimension.is_empty() =>
                    {
                        Ok(Key::Assessment {
                            house: house.to_string(),
                            period: period.to_string(),
                            dimension: dimension.to_string(),
                        })
                    }
                    _ => Err(bad()),
                }
            }
        }
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
    conn: &Conn,
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
    rows.collect::<Result<_>>()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> (tempfile::TempDir, crate::store::Db) {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::store::Db::create(&dir.path().join("t.db")).unwrap();
        (dir, db)
    }

    #[test]
    fn keys_read_back_as_they_were_written() {
        let keys = [
            Key::House {
                code: "DT01".into(),
            },
            Key::Association {
                code: "AS01".into(),
            },
            Key::Target {
                house: "DT01".into(),
                indicator: "boarders".into(),
            },
            Key::Action { id: 12 },
            Key::Assessment {
                house: "DT01".into(),
                period: "2024-2025".into(),
                dimension: "governance".into(),
            },
        ];
        for k in keys {
            let entity = Entity::parse(k.entity().as_str()).unwrap();
            assert_eq!(Key::parse(entity, &k.text()), Ok(k));
        }
        assert!(Key::parse(Entity::Action, "h/i").is_err());
        assert!(Key::parse(Entity::Target, "DT01").is_err());
        assert!(Key::parse(Entity::Assessment, "DT01/governance").is_err());
        assert_eq!(Entity::parse("batch"), None);
    }

    #[test]
    fn the_writer_logs_who_when_why_and_the_batch() {
        let (_dir, mut db) = db();
        let mut w = db.writer("tester").unwrap();
        w.reason = Some("correction".into());
        w.batch = None;
        let key = Key::Target {
            house: "DT01".into(),
            indicator: "boarders".into(),
        };
        w.record(
            "update",
            &key,
            None,
            Some(&serde_json::json!({"target": 1})),
            Some(&serde_json::json!({"target": 2})),
        )
        .unwrap();
        w.commit().unwrap();
        let e = entries(&db.conn, 10, Some("target"), None).unwrap();
        assert_eq!(e.len(), 1);
        assert_eq!(
            (e[0].by.as_str(), e[0].action.as_str(), e[0].key.as_str()),
            ("tester", "update", "DT01/boarders")
        );
        assert_eq!(e[0].reason.as_deref(), Some("correction"));
        assert_eq!(e[0].after.as_ref().unwrap()["target"], 2);
        assert!(e[0].at.ends_with('Z'));
    }
}
