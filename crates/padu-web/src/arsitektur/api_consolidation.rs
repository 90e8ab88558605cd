//! Consolidating applications in the API: the groups of overlapping applications with what the
//! finder proposes and what was decided, and recording a decision for one application.

use axum::Json;
use axum::extract::State;
use padu_app::App;
use padu_app::arsitektur::consolidation::{self, DecisionRequest};
use padu_store::arsitektur::ApplicationDecision;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::kit::error::{ApiError, ErrorBody};
use crate::kit::extract::ApiCaller;
use crate::kit::extract_api::{ApiJson, ApiPath};

/// A decision for one application.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DecisionBody {
    /// `keep` (pertahankan), `integrate` (integrasikan dengan aplikasi nasional), `merge`
    /// (gabungkan ke aplikasi lain) or `retire` (hentikan).
    pub decision: String,
    /// For `merge`: the id of the application it goes into (of the same instansi).
    pub into: Option<i64>,
    /// For `integrate`: the national application's name.
    pub national: Option<String>,
    /// The date of the decision, `yyyy-mm-dd`.
    pub date: String,
    pub note: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionJson {
    /// The application's item id.
    pub application: i64,
    pub decision: String,
    pub into: Option<i64>,
    pub national: Option<String>,
    pub date: String,
    pub note: Option<String>,
    /// Who recorded it (username).
    pub decided_by: String,
}

fn decision_json(d: &ApplicationDecision) -> DecisionJson {
    DecisionJson {
        application: d.item_id,
        decision: d.decision.code().to_string(),
        into: d.into,
        national: d.national.clone(),
        date: d.decided_on.clone(),
        note: d.note.clone(),
        decided_by: d.decided_by.clone(),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalJson {
    /// `keep`, `integrate` or `merge`.
    pub decision: String,
    /// The application it would be merged into or integrated with.
    pub with: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GroupApplicationJson {
    pub id: i64,
    pub name: String,
    pub opd: i64,
    pub proposal: ProposalJson,
    /// What was decided, when it was.
    pub decision: Option<DecisionJson>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GroupJson {
    /// The shared RAA code, or the RAL/RAB code of the layanan they serve.
    pub reference: String,
    pub applications: Vec<GroupApplicationJson>,
}

/// The groups of overlapping applications of different OPDs (as `.../applications/overlaps`),
/// each application with the finder's proposal (a national Aplikasi Umum in the group is kept
/// and the Pemda's own integrate with it; otherwise the most linked is kept and the others
/// merge into it) and the decision recorded for it.
#[utoipa::path(
    get, path = "/api/v1/instansi/{id}/applications/consolidation", tag = "arsitektur",
    params(("id" = i64, Path, description = "Id instansi")),
    responses(
        (status = 200, body = Vec<GroupJson>),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn groups(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<GroupJson>>, ApiError> {
    let groups = consolidation::groups(&state, &caller, id).await?;
    Ok(Json(
        groups
            .iter()
            .map(|g| GroupJson {
                reference: g.reference.clone(),
                applications: g
                    .applications
                    .iter()
                    .map(|a| GroupApplicationJson {
                        id: a.item.id,
                        name: a.item.name.clone(),
                        opd: a.item.opd_id,
                        proposal: ProposalJson {
                            decision: a.proposal.decision.code().to_string(),
                            with: a.proposal.with,
                        },
                        decision: a.decision.as_ref().map(decision_json),
                    })
                    .collect(),
            })
            .collect(),
    ))
}

/// Records the consolidation decision for an application (admin instansi or koordinator),
/// replacing an earlier one; the audit log keeps every decision.
#[utoipa::path(
    put, path = "/api/v1/architecture/items/{id}/consolidation", tag = "arsitektur",
    params(("id" = i64, Path, description = "Id item aplikasi")),
    request_body = DecisionBody,
    responses(
        (status = 200, body = DecisionJson),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn decide(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<DecisionBody>,
) -> Result<Json<DecisionJson>, ApiError> {
    let d = consolidation::decide(
        &state,
        &caller,
        id,
        DecisionRequest {
            decision: body.decision,
            into: body.into,
            national: body.national,
            date: body.date,
            note: body.note,
        },
    )
    .await?;
    Ok(Json(decision_json(&d)))
}
