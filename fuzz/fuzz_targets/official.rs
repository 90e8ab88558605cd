//! The ministry's official result importer (XLSX or CSV): any bytes give a result, problems or
//! an error, never a panic.
#![no_main]

use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use padu_core::{Catalog, Instrument};

fn instruments() -> &'static [Arc<Instrument>] {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG
        .get_or_init(|| Catalog::builtin().expect("the embedded catalog is valid"))
        .instruments()
}

fuzz_target!(|data: &[u8]| {
    // The first byte picks the instrument, unless the input is an XLSX file as it is.
    let all = instruments();
    let (instrument, bytes) = match data.split_first() {
        Some((&pick, rest)) if !data.starts_with(b"PK") => {
            (&all[usize::from(pick) % all.len()], rest)
        }
        _ => (all.last().expect("instruments"), data),
    };
    let _ = padu_reports::parse_official(instrument, bytes);
});
