//! Reading import files row by row: CSV (any of the supported encodings and
//! delimiters, streamed) and xlsx/ods workbooks (through calamine).

use std::fs::File;
use std::io::{self, Cursor, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use calamine::{Data, Range, Reader};

use super::decode::{Encoding, decoding_reader, detect};
use super::headers::normalize;
use super::lines::{TrackError, Tracker, tracker_error};
use super::{MAX_COLUMNS, MAX_FIELD_BYTES, MAX_RECORD_BYTES, SheetError};

/// How much of a file encoding detection and delimiter sniffing look at.
const SAMPLE_BYTES: usize = 64 * 1024;

/// Overrides from the command line; `None` means detect.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    pub encoding: Option<Encoding>,
    pub delimiter: Option<u8>,
    /// Sheet of a workbook to read instead of the first one.
    pub sheet: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceFormat {
    Csv,
    /// xlsx, and the other Excel workbooks calamine reads (xlsm, xlsb, xls).
    Xlsx,
    Ods,
}

/// What is needed to write a file back in the shape of the one that was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SourceInfo {
    pub format: SourceFormat,
    /// CSV only.
    pub encoding: Option<Encoding>,
    /// CSV only.
    pub delimiter: Option<u8>,
}

/// [`str::trim`], answered at once for the usual field that starts and ends
/// with a visible ASCII character (no white space to cut: a last byte below
/// 0x80 is a whole character).
fn trim(s: &str) -> &str {
    match s.as_bytes() {
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => s,
        [only] if only.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// Bytes and fields a new [`Row`] has room for before it grows.
const ROW_BYTES: usize = 48;
const ROW_FIELDS: usize = 4;

/// One data row, refilled in place by [`SheetReader::read_row`] so that reading a
/// million rows allocates nothing per row. Its fields are kept one after the
/// other in one text (about 150 bytes for a usual row of four short fields,
/// against 270 in a `csv::StringRecord`): an import holds tens of thousands
/// of rows at once.
#[derive(Clone, Debug, Default)]
pub struct Row {
    /// The fields as read, one after the other.
    text: String,
    /// Where each field ends in `text`.
    ends: Vec<usize>,
    line: u64,
}

impl Row {
    /// A row with room for a usual record (its bytes and field bounds), so
    /// that the first read does not grow it step by step.
    pub fn new() -> Row {
        Row {
            text: String::with_capacity(ROW_BYTES),
            ends: Vec::with_capacity(ROW_FIELDS),
            line: 0,
        }
    }

    /// Spreadsheet line the row starts on (the header is line 1 when it is the
    /// first line): a quoted field running over several text lines is still one row.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Field `i` as read, untrimmed.
    pub fn raw(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end)
    }

    /// Field `i`, trimmed; "" when the row is shorter.
    pub fn get(&self, i: usize) -> &str {
        self.raw(i).map(trim).unwrap_or("")
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// True when every field is empty or white space.
    pub fn is_blank(&self) -> bool {
        self.iter().all(str::is_empty)
    }

    /// Fields, trimmed.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.raw_fields().map(trim)
    }

    /// Fields as read, untrimmed.
    pub fn raw_fields(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.raw(i).unwrap_or_default())
    }

    fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
    }

    fn push_field(&mut self, field: &str) {
        self.text.push_str(field);
        self.ends.push(self.text.len());
    }

    /// Takes the fields of `record` (read by the CSV parser or a workbook).
    fn fill(&mut self, record: &csv::StringRecord) {
        self.clear();
        for field in record {
            self.push_field(field);
        }
    }
}

/// An open import file positioned after its header row.
pub struct SheetReader {
    path: PathBuf,
    info: SourceInfo,
    headers: Vec<String>,
    header_line: u64,
    sheet: Option<String>,
    source: Source,
}

enum Source {
    Csv(Box<CsvSource>),
    /// xlsx/xlsm and ods, read by `book`.
    Stream(super::book::BookStream),
    /// xls and xlsb, read by calamine.
    Book(BookSource),
}

struct CsvSource {
    reader: csv::Reader<Tracker<Box<dyn Read>>>,
    /// The parser's record, copied into the caller's [`Row`].
    record: csv::StringRecord,
    /// Bytes before the text the CSV parser sees (a UTF-8 BOM), to turn its
    /// offsets back into file offsets.
    skipped: u64,
}

struct BookSource {
    range: Range<Data>,
    /// Index in `range` of the next row to hand out.
    next: usize,
    /// Absolute row of the range's first row (0-based).
    first_row: u64,
    /// Empty columns left of the range, kept so column letters stay those of the sheet.
    pad: usize,
}

