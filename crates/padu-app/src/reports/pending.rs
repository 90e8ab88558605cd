//! Uploaded import files waiting for their confirmation: between the preview and "Terapkan",
//! the file waits in the store (for [`TTL`]), named by a random token bound to the user and
//! the period, so that the confirmation may reach another instance than the preview did.
//! Nothing is applied from here without a fresh check against the current data.

use std::time::Duration;

use bytes::Bytes;
use padu_core::audit::token_digest;
use padu_store::NewPendingImport;

use crate::kit::app::App;
use crate::kit::error::AppError;
use crate::kit::principal::Caller;

/// How long an uploaded file waits for its confirmation.
pub const TTL: Duration = Duration::from_secs(30 * 60);
/// At most this many files wait at once for one user (their oldest go first).
pub const PER_USER: u64 = 8;

/// What an upload is to become.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    Worksheet,
    Official,
}

impl ImportKind {
    fn code(self) -> &'static str {
        match self {
            ImportKind::Worksheet => "worksheet",
            ImportKind::Official => "official",
        }
    }
}

fn expired_before(now_ms: i64) -> i64 {
    now_ms - TTL.as_millis() as i64
}

/// Keeps the caller's upload for period `period_id` until they confirm it; returns its token.
pub async fn keep(
    app: &App,
    caller: &Caller,
    period_id: i64,
    kind: ImportKind,
    bytes: &Bytes,
) -> Result<String, AppError> {
    let token = crate::kit::secret::new_secret("impor");
    let now = padu_store::now_ms();
    app.store
        .keep_pending_import(
            NewPendingImport {
                token_digest: &token_digest(&token),
                user_id: caller.user.id,
                period_id,
                kind: kind.code(),
                bytes,
            },
            now,
            expired_before(now),
            PER_USER,
        )
        .await?;
    Ok(token)
}

/// The caller's upload behind `token`, when it is theirs, of this kind, for this period, and
/// has not expired.
pub async fn waiting(
    app: &App,
    caller: &Caller,
    token: &str,
    period_id: i64,
    kind: ImportKind,
) -> Result<Option<Bytes>, AppError> {
    if token.is_empty() {
        return Ok(None);
    }
    let bytes = app
        .store
        .pending_import(
            &token_digest(token),
            caller.user.id,
            period_id,
            kind.code(),
            expired_before(padu_store::now_ms()),
        )
        .await?;
    Ok(bytes.map(Bytes::from))
}

/// Forgets an upload once it is applied.
pub async fn forget(app: &App, token: &str) -> Result<(), AppError> {
    app.store
        .forget_pending_import(&token_digest(token))
        .await?;
    Ok(())
}
