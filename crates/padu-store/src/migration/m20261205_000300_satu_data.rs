//! Satu Data roles: a user's second, separate grant beside the SPBE role (walidata, walidata
//! pendukung, produsen data with its OPD).

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
                    .add_column(string_null("data_role"))
                    .to_owned(),
            )
            .await?;
        // SQLite adds one column per ALTER TABLE
        manager
            .alter_table(
                Table::alter()
                    .table("users")
                    .add_column(big_integer_null("data_opd_id"))
                    .to_owned(),
            )
            .await
    }
}
