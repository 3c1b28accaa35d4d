//! The report as one self-contained HTML file: inline CSS and SVG, no script,
//! nothing fetched from the network, printable on A4.

use std::fmt::Write;

use super::svg::{self, Bar};
use super::{figure, num, progress_text};
use crate::report::i18n::label;
use crate::report::model::{Alert, Completeness, HouseReport, PilotReport, PlanView};

/// Escapes text for HTML (and SVG) content and attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Arabic text, isolated and right to left.
fn ar(s: &str) -> String {
    format!(r#"<bdi dir="rtl" lang="ar">{}</bdi>"#, esc(s))
}

const STYLE: &str = r#"
:root { --accent: #1f6f8b; --target: #c0392b; --muted: #6b7780; --line: #dfe4e8; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Noto Sans", "Segoe UI", Arial, sans-serif; color: #1d2a33;
       margin: 0 auto; max-width: 960px; padding: 24px 32px; line-height: 1.45; font-size: 14px; }
h1 { font-size: 24px; margin: 0 0 4px; color: var(--accent); }
h2 { font-size: 18px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); }
h3 { font-size: 15px; margin: 18px 0 6px; }
.sub { color: var(--muted); margin: 0 0 16px; }
.note { color: var(--muted); font-size: 12px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; background: #fdecea; color: var(--target); font-size: 12px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 13px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f3f6f8; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0 16px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 150px; }
.card b { display: block; font-size: 22px; color: var(--accent); }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(210px, 1fr)); gap: 12px; }
figure { margin: 0 0 16px; }
.grid figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 6px; }
figcaption { font-size: 12px; color: var(--muted); }
svg text { font-family: inherit; }
svg .lbl { font-size: 11px; fill: #1d2a33; }
svg .val { font-size: 11px; fill: #1d2a33; }
svg .muted { fill: var(--muted); }
svg .tiny { font-size: 9px; fill: var(--muted); }
svg .strong { fill: #1d2a33; font-weight: 600; }
.st-achieved { color: #1e7d32; } .st-on_track { color: var(--accent); } .st-behind { color: var(--target); } .st-no_data { color: var(--muted); }
.alert-error { color: var(--target); } .alert-warning { color: #9a6700; }
.cell-yes { background: #cfe8d5; } .cell-no { background: #f6d5d1; }
.matrix td { text-align: center; padding: 2px; font-size: 11px; }
.legend { font-size: 12px; color: var(--muted); }
.legend i { display: inline-block; width: 14px; height: 3px; vertical-align: middle; margin: 0 4px 0 10px; }
section, figure, table, tr { page-break-inside: avoid; break-inside: avoid; }
@page { size: A4; margin: 14mm 12mm; }
@media print { body { padding: 0; max-width: none; font-size: 12px; } h2 { page-break-after: avoid; } }
"#;

fn page(title: &str, fr: bool, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}<p class=\"note\">{}</p>\n</body>\n</html>\n",
        if fr { "fr" } else { "en" },
        esc(title),
        esc(label("generated", fr))
    )
}

/// `DT01 Dar Taliba Bab Taza…`: a house in a chart's margin.
fn short_label(code: &str, name: &str) -> String {
    let name: String = if name.chars().count() > 26 {
        name.chars().take(25).collect::<String>() + "…"
    } else {
        name.to_string()
    };
    format!("{code} {name}")
}

fn status_cell(status: &str, fr: bool) -> String {
    format!(
        r#"<span class="st-{status}">{}</span>"#,
        esc(label(status, fr))
    )
}

pub fn pilot(r: &PilotReport, fr: bool) -> String {
    let l = |k| label(k, fr);
    let mut b = String::new();
    let _ = writeln!(
        b,
        "<header><h1>{} — {}</h1><p class=\"sub\">{} {} · {} {} · {} {}{}</p></header>",
        esc(l("title")),
        esc(&r.period),
        esc(l("cohort")),
        esc(&r.cohort),
        r.houses,
        esc(&l("houses").to_lowercase()),
        esc(l("as_of")),
        esc(&r.as_of),
        if r.published {
            format!(" · <span class=\"badge\">{}</span>", esc(l("published")))
        } else {
            String::new()
        }
    );

    // Overview
    let o = &r.overview;
    let _ = write!(
        b,
        "<section><h2>{}</h2><div class=\"cards\">",
        esc(l("overview"))
    );
    for (k, v) in [
        (l("houses"), r.houses.to_string()),
        (l("capacity"), num(o.capacity as f64, fr)),
        (l("boarders"), figure(o.boarders, "count", fr)),
        (l("girls"), figure(o.boarders_girls, "count", fr)),
        (l("boys"), figure(o.boarders_boys, "count", fr)),
    ] {
        let _ = write!(b, "<div class=\"card\"><b>{}</b>{}</div>", esc(&v), esc(k));
    }
    b.push_str("</div>");
    let _ = write!(
        b,
        "<table><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr>",
        esc(l("region")),
        esc(l("houses")),
        esc(l("capacity"))
    );
    for g in &o.by_region {
        let _ = write!(
            b,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&g.label),
            g.houses,
            esc(&num(g.capacity as f64, fr))
        );
    }
    b.push_str("</table><p>");
    let kinds: Vec<String> = o
        .by_kind
        .iter()
        .map(|g| format!("{} {}", g.houses, esc(&g.label)))
        .collect();
    b.push_str(&kinds.join(" · "));
    b.push_str("</p>");
    let _ = write!(
        b,
        "<table><tr><th>{}</th><th>{}</th><th></th><th>{}</th><th class=\"n\">{}</th><th>{}</th></tr>",
        esc(l("house")),
        esc(l("name")),
        esc(l("region")),
        esc(l("capacity")),
        esc(l("stage"))
    );
    for h in &o.house_list {
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            esc(&h.code),
            esc(&h.name),
            h.name_ar.as_deref().map(ar).unwrap_or_default(),
            esc(&h.region),
            esc(&num(h.capacity as f64, fr)),
            esc(h.stage.as_deref().map(&l).unwrap_or(l("none")))
        );
    }
    b.push_str("</table></section>\n");

    // Plan adoption funnel
    let _ = write!(
        b,
        "<section><h2>{}</h2><h3>{}</h3>",
        esc(l("plans")),
        esc(l("funnel"))
    );
    let ordered = r.plans.stages.ordered();
    let mut cumulative = Vec::new();
    for (i, (stage, _)) in ordered.iter().enumerate().take(6) {
        let at_least: usize = ordered[i..6].iter().map(|(_, n)| n).sum();
        cumulative.push((l(stage).to_string(), at_least));
    }
    cumulative.push((l("none").to_string(), r.plans.stages.none));
    b.push_str(&svg::funnel(&cumulative, r.houses));
    b.push_str("</section>\n");

    // Indicators
    let _ = write!(
        b,
        "<section><h2>{}</h2><p class=\"note\">{}</p><table><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr>",
        esc(l("indicators")),
        esc(l("ratio_note")),
        esc(l("indicator")),
        esc(l("value")),
        esc(l("baseline")),
        esc(l("target")),
        esc(l("progress"))
    );
    for i in &r.indicators {
        let _ = write!(
            b,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&i.name),
            esc(&figure(i.pilot.value, &i.unit, fr)),
            esc(&figure(i.pilot.baseline, &i.unit, fr)),
            esc(&figure(i.pilot.target, &i.unit, fr)),
            esc(&progress_text(i.pilot.progress))
        );
    }
    b.push_str("</table></section>\n");

    let names: std::collections::HashMap<&str, (&str, Option<&str>)> = o
        .house_list
        .iter()
        .map(|h| (h.code.as_str(), (h.name.as_str(), h.name_ar.as_deref())))
        .collect();
    let _ = write!(
        b,
        "<section><h2>{}</h2><p class=\"legend\"><i style=\"background:#1f6f8b\"></i>{}<i style=\"background:#c0392b\"></i>{}<i style=\"border-top:2px dashed #333;height:0\"></i>{}</p><p class=\"note\">{}</p>",
        esc(l("by_house")),
        esc(l("value")),
        esc(l("target_mark")),
        esc(l("pilot_value")),
        esc(l("status_rule"))
    );
    for i in super::key_indicators(r) {
        let suffix = if i.unit == "percent" || i.unit == "bool" {
            " %"
        } else {
            ""
        };
        let bars: Vec<Bar> = i
            .houses
            .iter()
            .map(|h| Bar {
                label: short_label(
                    &h.house,
                    names.get(h.house.as_str()).map(|n| n.0).unwrap_or(""),
                ),
                value: h.value,
                target: h.target,
                rtl: false,
            })
            .collect();
        let _ = write!(
            b,
            "<figure><h3>{}</h3>{}",
            esc(&i.name),
            svg::bars(&bars, i.pilot.value, suffix, fr)
        );
        let _ = write!(
            b,
            "<table><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th>{}</th></tr>",
            esc(l("house")),
            esc(l("value")),
            esc(l("baseline")),
            esc(l("target")),
            esc(l("progress")),
            esc(l("status"))
        );
        for h in &i.houses {
            let _ = write!(
                b,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                esc(&h.house),
                esc(&super::house_figure(h.value, &i.unit, fr)),
                esc(&super::house_figure(h.baseline, &i.unit, fr)),
                esc(&super::house_figure(h.target, &i.unit, fr)),
                esc(&progress_text(h.progress)),
                if h.target.is_some() {
                    status_cell(h.status, fr)
                } else {
                    "—".to_string()
                }
            );
        }
        b.push_str("</table></figure>");
    }
    b.push_str("</section>\n");

    // Trends
    let trends: Vec<_> = r
        .indicators
        .iter()
        .filter(|i| !i.trend.is_empty())
        .collect();
    if !trends.is_empty() {
        let _ = write!(
            b,
            "<section><h2>{}</h2><div class=\"grid\">",
            esc(l("trends"))
        );
        for i in trends {
            let values: Vec<Option<f64>> = i.trend.iter().map(|p| p.value).collect();
            let first = i.trend.first().map(|p| p.period.as_str()).unwrap_or("");
            let last = i.trend.last().map(|p| p.period.as_str()).unwrap_or("");
            let _ = write!(
                b,
                "<figure>{}<figcaption>{}</figcaption></figure>",
                svg::sparkline(&values, first, last, fr),
                esc(&i.name)
            );
        }
        b.push_str("</div></section>\n");
    }

    // Plan execution
    let _ = write!(
        b,
        "<section><h2>{}</h2><table><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr>",
        esc(l("execution_title")),
        esc(l("axis")),
        esc(l("actions")),
        esc(l("done")),
        esc(l("in_progress")),
        esc(l("late")),
        esc(l("execution")),
        esc(l("budget_mad")),
        esc(l("spent_mad"))
    );
    for x in &r.plans.by_axis {
        let _ = write!(
            b,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&x.label),
            x.counts.total,
            x.counts.done,
            x.counts.in_progress,
            x.counts.late,
            esc(&progress_text(x.execution_rate)),
            esc(&num(x.budget, fr)),
            esc(&num(x.spent, fr))
        );
    }
    let a = &r.plans.actions;
    let _ = write!(
        b,
        "<tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th></th><th></th></tr></table>",
        esc(l("total")),
        a.total,
        a.done,
        a.in_progress,
        a.late,
        esc(&progress_text(a.execution_rate()))
    );
    let e = &r.events;
    let _ = writeln!(
        b,
        "<p>{} : {} ({} {}, {} {}, {} {} ; {} {}, {} {})</p></section>",
        esc(l("events")),
        e.total,
        e.training,
        esc(l("training")),
        e.workshop,
        esc(l("workshop")),
        e.visit,
        esc(l("visit")),
        e.women,
        esc(l("women")),
        e.men,
        esc(l("men"))
    );

    // Assessment
    let _ = write!(
        b,
        "<section><h2>{}</h2><p class=\"legend\"><i style=\"background:#9aa5ad;height:8px;border-radius:4px\"></i>{}<i style=\"background:#1f6f8b;height:8px;border-radius:4px\"></i>{}</p>",
        esc(l("assessment")),
        esc(l("baseline")),
        esc(l("latest"))
    );
    let rows: Vec<(String, Option<f64>, Option<f64>)> = r
        .assessment
        .iter()
        .map(|d| (d.label.clone(), d.baseline, d.latest))
        .collect();
    b.push_str(&svg::dumbbell(&rows));
    b.push_str("</section>\n");

    // Completeness
    let _ = write!(b, "<section><h2>{}</h2>", esc(l("completeness")));
    b.push_str(&matrix(&r.completeness, fr));
    b.push_str("</section>\n");

    alerts(&mut b, &r.alerts, fr, r.published);
    page(&format!("{} {}", l("title"), r.period), fr, &b)
}

