use sea_orm::entity::prelude::*;

/// One version of an uploaded resource: its file, typed columns, row count and problems; its
/// rows are in the table `table_name`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "datastore_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub resource_id: i64,
    /// 1, 2, … per resource.
    pub version: i32,
    pub table_name: String,
    pub file_name: String,
    pub format: String,
    pub sha256: String,
    pub size: i64,
    pub content_type: String,
    pub row_count: i64,
    /// JSON: `[{"name", "type"}]`.
    pub columns: String,
    /// JSON: `[{"row", "column", "message"}]`.
    pub problems: String,
    pub problems_omitted: i64,
    pub created_at_ms: i64,
    pub created_by: String,
}

impl ActiveModelBehavior for ActiveModel {}
