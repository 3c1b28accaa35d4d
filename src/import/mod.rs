//! The import engine: one file in, all or nothing by default, idempotent,
//! every value knowing its batch.
//!
//! [`run`] reads the header, resolves what the file names once (houses,
//! indicators, columns), then hands each row to the module of its kind of
//! file, which checks it with the rules of `domain` and writes it through
//! `store`. A row refused by a rule becomes a [`RowError`] naming its column;
//! anything else (the database) stops the import.

mod actions;
mod assessments;
mod associations;
mod houses;
mod observations;
mod refusals;
pub mod rejects;
mod targets;

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::domain::indicator::{Catalogue, Indicator};
use crate::domain::input::FieldError;
use crate::domain::number::{Decimal, sniff_decimal};
use crate::domain::period::Period;
use crate::error::{rejected, rejected_with};
use crate::messages::Msg;
use crate::sheet::headers::{
    FileKind, HeaderMatch, REJECT_REASON_KEY, column_letter, match_headers, missing_required,
};
use crate::sheet::read::{ReadOptions, Row, SheetReader, SourceFormat};
use crate::sheet::write::{prepare_rejects, strip_formula_guard};
use crate::store::import::{self as batches, Counts, ObservationSink};
use crate::store::lock::{self, Lock};
use crate::store::{Db, association, house, indicator, plan};
use crate::text::normalize;

/// At most this many errors are kept and listed; the count goes on.
const MAX_LISTED_ERRORS: usize = 1000;
/// Rows read before the decimal separator is decided.
const SNIFF_ROWS: usize = 500;

/// Rows read, and for observations looked up in the database, at once.
const BLOCK_ROWS: usize = 65_536;

/// What to import and how: the command turns its flags into this.
#[derive(Debug, Clone)]
pub struct ImportRequest {
    pub kind: FileKind,
    pub file: PathBuf,
    pub read: ReadOptions,
    /// `None`: decided from the file.
    pub decimal: Option<Decimal>,
    pub dry_run: bool,
    pub skip_invalid: bool,
    pub rejects: Option<PathBuf>,
    /// Write into locked periods (with `reason`).
    pub force: bool,
    pub reason: Option<String>,
    pub author: String,
    /// Keep one line per changed value (a dry run lists them).
    pub collect_changes: bool,
}

/// One row's error, as the summary lists it.
#[derive(Debug, Clone, Serialize)]
pub struct ListedError {
    pub line: u64,
    pub column: String,
    /// The reason, in the language of the run.
    pub message: String,
}

/// One change a dry run lists: what, old → new.
#[derive(Debug, Clone)]
pub struct Change {
    pub what: String,
    pub old: Option<String>,
    pub new: String,
}

/// What an import did. Serialized, it is the `--format json` summary.
#[derive(Debug, Serialize)]
pub struct ImportSummary {
    pub file: String,
    pub rows: usize,
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Rows refused (whole or for some values), listed or not.
    pub rejected: usize,
    /// Values that break a rule of error severity but were written.
    pub warnings: usize,
    /// Cells left empty: missing values, skipped (never zero).
    pub empty: usize,
    pub dry_run: bool,
    pub batch: Option<i64>,
    /// The sheet read, for a workbook.
    pub sheet: Option<String>,
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub decimal: String,
    pub shape: Option<&'static str>,
    pub errors: Vec<ListedError>,
    #[serde(skip)]
    pub kind: FileKind,
    #[serde(skip)]
    pub changes: Vec<Change>,
    /// When nothing changed: the earlier batch that imported the same content.
    #[serde(skip)]
    pub already_imported: Option<i64>,
    /// Where the rejected rows were written.
    #[serde(skip)]
    pub rejects: Option<PathBuf>,
    /// The broken rules behind the warnings.
    #[serde(skip)]
    pub warning_rules: Vec<crate::report::checks::Violation>,
}

/// What a written record did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Inserted,
    Updated,
    Unchanged,
}

/// What one row did.
#[derive(Debug, Default)]
pub struct Tally {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub empty: usize,
    pub changes: Vec<Change>,
    /// Values of the row refused when they came to be written.
    pub refused: Option<Box<Refused>>,
}

/// The values of an observations row refused when they came to be written
/// (given twice, or a change in a locked period): the row's other values are
/// imported (a wide row holds several), the row is listed with the first
/// reason, and its rejects row keeps only these cells, with every reason.
#[derive(Debug, Default)]
pub struct Refused {
    pub values: Vec<RefusedValue>,
}

/// One value refused when written: where, which indicator, and why.
#[derive(Debug)]
pub struct RefusedValue {
    pub at: At,
    pub column: usize,
    pub indicator: i64,
    pub message: Msg,
    /// Its key, when an earlier row of the file gave it another value: its
    /// first line is found once the file is read.
    pub twice: Option<ValueKey>,
}

