//! The report in Markdown, for notes and wikis.

use std::fmt::Write;

use super::{figure, num, progress_text};
use crate::report::i18n::label;
use crate::report::model::{Alert, Completeness, HouseReport, PilotReport};

/// Escapes the characters that would break a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn row(out: &mut String, cells: &[String]) {
    let _ = writeln!(
        out,
        "| {} |",
        cells
            .iter()
            .map(|c| cell(c))
            .collect::<Vec<_>>()
            .join(" | ")
    );
}

fn header(out: &mut String, cells: &[&str], numeric: &[bool]) {
    row(
        out,
        &cells.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
    );
    let seps: Vec<&str> = numeric
        .iter()
        .map(|n| if *n { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "| {} |", seps.join(" | "));
}

pub fn pilot(r: &PilotReport, fr: bool) -> String {
    let l = |k| label(k, fr);
    let mut out = String::new();
    let _ = writeln!(out, "# {} — {}\n", l("title"), r.period);
    let _ = writeln!(
        out,
        "{} {} · {} {} · {} {}{}\n",
        l("cohort"),
        r.cohort,
        r.houses,
        l("houses").to_lowercase(),
        l("as_of"),
        r.as_of,
        if r.published {
            format!(" · **{}**", l("published"))
        } else {
            String::new()
        }
    );
    let o = &r.overview;
    let _ = writeln!(out, "## {}\n", l("overview"));
    let _ = writeln!(
        out,
        "{} {} · {} {} ({} {}, {} {})\n",
        l("capacity"),
        num(o.capacity as f64, fr),
        l("boarders"),
        figure(o.boarders, "count", fr),
        figure(o.boarders_girls, "count", fr),
        l("girls"),
        figure(o.boarders_boys, "count", fr),
        l("boys")
    );
    header(
        &mut out,
        &[l("region"), l("houses"), l("capacity")],
        &[false, true, true],
    );
    for g in &o.by_region {
        row(
            &mut out,
            &[
                g.label.clone(),
                g.houses.to_string(),
                num(g.capacity as f64, fr),
            ],
        );
    }
    let _ = writeln!(out);
    header(
        &mut out,
        &[
            l("house"),
            l("name"),
            l("region"),
            l("capacity"),
            l("stage"),
        ],
        &[false, false, false, true, false],
    );
    for h in &o.house_list {
        let name = match &h.name_ar {
            Some(a) => format!("{} ({a})", h.name),
            None => h.name.clone(),
        };
        row(
            &mut out,
            &[
                h.code.clone(),
                name,
                h.region.clone(),
                num(h.capacity as f64, fr),
                h.stage.as_deref().map(&l).unwrap_or(l("none")).to_string(),
            ],
        );
    }

    let _ = writeln!(out, "\n## {}\n", l("plans"));
    header(&mut out, &[l("stage"), l("houses")], &[false, true]);
    for (stage, n) in r.plans.stages.ordered() {
        row(&mut out, &[l(stage).to_string(), n.to_string()]);
    }

    let _ = writeln!(out, "\n## {}\n\n{}\n", l("indicators"), l("ratio_note"));
    header(
        &mut out,
        &[
            l("indicator"),
            l("value"),
            l("baseline"),
            l("target"),
            l("progress"),
        ],
        &[false, true, true, true, true],
    );
    for i in &r.indicators {
        row(
            &mut out,
            &[
                i.name.clone(),
                figure(i.pilot.value, &i.unit, fr),
                figure(i.pilot.baseline, &i.unit, fr),
                figure(i.pilot.target, &i.unit, fr),
                progress_text(i.pilot.progress),
            ],
        );
    }
    let _ = writeln!(out, "\n## {}\n\n{}\n", l("by_house"), l("status_rule"));
    for i in super::key_indicators(r) {
        let _ = writeln!(out, "### {}\n", i.name);
        header(
            &mut out,
            &[
                l("house"),
                l("value"),
                l("baseline"),
                l("target"),
                l("progress"),
                l("status"),
            ],
            &[false, true, true, true, true, false],
        );
        for h in &i.houses {
            row(
                &mut out,
                &[
                    h.house.clone(),
                    super::house_figure(h.value, &i.unit, fr),
                    super::house_figure(h.baseline, &i.unit, fr),
                    super::house_figure(h.target, &i.unit, fr),
                    progress_text(h.progress),
                    if h.target.is_some() {
                        l(h.status).to_string()
                    } else {
                        "—".to_string()
                    },
                ],
            );
        }
        let _ = writeln!(out);
    }

    let _ = writeln!(out, "## {}\n", l("execution_title"));
    header(
        &mut out,
        &[
            l("axis"),
            l("actions"),
            l("done"),
            l("in_progress"),
            l("late"),
            l("execution"),
            l("budget_mad"),
            l("spent_mad"),
        ],
        &[false, true, true, true, true, true, true, true],
    );
    for x in &r.plans.by_axis {
        row(
            &mut out,
            &[
                x.label.clone(),
                x.counts.total.to_string(),
                x.counts.done.to_string(),
                x.counts.in_progress.to_string(),
                x.counts.late.to_string(),
                progress_text(x.execution_rate),
                num(x.budget, fr),
                num(x.spent, fr),
            ],
        );
    }
    let e = &r.events;
    let _ = writeln!(
        out,
        "\n{}: {} ({} {}, {} {}, {} {}; {} {}, {} {})\n",
        l("events"),
        e.total,
        e.training,
        l("training"),
        e.workshop,
        l("workshop"),
        e.visit,
        l("visit"),
        e.women,
        l("women"),
        e.men,
        l("men")
    );

    let _ = writeln!(out, "## {}\n", l("assessment"));
    header(
        &mut out,
        &[l("dimension"), l("baseline"), l("latest"), l("houses")],
        &[false, true, true, true],
    );
    for d in &r.assessment {
        row(
            &mut out,
            &[
                d.label.clone(),
                d.baseline
                    .map(|v| format!("{v:.1}"))
                    .unwrap_or_else(|| "—".into()),
                d.latest
                    .map(|v| format!("{v:.1}"))
                    .unwrap_or_else(|| "—".into()),
                d.houses.to_string(),
            ],
        );
    }
    let _ = writeln!(out, "\n## {}\n", l("completeness"));
    out.push_str(&completeness(&r.completeness, fr));
    alerts(&mut out, &r.alerts, fr, r.published);
    out
}

fn alerts(out: &mut String, alerts: &[Alert], fr: bool, published: bool) {
    let _ = writeln!(out, "\n## {} ({})\n", label("alerts", fr), alerts.len());
    for a in alerts {
        let _ = writeln!(
            out,
            "- {} **{}** {}",
            if a.severity == "error" { "✖" } else { "⚠" },
            a.house.as_deref().unwrap_or(""),
            crate::report::i18n::alert_text(a, fr, published)
        );
    }
}

/// The completeness matrix (also `report completeness --format md`).
pub fn completeness(c: &Completeness, fr: bool) -> String {
    let l = |k| label(k, fr);
    let mut out = format!(
        "{} / {} {} ({})\n\n",
        c.received,
        c.expected,
        l("house_months"),
        progress_text(c.rate)
    );
    if c.houses.is_empty() {
        return out;
    }
    let mut head: Vec<String> = vec![l("house").to_string()];
    head.extend(c.months.iter().cloned());
    head.push("%".into());
    let refs: Vec<&str> = head.iter().map(String::as_str).collect();
    let numeric: Vec<bool> = (0..refs.len()).map(|i| i > 0).collect();
    header(&mut out, &refs, &numeric);
    for h in &c.houses {
        let mut cells = vec![h.house.clone()];
        cells.extend(
            h.months
                .iter()
                .map(|g| if *g { "✓" } else { "·" }.to_string()),
        );
        cells.push(progress_text(h.rate));
        row(&mut out, &cells);
    }
    if !c.not_reporting.is_empty() {
        let _ = writeln!(
            out,
            "\n{}: {}",
            l("not_reporting"),
            c.not_reporting.join(", ")
        );
    }
    out
}

pub fn house(r: &HouseReport, fr: bool) -> String {
    let l = |k| label(k, fr);
    let h = &r.house;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {} — {} {}{}\n",
        l("dossier"),
        h.code,
        h.name,
        h.name_ar
            .as_ref()
            .map(|a| format!(" ({a})"))
            .unwrap_or_default()
    );
    let _ = writeln!(
        out,
        "{} {} · {} {}\n",
        l("period"),
        r.period,
        l("as_of"),
        r.as_of
    );
    header(&mut out, &["", ""], &[false, false]);
    for (k, v) in super::identity(r, fr) {
        row(&mut out, &[k.to_string(), v]);
    }
    let _ = writeln!(out, "\n## {}\n", l("indicators"));
    header(
        &mut out,
        &[
            l("indicator"),
            l("value"),
            l("baseline"),
            l("target"),
            l("status"),
            l("history"),
        ],
        &[false, true, true, true, false, false],
    );
    for i in &r.indicators {
        let f = &i.figures;
        row(
            &mut out,
            &[
                i.name.clone(),
                super::house_figure(f.value, &i.unit, fr),
                super::house_figure(f.baseline, &i.unit, fr),
                super::house_figure(f.target, &i.unit, fr),
                if f.target.is_some() {
                    l(f.status).to_string()
                } else {
                    "—".to_string()
                },
                super::svg::spark_text(&i.history.iter().map(|p| p.value).collect::<Vec<_>>()),
            ],
        );
    }
    let _ = writeln!(out, "\n## {}\n\n```", l("plans"));
    out.push_str(&super::table::plan(&r.plan, fr));
    out.push_str("```\n");
    alerts(&mut out, &r.alerts, fr, r.published);
    out
}
