//! Reusing evidence in the JSON API as the indicator page does: searching the instansi's
//! evidence by name and linking an item it already has to another indicator.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use padu_app::App;
use padu_app::AppError;
use padu_app::evaluation::evidence::{self, SEARCH_SHOWN};
use padu_app::evaluation::{self as service};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::api::LevelInput;
use super::api_indicator::{EvidenceFile, LinkedEvidenceItem, evidence_file, linked_item};
use crate::kit::error::{ApiError, ErrorBody};
use crate::kit::extract::ApiCaller;
use crate::kit::extract_api::{ApiJson, ApiPath, ApiQuery};

#[derive(Debug, Deserialize, ToSchema)]
pub struct LinkBody {
    /// The id of an evidence item of the same instansi.
    pub evidence: i64,
    /// The level it supports here (a whole level from 2, or the floor, to the top).
    #[schema(value_type = Option<u32>)]
    pub level: Option<LevelInput>,
}

/// Links an evidence item the instansi already has (uploaded for another indicator or an
/// earlier period) to this indicator for a level, without uploading it again.
#[utoipa::path(
    post, path = "/api/v1/periods/{id}/indicators/{number}/evidence/link", tag = "evaluasi",
    params(("id" = i64, Path, description = "Id periode"), ("number" = u16, Path, description = "Nomor indikator")),
    request_body = LinkBody,
    responses(
        (status = 201, body = LinkedEvidenceItem),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn link(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath((id, number)): ApiPath<(i64, u16)>,
    ApiJson(body): ApiJson<LinkBody>,
) -> Result<(StatusCode, Json<LinkedEvidenceItem>), ApiError> {
    let level = body.level.map(|l| l.raw()).unwrap_or_default();
    let link_id =
        service::link_existing_evidence(&state, &caller, id, number, body.evidence, &level).await?;
    let d = service::indicator_detail(&state, &caller, id, number).await?;
    let linked = d
        .evidence
        .iter()
        .find(|l| l.link_id == link_id)
        .ok_or(AppError::NotFound("Bukti dukung"))?;
    Ok((StatusCode::CREATED, Json(linked_item(linked))))
}

/// In the query string.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EvidenceQuery {
    /// Part of the name, in any case (empty: the newest).
    pub q: Option<String>,
    /// How many (1 to 100, default 100).
    pub limit: Option<u64>,
    /// How many to skip (default 0).
    pub offset: Option<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EvidencePage {
    /// Newest first.
    pub items: Vec<EvidenceFile>,
    /// More items match after these.
    pub more: bool,
}

/// The instansi's evidence whose name contains `q`, newest first: what the indicator page
/// offers for reuse.
#[utoipa::path(
    get, path = "/api/v1/instansi/{id}/evidence", tag = "evaluasi",
    params(("id" = i64, Path, description = "Id instansi"), EvidenceQuery),
    responses(
        (status = 200, body = EvidencePage),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn search(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<EvidenceQuery>,
) -> Result<Json<EvidencePage>, ApiError> {
    let found = evidence::search(
        &state,
        &caller,
        id,
        q.q.as_deref().unwrap_or(""),
        q.limit.unwrap_or(SEARCH_SHOWN),
        q.offset.unwrap_or(0),
    )
    .await?;
    Ok(Json(EvidencePage {
        items: found.items.iter().map(evidence_file).collect(),
        more: found.more,
    }))
}
