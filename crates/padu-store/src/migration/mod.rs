//! Migrations: one set for SQLite and PostgreSQL. Applied migrations are immutable: change the
//! schema by adding a new one.

use sea_orm_migration::prelude::*;

mod m20261122_000001_foundation;
mod m20261122_000002_evaluation;
mod m20261122_000003_user_email;
mod m20261122_000004_action_items;
mod m20261122_000005_deadline_reminders;
mod m20261122_000006_indicator_values_index;
mod m20261122_000007_evidence_by_instansi_index;
mod m20261203_000008_instance_meta;
mod m20261203_000009_recommendations;
mod m20261204_000010_api_token_last_used;
mod m20261204_000011_evidence_instansi_wide;
mod m20261205_000200_arsitektur;
mod m20261205_000300_satu_data;
mod m20261205_000301_satu_data_slug;
mod m20261205_000400_change_log;
mod m20261205_000401_login_failures;
mod m20261206_000100_satu_data_catalog;
mod m20261206_000200_peta_rencana;
mod m20261206_000500_pending_imports;
mod m20261206_000600_application_decisions;
mod m20261207_000100_peta_rencana_thread;
mod m20261207_000200_user_sso_only;
mod m20261208_000200_datastore;
mod m20261208_000400_pending_sign_ins;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_foundation::Migration),
            Box::new(m20261122_000002_evaluation::Migration),
            Box::new(m20261122_000003_user_email::Migration),
            Box::new(m20261122_000004_action_items::Migration),
            Box::new(m20261122_000005_deadline_reminders::Migration),
            Box::new(m20261122_000006_indicator_values_index::Migration),
            Box::new(m20261122_000007_evidence_by_instansi_index::Migration),
            Box::new(m20261203_000008_instance_meta::Migration),
            Box::new(m20261203_000009_recommendations::Migration),
            Box::new(m20261204_000010_api_token_last_used::Migration),
            Box::new(m20261204_000011_evidence_instansi_wide::Migration),
            Box::new(m20261205_000200_arsitektur::Migration),
            Box::new(m20261205_000300_satu_data::Migration),
            Box::new(m20261205_000301_satu_data_slug::Migration),
            Box::new(m20261205_000400_change_log::Migration),
            Box::new(m20261205_000401_login_failures::Migration),
            Box::new(m20261206_000100_satu_data_catalog::Migration),
            Box::new(m20261206_000200_peta_rencana::Migration),
            Box::new(m20261206_000500_pending_imports::Migration),
            Box::new(m20261206_000600_application_decisions::Migration),
            Box::new(m20261207_000100_peta_rencana_thread::Migration),
            Box::new(m20261207_000200_user_sso_only::Migration),
            Box::new(m20261208_000200_datastore::Migration),
            Box::new(m20261208_000400_pending_sign_ins::Migration),
        ]
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::{ConnectionTrait, Database, Statement};
    use sea_orm_migration::MigratorTrait;

    use super::Migrator;

    /// The URL-name migration fills the instansi already there, in id order, a clash numbered.
    #[tokio::test]
    async fn existing_instansi_get_unique_url_names() {
        let db = Database::connect("sqlite::memory:").await.expect("sqlite");
        // every migration before the one that fills the slugs
        let before_slugs = Migrator::migrations()
            .iter()
            .position(|m| m.name() == "m20261205_000301_satu_data_slug")
            .expect("the slug migration is listed") as u32;
        Migrator::up(&db, Some(before_slugs))
            .await
            .expect("up to 000300");
        for (id, name, parent) in [
            (1, "Nasional", "NULL"),
            (2, "Provinsi Jawa Timur", "1"),
            (3, "Kabupaten Trenggalek", "2"),
            (4, "Kabupaten  Trenggalek!", "2"),
        ] {
            db.execute_unprepared(&format!(
                "INSERT INTO instansi (id, kind, name, parent_id, timezone, created_at_ms) \
                 VALUES ({id}, 'kabupaten', '{name}', {parent}, 'WIB', 0)"
            ))
            .await
            .expect("insert");
        }
        Migrator::up(&db, None).await.expect("the rest");
        let rows = db
            .query_all_raw(Statement::from_string(
                db.get_database_backend(),
                "SELECT slug FROM instansi ORDER BY id",
            ))
            .await
            .expect("read");
        let slugs: Vec<String> = rows
            .iter()
            .map(|r| r.try_get::<String>("", "slug").expect("slug"))
            .collect();
        assert_eq!(
            slugs,
            [
                "nasional",
                "provinsi-jawa-timur",
                "kabupaten-trenggalek",
                "kabupaten-trenggalek-2"
            ]
        );
        // and the index keeps them unique
        let clash = db
            .execute_unprepared("UPDATE instansi SET slug = 'nasional' WHERE id = 2")
            .await;
        assert!(clash.is_err(), "a duplicate URL name is refused");
    }
}
