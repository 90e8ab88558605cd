//! The target planner's page and API: from the index a Pemda must reach, the cheapest set of
//! indicator levels, what-if changes, accepting a plan as action items, and moving those items
//! between `rencana`, `berjalan`, `selesai` and `batal`.

pub(crate) mod api;
mod pages;

use axum::Router;
use axum::routing::{get, post};
use padu_app::App;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::kit::feature::{Feature, Limits};

pub const FEATURE: Feature = Feature {
    api,
    pages,
    banners: &[
        ("rencana-diterima", "rencana.diterima"),
        ("aksi-diubah", "rencana.aksi_diubah"),
    ],
    ..Feature::named("planner")
};

fn api(_: Limits) -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(api::compute_plan))
        .routes(routes!(api::accept_plan))
        .routes(routes!(api::list_action_items))
        .routes(routes!(api::set_action_status))
}

fn pages() -> Router<App> {
    Router::new()
        .route(
            "/periode/{id}/rencana",
            get(pages::show).post(pages::compute),
        )
        .route("/periode/{id}/rencana/bagaimana-jika", post(pages::what_if))
        .route("/periode/{id}/rencana/terima", post(pages::accept))
        .route("/rencana-aksi/{id}/status", post(pages::set_status))
}
