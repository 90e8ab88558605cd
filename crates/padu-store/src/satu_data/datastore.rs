//! The DataStore: uploaded CSV/XLSX resources as typed tables, one real table per version
//! (`dstable_<ms>_<hash>`: `_id BIGINT` primary key, then `c1`…`cN` typed `BIGINT`,
//! `DOUBLE PRECISION` or `TEXT` (dates as `yyyy-mm-dd` text), an index on each of the first
//! [`INDEXED_COLUMNS`] columns), described by a row of `datastore_versions` (file, columns,
//! row count, problems).
//!
//! An import is three steps so that a million rows never hold the audit chain (which every
//! write of the instansi waits for): [`Store::datastore_load`] creates the table, the caller
//! [`DatastoreLoad::insert`]s batches (each its own statement), [`DatastoreLoad::finish`]
//! indexes it; then [`Store::record_datastore_version`] adds or changes the resource and
//! records the version in one short audited transaction (`satu_data.resource.upload`). A
//! failed import drops its table ([`DatastoreLoad::abandon`]). The tables are derived data: the
//! file they were read from stays in the files store under its SHA-256.

use padu_core::satu_data::table::{Cell, ColumnType, TableColumn, TableProblem};
use sea_orm::sea_query::{Alias, Expr, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, Value,
};
use serde::Serialize;

use super::datasets::{NewResource, Resource, to_resource};
use crate::audit::{Event, snapshot};
use crate::entity::{dataset, dataset_resource, datastore_version};
use crate::model::Who;
use crate::{Store, StoreError, now_ms};

/// The prefix of the tables holding rows (outside the backup's list of tables: derived data).
pub const TABLE_PREFIX: &str = "dstable_";
/// How many of a table's first columns get an index (filters and sorts on them use it).
pub const INDEXED_COLUMNS: usize = 8;
/// Bound parameters per INSERT, below SQLite's 32,766 and PostgreSQL's 65,535.
const MAX_PARAMS: usize = 30_000;

/// One version of an uploaded resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DatastoreVersion {
    pub id: i64,
    pub resource_id: i64,
    pub version: i32,
    #[serde(skip)]
    pub table_name: String,
    pub file_name: String,
    pub format: String,
    pub sha256: String,
    pub size: i64,
    pub content_type: String,
    pub row_count: i64,
    pub columns: Vec<TableColumn>,
    pub problems: Vec<TableProblem>,
    pub problems_omitted: i64,
    pub created_at_ms: i64,
    pub created_by: String,
}

/// The latest version of a resource's table, in brief.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableSummary {
    pub version: i32,
    pub row_count: i64,
    pub sha256: String,
    pub size: i64,
    pub content_type: String,
}

/// The latest version of each of resources `ids` that has a table: one query.
pub(super) async fn summaries<C: ConnectionTrait>(
    db: &C,
    ids: Vec<i64>,
) -> Result<std::collections::HashMap<i64, TableSummary>, StoreError> {
    let mut out = std::collections::HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    for v in datastore_version::Entity::find()
        .filter(datastore_version::Column::ResourceId.is_in(ids))
        .order_by_asc(datastore_version::Column::Version)
        .all(db)
        .await?
    {
        out.insert(
            v.resource_id,
            TableSummary {
                version: v.version,
                row_count: v.row_count,
                sha256: v.sha256,
                size: v.size,
                content_type: v.content_type,
            },
        );
    }
    Ok(out)
}

/// The physical name of column `i` (0-based) of a row table.
pub fn column_name(i: usize) -> String {
    format!("c{}", i + 1)
}

pub(super) fn to_version(r: datastore_version::Model) -> DatastoreVersion {
    DatastoreVersion {
        id: r.id,
        resource_id: r.resource_id,
        version: r.version,
        table_name: r.table_name,
        file_name: r.file_name,
        format: r.format,
        sha256: r.sha256,
        size: r.size,
        content_type: r.content_type,
        row_count: r.row_count,
        columns: serde_json::from_str(&r.columns).unwrap_or_default(),
        problems: serde_json::from_str(&r.problems).unwrap_or_default(),
        problems_omitted: r.problems_omitted,
        created_at_ms: r.created_at_ms,
        created_by: r.created_by,
    }
}

