//! Spreadsheet files as associations send them and as suivi writes them back.
//! Owns the error type shared by decoding, header matching, reading and writing.

pub mod book;
pub mod decode;
pub mod headers;
mod lines;
pub mod read;
pub mod write;

use std::path::PathBuf;

use headers::{HeaderError, column_letter};

/// Longest field the CSV reader accepts; anything bigger is hostile or not a spreadsheet,
/// and refusing it keeps memory bounded.
pub const MAX_FIELD_BYTES: usize = 1024 * 1024;

/// Longest record (row) the CSV reader buffers: bounds memory whatever the input,
/// including the parser's per-field bookkeeping.
pub const MAX_RECORD_BYTES: usize = 2 * 1024 * 1024;

/// Most columns a record may have: Excel's own limit (XFD).
pub const MAX_COLUMNS: usize = 16_384;

/// Every message names the file first, then the line (header = line 1) and column
/// when known, then says what to do, so it can be shown to the user as it is.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error("{}", crate::messages::file_io(.path, op, .source))]
    Io {
        path: PathBuf,
        op: &'static str,
        #[source]
        source: std::io::Error,
    },

    #[error("{}", self.said())]
    Empty { path: PathBuf },

    #[error("{}", self.said())]
    Binary { path: PathBuf, line: Option<u64> },

    #[error("{}", self.said())]
    InvalidUtf8 {
        path: PathBuf,
        line: Option<u64>,
        byte: u64,
    },

    #[error("{}", self.said())]
    MixedUtf8 { path: PathBuf, lines: Vec<u64> },

    #[error("{}", self.said())]
    UnterminatedQuote { path: PathBuf, line: u64 },

    #[error("{}", self.said())]
    FieldTooLong {
        path: PathBuf,
        line: u64,
        column: usize,
    },

    #[error("{}", self.said())]
    TooManyColumns { path: PathBuf, line: u64 },

    #[error("{}", self.said())]
    RecordTooLong { path: PathBuf, line: u64 },

    #[error("{}", self.said())]
    Csv {
        path: PathBuf,
        line: u64,
        message: String,
    },

    #[error("{}", self.said())]
    NoSheet {
        path: PathBuf,
        name: String,
        sheets: Vec<String>,
    },

    #[error("{}", self.said())]
    NoVisibleSheet { path: PathBuf, sheets: Vec<String> },

    #[error("{}", self.said())]
    BookLimit { path: PathBuf, what: String },

    #[error("{}", self.said())]
    NotAFile { path: PathBuf },

    #[error("{}", self.said())]
    EmptySheet { path: PathBuf, sheet: String },

    #[error("{}", self.said())]
    Workbook { path: PathBuf, message: String },

    #[error("{}", self.said())]
    Header {
        path: PathBuf,
        line: u64,
        #[source]
        source: HeaderError,
    },

    #[error(transparent)]
    Write(Box<crate::fsout::WriteError>),

    #[error("{}", self.said())]
    XlsxWrite { path: PathBuf, message: String },
}

