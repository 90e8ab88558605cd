//! One answer for what is not yours (ASVS 4.2.1): a record of another instansi answers exactly
//! as an id that does not exist (status, code and words), through the API and the pages, so
//! nobody signed in can count another instansi's periods, evidence, OPDs or action items by
//! their sequential ids. 403 stays for what the caller may see but not do.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use padu_store::testing::databases;
use serde_json::json;

use crate::evidence::{multipart, pdf, period, upload};
use crate::pages::{get, login};
use crate::support::TestApp;

/// Status and body of a GET with a bearer token.
async fn read(app: &TestApp, token: &str, path: &str) -> (StatusCode, String) {
    let request = Request::get(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .expect("request");
    let (status, _, body) = app.send(request).await;
    (status, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn another_instansis_records_answer_as_missing_ones() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let label = app.db.label;
        let s = app.seed.clone();
        let admin = app.token("admin").await;
        let operator = app.token("operator").await;
        let p = period(&app, &admin).await;
        let file = multipart(&[("level", None, b"2"), ("file", Some("SK.pdf"), &pdf("SK"))]);
        let (status, body) = upload(&app, &operator, p, 1, file).await;
        assert_eq!(status, StatusCode::CREATED, "{label}: {body}");
        let evidence = body["id"].as_i64().expect("id");
        let (status, body) = app
            .json(
                "POST",
                &format!("/api/v1/periods/{p}/plan/accept"),
                Some(&admin),
                Some(json!({"target": 1.5})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{label}: {body}");
        let (_, items) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{p}/action-items"),
                Some(&admin),
                None,
            )
            .await;
        let item = items[0]["id"].as_i64().expect("an action item");

        let outsider = app.token("admin.mojokerto").await;
        let missing = 999_999;
        for (ours, none) in [
            (
                format!("/api/v1/periods/{p}/indicators"),
                format!("/api/v1/periods/{missing}/indicators"),
            ),
            (
                format!("/api/v1/periods/{p}/score"),
                format!("/api/v1/periods/{missing}/score"),
            ),
            (
                format!("/api/v1/evidence/{evidence}/content"),
                format!("/api/v1/evidence/{missing}/content"),
            ),
            (
                format!("/api/v1/instansi/{}/opd", s.trenggalek),
                format!("/api/v1/instansi/{missing}/opd"),
            ),
            (
                format!("/api/v1/instansi/{}/periods", s.trenggalek),
                format!("/api/v1/instansi/{missing}/periods"),
            ),
        ] {
            let foreign = read(&app, &outsider, &ours).await;
            let absent = read(&app, &outsider, &none).await;
            assert_eq!(
                foreign.0,
                StatusCode::NOT_FOUND,
                "{label}: {ours}: {}",
                foreign.1
            );
            assert_eq!(foreign, absent, "{label}: {ours} answers as {none}");
        }
        // writes too: the same answer, and nothing changed
        for (method, ours, none, body) in [
            (
                "PATCH",
                format!("/api/v1/opd/{}", s.diskominfo),
                format!("/api/v1/opd/{missing}"),
                json!({"name": "Penyusup"}),
            ),
            (
                "PATCH",
                format!("/api/v1/action-items/{item}"),
                format!("/api/v1/action-items/{missing}"),
                json!({"status": "batal"}),
            ),
            (
                "POST",
                format!("/api/v1/periods/{p}/indicators/1/submit"),
                format!("/api/v1/periods/{missing}/indicators/1/submit"),
                json!({}),
            ),
        ] {
            let foreign = app
                .json(method, &ours, Some(&outsider), Some(body.clone()))
                .await;
            let absent = app.json(method, &none, Some(&outsider), Some(body)).await;
            assert_eq!(
                foreign.0,
                StatusCode::NOT_FOUND,
                "{label}: {ours}: {}",
                foreign.1
            );
            assert_eq!(
                foreign, absent,
                "{label}: {method} {ours} answers as {none}"
            );
        }
        let (_, items) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{p}/action-items"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(items[0]["status"], "rencana", "{label}: unchanged");

        // the pages: another instansi's period and its indicator as a missing one
        let cookie = login(&app, "admin.mojokerto").await;
        for (ours, none) in [
            (format!("/periode/{p}"), format!("/periode/{missing}")),
            (
                format!("/periode/{p}/indikator/1"),
                format!("/periode/{missing}/indikator/1"),
            ),
            (
                format!("/instansi/{}", s.trenggalek),
                format!("/instansi/{missing}"),
            ),
        ] {
            let foreign = get(&app, &ours, Some(&cookie)).await;
            let absent = get(&app, &none, Some(&cookie)).await;
            assert_eq!(foreign.status, StatusCode::NOT_FOUND, "{label}: {ours}");
            assert_eq!(foreign.body, absent.body, "{label}: {ours} reads as {none}");
        }

        // what the caller may see but not do stays 403: an operator accepting their own work
        let (status, _) = app
            .json(
                "POST",
                &format!("/api/v1/periods/{p}/indicators/1/accept"),
                Some(&operator),
                Some(json!({"level": 2})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{label}");
        app.finish().await;
    }
}
