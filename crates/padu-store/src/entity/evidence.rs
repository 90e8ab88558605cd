use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "evidence")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub instansi_id: i64,
    pub kind: String,
    pub name: String,
    pub sha256: Option<String>,
    pub size: Option<i64>,
    pub content_type: Option<String>,
    pub url: Option<String>,
    pub uploaded_by: Option<i64>,
    pub created_at_ms: i64,
    pub effective_date: Option<String>,
    pub expiry_date: Option<String>,
    /// An instansi-wide document (a Perbup, an SK Bupati): every OPD of the instansi reads and
    /// reuses it.
    pub instansi_wide: bool,
}

impl ActiveModelBehavior for ActiveModel {}
