//! The JSON API under `/api/v1`, described by OpenAPI at `/api/openapi.json`.

mod auth;
pub(crate) mod extract;
pub(crate) mod org;
mod users;

use axum::Json;
use axum::Router;
use axum::routing::get;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::AppError;
use crate::evaluation::api as ev;
use crate::evaluation::api_evidence as evidence;
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Padu API",
        description = "Padu: evaluasi SPBE dan Indeks Pemerintah Digital. Kirim token dari \
                       POST /api/v1/auth/token sebagai `Authorization: Bearer <token>`. \
                       Galat berbentuk {\"code\", \"message\"}.",
        license(name = "Apache-2.0")
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Masuk dan token API"),
        (name = "organisasi", description = "Instansi dan OPD"),
        (name = "pengguna", description = "Akun pengguna"),
        (name = "evaluasi", description = "Periode, indikator, bukti dukung, penilaian, indeks"),
        (name = "laporan", description = "Laporan PDF, lembar kerja Excel, impor hasil resmi"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "bearer",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
        }
    }
}

fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(auth::token))
        .routes(routes!(auth::me))
        .routes(routes!(org::list_instansi))
        .routes(routes!(org::list_opd, org::create_opd))
        .routes(routes!(org::update_opd))
        .routes(routes!(users::list_users, users::create_user))
        .routes(routes!(ev::create_period, ev::list_periods))
        .routes(routes!(ev::list_indicators))
        .routes(routes!(ev::put_assignment))
        .routes(routes!(ev::apply_default))
        .routes(routes!(ev::patch_indicator))
        .routes(routes!(ev::submit))
        .routes(routes!(ev::return_indicator))
        .routes(routes!(ev::accept))
        .routes(routes!(ev::set_final))
        .routes(routes!(ev::set_external))
        .routes(routes!(ev::score))
        .routes(routes!(evidence::content))
}

/// The OpenAPI document (served at `/api/openapi.json`, snapshot-tested).
pub fn openapi() -> utoipa::openapi::OpenApi {
    api_router()
        .merge(upload_router(0))
        .merge(report_router())
        .split_for_parts()
        .1
}

/// Uploads get their own body limit (the file store's cap plus room for the form fields); the
/// cap itself is enforced, with a clear message, while streaming.
fn upload_router(max_upload_bytes: usize) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(evidence::upload))
        .layer(axum::extract::DefaultBodyLimit::max(
            max_upload_bytes.saturating_add(1024 * 1024),
        ))
}

/// Documents of a period and the imports (the importer refuses files over its own cap with a
/// clear message; the body limit sits just above it).
fn report_router() -> OpenApiRouter<AppState> {
    use crate::reports::api as reports;
    OpenApiRouter::new()
        .routes(routes!(reports::report_pdf))
        .routes(routes!(reports::worksheet_xlsx))
        .routes(routes!(reports::action_plan_xlsx))
        .routes(routes!(reports::action_plan_pdf))
        .routes(routes!(reports::import_worksheet))
        .routes(routes!(reports::import_official))
        .layer(axum::extract::DefaultBodyLimit::max(
            padu_reports::xlsx::MAX_UPLOAD_BYTES + 1024 * 1024,
        ))
}

pub fn router(max_upload_bytes: usize) -> Router<AppState> {
    let (router, doc) = api_router()
        .merge(upload_router(max_upload_bytes))
        .merge(report_router())
        .split_for_parts();
    router
        .route("/api/openapi.json", get(move || async move { Json(doc) }))
        .route("/api/{*rest}", axum::routing::any(unknown))
        .route("/api", axum::routing::any(unknown))
}

async fn unknown() -> AppError {
    AppError::NotFound("Alamat API")
}
