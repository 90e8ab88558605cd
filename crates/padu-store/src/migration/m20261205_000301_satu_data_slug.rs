//! Satu Data: every instansi gets a URL name (`slug`, e.g. `kabupaten-trenggalek`), derived from
//! its name and unique: the CKAN-compatible catalog lives under `/data/{slug}`. Existing rows
//! are filled in id order (a clash gets `-2`, `-3`, ...), then the name is made unique.

use std::collections::HashSet;

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("instansi")
                    .add_column(string_null("slug"))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        let rows = db
            .query_all(
                &Query::select()
                    .columns(["id", "name"])
                    .from("instansi")
                    .order_by("id", Order::Asc)
                    .to_owned(),
            )
            .await?;
        let mut taken: HashSet<String> = HashSet::new();
        for row in rows {
            let id: i64 = row.try_get("", "id")?;
            let name: String = row.try_get("", "name")?;
            let slug =
                padu_core::text::unique_slug(&padu_core::text::slug(&name), |s| taken.contains(s));
            taken.insert(slug.clone());
            db.execute(
                &Query::update()
                    .table("instansi")
                    .value("slug", slug)
                    .and_where(Expr::col("id").eq(id))
                    .to_owned(),
            )
            .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("instansi_slug_unique")
                    .table("instansi")
                    .col("slug")
                    .unique()
                    .to_owned(),
            )
            .await
    }
}
