//! The report as JSON: the shape the README documents ("Reports"). The model is
//! serialised as it is; each alert gets its sentence (`message`) in the
//! reader's language.

use anyhow::Result;
use serde::Serialize;
use serde_json::Value;

use crate::report::i18n::alert_text;
use crate::report::model::{Alert, HouseReport, PilotReport};

pub fn pilot(report: &PilotReport, fr: bool) -> Result<String> {
    with_messages(report, &report.alerts, fr, report.published)
}

pub fn house(report: &HouseReport, fr: bool) -> Result<String> {
    with_messages(report, &report.alerts, fr, report.published)
}

fn with_messages<T: Serialize>(
    report: &T,
    alerts: &[Alert],
    fr: bool,
    published: bool,
) -> Result<String> {
    let mut v = serde_json::to_value(report)?;
    if let Some(Value::Array(items)) = v.get_mut("alerts") {
        for (item, a) in items.iter_mut().zip(alerts) {
            if let Value::Object(m) = item {
                m.insert(
                    "message".into(),
                    Value::String(alert_text(a, fr, published)),
                );
            }
        }
    }
    Ok(serde_json::to_string_pretty(&v)? + "\n")
}

/// `report pilot --by`: the pilot report with its `groups` (and, over many
/// houses, the spread across houses and the houses furthest behind).
pub fn pilot_with(
    report: &PilotReport,
    groups: Option<&[crate::report::model::Group]>,
    distributions: &[crate::report::model::Distribution],
    laggards: &[crate::report::model::Laggard],
    fr: bool,
) -> Result<String> {
    let text = pilot(report, fr)?;
    let mut v: Value = serde_json::from_str(&text)?;
    if let Value::Object(m) = &mut v {
        if let Some(g) = groups {
            m.insert("groups".into(), serde_json::to_value(g)?);
        }
        if !distributions.is_empty() {
            m.insert("distribution".into(), serde_json::to_value(distributions)?);
            m.insert("laggards".into(), serde_json::to_value(laggards)?);
        }
    }
    Ok(serde_json::to_string_pretty(&v)? + "\n")
}

/// `report evaluation --format json`.
pub fn evaluation(e: &crate::report::model::Evaluation) -> Result<String> {
    Ok(serde_json::to_string_pretty(e)? + "\n")
}
