//! The thread from the planner to the Peta Rencana: an action item attached to a roadmap item
//! (or a roadmap item created for it), the action items an item's completion moves to
//! `selesai`, and what the other features read of the roadmaps in force (every version not
//! reviewed): the architecture items their items answer, the items aimed at an indicator.

use std::collections::BTreeSet;

use padu_core::peta_rencana::{ItemStatus, RoadmapStatus};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;

use super::{NewRoadmapItem, Roadmap, RoadmapItem, item_row, to_item, to_roadmap};
use crate::audit::{AuditedTxn, Event, snapshot};
use crate::entity::{action_item, period, roadmap, roadmap_item};
use crate::model::Who;
use crate::planner::{ActionItem, ActionStatus};
use crate::{Store, StoreError, now_ms};

#[derive(Serialize)]
struct Attachment {
    number: i32,
    roadmap_item: Option<i64>,
}

/// Moves the action items attached to `item` that are still planned or under way, in open
/// periods, to `selesai`, inside the item's own write (one entry naming them).
pub(crate) async fn complete_actions(
    w: &mut AuditedTxn,
    who: &Who,
    item: &RoadmapItem,
) -> Result<(), StoreError> {
    let open = action_item::Entity::find()
        .filter(action_item::Column::RoadmapItemId.eq(item.id))
        .filter(
            action_item::Column::Status
                .is_in([ActionStatus::Rencana.code(), ActionStatus::Berjalan.code()]),
        )
        .all(&w.txn)
        .await?;
    if open.is_empty() {
        return Ok(());
    }
    let closed: BTreeSet<i64> = period::Entity::find()
        .filter(period::Column::InstansiId.eq(item.instansi_id))
        .filter(period::Column::Closed.eq(true))
        .all(&w.txn)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    let moved: Vec<i64> = open
        .into_iter()
        .filter(|a| !closed.contains(&a.period_id))
        .map(|a| a.id)
        .collect();
    if moved.is_empty() {
        return Ok(());
    }
    action_item::Entity::update_many()
        .col_expr(
            action_item::Column::Status,
            Expr::value(ActionStatus::Selesai.code()),
        )
        .filter(action_item::Column::Id.is_in(moved.iter().copied()))
        .exec(&w.txn)
        .await?;
    w.record(
        who,
        Event {
            instansi_id: Some(item.instansi_id),
            action: "action.status",
            entity: "roadmap_item",
            entity_id: Some(item.id.to_string()),
            before: None,
            after: Some(
                serde_json::json!({ "selesai": moved, "because": "roadmap_item.selesai" })
                    .to_string(),
            ),
        },
    )
    .await
}

