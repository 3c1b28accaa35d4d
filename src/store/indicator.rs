//! The indicator catalogue as stored.

use crate::params;
use crate::store::Conn;
use anyhow::{Context, Result};
use serde_json::json;

use super::Writer;
use crate::domain::aggregate::{Across, Direction, OverTime};
use crate::domain::formula::Formula;
use crate::domain::indicator::{Catalogue, Indicator, Kind, Unit};

pub fn catalogue(conn: &Conn) -> Result<Catalogue> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, code, name_fr, name_en, unit, direction, over_time, across, formula, pupils,
                name_ar, kinds
         FROM indicator ORDER BY id",
    )?;
    let rows = stmt.query_map((), |r| {
        Ok((
            r.get::<i64>(0)?,
            r.get::<String>(1)?,
            r.get::<String>(2)?,
            r.get::<Option<String>>(3)?,
            r.get::<String>(4)?,
            r.get::<String>(5)?,
            r.get::<Option<String>>(6)?,
            r.get::<Option<String>>(7)?,
            r.get::<Option<String>>(8)?,
            r.get::<i64>(9)?,
            r.get::<Option<String>>(10)?,
            r.get::<Option<String>>(11)?,
        ))
    })?;
    let mut items = Vec::new();
    for row in rows {
        let (
            id,
            code,
            name_fr,
            name_en,
            unit,
            direction,
            over_time,
            across,
            formula,
            pupils,
            name_ar,
            kinds,
        ) = row?;
        let bad = |what: &str| format!("indicator {code} in the database has a bad {what}");
        let kind = match formula {
            Some(f) => Kind::Formula(
                Formula::parse(&f).map_err(|e| anyhow::anyhow!("{}: {e}", bad("formula")))?,
            ),
            None => Kind::Recorded {
                over_time: over_time
                    .as_deref()
                    .unwrap_or("last")
                    .parse::<OverTime>()
                    .with_context(|| bad("over-time rule"))?,
                across: across
                    .as_deref()
                    .unwrap_or("sum")
                    .parse::<Across>()
                    .with_context(|| bad("across rule"))?,
            },
        };
        items.push(Indicator {
            id,
            unit: Unit::parse(&unit).map_err(|e| anyhow::anyhow!("{}: {e}", bad("unit")))?,
            direction: direction
                .parse::<Direction>()
                .with_context(|| bad("direction"))?,
            code,
            name_fr,
            name_en,
            name_ar,
            kind,
            pupils: pupils != 0,
            kinds: split_kinds(kinds.as_deref()),
        });
    }
    Ok(Catalogue::new(items))
}

pub fn to_json(i: &Indicator) -> serde_json::Value {
    let (over_time, across, formula) = match &i.kind {
        Kind::Recorded { over_time, across } => {
            (Some(over_time.as_str()), Some(across.as_str()), None)
        }
        Kind::Formula(f) => (None, None, Some(f.to_string())),
    };
    json!({
        "code": i.code,
        "name_fr": i.name_fr,
        "name_en": i.name_en,
        "name_ar": i.name_ar,
        "unit": i.unit.as_str(),
        "direction": i.direction.as_str(),
        "over_time": over_time,
        "across": across,
        "formula": formula,
        "pupils": i.pupils,
        "kinds": i.kinds,
    })
}

pub fn insert(w: &Writer, i: &Indicator) -> Result<()> {
    let v = to_json(i);
    w.tx.execute(
        "INSERT INTO indicator (code, name_fr, name_en, unit, direction, over_time, across, formula, pupils,
            name_ar, kinds)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            i.code,
            i.name_fr,
            i.name_en,
            i.unit.as_str(),
            i.direction.as_str(),
            v["over_time"].as_str(),
            v["across"].as_str(),
            v["formula"].as_str(),
            i.pupils as i64,
            i.name_ar,
            join_kinds(&i.kinds),
        ],
    )?;
    w.log("insert", "indicator", &i.code, None, None, Some(&v))
}

/// Changes what `indicator edit` may change (names, kinds, direction) and logs
/// the indicator before and after. Codes, units and rules never change: stored
/// values and formulas rely on them.
pub fn update(w: &Writer, before: &Indicator, after: &Indicator) -> Result<()> {
    w.tx.execute(
        "UPDATE indicator SET name_fr = ?2, name_en = ?3, name_ar = ?4, kinds = ?5, direction = ?6
         WHERE code = ?1",
        params![
            before.code,
            after.name_fr,
            after.name_en,
            after.name_ar,
            join_kinds(&after.kinds),
            after.direction.as_str(),
        ],
    )?;
    w.log(
        "update",
        "indicator",
        &before.code,
        None,
        Some(&to_json(before)),
        Some(&to_json(after)),
    )
}

