//! Documents for those who may see the period, and the pages' preview-then-apply.

use super::*;

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
            assert_eq!(status, StatusCode::NOT_FOUND, "{label}: {doc}");
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

/// Behind a load balancer the preview and "Terapkan" may reach different instances: the
/// upload waits in the database, not in the memory of the instance that previewed it.
#[tokio::test]
async fn an_upload_previewed_on_one_instance_is_applied_on_another() {
    for db in databases().await {
        let label = db.label;
        let mut app = TestApp::new(db).await;
        let mut other = app.another_instance().await;
        let admin = app.token("admin").await;
        let p = period(&app, &admin).await;
        let cookie = login(&app, "admin").await;
        let mut book = worksheet(&app, p, &admin).await;
        book.text(SHEET, "M2", "Dibahas pada rapat koordinasi");
        let form = format!("/periode/{p}/impor/lembar-kerja");
        let preview = upload(
            &app,
            &form,
            &cookie,
            multipart(&[("berkas", Some("lembar-kerja.xlsx"), &book.write())]),
        )
        .await;
        assert_eq!(preview.status, StatusCode::OK, "{label}: {}", preview.body);
        let token = hidden(&preview.body, "berkas");
        let digest = hidden(&preview.body, "ringkasan");

        std::mem::swap(&mut app.router, &mut other);
        // another user's session never reaches this upload, on any instance
        let operator = login(&app, "operator").await;
        let foreign = post(
            &app,
            &format!("{form}/terapkan"),
            Some(&operator),
            &[("berkas", token.as_str()), ("ringkasan", digest.as_str())],
        )
        .await;
        assert_ne!(foreign.status, StatusCode::SEE_OTHER, "{label}");
        let done = post(
            &app,
            &format!("{form}/terapkan"),
            Some(&cookie),
            &[("berkas", token.as_str()), ("ringkasan", digest.as_str())],
        )
        .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{label}: {}", done.body);
        let one = app
            .db
            .store
            .period_indicator(p, 1)
            .await
            .expect("read")
            .expect("1");
        assert_eq!(one.analisis, "Dibahas pada rapat koordinasi", "{label}");
        std::mem::swap(&mut app.router, &mut other);
        app.finish().await;
    }
}
