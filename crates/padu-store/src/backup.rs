//! Backup and restore: every table as JSON lines, read in one consistent snapshot, restored in
//! one transaction; the same code on SQLite and PostgreSQL, so an archive moves between them.
//!
//! An archive is a directory:
//!
//! ```text
//! manifest.json            format, version, schema (last migration), tables, files
//! tables/<table>.jsonl     one JSON object per row ({"column": value}), in primary-key order
//! files/<sha256>           the evidence files the rows refer to (written by the caller)
//! ```
//!
//! The manifest holds each table's row count and the SHA-256 of its file, and each evidence
//! file's SHA-256 and size; [`verify_archive`] checks them all before anything is restored.
//! This crate writes and reads the tables; the evidence bytes live in `padu-files`, which the
//! caller copies into `files/` (see `padu backup`).

use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use sea_orm::sea_query::ColumnType;
use sea_orm::{
    AccessMode, ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr,
    EntityTrait, IdenStatic, IsolationLevel, Iterable, ModelTrait, PrimaryKeyToColumn, QueryOrder,
    QuerySelect, Statement, TransactionTrait, Value,
};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use sha2::{Digest, Sha256};

use crate::entity::{
    action_item, api_token, audit_head, audit_log, comment, deadline_reminder, evidence,
    indicator_evidence, indicator_opd, instansi, notification, opd, period, period_indicator,
    session, user,
};
use crate::{Backend, Store, StoreError, now_ms};

/// What an archive's manifest says it is.
pub const FORMAT: &str = "padu-backup";
/// The archive layout's version (not the schema's: that is [`Manifest::schema`]).
pub const VERSION: u32 = 1;
/// The manifest's file name inside the archive.
pub const MANIFEST: &str = "manifest.json";

/// Every table, parents before children (the order rows are restored in).
const TABLES: &[&str] = &[
    "instansi",
    "opd",
    "users",
    "sessions",
    "api_tokens",
    "audit_log",
    "audit_head",
    "periods",
    "period_indicators",
    "indicator_opds",
    "evidence",
    "indicator_evidence",
    "comments",
    "notifications",
    "action_items",
    "deadline_reminders",
];

/// Tables that refer to themselves: their rows are restored parents first.
fn self_reference(table: &str) -> Option<&'static str> {
    match table {
        "instansi" => Some("parent_id"),
        "periods" => Some("carried_from_id"),
        _ => None,
    }
}

const PAGE: u64 = 1000;
const BATCH: usize = 500;

/// The archive's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    /// The last migration applied to the database the archive came from.
    pub schema: String,
    /// `sqlite` or `postgres`: where it came from (an archive restores into either).
    pub source: String,
    pub created_at_ms: i64,
    pub tables: Vec<TableEntry>,
    pub files: Vec<FileEntry>,
}

/// One table's file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableEntry {
    pub name: String,
    pub rows: u64,
    pub bytes: u64,
    pub sha256: String,
}

/// One evidence file the rows refer to, stored as `files/<sha256>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub sha256: String,
    pub size: u64,
    /// A name an evidence record gives it (its extension tells office documents apart when the
    /// file is stored again).
    pub name: String,
}

impl Manifest {
    /// Total rows over every table.
    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|t| t.rows).sum()
    }
}

/// What can go wrong backing up or restoring. Messages are in Indonesian, for the operator.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("berkas {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The archive is damaged, of another kind or version, or does not fit this database.
    #[error("{0}")]
    Archive(String),
    /// The target database is not empty (and `force` was not given).
    #[error("{0}")]
    NotEmpty(String),
}