impl Tally {
    fn add(&mut self, effect: Effect) {
        match effect {
            Effect::Inserted => self.inserted += 1,
            Effect::Updated => self.updated += 1,
            Effect::Unchanged => self.unchanged += 1,
        }
    }

    /// One record's effect, with its change when it is one and changes are kept.
    fn one(effect: Effect, collect: bool, change: impl FnOnce() -> Change) -> Tally {
        let mut t = Tally::default();
        t.add(effect);
        if collect && effect != Effect::Unchanged {
            t.changes.push(change());
        }
        t
    }
}

/// Where a row's fault lies.
#[derive(Debug, Clone, Copy)]
pub enum At {
    /// A column, by its key (`region`): shown as its letter and header.
    Key(&'static str),
    /// A column, by its index: shown as its letter and header.
    Index(usize),
    /// A cell beyond the header or under a blank header cell: shown as its letter.
    Unheaded(usize),
}

/// Why a row was not imported.
#[derive(Debug)]
pub enum RowError {
    /// The row is refused: the column at fault and why.
    Refused { at: At, message: Box<Msg> },
    /// Not the row's fault (the database): stops the import.
    Fatal(anyhow::Error),
}

impl RowError {
    fn at(key: &'static str, message: Msg) -> RowError {
        RowError::Refused {
            at: At::Key(key),
            message: Box::new(message),
        }
    }
}

impl From<FieldError> for RowError {
    fn from(e: FieldError) -> RowError {
        RowError::Refused {
            at: At::Key(e.field.key()),
            message: e.msg,
        }
    }
}

impl From<anyhow::Error> for RowError {
    fn from(e: anyhow::Error) -> RowError {
        RowError::Fatal(e)
    }
}

fn sha256_of(path: &Path) -> Result<String> {
    let mut f = std::fs::File::open(path).with_context(|| {
        crate::messages::Msg::CannotReadFile {
            path: path.display().to_string(),
        }
        .to_string()
    })?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = std::io::Read::read(&mut f, &mut buf).with_context(|| {
            crate::messages::Msg::CannotReadFile {
                path: path.display().to_string(),
            }
            .to_string()
        })?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// Houses whose values are checked against the rules at once, after an import:
/// one read of their values each (fewer, larger reads find more of a file's
/// pages in the cache; the rows' buffers are freed by then).
const HOUSES_PER_CHECK: usize = 256;

/// Broken rules kept to be shown after an import (all are counted).
const WARNINGS_KEPT: usize = 20;

/// Reads, checks and writes one file in one transaction. Rows in error are
/// counted and listed; unless `skip_invalid`, any of them means nothing is
/// written (the summary says so: [`ImportSummary::rejected`], no batch).
pub fn run(db: &mut Db, req: ImportRequest) -> Result<ImportSummary> {
    // SQLite looks up each new observation's house, indicator and batch (a
    // third of its work on a row). For an observations file on SQLite those
    // foreign keys are off for the import's transaction (a pragma cannot
    // change inside one) and the sink checks each house and indicator once
    // instead, inside the transaction: the same rows are refused, with the
    // same error; the batch is the import's own.
    let own_checks = req.kind == FileKind::Observations && !db.conn.is_postgres();
    if !own_checks {
        return import_file(db, req, false);
    }
    db.conn.execute_batch("PRAGMA foreign_keys = OFF;")?;
    let result = import_file(db, req, true);
    let on = db.conn.execute_batch("PRAGMA foreign_keys = ON;");
    let summary = result?;
    on?;
    Ok(summary)
}

fn import_file(db: &mut Db, req: ImportRequest, own_checks: bool) -> Result<ImportSummary> {
    let kind = req.kind;
    let file = req.file.display().to_string();
    // A missing or unreadable file is an error of the environment (exit 1), a
    // file that is not a spreadsheet is rejected input (exit 3).
    let mut reader = SheetReader::open(&req.file, &req.read).map_err(|e| e.into_anyhow())?;
    if let Some(rejects) = &req.rejects
        && !req.dry_run
    {
        crate::fsout::check_target(rejects)?;
    }
    let headers: Vec<String> = reader.headers().to_vec();
    let hm = match_headers(kind, &headers).map_err(|e| {
        rejected(
            Msg::AtLine {
                file: file.clone(),
                line: reader.header_line(),
                why: e.to_string(),
            }
            .to_string(),
        )
    })?;
    let long = kind != FileKind::Observations || hm.is_long_observations();
    let missing = missing_required(kind, &hm, long);
    if !missing.is_empty() {
        return Err(rejected_with(
            crate::messages::Msg::MissingColumns {
                file: file.to_string(),
                columns: missing
                    .iter()
                    .map(|c| (c.header_fr, c.header_en, c.key))
                    .collect(),
            }
            .to_string(),
            vec![
                crate::messages::Msg::HeaderHas {
                    line: reader.header_line(),
                    headers: headers.join(" | "),
                }
                .to_string(),
            ],
        ));
    }
    let sha = sha256_of(&req.file)?;

    let catalogue = indicator::catalogue(&db.conn)?;
    let mut cx = Context::new(&db.conn, kind, &hm, &headers, &catalogue, long, &file)?;
    cx.collect_changes = req.collect_changes;
    cx.force = req.force;
    if kind == FileKind::Observations {
        cx.rule_indicators = crate::report::checks::error_rule_indicators(&db.conn, &catalogue)?
            .into_iter()
            .collect();
    }
    let mut w = db.writer(&req.author)?;
    // Read inside the write transaction, so a lock committed while this import
    // waited for the database still applies.
    cx.locks = lock::list(&w.tx)?;
    w.reason = req.reason.clone();
    let batch = batches::begin(&mut w, kind.as_str(), &file, &sha)?;
    let mut sink = ObservationSink::new(batch);
    if own_checks {
        sink.check_references();
    }

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
    let decimal = match (req.decimal, reader.format()) {
        (Some(d), _) => d,
        (None, SourceFormat::Xlsx | SourceFormat::Ods) => Decimal::Dot,
        (None, SourceFormat::Csv) => {
            let cols = cx.numeric_columns();
            sniff_decimal(
                buffered
                    .iter()
                    .flat_map(|r| cols.iter().map(move |&i| r.get(i))),
            )
            .unwrap_or(Decimal::Auto)
        }
    };
    cx.decimal = decimal;

    let progress = progress_bar();
    let mut counts = Counts::default();
    let mut empty = 0usize;
    let mut rows = 0usize;
    let lang = rejects::headers_language(kind, &headers);
    // A rejects file sent back: its old reasons are not carried into the new one.
    let old_reason = hm.position(REJECT_REASON_KEY);
    // Refused rows are kept for a rejects file (`--skip-invalid` only:
    // otherwise a refused row fails the import).
    let keep = req
        .rejects
        .as_deref()
        .filter(|_| req.skip_invalid && !req.dry_run);
    let mut refusals = refusals::Refusals::new(keep, lang, old_reason);
    // Columns whose header cell is blank (a rejects file names none for the
    // cells it found beyond the header).
    let blank_columns: Vec<usize> = (0..headers.len())
        .filter(|&i| normalize(&headers[i]).is_empty())
        .collect();
    let mut changes: Vec<Change> = Vec::new();
    // Rows are read a block at a time into buffers the reader refills in
    // place (the first block starts with the rows read to sniff the decimal
    // separator). Before an observations block is checked row by row, the
    // sink reads what is stored under all of its keys at once, in the
    // index's order: the cost of an import does not depend on the file's order.
    let mut block: Vec<Row> = buffered;
    let mut filled = block.len();
    let mut keys = Vec::new();
    // What the keys' pass read of each row of the block, for the row not to
    // read it again.
    let mut parsed = Vec::new();
    let mut more = true;
    while more {
        while filled < BLOCK_ROWS {
            if filled == block.len() {
                block.push(Row::new());
            }
            if !reader
                .read_row(&mut block[filled])
                .map_err(|e| rejected(e.to_string()))?
            {
                more = false;
                break;
            }
            filled += 1;
        }
        if filled == 0 {
            break;
        }
        if kind == FileKind::Observations {
            observations::keys(&mut cx, &block[..filled], &mut keys, &mut parsed);
            sink.prefetch(&w, observations::block_keys(&cx, &parsed, &keys))?;
        }
        let done = std::mem::replace(&mut filled, 0);
        for (i, current) in block[..done].iter().enumerate() {
            rows += 1;
            if let Some(p) = &progress
                && rows.is_multiple_of(10_000)
            {
                p.set_position(rows as u64);
            }
            // A cell beyond the header, or under a blank header cell, would be
            // dropped without a word: beyond, often a decimal comma in a
            // comma-separated file (`12,5` read as `12` and `5`).
            let filled = |&i: &usize| !current.get(i).is_empty();
            let unheaded = (headers.len()..current.len())
                .find(filled)
                .or_else(|| blank_columns.iter().copied().find(filled));
            let result = match unheaded {
                Some(i) => Err(RowError::Refused {
                    at: At::Unheaded(i),
                    message: Box::new(if i < headers.len() {
                        Msg::BlankHeader {
                            value: current.get(i).to_string(),
                        }
                    } else {
                        Msg::BeyondHeader {
                            value: current.get(i).to_string(),
                        }
                    }),
                }),
                None => match kind {
                    FileKind::Observations => observations::row(
                        &mut cx,
                        &w,
                        &mut sink,
                        current,
                        parsed.get(i).and_then(Option::as_ref),
                    ),
                    FileKind::Houses => houses::row(&mut cx, &w, current),
                    FileKind::Associations => associations::row(&mut cx, &w, current),
                    FileKind::Targets => targets::row(&mut cx, &w, current),
                    FileKind::Actions => actions::row(&mut cx, &w, current),
                    FileKind::Assessments => assessments::row(&mut cx, &w, current),
                },
            };
            match result {
                Ok(o) => {
                    counts.inserted += o.inserted;
                    counts.updated += o.updated;
                    counts.unchanged += o.unchanged;
                    // A row refused for every value it gave is refused whole:
                    // its empty cells are not counted, as for other refusals.
                    if o.refused.is_none() || o.inserted + o.updated + o.unchanged > 0 {
                        empty += o.empty;
                    }
                    if req.collect_changes {
                        changes.extend(o.changes);
                    }
                    if let Some(r) = o.refused {
                        refusals.values(current, &cx, *r);
                    }
                }
                Err(RowError::Fatal(e)) => return Err(e),
                Err(RowError::Refused { at, message }) => {
                    refusals.row(current, cx.column_name(at), &message);
                }
            }
        }
    }
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    // The rows' buffers are not needed any more: freed before the checks.
    drop((block, keys, parsed));
    // Values given twice name both lines: the first ones are found by
    // reading the file again (only when there are such rows).
    refusals.name_first_lines(&req, &mut cx);
    // Every refused row must be kept for the rejects file before anything is
    // committed or said to be written.
    refusals.kept_whole().map_err(|e| anyhow::anyhow!("{e}"))?;
    counts.rejected = refusals.count;

    if rows == 0 {
        return Err(rejected(Msg::NoRows { file: file.clone() }.to_string()));
    }
    let mut summary = ImportSummary {
        file: file.clone(),
        rows,
        inserted: counts.inserted,
        updated: counts.updated,
        unchanged: counts.unchanged,
        rejected: counts.rejected,
        warnings: 0,
        empty,
        dry_run: req.dry_run,
        batch: None,
        sheet: reader.sheet().map(str::to_string),
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
        errors: std::mem::take(&mut refusals.listed),
        kind,
        changes: Vec::new(),
        already_imported: None,
        rejects: None,
        warning_rules: Vec::new(),
    };

    if counts.rejected > 0 && !req.skip_invalid {
        drop(w);
        summary.inserted = 0;
        summary.updated = 0;
        summary.unchanged = 0;
        return Ok(summary);
    }

    let changed = counts.inserted + counts.updated > 0;
    if changed && !cx.touched.is_empty() {
        // Values are written (or, in a dry run, would be): those that break a
        // rule of error severity are kept, with a warning each.
        sink.end_of_rows(&w)?;
        // A few houses at a time, so that memory stays flat however large the
        // file: every broken rule is counted, the first ones kept to be shown.
        let checker = crate::report::checks::Checker::load(&w.tx)?;
        let mut chunk: Vec<(i64, Period)> = Vec::new();
        let mut houses_in_chunk = 0;
        let mut entries = std::mem::take(&mut cx.touched).sorted().peekable();
        while let Some(entry) = entries.next() {
            chunk.push(entry);
            let last_of_house = entries.peek().is_none_or(|next| next.0 != entry.0);
            if last_of_house {
                houses_in_chunk += 1;
            }
            if houses_in_chunk < HOUSES_PER_CHECK && entries.peek().is_some() {
                continue;
            }
            for v in checker.violations_at(&w.tx, &chunk)? {
                if v.severity == "error" {
                    summary.warnings += 1;
                    if summary.warning_rules.len() < WARNINGS_KEPT {
                        summary.warning_rules.push(v);
                    }
                }
            }
            chunk.clear();
            houses_in_chunk = 0;
        }
    }
    // The rejects file is written whole before the import commits (a full
    // disk then fails the import, which writes nothing), put in place after.
    // A dry run writes none: the summary says what would be written.
    let mut rejects_file = None;
    if let Some(path) = &req.rejects
        && refusals.count > 0
    {
        let info = reader.info();
        if let Some(rows) = refusals
            .into_rejects()
            .map_err(|e| crate::fsout::WriteError::io(path, e))?
        {
            let kept: Vec<String> = headers
                .iter()
                .enumerate()
                .filter(|(i, _)| Some(*i) != old_reason)
                .map(|(_, h)| h.clone())
                .collect();
            let header = rejects::reason_header(lang);
            let widest = rows.widest;
            rejects_file = Some(
                prepare_rejects(path, &info, &kept, header, widest, rows)
                    .map_err(|e| anyhow::anyhow!("{e}"))?,
            );
        }
        summary.rejects = Some(path.clone());
    }
    if req.dry_run || !changed {
        drop(w);
        if !req.dry_run {
            summary.already_imported = batches::same_content(&db.conn, kind.as_str(), &sha)?;
        }
    } else {
        sink.flush(&w)?;
        batches::finish(&w, batch, kind.as_str(), &file, &counts)?;
        w.commit()?;
        summary.batch = Some(batch);
    }
    if let Some(f) = rejects_file {
        f.place().map_err(|e| match (summary.batch, &req.rejects) {
            (Some(batch), Some(path)) => anyhow::anyhow!(
                "{}",
                Msg::RejectsNotPlaced {
                    batch,
                    path: path.display().to_string(),
                    why: e.why(),
                }
            ),
            _ => e.into(),
        })?;
    }
    summary.changes = changes;
    Ok(summary)
}

/// The key of an observation value: house id, indicator id, canonical period.
type ValueKey = (i64, i64, std::rc::Rc<str>);

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

/// What the row modules share: the file's columns and what it names,
/// resolved once per file.
pub(crate) struct Context<'a> {
    kind: FileKind,
    hm: &'a HeaderMatch,
    headers: &'a [String],
    catalogue: &'a Catalogue,
    long: bool,
    decimal: Decimal,
    force: bool,
    locks: Vec<Lock>,
    houses: crate::fasthash::FastMap<String, i64>,
    /// Regions, associations and house codes, for a houses file.
    registry: Option<house::Registry>,
    /// Association codes, for an associations file.
    association_codes: Vec<String>,
    indicators: crate::fasthash::FastMap<String, Option<usize>>,
    /// Period texts of the file, parsed once, with their canonical spelling.
    periods: crate::fasthash::FastMap<String, std::result::Result<(Period, std::rc::Rc<str>), Msg>>,
    /// Wide observation files: (column index, indicator index in the catalogue).
    wide: Vec<(usize, usize)>,
    dimensions: Vec<(String, String, String)>,
    /// Keys of the records this file gave so far, with their line: a key
    /// given twice is an error (houses, associations, targets, actions, assessments).
    seen: HashMap<String, u64>,
    /// Keep one line per changed value (a dry run lists them).
    collect_changes: bool,
    /// Indicators that rules of error severity name.
    rule_indicators: crate::fasthash::FastSet<i64>,
    /// Houses and periods where such an indicator got a new or changed value:
    /// checked against the rules once the file is read (warnings, not refusals).
    touched: Touched,
    /// Where the columns an observations row reads are, found once per file.
    cols: ObservationColumns,
}

/// The houses and periods of an import's new or changed values that a rule
/// reads, each in one word (house id 40 bits, first month 20, length 4): a
/// file of 10M rows over 10,000 houses and 25 months holds 250,000 of them,
/// 2 MiB as a sorted list of words (a hash set of them took 4.7, and 7 while
/// it grew; pairs of a house and a [`Period`] took 12). Words added since the
/// last merge wait in a short list (a quarter of the sorted one at most, or
/// [`Touched::RECENT`]). Numbers too large for a word (no
/// database gives such ids) are kept as pairs.
#[derive(Default)]
pub(crate) struct Touched {
    /// Sorted, each once.
    words: Vec<u64>,
    /// Added since the last merge into `words`, in the file's order.
    recent: Vec<u64>,
    other: crate::fasthash::FastSet<(i64, Period)>,
}

impl Touched {
    /// Words added before they are merged into the sorted list.
    const RECENT: usize = 1 << 16;

