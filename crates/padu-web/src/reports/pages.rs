//! Reports and data exchange of a period: the downloads (PDF report, Excel worksheet, action
//! plan) and the two imports, each previewed in full (every change, every problem by sheet, row
//! and column) before the user applies it. The uploaded file waits for the confirmation in
//! memory; the confirmation re-checks it against the current data and applies only what was
//! shown.

use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use bytes::Bytes;
use padu_core::access::{Action, allows};
use serde::Deserialize;

use crate::evaluation::indicator::{PeriodHead, period_head};
use crate::kit::form::FormErrors;
use crate::kit::layout::{Ctx, Failure, OrPage, Pesan, Shell, parse_id, render, see_other};
use crate::reports::api::attachment;
use padu_app::App;
use padu_app::AppError;
use padu_app::evaluation::{PeriodContext, period_for};
use padu_app::kit::i18n::Tr;
use padu_app::reports::pending::{self, ImportKind};
use padu_app::reports::{self as service, Applied, Kind, OfficialCheck, WorksheetCheck};

pub struct DownloadLink {
    pub href: String,
    pub label: &'static str,
    pub hint: &'static str,
}

#[derive(Template)]
#[template(path = "reports/templates/laporan.html")]
struct ReportsPage {
    tr: Tr,
    shell: Shell,
    errors: FormErrors,
    period: PeriodHead,
    downloads: Vec<DownloadLink>,
    pdf_available: bool,
    may_import_worksheet: bool,
    may_import_official: bool,
}

pub struct ChangeRow {
    pub number: u16,
    pub name: String,
    pub field: String,
    pub old: String,
    pub new: String,
}

#[derive(Template)]
#[template(path = "reports/templates/impor_pratinjau.html")]
struct PreviewPage {
    tr: Tr,
    shell: Shell,
    period: PeriodHead,
    title: &'static str,
    notice: Option<&'static str>,
    problems_title: String,
    problems: Vec<padu_reports::ImportProblem>,
    changes_title: String,
    changes: Vec<ChangeRow>,
    apply_action: String,
    token: String,
    digest: String,
}

fn may(ctx: &Ctx, pctx: &PeriodContext, action: Action) -> bool {
    allows(&ctx.caller.actor(), action, &pctx.instansi.target())
}

async fn hub(
    state: &App,
    ctx: &Ctx,
    id: i64,
    errors: FormErrors,
    status: StatusCode,
    pesan: Option<&str>,
) -> Result<Response, Failure> {
    let tr = ctx.tr;
    let pctx = period_for(state, &ctx.caller, id, Action::ViewInstansi)
        .await
        .or_page(ctx.lang)?;
    let has_plan = padu_app::planner::has_plan(state, &pctx)
        .await
        .or_page(ctx.lang)?;
    let pdf_available = state.pdf().is_some();
    let link = |doc: &str, label: &'static str, hint: &'static str| DownloadLink {
        href: format!("/periode/{id}/unduh/{doc}"),
        label: tr.t(label),
        hint: tr.t(hint),
    };
    let mut downloads = Vec::new();
    // the report and the worksheet hold every indicator's narrative: not for an operator
    let reads_all = may(ctx, &pctx, Action::ReadIndicatorWork);
    if pdf_available && reads_all {
        downloads.push(link(
            "laporan.pdf",
            "laporan.laporan_pdf",
            "laporan.laporan_pdf_ket",
        ));
    }
    if reads_all {
        downloads.push(link(
            "lembar-kerja.xlsx",
            "laporan.lk_xlsx",
            "laporan.lk_xlsx_ket",
        ));
    }
    if has_plan {
        downloads.push(link(
            "rencana-aksi.xlsx",
            "laporan.ra_xlsx",
            "laporan.ra_ket",
        ));
        if pdf_available {
            downloads.push(link("rencana-aksi.pdf", "laporan.ra_pdf", "laporan.ra_ket"));
        }
    }
    let page = ReportsPage {
        tr,
        shell: Shell::load(state, ctx, crate::evaluation::PERIODS, pesan)
            .await
            .or_page(ctx.lang)?,
        errors,
        period: period_head(tr, &pctx),
        downloads,
        pdf_available,
        may_import_worksheet: !pctx.period.closed && may(ctx, &pctx, Action::ManagePeriod),
        may_import_official: may(ctx, &pctx, Action::SetFinal),
    };
    Ok(render(status, &page))
}

