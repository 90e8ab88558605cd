//! Arsitektur SPBE: an instansi's architecture per domain, one item with its fields, links and
//! verification, the form that enters it, and the computed gaps, counts and overlapping
//! applications, and the ArchiMate exchange document; with the API behind all of it.

pub mod api;
pub mod api_analysis;
pub mod api_consolidation;
pub mod exchange;
pub(crate) mod form_page;
pub(crate) mod item_page;
pub(crate) mod pages;

use axum::Router;
use axum::routing::{get, post};
use padu_app::App;
use padu_core::access::Action;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::kit::feature::{Feature, Limits};
use crate::kit::layout::{NavContext, NavEntry, Section};

pub const SECTION: Section = Section("arsitektur");

pub const FEATURE: Feature = Feature {
    api,
    pages,
    nav: &[NavEntry {
        order: 33,
        section: SECTION,
        label: "arsitektur.nav",
        href: |nav: &NavContext<'_>| {
            nav.own
                .filter(|_| nav.may(Action::ViewArchitecture))
                .map(|i| format!("/instansi/{}/arsitektur", i.id))
        },
        unread_badge: false,
    }],
    banners: &[
        ("arsitektur-disimpan", "arsitektur.disimpan"),
        ("arsitektur-tautan", "arsitektur.tautan_disimpan"),
        ("arsitektur-diajukan", "arsitektur.diajukan"),
        ("arsitektur-diverifikasi", "arsitektur.diverifikasi"),
        ("arsitektur-dikembalikan", "arsitektur.dikembalikan"),
        ("arsitektur-dihapus", "arsitektur.dihapus"),
    ],
    ..Feature::named("arsitektur")
};

fn api(_: Limits) -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(api::list_items, api::create_item))
        .routes(routes!(api::get_item, api::update_item, api::delete_item))
        .routes(routes!(api::set_links))
        .routes(routes!(api::submit))
        .routes(routes!(api::verify))
        .routes(routes!(api::return_item))
        .routes(routes!(api_analysis::gaps))
        .routes(routes!(api_analysis::summary))
        .routes(routes!(api_analysis::overlaps))
        .routes(routes!(exchange::archimate))
        .routes(routes!(api_consolidation::groups))
        .routes(routes!(api_consolidation::decide))
}

fn pages() -> Router<App> {
    Router::new()
        .route("/instansi/{id}/arsitektur", get(pages::list))
        .route(
            "/instansi/{id}/arsitektur/baru",
            get(form_page::new_form).post(form_page::create),
        )
        .route("/instansi/{id}/arsitektur/kesenjangan", get(pages::gaps))
        .route(
            "/instansi/{id}/arsitektur/archimate.xml",
            get(exchange::archimate_page),
        )
        .route("/arsitektur/item/{id}", get(item_page::show))
        .route(
            "/arsitektur/item/{id}/ubah",
            get(form_page::edit_form).post(form_page::update),
        )
        .route("/arsitektur/item/{id}/tautan", post(item_page::links))
        .route("/arsitektur/item/{id}/ajukan", post(item_page::submit))
        .route("/arsitektur/item/{id}/verifikasi", post(item_page::verify))
        .route(
            "/arsitektur/item/{id}/kembalikan",
            post(item_page::return_item),
        )
        .route("/arsitektur/item/{id}/terbit", post(item_page::publish))
        .route("/arsitektur/item/{id}/hapus", post(item_page::delete))
}
