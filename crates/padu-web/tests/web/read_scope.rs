//! The read scope of issue #18 item 7, on every backend: an operator reads in full the
//! indicators its OPD leads or contributes to; of the others only number, name, lead OPD, status
//! and value, never their narratives, evidence or discussion. Evidence marked as an
//! instansi-wide document stays readable and reusable by every OPD. The instansi's roles read
//! everything.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use padu_core::access::Role;
use padu_store::testing::databases;
use padu_store::{NewUser, Who};
use serde_json::{Value, json};

use padu_app::evaluation::dashboard::{add_days, iso, today_in};

use crate::evidence::{multipart, pdf, period, upload};
use crate::pages::{get, login};
use crate::support::{PASSWORD, TestApp};

/// Indicator led by the operator's OPD (Diskominfo).
const OWN: u16 = 1;
/// Led by Bappeda, with Diskominfo contributing.
const CONTRIBUTED: u16 = 2;
/// Led by Bappeda alone.
const OTHERS: u16 = 3;

const BAPPEDA_FAKTA: &str = "Rahasia dapur Bappeda: draf Perbup belum ditandatangani";

async fn add_bappeda_operator(app: &TestApp) {
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

async fn assign(app: &TestApp, admin: &str, p: i64, number: u16, lead: i64, opd: &[i64]) {
    let (status, body) = app
        .json(
            "PUT",
            &format!("/api/v1/periods/{p}/indicators/{number}/assignment"),
            Some(admin),
            Some(json!({"lead_opd": lead, "opd": opd})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn write_fakta(app: &TestApp, token: &str, p: i64, number: u16, fakta: &str) {
    let (status, body) = app
        .json(
            "PATCH",
            &format!("/api/v1/periods/{p}/indicators/{number}"),
            Some(token),
            Some(json!({"fakta": fakta})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn upload_file(
    app: &TestApp,
    token: &str,
    p: i64,
    number: u16,
    name: &str,
    wide: bool,
) -> i64 {
    let bytes = pdf(name);
    let mut parts: Vec<(&str, Option<&str>, &[u8])> =
        vec![("level", None, b"2"), ("file", Some(name), &bytes)];
    if wide {
        parts.push(("instansi_wide", None, b"true"));
    }
    let (status, body) = upload(app, token, p, number, multipart(&parts)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["instansi_wide"], wide, "{body}");
    body["id"].as_i64().expect("id")
}

async fn detail(app: &TestApp, token: &str, p: i64, number: u16) -> Value {
    let (status, body) = app
        .json(
            "GET",
            &format!("/api/v1/periods/{p}/indicators/{number}"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn content(app: &TestApp, token: &str, evidence: i64) -> StatusCode {
    let request = Request::get(format!("/api/v1/evidence/{evidence}/content"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .expect("request");
    app.send(request).await.0
}

fn ids(list: &Value) -> Vec<i64> {
    list.as_array()
        .expect("a list")
        .iter()
        .filter_map(|e| e["id"].as_i64())
        .collect()
}

#[tokio::test]
async fn an_operator_reads_in_full_only_what_its_opd_leads_or_contributes_to() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        add_bappeda_operator(&app).await;
        let admin = app.token("admin").await;
        let operator = app.token("operator").await;
        let bappeda = app.token("operator.bappeda").await;
        let (kominfo_opd, bappeda_opd) = (app.seed.diskominfo, app.seed.bappeda);
        let p = period(&app, &admin).await;
        assign(&app, &admin, p, OWN, kominfo_opd, &[]).await;
        assign(&app, &admin, p, CONTRIBUTED, bappeda_opd, &[kominfo_opd]).await;
        assign(&app, &admin, p, OTHERS, bappeda_opd, &[]).await;

        write_fakta(&app, &operator, p, OWN, "Fakta Diskominfo").await;
        write_fakta(&app, &bappeda, p, CONTRIBUTED, "Fakta bersama").await;
        write_fakta(&app, &bappeda, p, OTHERS, BAPPEDA_FAKTA).await;
        let private = upload_file(&app, &bappeda, p, OTHERS, "Notulen Bappeda.pdf", false).await;
        let perbup = upload_file(&app, &bappeda, p, OTHERS, "Perbup SPBE.pdf", true).await;
        let shared = upload_file(&app, &bappeda, p, CONTRIBUTED, "Bersama.pdf", false).await;
        let (status, _) = app
            .json(
                "POST",
                &format!("/api/v1/periods/{p}/indicators/{OTHERS}/comments"),
                Some(&bappeda),
                Some(json!({"text": "Catatan internal Bappeda"})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);

        // its own OPD's indicator and the one it contributes to: in full
        let own = detail(&app, &operator, p, OWN).await;
        assert_eq!(
            (own["restricted"].as_bool(), own["fakta"].as_str()),
            (Some(false), Some("Fakta Diskominfo"))
        );
        let contributed = detail(&app, &operator, p, CONTRIBUTED).await;
        assert_eq!(contributed["restricted"], false, "{contributed}");
        assert_eq!(contributed["fakta"], "Fakta bersama");
        assert_eq!(ids(&contributed["evidence"]), vec![shared]);
        assert_eq!(content(&app, &operator, shared).await, StatusCode::OK);

        // another OPD's indicator: number, name, lead OPD, status and value only
        let others = detail(&app, &operator, p, OTHERS).await;
        assert_eq!(others["restricted"], true, "{others}");
        assert_eq!(others["number"], OTHERS);
        assert_eq!(others["lead_opd"], bappeda_opd);
        assert!(others["name"].as_str().is_some_and(|n| !n.is_empty()));
        assert_eq!(others["status"], "draft");
        assert_eq!(
            (others["fakta"].as_str(), others["analisis"].as_str()),
            (Some(""), Some(""))
        );
        for list in ["evidence", "comments", "criteria"] {
            assert_eq!(others[list], json!([]), "{list}: {others}");
        }
        assert!(!others.to_string().contains("Rahasia"), "{others}");
        let (status, _) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{p}/indicators/{OTHERS}/comments"),
                Some(&operator),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "its discussion");

        // the page says the same
        let cookie = login(&app, "operator").await;
        let page = get(
            &app,
            &format!("/periode/{p}/indikator/{OTHERS}"),
            Some(&cookie),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.has("Rahasia dapur"), "no narrative on the page");
        assert!(!page.has("Notulen Bappeda"), "no evidence on the page");
        assert!(
            !page.has("Catatan internal Bappeda"),
            "no discussion on the page"
        );
        assert!(page.has("id=\"terbatas\""), "the page says why");
        let page = get(
            &app,
            &format!("/periode/{p}/indikator/{CONTRIBUTED}"),
            Some(&cookie),
        )
        .await;
        assert!(page.has("Fakta bersama") && !page.has("id=\"terbatas\""));

        // its evidence: refused, except the instansi-wide document
        assert_eq!(
            content(&app, &operator, private).await,
            StatusCode::FORBIDDEN
        );
        assert_eq!(content(&app, &operator, perbup).await, StatusCode::OK);

        // reuse: the instansi-wide document is found and linked, the private one neither
        let (status, found) = app
            .json(
                "GET",
                &format!("/api/v1/instansi/{}/evidence", app.seed.trenggalek),
                Some(&operator),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{found}");
        let found = ids(&found["items"]);
        assert!(
            found.contains(&perbup) && found.contains(&shared),
            "{found:?}"
        );
        assert!(!found.contains(&private), "{found:?}");
        let link = |evidence: i64| {
            let (app, operator) = (&app, &operator);
            async move {
                app.json(
                    "POST",
                    &format!("/api/v1/periods/{p}/indicators/{OWN}/evidence/link"),
                    Some(operator),
                    Some(json!({"evidence": evidence, "level": 2})),
                )
                .await
            }
        };
        let (status, body) = link(private).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (status, body) = link(perbup).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert_eq!(body["instansi_wide"], true);

        // the documents that hold every narrative need an instansi-level role
        let worksheet = |token: String| {
            let app = &app;
            async move {
                let request = Request::get(format!("/api/v1/periods/{p}/worksheet.xlsx"))
                    .header(header::AUTHORIZATION, format!("Bearer {token}"))
                    .body(Body::empty())
                    .expect("request");
                app.send(request).await.0
            }
        };
        assert_eq!(worksheet(operator.clone()).await, StatusCode::FORBIDDEN);

        // the instansi's roles read everything
        for user in [
            "admin",
            "koordinator",
            "asesor",
            "pimpinan",
            "eksternal",
            "prov",
            "super",
        ] {
            let token = app.token(user).await;
            let full = detail(&app, &token, p, OTHERS).await;
            assert_eq!(full["restricted"], false, "{user}: {full}");
            assert_eq!(full["fakta"], BAPPEDA_FAKTA, "{user}");
            assert_eq!(full["comments"].as_array().map(Vec::len), Some(1), "{user}");
            assert_eq!(
                content(&app, &token, private).await,
                StatusCode::OK,
                "{user}"
            );
        }
        assert_eq!(
            worksheet(app.token("koordinator").await).await,
            StatusCode::OK
        );
        app.finish().await;
    }
}

#[tokio::test]
async fn the_dashboard_lists_no_other_opds_expiring_evidence_to_an_operator() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        add_bappeda_operator(&app).await;
        let admin = app.token("admin").await;
        let bappeda = app.token("operator.bappeda").await;
        let p = period(&app, &admin).await;
        assign(&app, &admin, p, OTHERS, app.seed.bappeda, &[]).await;
        let soon = iso(add_days(today_in("WIB"), 10));
        for (name, wide) in [("Notulen Bappeda.pdf", false), ("Perbup SPBE.pdf", true)] {
            let bytes = pdf(name);
            let mut parts: Vec<(&str, Option<&str>, &[u8])> = vec![
                ("level", None, b"2"),
                ("expiry_date", None, soon.as_bytes()),
                ("file", Some(name), &bytes),
            ];
            if wide {
                parts.push(("instansi_wide", None, b"1"));
            }
            let (status, body) = upload(&app, &bappeda, p, OTHERS, multipart(&parts)).await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
        }
        let path = format!("/periode/{p}");
        let koordinator = get(&app, &path, Some(&login(&app, "koordinator").await)).await;
        assert!(koordinator.has("Notulen Bappeda") && koordinator.has("Perbup SPBE"));
        let operator = get(&app, &path, Some(&login(&app, "operator").await)).await;
        assert_eq!(operator.status, StatusCode::OK);
        assert!(!operator.has("Notulen Bappeda"), "another OPD's file name");
        assert!(operator.has("Perbup SPBE"), "the instansi-wide document");
        app.finish().await;
    }
}
