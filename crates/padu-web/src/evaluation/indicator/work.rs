//! The OPD's forms on an indicator: claim and narrative, evidence (reuse, upload), submitting,
//! and comments (which assessors use too).

use axum::Form;
use axum::extract::multipart::{Field, MultipartRejection};
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::check::check_page;
use super::load::{Typed, load};
use super::view::page;
use super::{capital, form_errors, path_ids};
use crate::kit::form::FormErrors;
use crate::kit::layout::{Ctx, Failure, OrPage, see_other};
use padu_app::App;
use padu_app::AppError;
use padu_app::evaluation::evidence::{self, UploadMeta};
use padu_app::evaluation::{self as service, WorkInput};

/// Where a change on the indicator page leads back to.
pub fn back(id: i64, number: u16, pesan: &str) -> String {
    format!("/periode/{id}/indikator/{number}?pesan={pesan}")
}

/// Renders the indicator page again with a form's problems and what was typed, or the error
/// page when the error is not about the form.
pub async fn again(
    state: &App,
    ctx: &Ctx,
    (id, number): (i64, u16),
    err: AppError,
    rename: &[(&str, &str)],
    typed: &Typed,
) -> Result<Response, Failure> {
    match form_errors(&err, rename) {
        Some((status, errors)) => {
            let loaded = load(state, &ctx.caller, id, number, "")
                .await
                .or_page(ctx.lang)?;
            page(state, ctx, loaded, typed, errors, None, status).await
        }
        None => Err(Failure(err, ctx.lang)),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WorkForm {
    self_level: String,
    fakta: String,
    analisis: String,
    /// `ajukan`: go on to "check your answers" after saving.
    lanjut: String,
}

/// `POST /periode/{id}/indikator/{number}`: the claim and the narrative.
pub async fn save_work(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<(String, String)>,
    Form(form): Form<WorkForm>,
) -> Result<Response, Failure> {
    let (id, number) = path_ids(&raw, ctx.lang)?;
    let level = form.self_level.trim();
    let input = WorkInput {
        self_level: Some(Some(level.to_string()).filter(|l| !l.is_empty())),
        fakta: Some(form.fakta.clone()),
        analisis: Some(form.analisis.clone()),
    };
    match service::update_work(&state, &ctx.caller, id, number, &input).await {
        Ok(_) if form.lanjut == "ajukan" => Ok(see_other(&format!(
            "/periode/{id}/indikator/{number}/ajukan"
        ))),
        Ok(_) => Ok(see_other(&back(id, number, "disimpan"))),
        Err(err) => {
            let typed = Typed {
                self_level: Some(form.self_level),
                fakta: Some(form.fakta),
                analisis: Some(form.analisis),
                ..Typed::default()
            };
            again(&state, &ctx, (id, number), err, &[], &typed).await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LinkForm {
    evidence_id: String,
    link_level: String,
}

/// `POST /periode/{id}/indikator/{number}/bukti/tautkan`: reuses an evidence item the instansi
/// already has.
pub async fn link(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<(String, String)>,
    Form(form): Form<LinkForm>,
) -> Result<Response, Failure> {
    let (id, number) = path_ids(&raw, ctx.lang)?;
    let result = match form.evidence_id.trim().parse::<i64>() {
        Ok(evidence) => {
            service::link_existing_evidence(
                &state,
                &ctx.caller,
                id,
                number,
                evidence,
                &form.link_level,
            )
            .await
        }
        Err(_) => Err(AppError::field(
            "evidence_id",
            ctx.tr.t("indikator.pilih_bukti_galat"),
        )),
    };
    match result {
        Ok(_) => Ok(see_other(&back(id, number, "bukti-ditautkan"))),
        Err(err) => {
            let typed = Typed {
                evidence_id: form.evidence_id,
                link_level: form.link_level,
                ..Typed::default()
            };
            let rename = [("evidence", "evidence_id"), ("level", "link_level")];
            again(&state, &ctx, (id, number), err, &rename, &typed).await
        }
    }
}

/// Longest text field of the upload form read (a date, a level).
const MAX_UPLOAD_FIELD: usize = 100;

/// Reads a small text field of a multipart form, refusing anything longer than a date.
async fn small_text(field: Field<'_>) -> Result<String, AppError> {
    let mut field = field;
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|e| {
        AppError::BadRequest(format!("unggahan tidak dapat dibaca: {}", e.body_text()))
    })? {
        bytes.extend_from_slice(&chunk);
        if bytes.len() > MAX_UPLOAD_FIELD {
            return Err(AppError::BadRequest(
                "isian formulir unggah terlalu panjang".into(),
            ));
        }
    }
    Ok(String::from_utf8_lossy(&bytes).trim().to_string())
}

/// Reads the upload form and streams its file into the store. The fields before the file
/// (level, dates: the form puts them first) are checked before a byte is stored.
async fn receive(
    state: &App,
    ctx: &Ctx,
    (id, number): (i64, u16),
    mut multipart: Multipart,
    meta: &mut UploadMeta,
) -> Result<(), AppError> {
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(AppError::PayloadTooLarge(e.body_text()));
            }
            Err(e) => {
                return Err(AppError::BadRequest(format!(
                    "unggahan tidak dapat dibaca: {}",
                    e.body_text()
                )));
            }
        };
        match field.name().unwrap_or("") {
            "file" => {
                meta.file_name = field.file_name().unwrap_or("").to_string();
                if meta.file_name.is_empty() {
                    // A browser sends an empty file part when no file was chosen.
                    return Err(AppError::field("file", ctx.tr.t("indikator.berkas_kosong")));
                }
                evidence::upload_evidence(state, &ctx.caller, id, number, meta, field).await?;
                return Ok(());
            }
            "level" => meta.level = small_text(field).await?,
            "effective_date" => {
                meta.effective_date = Some(small_text(field).await?).filter(|d| !d.is_empty());
            }
            "expiry_date" => {
                meta.expiry_date = Some(small_text(field).await?).filter(|d| !d.is_empty());
            }
            _ => {}
        }
    }
    Err(AppError::field("file", ctx.tr.t("indikator.berkas_kosong")))
}

/// `POST /periode/{id}/indikator/{number}/bukti`: uploads a file (multipart `level`,
/// `effective_date`, `expiry_date`, `file`), streamed into the content-addressed store; a
/// refused upload leaves nothing behind.
pub async fn upload(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<(String, String)>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, Failure> {
    let ids = path_ids(&raw, ctx.lang)?;
    let mut meta = UploadMeta::default();
    // Who may, and whether the indicator takes evidence now, before reading the body.
    let result = match evidence::check_upload(&state, &ctx.caller, ids.0, ids.1).await {
        Err(e) => Err(e),
        Ok(_) => match multipart {
            Ok(m) => receive(&state, &ctx, ids, m, &mut meta).await,
            Err(_) => Err(AppError::field("file", ctx.tr.t("indikator.berkas_kosong"))),
        },
    };
    match result {
        Ok(()) => Ok(see_other(&back(ids.0, ids.1, "bukti-diunggah"))),
        Err(err) => {
            let err = match err {
                AppError::PayloadTooLarge(m) | AppError::BadRequest(m) => {
                    AppError::field("file", m)
                }
                other => other,
            };
            let typed = Typed {
                upload_level: meta.level,
                effective_date: meta.effective_date.unwrap_or_default(),
                expiry_date: meta.expiry_date.unwrap_or_default(),
                ..Typed::default()
            };
            again(&state, &ctx, ids, err, &[("level", "upload_level")], &typed).await
        }
    }
}

/// `POST /periode/{id}/indikator/{number}/ajukan`: submits; the core's refusals come back as
/// the error summary of the check-your-answers page.
pub async fn submit(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<(String, String)>,
) -> Result<Response, Failure> {
    let (id, number) = path_ids(&raw, ctx.lang)?;
    match service::submit(&state, &ctx.caller, id, number).await {
        Ok(_) => Ok(see_other(&back(id, number, "diajukan"))),
        Err(AppError::Conflict(message)) => {
            let mut errors = FormErrors::default();
            let reasons = message
                .strip_prefix("tidak dapat dilakukan: ")
                .unwrap_or(&message);
            for reason in reasons.split("; ") {
                errors.push("", capital(reason));
            }
            check_page(&state, &ctx, id, number, errors, StatusCode::CONFLICT).await
        }
        Err(err) => match form_errors(&err, &[]) {
            Some((status, errors)) => check_page(&state, &ctx, id, number, errors, status).await,
            None => Err(Failure(err, ctx.lang)),
        },
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CommentForm {
    comment_body: String,
}

/// `POST /periode/{id}/indikator/{number}/komentar`.
pub async fn comment(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<(String, String)>,
    Form(form): Form<CommentForm>,
) -> Result<Response, Failure> {
    let (id, number) = path_ids(&raw, ctx.lang)?;
    match service::add_comment(&state, &ctx.caller, id, number, &form.comment_body).await {
        Ok(_) => Ok(see_other(&format!(
            "{}#diskusi",
            back(id, number, "komentar")
        ))),
        Err(err) => {
            let typed = Typed {
                comment_body: form.comment_body,
                ..Typed::default()
            };
            again(
                &state,
                &ctx,
                (id, number),
                err,
                &[("body", "comment_body")],
                &typed,
            )
            .await
        }
    }
}
