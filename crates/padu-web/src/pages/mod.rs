//! Server-rendered pages (askama templates, htmx for small updates). One module per page group.

use askama::Template;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
}

/// Percent-encodes a value for a query string.
pub fn encode_query(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    tr: Tr,
    status: u16,
    message: &'a str,
}

/// An error as a page, in the user's language for the fixed texts.
pub fn error_page(err: &AppError, lang: Lang) -> Response {
    err.log();
    let message = err.message();
    let page = ErrorPage {
        tr: Tr::new(lang),
        status: err.status().as_u16(),
        message: &message,
    };
    match page.render() {
        Ok(html) => (err.status(), Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "error page failed to render");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Terjadi kesalahan pada server.",
            )
                .into_response()
        }
    }
}
