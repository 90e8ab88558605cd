//! The item's edit form (every field of the PATCH in a draft, only status and notes once
//! enacted, a 422 shown in Indonesian beside the fields with nothing changed), the budget per
//! year and OPD (page and API), the timeline per indicator, and the Peta Rencana document
//! (409 without a typesetter; with a stand-in, the data it is given: padu-pdf typesets and
//! reads it back with poppler).

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use padu_reports::{OverviewSheet, PdfError, PdfRenderer, PeriodReport, RoadmapDocument};
use padu_store::testing::databases;
use serde_json::json;

use super::{full_item, item, roadmap};
use crate::pages::{get, login, post};
use crate::support::TestApp;

/// Writes the roadmap document's data as text behind a PDF signature.
#[derive(Debug)]
struct StandIn;

impl PdfRenderer for StandIn {
    fn period_report(&self, _: &PeriodReport) -> Result<Vec<u8>, PdfError> {
        Err(PdfError("not in this test".into()))
    }

    fn action_plan(&self, _: &PeriodReport) -> Result<Vec<u8>, PdfError> {
        Err(PdfError("not in this test".into()))
    }

    fn overview(&self, _: &OverviewSheet) -> Result<Vec<u8>, PdfError> {
        Err(PdfError("not in this test".into()))
    }

    fn roadmap(&self, d: &RoadmapDocument) -> Result<Vec<u8>, PdfError> {
        let mut out = format!(
            "%PDF-stand-in\n{}|{}|{}\n",
            d.title,
            d.instansi,
            d.decree_number.clone().unwrap_or_default()
        );
        for i in &d.items {
            out.push_str(&format!(
                "{}|{}|{}|{}\n",
                i.opd,
                i.title,
                i.details.total_budget(),
                i.indicators.join(";")
            ));
        }
        for (opd, row) in d.budget_by_opd() {
            out.push_str(&format!("anggaran|{opd}|{}\n", row.values().sum::<i64>()));
        }
        for r in &d.iku {
            out.push_str(&format!("iku|{}|{}\n", r.year, r.target));
        }
        Ok(out.into_bytes())
    }
}

