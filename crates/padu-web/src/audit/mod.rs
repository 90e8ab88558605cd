//! The audit log's page and its JSON endpoint: the entries of the instansi the reader may audit,
//! filtered and paged.

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

pub const AUDIT: Section = Section("audit");

pub const FEATURE: Feature = Feature {
    api,
    pages,
    nav: &[NavEntry {
        order: 50,
        section: AUDIT,
        label: "nav.audit",
        href: |nav: &NavContext<'_>| nav.may(Action::ViewAudit).then(|| "/audit".into()),
        unread_badge: false,
    }],
    ..Feature::named("audit")
};

fn api(_: Limits) -> OpenApiRouter<App> {
    OpenApiRouter::new().routes(routes!(api::list))
}

fn pages() -> Router<App> {
    Router::new().route("/audit", get(pages::list))
}
