//! Arsitektur SPBE: a Pemda's architecture items and the links between them. Every write is one
//! audited transaction (`architecture.create`, `.update`, `.submit`, `.verify`, `.return`,
//! `.publish`, `.delete`, `.links`); the rules (which fields, which links, which status may
//! follow which) are `padu_core::arsitektur`'s, asked by the application layer first.

use padu_core::arsitektur::{Domain, State, Status};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter,
    QueryOrder,
};
use serde::Serialize;
use serde_json::{Map, Value};

mod consolidation;

pub use consolidation::{ApplicationDecision, NewApplicationDecision};

use crate::audit::{Event, snapshot};
use crate::backup::Table;
use crate::entity::{application_decision, architecture_item, architecture_link};
use crate::model::Who;
use crate::notifications::NewNotification;
use crate::{Store, StoreError, now_ms};

/// The tables this feature owns in a backup (items before the links that refer to them).
pub(crate) const TABLES: &[Table] = &[
    Table::of::<architecture_item::Entity>("architecture_items", None),
    Table::of::<architecture_link::Entity>("architecture_links", None),
    Table::of::<application_decision::Entity>("application_decisions", None),
];

/// An item to create (already checked by `padu_core::arsitektur`).
#[derive(Debug, Clone, PartialEq)]
pub struct NewArchitectureItem {
    pub instansi_id: i64,
    pub opd_id: i64,
    pub year: i32,
    pub domain: Domain,
    pub state: State,
    pub name: String,
    pub reference: Option<String>,
    pub fields: Map<String, Value>,
}

/// A stored item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArchitectureItem {
    pub id: i64,
    pub instansi_id: i64,
    pub opd_id: i64,
    pub year: i32,
    pub domain: Domain,
    pub state: State,
    pub status: Status,
    pub name: String,
    pub reference: Option<String>,
    pub fields: Map<String, Value>,
    pub published: bool,
    pub return_note: Option<String>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub updated_by: String,
}

/// Which items to list (every condition optional).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemFilter {
    pub domain: Option<Domain>,
    pub opd_id: Option<i64>,
    pub year: Option<i32>,
    pub status: Option<Status>,
    pub state: Option<State>,
}

fn to_item(r: architecture_item::Model) -> ArchitectureItem {
    let fields = match serde_json::from_str::<Value>(&r.fields) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    ArchitectureItem {
        id: r.id,
        instansi_id: r.instansi_id,
        opd_id: r.opd_id,
        year: r.year,
        domain: Domain::from_code(&r.domain).unwrap_or(Domain::ProsesBisnis),
        state: State::from_code(&r.state).unwrap_or(State::AsIs),
        status: Status::from_code(&r.status).unwrap_or(Status::Draft),
        name: r.name,
        reference: r.reference,
        fields,
        published: r.published,
        return_note: r.return_note,
        created_at_ms: r.created_at_ms,
        updated_at_ms: r.updated_at_ms,
        updated_by: r.updated_by,
    }
}

fn fields_text(fields: &Map<String, Value>) -> String {
    serde_json::to_string(fields).unwrap_or_else(|_| "{}".into())
}

/// A link's pair with the smaller id first.
fn pair(a: i64, b: i64) -> (i64, i64) {
    if a <= b { (a, b) } else { (b, a) }
}

/// The links of one item, as the audit log records them.
#[derive(Debug, Serialize)]
struct LinkSnapshot<'a> {
    item: i64,
    to: &'a [i64],
}

impl Store {
    /// Stores a new item as a draft, in one audited transaction.
    pub async fn create_architecture_item(
        &self,
        who: &Who,
        new: &NewArchitectureItem,
    ) -> Result<ArchitectureItem, StoreError> {
        let mut w = self.begin_audited().await?;
        let now = now_ms();
        let row = architecture_item::ActiveModel {
            instansi_id: Set(new.instansi_id),
            opd_id: Set(new.opd_id),
            year: Set(new.year),
            domain: Set(new.domain.code().to_string()),
            state: Set(new.state.code().to_string()),
            status: Set(Status::Draft.code().to_string()),
            name: Set(new.name.clone()),
            reference: Set(new.reference.clone()),
            fields: Set(fields_text(&new.fields)),
            published: Set(false),
            return_note: Set(None),
            created_at_ms: Set(now),
            updated_at_ms: Set(now),
            updated_by: Set(who.name.clone()),
            ..Default::default()
        }
        .insert(&w.txn)
        .await?;
        let stored = to_item(row);
        w.record(
            who,
            Event {
                instansi_id: Some(stored.instansi_id),
                action: "architecture.create",
                entity: "architecture_item",
                entity_id: Some(stored.id.to_string()),
                before: None,
                after: snapshot(Some(&stored)),
            },
        )
        .await?;
        w.commit().await?;
        Ok(stored)
    }

