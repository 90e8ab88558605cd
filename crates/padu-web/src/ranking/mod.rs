//! Rankings: the national ranking and a province's, from the exact index of each instansi, as
//! pages and in the API.

mod api;
mod pages;

use axum::Router;
use axum::routing::get;
use padu_app::App;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::kit::feature::{Feature, Limits};

pub const FEATURE: Feature = Feature {
    api,
    pages,
    ..Feature::named("ranking")
};

fn api(_: Limits) -> OpenApiRouter<App> {
    OpenApiRouter::new().routes(routes!(api::rankings))
}

fn pages() -> Router<App> {
    Router::new()
        .route("/peringkat", get(pages::national))
        .route("/instansi/{id}/peringkat", get(pages::province))
}
