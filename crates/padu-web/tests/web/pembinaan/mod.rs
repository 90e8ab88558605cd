//! Pembinaan and the Beranda on every backend: the overview of a province's kabupaten/kota
//! (index on its basis, equal to the score endpoint; change, target, progress, late OPDs), who
//! may see it, its export (XLSX, PDF); recommendations with their notifications and follow-up; each role's
//! Beranda.

mod beranda;
mod overview_pdf;
mod recommendations;

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::http::StatusCode;
use padu_app::AppError;
use padu_app::evaluation::dashboard::{add_days, iso, today_in};
use padu_app::evaluation::{self as service, PeriodInput};
use padu_app::pembinaan::overview;
use padu_core::evaluation::Status;
use padu_store::Who;
use padu_store::testing::databases;
use serde_json::json;

use crate::dashboard::{caller, state_of};
use crate::pages::{get, login};
use crate::support::TestApp;

pub(crate) const PEMDI: &str = "permenpanrb-8-2026";
pub(crate) const SPBE: &str = "permenpanrb-59-2020";

/// Trenggalek's 2025 evaluation with final values and its 2026 evaluation under way.
pub(crate) struct Scenario {
    pub p2025: i64,
    pub p2026: i64,
}

fn evidence(instansi: i64) -> padu_store::evaluation::NewEvidence {
    padu_store::evaluation::NewEvidence {
        instansi_id: instansi,
        kind: padu_store::evaluation::EvidenceKind::File,
        name: "notulen-rapat-tim.pdf".into(),
        sha256: Some("cd".repeat(32)),
        size: Some(4096),
        content_type: Some("application/pdf".into()),
        url: None,
        uploaded_by: None,
        effective_date: None,
        expiry_date: Some(iso(add_days(today_in("WIB"), 20))),
        instansi_wide: false,
    }
}

/// 2025 (59/2020): indicators 1-5 final at 2. 2026 (8/2026, target 2.60, self-assessment over
/// yesterday): indicator 1 accepted at 2.26, 2 returned with a note, 4 submitted (all
/// Diskominfo), 3 a Bappeda draft, the rest drafts or unassigned.
pub(crate) async fn scenario(app: &TestApp) -> Scenario {
    let s = &app.seed;
    let state = state_of(app);
    let admin = caller(app, "admin").await;
    let operator = caller(app, "operator").await;
    let asesor = caller(app, "asesor").await;
    let eksternal = caller(app, "eksternal").await;
    let old = PeriodInput {
        year: 2025,
        kind: "evaluasi".into(),
        instrument: SPBE.into(),
        ..PeriodInput::default()
    };
    let p2025 = service::create_period(&state, &admin, s.trenggalek, &old)
        .await
        .expect("2025");
    for n in 1..=5 {
        service::set_final(&state, &eksternal, p2025, n, Some("2"), None)
            .await
            .expect("final 2025");
    }
    let today = today_in("WIB");
    let mut input = PeriodInput {
        year: 2026,
        kind: "evaluasi".into(),
        instrument: PEMDI.into(),
        target: Some("2,60".into()),
        ..PeriodInput::default()
    };
    input.stages.mandiri.start = Some(iso(add_days(today, -30)));
    input.stages.mandiri.end = Some(iso(add_days(today, -1)));
    input.stages.dokumen.end = Some(iso(add_days(today, 3)));
    let p2026 = service::create_period(&state, &admin, s.trenggalek, &input)
        .await
        .expect("2026");
    service::apply_default_assignment(&state, &admin, p2026)
        .await
        .expect("default assignment");
    for n in [1, 2, 4] {
        service::assign(&state, &admin, p2026, n, Some(s.diskominfo), &[])
            .await
            .expect("assign");
    }
    service::assign(&state, &admin, p2026, 3, Some(s.bappeda), &[])
        .await
        .expect("assign");
    for n in [1, 2, 4] {
        let work = service::WorkInput {
            self_level: Some(Some("2.5".into())),
            fakta: Some("SK Tim Pemerintah Digital 2026".into()),
            analisis: Some("Tim sudah bekerja".into()),
        };
        service::update_work(&state, &operator, p2026, n, &work)
            .await
            .expect("claim");
        app.db
            .store
            .add_evidence(
                &Who::system("uji"),
                p2026,
                n,
                &[Status::Draft],
                evidence(s.trenggalek),
                2,
            )
            .await
            .expect("evidence");
        service::submit(&state, &operator, p2026, n)
            .await
            .expect("submit");
    }
    service::accept(&state, &asesor, p2026, 1, "2,26", None)
        .await
        .expect("accept");
    service::return_indicator(&state, &asesor, p2026, 2, "Lengkapi notulen rapat tim")
        .await
        .expect("return");
    Scenario { p2025, p2026 }
}

