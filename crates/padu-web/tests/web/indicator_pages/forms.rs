//! The assignment page, external and whole-level indicators, English, and the page texts.

use super::*;

#[tokio::test]
async fn the_assignment_page_saves_a_row_with_and_without_htmx() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let p = open_period(&app).await;
        let admin = login(&app, "admin").await;
        let page = get(&app, &format!("/periode/{p}/penugasan"), Some(&admin)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        keep(&page, "penugasan");
        assert!(page.has("Terapkan pemetaan bawaan"));
        for n in 1..=20 {
            assert!(page.has(&format!("id=\"baris-{n}\"")), "row {n}");
        }
        assert!(page.has("hx-post=\"/periode/") && page.has("form=\"f-3\""));
        assert!(
            page.has("Tata Kelola Pemerintah Digital") && page.has("Tata Kelola dan Manajemen")
        );

        // without JavaScript: the form posts, the page comes back with a banner
        let (lead, helper) = (s.bappeda.to_string(), s.diskominfo.to_string());
        let body = format!("lead={lead}&opd={helper}");
        let page = post(
            &app,
            &format!("/periode/{p}/penugasan/3"),
            Some(&admin),
            &[("lead", &lead), ("opd", &helper)],
        )
        .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        assert!(page.location().ends_with("#baris-3"));
        let pi = app
            .db
            .store
            .period_indicator(p, 3)
            .await
            .expect("read")
            .expect("3");
        assert_eq!(
            (pi.lead_opd, pi.contributors.clone()),
            (Some(s.bappeda), vec![s.diskominfo])
        );
        let page = get(&app, page.location(), Some(&admin)).await;
        assert!(page.has("Penugasan indikator 3 disimpan."));

        // with htmx: only the row comes back
        let page = post_htmx(&app, &format!("/periode/{p}/penugasan/4"), &admin, &body).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(
            page.body.trim_start().starts_with("<tr id=\"baris-4\""),
            "{}",
            page.body
        );
        assert!(page.has("Tersimpan") && !page.has("<html"));
        let pi = app
            .db
            .store
            .period_indicator(p, 4)
            .await
            .expect("read")
            .expect("4");
        assert_eq!(pi.lead_opd, Some(s.bappeda));

        // an OPD of another instansi is refused, with the row's choice kept
        let foreign = s.mojokerto_opd.to_string();
        let page = post(
            &app,
            &format!("/periode/{p}/penugasan/5"),
            Some(&admin),
            &[("lead", &foreign)],
        )
        .await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{}", page.body);
        assert!(page.has("bukan OPD instansi ini"));
        assert!(page.has("class=\"error-summary\"") && page.has("href=\"#lead-5\""));
        let page = post_htmx(
            &app,
            &format!("/periode/{p}/penugasan/5"),
            &admin,
            &format!("lead={}", encode("x")),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.has("field__error") && page.has("baris-5"));
        let pi = app
            .db
            .store
            .period_indicator(p, 5)
            .await
            .expect("read")
            .expect("5");
        assert_eq!(pi.lead_opd, None);

        // the coordinator manages periods too; an operator may not
        let koordinator = login(&app, "koordinator").await;
        assert_eq!(
            get(&app, &format!("/periode/{p}/penugasan"), Some(&koordinator))
                .await
                .status,
            StatusCode::OK
        );
        let operator = login(&app, "operator").await;
        assert_eq!(
            get(&app, &format!("/periode/{p}/penugasan"), Some(&operator))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let page = post(
            &app,
            &format!("/periode/{p}/penugasan/6"),
            Some(&operator),
            &[("lead", &lead)],
        )
        .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        let page = post(
            &app,
            &format!("/periode/{p}/penugasan/bawaan"),
            Some(&operator),
            &[],
        )
        .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        assert_eq!(
            app.db
                .store
                .period_indicator(p, 6)
                .await
                .expect("read")
                .expect("6")
                .lead_opd,
            None
        );
        app.finish().await;
    }
}

