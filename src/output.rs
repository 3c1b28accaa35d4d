//! The one place that prints listings and records: as an aligned table for a
//! person, CSV for a spreadsheet, or JSON (arrays of objects) for a script.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

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
        "name_ar",
        "kinds",
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
    /// Columns a narrow table keeps first (the others go when they do not fit);
    /// empty means the first column.
    pub key: Vec<String>,
}

static WIDE: AtomicBool = AtomicBool::new(false);

/// `--wide`: tables show every column at full length, whatever the width.
pub fn set_wide(wide: bool) {
    WIDE.store(wide, Ordering::Relaxed);
}

impl Listing {
    pub fn new(columns: &[&str]) -> Listing {
        Listing {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: Vec::new(),
            key: Vec::new(),
        }
    }

    /// Declares the key columns: a table narrower than the listing keeps these.
    pub fn keyed(mut self, key: &[&str]) -> Listing {
        self.key = key.iter().map(|c| c.to_string()).collect();
        self
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

/// A float with at most 2 decimals and no trailing zeros (see `domain::format::plain`).
pub fn number_text(f: f64) -> String {
    crate::domain::format::plain(f)
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
                writeln!(out, "{}", crate::messages::Msg::NoRowsListed)?;
            } else if WIDE.load(Ordering::Relaxed) {
                writeln!(
                    out,
                    "{}",
                    wide_table(&headers(&listing.columns), &listing.rows)
                )?;
            } else {
                let fit = fit(listing, width());
                writeln!(out, "{}", fit.table)?;
                if !fit.dropped.is_empty() && std::io::stderr().is_terminal() {
                    eprintln!(
                        "{}",
                        crate::messages::Msg::ColumnsNotShown {
                            n: fit.dropped.len(),
                            names: headers(&fit.dropped).join(", "),
                        }
                    );
                }
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
                .map(|(k, v)| {
                    vec![
                        text(&crate::messages::column_label(k, crate::messages::lang())),
                        v.clone(),
                    ]
                })
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

/// The width tables fit: `$COLUMNS`, else the terminal's, else 80.
pub fn width() -> usize {
    if let Some(n) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|n| *n >= 20)
    {
        return n;
    }
    Table::new()
        .width()
        .map(usize::from)
        .filter(|n| *n >= 20)
        .unwrap_or(80)
}

/// The headers a person reads above a table's columns (keys stay in CSV and JSON).
fn headers(keys: &[String]) -> Vec<String> {
    let lang = crate::messages::lang();
    keys.iter()
        .map(|k| crate::messages::column_label(k, lang))
        .collect()
}

/// Every column, full length, each row on one line.
fn wide_table(columns: &[String], rows: &[Vec<Value>]) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED);
    t.set_content_arrangement(ContentArrangement::Disabled);
    t.set_header(columns);
    for r in rows {
        t.add_row(r.iter().map(cell_text));
    }
    t
}

/// A table fitted to a width, and the columns it left out.
pub struct Fitted {
    pub table: Table,
    pub dropped: Vec<String>,
}

