//! A covering index for reading the values of many periods at once (the rankings across
//! hundreds of instansi, the dashboard's trend): both backends answer from the index alone,
//! without visiting the table's rows. Measured on a national-scale PostgreSQL database
//! (650 periods of 47 indicators): the values query went from about 84 ms to 20-50 ms.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("ix_period_indicators_values")
                    .table("period_indicators")
                    .col("period_id")
                    .col("number")
                    .col("self_value")
                    .col("accepted_value")
                    .col("final_value")
                    .to_owned(),
            )
            .await
    }
}
