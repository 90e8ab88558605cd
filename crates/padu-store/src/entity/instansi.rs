use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "instansi")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub parent_id: Option<i64>,
    pub kode_wilayah: Option<String>,
    pub timezone: String,
    pub created_at_ms: i64,
    /// The URL name, unique (`kabupaten-trenggalek`).
    pub slug: String,
}

impl ActiveModelBehavior for ActiveModel {}
