//! Rankings: the national ranking and a province's, from the exact index of each instansi.

mod pages;

use axum::Router;
use axum::routing::get;
use padu_app::App;

use crate::kit::feature::Feature;

pub const FEATURE: Feature = Feature {
    pages,
    ..Feature::named("ranking")
};

fn pages() -> Router<App> {
    Router::new()
        .route("/peringkat", get(pages::national))
        .route("/instansi/{id}/peringkat", get(pages::province))
}
