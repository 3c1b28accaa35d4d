//! The rows an import refuses: counted, the first ones listed for the reader,
//! every one kept for the rejects file with `--skip-invalid --rejects`; a value
//! given twice names the line of its first row once the file is read.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};

use super::observations;
use super::rejects::{self, HeaderLang};
use super::{Context, ImportRequest, ListedError, MAX_LISTED_ERRORS, Refused, ValueKey};
use crate::messages::Msg;
use crate::sheet::read::{Row, SheetReader};

pub(super) struct Refusals {
    /// `--skip-invalid --rejects`: the refused rows, kept for the rejects file.
    spill: Option<Spill>,
    /// The language of the file's headers, which its rejects file speaks.
    lang: HeaderLang,
    /// The column of a rejects file's old reasons, left out of the new one.
    old_reason: Option<usize>,
    /// Refused rows, whole or for some of their values.
    pub count: usize,
    /// The first [`MAX_LISTED_ERRORS`] of them, for the reader.
    pub listed: Vec<ListedError>,
    /// Values given twice whose first line is yet to be found.
    twice: Vec<Twice>,
    /// Rejects rows said again once those lines are known: their place among
    /// the kept rows and their reasons.
    said_again: Vec<(usize, Vec<(String, Msg)>)>,
    /// The reasons of those rows with the lines, by place.
    new_reasons: Vec<(usize, String)>,
    /// Rows refused whole (they wrote nothing).
    whole: Lines,
    /// Rows with values refused when written: their line and those values'
    /// indicators (the row's others were written).
    partly: Vec<(u64, Vec<i64>)>,
}

/// A value this file gave before with another value: its key and line, and
/// where its row's listed error and rejects reasons are.
struct Twice {
    key: ValueKey,
    line: u64,
    /// Its place among its row's refused values.
    which: usize,
    /// Its row's listed error and the message it was written from, when the
    /// row is listed with this value first.
    listed: Option<(usize, Box<Msg>)>,
    /// Its row's place in `said_again`.
    said_again: Option<usize>,
}

impl Refusals {
    /// Refusals of an import; `keep`: the rejects file its refused rows go to.
    pub fn new(keep: Option<&Path>, lang: HeaderLang, old_reason: Option<usize>) -> Refusals {
        Refusals {
            spill: keep.map(|rejects| Spill {
                rejects: rejects.to_path_buf(),
                file: None,
                rows: 0,
                widest: 0,
                failed: None,
            }),
            lang,
            old_reason,
            count: 0,
            listed: Vec::new(),
            twice: Vec::new(),
            said_again: Vec::new(),
            new_reasons: Vec::new(),
            whole: Lines::default(),
            partly: Vec::new(),
        }
    }

    /// A row refused whole, for one reason.
    pub fn row(&mut self, row: &Row, column: String, message: &Msg) {
        self.whole.insert(row.line());
        self.add(row, vec![(column, message.clone())], |_| true, Vec::new());
    }

    /// A row some values of which were refused when written (all of them,
    /// possibly): its rejects row keeps those cells and the row's others
    /// that are not values (house, period, comment).
    pub fn values(&mut self, row: &Row, cx: &Context, refused: Refused) {
        let mut indicators = Vec::with_capacity(refused.values.len());
        let mut columns = Vec::with_capacity(refused.values.len());
        let mut reasons = Vec::with_capacity(refused.values.len());
        let mut duplicates = Vec::new();
        for (which, v) in refused.values.into_iter().enumerate() {
            indicators.push(v.indicator);
            columns.push(v.column);
            reasons.push((cx.column_name(v.at), v.message));
            if let Some(key) = v.twice {
                duplicates.push((which, key));
            }
        }
        self.partly.push((row.line(), indicators));
        let kept = |i: usize| !cx.wide.iter().any(|&(col, _)| col == i) || columns.contains(&i);
        self.add(row, reasons, kept, duplicates);
    }

