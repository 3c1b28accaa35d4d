//! The report as one self-contained HTML file: inline CSS and SVG, no script,
//! nothing fetched from the network, printable on A4. The document laid out
//! as HTML; all text is escaped here, once.

use std::fmt::Write;

use super::svg::{self, Bar};
use crate::report::document::{self, Block, Cell, Chart, Document, GroupKind, HTML, Span, Style};
use crate::report::i18n::label;
use crate::report::model::PilotReport;

/// Escapes text for HTML (and SVG) content and attributes; right to left,
/// left-to-right runs are isolated first.
pub fn esc(s: &str) -> String {
    if crate::report::i18n::rtl() {
        use crate::report::i18n::{isolate_ltr_runs, keep_figures_whole};
        return esc_plain(&keep_figures_whole(&isolate_ltr_runs(s)));
    }
    esc_plain(s)
}

fn esc_plain(s: &str) -> String {
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
.withheld { color: var(--muted); font-style: italic; }
.legend i { display: inline-block; width: 14px; height: 3px; vertical-align: middle; margin: 0 4px 0 10px; }
section, figure, table, tr { page-break-inside: avoid; break-inside: avoid; }
@page { size: A4; margin: 14mm 12mm; }
@media print { body { padding: 0; max-width: none; font-size: 12px; } h2 { page-break-after: avoid; } }
"#;

/// Right to left (`--lang ar`): Arabic fonts first, text and numbers aligned to
/// the reading direction.
const STYLE_AR: &str = r#"
body { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "Amiri", "DejaVu Sans", sans-serif; font-size: 15px; }
th, td { text-align: right; }
td.n, th.n { text-align: left; }
th.n { white-space: normal; }
.legend i { margin: 0 10px 0 4px; }
svg { direction: ltr; } /* charts place their own anchors, mirrored */
"#;

/// French beside Arabic (`--lang fr,ar`): the Latin page, Arabic-capable fonts.
const STYLE_BI: &str = r#"
body { font-family: "DejaVu Sans", "Noto Sans", "Noto Naskh Arabic", "Noto Sans Arabic", "Amiri", sans-serif; }
th.n { white-space: normal; } /* headers in two languages wrap; figures never do */
"#;

fn page(title: &str, fr: bool, body: &str) -> String {
    use crate::report::i18n::{Script, script};
    let (lang, dir, extra) = match script() {
        Script::Arabic => ("ar", " dir=\"rtl\"", STYLE_AR),
        Script::Bilingual => ("fr", " dir=\"ltr\"", STYLE_BI),
        Script::Latin => (if fr { "fr" } else { "en" }, "", ""),
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"{dir}>\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}{extra}</style>\n</head>\n<body>\n{body}<p class=\"note\">{}</p>\n</body>\n</html>\n",
        esc(title),
        esc(label("generated", fr))
    )
}

pub fn pilot(r: &PilotReport, fr: bool) -> String {
    emit(&document::pilot(r, fr))
}

/// Lays a document out as one HTML page.
pub fn emit(doc: &Document) -> String {
    let mut b = String::new();
    for x in &doc.blocks {
        block(&mut b, x, doc.fr);
    }
    page(&doc.title, doc.fr, &b)
}

fn spans(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|s| match s {
            Span::Text(t) => esc(t),
            Span::Strong(t) => format!("<b>{}</b>", esc(t)),
            Span::Rtl(t) => ar(t),
            Span::Badge(t) => format!("<span class=\"badge\">{}</span>", esc(t)),
        })
        .collect()
}

