//! Satu Data's catalog: datasets with their tags, groups, resources and the walidata's notes.
//! Every write is one audited transaction (`satu_data.dataset.create`, the workflow's steps
//! named by the caller, `satu_data.dataset.delete`, `satu_data.resource.*`); the rules (which
//! fields, which status may follow which) are `padu_core::satu_data`'s, asked first by the
//! application layer. Reads load a list's tags, groups, resources and notes in one query each.

use std::collections::BTreeMap;

use padu_core::satu_data::{Access, DatasetFields, Metadata, Status};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};
use serde::Serialize;

use super::reads::load;
use crate::audit::{Event, snapshot};
use crate::backup::Table;
use crate::entity::{
    data_group, dataset, dataset_group, dataset_resource, dataset_review_note, dataset_tag,
    datastore_version,
};
use crate::model::Who;
use crate::notifications::NewNotification;
use crate::{Store, StoreError, now_ms};

/// The tables this feature owns in a backup (datasets and groups before what refers to them).
pub(crate) const TABLES: &[Table] = &[
    Table::of::<dataset::Entity>("datasets", None),
    Table::of::<data_group::Entity>("data_groups", None),
    Table::of::<dataset_tag::Entity>("dataset_tags", None),
    Table::of::<dataset_group::Entity>("dataset_groups", None),
    Table::of::<dataset_resource::Entity>("dataset_resources", None),
    Table::of::<datastore_version::Entity>("datastore_versions", None),
    Table::of::<dataset_review_note::Entity>("dataset_review_notes", None),
];

const NAME_TAKEN: &str = "Nama URL ini sudah dipakai dataset lain di instansi ini";

/// A resource: a link to the data with its name, format and description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resource {
    pub id: i64,
    pub dataset_id: i64,
    pub position: i32,
    pub name: String,
    pub url: String,
    pub format: String,
    pub description: String,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    /// The latest version of its table, when it is an uploaded file (CKAN's
    /// `datastore_active`).
    pub table: Option<super::datastore::TableSummary>,
}

/// A resource to add or the values to write over one (already checked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewResource {
    pub name: String,
    pub url: String,
    pub format: String,
    pub description: String,
}

/// A stored dataset with everything that belongs to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dataset {
    pub id: i64,
    pub instansi_id: i64,
    /// The owner OPD (CKAN's `owner_org`).
    pub opd_id: i64,
    pub status: Status,
    pub fields: DatasetFields,
    pub resources: Vec<Resource>,
    /// The walidata's notes of the last return, by field name.
    pub review_notes: BTreeMap<String, String>,
    pub pembina_approved_by: Option<String>,
    pub published_at_ms: Option<i64>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub updated_by: String,
}

impl Dataset {
    pub fn is_public(&self) -> bool {
        padu_core::satu_data::is_public(self.status, self.fields.access)
    }
}

/// A group (theme) of an instansi's catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataGroup {
    pub id: i64,
    pub instansi_id: i64,
    pub name: String,
    pub title: String,
}

/// Which datasets to list (every condition optional).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DatasetFilter {
    pub opd_id: Option<i64>,
    pub status: Option<Status>,
    /// Words in the title, name or description (case-insensitive).
    pub q: Option<String>,
    /// Only published Terbuka datasets.
    pub public_only: bool,
}

fn row_fields(r: &dataset::Model) -> DatasetFields {
    DatasetFields {
        name: r.name.clone(),
        title: r.title.clone(),
        notes: r.notes.clone(),
        license_id: r.license_id.clone(),
        access: Access::from_code(&r.access).unwrap_or(Access::Tertutup),
        year: r.year,
        prioritas: r.prioritas,
        meta: serde_json::from_str::<Metadata>(&r.metadata).unwrap_or_default(),
        tags: Vec::new(),
        groups: Vec::new(),
        extras: serde_json::from_str(&r.extras).unwrap_or_default(),
    }
}

pub(super) fn to_resource(r: dataset_resource::Model) -> Resource {
    Resource {
        id: r.id,
        dataset_id: r.dataset_id,
        position: r.position,
        name: r.name,
        url: r.url,
        format: r.format,
        description: r.description,
        created_at_ms: r.created_at_ms,
        updated_at_ms: r.updated_at_ms,
        table: None,
    }
}