    fn add(
        &mut self,
        row: &Row,
        reasons: Vec<(String, Msg)>,
        kept: impl Fn(usize) -> bool,
        duplicates: Vec<(usize, ValueKey)>,
    ) {
        self.count += 1;
        let mut listed = (self.listed.len() < MAX_LISTED_ERRORS).then(|| {
            let (column, first) = &reasons[0];
            let message = match reasons.len() {
                1 => first.clone(),
                n => Msg::MoreRefusedInRow {
                    first: Box::new(first.clone()),
                    n: n - 1,
                    columns: reasons[1..]
                        .iter()
                        .map(|(c, _)| c.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                },
            };
            self.listed.push(ListedError {
                line: row.line(),
                column: column.clone(),
                message: message.to_string(),
            });
            (self.listed.len() - 1, message)
        });
        let said_again =
            (self.spill.is_some() && !duplicates.is_empty()).then_some(self.said_again.len());
        for (which, key) in duplicates {
            let listed = if which == 0 { listed.take() } else { None };
            if listed.is_none() && said_again.is_none() {
                continue;
            }
            self.twice.push(Twice {
                key,
                line: row.line(),
                which,
                listed: listed.map(|(i, m)| (i, Box::new(m))),
                said_again,
            });
        }
        if let Some(spill) = &mut self.spill {
            let old_reason = self.old_reason;
            let cells = row
                .raw_fields()
                .enumerate()
                .filter(|(i, _)| Some(*i) != old_reason)
                .map(|(i, c)| if kept(i) { c } else { "" });
            let at = spill.push(cells, &rejects::reasons(self.lang, &reasons));
            if said_again.is_some() {
                self.said_again.push((at, reasons));
            }
        }
    }

    /// Once the file is read: each value given twice names its first line,
    /// in its row's listed error and rejects reason (each rejects row written
    /// again once).
    pub fn name_first_lines(&mut self, req: &ImportRequest, cx: &mut Context) {
        let found = first_lines(req, cx, &self.twice, &self.whole, &self.partly);
        let mut touched: Vec<usize> = Vec::new();
        for (t, first) in found {
            if let Some((i, m)) = &t.listed {
                let mut with = (**m).clone();
                set_lines(&mut with, first, t.line);
                self.listed[*i].message = with.to_string();
            }
            if let Some(i) = t.said_again {
                set_lines(&mut self.said_again[i].1[t.which].1, first, t.line);
                if touched.last() != Some(&i) {
                    touched.push(i);
                }
            }
        }
        for i in touched {
            let (at, reasons) = &self.said_again[i];
            self.new_reasons
                .push((*at, rejects::reasons(self.lang, reasons)));
        }
        self.twice = Vec::new();
        self.said_again = Vec::new();
    }

    /// Whether every refused row was kept for the rejects file, and its
    /// folder takes files (asked once the rows are read, before anything is
    /// committed: a folder that cannot take them fails the import, which then
    /// writes nothing).
    pub fn kept_whole(&mut self) -> Result<(), KeepError> {
        let Some(spill) = &mut self.spill else {
            return Ok(());
        };
        if spill.failed.is_none()
            && let Some(f) = &mut spill.file
        {
            spill.failed = f.flush().err().map(KeepError::Spill);
        }
        spill.failed.take().map_or(Ok(()), Err)
    }

    /// The rows kept for the rejects file, in the order they were refused,
    /// with the reasons said again; None when none were kept.
    pub fn into_rejects(self) -> io::Result<Option<Rejects>> {
        let Some(Spill {
            file: Some(file),
            rows,
            widest,
            failed: None,
            ..
        }) = self.spill
        else {
            return Ok(None);
        };
        let left = rows;
        let mut file = file.into_inner().map_err(|e| e.into_error())?;
        file.rewind()?;
        Ok(Some(Rejects {
            file: BufReader::new(file),
            widest,
            left,
            at: 0,
            new_reasons: self.new_reasons.into_iter().peekable(),
        }))
    }
}

/// Refused rows on their way to the rejects file, in an unnamed file of the
/// temporary folder (made at the first refused row, gone once closed, and
/// never beside the rejects file, which would then need twice its size):
/// memory stays flat however many rows a file has refused. Each row: its
/// number of cells, then each cell and the reason, each as its length (4
/// bytes) and its UTF-8 text.
struct Spill {
    /// The rejects file, whose folder is tried at the first refused row.
    rejects: PathBuf,
    file: Option<BufWriter<File>>,
    rows: usize,
    /// The most cells of a row.
    widest: usize,
    /// The first error, said before the import commits.
    failed: Option<KeepError>,
}

/// Why the refused rows could not be kept for the rejects file.
#[derive(Debug)]
pub(super) enum KeepError {
    /// The rejects file's folder takes no file (missing, read-only, full).
    Folder(crate::fsout::WriteError),
    /// The temporary folder could not take them.
    Spill(io::Error),
}

impl std::fmt::Display for KeepError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeepError::Folder(e) => write!(f, "{e}"),
            KeepError::Spill(e) => write!(
                f,
                "{}",
                Msg::CannotKeepRejects {
                    dir: std::env::temp_dir().display().to_string(),
                    why: crate::fsout::io_sentence(e),
                }
            ),
        }
    }
}

