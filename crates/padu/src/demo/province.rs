//! The other 37 kabupaten/kota of Jawa Timur: each with a standard set of OPDs, an admin and a
//! koordinator, three closed evaluations under 59/2020 with final values on every indicator
//! (the exact index of [`super::places`]) and a 2026 evaluation under 8/2026 at its own stage.
//! Written through the store's bulk writer in a few audited transactions (actor `demo`):
//! pushing 37 × 4 periods through the per-indicator use cases would take minutes.

use anyhow::{Context, Result, anyhow};
use padu_app::App;
use padu_core::access::Role;
use padu_core::evaluation::{PeriodKind, Status};
use padu_core::{Instrument, Value};
use padu_store::evaluation::{DateRange, Stages};
use padu_store::{
    BulkComment, BulkIndicator, BulkInstansi, BulkPeriod, BulkUser, NewInstansi, Who,
};

use super::levels::{Profile, Rng, levels_for, values_for};
use super::places::{PLACES, Place, Stage};

const OLD: &str = "permenpanrb-59-2020";
const NEW: &str = "permenpanrb-8-2026";

/// Instansi per audited transaction.
const PER_WRITE: usize = 10;

/// The OPDs every demo kabupaten/kota has (Trenggalek has its own, longer list).
const STANDARD_OPD: &[(&str, &str)] = &[
    ("Sekretariat Daerah", "setda"),
    ("Bagian Hukum Sekretariat Daerah", "bagian-hukum"),
    ("Bagian Organisasi Sekretariat Daerah", "bagian-organisasi"),
    (
        "Bagian Pengadaan Barang dan Jasa Sekretariat Daerah",
        "bagian-pengadaan",
    ),
    ("Sekretariat DPRD", "sekretariat-dprd"),
    ("Inspektorat Daerah", "inspektorat"),
    ("Badan Perencanaan Pembangunan Daerah", "bappeda"),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", "bpkad"),
    (
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "bkpsdm",
    ),
    ("Badan Penanggulangan Bencana Daerah", "bpbd"),
    ("Dinas Pendidikan", "dinas-pendidikan"),
    ("Dinas Kesehatan", "dinas-kesehatan"),
    ("Dinas Sosial", "dinas-sosial"),
    (
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "dpmptsp",
    ),
    ("Dinas Kependudukan dan Pencatatan Sipil", "disdukcapil"),
    ("Dinas Komunikasi dan Informatika", "diskominfo"),
    (
        "Dinas Perpustakaan dan Kearsipan",
        "dinas-perpustakaan-kearsipan",
    ),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", "dinas-pupr"),
];

/// A kabupaten also has these; a kota has a Dinas Perhubungan instead.
const KABUPATEN_OPD: &[(&str, &str)] = &[
    ("Dinas Pertanian dan Ketahanan Pangan", "dinas-pertanian"),
    ("Dinas Pemberdayaan Masyarakat dan Desa", "dinas-pmd"),
];
const KOTA_OPD: &[(&str, &str)] = &[("Dinas Perhubungan", "dinas-perhubungan")];

fn opds_of(place: &Place) -> Vec<(String, String)> {
    let extra = if place.kind == padu_core::access::InstansiKind::Kota {
        KOTA_OPD
    } else {
        KABUPATEN_OPD
    };
    STANDARD_OPD
        .iter()
        .chain(extra)
        .map(|(n, k)| ((*n).to_string(), (*k).to_string()))
        .collect()
}

fn range(start: &str, end: &str) -> DateRange {
    DateRange {
        start: Some(start.into()),
        end: Some(end.into()),
    }
}

/// The calendar of a closed year: self-assessment April-June, results in November.
fn closed_stages(year: i32) -> Stages {
    Stages {
        mandiri: range(&format!("{year}-04-01"), &format!("{year}-06-30")),
        dokumen: range(&format!("{year}-07-01"), &format!("{year}-08-31")),
        interviu: range(&format!("{year}-09-01"), &format!("{year}-10-31")),
        visitasi: range(&format!("{year}-11-01"), &format!("{year}-11-30")),
    }
}

