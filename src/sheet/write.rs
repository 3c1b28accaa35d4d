//! Writing spreadsheet files: CSV (plain, or for French Excel) and xlsx exports,
//! and the rejected rows of an import in the shape of the file they came from.

use std::borrow::Cow;
use std::io::{self, Write};
use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::SheetError;
use super::decode::Encoding;
use super::read::{SourceFormat, SourceInfo};

/// French header of the column that says why a row was rejected.
pub const REJECT_REASON_HEADER: &str = "Motif du rejet";

/// Rows an xlsx sheet holds, header included.
const XLSX_MAX_ROWS: usize = 1_048_576;

/// One value to export.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    /// ISO `YYYY-MM-DD`.
    Date(String),
    Empty,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsvStyle {
    /// UTF-8, `,`, decimal point, ISO dates: for scripts.
    Plain,
    /// UTF-8 with BOM, `;`, decimal comma, `DD/MM/YYYY` dates, CRLF: what French
    /// Excel opens right with a double-click.
    Excel,
}

/// Writes a CSV export. Text cells are guarded against formula injection.
pub fn write_csv<W: Write>(
    w: W,
    style: CsvStyle,
    headers: &[String],
    rows: impl IntoIterator<Item = Vec<Cell>>,
) -> io::Result<()> {
    let layout = match style {
        CsvStyle::Plain => Layout {
            delimiter: b',',
            bom: false,
            french: false,
        },
        CsvStyle::Excel => Layout {
            delimiter: b';',
            bom: true,
            french: true,
        },
    };
    write_delimited(w, layout, headers, rows)
}

#[derive(Clone, Copy)]
struct Layout {
    delimiter: u8,
    bom: bool,
    /// Decimal comma and day-first dates.
    french: bool,
}

fn write_delimited<W: Write>(
    mut w: W,
    layout: Layout,
    headers: &[String],
    rows: impl IntoIterator<Item = Vec<Cell>>,
) -> io::Result<()> {
    if layout.bom {
        w.write_all(b"\xEF\xBB\xBF")?;
    }
    let terminator = if layout.bom {
        csv::Terminator::CRLF
    } else {
        csv::Terminator::Any(b'\n')
    };
    let mut out = csv::WriterBuilder::new()
        .delimiter(layout.delimiter)
        .terminator(terminator)
        .flexible(true)
        .from_writer(w);
    out.write_record(headers.iter().map(|h| guard_formula(h).into_owned()))
        .map_err(csv_io)?;
    let mut fields: Vec<String> = Vec::new();
    for row in rows {
        fields.clear();
        fields.extend(row.iter().map(|cell| csv_text(cell, layout.french)));
        out.write_record(&fields).map_err(csv_io)?;
    }
    out.flush()?;
    Ok(())
}

/// The system's own error inside a CSV writer's, so that its sentence
/// (disk full, permission) is said in the reader's language.
fn csv_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

fn csv_text(cell: &Cell, french: bool) -> String {
    match cell {
        Cell::Text(s) => guard_formula(s).into_owned(),
        Cell::Number(n) => format_number(*n, french),
        Cell::Date(d) if french => match parse_iso_date(d) {
            Some((y, m, day)) => format!("{day:02}/{m:02}/{y:04}"),
            None => guard_formula(d).into_owned(),
        },
        Cell::Date(d) => guard_formula(d).into_owned(),
        Cell::Empty => String::new(),
    }
}

/// A number as people write it: no exponent, no trailing zeros, integers without
/// a fraction. Not-a-number and infinities have no spreadsheet form and come out empty.
pub fn format_number(n: f64, decimal_comma: bool) -> String {
    if !n.is_finite() {
        return String::new();
    }
    if n == n.trunc() && n.abs() < 1e15 {
        return format!("{}", n as i64);
    }
    let text = n.to_string();
    if decimal_comma {
        text.replace('.', ",")
    } else {
        text
    }
}

fn parse_iso_date(s: &str) -> Option<(u16, u8, u8)> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| {
        s.get(r.clone())
            .filter(|part| part.bytes().all(|c| c.is_ascii_digit()))
            .and_then(|part| part.parse::<u16>().ok())
    };
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m as u8, d as u8))
}

