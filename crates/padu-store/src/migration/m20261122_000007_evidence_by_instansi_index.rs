//! An index for an instansi's evidence, newest first: the indicator page offers the newest
//! items for reuse (and finds older ones by name) without scanning the evidence of every other
//! instansi, which at national scale is hundreds of thousands of rows.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("ix_evidence_instansi")
                    .table("evidence")
                    .col("instansi_id")
                    .col("id")
                    .to_owned(),
            )
            .await
    }
}
