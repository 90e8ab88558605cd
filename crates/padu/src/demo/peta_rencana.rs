//! Kabupaten Trenggalek's Peta Rencana SPBE 2025-2029 in the demo, entered through the same
//! padu-app use cases as the pages: the admin instansi drafts it on the RPJMD, the Renstra, the
//! national roadmap and the architecture, enters about thirty items across the OPDs (budgets
//! per year, targets, the PermenPAN-RB 8/2026 indicators they raise, links to the demo
//! architecture's items), enacts it with a Peraturan Bupati labelled as demo data, and the OPDs
//! report their realisation for both semesters of 2025 and the first of 2026: half-way (a few
//! have not reported the first semester of 2026 yet, one is delayed: the monitoring's late
//! list). Before it is enacted the 2026 plan's action items are threaded through it, and the
//! RPJMD's index targets are set (`peta_rencana_thread`).

use std::collections::{BTreeMap, HashMap};

use anyhow::{Result, anyhow};
use padu_app::peta_rencana::items::{self, ItemInput, RealisationInput};
use padu_app::peta_rencana::roadmaps::{self, Decree, RoadmapInput};
use padu_app::{App, Caller};
use padu_core::peta_rencana::IndicatorTarget;
use padu_store::arsitektur::ItemFilter;

use super::MAIN;

/// The instrument the items' indicators belong to.
const INSTRUMENT: &str = "permenpanrb-8-2026";

/// One item: OPD kind, title, first and last year, budget per year in millions of rupiah
/// (from the first year), the 8/2026 indicator and level it raises, the architecture item it
/// answers (by name), the programme code and the status now.
type Row = (
    &'static str,
    &'static str,
    i32,
    i32,
    &'static [i64],
    (u16, u32),
    Option<&'static str>,
    &'static str,
    &'static str,
);

