use sea_orm::entity::prelude::*;

/// The consolidation decision for one application item (`decision`: keep, integrate, merge,
/// retire), dated, with the application it merges into or the national one it integrates with.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "application_decisions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub item_id: i64,
    pub instansi_id: i64,
    pub decision: String,
    pub into_item_id: Option<i64>,
    pub national: Option<String>,
    pub decided_on: String,
    pub note: Option<String>,
    pub decided_by: String,
    pub updated_at_ms: i64,
}

impl ActiveModelBehavior for ActiveModel {}
