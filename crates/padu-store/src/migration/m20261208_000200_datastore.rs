//! Satu Data's DataStore (issue 16 item 4): the versions of an uploaded resource, each with its
//! file (in the files store, by SHA-256), its typed columns, its row count and the problems
//! found while reading it. The rows themselves live in one table per version (`dstable_…`),
//! created by the store when the file is imported, not by a migration.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("datastore_versions")
                    .col(big_pk_auto("id"))
                    .col(big_integer("resource_id"))
                    .col(integer("version"))
                    .col(string("table_name"))
                    .col(string("file_name"))
                    .col(string("format"))
                    .col(string("sha256"))
                    .col(big_integer("size"))
                    .col(string("content_type"))
                    .col(big_integer("row_count"))
                    .col(text("columns"))
                    .col(text("problems"))
                    .col(big_integer("problems_omitted"))
                    .col(big_integer("created_at_ms"))
                    .col(string("created_by"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_datastore_versions_resource_id")
                            .from("datastore_versions", "resource_id")
                            .to("dataset_resources", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_datastore_versions")
                    .table("datastore_versions")
                    .col("resource_id")
                    .col("version")
                    .unique()
                    .to_owned(),
            )
            .await
    }
}