/// The 2026 calendar by stage: those still in self-assessment alternate between a deadline
/// already past (their OPDs are late) and one in December.
fn stages_2026(stage: Stage, position: usize) -> Stages {
    match stage {
        Stage::Belum => Stages {
            mandiri: range("2026-12-07", "2026-12-31"),
            dokumen: range("2027-01-04", "2027-01-29"),
            interviu: range("2027-02-01", "2027-02-26"),
            visitasi: DateRange::default(),
        },
        Stage::Mandiri if position.is_multiple_of(2) => Stages {
            mandiri: range("2026-08-03", "2026-10-30"),
            dokumen: range("2026-11-02", "2026-12-11"),
            interviu: range("2026-12-14", "2026-12-23"),
            visitasi: DateRange::default(),
        },
        Stage::Mandiri => Stages {
            mandiri: range("2026-09-01", "2026-12-18"),
            dokumen: range("2027-01-04", "2027-01-29"),
            interviu: range("2027-02-01", "2027-02-26"),
            visitasi: DateRange::default(),
        },
        Stage::Penilaian => Stages {
            mandiri: range("2026-08-03", "2026-09-30"),
            dokumen: range("2026-10-01", "2026-11-13"),
            interviu: range("2026-11-16", "2026-12-18"),
            visitasi: DateRange::default(),
        },
        Stage::Final => Stages {
            mandiri: range("2026-07-01", "2026-08-31"),
            dokumen: range("2026-09-01", "2026-09-30"),
            interviu: range("2026-10-01", "2026-10-30"),
            visitasi: range("2026-11-02", "2026-11-13"),
        },
    }
}

/// Where an instrument's indicator goes: its default lead OPD and contributors, by kind, among
/// `opds` (Diskominfo when the kind is missing).
fn assignment(
    instrument: &Instrument,
    opds: &[(String, String)],
) -> Vec<(Option<usize>, Vec<usize>)> {
    let of_kind = |kind: &str| opds.iter().position(|(_, k)| k == kind);
    let kominfo = of_kind("diskominfo");
    instrument
        .indicators
        .iter()
        .map(|ind| {
            let lead = ind.lead_opd.as_deref().and_then(of_kind).or(kominfo);
            let contributors = ind
                .contributing_opds
                .iter()
                .filter_map(|k| of_kind(k))
                .filter(|c| Some(*c) != lead)
                .collect();
            (lead, contributors)
        })
        .collect()
}

fn narrative(number: u16, value: Value, lead: &str) -> (String, String) {
    let level = value.floor_level().clamp(1, 5);
    let fakta = format!(
        "{lead} menyampaikan dokumen kebijakan dan laporan pelaksanaan indikator {number}; bukti \
         dukung tingkat 1 sampai {level} diunggah."
    );
    let analisis = if level >= 5 {
        "Seluruh kriteria sampai tingkat 5 terpenuhi sesuai bukti dukung.".to_string()
    } else {
        format!(
            "Kriteria tingkat {level} terpenuhi; kriteria tingkat {} belum didukung bukti.",
            level + 1
        )
    };
    (fakta, analisis)
}

/// Rounds up to a tenth: a target a Pemda would write down.
fn round_up_tenth(hundredths: u32) -> u32 {
    hundredths.div_ceil(10) * 10
}

/// A closed 59/2020 year: every indicator accepted, with its final level; the OPD claimed a
/// level higher on every third indicator, as it usually goes.
fn closed_year(
    place: &Place,
    instrument: &Instrument,
    opds: &[(String, String)],
    (year, index, previous): (i32, u32, Option<u32>),
    profile: &Profile,
) -> Result<BulkPeriod> {
    let seed = kode_seed(place) * 10_000 + u64::try_from(year).unwrap_or(0);
    let levels = levels_for(instrument, index, profile, &mut Rng::new(seed))
        .ok_or_else(|| anyhow!("{}: indeks {year} tidak tercapai", place.name))?;
    let places = assignment(instrument, opds);
    let indicators = instrument
        .indicators
        .iter()
        .zip(levels)
        .zip(places)
        .map(|((ind, level), (lead, contributors))| {
            let claimed = (level + u32::from(ind.number % 3 == 0)).min(5);
            let lead_name = lead.map_or("Diskominfo", |i| opds[i].0.as_str());
            let (fakta, analisis) = narrative(ind.number, Value::from_level(claimed), lead_name);
            BulkIndicator {
                number: ind.number,
                lead_opd: lead,
                contributors,
                status: Status::Accepted,
                self_value: Some(Value::from_level(claimed)),
                accepted_value: Some(Value::from_level(level)),
                final_value: Some(Value::from_level(level)),
                fakta,
                analisis,
                external: None,
                comments: Vec::new(),
            }
        })
        .collect();
    // targets: the national 2.60 at least, else a tenth above the year before
    let target = (year > 2023 || place.kode.ends_with(['1', '3', '5', '7', '9']))
        .then(|| Value(round_up_tenth(previous.unwrap_or(index) + 10).max(260)));
    Ok(BulkPeriod {
        year,
        kind: if year == 2025 {
            PeriodKind::Pemantauan
        } else {
            PeriodKind::Evaluasi
        },
        instrument: OLD.into(),
        target,
        stages: closed_stages(year),
        closed: true,
        carried: year > 2023,
        indicators,
    })
}

