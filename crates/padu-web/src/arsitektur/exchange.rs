//! The architecture as an ArchiMate Open Exchange document: `GET
//! /api/v1/instansi/{id}/architecture/archimate` for scripts, and
//! `/instansi/{id}/arsitektur/archimate.xml` from the page, one use case behind both.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use padu_app::App;
use padu_app::arsitektur::exchange;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::kit::error::{ApiError, ErrorBody};
use crate::kit::extract::ApiCaller;
use crate::kit::extract_api::{ApiPath, ApiQuery};
use crate::kit::layout::{Ctx, Failure, OrPage, parse_id};
use crate::reports::api::attachment;

/// In the query string: only the items of one year.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// Only the items of this year (all years without it).
    pub year: Option<i32>,
}

/// The instansi's architecture as an ArchiMate 3.1 model in The Open Group's Open Exchange
/// format (for Archi and other tools): every item an element (a proses bisnis a Business
/// Process, a layanan a Business Service, data a Data Object, an aplikasi an Application
/// Component, infrastruktur a Node, a security control a Requirement) with its reference
/// code, OPD, year, state and status as properties; every link a relationship.
#[utoipa::path(
    get, path = "/api/v1/instansi/{id}/architecture/archimate", tag = "arsitektur",
    params(("id" = i64, Path, description = "Id instansi"), YearQuery),
    responses(
        (status = 200, description = "Model ArchiMate (Open Exchange XML)", content_type = "application/xml"),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn archimate(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<YearQuery>,
) -> Result<Response, ApiError> {
    Ok(attachment(
        exchange::archimate(&state, &caller, id, q.year).await?,
    ))
}

/// `GET /instansi/{id}/arsitektur/archimate.xml?year=2026`
pub async fn archimate_page(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<YearQuery>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Instansi").or_page(ctx.lang)?;
    let doc = exchange::archimate(&state, &ctx.caller, id, q.year)
        .await
        .or_page(ctx.lang)?;
    Ok(attachment(doc))
}
