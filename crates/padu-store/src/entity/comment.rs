use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "comments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub period_indicator_id: i64,
    pub author_id: Option<i64>,
    pub author_name: String,
    pub kind: String,
    pub body: String,
    pub created_at_ms: i64,
}

impl ActiveModelBehavior for ActiveModel {}
