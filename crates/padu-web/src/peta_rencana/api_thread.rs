//! The thread's API: an action item attached to a roadmap item (or a roadmap item created for
//! it), the action items of a roadmap item, the instansi's IKU (index targets by year against
//! the realised index) and the monitoring (semester reports due, items late or off track).

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use padu_app::beranda::{LateItem, ReportDue};
use padu_app::peta_rencana::iku::{self, Iku};
use padu_app::peta_rencana::monitoring;
use padu_app::peta_rencana::thread::{self, Attach};
use padu_app::{App, AppError};
use padu_core::date::iso;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::api_items::{RoadmapItemJson, double_option};
use crate::kit::error::{ApiError, ErrorBody};
use crate::kit::extract::ApiCaller;
use crate::kit::extract_api::{ApiJson, ApiPath};
use crate::pembinaan::api::basis_code;
use crate::planner::api::{ActionItemBody, item_body};

/// Where to attach an action item: `{"roadmap_item": 12}` to an item of the same instansi,
/// `{"roadmap_item": null}` to detach it, or `{"roadmap": 3}` to create an item for it in that
/// draft roadmap (the indicator and level, the lead OPD and the due year taken from the action
/// item). Exactly one of the two keys.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct AttachBody {
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub roadmap_item: Option<Option<i64>>,
    pub roadmap: Option<i64>,
}

/// An action item and the roadmap item it is now attached to.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttachedJson {
    pub action_item: ActionItemBody,
    pub roadmap_item: Option<RoadmapItemJson>,
}