/// Text that a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, tab, CR
/// first) gets a leading `'`, unless it is a plain number such as `-5` or `+3,5`.
pub fn guard_formula(s: &str) -> Cow<'_, str> {
    if needs_guard(s) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Undoes [`guard_formula`] on a value read back from a file suivi wrote, so a
/// corrected rejects file imports the text that was originally sent.
pub fn strip_formula_guard(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => s,
    }
}

fn needs_guard(s: &str) -> bool {
    matches!(s.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r')) && !is_plain_number(s)
}

/// Signed decimal with `.` or `,`, digit groups split by spaces, an optional
/// exponent and an optional trailing percent sign.
fn is_plain_number(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let s = match s.strip_suffix('%') {
        Some(rest) => rest.trim_end_matches([' ', '\u{a0}', '\u{202f}']),
        None => s,
    };
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    if let Some(exp) = exponent {
        let exp = exp.strip_prefix(['+', '-']).unwrap_or(exp);
        if exp.is_empty() || !exp.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
    }
    let (int, frac) = match mantissa.find(['.', ',']) {
        Some(i) => (&mantissa[..i], Some(&mantissa[i + 1..])),
        None => (mantissa, None),
    };
    let int_ok = {
        let mut prev_digit = false;
        let mut ok = true;
        for c in int.chars() {
            match c {
                '0'..='9' => prev_digit = true,
                // A group separator must sit between digits.
                ' ' | '\u{a0}' | '\u{202f}' if prev_digit => prev_digit = false,
                _ => {
                    ok = false;
                    break;
                }
            }
        }
        ok && (int.is_empty() || prev_digit)
    };
    let frac_ok = frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    int_ok && frac_ok && !(int.is_empty() && frac.is_none())
}

/// Writes an xlsx export: real numbers, real dates shown `dd/mm/yyyy`, a bold
/// frozen header with an autofilter, columns as wide as their content.
pub fn write_xlsx(
    path: &Path,
    sheet_name: &str,
    headers: &[String],
    rows: impl IntoIterator<Item = Vec<Cell>>,
) -> Result<(), SheetError> {
    let xlsx_err = |message: String| SheetError::XlsxWrite {
        path: path.to_path_buf(),
        message,
    };
    let bytes = xlsx_bytes(sheet_name, headers, rows).map_err(xlsx_err)?;
    crate::fsout::write_bytes(path, &bytes).map_err(|e| SheetError::Write(Box::new(e)))
}

/// A workbook of one sheet, as the bytes of an xlsx file.
fn xlsx_bytes(
    sheet_name: &str,
    headers: &[String],
    rows: impl IntoIterator<Item = Vec<Cell>>,
) -> Result<Vec<u8>, String> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    fill_sheet(sheet, sheet_name, headers, rows)?;
    book.save_to_buffer().map_err(|e| e.to_string())
}

/// [`write_xlsx`], the sheet right to left when `rtl` (an Arabic template).
pub fn write_xlsx_dir(
    path: &Path,
    sheet_name: &str,
    headers: &[String],
    rows: impl IntoIterator<Item = Vec<Cell>>,
    rtl: bool,
) -> Result<(), SheetError> {
    if !rtl {
        return write_xlsx(path, sheet_name, headers, rows);
    }
    let xlsx_err = |message: String| SheetError::XlsxWrite {
        path: path.to_path_buf(),
        message,
    };
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_right_to_left(true);
    fill_sheet(sheet, sheet_name, headers, rows).map_err(xlsx_err)?;
    let bytes = book.save_to_buffer().map_err(|e| xlsx_err(e.to_string()))?;
    crate::fsout::write_bytes(path, &bytes).map_err(|e| SheetError::Write(Box::new(e)))
}

