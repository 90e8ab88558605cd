//! The Beranda (`/`): what each role opens every morning. It reads every feature before it
//! and is listed last.

mod pages;

use axum::Router;
use axum::routing::get;
use padu_app::App;

use crate::kit::feature::Feature;

pub const FEATURE: Feature = Feature {
    pages,
    ..Feature::named("beranda")
};

fn pages() -> Router<App> {
    Router::new().route("/", get(pages::home))
}
