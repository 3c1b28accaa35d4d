//! Houses: maisons des étudiants (Dar Talib / Dar Taliba) and, for the
//! generalisation, every other kind of social-protection establishment.

use crate::params;
use crate::store::{Conn, OptionalExtension, Row};
use anyhow::Result;

use super::Writer;
use super::audit::Key;

pub use crate::domain::house::House;

const SELECT: &str = "SELECT h.code, h.name, h.name_ar, h.kind, r.name_fr, r.code, h.province, h.commune,
        h.milieu, h.capacity, a.code, h.cohort, h.opened, h.status, h.legal_basis,
        h.authorisation_no, h.authorisation_date
    FROM house h JOIN region r ON r.id = h.region_id LEFT JOIN association a ON a.id = h.association_id";

fn from_row(r: &Row) -> Result<House> {
    Ok(House {
        code: r.get(0)?,
        name: r.get(1)?,
        name_ar: r.get(2)?,
        kind: r.get(3)?,
        region: r.get(4)?,
        region_code: r.get(5)?,
        province: r.get(6)?,
        commune: r.get(7)?,
        milieu: r.get(8)?,
        capacity: r.get(9)?,
        association: r.get(10)?,
        cohort: r.get(11)?,
        opened: r.get(12)?,
        status: r.get(13)?,
        legal_basis: r.get(14)?,
        authorisation_no: r.get(15)?,
        authorisation_date: r.get(16)?,
    })
}

pub fn get(conn: &Conn, code: &str) -> Result<Option<House>> {
    conn.prepare_cached(&format!("{SELECT} WHERE h.code = ?1"))?
        .query_row([code], from_row)
        .optional()
}

/// Filters of `house list`; `None` means any. Region is a region code.
#[derive(Debug, Default)]
pub struct Filter {
    pub region_code: Option<String>,
    pub cohort: Option<String>,
    pub kind: Option<String>,
}

pub fn list(conn: &Conn, f: &Filter) -> Result<Vec<House>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE (?1 IS NULL OR r.code = ?1) AND (?2 IS NULL OR h.cohort = ?2)
           AND (?3 IS NULL OR h.kind = ?3) ORDER BY h.code"
    ))?;
    let rows = stmt.query_map(params![f.region_code, f.cohort, f.kind], from_row)?;
    rows.collect::<Result<_>>()
}

pub fn insert(w: &Writer, h: &House) -> Result<()> {
    w.tx.prepare_cached(
        "INSERT INTO house (code, name, name_ar, kind, region_id, province, commune, milieu, capacity,
            association_id, cohort, opened, status, legal_basis, authorisation_no, authorisation_date)
         VALUES (?1, ?2, ?3, ?4, (SELECT id FROM region WHERE code = ?5), ?6, ?7, ?8, ?9,
            (SELECT id FROM association WHERE code = ?10), ?11, ?12, ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        h.code,
        h.name,
        h.name_ar,
        h.kind,
        h.region_code,
        h.province,
        h.commune,
        h.milieu,
        h.capacity,
        h.association,
        h.cohort,
        h.opened,
        h.status,
        h.legal_basis,
        h.authorisation_no,
        h.authorisation_date
    ])?;
    w.record(
        "insert",
        &Key::House {
            code: h.code.clone(),
        },
        Some(&h.code),
        None,
        Some(&serde_json::to_value(h)?),
    )
}

pub fn update(w: &Writer, before: &House, after: &House) -> Result<()> {
    w.tx.prepare_cached(
        "UPDATE house SET name = ?2, name_ar = ?3, kind = ?4,
            region_id = (SELECT id FROM region WHERE code = ?5), province = ?6, commune = ?7,
            milieu = ?8, capacity = ?9, association_id = (SELECT id FROM association WHERE code = ?10),
            cohort = ?11, opened = ?12, status = ?13, legal_basis = ?14, authorisation_no = ?15,
            authorisation_date = ?16
         WHERE code = ?1",
    )?
    .execute(params![
        after.code,
        after.name,
        after.name_ar,
        after.kind,
        after.region_code,
        after.province,
        after.commune,
        after.milieu,
        after.capacity,
        after.association,
        after.cohort,
        after.opened,
        after.status,
        after.legal_basis,
        after.authorisation_no,
        after.authorisation_date
    ])?;
    w.record(
        "update",
        &Key::House {
            code: after.code.clone(),
        },
        Some(&after.code),
        Some(&serde_json::to_value(before)?),
        Some(&serde_json::to_value(after)?),
    )
}

