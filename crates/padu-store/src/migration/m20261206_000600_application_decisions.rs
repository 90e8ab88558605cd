//! The consolidation decision recorded for an application of the Arsitektur SPBE (issue 14
//! item 4): keep, integrate with a national application, merge into another, or retire, with
//! its date. One row per application (the audit log keeps the earlier decisions).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("application_decisions")
                    .col(big_integer("item_id").primary_key())
                    .col(big_integer("instansi_id"))
                    .col(string("decision"))
                    .col(big_integer_null("into_item_id"))
                    .col(string_null("national"))
                    // ISO yyyy-mm-dd
                    .col(string("decided_on"))
                    .col(text_null("note"))
                    .col(string("decided_by"))
                    .col(big_integer("updated_at_ms"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_application_decisions_item_id")
                            .from("application_decisions", "item_id")
                            .to("architecture_items", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("application_decisions_instansi")
                    .table("application_decisions")
                    .col("instansi_id")
                    .to_owned(),
            )
            .await
    }
}
