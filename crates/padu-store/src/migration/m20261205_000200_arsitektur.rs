//! Arsitektur SPBE (issue 14): a Pemda's items in the six domains and the links between them.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(
    table: &'static str,
    from_col: &'static str,
    to_table: &'static str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{from_col}"))
        .from(table, from_col)
        .to(to_table, "id")
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("architecture_items")
                    .col(big_pk_auto("id"))
                    .col(big_integer("instansi_id"))
                    .col(big_integer("opd_id"))
                    .col(integer("year"))
                    .col(string("domain"))
                    .col(string("state"))
                    .col(string("status"))
                    .col(string("name"))
                    .col(string_null("reference"))
                    .col(text("fields"))
                    .col(boolean("published").default(false))
                    .col(text_null("return_note"))
                    .col(big_integer("created_at_ms"))
                    .col(big_integer("updated_at_ms"))
                    .col(string("updated_by"))
                    .foreign_key(&mut fk("architecture_items", "instansi_id", "instansi"))
                    .foreign_key(&mut fk("architecture_items", "opd_id", "opd"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_architecture_items_instansi")
                    .table("architecture_items")
                    .col("instansi_id")
                    .col("domain")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("architecture_links")
                    .col(big_pk_auto("id"))
                    .col(big_integer("instansi_id"))
                    .col(big_integer("item_a"))
                    .col(big_integer("item_b"))
                    .col(big_integer("created_at_ms"))
                    .foreign_key(&mut fk("architecture_links", "instansi_id", "instansi"))
                    .foreign_key(&mut fk(
                        "architecture_links",
                        "item_a",
                        "architecture_items",
                    ))
                    .foreign_key(&mut fk(
                        "architecture_links",
                        "item_b",
                        "architecture_items",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_architecture_links_pair")
                    .table("architecture_links")
                    .col("item_a")
                    .col("item_b")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_architecture_links_b")
                    .table("architecture_links")
                    .col("item_b")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_architecture_links_instansi")
                    .table("architecture_links")
                    .col("instansi_id")
                    .to_owned(),
            )
            .await
    }
}
