//! The report for a terminal: short tables that fit 80 columns.

use std::fmt::Write;

use comfy_table::{ContentArrangement, Table, presets};

use super::{figure, progress_text};
use crate::report::compute::Computed;
use crate::report::i18n::label;

fn table(header: Vec<String>) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(80)
        .set_header(header);
    t
}

pub fn pilot(c: &Computed, fr: bool) -> String {
    let r = &c.report;
    let l = |k| label(k, fr);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}\n{} {} · {} {} · {} {} · {} {}",
        l("title"),
        l("period"),
        r.period,
        l("cohort"),
        r.cohort,
        l("houses"),
        r.houses,
        l("as_of"),
        r.as_of
    );
    let _ = writeln!(out);

    let _ = writeln!(out, "{}", l("indicators"));
    let mut t = table(vec![
        l("indicator").into(),
        l("value").into(),
        l("baseline").into(),
        l("target").into(),
        l("progress").into(),
        format!("{} / {}", l("achieved"), l("houses")),
    ]);
    for ind in &r.indicators {
        let achieved = ind.houses.iter().filter(|h| h.status == "achieved").count();
        let with_target = ind.houses.iter().filter(|h| h.target.is_some()).count();
        t.add_row(vec![
            ind.name.clone(),
            figure(ind.pilot.value, &ind.unit),
            figure(ind.pilot.baseline, &ind.unit),
            figure(ind.pilot.target, &ind.unit),
            progress_text(ind.pilot.progress),
            if with_target > 0 {
                format!("{achieved}/{with_target}")
            } else {
                "—".into()
            },
        ]);
    }
    if r.indicators.is_empty() {
        let _ = writeln!(out, "  —");
    } else {
        let _ = writeln!(out, "{t}");
    }
    let _ = writeln!(out);

    let _ = writeln!(out, "{}", l("plans"));
    let mut t = table(vec![l("stage").into(), l("houses").into()]);
    for (stage, n) in r.plans.stages.ordered() {
        t.add_row(vec![l(stage).to_string(), n.to_string()]);
    }
    let _ = writeln!(out, "{t}");
    let a = &r.plans.actions;
    let mut t = table(vec![l("actions").into(), String::new()]);
    for (k, n) in [
        ("done", a.done),
        ("in_progress", a.in_progress),
        ("planned", a.planned),
        ("cancelled", a.cancelled),
        ("total", a.total),
        ("late", a.late),
    ] {
        t.add_row(vec![l(k).to_string(), n.to_string()]);
    }
    let _ = writeln!(out, "{t}");
    let _ = writeln!(out);
    let cpl = &r.completeness;
    let _ = writeln!(
        out,
        "{}: {} / {} {} ({})",
        l("completeness"),
        cpl.received,
        cpl.expected,
        l("house_months"),
        cpl.rate
            .map(|v| format!("{v:.0} %"))
            .unwrap_or_else(|| "—".into())
    );
    out
}
