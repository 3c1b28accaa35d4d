//! Reports for a terminal: the document as short tables that fit 80 columns.

use comfy_table::{ContentArrangement, Table, presets};

use crate::report::compute::Computed;
use crate::report::document::{self, Block, Document, TERMINAL};
use crate::report::model::PlanView;

pub fn pilot(c: &Computed, fr: bool) -> String {
    emit(&document::pilot(&c.report, fr))
}

/// `plan show` for a terminal.
pub fn plan(v: &PlanView, fr: bool) -> String {
    emit(&document::plan(v, fr))
}

/// Lays a document out for a terminal.
pub fn emit(doc: &Document) -> String {
    let mut out = String::new();
    for b in document::flat(&doc.blocks, TERMINAL) {
        block(&mut out, b, doc.fr);
    }
    out
}

fn block(out: &mut String, b: &Block, fr: bool) {
    match b {
        Block::Only(..) | Block::Group(..) => {}
        Block::Title { text, facts, badge } => {
            out.push_str(text);
            if let Some(b) = badge {
                out.push_str(&format!(" ({b})"));
            }
            out.push('\n');
            out.push_str(&facts.join(" · "));
            out.push('\n');
        }
        Block::Heading { text, .. } => {
            out.push_str(text);
            out.push('\n');
        }
        Block::Paragraph { spans, .. } => {
            let text: String = spans.iter().map(document::Span::text).collect();
            for line in text.lines() {
                if line.chars().count() > 80 {
                    out.push_str(&wrap(line, 78, "", ""));
                } else {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        Block::Caption(text) => {
            out.push_str(text);
            out.push('\n');
        }
        Block::Table(t) => {
            if t.rows.is_empty()
                && let Some(empty) = &t.empty
            {
                out.push_str(empty);
                out.push('\n');
                return;
            }
            let mut x = table(t.columns.iter().map(|c| c.label.clone()).collect());
            for r in &t.rows {
                x.add_row(r.cells.iter().map(|c| c.text(fr)).collect::<Vec<_>>());
            }
            out.push_str(&format!("{x}\n"));
        }
        Block::Fields(fields) => {
            let mut x = table(vec![String::new(), String::new()]);
            for (k, v) in fields {
                x.add_row(vec![k.clone(), v.clone()]);
            }
            out.push_str(&format!("{x}\n"));
        }
        Block::Cards(cards) => {
            let text: Vec<String> = cards.iter().map(|(k, v)| format!("{k} {v}")).collect();
            out.push_str(&wrap(&text.join(" · "), 78, "", ""));
        }
        Block::Matrix(m) => {
            // Months as their number only, so that 12 columns fit 80 characters.
            let mut header = vec![m.corner.clone()];
            header.extend(m.months.iter().map(|m| m.get(5..).unwrap_or(m).to_string()));
            header.push("%".into());
            let mut x = Table::new();
            x.load_style(presets::UTF8_FULL_CONDENSED)
                .set_header(header);
            for (house, got, rate) in &m.rows {
                let mut row = vec![house.clone()];
                row.extend(got.iter().map(|g| if *g { "✓" } else { "·" }.to_string()));
                row.push(document::progress_text(*rate));
                x.add_row(row);
            }
            out.push_str(&format!("{x}\n"));
        }
        Block::Alerts { title, items } => {
            out.push_str(title);
            out.push('\n');
            for a in items {
                let mark = if a.error { "✖" } else { "⚠" };
                let text = format!("{mark} {} {}", a.house, a.text);
                out.push_str(&wrap(&text, 78, "  ", "      "));
            }
        }
        Block::Preformatted(doc) => out.push_str(&emit(doc)),
        Block::Gap => out.push('\n'),
        Block::Chart(_) => {}
    }
}

fn table(header: Vec<String>) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(80)
        .set_header(header);
    t
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
