//! The Peta Rencana API: an instansi's roadmaps (listed newest first, drafted), one roadmap
//! (read, changed while a draft, enacted, reviewed into a new version).

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use padu_app::App;
use padu_app::peta_rencana::roadmaps::{self, Decree, ReviewInput, RoadmapInput};
use padu_store::peta_rencana::Roadmap;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::kit::error::{ApiError, ErrorBody};
use crate::kit::extract::ApiCaller;
use crate::kit::extract_api::{ApiJson, ApiPath};

/// A roadmap version as the API writes it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoadmapJson {
    pub id: i64,
    pub instansi: i64,
    pub title: String,
    pub start_year: i32,
    pub end_year: i32,
    /// Basis codes: `peta_rencana_nasional`, `arsitektur`, `rpjmd`, `renstra`.
    pub basis: Vec<String>,
    /// `draft`, `ditetapkan` or `direviu`.
    pub status: String,
    /// The kepala daerah's decree, once enacted.
    pub decree_number: Option<String>,
    /// `YYYY-MM-DD`.
    pub decree_date: Option<String>,
    /// `tengah` or `akhir`, once reviewed.
    pub review_kind: Option<String>,
    pub review_note: Option<String>,
    /// 1, then one more for each review.
    pub version: i32,
    /// The version this one replaced.
    pub previous: Option<i64>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub updated_by: String,
    /// Days after a semester ends (30 June, 31 December) by which the OPDs report its
    /// realisation.
    pub report_days: i32,
}

impl From<&Roadmap> for RoadmapJson {
    fn from(r: &Roadmap) -> Self {
        RoadmapJson {
            id: r.id,
            instansi: r.instansi_id,
            title: r.title.clone(),
            start_year: r.start_year,
            end_year: r.end_year,
            basis: r.basis.iter().map(|b| b.code().to_string()).collect(),
            status: r.status.code().to_string(),
            decree_number: r.decree_number.clone(),
            decree_date: r.decree_date.clone(),
            review_kind: r.review_kind.map(|k| k.code().to_string()),
            review_note: r.review_note.clone(),
            version: r.version,
            previous: r.previous_id,
            created_at_ms: r.created_at_ms,
            updated_at_ms: r.updated_at_ms,
            updated_by: r.updated_by.clone(),
            report_days: r.report_days,
        }
    }
}

/// A roadmap to draft or change: `title` and `start_year` required on creation (`end_year`
/// five years on by default, the span one to ten years); on a change every key is optional.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct RoadmapBody {
    pub title: Option<String>,
    pub start_year: Option<i32>,
    pub end_year: Option<i32>,
    /// Basis codes: `peta_rencana_nasional`, `arsitektur`, `rpjmd`, `renstra`.
    pub basis: Option<Vec<String>>,
    /// Days after a semester ends by which the OPDs report its realisation (0 to 90, 10 when
    /// not given); unlike the rest it may change once the roadmap is enacted.
    pub report_days: Option<i32>,
}

impl From<RoadmapBody> for RoadmapInput {
    fn from(b: RoadmapBody) -> Self {
        RoadmapInput {
            title: b.title,
            start_year: b.start_year,
            end_year: b.end_year,
            basis: b.basis,
            report_days: b.report_days,
        }
    }
}

/// An instansi's roadmaps, newest first (every version): for every role of the instansi.
#[utoipa::path(
    get, path = "/api/v1/instansi/{id}/roadmaps", tag = "peta-rencana",
    params(("id" = i64, Path, description = "Id instansi")),
    responses(
        (status = 200, body = Vec<RoadmapJson>),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn list_roadmaps(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<RoadmapJson>>, ApiError> {
    let list = roadmaps::list(&state, &caller, id).await?;
    Ok(Json(list.iter().map(RoadmapJson::from).collect()))
}

/// Drafts a roadmap (the admin instansi or the koordinator).
#[utoipa::path(
    post, path = "/api/v1/instansi/{id}/roadmaps", tag = "peta-rencana",
    params(("id" = i64, Path, description = "Id instansi")),
    request_body = RoadmapBody,
    responses(
        (status = 201, body = RoadmapJson),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn create_roadmap(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<RoadmapBody>,
) -> Result<(StatusCode, Json<RoadmapJson>), ApiError> {
    let made = roadmaps::create(&state, &caller, id, &body.into()).await?;
    Ok((StatusCode::CREATED, Json(RoadmapJson::from(&made))))
}

/// One roadmap version.
#[utoipa::path(
    get, path = "/api/v1/roadmaps/{id}", tag = "peta-rencana",
    params(("id" = i64, Path, description = "Id peta rencana")),
    responses(
        (status = 200, body = RoadmapJson),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn get_roadmap(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<RoadmapJson>, ApiError> {
    let r = roadmaps::get(&state, &caller, id).await?;
    Ok(Json(RoadmapJson::from(&r)))
}

/// Changes a draft roadmap's title, span or basis (409 once enacted); the span may not leave
/// out a year its items use (422).
#[utoipa::path(
    patch, path = "/api/v1/roadmaps/{id}", tag = "peta-rencana",
    params(("id" = i64, Path, description = "Id peta rencana")),
    request_body = RoadmapBody,
    responses(
        (status = 200, body = RoadmapJson),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn update_roadmap(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<RoadmapBody>,
) -> Result<Json<RoadmapJson>, ApiError> {
    let r = roadmaps::update(&state, &caller, id, &body.into()).await?;
    Ok(Json(RoadmapJson::from(&r)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RoadmapEnactBody {
    /// The kepala daerah's regulation or decree (`Peraturan Bupati Nomor 12 Tahun 2025`).
    #[serde(default)]
    pub decree_number: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub decree_date: String,
}

/// Enacts a draft roadmap with the kepala daerah's decree (number and date required, 422);
/// its items' content is then fixed.
#[utoipa::path(
    post, path = "/api/v1/roadmaps/{id}/enact", tag = "peta-rencana",
    params(("id" = i64, Path, description = "Id peta rencana")),
    request_body = RoadmapEnactBody,
    responses(
        (status = 200, body = RoadmapJson),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn enact(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<RoadmapEnactBody>,
) -> Result<Json<RoadmapJson>, ApiError> {
    let decree = Decree {
        number: body.decree_number,
        date: body.decree_date,
    };
    let r = roadmaps::enact(&state, &caller, id, &decree).await?;
    Ok(Json(RoadmapJson::from(&r)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RoadmapReviewBody {
    /// `tengah` (mid-term) or `akhir` (end of the span).
    #[serde(default)]
    pub kind: String,
    pub note: Option<String>,
    /// The new version's title (the old one's by default).
    pub title: Option<String>,
}

/// Reviews an enacted roadmap: it becomes `direviu` and stays readable, and the answer is the
/// new draft version (one more) with a copy of every item.
#[utoipa::path(
    post, path = "/api/v1/roadmaps/{id}/review", tag = "peta-rencana",
    params(("id" = i64, Path, description = "Id peta rencana")),
    request_body = RoadmapReviewBody,
    responses(
        (status = 201, body = RoadmapJson),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn review(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<RoadmapReviewBody>,
) -> Result<(StatusCode, Json<RoadmapJson>), ApiError> {
    let input = ReviewInput {
        kind: body.kind,
        note: body.note,
        title: body.title,
    };
    let r = roadmaps::review(&state, &caller, id, &input).await?;
    Ok((StatusCode::CREATED, Json(RoadmapJson::from(&r))))
}

/// The budget per year as the API writes it (years as keys).
pub fn per_year<T: Clone>(m: &BTreeMap<i32, T>) -> BTreeMap<String, T> {
    m.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
}
