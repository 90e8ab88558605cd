//! The DataStore's CSV reader (`padu_reports::datatable`): any bytes give a typed table with its
//! problems or a refusal, never a panic, and the two passes agree (every typed row has one cell
//! per column; as many rows as the first pass counted).
#![no_main]

use libfuzzer_sys::fuzz_target;
use padu_reports::datatable::{FileKind, read_table};

fuzz_target!(|data: &[u8]| {
    if let Ok((shape, rows)) = read_table(data, FileKind::Csv) {
        assert_eq!(rows.len() as u64, shape.rows);
        assert!(rows.iter().all(|r| r.len() == shape.columns.len()));
        for p in &shape.problems {
            let _ = p.message.len();
        }
    }
});
