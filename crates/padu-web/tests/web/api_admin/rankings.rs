//! `GET /api/v1/rankings`: the ranking pages' rows, from the same use cases.

use axum::http::StatusCode;
use padu_app::ranking;
use padu_core::access::InstansiKind;
use padu_store::testing::databases;
use serde_json::Value;

use crate::dashboard::{caller, state_of};
use crate::pages::{get, login};
use crate::ranking::spec;
use crate::support::TestApp;

fn ids(rows: &Value) -> Vec<(i64, i64)> {
    rows.as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            (
                r["rank"].as_i64().unwrap_or(0),
                r["id"].as_i64().unwrap_or(0),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_rankings_are_the_pages_rows() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        app.db
            .store
            .generate_scale(&spec(9, 2))
            .await
            .expect("scale");
        let state = state_of(&app);
        let superadmin = app.token("super").await;

        let expected = ranking::national(&state, &caller(&app, "super").await, Some(2024))
            .await
            .expect("national");
        let (status, body) = app
            .json("GET", "/api/v1/rankings?year=2024", Some(&superadmin), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");
        assert_eq!(body["scope"], "nasional");
        assert_eq!(body["year"], 2024);
        assert_eq!(body["years"], serde_json::json!([2026, 2024]));
        let want: Vec<(i64, i64)> = expected
            .rows
            .iter()
            .map(|r| (i64::try_from(r.rank).unwrap_or(0), r.instansi.id))
            .collect();
        assert_eq!(
            ids(&body["rows"]),
            want,
            "{label}: the same rows, in the same order"
        );
        let first = &expected.rows[0];
        assert_eq!(
            body["rows"][0]["index_display"],
            first.instrument.display(first.index, '.'),
            "{label}"
        );
        assert_eq!(body["rows"][0]["final"], true, "{label}: 2024 is final");
        assert_eq!(
            body["missing"].as_array().map(Vec::len),
            Some(expected.missing.len()),
            "{label}"
        );
        // the page shows those rows, in that order
        let cookie = login(&app, "super").await;
        let page = get(&app, "/peringkat?tahun=2024", Some(&cookie)).await;
        let mut at = 0;
        for r in &expected.rows {
            let found = page.body[at..].find(&r.instansi.name);
            assert!(
                found.is_some(),
                "{label}: {} in order on the page",
                r.instansi.name
            );
            at += found.unwrap_or(0);
        }

        // a province, with the default year (the newest)
        let province = expected
            .rows
            .iter()
            .find(|r| r.instansi.kind == InstansiKind::Provinsi)
            .expect("generated province")
            .instansi
            .clone();
        let own = ranking::province(&state, &caller(&app, "super").await, province.id, None)
            .await
            .expect("province");
        let (status, body) = app
            .json(
                "GET",
                &format!("/api/v1/rankings?province={}", province.id),
                Some(&superadmin),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}");
        assert_eq!(
            (&body["scope"], &body["province"]["id"], &body["year"]),
            (
                &serde_json::json!("provinsi"),
                &serde_json::json!(province.id),
                &serde_json::json!(2026)
            )
        );
        let want: Vec<(i64, i64)> = own
            .rows
            .iter()
            .map(|r| (i64::try_from(r.rank).unwrap_or(0), r.instansi.id))
            .collect();
        assert_eq!(ids(&body["rows"]), want, "{label}");
        assert_eq!(
            body["rows"][0]["final"], false,
            "{label}: 2026 is provisional"
        );
        app.finish().await;
    }
}

#[tokio::test]
async fn who_may_see_which_ranking() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let jatim = format!("/api/v1/rankings?province={}", s.jatim);
        for user in super::ROLES {
            let (national, province) = match user {
                "super" => (StatusCode::OK, StatusCode::OK),
                "prov" => (StatusCode::FORBIDDEN, StatusCode::OK),
                // a kabupaten's people see their own instansi, not the province
                _ => (StatusCode::FORBIDDEN, StatusCode::NOT_FOUND),
            };
            let token = app.token(user).await;
            let (status, _) = app
                .json("GET", "/api/v1/rankings", Some(&token), None)
                .await;
            assert_eq!(status, national, "{user}: national");
            let (status, body) = app.json("GET", &jatim, Some(&token), None).await;
            assert_eq!(status, province, "{user}: Jawa Timur");
            if status == StatusCode::OK {
                assert_eq!(body["year"], Value::Null, "no evaluation yet");
                assert_eq!(body["missing"].as_array().map(Vec::len), Some(3));
            }
        }
        let superadmin = app.token("super").await;
        for (query, expected) in [
            (format!("province={}", s.trenggalek), StatusCode::NOT_FOUND),
            ("province=424242".to_string(), StatusCode::NOT_FOUND),
            ("province=abc".to_string(), StatusCode::BAD_REQUEST),
            ("year=tahun-depan".to_string(), StatusCode::BAD_REQUEST),
            ("year=1990".to_string(), StatusCode::OK),
        ] {
            let (status, body) = app
                .json(
                    "GET",
                    &format!("/api/v1/rankings?{query}"),
                    Some(&superadmin),
                    None,
                )
                .await;
            assert_eq!(status, expected, "{query}: {body}");
        }
        let (status, _) = app.json("GET", "/api/v1/rankings", None, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        app.finish().await;
    }
}
