//! Evidence endpoints: a streamed multipart upload and a streamed download.

use axum::Json;
use axum::body::Body;
use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::{Multipart, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::kit::error::{ApiError, ErrorBody};
use crate::kit::extract::ApiCaller;
use crate::kit::extract_api::ApiPath;
use padu_app::App;
use padu_app::AppError;
use padu_app::evaluation::evidence::{self, UploadMeta};

#[derive(Debug, Serialize, ToSchema)]
pub struct UploadedEvidence {
    pub id: i64,
    pub sha256: String,
    pub size: u64,
    pub content_type: String,
    /// The same bytes were stored before (not stored twice).
    pub deduplicated: bool,
    /// Marked as an instansi-wide document, readable and reusable by every OPD.
    pub instansi_wide: bool,
}

/// The form of an upload, for the OpenAPI document.
#[derive(ToSchema)]
#[allow(dead_code)]
struct UploadForm {
    /// The file: PDF, image (PNG, JPEG, GIF, WebP), office document, text or CSV.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// The level the file supports (2-5).
    level: u32,
    /// `yyyy-mm-dd`
    effective_date: Option<String>,
    /// `yyyy-mm-dd`
    expiry_date: Option<String>,
    /// `true` or `1`: an instansi-wide document (a Perbup, an SK Bupati) that every OPD of the
    /// instansi may read and reuse; otherwise only who may read an indicator it is linked to.
    instansi_wide: Option<bool>,
}

fn multipart_error(e: &MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge("Unggahan melebihi batas ukuran.".into())
    } else {
        AppError::BadRequest(format!(
            "unggahan multipart tidak dapat dibaca: {}",
            e.body_text()
        ))
    }
}

/// Uploads an evidence file for an indicator and level (multipart `file`, `level`, optional
/// `effective_date`, `expiry_date`, `instansi_wide`). Streamed; the same file twice is stored once.
#[utoipa::path(
    post, path = "/api/v1/periods/{id}/indicators/{number}/evidence", tag = "evaluasi",
    params(("id" = i64, Path, description = "Id periode"), ("number" = u16, Path, description = "Nomor indikator")),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, body = UploadedEvidence),
        (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn upload(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath((id, number)): ApiPath<(i64, u16)>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<UploadedEvidence>), ApiError> {
    // Not multipart, or without a boundary: the API's JSON error, not axum's plain text.
    let mut multipart = multipart.map_err(|e| {
        AppError::BadRequest(format!(
            "unggahan harus multipart/form-data dengan boundary: {}",
            e.body_text()
        ))
    })?;
    let ctx = evidence::check_upload(&state, &caller, id, number).await?;
    let mut meta = UploadMeta::default();
    let mut stored = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => {
                if let Some(s) = &stored {
                    evidence::discard(&state, s).await;
                }
                return Err(multipart_error(&e).into());
            }
        };
        match field.name().unwrap_or("") {
            "file" if stored.is_none() => {
                meta.file_name = field.file_name().unwrap_or("berkas").to_string();
                let name = meta.file_name.clone();
                stored = Some(evidence::put_file(&state, &name, field).await?);
            }
            "file" => {
                if let Some(s) = &stored {
                    evidence::discard(&state, s).await;
                }
                return Err(
                    AppError::BadRequest("satu unggahan hanya untuk satu berkas".into()).into(),
                );
            }
            other => {
                let key = other.to_string();
                let text = match field.text().await {
                    Ok(t) => t,
                    Err(e) => {
                        if let Some(s) = &stored {
                            evidence::discard(&state, s).await;
                        }
                        return Err(multipart_error(&e).into());
                    }
                };
                let text = text.trim().to_string();
                let value = (!text.is_empty()).then_some(text.clone());
                match key.as_str() {
                    "level" => meta.level = text,
                    "effective_date" => meta.effective_date = value,
                    "expiry_date" => meta.expiry_date = value,
                    "instansi_wide" => meta.instansi_wide = is_yes(&text),
                    _ => {}
                }
            }
        }
    }
    let Some(stored) = stored else {
        return Err(AppError::field("file", "Berkas wajib dipilih").into());
    };
    let level = match evidence::check_meta(&ctx, &meta) {
        Ok(level) => level,
        Err(e) => {
            evidence::discard(&state, &stored).await;
            return Err(e.into());
        }
    };
    let item =
        evidence::record_upload(&state, &caller, &ctx, number, &meta, level, &stored).await?;
    Ok((
        StatusCode::CREATED,
        Json(UploadedEvidence {
            id: item.id,
            sha256: stored.sha256.as_str().to_string(),
            size: stored.size,
            content_type: stored.content_type.to_string(),
            deduplicated: stored.deduplicated,
            instansi_wide: item.instansi_wide,
        }),
    ))
}

/// The bytes of an evidence file, streamed, as an attachment.
#[utoipa::path(
    get, path = "/api/v1/evidence/{id}/content", tag = "evaluasi",
    params(("id" = i64, Path, description = "Id bukti dukung")),
    responses(
        (status = 200, description = "Isi berkas", content_type = "application/octet-stream"),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn content(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, ApiError> {
    let (item, download) = evidence::download(&state, &caller, id).await?;
    let mut response = Body::from_stream(download.stream).into_response();
    let headers = response.headers_mut();
    let mime = item
        .content_type
        .as_deref()
        .unwrap_or("application/octet-stream");
    if let Ok(v) = HeaderValue::from_str(mime) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(download.size));
    // Only ASCII in the plain parameter; the full name percent-encoded in filename*.
    let ascii: String = item
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_ ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded = crate::kit::page::encode_query(&item.name);
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    )) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    // An uploaded file never runs as a page of this site.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox"),
    );
    Ok(response)
}

/// A form's yes: `true`, `1` or `on` (an HTML checkbox).
pub(crate) fn is_yes(text: &str) -> bool {
    matches!(
        text.trim().to_lowercase().as_str(),
        "true" | "1" | "on" | "ya"
    )
}