#[tokio::test]
async fn an_item_is_changed_through_its_form_and_bad_input_changes_nothing() {
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
        let made = item(&app, &token, r, full_item(s.diskominfo)).await;
        let id = made["id"].as_i64().expect("id");
        let admin = login(&app, "admin").await;
        let operator = login(&app, "operator").await;
        let path = format!("/peta-rencana/item/{id}/ubah");

        let shown = get(&app, &format!("/peta-rencana/item/{id}"), Some(&admin)).await;
        assert!(shown.has(&format!("href=\"{path}\"")), "{label}: the link");
        let seen = get(&app, &format!("/peta-rencana/item/{id}"), Some(&operator)).await;
        assert!(!seen.has(&format!("href=\"{path}\"")), "{label}: no link");
        let refused = get(&app, &path, Some(&operator)).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{label}");

        let form = get(&app, &path, Some(&admin)).await;
        assert_eq!(form.status, StatusCode::OK, "{label}");
        assert!(
            form.has("value=\"Pusat data daerah\"")
                && form.has("value=\"150000000\"")
                && form.has("permenpanrb-8-2026 11 3")
                && form.has("value=\"2.16.03.1.02\""),
            "{label}: the item's values"
        );
        assert!(form.has("id=\"years-2026\" name=\"years\" value=\"2026\" checked"));

        // a year outside the span, a negative budget, an unknown indicator: 422, in Indonesian
        let bad = post(
            &app,
            &path,
            Some(&admin),
            &[
                ("title", "Pusat data daerah terpadu"),
                ("opd", &s.diskominfo.to_string()),
                ("years", "2026"),
                ("target_2026", "Desain"),
                ("budget_2026", "-5"),
                ("indicators", "permenpanrb-8-2026 999 3"),
                ("need", "Server tersebar"),
                ("status", "berjalan"),
                ("evaluation", ""),
            ],
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert!(bad.has("error-summary"), "{label}");
        assert!(
            bad.has("value=\"Pusat data daerah terpadu\""),
            "{label}: typed kept"
        );
        assert!(
            bad.has("Anggaran tahun 2026 tidak boleh negatif"),
            "{label}: {}",
            bad.body
        );
        let malformed = post(
            &app,
            &path,
            Some(&admin),
            &[
                ("title", "Pusat data daerah"),
                ("opd", &s.diskominfo.to_string()),
                ("years", "2026"),
                ("budget_2026", "seratus"),
                ("indicators", "indikator sebelas"),
                ("status", "berjalan"),
            ],
        )
        .await;
        assert_eq!(
            malformed.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{label}"
        );
        assert!(
            malformed.has("Anggaran harus berupa bilangan bulat rupiah")
                && malformed.has("Baris indikator harus berisi kode instrumen"),
            "{label}"
        );
        let (_, stored) = app
            .json(
                "GET",
                &format!("/api/v1/roadmap-items/{id}"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(stored["title"], "Pusat data daerah", "{label}: unchanged");
        assert_eq!(stored["status"], "belum_mulai", "{label}");

        // every field saved
        let done = post(
            &app,
            &path,
            Some(&admin),
            &[
                ("title", "Pusat data daerah terpadu"),
                ("opd", &s.bappeda.to_string()),
                ("years", "2026"),
                ("years", "2028"),
                ("target_2026", "Desain"),
                ("target_2028", "Operasional penuh"),
                ("budget_2026", "200.000.000"),
                ("budget_2028", "50000000"),
                (
                    "indicators",
                    "permenpanrb-8-2026 11 4\npermenpanrb-8-2026 12 3",
                ),
                ("gap", ""),
                ("need", "Server tersebar"),
                ("process", "Pengelolaan data"),
                ("domain", "Infrastruktur"),
                ("initiative", "Konsolidasi server"),
                ("external_party", "Kominfo Provinsi"),
                ("baseline", "Tiga ruang server"),
                ("program_code", "2.16.03.1.05"),
                ("status", "berjalan"),
                ("evaluation", "Sesuai jadwal"),
            ],
        )
        .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{label}: {}", done.body);
        let (_, stored) = app
            .json(
                "GET",
                &format!("/api/v1/roadmap-items/{id}"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(stored["title"], "Pusat data daerah terpadu", "{label}");
        assert_eq!(stored["opd"], s.bappeda, "{label}");
        assert_eq!(stored["years"], json!([2026, 2028]), "{label}");
        assert_eq!(
            stored["budget"],
            json!({"2026": 200000000, "2028": 50000000}),
            "{label}"
        );
        assert_eq!(stored["indicators"].as_array().map(Vec::len), Some(2));
        assert_eq!(stored["external_party"], "Kominfo Provinsi", "{label}");
        assert_eq!(stored["domain"], "Infrastruktur", "{label}");
        assert_eq!(stored["status"], "berjalan", "{label}");
        assert_eq!(stored["evaluation"], "Sesuai jadwal", "{label}");

        // enacted: only the status and the notes are on the form, and they save
        let (status, _) = app
            .json(
                "POST",
                &format!("/api/v1/roadmaps/{r}/enact"),
                Some(&token),
                Some(json!({"decree_number": "Perbup 17/2025", "decree_date": "2025-03-01"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}");
        let form = get(&app, &path, Some(&admin)).await;
        assert!(
            form.has("hanya status dan catatan evaluasi") && !form.has("name=\"title\""),
            "{label}"
        );
        let done = post(
            &app,
            &path,
            Some(&admin),
            &[("status", "selesai"), ("evaluation", "Selesai lebih awal")],
        )
        .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{label}: {}", done.body);
        let bad = post(&app, &path, Some(&admin), &[("status", "hilang")]).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert!(bad.has("Status harus salah satu dari"), "{label}");
        let (_, stored) = app
            .json(
                "GET",
                &format!("/api/v1/roadmap-items/{id}"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(stored["status"], "selesai", "{label}");
        assert_eq!(stored["title"], "Pusat data daerah terpadu", "{label}");
    }
}

async fn download(app: &TestApp, path: &str, auth: (&str, &str)) -> (StatusCode, String, String) {
    let request = Request::builder()
        .uri(path)
        .header(auth.0, auth.1)
        .body(Body::empty())
        .expect("request");
    let (status, headers, bytes) = app.send(request).await;
    let kind = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    (status, kind, String::from_utf8_lossy(&bytes).into_owned())
}

#[tokio::test]
async fn the_budget_per_opd_the_indicator_timeline_and_the_document() {
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
        item(&app, &token, r, full_item(s.diskominfo)).await;
        item(
            &app,
            &token,
            r,
            json!({"title": "Satu perencanaan", "opd": s.bappeda, "years": [2026],
                   "budget": {"2026": 40000000}}),
        )
        .await;

        let (status, b) = app
            .json(
                "GET",
                &format!("/api/v1/roadmaps/{r}/budget"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {b}");
        assert_eq!(b["years"], json!([2025, 2026, 2027, 2028, 2029]), "{label}");
        assert_eq!(b["total"], 265000000, "{label}");
        assert_eq!(b["per_year"]["2026"], 190000000, "{label}");
        let rows = b["rows"].as_array().expect("rows");
        assert_eq!(rows.len(), 2, "{label}");
        let kominfo = rows
            .iter()
            .find(|x| x["opd"] == s.diskominfo)
            .expect("Diskominfo");
        assert_eq!(kominfo["budget"]["2027"], 75000000, "{label}");
        assert_eq!(kominfo["budget"]["2025"], 0, "{label}");
        assert_eq!(kominfo["total"], 225000000, "{label}");
        let (status, _) = app
            .json(
                "GET",
                &format!("/api/v1/roadmaps/{r}/budget"),
                Some(&app.token("admin.mojokerto").await),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{label}");

        let pimpinan = login(&app, "pimpinan").await;
        let page = get(&app, &format!("/peta-rencana/{r}"), Some(&pimpinan)).await;
        assert!(page.has("Anggaran per tahun dan OPD"), "{label}");
        assert!(
            page.has("Rp 225.000.000") && page.has("Rp 265.000.000"),
            "{label}"
        );
        assert!(!page.has("dokumen.pdf"), "{label}: no typesetter, no link");
        let by_indicator = get(
            &app,
            &format!("/peta-rencana/{r}?linimasa=indikator"),
            Some(&pimpinan),
        )
        .await;
        assert!(
            by_indicator.has("Linimasa per indikator")
                && by_indicator.has("indikator 11 → tingkat 3")
                && by_indicator.has("Tanpa indikator"),
            "{label}"
        );

        let bearer = format!("Bearer {token}");
        let (status, _, body) = download(
            &app,
            &format!("/api/v1/roadmaps/{r}/document.pdf"),
            ("authorization", &bearer),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "{label}: {body}");
        assert!(body.contains("tidak tersedia"), "{label}");

        let app = app.with_pdf(Arc::new(StandIn)).await;
        let page = get(&app, &format!("/peta-rencana/{r}"), Some(&pimpinan)).await;
        assert!(
            page.has(&format!("href=\"/peta-rencana/{r}/dokumen.pdf\"")),
            "{label}"
        );
        let (status, kind, body) = download(
            &app,
            &format!("/api/v1/roadmaps/{r}/document.pdf"),
            ("authorization", &bearer),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");
        assert_eq!(kind, "application/pdf", "{label}");
        assert!(body.starts_with("%PDF-"), "{label}");
        assert!(
            body.contains("Peta Rencana SPBE 2025-2029|Kabupaten Trenggalek|"),
            "{label}: {body}"
        );
        assert!(
            body.contains("|Pusat data daerah|225000000|"),
            "{label}: {body}"
        );
        assert!(body.contains("indikator 11 → tingkat 3"), "{label}: {body}");
        assert!(body.contains("|Satu perencanaan|40000000|"), "{label}");
        assert_eq!(
            body.matches("\niku|").count(),
            5,
            "{label}: the span's years"
        );
        let (status, kind, _) = download(
            &app,
            &format!("/peta-rencana/{r}/dokumen.pdf"),
            ("cookie", &pimpinan),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{label}");
        assert_eq!(kind, "application/pdf", "{label}");
        let other = format!("Bearer {}", app.token("admin.mojokerto").await);
        let (status, _, _) = download(
            &app,
            &format!("/api/v1/roadmaps/{r}/document.pdf"),
            ("authorization", &other),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{label}");
    }
}
