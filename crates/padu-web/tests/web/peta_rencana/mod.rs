//! Peta Rencana SPBE through the real router: roadmaps and their items, the checks (422), who
//! may do what, enacting and reviewing into a new version, the realisation an OPD reports, and
//! the pages.

mod api;
mod documents;
mod forms;
mod monitoring;
mod pages;
mod thread;

use axum::http::StatusCode;
use padu_core::access::Role;
use padu_store::{NewUser, Who};
use serde_json::{Value, json};

use crate::support::{PASSWORD, TestApp};

/// Drafts a roadmap of `instansi` through the API as `token`; returns its id.
pub async fn roadmap(app: &TestApp, token: &str, instansi: i64, body: Value) -> i64 {
    let (status, made) = app
        .json(
            "POST",
            &format!("/api/v1/instansi/{instansi}/roadmaps"),
            Some(token),
            Some(body.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}: {made}");
    made["id"].as_i64().expect("id")
}

/// Enters an item of roadmap `id` through the API as `token`; returns it.
pub async fn item(app: &TestApp, token: &str, id: i64, body: Value) -> Value {
    let (status, made) = app
        .json(
            "POST",
            &format!("/api/v1/roadmaps/{id}/items"),
            Some(token),
            Some(body.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}: {made}");
    made
}

/// Adds `operator.bappeda`, an operator of Trenggalek's Bappeda.
pub async fn add_bappeda_operator(app: &TestApp) {
    let hash = padu_app::users::password::hash_blocking(PASSWORD).expect("hash");
    app.db
        .store
        .create_user(
            &Who::system("uji"),
            NewUser {
                username: "operator.bappeda".into(),
                display_name: "Operator Bappeda".into(),
                password_hash: hash,
                role: Role::OperatorOpd,
                instansi_id: Some(app.seed.trenggalek),
                opd_id: Some(app.seed.bappeda),
                email: None,
            },
        )
        .await
        .expect("user");
}

/// The field names of a 422's body.
pub fn fields_named(err: &Value) -> Vec<String> {
    err["fields"]
        .as_array()
        .map(|f| {
            f.iter()
                .filter_map(|x| x["field"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// A full item body of 2026-2027 for `opd`.
pub fn full_item(opd: i64) -> Value {
    json!({
        "title": "Pusat data daerah", "opd": opd, "years": [2026, 2027],
        "targets": {"2026": "Desain dan pengadaan", "2027": "Operasional"},
        "budget": {"2026": 150000000, "2027": 75000000},
        "indicators": [{"instrument": "permenpanrb-8-2026", "number": 11, "level": 3}],
        "need": "Server OPD tersebar", "program_code": "2.16.03.1.02",
        "status": "belum_mulai"
    })
}
