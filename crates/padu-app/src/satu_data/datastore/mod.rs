//! The DataStore's use cases: uploading a CSV or XLSX file as a resource or a new version of one
//! (`import`), and reading a version's rows by query (CKAN's `datastore_search`, Padu's
//! `/rows`), its versions, its original file. Reading a table is reading its dataset: public
//! when the dataset is public, else only for who may read the dataset (the rule of
//! `package_show`).

pub mod import;

use padu_core::access::Action;
use padu_core::satu_data::table::{
    Cell, ColumnType, TableColumn, parse_date, parse_int, parse_num,
};
use padu_files::{ContentHash, Download};
use padu_store::Instansi;
use padu_store::satu_data::{Dataset, DatastoreVersion, Resource, RowQuery};

use super::resources::RESOURCE;
use super::{ckan, dataset_for};
use crate::evaluation::evidence::files_error;
use crate::kit::app::App;
use crate::kit::error::AppError;
use crate::kit::principal::Caller;

/// What a resource without a table is called in a "not found".
pub const TABLE: &str = "Tabel data sumber ini";
/// The most rows one search returns (CKAN's limit).
pub const MAX_LIMIT: u64 = 32_000;
/// Rows returned when no limit is asked.
pub const DEFAULT_LIMIT: u64 = 100;

/// A search of a table, by column names as the file's header has them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableQuery {
    /// The version (the latest when `None`).
    pub version: Option<i32>,
    /// Column → values (as texts; empty text = empty cell); any of them matches.
    pub filters: Vec<(String, Vec<String>)>,
    /// Words searched in every text column.
    pub q: Option<String>,
    /// Column → words searched in it.
    pub q_columns: Vec<(String, String)>,
    /// The columns to return (all when `None`); `_id` always comes first.
    pub fields: Option<Vec<String>>,
    /// Column (or `_id`), descending?
    pub sort: Vec<(String, bool)>,
    pub limit: Option<u64>,
    pub offset: u64,
    pub include_total: bool,
    /// Only rows after this `_id` (keyset paging).
    pub after_id: Option<i64>,
}

/// A page of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRows {
    pub version: DatastoreVersion,
    /// The columns returned, in order (without `_id`).
    pub fields: Vec<TableColumn>,
    pub rows: Vec<(i64, Vec<Cell>)>,
    pub total: Option<i64>,
    pub limit: u64,
}

fn column(v: &DatastoreVersion, field: &str, name: &str) -> Result<usize, AppError> {
    v.columns
        .iter()
        .position(|c| c.name == name)
        .ok_or_else(|| AppError::field(field, format!("Kolom \"{name}\" tidak ada di tabel ini")))
}

fn value(kind: ColumnType, name: &str, raw: &str) -> Result<Cell, AppError> {
    let s = raw.trim();
    if s.is_empty() {
        return Ok(Cell::Null);
    }
    let bad = || {
        AppError::field(
            "filters",
            format!(
                "Nilai \"{s}\" untuk kolom \"{name}\" bukan {}",
                kind.label()
            ),
        )
    };
    Ok(match kind {
        ColumnType::Integer => Cell::Int(parse_int(s).ok_or_else(bad)?),
        ColumnType::Numeric => Cell::Num(parse_num(s).ok_or_else(bad)?),
        ColumnType::Date => Cell::Text(parse_date(s).ok_or_else(bad)?),
        ColumnType::Text => Cell::Text(raw.to_string()),
    })
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_string).collect()
}

/// The store's query for `q` over version `v`, every column name and value checked.
fn row_query(v: &DatastoreVersion, q: &TableQuery) -> Result<(RowQuery, Vec<usize>), AppError> {
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT);
    let mut filters = Vec::new();
    for (name, values) in &q.filters {
        let i = column(v, "filters", name)?;
        let kind = v.columns[i].kind;
        let cells = values
            .iter()
            .map(|raw| value(kind, name, raw))
            .collect::<Result<Vec<_>, _>>()?;
        filters.push((i, cells));
    }
    let mut q_columns = Vec::new();
    for (name, text) in &q.q_columns {
        q_columns.push((column(v, "q", name)?, words(text)));
    }
    let mut sort = Vec::new();
    for (name, desc) in &q.sort {
        let col = if name == "_id" {
            None
        } else {
            Some(column(v, "sort", name)?)
        };
        sort.push((col, *desc));
    }
    let shown = match &q.fields {
        None => (0..v.columns.len()).collect(),
        Some(names) => names
            .iter()
            .filter(|n| n.as_str() != "_id")
            .map(|n| column(v, "fields", n))
            .collect::<Result<Vec<_>, _>>()?,
    };
    Ok((
        RowQuery {
            filters,
            q: q.q.as_deref().map(words).unwrap_or_default(),
            q_columns,
            sort,
            after_id: q.after_id,
            limit,
            offset: q.offset,
            include_total: q.include_total,
        },
        shown,
    ))
}

