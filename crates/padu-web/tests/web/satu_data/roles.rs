//! Granting Satu Data roles: `PUT /api/v1/users/{id}/satu-data-role` and the form at
//! `/pengguna/{id}/satu-data`, under the rule that whoever manages the account grants it.

use axum::http::StatusCode;
use padu_core::access::{DataGrant, DataRole};
use padu_store::AuditFilter;
use padu_store::testing::databases;
use serde_json::json;

use crate::api_admin::fields;
use crate::pages::{get, login, post};
use crate::support::TestApp;

async fn id_of(app: &TestApp, username: &str) -> i64 {
    app.db
        .store
        .user_for_login(username)
        .await
        .expect("read")
        .expect("seeded")
        .0
        .id
}

fn path(id: i64) -> String {
    format!("/api/v1/users/{id}/satu-data-role")
}

#[tokio::test]
async fn an_admin_grants_and_withdraws_a_data_role_beside_the_spbe_role() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let admin = app.token("admin").await;
        let operator = id_of(&app, "operator").await;

        // a produsen data of another OPD than its SPBE one
        let (status, body) = app
            .json(
                "PUT",
                &path(operator),
                Some(&admin),
                Some(json!({"role": "produsen_data", "opd": s.bappeda})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{}: {body}", app.db.label);
        assert_eq!(body["satu_data_role"], "produsen_data");
        assert_eq!(body["satu_data_opd"], json!(s.bappeda));
        assert_eq!(body["role"], "operator_opd", "the SPBE role stays");
        assert_eq!(body["opd"], json!(s.diskominfo));

        // the list says the same to the admin
        let (_, list) = app.json("GET", "/api/v1/users", Some(&admin), None).await;
        let listed = list
            .as_array()
            .and_then(|u| u.iter().find(|u| u["id"] == operator).cloned())
            .expect("listed");
        assert_eq!(listed["satu_data_role"], "produsen_data");

        // walidata works for the whole instansi
        let (status, body) = app
            .json(
                "PUT",
                &path(operator),
                Some(&admin),
                Some(json!({"role": "walidata"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(
            (&body["satu_data_role"], &body["satu_data_opd"]),
            (&json!("walidata"), &json!(null))
        );
        let stored = app
            .db
            .store
            .user(operator)
            .await
            .expect("read")
            .expect("user");
        assert_eq!(
            stored.data,
            Some(DataGrant {
                role: DataRole::Walidata,
                opd: None
            })
        );

        // withdrawn
        let (status, body) = app
            .json(
                "PUT",
                &path(operator),
                Some(&admin),
                Some(json!({"role": null})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["satu_data_role"], json!(null));

        // every change audited with its actor
        let entries = app
            .db
            .store
            .audit_entries(
                &AuditFilter {
                    action: Some("satu_data.role".into()),
                    ..AuditFilter::default()
                },
                10,
                0,
            )
            .await
            .expect("audit");
        assert_eq!(entries.len(), 3, "{}", app.db.label);
        assert!(entries.iter().all(|e| e.actor_name == "admin"
            && e.entity_id.as_deref() == Some(operator.to_string().as_str())
            && e.instansi_id == Some(s.trenggalek)));
        app.finish().await;
    }
}

#[tokio::test]
async fn a_bad_grant_is_refused_with_field_errors_and_changes_nothing() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let admin = app.token("admin").await;
        let operator = id_of(&app, "operator").await;
        let cases = [
            (json!({"role": "kepala_data"}), "role", "tidak dikenal"),
            (json!({"role": "produsen_data"}), "opd", "memerlukan OPD"),
            (
                json!({"role": "walidata", "opd": s.diskominfo}),
                "opd",
                "kosongkan OPD",
            ),
            (
                json!({"role": "produsen_data", "opd": s.mojokerto_opd}),
                "opd",
                "tidak ditemukan di instansi pengguna",
            ),
            (
                json!({"role": "produsen_data", "opd": 999_999}),
                "opd",
                "tidak ditemukan",
            ),
        ];
        for (body, field, words) in cases {
            let (status, answer) = app
                .json("PUT", &path(operator), Some(&admin), Some(body.clone()))
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {answer}");
            assert_eq!(fields(&answer), vec![field], "{body}: {answer}");
            assert!(answer.to_string().contains(words), "{body}: {answer}");
        }
        // an unknown key is a clear 422 too, never a 500
        let (status, answer) = app
            .json(
                "PUT",
                &path(operator),
                Some(&admin),
                Some(json!({"role": "walidata", "instansi": 1})),
            )
            .await;
        assert!(status.is_client_error(), "{status}: {answer}");
        let stored = app
            .db
            .store
            .user(operator)
            .await
            .expect("read")
            .expect("user");
        assert_eq!(stored.data, None, "nothing changed");

        // the superadmin has no instansi, so no place in Satu Data
        let sup = id_of(&app, "super").await;
        let (status, answer) = app
            .json(
                "PUT",
                &path(sup),
                Some(&app.token("super").await),
                Some(json!({"role": "walidata"})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        app.finish().await;
    }
}

#[tokio::test]
async fn only_who_manages_the_account_grants_and_other_instansi_see_404() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let operator = id_of(&app, "operator").await;
        let grant = json!({"role": "walidata"});
        for (who, expected) in [
            ("operator", StatusCode::FORBIDDEN),
            ("koordinator", StatusCode::FORBIDDEN),
            ("asesor", StatusCode::FORBIDDEN),
            ("pimpinan", StatusCode::FORBIDDEN),
            ("eksternal", StatusCode::FORBIDDEN),
            // another kabupaten cannot tell the account from a missing one
            ("admin.mojokerto", StatusCode::NOT_FOUND),
        ] {
            let token = app.token(who).await;
            let (status, body) = app
                .json("PUT", &path(operator), Some(&token), Some(grant.clone()))
                .await;
            assert_eq!(status, expected, "{who}: {body}");
        }
        let (status, _) = app
            .json(
                "PUT",
                &path(999_999),
                Some(&app.token("admin.mojokerto").await),
                Some(grant.clone()),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "the same answer for a missing id"
        );
        let (status, _) = app
            .json("PUT", &path(operator), None, Some(grant.clone()))
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            app.db
                .store
                .user(operator)
                .await
                .expect("read")
                .expect("user")
                .data,
            None
        );
        // the province and the superadmin manage the account, so they may
        for who in ["prov", "super"] {
            let token = app.token(who).await;
            let (status, body) = app
                .json("PUT", &path(operator), Some(&token), Some(grant.clone()))
                .await;
            assert_eq!(status, StatusCode::OK, "{who}: {body}");
        }
        app.finish().await;
    }
}

#[tokio::test]
async fn the_users_page_shows_the_data_role_and_its_form_grants_it() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let operator = id_of(&app, "operator").await;
        let admin = login(&app, "admin").await;
        let list = get(&app, "/pengguna", Some(&admin)).await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(list.has("Peran Satu Data"), "{}", list.body);
        let href = format!("/pengguna/{operator}/satu-data");
        assert!(list.has(&format!("href=\"{href}\"")), "{}", list.body);

        let form = get(&app, &href, Some(&admin)).await;
        assert_eq!(form.status, StatusCode::OK, "{}", form.body);
        assert!(form.has("Produsen Data") && form.has("Walidata Pendukung"));
        assert!(form.has("Bappeda"), "the instansi's OPDs to choose from");

        // a produsen data without its OPD: the error beside the field, nothing saved
        let bad = post(
            &app,
            &href,
            Some(&admin),
            &[("role", "produsen_data"), ("opd", "")],
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
        assert!(bad.has("Produsen data memerlukan OPD"), "{}", bad.body);
        assert!(
            bad.has("<option value=\"produsen_data\" selected>"),
            "the choice is kept"
        );
        assert_eq!(
            app.db
                .store
                .user(operator)
                .await
                .expect("read")
                .expect("user")
                .data,
            None
        );

        let bappeda = s.bappeda.to_string();
        let saved = post(
            &app,
            &href,
            Some(&admin),
            &[("role", "produsen_data"), ("opd", &bappeda)],
        )
        .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        assert_eq!(saved.location(), "/pengguna?pesan=peran-satu-data-disimpan");
        let after = get(&app, saved.location(), Some(&admin)).await;
        assert!(
            after.has("Peran Satu Data telah disimpan."),
            "{}",
            after.body
        );
        assert!(after.has("Produsen Data (Bappeda)"), "{}", after.body);

        // withdrawing through the form
        let cleared = post(&app, &href, Some(&admin), &[("role", ""), ("opd", "")]).await;
        assert_eq!(cleared.status, StatusCode::SEE_OTHER);
        assert_eq!(
            app.db
                .store
                .user(operator)
                .await
                .expect("read")
                .expect("user")
                .data,
            None
        );

        // who may not manage the account is refused the form, another instansi sees 404
        let koordinator = login(&app, "koordinator").await;
        let list = get(&app, "/pengguna", Some(&koordinator)).await;
        assert!(!list.has(&href), "no link for who may not grant");
        assert_eq!(
            get(&app, &href, Some(&koordinator)).await.status,
            StatusCode::FORBIDDEN
        );
        let other = login(&app, "admin.mojokerto").await;
        assert_eq!(
            get(&app, &href, Some(&other)).await.status,
            StatusCode::NOT_FOUND
        );
        app.finish().await;
    }
}
