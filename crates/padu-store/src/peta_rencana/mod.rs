//! Peta Rencana SPBE: an instansi's roadmaps (each review a new version beside the old) and
//! their items. Every write is one audited transaction (`roadmap.create`, `.update`, `.enact`,
//! `.review`, `roadmap_item.create`, `.update`, `.realisation`, `.delete`); the rules (the
//! span, what an enacted roadmap lets change) are `padu_core::peta_rencana`'s, asked by the
//! application layer first. `thread` ties action items to roadmap items, `iku` keeps the
//! instansi's index targets, `monitoring` the realisation reminders sent.

pub mod iku;
pub mod monitoring;
pub mod thread;

use padu_core::peta_rencana::{Basis, ItemDetails, ItemStatus, ReviewKind, RoadmapStatus};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;

use crate::audit::{Event, snapshot};
use crate::backup::Table;
use crate::entity::{action_item, iku_target, realisation_reminder, roadmap, roadmap_item};
use crate::model::Who;
use crate::{Store, StoreError, now_ms};

/// The tables this feature owns in a backup (roadmaps, each after the one it replaced, before
/// their items).
pub(crate) const TABLES: &[Table] = &[
    Table::of::<roadmap::Entity>("roadmaps", Some("previous_id")),
    Table::of::<roadmap_item::Entity>("roadmap_items", None),
    Table::of::<realisation_reminder::Entity>("realisation_reminders", None),
    Table::of::<iku_target::Entity>("iku_targets", None),
];

/// A roadmap to create (already checked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRoadmap {
    pub instansi_id: i64,
    pub title: String,
    pub start_year: i32,
    pub end_year: i32,
    pub basis: Vec<Basis>,
    /// Days after a semester ends by which its realisation is reported.
    pub report_days: i32,
}

/// A stored roadmap version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Roadmap {
    pub id: i64,
    pub instansi_id: i64,
    pub title: String,
    pub start_year: i32,
    pub end_year: i32,
    pub basis: Vec<Basis>,
    pub status: RoadmapStatus,
    pub decree_number: Option<String>,
    pub decree_date: Option<String>,
    pub review_kind: Option<ReviewKind>,
    pub review_note: Option<String>,
    pub version: i32,
    pub previous_id: Option<i64>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub updated_by: String,
    /// Days after a semester ends by which its realisation is reported.
    pub report_days: i32,
}

impl Roadmap {
    /// Its years.
    pub fn span(&self) -> std::ops::RangeInclusive<i32> {
        self.start_year..=self.end_year
    }
}

/// An item to create (already checked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRoadmapItem {
    pub roadmap_id: i64,
    pub opd_id: i64,
    pub title: String,
    pub status: ItemStatus,
    pub details: ItemDetails,
}

/// A stored roadmap item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoadmapItem {
    pub id: i64,
    pub roadmap_id: i64,
    pub instansi_id: i64,
    pub opd_id: i64,
    pub title: String,
    pub status: ItemStatus,
    pub details: ItemDetails,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub updated_by: String,
}

pub(crate) fn to_roadmap(r: roadmap::Model) -> Roadmap {
    let basis: Vec<String> = serde_json::from_str(&r.basis).unwrap_or_default();
    Roadmap {
        id: r.id,
        instansi_id: r.instansi_id,
        title: r.title,
        start_year: r.start_year,
        end_year: r.end_year,
        basis: basis.iter().filter_map(|b| Basis::from_code(b)).collect(),
        status: RoadmapStatus::from_code(&r.status).unwrap_or(RoadmapStatus::Draft),
        decree_number: r.decree_number,
        decree_date: r.decree_date,
        review_kind: r.review_kind.as_deref().and_then(ReviewKind::from_code),
        review_note: r.review_note,
        version: r.version,
        previous_id: r.previous_id,
        created_at_ms: r.created_at_ms,
        updated_at_ms: r.updated_at_ms,
        updated_by: r.updated_by,
        report_days: r.report_days,
    }
}

fn basis_text(basis: &[Basis]) -> String {
    let codes: Vec<&str> = basis.iter().map(|b| b.code()).collect();
    serde_json::to_string(&codes).unwrap_or_else(|_| "[]".into())
}