fn kode_seed(place: &Place) -> u64 {
    place
        .kode
        .chars()
        .filter_map(|c| c.to_digit(10))
        .fold(0u64, |n, d| n * 10 + u64::from(d))
}

const ASSESSOR: &str = "Tim Asesor Internal Inspektorat";

/// The 2026 evaluation under 8/2026 as far as `place.stage` has come.
fn current_year(
    place: &Place,
    position: usize,
    instrument: &Instrument,
    opds: &[(String, String)],
    last_index: u32,
) -> BulkPeriod {
    let seed = kode_seed(place);
    let profile = Profile::new(
        seed + 1,
        instrument.aspects.len(),
        instrument.indicators.len(),
    );
    let mut rng = Rng::new(seed * 7 + 2026);
    // the Pemdi index runs lower than the Indeks SPBE the year before
    let centre = (last_index * 4 / 5).clamp(120, 420);
    let values = values_for(instrument, centre, &profile, &mut rng);
    let places = assignment(instrument, opds);
    let stage = place.stage;
    let indicators = instrument
        .indicators
        .iter()
        .zip(values)
        .zip(places)
        .map(|((ind, value), (lead, contributors))| {
            let lead_name = lead.map_or("Diskominfo", |i| opds[i].0.as_str());
            let (fakta, analisis) = narrative(ind.number, value, lead_name);
            let mut row = BulkIndicator {
                number: ind.number,
                lead_opd: lead,
                contributors,
                status: Status::Draft,
                self_value: None,
                accepted_value: None,
                final_value: None,
                fakta: String::new(),
                analisis: String::new(),
                external: None,
                comments: Vec::new(),
            };
            let roll = rng.below(10);
            if ind.is_external() {
                // an external index: entered by the assessors once the review has begun
                let known = matches!(stage, Stage::Penilaian | Stage::Final);
                if known {
                    row.status = Status::Accepted;
                    row.self_value = Some(value);
                    row.accepted_value = Some(value);
                    row.external = Some((
                        format!("{} 2026", ind.external_index.as_deref().unwrap_or("Indeks")),
                        Some("2026-09-30".into()),
                    ));
                    if stage == Stage::Final {
                        row.final_value = Some(value);
                    }
                }
                return row;
            }
            // the OPD's claim: a little above what the assessors accept
            let claim = Value((value.0 + 25 * u32::from(roll.is_multiple_of(3))).min(500));
            let accepted = value;
            let claimed = |row: &mut BulkIndicator| {
                row.self_value = Some(claim);
                row.fakta.clone_from(&fakta);
                row.analisis.clone_from(&analisis);
            };
            match stage {
                Stage::Belum => {}
                Stage::Mandiri => {
                    if roll < 7 {
                        claimed(&mut row);
                    }
                }
                Stage::Penilaian => {
                    claimed(&mut row);
                    match roll {
                        0..=4 => {
                            row.status = Status::Accepted;
                            row.accepted_value = Some(accepted);
                        }
                        5 | 6 => row.status = Status::Submitted,
                        7 => {
                            row.status = Status::Returned;
                            row.comments.push(BulkComment {
                                kind: "dikembalikan".into(),
                                author_name: ASSESSOR.into(),
                                body: format!(
                                    "Bukti dukung tingkat {} belum lengkap: lampirkan dokumen \
                                     yang ditandatangani dan notulen reviunya.",
                                    claim.floor_level().max(1)
                                ),
                            });
                        }
                        _ => {}
                    }
                }
                Stage::Final => {
                    claimed(&mut row);
                    row.status = Status::Accepted;
                    row.accepted_value = Some(accepted);
                    // the external assessors move a few values, mostly down
                    let shift = match roll {
                        0 | 1 => -25,
                        2 => 25,
                        _ => 0,
                    };
                    let f = (i64::from(accepted.0) + shift).clamp(100, 500);
                    row.final_value = Some(Value(u32::try_from(f).unwrap_or(100)));
                }
            }
            row
        })
        .collect();
    // most set a target; a few still in self-assessment have not yet
    let target = (!(matches!(stage, Stage::Belum | Stage::Mandiri) && position.is_multiple_of(3)))
        .then(|| Value(((centre + 30).div_ceil(25) * 25).max(250)));
    BulkPeriod {
        year: 2026,
        kind: PeriodKind::Evaluasi,
        instrument: NEW.into(),
        target,
        stages: stages_2026(stage, position),
        closed: false,
        carried: true,
        indicators,
    }
}

