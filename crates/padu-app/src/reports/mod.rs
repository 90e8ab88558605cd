//! Reports and data exchange: the formal PDF, the Excel worksheet out and back in, the official
//! result import and the action plan, for the pages, the API and the `padu` command. The
//! documents themselves are made in `padu-reports` (and `padu-pdf`, behind the
//! [`padu_reports::PdfRenderer`] trait); this module gathers the data and applies imports, with
//! the permission checks:
//! documents for whoever may see the period (the formal report and the worksheet, which hold
//! every indicator's narrative, only for who may read the work of the whole instansi: not an
//! operator), the worksheet import for those who manage it, the
//! official result for those who set final values.

pub mod apply;
pub mod data;
pub mod pending;

use std::sync::Arc;

use padu_core::access::Action;
use padu_reports::{
    OfficialResult, PeriodReport, Preview, XlsxError, parse_official, preview_worksheet,
};
use padu_store::Opd;
use padu_store::evaluation::PeriodIndicator;

use crate::evaluation::{EDITABLE, PeriodContext, period_for};
use crate::kit::app::App;
use crate::kit::error::AppError;
use crate::kit::principal::Acting;
use apply::{final_results, official_digest, opd_names, worksheet_digest, worksheet_edits};

/// A document to download.
#[derive(Debug)]
pub struct Document {
    pub bytes: Vec<u8>,
    pub file_name: String,
    pub content_type: &'static str,
}

pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const PDF: &str = "application/pdf";

/// Which document of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    ReportPdf,
    WorksheetXlsx,
    ActionPlanXlsx,
    ActionPlanPdf,
}

/// "laporan-spbe-2026-trenggalek.pdf"-style names, ASCII only.
fn file_name(report: &PeriodReport, stem: &str, ext: &str) -> String {
    let place: String = report
        .instansi_name
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| {
            !w.is_empty() && !matches!(*w, "pemerintah" | "kabupaten" | "kota" | "provinsi")
        })
        .collect::<Vec<_>>()
        .join("-");
    format!(
        "{stem}-{}-{}-{}.{ext}",
        report.year,
        report.kind.code(),
        place
    )
}

/// Makes a document of period `period_id` for a caller who may see it; the formal report and
/// the worksheet, which hold every indicator's narrative, only for a caller who may read the
/// work of every indicator of the instansi (403 for an operator).
pub async fn document(
    app: &App,
    caller: &impl Acting,
    period_id: i64,
    kind: Kind,
) -> Result<Document, AppError> {
    let ctx = period_for(app, caller, period_id, Action::ViewInstansi).await?;
    if matches!(kind, Kind::ReportPdf | Kind::WorksheetXlsx) {
        caller.check(Action::ReadIndicatorWork, &ctx.instansi.target())?;
    }
    let report = data::load(&app.store, &app.catalog, period_id, app.settings.demo).await?;
    make(app, report, kind).await
}

/// Makes a document from loaded data (typesetting runs off the async threads).
pub async fn make(app: &App, report: PeriodReport, kind: Kind) -> Result<Document, AppError> {
    let pdf = app.pdf().cloned();
    let internal = |e: String| AppError::Internal(e);
    tokio::task::spawn_blocking(move || {
        let (bytes, stem, ext, content_type) = match kind {
            Kind::WorksheetXlsx => (
                padu_reports::worksheet_xlsx(&report).map_err(|e| e.to_string())?,
                "lembar-kerja",
                "xlsx",
                XLSX,
            ),
            Kind::ActionPlanXlsx => (
                padu_reports::action_plan_xlsx(&report).map_err(|e| e.to_string())?,
                "rencana-aksi",
                "xlsx",
                XLSX,
            ),
            Kind::ReportPdf | Kind::ActionPlanPdf => {
                let Some(pdf) = pdf else {
                    return Ok(None);
                };
                let (bytes, stem) = if kind == Kind::ReportPdf {
                    (pdf.period_report(&report), "laporan")
                } else {
                    (pdf.action_plan(&report), "rencana-aksi")
                };
                (bytes.map_err(|e| e.to_string())?, stem, "pdf", PDF)
            }
        };
        Ok(Some(Document {
            bytes,
            file_name: file_name(&report, stem, ext),
            content_type,
        }))
    })
    .await
    .map_err(|e| internal(format!("document task: {e}")))?
    .map_err(internal)?
    .ok_or_else(|| {
        AppError::Conflict(
            "Laporan PDF tidak tersedia pada server ini (dibangun tanpa modul PDF).".into(),
        )
    })
}

