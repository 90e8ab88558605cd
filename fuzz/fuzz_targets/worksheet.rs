//! The Excel worksheet importer: any bytes compared with a full sample report give a preview or
//! an error (not XLSX, too large, zip bomb), never a panic.
//!
//! With `PADU_FUZZ_SEEDS` set to a directory, the sample's own export is written there first
//! (`fuzz/run` passes the corpus directory, so the fuzzer starts from a real worksheet).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use padu_core::Catalog;
use padu_reports::PeriodReport;
use padu_reports::sample::sample_report;

struct Current {
    report: PeriodReport,
    opds: Vec<String>,
}

fn current() -> &'static Current {
    static CURRENT: OnceLock<Current> = OnceLock::new();
    CURRENT.get_or_init(|| {
        let catalog = Catalog::builtin().expect("the embedded catalog is valid");
        let instrument = catalog
            .instrument("permenpanrb-8-2026")
            .expect("8/2026 is embedded")
            .clone();
        let report = sample_report(instrument, 2026);
        let mut opds: Vec<String> = report
            .indicators
            .iter()
            .flat_map(|r| r.lead_opd.iter().chain(&r.contributors).cloned())
            .collect();
        opds.sort();
        opds.dedup();
        Current { report, opds }
    })
}

fuzz_target!(
    init: {
        if let Some(dir) = std::env::var_os("PADU_FUZZ_SEEDS") {
            let bytes = padu_reports::worksheet_xlsx(&current().report).expect("the export");
            std::fs::write(std::path::Path::new(&dir).join("export.xlsx"), bytes)
                .expect("write the seed");
        }
    },
    |data: &[u8]| {
    let current = current();
    if let Ok(preview) = padu_reports::preview_worksheet(&current.report, &current.opds, data) {
        for problem in &preview.problems {
            let _ = problem.to_string();
        }
    }
});