/// The indicators houses of `house_kind` report (templates, completeness):
/// those marked for that kind and those marked for none.
pub fn applicable_indicators(conn: &Conn, house_kind: &str) -> Result<Vec<Indicator>> {
    Ok(catalogue(conn)?
        .items
        .into_iter()
        .filter(|i| i.applies_to(house_kind))
        .collect())
}

/// Kinds as stored: comma-separated codes, NULL for every kind.
pub fn split_kinds(stored: Option<&str>) -> Vec<String> {
    stored
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_string)
        .collect()
}

fn join_kinds(kinds: &[String]) -> Option<String> {
    (!kinds.is_empty()).then(|| kinds.join(","))
}

/// Reads `--kinds` as a person types it: house kinds (codes or French/English
/// labels) separated by commas; empty, `all` or `toutes` for every kind.
pub fn parse_kinds(input: &str) -> std::result::Result<Vec<String>, String> {
    use crate::domain::register::{HOUSE_KINDS, codes, lookup};
    let mut out: Vec<String> = Vec::new();
    let trimmed = input.trim();
    if matches!(
        crate::text::normalize(trimmed).as_str(),
        "" | "all" | "toutes" | "tous"
    ) {
        return Ok(out);
    }
    for part in trimmed.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some(code) = lookup(HOUSE_KINDS, part) else {
            return Err(format!(
                "unknown kind of establishment \"{part}\" in --kinds; use {} (comma-separated), or all",
                codes(HOUSE_KINDS)
            ));
        };
        if !out.iter().any(|k| k == code) {
            out.push(code.to_string());
        }
    }
    // The order of the vocabulary, whatever the order typed: one spelling per set.
    out.sort_by_key(|k| HOUSE_KINDS.iter().position(|(c, _, _)| c == k));
    Ok(out)
}

/// The names by which an indicator is found: its code, French, English and
/// Arabic names, each with what it is, for messages.
fn keys(i: &Indicator) -> Vec<(&'static str, &str)> {
    let mut out = vec![
        ("code", i.code.as_str()),
        ("French name", i.name_fr.as_str()),
    ];
    if let Some(en) = &i.name_en {
        out.push(("English name", en));
    }
    if let Some(ar) = &i.name_ar {
        out.push(("Arabic name", ar));
    }
    out
}

/// Codes and names are one namespace (an import column or a command may name
/// an indicator by any of them), unique case- and accent-insensitively. Returns
/// the first clash of `candidate` (a new or edited indicator) with another
/// indicator than itself, as a sentence; `None` when every key is free.
pub fn name_clash(cat: &Catalogue, candidate: &Indicator) -> Option<String> {
    let mine = keys(candidate);
    for (what, text) in &mine {
        if name_key(text).is_empty() {
            return Some(format!(
                "the {what} \"{text}\" of indicator {} has no letter or digit",
                candidate.code
            ));
        }
    }
    for (what, text) in &mine {
        if let Some((other, their, their_text)) = taken_by(cat, &candidate.code, text) {
            return Some(format!(
                "the {what} \"{text}\" is already the {their} of indicator {} (\"{their_text}\"): \
                 codes and names must differ across the catalogue (ignoring case and accents), \
                 so that a file or a command names one indicator only",
                other.code
            ));
        }
    }
    None
}

/// A name as compared for uniqueness: folded like headers, and in Arabic also
/// without short vowels and tatweel, with one alef for its hamza forms, so that
/// `المُستخدمون` and `المستخدمون` are the same name.
fn name_key(text: &str) -> String {
    crate::text::normalize(text)
        .chars()
        .filter(|c| !matches!(c, '\u{064B}'..='\u{0652}' | '\u{0670}' | '\u{0640}'))
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            other => other,
        })
        .collect()
}

/// The indicator other than `except` (a code) that already has `text` as its
/// code or one of its names, ignoring case and accents, with which key it is.
pub fn taken_by<'c>(
    cat: &'c Catalogue,
    except: &str,
    text: &str,
) -> Option<(&'c Indicator, &'static str, &'c str)> {
    let n = name_key(text);
    cat.items.iter().filter(|o| o.code != except).find_map(|o| {
        keys(o)
            .into_iter()
            .find(|(_, t)| name_key(t) == n)
            .map(|(what, t)| (o, what, t))
    })
}
