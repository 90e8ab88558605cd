//! A user's own notifications: the list, the unread count and marking them read. Only ever the
//! caller's own: no permission question beyond being signed in.

use padu_store::notifications::Notification;

use crate::kit::app::App;
use crate::kit::error::AppError;
use crate::kit::principal::Caller;

/// The caller's newest notifications, at most `limit`.
pub async fn list(app: &App, caller: &Caller, limit: u64) -> Result<Vec<Notification>, AppError> {
    Ok(app
        .store
        .notifications_of(caller.user.id, false, limit)
        .await?)
}

/// How many of the caller's notifications are unread.
pub async fn unread(app: &App, caller: &Caller) -> Result<u64, AppError> {
    Ok(app.store.unread_notifications(caller.user.id).await?)
}

/// Marks every notification of the caller read.
pub async fn mark_all_read(app: &App, caller: &Caller) -> Result<(), AppError> {
    Ok(app.store.mark_notifications_read(caller.user.id).await?)
}