#[tokio::test]
async fn external_indicators_take_an_index_value_instead_of_evidence() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let p = open_period(&app).await;
        let admin = login(&app, "admin").await;
        let path = format!("/periode/{p}/indikator/5");
        let page = get(&app, &path, Some(&admin)).await;
        assert_eq!(page.status, StatusCode::OK);
        keep(&page, "indikator-eksternal");
        assert!(page.has("Indeks Satu Data Indonesia") && page.has("Belum diisi (dihitung 1,00)"));
        assert!(page.has("name=\"ext_value\"") && !page.has("name=\"fakta\""));
        assert!(!page.has("enctype=\"multipart/form-data\""));
        let page = post(
            &app,
            &format!("{path}/eksternal"),
            Some(&admin),
            &[("ext_value", "9"), ("ext_source", ""), ("ext_date", "")],
        )
        .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.has("href=\"#ext_value\"") && page.has("href=\"#ext_source\""));
        assert!(page.has("value=\"9\""), "typed value kept");
        let page = post(
            &app,
            &format!("{path}/eksternal"),
            Some(&admin),
            &[
                ("ext_value", "3,25"),
                ("ext_source", "Indeks SDI 2026, Bappenas"),
                ("ext_date", "2026-09-30"),
            ],
        )
        .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        let page = get(&app, &path, Some(&admin)).await;
        assert!(
            page.has("3,25")
                && page.has("Indeks SDI 2026, Bappenas")
                && page.has("30 September 2026")
        );
        assert!(page.has(">Diterima</strong>"));
        app.finish().await;
    }
}

#[tokio::test]
async fn the_pages_speak_english_and_refuse_what_does_not_exist() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let p = open_period(&app).await;
        let admin = login(&app, "admin").await;
        let english = format!("{admin}; padu_bahasa=en");
        for (to, text) in [
            (
                format!("/periode/{p}/indikator/1"),
                "Criteria and evidence per level",
            ),
            (format!("/periode/{p}/tugas"), "Indicator list"),
            (
                format!("/periode/{p}/penugasan"),
                "Apply the default mapping",
            ),
        ] {
            let page = get(&app, &to, Some(&english)).await;
            assert_eq!(page.status, StatusCode::OK, "{to}");
            assert!(page.has(text), "{to}: {text}");
            assert!(page.has("<html lang=\"en\">"));
        }
        assert_eq!(
            get(&app, &format!("/periode/{p}/indikator/99"), Some(&admin))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            get(&app, &format!("/periode/{p}/indikator/x"), Some(&admin))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            get(&app, "/periode/999999/tugas", Some(&admin))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let other = login(&app, "admin.mojokerto").await;
        assert_eq!(
            get(&app, &format!("/periode/{p}/tugas"), Some(&other))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        app.finish().await;
    }
}

/// The text keys of the indicator page modules (a subdirectory the general check does not
/// read) exist in both languages.
#[test]
fn the_indicator_modules_texts_exist_in_both_languages() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/evaluation/indicator");
    let mut found = 0;
    for entry in std::fs::read_dir(dir).expect("directory") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("readable");
        for part in text.split('"').skip(1).step_by(2) {
            let known = ["indikator.", "tugas.", "penugasan."];
            if known.iter().any(|k| part.starts_with(k)) && !part.ends_with(".html") {
                found += 1;
                for lang in [Lang::Id, Lang::En] {
                    assert!(Tr::has(lang, part), "{part} missing for {lang:?}");
                }
            }
        }
    }
    assert!(found > 30, "the scan finds the keys ({found})");
}

#[tokio::test]
async fn whole_level_instruments_get_a_select_and_their_own_criteria() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let token = app.token("admin").await;
        let (status, body) = app
            .json(
                "POST",
                &format!("/api/v1/instansi/{}/periods", app.seed.trenggalek),
                Some(&token),
                Some(json!({"year": 2025, "kind": "pemantauan", "instrument": "permenpanrb-59-2020"})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let p = body["id"].as_i64().expect("id");
        let admin = login(&app, "admin").await;
        let page = get(&app, &format!("/periode/{p}/indikator/1"), Some(&admin)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        keep(&page, "indikator-59-2020");
        assert!(page.has("<select class=\"select\" id=\"self_level\" name=\"self_level\""));
        assert!(!page.has("inputmode=\"decimal\""));
        assert!(page.has("Pemantauan 2025") && page.has("Kriteria khusus indikator ini"));
        let catalog = Catalog::builtin().expect("catalog");
        let indicator = catalog
            .instrument("permenpanrb-59-2020")
            .and_then(|i| i.indicator(1))
            .expect("59/2020 no. 1");
        assert!(
            !indicator.levels.is_empty(),
            "the data has indicator criteria"
        );
        for level in &indicator.levels {
            for text in level.criteria.iter().chain(&level.evidence) {
                assert!(shows(&page, text), "level {}: {text}", level.level);
            }
        }
        let page = post(
            &app,
            &format!("/periode/{p}/indikator/1"),
            Some(&admin),
            &[
                ("self_level", "3"),
                ("fakta", "Perbup Arsitektur SPBE"),
                ("analisis", "Enam area"),
            ],
        )
        .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        let page = get(&app, page.location(), Some(&admin)).await;
        assert!(
            page.has("<option value=\"3\" selected>3 · "),
            "the claim is selected"
        );
        app.finish().await;
    }
}
