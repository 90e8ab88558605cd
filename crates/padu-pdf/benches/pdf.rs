//! PDF speed and memory. Budget: a full period report under 1 s.
//!
//! `cargo bench -p padu-pdf --bench pdf`
//!
//! Before the timed runs, each document is made once with the allocator counting, and its peak
//! heap is printed (the first is the coldest case: the first report after the server starts,
//! fonts parsed lazily on first use). "cold" runs clear typst's memoised results before each
//! render (a report unlike the last ones); "warm" runs render the same report again.

use std::hint::black_box;
use std::io::Write as _;
use std::sync::Arc;
use std::time::Instant;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use padu_core::Catalog;
use padu_pdf::TypstRenderer;
use padu_reports::sample::sample_report;
use padu_reports::{PdfRenderer, PeriodReport};
use peak_alloc::PeakAlloc;

#[global_allocator]
static PEAK: PeakAlloc = PeakAlloc;

fn report(id: &str, year: i32) -> PeriodReport {
    let catalog = Catalog::builtin().expect("the built-in catalog");
    sample_report(
        Arc::clone(catalog.instrument(id).expect("an instrument")),
        year,
    )
}

fn peak(label: &str, renderer: &TypstRenderer, make: impl Fn(&TypstRenderer) -> Vec<u8>) {
    let base = PEAK.current_usage_as_mb();
    PEAK.reset_peak_usage();
    let start = Instant::now();
    let pdf = make(renderer);
    let took = start.elapsed();
    let _ = writeln!(
        std::io::stderr(),
        "{label}: {} KiB PDF, first render {took:.0?}, peak heap {:.1} MiB ({:.1} MiB before)",
        pdf.len() / 1024,
        PEAK.peak_usage_as_mb(),
        base
    );
}

fn pdf(c: &mut Criterion) {
    let before = PEAK.current_usage_as_mb();
    let renderer = TypstRenderer::new().expect("the renderer");
    let _ = writeln!(
        std::io::stderr(),
        "renderer: {:.1} MiB heap after construction",
        PEAK.current_usage_as_mb() - before
    );
    let r59 = report("permenpanrb-59-2020", 2025);
    let r8 = report("permenpanrb-8-2026", 2026);
    peak("59/2020 report", &renderer, |r| {
        r.period_report(&r59).expect("a PDF")
    });
    peak("8/2026 report", &renderer, |r| {
        r.period_report(&r8).expect("a PDF")
    });
    peak("59/2020 action plan", &renderer, |r| {
        r.action_plan(&r59).expect("a PDF")
    });

    let mut group = c.benchmark_group("pdf");
    group.sample_size(10);
    // cold: nothing memoised from an earlier render (a report unlike the last ones)
    group.bench_function("cold report 59/2020 (47 indicators)", |b| {
        b.iter_batched(
            padu_pdf::clear_caches,
            |()| renderer.period_report(black_box(&r59)).expect("a PDF"),
            BatchSize::PerIteration,
        );
    });
    group.bench_function("cold report 8/2026 (20 indicators)", |b| {
        b.iter_batched(
            padu_pdf::clear_caches,
            |()| renderer.period_report(black_box(&r8)).expect("a PDF"),
            BatchSize::PerIteration,
        );
    });
    group.bench_function("cold action plan 59/2020", |b| {
        b.iter_batched(
            padu_pdf::clear_caches,
            |()| renderer.action_plan(black_box(&r59)).expect("a PDF"),
            BatchSize::PerIteration,
        );
    });
    // warm: the same report again (typst reuses what it memoised)
    group.bench_function("report 59/2020 (47 indicators)", |b| {
        b.iter(|| renderer.period_report(black_box(&r59)).expect("a PDF"));
    });
    group.bench_function("report 8/2026 (20 indicators)", |b| {
        b.iter(|| renderer.period_report(black_box(&r8)).expect("a PDF"));
    });
    group.bench_function("action plan 59/2020", |b| {
        b.iter(|| renderer.action_plan(black_box(&r59)).expect("a PDF"));
    });
    group.finish();
}

criterion_group!(benches, pdf);
criterion_main!(benches);
