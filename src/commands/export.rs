//! `suivi export KIND`: data out for spreadsheets (CSV, French-Excel CSV, xlsx)
//! or scripts (JSON), streamed row by row, and importable back as is.

use std::io::Write;
use std::path::Path;

use crate::store::Conn;
use anyhow::Result;

use crate::cli::{ExportArgs, ExportKind, Format};
use crate::context::{Ctx, format_name};
use crate::output::columns;
use crate::sheet::headers::{FileKind, column};
use crate::sheet::write::{Cell, CsvStyle, write_csv, write_xlsx};
use crate::store::{association, house, indicator, observation, plan, target};

pub fn run(ctx: &Ctx, a: &ExportArgs) -> Result<()> {
    let is_xlsx_path = a.out.as_ref().is_some_and(|p| {
        p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    });
    let format = match ctx.format {
        None if is_xlsx_path => Format::Xlsx,
        None | Some(Format::Table) => Format::Csv,
        Some(f @ (Format::Csv | Format::Json | Format::Xlsx)) => f,
        Some(other) => {
            return Err(crate::messages::usage(
                crate::messages::Msg::NotAnExportFormat {
                    format: format_name(other).to_string(),
                },
            ));
        }
    };
    if format == Format::Xlsx && a.out.is_none() {
        return Err(crate::messages::usage(crate::messages::Msg::XlsxNeedsOut));
    }
    // The name says what the file is: never CSV inside an .xlsx name, nor the reverse.
    if let Some(out) = &a.out
        && is_xlsx_path != (format == Format::Xlsx)
    {
        return Err(crate::messages::usage(crate::messages::Msg::OutMismatch {
            out: out.display().to_string(),
            format: format_name(format).to_string(),
        }));
    }
    let db = ctx.open()?;
    let (kind_name, keys) = columns(a.kind);
    let headers: Vec<String> = keys
        .iter()
        .map(|k| {
            let spreadsheet = a.excel || format == Format::Xlsx;
            match (spreadsheet, file_kind(a.kind).and_then(|fk| column(fk, k))) {
                (true, Some(spec)) => if ctx.fr() {
                    spec.header_fr
                } else {
                    spec.header_en
                }
                .to_string(),
                _ => k.to_string(),
            }
        })
        .collect();
    let mut failure: Option<anyhow::Error> = None;
    let emit = |rows: &mut dyn Iterator<Item = Vec<Cell>>| -> Result<()> {
        match format {
            Format::Xlsx => {
                let path = a.out.as_deref().expect("checked above");
                write_xlsx(path, kind_name, &headers, rows).map_err(|e| anyhow::anyhow!("{e}"))?;
                crate::output::warn(
                    &crate::messages::Msg::Wrote {
                        path: path.display().to_string(),
                    }
                    .to_string(),
                )
            }
            Format::Json => with_output(a.out.as_deref(), |w| write_json(w, keys, rows)),
            _ => {
                let style = if a.excel {
                    CsvStyle::Excel
                } else {
                    CsvStyle::Plain
                };
                with_output(a.out.as_deref(), |w| {
                    Ok(write_csv(w, style, &headers, rows)?)
                })
            }
        }
    };
    rows(&db.conn, a.kind, &mut failure, emit)?;
    match failure {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

fn with_output(out: Option<&Path>, f: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    match out {
        Some(p) => {
            crate::fsout::write_with(p, f)?;
            crate::output::warn(
                &crate::messages::Msg::Wrote {
                    path: p.display().to_string(),
                }
                .to_string(),
            )
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            f(&mut w)?;
            w.flush()?;
            Ok(())
        }
    }
}

/// A JSON array of objects, one per row, written as the rows come.
fn write_json(
    w: &mut dyn Write,
    keys: &[&str],
    rows: &mut dyn Iterator<Item = Vec<Cell>>,
) -> Result<()> {
    w.write_all(b"[")?;
    let mut first = true;
    for row in rows {
        let mut obj = serde_json::Map::new();
        for (k, c) in keys.iter().zip(row) {
            let v = match c {
                Cell::Text(s) | Cell::Date(s) => serde_json::Value::String(s),
                Cell::Number(n) => crate::output::num(Some(n)),
                Cell::Empty => serde_json::Value::Null,
            };
            obj.insert(k.to_string(), v);
        }
        w.write_all(if first { b"\n  " } else { b",\n  " })?;
        first = false;
        serde_json::to_writer(&mut *w, &obj)?;
    }
    w.write_all(if first { b"]\n" } else { b"\n]\n" })?;
    Ok(())
}

fn file_kind(k: ExportKind) -> Option<FileKind> {
    Some(match k {
        ExportKind::Houses => FileKind::Houses,
        ExportKind::Associations => FileKind::Associations,
        ExportKind::Observations => FileKind::Observations,
        ExportKind::Targets => FileKind::Targets,
        ExportKind::Actions => FileKind::Actions,
        ExportKind::Assessments => FileKind::Assessments,
        ExportKind::Indicators => return None,
    })
}

/// The sheet name and the column keys of each export.
fn columns(k: ExportKind) -> (&'static str, &'static [&'static str]) {
    match k {
        ExportKind::Houses => ("houses", columns::HOUSES),
        ExportKind::Associations => ("associations", columns::ASSOCIATIONS),
        ExportKind::Indicators => ("indicators", columns::INDICATORS),
        ExportKind::Observations => ("observations", columns::OBSERVATIONS),
        ExportKind::Targets => ("targets", columns::TARGETS),
        ExportKind::Actions => ("actions", columns::ACTIONS),
        ExportKind::Assessments => ("assessments", columns::ASSESSMENTS),
    }
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

fn opt(s: &Option<String>) -> Cell {
    s.as_deref().map(text).unwrap_or(Cell::Empty)
}

fn date(s: &Option<String>) -> Cell {
    s.clone().map(Cell::Date).unwrap_or(Cell::Empty)
}

fn number(v: Option<f64>) -> Cell {
    v.map(Cell::Number).unwrap_or(Cell::Empty)
}

/// Feeds the rows of an export to `emit`; a database error while streaming
/// ends the rows and is left in `failure`.
fn rows(
    conn: &Conn,
    kind: ExportKind,
    failure: &mut Option<anyhow::Error>,
    emit: impl FnOnce(&mut dyn Iterator<Item = Vec<Cell>>) -> Result<()>,
) -> Result<()> {
    let mut collected: Vec<Vec<Cell>> = match kind {
        ExportKind::Observations => {
            return observation::with_exported(conn, |rows| {
                let mut streamed = rows.map_while(|r| match r {
                    Ok(o) => Some(vec![
                        Cell::Text(o.house),
                        Cell::Text(o.indicator),
                        Cell::Text(o.period),
                        Cell::Number(o.value),
                        o.comment.map(Cell::Text).unwrap_or(Cell::Empty),
                        number(o.batch.map(|b| b as f64)),
                        Cell::Text(o.recorded_at),
                        Cell::Text(o.recorded_by),
                    ]),
                    Err(e) => {
                        *failure = Some(e);
                        None
                    }
                });
                emit(&mut streamed)
            })?;
        }
        ExportKind::Houses => house::list(conn, &house::Filter::default())?
            .iter()
            .map(|h| {
                vec![
                    text(&h.code),
                    text(&h.name),
                    opt(&h.name_ar),
                    text(&h.kind),
                    text(&h.region),
                    opt(&h.province),
                    opt(&h.commune),
                    opt(&h.milieu),
                    Cell::Number(h.capacity as f64),
                    opt(&h.association),
                    text(&h.cohort),
                    date(&h.opened),
                    text(&h.status),
                    opt(&h.legal_basis),
                    opt(&h.authorisation_no),
                    date(&h.authorisation_date),
                ]
            })
            .collect(),
        ExportKind::Associations => association::list(conn)?
            .iter()
            .map(|a| {
                vec![
                    text(&a.code),
                    text(&a.name),
                    opt(&a.registration_no),
                    opt(&a.president),
                    opt(&a.phone),
                    opt(&a.email),
                ]
            })
            .collect(),
        ExportKind::Indicators => indicator::catalogue(conn)?
            .items
            .iter()
            .map(|i| {
                let v = indicator::to_json(i);
                columns::INDICATORS
                    .iter()
                    .map(|k| v[*k].as_str().map(text).unwrap_or(Cell::Empty))
                    .collect()
            })
            .collect(),
        ExportKind::Targets => target::list(conn, None)?
            .iter()
            .map(|(_, _, t)| {
                vec![
                    text(&t.house),
                    text(&t.indicator),
                    number(t.baseline),
                    opt(&t.baseline_period),
                    Cell::Number(t.target),
                    text(&t.target_period),
                ]
            })
            .collect(),
        ExportKind::Actions => plan::actions(conn, None, None)?
            .iter()
            .map(|a| {
                vec![
                    Cell::Number(a.id as f64),
                    text(&a.house),
                    text(&a.axis),
                    text(&a.title),
                    opt(&a.owner),
                    date(&a.start),
                    Cell::Date(a.due.clone()),
                    number(a.budget),
                    number(a.spent),
                    text(&a.status),
                    number(a.progress),
                ]
            })
            .collect(),
        ExportKind::Assessments => plan::assessments(conn, None)?
            .iter()
            .map(|s| {
                vec![
                    text(&s.house),
                    text(&s.period),
                    text(&s.dimension),
                    Cell::Number(s.score),
                ]
            })
            .collect(),
    };
    emit(&mut collected.drain(..))
}