/// `GET /periode/{id}/laporan`
pub async fn page(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<Pesan>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Periode").or_page(ctx.lang)?;
    hub(
        &state,
        &ctx,
        id,
        FormErrors::default(),
        StatusCode::OK,
        q.pesan.as_deref(),
    )
    .await
}

/// `GET /periode/{id}/unduh/{doc}`: `laporan.pdf`, `lembar-kerja.xlsx`, `rencana-aksi.xlsx`,
/// `rencana-aksi.pdf`.
pub async fn download(
    State(state): State<App>,
    ctx: Ctx,
    Path((raw, doc)): Path<(String, String)>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Periode").or_page(ctx.lang)?;
    let kind = match doc.as_str() {
        "laporan.pdf" => Kind::ReportPdf,
        "lembar-kerja.xlsx" => Kind::WorksheetXlsx,
        "rencana-aksi.xlsx" => Kind::ActionPlanXlsx,
        "rencana-aksi.pdf" => Kind::ActionPlanPdf,
        _ => return Err(Failure(AppError::NotFound("Dokumen"), ctx.lang)),
    };
    let doc = service::document(&state, &ctx.caller, id, kind)
        .await
        .or_page(ctx.lang)?;
    Ok(attachment(doc))
}

/// Reads the `berkas` file of an import form, at most the importer's cap (a larger file is an
/// error, and nothing of it is kept).
async fn read_file(mut multipart: Multipart, tr: Tr) -> Result<Bytes, String> {
    let cap = padu_reports::xlsx::MAX_UPLOAD_BYTES;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Err(tr.t("laporan.berkas_kosong").to_string()),
            Err(e) => return Err(format!("Unggahan tidak dapat dibaca: {}", e.body_text())),
        };
        if field.name() != Some("berkas") {
            continue;
        }
        if field.file_name().unwrap_or("").is_empty() {
            return Err(tr.t("laporan.berkas_kosong").to_string());
        }
        let mut field = field;
        let mut bytes = Vec::new();
        while let Some(chunk) = field
            .chunk()
            .await
            .map_err(|e| format!("Unggahan tidak dapat dibaca: {}", e.body_text()))?
        {
            if bytes.len() + chunk.len() > cap {
                return Err(format!(
                    "Ukuran berkas melebihi batas {} MB. Unggah berkas yang lebih kecil.",
                    cap / (1024 * 1024)
                ));
            }
            bytes.extend_from_slice(&chunk);
        }
        if bytes.is_empty() {
            return Err(tr.t("laporan.berkas_kosong").to_string());
        }
        return Ok(Bytes::from(bytes));
    }
}

fn field_of(kind: ImportKind) -> &'static str {
    match kind {
        ImportKind::Worksheet => "lembar_kerja",
        ImportKind::Official => "hasil_resmi",
    }
}

/// The import form again with `message` beside the file field.
async fn refused(
    state: &App,
    ctx: &Ctx,
    id: i64,
    kind: ImportKind,
    err: AppError,
) -> Result<Response, Failure> {
    let message = match err {
        AppError::Invalid(fields) => fields
            .into_iter()
            .map(|f| f.message)
            .collect::<Vec<_>>()
            .join("; "),
        AppError::PayloadTooLarge(m) | AppError::BadRequest(m) | AppError::Conflict(m) => m,
        other => return Err(Failure(other, ctx.lang)),
    };
    let mut errors = FormErrors::default();
    errors.push(field_of(kind), message);
    hub(
        state,
        ctx,
        id,
        errors,
        StatusCode::UNPROCESSABLE_ENTITY,
        None,
    )
    .await
}

fn worksheet_page(
    tr: Tr,
    shell: Shell,
    check: &WorksheetCheck,
    token: String,
    notice: Option<&'static str>,
) -> PreviewPage {
    let instrument = &check.ctx.instrument;
    let changes = check
        .preview
        .changes
        .iter()
        .map(|c| ChangeRow {
            number: c.number,
            name: instrument
                .indicator(c.number)
                .map_or_else(String::new, |i| i.name.clone()),
            field: c.field.label().to_string(),
            old: c.old.clone(),
            new: c.new.clone(),
        })
        .collect();
    preview_page(
        tr,
        shell,
        &check.ctx,
        (tr.t("laporan.pratinjau_lk"), notice),
        check.preview.problems.clone(),
        changes,
        ("lembar-kerja", token, check.digest.clone()),
    )
}

