//! A synthetic Peta Rencana document of `n` items across a dozen OPDs, for the PDF tests and
//! the timing of a large roadmap's document. Labelled demo.

use std::collections::BTreeMap;

use padu_core::peta_rencana::{IndicatorTarget, ItemDetails, ItemStatus, Realisation};

use super::{RoadmapDocItem, RoadmapDocument, RoadmapIkuRow};
use crate::DEMO_NOTE;

const OPDS: [&str; 12] = [
    "Dinas Komunikasi dan Informatika",
    "Badan Perencanaan Pembangunan Daerah",
    "Dinas Kesehatan, Pengendalian Penduduk dan KB",
    "RSUD dr. Soedomo",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Penanaman Modal dan PTSP",
    "Badan Kepegawaian dan Pengembangan SDM",
    "Badan Pengelolaan Keuangan dan Aset Daerah",
    "Badan Pendapatan Daerah",
    "Dinas Pemberdayaan Masyarakat dan Desa",
    "Inspektorat",
    "Sekretariat Daerah",
];

const WORKS: [&str; 8] = [
    "Pusat data daerah",
    "Integrasi layanan",
    "Aplikasi umum",
    "Satu Data",
    "Keamanan informasi",
    "Manajemen risiko SPBE",
    "Layanan publik terintegrasi",
    "Kompetensi SDM TIK",
];

/// A roadmap 2025-2029 of `n` items, the first half of them reported for 2025.
pub fn sample_roadmap(n: usize) -> RoadmapDocument {
    let statuses = [
        ItemStatus::Selesai,
        ItemStatus::Berjalan,
        ItemStatus::Berjalan,
        ItemStatus::BelumMulai,
        ItemStatus::Tertunda,
    ];
    let mut items: Vec<RoadmapDocItem> = (0..n)
        .map(|i| {
            let start = 2025 + i32::try_from(i % 3).unwrap_or(0);
            let years: Vec<i32> = (start..=(start + 2).min(2029)).collect();
            let amount = 50_000_000 + 25_000_000 * i64::try_from(i % 7).unwrap_or(0);
            let budget: BTreeMap<i32, i64> = years.iter().map(|y| (*y, amount)).collect();
            let targets = years
                .iter()
                .enumerate()
                .map(|(k, y)| (*y, format!("{}% terlaksana", (k + 1) * 100 / years.len())))
                .collect();
            let number = u16::try_from(i % 30 + 1).unwrap_or(1);
            let realisation = if i % 2 == 0 {
                vec![Realisation {
                    year: 2025,
                    semester: 2,
                    value: "50%".into(),
                    note: None,
                    reported_by: "operator.diskominfo".into(),
                    reported_at_ms: 0,
                }]
            } else {
                Vec::new()
            };
            RoadmapDocItem {
                opd: OPDS[i % OPDS.len()].to_string(),
                title: format!("{} tahap {}", WORKS[i % WORKS.len()], i / WORKS.len() + 1),
                status: statuses[i % statuses.len()],
                details: ItemDetails {
                    need: Some("Layanan belum terintegrasi antar-OPD".into()),
                    years,
                    targets,
                    baseline: Some("Belum tersedia".into()),
                    program_code: Some(format!("2.16.03.1.{:02}", i % 20 + 1)),
                    budget,
                    indicators: vec![IndicatorTarget {
                        instrument: "permenpanrb-8-2026".into(),
                        number,
                        level: 4,
                    }],
                    realisation,
                    ..ItemDetails::default()
                },
                indicators: vec![format!("Indikator {number} → tingkat 4")],
            }
        })
        .collect();
    items.sort_by(|a, b| (&a.opd, &a.title).cmp(&(&b.opd, &b.title)));
    RoadmapDocument {
        id: 1,
        title: "Peta Rencana SPBE Kabupaten Trenggalek 2025-2029".into(),
        instansi: "Kabupaten Trenggalek".into(),
        start_year: 2025,
        end_year: 2029,
        version: 1,
        status: "Ditetapkan".into(),
        decree_number: Some("Peraturan Bupati Trenggalek Nomor 17 Tahun 2025 (data demo)".into()),
        decree_date: Some("2025-03-17".into()),
        review: None,
        basis: vec![
            "Peta Rencana SPBE Nasional".into(),
            "Arsitektur SPBE Pemerintah Daerah".into(),
            "RPJMD".into(),
            "Renstra Perangkat Daerah".into(),
        ],
        note: Some(DEMO_NOTE.into()),
        generated_on: "2026-12-07".into(),
        items,
        iku: (2025..=2029)
            .zip(["2,30", "2,55", "2,80", "3,00", "3,25"])
            .map(|(y, target)| RoadmapIkuRow {
                year: y,
                target: target.into(),
                realised: if y <= 2026 {
                    "2,41".into()
                } else {
                    "—".into()
                },
                gap: if y <= 2026 {
                    "0,00".into()
                } else {
                    "—".into()
                },
            })
            .collect(),
    }
}
