//! The pembinaan API: the overview of an instansi's members for a year, and the
//! recommendations a province writes to its kabupaten/kota.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use padu_app::App;
use padu_app::evaluation::Basis;
use padu_app::pembinaan::overview::{self, Member, Overview};
use padu_app::pembinaan::recommendations::{self, RecommendationInput};
use padu_store::pembinaan::Recommendation;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::kit::error::{ApiError, ErrorBody};
use crate::kit::extract::ApiCaller;
use crate::kit::extract_api::{ApiJson, ApiPath, ApiQuery};

/// In the query string (`ApiQuery` is not axum's `Query`, from which utoipa would infer it).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OverviewQuery {
    /// The year (default: the newest with an annual evaluation among the members).
    pub year: Option<i32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OverviewInstansi {
    pub id: i64,
    pub name: String,
    /// `nasional` or `provinsi`.
    pub kind: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProgressJson {
    /// Indicators of the period.
    pub indicators: usize,
    /// Handed in and not sent back (submitted or accepted).
    pub submitted: usize,
    pub accepted: usize,
    /// With a final value.
    #[serde(rename = "final")]
    pub final_: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OverviewChild {
    pub id: i64,
    pub name: String,
    /// `provinsi`, `kabupaten` or `kota`.
    pub kind: String,
    /// Its province, in the national overview (null for a province).
    pub parent: Option<i64>,
    /// The id of its annual evaluation of the year, or null.
    pub period: Option<i64>,
    pub instrument: Option<String>,
    /// The exact index as the nearest double, on `basis`; null without a period that year.
    pub index: Option<f64>,
    /// Rounded by the instrument's rule, with a `.` separator.
    pub index_display: Option<String>,
    pub predikat: Option<String>,
    /// `final` when the period has any final value, else `accepted` when it has any accepted
    /// value, else `self`; null without a period.
    pub basis: Option<String>,
    /// The index of the year before, on that period's own basis.
    pub previous_index: Option<f64>,
    /// The period's target index.
    pub target: Option<f64>,
    /// `index` minus `target` (negative: below the target).
    pub gap: Option<f64>,
    pub progress: ProgressJson,
    /// OPDs with a draft or returned indicator after the self-assessment stage ended.
    pub late_opd: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DistributionJson {
    pub predikat: String,
    pub count: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OverviewJson {
    pub instansi: OverviewInstansi,
    pub year: i32,
    pub children: Vec<OverviewChild>,
    /// Members with an index per predikat band of the year's main instrument.
    pub distribution: Vec<DistributionJson>,
}

pub fn basis_code(basis: Basis) -> &'static str {
    match basis {
        Basis::Self_ => "self",
        Basis::Accepted => "accepted",
        Basis::Final => "final",
    }
}

fn child(m: &Member) -> OverviewChild {
    let score = m.score.as_ref().zip(m.instrument.as_ref());
    let index = score.map(|(s, _)| s.index.to_f64());
    let target = m.period.as_ref().and_then(|p| p.target).map(|t| t.to_f64());
    OverviewChild {
        id: m.instansi.id,
        name: m.instansi.name.clone(),
        kind: m.instansi.kind.code().to_string(),
        parent: m.parent,
        period: m.period.as_ref().map(|p| p.id),
        instrument: m.instrument.as_ref().map(|i| i.id.clone()),
        index,
        index_display: score.map(|(s, i)| i.display(s.index, '.')),
        predikat: score.map(|(s, i)| i.predikat_of(s.index).to_string()),
        basis: m.score.as_ref().map(|s| basis_code(s.basis).to_string()),
        previous_index: m.previous.map(|p| p.to_f64()),
        gap: index.zip(target).map(|(i, t)| i - t),
        target,
        progress: ProgressJson {
            indicators: m.progress.indicators,
            submitted: m.progress.submitted,
            accepted: m.progress.accepted,
            final_: m.progress.final_,
        },
        late_opd: m.late_opd,
    }
}

pub fn overview_json(o: &Overview) -> OverviewJson {
    let distribution = o
        .instruments()
        .first()
        .map(|i| o.distribution(i))
        .unwrap_or_default()
        .into_iter()
        .map(|(predikat, count)| DistributionJson { predikat, count })
        .collect();
    OverviewJson {
        instansi: OverviewInstansi {
            id: o.instansi.id,
            name: o.instansi.name.clone(),
            kind: o.instansi.kind.code().to_string(),
        },
        year: o.year,
        children: o.members.iter().map(child).collect(),
        distribution,
    }
}

/// The overview of an instansi's members for one year: a province's kabupaten/kota, or
/// nationally every province followed by its kabupaten/kota. Only for callers who may see
/// every member (the province's administrator, the superadmin).
#[utoipa::path(
    get, path = "/api/v1/instansi/{id}/overview", tag = "pembinaan",
    params(("id" = i64, Path, description = "Id instansi (provinsi atau nasional)"), OverviewQuery),
    responses(
        (status = 200, body = OverviewJson),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn overview(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<OverviewQuery>,
) -> Result<Json<OverviewJson>, ApiError> {
    let o = overview::load(&state, &caller, id, q.year).await?;
    Ok(Json(overview_json(&o)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FollowUpJson {
    /// Milliseconds since the Unix epoch.
    pub at_ms: i64,
    pub by: String,
    pub note: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RecommendationJson {
    pub id: i64,
    pub instansi: i64,
    pub year: i32,
    /// The indicator it is about (of that year's evaluation), or null.
    pub indicator: Option<u16>,
    pub period: Option<i64>,
    pub text: String,
    pub author: String,
    pub created_at_ms: i64,
    pub follow_up: Option<FollowUpJson>,
}

impl From<Recommendation> for RecommendationJson {
    fn from(r: Recommendation) -> Self {
        RecommendationJson {
            id: r.id,
            instansi: r.instansi_id,
            year: r.year,
            indicator: r.indicator,
            period: r.period_id,
            text: r.text,
            author: r.author_name,
            created_at_ms: r.created_at_ms,
            follow_up: r.follow_up.map(|f| FollowUpJson {
                at_ms: f.at_ms,
                by: f.by,
                note: f.note,
            }),
        }
    }
}

/// The recommendations to an instansi, the newest first: for its own roles, its province and
/// the superadmin.
#[utoipa::path(
    get, path = "/api/v1/instansi/{id}/recommendations", tag = "pembinaan",
    params(("id" = i64, Path, description = "Id instansi")),
    responses(
        (status = 200, body = Vec<RecommendationJson>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn list_recommendations(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<RecommendationJson>>, ApiError> {
    let list = recommendations::list(&state, &caller, id).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewRecommendationJson {
    pub year: i32,
    pub text: String,
    /// An indicator of that year's annual evaluation of the instansi.
    pub indicator: Option<u16>,
}

/// Writes a recommendation (pembinaan) to a kabupaten/kota of the caller's province; its admin
/// and koordinator are notified.
#[utoipa::path(
    post, path = "/api/v1/instansi/{id}/recommendations", tag = "pembinaan",
    params(("id" = i64, Path, description = "Id instansi")),
    request_body = NewRecommendationJson,
    responses(
        (status = 201, body = RecommendationJson),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn create_recommendation(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<NewRecommendationJson>,
) -> Result<(StatusCode, Json<RecommendationJson>), ApiError> {
    let input = RecommendationInput {
        year: Some(body.year),
        text: body.text,
        indicator: body.indicator,
    };
    let r = recommendations::add(&state, &caller, id, &input).await?;
    Ok((StatusCode::CREATED, Json(r.into())))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct FollowUpBody {
    /// What the instansi did.
    pub note: String,
}

/// Marks a recommendation to the caller's instansi as followed up; its author is notified.
#[utoipa::path(
    post, path = "/api/v1/recommendations/{id}/follow-up", tag = "pembinaan",
    params(("id" = i64, Path, description = "Id rekomendasi")),
    request_body = FollowUpBody,
    responses(
        (status = 200, body = RecommendationJson),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Sudah ditindaklanjuti", body = ErrorBody),
        (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn follow_up(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<FollowUpBody>,
) -> Result<Json<RecommendationJson>, ApiError> {
    let r = recommendations::follow_up(&state, &caller, id, &body.note).await?;
    Ok(Json(r.into()))
}

/// The overview as a workbook: sheet `Ikhtisar` (one row per member) and `Aspek` (each
/// member's index per aspect of the year's main instrument).
#[utoipa::path(
    get, path = "/api/v1/instansi/{id}/overview.xlsx", tag = "pembinaan",
    params(("id" = i64, Path, description = "Id instansi (provinsi atau nasional)"), OverviewQuery),
    responses(
        (status = 200, description = "Ikhtisar (Excel)", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn overview_xlsx(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<OverviewQuery>,
) -> Result<axum::response::Response, ApiError> {
    let doc = padu_app::pembinaan::export::overview_workbook(&state, &caller, id, q.year).await?;
    Ok(crate::reports::api::attachment(doc))
}

/// The overview as a typeset PDF (landscape A4): the summary with the predikat distribution,
/// every member with its index, basis, predikat, change, target, gap, progress and late OPDs
/// (nationally by province), and the index per aspect. 409 when the server has no PDF renderer.
#[utoipa::path(
    get, path = "/api/v1/instansi/{id}/overview.pdf", tag = "pembinaan",
    params(("id" = i64, Path, description = "Id instansi (provinsi atau nasional)"), OverviewQuery),
    responses(
        (status = 200, description = "Ikhtisar (PDF)", content_type = "application/pdf"),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Server tanpa modul PDF", body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn overview_pdf(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<OverviewQuery>,
) -> Result<axum::response::Response, ApiError> {
    let doc = padu_app::pembinaan::export::overview_pdf(&state, &caller, id, q.year).await?;
    Ok(crate::reports::api::attachment(doc))
}
