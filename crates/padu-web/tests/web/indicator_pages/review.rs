//! The indicator's way through the workflow: draft, submitted, returned, accepted; who may not.

use super::*;

#[tokio::test]
async fn an_indicator_goes_from_draft_through_return_to_accepted() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let p = open_period(&app).await;
        let admin = login(&app, "admin").await;
        let operator = login(&app, "operator").await;
        let asesor = login(&app, "asesor").await;

        // the admin applies the default mapping: Diskominfo leads indicator 1
        let page = post(
            &app,
            &format!("/periode/{p}/penugasan/bawaan"),
            Some(&admin),
            &[],
        )
        .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        let page = get(&app, page.location(), Some(&admin)).await;
        assert!(page.has("Pemetaan bawaan diterapkan pada"), "the banner");

        // the operator's task list
        let tasks = get(&app, &format!("/periode/{p}/tugas"), Some(&operator)).await;
        assert_eq!(tasks.status, StatusCode::OK, "{}", tasks.body);
        assert!(
            tasks.has(&format!("href=\"/periode/{p}\"")),
            "back to the period"
        );
        keep(&tasks, "tugas-operator");
        assert!(tasks.has("Dipimpin OPD Anda") && tasks.has("OPD Anda ikut mendukung"));
        assert!(tasks.has(&format!("href=\"/periode/{p}/indikator/1\"")));
        assert!(tasks.has(">Draf</strong>"));
        assert!(!tasks.has("Atur penugasan"), "operators do not assign");

        // the work page: criteria of every level, the claim form with a decimal input
        let path = format!("/periode/{p}/indikator/1");
        let page = get(&app, &path, Some(&operator)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let catalog = Catalog::builtin().expect("catalog");
        let instrument = catalog.instrument("permenpanrb-8-2026").expect("8/2026");
        let scale = &instrument.scales[instrument.indicator(1).expect("1").scale];
        for level in &scale.levels {
            assert!(page.has(&format!("id=\"level-{}\"", level.level)));
            for text in level.criteria.iter().chain(&level.evidence) {
                assert!(shows(&page, text), "level {}: {text}", level.level);
            }
        }
        assert!(page.has("name=\"self_level\"") && page.has("inputmode=\"decimal\""));
        assert!(page.has("name=\"fakta\"") && page.has("name=\"analisis\""));
        assert!(
            page.has("enctype=\"multipart/form-data\""),
            "the upload form"
        );
        assert!(
            !page.has("/kembalikan\""),
            "no review forms for the operator"
        );

        // a value off the scale comes back with the message beside the field, typed values kept
        let page = post(
            &app,
            &path,
            Some(&operator),
            &[
                ("self_level", "5,5"),
                ("fakta", "SK Tim"),
                ("analisis", "Belum"),
            ],
        )
        .await;
        assert_eq!(
            page.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            page.body
        );
        assert!(page.has("class=\"error-summary\"") && page.has("href=\"#self_level\""));
        assert!(page.has("value=\"5,5\"") && page.has(">SK Tim</textarea>"));

        let page = post(
            &app,
            &path,
            Some(&operator),
            &[
                ("self_level", "2,50"),
                ("fakta", "SK Bupati 12/2026 tentang Tim Pemerintah Digital"),
                ("analisis", "Tim sudah ada, belum dievaluasi berkala"),
            ],
        )
        .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        let page = get(&app, page.location(), Some(&operator)).await;
        assert!(page.has("Klaim dan narasi disimpan."));
        assert!(page.has("value=\"2,50\""));
        assert!(page.has("Kelengkapan berjenjang"));
        assert!(page.has("belum ada bukti dukung untuk kriteria berikut"));

        // check your answers lists what is missing; submitting shows the core's refusal
        let check = get(&app, &format!("{path}/ajukan"), Some(&operator)).await;
        assert_eq!(check.status, StatusCode::OK, "{}", check.body);
        keep(&check, "indikator-ajukan");
        assert!(check.has("Indikator ini belum dapat diajukan"));
        assert!(check.has("Bukti dukung untuk level 2 belum diunggah"));
        assert!(check.has("SK Bupati 12/2026"));
        let page = post(&app, &format!("{path}/ajukan"), Some(&operator), &[]).await;
        assert_eq!(page.status, StatusCode::CONFLICT, "{}", page.body);
        assert!(page.has("class=\"error-summary\""));
        assert!(page.has("Bukti dukung untuk level 2 belum diunggah"));
        let pi = app
            .db
            .store
            .period_indicator(p, 1)
            .await
            .expect("read")
            .expect("1");
        assert_eq!(pi.status, Status::Draft);

        // with evidence for level 2 it goes through
        app.db
            .store
            .add_evidence(
                &Who::system("uji"),
                p,
                1,
                &[Status::Draft],
                pdf(s.trenggalek, "sk-tim-pemdi.pdf"),
                2,
            )
            .await
            .expect("evidence");
        let page = get(&app, &path, Some(&operator)).await;
        assert!(page.has("sk-tim-pemdi.pdf") && page.has("2,0 KB") && page.has("2.048 bita"));
        assert!(page.has("abababababab…") && page.has(&"ab".repeat(32)));
        assert!(page.has("2 Januari 2026") && page.has("Belum ditinjau"));
        let link = app.db.store.indicator_evidence(p, 1).await.expect("read")[0].link_id;
        let evidence_id = app.db.store.indicator_evidence(p, 1).await.expect("read")[0]
            .evidence
            .id;
        assert!(page.has(&format!("/api/v1/evidence/{evidence_id}/content")));
        let page = post(&app, &format!("{path}/ajukan"), Some(&operator), &[]).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        let page = get(&app, page.location(), Some(&operator)).await;
        assert!(page.has("Indikator diajukan untuk ditinjau"));
        assert!(page.has(">Diajukan</strong>"));
        assert!(!page.has("name=\"fakta\""), "no editing while submitted");

        // the assessor returns it: a note is required, then it is in the thread
        let page = get(&app, &path, Some(&asesor)).await;
        keep(&page, "indikator-asesor");
        assert!(page.has(&format!("action=\"{path}/kembalikan\"")));
        assert!(page.has(&format!("action=\"{path}/terima\"")));
        assert!(page.has(&format!("action=\"{path}/bukti/{link}/tinjau\"")));
        assert!(
            page.has("<option value=\"\" selected>— pilih hasil tinjauan —</option>"),
            "nothing is accepted by default"
        );
        let page = post(
            &app,
            &format!("{path}/kembalikan"),
            Some(&asesor),
            &[("return_note", " ")],
        )
        .await;
        assert_eq!(
            page.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            page.body
        );
        assert!(page.has("href=\"#return_note\"") && page.has("Catatan pengembalian wajib diisi"));
        let note = "Lampirkan SK yang sudah ditandatangani";
        let page = post(
            &app,
            &format!("{path}/kembalikan"),
            Some(&asesor),
            &[("return_note", note)],
        )
        .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        let page = get(&app, &path, Some(&operator)).await;
        assert!(page.has(note), "the note is in the thread");
        assert!(page.has(">Dikembalikan</strong>"));
        let tasks = get(&app, &format!("/periode/{p}/tugas"), Some(&operator)).await;
        assert!(tasks.has(">Dikembalikan</strong>"));

        // the operator fixes and resubmits (save, then straight to the check page)
        let page = post(
            &app,
            &path,
            Some(&operator),
            &[
                ("self_level", "2,50"),
                ("fakta", "SK Bupati 12/2026 (ditandatangani)"),
                ("analisis", "Tim sudah ada, belum dievaluasi berkala"),
                ("lanjut", "ajukan"),
            ],
        )
        .await;
        assert_eq!(page.location(), format!("{path}/ajukan"));
        let check = get(&app, page.location(), Some(&operator)).await;
        assert!(
            !check.has("Indikator ini belum dapat diajukan"),
            "{}",
            check.body
        );
        let page = post(&app, &format!("{path}/ajukan"), Some(&operator), &[]).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);

        // the assessor accepts the evidence, then the indicator with a level
        let page = post(
            &app,
            &format!("{path}/bukti/{link}/tinjau"),
            Some(&asesor),
            &[("review", "diterima"), ("note", "")],
        )
        .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        assert!(page.location().ends_with("#level-2"));
        let page = post(
            &app,
            &format!("{path}/terima"),
            Some(&asesor),
            &[("accept_level", "")],
        )
        .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.has("href=\"#accept_level\""));
        let page = post(
            &app,
            &format!("{path}/terima"),
            Some(&asesor),
            &[("accept_level", "2,25"), ("accept_note", "")],
        )
        .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        let page = get(&app, &path, Some(&operator)).await;
        keep(&page, "indikator-diterima");
        assert!(page.has(">Diterima</strong>") && page.has("2,25"));
        assert!(page.has("Bukti diterima"), "level 2's evidence is accepted");
        let pi = app
            .db
            .store
            .period_indicator(p, 1)
            .await
            .expect("read")
            .expect("1");
        assert_eq!(pi.status, Status::Accepted);
        assert_eq!(pi.accepted_value, Some(padu_core::Value(225)));

        let tasks = get(&app, &format!("/periode/{p}/tugas"), Some(&operator)).await;
        assert!(tasks.has(">Diterima</strong>"));
        // everyone else sees all indicators by OPD, and can filter
        let all = get(&app, &format!("/periode/{p}/tugas"), Some(&admin)).await;
        keep(&all, "tugas-admin");
        assert!(all.has("Dinas Komunikasi dan Informatika") && all.has("name=\"status\""));
        assert!(all.has("Atur penugasan"));
        let accepted = get(
            &app,
            &format!("/periode/{p}/tugas?status=accepted&opd="),
            Some(&admin),
        )
        .await;
        assert!(accepted.has(&format!("href=\"/periode/{p}/indikator/1\"")));
        assert!(!accepted.has(&format!("href=\"/periode/{p}/indikator/2\"")));
        let unassigned = get(&app, &format!("/periode/{p}/tugas?opd=tanpa"), Some(&admin)).await;
        assert!(!unassigned.has(&format!("href=\"/periode/{p}/indikator/1\"")));

        // comments: the operator answers in the thread
        let page = post(
            &app,
            &format!("{path}/komentar"),
            Some(&operator),
            &[("comment_body", "")],
        )
        .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        let page = post(
            &app,
            &format!("{path}/komentar"),
            Some(&operator),
            &[("comment_body", "Terima kasih, SK sudah dilampirkan.")],
        )
        .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
        let comments = app.db.store.comments_of(p, 1).await.expect("comments");
        let kinds: Vec<&str> = comments.iter().map(|c| c.kind.as_str()).collect();
        assert_eq!(
            kinds,
            ["dikembalikan", "diterima", "komentar"],
            "oldest first"
        );

        // the external assessor sets the final value
        let eksternal = login(&app, "eksternal").await;
        let page = post(
            &app,
            &format!("{path}/final"),
            Some(&eksternal),
            &[("final_level", "2,1"), ("final_note", "")],
        )
        .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        let page = get(&app, &path, Some(&eksternal)).await;
        assert!(page.has("2,10"));
        app.finish().await;
    }
}