/// The file of a new version and what its first reading found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVersion {
    /// The resource's `url` is this, its id, `/download/` and the file name.
    pub url_prefix: String,
    pub file_name: String,
    pub format: String,
    pub sha256: String,
    pub size: i64,
    pub content_type: String,
    pub columns: Vec<TableColumn>,
    pub problems: Vec<TableProblem>,
    pub problems_omitted: i64,
}

/// A row table being filled.
#[derive(Debug)]
pub struct DatastoreLoad {
    db: DatabaseConnection,
    table: String,
    width: usize,
    rows: i64,
}

fn sql_type(kind: ColumnType) -> &'static str {
    match kind {
        ColumnType::Integer => "BIGINT",
        ColumnType::Numeric => "DOUBLE PRECISION",
        ColumnType::Date | ColumnType::Text => "TEXT",
    }
}

/// A cell as a bound value.
pub(super) fn cell_value(cell: &Cell, kind: ColumnType) -> Value {
    match (cell, kind) {
        (Cell::Int(i), ColumnType::Integer) => Value::BigInt(Some(*i)),
        (Cell::Int(i), ColumnType::Numeric) => Value::Double(Some(*i as f64)),
        (Cell::Num(f), ColumnType::Numeric) => Value::Double(Some(*f)),
        (Cell::Null, ColumnType::Integer) => Value::BigInt(None),
        (Cell::Null, ColumnType::Numeric) => Value::Double(None),
        (Cell::Null, _) => Value::String(None),
        (c, _) => Value::String(Some(c.to_text())),
    }
}

impl Store {
    /// Creates an empty row table for `columns`, named after the file's hash and the time.
    pub async fn datastore_load(
        &self,
        sha256: &str,
        columns: &[TableColumn],
    ) -> Result<DatastoreLoad, StoreError> {
        let hash: String = sha256
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(12)
            .collect::<String>()
            .to_ascii_lowercase();
        let table = format!("{TABLE_PREFIX}{}_{hash}", now_ms());
        self.create_row_table(table, columns).await
    }

    /// Creates the empty row table of `version` again under its recorded name, to be filled
    /// from its file: a backup leaves the row tables out (they are derived from the files).
    pub async fn datastore_reload(
        &self,
        version: &DatastoreVersion,
    ) -> Result<DatastoreLoad, StoreError> {
        if !plain_table_name(&version.table_name) {
            return Err(StoreError::Invalid(format!(
                "nama tabel DataStore tidak sah: {}",
                version.table_name
            )));
        }
        self.create_row_table(version.table_name.clone(), &version.columns)
            .await
    }

    async fn create_row_table(
        &self,
        table: String,
        columns: &[TableColumn],
    ) -> Result<DatastoreLoad, StoreError> {
        let mut ddl = format!("CREATE TABLE {table} (\"_id\" BIGINT NOT NULL PRIMARY KEY");
        for (i, c) in columns.iter().enumerate() {
            ddl.push_str(&format!(", \"{}\" {}", column_name(i), sql_type(c.kind)));
        }
        ddl.push(')');
        self.db.execute_unprepared(&ddl).await?;
        Ok(DatastoreLoad {
            db: self.db.clone(),
            table,
            width: columns.len(),
            rows: 0,
        })
    }

    /// The versions whose row table is missing (a restored database), oldest first.
    pub async fn datastore_versions_without_table(
        &self,
    ) -> Result<Vec<DatastoreVersion>, StoreError> {
        let present: std::collections::BTreeSet<String> =
            self.datastore_tables().await?.into_iter().collect();
        Ok(datastore_version::Entity::find()
            .order_by_asc(datastore_version::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_version)
            .filter(|v| !present.contains(&v.table_name))
            .collect())
    }

    /// Drops a row table (a failed import's, or a deleted resource's).
    pub async fn drop_datastore_table(&self, table: &str) -> Result<(), StoreError> {
        drop_table(&self.db, table).await
    }

