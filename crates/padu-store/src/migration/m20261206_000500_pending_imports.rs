//! Uploaded import files waiting for their confirmation (the worksheet and the official result),
//! in the database so that the preview and "Terapkan" may reach different instances behind a
//! load balancer. Not audited and not in a backup: a waiting upload is not a record of the Pemda
//! (it is applied, in an audited transaction, only once confirmed), and it expires in minutes.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("pending_imports")
                    // the SHA-256 of the token the user's form carries, never the token itself
                    .col(string("token_digest").primary_key())
                    .col(big_integer("user_id"))
                    .col(big_integer("period_id"))
                    .col(string("kind"))
                    .col(blob("bytes"))
                    .col(big_integer("created_ms"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("pending_imports_created")
                    .table("pending_imports")
                    .col("created_ms")
                    .to_owned(),
            )
            .await
    }
}
