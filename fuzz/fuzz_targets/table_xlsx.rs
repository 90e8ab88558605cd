//! The DataStore's XLSX reader (`padu_reports::datatable`, behind the zip-bomb guard): any bytes
//! give a typed table or a refusal, never a panic, and the two passes agree.
#![no_main]

use libfuzzer_sys::fuzz_target;
use padu_reports::datatable::{FileKind, read_table};

fuzz_target!(|data: &[u8]| {
    if let Ok((shape, rows)) = read_table(data, FileKind::Xlsx) {
        assert_eq!(rows.len() as u64, shape.rows);
        assert!(rows.iter().all(|r| r.len() == shape.columns.len()));
    }
});
