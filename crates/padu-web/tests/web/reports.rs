//! Reports and data exchange through the real router: the documents of a period, the worksheet
//! round trip (export, edit cells as a spreadsheet program would, import, and exactly those
//! changes apply), files with problems that apply nothing, the official result, permissions,
//! and the same flows on the pages (preview, confirm, a stale confirmation).

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use padu_core::Value;
use padu_store::testing::databases;
use serde_json::{Value as Json, json};

use crate::book::Book;
use crate::indicator_pages::{multipart, upload};
use crate::pages::{get, login, post};
use crate::support::TestApp;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const SHEET: &str = "Lembar Kerja";

/// A period under 8/2026: indicator 1 led by Diskominfo with a claim and narrative, indicator 2
/// led by Bappeda, the rest unassigned.
async fn period(app: &TestApp, admin: &str) -> i64 {
    let s = &app.seed;
    let (status, created) = app
        .json(
            "POST",
            &format!("/api/v1/instansi/{}/periods", s.trenggalek),
            Some(admin),
            Some(json!({"year": 2026, "kind": "evaluasi", "instrument": "permenpanrb-8-2026"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let p = created["id"].as_i64().expect("id");
    for (n, opd) in [(1, s.diskominfo), (2, s.bappeda)] {
        let (status, body) = app
            .json(
                "PUT",
                &format!("/api/v1/periods/{p}/indicators/{n}/assignment"),
                Some(admin),
                Some(json!({"lead_opd": opd})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let operator = app.token("operator").await;
    let (status, body) = app
        .json(
            "PATCH",
            &format!("/api/v1/periods/{p}/indicators/1"),
            Some(&operator),
            Some(json!({"self_level": 2, "fakta": "SK Tim 2026", "analisis": "Tim sudah ada"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    p
}

/// GET with a bearer token: status, content type, bytes.
async fn download(app: &TestApp, path: &str, token: &str) -> (StatusCode, String, Vec<u8>) {
    let request = Request::builder()
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .expect("request");
    let (status, headers, body) = app.send(request).await;
    let kind = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    (status, kind, body)
}

/// POST a file as the body; status and the JSON answer.
async fn import(app: &TestApp, path: &str, token: &str, bytes: Vec<u8>) -> (StatusCode, Json) {
    let request = Request::builder()
        .method("POST")
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body(Body::from(bytes))
        .expect("request");
    let (status, _, body) = app.send(request).await;
    (
        status,
        serde_json::from_slice(&body)
            .unwrap_or_else(|_| Json::String(String::from_utf8_lossy(&body).into())),
    )
}

async fn worksheet(app: &TestApp, p: i64, token: &str) -> Book {
    let (status, kind, bytes) =
        download(app, &format!("/api/v1/periods/{p}/worksheet.xlsx"), token).await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, XLSX));
    Book::read(&bytes)
}

fn fields(answer: &Json) -> Vec<(u64, String, String)> {
    answer["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| {
            (
                c["number"].as_u64().expect("number"),
                c["field"].as_str().expect("field").to_string(),
                c["new"].as_str().expect("new").to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn documents_are_for_those_who_may_see_the_period() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let admin = app.token("admin").await;
        let p = period(&app, &admin).await;
        let pimpinan = app.token("pimpinan").await;
        let (status, kind, bytes) = download(
            &app,
            &format!("/api/v1/periods/{p}/worksheet.xlsx"),
            &pimpinan,
        )
        .await;
        assert_eq!((status, kind.as_str()), (StatusCode::OK, XLSX), "{label}");
        assert!(bytes.starts_with(b"PK"), "{label}: a zip container");
        let book = Book::read(&bytes);
        assert_eq!(
            book.get(SHEET, "F2").to_string(),
            "Dinas Komunikasi dan Informatika",
            "{label}"
        );
        assert_eq!(book.get(SHEET, "L2").to_string(), "SK Tim 2026", "{label}");

        let other = app.token("admin.mojokerto").await;
        for doc in ["worksheet.xlsx", "report.pdf", "action-plan.xlsx"] {
            let (status, _, _) =
                download(&app, &format!("/api/v1/periods/{p}/{doc}"), &other).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{label}: {doc}");
        }
        // This test app has no PDF renderer: a clear 409, never a 500.
        let (status, _, body) =
            download(&app, &format!("/api/v1/periods/{p}/report.pdf"), &admin).await;
        assert_eq!(status, StatusCode::CONFLICT, "{label}");
        assert!(
            String::from_utf8_lossy(&body).contains("PDF tidak tersedia"),
            "{label}"
        );
        app.finish().await;
    }
}

#[tokio::test]
async fn an_edited_worksheet_applies_exactly_its_edits() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let admin = app.token("admin").await;
        let p = period(&app, &admin).await;
        let path = format!("/api/v1/periods/{p}/worksheet");

        // Unchanged, the worksheet changes nothing.
        let book = worksheet(&app, p, &admin).await;
        let (status, answer) = import(&app, &path, &admin, book.write()).await;
        assert_eq!(status, StatusCode::OK, "{label}: {answer}");
        assert_eq!(fields(&answer), vec![], "{label}");

        let mut book = book;
        book.number(SHEET, "I2", 3.5)
            .text(SHEET, "L2", "SK Tim Pemerintah Digital Nomor 12 Tahun 2026")
            .text(SHEET, "F4", "bappeda");
        let edited = book.write();
        let (status, answer) = import(&app, &path, &admin, edited.clone()).await;
        assert_eq!(status, StatusCode::OK, "{label}: {answer}");
        assert_eq!(answer["applied"], json!(false), "{label}: a preview only");
        assert_eq!(
            fields(&answer),
            vec![
                (1, "Nilai Mandiri".into(), "3,50".into()),
                (
                    1,
                    "Fakta".into(),
                    "SK Tim Pemerintah Digital Nomor 12 Tahun 2026".into()
                ),
                (3, "OPD Pengampu".into(), "Bappeda".into()),
            ],
            "{label}"
        );
        let before = app.db.store.period_indicator(p, 1).await.expect("read");
        assert_eq!(
            before.and_then(|pi| pi.self_value),
            Some(Value(200)),
            "{label}"
        );

        let (status, answer) = import(&app, &format!("{path}?apply=true"), &admin, edited).await;
        assert_eq!(status, StatusCode::OK, "{label}: {answer}");
        assert_eq!(answer["applied"], json!(true), "{label}");
        let one = app
            .db
            .store
            .period_indicator(p, 1)
            .await
            .expect("read")
            .expect("1");
        assert_eq!(one.self_value, Some(Value(350)), "{label}");
        assert_eq!(
            one.fakta, "SK Tim Pemerintah Digital Nomor 12 Tahun 2026",
            "{label}"
        );
        assert_eq!(one.analisis, "Tim sudah ada", "{label}: untouched");
        let three = app
            .db
            .store
            .period_indicator(p, 3)
            .await
            .expect("read")
            .expect("3");
        assert_eq!(three.lead_opd, Some(app.seed.bappeda), "{label}");
        let two = app
            .db
            .store
            .period_indicator(p, 2)
            .await
            .expect("read")
            .expect("2");
        assert_eq!(two.lead_opd, Some(app.seed.bappeda), "{label}: untouched");
        assert_eq!(two.self_value, None, "{label}: untouched");
        let audit = app
            .db
            .store
            .audit_entries(
                &padu_store::AuditFilter {
                    action: Some("indicator.import".into()),
                    ..Default::default()
                },
                10,
                0,
            )
            .await
            .expect("audit");
        assert_eq!(audit.len(), 1, "{label}: one audited change");

        // The worksheet exported now previews as no change at all.
        let again = worksheet(&app, p, &admin).await;
        let (status, answer) = import(&app, &path, &admin, again.write()).await;
        assert_eq!(
            (status, fields(&answer)),
            (StatusCode::OK, vec![]),
            "{label}"
        );
        app.finish().await;
    }
}

#[tokio::test]
async fn a_worksheet_with_problems_applies_nothing() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let admin = app.token("admin").await;
        let p = period(&app, &admin).await;
        let mut book = worksheet(&app, p, &admin).await;
        // a good edit beside two bad ones: none of them may apply
        book.text(SHEET, "M2", "Analisis baru")
            .number(SHEET, "I3", 9.0)
            .text(SHEET, "F5", "Dinas Antah Berantah");
        let (status, answer) = import(
            &app,
            &format!("/api/v1/periods/{p}/worksheet?apply=true"),
            &admin,
            book.write(),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{label}: {answer}"
        );
        assert_eq!(answer["applied"], json!(false), "{label}");
        let problems: Vec<(String, u64, String)> = answer["problems"]
            .as_array()
            .expect("problems")
            .iter()
            .map(|p| {
                (
                    p["sheet"].as_str().expect("sheet").to_string(),
                    p["row"].as_u64().expect("row"),
                    p["column"].as_str().expect("column").to_string(),
                )
            })
            .collect();
        assert!(
            problems.contains(&(SHEET.into(), 3, "I".into())),
            "{label}: {answer}"
        );
        assert!(
            problems.contains(&(SHEET.into(), 5, "F".into())),
            "{label}: {answer}"
        );
        let one = app
            .db
            .store
            .period_indicator(p, 1)
            .await
            .expect("read")
            .expect("1");
        assert_eq!(one.analisis, "Tim sudah ada", "{label}: nothing applied");

        // Not a spreadsheet at all: a clear 422 naming the file.
        let (status, answer) = import(
            &app,
            &format!("/api/v1/periods/{p}/worksheet"),
            &admin,
            b"%PDF-1.7 bukan lembar kerja".to_vec(),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{label}: {answer}"
        );
        assert!(answer.to_string().contains("Excel"), "{label}: {answer}");

        // Only those who manage the period import a worksheet.
        let operator = app.token("operator").await;
        let (status, _) = import(
            &app,
            &format!("/api/v1/periods/{p}/worksheet?apply=true"),
            &operator,
            book.write(),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{label}");
        app.finish().await;
    }
}

/// An official result for all 20 indicators of 8/2026 (indicator 1: 2,75 with a note).
fn official_csv(skip: Option<u16>) -> Vec<u8> {
    let mut text = String::from("No;Nilai;Catatan;Rekomendasi\n");
    for n in 1..=20u16 {
        if Some(n) == skip {
            continue;
        }
        if n == 1 {
            text.push_str("1;2,75;Bukti SK lengkap;Lakukan reviu tahunan\n");
        } else {
            text.push_str(&format!("{n};1,50;;\n"));
        }
    }
    text.into_bytes()
}

#[tokio::test]
async fn the_official_result_sets_every_final_value_or_none() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let admin = app.token("admin").await;
        let p = period(&app, &admin).await;
        let path = format!("/api/v1/periods/{p}/official-result");

        // One indicator missing: nothing applies.
        let (status, answer) = import(
            &app,
            &format!("{path}?apply=true"),
            &admin,
            official_csv(Some(7)),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{label}: {answer}"
        );
        assert!(
            answer["problems"].to_string().contains('7'),
            "{label}: {answer}"
        );
        let one = app
            .db
            .store
            .period_indicator(p, 1)
            .await
            .expect("read")
            .expect("1");
        assert_eq!(one.final_value, None, "{label}");

        // An internal assessor may not set final values.
        let asesor = app.token("asesor").await;
        let (status, _) = import(&app, &path, &asesor, official_csv(None)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{label}");

        let eksternal = app.token("eksternal").await;
        let (status, answer) = import(
            &app,
            &format!("{path}?apply=true"),
            &eksternal,
            official_csv(None),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{label}: {answer}");
        assert_eq!(answer["applied"], json!(true), "{label}");
        let one = app
            .db
            .store
            .period_indicator(p, 1)
            .await
            .expect("read")
            .expect("1");
        assert_eq!(one.final_value, Some(Value(275)), "{label}");
        let comments = app.db.store.comments_of(p, 1).await.expect("comments");
        assert!(
            comments
                .iter()
                .any(|c| c.kind == "final" && c.body == "Bukti SK lengkap")
                && comments
                    .iter()
                    .any(|c| c.kind == "rekomendasi" && c.body == "Lakukan reviu tahunan"),
            "{label}: {comments:?}"
        );
        // The final index is now the ministry's: (2,75 x w1 + 1,50 x the rest) / 100.
        let (status, score) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{p}/score?basis=final"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}");
        let index = score["index"].as_f64().expect("index");
        assert!(index > 1.5 && index < 1.8, "{label}: {score}");
        // The dashboard shows how far the ministry's index is from the self-assessment.
        let cookie = login(&app, "admin").await;
        let page = get(&app, &format!("/periode/{p}"), Some(&cookie)).await;
        assert!(
            page.has("Selisih dengan penilaian mandiri: +"),
            "{label}: {}",
            page.body
        );
        app.finish().await;
    }
}

/// The hidden `name` value of the confirmation form.
fn hidden(body: &str, name: &str) -> String {
    let at = body
        .find(&format!("name=\"{name}\" value=\""))
        .unwrap_or_else(|| panic!("no {name} in\n{body}"));
    let rest = &body[at + name.len() + 15..];
    rest[..rest.find('"').expect("end")].to_string()
}

#[tokio::test]
async fn the_pages_preview_then_apply_what_was_shown() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let admin = app.token("admin").await;
        let p = period(&app, &admin).await;
        let cookie = login(&app, "admin").await;

        let page = get(&app, &format!("/periode/{p}/laporan"), Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::OK, "{label}");
        assert!(
            page.has(&format!("href=\"/periode/{p}/unduh/lembar-kerja.xlsx\""))
                && page.has(&format!("action=\"/periode/{p}/impor/lembar-kerja\""))
                && page.has(&format!("action=\"/periode/{p}/impor/hasil-resmi\"")),
            "{label}: {}",
            page.body
        );
        let request = Request::builder()
            .uri(format!("/periode/{p}/unduh/lembar-kerja.xlsx"))
            .header(header::COOKIE, &cookie)
            .body(Body::empty())
            .expect("request");
        let (status, headers, bytes) = app.send(request).await;
        assert_eq!(status, StatusCode::OK, "{label}");
        assert!(bytes.starts_with(b"PK"), "{label}");
        let disposition = headers
            .get(header::CONTENT_DISPOSITION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        assert_eq!(
            disposition, "attachment; filename=\"lembar-kerja-2026-evaluasi-trenggalek.xlsx\"",
            "{label}"
        );

        let mut book = worksheet(&app, p, &admin).await;
        book.text(SHEET, "M2", "Analisis hasil rapat tim");
        let edited = book.write();
        let form = format!("/periode/{p}/impor/lembar-kerja");
        let preview = upload(
            &app,
            &form,
            &cookie,
            multipart(&[("berkas", Some("lembar-kerja.xlsx"), &edited)]),
        )
        .await;
        assert_eq!(preview.status, StatusCode::OK, "{label}: {}", preview.body);
        assert!(
            preview.has("1 perubahan akan diterapkan")
                && preview.has("Analisis hasil rapat tim")
                && preview.has("Terapkan perubahan"),
            "{label}: {}",
            preview.body
        );
        let token = hidden(&preview.body, "berkas");
        let digest = hidden(&preview.body, "ringkasan");
        let one = app
            .db
            .store
            .period_indicator(p, 1)
            .await
            .expect("read")
            .expect("1");
        assert_eq!(
            one.analisis, "Tim sudah ada",
            "{label}: a preview changes nothing"
        );

        // A confirmation that does not match the preview shows it again, applying nothing.
        let stale = post(
            &app,
            &format!("{form}/terapkan"),
            Some(&cookie),
            &[
                ("berkas", token.as_str()),
                ("ringkasan", "0000000000000000"),
            ],
        )
        .await;
        assert_eq!(stale.status, StatusCode::OK, "{label}");
        assert!(
            stale.has("berubah sejak pratinjau"),
            "{label}: {}",
            stale.body
        );
        let one = app
            .db
            .store
            .period_indicator(p, 1)
            .await
            .expect("read")
            .expect("1");
        assert_eq!(one.analisis, "Tim sudah ada", "{label}");

        let done = post(
            &app,
            &format!("{form}/terapkan"),
            Some(&cookie),
            &[("berkas", token.as_str()), ("ringkasan", digest.as_str())],
        )
        .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{label}: {}", done.body);
        assert_eq!(
            done.location(),
            format!("/periode/{p}/laporan?pesan=lembar-kerja-diterapkan"),
            "{label}"
        );
        let one = app
            .db
            .store
            .period_indicator(p, 1)
            .await
            .expect("read")
            .expect("1");
        assert_eq!(one.analisis, "Analisis hasil rapat tim", "{label}");
        let page = get(&app, done.location(), Some(&cookie)).await;
        assert!(
            page.has("Perubahan dari lembar kerja telah diterapkan."),
            "{label}"
        );

        // The token was used up; another user never sees someone else's upload either.
        let again = post(
            &app,
            &format!("{form}/terapkan"),
            Some(&cookie),
            &[("berkas", token.as_str()), ("ringkasan", digest.as_str())],
        )
        .await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert!(again.has("sudah tidak tersedia"), "{label}");

        // A file that is not a worksheet: the form again, with the reason beside the field.
        let wrong = upload(
            &app,
            &form,
            &cookie,
            multipart(&[("berkas", Some("foto.png"), b"\x89PNG\r\n\x1a\n")]),
        )
        .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert!(
            wrong.has("bukan berkas Excel") && wrong.has("href=\"#lembar_kerja\""),
            "{label}: {}",
            wrong.body
        );
        app.finish().await;
    }
}