impl SheetReader {
    /// Opens a file and reads its header. xlsx/xlsm/xlsb/xls and ods files are read as
    /// workbooks, as is any file whose first bytes show a workbook (an xlsx renamed
    /// .csv); everything else as CSV.
    pub fn open(path: &Path, opts: &ReadOptions) -> Result<SheetReader, SheetError> {
        let io_err = |op, source| SheetError::Io {
            path: path.to_path_buf(),
            op,
            source,
        };
        // A FIFO or a device would block or never end: only regular files are read.
        let meta = std::fs::metadata(path).map_err(|e| io_err("open", e))?;
        if !meta.is_file() {
            return Err(SheetError::NotAFile {
                path: path.to_path_buf(),
            });
        }
        crate::fsout::protect(path, crate::fsout::Role::Input);
        let mut file = File::open(path).map_err(|e| io_err("open", e))?;
        let len = file.metadata().map_err(|e| io_err("read", e))?.len();
        if len == 0 {
            return Err(SheetError::Empty {
                path: path.to_path_buf(),
            });
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let format = match ext.as_deref() {
            Some("xlsx" | "xlsm" | "xlsb" | "xls") => SourceFormat::Xlsx,
            Some("ods") => SourceFormat::Ods,
            _ => {
                let head = read_up_to(&mut file, 128).map_err(|e| io_err("read", e))?;
                file.seek(SeekFrom::Start(0))
                    .map_err(|e| io_err("read", e))?;
                workbook_magic(&head).unwrap_or(SourceFormat::Csv)
            }
        };
        match format {
            SourceFormat::Csv => open_csv(path, file, opts),
            _ => {
                drop(file);
                open_book(path, format, opts)
            }
        }
    }

    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// Spreadsheet line of the header row (1 unless blank lines precede it).
    pub fn header_line(&self) -> u64 {
        self.header_line
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn format(&self) -> SourceFormat {
        self.info.format
    }

    /// Encoding of a CSV file, as detected or given.
    pub fn encoding(&self) -> Option<Encoding> {
        self.info.encoding
    }

    /// Delimiter of a CSV file, as sniffed or given.
    pub fn delimiter(&self) -> Option<u8> {
        self.info.delimiter
    }

    /// Name of the sheet read from a workbook.
    pub fn sheet(&self) -> Option<&str> {
        self.sheet.as_deref()
    }

    pub fn info(&self) -> SourceInfo {
        self.info
    }

    /// Reads the next non-blank row into `row`; false at the end of the file.
    pub fn read_row(&mut self, row: &mut Row) -> Result<bool, SheetError> {
        match &mut self.source {
            Source::Csv(src) => loop {
                if !csv_record(&self.path, src, row)? {
                    return Ok(false);
                }
                if !row.is_blank() {
                    return Ok(true);
                }
            },
            Source::Stream(stream) => match stream.next_row()? {
                Some((line, record)) => {
                    row.line = line;
                    row.fill(&record);
                    Ok(true)
                }
                None => Ok(false),
            },
            Source::Book(book) => Ok(book_row(book, row)),
        }
    }
}

fn open_csv(path: &Path, mut file: File, opts: &ReadOptions) -> Result<SheetReader, SheetError> {
    let io_err = |op, source| SheetError::Io {
        path: path.to_path_buf(),
        op,
        source,
    };
    let sample = read_up_to(&mut file, SAMPLE_BYTES).map_err(|e| io_err("read", e))?;
    if opts.encoding.is_none() && super::decode::is_mostly_utf8(detection_sample(&sample)) {
        return Err(SheetError::MixedUtf8 {
            path: path.to_path_buf(),
            lines: invalid_utf8_lines(path).map_err(|e| io_err("read", e))?,
        });
    }
    let encoding = opts
        .encoding
        .unwrap_or_else(|| detect(detection_sample(&sample)));
    if !encoding.is_utf16() && sample.contains(&0) {
        return Err(SheetError::Binary {
            path: path.to_path_buf(),
            line: None,
        });
    }
    let skipped = match encoding {
        Encoding::Utf8 | Encoding::Utf8Bom if sample.starts_with(b"\xEF\xBB\xBF") => 3,
        _ => 0,
    };
    file.seek(SeekFrom::Start(0))
        .map_err(|e| io_err("read", e))?;
    let mut text = decoding_reader(file, encoding);
    let prefix = read_first_line(&mut text).map_err(|e| io_err("read", e))?;
    let delimiter = match opts.delimiter {
        Some(d) => d,
        None => {
            let line = String::from_utf8_lossy(first_line(&prefix));
            match count_delimiters(&line) {
                Some(d) => d,
                None if encoding.is_utf16() => b'\t',
                None => b',',
            }
        }
    };
    let stream: Box<dyn Read> = Box::new(Cursor::new(prefix).chain(text));
    let reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(SAMPLE_BYTES)
        .from_reader(Tracker::new(stream, delimiter));
    let mut src = Box::new(CsvSource {
        reader,
        record: csv::StringRecord::new(),
        skipped,
    });
    let mut header = Row::new();
    loop {
        if !csv_record(path, &mut src, &mut header)? {
            return Err(SheetError::Empty {
                path: path.to_path_buf(),
            });
        }
        if !header.is_blank() {
            break;
        }
    }
    Ok(SheetReader {
        path: path.to_path_buf(),
        info: SourceInfo {
            format: SourceFormat::Csv,
            encoding: Some(encoding),
            delimiter: Some(delimiter),
        },
        headers: header.raw_fields().map(clean_header).collect(),
        header_line: header.line,
        sheet: None,
        source: Source::Csv(src),
    })
}

/// A full sample is cut at its last line break, so that detection never sees a
/// character split by the cut.
fn detection_sample(sample: &[u8]) -> &[u8] {
    if sample.len() < SAMPLE_BYTES {
        return sample;
    }
    match sample.iter().rposition(|&b| b == b'\n') {
        Some(i) if i > 0 => &sample[..=i],
        _ => sample,
    }
}

/// Workbook formats by their first bytes: a zip (xlsx, or ods, whose uncompressed
/// `mimetype` entry comes first) or an OLE2 compound file (xls).
fn workbook_magic(head: &[u8]) -> Option<SourceFormat> {
    if head.starts_with(b"PK\x03\x04") {
        let ods = head
            .windows(b"opendocument.spreadsheet".len())
            .any(|w| w == b"opendocument.spreadsheet");
        Some(if ods {
            SourceFormat::Ods
        } else {
            SourceFormat::Xlsx
        })
    } else if head.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        Some(SourceFormat::Xlsx)
    } else {
        None
    }
}

/// Headers lose surrounding spaces and any stray BOM (a file saved twice with one,
/// or read with a forced encoding).
fn clean_header(h: &str) -> String {
    h.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .to_string()
}

fn read_up_to(r: &mut impl Read, limit: usize) -> io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(limit.min(8192));
    r.by_ref().take(limit as u64).read_to_end(&mut buf)?;
    Ok(buf)
}

