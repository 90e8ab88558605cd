use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "action_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub period_id: i64,
    pub number: i32,
    pub from_value: i32,
    pub to_value: i32,
    pub lead_opd_id: Option<i64>,
    pub due_date: String,
    pub target_period: i32,
    pub effort_days: i64,
    pub evidence_needed: String,
    pub status: String,
    pub created_at_ms: i64,
    /// The roadmap item it belongs to (Peta Rencana), if attached.
    pub roadmap_item_id: Option<i64>,
}

impl ActiveModelBehavior for ActiveModel {}