/// What an uploaded worksheet would change, checked against the current data.
#[derive(Debug)]
pub struct WorksheetCheck {
    pub ctx: PeriodContext,
    pub report: PeriodReport,
    pub preview: Preview,
    /// Fingerprint of `preview.changes`, for the confirmation.
    pub digest: String,
    pub indicators: Vec<PeriodIndicator>,
    pub opds: Vec<Opd>,
}

fn unreadable(e: XlsxError) -> AppError {
    match e {
        XlsxError::TooLarge { .. } => AppError::PayloadTooLarge(e.to_string()),
        XlsxError::Write(_) => AppError::Internal(e.to_string()),
        other => AppError::field("berkas", other.to_string()),
    }
}

/// Previews a worksheet for a caller who manages the period.
pub async fn check_worksheet(
    app: &App,
    caller: &impl Acting,
    period_id: i64,
    bytes: Arc<[u8]>,
) -> Result<WorksheetCheck, AppError> {
    let ctx = period_for(app, caller, period_id, Action::ManagePeriod).await?;
    if ctx.period.closed {
        return Err(AppError::Conflict(
            "Periode sudah ditutup; data tidak dapat diubah.".into(),
        ));
    }
    let report = data::load(&app.store, &app.catalog, period_id, app.settings.demo).await?;
    let opds = app.store.opds_of(ctx.instansi.id).await?;
    let indicators = app.store.period_indicators(period_id).await?;
    let names = opd_names(&opds);
    let current = report.clone();
    let preview = tokio::task::spawn_blocking(move || preview_worksheet(&current, &names, &bytes))
        .await
        .map_err(|e| AppError::Internal(format!("preview task: {e}")))?
        .map_err(unreadable)?;
    let digest = worksheet_digest(&preview);
    Ok(WorksheetCheck {
        ctx,
        report,
        preview,
        digest,
        indicators,
        opds,
    })
}

/// The outcome of a confirmation.
#[derive(Debug)]
pub enum Applied<T> {
    /// Applied: what was applied.
    Done(T),
    /// Not applied: the file has problems, or no longer means what was previewed; here is the
    /// fresh check to show.
    Again(T),
}

/// Applies a worksheet when it is clean and (with `expected`) still previews as shown.
pub async fn apply_worksheet(
    app: &App,
    caller: &impl Acting,
    period_id: i64,
    bytes: Arc<[u8]>,
    expected: Option<&str>,
) -> Result<Applied<WorksheetCheck>, AppError> {
    let check = check_worksheet(app, caller, period_id, bytes).await?;
    if !check.preview.is_clean() || expected.is_some_and(|d| d != check.digest) {
        return Ok(Applied::Again(check));
    }
    let edits = worksheet_edits(&check.preview.changes, &check.indicators, &check.opds)
        .map_err(|m| AppError::field("berkas", m))?;
    if !edits.is_empty() {
        app.store
            .apply_worksheet(&caller.who(), period_id, &edits, &EDITABLE)
            .await?;
    }
    Ok(Applied::Done(check))
}

/// What an uploaded official result would set.
#[derive(Debug)]
pub struct OfficialCheck {
    pub ctx: PeriodContext,
    pub result: OfficialResult,
    pub digest: String,
    pub indicators: Vec<PeriodIndicator>,
}

/// Previews an official result for a caller who may set final values.
pub async fn check_official(
    app: &App,
    caller: &impl Acting,
    period_id: i64,
    bytes: Arc<[u8]>,
) -> Result<OfficialCheck, AppError> {
    let ctx = period_for(app, caller, period_id, Action::ViewInstansi).await?;
    caller.check(Action::SetFinal, &ctx.instansi.target())?;
    let indicators = app.store.period_indicators(period_id).await?;
    let instrument = Arc::clone(&ctx.instrument);
    let result = tokio::task::spawn_blocking(move || parse_official(&instrument, &bytes))
        .await
        .map_err(|e| AppError::Internal(format!("official task: {e}")))?
        .map_err(unreadable)?;
    let digest = official_digest(&result);
    Ok(OfficialCheck {
        ctx,
        result,
        digest,
        indicators,
    })
}

/// Applies an official result when it is clean and (with `expected`) unchanged.
pub async fn apply_official(
    app: &App,
    caller: &impl Acting,
    period_id: i64,
    bytes: Arc<[u8]>,
    expected: Option<&str>,
) -> Result<Applied<OfficialCheck>, AppError> {
    let check = check_official(app, caller, period_id, bytes).await?;
    if !check.result.is_clean() || expected.is_some_and(|d| d != check.digest) {
        return Ok(Applied::Again(check));
    }
    let rows = final_results(&check.result);
    app.store
        .apply_official_result(&caller.who(), period_id, &rows)
        .await?;
    Ok(Applied::Done(check))
}
