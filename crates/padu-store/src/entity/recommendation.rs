use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "recommendations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The kabupaten/kota (or province) coached.
    pub instansi_id: i64,
    pub year: i32,
    /// The evaluation the recommendation is about, when it names an indicator.
    pub period_id: Option<i64>,
    pub indicator: Option<i32>,
    pub body: String,
    pub author_id: Option<i64>,
    pub author_name: String,
    pub created_at_ms: i64,
    pub followed_up_at_ms: Option<i64>,
    pub followed_up_by: Option<String>,
    pub follow_up_note: Option<String>,
}

impl ActiveModelBehavior for ActiveModel {}
