use sea_orm::entity::prelude::*;

/// A tag of a dataset.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "dataset_tags")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub dataset_id: i64,
    pub name: String,
}

impl ActiveModelBehavior for ActiveModel {}
