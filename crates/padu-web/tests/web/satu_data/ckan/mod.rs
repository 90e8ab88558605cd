//! The CKAN-compatible Action API through the real router, on both backends: the reads of the
//! public catalog and what a token adds (`reads`), `package_search` (`search`), and the writes
//! through Padu's own use cases into the walidata workflow (`writes`).

mod reads;
mod search;
mod writes;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};

use super::catalog::grant_roles;
use crate::support::TestApp;

pub const BASE: &str = "/data/kabupaten-trenggalek/api/3/action";

/// A CKAN call: POST with a JSON body (or GET with `query` when `body` is `None`), the token
/// bare in `Authorization` as CKAN clients send it.
pub async fn ckan(
    app: &TestApp,
    name: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    call(app, &format!("{BASE}/{name}"), token, body).await
}

pub async fn call(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let method = if body.is_some() { "POST" } else { "GET" };
    let mut builder = Request::builder().method(method).uri(path);
    if let Some(t) = token {
        builder = builder.header(header::AUTHORIZATION, t);
    }
    let request = match body {
        Some(b) => builder
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(b.to_string())),
        None => builder.body(Body::empty()),
    }
    .expect("request");
    let (status, _, bytes) = app.send(request).await;
    let value = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    (status, value)
}

/// The result of a successful call, after checking CKAN's envelope.
pub async fn ok(app: &TestApp, name: &str, token: Option<&str>, body: Option<Value>) -> Value {
    let (status, v) = ckan(app, name, token, body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{name} {body:?}: {v}");
    assert_eq!(v["success"], true, "{name}: {v}");
    assert!(
        v["help"]
            .as_str()
            .is_some_and(|h| h.ends_with(&format!("/api/3/action/help_show?name={name}"))),
        "{name}: {v}"
    );
    v["result"].clone()
}

/// An error's `__type` after checking its status and envelope.
pub async fn fails(
    app: &TestApp,
    name: &str,
    token: Option<&str>,
    body: Option<Value>,
    status: StatusCode,
) -> Value {
    let (got, v) = ckan(app, name, token, body.clone()).await;
    assert_eq!(got, status, "{name} {body:?}: {v}");
    assert_eq!(v["success"], false, "{name}: {v}");
    v["error"].clone()
}

/// The catalog the tests read: by Bappeda's produsen (`operator`), published by the walidata
/// (`koordinator`): a public dataset with a CSV link, a published Terbatas one (private), and a
/// draft. Returns their names, and the tokens of the produsen and the walidata.
pub struct Catalog {
    pub public: String,
    pub private: String,
    pub draft: String,
    pub produsen: String,
    pub walidata: String,
}

pub async fn catalog(app: &TestApp) -> Catalog {
    grant_roles(app).await;
    let produsen = app.token("operator").await;
    let walidata = app.token("koordinator").await;
    let list = format!("/api/v1/instansi/{}/datasets", app.seed.trenggalek);
    let mut names = Vec::new();
    for (body, publish) in [
        (
            json!({
                "title": "Jumlah Penduduk per Kecamatan 2025",
                "name": "jumlah-penduduk-per-kecamatan-2025",
                "notes": "Data demo: jumlah penduduk Kabupaten Trenggalek per kecamatan.",
                "license_id": "CC-BY-4.0", "frequency": "tahunan", "unit": "jiwa",
                "tags": ["kependudukan", "kecamatan"], "groups": ["kependudukan"],
                "extras": [{"key": "kode_ddp", "value": "DDP-3503-001"}]
            }),
            true,
        ),
        (
            json!({
                "title": "Data Penerima Bantuan Sosial 2025", "name": "penerima-bansos-2025",
                "notes": "Data demo: rekap penerima bantuan sosial.",
                "license_id": "other-closed", "access": "terbatas",
                "tags": ["kemiskinan"]
            }),
            true,
        ),
        (
            json!({
                "title": "Rencana Kerja Bappeda 2027", "name": "rencana-kerja-bappeda-2027",
                "notes": "Draf yang belum diperiksa walidata.", "license_id": "CC-BY-4.0",
                "tags": ["perencanaan"]
            }),
            false,
        ),
    ] {
        let (status, made) = app.json("POST", &list, Some(&produsen), Some(body)).await;
        assert_eq!(status, StatusCode::CREATED, "{made}");
        let id = made["id"].as_i64().expect("id");
        names.push(made["name"].as_str().expect("name").to_string());
        let (status, r) = app
            .json(
                "POST",
                &format!("/api/v1/datasets/{id}/resources"),
                Some(&produsen),
                Some(json!({"url": format!("https://data.trenggalekkab.example/{}.csv", made["name"].as_str().unwrap_or(""))})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{r}");
        if publish {
            for (step, token) in [
                ("submit", &produsen),
                ("approve", &walidata),
                ("publish", &walidata),
            ] {
                let (status, v) = app
                    .json(
                        "POST",
                        &format!("/api/v1/datasets/{id}/{step}"),
                        Some(token),
                        None,
                    )
                    .await;
                assert_eq!(status, StatusCode::OK, "{step}: {v}");
            }
        }
    }
    Catalog {
        public: names[0].clone(),
        private: names[1].clone(),
        draft: names[2].clone(),
        produsen,
        walidata,
    }
}
