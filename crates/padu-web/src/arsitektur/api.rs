//! The Arsitektur SPBE API: an instansi's items (listed with filters, created), one item
//! (read, changed, deleted), its links, its verification, and what is computed: the gaps, the
//! counts per domain and the overlapping applications.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use padu_app::App;
use padu_app::AppError;
use padu_app::arsitektur::items::{self, ItemInput, ItemView, ListQuery};
use padu_app::arsitektur::workflow;
use padu_store::arsitektur::ArchitectureItem;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::{IntoParams, ToSchema};

use crate::kit::error::{ApiError, ErrorBody};
use crate::kit::extract::ApiCaller;
use crate::kit::extract_api::{ApiJson, ApiPath, ApiQuery};

/// An item as the API writes it: these keys, then the domain's own fields beside them (for
/// instance `produsen` and `wali_data` of data, `hosting`, `kind` and `last_audit` of an
/// aplikasi, `standar` of a layanan).
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemJson {
    pub id: i64,
    pub instansi: i64,
    /// `proses_bisnis`, `layanan`, `data`, `aplikasi`, `infrastruktur` or `keamanan`.
    pub domain: String,
    pub name: String,
    /// The owner OPD's id.
    pub opd: i64,
    pub year: i32,
    /// Its reference model node (`RAB.01.02.03`), or null while a draft.
    pub reference: Option<String>,
    /// `as_is` or `to_be`.
    pub state: String,
    /// `draft`, `submitted`, `verified` or `returned`.
    pub status: String,
    /// A layanan the instansi has published (verified, its six standar components filled).
    pub published: bool,
    /// Why it was returned.
    pub return_note: Option<String>,
    /// The ids of the items linked to it.
    pub links: Vec<i64>,
    pub updated_at_ms: i64,
    pub updated_by: String,
}

/// The keys the API writes besides the domain's fields (no domain field has these names).
const COMMON: [&str; 14] = [
    "id",
    "instansi",
    "domain",
    "name",
    "opd",
    "year",
    "reference",
    "state",
    "status",
    "published",
    "return_note",
    "links",
    "updated_at_ms",
    "updated_by",
];

/// `item` as the API writes it.
pub fn item_json(item: &ArchitectureItem, links: &[i64]) -> Value {
    let mut out = Map::new();
    for (k, v) in &item.fields {
        out.insert(k.clone(), v.clone());
    }
    let common = serde_json::json!({
        "id": item.id,
        "instansi": item.instansi_id,
        "domain": item.domain.code(),
        "name": item.name,
        "opd": item.opd_id,
        "year": item.year,
        "reference": item.reference,
        "state": item.state.code(),
        "status": item.status.code(),
        "published": item.published,
        "return_note": item.return_note,
        "links": links,
        "updated_at_ms": item.updated_at_ms,
        "updated_by": item.updated_by,
    });
    if let Value::Object(c) = common {
        out.extend(c);
    }
    Value::Object(out)
}

fn view_json(v: &ItemView) -> Value {
    item_json(&v.item, &v.links)
}

/// What a client sends for an item: these keys, and the domain's own fields beside them (a
/// field set to null is cleared). On a change every key is optional.
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct ItemBody {
    /// `proses_bisnis`, `layanan`, `data`, `aplikasi`, `infrastruktur` or `keamanan` (fixed
    /// once created).
    pub domain: Option<String>,
    pub name: Option<String>,
    /// The owner OPD's id (an operator's own by default).
    pub opd: Option<i64>,
    pub year: Option<i32>,
    /// A code of the domain's reference model: RAB for proses bisnis, RAL layanan, RAD data,
    /// RAA aplikasi, RAI infrastruktur, RAK keamanan (another model's code is a 422).
    pub reference: Option<String>,
    /// `as_is` (default) or `to_be`.
    pub state: Option<String>,
    /// Publish (or withdraw) a verified layanan with its six standar components.
    pub published: Option<bool>,
}

