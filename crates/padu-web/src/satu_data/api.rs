//! The catalog's API: an instansi's datasets (listed with filters, created), one dataset by
//! id or name (read, changed, deleted while a draft), its resources, and the walidata workflow
//! (submit, return with a note per field, approve, publish, unpublish).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use padu_app::App;
use padu_app::satu_data::datasets::{self, ListQuery};
use padu_app::satu_data::{resources, workflow};
use padu_store::Instansi;
use padu_store::satu_data::Dataset;
use serde::Deserialize;
use serde_json::{Map, Value};
use utoipa::IntoParams;

use super::json::{
    DatasetBody, DatasetJson, ResourceBody, ResourceJson, ReturnBody, dataset_json,
    dataset_request, resource_json,
};
use crate::kit::error::{ApiError, ErrorBody};
use crate::kit::extract::ApiCaller;
use crate::kit::extract_api::{ApiJson, ApiPath, ApiQuery};

/// In the query string.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DatasetsQuery {
    /// The owner OPD's id.
    pub opd: Option<i64>,
    /// `draft`, `submitted`, `returned`, `approved`, `published` or `withdrawn`.
    pub status: Option<String>,
    /// Words in the title, name or description.
    pub q: Option<String>,
}

async fn with_instansi(
    state: &App,
    caller: &padu_app::Caller,
    ds: &Dataset,
) -> Result<Json<DatasetJson>, ApiError> {
    let inst: Instansi = state
        .store
        .instansi(ds.instansi_id)
        .await
        .map_err(padu_app::AppError::from)?
        .ok_or(padu_app::AppError::NotFound("Dataset"))?;
    Ok(Json(dataset_json(caller, &inst, ds)))
}