fn cell(c: &Cell, fr: bool) -> String {
    match c {
        Cell::Rtl(s) => ar(s),
        Cell::Status(code, l) => format!(r#"<span class="st-{code}">{}</span>"#, esc(l)),
        Cell::Flagged(t, flag) => format!(
            "{}{}",
            esc(t),
            flag.as_ref()
                .map(|f| format!(" <span class=\"badge\">{}</span>", esc(f)))
                .unwrap_or_default()
        ),
        Cell::Withheld => format!(r#"<span class="withheld">{}</span>"#, esc(&c.text(fr))),
        Cell::Series(values, first, last) => {
            if values.iter().flatten().count() >= 3 {
                svg::sparkline(values, &[], first, last, fr)
            } else {
                String::new()
            }
        }
        other => esc(&other.text(fr)),
    }
}

fn block(b: &mut String, x: &Block, fr: bool) {
    let Some(x) = document::shown(x, HTML) else {
        return;
    };
    match x {
        Block::Only(..) => {}
        Block::Group(kind, blocks) => {
            let (open, close) = match kind {
                GroupKind::Section => ("<section>", "</section>\n"),
                GroupKind::Header => ("<header>", "</header>\n"),
                GroupKind::Figure => ("<figure>", "</figure>"),
                GroupKind::Grid => ("<div class=\"grid\">", "</div>"),
            };
            b.push_str(open);
            for x in blocks {
                block(b, x, fr);
            }
            b.push_str(close);
        }
        Block::Title { text, facts, badge } => {
            let mark = |p: &str| format!("<span class=\"badge\">{}</span>", esc(p));
            let line = document::facts_line(facts, badge.as_ref(), esc, mark);
            let _ = writeln!(
                b,
                "<header><h1>{}</h1><p class=\"sub\">{line}</p></header>",
                esc(text)
            );
        }
        Block::Heading { level, text } => {
            let _ = write!(b, "<h{level}>{}</h{level}>", esc(text));
        }
        Block::Paragraph { style, spans: s } => {
            let class = match style {
                Style::Plain => "",
                Style::Note => " class=\"note\"",
                Style::Sub => " class=\"sub\"",
            };
            let _ = write!(b, "<p{class}>{}</p>", spans(s));
        }
        Block::Caption(text) => {
            let _ = write!(b, "<figcaption>{}</figcaption>", esc(text));
        }
        Block::Table(t) => {
            if t.rows.is_empty()
                && let Some(empty) = &t.empty
            {
                let _ = write!(b, "<p>{}</p>", esc(empty.trim()));
                return;
            }
            b.push_str("<table><tr>");
            for c in &t.columns {
                let n = if c.kind.numeric() { " class=\"n\"" } else { "" };
                let _ = write!(b, "<th{n}>{}</th>", esc(&c.label));
            }
            b.push_str("</tr>");
            for r in &t.rows {
                b.push_str("<tr>");
                for (i, (c, col)) in r.cells.iter().zip(&t.columns).enumerate() {
                    let tag = if r.total { "th" } else { "td" };
                    let numeric = col.kind.numeric() && !(r.total && matches!(c, Cell::Empty));
                    let n = if numeric && !(r.total && i == 0) {
                        " class=\"n\""
                    } else {
                        ""
                    };
                    let _ = write!(b, "<{tag}{n}>{}</{tag}>", cell(c, fr));
                }
                b.push_str("</tr>");
            }
            b.push_str("</table>");
        }
        Block::Fields(fields) => {
            b.push_str("<table>");
            for (k, v) in fields {
                let _ = write!(b, "<tr><th>{}</th><td>{}</td></tr>", esc(k), esc(v));
            }
            b.push_str("</table>");
        }
        Block::Cards(cards) => {
            b.push_str("<div class=\"cards\">");
            for (k, v) in cards {
                let _ = write!(b, "<div class=\"card\"><b>{}</b>{}</div>", esc(v), esc(k));
            }
            b.push_str("</div>");
        }
        Block::Chart(c) => chart(b, c, fr),
        Block::Matrix(m) => {
            b.push_str("<table class=\"matrix\"><tr><th></th>");
            for month in &m.months {
                let _ = write!(
                    b,
                    "<th title=\"{}\">{}</th>",
                    esc(month),
                    esc(month.get(5..).unwrap_or(month))
                );
            }
            b.push_str("<th class=\"n\">%</th></tr>");
            for (house, got, rate) in &m.rows {
                let _ = write!(b, "<tr><th>{}</th>", esc(house));
                for (month, got) in m.months.iter().zip(got) {
                    let _ = write!(
                        b,
                        "<td class=\"{}\" title=\"{} {}\">{}</td>",
                        if *got { "cell-yes" } else { "cell-no" },
                        esc(house),
                        esc(month),
                        if *got { "✓" } else { "·" }
                    );
                }
                let _ = write!(
                    b,
                    "<td class=\"n\">{}</td></tr>",
                    esc(&document::progress_text(*rate))
                );
            }
            b.push_str("</table>");
        }
        Block::Alerts { title, items } => {
            let _ = write!(b, "<section><h2>{}</h2><ul>", esc(title));
            for a in items {
                let _ = write!(
                    b,
                    "<li class=\"alert-{}\"><b>{}</b> {}</li>",
                    if a.error { "error" } else { "warning" },
                    esc(&a.house),
                    esc(&a.text)
                );
            }
            b.push_str("</ul></section>\n");
        }
        Block::Preformatted(doc) => {
            let _ = write!(b, "<pre>{}</pre>", esc(&super::table::emit(doc)));
        }
        Block::Gap => {}
    }
}

fn chart(b: &mut String, c: &Chart, fr: bool) {
    match c {
        Chart::Funnel { stages, total } => b.push_str(&svg::funnel(stages, *total)),
        Chart::Bars {
            bars,
            withheld,
            pilot,
            suffix,
        } => {
            let bars: Vec<Bar> = bars
                .iter()
                .enumerate()
                .map(|(i, (label, value, target))| {
                    let withheld = withheld.get(i).copied().unwrap_or(false);
                    Bar {
                        label: label.clone(),
                        // A withheld value is never drawn, whatever it holds.
                        value: value.filter(|_| !withheld),
                        target: *target,
                        rtl: false,
                        withheld,
                    }
                })
                .collect();
            b.push_str(&svg::bars(&bars, *pilot, suffix, fr));
        }
        Chart::Sparkline {
            values,
            fewer,
            withheld,
            first,
            last,
        } => {
            let mut chart = svg::sparkline(values, fewer, first, last, fr);
            // A withheld month: a grey tick at the foot of the chart, no value.
            chart.truncate(chart.len() - "</svg>".len());
            chart.push_str(&svg::withheld_ticks(withheld, values.len(), fr));
            chart.push_str("</svg>");
            b.push_str(&chart);
        }
        Chart::Dumbbell(rows) => b.push_str(&svg::dumbbell(rows)),
        Chart::Strip {
            values,
            q1,
            median,
            q3,
            suffix,
        } => b.push_str(&svg::strip(values, *q1, *median, *q3, suffix, fr)),
        Chart::Slope {
            from,
            to,
            lines,
            suffix,
        } => b.push_str(&svg::slope(from, to, lines, suffix, fr)),
        Chart::Legend(items) => {
            b.push_str("<p class=\"legend\">");
            for (style, text) in items {
                let _ = write!(b, "<i style=\"{style}\"></i>{}", esc(text));
            }
            b.push_str("</p>");
        }
    }
}
