//! Evidence its uploader marks as an instansi-wide document (a Perbup, an SK Bupati): readable
//! and reusable by every OPD of the instansi, while other evidence is read only by whoever may
//! read the work of an indicator it is linked to.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("evidence")
                    .add_column(boolean("instansi_wide").default(false))
                    .to_owned(),
            )
            .await
    }
}
