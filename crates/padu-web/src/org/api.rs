use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use padu_store::{Instansi, Opd};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::kit::error::{ApiError, CreatedId, ErrorBody};
use crate::kit::extract::ApiCaller;
use crate::kit::extract_api::{ApiJson, ApiPath};
use padu_app::App;
use padu_app::org::OpdInput;

#[derive(Debug, Serialize, ToSchema)]
pub struct InstansiItem {
    pub id: i64,
    pub name: String,
    /// `nasional`, `provinsi`, `kabupaten` or `kota`.
    pub kind: String,
    pub parent: Option<i64>,
    /// WIB, WITA or WIT.
    pub timezone: String,
    /// The URL name, derived from the name and unique (`kabupaten-trenggalek`).
    pub slug: String,
}

impl From<Instansi> for InstansiItem {
    fn from(i: Instansi) -> Self {
        InstansiItem {
            id: i.id,
            name: i.name,
            kind: i.kind.code().to_string(),
            parent: i.parent_id,
            timezone: i.timezone,
            slug: i.slug,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OpdItem {
    pub id: i64,
    pub name: String,
    /// A code from the OPD kind vocabulary (`diskominfo`, `bappeda`, ...).
    pub kind: String,
    pub instansi: i64,
    pub active: bool,
}

impl From<Opd> for OpdItem {
    fn from(o: Opd) -> Self {
        OpdItem {
            id: o.id,
            name: o.name,
            kind: o.kind,
            instansi: o.instansi_id,
            active: o.active,
        }
    }
}

/// The instansi the caller may see.
#[utoipa::path(
    get, path = "/api/v1/instansi", tag = "organisasi",
    responses((status = 200, body = Vec<InstansiItem>), (status = 401, body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn list_instansi(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<Vec<InstansiItem>>, ApiError> {
    let list = padu_app::org::visible_instansi(&state, &caller).await?;
    Ok(Json(list.into_iter().map(InstansiItem::from).collect()))
}

/// The OPDs of an instansi that the caller may see (an operator sees only their own).
#[utoipa::path(
    get, path = "/api/v1/instansi/{id}/opd", tag = "organisasi",
    params(("id" = i64, Path, description = "Id instansi")),
    responses(
        (status = 200, body = Vec<OpdItem>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn list_opd(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<OpdItem>>, ApiError> {
    let list = padu_app::org::visible_opds(&state, &caller, id).await?;
    Ok(Json(list.into_iter().map(OpdItem::from).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewOpd {
    pub name: String,
    /// A code from the OPD kind vocabulary (`diskominfo`, `bappeda`, ...).
    pub kind: String,
}

/// Adds an OPD to an instansi.
#[utoipa::path(
    post, path = "/api/v1/instansi/{id}/opd", tag = "organisasi",
    params(("id" = i64, Path, description = "Id instansi")),
    request_body = NewOpd,
    responses(
        (status = 201, body = CreatedId),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Nama OPD sudah dipakai", body = ErrorBody),
        (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn create_opd(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<NewOpd>,
) -> Result<(StatusCode, Json<CreatedId>), ApiError> {
    let input = OpdInput {
        name: Some(body.name),
        kind: Some(body.kind),
        active: None,
    };
    let opd = padu_app::org::create_opd(&state, &caller, id, &input).await?;
    Ok((StatusCode::CREATED, Json(CreatedId { id: opd.id })))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct OpdChanges {
    pub name: Option<String>,
    pub kind: Option<String>,
    pub active: Option<bool>,
}

/// Renames an OPD, changes its kind, or (de)activates it.
#[utoipa::path(
    patch, path = "/api/v1/opd/{id}", tag = "organisasi",
    params(("id" = i64, Path, description = "Id OPD")),
    request_body = OpdChanges,
    responses(
        (status = 200, body = OpdItem),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn update_opd(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<OpdChanges>,
) -> Result<Json<OpdItem>, ApiError> {
    let input = OpdInput {
        name: body.name,
        kind: body.kind,
        active: body.active,
    };
    Ok(Json(
        padu_app::org::update_opd(&state, &caller, id, &input)
            .await?
            .into(),
    ))
}
