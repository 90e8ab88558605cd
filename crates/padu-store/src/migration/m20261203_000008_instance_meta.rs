//! What the installation says about itself, as key and value (`demo` = `true`: the database
//! holds the demo's synthetic data, and every page says so).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("instance_meta")
                    .col(string("key").primary_key())
                    .col(text("value"))
                    .col(big_integer("updated_at_ms"))
                    .to_owned(),
            )
            .await
    }
}
