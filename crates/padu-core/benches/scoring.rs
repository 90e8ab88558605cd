//! Scoring speed. Budget: under 1 µs per 47-indicator assessment.
//!
//! `cargo bench -p padu-core --bench scoring`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use padu_core::{Assessment, Catalog, Value, score};

/// Deterministic pseudo-random levels (xorshift), so every run scores the same data.
fn assessments(catalog: &Catalog, id: &str, count: usize) -> Vec<Assessment> {
    let instrument = catalog.instrument(id).expect("embedded");
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..count)
        .map(|_| {
            let values = (0..instrument.indicators.len())
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    Value::from_level(1 + u32::try_from(state % 5).unwrap_or(0))
                })
                .collect();
            Assessment::new(instrument, values).expect("valid")
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let catalog = Catalog::builtin().expect("embedded instruments are valid");
    let id = "permenpanrb-59-2020";
    let instrument = catalog.instrument(id).expect("embedded").clone();

    let one = assessments(&catalog, id, 1).remove(0);
    c.bench_function("score one 47-indicator assessment", |b| {
        b.iter(|| score(black_box(&instrument), black_box(&one)));
    });

    let many = assessments(&catalog, id, 100_000);
    let mut group = c.benchmark_group("score 100,000 assessments");
    group.throughput(Throughput::Elements(100_000));
    group.sample_size(10);
    group.bench_function("batch", |b| {
        b.iter(|| {
            let mut baik = 0usize;
            for a in &many {
                let s = score(&instrument, a);
                baik += usize::from(instrument.predikat_of(s.index) == "Baik");
            }
            black_box(baik)
        });
    });
    group.finish();

    c.bench_function("load and validate the embedded instruments", |b| {
        b.iter(|| Catalog::builtin().expect("valid"));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
