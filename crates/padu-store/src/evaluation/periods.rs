//! Opening periods (optionally carrying work forward) and reading them.

use std::collections::HashMap;

use padu_core::Value;
use padu_core::evaluation::{EvidenceReview, PeriodKind, Status};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use super::{DateRange, Period, PeriodIndicator, Stages, hundredths, value};
use crate::audit::{Event, snapshot};
use crate::entity::{indicator_evidence, indicator_opd, period, period_indicator};
use crate::model::Who;
use crate::{Store, StoreError, now_ms};

/// What to carry into a new period from an earlier one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Carry {
    pub from_period: i64,
    /// For each new indicator number, the earlier numbers it draws from, most confident first
    /// (the same number for the same instrument; the crosswalk across instruments).
    pub sources: Vec<(u16, Vec<u16>)>,
    /// Same instrument: claimed values come along. Across instruments scores are never
    /// converted: only assignments, evidence and narratives.
    pub copy_values: bool,
    /// How to name the earlier instrument in carried narratives ("PermenPAN-RB 59/2020"), when
    /// it differs.
    pub source_label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPeriod {
    pub instansi_id: i64,
    pub year: i32,
    pub kind: PeriodKind,
    pub instrument: String,
    pub target: Option<Value>,
    pub stages: Stages,
    /// Every indicator number of the instrument.
    pub indicators: Vec<u16>,
    /// The highest level of the instrument (evidence tags above it are capped).
    pub max_level: u32,
    pub carry: Option<Carry>,
}

