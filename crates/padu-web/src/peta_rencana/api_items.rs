//! The roadmap items' API: a roadmap's items (listed, entered), one item (read, changed,
//! deleted) and its semester realisation.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use padu_app::peta_rencana::items::{self, ItemInput, RealisationInput};
use padu_app::{App, AppError};
use padu_core::peta_rencana::IndicatorTarget;
use padu_store::peta_rencana::RoadmapItem;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::api::per_year;
use crate::kit::error::{ApiError, ErrorBody};
use crate::kit::extract::ApiCaller;
use crate::kit::extract_api::{ApiJson, ApiPath};

/// An indicator of an evaluation instrument an item raises, and to which level.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RoadmapIndicatorJson {
    /// The instrument's id, for instance `permenpanrb-8-2026`.
    pub instrument: String,
    pub number: u16,
    pub level: u32,
}

/// One semester's report.
#[derive(Debug, Serialize, ToSchema)]
pub struct RealisationJson {
    pub year: i32,
    pub semester: u8,
    /// Free text such as "40%".
    pub value: String,
    pub note: Option<String>,
    pub reported_by: String,
    pub reported_at_ms: i64,
}

/// A roadmap item as the API writes it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoadmapItemJson {
    pub id: i64,
    pub roadmap: i64,
    pub instansi: i64,
    pub title: String,
    /// The responsible OPD's id.
    pub opd: i64,
    pub years: Vec<i32>,
    /// The target text per year (`{"2026": "..."}`).
    pub targets: BTreeMap<String, String>,
    /// The budget per year in whole rupiah (`{"2026": 150000000}`).
    pub budget: BTreeMap<String, i64>,
    pub total_budget: i64,
    pub indicators: Vec<RoadmapIndicatorJson>,
    /// The architecture item (a gap or a to-be item) it answers.
    pub gap: Option<i64>,
    pub need: Option<String>,
    pub process: Option<String>,
    pub domain: Option<String>,
    pub initiative: Option<String>,
    pub external_party: Option<String>,
    pub baseline: Option<String>,
    /// The programme / kegiatan / sub-kegiatan code.
    pub program_code: Option<String>,
    /// `belum_mulai`, `berjalan`, `selesai`, `tertunda` or `batal`.
    pub status: String,
    pub evaluation: Option<String>,
    /// The semester reports, by year and semester.
    pub realisation: Vec<RealisationJson>,
    pub updated_at_ms: i64,
    pub updated_by: String,
}

impl From<&RoadmapItem> for RoadmapItemJson {
    fn from(i: &RoadmapItem) -> Self {
        let d = &i.details;
        RoadmapItemJson {
            id: i.id,
            roadmap: i.roadmap_id,
            instansi: i.instansi_id,
            title: i.title.clone(),
            opd: i.opd_id,
            years: d.years.clone(),
            targets: per_year(&d.targets),
            budget: per_year(&d.budget),
            total_budget: d.total_budget(),
            indicators: d
                .indicators
                .iter()
                .map(|t| RoadmapIndicatorJson {
                    instrument: t.instrument.clone(),
                    number: t.number,
                    level: t.level,
                })
                .collect(),
            gap: d.architecture_item,
            need: d.need.clone(),
            process: d.process.clone(),
            domain: d.domain.clone(),
            initiative: d.initiative.clone(),
            external_party: d.external_party.clone(),
            baseline: d.baseline.clone(),
            program_code: d.program_code.clone(),
            status: i.status.code().to_string(),
            evaluation: d.evaluation.clone(),
            realisation: d
                .realisation
                .iter()
                .map(|r| RealisationJson {
                    year: r.year,
                    semester: r.semester,
                    value: r.value.clone(),
                    note: r.note.clone(),
                    reported_by: r.reported_by.clone(),
                    reported_at_ms: r.reported_at_ms,
                })
                .collect(),
            updated_at_ms: i.updated_at_ms,
            updated_by: i.updated_by.clone(),
        }
    }
}

/// Distinguishes a missing field (`None`) from an explicit `null` (`Some(None)`).
pub(crate) fn double_option<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Ok(Some(Option::deserialize(d)?))
}

/// An item to enter or change. On creation `title`, `opd` and `years` are required; on a change
/// every key is optional, an empty text clears an optional one and `"gap": null` unlinks. Years,
/// targets and budget outside the roadmap's span, a negative budget or an indicator the catalog
/// does not hold are a 422. In an enacted roadmap only `status` and `evaluation` change.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct RoadmapItemBody {
    pub title: Option<String>,
    pub opd: Option<i64>,
    pub years: Option<Vec<i32>>,
    pub targets: Option<BTreeMap<String, String>>,
    pub budget: Option<BTreeMap<String, i64>>,
    pub indicators: Option<Vec<RoadmapIndicatorJson>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub gap: Option<Option<i64>>,
    pub need: Option<String>,
    pub process: Option<String>,
    pub domain: Option<String>,
    pub initiative: Option<String>,
    pub external_party: Option<String>,
    pub baseline: Option<String>,
    pub program_code: Option<String>,
    pub evaluation: Option<String>,
    /// `belum_mulai` (default), `berjalan`, `selesai`, `tertunda` or `batal`.
    pub status: Option<String>,
}

