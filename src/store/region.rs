//! Morocco's 12 regions (reference data, decree 2-15-40 of 2015), matched by
//! code, ISO code or name, accents optional.

use anyhow::Result;
use rusqlite::Connection;

use crate::text::normalize;

#[derive(Debug, Clone, serde::Serialize)]
pub struct Region {
    pub code: String,
    pub iso: String,
    pub name_fr: String,
    pub name_ar: String,
    pub seat: String,
}

pub fn all(conn: &Connection) -> Result<Vec<Region>> {
    let mut stmt =
        conn.prepare_cached("SELECT code, iso, name_fr, name_ar, seat FROM region ORDER BY code")?;
    let rows = stmt.query_map([], |r| {
        Ok(Region {
            code: r.get(0)?,
            iso: r.get(1)?,
            name_fr: r.get(2)?,
            name_ar: r.get(3)?,
            seat: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Finds a region by `05`, `5`, `MA-05`, `Béni Mellal-Khénifra` or `beni mellal khenifra`.
pub fn find(regions: &[Region], input: &str) -> Option<Region> {
    let n = normalize(input);
    if n.is_empty() {
        return None;
    }
    let as_number = input.trim().parse::<u32>().ok().map(|v| format!("{v:02}"));
    regions
        .iter()
        .find(|r| {
            Some(&r.code) == as_number.as_ref()
                || normalize(&r.code) == n
                || normalize(&r.iso) == n
                || normalize(&r.name_fr) == n
                || normalize(&r.name_ar) == n
        })
        .cloned()
}

/// Like `find`, but a miss is rejected input naming the value and the choices.
pub fn resolve(regions: &[Region], input: &str) -> Result<Region> {
    find(regions, input).ok_or_else(|| {
        crate::error::rejected_with(
            format!("unknown region \"{input}\""),
            vec![format!(
                "use a code (01-12) or a name: {}",
                regions
                    .iter()
                    .map(|r| format!("{} {}", r.code, r.name_fr))
                    .collect::<Vec<_>>()
                    .join(", ")
            )],
        )
    })
}
