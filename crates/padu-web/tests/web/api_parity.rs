//! The API at parity with the pages around an indicator, on both backends: its detail, its
//! discussion, reusing evidence, the caller's notifications and the audit log answer what the
//! pages show for the same record, and every role of the seed gets the page's outcome.

use axum::http::StatusCode;
use padu_core::access::Role;
use padu_core::evaluation::Status;
use padu_store::evaluation::{EvidenceKind, NewEvidence};
use padu_store::testing::databases;
use padu_store::{NewUser, Who};
use serde_json::{Value, json};

use crate::pages::{get, login};
use crate::support::{PASSWORD, TestApp};

const EDITABLE: [Status; 2] = [Status::Draft, Status::Returned];

/// Opens a 2026 period under 8/2026 for `instansi` as `admin` (through the API).
async fn open_period(app: &TestApp, admin: &str, instansi: i64) -> i64 {
    let token = app.token(admin).await;
    let (status, body) = app
        .json(
            "POST",
            &format!("/api/v1/instansi/{instansi}/periods"),
            Some(&token),
            Some(json!({"year": 2026, "kind": "evaluasi", "instrument": "permenpanrb-8-2026"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_i64().expect("period id")
}

/// Indicators `numbers` of period `p` led by Diskominfo.
async fn assign(app: &TestApp, p: i64, numbers: &[u16]) {
    for n in numbers {
        app.db
            .store
            .set_assignment(&Who::system("uji"), p, *n, Some(app.seed.diskominfo), &[])
            .await
            .expect("assign");
    }
}

fn pdf(instansi: i64, name: &str) -> NewEvidence {
    NewEvidence {
        instansi_id: instansi,
        kind: EvidenceKind::File,
        name: name.into(),
        sha256: Some("ef".repeat(32)),
        size: Some(4096),
        content_type: Some("application/pdf".into()),
        url: None,
        uploaded_by: None,
        effective_date: Some("2026-01-02".into()),
        expiry_date: Some("2027-01-01".into()),
    }
}

/// Evidence `name` of `instansi` linked to indicator `number` of period `p` for level 2.
async fn evidence(app: &TestApp, p: i64, number: u16, instansi: i64, name: &str) -> i64 {
    app.db
        .store
        .add_evidence(
            &Who::system("uji"),
            p,
            number,
            &EDITABLE,
            pdf(instansi, name),
            2,
        )
        .await
        .expect("evidence")
        .0
        .id
}

/// An operator of Bappeda (another OPD of Kabupaten Trenggalek).
async fn bappeda_operator(app: &TestApp) {
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
                instansi_id: Some(app.seed.trenggalek),
                opd_id: Some(app.seed.bappeda),
                email: None,
            },
        )
        .await
        .expect("user");
}

fn len(v: &Value) -> usize {
    v.as_array().map_or(0, Vec::len)
}

#[tokio::test]
async fn the_detail_answers_what_the_indicator_page_shows() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let t = app.seed.trenggalek;
        let p = open_period(&app, "admin", t).await;
        assign(&app, p, &[1]).await;
        let operator = app.token("operator").await;
        let path = format!("/api/v1/periods/{p}/indicators/1");
        let (status, body) = app
            .json(
                "PATCH",
                &path,
                Some(&operator),
                Some(json!({"self_level": 2, "fakta": "SK Tim Pemdi <2026>", "analisis": "Tim sudah bekerja"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let id = evidence(&app, p, 1, t, "SK Tim Pemdi.pdf").await;

        let (status, detail) = app.json("GET", &path, Some(&operator), None).await;
        assert_eq!(status, StatusCode::OK, "{detail}");
        // the list's fields, as the list answers them
        let (_, list) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{p}/indicators"),
                Some(&operator),
                None,
            )
            .await;
        let listed = list
            .as_array()
            .and_then(|l| l.iter().find(|i| i["number"] == 1))
            .expect("indicator 1 listed");
        for (key, value) in listed.as_object().expect("object") {
            assert_eq!(&detail[key], value, "{key}");
        }
        assert_eq!(detail["fakta"], "SK Tim Pemdi <2026>");
        assert_eq!(detail["analisis"], "Tim sudah bekerja");
        assert_eq!(detail["evidence_count"], 1);
        // each level of the scale with its state: the floor stands, level 2 waits for review
        let levels = detail["criteria"].as_array().expect("criteria");
        assert_eq!(levels.len(), 5, "{detail}");
        assert_eq!(levels[0]["level"], 1);
        assert_eq!(
            (levels[0]["state"].as_str(), levels[0]["met"].as_bool()),
            (Some("dasar"), Some(true))
        );
        assert_eq!(levels[1]["state"], "menunggu");
        assert_eq!(levels[2]["state"], "tanpa_bukti");
        assert!(levels.iter().all(|l| len(&l["criteria"]) > 0), "{detail}");
        let item = &detail["evidence"][0];
        assert_eq!(item["id"], id);
        assert_eq!(item["name"], "SK Tim Pemdi.pdf");
        assert_eq!(item["size"], 4096);
        assert_eq!(item["level"], 2);
        assert_eq!(item["review"], "pending");
        assert_eq!(item["expiry_date"], "2027-01-01");
        assert_eq!(
            item["content"].as_str(),
            Some(format!("/api/v1/evidence/{id}/content").as_str())
        );
        assert_eq!(
            detail["may"],
            json!({"edit": true, "submit": true, "review": false, "set_final": false, "set_external": false, "comment": true})
        );
        // the page shows the same narrative, evidence and state
        let cookie = login(&app, "operator").await;
        let page = get(&app, &format!("/periode/{p}/indikator/1"), Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.has("Tim sudah bekerja") && page.has("SK Tim Pemdi.pdf"));
        assert!(page.has(&format!("/api/v1/evidence/{id}/content")));

        // an indicator the instrument lacks, a period that does not exist, a number that is not
        let token = app.token("admin").await;
        for bad in [
            format!("/api/v1/periods/{p}/indicators/999"),
            "/api/v1/periods/999999/indicators/1".to_string(),
            format!("/api/v1/periods/{p}/indicators/satu"),
        ] {
            let (status, body) = app.json("GET", &bad, Some(&token), None).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{bad}: {body}");
            assert_eq!(body["code"], "not_found");
        }
        let (status, _) = app.json("GET", &path, None, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        app.finish().await;
    }
}

#[tokio::test]
async fn a_comment_posted_is_in_the_thread_and_on_the_page() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let p = open_period(&app, "admin", app.seed.trenggalek).await;
        assign(&app, p, &[1]).await;
        let operator = app.token("operator").await;
        let path = format!("/api/v1/periods/{p}/indicators/1/comments");
        let (status, made) = app
            .json(
                "POST",
                &path,
                Some(&operator),
                Some(json!({"text": "  Mohon cek SK terbaru  "})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{made}");
        assert_eq!(made["text"], "Mohon cek SK terbaru");
        assert_eq!(made["kind"], "komentar");
        assert_eq!(made["author"], "operator", "the name the page shows");
        assert!(made["id"].is_i64() && made["created_at_ms"].is_i64());

        let (status, thread) = app.json("GET", &path, Some(&operator), None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(thread, json!([made]));
        let (_, detail) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{p}/indicators/1"),
                Some(&operator),
                None,
            )
            .await;
        assert_eq!(detail["comments"], thread);
        let cookie = login(&app, "asesor").await;
        let page = get(&app, &format!("/periode/{p}/indikator/1"), Some(&cookie)).await;
        assert!(page.has("Mohon cek SK terbaru"));

        // bad input: 422 naming the body's field, nothing written
        for (body, says) in [
            (json!({"text": "   "}), "Tulis komentar"),
            (json!({"text": "x".repeat(5001)}), "5000"),
            (json!({"text": "a\u{0007}b"}), "Komentar"),
        ] {
            let (status, err) = app.json("POST", &path, Some(&operator), Some(body)).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
            assert_eq!(err["fields"][0]["field"], "text", "{err}");
            assert!(
                err["fields"][0]["message"]
                    .as_str()
                    .is_some_and(|m| m.contains(says)),
                "{err}"
            );
        }
        let (status, err) = app
            .json("POST", &path, Some(&operator), Some(json!({"teks": "x"})))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
        let (_, thread) = app.json("GET", &path, Some(&operator), None).await;
        assert_eq!(len(&thread), 1);
        app.finish().await;
    }
}

#[tokio::test]
async fn linking_evidence_found_by_search_makes_it_part_of_the_detail() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let t = app.seed.trenggalek;
        let p = open_period(&app, "admin", t).await;
        assign(&app, p, &[2, 3]).await;
        let sk = evidence(&app, p, 2, t, "SK Tim SPBE 2021.pdf").await;
        for i in 0..3 {
            evidence(&app, p, 2, t, &format!("Notulen rapat {i}.pdf")).await;
        }
        let other_p = open_period(&app, "admin.mojokerto", app.seed.mojokerto).await;
        let foreign = evidence(&app, other_p, 2, app.seed.mojokerto, "SK Mojokerto.pdf").await;
        let operator = app.token("operator").await;

        // the search: by name in any case, newest first, paged
        let search = format!("/api/v1/instansi/{t}/evidence");
        let (status, found) = app
            .json("GET", &format!("{search}?q=sk+TIM"), Some(&operator), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{found}");
        assert_eq!(found["items"].as_array().map(Vec::len), Some(1));
        assert_eq!(found["items"][0]["id"], sk);
        assert_eq!(found["more"], false);
        let (_, newest) = app
            .json("GET", &format!("{search}?limit=2"), Some(&operator), None)
            .await;
        assert_eq!(len(&newest["items"]), 2);
        assert_eq!(newest["items"][0]["name"], "Notulen rapat 2.pdf");
        assert_eq!(newest["more"], true);
        let (_, rest) = app
            .json(
                "GET",
                &format!("{search}?limit=2&offset=2"),
                Some(&operator),
                None,
            )
            .await;
        assert_eq!(
            rest["items"]
                .as_array()
                .expect("items")
                .iter()
                .map(|e| e["name"].as_str().unwrap_or(""))
                .collect::<Vec<_>>(),
            vec!["Notulen rapat 0.pdf", "SK Tim SPBE 2021.pdf"]
        );
        assert_eq!(rest["more"], false);
        for bad in ["limit=0", "limit=101", "offset=99999999", "q=sk%00"] {
            let (status, err) = app
                .json("GET", &format!("{search}?{bad}"), Some(&operator), None)
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {err}");
        }
        let (status, _) = app
            .json(
                "GET",
                &format!("{search}?limit=banyak"),
                Some(&operator),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        // the page offers the same for reuse
        let cookie = login(&app, "operator").await;
        let page = get(
            &app,
            &format!("/periode/{p}/indikator/3?cari_bukti=sk+tim"),
            Some(&cookie),
        )
        .await;
        assert!(page.has("SK Tim SPBE 2021.pdf") && !page.has("Notulen rapat 2.pdf"));
        let page = get(
            &app,
            &format!("/periode/{p}/indikator/3?cari_bukti=sk%00+tim"),
            Some(&cookie),
        )
        .await;
        assert_eq!(
            page.status,
            StatusCode::OK,
            "a search drops what no text may hold"
        );
        assert!(page.has("SK Tim SPBE 2021.pdf"));

        // linking: the item appears in the detail, as on the page
        let link = format!("/api/v1/periods/{p}/indicators/3/evidence/link");
        let written = || async { app.db.store.indicator_evidence(p, 3).await.expect("read") };
        for (body, field) in [
            (json!({"evidence": sk}), "level"),
            (json!({"evidence": sk, "level": 9}), "level"),
            (json!({"evidence": sk, "level": "dua"}), "level"),
            (json!({"evidence": foreign, "level": 2}), "evidence"),
            (json!({"evidence": 99_999_999, "level": 2}), "evidence"),
        ] {
            let (status, err) = app.json("POST", &link, Some(&operator), Some(body)).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
            assert_eq!(err["fields"][0]["field"], field, "{err}");
            assert!(written().await.is_empty(), "nothing written");
        }
        let (status, linked) = app
            .json(
                "POST",
                &link,
                Some(&operator),
                Some(json!({"evidence": sk, "level": 2})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{linked}");
        assert_eq!(
            (linked["id"].as_i64(), linked["level"].as_u64()),
            (Some(sk), Some(2))
        );
        let (_, detail) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{p}/indicators/3"),
                Some(&operator),
                None,
            )
            .await;
        assert_eq!(detail["evidence"], json!([linked]));
        assert_eq!(detail["evidence_count"], 1);
        let page = get(&app, &format!("/periode/{p}/indikator/3"), Some(&cookie)).await;
        assert!(page.has(&format!("/api/v1/evidence/{sk}/content")));
        app.finish().await;
    }
}

#[tokio::test]
async fn notifications_are_listed_and_marked_read_as_on_the_page() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let t = app.seed.trenggalek;
        let p = open_period(&app, "admin", t).await;
        assign(&app, p, &[1, 2]).await;
        let operator = app.token("operator").await;
        // two submissions notify the assessors
        for n in [1, 2] {
            let path = format!("/api/v1/periods/{p}/indicators/{n}");
            let (status, body) = app
                .json(
                    "PATCH",
                    &path,
                    Some(&operator),
                    Some(json!({"self_level": 2, "fakta": "Ada", "analisis": "Ada"})),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
            evidence(&app, p, n, t, &format!("bukti {n}.pdf")).await;
            let (status, body) = app
                .json("POST", &format!("{path}/submit"), Some(&operator), None)
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        let asesor = app.token("asesor").await;
        let (status, inbox) = app
            .json("GET", "/api/v1/notifications", Some(&asesor), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{inbox}");
        let items = inbox["items"].as_array().expect("items").clone();
        assert_eq!(items.len(), 2, "{inbox}");
        assert_eq!(inbox["unread"], 2);
        assert!(
            items
                .iter()
                .all(|n| n["kind"] == "diajukan" && n["read"] == false)
        );
        assert!(
            items[0]["id"].as_i64() > items[1]["id"].as_i64(),
            "newest first"
        );
        let cookie = login(&app, "asesor").await;
        let page = get(&app, "/notifikasi", Some(&cookie)).await;
        assert!(page.has(items[0]["message"].as_str().expect("message")));

        let (_, first) = app
            .json(
                "GET",
                "/api/v1/notifications?limit=1&offset=1",
                Some(&asesor),
                None,
            )
            .await;
        assert_eq!(first["items"], json!([items[1]]));
        let one = items[1]["id"].as_i64().expect("id");
        let read = format!("/api/v1/notifications/{one}/read");
        let (status, count) = app.json("POST", &read, Some(&asesor), None).await;
        assert_eq!(
            (status, count["unread"].as_u64()),
            (StatusCode::OK, Some(1))
        );
        // again: still read, still found
        let (status, count) = app.json("POST", &read, Some(&asesor), None).await;
        assert_eq!(
            (status, count["unread"].as_u64()),
            (StatusCode::OK, Some(1))
        );
        let (_, unread) = app
            .json(
                "GET",
                "/api/v1/notifications?unread=true",
                Some(&asesor),
                None,
            )
            .await;
        assert_eq!(unread["items"], json!([items[0]]));
        // another user's notification is not the caller's to mark
        let other = items[0]["id"].as_i64().expect("id");
        let (status, _) = app
            .json(
                "POST",
                &format!("/api/v1/notifications/{other}/read"),
                Some(&operator),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        for bad in ["limit=0", "limit=201", "offset=99999999"] {
            let (status, err) = app
                .json(
                    "GET",
                    &format!("/api/v1/notifications?{bad}"),
                    Some(&asesor),
                    None,
                )
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {err}");
        }
        let (status, _) = app
            .json(
                "GET",
                "/api/v1/notifications?unread=ya",
                Some(&asesor),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (status, count) = app
            .json(
                "POST",
                "/api/v1/notifications/read-all",
                Some(&asesor),
                None,
            )
            .await;
        assert_eq!(
            (status, count["unread"].as_u64()),
            (StatusCode::OK, Some(0))
        );
        let (_, inbox) = app
            .json("GET", "/api/v1/notifications", Some(&asesor), None)
            .await;
        assert_eq!(inbox["unread"], 0);
        assert!(
            inbox["items"]
                .as_array()
                .expect("items")
                .iter()
                .all(|n| n["read"] == true)
        );
        let (status, _) = app.json("GET", "/api/v1/notifications", None, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        app.finish().await;
    }
}

#[tokio::test]
async fn the_audit_log_is_filtered_as_its_readers_may_see_it() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let admin = app.token("admin").await;
        let (status, opds) = app
            .json("GET", "/api/v1/audit?entity=opd", Some(&admin), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{opds}");
        let opds = opds.as_array().expect("array").clone();
        assert_eq!(opds.len(), 2, "Diskominfo and Bappeda: {opds:?}");
        assert!(
            opds.iter()
                .all(|e| e["entity"] == "opd" && e["instansi"] == s.trenggalek)
        );
        assert!(
            opds[0]["seq"].as_i64() > opds[1]["seq"].as_i64(),
            "newest first"
        );
        assert_eq!(opds[0]["after"]["name"], "Bappeda", "{:?}", opds[0]);
        // the page lists the same records
        let cookie = login(&app, "admin").await;
        let page = get(&app, "/audit?aksi=opd.", Some(&cookie)).await;
        for e in &opds {
            let id = e["entity_id"].as_str().expect("id");
            assert!(page.has(&format!("OPD #{id}")), "{id}");
        }
        let (_, by_action) = app
            .json("GET", "/api/v1/audit?action=opd.", Some(&admin), None)
            .await;
        assert_eq!(by_action.as_array(), Some(&opds));
        let (_, users) = app
            .json(
                "GET",
                &format!(
                    "/api/v1/audit?entity=user&instansi={}&limit=2",
                    s.trenggalek
                ),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(len(&users), 2);
        assert!(
            users
                .as_array()
                .expect("array")
                .iter()
                .all(|e| e["entity"] == "user")
        );
        let (_, nobody) = app
            .json(
                "GET",
                "/api/v1/audit?actor=tidak-ada-orang",
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(nobody, json!([]));
        let (_, from_today) = app
            .json(
                "GET",
                "/api/v1/audit?entity=opd&from=2000-01-01&to=2999-12-31",
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(len(&from_today), 2);
        // bad input
        for (bad, field) in [
            ("from=kemarin", "from"),
            ("to=2026-13-01", "to"),
            ("limit=0", "limit"),
            ("limit=501", "limit"),
            ("actor=a%00b", "actor"),
            ("entity=opd%1B", "entity"),
        ] {
            let (status, err) = app
                .json("GET", &format!("/api/v1/audit?{bad}"), Some(&admin), None)
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {err}");
            assert_eq!(err["fields"][0]["field"], field, "{err}");
        }
        // the admin of another instansi: Trenggalek's entries are none of theirs
        let other = app.token("admin.mojokerto").await;
        let (status, _) = app
            .json(
                "GET",
                &format!("/api/v1/audit?instansi={}", s.trenggalek),
                Some(&other),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (_, own) = app.json("GET", "/api/v1/audit", Some(&other), None).await;
        assert!(
            own.as_array()
                .expect("array")
                .iter()
                .all(|e| e["instansi"] == s.mojokerto),
            "{own}"
        );
        app.finish().await;
    }
}

/// (role's user, expected status) for one request of every role.
type Outcomes = [(&'static str, StatusCode); 11];

#[tokio::test]
async fn every_role_gets_the_outcome_its_pages_give() {
    use StatusCode as S;
    for db in databases().await {
        let app = TestApp::new(db).await;
        let t = app.seed.trenggalek;
        bappeda_operator(&app).await;
        let p = open_period(&app, "admin", t).await;
        assign(&app, p, &[1, 2]).await;
        let detail = format!("/api/v1/periods/{p}/indicators/1");
        let comments = format!("{detail}/comments");
        let link = format!("{detail}/evidence/link");
        let search = format!("/api/v1/instansi/{t}/evidence");
        let audit = format!("/api/v1/audit?instansi={t}");
        let users = [
            "operator",
            "operator.bappeda",
            "asesor",
            "admin",
            "koordinator",
            "pimpinan",
            "eksternal",
            "prov",
            "super",
            "admin.mojokerto",
            "",
        ];
        let all = |statuses: [StatusCode; 11]| -> Outcomes {
            let mut out = [("", S::OK); 11];
            for (i, status) in statuses.into_iter().enumerate() {
                out[i] = (users[i], status);
            }
            out
        };
        let ok = S::OK;
        let no = S::FORBIDDEN;
        let gone = S::NOT_FOUND;
        let anon = S::UNAUTHORIZED;
        let cases: Vec<(&str, String, Option<Value>, Outcomes)> = vec![
            (
                "GET",
                detail.clone(),
                None,
                all([ok, ok, ok, ok, ok, ok, ok, ok, ok, gone, anon]),
            ),
            (
                "GET",
                comments.clone(),
                None,
                all([ok, ok, ok, ok, ok, ok, ok, ok, ok, gone, anon]),
            ),
            (
                "POST",
                comments.clone(),
                Some(json!({"text": "Catatan"})),
                all([
                    S::CREATED,
                    no,
                    S::CREATED,
                    S::CREATED,
                    no,
                    no,
                    S::CREATED,
                    no,
                    S::CREATED,
                    gone,
                    anon,
                ]),
            ),
            (
                "GET",
                search.clone(),
                None,
                all([ok, ok, ok, ok, ok, ok, ok, ok, ok, gone, anon]),
            ),
            (
                "GET",
                "/api/v1/notifications".into(),
                None,
                all([ok, ok, ok, ok, ok, ok, ok, ok, ok, ok, anon]),
            ),
            (
                "POST",
                "/api/v1/notifications/read-all".into(),
                None,
                all([ok, ok, ok, ok, ok, ok, ok, ok, ok, ok, anon]),
            ),
            (
                "GET",
                audit.clone(),
                None,
                all([no, no, no, ok, ok, no, no, ok, ok, gone, anon]),
            ),
        ];
        let mut tokens = Vec::new();
        for user in users {
            tokens.push(if user.is_empty() {
                None
            } else {
                Some(app.token(user).await)
            });
        }
        let mut wrong = Vec::new();
        for (method, path, body, outcomes) in cases {
            for (i, (user, expected)) in outcomes.iter().enumerate() {
                let (status, answer) = app
                    .json(method, &path, tokens[i].as_deref(), body.clone())
                    .await;
                if status != *expected {
                    wrong.push(format!(
                        "{method} {path} as {user:?}: {status}, expected {expected}: {answer}"
                    ));
                }
            }
        }
        // linking: each role links an item of its own (one item is linked once)
        let expected = all([
            S::CREATED,
            no,
            no,
            S::CREATED,
            no,
            no,
            no,
            no,
            S::CREATED,
            gone,
            anon,
        ]);
        for (i, (user, expected)) in expected.iter().enumerate() {
            let item = evidence(&app, p, 2, t, &format!("bukti {i}.pdf")).await;
            let body = json!({"evidence": item, "level": 2});
            let (status, answer) = app
                .json("POST", &link, tokens[i].as_deref(), Some(body))
                .await;
            if status != *expected {
                wrong.push(format!(
                    "POST {link} as {user:?}: {status}, expected {expected}: {answer}"
                ));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        app.finish().await;
    }
}