/// An instansi's datasets the caller may read, by title: the walidata team and the admin
/// instansi see all, a produsen data its OPD's and the public ones, everyone else the public
/// ones (published and Terbuka).
#[utoipa::path(
    get, path = "/api/v1/instansi/{id}/datasets", tag = "satu-data",
    params(("id" = i64, Path, description = "Id instansi"), DatasetsQuery),
    responses(
        (status = 200, body = Vec<DatasetJson>),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn list_datasets(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<DatasetsQuery>,
) -> Result<Json<Vec<DatasetJson>>, ApiError> {
    let query = ListQuery {
        opd: q.opd,
        status: q.status,
        q: q.q,
    };
    let (inst, list) = datasets::list(&state, &caller, id, &query).await?;
    Ok(Json(
        list.iter()
            .map(|d| dataset_json(&caller, &inst, d))
            .collect(),
    ))
}

/// Drafts a dataset: a produsen data for its own OPD (the default), the walidata for any OPD.
/// Only the title is required now; submitting needs more.
#[utoipa::path(
    post, path = "/api/v1/instansi/{id}/datasets", tag = "satu-data",
    params(("id" = i64, Path, description = "Id instansi")),
    request_body = DatasetBody,
    responses(
        (status = 201, body = DatasetJson),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn create_dataset(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<Map<String, Value>>,
) -> Result<(StatusCode, Json<DatasetJson>), ApiError> {
    let req = dataset_request(body)?;
    let ds = datasets::create(&state, &caller, id, &req).await?;
    Ok((
        StatusCode::CREATED,
        with_instansi(&state, &caller, &ds).await?,
    ))
}

/// One dataset by its id or its name, with its resources and the walidata's notes.
#[utoipa::path(
    get, path = "/api/v1/datasets/{id}", tag = "satu-data",
    params(("id" = String, Path, description = "Id atau nama dataset")),
    responses(
        (status = 200, body = DatasetJson),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn get_dataset(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<DatasetJson>, ApiError> {
    let (ds, inst) = datasets::show(&state, &caller, &id).await?;
    Ok(Json(dataset_json(&caller, &inst, &ds)))
}

/// Changes a draft or returned dataset (the keys given; `null` clears an optional field). A
/// returned dataset becomes a draft again; the walidata's notes stay until it is approved.
#[utoipa::path(
    patch, path = "/api/v1/datasets/{id}", tag = "satu-data",
    params(("id" = String, Path, description = "Id atau nama dataset")),
    request_body = DatasetBody,
    responses(
        (status = 200, body = DatasetJson),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn update_dataset(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<Map<String, Value>>,
) -> Result<Json<DatasetJson>, ApiError> {
    let req = dataset_request(body)?;
    let ds = datasets::update(&state, &caller, &id, &req).await?;
    with_instansi(&state, &caller, &ds).await
}

/// Deletes a draft dataset with its resources.
#[utoipa::path(
    delete, path = "/api/v1/datasets/{id}", tag = "satu-data",
    params(("id" = String, Path, description = "Id atau nama dataset")),
    responses(
        (status = 204, description = "Dihapus"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn delete_dataset(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    datasets::delete(&state, &caller, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Adds a resource (a link to the data) to a draft or returned dataset.
#[utoipa::path(
    post, path = "/api/v1/datasets/{id}/resources", tag = "satu-data",
    params(("id" = String, Path, description = "Id atau nama dataset")),
    request_body = ResourceBody,
    responses(
        (status = 201, body = ResourceJson),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn add_resource(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ResourceBody>,
) -> Result<(StatusCode, Json<ResourceJson>), ApiError> {
    let r = resources::add(&state, &caller, &id, &body.into()).await?;
    Ok((StatusCode::CREATED, Json(resource_json(&r))))
}

/// Changes a resource of a draft or returned dataset (the keys given).
#[utoipa::path(
    patch, path = "/api/v1/datasets/{id}/resources/{resource_id}", tag = "satu-data",
    params(
        ("id" = String, Path, description = "Id atau nama dataset"),
        ("resource_id" = i64, Path, description = "Id sumber data")
    ),
    request_body = ResourceBody,
    responses(
        (status = 200, body = ResourceJson),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn update_resource(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath((id, resource_id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<ResourceBody>,
) -> Result<Json<ResourceJson>, ApiError> {
    let r = resources::update(&state, &caller, &id, resource_id, &body.into()).await?;
    Ok(Json(resource_json(&r)))
}

/// Removes a resource from a draft or returned dataset.
#[utoipa::path(
    delete, path = "/api/v1/datasets/{id}/resources/{resource_id}", tag = "satu-data",
    params(
        ("id" = String, Path, description = "Id atau nama dataset"),
        ("resource_id" = i64, Path, description = "Id sumber data")
    ),
    responses(
        (status = 204, description = "Dihapus"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn delete_resource(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath((id, resource_id)): ApiPath<(String, i64)>,
) -> Result<StatusCode, ApiError> {
    resources::remove(&state, &caller, &id, resource_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Submits a draft or returned dataset to the walidata: it needs a title, a description
/// (`notes`), its owner OPD and a licence (else 422 naming each missing field). The walidata
/// team is notified.
#[utoipa::path(
    post, path = "/api/v1/datasets/{id}/submit", tag = "satu-data",
    params(("id" = String, Path, description = "Id atau nama dataset")),
    responses(
        (status = 200, body = DatasetJson),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn submit(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<DatasetJson>, ApiError> {
    let ds = workflow::submit(&state, &caller, &id).await?;
    with_instansi(&state, &caller, &ds).await
}

/// Returns a submitted dataset to its produsen with a note per field
/// (`{"notes": {"title": "...", "license_id": "..."}}`; an unknown field name is a 422). The
/// produsen is notified and sees each note beside its field.
#[utoipa::path(
    post, path = "/api/v1/datasets/{id}/return", tag = "satu-data",
    params(("id" = String, Path, description = "Id atau nama dataset")),
    request_body = ReturnBody,
    responses(
        (status = 200, body = DatasetJson),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn return_dataset(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ReturnBody>,
) -> Result<Json<DatasetJson>, ApiError> {
    let ds = workflow::return_dataset(&state, &caller, &id, &body.notes).await?;
    with_instansi(&state, &caller, &ds).await
}

/// Approves a submitted dataset (the walidata or the walidata pendukung; data prioritas only
/// the walidata, which records the pembina's verdict with it).
#[utoipa::path(
    post, path = "/api/v1/datasets/{id}/approve", tag = "satu-data",
    params(("id" = String, Path, description = "Id atau nama dataset")),
    responses(
        (status = 200, body = DatasetJson),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn approve(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<DatasetJson>, ApiError> {
    let ds = workflow::approve(&state, &caller, &id).await?;
    with_instansi(&state, &caller, &ds).await
}

/// Publishes an approved (or withdrawn) dataset (the walidata): public when Terbuka. The
/// produsen is notified.
#[utoipa::path(
    post, path = "/api/v1/datasets/{id}/publish", tag = "satu-data",
    params(("id" = String, Path, description = "Id atau nama dataset")),
    responses(
        (status = 200, body = DatasetJson),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn publish(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<DatasetJson>, ApiError> {
    let ds = workflow::publish(&state, &caller, &id).await?;
    with_instansi(&state, &caller, &ds).await
}

/// Withdraws a published dataset (the walidata); it may be published again.
#[utoipa::path(
    post, path = "/api/v1/datasets/{id}/unpublish", tag = "satu-data",
    params(("id" = String, Path, description = "Id atau nama dataset")),
    responses(
        (status = 200, body = DatasetJson),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn unpublish(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<DatasetJson>, ApiError> {
    let ds = workflow::unpublish(&state, &caller, &id).await?;
    with_instansi(&state, &caller, &ds).await
}
