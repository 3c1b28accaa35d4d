//! The CSV line tracker: it reads the bytes under the CSV parser, following the
//! same grammar, to learn the spreadsheet line each record starts on, and to
//! catch what the parser does not report (a quote still open at the end of the
//! file, NUL bytes, records too big to buffer).

use std::collections::VecDeque;
use std::io::{self, Read};

use super::MAX_RECORD_BYTES;

/// Failures the tracker raises through the parser, which only passes io errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TrackError {
    Unterminated { line: u64 },
    RecordTooLong { line: u64 },
    Nul { line: u64 },
}

impl std::fmt::Display for TrackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}

impl std::error::Error for TrackError {}

pub(super) fn tracker_error(e: &io::Error) -> Option<TrackError> {
    e.get_ref()?.downcast_ref::<TrackError>().copied()
}

/// Sits under the CSV parser and follows the same grammar (csv-core's defaults:
/// `"` opens a quoted field only at the start of a field, doubled inside to
/// escape; any of CR, LF, CRLF ends a record) to learn what the parser does not
/// tell: the spreadsheet line each record starts on, a quote still open at the
/// end of the file, NUL bytes, and records too big to buffer.
///
/// Only quotes, line breaks and NULs need a look, so the bytes between them are
/// skipped in a tight loop: a full automaton here costs as much as the parser.
pub(super) struct Tracker<R> {
    inner: R,
    delimiter: u8,
    /// Offset in the stream of the first byte of the next chunk.
    offset: u64,
    /// Last byte of the previous chunk; a line break before the first chunk.
    last: u8,
    in_quotes: bool,
    /// The previous chunk ended on a quote inside quotes: the next byte says
    /// whether it was escaped or closing.
    pending_quote: bool,
    /// A record ended: the next byte that is not a line break starts one.
    at_start: bool,
    /// Spreadsheet line at the current byte; a line break inside quotes is not a new line.
    line: u64,
    record_line: u64,
    record_offset: u64,
    quote_line: u64,
    /// Lines of the records seen but not yet handed out by the parser; bounded by
    /// the parser's buffer, since it reads ahead only that far.
    starts: VecDeque<u64>,
    last_handed: u64,
}

/// Bytes the tracker must look at.
const SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    table[b'"' as usize] = true;
    table[b'\r' as usize] = true;
    table[b'\n' as usize] = true;
    table[0] = true;
    table
};

impl<R: Read> Tracker<R> {
    pub(super) fn new(inner: R, delimiter: u8) -> Self {
        Tracker {
            inner,
            delimiter,
            offset: 0,
            last: b'\n',
            in_quotes: false,
            pending_quote: false,
            at_start: true,
            line: 1,
            record_line: 1,
            record_offset: 0,
            quote_line: 1,
            starts: VecDeque::new(),
            last_handed: 0,
        }
    }

    /// Line of the record the parser just returned (or failed on).
    pub(super) fn next_record_line(&mut self) -> u64 {
        if let Some(line) = self.starts.pop_front() {
            self.last_handed = line;
        }
        self.last_handed
    }

    fn fail(&self, e: TrackError) -> io::Error {
        io::Error::other(e)
    }

    fn check_record_size(&self, at: u64) -> io::Result<()> {
        if !self.at_start && at - self.record_offset > MAX_RECORD_BYTES as u64 {
            return Err(self.fail(TrackError::RecordTooLong {
                line: self.record_line,
            }));
        }
        Ok(())
    }

