//! Morocco's 12 regions (reference data, decree 2-15-40 of 2015), matched by
//! code, ISO code or name, accents optional.

use crate::store::Conn;
use anyhow::Result;

use crate::text::normalize;

#[derive(Debug, Clone, serde::Serialize)]
pub struct Region {
    pub code: String,
    pub iso: String,
    pub name_fr: String,
    pub name_ar: String,
    pub seat: String,
}

pub fn all(conn: &Conn) -> Result<Vec<Region>> {
    let mut stmt =
        conn.prepare_cached("SELECT code, iso, name_fr, name_ar, seat FROM region ORDER BY code")?;
    let rows = stmt.query_map((), |r| {
        Ok(Region {
            code: r.get(0)?,
            iso: r.get(1)?,
            name_fr: r.get(2)?,
            name_ar: r.get(3)?,
            seat: r.get(4)?,
        })
    })?;
    rows.collect::<Result<_>>()
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
                // `جهة الشرق`: "region of …" before the Arabic name.
                || n.strip_prefix("جهه").is_some_and(|rest| normalize(&r.name_ar) == rest)
        })
        .cloned()
}

/// Like `find`, but a miss is rejected input naming the value and the choices.
pub fn resolve(regions: &[Region], input: &str) -> Result<Region> {
    find(regions, input).ok_or_else(|| {
        crate::error::rejected_with(
            crate::messages::Msg::UnknownRegionPlain {
                input: input.to_string(),
                closest: crate::messages::near(regions.iter().map(|r| r.name_fr.as_str()), input),
            }
            .to_string(),
            vec![
                crate::messages::Msg::RegionChoices {
                    choices: regions
                        .iter()
                        .map(|r| format!("{} {}", r.code, r.name_fr))
                        .collect::<Vec<_>>()
                        .join(", "),
                }
                .to_string(),
            ],
        )
    })
}

/// A province or prefecture (2015 division), under its region.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Province {
    /// Three letters, e.g. `TNG` (ISO 3166-2 without the country).
    pub code: String,
    /// `MA-TNG`.
    pub iso: String,
    /// `province` or `prefecture`.
    pub kind: String,
    pub name_fr: String,
    pub name_ar: String,
    /// Code of the region (01-12).
    pub region: String,
    /// The region's French name.
    pub region_name: String,
}

/// Every province and prefecture, by region then code; only those of
/// `region_code` when given.
pub fn provinces(conn: &Conn, region_code: Option<&str>) -> Result<Vec<Province>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.code, p.iso, p.kind, p.name_fr, p.name_ar, r.code, r.name_fr
         FROM province p JOIN region r ON r.id = p.region_id
         WHERE r.code = ?1 OR ?1 IS NULL
         ORDER BY r.code, p.id",
    )?;
    let rows = stmt.query_map([region_code], |r| {
        Ok(Province {
            code: r.get(0)?,
            iso: r.get(1)?,
            kind: r.get(2)?,
            name_fr: r.get(3)?,
            name_ar: r.get(4)?,
            region: r.get(5)?,
            region_name: r.get(6)?,
        })
    })?;
    rows.collect::<Result<_>>()
}

/// Finds a province or prefecture by code (`TNG`, `MA-TNG`) or by French or
/// Arabic name, ignoring case, accents, spacing and punctuation, with or
/// without "Province de", "Préfecture de", "إقليم" or "عمالة" before it.
pub fn find_province(conn: &Conn, input: &str) -> Result<Option<Province>> {
    Ok(match_province(&provinces(conn, None)?, input))
}

/// `find_province` over provinces already read (an import matches many rows).
pub fn match_province(provinces: &[Province], input: &str) -> Option<Province> {
    let mut n = normalize(input);
    for prefix in [
        "provinced",
        "prefectured",
        "provincede",
        "prefecturede",
        "province",
        "prefecture",
        "اقليم", // إقليم, as `normalize` folds it
        "عماله", // عمالة
    ] {
        if let Some(rest) = n.strip_prefix(prefix)
            && !rest.is_empty()
            && provinces.iter().any(|p| {
                normalize(&p.name_fr) == rest
                    || normalize(&p.name_ar) == rest
                    || normalize(&p.code) == rest
            })
        {
            n = rest.to_string();
            break;
        }
    }
    if n.is_empty() {
        return None;
    }
    provinces
        .iter()
        .find(|p| {
            normalize(&p.code) == n
                || normalize(&p.iso) == n
                || normalize(&p.name_fr) == n
                || normalize(&p.name_ar) == n
        })
        .cloned()
}
