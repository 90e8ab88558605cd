//! Static files (stylesheet, htmx, icon, the API reference's swagger-ui), embedded so the binary
//! is all there is to deploy.

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

const FILES: &[(&str, &str, &[u8])] = &[
    (
        "padu.css",
        "text/css; charset=utf-8",
        include_bytes!("../../../../static/padu.css"),
    ),
    (
        "padu.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../../../static/padu.js"),
    ),
    (
        "htmx.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../../../static/htmx.min.js"),
    ),
    (
        "api-docs.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../../../static/api-docs.js"),
    ),
    // swagger-ui-dist 5.35.0 (Apache-2.0): see static/swagger-ui/README.md
    (
        "swagger-ui-bundle.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../../../static/swagger-ui/swagger-ui-bundle.js"),
    ),
    (
        "swagger-ui.css",
        "text/css; charset=utf-8",
        include_bytes!("../../../../static/swagger-ui/swagger-ui.css"),
    ),
    (
        "logo.svg",
        "image/svg+xml",
        include_bytes!("../../../../static/logo.svg"),
    ),
];

pub async fn serve(Path(name): Path<String>) -> Response {
    match FILES.iter().find(|(n, _, _)| *n == name) {
        Some((_, mime, bytes)) => {
            let mut response = bytes.into_response();
            let h = response.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
            h.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            );
            response
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
