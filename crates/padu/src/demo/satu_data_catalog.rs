//! Satu Data's catalog in Kabupaten Trenggalek: fifteen datasets of its OPDs, drafted by Dinas
//! Kesehatan's produsen data (its own) and by the walidata (the other OPDs'), with links under
//! `https://data.trenggalekkab.example/`, walked through the walidata workflow to where each
//! stands: most published, some waiting for the walidata, one returned with notes per field, one
//! withdrawn, two still drafts; data prioritas marked. Every step through padu-app as the demo
//! users. The figures behind the links are not real: every description says "data demo".

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use padu_app::App;
use padu_app::satu_data::datasets::{self, DatasetRequest};
use padu_app::satu_data::resources::{self, ResourceInput};
use padu_app::satu_data::workflow;
use padu_app::users::acting_as;
use padu_core::satu_data::DatasetInput;

const BASE: &str = "https://data.trenggalekkab.example";
const WALIDATA: &str = "walidata.trenggalek";
const PRODUSEN: &str = "produsen.dinkes";
const DINKES: &str = "Dinas Kesehatan, Pengendalian Penduduk dan Keluarga Berencana";

/// Where a demo dataset ends.
#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    Draft,
    Submitted,
    Returned,
    Published,
    Withdrawn,
}

struct Demo {
    opd: &'static str,
    title: &'static str,
    notes: &'static str,
    tags: &'static [&'static str],
    group: &'static str,
    frequency: &'static str,
    unit: &'static str,
    reference_code: &'static str,
    access: &'static str,
    prioritas: bool,
    period: (i32, i32),
    /// File names under the OPD's folder.
    files: &'static [&'static str],
    end: End,
}

