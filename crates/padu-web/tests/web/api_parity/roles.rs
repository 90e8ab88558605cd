//! Every role of the seed against every new operation.

use axum::http::StatusCode;
use padu_store::testing::databases;
use serde_json::json;

use super::*;

/// (role's user, expected status) for one request of every role.
type Outcomes = [(&'static str, StatusCode); 11];

#[tokio::test]
async fn every_role_gets_the_outcome_its_pages_give() {
    use StatusCode as S;
    for db in databases().await {
        let app = TestApp::new(db).await;
        let t = app.seed.trenggalek;
        bappeda_operator(&app).await;
        let p = open_period(&app, "admin", t).await;
        assign(&app, p, &[1, 2]).await;
        let detail = format!("/api/v1/periods/{p}/indicators/1");
        let comments = format!("{detail}/comments");
        let link = format!("{detail}/evidence/link");
        let search = format!("/api/v1/instansi/{t}/evidence");
        let audit = format!("/api/v1/audit?instansi={t}");
        let users = [
            "operator",
            "operator.bappeda",
            "asesor",
            "admin",
            "koordinator",
            "pimpinan",
            "eksternal",
            "prov",
            "super",
            "admin.mojokerto",
            "",
        ];
        let all = |statuses: [StatusCode; 11]| -> Outcomes {
            let mut out = [("", S::OK); 11];
            for (i, status) in statuses.into_iter().enumerate() {
                out[i] = (users[i], status);
            }
            out
        };
        let ok = S::OK;
        let no = S::FORBIDDEN;
        let gone = S::NOT_FOUND;
        let anon = S::UNAUTHORIZED;
        let cases: Vec<(&str, String, Option<Value>, Outcomes)> = vec![
            (
                "GET",
                detail.clone(),
                None,
                all([ok, ok, ok, ok, ok, ok, ok, ok, ok, gone, anon]),
            ),
            (
                "GET",
                comments.clone(),
                None,
                all([ok, ok, ok, ok, ok, ok, ok, ok, ok, gone, anon]),
            ),
            (
                "POST",
                comments.clone(),
                Some(json!({"text": "Catatan"})),
                all([
                    S::CREATED,
                    no,
                    S::CREATED,
                    S::CREATED,
                    no,
                    no,
                    S::CREATED,
                    no,
                    S::CREATED,
                    gone,
                    anon,
                ]),
            ),
            (
                "GET",
                search.clone(),
                None,
                all([ok, ok, ok, ok, ok, ok, ok, ok, ok, gone, anon]),
            ),
            (
                "GET",
                "/api/v1/notifications".into(),
                None,
                all([ok, ok, ok, ok, ok, ok, ok, ok, ok, ok, anon]),
            ),
            (
                "POST",
                "/api/v1/notifications/read-all".into(),
                None,
                all([ok, ok, ok, ok, ok, ok, ok, ok, ok, ok, anon]),
            ),
            (
                "GET",
                audit.clone(),
                None,
                all([no, no, no, ok, ok, no, no, ok, ok, gone, anon]),
            ),
        ];
        let mut tokens = Vec::new();
        for user in users {
            tokens.push(if user.is_empty() {
                None
            } else {
                Some(app.token(user).await)
            });
        }
        let mut wrong = Vec::new();
        for (method, path, body, outcomes) in cases {
            for (i, (user, expected)) in outcomes.iter().enumerate() {
                let (status, answer) = app
                    .json(method, &path, tokens[i].as_deref(), body.clone())
                    .await;
                if status != *expected {
                    wrong.push(format!(
                        "{method} {path} as {user:?}: {status}, expected {expected}: {answer}"
                    ));
                }
            }
        }
        // linking: each role links an item of its own (one item is linked once)
        let expected = all([
            S::CREATED,
            no,
            no,
            S::CREATED,
            no,
            no,
            no,
            no,
            S::CREATED,
            gone,
            anon,
        ]);
        for (i, (user, expected)) in expected.iter().enumerate() {
            let item = evidence(&app, p, 2, t, &format!("bukti {i}.pdf")).await;
            let body = json!({"evidence": item, "level": 2});
            let (status, answer) = app
                .json("POST", &link, tokens[i].as_deref(), Some(body))
                .await;
            if status != *expected {
                wrong.push(format!(
                    "POST {link} as {user:?}: {status}, expected {expected}: {answer}"
                ));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        app.finish().await;
    }
}
