//! Managing associations (associations gestionnaires, dahir of 1958).

use crate::params;
use crate::store::{Conn, OptionalExtension, Row};
use anyhow::Result;

use super::Writer;
use super::audit::Key;

pub use crate::domain::association::Association;

const COLUMNS: &str = "code, name, registration_no, president, phone, email";

fn from_row(r: &Row) -> Result<Association> {
    Ok(Association {
        code: r.get(0)?,
        name: r.get(1)?,
        registration_no: r.get(2)?,
        president: r.get(3)?,
        phone: r.get(4)?,
        email: r.get(5)?,
    })
}

pub fn get(conn: &Conn, code: &str) -> Result<Option<Association>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM association WHERE code = ?1"
    ))?
    .query_row([code], from_row)
    .optional()
}

pub fn list(conn: &Conn) -> Result<Vec<Association>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM association ORDER BY code"))?;
    let rows = stmt.query_map((), from_row)?;
    rows.collect::<Result<_>>()
}

pub fn insert(w: &Writer, a: &Association) -> Result<()> {
    w.tx.prepare_cached(
        "INSERT INTO association (code, name, registration_no, president, phone, email)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        a.code,
        a.name,
        a.registration_no,
        a.president,
        a.phone,
        a.email
    ])?;
    w.record(
        "insert",
        &Key::Association {
            code: a.code.clone(),
        },
        None,
        None,
        Some(&serde_json::to_value(a)?),
    )
}

pub fn update(w: &Writer, before: &Association, after: &Association) -> Result<()> {
    w.tx.prepare_cached(
        "UPDATE association SET name = ?2, registration_no = ?3, president = ?4, phone = ?5, email = ?6
         WHERE code = ?1",
    )?
    .execute(params![
        after.code,
        after.name,
        after.registration_no,
        after.president,
        after.phone,
        after.email
    ])?;
    w.record(
        "update",
        &Key::Association {
            code: after.code.clone(),
        },
        None,
        Some(&serde_json::to_value(before)?),
        Some(&serde_json::to_value(after)?),
    )
}

pub fn delete(w: &Writer, a: &Association) -> Result<()> {
    w.tx.execute("DELETE FROM association WHERE code = ?1", [&a.code])?;
    w.record(
        "delete",
        &Key::Association {
            code: a.code.clone(),
        },
        None,
        Some(&serde_json::to_value(a)?),
        None,
    )
}

/// Codes of the houses an association runs.
pub fn houses_of(conn: &Conn, code: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT h.code FROM house h JOIN association a ON a.id = h.association_id
         WHERE a.code = ?1 ORDER BY h.code",
    )?;
    let rows = stmt.query_map([code], |r| r.get(0))?;
    rows.collect::<Result<_>>()
}

/// Every association code.
pub fn codes(conn: &Conn) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT code FROM association ORDER BY code")?;
    let rows = stmt.query_map((), |r| r.get(0))?;
    rows.collect::<Result<_>>()
}
