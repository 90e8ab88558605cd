use sea_orm::entity::prelude::*;

/// One item of a roadmap. What lists filter or sort on is a column; the rest
/// (`padu_core::peta_rencana::ItemDetails`: years, targets, budget, indicators, realisation) is
/// one JSON object in `details`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "roadmap_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub roadmap_id: i64,
    pub instansi_id: i64,
    pub opd_id: i64,
    pub title: String,
    /// `padu_core::peta_rencana::ItemStatus` code.
    pub status: String,
    pub details: String,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub updated_by: String,
}

impl ActiveModelBehavior for ActiveModel {}
