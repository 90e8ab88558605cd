//! Padu's storage: SQLite (the embedded default) and PostgreSQL from one code path.
//!
//! Callers see only [`Store`] and the plain records in [`model`]; SeaORM and the driver stay
//! inside this crate. Every write that changes a record appends an entry to the hash-chained
//! audit log in the same transaction.

pub mod arsitektur;
mod audit;
pub mod backup;
mod bulk;
pub mod changes;
mod connect;
mod entity;
mod error;
pub mod evaluation;
mod follow;
pub mod instance;
mod migration;
pub mod model;
pub mod notifications;
mod org;
pub mod pembinaan;
pub mod peta_rencana;
pub mod planner;
mod ranking;
pub mod reports;
pub mod satu_data;
mod scale;
pub mod single;
#[doc(hidden)]
pub mod testing;
mod users;

pub use audit::{AuditFilter, AuditVerification};
pub use bulk::{BulkComment, BulkIndicator, BulkInstansi, BulkPeriod, BulkUser};
pub use connect::{Backend, Store, redact};
pub use error::StoreError;
pub use model::*;
pub use reports::NewPendingImport;
pub use scale::{ScaleReport, ScaleSpec, ScaleYear};
pub use users::{PendingSignIn, UserPatch};
pub use users::{TOKEN_LIST_LIMIT, TOKEN_USE_RESOLUTION_MS};

/// The tables a backup leaves out, because none holds a record of the Pemda: the applied
/// migrations, the change log of this database (see `follow`), the uploads waiting for their
/// confirmation (`reports::pending`) and the single sign-ons waiting for their callback
/// (`users::pending_sign_in`).
pub(crate) const OUTSIDE_BACKUP: [&str; 4] = [
    "seaql_migrations",
    follow::TABLE,
    reports::pending::TABLE,
    users::pending_sign_in::TABLE,
];

/// Tables a backup leaves out by the start of their name: the DataStore's row tables, derived
/// from the uploaded files that the backup holds (`padu serve` fills them again).
pub(crate) const OUTSIDE_BACKUP_PREFIXES: [&str; 1] = [satu_data::datastore::TABLE_PREFIX];

/// Every table in a backup, each declared by the feature that owns it, parents before children:
/// the order rows are restored in. A new feature adds its line here.
pub(crate) const BACKUP_TABLES: [&[backup::Table]; 12] = [
    org::TABLES,
    users::TABLES,
    audit::TABLES,
    evaluation::TABLES,
    notifications::TABLES,
    planner::TABLES,
    evaluation::reminders::TABLES,
    pembinaan::TABLES,
    arsitektur::TABLES,
    satu_data::datasets::TABLES,
    peta_rencana::TABLES,
    instance::TABLES,
];

/// Milliseconds since the Unix epoch: the one time format stored, identical on both backends.
pub fn now_ms() -> i64 {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
}
