//! The user's notifications: the list (newest first, with the unread count in the navigation
//! bar) and marking them read.

mod pages;

use axum::Router;
use axum::routing::{get, post};
use padu_app::App;

use crate::kit::feature::Feature;
use crate::kit::layout::{NavEntry, Section};

pub const NOTIFICATIONS: Section = Section("notifikasi");

pub const FEATURE: Feature = Feature {
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

fn pages() -> Router<App> {
    Router::new()
        .route("/notifikasi", get(pages::list))
        .route("/notifikasi/dibaca", post(pages::mark_read))
}