#[tokio::test]
async fn the_province_overview_shows_each_member_on_its_basis() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let sc = scenario(&app).await;
        let prov = app.token("prov").await;

        let (status, o) = app
            .json(
                "GET",
                &format!("/api/v1/instansi/{}/overview?year=2026", s.jatim),
                Some(&prov),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {o}");
        assert_eq!(o["year"], 2026, "{label}");
        assert_eq!(o["instansi"]["id"], s.jatim, "{label}");
        let children = o["children"].as_array().expect("children");
        let names: Vec<&str> = children
            .iter()
            .map(|c| c["name"].as_str().unwrap_or(""))
            .collect();
        assert_eq!(names, ["Kabupaten Trenggalek", "Kota Mojokerto"], "{label}");

        let t = &children[0];
        assert_eq!(t["period"], sc.p2026, "{label}");
        assert_eq!(t["instrument"], PEMDI, "{label}");
        assert_eq!(
            t["basis"], "accepted",
            "{label}: an accepted value, no final one"
        );
        // the index is the score endpoint's on that basis
        let (_, score) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{}/score?basis=accepted", sc.p2026),
                Some(&prov),
                None,
            )
            .await;
        assert_eq!(t["index"], score["index"], "{label}");
        assert_eq!(t["index_display"], score["index_display"], "{label}");
        assert_eq!(t["predikat"], score["predikat"], "{label}");
        let (_, before) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{}/score?basis=final", sc.p2025),
                Some(&prov),
                None,
            )
            .await;
        assert_eq!(
            t["previous_index"], before["index"],
            "{label}: 2025 on its final basis"
        );
        assert_eq!(t["target"], 2.6, "{label}");
        let gap = t["gap"].as_f64().expect("gap");
        let index = t["index"].as_f64().expect("index");
        assert!((gap - (index - 2.6)).abs() < 1e-9, "{label}");
        assert_eq!(
            t["progress"],
            json!({"indicators": 20, "submitted": 2, "accepted": 1, "final": 0}),
            "{label}: 1 accepted and 4 submitted of 20"
        );
        assert_eq!(
            t["late_opd"], 2,
            "{label}: Diskominfo (returned) and Bappeda (draft)"
        );

        let m = &children[1];
        assert!(
            m["period"].is_null() && m["index"].is_null() && m["basis"].is_null(),
            "{label}"
        );
        assert_eq!(m["progress"]["indicators"], 0, "{label}");
        let dist = o["distribution"].as_array().expect("distribution");
        let total: u64 = dist.iter().map(|d| d["count"].as_u64().unwrap_or(0)).sum();
        assert_eq!(total, 1, "{label}: one member with an index");
        assert!(
            dist.iter()
                .any(|d| d["predikat"] == t["predikat"] && d["count"] == 1),
            "{label}"
        );

        // the year before: Trenggalek's 2025 on its final basis, nothing before it
        let (_, o2025) = app
            .json(
                "GET",
                &format!("/api/v1/instansi/{}/overview?year=2025", s.jatim),
                Some(&prov),
                None,
            )
            .await;
        assert_eq!(o2025["children"][0]["basis"], "final", "{label}");
        assert!(o2025["children"][0]["previous_index"].is_null(), "{label}");

        // the default year is the newest with an evaluation
        let (_, newest) = app
            .json(
                "GET",
                &format!("/api/v1/instansi/{}/overview", s.jatim),
                Some(&prov),
                None,
            )
            .await;
        assert_eq!(newest["year"], 2026, "{label}");

        // nationally: each province followed by its members
        let sup = app.token("super").await;
        let (status, n) = app
            .json(
                "GET",
                &format!("/api/v1/instansi/{}/overview?year=2026", s.nasional),
                Some(&sup),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}");
        let rows: Vec<(&str, serde_json::Value)> = n["children"]
            .as_array()
            .expect("children")
            .iter()
            .map(|c| (c["name"].as_str().unwrap_or(""), c["parent"].clone()))
            .collect();
        assert_eq!(
            rows,
            [
                ("Provinsi Jawa Tengah", json!(null)),
                ("Provinsi Jawa Timur", json!(null)),
                ("Kabupaten Trenggalek", json!(s.jatim)),
                ("Kota Mojokerto", json!(s.jatim)),
            ],
            "{label}"
        );

        // who may not see every member is refused (not found, when they may not even see the
        // instansi); a kabupaten has no overview
        for (who, id, expected) in [
            ("admin", s.jatim, StatusCode::NOT_FOUND),
            ("koordinator", s.jatim, StatusCode::NOT_FOUND),
            ("prov", s.nasional, StatusCode::NOT_FOUND),
            ("admin", s.trenggalek, StatusCode::FORBIDDEN),
            ("super", s.trenggalek, StatusCode::NOT_FOUND),
            ("super", 999_999, StatusCode::NOT_FOUND),
        ] {
            let token = app.token(who).await;
            let (status, body) = app
                .json(
                    "GET",
                    &format!("/api/v1/instansi/{id}/overview"),
                    Some(&token),
                    None,
                )
                .await;
            assert_eq!(status, expected, "{label}: {who} on {id}: {body}");
        }
        let (status, body) = app
            .json(
                "GET",
                &format!("/api/v1/instansi/{}/overview?year=dua", s.jatim),
                Some(&prov),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{label}");
        assert!(
            body["message"]
                .as_str()
                .unwrap_or("")
                .contains("kueri tidak dapat dibaca"),
            "{label}: {body}"
        );

        // the page, its export
        let cookie = login(&app, "prov").await;
        let page = get(
            &app,
            &format!("/instansi/{}/ikhtisar?tahun=2026", s.jatim),
            Some(&cookie),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK, "{label}");
        assert!(page.has("Ikhtisar Provinsi Jawa Timur 2026"), "{label}");
        assert!(
            page.has(&format!("href=\"/periode/{}\"", sc.p2026)),
            "{label}: drill-down"
        );
        assert!(page.has(">Diterima<"), "{label}: the basis shown");
        assert!(page.has("2/20 diajukan · 1 diterima · 0 final"), "{label}");
        assert!(page.has("Indeks per aspek"), "{label}");
        assert!(
            page.has(&format!("href=\"/instansi/{}/rekomendasi\"", s.trenggalek)),
            "{label}"
        );
        let request = axum::http::Request::builder()
            .uri(format!("/instansi/{}/ikhtisar.xlsx?tahun=2026", s.jatim))
            .header("cookie", &cookie)
            .body(axum::body::Body::empty())
            .expect("request");
        let (status, headers, bytes) = app.send(request).await;
        assert_eq!(status, StatusCode::OK, "{label}");
        assert_eq!(
            headers.get("content-type").and_then(|v| v.to_str().ok()),
            Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            "{label}"
        );
        assert!(bytes.starts_with(b"PK"), "{label}: a workbook");
        let request = axum::http::Request::builder()
            .uri(format!(
                "/api/v1/instansi/{}/overview.xlsx?year=2026",
                s.jatim
            ))
            .header("authorization", format!("Bearer {prov}"))
            .body(axum::body::Body::empty())
            .expect("request");
        let (status, _, api_bytes) = app.send(request).await;
        assert_eq!(status, StatusCode::OK, "{label}");
        assert!(api_bytes.starts_with(b"PK"), "{label}");
        let admin = login(&app, "admin").await;
        let refused = get(
            &app,
            &format!("/instansi/{}/ikhtisar", s.jatim),
            Some(&admin),
        )
        .await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND, "{label}");
        app.finish().await;
    }
}

