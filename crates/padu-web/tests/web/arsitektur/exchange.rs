//! The architecture as an ArchiMate Open Exchange document, through the API and the page: the
//! instansi's items as elements and their links as relationships, for those who may read the
//! architecture only.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use padu_store::testing::databases;
use serde_json::json;

use super::{item, link};
use crate::pages::login;
use crate::support::TestApp;

#[tokio::test]
async fn the_architecture_downloads_as_an_archimate_model() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let admin = app.token("admin").await;
        let i = s.trenggalek;
        let process = item(
            &app,
            &admin,
            i,
            json!({"domain": "proses_bisnis", "name": "Perencanaan & penganggaran", "opd": s.bappeda, "year": 2026}),
        )
        .await;
        let service = item(
            &app,
            &admin,
            i,
            json!({"domain": "layanan", "name": "Musrenbang daring", "opd": s.bappeda, "year": 2026}),
        )
        .await;
        let older = item(
            &app,
            &admin,
            i,
            json!({"domain": "aplikasi", "name": "SIMDA lama", "opd": s.bappeda, "year": 2025}),
        )
        .await;
        link(&app, &admin, service, &[process]).await;

        let get = |path: String, auth: Option<(header::HeaderName, String)>| {
            let mut request = Request::builder().uri(path);
            if let Some((name, value)) = auth {
                request = request.header(name, value);
            }
            app.send(request.body(Body::empty()).expect("request"))
        };
        let bearer = |t: &str| Some((header::AUTHORIZATION, format!("Bearer {t}")));
        let api = format!("/api/v1/instansi/{i}/architecture/archimate");
        let (status, headers, body) = get(api.clone(), bearer(&admin)).await;
        assert_eq!(status, StatusCode::OK, "{label}");
        assert_eq!(headers[header::CONTENT_TYPE], "application/xml", "{label}");
        assert_eq!(
            headers[header::CONTENT_DISPOSITION],
            "attachment; filename=\"arsitektur-spbe-kabupaten-trenggalek.xml\"",
            "{label}"
        );
        let xml = String::from_utf8(body).expect("utf-8");
        for expected in [
            format!("<element identifier=\"id-item-{process}\" xsi:type=\"BusinessProcess\">"),
            format!("<element identifier=\"id-item-{service}\" xsi:type=\"BusinessService\">"),
            format!("<element identifier=\"id-item-{older}\" xsi:type=\"ApplicationComponent\">"),
            "Perencanaan &amp; penganggaran".to_string(),
            format!(
                "source=\"id-item-{process}\" target=\"id-item-{service}\" xsi:type=\"Realization\""
            ),
        ] {
            assert!(xml.contains(&expected), "{label}: {expected} in {xml}");
        }

        // one year only: the 2025 application stays out
        let (status, headers, body) = get(format!("{api}?year=2026"), bearer(&admin)).await;
        assert_eq!(status, StatusCode::OK, "{label}");
        assert!(
            headers[header::CONTENT_DISPOSITION]
                .to_str()
                .is_ok_and(|d| d.contains("kabupaten-trenggalek-2026.xml")),
            "{label}"
        );
        let xml = String::from_utf8(body).expect("utf-8");
        assert!(!xml.contains(&format!("id-item-{older}\"")), "{label}");
        assert!(xml.contains(&format!("id-item-{process}\"")), "{label}");

        // another instansi does not learn it exists; nobody signed in gets 401; a bad year 400
        let other = app.token("admin.mojokerto").await;
        let (status, _, _) = get(api.clone(), bearer(&other)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{label}");
        let (status, _, _) = get(api.clone(), None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{label}");
        let (status, _, _) = get(format!("{api}?year=dua"), bearer(&admin)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{label}");

        // the page's link, with the browser's session
        let cookie = login(&app, "operator").await;
        let list =
            crate::pages::get(&app, &format!("/instansi/{i}/arsitektur"), Some(&cookie)).await;
        let href = format!("/instansi/{i}/arsitektur/archimate.xml");
        assert!(list.has(&format!("href=\"{href}\"")), "{label}");
        let (status, headers, body) = get(href, Some((header::COOKIE, cookie))).await;
        assert_eq!(status, StatusCode::OK, "{label}");
        assert_eq!(headers[header::CONTENT_TYPE], "application/xml", "{label}");
        assert!(
            String::from_utf8_lossy(&body).contains("Musrenbang daring"),
            "{label}"
        );
        app.finish().await;
    }
}
