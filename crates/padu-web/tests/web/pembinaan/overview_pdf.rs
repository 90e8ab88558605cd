//! The overview as a PDF, on every backend: the page and the API answer with a PDF for the
//! province administrator and refuse a kabupaten administrator; the document's data (the
//! model shared with the workbook) carries each member's figures as the page shows them, in
//! Indonesian format. The web test app has no typesetter (that is padu-pdf's, tested there):
//! here a stand-in renderer writes the data it is given, and without one the answer is the
//! same 409 as for a period's PDF report.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use padu_reports::{OverviewSheet, PdfError, PdfRenderer, PeriodReport};

use super::scenario;
use crate::dashboard::{caller, state_of};
use crate::pages::{get, login};
use crate::support::TestApp;

/// Writes the overview's data as text behind a PDF signature.
#[derive(Debug)]
struct StandIn;

impl PdfRenderer for StandIn {
    fn period_report(&self, _: &PeriodReport) -> Result<Vec<u8>, PdfError> {
        Err(PdfError("not in this test".into()))
    }

    fn action_plan(&self, _: &PeriodReport) -> Result<Vec<u8>, PdfError> {
        Err(PdfError("not in this test".into()))
    }

    fn overview(&self, o: &OverviewSheet) -> Result<Vec<u8>, PdfError> {
        let mut out = format!("%PDF-stand-in\n{}\nnational={}\n", o.title, o.national);
        for r in &o.rows {
            let text = |f: &Option<padu_reports::Figure>| {
                f.as_ref().map_or("-".to_string(), |f| f.text.clone())
            };
            out.push_str(&format!(
                "{}|{}|{}|{}|{}\n",
                r.name,
                r.province,
                text(&r.index),
                r.basis,
                text(&r.gap)
            ));
        }
        Ok(out.into_bytes())
    }

    fn roadmap(&self, _: &padu_reports::RoadmapDocument) -> Result<Vec<u8>, PdfError> {
        Err(PdfError("not in this test".into()))
    }
}

async fn download(app: &TestApp, path: &str, auth: (&str, &str)) -> (StatusCode, String, String) {
    let request = Request::builder()
        .uri(path)
        .header(auth.0, auth.1)
        .body(Body::empty())
        .expect("request");
    let (status, headers, bytes) = app.send(request).await;
    let header = |name| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let kind = format!(
        "{}; {}",
        header(header::CONTENT_TYPE),
        header(header::CONTENT_DISPOSITION)
    );
    (status, kind, String::from_utf8_lossy(&bytes).into_owned())
}

