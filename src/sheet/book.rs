//! xlsx and ods workbooks read straight from their XML (zip + quick-xml), streamed
//! row by row in bounded memory and linear time.
//!
//! A workbook is a zip of XML files; nothing in it is trusted. Its declared
//! dimension is never used to allocate (one beyond Excel's grid is refused), an
//! `.ods` row or cell repeated a million times is counted, not materialised, and
//! every size is checked before it is held in memory:
//!
//! - [`MAX_XML_BYTES`] of XML per part once inflated (a zip bomb stops there);
//! - [`MAX_EVENT_BYTES`] between two XML tags (one huge text or tag);
//! - [`super::MAX_FIELD_BYTES`] per cell text, as for CSV;
//! - [`MAX_SHARED_BYTES`] for all the shared strings of an xlsx together;
//! - [`MAX_ROWS`] rows and [`super::MAX_COLUMNS`] columns (Excel's grid);
//! - [`MAX_CELLS`] cells in the sheet, repeated ones included.
//!
//! The sheet is parsed on a worker thread that hands rows over in batches through
//! a bounded channel, so the import works on one batch while the next is parsed.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use quick_xml::events::{BytesStart, Event};

use super::read::SourceFormat;
use super::{MAX_COLUMNS, MAX_FIELD_BYTES, SheetError};
use crate::messages::{self, BookCount};

/// Most bytes of XML read from one part of a workbook, once inflated.
pub const MAX_XML_BYTES: u64 = 1 << 30;
/// Most bytes between two tags (a text or a tag): bounds what the XML parser buffers.
pub const MAX_EVENT_BYTES: usize = 8 * MAX_FIELD_BYTES;
/// Most bytes of all the shared strings of an xlsx workbook together.
pub const MAX_SHARED_BYTES: usize = 256 * 1024 * 1024;
/// Most rows of a sheet: Excel's own limit.
pub const MAX_ROWS: u64 = 1_048_576;
/// Most cells of a sheet, repeated ones included (about 20 times the largest import seen).
pub const MAX_CELLS: u64 = 20_000_000;

const BATCH_ROWS: usize = 512;

/// One non-blank row: its spreadsheet line and its fields.
pub(super) type BookRow = (u64, csv::StringRecord);

enum Msg {
    Sheet(String),
    Rows(Vec<BookRow>),
    Failed(SheetError),
}

/// Rows of the chosen sheet, as the worker thread parses them.
pub(super) struct BookStream {
    rx: Receiver<Msg>,
    batch: std::vec::IntoIter<BookRow>,
    done: bool,
}

impl BookStream {
    /// Opens `path` and starts reading the sheet named `wanted` (or the first
    /// visible one); returns the sheet's name once the worker has found it.
    pub(super) fn open(
        path: &Path,
        format: SourceFormat,
        wanted: Option<String>,
    ) -> Result<(String, BookStream), SheetError> {
        let file = File::open(path).map_err(|e| SheetError::Io {
            path: path.to_path_buf(),
            op: "open",
            source: e,
        })?;
        let (tx, rx) = sync_channel(4);
        let worker_path = path.to_path_buf();
        std::thread::Builder::new()
            .name("suivi-workbook".into())
            .spawn(move || {
                let mut sink = Sink {
                    tx,
                    batch: Vec::with_capacity(BATCH_ROWS),
                };
                let result = match format {
                    SourceFormat::Ods => ods(&worker_path, file, wanted.as_deref(), &mut sink),
                    _ => xlsx(&worker_path, file, wanted.as_deref(), &mut sink),
                };
                match result {
                    Ok(()) => {
                        let _ = sink.flush();
                    }
                    Err(Stop::Failed(e)) => {
                        let _ = sink.flush();
                        let _ = sink.tx.send(Msg::Failed(e));
                    }
                    Err(Stop::Closed) => {}
                }
            })
            .map_err(|e| SheetError::Io {
                path: path.to_path_buf(),
                op: "read",
                source: e,
            })?;
        let mut stream = BookStream {
            rx,
            batch: Vec::new().into_iter(),
            done: false,
        };
        match stream.rx.recv() {
            Ok(Msg::Sheet(name)) => Ok((name, stream)),
            Ok(Msg::Failed(e)) => Err(e),
            Ok(Msg::Rows(_)) | Err(_) => {
                stream.done = true;
                Err(SheetError::Workbook {
                    path: path.to_path_buf(),
                    message: messages::Msg::BookNoSheet.to_string(),
                })
            }
        }
    }

    /// The next non-blank row, or `None` at the end of the sheet.
    pub(super) fn next_row(&mut self) -> Result<Option<BookRow>, SheetError> {
        loop {
            if let Some(row) = self.batch.next() {
                return Ok(Some(row));
            }
            if self.done {
                return Ok(None);
            }
            match self.rx.recv() {
                Ok(Msg::Rows(rows)) => self.batch = rows.into_iter(),
                Ok(Msg::Failed(e)) => {
                    self.done = true;
                    return Err(e);
                }
                Ok(Msg::Sheet(_)) => {}
                Err(_) => self.done = true,
            }
        }
    }
}

/// Why the worker stopped early.
enum Stop {
    Failed(SheetError),
    /// The reader was dropped: nobody wants more rows.
    Closed,
}

impl From<SheetError> for Stop {
    fn from(e: SheetError) -> Stop {
        Stop::Failed(e)
    }
}

struct Sink {
    tx: SyncSender<Msg>,
    batch: Vec<BookRow>,
}

impl Sink {
    fn sheet(&mut self, name: &str) -> Result<(), Stop> {
        self.tx
            .send(Msg::Sheet(name.to_string()))
            .map_err(|_| Stop::Closed)
    }

