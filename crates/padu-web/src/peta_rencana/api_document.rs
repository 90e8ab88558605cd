//! A roadmap's documents in the API: the budget per year and OPD, and the formal Peta Rencana
//! SPBE as a typeset PDF. Both for every role of the instansi, as the roadmap itself.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use padu_app::App;
use padu_app::peta_rencana::document::{self, BudgetTable};
use serde::Serialize;
use utoipa::ToSchema;

use super::api::per_year;
use crate::kit::error::{ApiError, ErrorBody};
use crate::kit::extract::ApiCaller;
use crate::kit::extract_api::ApiPath;
use crate::reports::api::attachment;

/// One OPD's budget per year.
#[derive(Debug, Serialize, ToSchema)]
pub struct BudgetRowJson {
    /// The OPD's id.
    pub opd: i64,
    pub opd_name: String,
    /// Every year of the span in whole rupiah (`{"2026": 150000000}`), 0 where nothing is
    /// budgeted.
    pub budget: BTreeMap<String, i64>,
    pub total: i64,
}

/// The budget of a roadmap per year and OPD (only OPDs with items), with the totals.
#[derive(Debug, Serialize, ToSchema)]
pub struct BudgetTableJson {
    pub roadmap: i64,
    pub years: Vec<i32>,
    pub rows: Vec<BudgetRowJson>,
    /// The total of every OPD per year.
    pub per_year: BTreeMap<String, i64>,
    pub total: i64,
}

impl From<BudgetTable> for BudgetTableJson {
    fn from(t: BudgetTable) -> Self {
        BudgetTableJson {
            roadmap: t.roadmap.id,
            years: t.roadmap.span().collect(),
            rows: t
                .rows
                .into_iter()
                .map(|r| BudgetRowJson {
                    opd: r.opd_id,
                    opd_name: r.opd,
                    budget: per_year(&r.per_year),
                    total: r.total,
                })
                .collect(),
            per_year: per_year(&t.per_year),
            total: t.total,
        }
    }
}

/// The budget per year and OPD.
#[utoipa::path(
    get, path = "/api/v1/roadmaps/{id}/budget", tag = "peta-rencana",
    params(("id" = i64, Path, description = "Id peta rencana")),
    responses(
        (status = 200, body = BudgetTableJson),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn get_roadmap_budget(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<BudgetTableJson>, ApiError> {
    Ok(Json(document::budget(&state, &caller, id).await?.into()))
}

/// The Peta Rencana SPBE as a Pemda enacts it, typeset (landscape A4): cover with basis and
/// decree (and the demo label on a demo installation), the items per OPD with targets and
/// budget per year, the timeline, the budget per year and OPD, the IKU targets. 409 when the
/// server has no PDF renderer.
#[utoipa::path(
    get, path = "/api/v1/roadmaps/{id}/document.pdf", tag = "peta-rencana",
    params(("id" = i64, Path, description = "Id peta rencana")),
    responses(
        (status = 200, description = "Dokumen Peta Rencana SPBE (PDF)", content_type = "application/pdf"),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Server tanpa modul PDF", body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn get_roadmap_document(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, ApiError> {
    Ok(attachment(
        document::document_pdf(&state, &caller, id).await?,
    ))
}