pub(crate) fn to_item(r: roadmap_item::Model) -> RoadmapItem {
    RoadmapItem {
        id: r.id,
        roadmap_id: r.roadmap_id,
        instansi_id: r.instansi_id,
        opd_id: r.opd_id,
        title: r.title,
        status: ItemStatus::from_code(&r.status).unwrap_or(ItemStatus::BelumMulai),
        details: serde_json::from_str(&r.details).unwrap_or_default(),
        created_at_ms: r.created_at_ms,
        updated_at_ms: r.updated_at_ms,
        updated_by: r.updated_by,
    }
}

fn details_text(details: &ItemDetails) -> String {
    serde_json::to_string(details).unwrap_or_else(|_| "{}".into())
}

fn conflict() -> StoreError {
    StoreError::Conflict(
        "Status peta rencana ini baru saja diubah oleh orang lain; muat ulang halaman".into(),
    )
}

fn item_row(
    new: &NewRoadmapItem,
    instansi_id: i64,
    who: &Who,
    now: i64,
) -> roadmap_item::ActiveModel {
    roadmap_item::ActiveModel {
        roadmap_id: Set(new.roadmap_id),
        instansi_id: Set(instansi_id),
        opd_id: Set(new.opd_id),
        title: Set(new.title.clone()),
        status: Set(new.status.code().to_string()),
        details: Set(details_text(&new.details)),
        created_at_ms: Set(now),
        updated_at_ms: Set(now),
        updated_by: Set(who.name.clone()),
        ..Default::default()
    }
}

impl Store {
    /// Stores a new roadmap as a draft, version 1, in one audited transaction.
    pub async fn create_roadmap(&self, who: &Who, new: &NewRoadmap) -> Result<Roadmap, StoreError> {
        let mut w = self.begin_audited().await?;
        let now = now_ms();
        let row = roadmap::ActiveModel {
            instansi_id: Set(new.instansi_id),
            title: Set(new.title.clone()),
            start_year: Set(new.start_year),
            end_year: Set(new.end_year),
            basis: Set(basis_text(&new.basis)),
            status: Set(RoadmapStatus::Draft.code().to_string()),
            decree_number: Set(None),
            decree_date: Set(None),
            review_kind: Set(None),
            review_note: Set(None),
            version: Set(1),
            previous_id: Set(None),
            created_at_ms: Set(now),
            updated_at_ms: Set(now),
            updated_by: Set(who.name.clone()),
            report_days: Set(new.report_days),
            ..Default::default()
        }
        .insert(&w.txn)
        .await?;
        let stored = to_roadmap(row);
        w.record(
            who,
            Event {
                instansi_id: Some(stored.instansi_id),
                action: "roadmap.create",
                entity: "roadmap",
                entity_id: Some(stored.id.to_string()),
                before: None,
                after: snapshot(Some(&stored)),
            },
        )
        .await?;
        w.commit().await?;
        Ok(stored)
    }

