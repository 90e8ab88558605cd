//! Imports applied as one change: a worksheet edited offline (assignments, claims and
//! narratives) and the ministry's official result (final values with the assessors' notes).
//! Either every row applies, in one audited transaction that re-checks each indicator's status,
//! or nothing does.

pub mod pending;

pub use pending::NewPendingImport;

use padu_core::Value;
use padu_core::evaluation::Status;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use crate::audit::Event;
use crate::entity::{period, period_indicator};
use crate::evaluation::work::{add_comment, assign_in, check_status, opd_ids_in};
use crate::evaluation::{WorkPatch, hundredths};
use crate::model::Who;
use crate::{Store, StoreError, now_ms};

/// The changes to one indicator from an imported worksheet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndicatorEdit {
    pub number: u16,
    /// New lead OPD and contributing OPDs, when they change.
    pub assignment: Option<(Option<i64>, Vec<i64>)>,
    /// New claim and narrative; only while the indicator is in one of the `editable` statuses.
    pub work: WorkPatch,
}

impl IndicatorEdit {
    fn changes_work(&self) -> bool {
        self.work.self_value.is_some() || self.work.fakta.is_some() || self.work.analisis.is_some()
    }
}

/// One indicator's final value from the official result, with the assessor's note and
/// recommendation where given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinalResult {
    pub number: u16,
    pub value: Value,
    pub note: Option<String>,
    pub recommendation: Option<String>,
}

fn missing(number: u16) -> StoreError {
    StoreError::Invalid(format!("indikator {number} tidak ada pada periode ini"))
}

impl Store {
    /// Applies a worksheet's edits in one audited transaction. Claims and narratives change
    /// only on indicators in one of `editable` (checked inside the transaction: a conflict
    /// rolls everything back) and clear the "to review" flag, as an edit on the page does.
    pub async fn apply_worksheet(
        &self,
        who: &Who,
        period_id: i64,
        edits: &[IndicatorEdit],
        editable: &[Status],
    ) -> Result<(), StoreError> {
        let mut w = self.begin_audited().await?;
        let p = period::Entity::find_by_id(period_id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let own_opds = opd_ids_in(&w.txn, p.instansi_id).await?;
        let rows = period_indicator::Entity::find()
            .filter(period_indicator::Column::PeriodId.eq(period_id))
            .all(&w.txn)
            .await?;
        let mut changed = Vec::new();
        for edit in edits {
            let row = rows
                .iter()
                .find(|r| r.number == i32::from(edit.number))
                .ok_or_else(|| missing(edit.number))?;
            let mut entry = serde_json::json!({"number": edit.number});
            if let Some((lead, contributors)) = &edit.assignment {
                entry["assignment"] =
                    assign_in(&w.txn, row, &own_opds, *lead, contributors).await?;
            }
            if edit.changes_work() {
                // read again: the assignment above may have updated the row
                let current = period_indicator::Entity::find_by_id(row.id)
                    .one(&w.txn)
                    .await?
                    .ok_or_else(|| missing(edit.number))?;
                check_status(&current, editable).map_err(|e| match e {
                    StoreError::Conflict(m) => {
                        StoreError::Conflict(format!("indikator {}: {m}", edit.number))
                    }
                    other => other,
                })?;
                let mut active: period_indicator::ActiveModel = current.into();
                if let Some(v) = edit.work.self_value {
                    active.self_value = Set(hundredths(v));
                    entry["self_value"] = serde_json::json!(hundredths(v));
                }
                if let Some(f) = &edit.work.fakta {
                    active.fakta = Set(f.clone());
                    entry["fakta_chars"] = serde_json::json!(f.chars().count());
                }
                if let Some(a) = &edit.work.analisis {
                    active.analisis = Set(a.clone());
                    entry["analisis_chars"] = serde_json::json!(a.chars().count());
                }
                active.to_review = Set(false);
                active.updated_at_ms = Set(now_ms());
                active.update(&w.txn).await?;
            }
            changed.push(entry);
        }
        w.record(
            who,
            Event {
                instansi_id: Some(p.instansi_id),
                action: "indicator.import",
                entity: "period",
                entity_id: Some(period_id.to_string()),
                before: None,
                after: Some(serde_json::Value::Array(changed).to_string()),
            },
        )
        .await?;
        w.commit().await
    }

    /// Sets the final value of every indicator in `results` from the official result, adding
    /// the note (`final`) and recommendation (`rekomendasi`) to each indicator's thread, in one
    /// audited transaction.
    pub async fn apply_official_result(
        &self,
        who: &Who,
        period_id: i64,
        results: &[FinalResult],
    ) -> Result<(), StoreError> {
        let mut w = self.begin_audited().await?;
        let p = period::Entity::find_by_id(period_id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let rows = period_indicator::Entity::find()
            .filter(period_indicator::Column::PeriodId.eq(period_id))
            .all(&w.txn)
            .await?;
        let mut changed = Vec::new();
        for result in results {
            let row = rows
                .iter()
                .find(|r| r.number == i32::from(result.number))
                .ok_or_else(|| missing(result.number))?;
            let before = row.final_value;
            let mut active: period_indicator::ActiveModel = row.clone().into();
            active.final_value = Set(hundredths(Some(result.value)));
            active.updated_at_ms = Set(now_ms());
            active.update(&w.txn).await?;
            for (kind, text) in [
                ("final", &result.note),
                ("rekomendasi", &result.recommendation),
            ] {
                if let Some(body) = text.as_deref().filter(|t| !t.trim().is_empty()) {
                    add_comment(&w, row.id, who, kind, body.trim()).await?;
                }
            }
            changed.push(serde_json::json!({
                "number": result.number,
                "before": before,
                "final_value": hundredths(Some(result.value)),
            }));
        }
        w.record(
            who,
            Event {
                instansi_id: Some(p.instansi_id),
                action: "indicator.final.import",
                entity: "period",
                entity_id: Some(period_id.to_string()),
                before: None,
                after: Some(serde_json::Value::Array(changed).to_string()),
            },
        )
        .await?;
        w.commit().await
    }
}
