//! The change log: what each committed write touched (its instansi, the user it changed, the
//! inboxes it filled, or everything), numbered in commit order, so that every instance on the
//! same database catches its read caches up at the start of each request (see
//! `crate::changes`). Old rows are pruned; a missing row reads as "everything changed".

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("change_log")
                    .col(big_integer("seq").primary_key())
                    .col(big_integer("at_ms"))
                    .col(text("keys"))
                    .to_owned(),
            )
            .await
    }
}
