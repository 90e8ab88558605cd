use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "deadline_reminders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub period_id: i64,
    pub stage: String,
    pub end_date: String,
    pub days_before: i32,
    pub recipients: i32,
    pub sent_at_ms: i64,
}

impl ActiveModelBehavior for ActiveModel {}
