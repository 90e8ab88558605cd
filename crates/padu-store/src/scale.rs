//! A national-scale database for load and ranking measurements (issue 7): hundreds of instansi
//! under their provinces, dozens of OPDs each, several evaluated years with every indicator
//! valued, evidence metadata and links. Written in bulk with explicit ids, in one transaction
//! per table batch, without audit entries: this is synthetic data for measuring, never a
//! Pemda's record. Deterministic for given parameters.

use padu_core::access::InstansiKind;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, QuerySelect, TransactionTrait};

use crate::connect::Backend;
use crate::entity::{evidence, indicator_evidence, instansi, opd, period, period_indicator};
use crate::{Store, StoreError, now_ms};

/// One evaluated year: the instrument in force and its number of indicators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaleYear {
    pub year: i32,
    pub instrument: String,
    pub indicators: u16,
    /// The lowest and highest value of the instrument's scale, in hundredths.
    pub min: u32,
    pub max: u32,
    /// Whether values are whole levels (else two decimals).
    pub whole: bool,
}

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaleSpec {
    /// Instansi evaluated (provinces included), under one nasional.
    pub instansi: u32,
    /// Provinces among them.
    pub provinces: u32,
    pub opd_per_instansi: u32,
    pub years: Vec<ScaleYear>,
    /// Evidence items linked to each indicator of each period.
    pub evidence_per_indicator: u32,
}

/// How many rows were written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScaleReport {
    pub instansi: u64,
    pub opd: u64,
    pub periods: u64,
    pub period_indicators: u64,
    pub evidence: u64,
    pub links: u64,
}

/// Rows per INSERT statement (well under both backends' bound-parameter limits).
const BATCH: usize = 500;

/// A small deterministic generator (SplitMix64), so the same spec gives the same database.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

async fn next_id<E: EntityTrait>(store: &Store, _entity: E) -> Result<i64, StoreError> {
    let max: Option<Option<i64>> = E::find()
        .select_only()
        .expr(sea_orm::sea_query::Expr::cust("MAX(id)"))
        .into_tuple()
        .one(&store.db)
        .await?;
    Ok(max.flatten().unwrap_or(0) + 1)
}

async fn insert_batches<A>(store: &Store, rows: Vec<A>) -> Result<u64, StoreError>
where
    A: sea_orm::ActiveModelTrait + Send,
{
    let total = rows.len() as u64;
    let txn = store.db.begin().await?;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(BATCH).collect();
        <A::Entity as EntityTrait>::insert_many(chunk)
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(total)
}

