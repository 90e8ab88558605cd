use sea_orm::entity::prelude::*;

/// One item of a Pemda's Arsitektur SPBE (proses bisnis, layanan, data, aplikasi,
/// infrastruktur or keamanan). What every domain has is a column; the domain's own fields are
/// one JSON object in `fields`, checked by `padu_core::arsitektur::validate_fields`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "architecture_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub instansi_id: i64,
    pub opd_id: i64,
    pub year: i32,
    /// `padu_core::arsitektur::Domain` code.
    pub domain: String,
    /// `as_is` or `to_be`.
    pub state: String,
    /// `draft`, `submitted`, `verified` or `returned`.
    pub status: String,
    pub name: String,
    /// Its node in the domain's reference model (`RAB.01.02.03`).
    pub reference: Option<String>,
    /// The domain's fields, a JSON object.
    pub fields: String,
    /// A layanan shown on the public portal.
    pub published: bool,
    /// Why it was returned (the last return).
    pub return_note: Option<String>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub updated_by: String,
}

impl ActiveModelBehavior for ActiveModel {}
