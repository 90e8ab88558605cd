//! Planner speed. Budget: under 1 ms per plan.
//!
//! `cargo bench -p padu-core --bench planner`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use padu_core::{Assessment, Catalog, EffortModel, Instrument, PlanOptions, Value, plan};

/// Deterministic levels (xorshift) around a chosen mean: policies lower, services higher, as
/// in published results; then nudged until the index is within 0.01 of `mean`.
fn levels(instrument: &Instrument, seed: u64, mean_hundredths: u32) -> Assessment {
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut values: Vec<u32> = (0..instrument.indicators.len())
        .map(|_| 1 + u32::try_from(next() % 3).unwrap_or(0))
        .collect();
    let index = |values: &[u32]| -> u64 {
        instrument
            .indicators
            .iter()
            .zip(values)
            .map(|(i, l)| u64::from(i.weight.0) * u64::from(*l) * 100)
            .sum::<u64>()
            / 1_000_000
    };
    let mut i = 0usize;
    while index(&values) + 1 < u64::from(mean_hundredths) && i < 10_000 {
        let k = usize::try_from(next() % values.len() as u64).unwrap_or(0);
        values[k] = (values[k] + 1).min(5);
        i += 1;
    }
    while index(&values) > u64::from(mean_hundredths) + 1 && i < 20_000 {
        let k = usize::try_from(next() % values.len() as u64).unwrap_or(0);
        values[k] = values[k].saturating_sub(1).max(1);
        i += 1;
    }
    let values = values.into_iter().map(Value::from_level).collect();
    Assessment::new(instrument, values).expect("valid levels")
}

fn bench(c: &mut Criterion) {
    let catalog = Catalog::builtin().expect("embedded instruments are valid");
    let instrument = catalog
        .instrument("permenpanrb-59-2020")
        .expect("embedded")
        .clone();
    let efforts = EffortModel::from_instrument(&instrument);
    let options = PlanOptions {
        target: Some(Value(260)),
        periods: 2,
        ..PlanOptions::default()
    };

    // Kabupaten Mojokerto's 1.55 (2020) to the national target 2.6.
    let start = levels(&instrument, 1, 155);
    let one = plan(&instrument, &start, &efforts, &options).expect("plans");
    assert!(one.feasible, "1.55 -> 2.6 in two periods is reachable");
    c.bench_function(
        "plan one 47-indicator assessment 1.55 -> 2.6, 2 periods",
        |b| {
            b.iter(|| {
                plan(
                    black_box(&instrument),
                    black_box(&start),
                    &efforts,
                    &options,
                )
            });
        },
    );

    // A province: 38 kabupaten/kota from 1.3 to 3.1, each planned to 2.6 (or as far as it can).
    let province: Vec<Assessment> = (0..38u32)
        .map(|k| levels(&instrument, u64::from(k) + 7, 130 + k * 5))
        .collect();
    let mut group = c.benchmark_group("plan a province (38 kabupaten/kota)");
    group.throughput(Throughput::Elements(38));
    group.bench_function("batch", |b| {
        b.iter(|| {
            let mut effort = 0u64;
            for start in &province {
                let p = plan(&instrument, start, &efforts, &options).expect("plans");
                effort += p.total_effort;
            }
            black_box(effort)
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
