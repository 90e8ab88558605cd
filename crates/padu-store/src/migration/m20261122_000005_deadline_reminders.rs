//! Deadline reminders already sent (issue 4): one row per period, stage, end date and how many
//! days ahead, so each reminder goes out once however often the job runs and however many
//! servers run it. A stage whose end date moves is reminded again for the new date.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("deadline_reminders")
                    .col(big_pk_auto("id"))
                    .col(big_integer("period_id"))
                    // mandiri, dokumen, interviu, visitasi
                    .col(string("stage"))
                    // ISO yyyy-mm-dd, the stage's end when the reminder was sent
                    .col(string("end_date"))
                    // 7: a week ahead; 1: the day before (or the day itself)
                    .col(integer("days_before"))
                    .col(integer("recipients"))
                    .col(big_integer("sent_at_ms"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_deadline_reminders_period_id")
                            .from("deadline_reminders", "period_id")
                            .to("periods", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_deadline_reminders_once")
                    .table("deadline_reminders")
                    .col("period_id")
                    .col("stage")
                    .col("end_date")
                    .col("days_before")
                    .unique()
                    .to_owned(),
            )
            .await
    }
}
