//! Restoring an archive's tables in one transaction.

use sea_orm::{ConnectionTrait, DatabaseTransaction, Statement, TransactionTrait};
use std::path::Path;

use super::export::schema_version;
use super::{BackupError, Manifest, Table, archive, table, table_path, tables};
use crate::{Backend, Store};

impl Store {
    /// Checks that an archive fits this database before anything is touched: the same schema
    /// version, and an empty database unless `force`.
    pub async fn check_restorable(
        &self,
        manifest: &Manifest,
        force: bool,
    ) -> Result<(), BackupError> {
        let txn = self.db.begin().await?;
        let result = check_target(&txn, manifest, force).await;
        txn.rollback().await?;
        result
    }

    /// Restores the tables of a verified archive ([`verify_archive`]) in ONE transaction: on
    /// any error nothing is restored. Refuses a database of another schema version, and a
    /// database that holds anything unless `force` (then everything in it is replaced).
    /// Afterwards PostgreSQL's id sequences continue after the restored ids. Returns the rows
    /// restored. Restore into a database no server is writing to.
    pub async fn import_tables(
        &self,
        dir: &Path,
        manifest: &Manifest,
        force: bool,
    ) -> Result<u64, BackupError> {
        let txn = self.db.begin().await?;
        check_target(&txn, manifest, force).await?;
        let backend = txn.get_database_backend();
        if self.backend() == Backend::Sqlite {
            txn.execute_unprepared("PRAGMA defer_foreign_keys = ON")
                .await?;
        }
        // Empty every table (the audit head's genesis row at least), children first.
        if self.backend() == Backend::Postgres {
            let names: Vec<&str> = tables().map(|t| t.name).collect();
            txn.execute_unprepared(&format!("TRUNCATE TABLE {}", names.join(", ")))
                .await?;
        } else {
            let names: Vec<&str> = tables().map(|t| t.name).collect();
            for name in names.iter().rev() {
                txn.execute_unprepared(&format!("DELETE FROM {name}"))
                    .await?;
            }
        }
        let mut total = 0;
        for entry in &manifest.tables {
            let path = table_path(dir, &entry.name);
            let table = table(&entry.name)
                .ok_or_else(|| archive(format!("tabel {} tidak dikenal", entry.name)))?;
            let rows = table.load(&txn, &path).await?;
            if rows != entry.rows {
                return Err(archive(format!(
                    "tabel {}: {rows} baris, manifes menyebut {}",
                    entry.name, entry.rows
                )));
            }
            total += rows;
        }
        if self.backend() == Backend::Postgres {
            for table in tables() {
                let name = table.name;
                if has_serial_id(table) {
                    txn.execute_raw(Statement::from_string(
                        backend,
                        format!(
                            "SELECT setval(pg_get_serial_sequence('{name}', 'id'), \
                             COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"
                        ),
                    ))
                    .await?;
                }
            }
        }
        crate::follow::log(&txn, &crate::follow::Scope::Everything, false).await?;
        txn.commit().await?;
        self.changes.touch_everything();
        Ok(total)
    }
}

/// Tables with an `id` column (whose sequence, if it has one, is moved past the restored ids).
fn has_serial_id(table: &Table) -> bool {
    table.columns().iter().any(|c| c == "id")
}

async fn check_target(
    txn: &DatabaseTransaction,
    manifest: &Manifest,
    force: bool,
) -> Result<(), BackupError> {
    let schema = schema_version(txn).await?;
    if schema != manifest.schema {
        return Err(archive(format!(
            "cadangan berskema {} sedangkan basis data tujuan berskema {schema}: \
             pulihkan dengan versi Padu yang sama dengan pembuat cadangan",
            manifest.schema
        )));
    }
    if force {
        return Ok(());
    }
    let backend = txn.get_database_backend();
    for name in tables().map(|t| t.name) {
        let sql = if name == "audit_head" {
            "SELECT COUNT(*) AS n FROM audit_head WHERE seq <> 0".to_string()
        } else {
            format!("SELECT COUNT(*) AS n FROM {name}")
        };
        let n: i64 = txn
            .query_one_raw(Statement::from_string(backend, sql))
            .await?
            .map(|r| r.try_get("", "n"))
            .transpose()?
            .unwrap_or(0);
        if n > 0 {
            return Err(BackupError::NotEmpty(format!(
                "basis data tujuan tidak kosong (tabel {name} berisi {n} baris): \
                 pulihkan ke basis data baru, atau tambahkan --force untuk menggantinya"
            )));
        }
    }
    Ok(())
}