impl SheetError {
    /// The sentence, in the language of the run.
    fn said(&self) -> String {
        use crate::messages::Msg;
        let p = |path: &PathBuf| path.display().to_string();
        match self {
            SheetError::Io { .. } | SheetError::Write(_) => String::new(),
            SheetError::Empty { path } => Msg::FileEmpty { path: p(path) }.to_string(),
            SheetError::Binary { path, line } => Msg::FileBinary {
                path: p(path),
                line: *line,
            }
            .to_string(),
            SheetError::InvalidUtf8 { path, line, byte } => Msg::FileInvalidUtf8 {
                path: p(path),
                line: *line,
                byte: *byte,
            }
            .to_string(),
            SheetError::MixedUtf8 { path, lines } => Msg::FileMixedUtf8 {
                path: p(path),
                lines: lines.clone(),
            }
            .to_string(),
            SheetError::UnterminatedQuote { path, line } => Msg::FileUnterminatedQuote {
                path: p(path),
                line: *line,
            }
            .to_string(),
            SheetError::FieldTooLong { path, line, column } => Msg::FileFieldTooLong {
                path: p(path),
                line: *line,
                column: column_letter(*column),
                max: MAX_FIELD_BYTES,
            }
            .to_string(),
            SheetError::TooManyColumns { path, line } => Msg::FileTooManyColumns {
                path: p(path),
                line: *line,
                max: MAX_COLUMNS,
            }
            .to_string(),
            SheetError::RecordTooLong { path, line } => Msg::FileRecordTooLong {
                path: p(path),
                line: *line,
                max: MAX_RECORD_BYTES,
            }
            .to_string(),
            SheetError::Csv {
                path,
                line,
                message,
            } => Msg::AtLine {
                file: p(path),
                line: *line,
                why: message.clone(),
            }
            .to_string(),
            SheetError::NoSheet { path, name, sheets } => Msg::NoSuchSheet {
                path: p(path),
                name: name.clone(),
                sheets: sheets.join(", "),
            }
            .to_string(),
            SheetError::NoVisibleSheet { path, sheets } => Msg::NoVisibleSheet {
                path: p(path),
                sheets: sheets.join(", "),
            }
            .to_string(),
            SheetError::BookLimit { path, what } => Msg::BookRefused {
                path: p(path),
                what: what.clone(),
            }
            .to_string(),
            SheetError::NotAFile { path } => Msg::InputNotAFile { path: p(path) }.to_string(),
            SheetError::EmptySheet { path, sheet } => Msg::SheetEmpty {
                path: p(path),
                sheet: sheet.clone(),
            }
            .to_string(),
            SheetError::Workbook { path, message } => Msg::WorkbookUnreadable {
                path: p(path),
                why: message.clone(),
            }
            .to_string(),
            SheetError::Header { path, line, source } => Msg::AtLine {
                file: p(path),
                line: *line,
                why: source.to_string(),
            }
            .to_string(),
            SheetError::XlsxWrite { path, message } => Msg::XlsxWriteFailed {
                path: p(path),
                why: message.clone(),
            }
            .to_string(),
        }
    }

    /// Spreadsheet line the error points at, when there is one.
    pub fn line(&self) -> Option<u64> {
        match self {
            SheetError::Binary { line, .. } | SheetError::InvalidUtf8 { line, .. } => *line,
            SheetError::UnterminatedQuote { line, .. }
            | SheetError::FieldTooLong { line, .. }
            | SheetError::TooManyColumns { line, .. }
            | SheetError::RecordTooLong { line, .. }
            | SheetError::Csv { line, .. }
            | SheetError::Header { line, .. } => Some(*line),
            _ => None,
        }
    }
}

