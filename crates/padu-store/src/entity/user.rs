use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: String,
    pub instansi_id: Option<i64>,
    pub opd_id: Option<i64>,
    pub active: bool,
    pub created_at_ms: i64,
    pub password_changed_at_ms: i64,
    pub email: Option<String>,
    /// The Satu Data role code (`walidata`, `walidata_pendukung`, `produsen_data`).
    pub data_role: Option<String>,
    /// A produsen data's OPD.
    pub data_opd_id: Option<i64>,
    /// "Hanya SSO": the local password does not sign in.
    pub sso_only: bool,
}

impl ActiveModelBehavior for ActiveModel {}
