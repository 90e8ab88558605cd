//! API tokens through the real router on every backend: named on sign-in, listed with creation,
//! expiry and last use, revoked by their owner or an administrator of the owner (and refused on
//! the very next request), kept when the pages sign out, listed and revoked on the Akun page.

use axum::http::StatusCode;
use padu_store::testing::databases;
use serde_json::{Value, json};

use crate::pages::{get, login, post};
use crate::support::{PASSWORD, TestApp};

/// Signs in through the API with a token name; returns the response's id and token.
async fn named_token(app: &TestApp, username: &str, name: Option<&str>) -> (i64, String, Value) {
    let mut body = json!({"username": username, "password": PASSWORD});
    if let Some(n) = name {
        body["name"] = json!(n);
    }
    let (status, body) = app
        .json("POST", "/api/v1/auth/token", None, Some(body))
        .await;
    assert_eq!(status, StatusCode::OK, "token for {username}: {body}");
    let id = body["id"].as_i64().expect("an id");
    let token = body["token"].as_str().expect("a token").to_string();
    (id, token, body)
}

#[tokio::test]
async fn tokens_are_named_and_listed_with_creation_expiry_and_last_use() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let before = padu_store::now_ms();
        let (first, token, issued) = named_token(&app, "admin", Some(" skrip harian ")).await;
        let (second, _, _) = named_token(&app, "admin", None).await;
        named_token(&app, "koordinator", Some("bukan milik admin")).await;

        let (status, list) = app
            .json("GET", "/api/v1/auth/tokens", Some(&token), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{}: {list}", app.db.label);
        let list = list.as_array().expect("an array").clone();
        let ids: Vec<i64> = list.iter().filter_map(|t| t["id"].as_i64()).collect();
        assert_eq!(ids, vec![second, first], "the caller's own, newest first");
        let mut keys: Vec<&str> = list[1]
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(keys, ["created", "expires", "id", "last_used", "name"]);
        assert_eq!(list[1]["name"], "skrip harian", "trimmed");
        assert_eq!(list[0]["name"], "api", "the default name");
        assert_eq!(list[1]["expires"], issued["expires_at_ms"]);
        let created = list[1]["created"].as_i64().expect("ms");
        assert!((before..=padu_store::now_ms()).contains(&created));
        // this very request used the first token; the second was never used
        let used = list[1]["last_used"].as_i64().expect("marked used");
        assert!((created..=padu_store::now_ms()).contains(&used));
        assert_eq!(list[0]["last_used"], Value::Null);
        app.finish().await;
    }
}

#[tokio::test]
async fn a_revoked_token_is_refused_on_the_very_next_request() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let label = app.db.label;
        let (id, token, _) = named_token(&app, "operator", Some("laporan")).await;
        let (_, other, _) = named_token(&app, "operator", Some("cadangan")).await;
        // read and cached
        let (status, _) = app.json("GET", "/api/v1/me", Some(&token), None).await;
        assert_eq!(status, StatusCode::OK);

        let path = format!("/api/v1/auth/tokens/{id}");
        let (status, body) = app.json("DELETE", &path, Some(&other), None).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{label}: {body}");
        let (status, body) = app.json("GET", "/api/v1/me", Some(&token), None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{label}: {body}");
        let (status, _) = app.json("GET", "/api/v1/me", Some(&other), None).await;
        assert_eq!(status, StatusCode::OK, "the other token still works");

        for gone in [
            path.as_str(),
            "/api/v1/auth/tokens/999999",
            "/api/v1/auth/tokens/x",
        ] {
            let (status, body) = app.json("DELETE", gone, Some(&other), None).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{gone}: {body}");
            assert_eq!(body["code"], "not_found");
        }
        let (status, _) = app.json("DELETE", &path, None, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);

        let entries = app
            .db
            .store
            .audit_entries(
                &padu_store::AuditFilter {
                    action: Some("auth.token.revoke".into()),
                    ..Default::default()
                },
                10,
                0,
            )
            .await
            .expect("audit");
        assert_eq!(entries.len(), 1, "{label}");
        assert_eq!(
            (entries[0].actor_name.as_str(), entries[0].entity.as_str()),
            ("operator", "api_token")
        );
        assert_eq!(entries[0].instansi_id, Some(app.seed.trenggalek));
        app.finish().await;
    }
}