    fn insert(&mut self, house_id: i64, period: Period) {
        let first = u64::try_from(period.first_month()).ok();
        match first.filter(|f| *f < 1 << 20 && (0..1 << 40).contains(&house_id)) {
            Some(f) => {
                let word = ((house_id as u64) << 24) | (f << 4) | period.span() as u64;
                // A row's indicators come one after the other with its house
                // and period: the same word again is not kept twice.
                if self.recent.last() != Some(&word) {
                    self.recent.push(word);
                    // Merged when a quarter as many wait as are sorted (at
                    // least RECENT): a long list is copied a few times over
                    // the file, not once per RECENT words.
                    if self.recent.len() >= Self::RECENT.max(self.words.len() / 4) {
                        self.merge();
                    }
                }
            }
            None => {
                self.other.insert((house_id, period));
            }
        }
    }

    /// Merges the recent words into the sorted list.
    fn merge(&mut self) {
        if self.recent.is_empty() {
            return;
        }
        self.recent.sort_unstable();
        self.recent.dedup();
        let mut merged = Vec::with_capacity(self.words.len() + self.recent.len());
        let (mut a, mut b) = (self.words.iter().peekable(), self.recent.iter().peekable());
        loop {
            let next = match (a.peek(), b.peek()) {
                (Some(&&x), Some(&&y)) if x < y => a.next(),
                (Some(&&x), Some(&&y)) if y < x => b.next(),
                (Some(_), Some(_)) => {
                    b.next();
                    a.next()
                }
                (Some(_), None) => a.next(),
                (None, Some(_)) => b.next(),
                (None, None) => break,
            };
            merged.extend(next);
        }
        self.words = merged;
        self.recent.clear();
    }