fn fill_sheet(
    sheet: &mut Worksheet,
    sheet_name: &str,
    headers: &[String],
    rows: impl IntoIterator<Item = Vec<Cell>>,
) -> Result<(), String> {
    let e = |err: XlsxError| err.to_string();
    sheet.set_name(safe_sheet_name(sheet_name)).map_err(e)?;
    let bold = Format::new().set_bold();
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    let mut widths: Vec<usize> = Vec::new();
    let mut widen = |col: usize, chars: usize| {
        if widths.len() <= col {
            widths.resize(col + 1, 0);
        }
        widths[col] = widths[col].max(chars);
    };
    for (c, header) in headers.iter().enumerate() {
        let col = column_number(c)?;
        sheet
            .write_string_with_format(0, col, header, &bold)
            .map_err(e)?;
        widen(c, header.chars().count());
    }
    let mut last_row = 0u32;
    for (r, cells) in rows.into_iter().enumerate() {
        if r + 1 >= XLSX_MAX_ROWS {
            return Err(crate::messages::Msg::XlsxTooManyRows {
                max: (XLSX_MAX_ROWS - 1) as u64,
            }
            .to_string());
        }
        let row = (r + 1) as u32;
        last_row = row;
        for (c, cell) in cells.iter().enumerate() {
            let col = column_number(c)?;
            // Text goes in as a string cell, which Excel and LibreOffice never
            // evaluate, so it is kept verbatim rather than prefixed with `'`.
            let shown = match cell {
                Cell::Text(s) if s.is_empty() => 0,
                Cell::Text(s) => {
                    sheet.write_string(row, col, s).map_err(e)?;
                    s.chars().count()
                }
                Cell::Number(n) if n.is_finite() => {
                    sheet.write_number(row, col, *n).map_err(e)?;
                    format_number(*n, true).len()
                }
                Cell::Number(_) | Cell::Empty => 0,
                Cell::Date(d) => match parse_iso_date(d)
                    .and_then(|(y, m, day)| ExcelDateTime::from_ymd(y, m, day).ok())
                {
                    Some(date) => {
                        sheet
                            .write_datetime_with_format(row, col, date, &date_format)
                            .map_err(e)?;
                        10
                    }
                    None => {
                        sheet.write_string(row, col, d).map_err(e)?;
                        d.chars().count()
                    }
                },
            };
            widen(c, shown);
        }
    }
    for (c, &chars) in widths.iter().enumerate() {
        // One character of margin so the autofilter arrow does not hide the text.
        let width = (chars + 1).clamp(8, 50);
        sheet
            .set_column_width(column_number(c)?, width as f64)
            .map_err(e)?;
    }
    if !widths.is_empty() {
        let last_col = column_number(widths.len() - 1)?;
        sheet.set_freeze_panes(1, 0).map_err(e)?;
        sheet.autofilter(0, 0, last_row, last_col).map_err(e)?;
    }
    Ok(())
}

fn column_number(c: usize) -> Result<u16, String> {
    u16::try_from(c)
        .ok()
        .filter(|n| usize::from(*n) < super::MAX_COLUMNS)
        .ok_or_else(|| {
            crate::messages::Msg::XlsxTooManyColumns {
                max: super::MAX_COLUMNS,
            }
            .to_string()
        })
}

/// Excel refuses sheet names over 31 characters or with `[]:*?/\`.
fn safe_sheet_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect();
    let cleaned = cleaned.trim_matches('\'').trim();
    if cleaned.is_empty() {
        "Feuil1".to_string()
    } else {
        cleaned.to_string()
    }
}

/// Writes the rejected rows of an import, each followed by its reason under
/// [`REJECT_REASON_HEADER`], in the form of the file they came from so the
/// association can correct and send it back: a CSV source gives a CSV with the
/// same delimiter (UTF-8, with a BOM unless the source was plain UTF-8, so Excel
/// reads the accents right); an xlsx or ods source gives an xlsx file.
///
/// `rows` holds the fields as read (see `Row::record`) and the reason.
pub fn write_rejects(
    path: &Path,
    source: &SourceInfo,
    headers: &[String],
    rows: Vec<(Vec<String>, String)>,
) -> Result<(), SheetError> {
    let widest = rows
        .iter()
        .map(|(fields, _)| fields.len())
        .max()
        .unwrap_or(0);
    write_rejects_as(
        path,
        source,
        headers,
        REJECT_REASON_HEADER,
        widest,
        rows.into_iter().map(Ok),
    )
}

