//! Peta Rencana SPBE: an instansi's roadmaps, one roadmap with its items per OPD, the budget
//! per year and OPD, a timeline per OPD or per indicator, the document as PDF, one item with
//! its semester realisation, the forms that add a roadmap, an item and a report and the one
//! that changes an item; with the API behind all of it.

pub mod api;
pub mod api_document;
pub mod api_items;
pub mod api_thread;
pub(crate) mod edit_page;
pub(crate) mod iku_page;
pub(crate) mod item_page;
pub(crate) mod pages;
pub(crate) mod roadmap_forms;

use axum::Router;
use axum::routing::{get, post};
use padu_app::App;
use padu_core::access::Action;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::kit::feature::{Feature, Limits};
use crate::kit::layout::{NavContext, NavEntry, Section};

pub const SECTION: Section = Section("peta_rencana");

pub const FEATURE: Feature = Feature {
    api,
    pages,
    nav: &[NavEntry {
        order: 34,
        section: SECTION,
        label: "peta_rencana.nav",
        href: |nav: &NavContext<'_>| {
            nav.own
                .filter(|_| nav.may(Action::ViewRoadmap))
                .map(|i| format!("/instansi/{}/peta-rencana", i.id))
        },
        unread_badge: false,
    }],
    banners: &[
        ("peta-rencana-dibuat", "peta_rencana.dibuat"),
        ("peta-rencana-item", "peta_rencana.item_disimpan"),
        ("peta-rencana-realisasi", "peta_rencana.realisasi_disimpan"),
        ("peta-rencana-aksi", "peta_rencana.aksi_disimpan"),
        ("peta-rencana-ditetapkan", "peta_rencana.ditetapkan_pesan"),
        ("peta-rencana-direviu", "peta_rencana.direviu_pesan"),
        ("peta-rencana-iku", "peta_rencana.iku_disimpan"),
    ],
    ..Feature::named("peta_rencana")
};

fn api(_: Limits) -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(api::list_roadmaps, api::create_roadmap))
        .routes(routes!(api::get_roadmap, api::update_roadmap))
        .routes(routes!(api::enact))
        .routes(routes!(api::review))
        .routes(routes!(api_items::list_items, api_items::create_item))
        .routes(routes!(
            api_items::get_item,
            api_items::update_item,
            api_items::delete_item
        ))
        .routes(routes!(api_items::report))
        .routes(routes!(api_thread::attach))
        .routes(routes!(api_thread::item_actions))
        .routes(routes!(api_thread::get_iku, api_thread::set_iku))
        .routes(routes!(api_thread::get_monitoring))
        .routes(routes!(api_document::get_roadmap_budget))
        .routes(routes!(api_document::get_roadmap_document))
}

fn pages() -> Router<App> {
    Router::new()
        .route(
            "/instansi/{id}/peta-rencana",
            get(pages::list).post(pages::create),
        )
        .route("/peta-rencana/{id}", get(pages::show))
        .route("/peta-rencana/{id}/dokumen.pdf", get(pages::document))
        .route("/peta-rencana/{id}/item", post(pages::add_item))
        .route("/peta-rencana/{id}/tetapkan", post(roadmap_forms::enact))
        .route("/peta-rencana/{id}/reviu", post(roadmap_forms::review))
        .route("/peta-rencana/item/{id}", get(item_page::item))
        .route("/peta-rencana/item/{id}/realisasi", post(item_page::report))
        .route(
            "/peta-rencana/item/{id}/ubah",
            get(edit_page::form).post(edit_page::save),
        )
        .route(
            "/peta-rencana/item/{id}/rencana-aksi",
            post(item_page::attach),
        )
        .route("/instansi/{id}/iku", post(iku_page::set))
}
