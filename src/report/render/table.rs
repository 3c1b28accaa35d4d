//! Reports for a terminal: short tables that fit 80 columns.

use std::fmt::Write;

use comfy_table::{ContentArrangement, Table, presets};

use super::{figure, num, progress_text};
use crate::output::number_text;
use crate::report::compute::Computed;
use crate::report::i18n::label;
use crate::report::model::{Alert, Completeness, HouseReport, PlanView};

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
        "{}{}\n{} {} · {} {} · {} {} · {} {}\n",
        l("title"),
        if r.published {
            format!(" ({})", l("published"))
        } else {
            String::new()
        },
        l("period"),
        r.period,
        l("cohort"),
        r.cohort,
        l("houses"),
        r.houses,
        l("as_of"),
        r.as_of
    );

    let o = &r.overview;
    let _ = writeln!(out, "{}", l("overview"));
    let mut t = table(vec![
        l("region").into(),
        l("houses").into(),
        l("capacity").into(),
    ]);
    for g in &o.by_region {
        t.add_row(vec![
            g.label.clone(),
            g.houses.to_string(),
            num(g.capacity as f64, fr),
        ]);
    }
    let _ = writeln!(out, "{t}");
    let kinds: Vec<String> = o
        .by_kind
        .iter()
        .map(|g| format!("{} {}", g.houses, g.label))
        .collect();
    out.push_str(&wrap(&kinds.join(" · "), 78, "", ""));
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
        l("boys"),
    );

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
            figure(ind.pilot.value, &ind.unit, fr),
            figure(ind.pilot.baseline, &ind.unit, fr),
            figure(ind.pilot.target, &ind.unit, fr),
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
    let mut t = table(vec![
        l("axis").into(),
        l("actions").into(),
        l("done").into(),
        l("in_progress").into(),
        l("late").into(),
        l("execution").into(),
        l("budget_executed").into(),
    ]);
    for x in &r.plans.by_axis {
        t.add_row(vec![
            x.axis.clone(),
            x.counts.total.to_string(),
            x.counts.done.to_string(),
            x.counts.in_progress.to_string(),
            x.counts.late.to_string(),
            progress_text(x.execution_rate),
            progress_text((x.budget > 0.0).then(|| 100.0 * x.spent / x.budget)),
        ]);
    }
    let a = &r.plans.actions;
    t.add_row(vec![
        l("total").to_string(),
        a.total.to_string(),
        a.done.to_string(),
        a.in_progress.to_string(),
        a.late.to_string(),
        progress_text(a.execution_rate()),
        String::new(),
    ]);
    let _ = writeln!(out, "{t}\n");

    let _ = writeln!(out, "{}", l("assessment"));
    let mut t = table(vec![
        l("dimension").into(),
        l("baseline").into(),
        l("latest").into(),
        l("houses").into(),
    ]);
    for d in &r.assessment {
        t.add_row(vec![
            d.label.clone(),
            d.baseline
                .map(|v| format!("{v:.1}"))
                .unwrap_or_else(|| "—".into()),
            d.latest
                .map(|v| format!("{v:.1}"))
                .unwrap_or_else(|| "—".into()),
            d.houses.to_string(),
        ]);
    }
    let _ = writeln!(out, "{t}");
    let e = &r.events;
    let _ = writeln!(
        out,
        "{}: {}\n  {} {}, {} {}, {} {}; {} {}, {} {}",
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
    alerts(&mut out, &r.alerts, fr, r.published);
    out
}

/// `plan show` for a terminal.
pub fn plan(v: &PlanView, fr: bool) -> String {
    let l = |k| label(k, fr);
    let mut out = String::new();
    match &v.plan {
        None => {
            let _ = writeln!(out, "{} {}: {}", l("house"), v.house, l("no_plan"));
        }
        Some(p) => {
            let _ = writeln!(
                out,
                "{} {} — {} v{} ({} → {}) · {}: {}",
                l("house"),
                v.house,
                l("plan"),
                p.version,
                p.start,
                p.end,
                l("stage"),
                v.stage.as_deref().map(&l).unwrap_or("—")
            );
            let mut t = table(vec![l("stage").into(), l("reached_on").into()]);
            for s in &v.stages {
                t.add_row(vec![l(&s.stage).to_string(), s.reached_on.clone()]);
            }
            let _ = writeln!(out, "{t}\n");
            let mut t = table(vec![
                l("axis").into(),
                l("actions").into(),
                l("done").into(),
                l("late").into(),
                l("execution").into(),
                l("budget_mad").into(),
                l("spent_mad").into(),
            ]);
            for x in &v.axes {
                t.add_row(vec![
                    x.code.clone(),
                    x.total.to_string(),
                    x.done.to_string(),
                    x.late.to_string(),
                    progress_text(x.execution_rate),
                    number_text(x.budget),
                    number_text(x.spent),
                ]);
            }
            let _ = writeln!(out, "{t}\n");
            let mut t = table(vec![
                "#".into(),
                l("axis").into(),
                l("action").into(),
                l("due").into(),
                l("status").into(),
                l("progress").into(),
            ]);
            for x in &v.axes {
                for a in &x.actions {
                    let status = super::action_status_label(&a.action.status, fr);
                    let status = if a.late {
                        format!("{status} ⚠ {}", l("late"))
                    } else {
                        status.to_string()
                    };
                    t.add_row(vec![
                        a.action.id.to_string(),
                        x.code.clone(),
                        a.action.title.clone(),
                        a.action.due.clone(),
                        status,
                        progress_text(a.action.progress),
                    ]);
                }
            }
            let _ = writeln!(out, "{t}\n");
        }
    }
    let mut t = table(vec![
        l("dimension").into(),
        l("baseline").into(),
        l("latest").into(),
    ]);
    for d in &v.assessment {
        let cell = |score: Option<f64>, period: &Option<String>| match (score, period) {
            (Some(s), Some(p)) => format!("{} ({p})", number_text(s)),
            _ => "—".to_string(),
        };
        t.add_row(vec![
            d.label.clone(),
            cell(d.baseline, &d.baseline_period),
            cell(d.latest, &d.latest_period),
        ]);
    }
    let _ = writeln!(out, "{}\n{t}\n", l("assessment"));
    let _ = writeln!(out, "{}", l("events"));
    if v.events.is_empty() {
        let _ = writeln!(out, "  —");
    } else {
        let mut t = table(vec![
            l("date").into(),
            l("kind").into(),
            l("title_col").into(),
            l("women").into(),
            l("men").into(),
        ]);
        for e in &v.events {
            t.add_row(vec![
                e.date.clone(),
                l(&e.kind).to_string(),
                e.title.clone(),
                e.women.map(|n| n.to_string()).unwrap_or_default(),
                e.men.map(|n| n.to_string()).unwrap_or_default(),
            ]);
        }
        let _ = writeln!(out, "{t}");
    }
    for p in &v.previous_versions {
        let _ = writeln!(
            out,
            "{} v{} ({} → {}): {}",
            l("plan"),
            p.version,
            p.start,
            p.end,
            l("superseded")
        );
    }
    out
}

