//! Who is calling: a bearer token (scripts) or the session cookie (browsers).

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};

use padu_app::{AppError, Caller, users};

use crate::kit::error::ApiError;

/// The browser session's cookie.
pub const SESSION_COOKIE: &str = "padu_sesi";
use padu_app::App;

/// The value of one cookie.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The bearer token, when the request carries one.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
}

/// The client's address, for login throttling.
pub fn client_address(parts: &Parts) -> String {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "tidak-diketahui".to_string(), |c| c.0.ip().to_string())
}

/// The client's address as an extractor (never fails; "tidak-diketahui" without one).
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(client_address(parts)))
    }
}

/// Resolves the caller. A bearer token that does not match is an error, not a fall-back to the
/// cookie, so a script with a stale token learns it at once.
pub async fn resolve(parts: &Parts, state: &App) -> Result<Option<Caller>, AppError> {
    if let Some(token) = bearer(&parts.headers) {
        return users::caller_for_token(state, token).await.map(Some);
    }
    let Some(secret) = cookie(&parts.headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    users::caller_for_session(state, secret).await
}

/// The caller of an API request: 401 JSON when nobody is signed in.
#[derive(Debug, Clone)]
pub struct ApiCaller(pub Caller);

impl FromRequestParts<App> for ApiCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &App) -> Result<Self, ApiError> {
        Ok(resolve(parts, state)
            .await?
            .map(ApiCaller)
            .ok_or(AppError::Unauthenticated)?)
    }
}

/// The caller of a page: a redirect to the login page when nobody is signed in.
#[derive(Debug, Clone)]
pub struct PageCaller(pub Caller);

impl FromRequestParts<App> for PageCaller {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &App) -> Result<Self, Response> {
        match resolve(parts, state).await {
            Ok(Some(caller)) => Ok(PageCaller(caller)),
            Ok(None) | Err(AppError::Unauthenticated) => {
                let here = parts
                    .extensions
                    .get::<OriginalUri>()
                    .map_or_else(|| parts.uri.path().to_string(), |u| u.0.path().to_string());
                let target = if here == "/" {
                    "/masuk".to_string()
                } else {
                    format!("/masuk?lanjut={}", crate::kit::page::encode_query(&here))
                };
                Err(Redirect::to(&target).into_response())
            }
            Err(e) => Err(crate::kit::page::error_page(
                &e,
                crate::kit::i18n::lang_of(&parts.headers),
            )),
        }
    }
}
