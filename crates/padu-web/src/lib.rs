//! Padu's web server: the JSON API, the server-rendered pages, sign-in and the security layers,
//! over the application layer (`padu-app`).
//!
//! `kit` is what every page and handler shares and imports no feature. Each feature folder holds
//! its API handlers, page handlers and templates, and describes itself in one
//! [`kit::feature::Feature`]; [`FEATURES`] lists them once, in the order they may import each
//! other (a feature imports only those before it).

pub mod kit;

pub mod arsitektur;
pub mod audit;
pub mod beranda;
pub mod evaluation;
pub mod model_referensi;
pub mod notifications;
pub mod org;
pub mod pembinaan;
pub mod peta_rencana;
pub mod planner;
pub mod portal;
pub mod ranking;
pub mod reports;
pub mod satu_data;
pub mod users;

use std::future::Future;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::middleware;
use axum::routing::get;
use padu_app::App;
use tower_http::trace::TraceLayer;

use kit::feature::{Feature, Limits};

/// Every feature, once.
pub static FEATURES: [Feature; 15] = [
    org::FEATURE,
    users::FEATURE,
    audit::FEATURE,
    notifications::FEATURE,
    model_referensi::FEATURE,
    evaluation::FEATURE,
    planner::FEATURE,
    reports::FEATURE,
    ranking::FEATURE,
    pembinaan::FEATURE,
    arsitektur::FEATURE,
    beranda::FEATURE,
    satu_data::FEATURE,
    portal::FEATURE,
    peta_rencana::FEATURE,
];

/// Settings of the web layer alone.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Largest request body accepted by forms and the JSON API.
    pub max_body_bytes: usize,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            max_body_bytes: 1024 * 1024,
        }
    }
}

/// The OpenAPI document (served at `/api/openapi.json`, snapshot-tested).
pub fn openapi() -> utoipa::openapi::OpenApi {
    kit::openapi::document(&FEATURES)
}

/// The whole application: API, pages, static files, health checks, with the security layers.
pub fn router(app: App, web: &WebConfig) -> Router {
    kit::feature::register(&FEATURES);
    let limits = Limits {
        max_upload_bytes: usize::try_from(app.files.max_size()).unwrap_or(usize::MAX),
    };
    let pages = FEATURES.iter().fold(Router::new(), |router, feature| {
        router.merge((feature.pages)())
    });
    // what reads the database and its caches first catches up with other instances' writes;
    // static files and the health checks read neither, so they skip that query
    let reading = Router::new()
        .merge(kit::openapi::router(&FEATURES, limits))
        .merge(pages)
        .route("/bahasa/{code}", get(kit::lang::switch))
        .fallback(kit::page::not_found)
        .layer(middleware::from_fn_with_state(
            app.clone(),
            kit::security::catch_up,
        ));
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/static/{file}", get(kit::assets::serve))
        .merge(reading)
        .layer(middleware::from_fn_with_state(
            app.clone(),
            kit::layout::demo_scope,
        ))
        .layer(middleware::from_fn(kit::security::cross_site_guard))
        .layer(middleware::from_fn_with_state(
            app.clone(),
            kit::security::headers,
        ))
        .layer(DefaultBodyLimit::max(web.max_body_bytes))
        .layer(TraceLayer::new_for_http())
        .with_state(app)
}

/// Serves until `shutdown` completes, then lets requests in flight finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: App,
    web: &WebConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let service = router(app, web).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await
}

/// The process is up.
async fn healthz() -> &'static str {
    "ok"
}

/// The database answers.
async fn readyz(State(app): State<App>) -> (StatusCode, &'static str) {
    if app.store.ping().await {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}