/// Attaches an action item to a Peta Rencana item, creates one for it, or detaches it (whoever
/// may manage the plan; creating an item needs the right to edit the roadmap too). An item or
/// roadmap of another instansi is a 422; a reviewed version or a closed period a 409.
#[utoipa::path(
    put, path = "/api/v1/action-items/{id}/roadmap-item", tag = "peta-rencana",
    operation_id = "attach_action_item_to_roadmap_item",
    params(("id" = i64, Path, description = "Id rencana aksi")),
    request_body = AttachBody,
    responses(
        (status = 200, body = AttachedJson),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn attach(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<AttachBody>,
) -> Result<Json<AttachedJson>, ApiError> {
    let choice = match (body.roadmap_item, body.roadmap) {
        (Some(Some(item)), None) => Attach::Item(item),
        (Some(None), None) => Attach::Nothing,
        (None, Some(roadmap)) => Attach::NewIn(roadmap),
        _ => {
            return Err(AppError::field(
                "roadmap_item",
                "Isi salah satu: roadmap_item (item yang ada, atau null untuk melepas) atau roadmap (membuat item baru)",
            )
            .into());
        }
    };
    let (ctx, action, item) = thread::attach(&state, &caller, id, choice).await?;
    Ok(Json(AttachedJson {
        action_item: item_body(&ctx.instrument, &action),
        roadmap_item: item.as_ref().map(RoadmapItemJson::from),
    }))
}

/// The action items attached to a roadmap item, by due date.
#[utoipa::path(
    get, path = "/api/v1/roadmap-items/{id}/action-items", tag = "peta-rencana",
    params(("id" = i64, Path, description = "Id item peta rencana")),
    responses(
        (status = 200, body = Vec<ActionItemBody>),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn item_actions(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<ActionItemBody>>, ApiError> {
    let list = thread::actions_of(&state, &caller, id).await?;
    Ok(Json(list.iter().map(|(a, i)| item_body(i, a)).collect()))
}

/// One year of the IKU.
#[derive(Debug, Serialize, ToSchema)]
pub struct IkuYearJson {
    pub year: i32,
    /// The RPJMD's target for the index, or `null`.
    pub target: Option<f64>,
    /// The annual evaluation of the year, if any.
    pub period: Option<i64>,
    /// Its index (exact value as a number) on `basis`.
    pub index: Option<f64>,
    /// The index as the instrument shows it (`"2.45"`).
    pub index_display: Option<String>,
    /// `final`, `accepted` or `self`: final when the period has any final value, else
    /// accepted when it has any accepted value, else self-assessed.
    pub basis: Option<String>,
    /// How far the index falls short of the target (0 once met); `null` without both.
    pub gap: Option<f64>,
}

/// The instansi's IKU.
#[derive(Debug, Serialize, ToSchema)]
pub struct IkuJson {
    pub instansi: i64,
    /// Every year with a target or an annual evaluation, ascending.
    pub years: Vec<IkuYearJson>,
}

pub fn iku_json(iku: &Iku) -> IkuJson {
    IkuJson {
        instansi: iku.instansi.id,
        years: iku
            .years
            .iter()
            .map(|y| IkuYearJson {
                year: y.year,
                target: y.target.map(|t| t.to_f64()),
                period: y.realised.as_ref().map(|r| r.period_id),
                index: y.realised.as_ref().map(|r| r.index.to_f64()),
                index_display: y
                    .realised
                    .as_ref()
                    .map(|r| r.instrument.display(r.index, '.')),
                basis: y.realised.as_ref().map(|r| basis_code(r.basis).to_string()),
                gap: y.gap.map(|g| g.to_f64()),
            })
            .collect(),
    }
}

/// The instansi's index targets by year (the RPJMD's IKU) against the index each year's annual
/// evaluation realised, and the gap: for every role of the instansi.
#[utoipa::path(
    get, path = "/api/v1/instansi/{id}/iku", tag = "peta-rencana",
    params(("id" = i64, Path, description = "Id instansi")),
    responses(
        (status = 200, body = IkuJson),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn get_iku(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<IkuJson>, ApiError> {
    Ok(Json(iku_json(&iku::load(&state, &caller, id).await?)))
}

/// The index targets to set: every year's target replaces the stored ones.
#[derive(Debug, Deserialize, ToSchema)]
pub struct IkuBody {
    /// The target per year, as text (`{"2026": "2.75"}`, a comma allowed): 0 to 5, at most two
    /// decimals.
    pub targets: BTreeMap<String, String>,
}

/// Sets the instansi's index targets (the admin instansi or the koordinator); a year or value
/// that cannot be read is a 422 and nothing changes.
#[utoipa::path(
    put, path = "/api/v1/instansi/{id}/iku", tag = "peta-rencana",
    params(("id" = i64, Path, description = "Id instansi")),
    request_body = IkuBody,
    responses(
        (status = 200, body = IkuJson),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn set_iku(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<IkuBody>,
) -> Result<Json<IkuJson>, ApiError> {
    let mut typed = BTreeMap::new();
    for (k, v) in body.targets {
        let year: i32 = k.trim().parse().map_err(|_| {
            ApiError::from(AppError::field(
                "targets",
                format!("Kunci \"{k}\" harus berupa tahun, misalnya \"2026\""),
            ))
        })?;
        typed.insert(year, v);
    }
    Ok(Json(iku_json(
        &iku::set_targets(&state, &caller, id, &typed).await?,
    )))
}

/// An item that still owes the report of the semester being reported.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportDueJson {
    pub item: i64,
    pub title: String,
    pub opd: i64,
    pub roadmap: String,
    pub year: i32,
    pub semester: u8,
    /// `yyyy-mm-dd`.
    pub deadline: String,
    pub days_left: i64,
}

/// An item late or off track.
#[derive(Debug, Serialize, ToSchema)]
pub struct LateItemJson {
    pub item: i64,
    pub title: String,
    pub opd: i64,
    pub roadmap: String,
    /// `belum_mulai`, `berjalan`, `selesai`, `tertunda` or `batal`.
    pub status: String,
    /// `tertunda` (its status), or `terlambat` (a semester's report missing past its deadline).
    pub reason: String,
    /// The semester missed, for `terlambat`.
    pub year: Option<i32>,
    pub semester: Option<u8>,
    /// The deadline missed (`yyyy-mm-dd`), for `terlambat`.
    pub deadline: Option<String>,
}

/// The monitoring of an instansi's Peta Rencana in force.
#[derive(Debug, Serialize, ToSchema)]
pub struct MonitoringJson {
    pub instansi: i64,
    pub due: Vec<ReportDueJson>,
    pub late: Vec<LateItemJson>,
}

pub fn due_json(d: &ReportDue) -> ReportDueJson {
    ReportDueJson {
        item: d.item.id,
        title: d.item.title.clone(),
        opd: d.item.opd_id,
        roadmap: d.roadmap.clone(),
        year: d.semester.year,
        semester: d.semester.semester,
        deadline: iso(d.deadline),
        days_left: d.days_left,
    }
}

pub fn late_json(l: &LateItem) -> LateItemJson {
    use padu_core::peta_rencana::monitoring::OffTrack;
    let missed = match l.reason {
        OffTrack::Terlambat(s) => Some(s),
        OffTrack::Tertunda => None,
    };
    LateItemJson {
        item: l.item.id,
        title: l.item.title.clone(),
        opd: l.item.opd_id,
        roadmap: l.roadmap.clone(),
        status: l.item.status.code().to_string(),
        reason: l.reason.code().to_string(),
        year: missed.map(|s| s.year),
        semester: missed.map(|s| s.semester),
        deadline: l.deadline.map(iso),
    }
}

/// The monitoring of the instansi's Peta Rencana in force (every version not reviewed): the
/// items that still owe the semester being reported, with the deadline, and the items late or
/// off track (tertunda, or without the report of a semester whose deadline has passed). For
/// every role of the instansi.
#[utoipa::path(
    get, path = "/api/v1/instansi/{id}/roadmap-monitoring", tag = "peta-rencana",
    params(("id" = i64, Path, description = "Id instansi")),
    responses(
        (status = 200, body = MonitoringJson),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn get_monitoring(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<MonitoringJson>, ApiError> {
    let m = monitoring::load(&state, &caller, id).await?;
    Ok(Json(MonitoringJson {
        instansi: m.instansi.id,
        due: m.due.iter().map(due_json).collect(),
        late: m.late.iter().map(late_json).collect(),
    }))
}