const DATASETS: &[Demo] = &[
    Demo {
        opd: DINKES,
        title: "Jumlah Puskesmas per Kecamatan",
        notes: "Jumlah puskesmas rawat inap dan non rawat inap di 14 kecamatan.",
        tags: &["puskesmas", "fasilitas kesehatan"],
        group: "kesehatan",
        frequency: "tahunan",
        unit: "unit",
        reference_code: "SD00112.01.00",
        access: "terbuka",
        prioritas: true,
        period: (2021, 2025),
        files: &[
            "jumlah-puskesmas-2021-2025.csv",
            "jumlah-puskesmas-2021-2025.xlsx",
        ],
        end: End::Published,
    },
    Demo {
        opd: DINKES,
        title: "Cakupan Imunisasi Dasar Lengkap",
        notes: "Persentase bayi usia 0-11 bulan yang mendapat imunisasi dasar lengkap, per \
                puskesmas.",
        tags: &["imunisasi", "bayi"],
        group: "kesehatan",
        frequency: "tahunan",
        unit: "persen",
        reference_code: "SD00118.02.00",
        access: "terbuka",
        prioritas: true,
        period: (2022, 2025),
        files: &["cakupan-imunisasi-dasar-lengkap.csv"],
        end: End::Published,
    },
    Demo {
        opd: DINKES,
        title: "Prevalensi Balita Stunting per Desa",
        notes: "Hasil penimbangan serentak: balita pendek dan sangat pendek per desa.",
        tags: &["stunting", "balita", "gizi"],
        group: "kesehatan",
        frequency: "semesteran",
        unit: "persen",
        reference_code: "",
        access: "terbuka",
        prioritas: true,
        period: (2024, 2025),
        files: &["prevalensi-stunting-per-desa.csv"],
        end: End::Returned,
    },
    Demo {
        opd: DINKES,
        title: "Jumlah Tenaga Kesehatan menurut Jenis",
        notes: "Dokter, perawat, bidan dan tenaga kesehatan lain di puskesmas dan RSUD.",
        tags: &["tenaga kesehatan"],
        group: "kesehatan",
        frequency: "tahunan",
        unit: "orang",
        reference_code: "",
        access: "terbuka",
        prioritas: false,
        period: (2025, 2025),
        files: &["tenaga-kesehatan-2025.xlsx"],
        end: End::Submitted,
    },
    Demo {
        opd: DINKES,
        title: "Kasus Demam Berdarah Dengue per Bulan",
        notes: "Kasus DBD yang dilaporkan puskesmas, per bulan dan kecamatan.",
        tags: &["dbd", "penyakit menular"],
        group: "kesehatan",
        frequency: "bulanan",
        unit: "kasus",
        reference_code: "",
        access: "terbatas",
        prioritas: false,
        period: (2025, 2026),
        files: &["kasus-dbd-bulanan.csv"],
        end: End::Draft,
    },
    Demo {
        opd: "Dinas Kependudukan dan Pencatatan Sipil",
        title: "Jumlah Penduduk per Kecamatan dan Jenis Kelamin",
        notes: "Penduduk menurut data konsolidasi bersih (DKB) semester terakhir.",
        tags: &["penduduk", "kecamatan"],
        group: "kependudukan",
        frequency: "semesteran",
        unit: "jiwa",
        reference_code: "SP00055.00.00",
        access: "terbuka",
        prioritas: true,
        period: (2020, 2025),
        files: &[
            "jumlah-penduduk-kecamatan.csv",
            "jumlah-penduduk-kecamatan.json",
        ],
        end: End::Published,
    },
    Demo {
        opd: "Dinas Kependudukan dan Pencatatan Sipil",
        title: "Kepemilikan Akta Kelahiran Anak 0-18 Tahun",
        notes: "Persentase anak yang telah memiliki akta kelahiran, per kecamatan.",
        tags: &["akta kelahiran", "anak"],
        group: "kependudukan",
        frequency: "semesteran",
        unit: "persen",
        reference_code: "",
        access: "terbuka",
        prioritas: false,
        period: (2023, 2025),
        files: &["akta-kelahiran-anak.csv"],
        end: End::Published,
    },
    Demo {
        opd: "Dinas Pendidikan, Pemuda dan Olahraga",
        title: "Jumlah Sekolah dan Murid SD/SMP",
        notes: "Sekolah negeri dan swasta beserta muridnya, menurut jenjang dan kecamatan.",
        tags: &["sekolah", "murid"],
        group: "pendidikan",
        frequency: "tahunan",
        unit: "unit; orang",
        reference_code: "",
        access: "terbuka",
        prioritas: false,
        period: (2021, 2025),
        files: &["sekolah-dan-murid.xlsx"],
        end: End::Published,
    },
    Demo {
        opd: "Dinas Pendidikan, Pemuda dan Olahraga",
        title: "Angka Partisipasi Murni SD dan SMP",
        notes: "APM per jenjang, dari Dapodik dan proyeksi penduduk usia sekolah.",
        tags: &["apm", "partisipasi sekolah"],
        group: "pendidikan",
        frequency: "tahunan",
        unit: "persen",
        reference_code: "",
        access: "terbuka",
        prioritas: true,
        period: (2021, 2025),
        files: &["apm-sd-smp.csv"],
        end: End::Submitted,
    },
    Demo {
        opd: "Badan Perencanaan Pembangunan Daerah",
        title: "Capaian Indikator Kinerja Utama RPJMD",
        notes: "Target dan realisasi IKU Kabupaten Trenggalek per tahun RPJMD.",
        tags: &["iku", "rpjmd", "kinerja"],
        group: "perencanaan",
        frequency: "tahunan",
        unit: "beragam",
        reference_code: "",
        access: "terbuka",
        prioritas: false,
        period: (2021, 2025),
        files: &["capaian-iku-rpjmd.xlsx"],
        end: End::Published,
    },
    Demo {
        opd: "Badan Perencanaan Pembangunan Daerah",
        title: "Persentase Penduduk Miskin",
        notes: "Persentase penduduk di bawah garis kemiskinan, rujukan BPS untuk RKPD.",
        tags: &["kemiskinan"],
        group: "statistik-sosial",
        frequency: "tahunan",
        unit: "persen",
        reference_code: "SP00211.00.00",
        access: "terbuka",
        prioritas: true,
        period: (2019, 2025),
        files: &["penduduk-miskin.csv"],
        end: End::Published,
    },
    Demo {
        opd: "Dinas Komunikasi dan Informatika",
        title: "Indeks Pembangunan Manusia Kabupaten Trenggalek",
        notes: "IPM dan komponennya (umur harapan hidup, harapan dan rata-rata lama sekolah, \
                pengeluaran per kapita), statistik sektoral yang dihimpun walidata.",
        tags: &["ipm", "statistik"],
        group: "statistik-sosial",
        frequency: "tahunan",
        unit: "indeks",
        reference_code: "SP00301.00.00",
        access: "terbuka",
        prioritas: true,
        period: (2015, 2025),
        files: &["ipm-2015-2025.csv"],
        end: End::Published,
    },
    Demo {
        opd: "Dinas Komunikasi dan Informatika",
        title: "Produk Domestik Regional Bruto menurut Lapangan Usaha",
        notes: "PDRB atas dasar harga berlaku dan konstan 2010 menurut 17 lapangan usaha.",
        tags: &["pdrb", "ekonomi", "statistik"],
        group: "ekonomi",
        frequency: "tahunan",
        unit: "juta rupiah",
        reference_code: "",
        access: "terbuka",
        prioritas: false,
        period: (2019, 2025),
        files: &["pdrb-lapangan-usaha.xlsx"],
        end: End::Withdrawn,
    },
    Demo {
        opd: "Dinas Pertanian dan Pangan",
        title: "Produksi Padi per Kecamatan",
        notes: "Luas panen, produktivitas dan produksi padi sawah dan ladang.",
        tags: &["padi", "pertanian"],
        group: "ekonomi",
        frequency: "tahunan",
        unit: "ton",
        reference_code: "",
        access: "terbuka",
        prioritas: false,
        period: (2021, 2025),
        files: &["produksi-padi.csv"],
        end: End::Published,
    },
    Demo {
        opd: "Badan Penanggulangan Bencana Daerah",
        title: "Kejadian Bencana per Desa",
        notes: "Banjir, tanah longsor dan angin kencang yang tercatat, dengan dampaknya.",
        tags: &["bencana", "longsor", "banjir"],
        group: "kebencanaan",
        frequency: "bulanan",
        unit: "kejadian",
        reference_code: "",
        access: "terbuka",
        prioritas: false,
        period: (2024, 2026),
        files: &["kejadian-bencana.geojson"],
        end: End::Draft,
    },
];