    /// Records a filled row table as the next version of resource `resource_id` (a new
    /// resource of dataset `dataset_id` named `resource.name` when `None`; its `url` is
    /// `new.url_prefix` + its id + `/download/` + the file name), in one audited transaction
    /// (`satu_data.resource.upload`); a returned dataset becomes a draft again. The older
    /// versions stay.
    pub async fn record_datastore_version(
        &self,
        who: &Who,
        dataset_id: i64,
        resource_id: Option<i64>,
        resource: &NewResource,
        load: &DatastoreLoad,
        new: &NewVersion,
    ) -> Result<(Resource, DatastoreVersion), StoreError> {
        let mut w = self.begin_audited().await?;
        let ds = dataset::Entity::find_by_id(dataset_id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let now = now_ms();
        let row = match resource_id {
            Some(id) => {
                let row = dataset_resource::Entity::find_by_id(id)
                    .one(&w.txn)
                    .await?
                    .filter(|r| r.dataset_id == dataset_id)
                    .ok_or(StoreError::NotFound)?;
                let mut active: dataset_resource::ActiveModel = row.into();
                active.name = Set(resource.name.clone());
                active.description = Set(resource.description.clone());
                active.format = Set(resource.format.clone());
                active.updated_at_ms = Set(now);
                active.update(&w.txn).await?
            }
            None => {
                let position = dataset_resource::Entity::find()
                    .filter(dataset_resource::Column::DatasetId.eq(dataset_id))
                    .all(&w.txn)
                    .await?
                    .iter()
                    .map(|r| r.position + 1)
                    .max()
                    .unwrap_or(0);
                dataset_resource::ActiveModel {
                    dataset_id: Set(dataset_id),
                    position: Set(position),
                    name: Set(resource.name.clone()),
                    url: Set(String::new()),
                    format: Set(resource.format.clone()),
                    description: Set(resource.description.clone()),
                    created_at_ms: Set(now),
                    updated_at_ms: Set(now),
                    ..Default::default()
                }
                .insert(&w.txn)
                .await?
            }
        };
        let id = row.id;
        let mut active: dataset_resource::ActiveModel = row.into();
        active.url = Set(format!(
            "{}{id}/download/{}",
            new.url_prefix,
            crate::satu_data::datastore_rows::url_segment(&new.file_name)
        ));
        let row = active.update(&w.txn).await?;
        let version = datastore_version::Entity::find()
            .filter(datastore_version::Column::ResourceId.eq(id))
            .order_by_desc(datastore_version::Column::Version)
            .one(&w.txn)
            .await?
            .map_or(1, |v| v.version + 1);
        let made = to_version(
            datastore_version::ActiveModel {
                resource_id: Set(id),
                version: Set(version),
                table_name: Set(load.table.clone()),
                file_name: Set(new.file_name.clone()),
                format: Set(new.format.clone()),
                sha256: Set(new.sha256.clone()),
                size: Set(new.size),
                content_type: Set(new.content_type.clone()),
                row_count: Set(load.rows),
                columns: Set(serde_json::to_string(&new.columns).unwrap_or_default()),
                problems: Set(serde_json::to_string(&new.problems).unwrap_or_default()),
                problems_omitted: Set(new.problems_omitted),
                created_at_ms: Set(now),
                created_by: Set(who.name.clone()),
                ..Default::default()
            }
            .insert(&w.txn)
            .await?,
        );
        let instansi_id = ds.instansi_id;
        super::datasets::touch(&w.txn, ds, who).await?;
        let mut resource = to_resource(row);
        resource.table = Some(TableSummary {
            version: made.version,
            row_count: made.row_count,
            sha256: made.sha256.clone(),
            size: made.size,
            content_type: made.content_type.clone(),
        });
        w.record(
            who,
            Event {
                instansi_id: Some(instansi_id),
                action: "satu_data.resource.upload",
                entity: "dataset_resource",
                entity_id: Some(id.to_string()),
                before: None,
                after: snapshot(Some(&made)),
            },
        )
        .await?;
        w.commit().await?;
        Ok((resource, made))
    }

    /// The row tables present, by name (a crash between loading and recording can leave one
    /// that no version names).
    pub async fn datastore_tables(&self) -> Result<Vec<String>, StoreError> {
        let backend = self.db.get_database_backend();
        let sql = match backend {
            sea_orm::DbBackend::Postgres => format!(
                "SELECT table_name::text AS t FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_name LIKE '{TABLE_PREFIX}%'"
            ),
            _ => format!(
                "SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name LIKE '{TABLE_PREFIX}%'"
            ),
        };
        let mut out = Vec::new();
        for r in self
            .db
            .query_all_raw(sea_orm::Statement::from_string(backend, sql))
            .await?
        {
            out.push(r.try_get::<String>("", "t")?);
        }
        out.sort();
        Ok(out)
    }

    /// The versions of resource `resource_id`, oldest first.
    pub async fn datastore_versions(
        &self,
        resource_id: i64,
    ) -> Result<Vec<DatastoreVersion>, StoreError> {
        Ok(datastore_version::Entity::find()
            .filter(datastore_version::Column::ResourceId.eq(resource_id))
            .order_by_asc(datastore_version::Column::Version)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_version)
            .collect())
    }