impl Store {
    /// Writes a national-scale database as `spec` says (into a database that may hold other
    /// data: ids continue after the highest present).
    pub async fn generate_scale(&self, spec: &ScaleSpec) -> Result<ScaleReport, StoreError> {
        let mut rng = Rng(0x5041_4455);
        let now = now_ms();
        let mut report = ScaleReport::default();

        // instansi: one nasional, the provinces, then kabupaten/kota spread over them
        let first_instansi = next_id(self, instansi::Entity).await?;
        let nasional = first_instansi;
        let mut inst_rows = vec![instansi::ActiveModel {
            id: Set(nasional),
            kind: Set(InstansiKind::Nasional.code().to_string()),
            name: Set(format!("Nasional Skala {nasional}")),
            slug: Set(format!("nasional-skala-{nasional}")),
            parent_id: Set(None),
            kode_wilayah: Set(None),
            timezone: Set("WIB".into()),
            created_at_ms: Set(now),
        }];
        let provinces = spec.provinces.clamp(1, spec.instansi.max(1));
        let zone = |i: u32| match i % 10 {
            0..=6 => "WIB",
            7 | 8 => "WITA",
            _ => "WIT",
        };
        let mut evaluated: Vec<i64> = Vec::new();
        for p in 0..provinces {
            let id = nasional + 1 + i64::from(p);
            evaluated.push(id);
            inst_rows.push(instansi::ActiveModel {
                id: Set(id),
                kind: Set(InstansiKind::Provinsi.code().to_string()),
                name: Set(format!("Provinsi Skala {id}")),
                slug: Set(format!("provinsi-skala-{id}")),
                parent_id: Set(Some(nasional)),
                kode_wilayah: Set(Some(format!("{:02}", p + 11))),
                timezone: Set(zone(p).into()),
                created_at_ms: Set(now),
            });
        }
        for k in 0..spec.instansi.saturating_sub(provinces) {
            let id = nasional + 1 + i64::from(provinces) + i64::from(k);
            let province = k % provinces;
            evaluated.push(id);
            let kota = k % 5 == 4;
            inst_rows.push(instansi::ActiveModel {
                id: Set(id),
                kind: Set(if kota {
                    InstansiKind::Kota
                } else {
                    InstansiKind::Kabupaten
                }
                .code()
                .to_string()),
                name: Set(format!(
                    "{} Skala {id}",
                    if kota { "Kota" } else { "Kabupaten" }
                )),
                slug: Set(format!(
                    "{}-skala-{id}",
                    if kota { "kota" } else { "kabupaten" }
                )),
                parent_id: Set(Some(nasional + 1 + i64::from(province))),
                kode_wilayah: Set(Some(format!(
                    "{:02}.{:02}",
                    province + 11,
                    k / provinces + 1
                ))),
                timezone: Set(zone(province).into()),
                created_at_ms: Set(now),
            });
        }
        report.instansi = insert_batches(self, inst_rows).await?;

        // OPDs
        let first_opd = next_id(self, opd::Entity).await?;
        const KINDS: [&str; 8] = [
            "diskominfo",
            "bappeda",
            "setda",
            "inspektorat",
            "bkpsdm",
            "dpmptsp",
            "dinkes",
            "disdik",
        ];
        let per = i64::from(spec.opd_per_instansi.max(1));
        let opd_of = |inst_index: usize, k: i64| first_opd + inst_index as i64 * per + k;
        let mut opd_rows = Vec::new();
        for (i, inst) in evaluated.iter().enumerate() {
            for k in 0..per {
                opd_rows.push(opd::ActiveModel {
                    id: Set(opd_of(i, k)),
                    instansi_id: Set(*inst),
                    name: Set(format!("Perangkat Daerah {:02}", k + 1)),
                    kind: Set(KINDS[(k as usize) % KINDS.len()].into()),
                    active: Set(true),
                    created_at_ms: Set(now),
                });
            }
        }
        report.opd = insert_batches(self, opd_rows).await?;

        // periods, their indicators, evidence and links, instansi by instansi in batches
        let mut period_id = next_id(self, period::Entity).await?;
        let mut pi_id = next_id(self, period_indicator::Entity).await?;
        let mut evidence_id = next_id(self, evidence::Entity).await?;
        let mut link_id = next_id(self, indicator_evidence::Entity).await?;
        let (mut periods, mut pis, mut items, mut links) = (vec![], vec![], vec![], vec![]);
        let last_year = spec.years.iter().map(|y| y.year).max().unwrap_or(0);
        for (i, inst) in evaluated.iter().enumerate() {
            // each instansi has its own level, and improves a little every year
            let base = rng.below(150);
            for (y, year) in spec.years.iter().enumerate() {
                let current = year.year == last_year;
                periods.push(period::ActiveModel {
                    id: Set(period_id),
                    instansi_id: Set(*inst),
                    year: Set(year.year),
                    kind: Set("evaluasi".into()),
                    instrument: Set(year.instrument.clone()),
                    carried_from_id: Set(None),
                    target_value: Set(Some(260)),
                    closed: Set(!current),
                    created_at_ms: Set(now),
                    mandiri_mulai: Set(None),
                    mandiri_selesai: Set(None),
                    dokumen_mulai: Set(None),
                    dokumen_selesai: Set(None),
                    interviu_mulai: Set(None),
                    interviu_selesai: Set(None),
                    visitasi_mulai: Set(None),
                    visitasi_selesai: Set(None),
                });
                for n in 1..=year.indicators {
                    let span = u64::from(year.max - year.min);
                    let raw = u64::from(year.min)
                        + ((base + 20 * y as u64 + rng.below(120)) % (span + 1));
                    let raw = if year.whole { raw - raw % 100 } else { raw };
                    let value = i32::try_from(raw).unwrap_or(100);
                    let accepted = (value - 100 * i32::from(rng.below(3) == 0))
                        .max(i32::try_from(year.min).unwrap_or(100));
                    pis.push(period_indicator::ActiveModel {
                        id: Set(pi_id),
                        period_id: Set(period_id),
                        number: Set(i32::from(n)),
                        lead_opd_id: Set(Some(opd_of(i, i64::from(n) % per))),
                        status: Set(if current && n % 3 == 0 {
                            "draft"
                        } else {
                            "accepted"
                        }
                        .into()),
                        to_review: Set(false),
                        self_value: Set(Some(value)),
                        accepted_value: Set(Some(accepted)),
                        final_value: Set((!current).then_some(accepted)),
                        fakta: Set(format!("Fakta indikator {n} tahun {}", year.year)),
                        analisis: Set(format!("Analisis indikator {n} tahun {}", year.year)),
                        external_source: Set(None),
                        external_date: Set(None),
                        updated_at_ms: Set(now),
                    });
                    for e in 0..spec.evidence_per_indicator {
                        items.push(evidence::ActiveModel {
                            id: Set(evidence_id),
                            instansi_id: Set(*inst),
                            kind: Set("file".into()),
                            name: Set(format!("bukti-{n}-{}-{e}.pdf", year.year)),
                            sha256: Set(Some(format!("{:064x}", evidence_id))),
                            size: Set(Some(
                                100_000 + i64::try_from(rng.below(900_000)).unwrap_or(0),
                            )),
                            content_type: Set(Some("application/pdf".into())),
                            url: Set(None),
                            uploaded_by: Set(None),
                            created_at_ms: Set(now),
                            effective_date: Set(Some(format!("{}-01-15", year.year))),
                            expiry_date: Set(None),
                            instansi_wide: Set(false),
                        });
                        links.push(indicator_evidence::ActiveModel {
                            id: Set(link_id),
                            period_indicator_id: Set(pi_id),
                            evidence_id: Set(evidence_id),
                            level: Set(1 + i32::try_from(e).unwrap_or(0)),
                            review: Set("diterima".into()),
                            note: Set(None),
                        });
                        evidence_id += 1;
                        link_id += 1;
                    }
                    pi_id += 1;
                }
                period_id += 1;
            }
            // write every 20 instansi, so memory stays small at national scale
            if i % 20 == 19 || i + 1 == evaluated.len() {
                report.periods += insert_batches(self, std::mem::take(&mut periods)).await?;
                report.period_indicators += insert_batches(self, std::mem::take(&mut pis)).await?;
                report.evidence += insert_batches(self, std::mem::take(&mut items)).await?;
                report.links += insert_batches(self, std::mem::take(&mut links)).await?;
            }
        }
        if self.backend() == Backend::Postgres {
            // explicit ids leave the sequences behind: move them past the new rows
            for table in [
                "instansi",
                "opd",
                "periods",
                "period_indicators",
                "evidence",
                "indicator_evidence",
            ] {
                self.db
                    .execute_unprepared(&format!(
                        "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                         (SELECT COALESCE(MAX(id), 1) FROM {table}))"
                    ))
                    .await?;
            }
        }
        self.log_change(crate::follow::Scope::Everything).await?;
        Ok(report)
    }
}
