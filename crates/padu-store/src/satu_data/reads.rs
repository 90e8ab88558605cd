//! Reading the catalog: a dataset, a resource, the datasets of a name or of an instansi by
//! filter, an instansi's groups; a list's tags, groups, resources and notes in one query each.

use std::collections::{BTreeMap, HashMap};

use padu_core::satu_data::{Access, Status};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::datasets::{DataGroup, Dataset, DatasetFilter, Resource, bare, to_resource};
use super::datastore::summaries;
use crate::entity::{
    data_group, dataset, dataset_group, dataset_resource, dataset_review_note, dataset_tag,
};
use crate::{Store, StoreError};

/// `rows` with their tags, groups, resources and notes: one query per kind (in bounded chunks).
pub(super) async fn complete<C: ConnectionTrait>(
    db: &C,
    rows: Vec<dataset::Model>,
) -> Result<Vec<Dataset>, StoreError> {
    let mut out: Vec<Dataset> = rows.into_iter().map(bare).collect();
    if out.is_empty() {
        return Ok(out);
    }
    let ids: Vec<i64> = out.iter().map(|d| d.id).collect();
    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    let mut groups: HashMap<i64, Vec<String>> = HashMap::new();
    let mut resources: HashMap<i64, Vec<Resource>> = HashMap::new();
    let mut notes: HashMap<i64, BTreeMap<String, String>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let chunk = chunk.to_vec();
        for t in dataset_tag::Entity::find()
            .filter(dataset_tag::Column::DatasetId.is_in(chunk.clone()))
            .order_by_asc(dataset_tag::Column::Id)
            .all(db)
            .await?
        {
            tags.entry(t.dataset_id).or_default().push(t.name);
        }
        let members = dataset_group::Entity::find()
            .filter(dataset_group::Column::DatasetId.is_in(chunk.clone()))
            .order_by_asc(dataset_group::Column::Id)
            .all(db)
            .await?;
        let mut group_ids: Vec<i64> = members.iter().map(|m| m.group_id).collect();
        group_ids.sort_unstable();
        group_ids.dedup();
        let names: HashMap<i64, String> = if group_ids.is_empty() {
            HashMap::new()
        } else {
            data_group::Entity::find()
                .filter(data_group::Column::Id.is_in(group_ids))
                .all(db)
                .await?
                .into_iter()
                .map(|g| (g.id, g.name))
                .collect()
        };
        for m in members {
            if let Some(name) = names.get(&m.group_id) {
                groups.entry(m.dataset_id).or_default().push(name.clone());
            }
        }
        let rows = dataset_resource::Entity::find()
            .filter(dataset_resource::Column::DatasetId.is_in(chunk.clone()))
            .order_by_asc(dataset_resource::Column::Position)
            .order_by_asc(dataset_resource::Column::Id)
            .all(db)
            .await?;
        let mut tables = summaries(db, rows.iter().map(|r| r.id).collect()).await?;
        for r in rows {
            let mut resource = to_resource(r);
            resource.table = tables.remove(&resource.id);
            resources
                .entry(resource.dataset_id)
                .or_default()
                .push(resource);
        }
        for n in dataset_review_note::Entity::find()
            .filter(dataset_review_note::Column::DatasetId.is_in(chunk))
            .all(db)
            .await?
        {
            notes
                .entry(n.dataset_id)
                .or_default()
                .insert(n.field, n.note);
        }
    }
    for d in &mut out {
        d.fields.tags = tags.remove(&d.id).unwrap_or_default();
        d.fields.groups = groups.remove(&d.id).unwrap_or_default();
        d.resources = resources.remove(&d.id).unwrap_or_default();
        d.review_notes = notes.remove(&d.id).unwrap_or_default();
    }
    Ok(out)
}

pub(super) async fn load<C: ConnectionTrait>(
    db: &C,
    id: i64,
) -> Result<Option<Dataset>, StoreError> {
    let Some(row) = dataset::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    Ok(complete(db, vec![row]).await?.pop())
}

impl Store {
    pub async fn dataset(&self, id: i64) -> Result<Option<Dataset>, StoreError> {
        load(&self.db, id).await
    }

    /// The resource `id`.
    pub async fn dataset_resource(&self, id: i64) -> Result<Option<Resource>, StoreError> {
        let Some(r) = dataset_resource::Entity::find_by_id(id)
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        let mut resource = to_resource(r);
        resource.table = summaries(&self.db, vec![id]).await?.remove(&id);
        Ok(Some(resource))
    }

    /// The datasets named `name` (one per instansi at most), by id.
    pub async fn datasets_named(&self, name: &str) -> Result<Vec<Dataset>, StoreError> {
        let rows = dataset::Entity::find()
            .filter(dataset::Column::Name.eq(name))
            .order_by_asc(dataset::Column::Id)
            .all(&self.db)
            .await?;
        complete(&self.db, rows).await
    }

    /// An instansi's datasets matching `filter`, by title and id.
    pub async fn datasets(
        &self,
        instansi_id: i64,
        filter: &DatasetFilter,
    ) -> Result<Vec<Dataset>, StoreError> {
        use dataset::Column as C;
        let mut q = dataset::Entity::find().filter(C::InstansiId.eq(instansi_id));
        if let Some(o) = filter.opd_id {
            q = q.filter(C::OpdId.eq(o));
        }
        if let Some(s) = filter.status {
            q = q.filter(C::Status.eq(s.code()));
        }
        if filter.public_only {
            q = q
                .filter(C::Status.eq(Status::Published.code()))
                .filter(C::Access.eq(Access::Terbuka.code()));
        }
        if let Some(words) = filter.q.as_deref() {
            for word in words.split_whitespace() {
                let escaped = word.to_lowercase().replace(['\\', '%'], "");
                if escaped.is_empty() {
                    continue;
                }
                let pattern = format!("%{escaped}%");
                let like = |col: C| Expr::expr(Func::lower(Expr::col(col))).like(pattern.clone());
                q = q.filter(
                    Condition::any()
                        .add(like(C::Title))
                        .add(like(C::Name))
                        .add(like(C::Notes)),
                );
            }
        }
        let rows = q
            .order_by_asc(C::Title)
            .order_by_asc(C::Id)
            .all(&self.db)
            .await?;
        complete(&self.db, rows).await
    }

    /// An instansi's groups (themes), by name.
    pub async fn data_groups(&self, instansi_id: i64) -> Result<Vec<DataGroup>, StoreError> {
        Ok(data_group::Entity::find()
            .filter(data_group::Column::InstansiId.eq(instansi_id))
            .order_by_asc(data_group::Column::Name)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|g| DataGroup {
                id: g.id,
                instansi_id: g.instansi_id,
                name: g.name,
                title: g.title,
            })
            .collect())
    }
}
