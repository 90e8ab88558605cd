//! Writing an archive's tables from one consistent snapshot.

use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseTransaction, EntityTrait, IsolationLevel, QueryOrder,
    Statement, TransactionTrait,
};
use sha2::{Digest, Sha256};

use super::{
    BackupError, FORMAT, FileEntry, HashingWriter, Manifest, TableEntry, VERSION, archive, io,
    table, table_path, tables,
};
use crate::entity::evidence;
use crate::{Backend, Store, now_ms};

impl Store {
    /// Writes every table into `dir/tables/` from one consistent snapshot (PostgreSQL:
    /// REPEATABLE READ READ ONLY; SQLite: one read transaction, which in WAL mode sees one
    /// snapshot while writers go on), and returns the manifest, listing the evidence files the
    /// rows refer to. The caller copies those into `dir/files/` and then writes the manifest.
    /// Writers are never blocked.
    pub async fn export_tables(&self, dir: &Path) -> Result<Manifest, BackupError> {
        let tables_dir = dir.join("tables");
        std::fs::create_dir_all(&tables_dir).map_err(io(&tables_dir))?;
        let txn = match self.backend() {
            Backend::Postgres => {
                self.db
                    .begin_with_config(
                        Some(IsolationLevel::RepeatableRead),
                        Some(AccessMode::ReadOnly),
                    )
                    .await?
            }
            Backend::Sqlite => self.db.begin().await?,
        };
        // The first read fixes the snapshot; everything below reads from it.
        let schema = schema_version(&txn).await?;
        check_coverage(&txn, self.backend()).await?;
        let mut entries = Vec::new();
        for table in tables() {
            let name = table.name;
            let path = table_path(dir, name);
            let file = File::create(&path).map_err(io(&path))?;
            let mut out = HashingWriter {
                inner: BufWriter::new(file),
                hasher: Sha256::new(),
                bytes: 0,
            };
            let rows = table.dump(&txn, &mut out, &path).await?;
            out.flush().map_err(io(&path))?;
            let HashingWriter {
                inner,
                hasher,
                bytes,
            } = out;
            let file = inner.into_inner().map_err(|e| BackupError::Io {
                path: path.clone(),
                source: e.into_error(),
            })?;
            file.sync_all().map_err(io(&path))?;
            entries.push(TableEntry {
                name: name.to_string(),
                rows,
                bytes,
                sha256: padu_core::audit::hex(&hasher.finalize()),
            });
        }
        let files = referenced_files(&txn).await?;
        txn.rollback().await?;
        Ok(Manifest {
            format: FORMAT.into(),
            version: VERSION,
            schema,
            source: match self.backend() {
                Backend::Sqlite => "sqlite",
                Backend::Postgres => "postgres",
            }
            .into(),
            created_at_ms: now_ms(),
            tables: entries,
            files,
        })
    }
}

/// The last migration applied.
pub(super) async fn schema_version(txn: &DatabaseTransaction) -> Result<String, BackupError> {
    let backend = txn.get_database_backend();
    let row = txn
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT MAX(version) AS version FROM seaql_migrations",
        ))
        .await?;
    row.and_then(|r| r.try_get::<Option<String>>("", "version").ok().flatten())
        .ok_or_else(|| archive("basis data belum dimigrasi"))
}

/// Every table and column in the database is one this module writes: a table or column added
/// by a later migration and not yet known here stops the backup instead of going missing.
async fn check_coverage(txn: &DatabaseTransaction, backend: Backend) -> Result<(), BackupError> {
    let db_backend = txn.get_database_backend();
    let sql = match backend {
        Backend::Sqlite => {
            "SELECT m.name AS t, p.name AS c FROM sqlite_master m, pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"
        }
        Backend::Postgres => {
            "SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns \
             WHERE table_schema = current_schema()"
        }
    };
    let rows = txn
        .query_all_raw(Statement::from_string(db_backend, sql))
        .await?;
    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in rows {
        let t: String = row.try_get("", "t")?;
        let c: String = row.try_get("", "c")?;
        // not records: the applied migrations, the change log of this database (which goes
        // on across a restore, see `crate::follow`) and the uploads waiting for confirmation
        // nor the DataStore's row tables: derived from the files, which the backup holds
        if !crate::OUTSIDE_BACKUP.contains(&t.as_str())
            && !crate::OUTSIDE_BACKUP_PREFIXES
                .iter()
                .any(|p| t.starts_with(p))
        {
            found.entry(t).or_default().push(c);
        }
    }
    for (name, mut columns) in found {
        let Some(mut known) = table(&name).map(|t| t.columns()) else {
            return Err(archive(format!(
                "tabel {name} belum dikenal oleh pencadangan: nyatakan tabelnya di fitur pemiliknya \
                 (Table::of) dan di padu_store::BACKUP_TABLES"
            )));
        };
        columns.sort();
        known.sort();
        if columns != known {
            return Err(archive(format!(
                "kolom tabel {name} ({}) tidak cocok dengan yang dikenal pencadangan ({})",
                columns.join(", "),
                known.join(", ")
            )));
        }
    }
    Ok(())
}

/// The distinct files (sha256, size, a name) that rows refer to: evidence, and the DataStore's
/// uploaded resources.
async fn referenced_files(txn: &DatabaseTransaction) -> Result<Vec<FileEntry>, BackupError> {
    let rows = evidence::Entity::find()
        .order_by_asc(evidence::Column::Id)
        .all(txn)
        .await?;
    let mut seen = HashSet::new();
    let mut files = Vec::new();
    for row in rows {
        if let (Some(sha256), Some(size)) = (row.sha256, row.size)
            && seen.insert(sha256.clone())
        {
            files.push(FileEntry {
                sha256,
                size: u64::try_from(size).unwrap_or(0),
                name: row.name,
            });
        }
    }
    for v in crate::entity::datastore_version::Entity::find()
        .order_by_asc(crate::entity::datastore_version::Column::Id)
        .all(txn)
        .await?
    {
        if seen.insert(v.sha256.clone()) {
            files.push(FileEntry {
                sha256: v.sha256,
                size: u64::try_from(v.size).unwrap_or(0),
                name: v.file_name,
            });
        }
    }
    Ok(files)
}
