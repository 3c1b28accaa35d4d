//! `suivi import KIND FILE`, `import history`, `import undo`: spreadsheets in,
//! all or nothing by default, idempotent, every value knowing its batch.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::Path;

use anyhow::{Context, Result};
use rusqlite::Connection;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::indicator::build_target;
use super::plan::{ActionFields, blank_action, build_action, find_dimension, parse_score};
use crate::cli::{DecimalArg, Format, HouseFields, ImportArgs, ImportCmd};
use crate::context::Ctx;
use crate::domain::indicator::{Catalogue, Indicator};
use crate::domain::number::{Decimal, sniff_decimal};
use crate::domain::period::Period;
use crate::error::{Error, rejected, rejected_with, usage};
use crate::output::{self, Listing};
use crate::sheet::decode::Encoding;
use crate::sheet::headers::{
    FileKind, HeaderMatch, column_letter, match_headers, missing_required,
};
use crate::sheet::read::{ReadOptions, Row, SheetReader, SourceFormat};
use crate::sheet::write::{strip_formula_guard, write_rejects};
use crate::store::import::{self as batches, Counts, ObservationSink, Upsert};
use crate::store::lock::{self, Lock};
use crate::store::{Writer, association, house, indicator, plan, region, target};
use crate::text::normalize;

pub fn run(ctx: &Ctx, cmd: ImportCmd) -> Result<()> {
    match cmd {
        ImportCmd::Houses(a) => import(ctx, FileKind::Houses, &a),
        ImportCmd::Associations(a) => import(ctx, FileKind::Associations, &a),
        ImportCmd::Observations(a) => import(ctx, FileKind::Observations, &a),
        ImportCmd::Targets(a) => import(ctx, FileKind::Targets, &a),
        ImportCmd::Actions(a) => import(ctx, FileKind::Actions, &a),
        ImportCmd::Assessments(a) => import(ctx, FileKind::Assessments, &a),
        ImportCmd::History => history(ctx),
        ImportCmd::Undo(a) => super::undo::run(ctx, &a),
    }
}

/// At most this many errors are kept and listed; the count goes on.
const MAX_LISTED_ERRORS: usize = 1000;
/// Rows read before the decimal separator is decided.
const SNIFF_ROWS: usize = 500;

#[derive(Debug, Clone, Serialize)]
pub struct RowError {
    pub line: u64,
    pub column: String,
    pub message: String,
}

/// The summary of an import, as CLI.md fixes its JSON shape.
#[derive(Debug, Serialize)]
struct Summary {
    file: String,
    rows: usize,
    inserted: usize,
    updated: usize,
    unchanged: usize,
    rejected: usize,
    /// Cells left empty: missing values, skipped (never zero).
    empty: usize,
    dry_run: bool,
    batch: Option<i64>,
    encoding: Option<String>,
    delimiter: Option<String>,
    decimal: String,
    shape: Option<&'static str>,
    errors: Vec<RowError>,
}

/// One change a dry run lists: what, old → new.
struct Change {
    what: String,
    old: Option<String>,
    new: String,
}

/// A row's failure: the column key at fault (if known) and the message.
struct Fail {
    field: Option<&'static str>,
    column: Option<String>,
    message: String,
}

impl Fail {
    fn from(e: anyhow::Error) -> std::result::Result<Fail, anyhow::Error> {
        match e.downcast::<Error>() {
            Ok(Error::Rejected {
                message,
                field,
                details,
                ..
            }) => Ok(Fail {
                field,
                column: None,
                message: if details.is_empty() {
                    message
                } else {
                    format!("{message} ({})", details.join("; "))
                },
            }),
            Ok(other) => Ok(Fail {
                field: None,
                column: None,
                message: other.to_string(),
            }),
            Err(e) => Err(e),
        }
    }

    fn at(field: &'static str, message: impl Into<String>) -> Fail {
        Fail {
            field: Some(field),
            column: None,
            message: message.into(),
        }
    }
}

/// What one row did.
#[derive(Default)]
struct Outcome {
    inserted: usize,
    updated: usize,
    unchanged: usize,
    empty: usize,
    changes: Vec<Change>,
}

impl Outcome {
    fn one(kind: Upsert) -> Outcome {
        let mut o = Outcome::default();
        match kind {
            Upsert::Inserted => o.inserted = 1,
            Upsert::Updated { .. } => o.updated = 1,
            _ => o.unchanged = 1,
        }
        o
    }
}

