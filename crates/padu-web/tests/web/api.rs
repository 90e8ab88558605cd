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
            json!([{"id": s.trenggalek, "name": "Kabupaten Trenggalek", "kind": "kabupaten", "parent": s.jatim, "timezone": "WIB", "slug": "kabupaten-trenggalek"}])
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
                None => assert_eq!(status, StatusCode::NOT_FOUND, "{user}"),
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
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = app
            .json(
                "PATCH",
                &format!("/api/v1/opd/{id}"),
                Some(&mojokerto),
                Some(json!({"name": "X"})),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "another instansi's OPD");
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
                "username": username, "password": "Sawah#Hijau#Lereng#Wilis", "role": role,
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
        let budi = app.token_with("budi", "Sawah#Hijau#Lereng#Wilis").await;
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
                    json!({"username": "atas", "password": "Sawah#Hijau#Lereng#Wilis", "role": "superadmin"}),
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