pub(super) fn bare(r: dataset::Model) -> Dataset {
    Dataset {
        id: r.id,
        instansi_id: r.instansi_id,
        opd_id: r.opd_id,
        status: Status::from_code(&r.status).unwrap_or(Status::Draft),
        fields: row_fields(&r),
        resources: Vec::new(),
        review_notes: BTreeMap::new(),
        pembina_approved_by: r.pembina_approved_by,
        published_at_ms: r.published_at_ms,
        created_at_ms: r.created_at_ms,
        updated_at_ms: r.updated_at_ms,
        updated_by: r.updated_by,
    }
}

fn json_text<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "{}".into())
}

/// The title a group made on first use gets from its name: `kesehatan-masyarakat` →
/// "Kesehatan masyarakat".
fn group_title(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Writes `d`'s tags and group memberships over the stored ones (groups made on first use) and
/// its review notes over the stored notes, inside `txn`.
async fn write_children<C: ConnectionTrait>(
    txn: &C,
    d: &Dataset,
    who: &Who,
) -> Result<(), StoreError> {
    dataset_tag::Entity::delete_many()
        .filter(dataset_tag::Column::DatasetId.eq(d.id))
        .exec(txn)
        .await?;
    if !d.fields.tags.is_empty() {
        dataset_tag::Entity::insert_many(d.fields.tags.iter().map(|t| dataset_tag::ActiveModel {
            dataset_id: Set(d.id),
            name: Set(t.clone()),
            ..Default::default()
        }))
        .exec(txn)
        .await?;
    }
    dataset_group::Entity::delete_many()
        .filter(dataset_group::Column::DatasetId.eq(d.id))
        .exec(txn)
        .await?;
    for name in &d.fields.groups {
        let group = match data_group::Entity::find()
            .filter(data_group::Column::InstansiId.eq(d.instansi_id))
            .filter(data_group::Column::Name.eq(name.as_str()))
            .one(txn)
            .await?
        {
            Some(g) => g,
            None => {
                data_group::ActiveModel {
                    instansi_id: Set(d.instansi_id),
                    name: Set(name.clone()),
                    title: Set(group_title(name)),
                    created_at_ms: Set(now_ms()),
                    ..Default::default()
                }
                .insert(txn)
                .await?
            }
        };
        dataset_group::ActiveModel {
            dataset_id: Set(d.id),
            group_id: Set(group.id),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    dataset_review_note::Entity::delete_many()
        .filter(dataset_review_note::Column::DatasetId.eq(d.id))
        .exec(txn)
        .await?;
    if !d.review_notes.is_empty() {
        let now = now_ms();
        dataset_review_note::Entity::insert_many(d.review_notes.iter().map(|(f, n)| {
            dataset_review_note::ActiveModel {
                dataset_id: Set(d.id),
                field: Set(f.clone()),
                note: Set(n.clone()),
                created_at_ms: Set(now),
                created_by: Set(who.name.clone()),
                ..Default::default()
            }
        }))
        .exec(txn)
        .await?;
    }
    Ok(())
}

/// Marks dataset `row` changed by `who` (a returned dataset becomes a draft again), in `txn`.
pub(super) async fn touch<C: ConnectionTrait>(
    txn: &C,
    row: dataset::Model,
    who: &Who,
) -> Result<(), StoreError> {
    let status = Status::from_code(&row.status).unwrap_or(Status::Draft);
    let mut active: dataset::ActiveModel = row.into();
    active.status = Set(status.after_edit().code().to_string());
    active.updated_at_ms = Set(now_ms());
    active.updated_by = Set(who.name.clone());
    active.update(txn).await?;
    Ok(())
}

impl Store {
    /// Stores a new dataset of OPD `opd_id` as a draft, in one audited transaction
    /// (`satu_data.dataset.create`). A name already used in the instansi is a `Conflict`.
    pub async fn create_dataset(
        &self,
        who: &Who,
        instansi_id: i64,
        opd_id: i64,
        fields: &DatasetFields,
    ) -> Result<Dataset, StoreError> {
        let mut w = self.begin_audited().await?;
        let now = now_ms();
        let row = dataset::ActiveModel {
            instansi_id: Set(instansi_id),
            opd_id: Set(opd_id),
            name: Set(fields.name.clone()),
            title: Set(fields.title.clone()),
            notes: Set(fields.notes.clone()),
            license_id: Set(fields.license_id.clone()),
            access: Set(fields.access.code().to_string()),
            status: Set(Status::Draft.code().to_string()),
            year: Set(fields.year),
            prioritas: Set(fields.prioritas),
            metadata: Set(json_text(&fields.meta)),
            extras: Set(json_text(&fields.extras)),
            pembina_approved_by: Set(None),
            published_at_ms: Set(None),
            created_at_ms: Set(now),
            updated_at_ms: Set(now),
            updated_by: Set(who.name.clone()),
            ..Default::default()
        }
        .insert(&w.txn)
        .await
        .map_err(|e| StoreError::conflict_on_unique(e, NAME_TAKEN))?;
        let mut stored = bare(row);
        stored.fields.tags = fields.tags.clone();
        stored.fields.groups = fields.groups.clone();
        write_children(&w.txn, &stored, who).await?;
        w.record(
            who,
            Event {
                instansi_id: Some(instansi_id),
                action: "satu_data.dataset.create",
                entity: "dataset",
                entity_id: Some(stored.id.to_string()),
                before: None,
                after: snapshot(Some(&stored)),
            },
        )
        .await?;
        w.commit().await?;
        Ok(stored)
    }

    /// Writes `next`'s OPD, fields, status, review notes, pembina verdict and publication time
    /// over the stored dataset, in one audited transaction recorded as `action`, with `notify`.
    /// When the stored status is no longer `expect` nothing changes: `Conflict`.
    pub async fn save_dataset(
        &self,
        who: &Who,
        next: &Dataset,
        expect: Status,
        action: &str,
        notify: &[NewNotification],
    ) -> Result<Dataset, StoreError> {
        let mut w = self.begin_audited().await?;
        let before = load(&w.txn, next.id).await?.ok_or(StoreError::NotFound)?;
        if before.status != expect {
            return Err(StoreError::Conflict(
                "Status dataset ini baru saja diubah oleh orang lain; muat ulang halaman".into(),
            ));
        }
        let row = dataset::Entity::find_by_id(next.id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let f = &next.fields;
        let mut active: dataset::ActiveModel = row.into();
        active.opd_id = Set(next.opd_id);
        active.name = Set(f.name.clone());
        active.title = Set(f.title.clone());
        active.notes = Set(f.notes.clone());
        active.license_id = Set(f.license_id.clone());
        active.access = Set(f.access.code().to_string());
        active.status = Set(next.status.code().to_string());
        active.year = Set(f.year);
        active.prioritas = Set(f.prioritas);
        active.metadata = Set(json_text(&f.meta));
        active.extras = Set(json_text(&f.extras));
        active.pembina_approved_by = Set(next.pembina_approved_by.clone());
        active.published_at_ms = Set(next.published_at_ms);
        active.updated_at_ms = Set(now_ms());
        active.updated_by = Set(who.name.clone());
        active
            .update(&w.txn)
            .await
            .map_err(|e| StoreError::conflict_on_unique(e, NAME_TAKEN))?;
        write_children(&w.txn, next, who).await?;
        let after = load(&w.txn, next.id).await?.ok_or(StoreError::NotFound)?;
        w.record(
            who,
            Event {
                instansi_id: Some(after.instansi_id),
                action,
                entity: "dataset",
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

    /// Deletes a dataset with its tags, memberships, resources and notes, in one audited
    /// transaction (`satu_data.dataset.delete`).
    pub async fn delete_dataset(&self, who: &Who, id: i64) -> Result<(), StoreError> {
        let mut w = self.begin_audited().await?;
        let before = load(&w.txn, id).await?.ok_or(StoreError::NotFound)?;
        dataset_tag::Entity::delete_many()
            .filter(dataset_tag::Column::DatasetId.eq(id))
            .exec(&w.txn)
            .await?;
        dataset_group::Entity::delete_many()
            .filter(dataset_group::Column::DatasetId.eq(id))
            .exec(&w.txn)
            .await?;
        super::datastore::delete_versions(&w.txn, before.resources.iter().map(|r| r.id).collect())
            .await?;
        dataset_resource::Entity::delete_many()
            .filter(dataset_resource::Column::DatasetId.eq(id))
            .exec(&w.txn)
            .await?;
        dataset_review_note::Entity::delete_many()
            .filter(dataset_review_note::Column::DatasetId.eq(id))
            .exec(&w.txn)
            .await?;
        dataset::Entity::delete_by_id(id).exec(&w.txn).await?;
        w.record(
            who,
            Event {
                instansi_id: Some(before.instansi_id),
                action: "satu_data.dataset.delete",
                entity: "dataset",
                entity_id: Some(id.to_string()),
                before: snapshot(Some(&before)),
                after: None,
            },
        )
        .await?;
        w.commit().await
    }

    /// Adds a resource at the end of dataset `dataset_id`'s list, in one audited transaction
    /// (`satu_data.resource.create`); a returned dataset becomes a draft again.
    pub async fn add_dataset_resource(
        &self,
        who: &Who,
        dataset_id: i64,
        new: &NewResource,
    ) -> Result<Resource, StoreError> {
        let mut w = self.begin_audited().await?;
        let row = dataset::Entity::find_by_id(dataset_id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let instansi_id = row.instansi_id;
        let position = dataset_resource::Entity::find()
            .filter(dataset_resource::Column::DatasetId.eq(dataset_id))
            .all(&w.txn)
            .await?
            .iter()
            .map(|r| r.position)
            .max()
            .map_or(0, |p| p + 1);
        let now = now_ms();
        let made = to_resource(
            dataset_resource::ActiveModel {
                dataset_id: Set(dataset_id),
                position: Set(position),
                name: Set(new.name.clone()),
                url: Set(new.url.clone()),
                format: Set(new.format.clone()),
                description: Set(new.description.clone()),
                created_at_ms: Set(now),
                updated_at_ms: Set(now),
                ..Default::default()
            }
            .insert(&w.txn)
            .await?,
        );
        touch(&w.txn, row, who).await?;
        w.record(
            who,
            Event {
                instansi_id: Some(instansi_id),
                action: "satu_data.resource.create",
                entity: "dataset_resource",
                entity_id: Some(made.id.to_string()),
                before: None,
                after: snapshot(Some(&made)),
            },
        )
        .await?;
        w.commit().await?;
        Ok(made)
    }

    /// Writes `new` over resource `id` (`satu_data.resource.update`), or with `None` deletes it
    /// (`satu_data.resource.delete`), in one audited transaction; a returned dataset becomes a
    /// draft again. `None` when the resource is gone.
    pub async fn change_dataset_resource(
        &self,
        who: &Who,
        id: i64,
        new: Option<&NewResource>,
    ) -> Result<Option<Resource>, StoreError> {
        let mut w = self.begin_audited().await?;
        let row = dataset_resource::Entity::find_by_id(id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let ds = dataset::Entity::find_by_id(row.dataset_id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let instansi_id = ds.instansi_id;
        let before = to_resource(row.clone());
        let after = match new {
            Some(new) => {
                let mut active: dataset_resource::ActiveModel = row.into();
                active.name = Set(new.name.clone());
                active.url = Set(new.url.clone());
                active.format = Set(new.format.clone());
                active.description = Set(new.description.clone());
                active.updated_at_ms = Set(now_ms());
                Some(to_resource(active.update(&w.txn).await?))
            }
            None => {
                super::datastore::delete_versions(&w.txn, vec![id]).await?;
                dataset_resource::Entity::delete_by_id(id)
                    .exec(&w.txn)
                    .await?;
                None
            }
        };
        touch(&w.txn, ds, who).await?;
        w.record(
            who,
            Event {
                instansi_id: Some(instansi_id),
                action: if after.is_some() {
                    "satu_data.resource.update"
                } else {
                    "satu_data.resource.delete"
                },
                entity: "dataset_resource",
                entity_id: Some(id.to_string()),
                before: snapshot(Some(&before)),
                after: snapshot(after.as_ref()),
            },
        )
        .await?;
        w.commit().await?;
        Ok(after)
    }
}