fn matrix(c: &Completeness, fr: bool) -> String {
    let l = |k| label(k, fr);
    let mut b = format!(
        "<p>{} / {} {} ({})</p>",
        c.received,
        c.expected,
        esc(l("house_months")),
        esc(&progress_text(c.rate))
    );
    if c.houses.is_empty() {
        return b;
    }
    b.push_str("<table class=\"matrix\"><tr><th></th>");
    for m in &c.months {
        let _ = write!(b, "<th title=\"{}\">{}</th>", esc(m), esc(&m[5..]));
    }
    b.push_str("<th class=\"n\">%</th></tr>");
    for h in &c.houses {
        let _ = write!(b, "<tr><th>{}</th>", esc(&h.house));
        for (m, got) in c.months.iter().zip(&h.months) {
            let _ = write!(
                b,
                "<td class=\"{}\" title=\"{} {}\">{}</td>",
                if *got { "cell-yes" } else { "cell-no" },
                esc(&h.house),
                esc(m),
                if *got { "✓" } else { "·" }
            );
        }
        let _ = write!(
            b,
            "<td class=\"n\">{}</td></tr>",
            esc(&progress_text(h.rate))
        );
    }
    b.push_str("</table>");
    if !c.not_reporting.is_empty() {
        let _ = write!(
            b,
            "<p>{} : {}</p>",
            esc(l("not_reporting")),
            esc(&c.not_reporting.join(", "))
        );
    }
    b
}

