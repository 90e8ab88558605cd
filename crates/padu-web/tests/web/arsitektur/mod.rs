//! Arsitektur SPBE through the real router: entering items, the reference and link rules, the
//! workflow and who may take each step, another instansi's items, the computed gaps, the pages.

mod api;
mod consolidation;
mod exchange;
mod gaps;
mod pages;

use serde_json::{Value, json};

use crate::support::TestApp;

/// Creates an item through the API as `token`; returns its id.
pub async fn item(app: &TestApp, token: &str, instansi: i64, body: Value) -> i64 {
    let (status, made) = app
        .json(
            "POST",
            &format!("/api/v1/instansi/{instansi}/architecture/items"),
            Some(token),
            Some(body.clone()),
        )
        .await;
    assert_eq!(status, axum::http::StatusCode::CREATED, "{body}: {made}");
    made["id"].as_i64().expect("id")
}

/// Links `id` to `to` through the API.
pub async fn link(app: &TestApp, token: &str, id: i64, to: &[i64]) {
    let (status, body) = app
        .json(
            "PUT",
            &format!("/api/v1/architecture/items/{id}/links"),
            Some(token),
            Some(json!({ "to": to })),
        )
        .await;
    assert_eq!(status, axum::http::StatusCode::OK, "{body}");
}
