//! Satu Data's catalog (issue 16): datasets owned by an OPD with their metadata, tags, the
//! instansi's groups (themes) and membership in them, resources as links, and the walidata's
//! per-field notes of the last return.

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

async fn index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: &str,
    cols: &[&'static str],
    unique: bool,
) -> Result<(), DbErr> {
    let mut ix = Index::create();
    ix.name(name).table(table.to_string());
    for c in cols {
        ix.col(*c);
    }
    if unique {
        ix.unique();
    }
    manager.create_index(ix.to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("datasets")
                    .col(big_pk_auto("id"))
                    .col(big_integer("instansi_id"))
                    .col(big_integer("opd_id"))
                    .col(string("name"))
                    .col(string("title"))
                    .col(text("notes"))
                    .col(string_null("license_id"))
                    .col(string("access"))
                    .col(string("status"))
                    .col(integer_null("year"))
                    .col(boolean("prioritas").default(false))
                    .col(text("metadata"))
                    .col(text("extras"))
                    .col(string_null("pembina_approved_by"))
                    .col(big_integer_null("published_at_ms"))
                    .col(big_integer("created_at_ms"))
                    .col(big_integer("updated_at_ms"))
                    .col(string("updated_by"))
                    .foreign_key(&mut fk("datasets", "instansi_id", "instansi"))
                    .foreign_key(&mut fk("datasets", "opd_id", "opd"))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ux_datasets_instansi_name",
            "datasets",
            &["instansi_id", "name"],
            true,
        )
        .await?;
        index(manager, "ix_datasets_name", "datasets", &["name"], false).await?;
        manager
            .create_table(
                Table::create()
                    .table("dataset_tags")
                    .col(big_pk_auto("id"))
                    .col(big_integer("dataset_id"))
                    .col(string("name"))
                    .foreign_key(&mut fk("dataset_tags", "dataset_id", "datasets"))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ux_dataset_tags",
            "dataset_tags",
            &["dataset_id", "name"],
            true,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table("data_groups")
                    .col(big_pk_auto("id"))
                    .col(big_integer("instansi_id"))
                    .col(string("name"))
                    .col(string("title"))
                    .col(big_integer("created_at_ms"))
                    .foreign_key(&mut fk("data_groups", "instansi_id", "instansi"))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ux_data_groups_name",
            "data_groups",
            &["instansi_id", "name"],
            true,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table("dataset_groups")
                    .col(big_pk_auto("id"))
                    .col(big_integer("dataset_id"))
                    .col(big_integer("group_id"))
                    .foreign_key(&mut fk("dataset_groups", "dataset_id", "datasets"))
                    .foreign_key(&mut fk("dataset_groups", "group_id", "data_groups"))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ux_dataset_groups",
            "dataset_groups",
            &["dataset_id", "group_id"],
            true,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table("dataset_resources")
                    .col(big_pk_auto("id"))
                    .col(big_integer("dataset_id"))
                    .col(integer("position"))
                    .col(string("name"))
                    .col(text("url"))
                    .col(string("format"))
                    .col(text("description"))
                    .col(big_integer("created_at_ms"))
                    .col(big_integer("updated_at_ms"))
                    .foreign_key(&mut fk("dataset_resources", "dataset_id", "datasets"))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_dataset_resources_dataset",
            "dataset_resources",
            &["dataset_id"],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table("dataset_review_notes")
                    .col(big_pk_auto("id"))
                    .col(big_integer("dataset_id"))
                    .col(string("field"))
                    .col(text("note"))
                    .col(big_integer("created_at_ms"))
                    .col(string("created_by"))
                    .foreign_key(&mut fk("dataset_review_notes", "dataset_id", "datasets"))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ux_dataset_review_notes",
            "dataset_review_notes",
            &["dataset_id", "field"],
            true,
        )
        .await
    }
}