fn official_page(
    tr: Tr,
    shell: Shell,
    check: &OfficialCheck,
    token: String,
    notice: Option<&'static str>,
) -> PreviewPage {
    let instrument = &check.ctx.instrument;
    let mut changes = Vec::new();
    for r in &check.result.rows {
        let current = check
            .indicators
            .iter()
            .find(|pi| pi.number == r.number)
            .and_then(|pi| pi.final_value);
        let name = instrument
            .indicator(r.number)
            .map_or_else(String::new, |i| i.name.clone());
        if current != Some(r.value) {
            changes.push(ChangeRow {
                number: r.number,
                name: name.clone(),
                field: tr.t("laporan.nilai_final").to_string(),
                old: padu_reports::format::level(instrument, current),
                new: padu_reports::format::level(instrument, Some(r.value)),
            });
        }
        for (label, text) in [("Catatan", &r.note), ("Rekomendasi", &r.recommendation)] {
            if let Some(t) = text.as_deref().filter(|t| !t.trim().is_empty()) {
                changes.push(ChangeRow {
                    number: r.number,
                    name: name.clone(),
                    field: label.to_string(),
                    old: String::new(),
                    new: t.to_string(),
                });
            }
        }
    }
    preview_page(
        tr,
        shell,
        &check.ctx,
        (tr.t("laporan.pratinjau_hr"), notice),
        check.result.problems.clone(),
        changes,
        ("hasil-resmi", token, check.digest.clone()),
    )
}

fn preview_page(
    tr: Tr,
    shell: Shell,
    pctx: &PeriodContext,
    (title, notice): (&'static str, Option<&'static str>),
    problems: Vec<padu_reports::ImportProblem>,
    changes: Vec<ChangeRow>,
    (path, token, digest): (&str, String, String),
) -> PreviewPage {
    let n = changes.len().to_string();
    PreviewPage {
        tr,
        shell,
        period: period_head(tr, pctx),
        title,
        notice,
        problems_title: tr
            .t("laporan.masalah_judul")
            .replace("{n}", &problems.len().to_string()),
        changes_title: if problems.is_empty() {
            tr.t("laporan.perubahan_judul").replace("{n}", &n)
        } else {
            tr.t("laporan.perubahan_judul_bermasalah")
                .replace("{n}", &n)
        },
        problems,
        changes,
        apply_action: format!("/periode/{}/impor/{path}/terapkan", pctx.period.id),
        token,
        digest,
    }
}

/// The preview of an uploaded file: 200 when it may be applied, 422 when it has problems.
async fn show_preview(
    state: &App,
    ctx: &Ctx,
    kind: ImportKind,
    id: i64,
    bytes: Bytes,
    token: Option<String>,
    notice: Option<&'static str>,
) -> Result<Response, Failure> {
    let tr = ctx.tr;
    let shared: Arc<[u8]> = Arc::from(bytes.as_ref());
    let (page, clean) = match kind {
        ImportKind::Worksheet => {
            let check = match service::check_worksheet(state, &ctx.caller, id, shared).await {
                Ok(check) => check,
                Err(e) => return refused(state, ctx, id, kind, e).await,
            };
            let token = match token {
                Some(token) => token,
                None => pending::keep(state, &ctx.caller, id, kind, &bytes)
                    .await
                    .or_page(ctx.lang)?,
            };
            let shell = Shell::load(state, ctx, crate::evaluation::PERIODS, None)
                .await
                .or_page(ctx.lang)?;
            (
                worksheet_page(tr, shell, &check, token, notice),
                check.preview.is_clean(),
            )
        }
        ImportKind::Official => {
            let check = match service::check_official(state, &ctx.caller, id, shared).await {
                Ok(check) => check,
                Err(e) => return refused(state, ctx, id, kind, e).await,
            };
            let token = match token {
                Some(token) => token,
                None => pending::keep(state, &ctx.caller, id, kind, &bytes)
                    .await
                    .or_page(ctx.lang)?,
            };
            let shell = Shell::load(state, ctx, crate::evaluation::PERIODS, None)
                .await
                .or_page(ctx.lang)?;
            (
                official_page(tr, shell, &check, token, notice),
                check.result.is_clean(),
            )
        }
    };
    let status = if clean {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render(status, &page))
}

