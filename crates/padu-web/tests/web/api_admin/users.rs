//! `PATCH /api/v1/users/{id}`: name, role, placement, e-mail address, and deactivating (which
//! ends the user's sessions and tokens at once) or reactivating an account.

use axum::http::StatusCode;
use padu_store::testing::databases;
use serde_json::{Value, json};

use super::{ROLES, fields};
use crate::pages::{get, login};
use crate::support::TestApp;

async fn id_of(app: &TestApp, username: &str) -> i64 {
    app.db
        .store
        .users_in(None)
        .await
        .expect("users")
        .into_iter()
        .find(|u| u.username == username)
        .expect("seeded user")
        .id
}

async fn user_json(app: &TestApp, id: i64) -> Value {
    let (_, users) = app
        .json(
            "GET",
            "/api/v1/users",
            Some(&app.token("super").await),
            None,
        )
        .await;
    users
        .as_array()
        .and_then(|u| u.iter().find(|u| u["id"] == id).cloned())
        .expect("listed")
}

#[tokio::test]
async fn an_admin_changes_a_users_name_placement_role_and_address() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let admin = app.token("admin").await;
        let operator = id_of(&app, "operator").await;
        let path = format!("/api/v1/users/{operator}");
        let token = app.token("operator").await;
        let (status, _) = app.json("GET", "/api/v1/users", Some(&token), None).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "an operator sees no user list"
        );

        let (status, body) = app
            .json(
                "PATCH",
                &path,
                Some(&admin),
                Some(json!({"name": "Sri Wahyuni", "opd": s.bappeda, "email": "sri@trenggalekkab.go.id"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(
            (
                &body["name"],
                &body["opd"],
                &body["role"],
                &body["instansi"]
            ),
            (
                &json!("Sri Wahyuni"),
                &json!(s.bappeda),
                &json!("operator_opd"),
                &json!(s.trenggalek)
            )
        );
        assert_eq!(
            user_json(&app, operator).await,
            body,
            "the list says the same"
        );
        let stored = app
            .db
            .store
            .user(operator)
            .await
            .expect("read")
            .expect("user");
        assert_eq!(stored.email.as_deref(), Some("sri@trenggalekkab.go.id"));
        let cookie = login(&app, "admin").await;
        assert!(
            get(&app, "/pengguna", Some(&cookie))
                .await
                .has("Sri Wahyuni")
        );

        // from operator to koordinator: the OPD goes with the old role
        let (status, body) = app
            .json(
                "PATCH",
                &path,
                Some(&admin),
                Some(json!({"role": "koordinator", "email": null})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(
            (&body["role"], &body["opd"]),
            (&json!("koordinator"), &json!(null))
        );
        let stored = app
            .db
            .store
            .user(operator)
            .await
            .expect("read")
            .expect("user");
        assert_eq!(stored.email, None);
        // and the new role counts at once, with the token the user already had
        let (status, _) = app.json("GET", "/api/v1/users", Some(&token), None).await;
        assert_eq!(status, StatusCode::OK, "a koordinator sees the user list");
        app.finish().await;
    }
}

#[tokio::test]
async fn a_deactivated_user_is_signed_out_everywhere_at_once() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let admin = app.token("admin").await;
        let operator = id_of(&app, "operator").await;
        let token = app.token("operator").await;
        let cookie = login(&app, "operator").await;
        let (status, _) = app.json("GET", "/api/v1/me", Some(&token), None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(get(&app, "/", Some(&cookie)).await.status, StatusCode::OK);

        let (status, body) = app
            .json(
                "PATCH",
                &format!("/api/v1/users/{operator}"),
                Some(&admin),
                Some(json!({"active": false})),
            )
            .await;
        assert_eq!(
            (status, &body["active"]),
            (StatusCode::OK, &json!(false)),
            "{body}"
        );
        let (status, body) = app.json("GET", "/api/v1/me", Some(&token), None).await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "the token is dead at once: {body}"
        );
        let page = get(&app, "/", Some(&cookie)).await;
        assert_ne!(page.status, StatusCode::OK, "so is the session");
        let (status, _) = app
            .json(
                "POST",
                "/api/v1/auth/token",
                None,
                Some(json!({"username": "operator", "password": crate::support::PASSWORD})),
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "and no new sign-in");
        let entries = app
            .db
            .store
            .audit_entries(&padu_store::AuditFilter::default(), 50, 0)
            .await
            .expect("audit");
        assert!(entries.iter().any(|e| e.action == "user.deactivate"));

        // reactivated: a new sign-in works, the old token stays dead
        let (status, _) = app
            .json(
                "PATCH",
                &format!("/api/v1/users/{operator}"),
                Some(&admin),
                Some(json!({"active": true})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let fresh = app.token("operator").await;
        let (status, _) = app.json("GET", "/api/v1/me", Some(&fresh), None).await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = app.json("GET", "/api/v1/me", Some(&token), None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        app.finish().await;
    }
}

#[tokio::test]
async fn who_may_change_a_user() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let koordinator = id_of(&app, "koordinator").await;
        let path = format!("/api/v1/users/{koordinator}");
        for user in ROLES {
            let expected = match user {
                "super" | "prov" | "admin" => StatusCode::OK,
                "koordinator" => StatusCode::FORBIDDEN,
                "operator" | "asesor" | "pimpinan" | "eksternal" => StatusCode::FORBIDDEN,
                "admin.mojokerto" => StatusCode::NOT_FOUND,
                other => panic!("{other}"),
            };
            let token = app.token(user).await;
            let name = format!("Koordinator diubah oleh {user}");
            let (status, body) = app
                .json("PATCH", &path, Some(&token), Some(json!({"name": name})))
                .await;
            assert_eq!(status, expected, "{user}: {body}");
            let now = user_json(&app, koordinator).await;
            assert_eq!(
                now["name"] == json!(name),
                status == StatusCode::OK,
                "{user}"
            );
        }

        // the rank rules of adding users hold for changing them
        let admin = app.token("admin").await;
        let refused = [
            // a role above the admin's own
            (
                koordinator,
                json!({"role": "admin_provinsi", "instansi": app.seed.jatim}),
                StatusCode::FORBIDDEN,
            ),
            (
                koordinator,
                json!({"role": "superadmin", "instansi": null}),
                StatusCode::FORBIDDEN,
            ),
            // into another instansi the admin does not manage
            (
                koordinator,
                json!({"instansi": app.seed.mojokerto}),
                StatusCode::FORBIDDEN,
            ),
            // accounts the admin may not see at all
            (
                id_of(&app, "super").await,
                json!({"name": "X"}),
                StatusCode::NOT_FOUND,
            ),
            (
                id_of(&app, "prov").await,
                json!({"name": "X"}),
                StatusCode::NOT_FOUND,
            ),
            (
                id_of(&app, "admin.mojokerto").await,
                json!({"active": false}),
                StatusCode::NOT_FOUND,
            ),
            (424242, json!({"name": "X"}), StatusCode::NOT_FOUND),
        ];
        for (id, body, expected) in refused {
            let before = app.db.store.user(id).await.expect("read");
            let (status, answer) = app
                .json(
                    "PATCH",
                    &format!("/api/v1/users/{id}"),
                    Some(&admin),
                    Some(body.clone()),
                )
                .await;
            assert_eq!(status, expected, "{body}: {answer}");
            assert_eq!(app.db.store.user(id).await.expect("read"), before, "{body}");
        }
        // an admin of the same instansi manages another admin; the province manages its admins
        let other_admin = id_of(&app, "admin.mojokerto").await;
        let prov = app.token("prov").await;
        let (status, body) = app
            .json(
                "PATCH",
                &format!("/api/v1/users/{other_admin}"),
                Some(&prov),
                Some(json!({"name": "Admin Kota Mojokerto"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        app.finish().await;
    }
}

#[tokio::test]
async fn bad_user_changes_are_422_and_change_nothing() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let admin = app.token("admin").await;
        let koordinator = id_of(&app, "koordinator").await;
        let own = id_of(&app, "admin").await;
        let cases = [
            (
                koordinator,
                json!({"role": "raja"}),
                vec!["role"],
                "Peran \"raja\" tidak dikenal",
            ),
            (
                koordinator,
                json!({"email": "bukan-alamat"}),
                vec!["email"],
                "",
            ),
            (
                koordinator,
                json!({"name": "  "}),
                vec!["display_name"],
                "Nama lengkap",
            ),
            (
                koordinator,
                json!({"role": "operator_opd"}),
                vec!["opd"],
                "Operator OPD harus ditempatkan di sebuah OPD",
            ),
            (
                koordinator,
                json!({"role": "operator_opd", "opd": s.mojokerto_opd, "instansi": s.trenggalek}),
                vec!["opd"],
                "OPD tidak berada di instansi yang dipilih",
            ),
            (
                koordinator,
                json!({"opd": 424242}),
                vec!["opd"],
                "OPD tidak ditemukan",
            ),
            (
                koordinator,
                json!({"instansi": 424242}),
                vec!["instansi"],
                "Instansi tidak ditemukan",
            ),
            (
                koordinator,
                json!({"role": "koordinator", "opd": s.diskominfo}),
                vec!["opd"],
                "tidak ditempatkan di OPD",
            ),
            (
                koordinator,
                json!({"username": "baru"}),
                vec!["username"],
                "",
            ),
            (koordinator, json!({"active": "ya"}), vec!["active"], ""),
            (
                own,
                json!({"active": false}),
                vec!["active"],
                "Anda tidak dapat menonaktifkan akun Anda sendiri",
            ),
            (
                own,
                json!({"role": "koordinator"}),
                vec!["role"],
                "Anda tidak dapat mengubah peran Anda sendiri",
            ),
        ];
        for (id, body, expected, message) in cases {
            let before = app.db.store.user(id).await.expect("read");
            let (status, answer) = app
                .json(
                    "PATCH",
                    &format!("/api/v1/users/{id}"),
                    Some(&admin),
                    Some(body.clone()),
                )
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {answer}");
            assert_eq!(fields(&answer), expected, "{body}: {answer}");
            assert!(
                answer["message"]
                    .as_str()
                    .is_some_and(|m| m.contains(message)),
                "{body}: {answer}"
            );
            assert_eq!(app.db.store.user(id).await.expect("read"), before, "{body}");
        }
        app.finish().await;
    }
}
