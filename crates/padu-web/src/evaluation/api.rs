//! The evaluation endpoints of the JSON API.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use padu_core::ScoreReport;
use padu_core::access::Action;
use padu_core::report::Level;
use padu_store::evaluation::{DateRange, Stages};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::kit::error::CreatedId;
use crate::kit::error::{ApiError, ErrorBody};
use crate::kit::extract::ApiCaller;
use crate::kit::extract_api::{ApiJson, ApiPath};
use padu_app::App;
use padu_app::AppError;
use padu_app::evaluation::{self as service, Basis, PeriodInput, WorkInput};

/// A level or value: a number (`3`, `1.26`) or a string (`"1,26"`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum LevelInput {
    Number(serde_json::Number),
    Text(String),
}

impl LevelInput {
    pub(super) fn raw(&self) -> String {
        match self {
            LevelInput::Number(n) => n.to_string(),
            LevelInput::Text(t) => t.clone(),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewPeriodBody {
    pub year: i32,
    /// `evaluasi`, `pemantauan`, `internal-s1` or `internal-s2`.
    pub kind: String,
    /// An instrument id, e.g. `permenpanrb-8-2026`.
    pub instrument: String,
    /// An earlier period of the same instansi to carry work forward from.
    pub carry_from: Option<i64>,
    /// The instansi's target index for this period.
    #[schema(value_type = Option<f64>)]
    pub target: Option<LevelInput>,
    /// Stage dates (`yyyy-mm-dd`): `mandiri_mulai`, `mandiri_selesai`, `dokumen_…`,
    /// `interviu_…`, `visitasi_…`.
    #[serde(default)]
    pub stages: std::collections::BTreeMap<String, String>,
}

fn stages(map: &std::collections::BTreeMap<String, String>) -> Stages {
    let range = |name: &str| DateRange {
        start: map.get(&format!("{name}_mulai")).cloned(),
        end: map.get(&format!("{name}_selesai")).cloned(),
    };
    Stages {
        mandiri: range("mandiri"),
        dokumen: range("dokumen"),
        interviu: range("interviu"),
        visitasi: range("visitasi"),
    }
}

/// Opens an evaluation period, optionally carrying work forward from an earlier one.
#[utoipa::path(
    post, path = "/api/v1/instansi/{id}/periods", tag = "evaluasi",
    params(("id" = i64, Path, description = "Id instansi")),
    request_body = NewPeriodBody,
    responses(
        (status = 201, body = CreatedId),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn create_period(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<NewPeriodBody>,
) -> Result<(StatusCode, Json<CreatedId>), ApiError> {
    let input = PeriodInput {
        year: body.year,
        kind: body.kind,
        instrument: body.instrument,
        carry_from: body.carry_from,
        target: body.target.map(|t| t.raw()),
        stages: stages(&body.stages),
    };
    let id = service::create_period(&state, &caller, id, &input).await?;
    Ok((StatusCode::CREATED, Json(CreatedId { id })))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PeriodItem {
    pub id: i64,
    pub instansi: i64,
    pub year: i32,
    pub kind: String,
    pub instrument: String,
    pub carried_from: Option<i64>,
    pub target: Option<f64>,
    pub closed: bool,
}

/// The periods of an instansi, the newest first.
#[utoipa::path(
    get, path = "/api/v1/instansi/{id}/periods", tag = "evaluasi",
    params(("id" = i64, Path, description = "Id instansi")),
    responses((status = 200, body = Vec<PeriodItem>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn list_periods(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<PeriodItem>>, ApiError> {
    let (_, periods) = service::periods_of(&state, &caller, id).await?;
    Ok(Json(
        periods
            .into_iter()
            .map(|p| PeriodItem {
                id: p.id,
                instansi: p.instansi_id,
                year: p.year,
                kind: p.kind.code().into(),
                instrument: p.instrument,
                carried_from: p.carried_from,
                target: p.target.map(padu_core::Value::to_f64),
                closed: p.closed,
            })
            .collect(),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorItem {
    pub number: u16,
    pub name: String,
    pub lead_opd: Option<i64>,
    pub opd: Vec<i64>,
    /// `draft`, `submitted`, `returned` or `accepted`.
    pub status: String,
    /// Carried forward and not yet looked at again.
    pub to_review: bool,
    #[schema(value_type = Option<f64>)]
    pub self_level: Option<Level>,
    #[schema(value_type = Option<f64>)]
    pub accepted_level: Option<Level>,
    #[schema(value_type = Option<f64>)]
    pub final_level: Option<Level>,
    pub evidence_count: u32,
}

/// Every indicator of a period with its state.
#[utoipa::path(
    get, path = "/api/v1/periods/{id}/indicators", tag = "evaluasi",
    params(("id" = i64, Path, description = "Id periode")),
    responses((status = 200, body = Vec<IndicatorItem>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn list_indicators(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<IndicatorItem>>, ApiError> {
    let ctx = service::period_for(&state, &caller, id, Action::ViewInstansi).await?;
    let list = service::indicators(&state, &ctx).await?;
    Ok(Json(list.into_iter().map(|pi| item(&ctx, pi)).collect()))
}

/// The answer to a change: the indicator as it is now.
async fn changed(
    state: &App,
    caller: &padu_app::Caller,
    pi: padu_store::evaluation::PeriodIndicator,
) -> Result<Json<IndicatorItem>, ApiError> {
    let ctx = service::period_for(state, caller, pi.period_id, Action::ViewInstansi).await?;
    Ok(Json(item(&ctx, pi)))
}

pub(super) fn item(
    ctx: &service::PeriodContext,
    pi: padu_store::evaluation::PeriodIndicator,
) -> IndicatorItem {
    let level = |v: Option<padu_core::Value>| v.map(|v| Level::of(&ctx.instrument, v));
    IndicatorItem {
        number: pi.number,
        name: ctx
            .instrument
            .indicator(pi.number)
            .map(|i| i.name.clone())
            .unwrap_or_default(),
        lead_opd: pi.lead_opd,
        opd: pi.contributors.clone(),
        status: pi.status.code().into(),
        to_review: pi.to_review,
        self_level: level(pi.self_value),
        accepted_level: level(pi.accepted_value),
        final_level: level(pi.final_value),
        evidence_count: pi.evidence_count,
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AssignmentBody {
    pub lead_opd: Option<i64>,
    #[serde(default)]
    pub opd: Vec<i64>,
}

/// Sets the lead OPD and contributing OPDs of an indicator.
#[utoipa::path(
    put, path = "/api/v1/periods/{id}/indicators/{number}/assignment", tag = "evaluasi",
    params(("id" = i64, Path, description = "Id periode"), ("number" = u16, Path, description = "Nomor indikator")),
    request_body = AssignmentBody,
    responses((status = 200, body = IndicatorItem), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, description = "Periode sudah ditutup", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn put_assignment(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath((id, number)): ApiPath<(i64, u16)>,
    ApiJson(body): ApiJson<AssignmentBody>,
) -> Result<Json<IndicatorItem>, ApiError> {
    let pi = service::assign(&state, &caller, id, number, body.lead_opd, &body.opd).await?;
    changed(&state, &caller, pi).await
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AppliedCount {
    pub assigned: usize,
}

/// Applies the instrument's default ownership (which kind of OPD owns which indicator).
#[utoipa::path(
    post, path = "/api/v1/periods/{id}/assignment/default", tag = "evaluasi",
    params(("id" = i64, Path, description = "Id periode")),
    responses((status = 200, body = AppliedCount), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, description = "Periode sudah ditutup", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn apply_default(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<AppliedCount>, ApiError> {
    let assigned = service::apply_default_assignment(&state, &caller, id).await?;
    Ok(Json(AppliedCount { assigned }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct WorkBody {
    /// The claimed level (a decimal with two places under 8/2026); `null` clears it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<f64>)]
    pub self_level: Option<Option<LevelInput>>,
    pub fakta: Option<String>,
    pub analisis: Option<String>,
}

/// Distinguishes a missing field (`None`) from an explicit `null` (`Some(None)`).
fn double_option<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<LevelInput>>, D::Error> {
    Ok(Some(Option::deserialize(d)?))
}

/// Changes the claimed level and the narrative (fakta, analisis).
#[utoipa::path(
    patch, path = "/api/v1/periods/{id}/indicators/{number}", tag = "evaluasi",
    params(("id" = i64, Path, description = "Id periode"), ("number" = u16, Path, description = "Nomor indikator")),
    request_body = WorkBody,
    responses(
        (status = 200, body = IndicatorItem), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn patch_indicator(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath((id, number)): ApiPath<(i64, u16)>,
    ApiJson(body): ApiJson<WorkBody>,
) -> Result<Json<IndicatorItem>, ApiError> {
    let input = WorkInput {
        self_level: body.self_level.map(|o| o.map(|l| l.raw())),
        fakta: body.fakta,
        analisis: body.analisis,
    };
    let (ctx, pi) = service::update_work_in(&state, &caller, id, number, &input).await?;
    Ok(Json(item(&ctx, pi)))
}

/// Submits an indicator for internal review (the lead OPD).
#[utoipa::path(
    post, path = "/api/v1/periods/{id}/indicators/{number}/submit", tag = "evaluasi",
    params(("id" = i64, Path, description = "Id periode"), ("number" = u16, Path, description = "Nomor indikator")),
    responses((status = 200, body = IndicatorItem), (status = 403, body = ErrorBody), (status = 409, description = "Belum lengkap", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn submit(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath((id, number)): ApiPath<(i64, u16)>,
) -> Result<Json<IndicatorItem>, ApiError> {
    let pi = service::submit(&state, &caller, id, number).await?;
    changed(&state, &caller, pi).await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReturnBody {
    pub note: String,
}

/// Returns a submitted indicator to its OPD with a note (internal assessor).
#[utoipa::path(
    post, path = "/api/v1/periods/{id}/indicators/{number}/return", tag = "evaluasi",
    params(("id" = i64, Path, description = "Id periode"), ("number" = u16, Path, description = "Nomor indikator")),
    request_body = ReturnBody,
    responses((status = 200, body = IndicatorItem), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn return_indicator(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath((id, number)): ApiPath<(i64, u16)>,
    ApiJson(body): ApiJson<ReturnBody>,
) -> Result<Json<IndicatorItem>, ApiError> {
    let pi = service::return_indicator(&state, &caller, id, number, &body.note).await?;
    changed(&state, &caller, pi).await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AcceptBody {
    /// The accepted level (may differ from the claimed one).
    #[schema(value_type = f64)]
    pub level: LevelInput,
    pub note: Option<String>,
}

/// Accepts a submitted indicator with the accepted level (internal assessor).
#[utoipa::path(
    post, path = "/api/v1/periods/{id}/indicators/{number}/accept", tag = "evaluasi",
    params(("id" = i64, Path, description = "Id periode"), ("number" = u16, Path, description = "Nomor indikator")),
    request_body = AcceptBody,
    responses((status = 200, body = IndicatorItem), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn accept(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath((id, number)): ApiPath<(i64, u16)>,
    ApiJson(body): ApiJson<AcceptBody>,
) -> Result<Json<IndicatorItem>, ApiError> {
    let pi = service::accept(
        &state,
        &caller,
        id,
        number,
        &body.level.raw(),
        body.note.as_deref(),
    )
    .await?;
    changed(&state, &caller, pi).await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct FinalBody {
    /// The final level; `null` clears it.
    #[schema(value_type = Option<f64>)]
    pub level: Option<LevelInput>,
    pub note: Option<String>,
}

/// Enters the final level (external assessor, or an imported official result).
#[utoipa::path(
    post, path = "/api/v1/periods/{id}/indicators/{number}/final", tag = "evaluasi",
    params(("id" = i64, Path, description = "Id periode"), ("number" = u16, Path, description = "Nomor indikator")),
    request_body = FinalBody,
    responses((status = 200, body = IndicatorItem), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody), (status = 409, description = "Periode sudah ditutup", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn set_final(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath((id, number)): ApiPath<(i64, u16)>,
    ApiJson(body): ApiJson<FinalBody>,
) -> Result<Json<IndicatorItem>, ApiError> {
    let level = body.level.map(|l| l.raw());
    let pi = service::set_final(
        &state,
        &caller,
        id,
        number,
        level.as_deref(),
        body.note.as_deref(),
    )
    .await?;
    changed(&state, &caller, pi).await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ExternalBody {
    /// The external index's value (1.00-5.00).
    #[schema(value_type = f64)]
    pub value: LevelInput,
    /// Which index and who publishes it, e.g. "Indeks Satu Data Indonesia 2026".
    pub source: String,
    /// When it was published (`yyyy-mm-dd`).
    pub date: Option<String>,
}

/// Enters the value of an indicator scored from an external index.
#[utoipa::path(
    post, path = "/api/v1/periods/{id}/indicators/{number}/external", tag = "evaluasi",
    params(("id" = i64, Path, description = "Id periode"), ("number" = u16, Path, description = "Nomor indikator")),
    request_body = ExternalBody,
    responses((status = 200, body = IndicatorItem), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody), (status = 409, description = "Periode sudah ditutup", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn set_external(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath((id, number)): ApiPath<(i64, u16)>,
    ApiJson(body): ApiJson<ExternalBody>,
) -> Result<Json<IndicatorItem>, ApiError> {
    let pi = service::set_external(
        &state,
        &caller,
        id,
        number,
        &body.value.raw(),
        &body.source,
        body.date.as_deref(),
    )
    .await?;
    changed(&state, &caller, pi).await
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ScoreQuery {
    /// `self` (claimed, the default), `accepted` or `final`.
    pub basis: Option<String>,
}

/// The index of a period, in the shape of `padu score --format json`.
#[utoipa::path(
    get, path = "/api/v1/periods/{id}/score", tag = "evaluasi",
    params(("id" = i64, Path, description = "Id periode"), ScoreQuery),
    responses((status = 200, description = "Seperti `padu score --format json`"), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn score(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    Query(query): Query<ScoreQuery>,
) -> Result<Json<ScoreReport>, ApiError> {
    let basis = match query.basis.as_deref() {
        None => Basis::Self_,
        Some(b) => Basis::from_code(b)
            .ok_or_else(|| AppError::BadRequest("basis harus self, accepted atau final".into()))?,
    };
    let ctx = service::period_for(&state, &caller, id, Action::ViewInstansi).await?;
    let list = service::indicators(&state, &ctx).await?;
    Ok(Json(service::score_period(&ctx.instrument, &list, basis)?))
}