    fn row(&mut self, line: u64, record: &csv::StringRecord) -> Result<(), Stop> {
        if record.iter().all(|f| f.trim().is_empty()) {
            return Ok(());
        }
        self.batch.push((line, record.clone()));
        if self.batch.len() >= BATCH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Stop> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let rows = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH_ROWS));
        self.tx.send(Msg::Rows(rows)).map_err(|_| Stop::Closed)
    }
}

// ---------------------------------------------------------------------------
// Bounded XML

/// Sits under the XML parser: counts the bytes of a part and the bytes since the
/// last `<` or `>`, and fails (through the parser, as an I/O error) over a limit.
struct Guard<R> {
    inner: R,
    total: u64,
    run: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Over {
    Part,
    Event,
}

impl std::fmt::Display for Over {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}

impl std::error::Error for Over {}

impl<R: BufRead> Read for Guard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Guard<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.total > MAX_XML_BYTES {
            return Err(io::Error::other(Over::Part));
        }
        if self.run > MAX_EVENT_BYTES {
            return Err(io::Error::other(Over::Event));
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        if let Ok(buf) = self.inner.fill_buf() {
            let seen = &buf[..amt.min(buf.len())];
            match memchr::memrchr2(b'<', b'>', seen) {
                Some(i) => self.run = seen.len() - i - 1,
                None => self.run += seen.len(),
            }
        }
        self.total += amt as u64;
        self.inner.consume(amt);
    }
}

type Xml<R> = quick_xml::Reader<Guard<BufReader<R>>>;

fn xml<R: Read>(inner: R) -> Xml<R> {
    let mut reader = quick_xml::Reader::from_reader(Guard {
        inner: BufReader::with_capacity(64 * 1024, inner),
        total: 0,
        run: 0,
    });
    reader.config_mut().check_end_names = false;
    reader
}

/// The error of a part: over a limit, or damaged.
fn xml_error(path: &Path, part: &str, e: quick_xml::Error) -> SheetError {
    if let quick_xml::Error::Io(io) = &e
        && let Some(over) = io.get_ref().and_then(|i| i.downcast_ref::<Over>())
    {
        return SheetError::BookLimit {
            path: path.to_path_buf(),
            what: match over {
                Over::Part => messages::Msg::BookPartTooLarge {
                    part: part.to_string(),
                    mib: MAX_XML_BYTES >> 20,
                }
                .to_string(),
                Over::Event => messages::Msg::BookTextTooLong {
                    part: part.to_string(),
                    mib: (MAX_EVENT_BYTES >> 20) as u64,
                }
                .to_string(),
            },
        };
    }
    damaged(
        path,
        messages::Msg::BookPartUnreadable {
            part: part.to_string(),
            why: e.to_string(),
        }
        .to_string(),
    )
}

fn damaged(path: &Path, message: String) -> SheetError {
    SheetError::Workbook {
        path: path.to_path_buf(),
        message,
    }
}

/// A workbook over one of the limits above.
fn limit(path: &Path, what: messages::Msg) -> SheetError {
    SheetError::BookLimit {
        path: path.to_path_buf(),
        what: what.to_string(),
    }
}

/// A workbook with more than `max` of something.
fn too_many(path: &Path, max: u64, what: BookCount) -> SheetError {
    limit(path, messages::Msg::BookTooMany { max, what })
}

/// An attribute by its local name (whatever the namespace prefix), unescaped.
fn attr(e: &BytesStart, local: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local).then(|| {
            quick_xml::escape::unescape(&a.value)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.to_string())
        })
    })
}

/// An attribute by its full name, prefix included (`r:id`, `table:name`).
fn attr_q(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.as_ref() == name).then(|| {
            quick_xml::escape::unescape(&a.value)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.to_string())
        })
    })
}

/// Appends an entity reference (`&amp;`, `&#233;`) to `out`.
fn push_ref(e: &quick_xml::events::BytesRef, out: &mut String) {
    if let Ok(Some(c)) = e.resolve_char_ref() {
        out.push(c);
    } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&e.xml10_content()) {
        out.push_str(s);
    }
}

fn open_zip(path: &Path, file: File) -> Result<zip::ZipArchive<File>, SheetError> {
    zip::ZipArchive::new(file).map_err(|e| damaged(path, e.to_string()))
}

fn part<'a>(
    path: &Path,
    zip: &'a mut zip::ZipArchive<File>,
    name: &str,
) -> Result<Option<Xml<zip::read::ZipFile<'a, File>>>, SheetError> {
    match zip.by_name(name) {
        Ok(f) => Ok(Some(xml(f))),
        Err(zip::result::ZipError::FileNotFound) => Ok(None),
        Err(e) => Err(damaged(
            path,
            messages::Msg::BookPartUnreadable {
                part: name.to_string(),
                why: e.to_string(),
            }
            .to_string(),
        )),
    }
}

// ---------------------------------------------------------------------------
// Shared row building

/// Builds a row cell by cell at the cells' columns, padding gaps.
struct RowBuilder {
    record: csv::StringRecord,
    cells: u64,
}

impl RowBuilder {
    fn new() -> RowBuilder {
        RowBuilder {
            record: csv::StringRecord::new(),
            cells: 0,
        }
    }

    /// Puts `text` at column `col` (0-based), `repeat` times.
    fn put(
        &mut self,
        path: &Path,
        line: u64,
        col: usize,
        text: &str,
        repeat: usize,
    ) -> Result<(), SheetError> {
        if col < self.record.len() {
            return Err(damaged(
                path,
                messages::Msg::BookCellsOutOfOrder { line }.to_string(),
            ));
        }
        if col.saturating_add(repeat) > MAX_COLUMNS {
            return Err(limit(
                path,
                messages::Msg::BookTooManyColumns {
                    line,
                    max: MAX_COLUMNS as u64,
                },
            ));
        }
        self.cells = self.cells.saturating_add(repeat as u64);
        if self.cells > MAX_CELLS {
            return Err(too_many(path, MAX_CELLS, BookCount::Cells));
        }
        while self.record.len() < col {
            self.record.push_field("");
        }
        for _ in 0..repeat {
            self.record.push_field(text);
        }
        Ok(())
    }
}

