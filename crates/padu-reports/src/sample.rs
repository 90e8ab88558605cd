//! A complete, realistic report for tests, benchmarks and previews: every indicator filled, with
//! evidence, a trend across instruments and an action plan; and an overview of a province's (or
//! the country's) members. Deterministic.

use std::sync::Arc;

use padu_core::evaluation::{PeriodKind, Status};
use padu_core::{Exact, Instrument, Value};

use crate::format;
use crate::model::{ActionRow, EvidenceRow, IndicatorRow, PeriodReport, TrendEntry};
use crate::overview::{Figure, OverviewBand, OverviewSheet, OverviewSheetRow};

const OPDS: [&str; 6] = [
    "Dinas Komunikasi dan Informatika",
    "Badan Perencanaan Pembangunan Daerah",
    "Sekretariat Daerah",
    "Inspektorat Daerah",
    "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
];

/// A report of Kabupaten Trenggalek for `year` under `instrument`, every indicator filled.
pub fn sample_report(instrument: Arc<Instrument>, year: i32) -> PeriodReport {
    let rule = instrument.values;
    let span = rule.max.0 - rule.min.0;
    let value_at = |n: u16, shift: u32| {
        // a spread of values across the scale, whole levels on whole-level instruments
        let raw = rule.min.0 + (u32::from(n) * 37 + shift * 53) % (span + 1);
        let step = 10u32.pow(2 - u32::from(rule.decimals.min(2)));
        Value(raw - raw % step)
    };
    let indicators = instrument
        .indicators
        .iter()
        .map(|ind| {
            let n = ind.number;
            let self_value = value_at(n, 2);
            let accepted = Value(self_value.0.saturating_sub(100).max(rule.min.0));
            let level = self_value.floor_level().max(1);
            IndicatorRow {
                number: n,
                lead_opd: Some(OPDS[usize::from(n) % OPDS.len()].to_string()),
                contributors: vec![OPDS[(usize::from(n) + 1) % OPDS.len()].to_string()],
                status: match n % 4 {
                    0 => Status::Draft,
                    1 => Status::Submitted,
                    2 => Status::Returned,
                    _ => Status::Accepted,
                },
                self_value: Some(self_value),
                accepted_value: (n % 4 == 3).then_some(accepted),
                final_value: (n % 5 == 0).then_some(accepted),
                fakta: format!(
                    "Indikator {n} ({}) telah didukung dokumen yang ditetapkan oleh Bupati \
                     Trenggalek dan diterapkan pada seluruh Perangkat Daerah terkait.",
                    ind.name
                ),
                analisis: format!(
                    "Berdasarkan bukti dukung, indikator {n} memenuhi kriteria tingkat {level}; \
                     reviu berkala belum dilaksanakan sehingga tingkat berikutnya belum tercapai."
                ),
                external_source: ind
                    .external_index
                    .as_ref()
                    .map(|source| format!("{source} (publikasi resmi)")),
                external_date: ind.external_index.as_ref().map(|_| format!("{year}-09-30")),
                evidence: (1..=level)
                    .map(|l| EvidenceRow {
                        name: format!(
                            "Peraturan Bupati Trenggalek tentang Indikator {n} Tingkat {l}.pdf"
                        ),
                        level: l,
                        sha256: Some(format!("{:064x}", u64::from(n) * 1000 + u64::from(l))),
                        url: None,
                        effective_date: Some(format!("{}-0{}-1{}", year - 1, 1 + l % 9, l % 10)),
                        expiry_date: (l == 1).then(|| format!("{}-12-31", year + 1)),
                        review: if n % 4 == 3 {
                            "Diterima"
                        } else {
                            "Belum direviu"
                        }
                        .to_string(),
                    })
                    .collect(),
            }
        })
        .collect();
    let actions = instrument
        .indicators
        .iter()
        .filter(|ind| ind.number % 6 == 1)
        .enumerate()
        .map(|(i, ind)| {
            let from = value_at(ind.number, 2);
            ActionRow {
                number: ind.number,
                from,
                to: Value((from.0 + 100).min(rule.max.0)),
                lead_opd: Some(OPDS[i % OPDS.len()].to_string()),
                semester: 1 + u32::try_from(i % 2).unwrap_or(0),
                due_date: format!(
                    "{}-{}",
                    year + 1,
                    if i % 2 == 0 { "06-30" } else { "12-31" }
                ),
                effort_days: 20 + 5 * i as u64,
                evidence_needed: format!("Dokumen reviu berkala indikator {}", ind.number),
                status: ["Rencana", "Berjalan", "Selesai", "Batal"][i % 4].to_string(),
            }
        })
        .collect();
    let trend = (0..4)
        .map(|i| TrendEntry {
            label: (year - 3 + i).to_string(),
            index: Exact::new(155 + 40 * u128::from(i as u32), 100),
            instrument: instrument.id.clone(),
            current: i == 3,
        })
        .collect();
    PeriodReport {
        instrument,
        instansi_name: "Pemerintah Kabupaten Trenggalek".to_string(),
        period_id: 1,
        year,
        kind: PeriodKind::Evaluasi,
        target: Some(Value(260)),
        generated_on: format!("{year}-11-22"),
        indicators,
        trend,
        actions,
        demo: false,
    }
}

