//! The gaps of an Arsitektur SPBE with 2,000 items. Budget for the whole gaps endpoint: under
//! 50 ms; this is the computation alone (gaps, counts, overlaps).
//!
//! `cargo bench -p padu-core --bench arsitektur`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use padu_core::arsitektur::{Domain, GapItem, State, gaps, overlaps, summary};
use serde_json::{Map, Value, json};

/// 2,000 items over 40 OPDs (a third of each domain's processes, services and applications
/// linked), deterministic.
fn architecture() -> (Vec<GapItem>, Vec<(i64, i64)>) {
    let mut items = Vec::new();
    let mut links = Vec::new();
    for id in 0..2000_i64 {
        let domain = Domain::ALL[usize::try_from(id % 6).unwrap_or(0)];
        let fields: Map<String, Value> = match domain {
            Domain::Data if id % 4 == 0 => json!({"produsen": "Dinas", "wali_data": "Diskominfo"}),
            Domain::Aplikasi => json!({"kind": if id % 2 == 0 { "umum" } else { "khusus" }, "last_audit": "2025-06-01"}),
            _ => json!({}),
        }
        .as_object()
        .cloned()
        .unwrap_or_default();
        let state = if id % 5 == 0 {
            State::ToBe
        } else {
            State::AsIs
        };
        let reference = Some(format!("{}.0{}.{:02}", domain.model(), id % 3 + 1, id % 40));
        items.push(GapItem::new(id, id % 40, domain, state, reference, &fields));
        // pb→layanan, layanan→aplikasi, aplikasi→infrastruktur, keamanan
        if id % 6 == 0 && id % 3 == 0 {
            links.push((id, id + 1));
        }
        if id % 6 == 1 {
            links.push((id, id + 2));
        }
        if id % 6 == 3 && id % 2 == 1 {
            links.push((id, id + 1));
            links.push((id, id + 2));
        }
    }
    (items, links)
}

fn bench(c: &mut Criterion) {
    let (items, links) = architecture();
    let today = padu_core::date::parse_iso("2026-12-05").unwrap_or(time::Date::MIN);
    c.bench_function("gaps, counts and overlaps of 2,000 items", |b| {
        b.iter(|| {
            let planned = std::collections::BTreeSet::new();
            let rows = gaps(black_box(&items), black_box(&links), &planned, today);
            let s = summary(&items, &rows);
            let o = overlaps(&items, &links);
            black_box((rows.len(), s.instansi.total(), o.len()))
        });
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