fn alerts(b: &mut String, alerts: &[Alert], fr: bool, published: bool) {
    let _ = write!(
        b,
        "<section><h2>{} ({})</h2><ul>",
        esc(label("alerts", fr)),
        alerts.len()
    );
    for a in alerts {
        let _ = write!(
            b,
            "<li class=\"alert-{}\"><b>{}</b> {}</li>",
            a.severity,
            esc(a.house.as_deref().unwrap_or("")),
            esc(&crate::report::i18n::alert_text(a, fr, published))
        );
    }
    b.push_str("</ul></section>\n");
}

fn plan_section(b: &mut String, v: &PlanView, fr: bool) {
    let l = |k| label(k, fr);
    let _ = write!(b, "<section><h2>{}</h2>", esc(l("plans")));
    match &v.plan {
        None => {
            let _ = write!(b, "<p>{}</p>", esc(l("no_plan")));
        }
        Some(p) => {
            let _ = write!(
                b,
                "<p>v{} · {} → {} · {} : <b>{}</b></p><table><tr><th>{}</th><th>{}</th></tr>",
                p.version,
                esc(&p.start),
                esc(&p.end),
                esc(l("stage")),
                esc(v.stage.as_deref().map(&l).unwrap_or("—")),
                esc(l("stage")),
                esc(l("reached_on"))
            );
            for s in &v.stages {
                let _ = write!(
                    b,
                    "<tr><td>{}</td><td>{}</td></tr>",
                    esc(l(&s.stage)),
                    esc(&s.reached_on)
                );
            }
            b.push_str("</table>");
            for x in &v.axes {
                let _ = write!(
                    b,
                    "<h3>{} — {} {}, {} {}</h3>",
                    esc(&x.label),
                    esc(&progress_text(x.execution_rate)),
                    esc(l("execution")),
                    x.late,
                    esc(l("late"))
                );
                if x.actions.is_empty() {
                    continue;
                }
                let _ = write!(
                    b,
                    "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr>",
                    esc(l("action")),
                    esc(l("due")),
                    esc(l("status")),
                    esc(l("progress")),
                    esc(l("budget_mad")),
                    esc(l("spent_mad"))
                );
                for a in &x.actions {
                    let _ = write!(
                        b,
                        "<tr><td>{}</td><td>{}</td><td>{}{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                        esc(&a.action.title),
                        esc(&a.action.due),
                        esc(super::action_status_label(&a.action.status, fr)),
                        if a.late {
                            format!(" <span class=\"badge\">{}</span>", esc(l("late")))
                        } else {
                            String::new()
                        },
                        esc(&progress_text(a.action.progress)),
                        esc(&a.action.budget.map(|v| num(v, fr)).unwrap_or_default()),
                        esc(&a.action.spent.map(|v| num(v, fr)).unwrap_or_default())
                    );
                }
                b.push_str("</table>");
            }
        }
    }
    let _ = write!(b, "<h3>{}</h3>", esc(l("assessment")));
    let rows: Vec<(String, Option<f64>, Option<f64>)> = v
        .assessment
        .iter()
        .map(|d| (d.label.clone(), d.baseline, d.latest))
        .collect();
    b.push_str(&svg::dumbbell(&rows));
    let _ = write!(b, "<h3>{}</h3>", esc(l("events")));
    if v.events.is_empty() {
        b.push_str("<p>—</p>");
    } else {
        let _ = write!(
            b,
            "<table><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr>",
            esc(l("date")),
            esc(l("kind")),
            esc(l("title_col")),
            esc(l("women")),
            esc(l("men"))
        );
        for e in &v.events {
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                esc(&e.date),
                esc(l(&e.kind)),
                esc(&e.title),
                e.women.map(|n| n.to_string()).unwrap_or_default(),
                e.men.map(|n| n.to_string()).unwrap_or_default()
            );
        }
        b.push_str("</table>");
    }
    b.push_str("</section>\n");
}