impl Spill {
    /// Keeps one row; its place among the kept rows. The first one tries the
    /// rejects file's folder, and makes the unnamed file.
    fn push<'c>(&mut self, cells: impl Iterator<Item = &'c str>, reason: &str) -> usize {
        let cells: Vec<&str> = cells.collect();
        self.widest = self.widest.max(cells.len());
        if self.file.is_none() && self.failed.is_none() {
            self.failed = crate::fsout::try_folder(&self.rejects)
                .err()
                .map(KeepError::Folder);
        }
        if self.failed.is_none() {
            self.failed = write_row(&mut self.file, &cells, reason)
                .err()
                .map(KeepError::Spill);
        }
        self.rows += 1;
        self.rows - 1
    }
}

fn write_row(file: &mut Option<BufWriter<File>>, cells: &[&str], reason: &str) -> io::Result<()> {
    let f = match file {
        Some(f) => f,
        None => file.insert(BufWriter::new(tempfile::tempfile()?)),
    };
    f.write_all(&(cells.len() as u32).to_le_bytes())?;
    for text in cells.iter().copied().chain([reason]) {
        f.write_all(&(text.len() as u32).to_le_bytes())?;
        f.write_all(text.as_bytes())?;
    }
    Ok(())
}

/// The rows of a rejects file read back, each its cells and reason.
pub(super) struct Rejects {
    file: BufReader<File>,
    /// The most cells of a row.
    pub widest: usize,
    left: usize,
    at: usize,
    new_reasons: std::iter::Peekable<std::vec::IntoIter<(usize, String)>>,
}

impl Rejects {
    fn text(&mut self) -> io::Result<String> {
        let mut len = [0u8; 4];
        self.file.read_exact(&mut len)?;
        let mut bytes = vec![0u8; u32::from_le_bytes(len) as usize];
        self.file.read_exact(&mut bytes)?;
        String::from_utf8(bytes).map_err(io::Error::other)
    }

    fn row(&mut self) -> io::Result<(Vec<String>, String)> {
        let mut n = [0u8; 4];
        self.file.read_exact(&mut n)?;
        let cells = (0..u32::from_le_bytes(n))
            .map(|_| self.text())
            .collect::<io::Result<Vec<String>>>()?;
        let mut reason = self.text()?;
        if let Some((_, again)) = self.new_reasons.next_if(|(at, _)| *at == self.at) {
            reason = again;
        }
        Ok((cells, reason))
    }
}

impl Iterator for Rejects {
    type Item = io::Result<(Vec<String>, String)>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        let row = self.row();
        self.left = if row.is_ok() { self.left - 1 } else { 0 };
        self.at += 1;
        Some(row)
    }
}

