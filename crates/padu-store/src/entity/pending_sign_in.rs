use sea_orm::entity::prelude::*;

/// A single sign-on waiting for the provider's callback, named by the digest of its state:
/// shared by every instance on the database, used once, gone when finished or expired.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pending_sign_ins")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub state_digest: String,
    pub browser_digest: String,
    pub nonce: String,
    pub verifier: String,
    pub lanjut: Option<String>,
    pub created_ms: i64,
}

impl ActiveModelBehavior for ActiveModel {}
