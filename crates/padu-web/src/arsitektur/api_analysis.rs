//! The computed views of the Arsitektur SPBE API: the gaps, the counts per domain and the
//! applications of different OPDs that overlap.

use axum::Json;
use axum::extract::State;
use padu_app::App;
use padu_app::AppError;
use padu_app::arsitektur::analysis::{self, Analysis, Scope};
use padu_core::arsitektur::{Counts, Domain};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::kit::error::{ApiError, ErrorBody};
use crate::kit::extract::ApiCaller;
use crate::kit::extract_api::{ApiPath, ApiQuery};

/// In the query string of the computed views.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScopeQuery {
    /// Only this OPD's items (their links still reach every OPD's).
    pub opd: Option<i64>,
    /// Only the items of this year.
    pub year: Option<i32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GapJson {
    /// The item's id.
    pub item: i64,
    pub domain: String,
    /// The item's OPD id.
    pub opd: i64,
    /// What it misses: the domains it has no link to (`layanan`, `data`, `aplikasi`,
    /// `infrastruktur`, `keamanan`; for a process, `aplikasi` is reached through its layanan
    /// or data) and what it lacks itself (`produsen`, `wali_data`, `audit_keamanan`).
    pub missing: Vec<String>,
}

/// The gaps of an instansi's architecture, computed from its items and links (drafts
/// included): one row per item that misses anything.
#[utoipa::path(
    get, path = "/api/v1/instansi/{id}/architecture/gaps", tag = "arsitektur",
    params(("id" = i64, Path, description = "Id instansi"), ScopeQuery),
    responses(
        (status = 200, body = Vec<GapJson>),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn gaps(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<ScopeQuery>,
) -> Result<Json<Vec<GapJson>>, ApiError> {
    let a = analysis::analyse(
        &state,
        &caller,
        id,
        Scope {
            opd: q.opd,
            year: q.year,
        },
    )
    .await?;
    Ok(Json(
        a.gaps
            .iter()
            .map(|g| GapJson {
                item: g.item,
                domain: g.domain.code().to_string(),
                opd: g.opd,
                missing: g.missing.iter().map(|m| (*m).to_string()).collect(),
            })
            .collect(),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DomainCountJson {
    pub domain: String,
    pub as_is: usize,
    pub to_be: usize,
    /// Items of the domain with a gap.
    pub gaps: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OpdCountsJson {
    pub opd: i64,
    pub name: String,
    pub domains: Vec<DomainCountJson>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SummaryJson {
    pub instansi: i64,
    /// The instansi's counts per domain.
    pub domains: Vec<DomainCountJson>,
    /// Per OPD with items.
    pub opds: Vec<OpdCountsJson>,
}

fn counts_json(c: &Counts) -> Vec<DomainCountJson> {
    Domain::ALL
        .iter()
        .map(|d| DomainCountJson {
            domain: d.code().to_string(),
            as_is: c.as_is[d.index()],
            to_be: c.to_be[d.index()],
            gaps: c.gaps[d.index()],
        })
        .collect()
}

pub async fn opd_names(state: &App, a: &Analysis) -> Result<Vec<(i64, String)>, AppError> {
    Ok(state
        .store
        .opds_of(a.instansi.id)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect())
}

/// The counts per domain, as-is and to-be, with the items that have a gap: for the instansi
/// and per OPD (what SIA SPBE reports nationally).
#[utoipa::path(
    get, path = "/api/v1/instansi/{id}/architecture/summary", tag = "arsitektur",
    params(("id" = i64, Path, description = "Id instansi"), ScopeQuery),
    responses(
        (status = 200, body = SummaryJson),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn summary(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<ScopeQuery>,
) -> Result<Json<SummaryJson>, ApiError> {
    let a = analysis::analyse(
        &state,
        &caller,
        id,
        Scope {
            opd: q.opd,
            year: q.year,
        },
    )
    .await?;
    let names = opd_names(&state, &a).await?;
    let name_of = |id: i64| {
        names
            .iter()
            .find(|(o, _)| *o == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    let counts = if q.opd.is_some() {
        a.summary
            .opd
            .values()
            .fold(Counts::default(), |mut acc, c| {
                for i in 0..6 {
                    acc.as_is[i] += c.as_is[i];
                    acc.to_be[i] += c.to_be[i];
                    acc.gaps[i] += c.gaps[i];
                }
                acc
            })
    } else {
        a.summary.instansi
    };
    Ok(Json(SummaryJson {
        instansi: a.instansi.id,
        domains: counts_json(&counts),
        opds: a
            .summary
            .opd
            .iter()
            .map(|(opd, c)| OpdCountsJson {
                opd: *opd,
                name: name_of(*opd),
                domains: counts_json(c),
            })
            .collect(),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OverlapJson {
    /// The shared code: an RAA code, or the RAL code of the layanan they serve.
    pub reference: String,
    /// Applications of at least two OPDs, by id.
    pub applications: Vec<i64>,
}

/// Applications of different OPDs that share a reference code (the same RAA code, or linked
/// to layanan with the same RAL code): candidates for consolidation.
#[utoipa::path(
    get, path = "/api/v1/instansi/{id}/applications/overlaps", tag = "arsitektur",
    params(("id" = i64, Path, description = "Id instansi"), ScopeQuery),
    responses(
        (status = 200, body = Vec<OverlapJson>),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn overlaps(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<ScopeQuery>,
) -> Result<Json<Vec<OverlapJson>>, ApiError> {
    let a = analysis::analyse(
        &state,
        &caller,
        id,
        Scope {
            opd: None,
            year: q.year,
        },
    )
    .await?;
    Ok(Json(
        a.overlaps
            .into_iter()
            .filter(|o| {
                q.opd.is_none_or(|opd| {
                    o.applications
                        .iter()
                        .any(|id| a.items.iter().any(|i| i.id == *id && i.opd_id == opd))
                })
            })
            .map(|o| OverlapJson {
                reference: o.reference,
                applications: o.applications,
            })
            .collect(),
    ))
}
