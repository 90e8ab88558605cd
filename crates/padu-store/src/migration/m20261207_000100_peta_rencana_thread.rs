//! Peta Rencana SPBE, the thread through the house (issue 15 items 3, 4, 6): an action item's
//! roadmap item (no database constraint: the store clears it when the roadmap item is deleted,
//! and a planner's re-accept may delete action items freely), a roadmap's semester report
//! deadline (days after a semester ends), the instansi's index targets per year (the RPJMD's
//! IKU) and the realisation reminders already sent (one per item and semester, however many
//! servers run the job).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("action_items")
                    .add_column(big_integer_null("roadmap_item_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_action_items_roadmap_item")
                    .table("action_items")
                    .col("roadmap_item_id")
                    .to_owned(),
            )
            .await?;
        // SQLite adds one column per ALTER TABLE
        manager
            .alter_table(
                Table::alter()
                    .table("roadmaps")
                    .add_column(integer("report_days").default(10))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("iku_targets")
                    .col(big_pk_auto("id"))
                    .col(big_integer("instansi_id"))
                    .col(integer("year"))
                    // hundredths of the index, as a period's target
                    .col(integer("target_value"))
                    .col(big_integer("updated_at_ms"))
                    .col(string("updated_by"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_iku_targets_instansi_id")
                            .from("iku_targets", "instansi_id")
                            .to("instansi", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_iku_targets_year")
                    .table("iku_targets")
                    .col("instansi_id")
                    .col("year")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("realisation_reminders")
                    .col(big_pk_auto("id"))
                    .col(big_integer("roadmap_item_id"))
                    .col(integer("year"))
                    .col(integer("semester"))
                    .col(integer("recipients"))
                    .col(big_integer("sent_at_ms"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_realisation_reminders_item")
                            .from("realisation_reminders", "roadmap_item_id")
                            .to("roadmap_items", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_realisation_reminders_once")
                    .table("realisation_reminders")
                    .col("roadmap_item_id")
                    .col("year")
                    .col("semester")
                    .unique()
                    .to_owned(),
            )
            .await
    }
}