    /// Version `version` of resource `resource_id`, or its latest with `None`.
    pub async fn datastore_version(
        &self,
        resource_id: i64,
        version: Option<i32>,
    ) -> Result<Option<DatastoreVersion>, StoreError> {
        let mut q = datastore_version::Entity::find()
            .filter(datastore_version::Column::ResourceId.eq(resource_id));
        if let Some(v) = version {
            q = q.filter(datastore_version::Column::Version.eq(v));
        }
        Ok(q.order_by_desc(datastore_version::Column::Version)
            .one(&self.db)
            .await?
            .map(to_version))
    }
}

/// A name Padu gives a row table: its prefix, then letters, digits and `_` only.
fn plain_table_name(table: &str) -> bool {
    table.starts_with(TABLE_PREFIX) && table.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

pub(super) async fn drop_table<C: ConnectionTrait>(db: &C, table: &str) -> Result<(), StoreError> {
    if !plain_table_name(table) {
        return Err(StoreError::NotFound);
    }
    db.execute_unprepared(&format!("DROP TABLE IF EXISTS {table}"))
        .await?;
    Ok(())
}

/// Deletes the versions of resources `ids` and drops their row tables (inside a deletion's
/// transaction).
pub(super) async fn delete_versions<C: ConnectionTrait>(
    db: &C,
    ids: Vec<i64>,
) -> Result<(), StoreError> {
    if ids.is_empty() {
        return Ok(());
    }
    let versions = datastore_version::Entity::find()
        .filter(datastore_version::Column::ResourceId.is_in(ids.clone()))
        .all(db)
        .await?;
    for v in &versions {
        drop_table(db, &v.table_name).await?;
    }
    datastore_version::Entity::delete_many()
        .filter(datastore_version::Column::ResourceId.is_in(ids))
        .exec(db)
        .await?;
    Ok(())
}

impl DatastoreLoad {
    /// The table's name.
    pub fn table(&self) -> &str {
        &self.table
    }

    /// The rows inserted so far.
    pub fn rows(&self) -> i64 {
        self.rows
    }

    /// Inserts typed rows (each `columns.len()` cells), numbered on from the last; as many
    /// statements as the parameter limit needs.
    pub async fn insert(
        &mut self,
        columns: &[TableColumn],
        rows: &[Vec<Cell>],
    ) -> Result<(), StoreError> {
        let per = (MAX_PARAMS / (self.width + 1)).max(1);
        let mut names = vec![Alias::new("_id")];
        names.extend((0..self.width).map(|i| Alias::new(column_name(i))));
        for chunk in rows.chunks(per) {
            let mut insert = Query::insert();
            insert
                .into_table(Alias::new(self.table.clone()))
                .columns(names.clone());
            for row in chunk {
                self.rows += 1;
                let mut values: Vec<Expr> = vec![Expr::val(self.rows)];
                values.extend(
                    columns
                        .iter()
                        .zip(row)
                        .map(|(c, cell)| Expr::val(cell_value(cell, c.kind))),
                );
                insert.values_panic(values);
            }
            let stmt = self.db.get_database_backend().build(&insert);
            self.db.execute_raw(stmt).await?;
        }
        Ok(())
    }

    /// Indexes the filled table.
    pub async fn finish(&self) -> Result<(), StoreError> {
        for i in 0..self.width.min(INDEXED_COLUMNS) {
            let col = column_name(i);
            self.db
                .execute_unprepared(&format!(
                    "CREATE INDEX ix_{t}_{col} ON {t} (\"{col}\")",
                    t = self.table
                ))
                .await?;
        }
        Ok(())
    }

    /// Drops the table of an import that failed.
    pub async fn abandon(self) {
        if let Err(e) = drop_table(&self.db, &self.table).await {
            tracing::warn!(error = %e, table = %self.table, "could not drop an abandoned row table");
        }
    }
}
