//! The target planner's page: from the index a Pemda must reach, the cheapest set of indicator
//! levels, what-if changes, and accepting a plan as action items.

mod pages;

use axum::Router;
use axum::routing::{get, post};
use padu_app::App;

use crate::kit::feature::Feature;

pub const FEATURE: Feature = Feature {
    pages,
    banners: &[("rencana-diterima", "rencana.diterima")],
    ..Feature::named("planner")
};

fn pages() -> Router<App> {
    Router::new()
        .route(
            "/periode/{id}/rencana",
            get(pages::show).post(pages::compute),
        )
        .route("/periode/{id}/rencana/bagaimana-jika", post(pages::what_if))
        .route("/periode/{id}/rencana/terima", post(pages::accept))
}
