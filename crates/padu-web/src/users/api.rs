use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use padu_store::User;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::kit::error::CreatedId;
use crate::kit::error::{ApiError, ErrorBody};
use crate::kit::extract::ApiCaller;
use crate::kit::extract_api::ApiJson;
use padu_app::App;
use padu_app::users::{self, UserInput};

#[derive(Debug, Serialize, ToSchema)]
pub struct UserItem {
    pub id: i64,
    /// The full name shown in Padu.
    pub name: String,
    pub username: String,
    pub role: String,
    pub instansi: Option<i64>,
    pub opd: Option<i64>,
    pub active: bool,
    /// The Satu Data role beside the SPBE role: `walidata`, `walidata_pendukung` or
    /// `produsen_data` (`null`: none).
    pub satu_data_role: Option<String>,
    /// A produsen data's OPD.
    pub satu_data_opd: Option<i64>,
    /// "Hanya SSO": signs in through the OpenID Connect provider only.
    pub sso_only: bool,
}

impl From<User> for UserItem {
    fn from(u: User) -> Self {
        UserItem {
            id: u.id,
            name: u.display_name,
            username: u.username,
            role: u.role.code().to_string(),
            instansi: u.instansi_id,
            opd: u.opd_id,
            active: u.active,
            satu_data_role: u.data.map(|g| g.role.code().to_string()),
            satu_data_opd: u.data.and_then(|g| g.opd),
            sso_only: u.sso_only,
        }
    }
}

/// The users the caller may see.
#[utoipa::path(
    get, path = "/api/v1/users", tag = "pengguna",
    responses((status = 200, body = Vec<UserItem>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn list_users(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<Vec<UserItem>>, ApiError> {
    let users = users::visible_users(&state, &caller).await?;
    Ok(Json(users.into_iter().map(UserItem::from).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewUserBody {
    pub username: String,
    pub password: String,
    /// `admin_instansi`, `koordinator`, `operator_opd`, `asesor_internal`, `pimpinan`,
    /// `asesor_eksternal`, `admin_provinsi` or `superadmin`.
    pub role: String,
    pub instansi: Option<i64>,
    /// Required for `operator_opd`.
    pub opd: Option<i64>,
    /// The full name (the username when omitted).
    pub name: Option<String>,
    /// Where notifications are e-mailed too, when the server sends e-mail.
    pub email: Option<String>,
}

/// Adds a user. Nobody can give a role above their own.
#[utoipa::path(
    post, path = "/api/v1/users", tag = "pengguna",
    request_body = NewUserBody,
    responses(
        (status = 201, body = CreatedId),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, description = "Nama pengguna sudah dipakai", body = ErrorBody),
        (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn create_user(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<NewUserBody>,
) -> Result<(StatusCode, Json<CreatedId>), ApiError> {
    let input = UserInput {
        username: body.username,
        display_name: body.name,
        password: body.password,
        role: body.role,
        instansi: body.instansi,
        opd: body.opd,
        email: body.email,
    };
    let id = users::create_user(&state, &caller, &input).await?;
    Ok((StatusCode::CREATED, Json(CreatedId { id })))
}
