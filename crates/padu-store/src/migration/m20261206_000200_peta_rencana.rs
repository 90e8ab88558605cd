//! Peta Rencana SPBE (issue 15): an instansi's roadmaps (with their versions) and their items.

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
                    .table("roadmaps")
                    .col(big_pk_auto("id"))
                    .col(big_integer("instansi_id"))
                    .col(string("title"))
                    .col(integer("start_year"))
                    .col(integer("end_year"))
                    .col(text("basis"))
                    .col(string("status"))
                    .col(string_null("decree_number"))
                    .col(string_null("decree_date"))
                    .col(string_null("review_kind"))
                    .col(text_null("review_note"))
                    .col(integer("version"))
                    .col(big_integer_null("previous_id"))
                    .col(big_integer("created_at_ms"))
                    .col(big_integer("updated_at_ms"))
                    .col(string("updated_by"))
                    .foreign_key(&mut fk("roadmaps", "instansi_id", "instansi"))
                    .foreign_key(&mut fk("roadmaps", "previous_id", "roadmaps"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_roadmaps_instansi")
                    .table("roadmaps")
                    .col("instansi_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("roadmap_items")
                    .col(big_pk_auto("id"))
                    .col(big_integer("roadmap_id"))
                    .col(big_integer("instansi_id"))
                    .col(big_integer("opd_id"))
                    .col(string("title"))
                    .col(string("status"))
                    .col(text("details"))
                    .col(big_integer("created_at_ms"))
                    .col(big_integer("updated_at_ms"))
                    .col(string("updated_by"))
                    .foreign_key(&mut fk("roadmap_items", "roadmap_id", "roadmaps"))
                    .foreign_key(&mut fk("roadmap_items", "instansi_id", "instansi"))
                    .foreign_key(&mut fk("roadmap_items", "opd_id", "opd"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_roadmap_items_roadmap")
                    .table("roadmap_items")
                    .col("roadmap_id")
                    .to_owned(),
            )
            .await
    }
}
