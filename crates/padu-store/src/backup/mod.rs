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

mod export;
mod restore;
mod table;

use crate::StoreError;
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use sea_orm::DbErr;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub(crate) use table::Table;

/// What an archive's manifest says it is.
pub const FORMAT: &str = "padu-backup";
/// The archive layout's version (not the schema's: that is [`Manifest::schema`]).
pub const VERSION: u32 = 1;
/// The manifest's file name inside the archive.
pub const MANIFEST: &str = "manifest.json";

/// Every table, parents before children (the order rows are restored in): each feature's, as
/// it declares them, in the features' order ([`crate::BACKUP_TABLES`]).
fn tables() -> impl Iterator<Item = &'static Table> {
    crate::BACKUP_TABLES.iter().flat_map(|t| t.iter())
}

/// The table named `name`.
fn table(name: &str) -> Option<&'static Table> {
    tables().find(|t| t.name == name)
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
    if !names.iter().copied().eq(tables().map(|t| t.name)) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_is_declared_once_with_real_columns() {
        let names: Vec<&str> = tables().map(|t| t.name).collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{names:?}");
        // parents before children: the order restores have always used
        assert_eq!(names.first(), Some(&"instansi"));
        assert_eq!(names.last(), Some(&"instance_meta"));
        for t in tables() {
            let columns = t.columns();
            assert!(!columns.is_empty(), "{}", t.name);
            if let Some(parent) = t.parent {
                assert!(columns.iter().any(|c| c == parent), "{}.{parent}", t.name);
            }
        }
    }
}
