//! One indicator in the JSON API as its page shows it: the detail (the list's fields, the
//! narrative, each level's criteria with its state, the evidence, the comments, what the caller
//! may do) and its discussion.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use padu_app::App;
use padu_app::AppError;
use padu_app::evaluation::{self as service, PeriodContext, Rights};
use padu_store::evaluation::{Comment, Evidence, EvidenceKind, LinkedEvidence};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::api::{IndicatorItem, item};
use crate::kit::error::{ApiError, ErrorBody};
use crate::kit::extract::ApiCaller;
use crate::kit::extract_api::{ApiJson, ApiPath};

/// An evidence item of the instansi.
#[derive(Debug, Serialize, ToSchema)]
pub struct EvidenceFile {
    pub id: i64,
    /// `file` or `link`.
    pub kind: String,
    /// The file's name (or the link's title).
    pub name: String,
    /// Bytes (files only).
    pub size: Option<i64>,
    pub content_type: Option<String>,
    pub sha256: Option<String>,
    /// Where the bytes are (`/api/v1/evidence/{id}/content`), for a file.
    pub content: Option<String>,
    /// The address, for a link.
    pub url: Option<String>,
    /// When it was uploaded (milliseconds since 1970, UTC).
    pub uploaded_at_ms: i64,
    /// The id of the user who uploaded it.
    pub uploaded_by: Option<i64>,
    /// `yyyy-mm-dd`
    pub effective_date: Option<String>,
    /// `yyyy-mm-dd`, when it expires.
    pub expiry_date: Option<String>,
}

pub(super) fn evidence_file(e: &Evidence) -> EvidenceFile {
    let file = e.kind == EvidenceKind::File;
    EvidenceFile {
        id: e.id,
        kind: if file { "file" } else { "link" }.into(),
        name: e.name.clone(),
        size: e.size,
        content_type: e.content_type.clone(),
        sha256: e.sha256.clone(),
        content: file.then(|| format!("/api/v1/evidence/{}/content", e.id)),
        url: e.url.clone(),
        uploaded_at_ms: e.created_at_ms,
        uploaded_by: e.uploaded_by,
        effective_date: e.effective_date.clone(),
        expiry_date: e.expiry_date.clone(),
    }
}

/// An evidence item as linked to the indicator for one level, with its review.
#[derive(Debug, Serialize, ToSchema)]
pub struct LinkedEvidenceItem {
    /// The id of the link (what an assessor's review is about).
    pub link_id: i64,
    /// The level it supports.
    pub level: u32,
    /// `pending` (not reviewed yet), `diterima`, `tidak_tepat`, `belum_diunggah` or
    /// `ditolak_otomatis`.
    pub review: String,
    /// The assessor's note.
    pub note: Option<String>,
    #[serde(flatten)]
    pub evidence: EvidenceFile,
}

pub(super) fn linked_item(l: &LinkedEvidence) -> LinkedEvidenceItem {
    LinkedEvidenceItem {
        link_id: l.link_id,
        level: l.level,
        review: l.review.code().into(),
        note: l.note.clone(),
        evidence: evidence_file(&l.evidence),
    }
}

/// One level of the indicator's scale.
#[derive(Debug, Serialize, ToSchema)]
pub struct LevelCriteria {
    pub level: u32,
    /// The level's name ("Rintisan").
    pub label: String,
    /// What the level asks: the indicator's own criteria first, then the scale's.
    pub criteria: Vec<String>,
    /// The evidence expected for it.
    pub expected_evidence: Vec<String>,
    /// As the page's tag says: `dasar` (the floor, needs nothing), `tanpa_bukti`, `menunggu`
    /// (evidence waits for review), `revisi` (some evidence found wanting) or `diterima`.
    pub state: String,
    /// Every criterion counts as met (the floor, or all its evidence accepted).
    pub met: bool,
}

/// What the caller may do on the indicator now (what the page shows forms for).
#[derive(Debug, Serialize, ToSchema)]
pub struct MayItem {
    /// Change claim, narrative and evidence.
    pub edit: bool,
    /// Submit it (the lead OPD; the status decides whether it goes through).
    pub submit: bool,
    /// Return, accept and review its evidence.
    pub review: bool,
    pub set_final: bool,
    pub set_external: bool,
    pub comment: bool,
}

fn may(r: Rights) -> MayItem {
    MayItem {
        edit: r.edit,
        submit: r.works,
        review: r.review,
        set_final: r.set_final,
        set_external: r.external,
        comment: r.comment,
    }
}

/// A comment of the indicator's discussion.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommentItem {
    pub id: i64,
    /// The author's name as it was when written.
    pub author: String,
    /// `komentar`, or the decision it came with: `dikembalikan`, `diterima`, `final`.
    pub kind: String,
    pub text: String,
    pub created_at_ms: i64,
}

