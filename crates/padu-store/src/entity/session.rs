use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    /// SHA-256 of the cookie value: the secret itself is never stored.
    #[sea_orm(primary_key, auto_increment = false)]
    pub token_digest: String,
    pub user_id: i64,
    pub created_at_ms: i64,
    pub expires_at_ms: i64,
}

impl ActiveModelBehavior for ActiveModel {}
