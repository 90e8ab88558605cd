//! Padu's web server: the JSON API, the server-rendered pages, sign-in and security layers.

mod api;
mod assets;
pub mod auth;
mod error;
pub mod evaluation;
pub mod i18n;
pub mod mail;
mod pages;
pub mod ranking;
pub mod reports;
mod security;
pub mod services;
mod state;

use std::future::Future;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::middleware;
use axum::routing::get;
use tower_http::trace::TraceLayer;

pub use api::openapi;
pub use error::AppError;
pub use state::{AppState, WebConfig};

/// The whole application: API, pages, static files, health checks, with the security layers.
pub fn router(state: AppState) -> Router {
    let max_body = state.config.max_body_bytes;
    let max_upload = usize::try_from(state.files.max_size()).unwrap_or(usize::MAX);
    Router::new()
        .merge(api::router(max_upload))
        .merge(pages::router())
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/static/{file}", get(assets::serve))
        .layer(middleware::from_fn(security::cross_site_guard))
        .layer(middleware::from_fn(security::headers))
        .layer(DefaultBodyLimit::max(max_body))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves until `shutdown` completes, then lets requests in flight finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// The process is up.
async fn healthz() -> &'static str {
    "ok"
}

/// The database answers.
async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if state.store.ping().await {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}