/// Display width of a text in terminal cells.
fn cells(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// `s` cut to at most `max` cells, ending with `…` when cut.
pub fn shorten(s: &str, max: usize) -> String {
    if cells(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// Lays out a listing in at most `width` cells a line: the key columns first, the
/// others in order while they fit; then the widest cells are shortened with `…`
/// until the table fits. Rows stay on one line each.
pub fn fit(listing: &Listing, width: usize) -> Fitted {
    let n = listing.columns.len();
    let texts: Vec<Vec<String>> = listing
        .rows
        .iter()
        .map(|r| r.iter().map(|v| cell_text(v).replace('\n', " ")).collect())
        .collect();
    // Widths count the headers as shown (in the language of the run), not the keys.
    let labels = headers(&listing.columns);
    let natural: Vec<usize> = (0..n)
        .map(|i| {
            texts
                .iter()
                .map(|r| cells(&r[i]))
                .chain([cells(&labels[i])])
                .max()
                .unwrap_or(0)
                .max(1)
        })
        .collect();
    // The narrowest a column gets: its header up to 8 cells, at least 3.
    let least: Vec<usize> = (0..n)
        .map(|i| cells(&labels[i]).clamp(3, 8).min(natural[i]))
        .collect();
    let is_key = |i: usize| {
        if listing.key.is_empty() {
            i == 0
        } else {
            listing.key.contains(&listing.columns[i])
        }
    };
    // The width a column is worth keeping at: a key column up to 40 cells, another
    // up to 20; a column that is not key only comes in at that width.
    let target: Vec<usize> = (0..n)
        .map(|i| {
            natural[i]
                .min(if is_key(i) { 40 } else { 20 })
                .max(least[i])
        })
        .collect();
    // Borders: one cell before each column and at the end, a space either side.
    let total = |cols: &[usize], w: &dyn Fn(usize) -> usize| -> usize {
        cols.iter().map(|&i| w(i) + 3).sum::<usize>() + 1
    };
    let mut chosen: Vec<usize> = Vec::new();
    for i in (0..n).filter(|&i| is_key(i)) {
        let with = [chosen.as_slice(), &[i]].concat();
        if chosen.is_empty() || total(&with, &|j| least[j]) <= width {
            chosen.push(i);
        }
    }
    for i in (0..n).filter(|&i| !is_key(i)) {
        let with = [chosen.as_slice(), &[i]].concat();
        if total(&with, &|j| target[j]) <= width {
            chosen.push(i);
        }
    }
    chosen.sort_unstable();
    // Start every chosen column at its natural width, then take a cell at a time
    // from the widest column above its target, then above its least width
    // (the other columns before the key ones: a key is what names the row).
    let mut widths: Vec<usize> = natural.clone();
    for floor in [&target, &least] {
        while total(&chosen, &|j| widths[j]) > width {
            let widest = chosen
                .iter()
                .copied()
                .filter(|&j| widths[j] > floor[j])
                .max_by_key(|&j| (!is_key(j), widths[j]));
            match widest {
                Some(j) => widths[j] -= 1,
                None => break,
            }
        }
    }
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED);
    t.set_content_arrangement(ContentArrangement::Disabled);
    t.set_header(chosen.iter().map(|&i| shorten(&labels[i], widths[i])));
    for r in &texts {
        t.add_row(chosen.iter().map(|&i| shorten(&r[i], widths[i])));
    }
    let dropped = (0..n)
        .filter(|i| !chosen.contains(i))
        .map(|i| listing.columns[i].clone())
        .collect();
    Fitted { table: t, dropped }
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
    write_with(out, |w| Ok(w.write_all(text.as_bytes())?))
}

/// [`write_text`] of a rendering that `render` writes as it goes: to standard
/// output through a buffer, without holding the whole text (a national
/// report's JSON is a hundred megabytes); to `--out`, whole, as every file is.
pub fn write_with(
    out: Option<&std::path::Path>,
    render: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    match out {
        Some(path) => {
            let mut bytes = Vec::new();
            render(&mut bytes)?;
            crate::fsout::write_bytes(path, &bytes)?;
            eprintln!(
                "{}",
                crate::messages::Msg::Wrote {
                    path: path.display().to_string()
                }
            );
            Ok(())
        }
        None => {
            let mut o = std::io::BufWriter::new(std::io::stdout().lock());
            render(&mut o)?;
            o.flush()?;
            Ok(())
        }
    }
}

/// `import --format json`: the summary in the shape the README documents.
pub fn import_summary_json(s: &crate::import::ImportSummary) -> Result<()> {
    write_text(None, &(serde_json::to_string_pretty(s)? + "\n"))
}

/// The summary of an import for a person: counts, the batch (or why there is
/// none), the rejected rows written aside, and a dry run's changes.
pub fn import_summary_text(s: &crate::import::ImportSummary) -> String {
    use crate::messages::Msg;
    let mut out = String::new();
    let how = Msg::ImportHow {
        sheet: s.sheet.clone(),
        shape: s.shape.map(str::to_string),
        encoding: s.encoding.clone(),
        delimiter: s.delimiter.clone(),
        decimal: s.decimal.clone(),
    }
    .to_string();
    out.push_str(&format!(
        "{}\n",
        Msg::ImportSummaryLine {
            dry_run: s.dry_run,
            file: s.file.clone(),
            kind: s.kind.as_str().to_string(),
            how,
            rows: s.rows,
            inserted: s.inserted,
            updated: s.updated,
            unchanged: s.unchanged,
            rejected: s.rejected,
            empty: s.empty,
        }
    ));
    if s.warnings > 0 {
        out.push_str(&format!(
            "{}\n",
            Msg::ImportWarnings {
                n: s.warnings,
                dry_run: s.dry_run,
            }
        ));
    }
    if let Some(b) = s.batch {
        out.push_str(&format!("{}\n", Msg::ImportBatch { batch: b }));
    } else if !s.dry_run {
        out.push_str(&match s.already_imported {
            Some(b) => format!("{}\n", Msg::AlreadyImported { batch: b }),
            // Rows were refused: what they were is said below, or on stderr.
            None if s.rejected > 0 => String::new(),
            None => format!("{}\n", Msg::NothingChangedAll),
        });
    }
    if let Some(path) = &s.rejects {
        out.push_str(&format!(
            "{}\n",
            Msg::RejectsWritten {
                n: s.rejected,
                dry_run: s.dry_run,
                path: path.display().to_string(),
            }
        ));
        for e in s.errors.iter().take(20) {
            out.push_str(&format!(
                "  {}\n",
                Msg::RowAt {
                    line: e.line,
                    column: e.column.clone(),
                    why: e.message.clone(),
                }
            ));
        }
    }
    let new = Msg::NewValue.to_string();
    for c in &s.changes {
        out.push_str(&crate::messages::typo(
            &format!(
                "  {} : {} → {}\n",
                c.what,
                c.old.as_deref().unwrap_or(&new),
                c.new
            )
            .replacen(" : ", if crate::messages::fr() { " : " } else { ": " }, 1),
            crate::messages::lang(),
        ));
    }
    out
}

/// What `import undo` did, in one sentence.
pub fn undo_text(batch: i64, d: &crate::store::import::Undone) -> String {
    format!(
        "{}\n",
        crate::messages::Msg::UndidBatch {
            batch,
            removed: d.observations_removed,
            restored: d.observations_restored,
            records: d.records_restored,
        }
    )
}

/// Prints a warning on standard error: something was done, but a person
/// should look at it.
pub fn warn(text: &str) -> Result<()> {
    let mut e = std::io::stderr().lock();
    writeln!(e, "{text}")?;
    Ok(())
}

/// Prints one line of a command's result on standard output.
pub fn line(text: &str) -> Result<()> {
    let mut o = std::io::stdout().lock();
    writeln!(o, "{text}")?;
    o.flush()?;
    Ok(())
}

/// `plan show --format csv`: one long table, `section,item,field,value`, that
/// holds everything the JSON holds.
pub fn plan_csv(
    v: &crate::report::model::PlanView,
    action_columns: &[&str],
    action_row: &dyn Fn(&crate::store::plan::Action) -> Vec<Value>,
) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["section", "item", "field", "value"])?;
    let mut put = |section: &str, item: &str, field: &str, value: String| {
        w.write_record([section, item, field, &value])
    };
    if let Some(p) = &v.plan {
        put("plan", &format!("v{}", p.version), "start", p.start.clone())?;
        put("plan", &format!("v{}", p.version), "end", p.end.clone())?;
        put(
            "plan",
            &format!("v{}", p.version),
            "template",
            p.template.clone(),
        )?;
    }
    for s in &v.stages {
        put("stage", &s.stage, "reached_on", s.reached_on.clone())?;
    }
    for x in &v.axes {
        put("axis", &x.code, "label", x.label.clone())?;
        put("axis", &x.code, "total", x.total.to_string())?;
        put("axis", &x.code, "done", x.done.to_string())?;
        put("axis", &x.code, "late", x.late.to_string())?;
        put(
            "axis",
            &x.code,
            "execution_rate",
            x.execution_rate.map(number_text).unwrap_or_default(),
        )?;
        put("axis", &x.code, "budget", number_text(x.budget))?;
        put("axis", &x.code, "spent", number_text(x.spent))?;
        for a in &x.actions {
            let id = a.action.id.to_string();
            let row = action_row(&a.action);
            for (field, value) in action_columns.iter().zip(row) {
                if *field != "id" {
                    put("action", &id, field, cell_text(&value))?;
                }
            }
        }
    }
    for d in &v.assessment {
        put(
            "assessment",
            &d.dimension,
            "baseline_period",
            d.baseline_period.clone().unwrap_or_default(),
        )?;
        put(
            "assessment",
            &d.dimension,
            "baseline",
            d.baseline.map(number_text).unwrap_or_default(),
        )?;
        put(
            "assessment",
            &d.dimension,
            "latest_period",
            d.latest_period.clone().unwrap_or_default(),
        )?;
        put(
            "assessment",
            &d.dimension,
            "latest",
            d.latest.map(number_text).unwrap_or_default(),
        )?;
    }
    for e in &v.events {
        let id = e.id.to_string();
        put("event", &id, "kind", e.kind.clone())?;
        put("event", &id, "date", e.date.clone())?;
        put("event", &id, "title", e.title.clone())?;
        put(
            "event",
            &id,
            "women",
            e.women.map(|n| n.to_string()).unwrap_or_default(),
        )?;
        put(
            "event",
            &id,
            "men",
            e.men.map(|n| n.to_string()).unwrap_or_default(),
        )?;
    }
    for p in &v.previous_versions {
        put(
            "previous_version",
            &format!("v{}", p.version),
            "period",
            format!("{} to {}", p.start, p.end),
        )?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

/// Prints the rules `check` found broken, or says that every rule holds (table only:
/// CSV and JSON stay an empty listing for scripts).
pub fn print_violations(format: Format, listing: &Listing) -> Result<()> {
    if listing.rows.is_empty() && format == Format::Table {
        return line(&crate::messages::Msg::EveryRuleHolds.to_string());
    }
    print_listing(format, listing)
}
