use sea_orm::{DbErr, SqlErr};

/// What can go wrong in storage. `Conflict` and `NotFound` are the caller's business (a 409 or
/// 404 with a clear message); `Database` is internal and logged, never shown.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("tidak ditemukan")]
    NotFound,
    /// A uniqueness rule was hit: the message says which, in Indonesian.
    #[error("{0}")]
    Conflict(String),
    /// Input that breaks a rule the database enforces (a reference to a missing record).
    #[error("{0}")]
    Invalid(String),
    #[error("database: {0}")]
    Database(#[from] DbErr),
}

impl StoreError {
    /// Maps a unique-constraint violation to `Conflict(message)`, anything else unchanged.
    pub(crate) fn conflict_on_unique(err: DbErr, message: &str) -> StoreError {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => StoreError::Conflict(message.to_string()),
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => {
                StoreError::Invalid("data rujukan tidak ditemukan".to_string())
            }
            _ => StoreError::Database(err),
        }
    }
}
