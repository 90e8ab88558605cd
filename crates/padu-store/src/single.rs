//! SQLite serves one instance: `padu serve` holds an exclusive lock on a file beside the
//! database while it runs, and a second server on the same file refuses to start. The command
//! line's other commands do not take it and work beside a running server (SQLite serialises
//! their writes, and the server catches up with them through the change log).
//!
//! Several instances share one PostgreSQL database instead; there no lock is taken.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::PathBuf;

use crate::StoreError;

/// Held while a server runs on a SQLite database; dropping it releases the lock.
#[derive(Debug)]
pub struct ServerLock {
    _file: Option<File>,
    pub path: Option<PathBuf>,
}

/// The lock file of a SQLite URL (`sqlite://data/padu.db?mode=rwc` → `data/padu.db.serve.lock`);
/// `None` for PostgreSQL and for an in-memory database.
pub fn lock_path(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && !path.contains(":memory:"))
        .then(|| PathBuf::from(format!("{path}.serve.lock")))
}

/// Claims the database at `url` for one server: on SQLite, the lock beside the file (an error
/// naming it when another server holds it); on PostgreSQL nothing.
pub fn claim_server(url: &str) -> Result<ServerLock, StoreError> {
    let Some(path) = lock_path(url) else {
        return Ok(ServerLock {
            _file: None,
            path: None,
        });
    };
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| {
            StoreError::Invalid(format!(
                "berkas kunci {} tidak dapat dibuka: {e}",
                path.display()
            ))
        })?;
    match file.try_lock() {
        Ok(()) => Ok(ServerLock {
            _file: Some(file),
            path: Some(path),
        }),
        Err(TryLockError::WouldBlock) => Err(StoreError::Invalid(format!(
            "server Padu lain sudah berjalan pada basis data SQLite ini (kunci {} dipegang). \
             SQLite melayani satu server saja; untuk beberapa server gunakan PostgreSQL. \
             Perintah lain (padu user, padu backup, ...) tetap dapat dijalankan.",
            path.display()
        ))),
        Err(TryLockError::Error(e)) => Err(StoreError::Invalid(format!(
            "berkas kunci {} tidak dapat dikunci: {e}",
            path.display()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::lock_path;
    use std::path::PathBuf;

    #[test]
    fn the_lock_sits_beside_a_sqlite_file_only() {
        assert_eq!(
            lock_path("sqlite://data/padu.db?mode=rwc"),
            Some(PathBuf::from("data/padu.db.serve.lock"))
        );
        assert_eq!(
            lock_path("sqlite:/var/lib/padu/padu.db"),
            Some(PathBuf::from("/var/lib/padu/padu.db.serve.lock"))
        );
        assert_eq!(lock_path("sqlite::memory:"), None);
        assert_eq!(lock_path("postgres://padu@db/padu"), None);
    }
}