fn by_year<T: Clone>(
    field: &str,
    m: Option<BTreeMap<String, T>>,
) -> Result<Option<BTreeMap<i32, T>>, ApiError> {
    let Some(m) = m else { return Ok(None) };
    let mut out = BTreeMap::new();
    for (k, v) in m {
        let y: i32 = k.trim().parse().map_err(|_| {
            ApiError::from(AppError::field(
                field,
                format!("Kunci \"{k}\" harus berupa tahun, misalnya \"2026\""),
            ))
        })?;
        out.insert(y, v);
    }
    Ok(Some(out))
}

fn item_input(b: RoadmapItemBody) -> Result<ItemInput, ApiError> {
    Ok(ItemInput {
        title: b.title,
        opd: b.opd,
        years: b.years,
        targets: by_year("targets", b.targets)?,
        budget: by_year("budget", b.budget)?,
        indicators: b.indicators.map(|l| {
            l.into_iter()
                .map(|i| IndicatorTarget {
                    instrument: i.instrument,
                    number: i.number,
                    level: i.level,
                })
                .collect()
        }),
        gap: b.gap,
        need: b.need,
        process: b.process,
        domain: b.domain,
        initiative: b.initiative,
        external_party: b.external_party,
        baseline: b.baseline,
        program_code: b.program_code,
        evaluation: b.evaluation,
        status: b.status,
    })
}

/// A roadmap's items, by OPD and title.
#[utoipa::path(
    get, path = "/api/v1/roadmaps/{id}/items", tag = "peta-rencana",
    params(("id" = i64, Path, description = "Id peta rencana")),
    responses(
        (status = 200, body = Vec<RoadmapItemJson>),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn list_items(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<RoadmapItemJson>>, ApiError> {
    let list = items::list(&state, &caller, id).await?;
    Ok(Json(list.iter().map(RoadmapItemJson::from).collect()))
}

/// Enters an item in a draft roadmap (the admin instansi or the koordinator; 409 once enacted).
#[utoipa::path(
    post, path = "/api/v1/roadmaps/{id}/items", tag = "peta-rencana",
    params(("id" = i64, Path, description = "Id peta rencana")),
    request_body = RoadmapItemBody,
    responses(
        (status = 201, body = RoadmapItemJson),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn create_item(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<RoadmapItemBody>,
) -> Result<(StatusCode, Json<RoadmapItemJson>), ApiError> {
    let input = item_input(body)?;
    let item = items::create(&state, &caller, id, &input).await?;
    Ok((StatusCode::CREATED, Json(RoadmapItemJson::from(&item))))
}

/// One roadmap item.
#[utoipa::path(
    get, path = "/api/v1/roadmap-items/{id}", tag = "peta-rencana",
    params(("id" = i64, Path, description = "Id item peta rencana")),
    responses(
        (status = 200, body = RoadmapItemJson),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn get_item(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<RoadmapItemJson>, ApiError> {
    let item = items::get(&state, &caller, id).await?;
    Ok(Json(RoadmapItemJson::from(&item)))
}

/// Changes an item (the keys given). In an enacted roadmap only `status` and `evaluation`
/// change (anything else is a 409); a reviewed version is read only.
#[utoipa::path(
    patch, path = "/api/v1/roadmap-items/{id}", tag = "peta-rencana",
    params(("id" = i64, Path, description = "Id item peta rencana")),
    request_body = RoadmapItemBody,
    responses(
        (status = 200, body = RoadmapItemJson),
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
    ApiJson(body): ApiJson<RoadmapItemBody>,
) -> Result<Json<RoadmapItemJson>, ApiError> {
    let input = item_input(body)?;
    let item = items::update(&state, &caller, id, &input).await?;
    Ok(Json(RoadmapItemJson::from(&item)))
}

/// Deletes an item of a draft roadmap (409 once enacted).
#[utoipa::path(
    delete, path = "/api/v1/roadmap-items/{id}", tag = "peta-rencana",
    params(("id" = i64, Path, description = "Id item peta rencana")),
    responses(
        (status = 204, description = "Dihapus"),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)
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

/// One semester's report.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RealisationBody {
    pub year: i32,
    /// 1 or 2.
    pub semester: u8,
    /// Free text such as "40%".
    #[serde(default)]
    pub value: String,
    pub note: Option<String>,
}

/// Reports one semester's realisation of an item: its OPD's operator, the admin instansi or
/// the koordinator, whatever the roadmap's status (another OPD's operator: 403). A second
/// report of the same semester replaces the first.
#[utoipa::path(
    post, path = "/api/v1/roadmap-items/{id}/realisation", tag = "peta-rencana",
    params(("id" = i64, Path, description = "Id item peta rencana")),
    request_body = RealisationBody,
    responses(
        (status = 200, body = RoadmapItemJson),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn report(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<RealisationBody>,
) -> Result<Json<RoadmapItemJson>, ApiError> {
    let input = RealisationInput {
        year: body.year,
        semester: body.semester,
        value: body.value,
        note: body.note,
    };
    let item = items::report(&state, &caller, id, &input).await?;
    Ok(Json(RoadmapItemJson::from(&item)))
}
