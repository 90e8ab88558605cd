//! A period in the JSON API after it was opened: reading it with its stage dates, changing its
//! target and stage dates, closing it. The same use cases as the pages (`padu_app::evaluation`).

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use padu_store::evaluation::{DateRange, Period};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::api::LevelInput;
use crate::kit::error::{ApiError, ErrorBody};
use crate::kit::extract::ApiCaller;
use crate::kit::extract_api::{ApiJson, ApiPath};
use padu_app::App;
use padu_app::evaluation::{self as service, PeriodChanges};

/// The stage dates of a period (`yyyy-mm-dd`, `null` when not set).
#[derive(Debug, Serialize, ToSchema)]
pub struct StageDates {
    pub mandiri_mulai: Option<String>,
    pub mandiri_selesai: Option<String>,
    pub dokumen_mulai: Option<String>,
    pub dokumen_selesai: Option<String>,
    pub interviu_mulai: Option<String>,
    pub interviu_selesai: Option<String>,
    pub visitasi_mulai: Option<String>,
    pub visitasi_selesai: Option<String>,
}

/// A period with its stage dates.
#[derive(Debug, Serialize, ToSchema)]
pub struct PeriodDetail {
    pub id: i64,
    pub instansi: i64,
    pub year: i32,
    /// `evaluasi`, `pemantauan`, `internal-s1` or `internal-s2`.
    pub kind: String,
    pub instrument: String,
    pub carried_from: Option<i64>,
    pub target: Option<f64>,
    /// A closed period's work no longer changes.
    pub closed: bool,
    pub stages: StageDates,
}

impl From<Period> for PeriodDetail {
    fn from(p: Period) -> Self {
        let DateRange {
            start: mandiri_mulai,
            end: mandiri_selesai,
        } = p.stages.mandiri;
        let DateRange {
            start: dokumen_mulai,
            end: dokumen_selesai,
        } = p.stages.dokumen;
        let DateRange {
            start: interviu_mulai,
            end: interviu_selesai,
        } = p.stages.interviu;
        let DateRange {
            start: visitasi_mulai,
            end: visitasi_selesai,
        } = p.stages.visitasi;
        PeriodDetail {
            id: p.id,
            instansi: p.instansi_id,
            year: p.year,
            kind: p.kind.code().into(),
            instrument: p.instrument,
            carried_from: p.carried_from,
            target: p.target.map(padu_core::Value::to_f64),
            closed: p.closed,
            stages: StageDates {
                mandiri_mulai,
                mandiri_selesai,
                dokumen_mulai,
                dokumen_selesai,
                interviu_mulai,
                interviu_selesai,
                visitasi_mulai,
                visitasi_selesai,
            },
        }
    }
}

/// A period with its stage dates.
#[utoipa::path(
    get, path = "/api/v1/periods/{id}", tag = "evaluasi",
    params(("id" = i64, Path, description = "Id periode")),
    responses(
        (status = 200, body = PeriodDetail),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn get_period(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<PeriodDetail>, ApiError> {
    Ok(Json(
        service::visible_period(&state, &caller, id).await?.into(),
    ))
}

/// Distinguishes a missing field (`None`) from an explicit `null` (`Some(None)`).
fn double_option<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Ok(Some(Option::deserialize(d)?))
}

/// Stage dates to change (`yyyy-mm-dd`); `null` clears one, a date left out stays.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StageDateChanges {
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub mandiri_mulai: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub mandiri_selesai: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub dokumen_mulai: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub dokumen_selesai: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub interviu_mulai: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub interviu_selesai: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub visitasi_mulai: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub visitasi_selesai: Option<Option<String>>,
}

impl StageDateChanges {
    fn into_map(self) -> BTreeMap<String, Option<String>> {
        [
            ("mandiri_mulai", self.mandiri_mulai),
            ("mandiri_selesai", self.mandiri_selesai),
            ("dokumen_mulai", self.dokumen_mulai),
            ("dokumen_selesai", self.dokumen_selesai),
            ("interviu_mulai", self.interviu_mulai),
            ("interviu_selesai", self.interviu_selesai),
            ("visitasi_mulai", self.visitasi_mulai),
            ("visitasi_selesai", self.visitasi_selesai),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.map(|v| (name.to_string(), v)))
        .collect()
    }
}

/// Changes to an open period.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PeriodChangesBody {
    /// The instansi's target index (a value on the instrument's scale, two decimals); `null`
    /// removes it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<f64>)]
    pub target: Option<Option<LevelInput>>,
    #[serde(default)]
    pub stages: Option<StageDateChanges>,
}

/// Changes an open period's target or stage dates (the year, kind and instrument stay).
#[utoipa::path(
    patch, path = "/api/v1/periods/{id}", tag = "evaluasi",
    params(("id" = i64, Path, description = "Id periode")),
    request_body = PeriodChangesBody,
    responses(
        (status = 200, body = PeriodDetail),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Periode sudah ditutup", body = ErrorBody),
        (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn patch_period(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<PeriodChangesBody>,
) -> Result<Json<PeriodDetail>, ApiError> {
    let changes = PeriodChanges {
        target: body.target.map(|t| t.map(|l| l.raw())),
        dates: body.stages.unwrap_or_default().into_map(),
    };
    Ok(Json(
        service::update_period(&state, &caller, id, &changes)
            .await?
            .into(),
    ))
}

/// Closes a period: its values stay for history and rankings, its work no longer changes.
#[utoipa::path(
    post, path = "/api/v1/periods/{id}/close", tag = "evaluasi",
    params(("id" = i64, Path, description = "Id periode")),
    responses(
        (status = 200, body = PeriodDetail),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Periode sudah ditutup", body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn close_period(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<PeriodDetail>, ApiError> {
    Ok(Json(
        service::close_period(&state, &caller, id).await?.into(),
    ))
}
