//! One renderer per format; each reads the computed report, never the database.

pub mod csv;
pub mod html;
pub mod json;
pub mod md;
pub mod svg;
pub mod table;

/// A number as people read it (see `domain::format::number`).
pub fn num(v: f64, fr: bool) -> String {
    crate::domain::format::number(v, fr)
}

/// A figure with its unit: `—` when missing, `%` after percentages and yes/no shares.
pub fn figure(v: Option<f64>, unit: &str, fr: bool) -> String {
    match v {
        None => "—".to_string(),
        Some(v) if unit == "percent" || unit == "bool" => crate::domain::format::percent(v, 1, fr),
        Some(v) => num(v, fr),
    }
}

/// A house's own figure: a yes/no indicator reads `oui`/`non` (pilot-wide it
/// is a share of houses, in percent).
pub fn house_figure(v: Option<f64>, unit: &str, fr: bool) -> String {
    match (unit, v) {
        ("bool", Some(v)) => match (v >= 0.5, fr) {
            (true, true) => "oui",
            (true, false) => "yes",
            (false, true) => "non",
            (false, false) => "no",
        }
        .to_string(),
        _ => figure(v, unit, fr),
    }
}

/// The label of an action status (`in_progress` → `En cours`).
pub fn action_status_label(code: &str, fr: bool) -> &str {
    crate::domain::plan::ACTION_STATUSES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, f, e)| if fr { *f } else { *e })
        .unwrap_or(code)
}

/// Progress towards the target, as a percentage with no decimals.
pub fn progress_text(v: Option<f64>) -> String {
    v.map(|p| crate::domain::format::percent(p, 0, false))
        .unwrap_or_else(|| "—".to_string())
}

/// A house's identity as (label, value) lines, for every dossier rendering.
pub fn identity(r: &crate::report::model::HouseReport, fr: bool) -> Vec<(&'static str, String)> {
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
        (l("kind"), kind.to_string()),
        (l("region"), h.region.clone()),
        (l("province"), h.province.clone().unwrap_or_default()),
        (l("commune"), h.commune.clone().unwrap_or_default()),
        (l("milieu"), h.milieu.clone().unwrap_or_default()),
        (l("capacity"), num(h.capacity as f64, fr)),
        (l("association"), assoc),
        (l("cohort"), h.cohort.clone()),
        (l("opened"), h.opened.clone().unwrap_or_default()),
        (l("status"), h.status.clone()),
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
        .filter(|i| i.houses.iter().any(|h| h.target.is_some()) || KEY.contains(&i.code.as_str()))
        .filter(|i| i.houses.iter().any(|h| h.value.is_some()))
        .collect();
    v.sort_by_key(|i| KEY.iter().position(|k| *k == i.code).unwrap_or(KEY.len()));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_for_people() {
        assert_eq!(num(9848600.0, true), "9 848 600");
        assert_eq!(num(9848600.0, false), "9,848,600");
        assert_eq!(num(11.66, true), "11,7");
        assert_eq!(num(1.25, false), "1.25");
        assert_eq!(num(-1234.0, true), "-1 234");
        assert_eq!(num(0.0, true), "0");
        assert_eq!(figure(Some(74.44), "percent", true), "74,4 %");
        assert_eq!(figure(Some(50.0), "bool", false), "50 %");
        assert_eq!(figure(None, "count", true), "—");
    }
}
