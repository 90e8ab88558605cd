//! The consolidation decisions for applications: one row per application item, written in one
//! audited transaction (`architecture.decide`), removed with its item. The rules (which
//! decision needs what) are `padu_core::arsitektur::consolidation`'s, asked first.

use padu_core::arsitektur::consolidation::Decision;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde::Serialize;

use crate::audit::{Event, snapshot};
use crate::entity::application_decision;
use crate::model::Who;
use crate::{Store, StoreError, now_ms};

/// A recorded decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApplicationDecision {
    pub item_id: i64,
    pub instansi_id: i64,
    pub decision: Decision,
    pub into: Option<i64>,
    pub national: Option<String>,
    /// `yyyy-mm-dd`.
    pub decided_on: String,
    pub note: Option<String>,
    pub decided_by: String,
    pub updated_at_ms: i64,
}

/// A decision to record (already checked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApplicationDecision {
    pub item_id: i64,
    pub instansi_id: i64,
    pub decision: Decision,
    pub into: Option<i64>,
    pub national: Option<String>,
    pub decided_on: String,
    pub note: Option<String>,
}

fn to_decision(r: application_decision::Model) -> Result<ApplicationDecision, StoreError> {
    let decision = Decision::from_code(&r.decision).ok_or_else(|| {
        StoreError::Invalid(format!(
            "keputusan konsolidasi tidak dikenal: {}",
            r.decision
        ))
    })?;
    Ok(ApplicationDecision {
        item_id: r.item_id,
        instansi_id: r.instansi_id,
        decision,
        into: r.into_item_id,
        national: r.national,
        decided_on: r.decided_on,
        note: r.note,
        decided_by: r.decided_by,
        updated_at_ms: r.updated_at_ms,
    })
}

impl Store {
    /// Records (or replaces) the decision for an application, in one audited transaction.
    pub async fn decide_application(
        &self,
        who: &Who,
        new: NewApplicationDecision,
    ) -> Result<ApplicationDecision, StoreError> {
        let mut w = self.begin_audited().await?;
        let before = application_decision::Entity::find_by_id(new.item_id)
            .one(&w.txn)
            .await?
            .map(to_decision)
            .transpose()?;
        let row = application_decision::ActiveModel {
            item_id: Set(new.item_id),
            instansi_id: Set(new.instansi_id),
            decision: Set(new.decision.code().to_string()),
            into_item_id: Set(new.into),
            national: Set(new.national),
            decided_on: Set(new.decided_on),
            note: Set(new.note),
            decided_by: Set(who.name.clone()),
            updated_at_ms: Set(now_ms()),
        };
        if before.is_some() {
            application_decision::Entity::delete_by_id(new.item_id)
                .exec(&w.txn)
                .await?;
        }
        let stored = row.insert(&w.txn).await?;
        let stored = to_decision(stored)?;
        w.record(
            who,
            Event {
                instansi_id: Some(stored.instansi_id),
                action: "architecture.decide",
                entity: "application_decision",
                entity_id: Some(stored.item_id.to_string()),
                before: snapshot(before.as_ref()),
                after: snapshot(Some(&stored)),
            },
        )
        .await?;
        w.commit().await?;
        Ok(stored)
    }

    /// The decisions recorded in instansi `instansi_id`'s architecture.
    pub async fn application_decisions(
        &self,
        instansi_id: i64,
    ) -> Result<Vec<ApplicationDecision>, StoreError> {
        application_decision::Entity::find()
            .filter(application_decision::Column::InstansiId.eq(instansi_id))
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_decision)
            .collect()
    }
}

/// Removes the decision of item `id` and clears the merges into it (the item is being
/// deleted, in the caller's transaction).
pub(crate) async fn forget_item<C: sea_orm::ConnectionTrait>(
    txn: &C,
    id: i64,
) -> Result<(), StoreError> {
    application_decision::Entity::delete_by_id(id)
        .exec(txn)
        .await?;
    application_decision::Entity::update_many()
        .col_expr(
            application_decision::Column::IntoItemId,
            sea_orm::sea_query::Expr::value(Option::<i64>::None),
        )
        .filter(application_decision::Column::IntoItemId.eq(id))
        .exec(txn)
        .await?;
    Ok(())
}