/// [`write_rejects`] with the reason column named `reason_header` (the
/// language of the file's own headers).
pub fn write_rejects_as(
    path: &Path,
    source: &SourceInfo,
    headers: &[String],
    reason_header: &str,
    widest: usize,
    rows: impl IntoIterator<Item = std::io::Result<(Vec<String>, String)>>,
) -> Result<(), SheetError> {
    prepare_rejects(path, source, headers, reason_header, widest, rows)?
        .place()
        .map_err(|e| SheetError::Write(Box::new(e)))
}

/// [`write_rejects_as`] up to putting the file in place: an import writes
/// its rejects file whole before it commits, and puts it in place after.
pub fn prepare_rejects(
    path: &Path,
    source: &SourceInfo,
    headers: &[String],
    reason_header: &str,
    widest: usize,
    rows: impl IntoIterator<Item = std::io::Result<(Vec<String>, String)>>,
) -> Result<crate::fsout::Prepared, SheetError> {
    // A row with cells beyond the header keeps them, under blank header cells,
    // so that every reason sits in the last column, under its header.
    let width = widest.max(headers.len());
    let mut all_headers = headers.to_vec();
    all_headers.resize(width, String::new());
    all_headers.push(reason_header.to_string());
    // The rows come from a file (the import's refused rows): one that cannot
    // be read back stops the writing, and no rejects file is left.
    let failed = std::cell::Cell::new(None);
    let rows = rows
        .into_iter()
        .map_while(|r| r.map_err(|e| failed.set(Some(e))).ok());
    match source.format {
        SourceFormat::Csv => {
            let layout = Layout {
                delimiter: source.delimiter.unwrap_or(b','),
                bom: source.encoding != Some(Encoding::Utf8),
                french: false,
            };
            let cells = rows.map(|(fields, reason)| reject_row(fields, reason, width, Cell::Text));
            crate::fsout::prepare_file(path, |w| {
                write_delimited(w, layout, &all_headers, cells)?;
                failed.take().map_or(Ok(()), Err)
            })
            .map_err(|e| SheetError::Write(Box::new(e)))
        }
        SourceFormat::Xlsx | SourceFormat::Ods => {
            let cells: Vec<Vec<Cell>> = rows
                .map(|(fields, reason)| reject_row(fields, reason, width, workbook_cell))
                .collect();
            if let Some(e) = failed.take() {
                return Err(SheetError::Write(Box::new(crate::fsout::WriteError::io(
                    path, e,
                ))));
            }
            let bytes = xlsx_bytes("Rejets", &all_headers, cells).map_err(|message| {
                SheetError::XlsxWrite {
                    path: path.to_path_buf(),
                    message,
                }
            })?;
            crate::fsout::prepare_file(path, |w| w.write_all(&bytes))
                .map_err(|e| SheetError::Write(Box::new(e)))
        }
    }
}

fn reject_row(
    fields: Vec<String>,
    reason: String,
    width: usize,
    cell: fn(String) -> Cell,
) -> Vec<Cell> {
    let mut cells: Vec<Cell> = fields.into_iter().map(cell).collect();
    // Short rows are padded so every reason sits under its header.
    while cells.len() < width {
        cells.push(Cell::Empty);
    }
    cells.push(Cell::Text(reason));
    cells
}

/// Turns a value read from a workbook back into the cell it came from: the reader
/// wrote numbers with a `.` and dates as ISO, so those that print back identically
/// (not `007`, which is a code) become numbers and dates again.
fn workbook_cell(text: String) -> Cell {
    if text.is_empty() {
        return Cell::Empty;
    }
    if parse_iso_date(&text).is_some() {
        return Cell::Date(text);
    }
    match text.parse::<f64>() {
        Ok(n) if n.is_finite() && format_number(n, false) == text => Cell::Number(n),
        _ => Cell::Text(text),
    }
}

#[cfg(test)]
mod tests {
    use super::super::read::{ReadOptions, Row, SheetReader};
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn csv_bytes(style: CsvStyle, headers: &[&str], rows: Vec<Vec<Cell>>) -> Vec<u8> {
        let mut out = Vec::new();
        write_csv(&mut out, style, &strings(headers), rows).unwrap();
        out
    }

    fn read_back(path: &Path) -> (SheetReader, Vec<(u64, Vec<String>)>) {
        let mut reader = SheetReader::open(path, &ReadOptions::default()).unwrap();
        let mut row = Row::new();
        let mut rows = Vec::new();
        while reader.read_row(&mut row).unwrap() {
            rows.push((row.line(), row.iter().map(String::from).collect()));
        }
        (reader, rows)
    }