#[tokio::test]
async fn the_overview_is_read_once_until_something_of_its_members_changes() {
    for mut db in databases().await {
        let count = db.count_queries();
        let label = db.label;
        let app = TestApp::one_instance(db).await;
        let s = app.seed.clone();
        let sc = scenario(&app).await;
        let state = state_of(&app);
        let prov = caller(&app, "prov").await;
        let measure = |before: usize| count.load(Ordering::SeqCst) - before;

        let before = count.load(Ordering::SeqCst);
        let first = overview::load(&state, &prov, s.jatim, Some(2026))
            .await
            .expect("overview");
        let read = measure(before);
        assert!(
            (4..=7).contains(&read),
            "{label}: {read} queries (instansi, years, two years of evaluations, the year's \
             indicator states and the year before's values)"
        );
        let before = count.load(Ordering::SeqCst);
        let again = overview::load(&state, &prov, s.jatim, Some(2026))
            .await
            .expect("again");
        assert_eq!(measure(before), 0, "{label}: cached");
        assert!(Arc::ptr_eq(&first, &again), "{label}");

        // a change in another province leaves it cached ...
        app.db
            .store
            .create_opd(&Who::system("uji"), s.jateng, "Dinas Kominfo", "diskominfo")
            .await
            .expect("OPD elsewhere");
        let before = count.load(Ordering::SeqCst);
        overview::load(&state, &prov, s.jatim, Some(2026))
            .await
            .expect("again");
        assert_eq!(measure(before), 0, "{label}: still cached");
        // ... one in a member is read anew, and shows
        let asesor = caller(&app, "asesor").await;
        service::accept(&state, &asesor, sc.p2026, 4, "2", None)
            .await
            .expect("accept");
        let before = count.load(Ordering::SeqCst);
        let fresh = overview::load(&state, &prov, s.jatim, Some(2026))
            .await
            .expect("fresh");
        assert!(measure(before) >= 4, "{label}: read anew");
        let trenggalek = fresh
            .members
            .iter()
            .find(|m| m.instansi.id == s.trenggalek)
            .expect("Trenggalek");
        assert_eq!(trenggalek.progress.accepted, 2, "{label}");
        // a caller who may not see every member is refused, cached or not
        let admin = caller(&app, "admin").await;
        assert!(
            matches!(
                overview::load(&state, &admin, s.jatim, Some(2026)).await,
                Err(AppError::NotFound(_))
            ),
            "{label}"
        );

        // the whole page, the second time: one statement, the catch-up with the change log
        let cookie = login(&app, "prov").await;
        let path = format!("/instansi/{}/ikhtisar?tahun=2026", s.jatim);
        let page = get(&app, &path, Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::OK, "{label}");
        let before = count.load(Ordering::SeqCst);
        let page = get(&app, &path, Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::OK, "{label}");
        assert_eq!(
            measure(before),
            1,
            "{label}: the page again: only the catch-up"
        );
        // the body kept for one language is not shown in another
        let english = format!("{cookie}; padu_bahasa=en");
        let page = get(&app, &path, Some(&english)).await;
        assert!(
            page.has("Overview Provinsi Jawa Timur 2026"),
            "{label}: in English"
        );
        let page = get(&app, &path, Some(&cookie)).await;
        assert!(
            page.has("Ikhtisar Provinsi Jawa Timur 2026"),
            "{label}: in Indonesian"
        );
        app.finish().await;
    }
}

