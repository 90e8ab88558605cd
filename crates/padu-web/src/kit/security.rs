//! Security headers and cross-site request forgery protection.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::kit::extract::{SESSION_COOKIE, bearer, cookie};
use padu_app::{App, AppError};

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; \
                   base-uri 'self'; object-src 'none'";

/// HSTS when the server is reached over https: one year, subdomains not included (another
/// service of the Pemda on a subdomain may still speak http), never preloaded.
const HSTS: &str = "max-age=31536000";

/// Before anything else of a page or API request (the caller's lookup too, anonymous pages
/// alike; not static files or the health checks, which read no cache): the read caches learn
/// what other instances committed (`App::catch_up`), so a write acknowledged anywhere is seen
/// here.
pub async fn catch_up(State(app): State<App>, request: Request, next: Next) -> Response {
    app.catch_up().await;
    next.run(request).await
}

/// Adds the security headers to every response. No inline script or style is ever needed.
///
/// A response that sets its own `Content-Security-Policy` keeps it (an evidence download is
/// sandboxed); one that says how it may be cached keeps that (static files); every other answer
/// to a request that carries credentials (a session cookie or a bearer token) is `no-store`,
/// so no shared or browser cache keeps what only its owner may read.
pub async fn headers(State(app): State<App>, request: Request, next: Next) -> Response {
    let credentials =
        cookie(request.headers(), SESSION_COOKIE).is_some() || bearer(request.headers()).is_some();
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(CSP));
    if credentials {
        h.entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("no-store"));
    }
    if app.settings.secure_cookies() {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// Refuses state-changing requests that a browser sent from another site. Browsers say where a
/// request comes from (`Sec-Fetch-Site`, or at least `Origin`); requests with a bearer token
/// carry no ambient credentials and need no check. Together with `SameSite=Lax` cookies this is
/// the CSRF defence: no token field is needed in forms.
pub async fn cross_site_guard(request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if safe || bearer(request.headers()).is_some() || same_site(&request) {
        return next.run(request).await;
    }
    tracing::warn!(path = %request.uri().path(), "cross-site request refused");
    let err = AppError::Forbidden;
    if request.uri().path().starts_with("/api/") {
        crate::kit::error::ApiError(err).into_response()
    } else {
        crate::kit::page::error_page(&err, crate::kit::i18n::lang_of(request.headers()))
    }
}

fn same_site(request: &Request) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        // Not a browser (or a very old one): there is no ambient-credential attack to stop.
        None => true,
        Some("null") => false,
        Some(origin) => {
            let host = headers
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            origin
                .split_once("://")
                .is_some_and(|(_, rest)| rest.trim_end_matches('/') == host)
        }
    }
}