fn wrong(field: &str, message: &str) -> ApiError {
    AppError::field(field, message).into()
}

/// Reads an item body: the common keys by type, everything else a domain field.
fn item_input(body: Map<String, Value>) -> Result<ItemInput, ApiError> {
    let mut input = ItemInput::default();
    for (key, value) in body {
        let text = |v: &Value| match v {
            Value::String(s) => Ok(Some(s.clone())),
            Value::Null => Ok(None),
            _ => Err(wrong(&key, "Harus berupa teks")),
        };
        match key.as_str() {
            "domain" => input.domain = text(&value)?,
            "name" => input.name = text(&value)?,
            "state" => input.state = text(&value)?,
            // null clears the reference
            "reference" => input.reference = Some(text(&value)?.unwrap_or_default()),
            "opd" => {
                input.opd = Some(
                    value
                        .as_i64()
                        .ok_or_else(|| wrong("opd", "Harus berupa id OPD (bilangan)"))?,
                );
            }
            "year" => {
                let y = value
                    .as_i64()
                    .and_then(|y| i32::try_from(y).ok())
                    .ok_or_else(|| wrong("year", "Harus berupa tahun (bilangan)"))?;
                input.year = Some(y);
            }
            "published" => {
                input.published = Some(
                    value
                        .as_bool()
                        .ok_or_else(|| wrong("published", "Harus true atau false"))?,
                );
            }
            k if COMMON.contains(&k) => {}
            _ => {
                input.fields.insert(key, value);
            }
        }
    }
    Ok(input)
}

/// In the query string.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ItemsQuery {
    /// A domain code.
    pub domain: Option<String>,
    /// An OPD id.
    pub opd: Option<i64>,
    pub year: Option<i32>,
    /// A workflow status: `draft`, `submitted`, `verified`, `returned`.
    pub status: Option<String>,
    /// `as_is` or `to_be`.
    pub state: Option<String>,
}

