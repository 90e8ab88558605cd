//! The login throttle's counters, in the database so that several instances allow no more
//! guesses than one. Not audited: a failed attempt is not a record of the Pemda (as sessions).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("login_failures")
                    .col(string("throttle_key").primary_key())
                    .col(big_integer("failures"))
                    .col(big_integer("since_ms"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("login_failures_since")
                    .table("login_failures")
                    .col("since_ms")
                    .to_owned(),
            )
            .await
    }
}