async fn version_of(
    app: &App,
    resource_id: i64,
    version: Option<i32>,
) -> Result<DatastoreVersion, AppError> {
    app.store
        .datastore_version(resource_id, version)
        .await?
        .ok_or(AppError::NotFound(TABLE))
}

/// The rows of resource `r` (already read by a caller allowed to) that `q` asks for.
async fn rows_of(app: &App, r: &Resource, q: &TableQuery) -> Result<TableRows, AppError> {
    let v = version_of(app, r.id, q.version).await?;
    let (query, shown) = row_query(&v, q)?;
    let page = app.store.datastore_rows(&v, &query).await?;
    let fields = shown.iter().map(|&i| v.columns[i].clone()).collect();
    let rows = page
        .rows
        .into_iter()
        .map(|(id, cells)| (id, shown.iter().map(|&i| cells[i].clone()).collect()))
        .collect();
    Ok(TableRows {
        version: v,
        fields,
        rows,
        total: page.total,
        limit: query.limit,
    })
}

/// Resource `id` of dataset `key` when the caller may read the dataset.
async fn resource_of(
    app: &App,
    caller: &Caller,
    key: &str,
    id: i64,
) -> Result<(Resource, Dataset), AppError> {
    let (ds, _) = dataset_for(app, caller, key, Action::ReadDataset).await?;
    let r = ds
        .resources
        .iter()
        .find(|r| r.id == id)
        .cloned()
        .ok_or(AppError::NotFound(RESOURCE))?;
    Ok((r, ds))
}

/// Padu's API: the rows of resource `id` of dataset `key`.
pub async fn search(
    app: &App,
    caller: &Caller,
    key: &str,
    id: i64,
    q: &TableQuery,
) -> Result<TableRows, AppError> {
    let (r, _) = resource_of(app, caller, key, id).await?;
    rows_of(app, &r, q).await
}

/// Padu's API: the versions of resource `id` of dataset `key`, oldest first.
pub async fn versions(
    app: &App,
    caller: &Caller,
    key: &str,
    id: i64,
) -> Result<Vec<DatastoreVersion>, AppError> {
    let (r, _) = resource_of(app, caller, key, id).await?;
    Ok(app.store.datastore_versions(r.id).await?)
}

/// CKAN's `datastore_search`: the rows of resource `id` of this catalog (nobody = the public).
pub async fn ckan_search(
    app: &App,
    caller: Option<&Caller>,
    inst: &Instansi,
    id: i64,
    q: &TableQuery,
) -> Result<TableRows, AppError> {
    let (r, _) = ckan::resource_in(app, caller, inst, id).await?;
    rows_of(app, &r, q).await
}

/// The version `version` (the latest when `None`) of resource `id` of this catalog, with its
/// resource, when the caller may read it (CKAN's `datastore_info`, the dump, the download).
pub async fn ckan_version(
    app: &App,
    caller: Option<&Caller>,
    inst: &Instansi,
    id: i64,
    version: Option<i32>,
) -> Result<(Resource, DatastoreVersion), AppError> {
    let (r, _) = ckan::resource_in(app, caller, inst, id).await?;
    let v = version_of(app, r.id, version).await?;
    Ok((r, v))
}

/// The original file of a version, streamed from the files store.
pub async fn file(app: &App, v: &DatastoreVersion) -> Result<Download, AppError> {
    let hash = ContentHash::parse(&v.sha256).map_err(files_error)?;
    app.files.get(&hash).await.map_err(files_error)
}