    /// Writes `item`'s editable values (OPD, year, state, status, name, reference, fields,
    /// published, return note) over the stored one, in one audited transaction recorded as
    /// `action`, with `notify`. When the stored status is no longer `expect` (someone moved it
    /// meanwhile) nothing changes: [`StoreError::Conflict`].
    pub async fn update_architecture_item(
        &self,
        who: &Who,
        item: &ArchitectureItem,
        expect: Status,
        action: &str,
        notify: &[NewNotification],
    ) -> Result<ArchitectureItem, StoreError> {
        let mut w = self.begin_audited().await?;
        let row = architecture_item::Entity::find_by_id(item.id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        if row.status != expect.code() {
            return Err(StoreError::Conflict(
                "Status item ini baru saja diubah oleh orang lain; muat ulang halaman".into(),
            ));
        }
        let before = to_item(row.clone());
        let mut active: architecture_item::ActiveModel = row.into();
        active.opd_id = Set(item.opd_id);
        active.year = Set(item.year);
        active.state = Set(item.state.code().to_string());
        active.status = Set(item.status.code().to_string());
        active.name = Set(item.name.clone());
        active.reference = Set(item.reference.clone());
        active.fields = Set(fields_text(&item.fields));
        active.published = Set(item.published);
        active.return_note = Set(item.return_note.clone());
        active.updated_at_ms = Set(now_ms());
        active.updated_by = Set(who.name.clone());
        let after = to_item(active.update(&w.txn).await?);
        w.record(
            who,
            Event {
                instansi_id: Some(after.instansi_id),
                action,
                entity: "architecture_item",
                entity_id: Some(after.id.to_string()),
                before: snapshot(Some(&before)),
                after: snapshot(Some(&after)),
            },
        )
        .await?;
        w.notify(notify).await?;
        w.commit().await?;
        Ok(after)
    }

    /// Deletes an item and its links, in one audited transaction.
    pub async fn delete_architecture_item(&self, who: &Who, id: i64) -> Result<(), StoreError> {
        let mut w = self.begin_audited().await?;
        let row = architecture_item::Entity::find_by_id(id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let before = to_item(row);
        let linked = links_touching(&w.txn, id).await?;
        architecture_link::Entity::delete_many()
            .filter(touching(id))
            .exec(&w.txn)
            .await?;
        consolidation::forget_item(&w.txn, id).await?;
        architecture_item::Entity::delete_by_id(id)
            .exec(&w.txn)
            .await?;
        #[derive(Serialize)]
        struct Deleted<'a> {
            item: &'a ArchitectureItem,
            links: &'a [i64],
        }
        w.record(
            who,
            Event {
                instansi_id: Some(before.instansi_id),
                action: "architecture.delete",
                entity: "architecture_item",
                entity_id: Some(id.to_string()),
                before: snapshot(Some(&Deleted {
                    item: &before,
                    links: &linked,
                })),
                after: None,
            },
        )
        .await?;
        w.commit().await
    }

    /// Makes `to` the items linked to item `id` (replacing its links), in one audited
    /// transaction; returns them ascending. The caller checked that every item is of the same
    /// instansi and that each pair of domains may be linked.
    pub async fn set_architecture_links(
        &self,
        who: &Who,
        id: i64,
        to: &[i64],
    ) -> Result<Vec<i64>, StoreError> {
        let mut w = self.begin_audited().await?;
        let row = architecture_item::Entity::find_by_id(id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let before = links_touching(&w.txn, id).await?;
        let mut after: Vec<i64> = to.iter().copied().filter(|t| *t != id).collect();
        after.sort_unstable();
        after.dedup();
        architecture_link::Entity::delete_many()
            .filter(touching(id))
            .exec(&w.txn)
            .await?;
        let now = now_ms();
        if !after.is_empty() {
            let rows = after.iter().map(|other| {
                let (a, b) = pair(id, *other);
                architecture_link::ActiveModel {
                    instansi_id: Set(row.instansi_id),
                    item_a: Set(a),
                    item_b: Set(b),
                    created_at_ms: Set(now),
                    ..Default::default()
                }
            });
            architecture_link::Entity::insert_many(rows)
                .exec(&w.txn)
                .await?;
        }
        w.record(
            who,
            Event {
                instansi_id: Some(row.instansi_id),
                action: "architecture.links",
                entity: "architecture_item",
                entity_id: Some(id.to_string()),
                before: snapshot(Some(&LinkSnapshot {
                    item: id,
                    to: &before,
                })),
                after: snapshot(Some(&LinkSnapshot {
                    item: id,
                    to: &after,
                })),
            },
        )
        .await?;
        w.commit().await?;
        Ok(after)
    }

    pub async fn architecture_item(&self, id: i64) -> Result<Option<ArchitectureItem>, StoreError> {
        Ok(architecture_item::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .map(to_item))
    }

    /// The items with these ids (any instansi), by id.
    pub async fn architecture_items_by_id(
        &self,
        ids: &[i64],
    ) -> Result<Vec<ArchitectureItem>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        // bounded IN lists
        for chunk in ids.chunks(500) {
            out.extend(
                architecture_item::Entity::find()
                    .filter(architecture_item::Column::Id.is_in(chunk.iter().copied()))
                    .all(&self.db)
                    .await?
                    .into_iter()
                    .map(to_item),
            );
        }
        out.sort_by_key(|i| i.id);
        Ok(out)
    }

    /// An instansi's items matching `filter`, by domain, OPD, name and id: one query.
    pub async fn architecture_items(
        &self,
        instansi_id: i64,
        filter: &ItemFilter,
    ) -> Result<Vec<ArchitectureItem>, StoreError> {
        use architecture_item::Column as C;
        let mut q = architecture_item::Entity::find().filter(C::InstansiId.eq(instansi_id));
        if let Some(d) = filter.domain {
            q = q.filter(C::Domain.eq(d.code()));
        }
        if let Some(o) = filter.opd_id {
            q = q.filter(C::OpdId.eq(o));
        }
        if let Some(y) = filter.year {
            q = q.filter(C::Year.eq(y));
        }
        if let Some(s) = filter.status {
            q = q.filter(C::Status.eq(s.code()));
        }
        if let Some(s) = filter.state {
            q = q.filter(C::State.eq(s.code()));
        }
        let mut items: Vec<ArchitectureItem> = q
            .order_by_asc(C::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_item)
            .collect();
        items.sort_by(|a, b| {
            (a.domain, a.opd_id, &a.name, a.id).cmp(&(b.domain, b.opd_id, &b.name, b.id))
        });
        Ok(items)
    }

    /// The layanan an instansi has put on its public portal, by name and id: one query.
    pub async fn published_layanan(
        &self,
        instansi_id: i64,
    ) -> Result<Vec<ArchitectureItem>, StoreError> {
        use architecture_item::Column as C;
        let mut items: Vec<ArchitectureItem> = architecture_item::Entity::find()
            .filter(C::InstansiId.eq(instansi_id))
            .filter(C::Domain.eq(Domain::Layanan.code()))
            .filter(C::Published.eq(true))
            .order_by_asc(C::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_item)
            .collect();
        items.sort_by(|a, b| (&a.name, a.id).cmp(&(&b.name, b.id)));
        Ok(items)
    }

    /// Every link of an instansi's architecture, as (smaller id, larger id): one query.
    pub async fn architecture_links(
        &self,
        instansi_id: i64,
    ) -> Result<Vec<(i64, i64)>, StoreError> {
        Ok(architecture_link::Entity::find()
            .filter(architecture_link::Column::InstansiId.eq(instansi_id))
            .order_by_asc(architecture_link::Column::ItemA)
            .order_by_asc(architecture_link::Column::ItemB)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|l| (l.item_a, l.item_b))
            .collect())
    }

    /// The ids of the items linked to item `id`, ascending.
    pub async fn architecture_links_of(&self, id: i64) -> Result<Vec<i64>, StoreError> {
        links_touching(&self.db, id).await
    }
}

fn touching(id: i64) -> Condition {
    Condition::any()
        .add(architecture_link::Column::ItemA.eq(id))
        .add(architecture_link::Column::ItemB.eq(id))
}

async fn links_touching<C: sea_orm::ConnectionTrait>(
    db: &C,
    id: i64,
) -> Result<Vec<i64>, StoreError> {
    let mut out: Vec<i64> = architecture_link::Entity::find()
        .filter(touching(id))
        .all(db)
        .await?
        .into_iter()
        .map(|l| if l.item_a == id { l.item_b } else { l.item_a })
        .collect();
    out.sort_unstable();
    Ok(out)
}