/// Kabupaten/kota of a sample province: name, kind, and whether it has an evaluation.
const MEMBERS: [(&str, &str, bool); 9] = [
    ("Kabupaten Banyuwangi", "Kabupaten", true),
    ("Kabupaten Malang", "Kabupaten", true),
    ("Kabupaten Pasuruan", "Kabupaten", true),
    ("Kabupaten Sampang", "Kabupaten", false),
    ("Kabupaten Sidoarjo", "Kabupaten", true),
    ("Kabupaten Trenggalek", "Kabupaten", true),
    ("Kota Madiun", "Kota", true),
    ("Kota Mojokerto", "Kota", true),
    ("Kota Surabaya", "Kota", true),
];

/// An overview for `year` under `instrument`: Provinsi Jawa Timur's kabupaten/kota, or
/// (`national`) two provinces, each followed by its members. Deterministic; one member has no
/// evaluation, the others spread over the predikat bands.
pub fn sample_overview(instrument: &Instrument, year: i32, national: bool) -> OverviewSheet {
    let inst = instrument;
    let max = u128::from(inst.values.max.0);
    let min = u128::from(inst.values.min.0).max(100);
    // an index between the floor and the top of the scale, in hundredths
    let hundredths = |n: u128| min + (n * 61) % (max - min + 1);
    let at = |n: u128| Exact::new(hundredths(n), 100);
    let figure = |e: Exact| Figure::new(e.to_f64(), format::index(inst, e));
    let difference = |a: Exact, b: Exact| {
        Figure::new(a.to_f64() - b.to_f64(), format::signed(inst, a, b, ',').0)
    };
    let basis = ["Final", "Diterima", "Mandiri"];
    let member = |n: usize, name: &str, kind: &str, evaluated: bool, province: &str| {
        let k = u128::try_from(n).unwrap_or(0);
        let mut row = OverviewSheetRow {
            name: name.to_string(),
            kind: kind.to_string(),
            province: province.to_string(),
            ..OverviewSheetRow::default()
        };
        if !evaluated {
            return row;
        }
        let index = at(k * 3 + 1);
        let previous = at(k * 3 + 2);
        // the next tenth but one above the index, within the scale
        let target = Exact::new((hundredths(k * 3 + 1) / 10 * 10 + 20).min(max), 100);
        row.instrument = inst.short_name.clone();
        row.index = Some(figure(index));
        row.basis = basis[n % 3].to_string();
        row.predikat = inst.predikat_of(index).to_string();
        row.previous = (!n.is_multiple_of(4)).then(|| figure(previous));
        row.change = (!n.is_multiple_of(4)).then(|| difference(index, previous));
        row.target = Some(figure(target));
        row.gap = Some(difference(index, target));
        row.indicators = inst.indicators.len();
        row.submitted = (n * 7) % (row.indicators + 1);
        row.accepted = row.submitted / 2;
        row.final_ = if n.is_multiple_of(3) { row.accepted } else { 0 };
        row.late_opd = n % 5;
        row.aspects = (0..inst.aspects.len())
            .map(|a| figure(at(k * 5 + u128::try_from(a).unwrap_or(0) * 7)))
            .collect();
        row
    };
    let jatim = "Provinsi Jawa Timur";
    let mut rows = Vec::new();
    if national {
        let jateng = "Provinsi Jawa Tengah";
        rows.push(member(20, jateng, "Provinsi", true, ""));
        rows.push(member(21, "Kabupaten Kudus", "Kabupaten", true, jateng));
        rows.push(member(22, "Kota Semarang", "Kota", true, jateng));
        rows.push(member(23, jatim, "Provinsi", true, ""));
    }
    let province = if national { jatim } else { "" };
    for (n, (name, kind, evaluated)) in MEMBERS.iter().enumerate() {
        rows.push(member(n, name, kind, *evaluated, province));
    }
    let distribution = inst
        .predikat
        .iter()
        .map(|band| OverviewBand {
            predikat: band.name.clone(),
            count: rows.iter().filter(|r| r.predikat == band.name).count(),
        })
        .collect();
    let with: Vec<&OverviewSheetRow> = rows.iter().filter(|r| !r.aspects.is_empty()).collect();
    let aspect_averages = (0..inst.aspects.len())
        .map(|a| {
            let mean = with.iter().map(|r| r.aspects[a].value).sum::<f64>() / with.len() as f64;
            Figure::new(mean, format!("{mean:.2}").replace('.', ","))
        })
        .collect();
    let name = if national { "Nasional" } else { jatim };
    OverviewSheet {
        title: format!("Ikhtisar {name} {year}"),
        instansi: name.to_string(),
        year,
        national,
        note: String::new(),
        generated_on: format!("{year}-11-22"),
        aspect_instrument: inst.short_name.clone(),
        aspects: inst.aspects.iter().map(|a| a.name.clone()).collect(),
        distribution,
        aspect_averages,
        rows,
    }
}