/// An instansi's architecture items, by domain, OPD and name, with their links: for every
/// role of the instansi and its province.
#[utoipa::path(
    get, path = "/api/v1/instansi/{id}/architecture/items", tag = "arsitektur",
    params(("id" = i64, Path, description = "Id instansi"), ItemsQuery),
    responses(
        (status = 200, body = Vec<ItemJson>),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn list_items(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<ItemsQuery>,
) -> Result<Json<Vec<Value>>, ApiError> {
    let query = ListQuery {
        domain: q.domain,
        opd: q.opd,
        year: q.year,
        status: q.status,
        state: q.state,
    };
    let list = items::list(&state, &caller, id, &query).await?;
    Ok(Json(list.iter().map(view_json).collect()))
}

/// Enters an item as a draft: an operator for its own OPD, the admin instansi or the
/// koordinator for any. Domain fields may stay empty until it is submitted.
#[utoipa::path(
    post, path = "/api/v1/instansi/{id}/architecture/items", tag = "arsitektur",
    params(("id" = i64, Path, description = "Id instansi")),
    request_body = ItemBody,
    responses(
        (status = 201, body = ItemJson),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn create_item(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<Map<String, Value>>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let input = item_input(body)?;
    let view = items::create(&state, &caller, id, &input).await?;
    Ok((StatusCode::CREATED, Json(view_json(&view))))
}

/// One item with its links.
#[utoipa::path(
    get, path = "/api/v1/architecture/items/{id}", tag = "arsitektur",
    params(("id" = i64, Path, description = "Id item arsitektur")),
    responses(
        (status = 200, body = ItemJson),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn get_item(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Value>, ApiError> {
    let view = items::get(&state, &caller, id).await?;
    Ok(Json(view_json(&view)))
}

/// Changes an item (the keys given; a domain field set to null is cleared). Editing a returned
/// or verified item makes it a draft again; a submitted item is not edited (409).
/// `{"published": true}` alone publishes a verified layanan with its six standar components
/// (admin instansi or koordinator).
#[utoipa::path(
    patch, path = "/api/v1/architecture/items/{id}", tag = "arsitektur",
    params(("id" = i64, Path, description = "Id item arsitektur")),
    request_body = ItemBody,
    responses(
        (status = 200, body = ItemJson),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn update_item(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<Map<String, Value>>,
) -> Result<Json<Value>, ApiError> {
    let input = item_input(body)?;
    let view = items::update(&state, &caller, id, &input).await?;
    Ok(Json(view_json(&view)))
}

/// Deletes an item and its links (not while it is submitted).
#[utoipa::path(
    delete, path = "/api/v1/architecture/items/{id}", tag = "arsitektur",
    params(("id" = i64, Path, description = "Id item arsitektur")),
    responses(
        (status = 204, description = "Dihapus"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn delete_item(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    items::delete(&state, &caller, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct LinksBody {
    /// The ids of every item this one is linked to (replacing its links): items of the same
    /// instansi, of a domain this one may be linked to.
    pub to: Vec<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LinksJson {
    pub item: i64,
    pub to: Vec<i64>,
}

/// Sets the items an item is linked to. Allowed pairs: proses bisnis–layanan, data–proses
/// bisnis/layanan, aplikasi–layanan/data, aplikasi–infrastruktur, and aplikasi, data or
/// infrastruktur–keamanan; any other pair, or an item of another instansi, is a 422.
#[utoipa::path(
    put, path = "/api/v1/architecture/items/{id}/links", tag = "arsitektur",
    params(("id" = i64, Path, description = "Id item arsitektur")),
    request_body = LinksBody,
    responses(
        (status = 200, body = LinksJson),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn set_links(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<LinksBody>,
) -> Result<Json<LinksJson>, ApiError> {
    let to = items::set_links(&state, &caller, id, &body.to).await?;
    Ok(Json(LinksJson { item: id, to }))
}

/// Submits a draft or returned item for verification (its reference and the domain's required
/// fields filled, else 422); the admin instansi and koordinator are notified.
#[utoipa::path(
    post, path = "/api/v1/architecture/items/{id}/submit", tag = "arsitektur",
    params(("id" = i64, Path, description = "Id item arsitektur")),
    responses(
        (status = 200, body = ItemJson),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn submit(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Value>, ApiError> {
    let item = workflow::submit(&state, &caller, id).await?;
    let links = state
        .store
        .architecture_links_of(id)
        .await
        .map_err(AppError::from)?;
    Ok(Json(item_json(&item, &links)))
}

/// Verifies a submitted item (admin instansi or koordinator).
#[utoipa::path(
    post, path = "/api/v1/architecture/items/{id}/verify", tag = "arsitektur",
    params(("id" = i64, Path, description = "Id item arsitektur")),
    responses(
        (status = 200, body = ItemJson),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn verify(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Value>, ApiError> {
    let item = workflow::verify(&state, &caller, id).await?;
    let links = state
        .store
        .architecture_links_of(id)
        .await
        .map_err(AppError::from)?;
    Ok(Json(item_json(&item, &links)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReturnBody {
    /// What the OPD must fix.
    pub note: String,
}

/// Returns a submitted item to its OPD with a note (admin instansi or koordinator); the OPD's
/// operators are notified.
#[utoipa::path(
    post, path = "/api/v1/architecture/items/{id}/return", tag = "arsitektur",
    params(("id" = i64, Path, description = "Id item arsitektur")),
    request_body = ReturnBody,
    responses(
        (status = 200, body = ItemJson),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn return_item(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<ReturnBody>,
) -> Result<Json<Value>, ApiError> {
    let item = workflow::return_item(&state, &caller, id, &body.note).await?;
    let links = state
        .store
        .architecture_links_of(id)
        .await
        .map_err(AppError::from)?;
    Ok(Json(item_json(&item, &links)))
}