#[tokio::test]
async fn the_overview_workbook_holds_every_member() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        scenario(&app).await;
        let state = state_of(&app);
        let prov = caller(&app, "prov").await;
        let doc =
            padu_app::pembinaan::export::overview_workbook(&state, &prov, s.jatim, Some(2026))
                .await
                .expect("workbook");
        assert_eq!(
            doc.file_name, "ikhtisar-provinsi-jawa-timur-2026.xlsx",
            "{label}"
        );
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(doc.bytes)).expect("xlsx");
        use calamine::Reader as _;
        let sheet = book.worksheet_range("Ikhtisar").expect("sheet");
        let cell = |r: u32, c: u32| {
            sheet
                .get_value((r, c))
                .map(ToString::to_string)
                .unwrap_or_default()
        };
        assert_eq!(cell(0, 0), "Ikhtisar Provinsi Jawa Timur 2026", "{label}");
        assert_eq!(cell(2, 4), "Indeks", "{label}");
        assert_eq!(cell(3, 0), "Kabupaten Trenggalek", "{label}");
        assert_eq!(cell(3, 5), "Diterima", "{label}");
        assert_eq!(cell(3, 11), "20", "{label}: indicators");
        assert_eq!(cell(3, 15), "2", "{label}: late OPDs");
        assert_eq!(cell(4, 0), "Kota Mojokerto", "{label}");
        assert_eq!(cell(4, 4), "-", "{label}: no index");
        let aspects = book.worksheet_range("Aspek").expect("aspects");
        assert_eq!(
            aspects
                .get_value((3, 0))
                .map(ToString::to_string)
                .as_deref(),
            Some("Kabupaten Trenggalek"),
            "{label}"
        );
        app.finish().await;
    }
}
