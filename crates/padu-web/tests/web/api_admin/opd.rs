//! `PATCH /api/v1/opd/{id}` with `active`: the OPD page's deactivation, through the API.

use axum::http::StatusCode;
use padu_store::testing::databases;
use serde_json::json;

use super::ROLES;
use crate::pages::{get, login};
use crate::support::TestApp;

#[tokio::test]
async fn a_deactivated_opd_is_no_longer_offered_and_comes_back_when_reactivated() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let admin = app.token("admin").await;
        let path = format!("/api/v1/opd/{}", s.bappeda);
        let cookie = login(&app, "admin").await;
        let offered = |body: &str| body.contains(&format!("value=\"{}\"", s.bappeda));
        assert!(offered(
            &get(&app, "/pengguna/baru", Some(&cookie)).await.body
        ));

        let (status, body) = app
            .json("PATCH", &path, Some(&admin), Some(json!({"active": false})))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(
            (&body["active"], &body["name"]),
            (&json!(false), &json!("Bappeda"))
        );
        let page = get(&app, "/pengguna/baru", Some(&cookie)).await;
        assert!(!offered(&page.body), "no new user is placed in it");
        let list = get(
            &app,
            &format!("/instansi/{}/opd", s.trenggalek),
            Some(&cookie),
        )
        .await;
        assert!(list.has("Nonaktif"), "the OPD page says so");
        // nor is anyone moved into it
        let (_, users) = app.json("GET", "/api/v1/users", Some(&admin), None).await;
        let operator = users
            .as_array()
            .and_then(|u| u.iter().find(|u| u["username"] == "operator"))
            .and_then(|u| u["id"].as_i64())
            .expect("operator");
        let (status, body) = app
            .json(
                "PATCH",
                &format!("/api/v1/users/{operator}"),
                Some(&admin),
                Some(json!({"opd": s.bappeda})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["fields"][0]["message"], "OPD itu sudah tidak aktif");

        let (status, body) = app
            .json("PATCH", &path, Some(&admin), Some(json!({"active": true})))
            .await;
        assert_eq!((status, &body["active"]), (StatusCode::OK, &json!(true)));
        assert!(offered(
            &get(&app, "/pengguna/baru", Some(&cookie)).await.body
        ));
        app.finish().await;
    }
}

#[tokio::test]
async fn who_may_deactivate_an_opd() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let path = format!("/api/v1/opd/{}", app.seed.bappeda);
        for user in ROLES {
            let expected = match user {
                "super" | "prov" | "admin" => StatusCode::OK,
                "koordinator" | "operator" | "asesor" | "pimpinan" | "eksternal" => {
                    StatusCode::FORBIDDEN
                }
                // another instansi's OPD is not there for them
                "admin.mojokerto" => StatusCode::NOT_FOUND,
                other => panic!("{other}"),
            };
            let token = app.token(user).await;
            let (status, body) = app
                .json("PATCH", &path, Some(&token), Some(json!({"active": false})))
                .await;
            assert_eq!(status, expected, "{user}: {body}");
            if status == StatusCode::OK {
                // back for the next role
                let (status, _) = app
                    .json("PATCH", &path, Some(&token), Some(json!({"active": true})))
                    .await;
                assert_eq!(status, StatusCode::OK);
            }
        }
        let admin = app.token("admin").await;
        let (status, body) = app
            .json(
                "PATCH",
                &path,
                Some(&admin),
                Some(json!({"active": "nein"})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (_, opds) = app
            .json(
                "GET",
                &format!("/api/v1/instansi/{}/opd", app.seed.trenggalek),
                Some(&admin),
                None,
            )
            .await;
        assert!(
            opds.as_array()
                .expect("array")
                .iter()
                .all(|o| o["active"] == json!(true)),
            "every refused call changed nothing: {opds}"
        );
        app.finish().await;
    }
}
