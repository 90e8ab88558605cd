//! The public portal of digital services (Portal layanan digital terpadu): per instansi, the
//! layanan it published, for anyone and without signing in (`/portal/{slug}`, one service at
//! `/portal/{slug}/layanan/{id}`), and the same as JSON for a national portal to harvest
//! (`GET /api/v1/public/instansi/{id}/services`, no token). Sets no cookie.

pub mod api;
pub(crate) mod pages;

use axum::Router;
use axum::routing::get;
use padu_app::App;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::kit::feature::{Feature, Limits};

pub const FEATURE: Feature = Feature {
    api,
    pages,
    ..Feature::named("portal")
};

fn api(_: Limits) -> OpenApiRouter<App> {
    OpenApiRouter::new().routes(routes!(api::services))
}

fn pages() -> Router<App> {
    Router::new()
        .route("/portal/{slug}", get(pages::portal))
        .route("/portal/{slug}/layanan/{id}", get(pages::service))
}

/// The address of an instansi's public portal.
pub fn portal_href(slug: &str) -> String {
    format!("/portal/{slug}")
}
