//! The instrument catalog: any TOML text, as an extra instrument, a replacement of an embedded
//! file, a crosswalk, the OPD kinds or a reference model (replacing the shipped RAB), must give a catalog or a list of problems, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use padu_core::{Catalog, Source};

const NAMES: [&str; 6] = [
    "extra/fuzz.toml",
    "extra/permenpanrb-8-2026.toml",
    "extra/permenpanrb-59-2020.toml",
    "extra/crosswalk-fuzz.toml",
    "extra/opd-kinds.toml",
    "extra/model-referensi-rab-2099.toml",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let name = NAMES[usize::from(pick) % NAMES.len()];
    if let Err(problems) = Catalog::with_extra(vec![Source::new(name, text)]) {
        // Problems are for people: they must render.
        let _ = problems.to_string();
    }
});
