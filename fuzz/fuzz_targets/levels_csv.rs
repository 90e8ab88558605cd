//! The levels CSV importer (`padu score`, `padu plan`): any text under any instrument gives an
//! assessment or problems, never a panic.
#![no_main]

use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use padu_core::{Catalog, Instrument, parse_levels_csv, score};

fn instruments() -> &'static [Arc<Instrument>] {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG
        .get_or_init(|| Catalog::builtin().expect("the embedded catalog is valid"))
        .instruments()
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let all = instruments();
    let instrument = &all[usize::from(pick) % all.len()];
    match parse_levels_csv(instrument, &text) {
        // What the importer accepts, the scoring must take.
        Ok(assessment) => {
            let _ = score(instrument, &assessment);
        }
        Err(problems) => {
            let _ = problems.to_string();
        }
    }
});