    fn is_empty(&self) -> bool {
        self.words.is_empty() && self.recent.is_empty() && self.other.is_empty()
    }

    /// Every house and period, sorted by house, first month and length (the
    /// rare pairs that do not fit a word come after, sorted the same way: a
    /// house's periods may then be checked in two chunks, which is the same).
    fn sorted(mut self) -> impl Iterator<Item = (i64, Period)> {
        self.merge();
        let Touched { words, other, .. } = self;
        let mut rest: Vec<(i64, Period)> = other.into_iter().collect();
        rest.sort_unstable_by_key(|(house, p)| (*house, p.first_month(), p.last_month()));
        words
            .into_iter()
            .map(|w| {
                let (first, span) = (((w >> 4) & 0xF_FFFF) as i32, (w & 0xF) as i32);
                // Packed from a period: always one suivi knows.
                let period = Period::from_months(first, first + span - 1)
                    .unwrap_or(Period::from_month_index(first));
                ((w >> 24) as i64, period)
            })
            .chain(rest)
    }
}

/// The positions of an observations file's columns (None: not in the file),
/// so that a row's cells are read without looking their keys up.
#[derive(Debug, Clone, Copy)]
struct ObservationColumns {
    house: Option<usize>,
    period: Option<usize>,
    indicator: Option<usize>,
    value: Option<usize>,
    comment: Option<usize>,
}

impl ObservationColumns {
    fn of(hm: &HeaderMatch) -> ObservationColumns {
        ObservationColumns {
            house: hm.position("house"),
            period: hm.position("period"),
            indicator: hm.position("indicator"),
            value: hm.position("value"),
            comment: hm.position("comment"),
        }
    }
}

/// The indicators a wide column header names (by code, French or English
/// name), each once.
fn indicators_named<'c>(catalogue: &'c Catalogue, header: &str) -> Vec<&'c Indicator> {
    let n = normalize(header);
    catalogue
        .items
        .iter()
        .filter(|i| {
            normalize(&i.code) == n
                || normalize(&i.name_fr) == n
                || i.name_en.as_deref().is_some_and(|e| normalize(e) == n)
                || i.name_ar.as_deref().is_some_and(|a| normalize(a) == n)
        })
        .collect()
}

