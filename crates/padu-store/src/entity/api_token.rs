use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_tokens")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    /// SHA-256 of the bearer token.
    pub token_digest: String,
    pub name: String,
    pub created_at_ms: i64,
    pub expires_at_ms: i64,
    /// When the token was last accepted, to the minute (`None`: never).
    pub last_used_at_ms: Option<i64>,
}

impl ActiveModelBehavior for ActiveModel {}
