//! Fuzz target: the XML of a workbook's sheet. The first byte chooses xlsx (even)
//! or ods (odd); the rest is the worksheet XML (xlsx) or `content.xml` (ods),
//! wrapped by `suivi::sheet::book::fuzz_workbook` in a zip that is valid around it,
//! so mutations reach the streaming XML readers instead of dying in the zip layer.
//! The reader may refuse the input, never panic, hang or use unbounded memory, and
//! rows come in increasing line order.
//!
//! Findings are kept in fixtures/hostile/fuzz/ and replayed by a unit test
//! (`sheet::book::fuzz_regressions`).

#![no_main]

use libfuzzer_sys::fuzz_target;
use suivi::sheet::book::fuzz_workbook;
use suivi::sheet::read::{ReadOptions, Row, SheetReader};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, xml)) = data.split_first() else {
        return;
    };
    let ods = selector & 1 == 1;
    let path = std::env::temp_dir().join(format!(
        "suivi-fuzz-book-{}.{}",
        std::process::id(),
        if ods { "ods" } else { "xlsx" }
    ));
    if std::fs::write(&path, fuzz_workbook(ods, xml)).is_err() {
        return;
    }
    let opts = ReadOptions::default();
    if let Ok(mut reader) = SheetReader::open(&path, &opts) {
        let mut row = Row::new();
        let mut last = reader.header_line();
        while let Ok(true) = reader.read_row(&mut row) {
            assert!(row.line() > last, "line {} after {last}", row.line());
            last = row.line();
            for cell in row.iter() {
                std::hint::black_box(cell);
            }
        }
    }
    let _ = std::fs::remove_file(&path);
});
