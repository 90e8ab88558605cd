//! The report endpoints of the JSON API: the documents of a period, and the worksheet and
//! official result imports (the raw file as the request body; `?apply=true` applies a clean
//! file, otherwise the answer is the preview).

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::kit::error::{ApiError, ErrorBody};
use crate::kit::extract::ApiCaller;
use crate::kit::extract_api::ApiPath;
use padu_app::App;
use padu_app::reports::{self as service, Applied, Document, Kind};

/// A document as a download.
pub fn attachment(doc: Document) -> Response {
    let mut response = doc.bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(doc.content_type),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", doc.file_name)) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

macro_rules! document_endpoint {
    ($name:ident, $path:literal, $kind:expr, $ctype:literal, $what:literal) => {
        #[doc = $what]
        #[utoipa::path(
                            get, path = $path, tag = "laporan",
                            params(("id" = i64, Path, description = "Id periode")),
                            responses(
                                (status = 200, description = $what, content_type = $ctype),
                                (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
                                (status = 409, body = ErrorBody)
                            ),
                            security(("bearer" = []))
                        )]
        pub async fn $name(
            State(state): State<App>,
            ApiCaller(caller): ApiCaller,
            ApiPath(id): ApiPath<i64>,
        ) -> Result<Response, ApiError> {
            Ok(attachment(
                service::document(&state, &caller, id, $kind).await?,
            ))
        }
    };
}

document_endpoint!(
    report_pdf,
    "/api/v1/periods/{id}/report.pdf",
    Kind::ReportPdf,
    "application/pdf",
    "Laporan evaluasi mandiri periode (PDF)."
);
document_endpoint!(
    worksheet_xlsx,
    "/api/v1/periods/{id}/worksheet.xlsx",
    Kind::WorksheetXlsx,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "Lembar kerja evaluasi periode (Excel)."
);
document_endpoint!(
    action_plan_xlsx,
    "/api/v1/periods/{id}/action-plan.xlsx",
    Kind::ActionPlanXlsx,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "Rencana aksi periode (Excel)."
);
document_endpoint!(
    action_plan_pdf,
    "/api/v1/periods/{id}/action-plan.pdf",
    Kind::ActionPlanPdf,
    "application/pdf",
    "Rencana aksi periode (PDF)."
);

#[derive(Debug, Deserialize, IntoParams)]
pub struct ApplyQuery {
    /// `true` applies a file without problems; otherwise only the preview is returned.
    #[serde(default)]
    apply: bool,
}

/// A problem in an uploaded file, where Excel shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemOut {
    pub sheet: String,
    pub row: u32,
    pub column: String,
    pub message: String,
}

/// One change an import makes.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeOut {
    pub number: u16,
    pub field: String,
    pub old: String,
    pub new: String,
}

/// The preview (or the outcome) of an import.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportOut {
    /// Whether the changes were applied.
    pub applied: bool,
    pub changes: Vec<ChangeOut>,
    pub problems: Vec<ProblemOut>,
}

fn problems(list: &[padu_reports::ImportProblem]) -> Vec<ProblemOut> {
    list.iter()
        .map(|p| ProblemOut {
            sheet: p.sheet.clone(),
            row: p.row,
            column: p.column.clone(),
            message: p.message.clone(),
        })
        .collect()
}

fn worksheet_out(check: &service::WorksheetCheck, applied: bool) -> ImportOut {
    ImportOut {
        applied,
        changes: check
            .preview
            .changes
            .iter()
            .map(|c| ChangeOut {
                number: c.number,
                field: c.field.label().to_string(),
                old: c.old.clone(),
                new: c.new.clone(),
            })
            .collect(),
        problems: problems(&check.preview.problems),
    }
}

fn official_out(check: &service::OfficialCheck, applied: bool) -> ImportOut {
    let instrument = &check.ctx.instrument;
    ImportOut {
        applied,
        changes: check
            .result
            .rows
            .iter()
            .map(|r| ChangeOut {
                number: r.number,
                field: "Nilai Final".into(),
                old: padu_reports::format::level(
                    instrument,
                    check
                        .indicators
                        .iter()
                        .find(|pi| pi.number == r.number)
                        .and_then(|pi| pi.final_value),
                ),
                new: padu_reports::format::level(instrument, Some(r.value)),
            })
            .collect(),
        problems: problems(&check.result.problems),
    }
}

fn answer(out: ImportOut) -> Response {
    let status = if out.problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    (status, Json(out)).into_response()
}

/// Imports a worksheet exported from this period (the .xlsx file as the body).
#[utoipa::path(
    post, path = "/api/v1/periods/{id}/worksheet", tag = "laporan",
    params(("id" = i64, Path, description = "Id periode"), ApplyQuery),
    request_body(content = Vec<u8>, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    responses(
        (status = 200, body = ImportOut, description = "Pratinjau, atau perubahan diterapkan"),
        (status = 422, body = ImportOut, description = "Berkas bermasalah; tidak ada yang diterapkan"),
        (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 413, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn import_worksheet(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    Query(q): Query<ApplyQuery>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let bytes: Arc<[u8]> = Arc::from(body.as_ref());
    if !q.apply {
        let check = service::check_worksheet(&state, &caller, id, bytes).await?;
        return Ok(answer(worksheet_out(&check, false)));
    }
    Ok(
        match service::apply_worksheet(&state, &caller, id, bytes, None).await? {
            Applied::Again(check) => answer(worksheet_out(&check, false)),
            Applied::Done(check) => answer(worksheet_out(&check, true)),
        },
    )
}

/// Imports the ministry's official result (XLSX or CSV as the body) as final values.
#[utoipa::path(
    post, path = "/api/v1/periods/{id}/official-result", tag = "laporan",
    params(("id" = i64, Path, description = "Id periode"), ApplyQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses(
        (status = 200, body = ImportOut, description = "Pratinjau, atau nilai final diterapkan"),
        (status = 422, body = ImportOut, description = "Berkas bermasalah; tidak ada yang diterapkan"),
        (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn import_official(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    Query(q): Query<ApplyQuery>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let bytes: Arc<[u8]> = Arc::from(body.as_ref());
    if !q.apply {
        let check = service::check_official(&state, &caller, id, bytes).await?;
        return Ok(answer(official_out(&check, false)));
    }
    Ok(
        match service::apply_official(&state, &caller, id, bytes, None).await? {
            Applied::Again(check) => answer(official_out(&check, false)),
            Applied::Done(check) => answer(official_out(&check, true)),
        },
    )
}
