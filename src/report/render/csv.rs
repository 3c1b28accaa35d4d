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
struct Out<W: std::io::Write = Vec<u8>>(csv::Writer<W>);

impl Out {
    fn new() -> Out {
        Out(csv::Writer::from_writer(Vec::new()))
    }

    fn into_string(self) -> Result<String> {
        Ok(String::from_utf8(self.0.into_inner()?)?)
    }
}

impl<W: std::io::Write> Out<W> {
    fn write(&mut self, cells: &[&str]) -> Result<()> {
        self.0
            .write_record(cells.iter().map(|c| guard_formula(c).into_owned()))?;
        Ok(())
    }
}

/// The columns every figure row ends with.
const FIGURE_COLUMNS: [&str; 8] = [
    "indicator",
    "name",
    "unit",
    "baseline",
    "value",
    "target",
    "progress",
    "status",
];

/// A row: its leading cells, then the indicator and its figures.
fn figure_row<W: std::io::Write>(
    w: &mut Out<W>,
    lead: &[&str],
    i: (&str, &str, &str),
    f: [Option<f64>; 4],
    status: &str,
) -> Result<()> {
    let figures = f.map(n);
    let mut cells: Vec<&str> = lead.to_vec();
    cells.extend([i.0, i.1, i.2]);
    cells.extend(figures.iter().map(String::as_str));
    cells.push(status);
    w.write(&cells)
}

fn status(f: &crate::report::model::HouseFigures) -> &'static str {
    if f.suppressed {
        "suppressed"
    } else {
        f.status()
    }
}

/// The pilot report's rows, written as they are made (a national report has
/// a row per house and indicator: hundreds of thousands).
pub fn pilot(out: &mut dyn std::io::Write, r: &PilotReport) -> Result<()> {
    let mut w = Out(csv::Writer::from_writer(out));
    let mut head = vec!["period", "cohort", "level", "house"];
    head.extend(FIGURE_COLUMNS);
    w.write(&head)?;
    for i in &r.indicators {
        let ind = (i.code.as_str(), i.name.as_str(), i.unit.as_str());
        let p = &i.pilot;
        let lead = [r.period.as_str(), &r.cohort, "pilot", ""];
        let figures = [p.baseline, p.value, p.target, p.progress];
        figure_row(&mut w, &lead, ind, figures, "")?;
        for h in &i.houses {
            let lead = [r.period.as_str(), &r.cohort, "house", &h.house];
            let figures = [h.baseline(), h.value(), h.target(), h.progress()];
            figure_row(&mut w, &lead, ind, figures, status(h))?;
        }
    }
    w.0.flush()?;
    Ok(())
}

pub fn house(r: &HouseReport) -> Result<String> {
    let mut w = Out::new();
    let mut head = vec!["period", "house"];
    head.extend(FIGURE_COLUMNS);
    w.write(&head)?;
    for i in &r.indicators {
        let f = &i.figures;
        let lead = [r.period.as_str(), &r.house.code];
        let ind = (i.code.as_str(), i.name.as_str(), i.unit.as_str());
        let figures = [f.baseline(), f.value(), f.target(), f.progress()];
        figure_row(&mut w, &lead, ind, figures, status(f))?;
    }
    w.into_string()
}

/// `report completeness --format csv`: one row per house and month.
pub fn completeness(c: &Completeness) -> Result<String> {
    let mut w = Out::new();
    w.write(&["house", "period", "received"])?;
    for h in &c.houses {
        for (m, got) in c.months.iter().zip(&h.months) {
            w.write(&[h.house.as_str(), m.as_str(), if *got { "1" } else { "0" }])?;
        }
    }
    w.into_string()
}

/// `report pilot --by … --format csv`: one row per group and indicator.
pub fn groups(r: &PilotReport, groups: &[crate::report::model::Group]) -> Result<String> {
    let mut w = Out::new();
    w.write(&[
        "period",
        "cohort",
        "by",
        "key",
        "name",
        "houses",
        "indicator",
        "value",
        "indicator_houses",
    ])?;
    for g in groups {
        let houses = g.houses.to_string();
        for i in &g.indicators {
            let reporting = i.houses.to_string();
            w.write(&[
                &r.period,
                &r.cohort,
                &g.by,
                &g.key,
                &g.name,
                &houses,
                &i.code,
                &n(i.value),
                &reporting,
            ])?;
        }
    }
    w.into_string()
}

/// `report evaluation --format csv`: one row per indicator and side, the
/// difference in differences on both.
pub fn evaluation(e: &crate::report::model::Evaluation) -> Result<String> {
    let mut w = Out::new();
    w.write(&[
        "indicator",
        "name",
        "unit",
        "group",
        "cohort",
        "baseline_period",
        "endline_period",
        "baseline",
        "endline",
        "change",
        "houses",
        "did",
    ])?;
    for i in &e.indicators {
        for (group, cohort, side) in [
            ("pilot", &e.pilot, &i.pilot),
            ("comparison", &e.comparison, &i.comparison),
        ] {
            let houses = side.houses.to_string();
            w.write(&[
                &i.code,
                &i.name,
                &i.unit,
                group,
                cohort,
                &e.baseline,
                &e.endline,
                &n(side.baseline),
                &n(side.endline),
                &n(side.change),
                &houses,
                &n(i.did),
            ])?;
        }
    }
    w.into_string()
}
