//! The descriptor each feature registers itself with: its API routes with their OpenAPI paths,
//! its page routes, its entries in the navigation bar and the success banners its redirects
//! ask for. The crate root lists the features once; the kit reads the list, never a feature.

use std::sync::OnceLock;

use axum::Router;
use padu_app::App;
use utoipa_axum::router::OpenApiRouter;

use crate::kit::layout::NavEntry;

/// Limits the API routes are built with.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The largest evidence file (uploads get their own body limit just above it).
    pub max_upload_bytes: usize,
}

#[derive(Debug)]
pub struct Feature {
    pub name: &'static str,
    /// Its JSON API under `/api/v1`, each route with its OpenAPI path.
    pub api: fn(Limits) -> OpenApiRouter<App>,
    /// Its pages.
    pub pages: fn() -> Router<App>,
    /// Its entries in the navigation bar.
    pub nav: &'static [NavEntry],
    /// The banners its redirects ask for with `?pesan=CODE`: the code and the locale key of
    /// the text.
    pub banners: &'static [(&'static str, &'static str)],
}

impl Feature {
    /// A feature with nothing yet: fill in what it has.
    pub const fn named(name: &'static str) -> Feature {
        Feature {
            name,
            api: |_| OpenApiRouter::new(),
            pages: Router::new,
            nav: &[],
            banners: &[],
        }
    }
}

static FEATURES: OnceLock<&'static [Feature]> = OnceLock::new();

/// Makes `features` the ones the layout draws its navigation and banners from (the first call
/// wins: every router of a process is built from the same list).
pub fn register(features: &'static [Feature]) {
    let _ = FEATURES.set(features);
}

/// The registered features (none before [`register`]).
pub fn registered() -> &'static [Feature] {
    FEATURES.get().copied().unwrap_or(&[])
}
