use sea_orm::entity::prelude::*;

/// A group (theme) of an instansi's catalog, CKAN's `group`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "data_groups")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub instansi_id: i64,
    pub name: String,
    pub title: String,
    pub created_at_ms: i64,
}

impl ActiveModelBehavior for ActiveModel {}
