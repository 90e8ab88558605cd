//! Two instances (two routers, each with its own store and read caches) on one database: what
//! one acknowledges, the other's very next request sees, and the login throttle counts the
//! failures of both.

use std::mem::swap;

use axum::http::StatusCode;
use padu_store::testing::databases;
use serde_json::json;

use crate::support::{PASSWORD, TestApp};

#[tokio::test]
async fn a_user_deactivated_on_one_instance_is_refused_on_the_other_at_once() {
    for db in databases().await {
        let mut app = TestApp::new(db).await;
        let label = app.db.label;
        let mut b = app.another_instance().await;
        let admin = app.token("admin").await;
        let operator_token = app.token("operator").await;
        let operator = app
            .db
            .store
            .users_in(None)
            .await
            .expect("users")
            .into_iter()
            .find(|u| u.username == "operator")
            .expect("seeded operator")
            .id;

        // on B: the token works, and B caches its caller
        swap(&mut app.router, &mut b);
        for _ in 0..2 {
            let (status, body) = app
                .json("GET", "/api/v1/me", Some(&operator_token), None)
                .await;
            assert_eq!(status, StatusCode::OK, "{label}: {body}");
        }
        // on A: deactivated
        swap(&mut app.router, &mut b);
        let (status, body) = app
            .json(
                "PATCH",
                &format!("/api/v1/users/{operator}"),
                Some(&admin),
                Some(json!({"active": false})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");
        // on B, the very next request
        swap(&mut app.router, &mut b);
        let (status, body) = app
            .json("GET", "/api/v1/me", Some(&operator_token), None)
            .await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "{label}: the token ended on A still works on B: {body}"
        );
        swap(&mut app.router, &mut b);
        app.finish().await;
    }
}

#[tokio::test]
async fn five_failures_spread_over_two_instances_block_the_sign_in() {
    for db in databases().await {
        let mut app = TestApp::new(db).await;
        let label = app.db.label;
        let mut b = app.another_instance().await;
        let attempt =
            |password: &'static str| json!({"username": "operator", "password": password});
        for _ in 0..5 {
            let (status, _) = app
                .json(
                    "POST",
                    "/api/v1/auth/token",
                    None,
                    Some(attempt("salah sekali")),
                )
                .await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{label}");
            swap(&mut app.router, &mut b);
        }
        // 3 failures on A, 2 on B: both refuse the right password now
        for _ in 0..2 {
            let (status, body) = app
                .json("POST", "/api/v1/auth/token", None, Some(attempt(PASSWORD)))
                .await;
            assert_eq!(
                status,
                StatusCode::TOO_MANY_REQUESTS,
                "{label}: two servers allow no more guesses than one: {body}"
            );
            swap(&mut app.router, &mut b);
        }
        app.finish().await;
    }
}