impl Store {
    pub async fn create_period(&self, who: &Who, new: NewPeriod) -> Result<i64, StoreError> {
        let mut w = self.begin_audited().await?;
        let now = now_ms();
        let stage = |r: &DateRange| (Set(r.start.clone()), Set(r.end.clone()));
        let (mandiri_mulai, mandiri_selesai) = stage(&new.stages.mandiri);
        let (dokumen_mulai, dokumen_selesai) = stage(&new.stages.dokumen);
        let (interviu_mulai, interviu_selesai) = stage(&new.stages.interviu);
        let (visitasi_mulai, visitasi_selesai) = stage(&new.stages.visitasi);
        let row = period::ActiveModel {
            instansi_id: Set(new.instansi_id),
            year: Set(new.year),
            kind: Set(new.kind.code().to_string()),
            instrument: Set(new.instrument.clone()),
            carried_from_id: Set(new.carry.as_ref().map(|c| c.from_period)),
            target_value: Set(hundredths(new.target)),
            closed: Set(false),
            created_at_ms: Set(now),
            mandiri_mulai,
            mandiri_selesai,
            dokumen_mulai,
            dokumen_selesai,
            interviu_mulai,
            interviu_selesai,
            visitasi_mulai,
            visitasi_selesai,
            ..Default::default()
        }
        .insert(&w.txn)
        .await
        .map_err(|e| {
            StoreError::conflict_on_unique(
                e,
                "periode dengan tahun dan jenis itu sudah ada di instansi ini",
            )
        })?;
        let period_id = row.id;

        // what the earlier period had, by number
        let earlier = match &new.carry {
            Some(c) => load_work(&w.txn, c.from_period).await?,
            None => HashMap::new(),
        };
        let sources: HashMap<u16, &Vec<u16>> = new
            .carry
            .iter()
            .flat_map(|c| c.sources.iter().map(|(n, s)| (*n, s)))
            .collect();
        let carry = new.carry.as_ref();

        let rows: Vec<period_indicator::ActiveModel> = new
            .indicators
            .iter()
            .map(|number| {
                let from: Vec<&CarriedWork> = sources
                    .get(number)
                    .map(|olds| olds.iter().filter_map(|o| earlier.get(o)).collect())
                    .unwrap_or_default();
                let first = from.first();
                let copy_values = carry.is_some_and(|c| c.copy_values);
                let narrative = |pick: fn(&CarriedWork) -> &str| match carry
                    .and_then(|c| c.source_label.as_deref())
                {
                    None => first.map(|w| pick(w).to_string()).unwrap_or_default(),
                    Some(label) => from
                        .iter()
                        .filter(|w| !pick(w).trim().is_empty())
                        .map(|w| format!("[Dari {label} indikator {}] {}", w.number, pick(w)))
                        .collect::<Vec<_>>()
                        .join("\n\n"),
                };
                period_indicator::ActiveModel {
                    period_id: Set(period_id),
                    number: Set(i32::from(*number)),
                    lead_opd_id: Set(first.and_then(|w| w.lead_opd)),
                    status: Set(Status::Draft.code().to_string()),
                    to_review: Set(!from.is_empty()),
                    self_value: Set(if copy_values {
                        first.and_then(|w| w.self_value)
                    } else {
                        None
                    }),
                    accepted_value: Set(None),
                    final_value: Set(None),
                    fakta: Set(narrative(|w| &w.fakta)),
                    analisis: Set(narrative(|w| &w.analisis)),
                    external_source: Set(None),
                    external_date: Set(None),
                    updated_at_ms: Set(now),
                    ..Default::default()
                }
            })
            .collect();
        period_indicator::Entity::insert_many(rows)
            .exec_without_returning(&w.txn)
            .await?;

        if carry.is_some() {
            let ids: HashMap<u16, i64> = period_indicator::Entity::find()
                .filter(period_indicator::Column::PeriodId.eq(period_id))
                .all(&w.txn)
                .await?
                .into_iter()
                .filter_map(|r| u16::try_from(r.number).ok().map(|n| (n, r.id)))
                .collect();
            let mut contributors = Vec::new();
            let mut links = Vec::new();
            for (number, id) in &ids {
                let Some(olds) = sources.get(number) else {
                    continue;
                };
                let mut seen_opd = Vec::new();
                let mut seen_evidence = Vec::new();
                let lead = olds
                    .iter()
                    .filter_map(|o| earlier.get(o))
                    .find_map(|w| w.lead_opd);
                for work in olds.iter().filter_map(|o| earlier.get(o)) {
                    for opd in work.lead_opd.iter().chain(&work.contributors) {
                        if Some(*opd) != lead && !seen_opd.contains(opd) {
                            seen_opd.push(*opd);
                            contributors.push(indicator_opd::ActiveModel {
                                period_indicator_id: Set(*id),
                                opd_id: Set(*opd),
                            });
                        }
                    }
                    for (evidence_id, level) in &work.evidence {
                        if !seen_evidence.contains(evidence_id) {
                            seen_evidence.push(*evidence_id);
                            links.push(indicator_evidence::ActiveModel {
                                period_indicator_id: Set(*id),
                                evidence_id: Set(*evidence_id),
                                level: Set(i32::try_from((*level).min(new.max_level)).unwrap_or(1)),
                                review: Set(EvidenceReview::BelumDitinjau.code().to_string()),
                                note: Set(None),
                                ..Default::default()
                            });
                        }
                    }
                }
            }
            indicator_opd::Entity::insert_many(contributors)
                .exec_without_returning(&w.txn)
                .await?;
            indicator_evidence::Entity::insert_many(links)
                .exec_without_returning(&w.txn)
                .await?;
        }

        #[derive(serde::Serialize)]
        struct Snapshot<'a> {
            year: i32,
            kind: &'a str,
            instrument: &'a str,
            carried_from: Option<i64>,
        }
        w.record(
            who,
            Event {
                instansi_id: Some(new.instansi_id),
                action: "period.create",
                entity: "period",
                entity_id: Some(period_id.to_string()),
                before: None,
                after: snapshot(Some(&Snapshot {
                    year: new.year,
                    kind: new.kind.code(),
                    instrument: &new.instrument,
                    carried_from: carry.map(|c| c.from_period),
                })),
            },
        )
        .await?;
        w.commit().await?;
        Ok(period_id)
    }

    pub async fn period(&self, id: i64) -> Result<Option<Period>, StoreError> {
        period::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .map(to_period)
            .transpose()
    }

    /// The periods of an instansi, the newest first.
    pub async fn periods_of(&self, instansi_id: i64) -> Result<Vec<Period>, StoreError> {
        period::Entity::find()
            .filter(period::Column::InstansiId.eq(instansi_id))
            .order_by_desc(period::Column::Year)
            .order_by_desc(period::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_period)
            .collect()
    }

    /// Every indicator of a period with its contributors and evidence count, in three queries
    /// whatever the number of indicators.
    pub async fn period_indicators(
        &self,
        period_id: i64,
    ) -> Result<Vec<PeriodIndicator>, StoreError> {
        let rows = period_indicator::Entity::find()
            .filter(period_indicator::Column::PeriodId.eq(period_id))
            .order_by_asc(period_indicator::Column::Number)
            .all(&self.db)
            .await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let mut contributors: HashMap<i64, Vec<i64>> = HashMap::new();
        for c in indicator_opd::Entity::find()
            .filter(indicator_opd::Column::PeriodIndicatorId.is_in(ids.clone()))
            .order_by_asc(indicator_opd::Column::OpdId)
            .all(&self.db)
            .await?
        {
            contributors
                .entry(c.period_indicator_id)
                .or_default()
                .push(c.opd_id);
        }
        use indicator_evidence::Column as L;
        let counts: HashMap<i64, u32> = indicator_evidence::Entity::find()
            .select_only()
            .column(L::PeriodIndicatorId)
            .column_as(L::Id.count(), "links")
            .filter(L::PeriodIndicatorId.is_in(ids))
            .group_by(L::PeriodIndicatorId)
            .into_tuple::<(i64, i64)>()
            .all(&self.db)
            .await?
            .into_iter()
            .map(|(id, n)| (id, u32::try_from(n).unwrap_or(u32::MAX)))
            .collect();
        rows.into_iter()
            .map(|r| {
                let id = r.id;
                to_indicator(
                    r,
                    contributors.remove(&id).unwrap_or_default(),
                    counts.get(&id).copied().unwrap_or(0),
                )
            })
            .collect()
    }

    /// One indicator of a period.
    pub async fn period_indicator(
        &self,
        period_id: i64,
        number: u16,
    ) -> Result<Option<PeriodIndicator>, StoreError> {
        let Some(row) = period_indicator::Entity::find()
            .filter(period_indicator::Column::PeriodId.eq(period_id))
            .filter(period_indicator::Column::Number.eq(i32::from(number)))
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        self.indicator_of(row).await.map(Some)
    }

    /// A period indicator with its contributing OPDs and evidence count.
    pub(crate) async fn indicator_of(
        &self,
        row: period_indicator::Model,
    ) -> Result<PeriodIndicator, StoreError> {
        let contributors = indicator_opd::Entity::find()
            .filter(indicator_opd::Column::PeriodIndicatorId.eq(row.id))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|c| c.opd_id)
            .collect();
        let count = indicator_evidence::Entity::find()
            .filter(indicator_evidence::Column::PeriodIndicatorId.eq(row.id))
            .count(&self.db)
            .await?;
        to_indicator(row, contributors, u32::try_from(count).unwrap_or(u32::MAX))
    }
}