pub fn house(r: &HouseReport, fr: bool) -> String {
    let l = |k| label(k, fr);
    let h = &r.house;
    let mut b = String::new();
    let _ = writeln!(
        b,
        "<header><h1>{} — {} {}</h1><p class=\"sub\">{}{} {} · {} {}{}</p></header>",
        esc(l("dossier")),
        esc(&h.code),
        esc(&h.name),
        h.name_ar
            .as_deref()
            .map(|a| format!("{} · ", ar(a)))
            .unwrap_or_default(),
        esc(l("period")),
        esc(&r.period),
        esc(l("as_of")),
        esc(&r.as_of),
        if r.published {
            format!(" · <span class=\"badge\">{}</span>", esc(l("published")))
        } else {
            String::new()
        }
    );
    b.push_str("<section><table>");
    for (k, v) in super::identity(r, fr) {
        let _ = write!(b, "<tr><th>{}</th><td>{}</td></tr>", esc(k), esc(&v));
    }
    b.push_str("</table></section>\n");
    let _ = write!(
        b,
        "<section><h2>{}</h2><table><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th>{}</th><th>{}</th></tr>",
        esc(l("indicators")),
        esc(l("indicator")),
        esc(l("value")),
        esc(l("baseline")),
        esc(l("target")),
        esc(l("status")),
        esc(l("history"))
    );
    for i in &r.indicators {
        let f = &i.figures;
        let values: Vec<Option<f64>> = i.history.iter().map(|p| p.value).collect();
        let spark = if values.iter().flatten().count() >= 3 {
            svg::sparkline(
                &values,
                i.history.first().map(|p| p.period.as_str()).unwrap_or(""),
                i.history.last().map(|p| p.period.as_str()).unwrap_or(""),
                fr,
            )
        } else {
            String::new()
        };
        let _ = write!(
            b,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
            esc(&i.name),
            esc(&super::house_figure(f.value, &i.unit, fr)),
            esc(&super::house_figure(f.baseline, &i.unit, fr)),
            esc(&super::house_figure(f.target, &i.unit, fr)),
            if f.target.is_some() {
                status_cell(f.status, fr)
            } else {
                "—".to_string()
            },
            spark
        );
    }
    b.push_str("</table></section>\n");
    plan_section(&mut b, &r.plan, fr);
    alerts(&mut b, &r.alerts, fr, r.published);
    page(&format!("{} {}", l("dossier"), h.code), fr, &b)
}