pub fn delete(w: &Writer, h: &House) -> Result<()> {
    // Logged first, while the house names its region.
    w.record(
        "delete",
        &Key::House {
            code: h.code.clone(),
        },
        Some(&h.code),
        Some(&serde_json::to_value(h)?),
        None,
    )?;
    w.tx.execute("DELETE FROM house WHERE code = ?1", [&h.code])?;
    Ok(())
}

/// What refers to a house, as (what, how many), for refusing its removal.
pub fn references(conn: &Conn, code: &str) -> Result<Vec<(&'static str, i64)>> {
    let tables = ["observation", "target", "plan", "assessment", "event"];
    let mut out = Vec::new();
    for table in tables {
        let n: i64 = conn.query_row(
            &format!(
                "SELECT count(*) FROM {table} WHERE house_id = (SELECT id FROM house WHERE code = ?1)"
            ),
            [code],
            |r| r.get(0),
        )?;
        if n > 0 {
            out.push((table, n));
        }
    }
    Ok(out)
}

/// The row id of a house, by code.
pub fn id(conn: &Conn, code: &str) -> Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM house WHERE code = ?1")?
        .query_row([code], |r| r.get(0))
        .optional()
}

/// Every house's code and row id.
pub fn ids(conn: &Conn) -> Result<std::collections::HashMap<String, i64>> {
    let mut stmt = conn.prepare_cached("SELECT code, id FROM house")?;
    let rows = stmt.query_map((), |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect::<Result<_>>()
}

/// Every house code.
pub fn codes(conn: &Conn) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT code FROM house ORDER BY code")?;
    let rows = stmt.query_map((), |r| r.get(0))?;
    rows.collect::<Result<_>>()
}

/// What the house rules need to know of the register (regions, association
/// and house codes), read once.
pub struct Registry {
    pub regions: Vec<super::region::Region>,
    pub associations: std::collections::HashSet<String>,
    pub houses: Vec<String>,
}

impl Registry {
    pub fn load(conn: &Conn) -> Result<Registry> {
        Ok(Registry {
            regions: super::region::all(conn)?,
            associations: super::association::codes(conn)?.into_iter().collect(),
            houses: codes(conn)?,
        })
    }
}

impl crate::domain::house::Lookups for Registry {
    fn region(
        &self,
        input: &str,
    ) -> std::result::Result<(String, String), Box<crate::messages::Msg>> {
        match super::region::find(&self.regions, input) {
            Some(r) => Ok((r.code, r.name_fr)),
            None => Err(Box::new(crate::messages::Msg::UnknownRegion {
                input: input.to_string(),
                closest: crate::text::closest(
                    self.regions.iter().map(|r| r.name_fr.as_str()),
                    input,
                )
                .into_iter()
                .map(str::to_string)
                .collect(),
                choices: self
                    .regions
                    .iter()
                    .map(|r| format!("{} {}", r.code, r.name_fr))
                    .collect::<Vec<_>>()
                    .join(", "),
            })),
        }
    }

    fn association_exists(&self, code: &str) -> bool {
        self.associations.contains(code)
    }

    fn house_case_twin(&self, code: &str) -> Option<String> {
        crate::domain::house::twin_among(code, self.houses.iter().map(String::as_str))
    }
}

/// The register's capacity of every house that has one (house id → places).
pub fn register_capacities(conn: &Conn) -> Result<std::collections::HashMap<i64, f64>> {
    let mut stmt = conn.prepare_cached("SELECT id, capacity FROM house WHERE capacity > 0")?;
    let rows = stmt.query_map((), |r| Ok((r.get::<i64>(0)?, r.get::<i64>(1)? as f64)))?;
    rows.collect::<Result<_>>()
}

/// The cohorts houses belong to, lower-cased, sorted, each once.
pub fn cohorts(conn: &Conn) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT lower(cohort) FROM house WHERE cohort IS NOT NULL ORDER BY 1",
    )?;
    let rows = stmt.query_map((), |r| r.get(0))?;
    rows.collect::<Result<_>>()
}
