use sea_orm::entity::prelude::*;

/// The walidata's note on one field of a dataset, from its last return.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "dataset_review_notes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub dataset_id: i64,
    /// The field's name (CKAN's where it has one).
    pub field: String,
    pub note: String,
    pub created_at_ms: i64,
    pub created_by: String,
}

impl ActiveModelBehavior for ActiveModel {}
