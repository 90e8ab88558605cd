//! Recommendations: written by the province to one of its kabupaten/kota, seen by that
//! instansi's roles and the province only, notified, audited, followed up once.

use axum::http::StatusCode;
use padu_store::AuditFilter;
use padu_store::testing::databases;
use serde_json::json;

use super::scenario;
use crate::pages::{get, login, post};
use crate::support::TestApp;

async fn user_id(app: &TestApp, username: &str) -> i64 {
    app.db
        .store
        .users_in(None)
        .await
        .expect("users")
        .into_iter()
        .find(|u| u.username == username)
        .expect("user")
        .id
}

async fn unread(app: &TestApp, username: &str) -> Vec<String> {
    let id = user_id(app, username).await;
    app.db
        .store
        .notifications_of(id, true, 50)
        .await
        .expect("notifications")
        .into_iter()
        .map(|n| n.message)
        .collect()
}

#[tokio::test]
async fn a_province_coaches_its_members_and_they_follow_up() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let sc = scenario(&app).await;
        let prov = app.token("prov").await;
        let path = format!("/api/v1/instansi/{}/recommendations", s.trenggalek);

        // bad input changes nothing
        for (body, field) in [
            (json!({"year": 2026, "text": "  "}), "text"),
            (json!({"year": 1900, "text": "Perbaiki"}), "year"),
            (
                json!({"year": 2026, "text": "Perbaiki", "indicator": 21}),
                "indicator",
            ),
            (
                json!({"year": 2024, "text": "Perbaiki", "indicator": 3}),
                "indicator",
            ),
        ] {
            let (status, err) = app
                .json("POST", &path, Some(&prov), Some(body.clone()))
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{label}: {body}");
            assert!(
                err["fields"]
                    .as_array()
                    .is_some_and(|f| f.iter().any(|x| x["field"] == field)),
                "{label}: {err}"
            );
        }
        let (_, list) = app.json("GET", &path, Some(&prov), None).await;
        assert_eq!(list, json!([]), "{label}: nothing stored");

        let (status, rec) = app
            .json(
                "POST",
                &path,
                Some(&prov),
                Some(json!({
                    "year": 2026,
                    "text": "Lengkapi Arsitektur SPBE domain layanan sebelum tahap dokumen berakhir.",
                    "indicator": 3
                })),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{label}: {rec}");
        assert_eq!(
            rec["period"], sc.p2026,
            "{label}: the 2026 evaluation's indicator"
        );
        assert_eq!(rec["indicator"], 3, "{label}");
        assert_eq!(rec["author"], "prov", "{label}");
        assert!(rec["follow_up"].is_null(), "{label}");
        let id = rec["id"].as_i64().expect("id");
        for who in ["admin", "koordinator"] {
            assert!(
                unread(&app, who)
                    .await
                    .iter()
                    .any(|m| m.starts_with("Rekomendasi pembinaan 2026 (indikator 3): Lengkapi")),
                "{label}: {who} is notified"
            );
        }
        assert!(
            !unread(&app, "operator")
                .await
                .iter()
                .any(|m| m.contains("Rekomendasi")),
            "{label}: operators are not"
        );
        let audit = app
            .db
            .store
            .audit_entries(
                &AuditFilter {
                    action: Some("recommendation.".into()),
                    ..AuditFilter::default()
                },
                10,
                0,
            )
            .await
            .expect("audit");
        assert_eq!(audit.len(), 1, "{label}: audited");

        // it shows on the instansi's dashboard until followed up
        let dash = get(
            &app,
            &format!("/periode/{}", sc.p2026),
            Some(&login(&app, "koordinator").await),
        )
        .await;
        assert!(
            dash.has("Lengkapi Arsitektur SPBE domain layanan"),
            "{label}"
        );
        assert!(
            dash.has(&format!("href=\"/periode/{}/indikator/3\"", sc.p2026)),
            "{label}"
        );

        // who sees it: the instansi's roles, the province, the superadmin; nobody else
        for (who, expected) in [
            ("admin", StatusCode::OK),
            ("operator", StatusCode::OK),
            ("pimpinan", StatusCode::OK),
            ("super", StatusCode::OK),
            ("admin.mojokerto", StatusCode::NOT_FOUND),
        ] {
            let token = app.token(who).await;
            let (status, body) = app.json("GET", &path, Some(&token), None).await;
            assert_eq!(status, expected, "{label}: {who}");
            if status == StatusCode::OK {
                assert_eq!(body[0]["id"], id, "{label}: {who}");
            }
        }
        // who may write one: only the province (and the superadmin), never to itself
        let admin = app.token("admin").await;
        let body = json!({"year": 2026, "text": "Catatan"});
        let (status, _) = app
            .json("POST", &path, Some(&admin), Some(body.clone()))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{label}");
        let own = format!("/api/v1/instansi/{}/recommendations", s.jatim);
        let (status, _) = app
            .json("POST", &own, Some(&prov), Some(body.clone()))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{label}: not to itself");

        // the follow-up: the instansi's admin or koordinator, once; the author is told
        let follow = format!("/api/v1/recommendations/{id}/follow-up");
        let operator = app.token("operator").await;
        let note = json!({"note": "Domain layanan sudah dilengkapi dan diverifikasi."});
        let (status, _) = app
            .json("POST", &follow, Some(&operator), Some(note.clone()))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{label}");
        let other = app.token("admin.mojokerto").await;
        let (status, _) = app
            .json("POST", &follow, Some(&other), Some(note.clone()))
            .await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "{label}: not even its existence"
        );
        let (status, _) = app
            .json("POST", &follow, Some(&admin), Some(json!({"note": ""})))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        let (status, done) = app
            .json("POST", &follow, Some(&admin), Some(note.clone()))
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {done}");
        assert_eq!(done["follow_up"]["by"], "admin", "{label}");
        let (status, _) = app.json("POST", &follow, Some(&admin), Some(note)).await;
        assert_eq!(status, StatusCode::CONFLICT, "{label}: once");
        assert!(
            unread(&app, "prov")
                .await
                .iter()
                .any(|m| m.contains("menindaklanjuti rekomendasi 2026")),
            "{label}: the author is told"
        );

        // the pages: the province writes, the instansi follows up
        let pc = login(&app, "prov").await;
        let page_path = format!("/instansi/{}/rekomendasi", s.trenggalek);
        let page = get(&app, &page_path, Some(&pc)).await;
        assert_eq!(page.status, StatusCode::OK, "{label}");
        assert!(
            page.has("Tulis rekomendasi") && page.has("Sudah ditindaklanjuti"),
            "{label}"
        );
        let bad = post(
            &app,
            &page_path,
            Some(&pc),
            &[("year", "dua ribu"), ("text", "x")],
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert!(bad.has("Tahun harus berupa angka"), "{label}");
        let sent = post(
            &app,
            &page_path,
            Some(&pc),
            &[
                ("year", "2026"),
                ("text", "Susun Peta Rencana SPBE 2025-2029."),
                ("indicator", ""),
            ],
        )
        .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{label}");
        assert_eq!(
            sent.location(),
            format!("{page_path}?pesan=rekomendasi-dikirim"),
            "{label}"
        );
        let ac = login(&app, "admin").await;
        let page = get(&app, &page_path, Some(&ac)).await;
        assert!(
            page.has("Susun Peta Rencana SPBE 2025-2029.")
                && page.has("Tandai sudah ditindaklanjuti"),
            "{label}"
        );
        assert!(
            !page.has("Kirim rekomendasi"),
            "{label}: the instansi does not write"
        );
        let (_, list) = app.json("GET", &path, Some(&prov), None).await;
        let newest = list[0]["id"].as_i64().expect("id");
        let empty = post(
            &app,
            &format!("/rekomendasi/{newest}/tindak-lanjut"),
            Some(&ac),
            &[("note", " ")],
        )
        .await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert!(empty.has("field__error"), "{label}");
        let ok = post(
            &app,
            &format!("/rekomendasi/{newest}/tindak-lanjut"),
            Some(&ac),
            &[("note", "Draf sudah disusun Bappeda.")],
        )
        .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{label}");
        let page = get(&app, ok.location(), Some(&ac)).await;
        assert!(
            page.has("Tindak lanjut tercatat") && page.has("Draf sudah disusun Bappeda."),
            "{label}"
        );
        app.finish().await;
    }
}
