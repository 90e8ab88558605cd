//! The caller's notifications and the audit log.

use axum::http::StatusCode;
use padu_store::testing::databases;
use serde_json::json;

use super::*;
use crate::pages::{get, login};

#[tokio::test]
async fn notifications_are_listed_and_marked_read_as_on_the_page() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let t = app.seed.trenggalek;
        let p = open_period(&app, "admin", t).await;
        assign(&app, p, &[1, 2]).await;
        let operator = app.token("operator").await;
        // two submissions notify the assessors
        for n in [1, 2] {
            let path = format!("/api/v1/periods/{p}/indicators/{n}");
            let (status, body) = app
                .json(
                    "PATCH",
                    &path,
                    Some(&operator),
                    Some(json!({"self_level": 2, "fakta": "Ada", "analisis": "Ada"})),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
            evidence(&app, p, n, t, &format!("bukti {n}.pdf")).await;
            let (status, body) = app
                .json("POST", &format!("{path}/submit"), Some(&operator), None)
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        let asesor = app.token("asesor").await;
        let (status, inbox) = app
            .json("GET", "/api/v1/notifications", Some(&asesor), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{inbox}");
        let items = inbox["items"].as_array().expect("items").clone();
        assert_eq!(items.len(), 2, "{inbox}");
        assert_eq!(inbox["unread"], 2);
        assert!(
            items
                .iter()
                .all(|n| n["kind"] == "diajukan" && n["read"] == false)
        );
        assert!(
            items[0]["id"].as_i64() > items[1]["id"].as_i64(),
            "newest first"
        );
        let cookie = login(&app, "asesor").await;
        let page = get(&app, "/notifikasi", Some(&cookie)).await;
        assert!(page.has(items[0]["message"].as_str().expect("message")));

        let (_, first) = app
            .json(
                "GET",
                "/api/v1/notifications?limit=1&offset=1",
                Some(&asesor),
                None,
            )
            .await;
        assert_eq!(first["items"], json!([items[1]]));
        let one = items[1]["id"].as_i64().expect("id");
        let read = format!("/api/v1/notifications/{one}/read");
        let (status, count) = app.json("POST", &read, Some(&asesor), None).await;
        assert_eq!(
            (status, count["unread"].as_u64()),
            (StatusCode::OK, Some(1))
        );
        // again: still read, still found
        let (status, count) = app.json("POST", &read, Some(&asesor), None).await;
        assert_eq!(
            (status, count["unread"].as_u64()),
            (StatusCode::OK, Some(1))
        );
        let (_, unread) = app
            .json(
                "GET",
                "/api/v1/notifications?unread=true",
                Some(&asesor),
                None,
            )
            .await;
        assert_eq!(unread["items"], json!([items[0]]));
        // another user's notification is not the caller's to mark
        let other = items[0]["id"].as_i64().expect("id");
        let (status, _) = app
            .json(
                "POST",
                &format!("/api/v1/notifications/{other}/read"),
                Some(&operator),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        for bad in ["limit=0", "limit=201", "offset=99999999"] {
            let (status, err) = app
                .json(
                    "GET",
                    &format!("/api/v1/notifications?{bad}"),
                    Some(&asesor),
                    None,
                )
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {err}");
        }
        let (status, _) = app
            .json(
                "GET",
                "/api/v1/notifications?unread=ya",
                Some(&asesor),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (status, count) = app
            .json(
                "POST",
                "/api/v1/notifications/read-all",
                Some(&asesor),
                None,
            )
            .await;
        assert_eq!(
            (status, count["unread"].as_u64()),
            (StatusCode::OK, Some(0))
        );
        let (_, inbox) = app
            .json("GET", "/api/v1/notifications", Some(&asesor), None)
            .await;
        assert_eq!(inbox["unread"], 0);
        assert!(
            inbox["items"]
                .as_array()
                .expect("items")
                .iter()
                .all(|n| n["read"] == true)
        );
        let (status, _) = app.json("GET", "/api/v1/notifications", None, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        app.finish().await;
    }
}

#[tokio::test]
async fn the_audit_log_is_filtered_as_its_readers_may_see_it() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let admin = app.token("admin").await;
        let (status, opds) = app
            .json("GET", "/api/v1/audit?entity=opd", Some(&admin), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{opds}");
        let opds = opds.as_array().expect("array").clone();
        assert_eq!(opds.len(), 2, "Diskominfo and Bappeda: {opds:?}");
        assert!(
            opds.iter()
                .all(|e| e["entity"] == "opd" && e["instansi"] == s.trenggalek)
        );
        assert!(
            opds[0]["seq"].as_i64() > opds[1]["seq"].as_i64(),
            "newest first"
        );
        assert_eq!(opds[0]["after"]["name"], "Bappeda", "{:?}", opds[0]);
        // the page lists the same records
        let cookie = login(&app, "admin").await;
        let page = get(&app, "/audit?aksi=opd.", Some(&cookie)).await;
        for e in &opds {
            let id = e["entity_id"].as_str().expect("id");
            assert!(page.has(&format!("OPD #{id}")), "{id}");
        }
        let (_, by_action) = app
            .json("GET", "/api/v1/audit?action=opd.", Some(&admin), None)
            .await;
        assert_eq!(by_action.as_array(), Some(&opds));
        let (_, users) = app
            .json(
                "GET",
                &format!(
                    "/api/v1/audit?entity=user&instansi={}&limit=2",
                    s.trenggalek
                ),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(len(&users), 2);
        assert!(
            users
                .as_array()
                .expect("array")
                .iter()
                .all(|e| e["entity"] == "user")
        );
        let (_, nobody) = app
            .json(
                "GET",
                "/api/v1/audit?actor=tidak-ada-orang",
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(nobody, json!([]));
        let (_, from_today) = app
            .json(
                "GET",
                "/api/v1/audit?entity=opd&from=2000-01-01&to=2999-12-31",
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(len(&from_today), 2);
        // bad input
        for (bad, field) in [
            ("from=kemarin", "from"),
            ("to=2026-13-01", "to"),
            ("limit=0", "limit"),
            ("limit=501", "limit"),
            ("offset=5000001", "offset"),
            ("actor=a%00b", "actor"),
            ("entity=opd%1B", "entity"),
        ] {
            let (status, err) = app
                .json("GET", &format!("/api/v1/audit?{bad}"), Some(&admin), None)
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {err}");
            assert_eq!(err["fields"][0]["field"], field, "{err}");
        }
        // the admin of another instansi: Trenggalek's entries are none of theirs
        let other = app.token("admin.mojokerto").await;
        let (status, _) = app
            .json(
                "GET",
                &format!("/api/v1/audit?instansi={}", s.trenggalek),
                Some(&other),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (_, own) = app.json("GET", "/api/v1/audit", Some(&other), None).await;
        assert!(
            own.as_array()
                .expect("array")
                .iter()
                .all(|e| e["instansi"] == s.mojokerto),
            "{own}"
        );
        app.finish().await;
    }
}