    #[test]
    fn formula_guard() {
        assert_eq!(guard_formula("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(
            guard_formula("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(guard_formula("@cmd"), "'@cmd");
        assert_eq!(guard_formula("+33 6 12"), "+33 6 12");
        assert_eq!(guard_formula("+1+2"), "'+1+2");
        assert_eq!(
            guard_formula("-2+3+cmd|' /C calc'!A0"),
            "'-2+3+cmd|' /C calc'!A0"
        );
        assert_eq!(guard_formula("\tx"), "'\tx");
        assert_eq!(guard_formula("\r=1"), "'\r=1");
        assert_eq!(guard_formula("-"), "'-");
        for plain in [
            "-5",
            "-3,5",
            "+3,5",
            "-3.5",
            "-1 234,5",
            "-1\u{a0}234",
            "-12 %",
            "-1e5",
            "-.5",
        ] {
            assert_eq!(guard_formula(plain), plain);
        }
        for text in ["DT01", "Internes", "", "a=b", "5-3"] {
            assert_eq!(guard_formula(text), text);
        }
        assert_eq!(strip_formula_guard("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(strip_formula_guard("'abc"), "'abc");
        assert_eq!(strip_formula_guard("'-5"), "'-5");
    }

    #[test]
    fn numbers_print_short() {
        assert_eq!(format_number(12.5, true), "12,5");
        assert_eq!(format_number(12.5, false), "12.5");
        assert_eq!(format_number(3.0, true), "3");
        assert_eq!(format_number(-0.0, false), "0");
        assert_eq!(format_number(-1234.0, false), "-1234");
        assert_eq!(format_number(0.1 + 0.2, false), "0.30000000000000004");
        assert_eq!(format_number(1e20, false), "100000000000000000000");
        assert_eq!(format_number(f64::NAN, false), "");
        assert_eq!(format_number(f64::INFINITY, false), "");
    }

    #[test]
    fn excel_csv_bytes() {
        let out = csv_bytes(
            CsvStyle::Excel,
            &["Maison", "Valeur", "Date", "Commentaire", "Vide"],
            vec![
                vec![
                    Cell::Text("DT01".into()),
                    Cell::Number(12.5),
                    Cell::Date("2025-06-30".into()),
                    Cell::Text("=SUM(A1)".into()),
                    Cell::Empty,
                ],
                vec![
                    Cell::Text("DT02".into()),
                    Cell::Number(1234.0),
                    Cell::Date("2025-01-05".into()),
                    Cell::Text("a;b".into()),
                    Cell::Text("-5".into()),
                ],
            ],
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\u{feff}Maison;Valeur;Date;Commentaire;Vide\r\n\
             DT01;12,5;30/06/2025;'=SUM(A1);\r\n\
             DT02;1234;05/01/2025;\"a;b\";-5\r\n"
        );
    }

    #[test]
    fn plain_csv_bytes() {
        let out = csv_bytes(
            CsvStyle::Plain,
            &["house", "value", "date"],
            vec![vec![
                Cell::Text("DT01".into()),
                Cell::Number(12.5),
                Cell::Date("2025-06-30".into()),
            ]],
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "house,value,date\nDT01,12.5,2025-06-30\n"
        );
    }

    #[test]
    fn xlsx_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.xlsx");
        write_xlsx(
            &path,
            "Observations: 2025/T1",
            &strings(&["Maison", "Nom arabe", "Valeur", "Date", "Commentaire"]),
            vec![
                vec![
                    Cell::Text("DT01".into()),
                    Cell::Text("دار الطالبة".into()),
                    Cell::Number(12.5),
                    Cell::Date("2025-06-30".into()),
                    Cell::Text("=SUM(A1)".into()),
                ],
                vec![
                    Cell::Text("DT02".into()),
                    Cell::Empty,
                    Cell::Number(40.0),
                    Cell::Empty,
                    Cell::Text("x".repeat(80)),
                ],
            ],
        )
        .unwrap();
        let (reader, rows) = read_back(&path);
        assert_eq!(reader.format(), SourceFormat::Xlsx);
        assert_eq!(reader.sheet(), Some("Observations_ 2025_T1"));
        assert_eq!(reader.header_line(), 1);
        assert_eq!(
            reader.headers(),
            ["Maison", "Nom arabe", "Valeur", "Date", "Commentaire"]
        );
        assert_eq!(
            rows[0],
            (
                2,
                strings(&["DT01", "دار الطالبة", "12.5", "2025-06-30", "=SUM(A1)"])
            )
        );
        assert_eq!(rows[1].0, 3);
        assert_eq!(rows[1].1[..4], strings(&["DT02", "", "40", ""]));

        let missing = SheetReader::open(
            &path,
            &ReadOptions {
                sheet: Some("Feuil2".into()),
                ..ReadOptions::default()
            },
        )
        .err()
        .unwrap()
        .to_string();
        assert!(
            missing.ends_with(
                "export.xlsx: no sheet named \"Feuil2\" (sheets: Observations_ 2025_T1); choose one with --sheet"
            ),
            "{missing}"
        );
    }

    #[test]
    fn rejects_follow_a_csv_source() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rejects.csv");
        let source = SourceInfo {
            format: SourceFormat::Csv,
            encoding: Some(Encoding::Windows1252),
            delimiter: Some(b';'),
        };
        write_rejects(
            &path,
            &source,
            &strings(&["Maison", "Période", "Valeur"]),
            vec![
                (
                    strings(&["DT99", "2025-01", "12,5"]),
                    "maison inconnue".into(),
                ),
                (strings(&["DT01"]), "période manquante".into()),
                (
                    strings(&["DT01", "2025-01", "=1+1"]),
                    "valeur non numérique".into(),
                ),
            ],
        )
        .unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "\u{feff}Maison;Période;Valeur;Motif du rejet\r\n\
             DT99;2025-01;12,5;maison inconnue\r\n\
             DT01;;;période manquante\r\n\
             DT01;2025-01;'=1+1;valeur non numérique\r\n"
        );
        let plain = SourceInfo {
            format: SourceFormat::Csv,
            encoding: Some(Encoding::Utf8),
            delimiter: Some(b','),
        };
        write_rejects(
            &path,
            &plain,
            &strings(&["house"]),
            vec![(strings(&["DT99"]), "unknown house".into())],
        )
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "house,Motif du rejet\nDT99,unknown house\n"
        );
        // Cells beyond the header (a decimal comma in a comma-separated file)
        // get blank header cells: every reason stays under its header.
        write_rejects(
            &path,
            &plain,
            &strings(&["house", "value"]),
            vec![
                (strings(&["DT01", "233", "5"]), "beyond".into()),
                (strings(&["DT99", "1"]), "unknown house".into()),
            ],
        )
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "house,value,,Motif du rejet\nDT01,233,5,beyond\nDT99,1,,unknown house\n"
        );
    }

