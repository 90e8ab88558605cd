//! Model Referensi: the reference models of the Arsitektur SPBE as browsable trees (a page per
//! model, each level opened in place with htmx or by a plain link) and in the JSON API.

mod api;
mod pages;

use axum::Router;
use axum::routing::get;
use padu_app::App;
use padu_core::access::Action;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::kit::feature::{Feature, Limits};
use crate::kit::layout::{NavContext, NavEntry, Section};

pub const REFERENCE_MODELS: Section = Section("model-referensi");

pub const FEATURE: Feature = Feature {
    api,
    pages,
    nav: &[NavEntry {
        // beside the periods, where the instruments are reached
        order: 32,
        section: REFERENCE_MODELS,
        label: "model_referensi.nav",
        href: |nav: &NavContext<'_>| {
            nav.may(Action::ReadReferenceModel)
                .then(|| "/model-referensi".into())
        },
        unread_badge: false,
    }],
    ..Feature::named("model_referensi")
};

fn api(_: Limits) -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(api::reference_models))
        .routes(routes!(api::reference_nodes))
}

fn pages() -> Router<App> {
    Router::new()
        .route("/model-referensi", get(pages::list))
        .route("/model-referensi/{model}", get(pages::tree))
        .route("/model-referensi/{model}/anak", get(pages::children))
}
