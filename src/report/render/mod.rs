//! One renderer per format; each reads the computed report, never the database.

pub mod json;
pub mod table;

use crate::output::number_text;

/// A figure for people: `—` when missing, `%` after percentages.
pub fn figure(v: Option<f64>, unit: &str) -> String {
    match v {
        None => "—".to_string(),
        Some(v) if unit == "percent" || unit == "bool" => format!("{} %", one_decimal(v)),
        Some(v) => number_text(v),
    }
}

/// Progress towards the target, as a percentage with no decimals.
pub fn progress_text(v: Option<f64>) -> String {
    v.map(|p| format!("{:.0} %", p))
        .unwrap_or_else(|| "—".to_string())
}

fn one_decimal(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}
