//! The JSON API through the real router: the contract outside scripts rely on.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use padu_store::testing::databases;
use serde_json::json;

use crate::support::{PASSWORD, TestApp};

#[tokio::test]
async fn token_me_and_the_lists_follow_the_contract() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let token = app.token("admin").await;
        assert!(token.starts_with("padu_") && token.len() > 40);

        let (status, me) = app.json("GET", "/api/v1/me", Some(&token), None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(me["username"], "admin");
        assert_eq!(me["role"], "admin_instansi");
        assert_eq!(me["instansi"], s.trenggalek);

        let (status, list) = app
            .json("GET", "/api/v1/instansi", Some(&token), None)
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            list,
            json!([{"id": s.trenggalek, "name": "Kabupaten Trenggalek", "kind": "kabupaten", "parent": s.jatim, "timezone": "WIB"}])
        );

        let (status, opds) = app
            .json(
                "GET",
                &format!("/api/v1/instansi/{}/opd", s.trenggalek),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let names: Vec<&str> = opds
            .as_array()
            .expect("array")
            .iter()
            .map(|o| o["name"].as_str().unwrap_or(""))
            .collect();
        assert_eq!(names, vec!["Bappeda", "Dinas Komunikasi dan Informatika"]);
        assert!(opds[0]["id"].is_i64());

        let (status, users) = app.json("GET", "/api/v1/users", Some(&token), None).await;
        assert_eq!(status, StatusCode::OK);
        let users = users.as_array().expect("array");
        assert!(
            users
                .iter()
                .all(|u| u["id"].is_i64() && u["name"].is_string())
        );
        assert_eq!(users.len(), 6, "the six accounts of Kabupaten Trenggalek");
        app.finish().await;
    }
}

#[tokio::test]
async fn what_each_role_sees() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let count = |v: &serde_json::Value| v.as_array().map_or(0, Vec::len);
        for (user, instansi, opds_in_trenggalek) in [
            ("super", 5, Some(2)),
            ("prov", 3, Some(2)),
            ("koordinator", 1, Some(2)),
            ("pimpinan", 1, Some(2)),
            ("operator", 1, Some(1)),
            ("admin.mojokerto", 1, None),
        ] {
            let token = app.token(user).await;
            let (_, list) = app
                .json("GET", "/api/v1/instansi", Some(&token), None)
                .await;
            assert_eq!(count(&list), instansi, "{user} sees {list}");
            let (status, opds) = app
                .json(
                    "GET",
                    &format!("/api/v1/instansi/{}/opd", s.trenggalek),
                    Some(&token),
                    None,
                )
                .await;
            match opds_in_trenggalek {
                Some(n) => assert_eq!(
                    (status, count(&opds)),
                    (StatusCode::OK, n),
                    "{user}: {opds}"
                ),
                None => assert_eq!(status, StatusCode::FORBIDDEN, "{user}"),
            }
        }
        // an operator sees only their own OPD
        let token = app.token("operator").await;
        let (_, opds) = app
            .json(
                "GET",
                &format!("/api/v1/instansi/{}/opd", s.trenggalek),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(opds[0]["id"], s.diskominfo);
        // and no user list
        let (status, body) = app.json("GET", "/api/v1/users", Some(&token), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(body["code"], "forbidden");
        app.finish().await;
    }
}

