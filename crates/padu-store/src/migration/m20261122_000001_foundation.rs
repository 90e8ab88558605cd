//! Organisations, users, sessions, API tokens and the hash-chained audit log.

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
                    .table("instansi")
                    .col(big_pk_auto("id"))
                    .col(string("kind"))
                    .col(string("name"))
                    .col(big_integer_null("parent_id"))
                    .col(string_null("kode_wilayah"))
                    .col(string("timezone"))
                    .col(big_integer("created_at_ms"))
                    .foreign_key(&mut fk("instansi", "parent_id", "instansi"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_instansi_name")
                    .table("instansi")
                    .col("name")
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("opd")
                    .col(big_pk_auto("id"))
                    .col(big_integer("instansi_id"))
                    .col(string("name"))
                    .col(string("kind"))
                    .col(boolean("active"))
                    .col(big_integer("created_at_ms"))
                    .foreign_key(&mut fk("opd", "instansi_id", "instansi"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_opd_instansi_name")
                    .table("opd")
                    .col("instansi_id")
                    .col("name")
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("users")
                    .col(big_pk_auto("id"))
                    .col(string_uniq("username"))
                    .col(string("display_name"))
                    .col(string("password_hash"))
                    .col(string("role"))
                    .col(big_integer_null("instansi_id"))
                    .col(big_integer_null("opd_id"))
                    .col(boolean("active"))
                    .col(big_integer("created_at_ms"))
                    .col(big_integer("password_changed_at_ms"))
                    .foreign_key(&mut fk("users", "instansi_id", "instansi"))
                    .foreign_key(&mut fk("users", "opd_id", "opd"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("sessions")
                    .col(string("token_digest").primary_key())
                    .col(big_integer("user_id"))
                    .col(big_integer("created_at_ms"))
                    .col(big_integer("expires_at_ms"))
                    .foreign_key(
                        &mut fk("sessions", "user_id", "users")
                            .on_delete(ForeignKeyAction::Cascade)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("api_tokens")
                    .col(big_pk_auto("id"))
                    .col(big_integer("user_id"))
                    .col(string_uniq("token_digest"))
                    .col(string("name"))
                    .col(big_integer("created_at_ms"))
                    .col(big_integer("expires_at_ms"))
                    .foreign_key(
                        &mut fk("api_tokens", "user_id", "users")
                            .on_delete(ForeignKeyAction::Cascade)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("audit_log")
                    .col(big_integer("seq").primary_key())
                    .col(big_integer("at_ms"))
                    .col(big_integer_null("actor_id"))
                    .col(string("actor_name"))
                    .col(big_integer_null("instansi_id"))
                    .col(string("action"))
                    .col(string("entity"))
                    .col(string_null("entity_id"))
                    .col(text_null("before"))
                    .col(text_null("after"))
                    .col(string("prev_hash"))
                    .col(string("hash"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_log_instansi")
                    .table("audit_log")
                    .col("instansi_id")
                    .col("seq")
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("audit_head")
                    .col(integer("id").primary_key())
                    .col(big_integer("seq"))
                    .col(string("hash"))
                    .to_owned(),
            )
            .await?;
        let genesis = Query::insert()
            .into_table("audit_head")
            .columns(["id", "seq", "hash"])
            .values_panic([1.into(), 0i64.into(), padu_core::audit::GENESIS.into()])
            .to_owned();
        manager.execute(genesis).await?;
        Ok(())
    }
}
