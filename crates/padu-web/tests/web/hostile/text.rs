//! Hostile text: huge fields, injection in every free-text field and filter.

use super::*;

#[tokio::test]
async fn huge_text_fields_are_refused_with_a_message() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let admin = app.token("admin").await;
        let operator = app.token("operator").await;
        let p = period(&app, &admin).await;
        let megabyte = "x".repeat(1024 * 1024);
        let long = "n".repeat(100_000);
        let indicator = format!("/api/v1/periods/{p}/indicators/1");
        let requests: Vec<(&str, &str, String, Value)> = vec![
            (
                "fakta 1 MB",
                "PATCH",
                indicator.clone(),
                json!({"fakta": megabyte}),
            ),
            (
                "analisis 1 MB",
                "PATCH",
                indicator.clone(),
                json!({"analisis": megabyte}),
            ),
            (
                "fakta 100k",
                "PATCH",
                indicator.clone(),
                json!({"fakta": long}),
            ),
            (
                "OPD name 100k",
                "POST",
                format!("/api/v1/instansi/{}/opd", app.seed.trenggalek),
                json!({"name": long, "kind": "setda"}),
            ),
            (
                "user name 100k",
                "POST",
                "/api/v1/users".into(),
                json!({"username": "panjang", "name": long, "password": "Panjang#2026x",
                       "role": "pimpinan", "instansi": app.seed.trenggalek}),
            ),
            (
                "username 100k",
                "POST",
                "/api/v1/users".into(),
                json!({"username": long, "name": "Panjang", "password": "Panjang#2026x",
                       "role": "pimpinan", "instansi": app.seed.trenggalek}),
            ),
            (
                "return note 100k",
                "POST",
                format!("{indicator}/return"),
                json!({"note": long}),
            ),
            (
                "login 1 MB",
                "POST",
                "/api/v1/auth/token".into(),
                json!({"username": long, "password": megabyte}),
            ),
        ];
        for (case, method, path, body) in requests {
            let token = if case.starts_with("fakta") || case.starts_with("analisis") {
                &operator
            } else {
                &admin
            };
            let (status, answer) = app.json(method, &path, Some(token), Some(body)).await;
            assert!(status.is_client_error(), "{case}: {status} {answer:.300}");
            assert!(
                !message(&answer).is_empty(),
                "{case}: a message: {answer:.300}"
            );
        }
        let (_, one) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{p}/indicators"),
                Some(&admin),
                None,
            )
            .await;
        assert!(
            one[0]["fakta"].as_str().is_none_or(|f| f.len() < 100_000),
            "nothing huge was stored"
        );

        // the pages say so too, and keep nothing
        let cookie = login(&app, "operator").await;
        for (field, value) in [("fakta", long.as_str()), ("analisis", long.as_str())] {
            let page = post(
                &app,
                &format!("/periode/{p}/indikator/1"),
                Some(&cookie),
                &[("self_level", "2"), (field, value)],
            )
            .await;
            assert!(
                page.status.is_client_error() || page.status == StatusCode::OK,
                "{field}: {}",
                page.status
            );
            assert!(page.has("paling banyak"), "{field}: the limit is named");
        }
        let page = post(
            &app,
            &format!("/periode/{p}/indikator/1/komentar"),
            Some(&cookie),
            &[("comment_body", &long)],
        )
        .await;
        assert!(!page.status.is_server_error(), "comment: {}", page.status);
        let page = post(
            &app,
            &format!("/periode/{p}/indikator/1"),
            Some(&cookie),
            &[("fakta", &megabyte)],
        )
        .await;
        assert!(
            page.status.is_client_error(),
            "a form over the body limit: {}",
            page.status
        );
        app.finish().await;
    }
}

