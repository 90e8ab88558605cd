use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub kind: String,
    pub message: String,
    pub link: String,
    pub created_at_ms: i64,
    pub read: bool,
}

impl ActiveModelBehavior for ActiveModel {}