const ITEMS: &[Row] = &[
    (
        "diskominfo",
        "Penyusunan dan penetapan Arsitektur SPBE Kabupaten",
        2025,
        2025,
        &[250],
        (1, 4),
        None,
        "2.16.03.1.01",
        "selesai",
    ),
    (
        "diskominfo",
        "Pembentukan dan penguatan Tim Koordinasi SPBE",
        2025,
        2026,
        &[60, 60],
        (1, 3),
        None,
        "2.16.03.1.01",
        "berjalan",
    ),
    (
        "diskominfo",
        "Pusat data daerah terintegrasi dengan Pusat Data Nasional",
        2025,
        2027,
        &[1200, 900, 400],
        (14, 4),
        Some("Layanan Pusat Data Nasional"),
        "2.16.03.1.02",
        "berjalan",
    ),
    (
        "diskominfo",
        "Portal layanan digital terpadu Trenggalek",
        2025,
        2027,
        &[450, 350, 200],
        (17, 4),
        Some("Portal Layanan Digital Terpadu"),
        "2.16.03.1.03",
        "berjalan",
    ),
    (
        "diskominfo",
        "Sistem penghubung layanan dan integrasi aplikasi",
        2026,
        2028,
        &[500, 400, 300],
        (16, 4),
        None,
        "2.16.03.1.03",
        "belum_mulai",
    ),
    (
        "diskominfo",
        "Tim tanggap insiden siber (CSIRT) kabupaten",
        2025,
        2026,
        &[150, 120],
        (12, 3),
        None,
        "2.21.02.1.01",
        "berjalan",
    ),
    (
        "diskominfo",
        "Penerapan sertifikat elektronik dan kriptografi",
        2025,
        2026,
        &[180, 100],
        (11, 4),
        None,
        "2.21.02.1.02",
        "berjalan",
    ),
    (
        "diskominfo",
        "Audit keamanan aplikasi dan infrastruktur",
        2026,
        2029,
        &[200, 200, 220, 240],
        (9, 3),
        None,
        "2.21.02.1.03",
        "belum_mulai",
    ),
    (
        "diskominfo",
        "Portal Satu Data Trenggalek dan katalog data",
        2025,
        2027,
        &[220, 180, 150],
        (5, 4),
        Some("Portal Satu Data Trenggalek"),
        "2.16.02.1.01",
        "berjalan",
    ),
    (
        "diskominfo",
        "Layanan bantuan pengguna (helpdesk) terpadu",
        2026,
        2027,
        &[90, 90],
        (19, 3),
        None,
        "2.16.03.1.03",
        "belum_mulai",
    ),
    (
        "diskominfo",
        "Survei kepuasan pengguna layanan digital",
        2026,
        2029,
        &[40, 40, 45, 45],
        (20, 3),
        None,
        "2.16.03.1.03",
        "belum_mulai",
    ),
    (
        "bappeda",
        "Sistem informasi perencanaan pembangunan terpadu",
        2025,
        2026,
        &[350, 200],
        (15, 4),
        None,
        "5.01.02.1.01",
        "berjalan",
    ),
    (
        "bappeda",
        "Penyelarasan indikator SPBE dalam RPJMD dan Renstra",
        2025,
        2025,
        &[75],
        (1, 3),
        None,
        "5.01.02.1.02",
        "selesai",
    ),
    (
        "bappeda",
        "Pengelolaan data statistik sektoral",
        2025,
        2027,
        &[120, 120, 100],
        (7, 3),
        None,
        "5.01.03.1.01",
        "berjalan",
    ),
    (
        "bappeda",
        "Infrastruktur data geospasial daerah",
        2026,
        2028,
        &[300, 250, 200],
        (6, 3),
        None,
        "5.01.03.1.02",
        "tertunda",
    ),
    (
        "dinas-kesehatan",
        "Integrasi rekam medis elektronik Puskesmas",
        2025,
        2027,
        &[600, 500, 300],
        (13, 4),
        Some("SIMPUS Puskesmas"),
        "1.02.02.1.01",
        "berjalan",
    ),
    (
        "dinas-kesehatan",
        "Interoperabilitas data kesehatan dengan SATUSEHAT",
        2026,
        2027,
        &[250, 150],
        (18, 3),
        None,
        "1.02.02.1.02",
        "belum_mulai",
    ),
    (
        "rsud",
        "Pengembangan SIMRS terintegrasi",
        2025,
        2026,
        &[800, 400],
        (13, 4),
        Some("SIMRS dr. Soedomo"),
        "1.02.02.1.03",
        "berjalan",
    ),
    (
        "disdukcapil",
        "Layanan adminduk daring",
        2025,
        2026,
        &[200, 150],
        (17, 4),
        Some("Layanan Dukcapil Online Trenggalek"),
        "2.12.02.1.01",
        "berjalan",
    ),
    (
        "disdukcapil",
        "Pemanfaatan data kependudukan oleh perangkat daerah",
        2026,
        2027,
        &[100, 80],
        (18, 4),
        None,
        "2.12.02.1.02",
        "belum_mulai",
    ),
    (
        "dpmptsp",
        "Perizinan berusaha terintegrasi OSS dan layanan daerah",
        2025,
        2026,
        &[250, 150],
        (16, 3),
        None,
        "2.18.02.1.01",
        "berjalan",
    ),
    (
        "dpmptsp",
        "Mal pelayanan publik digital",
        2027,
        2029,
        &[400, 300, 200],
        (17, 4),
        None,
        "2.18.02.1.02",
        "belum_mulai",
    ),
    (
        "bkpsdm",
        "Pengembangan SIMPEG dan integrasi SIASN",
        2025,
        2026,
        &[180, 120],
        (13, 3),
        Some("SIMPEG Trenggalek"),
        "5.04.02.1.01",
        "berjalan",
    ),
    (
        "bkpsdm",
        "Peningkatan kompetensi digital ASN",
        2025,
        2029,
        &[150, 150, 150, 150, 150],
        (3, 4),
        None,
        "5.04.03.1.01",
        "berjalan",
    ),
    (
        "bpkad",
        "Integrasi pengelolaan keuangan daerah (SIPD)",
        2025,
        2026,
        &[220, 150],
        (15, 3),
        None,
        "5.02.02.1.01",
        "berjalan",
    ),
    (
        "bapenda",
        "Pajak daerah daring dan pembayaran nontunai",
        2025,
        2027,
        &[300, 200, 150],
        (13, 3),
        Some("E-Pajak Trenggalek"),
        "5.03.02.1.01",
        "berjalan",
    ),
    (
        "dinas-pmd",
        "Sistem informasi desa terpadu",
        2026,
        2028,
        &[350, 300, 250],
        (13, 3),
        Some("Sistem Informasi Desa Terpadu"),
        "2.13.02.1.01",
        "belum_mulai",
    ),
    (
        "dinas-pmd",
        "Pelayanan administrasi desa daring",
        2027,
        2029,
        &[200, 200, 150],
        (17, 3),
        Some("Pelayanan administrasi desa daring"),
        "2.13.02.1.02",
        "belum_mulai",
    ),
    (
        "inspektorat",
        "Pengawasan dan reviu pelaksanaan SPBE",
        2025,
        2029,
        &[50, 50, 50, 50, 50],
        (1, 3),
        None,
        "6.01.02.1.01",
        "berjalan",
    ),
    (
        "dinas-perpustakaan-kearsipan",
        "Arsip dinamis elektronik (SRIKANDI)",
        2025,
        2026,
        &[120, 80],
        (13, 3),
        None,
        "2.24.02.1.01",
        "tertunda",
    ),
    (
        "bagian-organisasi",
        "Kolaborasi layanan digital dengan instansi pusat",
        2026,
        2028,
        &[60, 60, 60],
        (4, 3),
        None,
        "4.01.02.1.01",
        "belum_mulai",
    ),
];

