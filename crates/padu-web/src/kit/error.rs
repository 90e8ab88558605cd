//! The application's errors on their way out of the JSON API: JSON `{"code", "message"}` (plus
//! `fields` for 422) with the right status. Pages render the same errors as an HTML page
//! (`kit::page::error_page`).

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use padu_app::{AppError, FieldError};
use padu_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

/// The HTTP status of an application error.
pub fn status(err: &AppError) -> StatusCode {
    match err {
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

/// An application error answered as JSON: what API handlers and extractors return.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(err: AppError) -> Self {
        ApiError(err)
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        ApiError(err.into())
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

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let err = self.0;
        err.log();
        let body = ErrorBody {
            code: err.code(),
            message: err.message(),
            fields: err.fields().to_vec(),
        };
        let mut response = (status(&err), Json(body)).into_response();
        if let AppError::TooManyRequests(secs) = err
            && let Ok(value) = HeaderValue::from_str(&secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}

// The id of a record the API just made (no doc comment: it would change the OpenAPI document).
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedId {
    pub id: i64,
}
