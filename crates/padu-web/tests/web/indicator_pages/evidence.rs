//! Evidence on the indicator page: the upload form and reusing what the instansi has.

use super::*;

#[tokio::test]
async fn the_upload_form_stores_a_file_or_says_what_is_wrong() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let p = open_period(&app).await;
        app.db
            .store
            .set_assignment(&Who::system("uji"), p, 2, Some(app.seed.diskominfo), &[])
            .await
            .expect("assign");
        let operator = login(&app, "operator").await;
        let path = format!("/periode/{p}/indikator/2/bukti");
        let pdf = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n".to_vec();

        // no level: the message is beside the level select, the dates typed are kept
        let body = multipart(&[
            ("level", None, b""),
            ("effective_date", None, b"2026-03-01"),
            ("expiry_date", None, b""),
            ("file", Some("SK Tim.pdf"), &pdf),
        ]);
        let page = upload(&app, &path, &operator, body).await;
        assert_eq!(
            page.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            page.body
        );
        assert!(page.has("href=\"#upload_level\"") && page.has("value=\"2026-03-01\""));
        // no file chosen
        let body = multipart(&[("level", None, b"2"), ("file", Some(""), b"")]);
        let page = upload(&app, &path, &operator, body).await;
        assert_eq!(
            page.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            page.body
        );
        assert!(page.has("href=\"#file\"") && page.has("Pilih berkas yang akan diunggah."));
        // a file that is not evidence
        let body = multipart(&[
            ("level", None, b"2"),
            ("file", Some("x.exe"), b"MZ\x90\x00binary"),
        ]);
        let page = upload(&app, &path, &operator, body).await;
        assert_eq!(
            page.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            page.body
        );
        assert!(page.has("href=\"#file\""));
        assert!(
            app.db
                .store
                .indicator_evidence(p, 2)
                .await
                .expect("read")
                .is_empty()
        );

        let body = multipart(&[
            ("level", None, b"2"),
            ("effective_date", None, b"2026-03-01"),
            ("expiry_date", None, b"2027-03-01"),
            ("file", Some("SK Tim.pdf"), &pdf),
        ]);
        let page = upload(&app, &path, &operator, body).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        let page = get(&app, page.location(), Some(&operator)).await;
        assert!(page.has("Bukti dukung diunggah.") && page.has("SK Tim.pdf"));
        assert!(page.has("1 Maret 2026") && page.has("1 Maret 2027"));
        let linked = app.db.store.indicator_evidence(p, 2).await.expect("read");
        assert_eq!(linked.len(), 1);
        assert_eq!(linked[0].level, 2);

        // it can be reused for another indicator without uploading again
        app.db
            .store
            .set_assignment(&Who::system("uji"), p, 3, Some(app.seed.diskominfo), &[])
            .await
            .expect("assign");
        let three = format!("/periode/{p}/indikator/3");
        let page = get(&app, &three, Some(&operator)).await;
        let id = linked[0].evidence.id.to_string();
        assert!(
            page.has(&format!("<option value=\"{id}\">SK Tim.pdf")),
            "offered for reuse"
        );
        let page = post(
            &app,
            &format!("{three}/bukti/tautkan"),
            Some(&operator),
            &[("evidence_id", ""), ("link_level", "3")],
        )
        .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.has("href=\"#evidence_id\""));
        let page = post(
            &app,
            &format!("{three}/bukti/tautkan"),
            Some(&operator),
            &[("evidence_id", &id), ("link_level", "3")],
        )
        .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        let linked = app.db.store.indicator_evidence(p, 3).await.expect("read");
        assert_eq!((linked.len(), linked[0].level), (1, 3));
        app.finish().await;
    }
}

#[tokio::test]
async fn reuse_offers_the_newest_hundred_and_finds_older_evidence_by_name() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let p = open_period(&app).await;
        let who = Who::system("uji");
        for n in [2, 3] {
            app.db
                .store
                .set_assignment(&who, p, n, Some(app.seed.diskominfo), &[])
                .await
                .expect("assign");
        }
        let editable = [Status::Draft, Status::Returned];
        let store = &app.db.store;
        let t = app.seed.trenggalek;
        store
            .add_evidence(&who, p, 2, &editable, pdf(t, "SK Tim SPBE 2021.pdf"), 1)
            .await
            .expect("old evidence");
        for i in 0..104 {
            let name = format!("Notulen rapat {i:03}.pdf");
            store
                .add_evidence(&who, p, 2, &editable, pdf(t, &name), 1)
                .await
                .expect("evidence");
        }
        let operator = login(&app, "operator").await;
        let three = format!("/periode/{p}/indikator/3");
        let page = get(&app, &three, Some(&operator)).await;
        assert_eq!(page.status, StatusCode::OK);
        let offered = page.body.matches("<option value=\"").count();
        assert!(page.has("Notulen rapat 103.pdf") && !page.has("Notulen rapat 003.pdf"));
        assert!(
            !page.has("SK Tim SPBE 2021.pdf"),
            "the oldest is not offered"
        );
        assert!(
            page.has("Ditampilkan 100 bukti dukung terbaru"),
            "{offered}"
        );
        // the search finds it, whatever the case
        let page = get(&app, &format!("{three}?cari_bukti=sk+tim"), Some(&operator)).await;
        assert!(page.has("SK Tim SPBE 2021.pdf") && !page.has("Notulen rapat 103.pdf"));
        assert!(page.has("value=\"sk tim\"") && !page.has("Ditampilkan 100"));
        // nothing found: said so, with the search shown as text
        let page = get(
            &app,
            &format!("{three}?cari_bukti={}", encode("<b>tidak ada</b>")),
            Some(&operator),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(shows(
            &page,
            "Tidak ada bukti dukung yang namanya memuat \u{201c}<b>tidak ada</b>\u{201d}."
        ));
        assert!(!page.has("<b>tidak ada</b>"), "escaped");
        // evidence already linked to this indicator is not offered again
        let page = get(&app, &format!("/periode/{p}/indikator/2"), Some(&operator)).await;
        assert!(!page.has("Ditampilkan 100") && page.has("Belum ada bukti dukung lain"));
        app.finish().await;
    }
}