impl<'a> Context<'a> {
    fn new(
        conn: &crate::store::Conn,
        kind: FileKind,
        hm: &'a HeaderMatch,
        headers: &'a [String],
        catalogue: &'a Catalogue,
        long: bool,
        file: &'a str,
    ) -> Result<Context<'a>> {
        let mut wide = Vec::new();
        if kind == FileKind::Observations && !long {
            let mut unknown = Vec::new();
            for (i, name) in &hm.extra {
                let named = indicators_named(catalogue, name);
                if named.len() > 1 {
                    return Err(rejected_with(
                        Msg::ColumnManyIndicators {
                            file: file.to_string(),
                            column: column_letter(*i),
                            name: name.clone(),
                            matches: named
                                .iter()
                                .map(|x| format!("{} ({})", x.code, x.name_fr))
                                .collect::<Vec<_>>()
                                .join(", "),
                        }
                        .to_string(),
                        vec![Msg::NameColumnByCode.to_string()],
                    ));
                }
                match named.first().copied().or_else(|| catalogue.find(name)) {
                    Some(ind) => {
                        let Some(idx) = catalogue.items.iter().position(|x| x.id == ind.id) else {
                            anyhow::bail!("indicator {} is not in the catalogue", ind.code);
                        };
                        if ind.formula().is_some() {
                            return Err(rejected(
                                Msg::ComputedColumn {
                                    file: file.to_string(),
                                    column: column_letter(*i),
                                    name: name.clone(),
                                    code: ind.code.clone(),
                                }
                                .to_string(),
                            ));
                        }
                        wide.push((*i, idx));
                    }
                    None => unknown.push(format!(
                        "{} \"{name}\"{}",
                        column_letter(*i),
                        crate::text::suggestion(
                            catalogue
                                .items
                                .iter()
                                .flat_map(|x| [x.code.as_str(), x.name_fr.as_str()]),
                            name
                        )
                    )),
                }
            }
            if !unknown.is_empty() {
                return Err(rejected_with(
                    Msg::NotIndicatorColumns {
                        file: file.to_string(),
                        columns: unknown,
                    }
                    .to_string(),
                    vec![Msg::NameIndicatorColumns.to_string()],
                ));
            }
            if wide.is_empty() {
                return Err(rejected(
                    Msg::NoIndicatorColumn {
                        file: file.to_string(),
                    }
                    .to_string(),
                ));
            }
        } else if !hm.extra.is_empty() {
            let (i, name) = &hm.extra[0];
            return Err(rejected_with(
                Msg::UnknownColumn {
                    file: file.to_string(),
                    column: column_letter(*i),
                    name: name.clone(),
                }
                .to_string(),
                vec![
                    Msg::ColumnsOfKind {
                        kind: kind.as_str().to_string(),
                        fr: crate::sheet::headers::columns(kind)
                            .iter()
                            .filter(|c| !c.ignored)
                            .map(|c| c.header_fr)
                            .collect::<Vec<_>>()
                            .join(", "),
                        en: crate::sheet::headers::columns(kind)
                            .iter()
                            .filter(|c| !c.ignored)
                            .map(|c| c.header_en)
                            .collect::<Vec<_>>()
                            .join(", "),
                    }
                    .to_string(),
                ],
            ));
        }
        Ok(Context {
            kind,
            hm,
            headers,
            catalogue,
            long,
            decimal: Decimal::Auto,
            force: false,
            locks: Vec::new(),
            houses: house::ids(conn)?.into_iter().collect(),
            registry: match kind {
                FileKind::Houses => Some(house::Registry::load(conn)?),
                _ => None,
            },
            association_codes: match kind {
                FileKind::Associations => association::codes(conn)?,
                _ => Vec::new(),
            },
            indicators: Default::default(),
            periods: Default::default(),
            wide,
            dimensions: plan::dimensions(conn)?,
            seen: HashMap::new(),
            collect_changes: false,
            rule_indicators: Default::default(),
            touched: Default::default(),
            cols: ObservationColumns::of(hm),
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

    /// The letter and header of a column, for error messages.
    fn column_name(&self, at: At) -> String {
        let index = match at {
            At::Key(k) => self.hm.position(k),
            At::Index(i) => Some(i),
            At::Unheaded(i) => return column_letter(i),
        };
        match index {
            Some(i) if i < self.headers.len() => {
                format!("{} ({})", column_letter(i), self.headers[i])
            }
            _ => String::new(),
        }
    }

    fn cell(&self, row: &Row, key: &str) -> Option<String> {
        self.text(row, key).map(str::to_string)
    }

    /// A cell's text, borrowed: the per-row path allocates nothing for it.
    fn text<'r>(&self, row: &'r Row, key: &str) -> Option<&'r str> {
        Self::text_at(row, self.hm.position(key))
    }

