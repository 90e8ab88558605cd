//! The caller's notifications in the JSON API, as the notifications page lists them: newest
//! first with the unread count, and marking them read.

use axum::Json;
use axum::extract::State;
use padu_app::{App, notifications};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::kit::error::{ApiError, ErrorBody};
use crate::kit::extract::ApiCaller;
use crate::kit::extract_api::{ApiPath, ApiQuery};

/// The page's number of notifications, the API's default.
const DEFAULT_LIMIT: u64 = 100;

/// In the query string.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotificationQuery {
    /// Only the unread ones.
    pub unread: Option<bool>,
    /// How many (1 to 200, default 100).
    pub limit: Option<u64>,
    /// How many to skip (default 0).
    pub offset: Option<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationItem {
    pub id: i64,
    /// `diajukan`, `dikembalikan`, `diterima`, `tenggat`, ...
    pub kind: String,
    pub message: String,
    /// The page it is about (`/periode/12/indikator/3`).
    pub link: String,
    pub created_at_ms: i64,
    pub read: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationPage {
    /// How many of the caller's notifications are unread (all of them, not only this page's).
    pub unread: u64,
    /// Newest first.
    pub items: Vec<NotificationItem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnreadCount {
    /// How many of the caller's notifications are still unread.
    pub unread: u64,
}

/// The caller's own notifications, newest first, with how many are unread.
#[utoipa::path(
    get, path = "/api/v1/notifications", tag = "notifikasi",
    params(NotificationQuery),
    responses(
        (status = 200, body = NotificationPage),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn list(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(q): ApiQuery<NotificationQuery>,
) -> Result<Json<NotificationPage>, ApiError> {
    let items = notifications::page(
        &state,
        &caller,
        q.unread.unwrap_or(false),
        q.limit.unwrap_or(DEFAULT_LIMIT),
        q.offset.unwrap_or(0),
    )
    .await?;
    let unread = notifications::unread(&state, &caller).await?;
    Ok(Json(NotificationPage {
        unread,
        items: items
            .into_iter()
            .map(|n| NotificationItem {
                id: n.id,
                kind: n.kind,
                message: n.message,
                link: n.link,
                created_at_ms: n.created_at_ms,
                read: n.read,
            })
            .collect(),
    }))
}

/// Marks one of the caller's notifications read.
#[utoipa::path(
    post, path = "/api/v1/notifications/{id}/read", tag = "notifikasi",
    params(("id" = i64, Path, description = "Id notifikasi")),
    responses(
        (status = 200, body = UnreadCount),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn mark_read(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<UnreadCount>, ApiError> {
    notifications::mark_read(&state, &caller, id).await?;
    let unread = notifications::unread(&state, &caller).await?;
    Ok(Json(UnreadCount { unread }))
}

/// Marks every notification of the caller read (as the page's button does).
#[utoipa::path(
    post, path = "/api/v1/notifications/read-all", tag = "notifikasi",
    responses((status = 200, body = UnreadCount), (status = 401, body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn mark_all_read(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<UnreadCount>, ApiError> {
    notifications::mark_all_read(&state, &caller).await?;
    let unread = notifications::unread(&state, &caller).await?;
    Ok(Json(UnreadCount { unread }))
}
