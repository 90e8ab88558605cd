//! Action items: the steps of an accepted target plan (issue 5), tracked per period.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(
    from_table: &'static str,
    from_col: &'static str,
    to_table: &'static str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from_table}_{from_col}"))
        .from(from_table, from_col)
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
                    .table("action_items")
                    .col(big_pk_auto("id"))
                    .col(big_integer("period_id"))
                    .col(integer("number"))
                    // values in hundredths, like period_indicators
                    .col(integer("from_value"))
                    .col(integer("to_value"))
                    .col(big_integer_null("lead_opd_id"))
                    // ISO yyyy-mm-dd: comparable and identical on both backends
                    .col(string("due_date"))
                    // 1-based semester counted from the period's start
                    .col(integer("target_period"))
                    .col(big_integer("effort_days"))
                    .col(text("evidence_needed"))
                    .col(string("status"))
                    .col(big_integer("created_at_ms"))
                    .foreign_key(&mut fk("action_items", "period_id", "periods"))
                    .foreign_key(&mut fk("action_items", "lead_opd_id", "opd"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_action_items_period")
                    .table("action_items")
                    .col("period_id")
                    .to_owned(),
            )
            .await
    }
}