#[tokio::test]
async fn opds_are_created_and_patched_with_the_right_statuses() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let admin = app.token("admin").await;
        let path = format!("/api/v1/instansi/{}/opd", s.trenggalek);

        let (status, created) = app
            .json(
                "POST",
                &path,
                Some(&admin),
                Some(json!({"name": "Dinas Perikanan", "kind": "lainnya"})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let id = created["id"].as_i64().expect("id");

        let (status, body) = app
            .json(
                "POST",
                &path,
                Some(&admin),
                Some(json!({"name": "Dinas Perikanan", "kind": "lainnya"})),
            )
            .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::CONFLICT, Some("conflict"))
        );
        assert_eq!(body["message"], "Nama OPD sudah dipakai di instansi ini.");

        let (status, body) = app
            .json(
                "POST",
                &path,
                Some(&admin),
                Some(json!({"name": " ", "kind": "dinas-rahasia"})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<&str> = body["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .map(|f| f["field"].as_str().unwrap_or(""))
            .collect();
        assert_eq!(fields, vec!["name", "kind"], "{body}");
        assert!(
            body["message"]
                .as_str()
                .is_some_and(|m| m.contains("Jenis OPD \"dinas-rahasia\" tidak dikenal")),
            "{body}"
        );

        let (status, patched) = app
            .json(
                "PATCH",
                &format!("/api/v1/opd/{id}"),
                Some(&admin),
                Some(json!({"name": "Dinas Perikanan dan Kelautan", "active": false})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            (patched["name"].as_str(), patched["active"].as_bool()),
            (Some("Dinas Perikanan dan Kelautan"), Some(false))
        );

        // other instansi, other roles, unknown ids
        let mojokerto = app.token("admin.mojokerto").await;
        let (status, _) = app
            .json(
                "POST",
                &path,
                Some(&mojokerto),
                Some(json!({"name": "Penyusup", "kind": "lainnya"})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = app
            .json(
                "PATCH",
                &format!("/api/v1/opd/{id}"),
                Some(&mojokerto),
                Some(json!({"name": "X"})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let operator = app.token("operator").await;
        let (status, _) = app
            .json(
                "PATCH",
                &format!("/api/v1/opd/{}", s.diskominfo),
                Some(&operator),
                Some(json!({"name": "Diskominfo Baru"})),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "an operator cannot rename even their own OPD"
        );
        let (status, body) = app
            .json(
                "PATCH",
                "/api/v1/opd/99999",
                Some(&admin),
                Some(json!({"name": "X"})),
            )
            .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::NOT_FOUND, Some("not_found"))
        );
        let (status, _) = app
            .json("GET", "/api/v1/instansi/abc/opd", Some(&admin), None)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // the province may add an OPD in its kabupaten; nothing changed for refused calls
        let prov = app.token("prov").await;
        let (status, _) = app
            .json(
                "POST",
                &path,
                Some(&prov),
                Some(json!({"name": "UPT Provinsi", "kind": "lainnya"})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let (_, opds) = app.json("GET", &path, Some(&admin), None).await;
        assert_eq!(opds.as_array().map(Vec::len), Some(4));
        app.finish().await;
    }
}

#[tokio::test]
async fn users_are_created_within_the_callers_reach_and_rank() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let admin = app.token("admin").await;
        let new = |username: &str, role: &str, opd: Option<i64>| {
            json!({
                "username": username, "password": "Kata#Sandi2026", "role": role,
                "instansi": s.trenggalek, "opd": opd, "name": "Budi Santoso"
            })
        };
        let (status, body) = app
            .json(
                "POST",
                "/api/v1/users",
                Some(&admin),
                Some(new("budi", "operator_opd", Some(s.bappeda))),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert!(body["id"].is_i64());
        let budi = app.token_with("budi", "Kata#Sandi2026").await;
        let (_, me) = app.json("GET", "/api/v1/me", Some(&budi), None).await;
        assert_eq!(
            (me["role"].as_str(), me["opd"].as_i64()),
            (Some("operator_opd"), Some(s.bappeda))
        );

        let (status, body) = app
            .json(
                "POST",
                "/api/v1/users",
                Some(&admin),
                Some(new("budi", "pimpinan", None)),
            )
            .await;
        assert_eq!(
            (status, body["message"].as_str()),
            (StatusCode::CONFLICT, Some("Nama pengguna sudah dipakai."))
        );
        let (status, _) = app
            .json(
                "POST",
                "/api/v1/users",
                Some(&admin),
                Some(new("naik", "admin_provinsi", None)),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "a kabupaten cannot hold an admin_provinsi"
        );
        let (status, _) = app
            .json(
                "POST",
                "/api/v1/users",
                Some(&admin),
                Some(
                    json!({"username": "atas", "password": "Kata#Sandi2026", "role": "superadmin"}),
                ),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "nobody hands out a role above their own"
        );
        let (status, body) = app.json("POST", "/api/v1/users", Some(&admin), Some(json!({"username": "X", "password": "pendek", "role": "raja", "instansi": s.trenggalek}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<&str> = body["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .map(|f| f["field"].as_str().unwrap_or(""))
            .collect();
        assert_eq!(fields, vec!["username", "password", "role"], "{body}");
        let (status, _) = app
            .json(
                "POST",
                "/api/v1/users",
                Some(&admin),
                Some(new("ops", "operator_opd", Some(s.mojokerto_opd))),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "the OPD is not in the chosen instansi"
        );
        let koordinator = app.token("koordinator").await;
        let (status, _) = app
            .json(
                "POST",
                "/api/v1/users",
                Some(&koordinator),
                Some(new("lain", "pimpinan", None)),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        app.finish().await;
    }
}

#[tokio::test]
async fn errors_are_json_with_the_right_status() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let (status, body) = app.json("GET", "/api/v1/me", None, None).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("unauthenticated"))
        );
        let (status, body) = app
            .json("GET", "/api/v1/me", Some("padu_palsu"), None)
            .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("unauthenticated"))
        );
        let (status, body) = app.json("GET", "/api/v1/tidak-ada", None, None).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::NOT_FOUND, Some("not_found"))
        );

        let admin = app.token("admin").await;
        let request = Request::builder()
            .method("POST")
            .uri(format!("/api/v1/instansi/{}/opd", app.seed.trenggalek))
            .header(header::AUTHORIZATION, format!("Bearer {admin}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from("{\"name\": "))
            .expect("request");
        let (status, _, bytes) = app.send(request).await;
        let body: serde_json::Value = serde_json::from_slice(&bytes).expect("json error");
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some("bad_request"))
        );
        let (status, body) = app
            .json(
                "POST",
                &format!("/api/v1/instansi/{}/opd", app.seed.trenggalek),
                Some(&admin),
                Some(json!({"name": "Tanpa jenis"})),
            )
            .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid")),
            "{body}"
        );
        let request = Request::builder()
            .method("POST")
            .uri("/api/v1/auth/token")
            .body(Body::from("username=a&password=b"))
            .expect("request");
        let (status, _, _) = app.send(request).await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        // a body over the limit is refused and nothing is stored
        let big = "x".repeat(2 * 1024 * 1024);
        let (status, _) = app
            .json(
                "POST",
                &format!("/api/v1/instansi/{}/opd", app.seed.trenggalek),
                Some(&admin),
                Some(json!({"name": big, "kind": "lainnya"})),
            )
            .await;
        assert!(
            status == StatusCode::PAYLOAD_TOO_LARGE || status == StatusCode::BAD_REQUEST,
            "{status}"
        );
        app.finish().await;
    }
}

