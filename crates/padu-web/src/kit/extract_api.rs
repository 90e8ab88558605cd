//! Extractors whose rejections are the API's JSON errors, not axum's plain text.

use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use serde::de::DeserializeOwned;

use padu_app::AppError;

use crate::kit::error::ApiError;
use crate::kit::json_body;

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
        if !json_content_type(req.headers()) {
            return Err(AppError::UnsupportedMediaType);
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|_| {
                AppError::BadRequest(
                    "badan permintaan terlalu besar atau tidak dapat dibaca".into(),
                )
            })?;
        json_body::parse(&bytes).map(ApiJson)
    }
}

/// `application/json`, or a type of the JSON family such as `application/merge-patch+json`.
fn json_content_type(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
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
            Err(e) => {
                let text = e.body_text();
                let said = json_body::explain("", text.rsplit(": ").next().unwrap_or(""));
                let message = if said.field == json_body::BODY {
                    format!("parameter kueri tidak dapat dibaca: {}", said.message)
                } else {
                    format!("parameter kueri {}: {}", said.field, said.message)
                };
                Err(AppError::BadRequest(message).into())
            }
        }
    }
}
