//! Action items: the steps of an accepted target plan, one indicator level raise each, with its
//! lead OPD, due date, the evidence the level needs and a status tracked against the actual
//! values on the dashboard.

use crate::backup::Table;
use padu_core::Value;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::Serialize;

use crate::audit::{Event, snapshot};
use crate::entity::{action_item, opd, period};
use crate::model::Who;
use crate::{Store, StoreError, now_ms};

/// The table this feature owns in a backup.
pub(crate) const TABLES: &[Table] = &[Table::of::<action_item::Entity>("action_items", None)];

/// Where an action item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    Rencana,
    Berjalan,
    Selesai,
    Batal,
}

impl ActionStatus {
    pub const ALL: [ActionStatus; 4] = [
        ActionStatus::Rencana,
        ActionStatus::Berjalan,
        ActionStatus::Selesai,
        ActionStatus::Batal,
    ];

    /// The stored code, which is also the form value.
    pub fn code(self) -> &'static str {
        match self {
            ActionStatus::Rencana => "rencana",
            ActionStatus::Berjalan => "berjalan",
            ActionStatus::Selesai => "selesai",
            ActionStatus::Batal => "batal",
        }
    }

    pub fn from_code(code: &str) -> Option<ActionStatus> {
        ActionStatus::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// An action item to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewActionItem {
    pub number: u16,
    pub from: Value,
    pub to: Value,
    pub lead_opd: Option<i64>,
    /// ISO `yyyy-mm-dd`.
    pub due_date: String,
    /// 1-based semester of the plan.
    pub target_period: u32,
    pub effort_days: u64,
    pub evidence_needed: String,
}

/// A stored action item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionItem {
    pub id: i64,
    pub period_id: i64,
    pub number: u16,
    pub from: Value,
    pub to: Value,
    pub lead_opd: Option<i64>,
    pub due_date: String,
    pub target_period: u32,
    pub effort_days: u64,
    pub evidence_needed: String,
    pub status: ActionStatus,
    pub created_at_ms: i64,
    /// The Peta Rencana item it is attached to, if any.
    pub roadmap_item: Option<i64>,
}

pub(crate) fn to_item(r: action_item::Model) -> ActionItem {
    ActionItem {
        id: r.id,
        period_id: r.period_id,
        number: u16::try_from(r.number).unwrap_or(0),
        from: Value(u32::try_from(r.from_value).unwrap_or(0)),
        to: Value(u32::try_from(r.to_value).unwrap_or(0)),
        lead_opd: r.lead_opd_id,
        due_date: r.due_date,
        target_period: u32::try_from(r.target_period).unwrap_or(1),
        effort_days: u64::try_from(r.effort_days).unwrap_or(0),
        evidence_needed: r.evidence_needed,
        status: ActionStatus::from_code(&r.status).unwrap_or(ActionStatus::Rencana),
        created_at_ms: r.created_at_ms,
        roadmap_item: r.roadmap_item_id,
    }
}

fn int<T: TryInto<i32>>(v: T, what: &str) -> Result<i32, StoreError> {
    v.try_into()
        .map_err(|_| StoreError::Invalid(format!("{what} di luar jangkauan")))
}

#[derive(Serialize)]
struct StatusSnapshot<'a> {
    number: i32,
    status: &'a str,
}

