//! Extractors whose rejections are the API's JSON errors, not axum's plain text.

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use padu_app::AppError;

use crate::kit::error::ApiError;

/// A JSON body: 400 when it is not JSON, 415 without the JSON content type, 422 when a field
/// is missing or of the wrong type.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        Ok(Self::read(req, state).await?)
    }
}

impl<T: DeserializeOwned> ApiJson<T> {
    async fn read<S: Send + Sync>(req: Request, state: &S) -> Result<Self, AppError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(AppError::UnsupportedMediaType),
            Err(JsonRejection::JsonDataError(e)) => {
                Err(AppError::Invalid(vec![padu_app::FieldError {
                    field: "body".into(),
                    message: format!(
                        "isi JSON tidak sesuai: {}",
                        e.body_text().rsplit(": ").next().unwrap_or("")
                    ),
                }]))
            }
            Err(JsonRejection::BytesRejection(_)) => Err(AppError::BadRequest(
                "badan permintaan terlalu besar atau tidak dapat dibaca".into(),
            )),
            Err(_) => Err(AppError::BadRequest(
                "badan permintaan bukan JSON yang sah".into(),
            )),
        }
    }
}

/// Path parameters: 404 when an id is not a number (no such resource can exist).
#[derive(Debug)]
pub struct ApiPath<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiPath<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Send,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(ApiPath(value)),
            Err(PathRejection::FailedToDeserializePathParams(_)) => {
                Err(AppError::NotFound("Data").into())
            }
            Err(e) => Err(AppError::Internal(e.body_text()).into()),
        }
    }
}

/// Query parameters: 400 with a JSON error naming what could not be read.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Send,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(ApiQuery(value)),
            Err(e) => Err(AppError::BadRequest(format!(
                "parameter kueri tidak dapat dibaca: {}",
                e.body_text().rsplit(": ").next().unwrap_or("")
            ))
            .into()),
        }
    }
}
