use sea_orm::entity::prelude::*;

/// A realisation reminder sent: one per roadmap item and semester.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "realisation_reminders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub roadmap_item_id: i64,
    pub year: i32,
    pub semester: i32,
    pub recipients: i32,
    pub sent_at_ms: i64,
}

impl ActiveModelBehavior for ActiveModel {}
