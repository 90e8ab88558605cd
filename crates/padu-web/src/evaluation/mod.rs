//! The evaluation cycle's pages and API: an instansi's periods, a period's dashboard (the live
//! index), the OPD task list, assignment of indicators to OPDs, the indicator pages (work,
//! evidence, review, final values), and the JSON endpoints for all of it.

mod api;
pub(crate) mod api_evidence;
mod api_indicator;
mod api_period;
mod api_reuse;
mod assignment;
pub(crate) mod dashboard;
pub(crate) mod indicator;
mod period;
pub(crate) mod plan_section;
mod tasks;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use padu_app::App;
use padu_core::access::Action;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::kit::feature::{Feature, Limits};
use crate::kit::layout::{NavContext, NavEntry, Section};

pub const PERIODS: Section = Section("periode");

pub const FEATURE: Feature = Feature {
    api,
    pages,
    nav: &[NavEntry {
        order: 30,
        section: PERIODS,
        label: "periode.nav",
        href: |nav: &NavContext<'_>| {
            nav.own
                .filter(|_| nav.may(Action::ViewInstansi))
                .map(|i| format!("/instansi/{}/periode", i.id))
        },
        unread_badge: false,
    }],
    banners: &[("periode-dibuka", "periode.dibuka")],
    ..Feature::named("evaluation")
};

fn api(limits: Limits) -> OpenApiRouter<App> {
    // Uploads get their own body limit (the file store's cap plus room for the form fields);
    // the cap itself is enforced, with a clear message, while streaming.
    let uploads = OpenApiRouter::new()
        .routes(routes!(api_evidence::upload))
        .layer(DefaultBodyLimit::max(
            limits.max_upload_bytes.saturating_add(1024 * 1024),
        ));
    OpenApiRouter::new()
        .routes(routes!(api::create_period, api::list_periods))
        .routes(routes!(api_period::get_period, api_period::patch_period))
        .routes(routes!(api_period::close_period))
        .routes(routes!(api::list_indicators))
        .routes(routes!(api::put_assignment))
        .routes(routes!(api::apply_default))
        .routes(routes!(api::patch_indicator, api_indicator::detail))
        .routes(routes!(api_indicator::comments, api_indicator::add_comment))
        .routes(routes!(api_reuse::link))
        .routes(routes!(api_reuse::search))
        .routes(routes!(api::submit))
        .routes(routes!(api::return_indicator))
        .routes(routes!(api::accept))
        .routes(routes!(api::set_final))
        .routes(routes!(api::set_external))
        .routes(routes!(api::score))
        .routes(routes!(api_evidence::content))
        .merge(uploads)
}

fn pages() -> Router<App> {
    use indicator as ind;
    let indicator = "/periode/{id}/indikator/{number}";
    Router::new()
        .route(
            "/instansi/{id}/periode",
            get(period::list).post(period::create),
        )
        .route("/periode/{id}", get(dashboard::show))
        .route("/periode/{id}/tugas", get(tasks::list))
        .route("/periode/{id}/penugasan", get(assignment::page))
        .route(
            "/periode/{id}/penugasan/bawaan",
            post(assignment::apply_default),
        )
        .route(
            "/periode/{id}/penugasan/{number}",
            post(assignment::save_row),
        )
        .route(indicator, get(ind::show).post(ind::save_work))
        .route(
            &format!("{indicator}/ajukan"),
            get(ind::check).post(ind::submit),
        )
        .route(
            &format!("{indicator}/bukti"),
            post(ind::upload).layer(DefaultBodyLimit::disable()),
        )
        .route(&format!("{indicator}/bukti/tautkan"), post(ind::link))
        .route(
            &format!("{indicator}/bukti/{{link}}/tinjau"),
            post(ind::verdict),
        )
        .route(
            &format!("{indicator}/kembalikan"),
            post(ind::return_indicator),
        )
        .route(&format!("{indicator}/terima"), post(ind::accept))
        .route(&format!("{indicator}/final"), post(ind::set_final))
        .route(&format!("{indicator}/eksternal"), post(ind::set_external))
        .route(&format!("{indicator}/komentar"), post(ind::comment))
}