/// Says a value given twice with the lines of both rows (of a row refused for
/// several values, the first).
fn set_lines(m: &mut Msg, first: u64, line: u64) {
    match m {
        Msg::DifferentValuesTwice { lines, .. } => *lines = Some((first, line)),
        Msg::MoreRefusedInRow { first: inner, .. } => set_lines(inner, first, line),
        _ => {}
    }
}

/// The first line of the file that gave each key of `twice`, for those found
/// on an earlier line: the file is read again from the start, until the last
/// of those lines. The sink remembers keys, not lines (a line per key would
/// grow with the file); this costs a second reading only when a file has such
/// rows. A file that cannot be read again (changed meanwhile) leaves the
/// messages as they were.
fn first_lines<'t>(
    req: &ImportRequest,
    cx: &mut Context,
    twice: &'t [Twice],
    whole: &Lines,
    partly: &[(u64, Vec<i64>)],
) -> Vec<(&'t Twice, u64)> {
    let Some(last) = twice.iter().map(|t| t.line).max() else {
        return Vec::new();
    };
    let mut first: HashMap<&ValueKey, Option<u64>> = twice.iter().map(|t| (&t.key, None)).collect();
    let mut left = first.len();
    if let Ok(mut reader) = SheetReader::open(&req.file, &req.read) {
        let mut row = Row::new();
        while left > 0 && matches!(reader.read_row(&mut row), Ok(true)) && row.line() < last {
            // A row refused whole wrote nothing: not the first of its keys.
            if whole.contains(row.line()) {
                continue;
            }
            // Nor the values refused when written (the row's others were).
            let not_written = partly
                .binary_search_by_key(&row.line(), |(line, _)| *line)
                .map(|i| partly[i].1.as_slice())
                .unwrap_or_default();
            for key in observations::row_keys(cx, &row) {
                if not_written.contains(&key.1) {
                    continue;
                }
                if let Some(slot @ None) = first.get_mut(&key) {
                    *slot = Some(row.line());
                    left -= 1;
                }
            }
        }
    }
    twice
        .iter()
        .filter_map(|t| {
            let line = first.get(&t.key).copied().flatten()?;
            (line < t.line).then_some((t, line))
        })
        .collect()
}

/// A set of line numbers, one bit each (1.25 MB for ten million lines).
#[derive(Default)]
struct Lines {
    bits: Vec<u64>,
}

impl Lines {
    fn insert(&mut self, line: u64) {
        let word = (line / 64) as usize;
        if word >= self.bits.len() {
            self.bits.resize(word + 1, 0);
        }
        self.bits[word] |= 1 << (line % 64);
    }

    fn contains(&self, line: u64) -> bool {
        self.bits
            .get((line / 64) as usize)
            .is_some_and(|w| w & (1 << (line % 64)) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_rows_read_back_as_written_with_the_reasons_said_again() {
        let mut spill = Spill {
            rejects: std::env::temp_dir().join("rejets.csv"),
            file: None,
            rows: 0,
            widest: 0,
            failed: None,
        };
        let rows: [(&[&str], &str); 3] = [
            (&["DT01", "", "2025-01"], "Colonne B\u{a0}: vide"),
            (&["دار", "x,\"y\"\n", "2025-02", "extra"], "deux fois"),
            (&[], ""),
        ];
        for (i, (cells, reason)) in rows.iter().enumerate() {
            assert_eq!(spill.push(cells.iter().copied(), reason), i);
        }
        let refusals = Refusals {
            spill: Some(spill),
            new_reasons: vec![(1, "deux fois (lignes 2 et 3)".to_string())],
            ..Refusals::new(None, HeaderLang::Fr, None)
        };
        let rejects = refusals.into_rejects().unwrap().unwrap();
        assert_eq!(rejects.widest, 4);
        let back: Vec<(Vec<String>, String)> = rejects.map(|r| r.unwrap()).collect();
        let text = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        assert_eq!(
            back,
            [
                (text(rows[0].0), rows[0].1.to_string()),
                (text(rows[1].0), "deux fois (lignes 2 et 3)".to_string()),
                (Vec::new(), String::new()),
            ]
        );
    }
}