    /// The filled cells of a wide row: (column, indicator's place in the
    /// catalogue, text).
    fn wide_cells<'r>(&self, row: &'r Row) -> impl Iterator<Item = (usize, usize, &'r str)> {
        self.wide
            .iter()
            .filter_map(|&(col, idx)| Some((col, idx, Self::text_at(row, Some(col))?)))
    }

    /// [`Context::text`] of the column at `col` (found once per file).
    fn text_at(row: &Row, col: Option<usize>) -> Option<&str> {
        let v = row.get(col?);
        // Trimmed by the row already: only a stripped guard leaves spaces.
        let v = if v.starts_with('\'') {
            strip_formula_guard(v).trim()
        } else {
            v
        };
        (!v.is_empty()).then_some(v)
    }

    fn house_id(
        &self,
        row: &Row,
        field: &'static str,
    ) -> std::result::Result<(i64, String), RowError> {
        let Some(code) = self.text(row, field) else {
            return Err(RowError::at(field, Msg::HouseCodeEmpty));
        };
        match self.houses.get(code) {
            Some(id) => Ok((*id, code.to_string())),
            None => match self
                .houses
                .iter()
                .find(|(c, _)| c.eq_ignore_ascii_case(code))
            {
                Some((c, id)) => Ok((*id, c.clone())),
                None => Err(RowError::at(
                    field,
                    Msg::RowUnknownHouse {
                        code: code.to_string(),
                        closest: crate::text::closest(self.houses.keys().map(String::as_str), code)
                            .into_iter()
                            .map(str::to_string)
                            .collect(),
                    },
                )),
            },
        }
    }

    /// The house of an observations row ([`Context::house_id`] of its
    /// `house` column), with the code borrowed from the row when it is spelled
    /// as stored (the per-row path of observations).
    fn house_ref<'r>(
        &self,
        row: &'r Row,
    ) -> std::result::Result<(i64, std::borrow::Cow<'r, str>), RowError> {
        if let Some(code) = Self::text_at(row, self.cols.house)
            && let Some(id) = self.houses.get(code)
        {
            return Ok((*id, std::borrow::Cow::Borrowed(code)));
        }
        self.house_id(row, "house")
            .map(|(id, code)| (id, std::borrow::Cow::Owned(code)))
    }

    /// The place in the catalogue of the indicator a cell names, looked up
    /// once per distinct text.
    fn indicator_index(&mut self, name: &str) -> Option<usize> {
        let cat = self.catalogue;
        match self.indicators.get(name) {
            Some(idx) => *idx,
            None => {
                let idx = cat
                    .find(name)
                    .and_then(|i| cat.items.iter().position(|x| x.id == i.id));
                self.indicators.insert(name.to_string(), idx);
                idx
            }
        }
    }

    fn indicator(&mut self, name: &str) -> std::result::Result<&'a Indicator, RowError> {
        let cat = self.catalogue;
        match self.indicator_index(name) {
            Some(i) => Ok(&cat.items[i]),
            None => Err(RowError::at(
                "indicator",
                Msg::RowUnknownIndicator {
                    name: name.to_string(),
                    closest: crate::text::closest(
                        cat.items
                            .iter()
                            .flat_map(|i| [i.code.as_str(), i.name_fr.as_str()]),
                        name,
                    )
                    .into_iter()
                    .map(str::to_string)
                    .collect(),
                },
            )),
        }
    }

    fn period(&mut self, text: &str) -> std::result::Result<Period, RowError> {
        self.period_and_text(text).map(|(p, _)| p)
    }

    /// A period and its canonical spelling, parsed once per distinct text.
    fn period_and_text(
        &mut self,
        text: &str,
    ) -> std::result::Result<(Period, std::rc::Rc<str>), RowError> {
        if let Some(p) = self.periods.get(text) {
            return p.clone().map_err(|m| RowError::at("period", m));
        }
        let p = Period::parse(text)
            .map(|p| (p, std::rc::Rc::from(p.canonical())))
            .map_err(|e| e.msg());
        self.periods.insert(text.to_string(), p.clone());
        p.map_err(|m| RowError::at("period", m))
    }

    /// Refuses a record key this file gave already, naming both lines.
    fn once(
        &mut self,
        key: String,
        line: u64,
        column: &'static str,
        what: impl FnOnce() -> Msg,
    ) -> std::result::Result<(), RowError> {
        match self.seen.get(&key) {
            Some(&first) => Err(RowError::at(
                column,
                Msg::AppearsTwice {
                    what: Box::new(what()),
                    first,
                    line,
                },
            )),
            None => {
                self.seen.insert(key, line);
                Ok(())
            }
        }
    }
}

