//! The audit log's page: the entries of the instansi the reader may audit, filtered and paged.

mod pages;

use axum::Router;
use axum::routing::get;
use padu_app::App;
use padu_core::access::Action;

use crate::kit::feature::Feature;
use crate::kit::layout::{NavContext, NavEntry, Section};

pub const AUDIT: Section = Section("audit");

pub const FEATURE: Feature = Feature {
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

fn pages() -> Router<App> {
    Router::new().route("/audit", get(pages::list))
}
