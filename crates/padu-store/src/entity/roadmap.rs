use sea_orm::entity::prelude::*;

/// One version of an instansi's Peta Rencana SPBE.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "roadmaps")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub instansi_id: i64,
    pub title: String,
    pub start_year: i32,
    pub end_year: i32,
    /// `padu_core::peta_rencana::Basis` codes, a JSON array.
    pub basis: String,
    /// `draft`, `ditetapkan` or `direviu`.
    pub status: String,
    pub decree_number: Option<String>,
    /// `YYYY-MM-DD`.
    pub decree_date: Option<String>,
    /// `tengah` or `akhir`, once reviewed.
    pub review_kind: Option<String>,
    pub review_note: Option<String>,
    /// 1 for the first, one more for each review.
    pub version: i32,
    /// The version this one replaced.
    pub previous_id: Option<i64>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub updated_by: String,
    /// Days after a semester ends by which its realisation is reported.
    pub report_days: i32,
}

impl ActiveModelBehavior for ActiveModel {}