fn check_field(path: &Path, line: u64, column: usize, text: &str) -> Result<(), SheetError> {
    if text.len() > MAX_FIELD_BYTES {
        return Err(SheetError::FieldTooLong {
            path: path.to_path_buf(),
            line,
            column,
        });
    }
    Ok(())
}

/// Column (0-based) and row (1-based) of a reference such as `B12`.
fn cell_ref(r: &str) -> Option<(usize, u64)> {
    let letters = r.bytes().take_while(u8::is_ascii_alphabetic).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let mut col = 0usize;
    for b in r[..letters].bytes() {
        col = col * 26 + usize::from(b.to_ascii_uppercase() - b'A' + 1);
    }
    let row = r[letters..].parse::<u64>().ok()?;
    Some((col - 1, row))
}

// ---------------------------------------------------------------------------
// xlsx

struct SheetEntry {
    name: String,
    hidden: bool,
    rel: String,
}

fn xlsx(path: &Path, file: File, wanted: Option<&str>, sink: &mut Sink) -> Result<(), Stop> {
    let mut zip = open_zip(path, file)?;
    let (sheets, date1904) = workbook_sheets(path, &mut zip)?;
    let rels = workbook_rels(path, &mut zip)?;
    let names: Vec<String> = sheets.iter().map(|s| s.name.clone()).collect();
    let chosen = match wanted {
        Some(w) => sheets
            .iter()
            .find(|s| s.name == w)
            .or_else(|| {
                sheets
                    .iter()
                    .find(|s| super::headers::normalize(&s.name) == super::headers::normalize(w))
            })
            .ok_or_else(|| SheetError::NoSheet {
                path: path.to_path_buf(),
                name: w.to_string(),
                sheets: names.clone(),
            })?,
        None => {
            if sheets.is_empty() {
                return Err(damaged(path, messages::Msg::BookNoSheet.to_string()).into());
            }
            sheets
                .iter()
                .find(|s| !s.hidden)
                .ok_or_else(|| SheetError::NoVisibleSheet {
                    path: path.to_path_buf(),
                    sheets: names.clone(),
                })?
        }
    };
    let target = rels
        .get("sheet")
        .and_then(|m| m.get(&chosen.rel))
        .cloned()
        .ok_or_else(|| {
            damaged(
                path,
                messages::Msg::BookSheetHasNoPart {
                    sheet: chosen.name.clone(),
                }
                .to_string(),
            )
        })?;
    let shared_name = rels
        .get("sharedStrings")
        .and_then(|m| m.values().next().cloned())
        .unwrap_or_else(|| "xl/sharedStrings.xml".into());
    let styles_name = rels
        .get("styles")
        .and_then(|m| m.values().next().cloned())
        .unwrap_or_else(|| "xl/styles.xml".into());
    let shared = shared_strings(path, &mut zip, &shared_name)?;
    let dates = date_styles(path, &mut zip, &styles_name)?;
    sink.sheet(&chosen.name)?;
    let Some(mut reader) = part(path, &mut zip, &target)? else {
        return Err(damaged(
            path,
            messages::Msg::BookPartMissing {
                part: target.to_string(),
            }
            .to_string(),
        )
        .into());
    };
    let ctx = CellContext {
        shared: &shared,
        dates: &dates,
        date1904,
    };
    sheet_rows(path, &target, &mut reader, &ctx, sink)
}

