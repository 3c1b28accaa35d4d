//! One layout per format; each reads the document (`report::document`) or,
//! for JSON and CSV, the computed report; never the database.

pub mod csv;
pub mod html;
pub mod json;
pub mod md;
pub mod svg;
pub mod table;

/// The label of an action status (`in_progress` → `En cours`).
pub fn action_status_label(code: &str, fr: bool) -> &str {
    crate::domain::plan::ACTION_STATUSES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, f, e)| if fr { *f } else { *e })
        .unwrap_or(code)
}

/// A region's French name in the report's script (its Arabic official name
/// in Arabic).
fn region_in_script(name_fr: &str) -> String {
    // The reference list every database is seeded with (name_fr, name_ar columns).
    let ar = include_str!("../../data/regions.csv")
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|f| f.get(2) == Some(&name_fr))
        .and_then(|f| f.get(3).copied());
    crate::report::i18n::name_in_script(name_fr, ar)
}

/// A province (its code or French name, as the register holds it) in the
/// report's script: its Arabic official name in Arabic; other text as it is.
fn province_in_script(province: &str) -> String {
    let p = province.trim();
    if crate::report::i18n::script() == crate::report::i18n::Script::Latin {
        return p.to_string();
    }
    let ar = include_str!("../../data/provinces.csv")
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|f| {
            f.first().is_some_and(|c| c.eq_ignore_ascii_case(p))
                || f.get(3)
                    .is_some_and(|n| crate::text::normalize(n) == crate::text::normalize(p))
        })
        .map(|f| (f.get(3).copied().unwrap_or(p), f.get(4).copied()));
    match ar {
        Some((name_fr, ar)) => crate::report::i18n::name_in_script(name_fr, ar),
        None => p.to_string(),
    }
}

/// The label of a registered code (a setting, a status) beside Arabic; the
/// code itself in French and English reports, as they have always shown it.
fn registered<'a>(list: &'a [(&str, &'a str, &'a str)], code: &'a str, fr: bool) -> &'a str {
    if crate::report::i18n::script() == crate::report::i18n::Script::Latin {
        return code;
    }
    list.iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, f, e)| if fr { *f } else { *e })
        .unwrap_or(code)
}

/// A house's identity as (label, value) lines, for every dossier rendering.
pub fn identity(r: &crate::report::model::HouseReport, fr: bool) -> Vec<(&'static str, String)> {
    use crate::report::i18n::coded;
    let h = &r.house;
    let l = |k| crate::report::i18n::label(k, fr);
    let kind = crate::domain::register::HOUSE_KINDS
        .iter()
        .find(|(c, _, _)| *c == h.kind)
        .map(|(_, f, e)| if fr { *f } else { *e })
        .unwrap_or(&h.kind);
    let assoc = r
        .association
        .as_ref()
        .map(|a| match &a.president {
            Some(p) => format!("{} — {} ({p})", a.code, a.name),
            None => format!("{} — {}", a.code, a.name),
        })
        .unwrap_or_else(|| "—".into());
    vec![
        (l("kind"), coded(&h.kind, kind)),
        (l("region"), region_in_script(&h.region)),
        (
            l("province"),
            h.province
                .as_deref()
                .map(province_in_script)
                .unwrap_or_default(),
        ),
        (l("commune"), h.commune.clone().unwrap_or_default()),
        (
            l("milieu"),
            h.milieu
                .as_deref()
                .map(|m| coded(m, registered(crate::domain::register::MILIEUX, m, fr)))
                .unwrap_or_default(),
        ),
        (
            l("capacity"),
            crate::domain::format::number(h.capacity as f64, fr),
        ),
        (l("association"), assoc),
        (l("cohort"), coded(&h.cohort, &h.cohort)),
        (l("opened"), h.opened.clone().unwrap_or_default()),
        (
            l("status"),
            coded(
                &h.status,
                registered(crate::domain::register::STATUSES, &h.status, fr),
            ),
        ),
    ]
}

/// Indicators worth a chart: those with targets, then the programme's key rates.
pub fn key_indicators(
    r: &crate::report::model::PilotReport,
) -> Vec<&crate::report::model::IndicatorSection> {
    const KEY: &[&str] = &[
        "occupancy_rate",
        "girls_share",
        "success_rate",
        "dropout_rate",
        "staff_trained_share",
    ];
    let mut v: Vec<_> = r
        .indicators
        .iter()
        .filter(|i| i.houses.iter().any(|h| h.target().is_some()) || KEY.contains(&i.code.as_str()))
        .filter(|i| i.houses.iter().any(|h| h.value().is_some()))
        .collect();
    v.sort_by_key(|i| KEY.iter().position(|k| *k == i.code).unwrap_or(KEY.len()));
    v
}
