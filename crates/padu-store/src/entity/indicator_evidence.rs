use sea_orm::entity::prelude::*;

/// An evidence item linked to one indicator in one period, for one level, with its review.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "indicator_evidence")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub period_indicator_id: i64,
    pub evidence_id: i64,
    pub level: i32,
    pub review: String,
    pub note: Option<String>,
}

impl ActiveModelBehavior for ActiveModel {}
