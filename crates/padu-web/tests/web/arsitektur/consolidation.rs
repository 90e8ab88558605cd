//! Consolidating overlapping applications: the finder's proposal per application, and the
//! decision the verifiers record (checked, replaced, cleared with its target), for them only.

use axum::http::StatusCode;
use padu_store::testing::databases;
use serde_json::json;

use super::item;
use crate::support::TestApp;

#[tokio::test]
async fn overlapping_applications_are_proposed_and_decided() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let admin = app.token("admin").await;
        let i = s.trenggalek;
        let application = |name: &str, opd: i64, kind: &str| {
            json!({"domain": "aplikasi", "name": name, "opd": opd, "year": 2026,
                   "reference": "RAA.01.02", "kind": kind})
        };
        let national = item(
            &app,
            &admin,
            i,
            application("SRIKANDI", s.diskominfo, "umum"),
        )
        .await;
        let own = item(
            &app,
            &admin,
            i,
            application("E-Surat Bappeda", s.bappeda, "khusus"),
        )
        .await;
        let process = item(
            &app,
            &admin,
            i,
            json!({"domain": "proses_bisnis", "name": "Tata naskah dinas", "opd": s.bappeda, "year": 2026}),
        )
        .await;

        let path = format!("/api/v1/instansi/{i}/applications/consolidation");
        let (status, groups) = app.json("GET", &path, Some(&admin), None).await;
        assert_eq!(status, StatusCode::OK, "{label}: {groups}");
        assert_eq!(groups[0]["reference"], "RAA.01.02", "{label}: {groups}");
        let proposals: Vec<(i64, String, Option<i64>)> = groups[0]["applications"]
            .as_array()
            .expect("applications")
            .iter()
            .map(|a| {
                (
                    a["id"].as_i64().expect("id"),
                    a["proposal"]["decision"]
                        .as_str()
                        .expect("decision")
                        .to_string(),
                    a["proposal"]["with"].as_i64(),
                )
            })
            .collect();
        let mut expected = vec![
            (national, "keep".to_string(), None),
            (own, "integrate".to_string(), Some(national)),
        ];
        expected.sort();
        assert_eq!(proposals, expected, "{label}");

        let decide = |id: i64, body: serde_json::Value, token: String| {
            let app = &app;
            async move {
                app.json(
                    "PUT",
                    &format!("/api/v1/architecture/items/{id}/consolidation"),
                    Some(&token),
                    Some(body),
                )
                .await
            }
        };
        // what each decision needs, in the user's words, and nothing stored
        for (body, field) in [
            (json!({"decision": "merge", "date": "2026-11-30"}), "into"),
            (
                json!({"decision": "merge", "into": own, "date": "2026-11-30"}),
                "into",
            ),
            (
                json!({"decision": "merge", "into": process, "date": "2026-11-30"}),
                "into",
            ),
            (
                json!({"decision": "integrate", "date": "2026-11-30"}),
                "national",
            ),
            (
                json!({"decision": "pertahankan", "date": "2026-11-30"}),
                "decision",
            ),
            (json!({"decision": "keep", "date": "30/11/2026"}), "date"),
        ] {
            let (status, err) = decide(own, body.clone(), admin.clone()).await;
            assert_eq!(
                status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{label}: {body} {err}"
            );
            assert!(err.to_string().contains(field), "{label}: {body} {err}");
        }
        let (status, err) = decide(
            process,
            json!({"decision": "keep", "date": "2026-11-30"}),
            admin.clone(),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{label}: {err}");
        let (_, groups) = app.json("GET", &path, Some(&admin), None).await;
        assert!(
            groups[0]["applications"]
                .as_array()
                .expect("apps")
                .iter()
                .all(|a| a["decision"].is_null()),
            "{label}: {groups}"
        );

        // an operator proposes nothing here; another instansi does not see the item
        let operator = app.token("operator").await;
        let (status, _) = decide(
            own,
            json!({"decision": "retire", "date": "2026-11-30"}),
            operator,
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{label}");
        let other = app.token("admin.mojokerto").await;
        let (status, _) = decide(
            own,
            json!({"decision": "retire", "date": "2026-11-30"}),
            other.clone(),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{label}");
        let (status, _) = app.json("GET", &path, Some(&other), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{label}");

        // recorded, then replaced
        let (status, d) = decide(
            own,
            json!({"decision": "integrate", "national": "SRIKANDI", "date": "2026-11-30", "note": "Sesuai surat edaran"}),
            admin.clone(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{label}: {d}");
        assert_eq!(d["decision"], "integrate", "{label}");
        assert_eq!(d["decided_by"], "admin", "{label}");
        let (status, d) = decide(
            own,
            json!({"decision": "merge", "into": national, "date": "2026-12-01"}),
            admin.clone(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{label}: {d}");
        let (_, groups) = app.json("GET", &path, Some(&admin), None).await;
        let mine = groups[0]["applications"]
            .as_array()
            .expect("apps")
            .iter()
            .find(|a| a["id"] == own)
            .cloned()
            .expect("own");
        assert_eq!(mine["decision"]["decision"], "merge", "{label}: {mine}");
        assert_eq!(mine["decision"]["into"], national, "{label}");
        assert_eq!(mine["decision"]["date"], "2026-12-01", "{label}");
        assert!(mine["decision"]["national"].is_null(), "{label}");

        // the application it merges into is deleted: the decision stays, its target cleared
        let (status, _) = app
            .json(
                "DELETE",
                &format!("/api/v1/architecture/items/{national}"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{label}");
        let kept = app.db.store.application_decisions(i).await.expect("read");
        assert_eq!(kept.len(), 1, "{label}");
        assert_eq!(kept[0].into, None, "{label}");
        app.finish().await;
    }
}
