//! Test helpers: instruments and sample reports; the workbook editor is in `book.rs`.

use std::sync::Arc;

use padu_core::{Catalog, Instrument};
use padu_reports::PeriodReport;
use padu_reports::sample::sample_report;

pub const OLD: &str = "permenpanrb-59-2020";
pub const NEW: &str = "permenpanrb-8-2026";

pub fn instrument(id: &str) -> Arc<Instrument> {
    Catalog::builtin()
        .expect("builtin catalog")
        .instrument(id)
        .expect("instrument")
        .clone()
}

pub fn report(id: &str) -> PeriodReport {
    sample_report(instrument(id), 2026)
}

/// Every OPD named in the sample, plus one more that nobody uses yet.
pub fn opds(report: &PeriodReport) -> Vec<String> {
    let mut names: Vec<String> = report
        .indicators
        .iter()
        .flat_map(|r| r.lead_opd.iter().chain(r.contributors.iter()).cloned())
        .collect();
    names.push("Dinas Kesehatan".to_string());
    names.sort();
    names.dedup();
    names
}

/// The Excel row of indicator `n` on the `Lembar Kerja` sheet.
pub fn row(n: u16) -> u32 {
    u32::from(n) + 1
}

pub use crate::book::Book;
