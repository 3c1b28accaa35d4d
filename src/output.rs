//! The one place that prints listings and records: as an aligned table for a
//! person, CSV for a spreadsheet, or JSON (arrays of objects) for a script.

use std::io::Write;

use anyhow::Result;
use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::cli::Format;

/// The columns of each kind of record, shared by its listing (`list --format`)
/// and its export, so that the two cannot drift apart. Keys are snake_case: JSON
/// keys, CSV headers, and import column keys.
pub mod columns {
    pub const ASSOCIATIONS: &[&str] = &[
        "code",
        "name",
        "registration_no",
        "president",
        "phone",
        "email",
    ];
    pub const INDICATORS: &[&str] = &[
        "code",
        "name_fr",
        "name_en",
        "unit",
        "direction",
        "over_time",
        "across",
        "formula",
    ];
    pub const HOUSES: &[&str] = &[
        "code",
        "name",
        "name_ar",
        "kind",
        "region",
        "province",
        "commune",
        "milieu",
        "capacity",
        "association",
        "cohort",
        "opened",
        "status",
        "legal_basis",
        "authorisation_no",
        "authorisation_date",
    ];
    pub const OBSERVATIONS: &[&str] = &[
        "house",
        "indicator",
        "period",
        "value",
        "comment",
        "batch",
        "recorded_at",
        "recorded_by",
    ];
    pub const TARGETS: &[&str] = &[
        "house",
        "indicator",
        "baseline",
        "baseline_period",
        "target",
        "target_period",
    ];
    pub const ACTIONS: &[&str] = &[
        "id", "house", "axis", "title", "owner", "start", "due", "budget", "spent", "status",
        "progress",
    ];
    pub const ASSESSMENTS: &[&str] = &["house", "period", "dimension", "score"];
}

/// Rows of named columns; keys are snake_case and are the JSON keys.
#[derive(Debug, Default, Clone)]
pub struct Listing {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

impl Listing {
    pub fn new(columns: &[&str]) -> Listing {
        Listing {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<Value>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.rows.push(row);
    }

    /// Builds a listing from serializable records, keeping the given columns.
    pub fn of<T: Serialize>(items: &[T], columns: &[&str]) -> Result<Listing> {
        let mut l = Listing::new(columns);
        for item in items {
            let v = serde_json::to_value(item)?;
            l.push(
                columns
                    .iter()
                    .map(|c| v.get(*c).cloned().unwrap_or(Value::Null))
                    .collect(),
            );
        }
        Ok(l)
    }

    pub fn to_json(&self) -> Value {
        Value::Array(
            self.rows
                .iter()
                .map(|row| {
                    let mut m = Map::new();
                    for (c, v) in self.columns.iter().zip(row) {
                        m.insert(c.clone(), v.clone());
                    }
                    Value::Object(m)
                })
                .collect(),
        )
    }
}

/// Text of a value in a table or CSV cell: null is empty, numbers are short.
pub fn cell_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() => number_text(f),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

/// A cell of a CSV listing: text that a spreadsheet would run as a formula
/// (a name starting with `=`, `+`, `-`, `@`) is neutralised as in exports.
pub fn csv_cell(v: &Value) -> String {
    match v {
        Value::String(s) => crate::sheet::write::guard_formula(s).into_owned(),
        other => cell_text(other),
    }
}

/// A float with at most 2 decimals and no trailing zeros.
pub fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    let s = format!("{f:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A JSON number, or null for a missing or non-finite value.
pub fn num(v: Option<f64>) -> Value {
    v.and_then(serde_json::Number::from_f64)
        .map(Value::Number)
        .unwrap_or(Value::Null)
}

pub fn text(s: &str) -> Value {
    Value::String(s.to_string())
}

pub fn opt_text(s: &Option<String>) -> Value {
    s.as_ref()
        .map(|s| Value::String(s.clone()))
        .unwrap_or(Value::Null)
}

pub fn print_listing(format: Format, listing: &Listing) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &listing.to_json())?;
            writeln!(out)?;
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(&listing.columns)?;
            for row in &listing.rows {
                w.write_record(row.iter().map(csv_cell))?;
            }
            w.flush()?;
        }
        _ => {
            if listing.rows.is_empty() {
                writeln!(out, "(none)")?;
            } else {
                writeln!(out, "{}", table(&listing.columns, &listing.rows))?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// Prints one record (`show`): a two-column table, a one-row CSV, or a JSON object.
pub fn print_record(format: Format, fields: &[(&str, Value)]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            let mut m = Map::new();
            for (k, v) in fields {
                m.insert(k.to_string(), v.clone());
            }
            serde_json::to_writer_pretty(&mut out, &Value::Object(m))?;
            writeln!(out)?;
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(fields.iter().map(|(k, _)| *k))?;
            w.write_record(fields.iter().map(|(_, v)| csv_cell(v)))?;
            w.flush()?;
        }
        _ => {
            let rows: Vec<Vec<Value>> = fields
                .iter()
                .map(|(k, v)| vec![text(k), v.clone()])
                .collect();
            let mut t = base_table();
            for r in &rows {
                t.add_row(r.iter().map(cell_text));
            }
            writeln!(out, "{t}")?;
        }
    }
    out.flush()?;
    Ok(())
}

fn base_table() -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED);
    // Fit a terminal; in a file or a pipe, keep each row on one line.
    if t.width().is_some() {
        t.set_content_arrangement(ContentArrangement::Dynamic);
    }
    t
}

/// A comfy-table of the given header and rows, fitted to the terminal.
pub fn table(columns: &[String], rows: &[Vec<Value>]) -> Table {
    let mut t = base_table();
    t.set_header(columns);
    for r in rows {
        t.add_row(r.iter().map(cell_text));
    }
    t
}

/// Writes a rendering to `--out` (and says so on stderr), or to standard output.
pub fn write_text(out: Option<&std::path::Path>, text: &str) -> Result<()> {
    match out {
        Some(path) => {
            crate::fsout::write_bytes(path, text.as_bytes())?;
            eprintln!("Wrote {}", path.display());
            Ok(())
        }
        None => {
            let mut o = std::io::stdout().lock();
            o.write_all(text.as_bytes())?;
            o.flush()?;
            Ok(())
        }
    }
}
