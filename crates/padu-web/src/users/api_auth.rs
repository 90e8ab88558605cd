use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::kit::error::{ApiError, ErrorBody};
use crate::kit::extract::{ApiCaller, ClientAddr};
use crate::kit::extract_api::ApiJson;
use padu_app::App;
use padu_app::users::{self, tokens};

#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenRequest {
    pub username: String,
    pub password: String,
    /// What the token is for, to tell it apart in the list (at most 100 characters; `api` when
    /// omitted or blank).
    pub name: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// The token's id, for `DELETE /api/v1/auth/tokens/{id}`.
    pub id: i64,
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    /// When the token stops working (milliseconds since the Unix epoch).
    pub expires_at_ms: i64,
}

/// Exchanges a username and password for a named API token.
///
/// The token works until it expires, the password changes or it is revoked
/// (`DELETE /api/v1/auth/tokens/{id}`); signing out of the pages keeps it.
#[utoipa::path(
    post, path = "/api/v1/auth/token", tag = "auth",
    request_body = TokenRequest,
    responses(
        (status = 200, body = TokenResponse),
        (status = 401, description = "Nama pengguna atau kata sandi salah", body = ErrorBody),
        (status = 422, description = "Nama token tidak sah", body = ErrorBody),
        (status = 429, description = "Terlalu banyak percobaan gagal", body = ErrorBody),
    )
)]
pub async fn token(
    axum::extract::State(state): axum::extract::State<App>,
    ClientAddr(address): ClientAddr,
    ApiJson(body): ApiJson<TokenRequest>,
) -> Result<Json<TokenResponse>, ApiError> {
    // a bad name is refused before the password is tried: nothing is counted or written
    let name = tokens::token_name(body.name.as_deref())?;
    let user = users::login(&state, &body.username, &body.password, &address).await?;
    let issued = tokens::issue_token(&state, &user, &name).await?;
    Ok(Json(TokenResponse {
        id: issued.id,
        token: issued.secret,
        expires_at_ms: issued.expires_at_ms,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub id: i64,
    pub username: String,
    pub name: String,
    /// `admin_instansi`, `koordinator`, `operator_opd`, `asesor_internal`, `pimpinan`,
    /// `asesor_eksternal`, `admin_provinsi` or `superadmin`.
    pub role: String,
    pub instansi: Option<i64>,
    pub opd: Option<i64>,
}

/// The signed-in user.
#[utoipa::path(
    get, path = "/api/v1/me", tag = "auth",
    responses((status = 200, body = Me), (status = 401, body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn me(ApiCaller(caller): ApiCaller) -> Json<Me> {
    let u = caller.user;
    Json(Me {
        id: u.id,
        username: u.username,
        name: u.display_name,
        role: u.role.code().to_string(),
        instansi: u.instansi_id,
        opd: u.opd_id,
    })
}