/// Reads decoded text until the end of the header line (or 64 KiB), so the
/// delimiter can be sniffed before the parser starts; the bytes are replayed after.
fn read_first_line(r: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    while buf.len() < SAMPLE_BYTES {
        let n = match r.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        buf.extend_from_slice(&chunk[..n]);
        if first_line(&buf).len() < buf.len() {
            break;
        }
    }
    Ok(buf)
}

/// The first line of text, ignoring line breaks inside quotes and blank lines before it.
fn first_line(text: &[u8]) -> &[u8] {
    let start = text
        .iter()
        .position(|b| !matches!(b, b'\r' | b'\n'))
        .unwrap_or(text.len());
    let mut quoted = false;
    for (i, &b) in text[start..].iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\r' | b'\n' if !quoted => return &text[start..start + i],
            _ => {}
        }
    }
    &text[start..]
}

/// The delimiter of a header line: whichever of tab `;` `,` `|` occurs most often
/// outside quotes; `,` when none does.
pub fn sniff_delimiter(header_line: &str) -> u8 {
    count_delimiters(header_line).unwrap_or(b',')
}

fn count_delimiters(line: &str) -> Option<u8> {
    // Listed by preference on a tie: a tab never occurs in a typed header, and a
    // semicolon seldom does, whereas French headers may hold commas.
    const CANDIDATES: [u8; 4] = [b'\t', b';', b',', b'|'];
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(i) = CANDIDATES.iter().position(|c| *c == b) {
            counts[i] += 1;
        }
    }
    let mut best = None;
    let mut best_count = 0;
    for (i, &count) in counts.iter().enumerate() {
        if count > best_count {
            best = Some(CANDIDATES[i]);
            best_count = count;
        }
    }
    best
}

fn csv_record(path: &Path, src: &mut CsvSource, row: &mut Row) -> Result<bool, SheetError> {
    match src.reader.read_record(&mut src.record) {
        Ok(true) => {
            row.line = src.reader.get_mut().next_record_line();
            check_sizes(path, &src.record, row.line)?;
            row.fill(&src.record);
            Ok(true)
        }
        Ok(false) => Ok(false),
        Err(e) => Err(csv_error(path, src, e)),
    }
}

