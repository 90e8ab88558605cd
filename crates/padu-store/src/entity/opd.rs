use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "opd")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub instansi_id: i64,
    pub name: String,
    pub kind: String,
    pub active: bool,
    pub created_at_ms: i64,
}

impl ActiveModelBehavior for ActiveModel {}
