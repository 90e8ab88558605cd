//! Reports and data exchange: the report page with its downloads (PDF report, Excel worksheet,
//! action plan) and imports (the worksheet back, the ministry's official result), and the same
//! in the API. The documents are made in `padu-app`'s `reports`.

pub(crate) mod api;
mod pages;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use padu_app::App;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::kit::feature::{Feature, Limits};

pub const FEATURE: Feature = Feature {
    api,
    pages,
    banners: &[
        ("lembar-kerja-diterapkan", "laporan.lk_diterapkan"),
        ("hasil-resmi-diterapkan", "laporan.hr_diterapkan"),
    ],
    ..Feature::named("reports")
};

/// Documents of a period and the imports (the importer refuses files over its own cap with a
/// clear message; the body limit sits just above it).
fn api(_: Limits) -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(api::report_pdf))
        .routes(routes!(api::worksheet_xlsx))
        .routes(routes!(api::action_plan_xlsx))
        .routes(routes!(api::action_plan_pdf))
        .routes(routes!(api::import_worksheet))
        .routes(routes!(api::import_official))
        .layer(DefaultBodyLimit::max(
            padu_reports::xlsx::MAX_UPLOAD_BYTES + 1024 * 1024,
        ))
}

fn pages() -> Router<App> {
    Router::new()
        .route("/periode/{id}/laporan", get(pages::page))
        .route("/periode/{id}/unduh/{doc}", get(pages::download))
        .route(
            "/periode/{id}/impor/lembar-kerja",
            // the handler reads at most the importer's cap and says so past it
            post(pages::upload_worksheet).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/periode/{id}/impor/lembar-kerja/terapkan",
            post(pages::apply_worksheet),
        )
        .route(
            "/periode/{id}/impor/hasil-resmi",
            post(pages::upload_official).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/periode/{id}/impor/hasil-resmi/terapkan",
            post(pages::apply_official),
        )
}