/// The tracker bounds a record's bytes; fields and columns are checked here, once
/// parsed, which costs nothing for the usual small record.
fn check_sizes(path: &Path, record: &csv::StringRecord, line: u64) -> Result<(), SheetError> {
    if record.len() > MAX_COLUMNS {
        return Err(SheetError::TooManyColumns {
            path: path.to_path_buf(),
            line,
        });
    }
    if record.as_byte_record().as_slice().len() > MAX_FIELD_BYTES
        && let Some(column) = record.iter().position(|f| f.len() > MAX_FIELD_BYTES)
    {
        return Err(SheetError::FieldTooLong {
            path: path.to_path_buf(),
            line,
            column,
        });
    }
    Ok(())
}

fn csv_error(path: &Path, src: &mut CsvSource, err: csv::Error) -> SheetError {
    let path_buf = path.to_path_buf();
    let line = src.reader.get_mut().next_record_line();
    match err.into_kind() {
        csv::ErrorKind::Io(e) => match tracker_error(&e) {
            Some(TrackError::Unterminated { line }) => SheetError::UnterminatedQuote {
                path: path_buf,
                line,
            },
            Some(TrackError::RecordTooLong { line }) => SheetError::RecordTooLong {
                path: path_buf,
                line,
            },
            Some(TrackError::Nul { line }) => SheetError::Binary {
                path: path_buf,
                line: Some(line),
            },
            None => SheetError::Io {
                path: path_buf,
                op: "read",
                source: e,
            },
        },
        csv::ErrorKind::Utf8 { pos, .. } => {
            let record_start = pos.map_or(0, |p| p.byte()) + src.skipped;
            SheetError::InvalidUtf8 {
                byte: first_invalid_utf8(path, record_start).unwrap_or(record_start),
                path: path_buf,
                line: Some(line),
            }
        }
        // The reader is flexible (ragged rows) and reads no serde records, so
        // other kinds do not arise; say so in words if one ever does.
        _ => SheetError::Csv {
            path: path_buf,
            line,
            message: crate::messages::Msg::CsvUnreadableHere.to_string(),
        },
    }
}

/// Lines (counted by line breaks) holding bytes that are not UTF-8: the first 20.
fn invalid_utf8_lines(path: &Path) -> io::Result<Vec<u64>> {
    use std::io::BufRead;
    let mut reader = io::BufReader::new(File::open(path)?);
    let mut line = Vec::new();
    let mut out = Vec::new();
    let mut number = 0u64;
    loop {
        line.clear();
        // Lines longer than a record are cut; the reader refuses them anyway.
        let n = reader
            .by_ref()
            .take(MAX_RECORD_BYTES as u64)
            .read_until(b'\n', &mut line)?;
        if n == 0 {
            break;
        }
        number += 1;
        if std::str::from_utf8(&line).is_err() {
            out.push(number);
            if out.len() == 20 {
                break;
            }
        }
    }
    Ok(out)
}

