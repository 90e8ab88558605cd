//! The application's one error type. Every use case returns it; the web layer turns it into a
//! JSON error or an error page with the right status, the command line into a message. Internal
//! causes are logged, never shown.

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

    /// A `NotFound` of whatever the record sits in (its period, its instansi) answered as a
    /// `NotFound` of the record itself: the same words as for an id that does not exist.
    pub fn not_found_as(self, what: &'static str) -> AppError {
        match self {
            AppError::NotFound(_) => AppError::NotFound(what),
            other => other,
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
                sentence(m)
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

/// `text` as a sentence: capital first letter, full stop at the end.
fn sentence(text: &str) -> String {
    let mut out = crate::kit::text::capitalise(text);
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
