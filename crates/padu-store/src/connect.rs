//! Connecting to SQLite or PostgreSQL, chosen by the URL, and running migrations.

use std::sync::Arc;
use std::time::Duration;

use sea_orm::{ConnectOptions, Database, DatabaseConnection};
use sea_orm_migration::MigratorTrait;

use crate::StoreError;
use crate::changes::{Caches, Changes};
use crate::follow::Follow;
use crate::migration::Migrator;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The storage handle: cheap to clone, shared by every request.
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) db: DatabaseConnection,
    backend: Backend,
    /// What this process changed, for the read caches (shared by every clone).
    pub(crate) changes: Arc<Changes>,
    /// The read caches of the hottest lookups (see [`crate::changes`]).
    pub(crate) cached: Arc<Caches>,
    /// Where this process stands in the change log (see [`crate::follow`]).
    pub(crate) follow: Arc<tokio::sync::Mutex<Follow>>,
    /// This process's writers queue here before they take a connection: the audit chain's lock
    /// lets one write at a time through anyway, and a writer waiting for it in the database
    /// would hold a pooled connection that the reads need (see [`crate::audit`]).
    pub(crate) writers: Arc<tokio::sync::Mutex<()>>,
}

impl Store {
    /// Connects to `url`: `sqlite://path/to/padu.db` (created when missing) or
    /// `postgres://user@host:port/db`. `schema` selects a PostgreSQL schema (tests use one each).
    pub async fn connect(url: &str, schema: Option<&str>) -> Result<Store, StoreError> {
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(StoreError::Invalid(format!(
                "alamat basis data tidak dikenal: harus diawali sqlite: atau postgres:// ({})",
                redact(url)
            )));
        };
        let mut options = ConnectOptions::new(url.to_string());
        options
            .sqlx_logging(false)
            .connect_timeout(Duration::from_secs(5))
            .acquire_timeout(Duration::from_secs(10));
        match backend {
            Backend::Sqlite => {
                options
                    .max_connections(8)
                    .min_connections(1)
                    .map_sqlx_sqlite_opts(|o| {
                        o.create_if_missing(true)
                            .journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                            .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                            .foreign_keys(true)
                            .busy_timeout(Duration::from_secs(10))
                    });
            }
            Backend::Postgres => {
                options.max_connections(16);
                if let Some(schema) = schema {
                    options.set_schema_search_path(schema.to_string());
                }
            }
        }
        let db = Database::connect(options).await?;
        Ok(Store {
            db,
            backend,
            changes: Arc::default(),
            cached: Arc::default(),
            follow: Arc::default(),
            writers: Arc::default(),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// This process's change counters, for caches kept outside the store.
    pub fn changes(&self) -> &Changes {
        &self.changes
    }

    /// Applies every pending migration.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        Migrator::up(&self.db, None).await?;
        Ok(())
    }

    /// Whether the database answers (for `/readyz`).
    pub async fn ping(&self) -> bool {
        self.db.ping().await.is_ok()
    }

    pub async fn close(self) {
        let _ = self.db.close().await;
    }
}

/// A URL with its password hidden, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_are_hidden() {
        assert_eq!(
            redact("postgres://padu:rahasia@db:5432/padu"),
            "postgres://padu:***@db:5432/padu"
        );
        assert_eq!(redact("postgres://padu@db/padu"), "postgres://padu@db/padu");
        assert_eq!(redact("sqlite://padu.db"), "sqlite://padu.db");
    }
}