impl Store {
    /// Creates the action items of an accepted plan in one audited transaction, replacing the
    /// period's earlier items still in `rencana` (those already started, done or cancelled stay).
    /// Every lead OPD must belong to the period's instansi. Returns how many were replaced.
    pub async fn replace_planned_actions(
        &self,
        who: &Who,
        period_id: i64,
        items: &[NewActionItem],
    ) -> Result<u64, StoreError> {
        let mut w = self.begin_audited().await?;
        let p = period::Entity::find_by_id(period_id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let own_opds: Vec<i64> = opd::Entity::find()
            .filter(opd::Column::InstansiId.eq(p.instansi_id))
            .select_only()
            .column(opd::Column::Id)
            .into_tuple()
            .all(&w.txn)
            .await?;
        if let Some(bad) = items
            .iter()
            .filter_map(|i| i.lead_opd)
            .find(|o| !own_opds.contains(o))
        {
            return Err(StoreError::Invalid(format!(
                "OPD {bad} bukan OPD instansi ini"
            )));
        }
        let removed = action_item::Entity::delete_many()
            .filter(action_item::Column::PeriodId.eq(period_id))
            .filter(action_item::Column::Status.eq(ActionStatus::Rencana.code()))
            .exec(&w.txn)
            .await?
            .rows_affected;
        let now = now_ms();
        let mut rows = Vec::with_capacity(items.len());
        for i in items {
            rows.push(action_item::ActiveModel {
                period_id: Set(period_id),
                number: Set(i32::from(i.number)),
                from_value: Set(int(i.from.0, "nilai awal")?),
                to_value: Set(int(i.to.0, "nilai target")?),
                lead_opd_id: Set(i.lead_opd),
                due_date: Set(i.due_date.clone()),
                target_period: Set(int(i.target_period, "semester")?),
                effort_days: Set(i64::try_from(i.effort_days)
                    .map_err(|_| StoreError::Invalid("upaya di luar jangkauan".into()))?),
                evidence_needed: Set(i.evidence_needed.clone()),
                status: Set(ActionStatus::Rencana.code().to_string()),
                created_at_ms: Set(now),
                ..Default::default()
            });
        }
        if !rows.is_empty() {
            action_item::Entity::insert_many(rows)
                .exec_without_returning(&w.txn)
                .await?;
        }
        let summary: Vec<serde_json::Value> = items
            .iter()
            .map(|i| {
                serde_json::json!({
                    "number": i.number, "from": i.from.0, "to": i.to.0,
                    "lead_opd": i.lead_opd, "due": i.due_date, "effort": i.effort_days,
                })
            })
            .collect();
        w.record(
            who,
            Event {
                instansi_id: Some(p.instansi_id),
                action: "plan.accept",
                entity: "period",
                entity_id: Some(period_id.to_string()),
                before: Some(serde_json::json!({ "removed_planned": removed }).to_string()),
                after: Some(serde_json::Value::Array(summary).to_string()),
            },
        )
        .await?;
        w.commit().await?;
        Ok(removed)
    }

    /// A period's action items in one query, by semester, due date and indicator.
    pub async fn action_items(&self, period_id: i64) -> Result<Vec<ActionItem>, StoreError> {
        self.action_items_of_periods(&[period_id]).await
    }

    /// The action items of several periods (the Beranda's open periods), in one query, in
    /// [`Store::action_items`]' order within each period.
    pub async fn action_items_of_periods(
        &self,
        period_ids: &[i64],
    ) -> Result<Vec<ActionItem>, StoreError> {
        use action_item::Column as C;
        if period_ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = action_item::Entity::find()
            .filter(C::PeriodId.is_in(period_ids.iter().copied()))
            .order_by_asc(C::PeriodId)
            .order_by_asc(C::TargetPeriod)
            .order_by_asc(C::DueDate)
            .order_by_asc(C::Number)
            .order_by_asc(C::ToValue)
            .order_by_asc(C::Id)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(to_item).collect())
    }

    /// One action item by its id.
    pub async fn action_item(&self, item_id: i64) -> Result<Option<ActionItem>, StoreError> {
        Ok(action_item::Entity::find_by_id(item_id)
            .one(&self.db)
            .await?
            .map(to_item))
    }

    /// Changes one action item's status, audited.
    pub async fn set_action_status(
        &self,
        who: &Who,
        period_id: i64,
        item_id: i64,
        status: ActionStatus,
    ) -> Result<ActionItem, StoreError> {
        let mut w = self.begin_audited().await?;
        let p = period::Entity::find_by_id(period_id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let row = action_item::Entity::find_by_id(item_id)
            .filter(action_item::Column::PeriodId.eq(period_id))
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let before = snapshot(Some(&StatusSnapshot {
            number: row.number,
            status: &row.status,
        }));
        let mut active: action_item::ActiveModel = row.into();
        active.status = Set(status.code().to_string());
        let updated = active.update(&w.txn).await?;
        w.record(
            who,
            Event {
                instansi_id: Some(p.instansi_id),
                action: "action.status",
                entity: "action_item",
                entity_id: Some(updated.id.to_string()),
                before,
                after: snapshot(Some(&StatusSnapshot {
                    number: updated.number,
                    status: &updated.status,
                })),
            },
        )
        .await?;
        w.commit().await?;
        Ok(to_item(updated))
    }
}
