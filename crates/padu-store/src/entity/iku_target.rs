use sea_orm::entity::prelude::*;

/// An instansi's index target for one year (the RPJMD's IKU).
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "iku_targets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub instansi_id: i64,
    pub year: i32,
    /// Hundredths of the index.
    pub target_value: i32,
    pub updated_at_ms: i64,
    pub updated_by: String,
}

impl ActiveModelBehavior for ActiveModel {}
