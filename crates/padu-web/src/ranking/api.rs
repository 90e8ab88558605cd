//! The rankings in the JSON API: the same use cases and rows as the ranking pages.

use axum::Json;
use axum::extract::State;
use padu_app::App;
use padu_app::ranking::{self, Ranking, Scope};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::kit::error::{ApiError, ErrorBody};
use crate::kit::extract::ApiCaller;
use crate::kit::extract_api::ApiQuery;

/// In the query string (`ApiQuery` is not axum's `Query`, from which utoipa would infer it).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RankingQuery {
    /// The year (default, or a year without an evaluation: the newest with one).
    pub year: Option<i32>,
    /// A province's id: that province and its kabupaten/kota. Without it: the national ranking
    /// (for whoever may see the nasional instansi).
    pub province: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RankedInstansi {
    /// 1 for the highest; equal exact indices share a rank.
    pub rank: usize,
    pub id: i64,
    pub name: String,
    /// `provinsi`, `kabupaten` or `kota`.
    pub kind: String,
    /// The annual evaluation ranked.
    pub period: i64,
    pub instrument: String,
    /// The exact index as the nearest double (final values, else accepted ones).
    pub index: f64,
    /// Rounded by the instrument's rule, with a `.` separator.
    pub index_display: String,
    pub predikat: String,
    /// Every indicator has its final value (else the index is provisional).
    #[serde(rename = "final")]
    pub final_: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlaceRef {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RankingJson {
    /// `nasional` or `provinsi`.
    pub scope: String,
    /// The province ranked, for `provinsi`.
    pub province: Option<PlaceRef>,
    /// The year shown; null when nobody in the scope has an annual evaluation.
    pub year: Option<i32>,
    /// Years with an annual evaluation in the scope, newest first.
    pub years: Vec<i32>,
    pub rows: Vec<RankedInstansi>,
    /// Instansi of the scope without an annual evaluation that year.
    pub missing: Vec<PlaceRef>,
}

fn ranking_json(r: Ranking) -> RankingJson {
    let (scope, province) = match r.scope {
        Scope::National => ("nasional", None),
        Scope::Province(p) => (
            "provinsi",
            Some(PlaceRef {
                id: p.id,
                name: p.name,
            }),
        ),
    };
    RankingJson {
        scope: scope.into(),
        province,
        year: r.year,
        years: r.years,
        rows: r
            .rows
            .into_iter()
            .map(|row| RankedInstansi {
                rank: row.rank,
                id: row.instansi.id,
                kind: row.instansi.kind.code().to_string(),
                name: row.instansi.name,
                period: row.period_id,
                instrument: row.instrument.id.clone(),
                index: row.index.to_f64(),
                index_display: row.instrument.display(row.index, '.'),
                predikat: row.instrument.predikat_of(row.index).to_string(),
                final_: row.all_final,
            })
            .collect(),
        missing: r
            .missing
            .into_iter()
            .map(|i| PlaceRef {
                id: i.id,
                name: i.name,
            })
            .collect(),
    }
}

/// A year's ranking by the exact index: a province with its kabupaten/kota, or the whole
/// country, as on the ranking pages.
#[utoipa::path(
    get, path = "/api/v1/rankings", tag = "peringkat",
    params(RankingQuery),
    responses(
        (status = 200, body = RankingJson),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn rankings(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(query): ApiQuery<RankingQuery>,
) -> Result<Json<RankingJson>, ApiError> {
    let ranking = match query.province {
        Some(id) => ranking::province(&state, &caller, id, query.year).await?,
        None => ranking::national(&state, &caller, query.year).await?,
    };
    Ok(Json(ranking_json(ranking)))
}
