//! What every page shares beyond the layout: the error page in the user's language, the 404 of
//! unknown addresses, and query-string encoding.

use askama::Template;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use padu_app::AppError;
use padu_app::kit::i18n::{Lang, Tr};

use crate::kit::error::status;
use crate::kit::layout::{Shell, no_store};

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

/// Any address no route knows: the 404 page in the user's language.
pub async fn not_found(headers: HeaderMap) -> Response {
    error_page(
        &AppError::NotFound("Halaman"),
        crate::kit::i18n::lang_of(&headers),
    )
}

#[derive(Template)]
#[template(path = "kit/templates/error.html")]
struct ErrorPage {
    tr: Tr,
    shell: Shell,
    title: &'static str,
    message: String,
}

/// An error as a page, in the user's language.
pub fn error_page(err: &AppError, lang: Lang) -> Response {
    err.log();
    let tr = Tr::new(lang);
    let (title, english) = match err {
        AppError::Forbidden => (tr.t("error.forbidden"), tr.t("error.forbidden_text")),
        AppError::NotFound(_) => (tr.t("error.not_found"), tr.t("error.not_found_text")),
        AppError::Unauthenticated => (tr.t("error.title"), tr.t("error.unauthenticated_text")),
        AppError::Internal(_) => (tr.t("error.title"), tr.t("error.internal_text")),
        AppError::TooManyRequests(_) => (tr.t("error.title"), tr.t("error.too_many_text")),
        _ => (tr.t("error.title"), ""),
    };
    // The service messages are Indonesian (and often more precise); English users get the
    // fixed text of the locale when there is one.
    let message = if lang == Lang::En && !english.is_empty() {
        english.to_string()
    } else {
        err.message()
    };
    let page = ErrorPage {
        tr,
        shell: Shell::anonymous(lang),
        title,
        message,
    };
    match page.render() {
        Ok(html) => (status(err), no_store(), Html(html)).into_response(),
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
