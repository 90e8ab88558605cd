use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "period_indicators")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub period_id: i64,
    pub number: i32,
    pub lead_opd_id: Option<i64>,
    pub status: String,
    pub to_review: bool,
    /// Values in hundredths (level 3 = 300, 1.26 = 126).
    pub self_value: Option<i32>,
    pub accepted_value: Option<i32>,
    pub final_value: Option<i32>,
    pub fakta: String,
    pub analisis: String,
    pub external_source: Option<String>,
    pub external_date: Option<String>,
    pub updated_at_ms: i64,
}

impl ActiveModelBehavior for ActiveModel {}