fn workbook_sheets(
    path: &Path,
    zip: &mut zip::ZipArchive<File>,
) -> Result<(Vec<SheetEntry>, bool), SheetError> {
    let name = "xl/workbook.xml";
    let Some(mut r) = part(path, zip, name)? else {
        return Err(damaged(
            path,
            messages::Msg::BookPartMissing {
                part: name.to_string(),
            }
            .to_string(),
        ));
    };
    let mut sheets = Vec::new();
    let mut date1904 = false;
    let mut buf = Vec::new();
    loop {
        match r
            .read_event_into(&mut buf)
            .map_err(|e| xml_error(path, name, e))?
        {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "sheet" => {
                    if sheets.len() > 100_000 {
                        return Err(too_many(path, 100_000, BookCount::Sheets));
                    }
                    let state = attr(&e, "state").unwrap_or_default();
                    sheets.push(SheetEntry {
                        name: attr(&e, "name").unwrap_or_default(),
                        hidden: state == "hidden" || state == "veryHidden",
                        rel: attr(&e, "id").unwrap_or_default(),
                    });
                }
                "workbookPr" => {
                    date1904 = matches!(attr(&e, "date1904").as_deref(), Some("1" | "true"));
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok((sheets, date1904))
}

/// Targets of the workbook's relationships by kind (`sheet`, `sharedStrings`,
/// `styles`) and id, as paths inside the zip.
fn workbook_rels(
    path: &Path,
    zip: &mut zip::ZipArchive<File>,
) -> Result<HashMap<&'static str, HashMap<String, String>>, SheetError> {
    let name = "xl/_rels/workbook.xml.rels";
    let mut out: HashMap<&'static str, HashMap<String, String>> = HashMap::new();
    let Some(mut r) = part(path, zip, name)? else {
        return Ok(out);
    };
    let mut buf = Vec::new();
    loop {
        match r
            .read_event_into(&mut buf)
            .map_err(|e| xml_error(path, name, e))?
        {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let kind = attr(&e, "Type").unwrap_or_default();
                let kind = match kind.rsplit('/').next() {
                    Some("worksheet") => "sheet",
                    Some("sharedStrings") => "sharedStrings",
                    Some("styles") => "styles",
                    _ => continue,
                };
                let target = attr(&e, "Target").unwrap_or_default();
                let id = attr(&e, "Id").unwrap_or_default();
                out.entry(kind)
                    .or_default()
                    .insert(id, resolve_target(&target));
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// A relationship target relative to `xl/` (or absolute) as a zip path.
fn resolve_target(target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("xl/{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for p in joined.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The shared strings, in one buffer with their end offsets.
struct Shared {
    text: String,
    ends: Vec<usize>,
}

impl Shared {
    fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end)
    }
}

fn shared_strings(
    path: &Path,
    zip: &mut zip::ZipArchive<File>,
    name: &str,
) -> Result<Shared, SheetError> {
    let mut shared = Shared {
        text: String::new(),
        ends: Vec::new(),
    };
    let Some(mut r) = part(path, zip, name)? else {
        return Ok(shared);
    };
    let mut buf = Vec::new();
    let mut text = RichText::default();
    let mut in_si = false;
    loop {
        let event = r
            .read_event_into(&mut buf)
            .map_err(|e| xml_error(path, name, e))?;
        match &event {
            Event::Start(e) if e.local_name().as_ref() == "si" => {
                in_si = true;
                text.clear();
            }
            Event::Empty(e) if e.local_name().as_ref() == "si" => {
                shared.ends.push(shared.text.len());
            }
            Event::End(e) if e.local_name().as_ref() == "si" => {
                in_si = false;
                if text.text.len() > MAX_FIELD_BYTES {
                    return Err(limit(
                        path,
                        messages::Msg::BookSharedStringTooLong {
                            n: shared.ends.len() + 1,
                            max: MAX_FIELD_BYTES,
                        },
                    ));
                }
                shared.text.push_str(&text.text);
                shared.ends.push(shared.text.len());
                if shared.text.len() > MAX_SHARED_BYTES {
                    return Err(limit(
                        path,
                        messages::Msg::BookSharedTooLarge {
                            mib: (MAX_SHARED_BYTES >> 20) as u64,
                        },
                    ));
                }
                if shared.ends.len() as u64 > MAX_CELLS {
                    return Err(too_many(path, MAX_CELLS, BookCount::SharedStrings));
                }
            }
            Event::Eof => break,
            other if in_si => text.event(other),
            _ => {}
        }
        if text.text.len() > MAX_FIELD_BYTES {
            return Err(limit(
                path,
                messages::Msg::BookSharedStringTooLong {
                    n: shared.ends.len() + 1,
                    max: MAX_FIELD_BYTES,
                },
            ));
        }
        buf.clear();
    }
    Ok(shared)
}

/// The text of `<t>` elements in a string item, skipping phonetic runs (`<rPh>`).
#[derive(Default)]
struct RichText {
    text: String,
    in_t: bool,
    skip: usize,
}

impl RichText {
    fn clear(&mut self) {
        self.text.clear();
        self.in_t = false;
        self.skip = 0;
    }

    fn event(&mut self, event: &Event) {
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "rPh" => self.skip += 1,
                "t" => self.in_t = true,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "rPh" => self.skip = self.skip.saturating_sub(1),
                "t" => self.in_t = false,
                _ => {}
            },
            Event::Text(t) if self.in_t && self.skip == 0 => {
                self.text.push_str(&t.xml10_content());
            }
            Event::CData(t) if self.in_t && self.skip == 0 => {
                self.text.push_str(&t.xml10_content());
            }
            Event::GeneralRef(e) if self.in_t && self.skip == 0 => push_ref(e, &mut self.text),
            _ => {}
        }
    }
}

/// For each cell style (`s` attribute), whether its number format shows a date.
fn date_styles(
    path: &Path,
    zip: &mut zip::ZipArchive<File>,
    name: &str,
) -> Result<Vec<bool>, SheetError> {
    let mut out = Vec::new();
    let Some(mut r) = part(path, zip, name)? else {
        return Ok(out);
    };
    let mut custom: HashMap<String, bool> = HashMap::new();
    let mut in_xfs = false;
    let mut buf = Vec::new();
    loop {
        match r
            .read_event_into(&mut buf)
            .map_err(|e| xml_error(path, name, e))?
        {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "numFmt" => {
                    if let (Some(id), Some(code)) = (attr(&e, "numFmtId"), attr(&e, "formatCode")) {
                        custom.insert(id, is_date_format(&code));
                    }
                }
                "cellXfs" => in_xfs = true,
                "xf" if in_xfs => {
                    if out.len() as u64 > MAX_CELLS {
                        return Err(too_many(path, MAX_CELLS, BookCount::CellStyles));
                    }
                    let id = attr(&e, "numFmtId").unwrap_or_default();
                    let date = custom.get(&id).copied().unwrap_or_else(|| {
                        id.parse::<u32>()
                            .is_ok_and(|n| matches!(n, 14..=17 | 22 | 27..=36 | 50..=58))
                    });
                    out.push(date);
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "cellXfs" => in_xfs = false,
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// A number format shows a date when it holds a day or a year, outside quoted
/// text, escapes and `[...]` sections (colours, locales, elapsed times).
fn is_date_format(code: &str) -> bool {
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            '[' => {
                for q in chars.by_ref() {
                    if q == ']' {
                        break;
                    }
                }
            }
            '\\' | '_' | '*' => {
                chars.next();
            }
            'd' | 'D' | 'y' | 'Y' => return true,
            _ => {}
        }
    }
    false
}

struct CellContext<'a> {
    shared: &'a Shared,
    dates: &'a [bool],
    date1904: bool,
}

fn sheet_rows<R: Read>(
    path: &Path,
    name: &str,
    r: &mut Xml<R>,
    ctx: &CellContext,
    sink: &mut Sink,
) -> Result<(), Stop> {
    let mut buf = Vec::new();
    let mut row = RowBuilder::new();
    let mut line = 0u64;
    let mut in_row = false;
    // The cell being read.
    let mut col = 0usize;
    let mut next_col = 0usize;
    let mut kind = String::new();
    let mut style = 0usize;
    let mut value = String::new();
    let mut in_v = false;
    let mut inline = RichText::default();
    let mut in_is = false;
    let mut in_cell = false;
    let mut text = String::new();
    loop {
        let event = r
            .read_event_into(&mut buf)
            .map_err(|e| xml_error(path, name, e))?;
        match &event {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "dimension" => {
                    let declared = attr(e, "ref").unwrap_or_default();
                    let last = declared.rsplit(':').next().unwrap_or("");
                    if let Some((c, r)) = cell_ref(last)
                        && (c >= MAX_COLUMNS || r > MAX_ROWS)
                    {
                        return Err(limit(
                            path,
                            messages::Msg::BookClaimsTooMuch {
                                last: last.to_string(),
                                rows: MAX_ROWS,
                                columns: MAX_COLUMNS,
                            },
                        )
                        .into());
                    }
                }
                "row" => {
                    let next = match attr(e, "r") {
                        Some(r) => r.parse::<u64>().map_err(|_| {
                            damaged(
                                path,
                                messages::Msg::BookBadReference {
                                    value: r.to_string(),
                                }
                                .to_string(),
                            )
                        })?,
                        None => line + 1,
                    };
                    if next <= line {
                        return Err(damaged(
                            path,
                            messages::Msg::BookRowsOutOfOrder { line: next }.to_string(),
                        )
                        .into());
                    }
                    if next > MAX_ROWS {
                        return Err(too_many(path, MAX_ROWS, BookCount::Rows).into());
                    }
                    line = next;
                    row.record.clear();
                    next_col = 0;
                    in_row = matches!(event, Event::Start(_));
                }
                "c" if in_row => {
                    // One pass over the attributes: this runs for every cell.
                    let mut reference = None;
                    kind.clear();
                    style = 0;
                    for a in e.attributes().flatten() {
                        match a.key.local_name().as_ref() {
                            "r" => reference = Some(a.value),
                            "t" => kind.push_str(&a.value),
                            "s" => style = a.value.trim().parse().unwrap_or(0),
                            _ => {}
                        }
                    }
                    col = match reference {
                        Some(r) => match cell_ref(&r) {
                            Some((c, _)) => c,
                            None => {
                                return Err(damaged(
                                    path,
                                    messages::Msg::BookBadReference {
                                        value: r.to_string(),
                                    }
                                    .to_string(),
                                )
                                .into());
                            }
                        },
                        None => next_col,
                    };
                    next_col = col.saturating_add(1);
                    value.clear();
                    inline.clear();
                    in_v = false;
                    in_is = false;
                    if matches!(event, Event::Empty(_)) {
                        // A cell with a style and no value: nothing to put.
                        row.cells = row.cells.saturating_add(1);
                        if row.cells > MAX_CELLS {
                            return Err(too_many(path, MAX_CELLS, BookCount::Cells).into());
                        }
                    } else {
                        in_cell = true;
                    }
                }
                "v" if in_cell => in_v = matches!(event, Event::Start(_)),
                "is" if in_cell => in_is = matches!(event, Event::Start(_)),
                _ if in_is => inline.event(&event),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "row" if in_row => {
                    in_row = false;
                    sink.row(line, &row.record)?;
                }
                "c" if in_cell => {
                    in_cell = false;
                    text.clear();
                    let raw = if kind == "inlineStr" {
                        inline.text.as_str()
                    } else {
                        value.as_str()
                    };
                    cell_text(path, &kind, raw, style, ctx, &mut text)?;
                    check_field(path, line, col, &text)?;
                    if !text.is_empty() {
                        row.put(path, line, col, &text, 1)?;
                    } else {
                        row.cells = row.cells.saturating_add(1);
                    }
                }
                "v" => in_v = false,
                "is" => in_is = false,
                _ if in_is => inline.event(&event),
                _ => {}
            },
            Event::Text(t) if in_v => value.push_str(&t.xml10_content()),
            Event::CData(t) if in_v => value.push_str(&t.xml10_content()),
            Event::GeneralRef(e) if in_v => push_ref(e, &mut value),
            Event::Eof => break,
            _ if in_is => inline.event(&event),
            _ => {}
        }
        if value.len() > MAX_FIELD_BYTES || inline.text.len() > MAX_FIELD_BYTES {
            return Err(SheetError::FieldTooLong {
                path: path.to_path_buf(),
                line,
                column: col,
            }
            .into());
        }
        buf.clear();
    }
    if in_row {
        sink.row(line, &row.record)?;
    }
    Ok(())
}

/// A cell's value as the text a CSV export of it would hold (see `read::cell_text`).
fn cell_text(
    path: &Path,
    kind: &str,
    raw: &str,
    style: usize,
    ctx: &CellContext,
    out: &mut String,
) -> Result<(), SheetError> {
    match kind {
        "s" => {
            let i: usize = raw.trim().parse().map_err(|_| {
                damaged(
                    path,
                    messages::Msg::BookBadReference {
                        value: raw.to_string(),
                    }
                    .to_string(),
                )
            })?;
            let s = ctx.shared.get(i).ok_or_else(|| {
                damaged(
                    path,
                    messages::Msg::BookBadReference {
                        value: i.to_string(),
                    }
                    .to_string(),
                )
            })?;
            out.push_str(s);
        }
        "inlineStr" | "str" | "e" => out.push_str(raw),
        "b" => out.push(if raw.trim() == "1" || raw.trim() == "true" {
            '1'
        } else {
            '0'
        }),
        "d" => push_iso(raw.trim(), out),
        _ => {
            let t = raw.trim();
            match t.parse::<f64>() {
                Ok(f) if ctx.dates.get(style).copied().unwrap_or(false) => {
                    if !push_serial_date(f, ctx.date1904, out) {
                        super::read::push_float(f, out);
                    }
                }
                Ok(f) if f.is_finite() => super::read::push_float(f, out),
                _ => out.push_str(t),
            }
        }
    }
    Ok(())
}

/// An ISO date or date-time (`2025-06-30`, `2025-06-30T00:00:00`) as read
/// elsewhere: the time only when it is not midnight.
pub(super) fn push_iso(s: &str, out: &mut String) {
    match s.split_once('T') {
        Some((date, time)) if time.trim_start_matches(['0', ':', '.']).is_empty() => {
            out.push_str(date)
        }
        Some((date, time)) => {
            out.push_str(date);
            out.push(' ');
            out.push_str(time);
        }
        None => out.push_str(s),
    }
}

/// An Excel date serial as `YYYY-MM-DD` (and ` HH:MM:SS` when not midnight);
/// false when it is no date (negative, past 9999).
fn push_serial_date(serial: f64, date1904: bool, out: &mut String) -> bool {
    use std::fmt::Write;
    if !serial.is_finite() || !(0.0..2_958_466.0).contains(&serial) {
        return false;
    }
    let mut days = serial.floor() as i64;
    let mut secs = ((serial - serial.floor()) * 86_400.0).round() as i64;
    if secs >= 86_400 {
        days += 1;
        secs -= 86_400;
    }
    // Days since 1970-01-01. Excel's 1900 system counts a 29 February 1900 that
    // never was (serial 60); serials before it are one day off.
    let unix = if date1904 {
        days - 24_107
    } else if days < 60 {
        days - 25_568
    } else {
        days - 25_569
    };
    let (y, m, d) = civil_from_days(unix);
    let _ = write!(out, "{y:04}-{m:02}-{d:02}");
    if secs != 0 {
        let _ = write!(
            out,
            " {:02}:{:02}:{:02}",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        );
    }
    true
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

// ---------------------------------------------------------------------------
// ods

fn ods(path: &Path, file: File, wanted: Option<&str>, sink: &mut Sink) -> Result<(), Stop> {
    let mut zip = open_zip(path, file)?;
    let name = "content.xml";
    let Some(mut r) = part(path, &mut zip, name)? else {
        return Err(damaged(
            path,
            messages::Msg::BookPartMissing {
                part: name.to_string(),
            }
            .to_string(),
        )
        .into());
    };
    let mut hidden_styles: Vec<String> = Vec::new();
    let mut style_name: Option<String> = None;
    let mut names: Vec<String> = Vec::new();
    let mut buf = Vec::new();
    loop {
        let event = r
            .read_event_into(&mut buf)
            .map_err(|e| xml_error(path, name, e))?;
        match &event {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "style:style" => {
                    style_name = (attr_q(e, "style:family").as_deref() == Some("table"))
                        .then(|| attr_q(e, "style:name"))
                        .flatten();
                }
                "style:table-properties" => {
                    if let Some(s) = &style_name
                        && attr_q(e, "table:display").as_deref() == Some("false")
                    {
                        hidden_styles.push(s.clone());
                    }
                }
                "table:table" => {
                    let table = attr_q(e, "table:name").unwrap_or_default();
                    let hidden =
                        attr_q(e, "table:style-name").is_some_and(|s| hidden_styles.contains(&s));
                    if names.len() > 100_000 {
                        return Err(too_many(path, 100_000, BookCount::Sheets).into());
                    }
                    names.push(table.clone());
                    let chosen = match wanted {
                        Some(w) => {
                            table == w
                                || super::headers::normalize(&table) == super::headers::normalize(w)
                        }
                        None => !hidden,
                    };
                    if chosen {
                        sink.sheet(&table)?;
                        if matches!(event, Event::Start(_)) {
                            buf.clear();
                            return ods_rows(path, name, &mut r, sink);
                        }
                        return Ok(());
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Err(match wanted {
        Some(w) => SheetError::NoSheet {
            path: path.to_path_buf(),
            name: w.to_string(),
            sheets: names,
        },
        None if names.is_empty() => damaged(path, messages::Msg::BookNoSheet.to_string()),
        None => SheetError::NoVisibleSheet {
            path: path.to_path_buf(),
            sheets: names,
        },
    }
    .into())
}

/// The rows of the table just opened, up to its end.
fn ods_rows<R: Read>(path: &Path, name: &str, r: &mut Xml<R>, sink: &mut Sink) -> Result<(), Stop> {
    let mut buf = Vec::new();
    let mut row = RowBuilder::new();
    // Lines before the current row; the current row's first line is `line + 1`.
    let mut line = 0u64;
    let mut row_repeat = 1u64;
    let mut in_row = false;
    // Empty cells seen since the last non-empty one, put only if one follows.
    let mut pending_empty = 0usize;
    let mut in_cell = false;
    let mut cell_repeat = 1usize;
    let mut cell_value: Option<String> = None;
    let mut text = String::new();
    let mut paragraphs = 0usize;
    let mut annotation = 0usize;
    let mut depth = 0usize;
    loop {
        let event = r
            .read_event_into(&mut buf)
            .map_err(|e| xml_error(path, name, e))?;
        let empty = matches!(event, Event::Empty(_));
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                if !empty {
                    depth += 1;
                }
                match e.name().as_ref() {
                    _ if annotation > 0 => annotation += usize::from(!empty),
                    "office:annotation" if !empty => annotation = 1,
                    "table:table-row" => {
                        row_repeat = repeat_attr(e, "table:number-rows-repeated");
                        row.record.clear();
                        pending_empty = 0;
                        if empty {
                            line = line.saturating_add(row_repeat);
                        } else {
                            in_row = true;
                        }
                        if line > MAX_ROWS {
                            // Trailing empty rows may claim the whole grid; only
                            // rows with content count against the limit.
                            line = MAX_ROWS;
                        }
                    }
                    "table:table-cell" | "table:covered-table-cell" if in_row => {
                        cell_repeat =
                            usize::try_from(repeat_attr(e, "table:number-columns-repeated"))
                                .unwrap_or(usize::MAX);
                        cell_value = ods_value(e);
                        text.clear();
                        paragraphs = 0;
                        if empty {
                            put_ods_cell(
                                path,
                                &mut row,
                                line + 1,
                                &mut pending_empty,
                                cell_value.take().unwrap_or_default(),
                                cell_repeat,
                            )?;
                        } else {
                            in_cell = true;
                        }
                    }
                    "text:p" | "text:h" if in_cell => {
                        if paragraphs > 0 {
                            text.push('\n');
                        }
                        paragraphs += 1;
                    }
                    "text:s" if in_cell => {
                        let n = repeat_attr(e, "text:c");
                        if text.len() as u64 + n > MAX_FIELD_BYTES as u64 {
                            return Err(field_too_long(path, line + 1, row.record.len()).into());
                        }
                        text.extend(std::iter::repeat_n(' ', n as usize));
                    }
                    "text:tab" if in_cell => text.push('\t'),
                    "text:line-break" if in_cell => text.push('\n'),
                    _ => {}
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                if annotation > 0 {
                    annotation -= 1;
                } else {
                    match e.name().as_ref() {
                        "table:table-cell" | "table:covered-table-cell" if in_cell => {
                            in_cell = false;
                            let value = cell_value.take().unwrap_or_else(|| text.clone());
                            put_ods_cell(
                                path,
                                &mut row,
                                line + 1,
                                &mut pending_empty,
                                value,
                                cell_repeat,
                            )?;
                        }
                        "table:table-row" if in_row => {
                            in_row = false;
                            let blank = row.record.iter().all(|f| f.trim().is_empty());
                            if blank {
                                line = line.saturating_add(row_repeat).min(MAX_ROWS);
                                buf.clear();
                                continue;
                            }
                            let cells = row.record.len() as u64;
                            if line.saturating_add(row_repeat) > MAX_ROWS {
                                return Err(too_many(path, MAX_ROWS, BookCount::Rows).into());
                            }
                            row.cells = row
                                .cells
                                .saturating_add(cells.saturating_mul(row_repeat - 1));
                            if row.cells > MAX_CELLS {
                                return Err(too_many(path, MAX_CELLS, BookCount::Cells).into());
                            }
                            for _ in 0..row_repeat {
                                line += 1;
                                sink.row(line, &row.record)?;
                            }
                        }
                        "table:table" if depth == 0 => return Ok(()),
                        _ => {}
                    }
                }
            }
            Event::Text(t) if in_cell && annotation == 0 => text.push_str(&t.xml10_content()),
            Event::GeneralRef(e) if in_cell && annotation == 0 => push_ref(e, &mut text),
            Event::Eof => return Ok(()),
            _ => {}
        }
        if text.len() > MAX_FIELD_BYTES {
            return Err(field_too_long(path, line + 1, row.record.len()).into());
        }
        buf.clear();
    }
}

fn field_too_long(path: &Path, line: u64, column: usize) -> SheetError {
    SheetError::FieldTooLong {
        path: path.to_path_buf(),
        line,
        column,
    }
}

fn repeat_attr(e: &BytesStart, name: &str) -> u64 {
    attr_q(e, name)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

/// The value of a typed cell (number, date, boolean) from its attributes; `None`
/// for text, read from its paragraphs.
fn ods_value(e: &BytesStart) -> Option<String> {
    let kind = attr_q(e, "office:value-type")?;
    let mut out = String::new();
    match kind.as_str() {
        "float" | "percentage" | "currency" => {
            let v = attr_q(e, "office:value")?;
            match v.trim().parse::<f64>() {
                Ok(f) if f.is_finite() => super::read::push_float(f, &mut out),
                _ => out.push_str(v.trim()),
            }
        }
        "date" => push_iso(attr_q(e, "office:date-value")?.trim(), &mut out),
        "time" => out.push_str(attr_q(e, "office:time-value")?.trim()),
        "boolean" => {
            let v = attr_q(e, "office:boolean-value")?;
            out.push(if v.trim() == "true" { '1' } else { '0' });
        }
        _ => return None,
    }
    Some(out)
}

fn put_ods_cell(
    path: &Path,
    row: &mut RowBuilder,
    line: u64,
    pending_empty: &mut usize,
    value: String,
    repeat: usize,
) -> Result<(), SheetError> {
    let col = row.record.len().saturating_add(*pending_empty);
    if value.is_empty() {
        *pending_empty = pending_empty.saturating_add(repeat);
        row.cells = row.cells.saturating_add(1);
        return Ok(());
    }
    check_field(path, line, col, &value)?;
    *pending_empty = 0;
    row.put(path, line, col, &value, repeat)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_dates() {
        let date = |f: f64, d1904: bool| {
            let mut s = String::new();
            push_serial_date(f, d1904, &mut s).then_some(s)
        };
        assert_eq!(date(45838.0, false).as_deref(), Some("2025-06-30"));
        assert_eq!(date(1.0, false).as_deref(), Some("1900-01-01"));
        assert_eq!(date(61.0, false).as_deref(), Some("1900-03-01"));
        assert_eq!(date(45838.5, false).as_deref(), Some("2025-06-30 12:00:00"));
        assert_eq!(date(0.0, true).as_deref(), Some("1904-01-01"));
        assert_eq!(date(-1.0, false), None);
        assert_eq!(date(1e300, false), None);
    }

    #[test]
    fn date_formats() {
        assert!(is_date_format("dd/mm/yyyy"));
        assert!(is_date_format("[$-40C]d mmmm yyyy"));
        assert!(!is_date_format("0.00"));
        assert!(!is_date_format("\"day\" 0"));
        assert!(!is_date_format("[h]:mm:ss"));
        assert!(!is_date_format("[Red]0"));
    }

    #[test]
    fn references_and_targets() {
        assert_eq!(cell_ref("A1"), Some((0, 1)));
        assert_eq!(cell_ref("XFD1048576"), Some((16_383, 1_048_576)));
        assert_eq!(cell_ref("1"), None);
        assert_eq!(
            resolve_target("worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve_target("/xl/worksheets/s.xml"),
            "xl/worksheets/s.xml"
        );
        assert_eq!(resolve_target("../x.xml"), "x.xml");
    }
}

/// For fuzzing (`fuzz/fuzz_targets/workbook_xml.rs`) and its regression test: wraps
/// the XML of one sheet (`ods` false: an xlsx worksheet; true: an ods
/// `content.xml`) into a workbook that is valid around it, so the fuzzer spends its
/// time in the XML readers rather than in the zip layer.
#[doc(hidden)]
pub fn fuzz_workbook(ods: bool, xml: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut add = |name: &str, data: &[u8]| {
        let _ = zip.start_file(name, opts);
        let _ = zip.write_all(data);
    };
    if ods {
        add(
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        );
        add("content.xml", xml);
    } else {
        add(
            "xl/workbook.xml",
            br#"<workbook><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        );
        add(
            "xl/_rels/workbook.xml.rels",
            br#"<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="x/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="x/styles" Target="styles.xml"/></Relationships>"#,
        );
        add(
            "xl/sharedStrings.xml",
            b"<sst><si><t>house</t></si><si><r><t>a</t></r><rPh><t>x</t></rPh></si></sst>",
        );
        add(
            "xl/styles.xml",
            br#"<styleSheet><numFmts><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>"#,
        );
        add("xl/worksheets/sheet1.xml", xml);
    }
    zip.finish().map(|c| c.into_inner()).unwrap_or_default()
}

#[cfg(test)]
mod fuzz_regressions {
    use super::super::read::{ReadOptions, Row, SheetReader};

    /// Every seed and finding of the workbook fuzz target, kept in
    /// `fixtures/hostile/fuzz/`, is read to its end or refused, never a panic.
    #[test]
    fn fuzz_corpus_reads_or_is_refused() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hostile/fuzz");
        let tmp = tempfile::tempdir().unwrap();
        let mut seen = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let data = std::fs::read(entry.unwrap().path()).unwrap();
            let Some((&selector, xml)) = data.split_first() else {
                continue;
            };
            let ods = selector & 1 == 1;
            let path = tmp.path().join(if ods { "f.ods" } else { "f.xlsx" });
            std::fs::write(&path, super::fuzz_workbook(ods, xml)).unwrap();
            if let Ok(mut r) = SheetReader::open(&path, &ReadOptions::default()) {
                let mut row = Row::new();
                let mut last = r.header_line();
                while let Ok(true) = r.read_row(&mut row) {
                    assert!(row.line() > last);
                    last = row.line();
                }
            }
            seen += 1;
        }
        assert!(seen >= 5, "only {seen} corpus files");
    }

    fn rows_of(ods: bool, xml: &[u8]) -> (Vec<String>, Vec<(u64, Vec<String>)>) {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(if ods { "f.ods" } else { "f.xlsx" });
        std::fs::write(&path, super::fuzz_workbook(ods, xml)).unwrap();
        let mut r = SheetReader::open(&path, &ReadOptions::default()).unwrap();
        let mut row = Row::new();
        let mut rows = Vec::new();
        while r.read_row(&mut row).unwrap() {
            rows.push((row.line(), row.iter().map(String::from).collect()));
        }
        (r.headers().to_vec(), rows)
    }

    #[test]
    fn cells_read_as_a_csv_export_would_hold_them() {
        let seed = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures/hostile/fuzz/seed-xlsx-shared-dates"),
        )
        .unwrap();
        let (headers, rows) = rows_of(false, &seed[1..]);
        // A rich shared string keeps its runs, not its phonetic guide.
        assert_eq!(headers, ["house", "a"]);
        assert_eq!(
            rows,
            [(
                3,
                vec![
                    "2025-06-30".to_string(),
                    "2025-06-30 12:00:00".into(),
                    "1".into(),
                    "#DIV/0!".into(),
                    "a & b é".into()
                ]
            )]
        );
        let seed = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures/hostile/fuzz/seed-ods-text"),
        )
        .unwrap();
        let (headers, rows) = rows_of(true, &seed[1..]);
        // Spaces, tabs and paragraphs kept; the comment (annotation) left out.
        assert_eq!(headers, ["a   b\nc\td", "12.5", "2025-06-30", "1"]);
        assert!(rows.is_empty());
    }
}