/// Everything of one kabupaten/kota.
fn build(
    place: &Place,
    position: usize,
    parent: i64,
    app: &App,
    hash: &str,
) -> Result<BulkInstansi> {
    let history = place
        .history
        .ok_or_else(|| anyhow!("{} tidak memiliki riwayat demo", place.name))?;
    let old = app
        .catalog
        .instrument(OLD)
        .ok_or_else(|| anyhow!("instrumen {OLD} tidak dimuat"))?;
    let new = app
        .catalog
        .instrument(NEW)
        .ok_or_else(|| anyhow!("instrumen {NEW} tidak dimuat"))?;
    let opds = opds_of(place);
    let profile = Profile::new(kode_seed(place), old.aspects.len(), old.indicators.len());
    let mut periods = Vec::with_capacity(4);
    let mut previous = None;
    for (year, index) in (2023..).zip(history) {
        periods.push(closed_year(
            place,
            old,
            &opds,
            (year, index, previous),
            &profile,
        )?);
        previous = Some(index);
    }
    periods.push(current_year(place, position, new, &opds, history[2]));
    let short = place.short_name();
    let label = place.label();
    let user = |username: String, display_name: String, role| BulkUser {
        username,
        display_name,
        password_hash: hash.to_string(),
        role,
        opd: None,
        email: None,
    };
    Ok(BulkInstansi {
        instansi: NewInstansi {
            kind: place.kind,
            name: place.name.to_string(),
            parent_id: Some(parent),
            kode_wilayah: Some(place.kode.to_string()),
            timezone: "WIB".into(),
        },
        opds,
        users: vec![
            user(
                format!("admin.{short}"),
                format!("Tim SPBE Diskominfo {label}"),
                Role::AdminInstansi,
            ),
            user(
                format!("sekda.{short}"),
                format!("Sekretaris Daerah {}", place.name),
                Role::Koordinator,
            ),
        ],
        periods,
    })
}

/// Writes every kabupaten/kota of the table but Trenggalek under the province `parent`, with
/// accounts whose password hash is `hash`; returns how many.
pub async fn seed(app: &App, parent: i64, hash: &str) -> Result<usize> {
    let items: Vec<BulkInstansi> = PLACES
        .iter()
        .filter(|p| p.history.is_some())
        .enumerate()
        .map(|(position, place)| build(place, position, parent, app, hash))
        .collect::<Result<_>>()?;
    let who = Who::system("demo");
    for chunk in items.chunks(PER_WRITE) {
        app.store
            .create_bulk(&who, chunk)
            .await
            .context("kabupaten/kota demo tidak dapat ditulis")?;
    }
    Ok(items.len())
}

/// The account names of the other kabupaten/kota, for the accounts the demo prints.
pub fn short_names() -> Vec<String> {
    PLACES
        .iter()
        .filter(|p| p.history.is_some())
        .map(Place::short_name)
        .collect()
}
