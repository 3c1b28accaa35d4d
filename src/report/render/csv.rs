//! The report as CSV: one row per house × indicator (and one per indicator for
//! the whole pilot), for spreadsheets.

use anyhow::Result;

use crate::output::number_text;
use crate::report::model::{Completeness, HouseReport, PilotReport};

fn n(v: Option<f64>) -> String {
    v.map(number_text).unwrap_or_default()
}

pub fn pilot(r: &PilotReport) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "period",
        "cohort",
        "level",
        "house",
        "indicator",
        "name",
        "unit",
        "baseline",
        "value",
        "target",
        "progress",
        "status",
    ])?;
    for i in &r.indicators {
        let p = &i.pilot;
        w.write_record([
            r.period.as_str(),
            &r.cohort,
            "pilot",
            "",
            &i.code,
            &i.name,
            &i.unit,
            &n(p.baseline),
            &n(p.value),
            &n(p.target),
            &n(p.progress),
            "",
        ])?;
        for h in &i.houses {
            w.write_record([
                r.period.as_str(),
                &r.cohort,
                "house",
                &h.house,
                &i.code,
                &i.name,
                &i.unit,
                &n(h.baseline),
                &n(h.value),
                &n(h.target),
                &n(h.progress),
                if h.suppressed { "suppressed" } else { h.status },
            ])?;
        }
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

pub fn house(r: &HouseReport) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "period",
        "house",
        "indicator",
        "name",
        "unit",
        "baseline",
        "value",
        "target",
        "progress",
        "status",
    ])?;
    for i in &r.indicators {
        let f = &i.figures;
        w.write_record([
            r.period.as_str(),
            &r.house.code,
            &i.code,
            &i.name,
            &i.unit,
            &n(f.baseline),
            &n(f.value),
            &n(f.target),
            &n(f.progress),
            if f.suppressed { "suppressed" } else { f.status },
        ])?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

/// `report completeness --format csv`: one row per house and month.
pub fn completeness(c: &Completeness) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["house", "period", "received"])?;
    for h in &c.houses {
        for (m, got) in c.months.iter().zip(&h.months) {
            w.write_record([h.house.as_str(), m.as_str(), if *got { "1" } else { "0" }])?;
        }
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}
