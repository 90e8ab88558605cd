//! Server-rendered pages (askama templates, htmx for small updates). One module per page group;
//! `layout` holds what every page shares (the signed-in context, the header, banners), `form`
//! the error handling of forms and `format` Indonesian dates and numbers.

mod account;
mod assignment;
mod audit;
mod dashboard;
pub(crate) mod dashboard_period;
mod form;
pub(crate) mod format;
mod indicator;
mod lang;
mod layout;
mod login;
mod notifications;
mod opd;
mod period;
mod planner;
mod ranking;
mod reports;
mod tasks;
mod users;

use askama::Template;
use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};

use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use crate::state::AppState;
use layout::Shell;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/masuk", get(login::form).post(login::submit))
        .route("/keluar", post(login::logout))
        .route("/", get(dashboard::home))
        .route("/instansi/{id}", get(dashboard::instansi))
        .route("/instansi/{id}/peringkat", get(ranking::province))
        .route("/peringkat", get(ranking::national))
        .route("/instansi/{id}/opd", get(opd::list).post(opd::create))
        .route("/opd/{id}/ubah", get(opd::edit).post(opd::update))
        .route("/pengguna", get(users::list).post(users::create))
        .route("/pengguna/baru", get(users::new_form))
        .route("/audit", get(audit::list))
        .route("/akun", get(account::show).post(account::change_password))
        .route("/akun/email", post(account::save_email))
        .route("/bahasa/{code}", get(lang::switch))
        .route("/periode/{id}/tugas", get(tasks::list))
        .route(
            "/periode/{id}/rencana",
            get(planner::show).post(planner::compute),
        )
        .route(
            "/periode/{id}/rencana/bagaimana-jika",
            post(planner::what_if),
        )
        .route("/periode/{id}/rencana/terima", post(planner::accept))
        .route(
            "/instansi/{id}/periode",
            get(period::list).post(period::create),
        )
        .route("/periode/{id}", get(dashboard_period::show))
        .route("/notifikasi", get(notifications::list))
        .route("/notifikasi/dibaca", post(notifications::mark_read))
        .route("/periode/{id}/penugasan", get(assignment::page))
        .route(
            "/periode/{id}/penugasan/bawaan",
            post(assignment::apply_default),
        )
        .route(
            "/periode/{id}/penugasan/{number}",
            post(assignment::save_row),
        )
        .route(
            "/periode/{id}/indikator/{number}",
            get(indicator::show).post(indicator::save_work),
        )
        .route(
            "/periode/{id}/indikator/{number}/ajukan",
            get(indicator::check).post(indicator::submit),
        )
        .route(
            "/periode/{id}/indikator/{number}/bukti",
            post(indicator::upload).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route(
            "/periode/{id}/indikator/{number}/bukti/tautkan",
            post(indicator::link),
        )
        .route(
            "/periode/{id}/indikator/{number}/bukti/{link}/tinjau",
            post(indicator::verdict),
        )
        .route(
            "/periode/{id}/indikator/{number}/kembalikan",
            post(indicator::return_indicator),
        )
        .route(
            "/periode/{id}/indikator/{number}/terima",
            post(indicator::accept),
        )
        .route(
            "/periode/{id}/indikator/{number}/final",
            post(indicator::set_final),
        )
        .route(
            "/periode/{id}/indikator/{number}/eksternal",
            post(indicator::set_external),
        )
        .route(
            "/periode/{id}/indikator/{number}/komentar",
            post(indicator::comment),
        )
        .route("/periode/{id}/laporan", get(reports::page))
        .route("/periode/{id}/unduh/{doc}", get(reports::download))
        .route(
            "/periode/{id}/impor/lembar-kerja",
            // the handler reads at most the importer's cap and says so past it
            post(reports::upload_worksheet).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route(
            "/periode/{id}/impor/lembar-kerja/terapkan",
            post(reports::apply_worksheet),
        )
        .route(
            "/periode/{id}/impor/hasil-resmi",
            post(reports::upload_official).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route(
            "/periode/{id}/impor/hasil-resmi/terapkan",
            post(reports::apply_official),
        )
        .fallback(not_found)
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

/// Any address no route knows: the 404 page in the user's language.
async fn not_found(headers: HeaderMap) -> Response {
    error_page(&AppError::NotFound("Halaman"), Lang::from_headers(&headers))
}

#[derive(Template)]
#[template(path = "error.html")]
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
        Ok(html) => (err.status(), layout::no_store(), Html(html)).into_response(),
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
