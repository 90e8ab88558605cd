//! The planner endpoints of the JSON API: a period's plan (the same answer as
//! `padu plan --format json`), accepting it as action items, the action items, and their status.

use std::collections::BTreeSet;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use padu_core::report::Level;
use padu_core::{Instrument, Value};
use padu_store::planner::ActionItem;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::kit::error::{ApiError, ErrorBody};
use crate::kit::extract::ApiCaller;
use crate::kit::extract_api::{ApiJson, ApiPath};
use padu_app::planner::{self, PlanReport, PlannerInput};
use padu_app::{App, AppError};

/// A target: an index as a number (`2.6`) or text (`"2,6"`), or a predikat (`"Baik"`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum TargetInput {
    Number(serde_json::Number),
    Text(String),
}

/// The planner's inputs, as on the page. Only `target` is required.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PlanBody {
    /// The index to reach: a number (`2.6`), text (`"2,6"`) or a predikat name (`"Baik"`). It
    /// must lie on the instrument's scale (else 422 on `target`); a target on the scale that
    /// cannot be reached under the constraints is a plan with `"feasible": false`.
    #[schema(value_type = String, required = true)]
    pub target: Option<TargetInput>,
    /// Semesters until the deadline, 1 to 10 (default 2).
    pub periods: Option<u32>,
    /// Levels one indicator may climb per semester, 1 to 5 (default 1).
    pub per_period: Option<u32>,
    /// Whether the instrument's policy → practice links constrain the plan (default `true`).
    pub links: Option<bool>,
    /// Indicator numbers the plan must not raise (the page's "Indikator yang tidak dinaikkan").
    pub exclude: Option<Vec<u16>>,
    /// Indicator numbers kept at their current value: the planner core's pinning (`padu plan
    /// --pin`). The page has no such input; the plan leaves them as they are, like `exclude`.
    pub pin: Option<Vec<u16>>,
    /// Adjusted efforts as CSV with the header `indikator,level,upaya` (optionally `rupiah`),
    /// one line per step: the person-days to reach that level from the one below. As on the
    /// page and in `padu plan --effort`; steps not listed keep the instrument's defaults, and
    /// an empty or absent value keeps them all.
    pub efforts: Option<String>,
}

/// The use case's field names (the page's) as this body's.
const FIELDS: [(&str, &str); 5] = [
    ("semester", "periods"),
    ("per_semester", "per_period"),
    ("kecuali", "exclude"),
    ("dikunci", "pin"),
    ("upaya", "efforts"),
];

fn renamed(err: AppError) -> ApiError {
    match err {
        AppError::Invalid(mut fields) => {
            for f in &mut fields {
                if let Some((_, to)) = FIELDS.iter().find(|(from, _)| *from == f.field) {
                    f.field = (*to).to_string();
                }
            }
            AppError::Invalid(fields).into()
        }
        other => other.into(),
    }
}

impl PlanBody {
    fn input(self) -> PlannerInput {
        let set = |v: Option<Vec<u16>>| v.unwrap_or_default().into_iter().collect::<BTreeSet<_>>();
        PlannerInput {
            target: match self.target {
                Some(TargetInput::Number(n)) => n.to_string(),
                Some(TargetInput::Text(t)) => t,
                None => String::new(),
            },
            semesters: self.periods.unwrap_or(2).to_string(),
            per_period: self.per_period.unwrap_or(1).to_string(),
            excluded: set(self.exclude),
            pinned: set(self.pin),
            efforts: self.efforts.unwrap_or_default(),
            links: self.links.unwrap_or(true),
        }
    }
}

/// One action item of a period.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActionItemBody {
    pub id: i64,
    /// The indicator's number.
    pub indicator: u16,
    /// The value the step starts from.
    #[schema(value_type = f64)]
    pub from: Level,
    /// The level the step reaches.
    #[schema(value_type = f64)]
    pub to: Level,
    /// The lead OPD's id, or `null` while the indicator has none.
    pub opd: Option<i64>,
    /// The due date, `yyyy-mm-dd`: the end of the step's semester.
    pub due: String,
    /// `rencana`, `berjalan`, `selesai` or `batal`.
    pub status: String,
    /// The Peta Rencana item it is attached to (`PUT /api/v1/action-items/{id}/roadmap-item`).
    pub roadmap_item: Option<i64>,
}

