use sea_orm::entity::prelude::*;

/// A Satu Data dataset of an OPD. CKAN's fields are columns; the Satu Data metadata is one
/// JSON object in `metadata` (`padu_core::satu_data::Metadata`), the extras a client sent one
/// JSON object of texts in `extras`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "datasets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub instansi_id: i64,
    pub opd_id: i64,
    /// CKAN's `name`, unique in the instansi.
    pub name: String,
    pub title: String,
    pub notes: String,
    pub license_id: Option<String>,
    /// `terbuka`, `terbatas` or `tertutup`.
    pub access: String,
    /// `padu_core::satu_data::Status` code.
    pub status: String,
    /// The year of the Daftar Data.
    pub year: Option<i32>,
    pub prioritas: bool,
    pub metadata: String,
    pub extras: String,
    /// Who recorded the pembina's verdict on data prioritas.
    pub pembina_approved_by: Option<String>,
    pub published_at_ms: Option<i64>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub updated_by: String,
}

impl ActiveModelBehavior for ActiveModel {}