async fn upload(
    state: App,
    ctx: Ctx,
    raw: String,
    multipart: Result<Multipart, MultipartRejection>,
    kind: ImportKind,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Periode").or_page(ctx.lang)?;
    let read = match multipart {
        Ok(m) => read_file(m, ctx.tr).await,
        Err(_) => Err(ctx.tr.t("laporan.berkas_kosong").to_string()),
    };
    match read {
        Ok(bytes) => show_preview(&state, &ctx, kind, id, bytes, None, None).await,
        Err(message) => {
            // still only for those who may import at all
            period_for(&state, &ctx.caller, id, Action::ViewInstansi)
                .await
                .or_page(ctx.lang)?;
            refused(&state, &ctx, id, kind, AppError::field("berkas", message)).await
        }
    }
}

/// `POST /periode/{id}/impor/lembar-kerja` (multipart `berkas`): the preview.
pub async fn upload_worksheet(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, Failure> {
    upload(state, ctx, raw, multipart, ImportKind::Worksheet).await
}

/// `POST /periode/{id}/impor/hasil-resmi` (multipart `berkas`): the preview.
pub async fn upload_official(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, Failure> {
    upload(state, ctx, raw, multipart, ImportKind::Official).await
}

#[derive(Debug, Deserialize)]
pub struct Confirm {
    #[serde(default)]
    berkas: String,
    #[serde(default)]
    ringkasan: String,
}

async fn confirm(
    state: App,
    ctx: Ctx,
    raw: String,
    form: Confirm,
    kind: ImportKind,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Periode").or_page(ctx.lang)?;
    let waiting = pending::waiting(&state, &ctx.caller, &form.berkas, id, kind)
        .await
        .or_page(ctx.lang)?;
    let Some(bytes) = waiting else {
        period_for(&state, &ctx.caller, id, Action::ViewInstansi)
            .await
            .or_page(ctx.lang)?;
        let message = ctx.tr.t("laporan.kedaluwarsa");
        return refused(&state, &ctx, id, kind, AppError::field("berkas", message)).await;
    };
    let shared: Arc<[u8]> = Arc::from(bytes.as_ref());
    let expected = Some(form.ringkasan.as_str());
    let applied = match kind {
        ImportKind::Worksheet => {
            match service::apply_worksheet(&state, &ctx.caller, id, shared, expected).await {
                Ok(Applied::Done(_)) => true,
                Ok(Applied::Again(_)) => false,
                Err(e) => return refused(&state, &ctx, id, kind, e).await,
            }
        }
        ImportKind::Official => {
            match service::apply_official(&state, &ctx.caller, id, shared, expected).await {
                Ok(Applied::Done(_)) => true,
                Ok(Applied::Again(_)) => false,
                Err(e) => return refused(&state, &ctx, id, kind, e).await,
            }
        }
    };
    if applied {
        // applied already: a row left behind only waits for its expiry
        if let Err(e) = pending::forget(&state, &form.berkas).await {
            tracing::warn!(error = ?e, "an applied upload could not be forgotten");
        }
        let pesan = match kind {
            ImportKind::Worksheet => "lembar-kerja-diterapkan",
            ImportKind::Official => "hasil-resmi-diterapkan",
        };
        return Ok(see_other(&format!("/periode/{id}/laporan?pesan={pesan}")));
    }
    let notice = Some(ctx.tr.t("laporan.berubah"));
    show_preview(&state, &ctx, kind, id, bytes, Some(form.berkas), notice).await
}

/// `POST /periode/{id}/impor/lembar-kerja/terapkan` (`berkas` token, `ringkasan` digest).
pub async fn apply_worksheet(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(form): Form<Confirm>,
) -> Result<Response, Failure> {
    confirm(state, ctx, raw, form, ImportKind::Worksheet).await
}

/// `POST /periode/{id}/impor/hasil-resmi/terapkan`.
pub async fn apply_official(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(form): Form<Confirm>,
) -> Result<Response, Failure> {
    confirm(state, ctx, raw, form, ImportKind::Official).await
}