    #[test]
    fn rejects_follow_a_workbook_source() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rejects.xlsx");
        let source = SourceInfo {
            format: SourceFormat::Ods,
            encoding: None,
            delimiter: None,
        };
        write_rejects(
            &path,
            &source,
            &strings(&["Maison", "Période", "Valeur"]),
            vec![(
                strings(&["007", "2025-06-30", "12.5"]),
                "maison inconnue".into(),
            )],
        )
        .unwrap();
        let (reader, rows) = read_back(&path);
        assert_eq!(
            reader.headers(),
            ["Maison", "Période", "Valeur", "Motif du rejet"]
        );
        assert_eq!(
            rows,
            [(
                2,
                strings(&["007", "2025-06-30", "12.5", "maison inconnue"])
            )]
        );
        assert_eq!(workbook_cell("12.5".into()), Cell::Number(12.5));
        assert_eq!(workbook_cell("007".into()), Cell::Text("007".into()));
        assert_eq!(workbook_cell("NaN".into()), Cell::Text("NaN".into()));
    }

    #[test]
    fn sheet_names_are_made_safe() {
        assert_eq!(safe_sheet_name("a/b:c"), "a_b_c");
        assert_eq!(safe_sheet_name(""), "Feuil1");
        assert_eq!(safe_sheet_name(&"x".repeat(40)).len(), 31);
    }
}
