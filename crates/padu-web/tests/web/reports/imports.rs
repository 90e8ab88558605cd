//! The worksheet and official-result imports through the API.

use super::*;

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
