//! The evaluation cycle: periods, each indicator's work in a period, evidence, comments,
//! notifications.

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

fn unique(name: &'static str, table: &'static str, cols: &[&'static str]) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table).unique();
    for col in cols {
        index.col(*col);
    }
    index.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut periods = Table::create();
        periods
            .table("periods")
            .col(big_pk_auto("id"))
            .col(big_integer("instansi_id"))
            .col(integer("year"))
            .col(string("kind"))
            .col(string("instrument"))
            .col(big_integer_null("carried_from_id"))
            .col(integer_null("target_value"))
            .col(boolean("closed"))
            .col(big_integer("created_at_ms"));
        // stage dates as ISO yyyy-mm-dd text: comparable and identical on both backends
        for stage in ["mandiri", "dokumen", "interviu", "visitasi"] {
            periods
                .col(string_null(format!("{stage}_mulai")))
                .col(string_null(format!("{stage}_selesai")));
        }
        periods
            .foreign_key(&mut fk("periods", "instansi_id", "instansi"))
            .foreign_key(&mut fk("periods", "carried_from_id", "periods"));
        manager.create_table(periods.to_owned()).await?;
        manager
            .create_index(unique(
                "ux_periods_instansi_year_kind",
                "periods",
                &["instansi_id", "year", "kind"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("period_indicators")
                    .col(big_pk_auto("id"))
                    .col(big_integer("period_id"))
                    .col(integer("number"))
                    .col(big_integer_null("lead_opd_id"))
                    .col(string("status"))
                    .col(boolean("to_review"))
                    .col(integer_null("self_value"))
                    .col(integer_null("accepted_value"))
                    .col(integer_null("final_value"))
                    .col(text("fakta"))
                    .col(text("analisis"))
                    .col(string_null("external_source"))
                    .col(string_null("external_date"))
                    .col(big_integer("updated_at_ms"))
                    .foreign_key(&mut fk("period_indicators", "period_id", "periods"))
                    .foreign_key(&mut fk("period_indicators", "lead_opd_id", "opd"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique(
                "ux_period_indicators_number",
                "period_indicators",
                &["period_id", "number"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("indicator_opds")
                    .col(big_integer("period_indicator_id"))
                    .col(big_integer("opd_id"))
                    .primary_key(Index::create().col("period_indicator_id").col("opd_id"))
                    .foreign_key(&mut fk(
                        "indicator_opds",
                        "period_indicator_id",
                        "period_indicators",
                    ))
                    .foreign_key(&mut fk("indicator_opds", "opd_id", "opd"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("evidence")
                    .col(big_pk_auto("id"))
                    .col(big_integer("instansi_id"))
                    .col(string("kind"))
                    .col(string("name"))
                    .col(string_null("sha256"))
                    .col(big_integer_null("size"))
                    .col(string_null("content_type"))
                    .col(text_null("url"))
                    .col(big_integer_null("uploaded_by"))
                    .col(big_integer("created_at_ms"))
                    .col(string_null("effective_date"))
                    .col(string_null("expiry_date"))
                    .foreign_key(&mut fk("evidence", "instansi_id", "instansi"))
                    .foreign_key(&mut fk("evidence", "uploaded_by", "users"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("indicator_evidence")
                    .col(big_pk_auto("id"))
                    .col(big_integer("period_indicator_id"))
                    .col(big_integer("evidence_id"))
                    .col(integer("level"))
                    .col(string("review"))
                    .col(text_null("note"))
                    .foreign_key(&mut fk(
                        "indicator_evidence",
                        "period_indicator_id",
                        "period_indicators",
                    ))
                    .foreign_key(&mut fk("indicator_evidence", "evidence_id", "evidence"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique(
                "ux_indicator_evidence_link",
                "indicator_evidence",
                &["period_indicator_id", "evidence_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("comments")
                    .col(big_pk_auto("id"))
                    .col(big_integer("period_indicator_id"))
                    .col(big_integer_null("author_id"))
                    .col(string("author_name"))
                    .col(string("kind"))
                    .col(text("body"))
                    .col(big_integer("created_at_ms"))
                    .foreign_key(&mut fk(
                        "comments",
                        "period_indicator_id",
                        "period_indicators",
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("notifications")
                    .col(big_pk_auto("id"))
                    .col(big_integer("user_id"))
                    .col(string("kind"))
                    .col(text("message"))
                    .col(string("link"))
                    .col(big_integer("created_at_ms"))
                    .col(boolean("read"))
                    .foreign_key(&mut fk("notifications", "user_id", "users"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_notifications_user")
                    .table("notifications")
                    .col("user_id")
                    .col("read")
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
