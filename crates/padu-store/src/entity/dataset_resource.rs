use sea_orm::entity::prelude::*;

/// A resource of a dataset: a link with its name, format and description.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "dataset_resources")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub dataset_id: i64,
    pub position: i32,
    pub name: String,
    pub url: String,
    /// Upper-case, e.g. `CSV`, `XLSX`, `JSON`.
    pub format: String,
    pub description: String,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

impl ActiveModelBehavior for ActiveModel {}
