//! Pembinaan: the overview of a province's kabupaten/kota (or the country's provinces) for a
//! year, with its export (XLSX and PDF), and the recommendations a province writes to its members and they
//! follow up.

pub mod api;
mod export;
pub(crate) mod overview_page;
pub(crate) mod recommendations_page;

use axum::Router;
use axum::routing::{get, post};
use padu_app::App;
use padu_core::access::{Action, InstansiKind};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::kit::feature::{Feature, Limits};
use crate::kit::layout::{NavContext, NavEntry, Section};

pub const OVERVIEW: Section = Section("ikhtisar");
pub const RECOMMENDATIONS: Section = Section("rekomendasi");

pub const FEATURE: Feature = Feature {
    api,
    pages,
    nav: &[NavEntry {
        order: 35,
        section: RECOMMENDATIONS,
        label: "rekomendasi.nav",
        href: |nav: &NavContext<'_>| {
            nav.own
                .filter(|i| matches!(i.kind, InstansiKind::Kabupaten | InstansiKind::Kota))
                .filter(|_| nav.may(Action::ViewRecommendations))
                .map(|i| format!("/instansi/{}/rekomendasi", i.id))
        },
        unread_badge: false,
    }],
    banners: &[
        ("rekomendasi-dikirim", "rekomendasi.dikirim"),
        ("rekomendasi-ditindaklanjuti", "rekomendasi.ditindaklanjuti"),
    ],
    ..Feature::named("pembinaan")
};

fn api(_: Limits) -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(api::overview))
        .routes(routes!(api::overview_xlsx))
        .routes(routes!(api::overview_pdf))
        .routes(routes!(
            api::list_recommendations,
            api::create_recommendation
        ))
        .routes(routes!(api::follow_up))
}

fn pages() -> Router<App> {
    Router::new()
        .route("/instansi/{id}/ikhtisar", get(overview_page::show))
        .route("/instansi/{id}/ikhtisar.xlsx", get(export::xlsx_page))
        .route("/instansi/{id}/ikhtisar.pdf", get(export::pdf_page))
        .route(
            "/instansi/{id}/rekomendasi",
            get(recommendations_page::list).post(recommendations_page::create),
        )
        .route(
            "/rekomendasi/{id}/tindak-lanjut",
            post(recommendations_page::follow_up),
        )
}
