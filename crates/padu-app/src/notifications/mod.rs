//! A user's own notifications: the list, the unread count and marking them read. Only ever the
//! caller's own: no permission question beyond being signed in.

use padu_store::notifications::Notification;

use crate::kit::app::App;
use crate::kit::error::{AppError, FieldError};
use crate::kit::principal::Caller;

/// The most notifications one read answers.
pub const MAX_PAGE: u64 = 200;

/// The largest offset a read accepts.
pub const MAX_OFFSET: u64 = 1_000_000;

/// The caller's newest notifications, at most `limit`.
pub async fn list(app: &App, caller: &Caller, limit: u64) -> Result<Vec<Notification>, AppError> {
    page(app, caller, false, limit.min(MAX_PAGE), 0).await
}

/// The caller's notifications, newest first (only the unread with `unread_only`): `limit` (1 to
/// [`MAX_PAGE`]) from the `offset`-th.
pub async fn page(
    app: &App,
    caller: &Caller,
    unread_only: bool,
    limit: u64,
    offset: u64,
) -> Result<Vec<Notification>, AppError> {
    let mut problems = Vec::new();
    if !(1..=MAX_PAGE).contains(&limit) {
        problems.push(FieldError {
            field: "limit".into(),
            message: format!("Jumlah per halaman harus antara 1 dan {MAX_PAGE}"),
        });
    }
    if offset > MAX_OFFSET {
        problems.push(FieldError {
            field: "offset".into(),
            message: format!("Posisi awal paling besar {MAX_OFFSET}"),
        });
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    Ok(app
        .store
        .notifications_page(caller.user.id, unread_only, limit, offset)
        .await?)
}

/// How many of the caller's notifications are unread.
pub async fn unread(app: &App, caller: &Caller) -> Result<u64, AppError> {
    Ok(app.store.unread_notifications(caller.user.id).await?)
}

/// Marks one notification of the caller read (404 when the caller has none with that id).
pub async fn mark_read(app: &App, caller: &Caller, id: i64) -> Result<(), AppError> {
    if app.store.mark_notification_read(caller.user.id, id).await? {
        Ok(())
    } else {
        Err(AppError::NotFound("Notifikasi"))
    }
}

/// Marks every notification of the caller read.
pub async fn mark_all_read(app: &App, caller: &Caller) -> Result<(), AppError> {
    Ok(app.store.mark_notifications_read(caller.user.id).await?)
}