#[tokio::test]
async fn the_overview_pdf_is_for_the_province_and_refused_to_a_kabupaten() {
    for db in padu_store::testing::databases().await {
        let label = db.label;
        let app = TestApp::new(db).await.with_pdf(Arc::new(StandIn)).await;
        let s = app.seed.clone();
        scenario(&app).await;
        let (_, o) = app
            .json(
                "GET",
                &format!("/api/v1/instansi/{}/overview?year=2026", s.jatim),
                Some(&app.token("prov").await),
                None,
            )
            .await;
        let shown = o["children"][0]["index_display"]
            .as_str()
            .expect("Trenggalek's index")
            .replace('.', ",");

        let prov = app.token("prov").await;
        let bearer = format!("Bearer {prov}");
        let api = format!("/api/v1/instansi/{}/overview.pdf?year=2026", s.jatim);
        let (status, kind, body) = download(&app, &api, ("authorization", &bearer)).await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");
        assert_eq!(
            kind, "application/pdf; attachment; filename=\"ikhtisar-provinsi-jawa-timur-2026.pdf\"",
            "{label}"
        );
        assert!(body.starts_with("%PDF-"), "{label}");
        assert!(body.contains("Ikhtisar Provinsi Jawa Timur 2026\nnational=false"));
        assert!(
            body.contains(&format!("Kabupaten Trenggalek||{shown}|Diterima|−")),
            "{label}: the index with a decimal comma, below the target: {body}"
        );
        assert!(body.contains("Kota Mojokerto||-||-"), "{label}: no period");

        let cookie = login(&app, "prov").await;
        let page = format!("/instansi/{}/ikhtisar.pdf?tahun=2026", s.jatim);
        let (status, kind, body) = download(&app, &page, ("cookie", &cookie)).await;
        assert_eq!(status, StatusCode::OK, "{label}");
        assert!(kind.starts_with("application/pdf; attachment"), "{label}");
        assert!(body.contains("Kabupaten Trenggalek"), "{label}");
        let overview = get(
            &app,
            &format!("/instansi/{}/ikhtisar?tahun=2026", s.jatim),
            Some(&cookie),
        )
        .await;
        assert!(
            overview.has(&format!("href=\"{page}\"")) && overview.has("Unduh ikhtisar (PDF)"),
            "{label}: the link beside the workbook's"
        );

        // nationally, for the superadmin: each kabupaten/kota with its province
        let sup = format!("Bearer {}", app.token("super").await);
        let national = format!("/api/v1/instansi/{}/overview.pdf?year=2026", s.nasional);
        let (status, _, body) = download(&app, &national, ("authorization", &sup)).await;
        assert_eq!(status, StatusCode::OK, "{label}");
        assert!(body.contains("national=true"), "{label}");
        assert!(
            body.contains("Kabupaten Trenggalek|Provinsi Jawa Timur|"),
            "{label}: {body}"
        );

        // a kabupaten's administrator sees neither
        let admin = format!("Bearer {}", app.token("admin").await);
        let (status, _, _) = download(&app, &api, ("authorization", &admin)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{label}");
        let admin_cookie = login(&app, "admin").await;
        let (status, kind, _) = download(&app, &page, ("cookie", &admin_cookie)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{label}");
        assert!(
            !kind.starts_with("application/pdf"),
            "{label}: an error page"
        );
        app.finish().await;
    }
}

#[tokio::test]
async fn without_a_typesetter_the_overview_pdf_is_a_clear_409() {
    for db in padu_store::testing::databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let prov = format!("Bearer {}", app.token("prov").await);
        let api = format!("/api/v1/instansi/{}/overview.pdf", s.jatim);
        let (status, _, body) = download(&app, &api, ("authorization", &prov)).await;
        assert_eq!(status, StatusCode::CONFLICT, "{label}");
        assert!(body.contains("PDF tidak tersedia"), "{label}: {body}");
        // the permission is asked first
        let admin = format!("Bearer {}", app.token("admin").await);
        let (status, _, _) = download(&app, &api, ("authorization", &admin)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{label}");
        let cookie = login(&app, "prov").await;
        let page = get(
            &app,
            &format!("/instansi/{}/ikhtisar", s.jatim),
            Some(&cookie),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK, "{label}");
        assert!(
            page.has("ikhtisar.xlsx") && !page.has("ikhtisar.pdf"),
            "{label}"
        );
        app.finish().await;
    }
}

#[tokio::test]
async fn the_documents_data_shows_each_member_as_the_page_does() {
    for db in padu_store::testing::databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        scenario(&app).await;
        let state = state_of(&app);
        let prov = caller(&app, "prov").await;
        let o = padu_app::pembinaan::overview::load(&state, &prov, s.jatim, Some(2026))
            .await
            .expect("overview");
        let sheet = padu_app::pembinaan::export::sheet(&o);
        assert_eq!(sheet.title, "Ikhtisar Provinsi Jawa Timur 2026", "{label}");
        assert!(!sheet.national && sheet.note.is_empty(), "{label}");
        assert_eq!(sheet.generated_on.len(), 10, "{label}: an ISO date");
        let t = &sheet.rows[0];
        let index = t.index.as_ref().expect("an index");
        assert!(index.text.contains(','), "{label}: {}", index.text);
        assert_eq!(t.target.as_ref().map(|f| f.text.as_str()), Some("2,60"));
        let gap = t.gap.as_ref().expect("a gap");
        assert!(gap.text.starts_with('−') && gap.value < 0.0, "{label}");
        assert!((gap.value - (index.value - 2.6)).abs() < 1e-9, "{label}");
        let change = t.change.as_ref().expect("a change against 2025");
        assert!(
            (change.value - (index.value - t.previous.as_ref().expect("2025").value)).abs() < 1e-9,
            "{label}"
        );
        assert_eq!(t.aspects.len(), sheet.aspects.len(), "{label}");
        assert_eq!(sheet.aspect_averages.len(), sheet.aspects.len(), "{label}");
        assert_eq!(
            sheet.aspect_averages[0].text, t.aspects[0].text,
            "{label}: one member with aspects, its own mean"
        );
        let total: usize = sheet.distribution.iter().map(|b| b.count).sum();
        assert_eq!(total, 1, "{label}");
        let page = get(
            &app,
            &format!("/instansi/{}/ikhtisar?tahun=2026", s.jatim),
            Some(&login(&app, "prov").await),
        )
        .await;
        for text in [&index.text, &gap.text, &change.text] {
            assert!(page.has(text), "{label}: {text} on the page too");
        }
        app.finish().await;
    }
}
