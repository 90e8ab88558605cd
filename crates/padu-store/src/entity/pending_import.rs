use sea_orm::entity::prelude::*;

/// An uploaded import file waiting for its user's confirmation, named by the digest of a
/// random token: shared by every instance on the database, gone once applied or expired.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pending_imports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub token_digest: String,
    pub user_id: i64,
    pub period_id: i64,
    pub kind: String,
    pub bytes: Vec<u8>,
    pub created_ms: i64,
}

impl ActiveModelBehavior for ActiveModel {}
