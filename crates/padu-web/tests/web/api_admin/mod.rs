//! The API at parity with the pages' administration: changing and closing a period,
//! deactivating an OPD, changing and deactivating a user, the rankings, and the readable API
//! reference behind the footer link. Each endpoint for every demo role, and bad input changing
//! nothing.

mod docs;
mod opd;
mod periods;
mod rankings;
mod users;

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::support::TestApp;

/// Opens the 2026 evaluation of Kabupaten Trenggalek (8/2026) with a self-assessment stage and
/// the default assignment; returns its id.
pub async fn open_period(app: &TestApp) -> i64 {
    let admin = app.token("admin").await;
    let (status, created) = app
        .json(
            "POST",
            &format!("/api/v1/instansi/{}/periods", app.seed.trenggalek),
            Some(&admin),
            Some(json!({
                "year": 2026, "kind": "evaluasi", "instrument": "permenpanrb-8-2026",
                "target": 3.1,
                "stages": {"mandiri_mulai": "2026-03-01", "mandiri_selesai": "2026-05-31"}
            })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().expect("id");
    let (status, _) = app
        .json(
            "POST",
            &format!("/api/v1/periods/{id}/assignment/default"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    id
}

/// The `field`s of a 422 body.
pub fn fields(body: &Value) -> Vec<String> {
    body["fields"]
        .as_array()
        .map(|f| {
            f.iter()
                .map(|x| x["field"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Every demo role of the seed that is not the actor under test, with a fresh token each.
pub const ROLES: [&str; 9] = [
    "super",
    "prov",
    "admin",
    "koordinator",
    "operator",
    "asesor",
    "pimpinan",
    "eksternal",
    "admin.mojokerto",
];