impl Store {
    /// Attaches action item `action_id` to roadmap item `roadmap_item` (or detaches it with
    /// `None`), audited as `action.roadmap_item`.
    pub async fn attach_action(
        &self,
        who: &Who,
        action_id: i64,
        roadmap_item: Option<i64>,
    ) -> Result<ActionItem, StoreError> {
        let mut w = self.begin_audited().await?;
        let row = action_item::Entity::find_by_id(action_id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let p = period::Entity::find_by_id(row.period_id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let before = snapshot(Some(&Attachment {
            number: row.number,
            roadmap_item: row.roadmap_item_id,
        }));
        let mut active: action_item::ActiveModel = row.into();
        active.roadmap_item_id = Set(roadmap_item);
        let updated = active.update(&w.txn).await?;
        w.record(
            who,
            Event {
                instansi_id: Some(p.instansi_id),
                action: "action.roadmap_item",
                entity: "action_item",
                entity_id: Some(updated.id.to_string()),
                before,
                after: snapshot(Some(&Attachment {
                    number: updated.number,
                    roadmap_item: updated.roadmap_item_id,
                })),
            },
        )
        .await?;
        w.commit().await?;
        Ok(crate::planner::to_item(updated))
    }

    /// Creates roadmap item `new` for action item `action_id` and attaches the action item to
    /// it, in one audited transaction.
    pub async fn create_roadmap_item_for_action(
        &self,
        who: &Who,
        action_id: i64,
        new: &NewRoadmapItem,
    ) -> Result<(RoadmapItem, ActionItem), StoreError> {
        let mut w = self.begin_audited().await?;
        let parent = roadmap::Entity::find_by_id(new.roadmap_id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let row = action_item::Entity::find_by_id(action_id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let stored = to_item(
            item_row(new, parent.instansi_id, who, now_ms())
                .insert(&w.txn)
                .await?,
        );
        let before = snapshot(Some(&Attachment {
            number: row.number,
            roadmap_item: row.roadmap_item_id,
        }));
        let mut active: action_item::ActiveModel = row.into();
        active.roadmap_item_id = Set(Some(stored.id));
        let updated = active.update(&w.txn).await?;
        w.record(
            who,
            Event {
                instansi_id: Some(stored.instansi_id),
                action: "roadmap_item.create",
                entity: "roadmap_item",
                entity_id: Some(stored.id.to_string()),
                before: None,
                after: snapshot(Some(&stored)),
            },
        )
        .await?;
        w.record(
            who,
            Event {
                instansi_id: Some(stored.instansi_id),
                action: "action.roadmap_item",
                entity: "action_item",
                entity_id: Some(updated.id.to_string()),
                before,
                after: snapshot(Some(&Attachment {
                    number: updated.number,
                    roadmap_item: updated.roadmap_item_id,
                })),
            },
        )
        .await?;
        w.commit().await?;
        Ok((stored, crate::planner::to_item(updated)))
    }

    /// The action items attached to any of `items`, in one query, by due date.
    pub async fn actions_of_roadmap_items(
        &self,
        items: &[i64],
    ) -> Result<Vec<ActionItem>, StoreError> {
        if items.is_empty() {
            return Ok(Vec::new());
        }
        Ok(action_item::Entity::find()
            .filter(action_item::Column::RoadmapItemId.is_in(items.iter().copied()))
            .order_by_asc(action_item::Column::DueDate)
            .order_by_asc(action_item::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(crate::planner::to_item)
            .collect())
    }

    /// The roadmaps in force (every version not reviewed) of instansi `instansi_id`, or of
    /// every instansi with `None`, newest first.
    pub async fn roadmaps_in_force(
        &self,
        instansi_id: Option<i64>,
    ) -> Result<Vec<Roadmap>, StoreError> {
        let mut q = roadmap::Entity::find()
            .filter(roadmap::Column::Status.ne(RoadmapStatus::Direviu.code()));
        if let Some(id) = instansi_id {
            q = q.filter(roadmap::Column::InstansiId.eq(id));
        }
        Ok(q.order_by_desc(roadmap::Column::CreatedAtMs)
            .order_by_desc(roadmap::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_roadmap)
            .collect())
    }

    /// The items of the roadmaps in force of instansi `instansi_id` (every instansi with
    /// `None`), with their roadmaps: two queries.
    pub async fn items_in_force(
        &self,
        instansi_id: Option<i64>,
    ) -> Result<(Vec<Roadmap>, Vec<RoadmapItem>), StoreError> {
        let roadmaps = self.roadmaps_in_force(instansi_id).await?;
        if roadmaps.is_empty() {
            return Ok((roadmaps, Vec::new()));
        }
        let items = roadmap_item::Entity::find()
            .filter(roadmap_item::Column::RoadmapId.is_in(roadmaps.iter().map(|r| r.id)))
            .order_by_asc(roadmap_item::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_item)
            .collect();
        Ok((roadmaps, items))
    }

    /// The architecture items that an item (not cancelled) of a roadmap in force answers.
    pub async fn planned_architecture_items(
        &self,
        instansi_id: i64,
    ) -> Result<BTreeSet<i64>, StoreError> {
        let (_, items) = self.items_in_force(Some(instansi_id)).await?;
        Ok(items
            .iter()
            .filter(|i| i.status.counts())
            .filter_map(|i| i.details.architecture_item)
            .collect())
    }

    /// The items (not cancelled) of the roadmaps in force of `instansi_id` that raise indicator
    /// `number` of `instrument`, by title.
    pub async fn roadmap_items_aimed_at(
        &self,
        instansi_id: i64,
        instrument: &str,
        number: u16,
    ) -> Result<Vec<RoadmapItem>, StoreError> {
        let (_, items) = self.items_in_force(Some(instansi_id)).await?;
        let mut out: Vec<RoadmapItem> = items
            .into_iter()
            .filter(|i| i.status != ItemStatus::Batal)
            .filter(|i| {
                i.details
                    .indicators
                    .iter()
                    .any(|t| t.instrument == instrument && t.number == number)
            })
            .collect();
        out.sort_by(|a, b| (&a.title, a.id).cmp(&(&b.title, b.id)));
        Ok(out)
    }
}
