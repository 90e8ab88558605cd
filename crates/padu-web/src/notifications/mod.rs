//! The user's notifications: the list (newest first, with the unread count in the navigation
//! bar) and marking them read, on the pages and in the JSON API.

mod api;
mod pages;

use axum::Router;
use axum::routing::{get, post};
use padu_app::App;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::kit::feature::{Feature, Limits};
use crate::kit::layout::{NavEntry, Section};

pub const NOTIFICATIONS: Section = Section("notifikasi");

pub const FEATURE: Feature = Feature {
    api,
    pages,
    nav: &[NavEntry {
        order: 60,
        section: NOTIFICATIONS,
        label: "notifikasi.nav",
        href: |_| Some("/notifikasi".into()),
        unread_badge: true,
    }],
    banners: &[("notifikasi-dibaca", "notifikasi.semua_dibaca")],
    ..Feature::named("notifications")
};

fn api(_: Limits) -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(api::list))
        .routes(routes!(api::mark_all_read))
        .routes(routes!(api::mark_read))
}

fn pages() -> Router<App> {
    Router::new()
        .route("/notifikasi", get(pages::list))
        .route("/notifikasi/dibaca", post(pages::mark_read))
}
