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
        ]
    }
}