fn options(a: &ImportArgs) -> Result<ReadOptions> {
    let encoding = a
        .encoding
        .as_deref()
        .map(Encoding::from_user)
        .transpose()
        .map_err(|e| usage(format!("--encoding: {e}")))?;
    let delimiter = match a.delimiter.as_deref() {
        None => None,
        Some("," | "comma") => Some(b','),
        Some(";" | "semicolon") => Some(b';'),
        Some("\t" | "tab" | "\\t") => Some(b'\t'),
        Some("|" | "pipe") => Some(b'|'),
        Some(other) => return Err(usage(format!("--delimiter \"{other}\": use , ; tab or |"))),
    };
    Ok(ReadOptions {
        encoding,
        delimiter,
        sheet: a.sheet.clone(),
    })
}

fn sha256_of(path: &Path) -> Result<String> {
    let mut f =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = std::io::Read::read(&mut f, &mut buf)
            .with_context(|| format!("cannot read {}", path.display()))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// The import loop, common to every kind of file.
fn import(ctx: &Ctx, kind: FileKind, a: &ImportArgs) -> Result<()> {
    let format = ctx.listing_format()?;
    let mut db = ctx.open()?;
    let done = import_file(
        &mut db,
        &ctx.author,
        kind,
        a,
        a.dry_run && format == Format::Table,
    )?;
    let (summary, changes, error_count) = (done.summary, done.changes, done.error_count);
    let file = summary.file.clone();
    if error_count > 0 && !a.skip_invalid {
        let mut details: Vec<String> = summary
            .errors
            .iter()
            .map(|e| {
                if e.column.is_empty() {
                    format!("line {}: {}", e.line, e.message)
                } else {
                    format!("line {}, column {}: {}", e.line, e.column, e.message)
                }
            })
            .collect();
        if error_count > details.len() {
            details.push(format!("... and {} more", error_count - details.len()));
        }
        details.push("fix these rows and import again, or add --skip-invalid --rejects FILE to import the valid rows".into());
        if format == Format::Json {
            print_json(&summary)?;
        }
        return Err(rejected_with(
            format!("{file}: {error_count} row(s) rejected: nothing was imported"),
            details,
        ));
    }
    let rows = summary.rows;
    let empty = summary.empty;
    let counts = Counts {
        inserted: summary.inserted,
        updated: summary.updated,
        unchanged: summary.unchanged,
        rejected: summary.rejected,
    };
    let sha = done.sha256;
    match format {
        Format::Json => print_json(&summary),
        _ => {
            let mut out = String::new();
            let how = [
                summary.shape.map(|s| format!("{s} shape")),
                summary.encoding.clone(),
                summary.delimiter.as_ref().map(|d| format!("separator {d}")),
                Some(format!("decimal {}", summary.decimal)),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
            out.push_str(&format!(
                "{}{file} ({}; {how}): {rows} rows, {} inserted, {} updated, {} unchanged, {} rejected{}\n",
                if a.dry_run { "Dry run, nothing written: " } else { "" },
                kind.as_str(),
                counts.inserted,
                counts.updated,
                counts.unchanged,
                counts.rejected,
                if empty > 0 { format!(", {empty} empty cells skipped") } else { String::new() }
            ));
            if let Some(b) = summary.batch {
                out.push_str(&format!("Batch {b} (undo with `suivi import undo {b}`)\n"));
            } else if !a.dry_run {
                let earlier = batches::same_content(&db.conn, kind.as_str(), &sha)?;
                out.push_str(&match earlier {
                    Some(b) => {
                        format!("Nothing changed: this file was already imported (batch {b}).\n")
                    }
                    None => {
                        "Nothing changed: every value is already in the database.\n".to_string()
                    }
                });
            }
            if let Some(path) = &a.rejects
                && counts.rejected > 0
            {
                out.push_str(&format!(
                    "{} rejected row(s) written to {}\n",
                    counts.rejected,
                    path.display()
                ));
                for e in summary.errors.iter().take(20) {
                    out.push_str(&format!("  line {}, {}: {}\n", e.line, e.column, e.message));
                }
            }
            for c in &changes {
                out.push_str(&format!(
                    "  {}: {} → {}\n",
                    c.what,
                    c.old.as_deref().unwrap_or("(new)"),
                    c.new
                ));
            }
            output::write_text(None, &out)
        }
    }
}

/// What an import did, for the command to print.
pub struct Imported {
    summary: Summary,
    changes: Vec<Change>,
    error_count: usize,
    sha256: String,
}

impl Imported {
    /// Values inserted and updated, and the batch (None when nothing was written).
    pub fn outcome(&self) -> (usize, usize, Option<i64>) {
        (
            self.summary.inserted,
            self.summary.updated,
            self.summary.batch,
        )
    }

    pub fn error_count(&self) -> usize {
        self.error_count
    }
}

/// Reads, checks and writes one file in one transaction. Rows in error are
/// counted and listed; unless `skip_invalid`, any of them means nothing is
/// written. `collect_changes` keeps one line per changed value (for a dry run).
pub fn import_file(
    db: &mut crate::store::Db,
    author: &str,
    kind: FileKind,
    a: &ImportArgs,
    collect_changes: bool,
) -> Result<Imported> {
    let opts = options(a)?;
    let file = a.file.display().to_string();
    let mut reader = SheetReader::open(&a.file, &opts).map_err(|e| e.into_anyhow())?;
    if let Some(rejects) = &a.rejects {
        crate::fsout::check_target(rejects)?;
    }
    let headers: Vec<String> = reader.headers().to_vec();
    let hm = match_headers(kind, &headers)
        .map_err(|e| rejected(format!("{file}: line {}: {e}", reader.header_line())))?;
    let long = kind != FileKind::Observations || hm.is_long_observations();
    let missing = missing_required(kind, &hm, long);
    if !missing.is_empty() {
        let names: Vec<String> = missing
            .iter()
            .map(|c| format!("{} ({})", c.header_fr, c.key))
            .collect();
        return Err(rejected_with(
            format!("{file}: missing column(s): {}", names.join(", ")),
            vec![format!(
                "the header (line {}) has: {}",
                reader.header_line(),
                headers.join(" | ")
            )],
        ));
    }
    let sha = sha256_of(&a.file)?;

    let catalogue = indicator::catalogue(&db.conn)?;
    let mut handler = Handler::new(&db.conn, kind, &hm, &headers, &catalogue, long, &file)?;
    handler.collect_changes = collect_changes;
    let mut w = db.writer(author)?;
    // Read inside the write transaction, so a lock committed while this import
    // waited for the database still applies.
    let locks = lock::list(&w.tx)?;
    super::apply_reason(&mut w, &a.force)?;
    let batch = batches::begin(&mut w, kind.as_str(), &file, &sha)?;
    let mut sink = ObservationSink::new(batch);

    // Buffer the first rows to decide the decimal separator from the file itself.
    let mut buffered: Vec<Row> = Vec::new();
    loop {
        let mut row = Row::new();
        if buffered.len() >= SNIFF_ROWS
            || !reader
                .read_row(&mut row)
                .map_err(|e| rejected(e.to_string()))?
        {
            break;
        }
        buffered.push(row);
    }
    let decimal = match (a.decimal, reader.format()) {
        (Some(DecimalArg::Comma), _) => Decimal::Comma,
        (Some(DecimalArg::Dot), _) => Decimal::Dot,
        (None, SourceFormat::Xlsx | SourceFormat::Ods) => Decimal::Dot,
        (None, SourceFormat::Csv) => {
            let cols = handler.numeric_columns();
            sniff_decimal(
                buffered
                    .iter()
                    .flat_map(|r| cols.iter().map(move |&i| r.get(i))),
            )
            .unwrap_or(Decimal::Auto)
        }
    };
    handler.decimal = decimal;

    let progress = progress_bar();
    let mut counts = Counts::default();
    let mut empty = 0usize;
    let mut rows = 0usize;
    let mut errors: Vec<RowError> = Vec::new();
    let mut error_count = 0usize;
    let mut rejects: Vec<(Vec<String>, String)> = Vec::new();
    let mut changes: Vec<Change> = Vec::new();
    let mut buffered = buffered.into_iter();
    // One row buffer for the whole file: the reader refills it in place.
    let mut row = Row::new();
    loop {
        let from_buffer = buffered.next();
        let current: &Row = match &from_buffer {
            Some(r) => r,
            None => {
                if !reader
                    .read_row(&mut row)
                    .map_err(|e| rejected(e.to_string()))?
                {
                    break;
                }
                &row
            }
        };
        rows += 1;
        if let Some(p) = &progress
            && rows.is_multiple_of(10_000)
        {
            p.set_position(rows as u64);
        }
        // A cell beyond the header would be dropped without a word: often a
        // decimal comma in a comma-separated file (`12,5` read as `12` and `5`).
        let ragged = (headers.len()..current.len()).find(|&i| !current.get(i).is_empty());
        let result = match ragged {
            Some(i) => Err(RowFailure::Data(Fail {
                field: None,
                column: Some(column_letter(i)),
                message: format!(
                    "\"{}\" is beyond the last column of the header: the row has more cells than the header \
                     (a decimal comma in a comma-separated file? then quote the number or use ; as separator)",
                    current.get(i)
                ),
            })),
            None => handler.row(&w, &mut sink, current, &locks, a.force.force),
        };
        match result {
            Ok(o) => {
                counts.inserted += o.inserted;
                counts.updated += o.updated;
                counts.unchanged += o.unchanged;
                empty += o.empty;
                if collect_changes {
                    changes.extend(o.changes);
                }
            }
            Err(fail) => {
                let fail = match fail {
                    RowFailure::Data(f) => f,
                    RowFailure::Fatal(e) => return Err(e),
                };
                counts.rejected += 1;
                error_count += 1;
                let column = fail
                    .column
                    .clone()
                    .unwrap_or_else(|| handler.column_name(fail.field));
                if errors.len() < MAX_LISTED_ERRORS {
                    errors.push(RowError {
                        line: current.line(),
                        column: column.clone(),
                        message: fail.message.clone(),
                    });
                }
                if a.skip_invalid {
                    let cells: Vec<String> = current.record().iter().map(str::to_string).collect();
                    let reason = if column.is_empty() {
                        fail.message
                    } else {
                        format!("{column}: {}", fail.message)
                    };
                    rejects.push((cells, reason));
                }
            }
        }
    }
    if let Some(p) = progress {
        p.finish_and_clear();
    }

    if rows == 0 {
        return Err(rejected(format!(
            "{file}: the file has a header but no rows: nothing to import"
        )));
    }
    let mut summary = Summary {
        file: file.clone(),
        rows,
        inserted: counts.inserted,
        updated: counts.updated,
        unchanged: counts.unchanged,
        rejected: counts.rejected,
        empty,
        dry_run: a.dry_run,
        batch: None,
        encoding: reader.encoding().map(|e| e.name().to_string()),
        delimiter: reader.delimiter().map(|d| {
            if d == b'\t' {
                "tab".into()
            } else {
                (d as char).to_string()
            }
        }),
        decimal: decimal.to_string(),
        shape: (kind == FileKind::Observations).then_some(if long { "long" } else { "wide" }),
        errors,
    };

    if error_count > 0 && !a.skip_invalid {
        drop(w);
        summary.inserted = 0;
        summary.updated = 0;
        summary.unchanged = 0;
        return Ok(Imported {
            summary,
            changes: Vec::new(),
            error_count,
            sha256: sha,
        });
    }

    let changed = counts.inserted + counts.updated > 0;
    if a.dry_run || !changed {
        drop(w);
    } else {
        sink.flush(&w)?;
        batches::finish(&w, batch, kind.as_str(), &file, &counts)?;
        w.commit()?;
        summary.batch = Some(batch);
    }
    if let Some(path) = &a.rejects
        && !rejects.is_empty()
    {
        let rej_headers = headers.clone();
        write_rejects(path, &reader.info(), &rej_headers, rejects)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }

    Ok(Imported {
        summary,
        changes,
        error_count,
        sha256: sha,
    })
}

fn print_json(s: &Summary) -> Result<()> {
    output::write_text(None, &(serde_json::to_string_pretty(s)? + "\n"))
}

fn progress_bar() -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let p = indicatif::ProgressBar::new_spinner();
    p.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {pos} rows read ({per_sec})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    p.enable_steady_tick(std::time::Duration::from_millis(200));
    Some(p)
}

enum RowFailure {
    Data(Fail),
    Fatal(anyhow::Error),
}

impl From<Fail> for RowFailure {
    fn from(f: Fail) -> Self {
        RowFailure::Data(f)
    }
}

/// Turns a command-layer error into a row failure (rejections) or a fatal one.
fn row_err(e: anyhow::Error) -> RowFailure {
    match Fail::from(e) {
        Ok(f) => RowFailure::Data(f),
        Err(e) => RowFailure::Fatal(e),
    }
}

/// Per-kind reading and writing of rows, with what it resolves once per file.
struct Handler<'a> {
    kind: FileKind,
    hm: &'a HeaderMatch,
    headers: &'a [String],
    catalogue: &'a Catalogue,
    long: bool,
    decimal: Decimal,
    houses: HashMap<String, i64>,
    regions: Vec<region::Region>,
    indicators: HashMap<String, Option<usize>>,
    /// Period texts of the file, parsed once, with their canonical spelling.
    periods: HashMap<String, Result<(Period, std::rc::Rc<str>), String>>,
    /// Wide observation files: (column index, indicator index in the catalogue).
    wide: Vec<(usize, usize)>,
    dimensions: Vec<(String, String, String)>,
    /// Keep one line per changed value (a dry run lists them).
    collect_changes: bool,
}

