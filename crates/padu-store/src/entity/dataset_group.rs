use sea_orm::entity::prelude::*;

/// A dataset's membership in a group.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "dataset_groups")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub dataset_id: i64,
    pub group_id: i64,
}

impl ActiveModelBehavior for ActiveModel {}