fn alerts(out: &mut String, alerts: &[Alert], fr: bool, published: bool) {
    let _ = writeln!(out, "\n{} ({})", label("alerts", fr), alerts.len());
    for a in alerts {
        let mark = if a.severity == "error" { "✖" } else { "⚠" };
        let text = format!(
            "{mark} {} {}",
            a.house.as_deref().unwrap_or(""),
            crate::report::i18n::alert_text(a, fr, published)
        );
        out.push_str(&wrap(&text, 78, "  ", "      "));
    }
}

/// Word-wraps `text` to `width` characters, each line indented.
fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(&line);
            out.push('\n');
            line = rest.to_string();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// `report house` for a terminal.
pub fn house(r: &HouseReport, fr: bool) -> String {
    let l = |k| label(k, fr);
    let h = &r.house;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {} {}{}\n{} {} · {} {}\n",
        l("dossier"),
        h.code,
        h.name,
        h.name_ar
            .as_ref()
            .map(|a| format!(" ({a})"))
            .unwrap_or_default(),
        l("period"),
        r.period,
        l("as_of"),
        r.as_of
    );
    let mut t = table(vec![String::new(), String::new()]);
    for (k, v) in super::identity(r, fr) {
        t.add_row(vec![k.to_string(), v]);
    }
    let _ = writeln!(out, "{t}\n");
    let _ = writeln!(out, "{}", l("indicators"));
    let mut t = table(vec![
        l("indicator").into(),
        l("value").into(),
        l("baseline").into(),
        l("target").into(),
        l("status").into(),
        l("history").into(),
    ]);
    for i in &r.indicators {
        let f = &i.figures;
        let spark: String =
            super::svg::spark_text(&i.history.iter().map(|p| p.value).collect::<Vec<_>>());
        t.add_row(vec![
            i.name.clone(),
            super::house_figure(f.value, &i.unit, fr),
            super::house_figure(f.baseline, &i.unit, fr),
            super::house_figure(f.target, &i.unit, fr),
            if f.target.is_some() {
                l(f.status).to_string()
            } else {
                "—".to_string()
            },
            spark,
        ]);
    }
    let _ = writeln!(out, "{t}\n");
    if let Some(c) = &r.completeness {
        let _ = writeln!(
            out,
            "{}: {} / {} ({}){}\n",
            l("completeness"),
            c.received,
            c.expected,
            progress_text(c.rate),
            if c.missing.is_empty() {
                String::new()
            } else {
                format!(" — {}: {}", l("missing"), c.missing.join(", "))
            }
        );
    }
    out.push_str(&plan(&r.plan, fr));
    alerts(&mut out, &r.alerts, fr, r.published);
    out
}

/// `report completeness` for a terminal: ✓ received, · missing.
pub fn completeness(c: &Completeness, fr: bool) -> String {
    let l = |k| label(k, fr);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} / {} {} ({})",
        l("completeness"),
        c.received,
        c.expected,
        l("house_months"),
        progress_text(c.rate)
    );
    // Months as their number only, so that 12 columns fit 80 characters.
    let mut header = vec![l("house").to_string()];
    header.extend(c.months.iter().map(|m| m[5..].to_string()));
    header.push("%".into());
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_header(header);
    for h in &c.houses {
        let mut row = vec![h.house.clone()];
        row.extend(
            h.months
                .iter()
                .map(|g| if *g { "✓" } else { "·" }.to_string()),
        );
        row.push(progress_text(h.rate));
        t.add_row(row);
    }
    if let (Some(first), Some(last)) = (c.months.first(), c.months.last()) {
        let _ = writeln!(out, "{first} → {last}");
    }
    let _ = writeln!(out, "{t}");
    if !c.not_reporting.is_empty() {
        let _ = writeln!(
            out,
            "{}: {}",
            l("not_reporting"),
            c.not_reporting.join(", ")
        );
    }
    out
}