/// Re-spells a number of a comma-decimal file so that the command-line
/// parsers (which read a lone comma as decimal) read it the same way.
fn normalize_number(s: &str, decimal: Decimal) -> String {
    match crate::domain::number::parse_number(s, decimal) {
        Ok(v) => format!("{v}"),
        Err(_) => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn touched_houses_and_periods_come_back_whole_and_in_order() {
        let p = |s: &str| Period::parse(s).unwrap();
        let mut t = Touched::default();
        let given = [
            (7, p("2025-01")),
            (3, p("2024-2025")),
            (3, p("T2 2025")),
            (3, p("2025")),
            (7, p("S2 2024")),
            (3, p("2024-09")),
            (7, p("2025-01")),
            // Too large for a word: kept whole, after the others.
            (1 << 41, p("2025-02")),
            (2, p("2025-03")),
        ];
        for (house, period) in given {
            t.insert(house, period);
        }
        assert!(!t.is_empty());
        let back: Vec<(i64, Period)> = t.sorted().collect();
        let want = [
            (2, p("2025-03")),
            (3, p("2024-09")),
            (3, p("2024-2025")),
            (3, p("2025")),
            (3, p("T2 2025")),
            (7, p("S2 2024")),
            (7, p("2025-01")),
            (1 << 41, p("2025-02")),
        ];
        assert_eq!(back, want);
    }

    #[test]
    fn touched_words_merged_many_times_come_back_once_each_in_order() {
        // More words than wait between merges, in a scattered order, each
        // given several times: as a set of them would hold them.
        let mut t = Touched::default();
        let mut want = std::collections::BTreeSet::new();
        let mut x: u64 = 12345;
        for _ in 0..(3 * Touched::RECENT + 100) {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let house = ((x >> 33) % 5_000) as i64;
            let month = 2024 * 12 + ((x >> 20) % 24) as i32;
            let period = Period::from_month_index(month);
            t.insert(house, period);
            want.insert((house, month));
        }
        let back: Vec<(i64, i32)> = t.sorted().map(|(h, p)| (h, p.first_month())).collect();
        assert_eq!(back, want.into_iter().collect::<Vec<_>>());
    }
}
