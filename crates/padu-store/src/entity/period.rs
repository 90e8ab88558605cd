use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "periods")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub instansi_id: i64,
    pub year: i32,
    pub kind: String,
    pub instrument: String,
    pub carried_from_id: Option<i64>,
    pub target_value: Option<i32>,
    pub closed: bool,
    pub created_at_ms: i64,
    pub mandiri_mulai: Option<String>,
    pub mandiri_selesai: Option<String>,
    pub dokumen_mulai: Option<String>,
    pub dokumen_selesai: Option<String>,
    pub interviu_mulai: Option<String>,
    pub interviu_selesai: Option<String>,
    pub visitasi_mulai: Option<String>,
    pub visitasi_selesai: Option<String>,
}

impl ActiveModelBehavior for ActiveModel {}