#[tokio::test]
async fn login_reveals_nothing_and_is_throttled() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let attempt = |username: &'static str, password: &'static str| {
            let app = &app;
            async move {
                app.json(
                    "POST",
                    "/api/v1/auth/token",
                    None,
                    Some(json!({"username": username, "password": password})),
                )
                .await
            }
        };
        let (s1, unknown) = attempt("tidak-ada", "apa saja").await;
        let (s2, wrong) = attempt("admin", "salah sekali").await;
        assert_eq!(
            (s1, s2),
            (StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED)
        );
        assert_eq!(
            unknown, wrong,
            "the same answer for an unknown user and a wrong password"
        );
        for _ in 0..4 {
            attempt("admin", "salah sekali").await;
        }
        let (status, body) = attempt("admin", PASSWORD).await;
        assert_eq!(
            status,
            StatusCode::TOO_MANY_REQUESTS,
            "even the right password waits: {body}"
        );
        assert!(
            body["message"]
                .as_str()
                .is_some_and(|m| m.contains("Terlalu banyak percobaan"))
        );
        app.finish().await;
    }
}

#[tokio::test]
async fn health_and_readiness() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let (status, _, body) = app
            .send(
                Request::get("/healthz")
                    .body(Body::empty())
                    .expect("request"),
            )
            .await;
        assert_eq!(
            (status, body.as_slice()),
            (StatusCode::OK, b"ok".as_slice())
        );
        let (status, _, _) = app
            .send(
                Request::get("/readyz")
                    .body(Body::empty())
                    .expect("request"),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        app.finish().await;
    }
}

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

#[tokio::test]
async fn the_openapi_document_is_stable() {
    let doc = serde_json::to_value(padu_web::openapi()).expect("serialises");
    for path in [
        "/api/v1/auth/token",
        "/api/v1/me",
        "/api/v1/instansi",
        "/api/v1/instansi/{id}/opd",
        "/api/v1/opd/{id}",
        "/api/v1/users",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} documented");
    }
    insta::assert_json_snapshot!("openapi", doc);
    let app = TestApp::new(padu_store::testing::sqlite().await).await;
    let (status, served) = app.json("GET", "/api/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(served, doc, "the served document is the snapshot one");
    app.finish().await;
}