fn comment_item(c: Comment) -> CommentItem {
    CommentItem {
        id: c.id,
        author: c.author_name,
        kind: c.kind,
        text: c.body,
        created_at_ms: c.created_at_ms,
    }
}

/// An indicator with everything its page shows.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorDetailItem {
    #[serde(flatten)]
    pub indicator: IndicatorItem,
    pub fakta: String,
    pub analisis: String,
    /// The source of an external index value, for an indicator valued from one.
    pub external_source: Option<String>,
    pub external_date: Option<String>,
    /// Each level of the scale, lowest first.
    pub criteria: Vec<LevelCriteria>,
    /// The evidence linked to it, by level then upload order.
    pub evidence: Vec<LinkedEvidenceItem>,
    /// Its discussion, oldest first.
    pub comments: Vec<CommentItem>,
    pub may: MayItem,
}

fn levels(
    ctx: &PeriodContext,
    number: u16,
    evidence: &[LinkedEvidence],
) -> Result<Vec<LevelCriteria>, AppError> {
    let indicator = ctx
        .instrument
        .indicator(number)
        .ok_or(AppError::NotFound("Indikator"))?;
    let scale = &ctx.instrument.scales[indicator.scale];
    let states = service::level_states(ctx, indicator, evidence);
    Ok(scale
        .levels
        .iter()
        .zip(states)
        .map(|(sl, (_, state))| {
            let (specific, expected) = indicator
                .specific_level(sl.level)
                .map(|s| (s.criteria.clone(), s.evidence.clone()))
                .unwrap_or_default();
            LevelCriteria {
                level: sl.level,
                label: sl.label.clone(),
                criteria: specific.into_iter().chain(sl.criteria.clone()).collect(),
                expected_evidence: expected.into_iter().chain(sl.evidence.clone()).collect(),
                state: state.code().into(),
                met: state.met(),
            }
        })
        .collect())
}

/// An indicator with its narrative, each level's criteria and state, its evidence and its
/// discussion: what its page shows.
#[utoipa::path(
    get, path = "/api/v1/periods/{id}/indicators/{number}", tag = "evaluasi",
    params(("id" = i64, Path, description = "Id periode"), ("number" = u16, Path, description = "Nomor indikator")),
    responses(
        (status = 200, body = IndicatorDetailItem),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn detail(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath((id, number)): ApiPath<(i64, u16)>,
) -> Result<Json<IndicatorDetailItem>, ApiError> {
    let d = service::indicator_detail(&state, &caller, id, number).await?;
    let criteria = levels(&d.ctx, number, &d.evidence)?;
    Ok(Json(IndicatorDetailItem {
        fakta: d.pi.fakta.clone(),
        analisis: d.pi.analisis.clone(),
        external_source: d.pi.external_source.clone(),
        external_date: d.pi.external_date.clone(),
        criteria,
        evidence: d.evidence.iter().map(linked_item).collect(),
        comments: d.comments.into_iter().map(comment_item).collect(),
        may: may(d.rights),
        indicator: item(&d.ctx, d.pi),
    }))
}

/// An indicator's discussion, oldest first.
#[utoipa::path(
    get, path = "/api/v1/periods/{id}/indicators/{number}/comments", tag = "evaluasi",
    params(("id" = i64, Path, description = "Id periode"), ("number" = u16, Path, description = "Nomor indikator")),
    responses(
        (status = 200, body = Vec<CommentItem>),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn comments(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath((id, number)): ApiPath<(i64, u16)>,
) -> Result<Json<Vec<CommentItem>>, ApiError> {
    let list = service::comments_of(&state, &caller, id, number).await?;
    Ok(Json(list.into_iter().map(comment_item).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CommentBody {
    /// At most 5.000 characters.
    pub text: String,
}

/// Adds a comment to an indicator's discussion (those who work on it, review it or set its
/// final value).
#[utoipa::path(
    post, path = "/api/v1/periods/{id}/indicators/{number}/comments", tag = "evaluasi",
    params(("id" = i64, Path, description = "Id periode"), ("number" = u16, Path, description = "Nomor indikator")),
    request_body = CommentBody,
    responses(
        (status = 201, body = CommentItem),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn add_comment(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath((id, number)): ApiPath<(i64, u16)>,
    ApiJson(body): ApiJson<CommentBody>,
) -> Result<(StatusCode, Json<CommentItem>), ApiError> {
    let made = service::add_comment(&state, &caller, id, number, &body.text)
        .await
        .map_err(|e| rename_field(e, "body", "text"))?;
    Ok((StatusCode::CREATED, Json(comment_item(made))))
}

/// A use case's field error under the name the API's body gives the field.
pub(super) fn rename_field(err: AppError, from: &str, to: &str) -> AppError {
    match err {
        AppError::Invalid(mut fields) => {
            for f in &mut fields {
                if f.field == from {
                    f.field = to.to_string();
                }
            }
            AppError::Invalid(fields)
        }
        other => other,
    }
}
