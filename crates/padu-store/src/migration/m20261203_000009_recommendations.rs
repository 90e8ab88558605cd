//! Recommendations (pembinaan): what a province advises one of its kabupaten/kota (issue 13).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(from_col: &'static str, to_table: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_recommendations_{from_col}"))
        .from("recommendations", from_col)
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
                    .table("recommendations")
                    .col(big_pk_auto("id"))
                    .col(big_integer("instansi_id"))
                    .col(integer("year"))
                    .col(big_integer_null("period_id"))
                    .col(integer_null("indicator"))
                    .col(text("body"))
                    .col(big_integer_null("author_id"))
                    .col(string("author_name"))
                    .col(big_integer("created_at_ms"))
                    .col(big_integer_null("followed_up_at_ms"))
                    .col(string_null("followed_up_by"))
                    .col(text_null("follow_up_note"))
                    .foreign_key(&mut fk("instansi_id", "instansi"))
                    .foreign_key(&mut fk("period_id", "periods"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_recommendations_instansi")
                    .table("recommendations")
                    .col("instansi_id")
                    .to_owned(),
            )
            .await
    }
}
