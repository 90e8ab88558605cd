//! Excel speed. Budget: the 47-indicator worksheet exported in under 200 ms; its upload
//! previewed (zip checks, parsing, comparison) in about the same.
//!
//! `cargo bench -p padu-reports --bench xlsx`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use padu_core::Catalog;
use padu_reports::sample::sample_report;
use padu_reports::{action_plan_xlsx, parse_official, preview_worksheet, worksheet_xlsx};

fn bench(c: &mut Criterion) {
    let catalog = Catalog::builtin().expect("embedded instruments are valid");
    let instrument = catalog
        .instrument("permenpanrb-59-2020")
        .expect("embedded")
        .clone();
    let report = sample_report(instrument.clone(), 2026);
    let opds: Vec<String> = report
        .indicators
        .iter()
        .filter_map(|r| r.lead_opd.clone())
        .collect();

    c.bench_function("worksheet export, 47 indicators", |b| {
        b.iter(|| worksheet_xlsx(black_box(&report)).expect("export"));
    });

    let bytes = worksheet_xlsx(&report).expect("export");
    c.bench_function("worksheet import preview, 47 indicators", |b| {
        b.iter(|| preview_worksheet(black_box(&report), &opds, black_box(&bytes)).expect("ok"));
    });

    c.bench_function("action plan export", |b| {
        b.iter(|| action_plan_xlsx(black_box(&report)).expect("export"));
    });

    let mut csv = String::from("No;Nilai;Catatan\n");
    for ind in &instrument.indicators {
        csv.push_str(&format!("{};3;Catatan asesor\n", ind.number));
    }
    c.bench_function("official result from CSV, 47 indicators", |b| {
        b.iter(|| parse_official(black_box(&instrument), black_box(csv.as_bytes())).expect("ok"));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