impl<'a> Handler<'a> {
    fn new(
        conn: &Connection,
        kind: FileKind,
        hm: &'a HeaderMatch,
        headers: &'a [String],
        catalogue: &'a Catalogue,
        long: bool,
        file: &'a str,
    ) -> Result<Handler<'a>> {
        let mut wide = Vec::new();
        if kind == FileKind::Observations && !long {
            let mut unknown = Vec::new();
            for (i, name) in &hm.extra {
                match catalogue.find(name) {
                    Some(ind) => {
                        let idx = catalogue
                            .items
                            .iter()
                            .position(|x| x.id == ind.id)
                            .unwrap_or(0);
                        if ind.formula().is_some() {
                            return Err(rejected(format!(
                                "{file}: column {} \"{name}\" is {}, computed from a formula: remove the column and send its components",
                                column_letter(*i),
                                ind.code
                            )));
                        }
                        wide.push((*i, idx));
                    }
                    None => unknown.push(format!("{} \"{name}\"", column_letter(*i))),
                }
            }
            if !unknown.is_empty() {
                return Err(rejected_with(
                    format!("{file}: column(s) {} are not indicators", unknown.join(", ")),
                    vec!["name each indicator column by its code or its French or English name (see `suivi indicator list`)".into()],
                ));
            }
            if wide.is_empty() {
                return Err(rejected(format!(
                    "{file}: no indicator column: a wide file has house, period, then one column per indicator"
                )));
            }
        } else if !hm.extra.is_empty() {
            let (i, name) = &hm.extra[0];
            return Err(rejected_with(
                format!("{file}: unknown column {} \"{name}\"", column_letter(*i)),
                vec![format!(
                    "the columns of a {} file are: {}",
                    kind.as_str(),
                    crate::sheet::headers::columns(kind)
                        .iter()
                        .filter(|c| !c.ignored)
                        .map(|c| c.header_fr)
                        .collect::<Vec<_>>()
                        .join(", ")
                )],
            ));
        }
        Ok(Handler {
            kind,
            hm,
            headers,
            catalogue,
            long,
            decimal: Decimal::Auto,
            houses: house::ids(conn)?,
            regions: region::all(conn)?,
            indicators: HashMap::new(),
            periods: HashMap::new(),
            wide,
            dimensions: plan::dimensions(conn)?,
            collect_changes: false,
        })
    }

    /// Columns whose values are numbers, for sniffing the decimal separator.
    fn numeric_columns(&self) -> Vec<usize> {
        let keys: &[&str] = match self.kind {
            FileKind::Houses => &["capacity"],
            FileKind::Associations => &[],
            FileKind::Observations => &["value"],
            FileKind::Targets => &["baseline", "target"],
            FileKind::Actions => &["budget", "spent", "progress"],
            FileKind::Assessments => &["score"],
        };
        let mut cols: Vec<usize> = keys.iter().filter_map(|k| self.hm.position(k)).collect();
        cols.extend(self.wide.iter().map(|(i, _)| *i));
        cols
    }

    /// The header of a column key, with its letter, for error messages.
    fn column_name(&self, field: Option<&str>) -> String {
        match field.and_then(|f| self.hm.position(f)) {
            Some(i) => format!("{} ({})", column_letter(i), self.headers[i]),
            None => String::new(),
        }
    }

    fn cell(&self, row: &Row, key: &str) -> Option<String> {
        self.text(row, key).map(str::to_string)
    }

    /// A cell's text, borrowed: the per-row path allocates nothing for it.
    fn text<'r>(&self, row: &'r Row, key: &str) -> Option<&'r str> {
        let v = strip_formula_guard(row.get(self.hm.position(key)?)).trim();
        (!v.is_empty()).then_some(v)
    }

    fn house_id(&self, row: &Row, field: &'static str) -> std::result::Result<(i64, String), Fail> {
        let Some(code) = self.text(row, field) else {
            return Err(Fail::at(field, "the house code is empty"));
        };
        match self.houses.get(code) {
            Some(id) => Ok((*id, code.to_string())),
            None => match self
                .houses
                .iter()
                .find(|(c, _)| c.eq_ignore_ascii_case(code))
            {
                Some((c, id)) => Ok((*id, c.clone())),
                None => Err(Fail::at(
                    field,
                    format!("unknown house \"{code}\" (see `suivi house list`)"),
                )),
            },
        }
    }

    fn indicator(&mut self, name: &str) -> std::result::Result<&'a Indicator, Fail> {
        let cat = self.catalogue;
        let idx = match self.indicators.get(name) {
            Some(idx) => *idx,
            None => {
                let idx = cat
                    .find(name)
                    .and_then(|i| cat.items.iter().position(|x| x.id == i.id));
                self.indicators.insert(name.to_string(), idx);
                idx
            }
        };
        match idx {
            Some(i) => Ok(&cat.items[i]),
            None => Err(Fail::at(
                "indicator",
                format!("unknown indicator \"{name}\" (see `suivi indicator list`)"),
            )),
        }
    }

    fn period(&mut self, text: &str) -> std::result::Result<Period, Fail> {
        self.period_and_text(text).map(|(p, _)| p)
    }

    /// A period and its canonical spelling, parsed once per distinct text.
    fn period_and_text(
        &mut self,
        text: &str,
    ) -> std::result::Result<(Period, std::rc::Rc<str>), Fail> {
        if let Some(p) = self.periods.get(text) {
            return p.clone().map_err(|e| Fail::at("period", e));
        }
        let p = Period::parse(text)
            .map(|p| (p, std::rc::Rc::from(p.canonical())))
            .map_err(|e| e.to_string());
        self.periods.insert(text.to_string(), p.clone());
        p.map_err(|e| Fail::at("period", e))
    }

    fn row(
        &mut self,
        w: &Writer,
        sink: &mut ObservationSink,
        row: &Row,
        locks: &[Lock],
        force: bool,
    ) -> std::result::Result<Outcome, RowFailure> {
        match self.kind {
            FileKind::Observations => self.observations(w, sink, row, locks, force),
            FileKind::Houses => self.house(w, row).map_err(row_err),
            FileKind::Associations => self.association(w, row).map_err(row_err),
            FileKind::Targets => self.target(w, row),
            FileKind::Actions => self.action(w, row),
            FileKind::Assessments => self.assessment(w, row),
        }
    }

    fn observations(
        &mut self,
        w: &Writer,
        sink: &mut ObservationSink,
        row: &Row,
        locks: &[Lock],
        force: bool,
    ) -> std::result::Result<Outcome, RowFailure> {
        let (house_id, house) = self.house_id(row, "house")?;
        let Some(ptext) = self.text(row, "period") else {
            return Err(Fail::at("period", "the period is empty").into());
        };
        let (period, canonical) = self.period_and_text(ptext)?;
        if let Some(l) = lock::covering(locks, &period)
            && !force
        {
            return Err(Fail::at(
                "period",
                format!(
                    "period {} is locked ({}); add --force --reason to write into it",
                    l.period, l.reason
                ),
            )
            .into());
        }
        let comment = self.text(row, "comment");
        // Every cell of the row is checked before any is written.
        let mut values: Vec<(&Indicator, f64)> = Vec::new();
        let mut empty = 0;
        if self.long {
            let Some(name) = self.text(row, "indicator") else {
                return Err(Fail::at("indicator", "the indicator is empty").into());
            };
            let ind = self.indicator(name)?;
            if ind.formula().is_some() {
                return Err(Fail::at(
                    "indicator",
                    format!(
                        "{} is computed from a formula: send its components instead",
                        ind.code
                    ),
                )
                .into());
            }
            match self.text(row, "value") {
                None => empty += 1,
                Some(v) => values.push((
                    ind,
                    ind.unit
                        .parse_value(v, self.decimal)
                        .map_err(|e| Fail::at("value", e))?,
                )),
            }
        } else {
            for &(col, idx) in &self.wide {
                let ind = &self.catalogue.items[idx];
                let v = strip_formula_guard(row.get(col)).trim();
                if v.is_empty() {
                    empty += 1;
                    continue;
                }
                let value = ind.unit.parse_value(v, self.decimal).map_err(|e| Fail {
                    field: None,
                    column: Some(format!("{} ({})", column_letter(col), self.headers[col])),
                    message: e,
                })?;
                values.push((ind, value));
            }
        }
        let mut out = Outcome {
            empty,
            ..Default::default()
        };
        for (ind, value) in values {
            let up = sink
                .upsert(w, house_id, ind.id, &period, &canonical, value, comment)
                .map_err(RowFailure::Fatal)?;
            if let Upsert::Duplicate { earlier } = up {
                return Err(Fail::at(
                    if self.long { "value" } else { "period" },
                    format!(
                        "{house} {} {canonical} appears twice in this file with different values ({} and {})",
                        ind.code,
                        output::number_text(earlier),
                        output::number_text(value)
                    ),
                )
                .into());
            }
            let o = Outcome::one(up);
            out.inserted += o.inserted;
            out.updated += o.updated;
            out.unchanged += o.unchanged;
            match up {
                _ if !self.collect_changes => {}
                Upsert::Inserted => out.changes.push(Change {
                    what: format!("{house} {} {canonical}", ind.code),
                    old: None,
                    new: output::number_text(value),
                }),
                Upsert::Updated { old } => out.changes.push(Change {
                    what: format!("{house} {} {canonical}", ind.code),
                    old: Some(output::number_text(old)),
                    new: output::number_text(value),
                }),
                _ => {}
            }
        }
        Ok(out)
    }

    fn house(&mut self, w: &Writer, row: &Row) -> Result<Outcome> {
        let Some(code) = self.cell(row, "code") else {
            crate::reject_field!("code", "the house code is empty");
        };
        let fields = HouseFields {
            name: self.cell(row, "name"),
            name_ar: self.cell(row, "name_ar"),
            kind: self.cell(row, "kind"),
            region: self.cell(row, "region"),
            province: self.cell(row, "province"),
            commune: self.cell(row, "commune"),
            milieu: self.cell(row, "milieu"),
            capacity: self
                .cell(row, "capacity")
                .map(|c| normalize_number(&c, self.decimal)),
            association: self.cell(row, "association"),
            cohort: self.cell(row, "cohort"),
            opened: self.cell(row, "opened"),
            status: self.cell(row, "status"),
            legal_basis: self.cell(row, "legal_basis"),
            authorisation_no: self.cell(row, "authorisation_no"),
            authorisation_date: self.cell(row, "authorisation_date"),
        };
        let before = house::get(&w.tx, &code)?;
        let after = super::house::resolve(&w.tx, &self.regions, &code, &fields, before.as_ref())?;
        let what = format!("house {code}");
        Ok(match before {
            Some(b) if b == after => Outcome::one(Upsert::Unchanged),
            Some(b) => {
                house::update(w, &b, &after)?;
                changed(what, Some(b.name), after.name, Upsert::Updated { old: 0.0 })
            }
            None => {
                house::insert(w, &after)?;
                self.houses
                    .insert(code, house::id(&w.tx, &after.code)?.unwrap_or(0));
                changed(what, None, after.name, Upsert::Inserted)
            }
        })
    }

    fn association(&mut self, w: &Writer, row: &Row) -> Result<Outcome> {
        let Some(code) = self.cell(row, "code") else {
            crate::reject_field!("code", "the association code is empty");
        };
        let after = association::Association {
            code: code.clone(),
            name: self.cell(row, "name").unwrap_or_default(),
            registration_no: self.cell(row, "registration_no"),
            president: self.cell(row, "president"),
            phone: self.cell(row, "phone"),
            email: self.cell(row, "email"),
        };
        super::association::validate(&after)?;
        let what = format!("association {code}");
        Ok(match association::get(&w.tx, &code)? {
            Some(b) if b == after => Outcome::one(Upsert::Unchanged),
            Some(b) => {
                association::update(w, &b, &after)?;
                changed(what, Some(b.name), after.name, Upsert::Updated { old: 0.0 })
            }
            None => {
                association::insert(w, &after)?;
                changed(what, None, after.name, Upsert::Inserted)
            }
        })
    }

    fn target(&mut self, w: &Writer, row: &Row) -> std::result::Result<Outcome, RowFailure> {
        let (house_id, house) = self.house_id(row, "house")?;
        let Some(name) = self.cell(row, "indicator") else {
            return Err(Fail::at("indicator", "the indicator is empty").into());
        };
        let ind = self.indicator(&name)?;
        let num = |v: Option<String>| v.map(|s| normalize_number(&s, self.decimal));
        let t = build_target(
            &house,
            ind,
            num(self.cell(row, "baseline")).as_deref(),
            self.cell(row, "baseline_period").as_deref(),
            &num(self.cell(row, "target")).unwrap_or_default(),
            &self.cell(row, "target_period").unwrap_or_default(),
        )
        .map_err(row_err)?;
        let before = target::get(&w.tx, house_id, ind.id).map_err(RowFailure::Fatal)?;
        if before.as_ref() == Some(&t) {
            return Ok(Outcome::one(Upsert::Unchanged));
        }
        target::set(w, house_id, ind.id, &t).map_err(RowFailure::Fatal)?;
        let kind = if before.is_some() {
            Upsert::Updated { old: 0.0 }
        } else {
            Upsert::Inserted
        };
        Ok(changed(
            format!("target {house} {}", ind.code),
            before.map(|b| output::number_text(b.target)),
            output::number_text(t.target),
            kind,
        ))
    }

    fn action(&mut self, w: &Writer, row: &Row) -> std::result::Result<Outcome, RowFailure> {
        let (house_id, house) = self.house_id(row, "house")?;
        let Some(current) = plan::current(&w.tx, house_id).map_err(RowFailure::Fatal)? else {
            return Err(Fail::at(
                "house",
                format!("house {house} has no plan yet; create it with `suivi plan init {house} --start P --end P`"),
            )
            .into());
        };
        let axes = plan::axes(&w.tx, current.id).map_err(RowFailure::Fatal)?;
        let fields = ActionFields {
            axis: self.cell(row, "axis"),
            title: self.cell(row, "title"),
            owner: self.cell(row, "owner"),
            start: self.cell(row, "start"),
            due: self.cell(row, "due"),
            budget: self.cell(row, "budget"),
            spent: self.cell(row, "spent"),
            status: self.cell(row, "status"),
            progress: self.cell(row, "progress"),
        };
        // An action is known by its title within the house's current plan.
        let title = fields.title.clone().unwrap_or_default();
        let existing = plan::plan_actions(&w.tx, current.id)
            .map_err(RowFailure::Fatal)?
            .into_iter()
            .find(|a| normalize(&a.title) == normalize(&title));
        let base = existing
            .clone()
            .unwrap_or_else(|| blank_action(&house, current.id));
        let (axis_id, after) =
            build_action(&house, &axes, &fields, &base, self.decimal).map_err(row_err)?;
        let what = format!("action {house} \"{}\"", after.title);
        match existing {
            Some(b) if b == after => Ok(Outcome::one(Upsert::Unchanged)),
            Some(b) => {
                plan::update_action(w, axis_id, &b, &after).map_err(RowFailure::Fatal)?;
                Ok(changed(
                    what,
                    Some(b.status),
                    after.status,
                    Upsert::Updated { old: 0.0 },
                ))
            }
            None => {
                plan::insert_action(w, current.id, axis_id, &after).map_err(RowFailure::Fatal)?;
                Ok(changed(what, None, after.status, Upsert::Inserted))
            }
        }
    }

    fn assessment(&mut self, w: &Writer, row: &Row) -> std::result::Result<Outcome, RowFailure> {
        let (house_id, house) = self.house_id(row, "house")?;
        let Some(ptext) = self.cell(row, "period") else {
            return Err(Fail::at("period", "the period is empty").into());
        };
        let period = self.period(&ptext)?;
        let dimension = find_dimension(
            &self.dimensions,
            &self.cell(row, "dimension").unwrap_or_default(),
        )
        .map_err(|e| row_err(crate::error::tag(e, "dimension")))?;
        let score = parse_score(&self.cell(row, "score").unwrap_or_default(), self.decimal)
            .map_err(|e| row_err(crate::error::tag(e, "score")))?;
        let a = plan::Assessment {
            house: house.clone(),
            period: period.canonical(),
            dimension,
            score,
            first_month: period.first_month(),
        };
        let before = plan::assessments(&w.tx, Some(house_id))
            .map_err(RowFailure::Fatal)?
            .into_iter()
            .find(|x| x.period == a.period && x.dimension == a.dimension);
        if !plan::assess(w, house_id, &a).map_err(RowFailure::Fatal)? {
            return Ok(Outcome::one(Upsert::Unchanged));
        }
        let kind = if before.is_some() {
            Upsert::Updated { old: 0.0 }
        } else {
            Upsert::Inserted
        };
        Ok(changed(
            format!("assessment {house} {} {}", a.period, a.dimension),
            before.map(|b| output::number_text(b.score)),
            output::number_text(a.score),
            kind,
        ))
    }
}

fn changed(what: String, old: Option<String>, new: String, kind: Upsert) -> Outcome {
    let mut o = Outcome::one(kind);
    o.changes.push(Change { what, old, new });
    o
}

/// Re-spells a number of a comma-decimal file so that the command-line
/// parsers (which read a lone comma as decimal) read it the same way.
fn normalize_number(s: &str, decimal: Decimal) -> String {
    match crate::domain::number::parse_number(s, decimal) {
        Ok(v) => format!("{v}"),
        Err(_) => s.to_string(),
    }
}

fn history(ctx: &Ctx) -> Result<()> {
    let format = ctx.listing_format()?;
    let db = ctx.open()?;
    let all = batches::batches(&db.conn)?;
    output::print_listing(
        format,
        &Listing::of(
            &all,
            &[
                "id",
                "kind",
                "file",
                "sha256",
                "at",
                "by",
                "inserted",
                "updated",
                "unchanged",
                "rejected",
                "undone",
            ],
        )?,
    )
}
