//! The report as CSV: one row per house × indicator (and one per indicator for
//! the whole pilot), for spreadsheets. Figures keep their plain machine form;
//! every cell goes through the exports' formula guard, here and only here.

use anyhow::Result;

use crate::domain::format;
use crate::report::model::{Completeness, HouseReport, PilotReport};
use crate::sheet::write::guard_formula;

fn n(v: Option<f64>) -> String {
    v.map(format::plain).unwrap_or_default()
}

/// A CSV writer whose every cell is guarded against formula injection (a
/// house named `=1+2` is written `'=1+2`; plain numbers such as `-5` are not).
struct Out(csv::Writer<Vec<u8>>);

impl Out {
    fn new() -> Out {
        Out(csv::Writer::from_writer(Vec::new()))
    }

    fn write_record<const N: usize>(&mut self, cells: [&str; N]) -> Result<()> {
        self.0
            .write_record(cells.iter().map(|c| guard_formula(c).into_owned()))?;
        Ok(())
    }

    fn into_string(self) -> Result<String> {
        Ok(String::from_utf8(self.0.into_inner()?)?)
    }
}

pub fn pilot(r: &PilotReport) -> Result<String> {
    let mut w = Out::new();
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
    w.into_string()
}

pub fn house(r: &HouseReport) -> Result<String> {
    let mut w = Out::new();
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
    w.into_string()
}

/// `report completeness --format csv`: one row per house and month.
pub fn completeness(c: &Completeness) -> Result<String> {
    let mut w = Out::new();
    w.write_record(["house", "period", "received"])?;
    for h in &c.houses {
        for (m, got) in c.months.iter().zip(&h.months) {
            w.write_record([h.house.as_str(), m.as_str(), if *got { "1" } else { "0" }])?;
        }
    }
    w.into_string()
}
