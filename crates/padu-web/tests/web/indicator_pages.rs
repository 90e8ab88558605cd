//! The indicator pages through the real router on every backend: the task list, the assignment
//! page, the per-indicator work page with "check your answers", and the review workflow, as an
//! operator, an internal assessor, an external assessor and a head (read-only) use them.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use padu_app::kit::i18n::{Lang, Tr};
use padu_core::Catalog;
use padu_core::access::Role;
use padu_core::evaluation::Status;
use padu_store::evaluation::{EvidenceKind, NewEvidence};
use padu_store::testing::databases;
use padu_store::{NewUser, Who};
use serde_json::json;

use crate::pages::{Page, encode, get, login, post, request};
use crate::support::{PASSWORD, TestApp};

/// Opens a 2026 period under 8/2026 for Kabupaten Trenggalek (through the API).
async fn open_period(app: &TestApp) -> i64 {
    let admin = app.token("admin").await;
    let (status, body) = app
        .json(
            "POST",
            &format!("/api/v1/instansi/{}/periods", app.seed.trenggalek),
            Some(&admin),
            Some(json!({"year": 2026, "kind": "evaluasi", "instrument": "permenpanrb-8-2026"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_i64().expect("period id")
}

fn pdf(instansi: i64, name: &str) -> NewEvidence {
    NewEvidence {
        instansi_id: instansi,
        kind: EvidenceKind::File,
        name: name.into(),
        sha256: Some("ab".repeat(32)),
        size: Some(2048),
        content_type: Some("application/pdf".into()),
        url: None,
        uploaded_by: None,
        effective_date: Some("2026-01-02".into()),
        expiry_date: None,
    }
}

/// Text as the templates escape it.
fn escaped(text: &str) -> String {
    text.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

/// Whether a page shows `text` (escaped or not: askama's entity style is an implementation
/// detail).
fn shows(page: &Page, text: &str) -> bool {
    page.has(text) || page.has(&escaped(text)) || page.has(&text.replace('\'', "&#x27;"))
}

/// A page as htmx requests it.
async fn post_htmx(app: &TestApp, path: &str, cookie: &str, body: &str) -> Page {
    let request_ = Request::builder()
        .method("POST")
        .uri(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .header("hx-request", "true")
        .header(header::COOKIE, cookie)
        .body(Body::from(body.to_string()))
        .expect("request");
    request(app, request_).await
}

/// Writes a page to `$PADU_SCREENSHOT_DIR/<name>.html` (to look at it in a browser), when set.
fn keep(page: &Page, name: &str) {
    if let Ok(dir) = std::env::var("PADU_SCREENSHOT_DIR") {
        let html = page
            .body
            .replace("href=\"/static/", "href=\"file:///work/main/static/")
            .replace("src=\"/static/", "src=\"file:///work/main/static/");
        std::fs::write(format!("{dir}/{name}.html"), html).expect("write the page");
    }
}

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
            StatusCode::FORBIDDEN
        );
        app.finish().await;
    }
}

const BOUNDARY: &str = "----padu-halaman-batas";

/// A multipart body as a browser sends the upload form: (name, file name, bytes).
pub(crate) fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file_name, bytes) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        let disposition = match file_name {
            Some(f) => format!(
                "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/pdf\r\n\r\n"
            ),
            None => format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n"),
        };
        body.extend_from_slice(disposition.as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

pub(crate) async fn upload(app: &TestApp, path: &str, cookie: &str, body: Vec<u8>) -> Page {
    let request_ = Request::builder()
        .method("POST")
        .uri(path)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header("sec-fetch-site", "same-origin")
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .expect("request");
    request(app, request_).await
}

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
