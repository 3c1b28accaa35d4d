//! The report in Markdown, for notes and wikis: the document laid out as
//! headings, paragraphs and pipe tables. All text is escaped here, once.

use std::fmt::Write;

use crate::report::document::{self, Block, Document, MARKDOWN, Span};

/// Text from the data made safe for Markdown: HTML is escaped and a line
/// break becomes a space, so that a name cannot open a heading or a tag.
pub fn esc(s: &str) -> String {
    let s = if crate::report::i18n::rtl() {
        crate::report::i18n::isolate_ltr_runs(s)
    } else {
        s.to_string()
    };
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace(['\r', '\n'], " ")
}

/// Escapes a table cell: text as [`esc`], and `|` that would end the cell.
fn cell(s: &str) -> String {
    esc(s).replace('|', "\\|")
}

fn row(out: &mut String, cells: &[String]) {
    let cells: Vec<String> = cells.iter().map(|c| cell(c)).collect();
    let _ = writeln!(out, "| {} |", cells.join(" | "));
}

fn header(out: &mut String, cells: &[String], numeric: &[bool]) {
    row(out, cells);
    let seps: Vec<&str> = numeric
        .iter()
        .map(|n| if *n { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "| {} |", seps.join(" | "));
}

/// Lays a document out as Markdown.
pub fn emit(doc: &Document) -> String {
    let mut out = String::new();
    for b in document::flat(&doc.blocks, MARKDOWN) {
        block(&mut out, b, doc.fr);
    }
    if crate::report::i18n::rtl() {
        // Renderers that keep HTML blocks (GitHub, GitLab, pandoc) lay it out right to left.
        out = format!("<div dir=\"rtl\" lang=\"ar\">\n\n{out}\n</div>\n");
    }
    out
}

fn spans(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|s| match s {
            Span::Strong(t) | Span::Badge(t) => format!("**{}**", esc(t)),
            other => esc(other.text()),
        })
        .collect()
}

fn block(out: &mut String, b: &Block, fr: bool) {
    match b {
        Block::Only(..) | Block::Group(..) => {}
        Block::Title { text, facts, badge } => {
            let strong = |b: &str| format!("**{}**", esc(b));
            let line = document::facts_line(facts, badge.as_ref(), esc, strong);
            let _ = writeln!(out, "# {}\n\n{line}\n", esc(text));
        }
        Block::Heading { level, text } => {
            let _ = writeln!(out, "{} {}\n", "#".repeat(*level as usize), esc(text));
        }
        Block::Paragraph { spans: s, .. } => {
            let _ = writeln!(out, "{}\n", spans(s));
        }
        Block::Caption(text) => {
            let _ = writeln!(out, "{}\n", esc(text));
        }
        Block::Table(t) => {
            let labels: Vec<String> = t.columns.iter().map(|c| c.label.clone()).collect();
            let numeric: Vec<bool> = t.columns.iter().map(|c| c.kind.numeric()).collect();
            header(out, &labels, &numeric);
            // A Markdown table has no footer: totals are left to the page.
            for r in t.rows.iter().filter(|r| !r.total) {
                let cells: Vec<String> = r.cells.iter().map(|c| c.text(fr)).collect();
                row(out, &cells);
            }
        }
        Block::Fields(fields) => {
            header(out, &[String::new(), String::new()], &[false, false]);
            for (k, v) in fields {
                row(out, &[k.clone(), v.clone()]);
            }
        }
        Block::Cards(cards) => {
            let text: Vec<String> = cards.iter().map(|(k, v)| format!("{k} {v}")).collect();
            let _ = writeln!(out, "{}\n", esc(&text.join(" · ")));
        }
        Block::Matrix(m) => {
            let mut head = vec![m.corner.clone()];
            head.extend(m.months.iter().cloned());
            head.push("%".into());
            let numeric: Vec<bool> = (0..head.len()).map(|i| i > 0).collect();
            header(out, &head, &numeric);
            for (house, got, rate) in &m.rows {
                let mut cells = vec![house.clone()];
                cells.extend(got.iter().map(|g| if *g { "✓" } else { "·" }.to_string()));
                cells.push(document::progress_text(*rate));
                row(out, &cells);
            }
        }
        Block::Alerts { title, items } => {
            let _ = writeln!(out, "## {}\n", esc(title));
            for a in items {
                let _ = writeln!(
                    out,
                    "- {} **{}** {}",
                    if a.error { "✖" } else { "⚠" },
                    esc(&a.house),
                    esc(&a.text)
                );
            }
        }
        Block::Preformatted(doc) => {
            // A fence longer than any run of backticks in the text, so that
            // no title can close the block early.
            let text = super::table::emit(doc);
            let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
            let fence = "`".repeat(longest.max(2) + 1);
            let _ = write!(out, "{fence}\n{text}{fence}\n");
        }
        Block::Gap => out.push('\n'),
        Block::Chart(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::document::Style;

    fn text(t: &str) -> Block {
        Block::Paragraph {
            style: Style::Plain,
            spans: vec![Span::Text(t.into())],
        }
    }

    #[test]
    fn user_text_cannot_open_a_tag_or_a_heading() {
        assert_eq!(esc("<b>x</b>\n# y & z"), "&lt;b&gt;x&lt;/b&gt; # y &amp; z");
        assert_eq!(cell("a|b\nc"), "a\\|b c");
    }

    #[test]
    fn a_code_block_fence_outlasts_the_backticks_inside() {
        let inner = Document {
            fr: true,
            title: String::new(),
            blocks: vec![text("Former ```au``` numérique")],
        };
        let doc = Document {
            fr: true,
            title: String::new(),
            blocks: vec![Block::Preformatted(inner)],
        };
        assert_eq!(emit(&doc), "````\nFormer ```au``` numérique\n````\n");
    }
}
