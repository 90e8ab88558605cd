//! When an API token was last used (null: never), shown beside its name, creation and expiry.
//! Written at most about once a minute per token, not on every request.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("api_tokens")
                    .add_column(big_integer_null("last_used_at_ms"))
                    .to_owned(),
            )
            .await
    }
}