#[tokio::test]
async fn injected_text_is_stored_verbatim_and_shown_escaped() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let admin = app.token("admin").await;
        let operator = app.token("operator").await;
        let asesor = app.token("asesor").await;
        let p = period(&app, &admin).await;

        // OPD name and a user's display name
        let opd_name = format!("Dinas {EVIL}");
        let (status, opd) = app
            .json(
                "POST",
                &format!("/api/v1/instansi/{}/opd", s.trenggalek),
                Some(&admin),
                Some(json!({"name": opd_name, "kind": "setda"})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{opd}");
        let (_, opds) = app
            .json(
                "GET",
                &format!("/api/v1/instansi/{}/opd", s.trenggalek),
                Some(&admin),
                None,
            )
            .await;
        assert!(
            opds.as_array()
                .expect("array")
                .iter()
                .any(|o| o["name"] == opd_name.as_str()),
            "the OPD name verbatim: {opds}"
        );
        let (status, user) = app
            .json(
                "POST",
                "/api/v1/users",
                Some(&admin),
                Some(
                    json!({"username": "jahil", "name": EVIL, "password": "Rahasia#Sekali2026",
                           "role": "pimpinan", "instansi": s.trenggalek}),
                ),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{user}");
        let (_, users) = app.json("GET", "/api/v1/users", Some(&admin), None).await;
        assert!(
            users
                .as_array()
                .expect("array")
                .iter()
                .any(|u| u["name"] == EVIL),
            "the display name verbatim: {users}"
        );

        // fakta, analisis, an evidence name, the return note
        let indicator = format!("/api/v1/periods/{p}/indicators/1");
        let (status, body) = app
            .json(
                "PATCH",
                &indicator,
                Some(&operator),
                Some(json!({"self_level": 2, "fakta": EVIL, "analisis": EVIL})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, answer) = upload(
            &app,
            &operator,
            p,
            1,
            multipart(&[
                (Some("level"), None, b"2"),
                (Some("file"), Some("<script>alert(1).pdf"), &pdf("jahil")),
            ]),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{answer}");
        let evidence_id = answer["id"].as_i64().expect("id");
        assert_eq!(
            app.db
                .store
                .evidence(evidence_id)
                .await
                .expect("read")
                .expect("record")
                .name,
            "<script>alert(1).pdf"
        );
        let cookie = login(&app, "operator").await;
        let page = post(
            &app,
            &format!("/periode/{p}/indikator/1/komentar"),
            Some(&cookie),
            &[("comment_body", EVIL)],
        )
        .await;
        assert!(
            page.status.is_success() || page.status.is_redirection(),
            "{}",
            page.status
        );
        let (status, body) = app
            .json(
                "POST",
                &format!("{indicator}/submit"),
                Some(&operator),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, body) = app
            .json(
                "POST",
                &format!("{indicator}/return"),
                Some(&asesor),
                Some(json!({"note": EVIL})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        // period fields: refused with a message, never a server error
        for body in [
            json!({"year": 2030, "kind": EVIL, "instrument": "permenpanrb-8-2026"}),
            json!({"year": 2030, "kind": "evaluasi", "instrument": EVIL}),
            json!({"year": 2030, "kind": "evaluasi", "instrument": "permenpanrb-8-2026",
                   "stages": {"mandiri_mulai": EVIL}}),
        ] {
            let (status, answer) = app
                .json(
                    "POST",
                    &format!("/api/v1/instansi/{}/periods", s.trenggalek),
                    Some(&admin),
                    Some(body.clone()),
                )
                .await;
            assert!(status.is_client_error(), "{body}: {status} {answer}");
        }
        // an unknown stage name is ignored (only the known stages are read)
        let (status, answer) = app
            .json(
                "POST",
                &format!("/api/v1/instansi/{}/periods", s.trenggalek),
                Some(&admin),
                Some(
                    json!({"year": 2030, "kind": "evaluasi", "instrument": "permenpanrb-8-2026",
                            "stages": {EVIL: "2030-01-01"}}),
                ),
            )
            .await;
        assert!(!status.is_server_error(), "{status} {answer}");
        let page = post(
            &app,
            &format!("/instansi/{}/periode", s.trenggalek),
            Some(&login(&app, "admin").await),
            &[
                ("year", "2031"),
                ("kind", EVIL),
                ("instrument", EVIL),
                ("mandiri_mulai", EVIL),
            ],
        )
        .await;
        assert!(!page.status.is_server_error(), "{}", page.status);
        assert_escaped(&page, "the period form");

        // every page that shows them, as each role sees it
        let admin_cookie = login(&app, "admin").await;
        let asesor_cookie = login(&app, "asesor").await;
        let pages = [
            (
                &admin_cookie,
                format!("/instansi/{}/opd", s.trenggalek),
                true,
            ),
            (&admin_cookie, "/pengguna".to_string(), true),
            (&admin_cookie, "/audit".to_string(), false),
            (&admin_cookie, format!("/periode/{p}/penugasan"), false),
            (&admin_cookie, format!("/periode/{p}"), false),
            (&admin_cookie, format!("/periode/{p}/laporan"), false),
            (&cookie, format!("/periode/{p}/indikator/1"), true),
            (&cookie, format!("/periode/{p}/indikator/1/ajukan"), true),
            (&cookie, format!("/periode/{p}/tugas"), false),
            (&cookie, "/notifikasi".to_string(), true),
            (&asesor_cookie, format!("/periode/{p}/indikator/1"), true),
        ];
        for (who, path, must_show) in pages {
            let page = get(&app, &path, Some(who)).await;
            assert_eq!(page.status, StatusCode::OK, "{path}");
            assert_escaped(&page, &path);
            if must_show {
                assert!(
                    shows_escaped_script(&page),
                    "{path} shows the text, escaped"
                );
            }
        }
        let page = get(&app, &format!("/periode/{p}/indikator/1"), Some(&cookie)).await;
        assert!(
            page.has("&#60;script&#62;alert(1).pdf") || page.has("&lt;script&gt;alert(1).pdf"),
            "the evidence name"
        );

        // fakta and analisis come back whole: every character, escaped
        let escaped = EVIL
            .replace('&', "&#38;")
            .replace('<', "&#60;")
            .replace('>', "&#62;")
            .replace('"', "&#34;")
            .replace('\'', "&#39;");
        assert!(
            page.body.matches(&escaped).count() >= 2,
            "fakta and analisis verbatim (escaped) in the form"
        );

        // SQL in the filters finds nothing extra
        let rows = |page: &Page| page.body.matches("<tr").count();
        for (path, nothing) in [
            ("/audit?aktor=", "/audit?aktor=tidak-ada-sama-sekali"),
            ("/audit?aksi=", "/audit?aksi=tidak.ada"),
        ] {
            let baseline = get(&app, nothing, Some(&admin_cookie)).await;
            let injected = get(
                &app,
                &format!("{path}{}", crate::pages::encode("' OR 1=1 --")),
                Some(&admin_cookie),
            )
            .await;
            assert!(!injected.status.is_server_error(), "{path}");
            assert_eq!(rows(&injected), rows(&baseline), "{path}: nothing extra");
        }
        let all = get(&app, &format!("/periode/{p}/tugas"), Some(&admin_cookie)).await;
        let none = get(
            &app,
            &format!("/periode/{p}/tugas?opd=999999"),
            Some(&admin_cookie),
        )
        .await;
        for query in ["opd", "status"] {
            let injected = get(
                &app,
                &format!(
                    "/periode/{p}/tugas?{query}={}",
                    crate::pages::encode("1' OR 1=1 --")
                ),
                Some(&admin_cookie),
            )
            .await;
            assert!(!injected.status.is_server_error(), "{query}");
            let count = injected.body.matches("/indikator/").count();
            assert!(
                count <= all.body.matches("/indikator/").count(),
                "{query}: nothing beyond the whole list"
            );
            if query == "opd" {
                assert_eq!(
                    count,
                    none.body.matches("/indikator/").count(),
                    "opd: the same as an unknown OPD"
                );
            }
        }
        // and the tables are all still there
        let (status, _) = app.json("GET", "/api/v1/users", Some(&admin), None).await;
        assert_eq!(status, StatusCode::OK);
        app.finish().await;
    }
}

#[tokio::test]
async fn control_and_invisible_characters_are_refused_and_change_nothing() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let admin = app.token("admin").await;
        let operator = app.token("operator").await;
        let asesor = app.token("asesor").await;
        let p = period(&app, &admin).await;
        let indicator = format!("/api/v1/periods/{p}/indicators/1");
        let opds = format!("/api/v1/instansi/{}/opd", s.trenggalek);
        let cases: Vec<(&str, &str, &str, String, Value, &str)> = vec![
            (
                "NUL in fakta",
                "operator",
                "PATCH",
                indicator.clone(),
                json!({"fakta": "a\u{0}b"}),
                "fakta",
            ),
            (
                "ESC in analisis",
                "operator",
                "PATCH",
                indicator.clone(),
                json!({"analisis": "\u{1b}[31mmerah"}),
                "analisis",
            ),
            (
                "BEL in a return note",
                "asesor",
                "POST",
                format!("{indicator}/return"),
                json!({"note": "bunyi\u{7}"}),
                "note",
            ),
            (
                "RLO in an OPD name",
                "admin",
                "POST",
                opds.clone(),
                json!({"name": "Dinas \u{202E}ofnimoK", "kind": "dinas"}),
                "name",
            ),
            (
                "zero-width space in an OPD name",
                "admin",
                "POST",
                opds.clone(),
                json!({"name": "Dinas\u{200B}Kominfo", "kind": "dinas"}),
                "name",
            ),
            (
                "newline in an OPD name",
                "admin",
                "POST",
                opds.clone(),
                json!({"name": "Dinas\nKominfo", "kind": "dinas"}),
                "name",
            ),
            (
                "RLO in a user's name",
                "admin",
                "POST",
                "/api/v1/users".into(),
                json!({"username": "tersembunyi", "name": "Budi\u{202E}", "password": "Tersembunyi#2026x",
                       "role": "pimpinan", "instansi": s.trenggalek}),
                "display_name",
            ),
        ];
        let (_, opds_before) = app.json("GET", &opds, Some(&admin), None).await;
        for (case, who, method, path, body, field) in cases {
            let token = match who {
                "operator" => &operator,
                "asesor" => &asesor,
                _ => &admin,
            };
            let (status, answer) = app.json(method, &path, Some(token), Some(body)).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{case}: {answer}");
            let named = answer["fields"].as_array().is_some_and(|f| {
                f.iter().any(|f| {
                    f["field"] == field
                        && f["message"]
                            .as_str()
                            .is_some_and(|m| m.contains("tidak diizinkan"))
                })
            });
            assert!(named, "{case}: {answer}");
        }
        let (_, list) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{p}/indicators"),
                Some(&operator),
                None,
            )
            .await;
        assert!(
            list[0]["fakta"].is_null() || list[0]["fakta"] == "",
            "nothing stored: {}",
            list[0]
        );
        let (_, opds_after) = app.json("GET", &opds, Some(&admin), None).await;
        assert_eq!(opds_before, opds_after, "no OPD made");
        let users = app.db.store.users_in(None).await.expect("read");
        assert!(
            users.iter().all(|u| u.username != "tersembunyi"),
            "no user made"
        );

        // lines and tabs stay, typed on any system
        let (status, answer) = app
            .json(
                "PATCH",
                &indicator,
                Some(&operator),
                Some(json!({"fakta": "Baris satu\r\n\tBaris dua"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        // a date that does not exist is refused
        let (status, answer) = app
            .json(
                "POST",
                &format!("/api/v1/instansi/{}/periods", s.trenggalek),
                Some(&admin),
                Some(
                    json!({"year": 2025, "kind": "evaluasi", "instrument": "permenpanrb-8-2026",
                            "stages": {"mandiri_mulai": "2025-02-31"}}),
                ),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        app.finish().await;
    }
}
