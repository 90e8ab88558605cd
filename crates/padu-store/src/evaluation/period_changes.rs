//! Changing a period after it was opened: its target and stage dates, and closing it.

use padu_core::Value;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use serde::Serialize;

use super::periods::to_period;
use super::{DateRange, Period, Stages, hundredths};
use crate::audit::{Event, snapshot};
use crate::entity::period;
use crate::model::Who;
use crate::{Store, StoreError};

/// What may change on an open period; `None` leaves a part as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeriodPatch {
    /// `Some(None)` removes the target.
    pub target: Option<Option<Value>>,
    /// The stages as they are to be (the caller merged what stays).
    pub stages: Option<Stages>,
}

/// What the audit log keeps of a period's changeable parts.
#[derive(Serialize)]
struct PeriodSnapshot<'a> {
    /// Hundredths, as stored.
    target: Option<i32>,
    stages: &'a Stages,
    closed: bool,
}

fn period_snapshot(p: &Period) -> Option<String> {
    snapshot(Some(&PeriodSnapshot {
        target: hundredths(p.target),
        stages: &p.stages,
        closed: p.closed,
    }))
}

impl Store {
    /// Changes a period's target or stage dates in one audited write (the caller checked them
    /// and that the period is open).
    pub async fn update_period(
        &self,
        who: &Who,
        period_id: i64,
        patch: PeriodPatch,
    ) -> Result<Period, StoreError> {
        let mut w = self.begin_audited().await?;
        let row = period::Entity::find_by_id(period_id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let before = to_period(row.clone())?;
        let mut active: period::ActiveModel = row.into();
        if let Some(target) = patch.target {
            active.target_value = Set(hundredths(target));
        }
        if let Some(stages) = &patch.stages {
            let stage = |r: &DateRange| (Set(r.start.clone()), Set(r.end.clone()));
            (active.mandiri_mulai, active.mandiri_selesai) = stage(&stages.mandiri);
            (active.dokumen_mulai, active.dokumen_selesai) = stage(&stages.dokumen);
            (active.interviu_mulai, active.interviu_selesai) = stage(&stages.interviu);
            (active.visitasi_mulai, active.visitasi_selesai) = stage(&stages.visitasi);
        }
        let after = to_period(active.update(&w.txn).await?)?;
        w.record(
            who,
            Event {
                instansi_id: Some(after.instansi_id),
                action: "period.update",
                entity: "period",
                entity_id: Some(period_id.to_string()),
                before: period_snapshot(&before),
                after: period_snapshot(&after),
            },
        )
        .await?;
        w.commit().await?;
        Ok(after)
    }

    /// Closes a period: its values stay as they are, for history and trends.
    pub async fn close_period(&self, who: &Who, period_id: i64) -> Result<(), StoreError> {
        let mut w = self.begin_audited().await?;
        let row = period::Entity::find_by_id(period_id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let instansi_id = row.instansi_id;
        let mut active: period::ActiveModel = row.into();
        active.closed = Set(true);
        active.update(&w.txn).await?;
        w.record(
            who,
            Event {
                instansi_id: Some(instansi_id),
                action: "period.close",
                entity: "period",
                entity_id: Some(period_id.to_string()),
                before: None,
                after: None,
            },
        )
        .await?;
        w.commit().await
    }
}
