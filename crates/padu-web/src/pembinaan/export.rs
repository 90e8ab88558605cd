//! The overview as a download from the page: `/instansi/{id}/ikhtisar.xlsx?tahun=2026` and
//! `/instansi/{id}/ikhtisar.pdf?tahun=2026`.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use padu_app::App;
use padu_app::pembinaan::export::{overview_pdf, overview_workbook};

use super::overview_page::YearQuery;
use crate::kit::layout::{Ctx, Failure, OrPage, parse_id};
use crate::reports::api::attachment;

/// `GET /instansi/{id}/ikhtisar.xlsx?tahun=2026`
pub async fn xlsx_page(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<YearQuery>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Instansi").or_page(ctx.lang)?;
    let doc = overview_workbook(&state, &ctx.caller, id, q.year())
        .await
        .or_page(ctx.lang)?;
    Ok(attachment(doc))
}

/// `GET /instansi/{id}/ikhtisar.pdf?tahun=2026`
pub async fn pdf_page(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<YearQuery>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Instansi").or_page(ctx.lang)?;
    let doc = overview_pdf(&state, &ctx.caller, id, q.year())
        .await
        .or_page(ctx.lang)?;
    Ok(attachment(doc))
}
