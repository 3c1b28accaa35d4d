//! Validation rules as stored: name, left side, operator, right side, severity.

use crate::params;
use crate::store::Conn;
use anyhow::Result;
use serde::Serialize;
use serde_json::json;

use super::Writer;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredRule {
    pub name: String,
    pub left: String,
    pub op: String,
    pub right: String,
    pub severity: String,
}

pub fn list(conn: &Conn) -> Result<Vec<StoredRule>> {
    let mut stmt = conn
        .prepare_cached(r#"SELECT name, "left", op, "right", severity FROM rule ORDER BY name"#)?;
    let rows = stmt.query_map((), |r| {
        Ok(StoredRule {
            name: r.get(0)?,
            left: r.get(1)?,
            op: r.get(2)?,
            right: r.get(3)?,
            severity: r.get(4)?,
        })
    })?;
    rows.collect::<Result<_>>()
}

pub fn get(conn: &Conn, name: &str) -> Result<Option<StoredRule>> {
    Ok(list(conn)?.into_iter().find(|r| r.name == name))
}

pub fn insert(w: &Writer, r: &StoredRule) -> Result<()> {
    w.tx.execute(
        r#"INSERT INTO rule (name, "left", op, "right", severity) VALUES (?1, ?2, ?3, ?4, ?5)"#,
        params![r.name, r.left, r.op, r.right, r.severity],
    )?;
    w.log("insert", "rule", &r.name, None, None, Some(&json!(r)))
}

pub fn delete(w: &Writer, r: &StoredRule) -> Result<()> {
    w.tx.execute("DELETE FROM rule WHERE name = ?1", [&r.name])?;
    w.log("delete", "rule", &r.name, None, Some(&json!(r)), None)
}
