//! The API's own tokens: listing them (the caller's, or those of a user the caller manages)
//! and revoking one.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use padu_store::ApiToken;
use serde::Serialize;
use utoipa::ToSchema;

use crate::kit::error::{ApiError, ErrorBody};
use crate::kit::extract::ApiCaller;
use crate::kit::extract_api::ApiPath;
use padu_app::App;
use padu_app::users::tokens;

/// An API token, never its secret. Times are milliseconds since the Unix epoch, as everywhere
/// in the API.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenItem {
    pub id: i64,
    /// The name given when it was issued (`api` when none was).
    pub name: String,
    /// When it was issued (ms since the Unix epoch).
    pub created: i64,
    /// When it stops working (ms since the Unix epoch).
    pub expires: i64,
    /// When it was last used, to about a minute (ms since the Unix epoch); `null` when never.
    pub last_used: Option<i64>,
}

impl From<ApiToken> for TokenItem {
    fn from(t: ApiToken) -> Self {
        TokenItem {
            id: t.id,
            name: t.name,
            created: t.created_at_ms,
            expires: t.expires_at_ms,
            last_used: t.last_used_at_ms,
        }
    }
}

/// The caller's own API tokens that still work.
///
/// Newest first, at most 200. Signing out of the pages keeps them; revoke one to end it.
#[utoipa::path(
    get, path = "/api/v1/auth/tokens", tag = "auth",
    responses((status = 200, body = Vec<TokenItem>), (status = 401, body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn list_tokens(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<Vec<TokenItem>>, ApiError> {
    let list = tokens::own_tokens(&state, &caller).await?;
    Ok(Json(list.into_iter().map(TokenItem::from).collect()))
}

/// Revokes an API token: the very next request with it gets 401.
///
/// For the token's owner and for an administrator who may manage the owner's account (an
/// instansi's administrator for its users, a province's for its kabupaten/kota, the
/// superadmin for everyone); 404 for anyone else, as for an unknown token.
#[utoipa::path(
    delete, path = "/api/v1/auth/tokens/{id}", tag = "auth",
    params(("id" = i64, Path, description = "Id token")),
    responses(
        (status = 204, description = "Token dicabut"),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn revoke_token(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    tokens::revoke_token(&state, &caller, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The API tokens of a user that still work.
///
/// Newest first, at most 200. For the user and for an administrator who may manage their
/// account; 404 for anyone else, as for an unknown user.
#[utoipa::path(
    get, path = "/api/v1/users/{id}/tokens", tag = "pengguna",
    params(("id" = i64, Path, description = "Id pengguna")),
    responses(
        (status = 200, body = Vec<TokenItem>),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn list_user_tokens(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<TokenItem>>, ApiError> {
    let list = tokens::tokens_of(&state, &caller, id).await?;
    Ok(Json(list.into_iter().map(TokenItem::from).collect()))
}