pub(crate) fn item_body(instrument: &Instrument, a: &ActionItem) -> ActionItemBody {
    let level = |v: Value| Level::of(instrument, v);
    ActionItemBody {
        id: a.id,
        indicator: a.number,
        from: level(a.from),
        to: level(a.to),
        opd: a.lead_opd,
        due: a.due_date.clone(),
        status: a.status.code().to_string(),
        roadmap_item: a.roadmap_item,
    }
}

/// An accepted plan: the plan and the period's action items as they now stand.
#[derive(Debug, Serialize, ToSchema)]
pub struct AcceptedPlan {
    pub plan: PlanReport,
    /// Every action item of the period: the plan's steps, and earlier items already started,
    /// done or cancelled (accepting replaces only those still `rencana`).
    pub action_items: Vec<ActionItemBody>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct StatusBody {
    /// `rencana`, `berjalan`, `selesai` or `batal`; any status may follow any other.
    pub status: String,
}

/// The least-effort plan that reaches a target, by semester.
///
/// From the period's current values (accepted, else claimed, else the scale's minimum), with the
/// planner page's inputs and defaults; the answer is the shape of `padu plan --format json`.
/// `pin` has no field on the page: it is the planner core's pinning (`padu plan --pin`), which
/// keeps those indicators at their current value. Stores nothing. For whoever may manage the
/// period (as on the page).
#[utoipa::path(
    post, path = "/api/v1/periods/{id}/plan", tag = "perencanaan",
    params(("id" = i64, Path, description = "Id periode")),
    request_body = PlanBody,
    responses(
        (status = 200, body = PlanReport),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn compute_plan(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<PlanBody>,
) -> Result<Json<PlanReport>, ApiError> {
    let report = planner::plan_report(&state, &caller, id, &body.input())
        .await
        .map_err(renamed)?;
    Ok(Json(report))
}

/// Accepts a plan: its steps become the period's action items.
///
/// The plan of the same body as `POST /api/v1/periods/{id}/plan`; each step becomes an action
/// item due at the end of its semester (counted from the self-assessment start), replacing the
/// period's items still `rencana`, in one audited write, as the page's "Terima rencana". Answers
/// 201 with the plan and the period's items. A closed period is 409; bad input stores nothing.
#[utoipa::path(
    post, path = "/api/v1/periods/{id}/plan/accept", tag = "perencanaan",
    params(("id" = i64, Path, description = "Id periode")),
    request_body = PlanBody,
    responses(
        (status = 201, body = AcceptedPlan),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn accept_plan(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<PlanBody>,
) -> Result<(StatusCode, Json<AcceptedPlan>), ApiError> {
    let today = OffsetDateTime::now_utc().date();
    let accepted = planner::accept_plan(&state, &caller, id, &body.input(), today)
        .await
        .map_err(renamed)?;
    Ok((
        StatusCode::CREATED,
        Json(AcceptedPlan {
            plan: accepted.report,
            action_items: accepted
                .items
                .iter()
                .map(|a| item_body(&accepted.instrument, a))
                .collect(),
        }),
    ))
}

/// A period's action items, by semester, due date and indicator.
#[utoipa::path(
    get, path = "/api/v1/periods/{id}/action-items", tag = "perencanaan",
    params(("id" = i64, Path, description = "Id periode")),
    responses(
        (status = 200, body = Vec<ActionItemBody>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn list_action_items(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<ActionItemBody>>, ApiError> {
    let (ctx, items) = planner::action_items_of(&state, &caller, id).await?;
    Ok(Json(
        items
            .iter()
            .map(|a| item_body(&ctx.instrument, a))
            .collect(),
    ))
}

/// Sets an action item's status.
///
/// Any status may follow any other, for whoever may manage the plan (as accepting it); one
/// audited write. An unknown status is 422 and changes nothing; a closed period's items are
/// 409.
#[utoipa::path(
    patch, path = "/api/v1/action-items/{id}", tag = "perencanaan",
    params(("id" = i64, Path, description = "Id rencana aksi")),
    request_body = StatusBody,
    responses(
        (status = 200, body = ActionItemBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn set_action_status(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<StatusBody>,
) -> Result<Json<ActionItemBody>, ApiError> {
    let (ctx, item) = planner::set_action_status(&state, &caller, id, &body.status).await?;
    Ok(Json(item_body(&ctx.instrument, &item)))
}