/// What an earlier period had for one indicator.
struct CarriedWork {
    number: u16,
    lead_opd: Option<i64>,
    contributors: Vec<i64>,
    self_value: Option<i32>,
    fakta: String,
    analisis: String,
    /// (evidence id, level)
    evidence: Vec<(i64, u32)>,
}

async fn load_work(
    txn: &sea_orm::DatabaseTransaction,
    period_id: i64,
) -> Result<HashMap<u16, CarriedWork>, StoreError> {
    let rows = period_indicator::Entity::find()
        .filter(period_indicator::Column::PeriodId.eq(period_id))
        .all(txn)
        .await?;
    if rows.is_empty() {
        return Err(StoreError::Invalid(
            "periode asal tidak ditemukan atau kosong".into(),
        ));
    }
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let contributors = indicator_opd::Entity::find()
        .filter(indicator_opd::Column::PeriodIndicatorId.is_in(ids.clone()))
        .all(txn)
        .await?;
    let links = indicator_evidence::Entity::find()
        .filter(indicator_evidence::Column::PeriodIndicatorId.is_in(ids))
        .order_by_asc(indicator_evidence::Column::Id)
        .all(txn)
        .await?;
    let mut out = HashMap::new();
    for r in rows {
        let Ok(number) = u16::try_from(r.number) else {
            continue;
        };
        out.insert(
            number,
            CarriedWork {
                number,
                lead_opd: r.lead_opd_id,
                contributors: contributors
                    .iter()
                    .filter(|c| c.period_indicator_id == r.id)
                    .map(|c| c.opd_id)
                    .collect(),
                self_value: r.self_value,
                fakta: r.fakta,
                analisis: r.analisis,
                evidence: links
                    .iter()
                    .filter(|l| l.period_indicator_id == r.id)
                    .map(|l| (l.evidence_id, u32::try_from(l.level).unwrap_or(1)))
                    .collect(),
            },
        );
    }
    Ok(out)
}

pub(crate) fn to_period(r: period::Model) -> Result<Period, StoreError> {
    let kind = PeriodKind::from_code(&r.kind).ok_or_else(|| {
        StoreError::Invalid(format!("jenis periode \"{}\" tidak dikenal", r.kind))
    })?;
    let range = |start: Option<String>, end: Option<String>| DateRange { start, end };
    Ok(Period {
        id: r.id,
        instansi_id: r.instansi_id,
        year: r.year,
        kind,
        instrument: r.instrument,
        carried_from: r.carried_from_id,
        target: value(r.target_value),
        closed: r.closed,
        stages: Stages {
            mandiri: range(r.mandiri_mulai, r.mandiri_selesai),
            dokumen: range(r.dokumen_mulai, r.dokumen_selesai),
            interviu: range(r.interviu_mulai, r.interviu_selesai),
            visitasi: range(r.visitasi_mulai, r.visitasi_selesai),
        },
        created_at_ms: r.created_at_ms,
    })
}

pub(crate) fn to_indicator(
    r: period_indicator::Model,
    contributors: Vec<i64>,
    evidence_count: u32,
) -> Result<PeriodIndicator, StoreError> {
    let status = Status::from_code(&r.status)
        .ok_or_else(|| StoreError::Invalid(format!("status \"{}\" tidak dikenal", r.status)))?;
    Ok(PeriodIndicator {
        id: r.id,
        period_id: r.period_id,
        number: u16::try_from(r.number).unwrap_or(0),
        lead_opd: r.lead_opd_id,
        contributors,
        status,
        to_review: r.to_review,
        self_value: value(r.self_value),
        accepted_value: value(r.accepted_value),
        final_value: value(r.final_value),
        fakta: r.fakta,
        analisis: r.analisis,
        external_source: r.external_source,
        external_date: r.external_date,
        evidence_count,
        updated_at_ms: r.updated_at_ms,
    })
}
