//! Fuzz target: any bytes, saved as a csv, txt, xlsx or ods file, are opened and
//! read to the end by the import reader, and their header row is matched against
//! every kind of import file. The reader may refuse the file (an error), never
//! panic, hang or use unbounded memory.
//!
//! The first byte chooses the file's extension and the reader's options (forced
//! encoding, forced delimiter); the rest is the file's content.

#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use suivi::sheet::decode::Encoding;
use suivi::sheet::headers::{FileKind, match_headers, missing_required};
use suivi::sheet::read::{ReadOptions, Row, SheetReader};

const EXTENSIONS: [&str; 4] = ["csv", "txt", "xlsx", "ods"];

fn scratch(ext: &str) -> PathBuf {
    // One file per fuzzing process (libFuzzer's -jobs/-workers run several).
    std::env::temp_dir().join(format!("suivi-fuzz-{}.{ext}", std::process::id()))
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, content)) = data.split_first() else {
        return;
    };
    let ext = EXTENSIONS[usize::from(selector & 0b11)];
    let encoding = match (selector >> 2) & 0b111 {
        1 => Some(Encoding::Utf8),
        2 => Some(Encoding::Utf16Le),
        3 => Some(Encoding::Utf16Be),
        4 => Some(Encoding::Windows1252),
        5 => Some(Encoding::Windows1256),
        _ => None,
    };
    let delimiter = match selector >> 5 {
        1 => Some(b';'),
        2 => Some(b'\t'),
        3 => Some(b'|'),
        4 => Some(b','),
        _ => None,
    };
    let path = scratch(ext);
    if std::fs::write(&path, content).is_err() {
        return;
    }
    let opts = ReadOptions {
        encoding,
        delimiter,
        sheet: None,
    };
    if let Ok(mut reader) = SheetReader::open(&path, &opts) {
        let headers = reader.headers().to_vec();
        for kind in FileKind::ALL {
            if let Ok(m) = match_headers(kind, &headers) {
                // Each matched key sits at one position, and is found there.
                for key in m.keys.iter().flatten() {
                    let at = m.position(key).expect("a matched key has a position");
                    assert_eq!(m.keys[at], Some(*key));
                }
                let long = kind != FileKind::Observations || m.is_long_observations();
                std::hint::black_box(missing_required(kind, &m, long));
            }
        }
        let mut row = Row::new();
        let mut last_line = reader.header_line();
        while let Ok(true) = reader.read_row(&mut row) {
            // Rows come in order: the line an error message would name only moves forward.
            assert!(
                row.line() > last_line,
                "line {} after {last_line}",
                row.line()
            );
            last_line = row.line();
            for cell in row.iter() {
                std::hint::black_box(cell);
            }
        }
    }
    let _ = std::fs::remove_file(&path);
});
