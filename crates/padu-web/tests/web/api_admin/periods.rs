//! `GET`/`PATCH /api/v1/periods/{id}` and `POST /api/v1/periods/{id}/close`.

use axum::http::StatusCode;
use padu_store::testing::databases;
use serde_json::json;

use super::{ROLES, fields, open_period};
use crate::support::TestApp;

#[tokio::test]
async fn a_periods_target_and_stage_dates_change_and_nothing_else() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let p = open_period(&app).await;
        let admin = app.token("admin").await;
        let path = format!("/api/v1/periods/{p}");

        let (status, before) = app.json("GET", &path, Some(&admin), None).await;
        assert_eq!(status, StatusCode::OK, "{before}");
        assert_eq!(before["stages"]["mandiri_selesai"], "2026-05-31");
        assert_eq!(before["target"], 3.1);
        assert_eq!(before["closed"], false);

        let (status, body) = app
            .json(
                "PATCH",
                &path,
                Some(&admin),
                Some(json!({
                    "target": "3,25",
                    "stages": {"mandiri_selesai": "2026-06-15", "dokumen_mulai": "2026-06-16",
                               "dokumen_selesai": "2026-07-31", "mandiri_mulai": null}
                })),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, after) = app.json("GET", &path, Some(&admin), None).await;
        assert_eq!(after, body, "GET shows what PATCH answered");
        assert_eq!(after["target"], 3.25);
        assert_eq!(
            after["stages"],
            json!({"mandiri_mulai": null, "mandiri_selesai": "2026-06-15",
                   "dokumen_mulai": "2026-06-16", "dokumen_selesai": "2026-07-31",
                   "interviu_mulai": null, "interviu_selesai": null,
                   "visitasi_mulai": null, "visitasi_selesai": null})
        );
        for key in ["year", "kind", "instrument", "instansi"] {
            assert_eq!(after[key], before[key], "{key} stays");
        }
        // the list and the period's own page say the same
        let (_, list) = app
            .json(
                "GET",
                &format!("/api/v1/instansi/{}/periods", app.seed.trenggalek),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(list[0]["target"], 3.25);
        // the change is in the audit log, with before and after
        let entries = app
            .db
            .store
            .audit_entries(&padu_store::AuditFilter::default(), 50, 0)
            .await
            .expect("audit");
        assert!(
            entries.iter().any(|e| e.action == "period.update"),
            "audited"
        );

        // a target removed with null
        let (status, body) = app
            .json("PATCH", &path, Some(&admin), Some(json!({"target": null})))
            .await;
        assert_eq!((status, &body["target"]), (StatusCode::OK, &json!(null)));
        app.finish().await;
    }
}

#[tokio::test]
async fn bad_period_changes_are_422_in_plain_indonesian_and_change_nothing() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let p = open_period(&app).await;
        let admin = app.token("admin").await;
        let path = format!("/api/v1/periods/{p}");
        let (_, before) = app.json("GET", &path, Some(&admin), None).await;
        let cases = [
            (
                json!({"stages": {"mandiri_selesai": "2026-02-31"}, "target": 3.5}),
                vec!["mandiri_selesai"],
                "Tanggal \"2026-02-31\" harus berbentuk TTTT-BB-HH",
            ),
            (
                json!({"stages": {"mandiri_mulai": "2026-06-01"}}),
                vec!["mandiri_selesai"],
                "Tahap mandiri selesai sebelum dimulai",
            ),
            (
                json!({"target": 9, "stages": {"visitasi_mulai": "besok"}}),
                vec!["target", "visitasi_mulai"],
                "Target indeks harus antara",
            ),
            (
                json!({"target": "tiga"}),
                vec!["target"],
                "\"tiga\" bukan angka",
            ),
            (
                json!({"stages": {"panen_mulai": "2026-01-01"}}),
                vec!["stages.panen_mulai"],
                "",
            ),
            (json!({"year": 2027}), vec!["year"], ""),
        ];
        for (body, expected, message) in cases {
            let (status, answer) = app
                .json("PATCH", &path, Some(&admin), Some(body.clone()))
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {answer}");
            assert_eq!(answer["code"], "invalid");
            assert_eq!(fields(&answer), expected, "{body}: {answer}");
            assert!(
                answer["message"]
                    .as_str()
                    .is_some_and(|m| m.contains(message)),
                "{body}: {answer}"
            );
        }
        let (_, after) = app.json("GET", &path, Some(&admin), None).await;
        assert_eq!(after, before, "nothing changed");
        app.finish().await;
    }
}

