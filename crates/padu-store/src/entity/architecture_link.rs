use sea_orm::entity::prelude::*;

/// A link between two items of the same instansi's architecture, stored once with the smaller
/// id first (links have no direction).
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "architecture_links")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub instansi_id: i64,
    pub item_a: i64,
    pub item_b: i64,
    pub created_at_ms: i64,
}

impl ActiveModelBehavior for ActiveModel {}