    fn scan(&mut self, bytes: &[u8]) -> io::Result<()> {
        let n = bytes.len();
        let mut i = 0;
        while i < n {
            if self.at_start && bytes[i] != b'\r' && bytes[i] != b'\n' {
                self.at_start = false;
                self.record_line = self.line;
                self.record_offset = self.offset + i as u64;
                self.starts.push_back(self.line);
            }
            if self.pending_quote {
                self.pending_quote = false;
                if bytes[i] == b'"' {
                    i += 1;
                    continue;
                }
                self.in_quotes = false;
            }
            while i < n && !SPECIAL[usize::from(bytes[i])] {
                i += 1;
            }
            if i == n {
                break;
            }
            let b = bytes[i];
            let prev = if i > 0 { bytes[i - 1] } else { self.last };
            match b {
                0 => return Err(self.fail(TrackError::Nul { line: self.line })),
                b'"' if self.in_quotes => match bytes.get(i + 1) {
                    Some(b'"') => i += 1,
                    Some(_) => self.in_quotes = false,
                    None => self.pending_quote = true,
                },
                b'"' => {
                    if prev == self.delimiter || prev == b'\r' || prev == b'\n' {
                        self.in_quotes = true;
                        self.quote_line = self.line;
                    }
                }
                _ if self.in_quotes => {}
                _ => {
                    if b == b'\r' || prev != b'\r' {
                        self.line += 1;
                    }
                    self.check_record_size(self.offset + i as u64)?;
                    self.at_start = true;
                }
            }
            i += 1;
        }
        self.offset += n as u64;
        self.last = bytes[n - 1];
        self.check_record_size(self.offset)
    }
}

impl<R: Read> Read for Tracker<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let n = self.inner.read(buf)?;
        if n == 0 {
            if self.in_quotes && !self.pending_quote {
                return Err(self.fail(TrackError::Unterminated {
                    line: self.quote_line,
                }));
            }
            return Ok(0);
        }
        self.scan(&buf[..n])?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracker_counts_lines_across_small_reads() {
        // One byte at a time, so every state crosses a read boundary.
        struct Drip<'a>(&'a [u8]);
        impl Read for Drip<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                match self.0.split_first() {
                    Some((b, rest)) => {
                        buf[0] = *b;
                        self.0 = rest;
                        Ok(1)
                    }
                    None => Ok(0),
                }
            }
        }
        let text = b"h1,h2\r\n\r\n\"a\r\nb\",\"c\"\"\"\r\nd,e\n\n\nf\rg\nx,5\" tv\n\"q\"\"\"\n\"ab\"c\"d,z\n\"\",z";
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(Tracker::new(Drip(text), b','));
        let mut record = csv::StringRecord::new();
        let mut seen = Vec::new();
        while reader.read_record(&mut record).unwrap() {
            let line = reader.get_mut().next_record_line();
            seen.push((line, record.get(0).unwrap().to_string()));
        }
        assert_eq!(
            seen,
            [
                (1, "h1".to_string()),
                (3, "a\r\nb".to_string()),
                (4, "d".to_string()),
                (7, "f".to_string()),
                (8, "g".to_string()),
                (9, "x".to_string()),
                (10, "q\"".to_string()),
                (11, "abc\"d".to_string()),
                (12, "".to_string()),
            ]
        );
    }

    #[test]
    fn tracker_agrees_with_the_parser_on_random_input() {
        // Whatever the input, the tracker must see exactly the records the parser
        // returns, or every line number after a disagreement would be wrong.
        let alphabet: &[u8] = b"a;\"\r\n ,";
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3000 {
            let mut text = Vec::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 40) as usize;
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            let mut reader = csv::ReaderBuilder::new()
                .delimiter(b';')
                .has_headers(false)
                .flexible(true)
                .from_reader(Tracker::new(&text[..], b';'));
            let mut record = csv::StringRecord::new();
            let mut last = 0;
            loop {
                match reader.read_record(&mut record) {
                    Ok(true) => {
                        assert!(
                            !reader.get_ref().starts.is_empty(),
                            "no start for a record in {:?}",
                            String::from_utf8_lossy(&text)
                        );
                        let line = reader.get_mut().next_record_line();
                        assert!(line > last, "{:?}", String::from_utf8_lossy(&text));
                        last = line;
                    }
                    Ok(false) => {
                        assert!(
                            reader.get_ref().starts.is_empty(),
                            "extra start in {:?}",
                            String::from_utf8_lossy(&text)
                        );
                        break;
                    }
                    Err(e) => {
                        assert!(
                            matches!(
                                e.kind(),
                                csv::ErrorKind::Io(io) if matches!(tracker_error(io), Some(TrackError::Unterminated { .. }))
                            ),
                            "{e}"
                        );
                        break;
                    }
                }
            }
        }
    }
}
