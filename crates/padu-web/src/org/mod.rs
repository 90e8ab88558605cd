//! Organisations: an instansi's page, its OPDs (list, add, change), and the API
//! for instansi and OPDs.

mod api;
pub(crate) mod home;
mod pages;

use axum::Router;
use axum::routing::get;
use padu_app::App;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::kit::feature::{Feature, Limits};
use crate::kit::layout::{NavContext, NavEntry, Section};

pub const HOME: Section = Section("beranda");
pub const OPD: Section = Section("opd");

pub const FEATURE: Feature = Feature {
    api,
    pages,
    nav: &[
        NavEntry {
            order: 10,
            section: HOME,
            label: "nav.beranda",
            href: |_| Some("/".into()),
            unread_badge: false,
        },
        NavEntry {
            order: 20,
            section: OPD,
            label: "nav.opd",
            href: |nav: &NavContext<'_>| nav.own.map(|i| format!("/instansi/{}/opd", i.id)),
            unread_badge: false,
        },
    ],
    banners: &[
        ("opd-ditambah", "pesan.opd_ditambah"),
        ("opd-diubah", "pesan.opd_diubah"),
    ],
    ..Feature::named("org")
};

fn api(_: Limits) -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(api::list_instansi))
        .routes(routes!(api::list_opd, api::create_opd))
        .routes(routes!(api::update_opd))
}

fn pages() -> Router<App> {
    Router::new()
        .route("/instansi/{id}", get(home::instansi))
        .route("/instansi/{id}/opd", get(pages::list).post(pages::create))
        .route("/opd/{id}/ubah", get(pages::edit).post(pages::update))
}