impl SheetError {
    /// As an error for the command: a file that cannot be opened or read (missing,
    /// unreadable, a FIFO) is an environment failure (exit 1); anything about its
    /// content is rejected input (exit 3).
    pub fn into_anyhow(self) -> anyhow::Error {
        match self {
            SheetError::Io { .. } | SheetError::NotAFile { .. } | SheetError::Write(_) => {
                anyhow::anyhow!("{self}")
            }
            other => crate::error::rejected(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::decode::Encoding;
    use super::headers::{FileKind, match_headers, missing_required};
    use super::read::{ReadOptions, Row, SheetReader, SourceFormat};
    use super::*;
    use std::path::Path;

    /// fixtures/import, found from this file so the tests run from any crate that
    /// includes the module.
    fn fixture(name: &str) -> PathBuf {
        Path::new(file!())
            .parent()
            .unwrap()
            .join("../../fixtures/import")
            .join(name)
    }

    struct Loaded {
        reader: SheetReader,
        rows: Vec<(u64, Vec<String>)>,
    }

    fn read(name: &str) -> Result<Loaded, SheetError> {
        let mut reader = SheetReader::open(&fixture(name), &ReadOptions::default())?;
        let mut row = Row::new();
        let mut rows = Vec::new();
        while reader.read_row(&mut row)? {
            rows.push((row.line(), row.iter().map(String::from).collect()));
        }
        Ok(Loaded { reader, rows })
    }

    #[test]
    fn good_fixtures_read_and_match() {
        /// File, kind, expected encoding and delimiter, number of data rows.
        type Case = (&'static str, FileKind, Option<Encoding>, Option<u8>, usize);
        let cases: [Case; 11] = [
            (
                "observations_long_utf8.csv",
                FileKind::Observations,
                Some(Encoding::Utf8),
                Some(b','),
                32,
            ),
            (
                "observations_long_fr_1252.csv",
                FileKind::Observations,
                Some(Encoding::Windows1252),
                Some(b';'),
                17,
            ),
            (
                "observations_wide_bom.csv",
                FileKind::Observations,
                Some(Encoding::Utf8Bom),
                Some(b';'),
                8,
            ),
            (
                "observations_wide_utf16.txt",
                FileKind::Observations,
                Some(Encoding::Utf16Le),
                Some(b'\t'),
                4,
            ),
            ("observations.xlsx", FileKind::Observations, None, None, 8),
            (
                "houses_fr_1256.csv",
                FileKind::Houses,
                Some(Encoding::Windows1256),
                Some(b';'),
                12,
            ),
            (
                "houses_utf8.csv",
                FileKind::Houses,
                Some(Encoding::Utf8),
                Some(b','),
                12,
            ),
            (
                "associations_fr_bom.csv",
                FileKind::Associations,
                Some(Encoding::Utf8Bom),
                Some(b';'),
                4,
            ),
            (
                "targets_fr.csv",
                FileKind::Targets,
                Some(Encoding::Utf8Bom),
                Some(b';'),
                8,
            ),
            (
                "actions_fr.csv",
                FileKind::Actions,
                Some(Encoding::Windows1252),
                Some(b';'),
                9,
            ),
            (
                "assessments_fr.csv",
                FileKind::Assessments,
                Some(Encoding::Utf8),
                Some(b';'),
                24,
            ),
        ];
        for (name, kind, encoding, delimiter, count) in cases {
            let got = read(name).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(got.reader.encoding(), encoding, "{name}");
            assert_eq!(got.reader.delimiter(), delimiter, "{name}");
            assert_eq!(got.rows.len(), count, "{name}");
            assert_eq!(got.rows[0].0, 2, "{name}");
            let m = match_headers(kind, got.reader.headers()).unwrap();
            let long = m.is_long_observations();
            assert!(missing_required(kind, &m, long).is_empty(), "{name}");
            if name.contains("wide") {
                assert!(!long && m.extra.len() >= 3, "{name}: {m:?}");
            } else {
                assert!(m.extra.is_empty(), "{name}: {:?}", m.extra);
            }
        }
    }

    #[test]
    fn fixture_values_survive_decoding() {
        let fr = read("observations_long_fr_1252.csv").unwrap();
        assert_eq!(fr.reader.headers()[2], "Période");
        let budget = fr
            .rows
            .iter()
            .find(|(_, r)| r[1].starts_with("Budget"))
            .unwrap();
        assert_eq!(budget.1[3], "1\u{a0}234,5");
        assert!(
            fr.rows
                .iter()
                .any(|(_, r)| r[4] == "Élèves arrivés après l'Aïd")
        );

        let houses = read("houses_fr_1256.csv").unwrap();
        assert_eq!(houses.reader.headers()[4], "Région");
        assert_eq!(houses.rows[0].1[2], "دار الطالبة تافراوت");
        assert_eq!(houses.rows[4].1[4], "Beni Mellal-Khenifra");

        let wide = read("observations_wide_utf16.txt").unwrap();
        assert_eq!(wide.rows[2].1[1], "Dar Talib \"Figuig\"");
        assert_eq!(wide.rows[3].1[5], "");

        let bom = read("observations_wide_bom.csv").unwrap();
        assert_eq!(bom.reader.headers()[0], "Code maison");
        assert_eq!(bom.rows[4].1[3], "");

        let book = read("observations.xlsx").unwrap();
        assert_eq!(book.reader.format(), SourceFormat::Xlsx);
        assert_eq!(book.reader.sheet(), Some("Observations"));
        assert_eq!(book.rows[3].1[3], "45250.75");
        assert_eq!(book.rows[0].1[3], "99");
        assert_eq!(book.rows[7].1[4], "دار الطالب أسني");
    }

    #[test]
    fn bad_fixtures_fail_clearly() {
        let err = |name: &str| read(name).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err("bad/empty.csv").ends_with("bad/empty.csv: the file is empty"));
        assert!(err("bad/binary.csv").contains("bad/binary.csv: the file looks binary"));
        assert!(
            err("bad/unterminated_quote.csv")
                .contains("bad/unterminated_quote.csv: line 4: unterminated quoted field")
        );
        let header_only = read("bad/header_only.csv").unwrap();
        assert!(header_only.rows.is_empty());
        assert_eq!(header_only.reader.headers().len(), 5);

        let dup = read("bad/duplicated_column.csv").unwrap();
        let e = match_headers(FileKind::Observations, dup.reader.headers()).unwrap_err();
        assert!(
            e.to_string()
                .contains("columns D (\"Valeur\") and E (\"Valeur\")")
        );

        let missing = read("bad/missing_column.csv").unwrap();
        let m = match_headers(FileKind::Observations, missing.reader.headers()).unwrap();
        let keys: Vec<&str> = missing_required(FileKind::Observations, &m, true)
            .iter()
            .map(|c| c.key)
            .collect();
        assert_eq!(keys, ["period"]);

        let injection = read("bad/formula_injection.csv").unwrap();
        assert_eq!(injection.rows[0].1[4], "=HYPERLINK(\"http://x\")");

        // Values are the caller's to judge: these read as plain text.
        for name in [
            "bad/bad_values.csv",
            "bad/duplicate_key.csv",
            "bad/ambiguous_decimal.csv",
            "bad/nan_inf.csv",
        ] {
            assert!(!read(name).unwrap().rows.is_empty(), "{name}");
        }
    }

    #[test]
    fn messages_name_file_line_and_remedy() {
        let e = SheetError::UnterminatedQuote {
            path: "fixtures/x.csv".into(),
            line: 7,
        };
        assert!(
            e.to_string()
                .starts_with("fixtures/x.csv: line 7: unterminated quoted field")
        );
        let e = SheetError::InvalidUtf8 {
            path: "fixtures/x.csv".into(),
            line: None,
            byte: 1234,
        };
        assert!(e.to_string().starts_with(
            "fixtures/x.csv: the file is not valid UTF-8 at byte 1234; it's often worth trying --encoding windows-1252"
        ));
        let e = SheetError::Empty {
            path: "x.csv".into(),
        };
        assert_eq!(e.to_string(), "x.csv: the file is empty");
        let e = SheetError::Binary {
            path: "x.csv".into(),
            line: None,
        };
        assert!(
            e.to_string()
                .starts_with("x.csv: the file looks binary (NUL bytes), not a spreadsheet")
        );
        let e = SheetError::NoSheet {
            path: "x.xlsx".into(),
            name: "Feuil2".into(),
            sheets: vec!["Feuil1".into(), "Données".into()],
        };
        assert!(
            e.to_string()
                .starts_with("x.xlsx: no sheet named \"Feuil2\" (sheets: Feuil1, Données)")
        );
        let e = SheetError::FieldTooLong {
            path: "x.csv".into(),
            line: 3,
            column: 27,
        };
        assert!(e.to_string().starts_with("x.csv: line 3, column AB: "));
        assert_eq!(e.line(), Some(3));
    }
}
