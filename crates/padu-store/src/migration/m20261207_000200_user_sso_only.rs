//! "Hanya SSO": a user whose local password no longer signs in; they sign in through the
//! OpenID Connect provider only (false for every existing user).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("users")
                    .add_column(boolean("sso_only").default(false))
                    .to_owned(),
            )
            .await
    }
}