#[tokio::test]
async fn who_may_change_and_close_a_period() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let p = open_period(&app).await;
        let path = format!("/api/v1/periods/{p}");
        // (role, GET, PATCH): PATCH and close answer alike
        for user in ROLES {
            let expected = match user {
                "super" | "admin" | "koordinator" => (StatusCode::OK, StatusCode::OK),
                // the province sees its kabupaten, but does not run its evaluation
                "prov" | "operator" | "asesor" | "pimpinan" | "eksternal" => {
                    (StatusCode::OK, StatusCode::FORBIDDEN)
                }
                "admin.mojokerto" => (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND),
                other => panic!("{other}"),
            };
            let token = app.token(user).await;
            let (get, _) = app.json("GET", &path, Some(&token), None).await;
            let (patch, body) = app
                .json(
                    "PATCH",
                    &path,
                    Some(&token),
                    Some(json!({"stages": {"interviu_mulai": "2026-08-01"}})),
                )
                .await;
            assert_eq!((get, patch), expected, "{user}: {body}");
            if patch != StatusCode::OK {
                let (status, _) = app
                    .json("POST", &format!("{path}/close"), Some(&token), None)
                    .await;
                assert_eq!(status, expected.1, "{user} closing");
            }
        }
        // unknown ids, and no token
        let admin = app.token("admin").await;
        for (method, p) in [
            ("GET", "/api/v1/periods/424242"),
            ("PATCH", "/api/v1/periods/424242"),
            ("POST", "/api/v1/periods/424242/close"),
            ("GET", "/api/v1/periods/abc"),
        ] {
            let (status, _) = app.json(method, p, Some(&admin), Some(json!({}))).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{method} {p}");
        }
        let (status, _) = app.json("GET", &path, None, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (_, after) = app.json("GET", &path, Some(&admin), None).await;
        assert_eq!(after["closed"], false, "nobody refused closed it");
        app.finish().await;
    }
}

#[tokio::test]
async fn a_closed_period_refuses_indicator_work_and_further_changes() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let p = open_period(&app).await;
        let admin = app.token("admin").await;
        let operator = app.token("operator").await;
        let indicator = format!("/api/v1/periods/{p}/indicators/1");
        let (status, body) = app
            .json(
                "PATCH",
                &indicator,
                Some(&operator),
                Some(json!({"fakta": "SK Tim 2026"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "open: the operator saves, {body}");

        let (status, closed) = app
            .json(
                "POST",
                &format!("/api/v1/periods/{p}/close"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(
            (status, &closed["closed"]),
            (StatusCode::OK, &json!(true)),
            "{closed}"
        );
        let (status, body) = app
            .json(
                "PATCH",
                &indicator,
                Some(&operator),
                Some(json!({"fakta": "diubah setelah ditutup"})),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert!(
            body["message"]
                .as_str()
                .is_some_and(|m| m.contains("Periode sudah ditutup")),
            "{body}"
        );
        let (status, _) = app
            .json(
                "PUT",
                &format!("{indicator}/assignment"),
                Some(&admin),
                Some(json!({"lead_opd": app.seed.bappeda, "opd": []})),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "no reassignment either");
        let (_, list) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{p}/indicators"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(list[0]["lead_opd"], app.seed.diskominfo, "nothing changed");

        let path = format!("/api/v1/periods/{p}");
        let (status, _) = app
            .json("PATCH", &path, Some(&admin), Some(json!({"target": 3.5})))
            .await;
        assert_eq!(status, StatusCode::CONFLICT);
        let (status, _) = app
            .json("POST", &format!("{path}/close"), Some(&admin), None)
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "closed once");
        // the dashboard still reads it
        let (status, _) = app
            .json("GET", &format!("{path}/score"), Some(&admin), None)
            .await;
        assert_eq!(status, StatusCode::OK);
        app.finish().await;
    }
}