fn slug_of(opd: &str) -> &'static str {
    match opd {
        DINKES => "dinkes",
        "Dinas Kependudukan dan Pencatatan Sipil" => "disdukcapil",
        "Dinas Pendidikan, Pemuda dan Olahraga" => "dispendikpora",
        "Badan Perencanaan Pembangunan Daerah" => "bappeda",
        "Dinas Komunikasi dan Informatika" => "diskominfo",
        "Dinas Pertanian dan Pangan" => "dispertan",
        _ => "bpbd",
    }
}

/// Seeds the catalog; returns how many datasets it holds.
pub async fn seed(app: &App) -> Result<usize> {
    let fail = |e: padu_app::AppError| anyhow::anyhow!(e.message());
    let walidata = acting_as(app, WALIDATA).await.map_err(fail)?;
    let produsen = acting_as(app, PRODUSEN).await.map_err(fail)?;
    let instansi = walidata
        .user
        .instansi_id
        .context("walidata tanpa instansi")?;
    let opds = app.store.opds_of(instansi).await?;
    for d in DATASETS {
        let opd = opds
            .iter()
            .find(|o| o.name == d.opd)
            .with_context(|| format!("OPD {} tidak ada", d.opd))?;
        let author = if d.opd == DINKES {
            &produsen
        } else {
            &walidata
        };
        let mut fields = DatasetInput {
            title: Some(d.title.into()),
            notes: Some(format!(
                "{} (Data demo: angka di tautan bukan data resmi.)",
                d.notes
            )),
            // the returned one is sent in without its licence and period first
            license_id: Some(if d.end == End::Returned {
                String::new()
            } else {
                "CC-BY-4.0".into()
            }),
            access: Some(d.access.into()),
            year: Some(Some(2026)),
            prioritas: Some(d.prioritas),
            frequency: Some(d.frequency.into()),
            period_start: Some(Some(d.period.0)),
            period_end: Some(Some(d.period.1)),
            tags: Some(d.tags.iter().map(|t| t.to_string()).collect()),
            groups: Some(vec![d.group.into()]),
            extras: Some(BTreeMap::from([(
                "sumber".to_string(),
                format!("{} Kabupaten Trenggalek", d.opd),
            )])),
            ..Default::default()
        };
        fields.texts.insert("unit".into(), d.unit.into());
        fields
            .texts
            .insert("coverage".into(), "Kabupaten Trenggalek".into());
        fields.texts.insert(
            "contact_name".into(),
            format!("Produsen data {}", slug_of(d.opd)),
        );
        if !d.reference_code.is_empty() {
            fields
                .texts
                .insert("reference_code".into(), d.reference_code.into());
        }
        let req = DatasetRequest {
            owner_org: Some(opd.id),
            fields,
        };
        let ds = datasets::create(app, author, instansi, &req)
            .await
            .map_err(fail)
            .with_context(|| format!("dataset {}", d.title))?;
        let key = ds.id.to_string();
        for file in d.files {
            resources::add(
                app,
                author,
                &key,
                &ResourceInput {
                    name: None,
                    url: Some(format!("{BASE}/{}/{file}", slug_of(d.opd))),
                    format: None,
                    description: Some(format!("Unduhan {}", d.title)),
                },
            )
            .await
            .map_err(fail)?;
        }
        if d.end == End::Draft {
            continue;
        }
        if d.end == End::Returned {
            // the produsen adds the licence, submits; the walidata returns it field by field
            datasets::update(
                app,
                author,
                &key,
                &DatasetRequest {
                    owner_org: None,
                    fields: DatasetInput {
                        license_id: Some("other-open".into()),
                        ..Default::default()
                    },
                },
            )
            .await
            .map_err(fail)?;
            workflow::submit(app, author, &key).await.map_err(fail)?;
            let notes = BTreeMap::from([
                (
                    "license_id".to_string(),
                    "Gunakan CC-BY-4.0 seperti data kesehatan lainnya".to_string(),
                ),
                (
                    "reference_code".to_string(),
                    "Isi kode standar data stunting dari Forum Satu Data".to_string(),
                ),
                (
                    "ms_ind".to_string(),
                    "Lampirkan MS-Ind: definisi balita pendek dan rumus prevalensi".to_string(),
                ),
            ]);
            workflow::return_dataset(app, &walidata, &key, &notes)
                .await
                .map_err(fail)?;
            continue;
        }
        workflow::submit(app, author, &key).await.map_err(fail)?;
        if d.end == End::Submitted {
            continue;
        }
        workflow::approve(app, &walidata, &key)
            .await
            .map_err(fail)?;
        workflow::publish(app, &walidata, &key)
            .await
            .map_err(fail)?;
        if d.end == End::Withdrawn {
            workflow::unpublish(app, &walidata, &key)
                .await
                .map_err(fail)?;
        }
    }
    Ok(DATASETS.len())
}