    /// Writes `next`'s title, span, basis, status, decree and review over the stored roadmap,
    /// recorded as `action`. When the stored status is no longer `expect` nothing changes
    /// ([`StoreError::Conflict`]).
    pub async fn update_roadmap(
        &self,
        who: &Who,
        next: &Roadmap,
        expect: RoadmapStatus,
        action: &str,
    ) -> Result<Roadmap, StoreError> {
        let mut w = self.begin_audited().await?;
        let row = roadmap::Entity::find_by_id(next.id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        if row.status != expect.code() {
            return Err(conflict());
        }
        let before = to_roadmap(row.clone());
        let mut active: roadmap::ActiveModel = row.into();
        active.title = Set(next.title.clone());
        active.start_year = Set(next.start_year);
        active.end_year = Set(next.end_year);
        active.basis = Set(basis_text(&next.basis));
        active.status = Set(next.status.code().to_string());
        active.decree_number = Set(next.decree_number.clone());
        active.decree_date = Set(next.decree_date.clone());
        active.review_kind = Set(next.review_kind.map(|k| k.code().to_string()));
        active.review_note = Set(next.review_note.clone());
        active.report_days = Set(next.report_days);
        active.updated_at_ms = Set(now_ms());
        active.updated_by = Set(who.name.clone());
        let after = to_roadmap(active.update(&w.txn).await?);
        w.record(
            who,
            Event {
                instansi_id: Some(after.instansi_id),
                action,
                entity: "roadmap",
                entity_id: Some(after.id.to_string()),
                before: snapshot(Some(&before)),
                after: snapshot(Some(&after)),
            },
        )
        .await?;
        w.commit().await?;
        Ok(after)
    }

    /// Reviews the enacted roadmap `id` in one audited transaction: it becomes `direviu` with
    /// `kind` and `note`, and a new draft version (one more, `title`) is created with a copy of
    /// every item (their status, targets, budget and realisation). Returns the new version.
    pub async fn review_roadmap(
        &self,
        who: &Who,
        id: i64,
        kind: ReviewKind,
        note: Option<String>,
        title: &str,
    ) -> Result<Roadmap, StoreError> {
        let mut w = self.begin_audited().await?;
        let row = roadmap::Entity::find_by_id(id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        if row.status != RoadmapStatus::Ditetapkan.code() {
            return Err(conflict());
        }
        let before = to_roadmap(row.clone());
        let now = now_ms();
        let mut active: roadmap::ActiveModel = row.clone().into();
        active.status = Set(RoadmapStatus::Direviu.code().to_string());
        active.review_kind = Set(Some(kind.code().to_string()));
        active.review_note = Set(note);
        active.updated_at_ms = Set(now);
        active.updated_by = Set(who.name.clone());
        let old = to_roadmap(active.update(&w.txn).await?);
        let fresh = roadmap::ActiveModel {
            instansi_id: Set(row.instansi_id),
            title: Set(title.to_string()),
            start_year: Set(row.start_year),
            end_year: Set(row.end_year),
            basis: Set(row.basis.clone()),
            status: Set(RoadmapStatus::Draft.code().to_string()),
            decree_number: Set(None),
            decree_date: Set(None),
            review_kind: Set(None),
            review_note: Set(None),
            version: Set(row.version.saturating_add(1)),
            previous_id: Set(Some(row.id)),
            created_at_ms: Set(now),
            updated_at_ms: Set(now),
            updated_by: Set(who.name.clone()),
            report_days: Set(row.report_days),
            ..Default::default()
        }
        .insert(&w.txn)
        .await?;
        let fresh = to_roadmap(fresh);
        let items = roadmap_item::Entity::find()
            .filter(roadmap_item::Column::RoadmapId.eq(id))
            .order_by_asc(roadmap_item::Column::Id)
            .all(&w.txn)
            .await?;
        let copied = items.len();
        // one by one, so that the action items attached to an item follow it to its copy
        for i in items {
            let old_id = i.id;
            let copy = roadmap_item::ActiveModel {
                roadmap_id: Set(fresh.id),
                instansi_id: Set(i.instansi_id),
                opd_id: Set(i.opd_id),
                title: Set(i.title),
                status: Set(i.status),
                details: Set(i.details),
                // entered when the original was: its monitoring runs on
                created_at_ms: Set(i.created_at_ms),
                updated_at_ms: Set(now),
                updated_by: Set(who.name.clone()),
                ..Default::default()
            }
            .insert(&w.txn)
            .await?;
            action_item::Entity::update_many()
                .col_expr(
                    action_item::Column::RoadmapItemId,
                    sea_orm::sea_query::Expr::value(copy.id),
                )
                .filter(action_item::Column::RoadmapItemId.eq(old_id))
                .exec(&w.txn)
                .await?;
        }
        #[derive(Serialize)]
        struct Reviewed<'a> {
            reviewed: &'a Roadmap,
            new_version: &'a Roadmap,
            items_copied: usize,
        }
        w.record(
            who,
            Event {
                instansi_id: Some(old.instansi_id),
                action: "roadmap.review",
                entity: "roadmap",
                entity_id: Some(id.to_string()),
                before: snapshot(Some(&before)),
                after: snapshot(Some(&Reviewed {
                    reviewed: &old,
                    new_version: &fresh,
                    items_copied: copied,
                })),
            },
        )
        .await?;
        w.commit().await?;
        Ok(fresh)
    }

    pub async fn roadmap(&self, id: i64) -> Result<Option<Roadmap>, StoreError> {
        Ok(roadmap::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .map(to_roadmap))
    }

    /// An instansi's roadmaps, newest first (the latest created, then the highest id).
    pub async fn roadmaps_of(&self, instansi_id: i64) -> Result<Vec<Roadmap>, StoreError> {
        Ok(roadmap::Entity::find()
            .filter(roadmap::Column::InstansiId.eq(instansi_id))
            .order_by_desc(roadmap::Column::CreatedAtMs)
            .order_by_desc(roadmap::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_roadmap)
            .collect())
    }

    /// Stores a new item of roadmap `new.roadmap_id`, in one audited transaction.
    pub async fn create_roadmap_item(
        &self,
        who: &Who,
        new: &NewRoadmapItem,
    ) -> Result<RoadmapItem, StoreError> {
        let mut w = self.begin_audited().await?;
        let parent = roadmap::Entity::find_by_id(new.roadmap_id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let row = item_row(new, parent.instansi_id, who, now_ms())
            .insert(&w.txn)
            .await?;
        let stored = to_item(row);
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
        w.commit().await?;
        Ok(stored)
    }

    /// Writes `next`'s OPD, title, status and details over the stored item, recorded as
    /// `action`, in one audited transaction.
    pub async fn update_roadmap_item(
        &self,
        who: &Who,
        next: &RoadmapItem,
        action: &str,
    ) -> Result<RoadmapItem, StoreError> {
        let mut w = self.begin_audited().await?;
        let row = roadmap_item::Entity::find_by_id(next.id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let before = to_item(row.clone());
        let mut active: roadmap_item::ActiveModel = row.into();
        active.opd_id = Set(next.opd_id);
        active.title = Set(next.title.clone());
        active.status = Set(next.status.code().to_string());
        active.details = Set(details_text(&next.details));
        active.updated_at_ms = Set(now_ms());
        active.updated_by = Set(who.name.clone());
        let after = to_item(active.update(&w.txn).await?);
        if after.status == ItemStatus::Selesai && before.status != ItemStatus::Selesai {
            thread::complete_actions(&mut w, who, &after).await?;
        }
        w.record(
            who,
            Event {
                instansi_id: Some(after.instansi_id),
                action,
                entity: "roadmap_item",
                entity_id: Some(after.id.to_string()),
                before: snapshot(Some(&before)),
                after: snapshot(Some(&after)),
            },
        )
        .await?;
        w.commit().await?;
        Ok(after)
    }

    /// Deletes an item, in one audited transaction.
    pub async fn delete_roadmap_item(&self, who: &Who, id: i64) -> Result<(), StoreError> {
        let mut w = self.begin_audited().await?;
        let row = roadmap_item::Entity::find_by_id(id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let before = to_item(row);
        action_item::Entity::update_many()
            .col_expr(
                action_item::Column::RoadmapItemId,
                sea_orm::sea_query::Expr::value(Option::<i64>::None),
            )
            .filter(action_item::Column::RoadmapItemId.eq(id))
            .exec(&w.txn)
            .await?;
        roadmap_item::Entity::delete_by_id(id).exec(&w.txn).await?;
        w.record(
            who,
            Event {
                instansi_id: Some(before.instansi_id),
                action: "roadmap_item.delete",
                entity: "roadmap_item",
                entity_id: Some(id.to_string()),
                before: snapshot(Some(&before)),
                after: None,
            },
        )
        .await?;
        w.commit().await
    }

    pub async fn roadmap_item(&self, id: i64) -> Result<Option<RoadmapItem>, StoreError> {
        Ok(roadmap_item::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .map(to_item))
    }

    /// The items of roadmap `roadmap_id`, by id: one query.
    pub async fn roadmap_items(&self, roadmap_id: i64) -> Result<Vec<RoadmapItem>, StoreError> {
        Ok(roadmap_item::Entity::find()
            .filter(roadmap_item::Column::RoadmapId.eq(roadmap_id))
            .order_by_asc(roadmap_item::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_item)
            .collect())
    }
}