/// Offset in the file of the first byte that is not UTF-8, searching from `from`.
/// Only called once, on the error path, so re-reading the file costs nothing that matters.
fn first_invalid_utf8(path: &Path, from: u64) -> Option<u64> {
    let mut file = File::open(path).ok()?;
    file.seek(SeekFrom::Start(from)).ok()?;
    let mut pending: Vec<u8> = Vec::new();
    let mut pending_at = from;
    let mut chunk = vec![0u8; SAMPLE_BYTES];
    loop {
        let n = file.read(&mut chunk).ok()?;
        if n == 0 {
            return (!pending.is_empty()).then_some(pending_at);
        }
        pending.extend_from_slice(&chunk[..n]);
        match std::str::from_utf8(&pending) {
            Ok(_) => {
                pending_at += pending.len() as u64;
                pending.clear();
            }
            Err(e) if e.error_len().is_some() => {
                return Some(pending_at + e.valid_up_to() as u64);
            }
            Err(e) => {
                // A character cut by the chunk boundary: keep its first bytes.
                let valid = e.valid_up_to();
                pending.drain(..valid);
                pending_at += valid as u64;
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Workbooks

fn open_book(
    path: &Path,
    format: SourceFormat,
    opts: &ReadOptions,
) -> Result<SheetReader, SheetError> {
    let book_err = |e: &dyn std::fmt::Display| SheetError::Workbook {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    if format == SourceFormat::Ods || is_zip(path) {
        return open_stream(path, format, opts);
    }
    let mut book = calamine::open_workbook_auto(path).map_err(|e| book_err(&e))?;
    let names = book.sheet_names();
    let name = match &opts.sheet {
        Some(wanted) => names
            .iter()
            .find(|n| *n == wanted)
            .or_else(|| names.iter().find(|n| normalize(n) == normalize(wanted)))
            .cloned()
            .ok_or_else(|| SheetError::NoSheet {
                path: path.to_path_buf(),
                name: wanted.clone(),
                sheets: names.clone(),
            })?,
        None => names.first().cloned().ok_or_else(|| SheetError::Workbook {
            path: path.to_path_buf(),
            message: crate::messages::Msg::BookNoSheet.to_string(),
        })?,
    };
    let range = book.worksheet_range(&name).map_err(|e| book_err(&e))?;
    let Some((first_row, first_col)) = range.start() else {
        return Err(SheetError::EmptySheet {
            path: path.to_path_buf(),
            sheet: name,
        });
    };
    let mut src = BookSource {
        range,
        next: 0,
        first_row: u64::from(first_row),
        pad: first_col as usize,
    };
    let mut header = Row::new();
    if !book_row(&mut src, &mut header) {
        return Err(SheetError::EmptySheet {
            path: path.to_path_buf(),
            sheet: name,
        });
    }
    Ok(SheetReader {
        path: path.to_path_buf(),
        info: SourceInfo {
            format,
            encoding: None,
            delimiter: None,
        },
        headers: header.raw_fields().map(clean_header).collect(),
        header_line: header.line,
        sheet: Some(name),
        source: Source::Book(src),
    })
}

/// True when the file starts as a zip (xlsx, xlsm), false for an OLE2 (xls) file.
fn is_zip(path: &Path) -> bool {
    File::open(path)
        .and_then(|mut f| read_up_to(&mut f, 4))
        .is_ok_and(|head| head == b"PK\x03\x04")
}

fn open_stream(
    path: &Path,
    format: SourceFormat,
    opts: &ReadOptions,
) -> Result<SheetReader, SheetError> {
    let (name, mut stream) = super::book::BookStream::open(path, format, opts.sheet.clone())?;
    let Some((line, record)) = stream.next_row()? else {
        return Err(SheetError::EmptySheet {
            path: path.to_path_buf(),
            sheet: name,
        });
    };
    Ok(SheetReader {
        path: path.to_path_buf(),
        info: SourceInfo {
            format,
            encoding: None,
            delimiter: None,
        },
        headers: record.iter().map(clean_header).collect(),
        header_line: line,
        sheet: Some(name),
        source: Source::Stream(stream),
    })
}

/// Fills `row` with the next non-blank row of the sheet.
fn book_row(src: &mut BookSource, row: &mut Row) -> bool {
    let mut text = String::new();
    while src.next < src.range.height() {
        // Indexing is O(1); `rows().nth()` walked from the top for every row.
        let cells = &src.range[src.next];
        let index = src.next;
        src.next += 1;
        row.clear();
        for _ in 0..src.pad {
            row.push_field("");
        }
        for cell in cells {
            text.clear();
            cell_text(cell, &mut text);
            row.push_field(&text);
        }
        if !row.is_blank() {
            row.line = src.first_row + index as u64 + 1;
            return true;
        }
    }
    false
}

/// A cell as the text a CSV export of it would hold, in a locale-free form:
/// `.` decimals, ISO dates, 1/0 for booleans.
fn cell_text(cell: &Data, out: &mut String) {
    use std::fmt::Write;
    match cell {
        Data::Empty => {}
        Data::String(s) => out.push_str(s),
        Data::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Data::Float(f) => push_float(*f, out),
        Data::Bool(b) => out.push(if *b { '1' } else { '0' }),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, hh, mm, ss, _) = dt.to_ymd_hms_milli();
            let _ = write!(out, "{y:04}-{m:02}-{d:02}");
            if (hh, mm, ss) != (0, 0, 0) {
                let _ = write!(out, " {hh:02}:{mm:02}:{ss:02}");
            }
        }
        Data::DateTime(dt) => push_float(dt.as_f64(), out),
        Data::DateTimeIso(s) => {
            // ODS writes dates as 2025-06-30 or 2025-06-30T00:00:00.
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
        Data::DurationIso(s) => out.push_str(s),
        Data::Error(e) => {
            let _ = write!(out, "{e}");
        }
    }
}

pub(super) fn push_float(f: f64, out: &mut String) {
    use std::fmt::Write;
    // Display prints the shortest text that reads back as the same f64, with no
    // exponent and no ".0"; -0 would surprise people.
    let f = if f == 0.0 { 0.0 } else { f };
    let _ = write!(out, "{f}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn the_quick_trim_agrees_with_str_trim() {
        for s in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "ab",
            "a b",
            "\u{a0}a",
            "a\u{a0}",
            "é",
            "aé",
            "éa",
            "\ta\n",
            "\u{85}x",
            "x\u{3000}",
            "!~",
            "12,5",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    fn file_with(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        File::create(&path).unwrap().write_all(bytes).unwrap();
        (dir, path)
    }

    fn all_rows(reader: &mut SheetReader) -> Vec<(u64, Vec<String>)> {
        let mut row = Row::new();
        let mut out = Vec::new();
        while reader.read_row(&mut row).unwrap() {
            out.push((row.line(), row.iter().map(String::from).collect()));
        }
        out
    }

    fn open(bytes: &[u8]) -> (tempfile::TempDir, Result<SheetReader, SheetError>) {
        let (dir, path) = file_with("in.csv", bytes);
        let result = SheetReader::open(&path, &ReadOptions::default());
        (dir, result)
    }

    fn open_err(bytes: &[u8]) -> String {
        // The directory must outlive the reader: errors may look at the file again.
        let (_dir, result) = open(bytes);
        match result {
            Ok(mut r) => {
                let mut row = Row::new();
                loop {
                    match r.read_row(&mut row) {
                        Ok(true) => {}
                        Ok(false) => panic!("no error"),
                        Err(e) => return e.to_string(),
                    }
                }
            }
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff_delimiter("a;b;c"), b';');
        assert_eq!(sniff_delimiter("a,b,c"), b',');
        assert_eq!(sniff_delimiter("a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter("a|b|c"), b'|');
        assert_eq!(sniff_delimiter("\"Nom, prénom\";Code"), b';');
        assert_eq!(sniff_delimiter("Nom, sigle;Code"), b';');
        assert_eq!(sniff_delimiter("Code"), b',');
    }

    #[test]
    fn french_semicolon_file_with_embedded_newline() {
        let text = "Code maison;Période;Valeur;Commentaire\r\n\
                    DT01;2025-01;12,5;\"deux\r\nlignes\"\r\n\
                    \r\n\
                    DT02;2025-01;1 234,5;\"dit \"\"ok\"\"\"\r\n\
                    DT03;2025-02;;\r\n";
        let (_dir, path) = file_with("fr.csv", text.as_bytes());
        let mut r = SheetReader::open(&path, &ReadOptions::default()).unwrap();
        assert_eq!(r.format(), SourceFormat::Csv);
        assert_eq!(r.encoding(), Some(Encoding::Utf8));
        assert_eq!(r.delimiter(), Some(b';'));
        assert_eq!(r.header_line(), 1);
        assert_eq!(
            r.headers(),
            ["Code maison", "Période", "Valeur", "Commentaire"]
        );
        let rows = all_rows(&mut r);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].0, 2);
        assert_eq!(rows[0].1, ["DT01", "2025-01", "12,5", "deux\r\nlignes"]);
        // The two-line field is one spreadsheet row, the blank line one more.
        assert_eq!(rows[1].0, 4);
        assert_eq!(rows[1].1, ["DT02", "2025-01", "1 234,5", "dit \"ok\""]);
        assert_eq!(rows[2].0, 5);
        assert_eq!(rows[2].1, ["DT03", "2025-02", "", ""]);
    }

    #[test]
    fn row_accessors() {
        let (_dir, r) = open(b"a,b,c\n x ,,\n,,\ny\n");
        let mut r = r.unwrap();
        let mut row = Row::new();
        assert!(r.read_row(&mut row).unwrap());
        assert_eq!((row.line(), row.len()), (2, 3));
        assert_eq!(row.get(0), "x");
        assert_eq!(row.raw(0), Some(" x "));
        assert_eq!(row.get(7), "");
        assert!(r.read_row(&mut row).unwrap());
        assert_eq!((row.line(), row.len(), row.get(0)), (4, 1, "y"));
        assert!(!r.read_row(&mut row).unwrap());
        assert!(!r.read_row(&mut row).unwrap());
    }

    #[test]
    fn utf16_unicode_text_end_to_end() {
        let text = "Code maison\tPériode\tInternes\tNom arabe\r\nDT01\tT1 2025\t45\tدار الطالبة\r\nDT02\t\"T1\r\n2025\"\t12,5\t\r\nDT03\tT2 2025\t7\tx\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let (_dir, path) = file_with("unicode.txt", &bytes);
        let mut r = SheetReader::open(&path, &ReadOptions::default()).unwrap();
        assert_eq!(r.encoding(), Some(Encoding::Utf16Le));
        assert_eq!(r.delimiter(), Some(b'\t'));
        assert_eq!(r.headers()[0], "Code maison");
        assert_eq!(r.headers()[1], "Période");
        let rows = all_rows(&mut r);
        assert_eq!(
            rows[0],
            (
                2,
                vec![
                    "DT01".into(),
                    "T1 2025".into(),
                    "45".into(),
                    "دار الطالبة".into()
                ]
            )
        );
        assert_eq!(rows[1].0, 3);
        assert_eq!(rows[2].0, 4);
        assert_eq!(rows[2].1[0], "DT03");
    }

    #[test]
    fn windows_1252_file() {
        let (_dir, r) = open(b"Code maison;R\xe9gion;Valeur\nDT01;B\xe9ni Mellal;1\xa0234,5\n");
        let mut r = r.unwrap();
        assert_eq!(r.encoding(), Some(Encoding::Windows1252));
        assert_eq!(r.headers()[1], "Région");
        let rows = all_rows(&mut r);
        assert_eq!(rows[0].1, ["DT01", "Béni Mellal", "1\u{a0}234,5"]);
    }

    #[test]
    fn forced_options_win() {
        let (_dir, path) = file_with("in.csv", b"a;b,c\n1;2,3\n");
        let opts = ReadOptions {
            delimiter: Some(b','),
            encoding: Some(Encoding::Windows1256),
            sheet: None,
        };
        let mut r = SheetReader::open(&path, &opts).unwrap();
        assert_eq!(r.headers(), ["a;b", "c"]);
        assert_eq!(r.encoding(), Some(Encoding::Windows1256));
        assert_eq!(all_rows(&mut r)[0].1, ["1;2", "3"]);
    }

    #[test]
    fn header_only_and_bom_only() {
        let (_dir, r) = open(b"\xEF\xBB\xBFCode;Nom\r\n");
        let mut r = r.unwrap();
        assert_eq!(r.encoding(), Some(Encoding::Utf8Bom));
        assert_eq!(r.headers(), ["Code", "Nom"]);
        assert!(all_rows(&mut r).is_empty());
        assert!(open_err(b"\xEF\xBB\xBF\r\n").ends_with(": the file is empty"));
        assert!(open_err(b"").ends_with(": the file is empty"));
    }

    #[test]
    fn refuses_binary() {
        let msg = open_err(b"\x7fELF\x02\x01\x01\x00\x00garbage");
        assert!(msg.contains("the file looks binary (NUL bytes)"), "{msg}");
        // A workbook under a .csv name is read as a workbook, here a broken one.
        let msg = open_err(b"PK\x03\x04\x00\x00garbage");
        assert!(msg.contains("cannot read the workbook"), "{msg}");
        // A NUL past the sample is still caught, with its line.
        let mut bytes = b"a,b\n".to_vec();
        bytes.extend(std::iter::repeat_n(b"1,2\n", 20_000).flatten());
        bytes.extend_from_slice(b"3,\x004\n");
        let msg = open_err(&bytes);
        assert!(msg.contains(": line 20002: the file looks binary"), "{msg}");
    }

    #[test]
    fn unterminated_quote_names_its_line() {
        let msg = open_err(b"a;b\n1;2\n3;\"open\n4;5\n6;7\n");
        assert!(
            msg.contains("in.csv: line 3: unterminated quoted field"),
            "{msg}"
        );
    }

    #[test]
    fn invalid_utf8_names_the_byte() {
        let mut bytes = b"Code;Commentaire\n".to_vec();
        bytes.extend(std::iter::repeat_n(b"DT01;ok\n", 10_000).flatten());
        let at = bytes.len() + 5;
        bytes.extend_from_slice(b"DT02;\xe9t\xe9\n");
        let msg = open_err(&bytes);
        assert!(
            msg.contains(&format!(
                "line 10002: the file is not valid UTF-8 at byte {at}; it's often worth trying --encoding windows-1252"
            )),
            "{msg}"
        );
        // With a BOM the offset is still the file's.
        let msg = open_err(b"\xEF\xBB\xBFCode\nx\xff\n");
        assert!(msg.contains("at byte 9;"), "{msg}");
    }

    #[test]
    fn refuses_huge_fields_and_rows() {
        let mut bytes = b"a,b\n1,".to_vec();
        bytes.extend(std::iter::repeat_n(b'x', MAX_FIELD_BYTES + 1));
        let msg = open_err(&bytes);
        assert!(msg.contains("line 2, column B: a field is longer"), "{msg}");
        let mut bytes = b"a,b\n".to_vec();
        bytes.extend(std::iter::repeat_n(b',', MAX_COLUMNS + 5));
        let msg = open_err(&bytes);
        assert!(msg.contains("line 2: more than 16,384 columns"), "{msg}");
        let mut bytes = b"a,b\n1,2\n".to_vec();
        bytes.extend(std::iter::repeat_n(b"x,", MAX_RECORD_BYTES).flatten());
        let msg = open_err(&bytes);
        assert!(msg.contains("line 3: a row is longer than"), "{msg}");
    }

    #[test]
    fn no_sheet_and_bad_workbook() {
        let (_dir, path) = file_with("x.xlsx", b"this is not a zip file at all");
        let msg = SheetReader::open(&path, &ReadOptions::default())
            .err()
            .unwrap()
            .to_string();
        assert!(msg.contains("x.xlsx: cannot read the workbook"), "{msg}");
    }

    #[test]
    fn workbook_lines_and_columns_are_the_sheets() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("offset.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("Données").unwrap();
        // Header in C3, a blank row, then data: lines and letters must match Excel's.
        sheet.write_string(2, 2, "Code maison").unwrap();
        sheet.write_string(2, 3, "Valeur").unwrap();
        sheet.write_string(3, 2, "DT01").unwrap();
        sheet.write_number(3, 3, 12.5).unwrap();
        sheet.write_string(5, 2, "DT02").unwrap();
        sheet.write_number(5, 3, 7).unwrap();
        sheet.write_boolean(5, 4, true).unwrap();
        book.add_worksheet().set_name("Autre").unwrap();
        book.save(&path).unwrap();

        // A workbook is recognised by its bytes whatever its name.
        let renamed = dir.path().join("offset.csv");
        std::fs::copy(&path, &renamed).unwrap();
        for p in [&path, &renamed] {
            let mut r = SheetReader::open(p, &ReadOptions::default()).unwrap();
            assert_eq!(r.format(), SourceFormat::Xlsx);
            assert_eq!(r.encoding(), None);
            assert_eq!(r.sheet(), Some("Données"));
            assert_eq!(r.header_line(), 3);
            // Cells sit at their columns; no column is invented past the last cell.
            assert_eq!(r.headers(), ["", "", "Code maison", "Valeur"]);
            let rows = all_rows(&mut r);
            assert_eq!(
                rows[0],
                (4, vec!["".into(), "".into(), "DT01".into(), "12.5".into()])
            );
            assert_eq!(
                rows[1],
                (
                    6,
                    vec!["".into(), "".into(), "DT02".into(), "7".into(), "1".into()]
                )
            );
        }
        let opts = ReadOptions {
            sheet: Some("donnees".into()),
            ..ReadOptions::default()
        };
        assert_eq!(
            SheetReader::open(&path, &opts).unwrap().sheet(),
            Some("Données")
        );
        let opts = ReadOptions {
            sheet: Some("Autre".into()),
            ..ReadOptions::default()
        };
        let msg = SheetReader::open(&path, &opts).err().unwrap().to_string();
        assert!(
            msg.contains("offset.xlsx: the sheet \"Autre\" is empty"),
            "{msg}"
        );
    }

    #[test]
    fn missing_file() {
        let msg = SheetReader::open(Path::new("/nonexistent/x.csv"), &ReadOptions::default())
            .err()
            .unwrap()
            .to_string();
        assert!(
            msg.starts_with("/nonexistent/x.csv: cannot open the file"),
            "{msg}"
        );
    }

    #[test]
    fn cell_texts() {
        let text = |d: Data| {
            let mut s = String::new();
            cell_text(&d, &mut s);
            s
        };
        assert_eq!(text(Data::Int(42)), "42");
        assert_eq!(text(Data::Float(3.0)), "3");
        assert_eq!(text(Data::Float(-0.0)), "0");
        assert_eq!(text(Data::Float(12.5)), "12.5");
        assert_eq!(text(Data::Float(0.1 + 0.2)), "0.30000000000000004");
        assert_eq!(text(Data::Bool(true)), "1");
        assert_eq!(text(Data::Bool(false)), "0");
        assert_eq!(text(Data::Empty), "");
        assert_eq!(text(Data::String(" x ".into())), " x ");
        let date =
            calamine::ExcelDateTime::new(45838.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(text(Data::DateTime(date)), "2025-06-30");
        assert_eq!(
            text(Data::DateTimeIso("2025-06-30T00:00:00".into())),
            "2025-06-30"
        );
        assert_eq!(text(Data::DateTimeIso("2025-06-30".into())), "2025-06-30");
    }
}
