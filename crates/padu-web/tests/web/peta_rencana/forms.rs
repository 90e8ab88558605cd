//! The roadmap page's forms for enacting with the decree and reviewing into a new version:
//! shown only to who may edit and only in the status that allows them, bad input back on the
//! page with what was typed, and the same result as the API.

use axum::http::StatusCode;
use padu_store::testing::databases;
use serde_json::json;

use super::roadmap;
use crate::pages::{get, login, post};
use crate::support::TestApp;

#[tokio::test]
async fn a_roadmap_is_enacted_and_reviewed_through_its_page() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let token = app.token("admin").await;
        let r = roadmap(
            &app,
            &token,
            s.trenggalek,
            json!({"title": "Peta Rencana SPBE 2025-2029", "start_year": 2025}),
        )
        .await;
        let admin = login(&app, "admin").await;
        let pimpinan = login(&app, "pimpinan").await;
        let path = format!("/peta-rencana/{r}");
        let page = get(&app, &path, Some(&admin)).await;
        assert!(
            page.has("Penetapan oleh kepala daerah") && !page.has("Reviu peta rencana"),
            "{label}"
        );
        let seen = get(&app, &path, Some(&pimpinan)).await;
        assert!(
            !seen.has("Penetapan oleh kepala daerah"),
            "{label}: read only"
        );

        // a decree without its number comes back with the date kept
        let bad = post(
            &app,
            &format!("{path}/tetapkan"),
            Some(&admin),
            &[("decree_number", ""), ("decree_date", "2025-03-01")],
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert!(
            bad.has("Nomor peraturan kepala daerah wajib diisi") && bad.has("value=\"2025-03-01\""),
            "{label}"
        );
        let refused = post(
            &app,
            &format!("{path}/tetapkan"),
            Some(&pimpinan),
            &[("decree_number", "1"), ("decree_date", "2025-03-01")],
        )
        .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{label}");
        let done = post(
            &app,
            &format!("{path}/tetapkan"),
            Some(&admin),
            &[
                (
                    "decree_number",
                    "Peraturan Bupati Trenggalek Nomor 17 Tahun 2025",
                ),
                ("decree_date", "2025-03-01"),
            ],
        )
        .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{label}: {}", done.body);
        let (_, stored) = app
            .json("GET", &format!("/api/v1/roadmaps/{r}"), Some(&token), None)
            .await;
        assert_eq!(stored["status"], "ditetapkan", "{label}");
        assert_eq!(stored["decree_date"], "2025-03-01", "{label}");
        let page = get(&app, &path, Some(&admin)).await;
        assert!(
            page.has("Peta rencana telah ditetapkan.") || page.has("Reviu peta rencana"),
            "{label}"
        );
        assert!(
            !page.has(&format!("action=\"/peta-rencana/{r}/tetapkan\"")),
            "{label}"
        );

        // a review: a bad kind comes back, a good one answers the new version
        let bad = post(
            &app,
            &format!("{path}/reviu"),
            Some(&admin),
            &[("kind", "sela"), ("note", "Perubahan Renstra")],
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert!(
            bad.has("Jenis reviu harus") && bad.has("Perubahan Renstra"),
            "{label}"
        );
        let reviewed = post(
            &app,
            &format!("{path}/reviu"),
            Some(&admin),
            &[
                ("kind", "tengah"),
                ("note", "Perubahan Renstra 2025-2029"),
                ("new_title", ""),
            ],
        )
        .await;
        assert_eq!(
            reviewed.status,
            StatusCode::SEE_OTHER,
            "{label}: {}",
            reviewed.body
        );
        let (_, list) = app
            .json(
                "GET",
                &format!("/api/v1/instansi/{}/roadmaps", s.trenggalek),
                Some(&token),
                None,
            )
            .await;
        let new = &list[0];
        assert_eq!(new["version"], 2, "{label}");
        assert_eq!(
            new["title"], "Peta Rencana SPBE 2025-2029",
            "{label}: the old title kept"
        );
        assert!(
            reviewed
                .location()
                .starts_with(&format!("/peta-rencana/{}", new["id"])),
            "{label}"
        );
        app.finish().await;
    }
}