/// The report of semester `semester` of `year` for an item running `first..=last` now in
/// `status`: the share done, growing evenly over its semesters.
fn progress(
    first: i32,
    last: i32,
    status: &str,
    year: i32,
    semester: u8,
) -> (String, &'static str) {
    let total = (last - first + 1) * 2;
    let done = (year - first) * 2 + i32::from(semester);
    let share = (done * 100 / total.max(1)).clamp(0, 100);
    let share = match status {
        "tertunda" => share / 2,
        "selesai" if year == last && semester == 2 => 100,
        _ => share,
    };
    let note = match status {
        "tertunda" => "Terlambat: menunggu penyesuaian anggaran (data demo)",
        _ if share >= 100 => "Selesai sesuai target (data demo)",
        _ => "Sesuai jadwal (data demo)",
    };
    (format!("{share}%"), note)
}

/// Whether the `n`-th item is one whose OPD is late with the first semester of 2026.
fn late(n: usize) -> bool {
    n % 9 == 4
}

/// Drafts, fills, enacts and reports the demo's roadmap; returns how many items.
pub async fn seed(app: &App) -> Result<usize> {
    let fail = |e: padu_app::AppError| anyhow!(e.message());
    let inst = app
        .store
        .instansi_by_name(MAIN)
        .await?
        .ok_or_else(|| anyhow!("{MAIN} tidak ada"))?;
    let opds = app.store.opds_of(inst.id).await?;
    let admin = padu_app::users::acting_as(app, "admin.trenggalek")
        .await
        .map_err(fail)?;
    let mut operators: HashMap<i64, Caller> = HashMap::new();
    for username in ["operator.diskominfo", "operator.bappeda"] {
        let op = padu_app::users::acting_as(app, username)
            .await
            .map_err(fail)?;
        if let Some(opd) = op.user.opd_id {
            operators.insert(opd, op);
        }
    }
    let architecture = app
        .store
        .architecture_items(inst.id, &ItemFilter::default())
        .await?;
    let roadmap = roadmaps::create(
        app,
        &admin,
        inst.id,
        &RoadmapInput {
            title: Some("Peta Rencana SPBE Kabupaten Trenggalek 2025-2029".into()),
            start_year: Some(2025),
            end_year: Some(2029),
            basis: Some(
                ["peta_rencana_nasional", "arsitektur", "rpjmd", "renstra"]
                    .map(String::from)
                    .to_vec(),
            ),
            report_days: Some(14),
        },
    )
    .await
    .map_err(fail)?;
    let mut made = Vec::new();
    for (kind, title, first, last, budget, (number, level), gap, code, status) in ITEMS {
        let opd = opds
            .iter()
            .find(|o| o.kind == *kind)
            .ok_or_else(|| anyhow!("OPD {kind} tidak ada"))?;
        let years: Vec<i32> = (*first..=*last).collect();
        let budget: BTreeMap<i32, i64> = years
            .iter()
            .zip(budget.iter())
            .map(|(y, m)| (*y, m * 1_000_000))
            .collect();
        let targets: BTreeMap<i32, String> = years
            .iter()
            .enumerate()
            .map(|(i, y)| {
                let t = if *y == *last {
                    format!("{title}: beroperasi penuh dan dievaluasi")
                } else if i == 0 {
                    format!("{title}: kajian, desain dan tahap awal")
                } else {
                    format!("{title}: implementasi lanjutan")
                };
                (*y, t)
            })
            .collect();
        let gap = gap.and_then(|name| architecture.iter().find(|a| a.name == name).map(|a| a.id));
        let input = ItemInput {
            title: Some((*title).to_string()),
            opd: Some(opd.id),
            years: Some(years),
            targets: Some(targets),
            budget: Some(budget),
            indicators: Some(vec![IndicatorTarget {
                instrument: INSTRUMENT.into(),
                number: *number,
                level: *level,
            }]),
            gap: gap.map(Some),
            need: Some(format!("Kebutuhan {} menurut Renstra 2025-2029", opd.name)),
            baseline: Some("Kondisi 2024 menurut evaluasi SPBE (data demo)".into()),
            program_code: Some((*code).to_string()),
            ..Default::default()
        };
        let item = items::create(app, &admin, roadmap.id, &input)
            .await
            .map_err(|e| anyhow!("{title}: {}", e.message()))?;
        made.push((item.id, opd.id, *first, *last, *status));
    }
    super::peta_rencana_thread::plan_into_roadmap(app, &admin, &inst, roadmap.id).await?;
    super::peta_rencana_thread::targets(app, &admin, &inst).await?;
    roadmaps::enact(
        app,
        &admin,
        roadmap.id,
        &Decree {
            number: "Peraturan Bupati Trenggalek Nomor 17 Tahun 2025 (data demo)".into(),
            date: "2025-02-14".into(),
        },
    )
    .await
    .map_err(fail)?;
    for (n, (id, opd, first, last, status)) in made.iter().enumerate() {
        if *status != "belum_mulai" {
            let input = ItemInput {
                status: Some((*status).to_string()),
                ..Default::default()
            };
            items::update(app, &admin, *id, &input)
                .await
                .map_err(fail)?;
        }
        let who = operators.get(opd).unwrap_or(&admin);
        for (year, semester) in [(2025, 1u8), (2025, 2), (2026, 1)] {
            if year < *first || year > *last || *status == "belum_mulai" {
                continue;
            }
            // a few OPDs have not reported the first semester of 2026 yet: late
            if (year, semester) == (2026, 1) && *status == "berjalan" && late(n) {
                continue;
            }
            let (value, note) = progress(*first, *last, status, year, semester);
            let report = RealisationInput {
                year,
                semester,
                value,
                note: Some(note.into()),
            };
            items::report(app, who, *id, &report).await.map_err(fail)?;
        }
    }
    Ok(made.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_grows_per_semester_and_a_delayed_item_lags() {
        assert_eq!(progress(2025, 2026, "berjalan", 2025, 1).0, "25%");
        assert_eq!(progress(2025, 2026, "berjalan", 2026, 1).0, "75%");
        assert_eq!(progress(2025, 2025, "selesai", 2025, 2).0, "100%");
        assert_eq!(progress(2025, 2026, "tertunda", 2025, 2).0, "25%");
        for (_, _, first, last, budget, _, _, _, _) in ITEMS {
            assert_eq!(
                budget.len(),
                usize::try_from(last - first + 1).unwrap_or(0),
                "a budget for every year"
            );
        }
        assert!(ITEMS.len() >= 30);
    }
}
