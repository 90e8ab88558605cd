//! Changing a user in the JSON API: name, role, placement, e-mail address, and deactivating
//! (which ends the user's sessions and tokens at once) or reactivating the account. The same
//! use case as the pages (`padu_app::users::update_user`).

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::ToSchema;

use super::api::UserItem;
use crate::kit::error::{ApiError, ErrorBody};
use crate::kit::extract::ApiCaller;
use crate::kit::extract_api::{ApiJson, ApiPath};
use padu_app::App;
use padu_app::users::{self, UserChanges};

/// Distinguishes a missing field (`None`) from an explicit `null` (`Some(None)`).
fn double_option<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Ok(Some(Option::deserialize(d)?))
}

/// Changes to a user; a field left out stays as it is.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserChangesBody {
    /// The full name shown in Padu.
    pub name: Option<String>,
    /// `admin_instansi`, `koordinator`, `operator_opd`, `asesor_internal`, `pimpinan`,
    /// `asesor_eksternal`, `admin_provinsi` or `superadmin`: never above the caller's own.
    pub role: Option<String>,
    /// The instansi the user sits in (`null` only for a superadmin).
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub instansi: Option<Option<i64>>,
    /// The OPD (required for `operator_opd`; dropped when the role no longer needs one).
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub opd: Option<Option<i64>>,
    /// Where notifications are e-mailed too; `null` or blank removes it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub email: Option<Option<String>>,
    /// `false` deactivates the account and ends its sessions and API tokens at once.
    pub active: Option<bool>,
    /// `true`: "hanya SSO", the local password no longer signs in (only the OpenID Connect
    /// provider does); `false` switches it on again.
    pub sso_only: Option<bool>,
}

/// Changes a user's name, role, placement or e-mail address, or (de)activates the account.
#[utoipa::path(
    patch, path = "/api/v1/users/{id}", tag = "pengguna",
    params(("id" = i64, Path, description = "Id pengguna")),
    request_body = UserChangesBody,
    responses(
        (status = 200, body = UserItem),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn patch_user(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<UserChangesBody>,
) -> Result<Json<UserItem>, ApiError> {
    let changes = UserChanges {
        display_name: body.name,
        role: body.role,
        instansi: body.instansi,
        opd: body.opd,
        email: body.email,
        active: body.active,
        sso_only: body.sso_only,
    };
    Ok(Json(
        users::update_user(&state, &caller, id, &changes)
            .await?
            .into(),
    ))
}