impl From<DbErr> for BackupError {
    fn from(e: DbErr) -> Self {
        BackupError::Store(StoreError::Database(e))
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn archive(msg: impl Into<String>) -> BackupError {
    BackupError::Archive(msg.into())
}

/// Where a table's rows live inside an archive.
pub fn table_path(dir: &Path, table: &str) -> PathBuf {
    dir.join("tables").join(format!("{table}.jsonl"))
}

/// Where an evidence file lives inside an archive.
pub fn file_path(dir: &Path, sha256: &str) -> PathBuf {
    dir.join("files").join(sha256)
}

/// Writes the manifest (last, once everything it lists is in place).
pub fn write_manifest(dir: &Path, manifest: &Manifest) -> Result<(), BackupError> {
    let path = dir.join(MANIFEST);
    let text = serde_json::to_vec_pretty(manifest)
        .map_err(|e| archive(format!("manifes tidak dapat ditulis: {e}")))?;
    let mut file = File::create(&path).map_err(io(&path))?;
    file.write_all(&text).map_err(io(&path))?;
    file.sync_all().map_err(io(&path))
}

/// Reads the manifest and checks the archive's kind and layout version.
pub fn read_manifest(dir: &Path) -> Result<Manifest, BackupError> {
    let path = dir.join(MANIFEST);
    let text = std::fs::read(&path).map_err(io(&path))?;
    let manifest: Manifest = serde_json::from_slice(&text).map_err(|e| {
        archive(format!(
            "{} bukan manifes cadangan Padu: {e}",
            path.display()
        ))
    })?;
    if manifest.format != FORMAT {
        return Err(archive(format!(
            "{} bukan cadangan Padu (format {})",
            dir.display(),
            manifest.format
        )));
    }
    if manifest.version != VERSION {
        return Err(archive(format!(
            "cadangan versi {} tidak dikenal (versi ini membaca versi {VERSION})",
            manifest.version
        )));
    }
    Ok(manifest)
}

/// Reads the manifest and recomputes the SHA-256 and size of every table and file it lists:
/// an archive with one changed byte is refused here, before anything is restored.
pub fn verify_archive(dir: &Path) -> Result<Manifest, BackupError> {
    let manifest = read_manifest(dir)?;
    let names: Vec<&str> = manifest.tables.iter().map(|t| t.name.as_str()).collect();
    if names != TABLES {
        return Err(archive(format!(
            "daftar tabel cadangan tidak cocok dengan skema ({})",
            names.join(", ")
        )));
    }
    for table in &manifest.tables {
        let path = table_path(dir, &table.name);
        let (sha256, bytes) = hash_file(&path)?;
        if sha256 != table.sha256 || bytes != table.bytes {
            return Err(archive(format!(
                "tabel {} dalam cadangan rusak atau diubah (SHA-256 tidak cocok)",
                table.name
            )));
        }
    }
    for file in &manifest.files {
        let path = file_path(dir, &file.sha256);
        let (sha256, size) = hash_file(&path)?;
        if sha256 != file.sha256 || size != file.size {
            return Err(archive(format!(
                "berkas bukti {} dalam cadangan rusak atau diubah (SHA-256 tidak cocok)",
                file.sha256
            )));
        }
    }
    Ok(manifest)
}

/// SHA-256 (hex) and size of a file, read in blocks.
pub fn hash_file(path: &Path) -> Result<(String, u64), BackupError> {
    let mut file = File::open(path).map_err(io(path))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf).map_err(io(path))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok((padu_core::audit::hex(&hasher.finalize()), size))
}

/// A writer that counts and hashes what goes through it.
struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

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
        let mut tables = Vec::with_capacity(TABLES.len());
        for name in TABLES {
            let path = table_path(dir, name);
            let file = File::create(&path).map_err(io(&path))?;
            let mut out = HashingWriter {
                inner: BufWriter::new(file),
                hasher: Sha256::new(),
                bytes: 0,
            };
            let rows = dump_table(&txn, name, &mut out, &path).await?;
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
            tables.push(TableEntry {
                name: (*name).to_string(),
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
            tables,
            files,
        })
    }

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
            txn.execute_unprepared(&format!("TRUNCATE TABLE {}", TABLES.join(", ")))
                .await?;
        } else {
            for name in TABLES.iter().rev() {
                txn.execute_unprepared(&format!("DELETE FROM {name}"))
                    .await?;
            }
        }
        let mut total = 0;
        for entry in &manifest.tables {
            let path = table_path(dir, &entry.name);
            let rows = load_table(&txn, &entry.name, &path).await?;
            if rows != entry.rows {
                return Err(archive(format!(
                    "tabel {}: {rows} baris, manifes menyebut {}",
                    entry.name, entry.rows
                )));
            }
            total += rows;
        }
        if self.backend() == Backend::Postgres {
            for name in TABLES {
                if has_serial_id(name) {
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
        txn.commit().await?;
        self.changes.touch_everything();
        Ok(total)
    }
}

/// Tables with an `id` column (whose sequence, if it has one, is moved past the restored ids).
fn has_serial_id(table: &str) -> bool {
    columns_of(table).is_some_and(|c| c.iter().any(|c| c == "id"))
}

/// The last migration applied.
async fn schema_version(txn: &DatabaseTransaction) -> Result<String, BackupError> {
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
        if t != "seaql_migrations" {
            found.entry(t).or_default().push(c);
        }
    }
    for (table, mut columns) in found {
        let Some(mut known) = columns_of(&table) else {
            return Err(archive(format!(
                "tabel {table} belum dikenal oleh pencadangan: perbarui padu-store/src/backup.rs"
            )));
        };
        columns.sort();
        known.sort();
        if columns != known {
            return Err(archive(format!(
                "kolom tabel {table} ({}) tidak cocok dengan yang dikenal pencadangan ({})",
                columns.join(", "),
                known.join(", ")
            )));
        }
    }
    Ok(())
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
    for name in TABLES {
        let sql = if *name == "audit_head" {
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

/// The distinct evidence files (sha256, size, a name) that rows refer to.
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
    Ok(files)
}

/// Runs `$body` with `$E` as the entity of the table named `$name`.
macro_rules! by_table {
    ($name:expr, $E:ident => $body:expr) => {
        match $name {
            "instansi" => {
                type $E = instansi::Entity;
                $body
            }
            "opd" => {
                type $E = opd::Entity;
                $body
            }
            "users" => {
                type $E = user::Entity;
                $body
            }
            "sessions" => {
                type $E = session::Entity;
                $body
            }
            "api_tokens" => {
                type $E = api_token::Entity;
                $body
            }
            "audit_log" => {
                type $E = audit_log::Entity;
                $body
            }
            "audit_head" => {
                type $E = audit_head::Entity;
                $body
            }
            "periods" => {
                type $E = period::Entity;
                $body
            }
            "period_indicators" => {
                type $E = period_indicator::Entity;
                $body
            }
            "indicator_opds" => {
                type $E = indicator_opd::Entity;
                $body
            }
            "evidence" => {
                type $E = evidence::Entity;
                $body
            }
            "indicator_evidence" => {
                type $E = indicator_evidence::Entity;
                $body
            }
            "comments" => {
                type $E = comment::Entity;
                $body
            }
            "notifications" => {
                type $E = notification::Entity;
                $body
            }
            "action_items" => {
                type $E = action_item::Entity;
                $body
            }
            "deadline_reminders" => {
                type $E = deadline_reminder::Entity;
                $body
            }
            other => return Err(archive(format!("tabel {other} tidak dikenal"))),
        }
    };
}

fn columns_of(table: &str) -> Option<Vec<String>> {
    fn names<E: EntityTrait>() -> Result<Vec<String>, BackupError> {
        Ok(E::Column::iter().map(|c| c.as_str().to_string()).collect())
    }
    let inner = || -> Result<Vec<String>, BackupError> { by_table!(table, E => names::<E>()) };
    inner().ok()
}

async fn dump_table(
    txn: &DatabaseTransaction,
    table: &str,
    out: &mut impl Write,
    path: &Path,
) -> Result<u64, BackupError> {
    by_table!(table, E => dump::<E>(txn, out, path).await)
}

async fn load_table(
    txn: &DatabaseTransaction,
    table: &str,
    path: &Path,
) -> Result<u64, BackupError> {
    by_table!(table, E => load::<E>(txn, table, path).await)
}

/// Writes every row of `E`, in primary-key order, one JSON object per line.
async fn dump<E: EntityTrait>(
    txn: &DatabaseTransaction,
    out: &mut impl Write,
    path: &Path,
) -> Result<u64, BackupError> {
    let columns: Vec<E::Column> = E::Column::iter().collect();
    let mut rows = 0u64;
    let mut offset = 0u64;
    loop {
        let mut query = E::find();
        for key in E::PrimaryKey::iter() {
            query = query.order_by_asc(key.into_column());
        }
        let page = query.limit(PAGE).offset(offset).all(txn).await?;
        for model in &page {
            let mut object = serde_json::Map::with_capacity(columns.len());
            for column in &columns {
                object.insert(column.as_str().to_string(), to_json(model.get(*column))?);
            }
            serde_json::to_writer(&mut *out, &Json::Object(object))
                .map_err(|e| archive(format!("baris tidak dapat ditulis: {e}")))?;
            out.write_all(b"\n").map_err(io(path))?;
            rows += 1;
        }
        if (page.len() as u64) < PAGE {
            return Ok(rows);
        }
        offset += PAGE;
    }
}

/// Inserts the rows of one table file, in batches; self-referencing tables parents first.
async fn load<E>(txn: &DatabaseTransaction, table: &str, path: &Path) -> Result<u64, BackupError>
where
    E: EntityTrait,
    E::ActiveModel: Default,
{
    let columns: Vec<E::Column> = E::Column::iter().collect();
    let file = File::open(path).map_err(io(path))?;
    let mut lines = BufReader::new(file).lines();
    let mut next_row = || -> Result<Option<serde_json::Map<String, Json>>, BackupError> {
        match lines.next() {
            None => Ok(None),
            Some(line) => {
                let line = line.map_err(io(path))?;
                match serde_json::from_str(&line) {
                    Ok(Json::Object(object)) => Ok(Some(object)),
                    _ => Err(archive(format!("tabel {table}: baris bukan objek JSON"))),
                }
            }
        }
    };
    let mut rows = 0u64;
    if let Some(parent) = self_reference(table) {
        let mut all = Vec::new();
        while let Some(row) = next_row()? {
            all.push(row);
        }
        for batch in parents_first(all, parent).chunks(BATCH) {
            rows += insert::<E>(txn, table, &columns, batch).await?;
        }
        return Ok(rows);
    }
    let mut batch = Vec::with_capacity(BATCH);
    while let Some(row) = next_row()? {
        batch.push(row);
        if batch.len() == BATCH {
            rows += insert::<E>(txn, table, &columns, &batch).await?;
            batch.clear();
        }
    }
    rows += insert::<E>(txn, table, &columns, &batch).await?;
    Ok(rows)
}

/// Rows ordered so that each comes after the row its `parent` column names.
fn parents_first(
    rows: Vec<serde_json::Map<String, Json>>,
    parent: &str,
) -> Vec<serde_json::Map<String, Json>> {
    let mut placed: HashSet<i64> = HashSet::new();
    let mut pending = rows;
    let mut ordered = Vec::with_capacity(pending.len());
    loop {
        let before = pending.len();
        let mut still = Vec::new();
        for row in pending {
            let ready = match row.get(parent).and_then(Json::as_i64) {
                None => true,
                Some(p) => placed.contains(&p),
            };
            if ready {
                if let Some(id) = row.get("id").and_then(Json::as_i64) {
                    placed.insert(id);
                }
                ordered.push(row);
            } else {
                still.push(row);
            }
        }
        pending = still;
        if pending.is_empty() || pending.len() == before {
            // A cycle or a dangling parent: the database's own check will refuse it.
            ordered.extend(pending);
            return ordered;
        }
    }
}

async fn insert<E>(
    txn: &DatabaseTransaction,
    table: &str,
    columns: &[E::Column],
    rows: &[serde_json::Map<String, Json>],
) -> Result<u64, BackupError>
where
    E: EntityTrait,
    E::ActiveModel: Default,
{
    if rows.is_empty() {
        return Ok(0);
    }
    let mut models = Vec::with_capacity(rows.len());
    for row in rows {
        let mut model = <E::ActiveModel as Default>::default();
        for column in columns {
            let json = row.get(column.as_str()).unwrap_or(&Json::Null);
            let value = from_json(column.def().get_column_type(), json).ok_or_else(|| {
                archive(format!(
                    "tabel {table}, kolom {}: nilai {json} tidak sesuai jenisnya",
                    column.as_str()
                ))
            })?;
            model.try_set(*column, value)?;
        }
        models.push(model);
    }
    E::insert_many(models).exec_without_returning(txn).await?;
    Ok(rows.len() as u64)
}

fn to_json(value: Value) -> Result<Json, BackupError> {
    Ok(match value {
        Value::Bool(v) => v.map_or(Json::Null, Json::Bool),
        Value::TinyInt(v) => v.map_or(Json::Null, Json::from),
        Value::SmallInt(v) => v.map_or(Json::Null, Json::from),
        Value::Int(v) => v.map_or(Json::Null, Json::from),
        Value::BigInt(v) => v.map_or(Json::Null, Json::from),
        Value::String(v) => v.map_or(Json::Null, Json::String),
        other => {
            return Err(archive(format!(
                "jenis nilai {other:?} belum didukung pencadangan"
            )));
        }
    })
}

fn from_json(kind: &ColumnType, json: &Json) -> Option<Value> {
    let null = json.is_null();
    Some(match kind {
        ColumnType::Boolean => Value::Bool(if null { None } else { Some(json.as_bool()?) }),
        ColumnType::TinyInteger => Value::TinyInt(if null {
            None
        } else {
            Some(i8::try_from(json.as_i64()?).ok()?)
        }),
        ColumnType::SmallInteger => Value::SmallInt(if null {
            None
        } else {
            Some(i16::try_from(json.as_i64()?).ok()?)
        }),
        ColumnType::Integer => Value::Int(if null {
            None
        } else {
            Some(i32::try_from(json.as_i64()?).ok()?)
        }),
        ColumnType::BigInteger => Value::BigInt(if null { None } else { Some(json.as_i64()?) }),
        ColumnType::String(_) | ColumnType::Text | ColumnType::Char(_) => Value::String(if null {
            None
        } else {
            Some(json.as_str()?.to_string())
        }),
        _ => return None,
    })
}
