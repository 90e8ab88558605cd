//! The audit log in the JSON API, for those who may read it (as the audit page): filtered by
//! instansi, record kind, actor, action and days, newest first, paged.

use axum::Json;
use axum::extract::State;
use padu_app::{App, AppError, audit};
use padu_store::AuditFilter;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::kit::error::{ApiError, ErrorBody};
use crate::kit::extract::ApiCaller;
use crate::kit::extract_api::ApiQuery;

/// In the query string.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only entries of this instansi (one the caller may audit).
    pub instansi: Option<i64>,
    /// Only entries about this kind of record: `opd`, `user`, `instansi`, `period`,
    /// `period_indicator`, `evidence`, ...
    pub entity: Option<String>,
    /// The actor's name contains this.
    pub actor: Option<String>,
    /// The action starts with this (`opd.` for every OPD change).
    pub action: Option<String>,
    /// From this day (`yyyy-mm-dd`, in the caller's zone).
    pub from: Option<String>,
    /// Up to and including this day (`yyyy-mm-dd`, in the caller's zone).
    pub to: Option<String>,
    /// How many (1 to 500, default 50 as on the page).
    pub limit: Option<u64>,
    /// How many to skip (default 0).
    pub offset: Option<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditItem {
    /// The entry's place in the chain.
    pub seq: i64,
    pub at_ms: i64,
    pub actor_id: Option<i64>,
    pub actor: String,
    pub instansi: Option<i64>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    /// The record before the change (JSON), if it existed.
    pub before: Option<serde_json::Value>,
    /// The record after the change (JSON), if it still exists.
    pub after: Option<serde_json::Value>,
    /// The entry's link in the hash chain.
    pub hash: String,
}

/// JSON as JSON; anything else as a string.
fn json(text: Option<String>) -> Option<serde_json::Value> {
    text.map(|t| serde_json::from_str(&t).unwrap_or(serde_json::Value::String(t)))
}

fn text(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Audit entries of the instansi the caller may audit, newest first.
#[utoipa::path(
    get, path = "/api/v1/audit", tag = "audit",
    params(AuditQuery),
    responses(
        (status = 200, body = Vec<AuditItem>),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn list(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> Result<Json<Vec<AuditItem>>, ApiError> {
    let zone = audit::caller_zone(&state, &caller).await?;
    let (from_ms, to_ms, wrong) = audit::day_bounds(
        &zone,
        (
            q.from.as_deref().unwrap_or(""),
            q.to.as_deref().unwrap_or(""),
        ),
        ("from", "to"),
    );
    if !wrong.is_empty() {
        return Err(AppError::Invalid(wrong).into());
    }
    let filter = AuditFilter {
        instansi_ids: q.instansi.map(|i| vec![i]),
        actor: text(q.actor),
        action: text(q.action),
        entity: text(q.entity),
        from_ms,
        to_ms,
    };
    let entries = audit::visible_audit(
        &state,
        &caller,
        filter,
        q.limit.unwrap_or(audit::PAGE_SIZE),
        q.offset.unwrap_or(0),
    )
    .await?;
    Ok(Json(
        entries
            .into_iter()
            .map(|e| AuditItem {
                seq: e.seq,
                at_ms: e.at_ms,
                actor_id: e.actor_id,
                actor: e.actor_name,
                instansi: e.instansi_id,
                action: e.action,
                entity: e.entity,
                entity_id: e.entity_id,
                before: json(e.before),
                after: json(e.after),
                hash: e.hash,
            })
            .collect(),
    ))
}
