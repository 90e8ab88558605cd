//! The web layer's one error type. Handlers return it; the API renders it as JSON
//! `{"code", "message"}` with the right status, pages render it as an HTML page. Internal causes
//! are logged, never shown.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use padu_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug)]
pub enum AppError {
    /// 401: no valid session or token.
    Unauthenticated,
    /// 401: a login with a wrong username or password (the same answer for both).
    WrongCredentials,
    /// 403: signed in, but this is not theirs to see or do.
    Forbidden,
    /// 404, with what was not found.
    NotFound(&'static str),
    /// 409: clashes with existing data.
    Conflict(String),
    /// 422: fields that break a rule, each with its message.
    Invalid(Vec<FieldError>),
    /// 400: a request that cannot be read.
    BadRequest(String),
    /// 413: an upload over the size cap (the message says the cap).
    PayloadTooLarge(String),
    /// 415: not JSON.
    UnsupportedMediaType,
    /// 429: too many failed logins; retry after this many seconds.
    TooManyRequests(u64),
    /// 500: logged with its cause.
    Internal(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl AppError {
    pub fn field(field: &str, message: impl Into<String>) -> AppError {
        AppError::Invalid(vec![FieldError {
            field: field.into(),
            message: message.into(),
        }])
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthenticated | AppError::WrongCredentials => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "unauthenticated",
            AppError::WrongCredentials => "wrong_credentials",
            AppError::Forbidden => "forbidden",
            AppError::NotFound(_) => "not_found",
            AppError::Conflict(_) => "conflict",
            AppError::Invalid(_) => "invalid",
            AppError::BadRequest(_) => "bad_request",
            AppError::PayloadTooLarge(_) => "payload_too_large",
            AppError::UnsupportedMediaType => "unsupported_media_type",
            AppError::TooManyRequests(_) => "too_many_requests",
            AppError::Internal(_) => "internal",
        }
    }

    /// The message for users, in Bahasa Indonesia.
    pub fn message(&self) -> String {
        match self {
            AppError::Unauthenticated => "Silakan masuk terlebih dahulu.".into(),
            AppError::WrongCredentials => "Nama pengguna atau kata sandi salah.".into(),
            AppError::Forbidden => "Anda tidak memiliki hak akses untuk tindakan ini.".into(),
            AppError::NotFound(what) => format!("{what} tidak ditemukan."),
            AppError::Conflict(m) | AppError::BadRequest(m) | AppError::PayloadTooLarge(m) => {
                capitalise(m)
            }
            AppError::Invalid(fields) => {
                let parts: Vec<&str> = fields.iter().map(|f| f.message.as_str()).collect();
                format!("Data belum benar: {}", parts.join("; "))
            }
            AppError::UnsupportedMediaType => {
                "Permintaan harus berupa JSON (Content-Type: application/json).".into()
            }
            AppError::TooManyRequests(secs) => format!(
                "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {} menit.",
                secs.div_ceil(60)
            ),
            AppError::Internal(_) => {
                "Terjadi kesalahan pada server. Silakan coba lagi atau hubungi admin.".into()
            }
        }
    }

    pub fn fields(&self) -> &[FieldError] {
        match self {
            AppError::Invalid(fields) => fields,
            _ => &[],
        }
    }

    /// Logs internal causes; everything else is the user's business, not a server fault.
    pub fn log(&self) {
        if let AppError::Internal(cause) = self {
            tracing::error!(%cause, "internal error");
        }
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    out.push_str(chars.as_str());
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => AppError::NotFound("Data"),
            StoreError::Conflict(m) => AppError::Conflict(m),
            StoreError::Invalid(m) => AppError::BadRequest(m),
            StoreError::Database(e) => AppError::Internal(e.to_string()),
        }
    }
}

/// The JSON error body of the API.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// Machine-readable: `unauthenticated`, `wrong_credentials`, `forbidden`, `not_found`, `conflict`, `invalid`,
    /// `bad_request`, `payload_too_large`, `unsupported_media_type`, `too_many_requests`,
    /// `internal`.
    pub code: &'static str,
    /// For people, in Bahasa Indonesia.
    pub message: String,
    /// For `invalid`: the fields and what is wrong with each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        let body = ErrorBody {
            code: self.code(),
            message: self.message(),
            fields: self.fields().to_vec(),
        };
        let mut response = (self.status(), Json(body)).into_response();
        if let AppError::TooManyRequests(secs) = self
            && let Ok(value) = HeaderValue::from_str(&secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}