/// Who may list and revoke the tokens of `operator` (Diskominfo, Kabupaten Trenggalek): every
/// role of the seed.
#[tokio::test]
async fn the_owner_and_their_administrators_manage_tokens_and_nobody_else_sees_them() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let label = app.db.label;
        let operator = app.user_id("operator").await;
        let (_, operator_token, _) = named_token(&app, "operator", Some("milik operator")).await;
        for (username, may) in [
            ("super", true),
            ("prov", true),
            ("admin", true),
            ("koordinator", false),
            ("operator", true),
            ("asesor", false),
            ("pimpinan", false),
            ("eksternal", false),
            ("admin.mojokerto", false),
        ] {
            let (_, caller, _) = named_token(&app, username, None).await;
            let (target, target_token, _) = named_token(&app, "operator", Some("sasaran")).await;
            let (status, list) = app
                .json(
                    "GET",
                    &format!("/api/v1/users/{operator}/tokens"),
                    Some(&caller),
                    None,
                )
                .await;
            if may {
                assert_eq!(status, StatusCode::OK, "{label}: {username} lists: {list}");
                assert!(
                    list.as_array()
                        .expect("array")
                        .iter()
                        .any(|t| t["id"] == target && t["name"] == "sasaran"),
                    "{username}: {list}"
                );
            } else {
                assert_eq!(status, StatusCode::NOT_FOUND, "{label}: {username} lists");
                assert_eq!(list["code"], "not_found");
            }
            let (status, body) = app
                .json(
                    "DELETE",
                    &format!("/api/v1/auth/tokens/{target}"),
                    Some(&caller),
                    None,
                )
                .await;
            let expected = if may {
                StatusCode::NO_CONTENT
            } else {
                StatusCode::NOT_FOUND
            };
            assert_eq!(status, expected, "{label}: {username} revokes: {body}");
            let (status, _) = app
                .json("GET", "/api/v1/me", Some(&target_token), None)
                .await;
            let expected = if may {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::OK
            };
            assert_eq!(status, expected, "{label}: after {username}'s attempt");
            // the caller's own list holds only the caller's own tokens
            let (_, own) = app
                .json("GET", "/api/v1/auth/tokens", Some(&caller), None)
                .await;
            let names: Vec<&str> = own
                .as_array()
                .expect("array")
                .iter()
                .filter_map(|t| t["name"].as_str())
                .collect();
            if username != "operator" {
                assert!(names.iter().all(|n| *n == "api"), "{username}: {own}");
            }
        }
        // an instansi's administrator reaches no account above their own or outside it
        let (_, admin, _) = named_token(&app, "admin", None).await;
        for other in ["prov", "super", "admin.mojokerto"] {
            let id = app.user_id(other).await;
            let (status, _) = app
                .json(
                    "GET",
                    &format!("/api/v1/users/{id}/tokens"),
                    Some(&admin),
                    None,
                )
                .await;
            assert_eq!(status, StatusCode::NOT_FOUND, "admin lists {other}'s");
        }
        let (status, _) = app
            .json("GET", "/api/v1/users/999999/tokens", Some(&admin), None)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = app
            .json("GET", "/api/v1/me", Some(&operator_token), None)
            .await;
        assert_eq!(status, StatusCode::OK, "untouched throughout");
        app.finish().await;
    }
}

