//! The security layers through the router: headers on every answer (a response's own CSP wins,
//! no caching of anything read with credentials, HSTS behind https) and JSON errors in plain
//! words with the field's name.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::support::TestApp;

#[tokio::test]
async fn security_headers_are_on_every_response() {
    let app = TestApp::new(padu_store::testing::sqlite().await).await;
    let (_, headers, _) = app
        .send(
            Request::get("/api/v1/me")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    let csp = headers
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(
        headers
            .get(header::X_CONTENT_TYPE_OPTIONS)
            .and_then(|v| v.to_str().ok()),
        Some("nosniff")
    );
    assert_eq!(
        headers
            .get(header::X_FRAME_OPTIONS)
            .and_then(|v| v.to_str().ok()),
        Some("DENY")
    );
    app.finish().await;
}

#[tokio::test]
async fn authenticated_answers_are_never_cached_and_https_sends_hsts() {
    let app = TestApp::new(padu_store::testing::sqlite().await).await;
    let token = app.token("admin").await;
    let get = |path: &str, token: Option<&str>| {
        let mut request = Request::get(path);
        if let Some(t) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        request.body(Body::empty()).expect("request")
    };
    let cache = |headers: &axum::http::HeaderMap| {
        headers
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    for path in ["/api/v1/me", "/api/v1/instansi", "/api/openapi.json"] {
        let (status, headers, _) = app.send(get(path, Some(&token))).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(cache(&headers).as_deref(), Some("no-store"), "{path}");
        assert!(
            headers.get(header::STRICT_TRANSPORT_SECURITY).is_none(),
            "{path}: no HSTS over http"
        );
    }
    // what anyone may read without credentials keeps its own caching
    let (_, headers, _) = app.send(get("/static/padu.css", None)).await;
    assert_ne!(cache(&headers).as_deref(), Some("no-store"));

    // the same database behind a server reached over https
    let https = padu_app::Settings {
        public_url: "https://spbe.trenggalekkab.go.id".into(),
        ..padu_app::Settings::default()
    };
    let router = padu_web::router(app.state_with(https), &padu_web::WebConfig::default());
    for path in ["/masuk", "/healthz", "/api/v1/me"] {
        let response = tower::ServiceExt::oneshot(router.clone(), get(path, Some(&token)))
            .await
            .expect("infallible");
        assert_eq!(
            response
                .headers()
                .get(header::STRICT_TRANSPORT_SECURITY)
                .and_then(|v| v.to_str().ok()),
            Some("max-age=31536000"),
            "{path}"
        );
    }
    app.finish().await;
}

#[tokio::test]
async fn json_errors_name_the_field_in_plain_words() {
    let app = TestApp::new(padu_store::testing::sqlite().await).await;
    let admin = app.token("admin").await;
    let send = |path: &str, body: &'static str| {
        Request::post(path)
            .header(header::AUTHORIZATION, format!("Bearer {admin}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
            .expect("request")
    };
    let periods = format!("/api/v1/instansi/{}/periods", app.seed.trenggalek);
    let cases = [
        (
            "/api/v1/auth/token",
            r#"{"username": "admin"}"#,
            "password",
            "wajib diisi",
        ),
        (
            "/api/v1/auth/token",
            "[]",
            "body",
            "harus berisi objek JSON, bukan daftar",
        ),
        (
            periods.as_str(),
            r#"{"year": "2026", "kind": "evaluasi", "instrument": "permenpanrb-8-2026"}"#,
            "year",
            "harus berisi bilangan bulat, bukan teks",
        ),
        (
            periods.as_str(),
            r#"{"year": 3000000000, "kind": "evaluasi", "instrument": "permenpanrb-8-2026"}"#,
            "year",
            "bilangan di luar rentang yang diizinkan",
        ),
    ];
    for (path, body, field, message) in cases {
        let (status, _, bytes) = app.send(send(path, body)).await;
        let json: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {json}");
        assert_eq!(json["code"], "invalid", "{json}");
        assert_eq!(json["fields"][0]["field"], field, "{body}: {json}");
        assert_eq!(json["fields"][0]["message"], message, "{body}: {json}");
        let text = json.to_string();
        for rust in ["struct", "Body", "u16", "i32", "expected", "`"] {
            assert!(!text.contains(rust), "{body}: {text}");
        }
    }
    let (status, _, bytes) = app.send(send("/api/v1/auth/token", "{\"username\":")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let json: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
    assert!(
        json["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Badan permintaan bukan JSON yang sah")),
        "{json}"
    );
    app.finish().await;
}