#[tokio::test]
async fn another_opd_and_the_head_change_nothing() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let p = open_period(&app).await;
        app.db
            .store
            .set_assignment(&Who::system("uji"), p, 1, Some(s.diskominfo), &[])
            .await
            .expect("assign");
        let hash = padu_app::users::password::hash_blocking(PASSWORD).expect("hash");
        app.db
            .store
            .create_user(
                &Who::system("uji"),
                NewUser {
                    username: "operator.bappeda".into(),
                    display_name: "Operator Bappeda".into(),
                    password_hash: hash,
                    role: Role::OperatorOpd,
                    instansi_id: Some(s.trenggalek),
                    opd_id: Some(s.bappeda),
                    email: None,
                },
            )
            .await
            .expect("user");
        let other = login(&app, "operator.bappeda").await;
        let before = app.db.store.period_indicator(p, 1).await.expect("read");
        let path = format!("/periode/{p}/indikator/1");
        let bappeda = s.bappeda.to_string();
        let attempts: [(String, Vec<(&str, &str)>); 10] = [
            (
                path.clone(),
                vec![("self_level", "3"), ("fakta", "x"), ("analisis", "y")],
            ),
            (format!("{path}/ajukan"), vec![]),
            (
                format!("{path}/bukti/tautkan"),
                vec![("evidence_id", "1"), ("link_level", "2")],
            ),
            (format!("{path}/komentar"), vec![("comment_body", "halo")]),
            (format!("{path}/kembalikan"), vec![("return_note", "x")]),
            (format!("{path}/terima"), vec![("accept_level", "3")]),
            (format!("{path}/final"), vec![("final_level", "3")]),
            (
                format!("/periode/{p}/indikator/5/eksternal"),
                vec![("ext_value", "3"), ("ext_source", "x")],
            ),
            (
                format!("/periode/{p}/penugasan/1"),
                vec![("lead", bappeda.as_str())],
            ),
            (format!("/periode/{p}/penugasan/bawaan"), vec![]),
        ];
        for (to, fields) in &attempts {
            let page = post(&app, to, Some(&other), fields).await;
            assert_eq!(
                page.status,
                StatusCode::FORBIDDEN,
                "POST {to}: {}",
                page.body
            );
        }
        let page = post(&app, &format!("{path}/bukti"), Some(&other), &[]).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "the upload too");
        let after = app.db.store.period_indicator(p, 1).await.expect("read");
        assert_eq!(before, after, "nothing changed");
        assert!(
            app.db
                .store
                .comments_of(p, 1)
                .await
                .expect("read")
                .is_empty()
        );
        let five = app
            .db
            .store
            .period_indicator(p, 5)
            .await
            .expect("read")
            .expect("5");
        assert_eq!(five.external_source, None);

        // the other OPD may read the page, without forms
        let page = get(&app, &path, Some(&other)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.has("name=\"fakta\"") && !page.has("name=\"comment_body\""));
        assert_eq!(
            get(&app, &format!("/periode/{p}/penugasan"), Some(&other))
                .await
                .status,
            StatusCode::FORBIDDEN
        );

        // once it contributes it may join the discussion, still not edit
        app.db
            .store
            .set_assignment(&Who::system("uji"), p, 1, Some(s.diskominfo), &[s.bappeda])
            .await
            .expect("assign");
        let page = post(
            &app,
            &format!("{path}/komentar"),
            Some(&other),
            &[("comment_body", "Data Bappeda menyusul")],
        )
        .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
        let page = post(&app, &path, Some(&other), &[("self_level", "3")]).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        let tasks = get(&app, &format!("/periode/{p}/tugas"), Some(&other)).await;
        assert!(
            tasks.has(&format!("href=\"{path}\"")),
            "listed under contributing"
        );

        // the head reads everything and sees no form at all
        let pimpinan = login(&app, "pimpinan").await;
        for to in [
            path.clone(),
            format!("/periode/{p}/indikator/5"),
            format!("/periode/{p}/tugas"),
        ] {
            let page = get(&app, &to, Some(&pimpinan)).await;
            assert_eq!(page.status, StatusCode::OK, "{to}");
            assert!(
                !page.has("method=\"post\" action=\"/periode/"),
                "{to}: a form"
            );
            assert!(!page.has("<textarea"), "{to}");
        }
        assert!(
            !get(&app, &format!("/periode/{p}/tugas"), Some(&pimpinan))
                .await
                .has("Atur penugasan")
        );
        assert_eq!(
            get(&app, &format!("{path}/ajukan"), Some(&pimpinan))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        app.finish().await;
    }
}
