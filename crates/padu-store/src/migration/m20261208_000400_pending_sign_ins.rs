//! Single sign-ons started and not yet finished (the OpenID Connect state, nonce and PKCE
//! verifier), in the database so that the provider may send the browser back to any instance
//! behind a load balancer. Not audited and not in a backup: a waiting sign-in is no record of
//! the Pemda, it is used once and expires in ten minutes.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("pending_sign_ins")
                    // the SHA-256 of the state sent to the provider, never the state itself
                    .col(string("state_digest").primary_key())
                    // the SHA-256 of the cookie that binds the sign-in to its browser
                    .col(string("browser_digest"))
                    .col(string("nonce"))
                    .col(string("verifier"))
                    .col(string_null("lanjut"))
                    .col(big_integer("created_ms"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("pending_sign_ins_created")
                    .table("pending_sign_ins")
                    .col("created_ms")
                    .to_owned(),
            )
            .await
    }
}