#[tokio::test]
async fn a_bad_token_name_is_refused_in_plain_indonesian_and_nothing_is_written() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let label = app.db.label;
        let admin = app.user_id("admin").await;
        for (name, says) in [
            (
                json!("x".repeat(101)),
                "Nama token paling banyak 100 karakter",
            ),
            (json!("skrip\u{202E}txt"), "Nama token memuat karakter"),
            (json!("baris\nbaru"), "Nama token memuat karakter"),
        ] {
            let (status, body) = app
                .json(
                    "POST",
                    "/api/v1/auth/token",
                    None,
                    Some(json!({"username": "admin", "password": PASSWORD, "name": name})),
                )
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{label}: {body}");
            assert_eq!(body["code"], "invalid");
            assert_eq!(body["fields"][0]["field"], "name", "{body}");
            let message = body["fields"][0]["message"].as_str().unwrap_or("");
            assert!(message.starts_with(says), "{message}");
        }
        let (status, body) = app
            .json(
                "POST",
                "/api/v1/auth/token",
                None,
                Some(json!({"username": "admin", "password": PASSWORD, "name": 7})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["fields"][0]["field"], "name", "{body}");
        let written = app
            .db
            .store
            .api_tokens_of(admin, padu_store::now_ms())
            .await
            .expect("tokens");
        assert!(written.is_empty(), "{label}: {written:?}");
        // a hundred characters are fine
        named_token(&app, "admin", Some(&"n".repeat(100))).await;
        app.finish().await;
    }
}

#[tokio::test]
async fn the_akun_page_lists_the_tokens_and_revokes_one_and_signing_out_keeps_them() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let label = app.db.label;
        let (used, used_token, _) = named_token(&app, "asesor", Some("skrip <rekap>")).await;
        let (idle, idle_token, _) = named_token(&app, "asesor", Some("cadangan")).await;
        let (foreign, foreign_token, _) = named_token(&app, "koordinator", Some("rahasia")).await;
        let (status, _) = app.json("GET", "/api/v1/me", Some(&used_token), None).await;
        assert_eq!(status, StatusCode::OK);

        let cookie = login(&app, "asesor").await;
        let page = get(&app, "/akun", Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::OK, "{label}");
        assert!(page.has(">Token API</h2>"), "{}", page.body);
        assert!(
            (page.has("skrip &#60;rekap&#62;") || page.has("skrip &lt;rekap&gt;"))
                && !page.has("skrip <rekap>"),
            "the name, escaped"
        );
        assert!(page.has(">cadangan<") && !page.has("rahasia"));
        for header in ["Nama", "Dibuat", "Berlaku sampai", "Terakhir dipakai"] {
            assert!(page.has(&format!(">{header}</th>")), "{header}");
        }
        assert!(page.has("Belum pernah"), "the idle one was never used");
        // Indonesian long dates with the zone: created today, used today, valid for 90 days
        let month = padu_core::date::BULAN
            .iter()
            .filter(|m| page.has(&format!(" {m} ")))
            .count();
        assert!(month >= 1 && page.has(" WIB"), "{}", page.body);
        for id in [used, idle] {
            assert!(
                page.has(&format!("action=\"/akun/token/{id}/cabut\"")),
                "{id}"
            );
        }
        assert!(!page.has(&format!("/akun/token/{foreign}/cabut")));
        assert!(page.has(">Cabut<span class=\"visually-hidden\"> cadangan</span>"));

        let page = post(
            &app,
            &format!("/akun/token/{idle}/cabut"),
            Some(&cookie),
            &[],
        )
        .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{label}: {}", page.body);
        assert_eq!(page.location(), "/akun?pesan=token-dicabut");
        let (status, _) = app.json("GET", "/api/v1/me", Some(&idle_token), None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{label}: revoked at once");
        let page = get(&app, "/akun?pesan=token-dicabut", Some(&cookie)).await;
        assert!(page.has("Token API dicabut."), "{}", page.body);
        assert!(!page.has(&format!("/akun/token/{idle}/cabut")));

        // someone else's token through the form: not found, and it keeps working
        let page = post(
            &app,
            &format!("/akun/token/{foreign}/cabut"),
            Some(&cookie),
            &[],
        )
        .await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{label}");
        let (status, _) = app
            .json("GET", "/api/v1/me", Some(&foreign_token), None)
            .await;
        assert_eq!(status, StatusCode::OK);

        // signing out of the pages ends the session, not the tokens: they are for scripts
        let page = post(&app, "/keluar", Some(&cookie), &[]).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
        let page = get(&app, "/akun", Some(&cookie)).await;
        assert_ne!(page.status, StatusCode::OK, "the session ended");
        let (status, _) = app.json("GET", "/api/v1/me", Some(&used_token), None).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "{label}: the token outlives the session"
        );
        app.finish().await;
    }
}
