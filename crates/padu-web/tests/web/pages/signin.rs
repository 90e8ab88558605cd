//! Signing in and out, cross-site refusal, the language switch, the account page, error pages.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use padu_store::testing::databases;

use super::{Page, encode, get, login, login_as, post, request};
use crate::support::{PASSWORD, TestApp};

#[tokio::test]
async fn signing_in_sets_a_safe_cookie_and_goes_where_the_user_wanted() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let page = get(&app, "/pengguna", None).await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "anonymous: to the login"
        );
        assert_eq!(page.location(), "/masuk?lanjut=/pengguna");

        let form = get(&app, "/masuk?lanjut=/pengguna", None).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.has("<label class=\"label\" for=\"username\">Nama pengguna</label>"));
        assert!(form.has("<label class=\"label\" for=\"password\">Kata sandi</label>"));
        assert!(form.has(">Masuk</button>"));
        assert!(form.has("name=\"lanjut\" value=\"/pengguna\""));

        let page = post(
            &app,
            "/masuk",
            None,
            &[
                ("username", "admin"),
                ("password", PASSWORD),
                ("lanjut", "/pengguna"),
            ],
        )
        .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", app.db.label);
        assert_eq!(page.location(), "/pengguna");
        let cookie = page.cookies().join("\n");
        assert!(cookie.starts_with("padu_sesi="), "{cookie}");
        for part in ["HttpOnly", "SameSite=Lax", "Path=/"] {
            assert!(cookie.contains(part), "{part} in {cookie}");
        }
        assert!(!cookie.contains("Secure"), "plain http in tests");

        // Only local return paths are followed.
        for evil in [
            "//evil.example/",
            "https://evil.example/",
            "/\\evil.example",
        ] {
            let page = post(
                &app,
                "/masuk",
                None,
                &[
                    ("username", "admin"),
                    ("password", PASSWORD),
                    ("lanjut", evil),
                ],
            )
            .await;
            assert_eq!(page.location(), "/", "{evil}");
        }
        app.finish().await;
    }
}

#[tokio::test]
async fn a_wrong_password_is_refused_the_same_way_for_any_username() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        for username in ["admin", "tidak.ada"] {
            let page = post(
                &app,
                "/masuk",
                None,
                &[("username", username), ("password", "Salah#Sekali2026")],
            )
            .await;
            assert_eq!(page.status, StatusCode::UNAUTHORIZED, "{}", app.db.label);
            assert!(page.has("role=\"alert\""));
            assert!(page.has("Nama pengguna atau kata sandi salah."));
            assert!(
                page.has(&format!("value=\"{username}\"")),
                "typed username kept"
            );
            assert!(!page.has("Salah#Sekali2026"), "never the password");
            assert!(page.cookies().is_empty());
        }
        // After too many failures the username is throttled, with the wait in the message.
        for _ in 0..5 {
            post(
                &app,
                "/masuk",
                None,
                &[("username", "koordinator"), ("password", "bukan-ini-12345")],
            )
            .await;
        }
        let page = post(
            &app,
            "/masuk",
            None,
            &[("username", "koordinator"), ("password", PASSWORD)],
        )
        .await;
        assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(page.has("Terlalu banyak percobaan masuk yang gagal"));
        assert!(page.headers.contains_key(header::RETRY_AFTER));
        app.finish().await;
    }
}

#[tokio::test]
async fn a_request_from_another_site_is_refused() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let admin = login(&app, "admin").await;
        let list = format!("/instansi/{}/opd", app.seed.trenggalek);
        for (path, body) in [
            (
                "/masuk",
                format!("username=admin&password={}", encode(PASSWORD)),
            ),
            (list.as_str(), "name=Dinas+Palsu&kind=lainnya".to_string()),
            ("/keluar", String::new()),
        ] {
            let request = Request::builder()
                .method("POST")
                .uri(path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ORIGIN, "https://evil.example")
                .header(header::COOKIE, &admin)
                .body(Body::from(body))
                .expect("request");
            let page = request_page(&app, request).await;
            assert_eq!(
                page.status,
                StatusCode::FORBIDDEN,
                "{path} on {}",
                app.db.label
            );
            assert!(page.cookies().is_empty());
        }
        let page = get(&app, &list, Some(&admin)).await;
        assert!(!page.has("Dinas Palsu"));
        assert_eq!(
            get(&app, "/", Some(&admin)).await.status,
            StatusCode::OK,
            "still signed in"
        );
        app.finish().await;
    }
}

async fn request_page(app: &TestApp, req: Request<Body>) -> Page {
    request(app, req).await
}

#[tokio::test]
async fn the_language_switch_turns_the_pages_english_and_back() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let page = get(&app, "/masuk", None).await;
        assert!(page.has("<html lang=\"id\">") && page.has("Masuk ke Padu"));
        assert!(page.has("href=\"/bahasa/en\"") && page.has(">English</a>"));

        let request = Request::builder()
            .uri("/bahasa/en")
            .header(header::HOST, "padu.test")
            .header(header::REFERER, "http://padu.test/masuk?lanjut=/audit")
            .body(Body::empty())
            .expect("request");
        let page = request_page(&app, request).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
        assert_eq!(page.location(), "/masuk?lanjut=/audit");
        let set = page.cookies().join("");
        assert!(set.starts_with("padu_bahasa=en") && set.contains("Max-Age=31536000"));
        assert!(set.contains("SameSite=Lax") && set.contains("Path=/"));
        let referer_elsewhere = Request::builder()
            .uri("/bahasa/en")
            .header(header::HOST, "padu.test")
            .header(header::REFERER, "https://evil.example/")
            .body(Body::empty())
            .expect("request");
        assert_eq!(request_page(&app, referer_elsewhere).await.location(), "/");

        let english = "padu_bahasa=en";
        let page = get(&app, "/masuk", Some(english)).await;
        assert!(page.has("<html lang=\"en\">") && page.has("Sign in to Padu"));
        assert!(page.has(">Bahasa Indonesia</a>"));
        let session = login(&app, "admin").await;
        let both = format!("{session}; {english}");
        let page = get(&app, "/", Some(&both)).await;
        assert!(
            page.has("<h1>Welcome, Pengguna admin</h1>"),
            "{}",
            page.body
        );
        assert!(page.has("Agency administrator"));
        let page = get(
            &app,
            &format!("/instansi/{}/opd", app.seed.trenggalek),
            Some(&both),
        )
        .await;
        assert!(page.has("Regional government units (OPD)") && page.has("Add an OPD"));
        let page = get(&app, "/audit", Some(&both)).await;
        assert!(page.has("<h1>Audit log</h1>") && page.has("Signed in"));
        let page = get(&app, "/tidak-ada", Some(english)).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        assert!(page.has("Page not found"));
        assert_eq!(
            get(&app, "/bahasa/fr", None).await.status,
            StatusCode::NOT_FOUND
        );
        app.finish().await;
    }
}

#[tokio::test]
async fn changing_the_password_ends_the_session_and_signing_out_forgets_it() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let cookie = login(&app, "asesor").await;
        let page = get(&app, "/akun", Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", app.db.label);
        assert!(
            page.has("asesor") && page.has("Asesor Internal") && page.has("Kabupaten Trenggalek")
        );
        for label in [
            "Kata sandi saat ini",
            "Kata sandi baru",
            "Ulangi kata sandi baru",
        ] {
            assert!(page.has(&format!(">{label}</label>")), "{label}");
        }

        let new = "Penilai#Baru2026";
        let page = post(
            &app,
            "/akun",
            Some(&cookie),
            &[("current", PASSWORD), ("new", new), ("confirm", "lain")],
        )
        .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            page.has("Kata sandi baru dan ulangannya tidak sama") && page.has("href=\"#confirm\"")
        );
        assert!(!page.has(new) && !page.has(PASSWORD));
        let page = post(
            &app,
            "/akun",
            Some(&cookie),
            &[
                ("current", "salah-sekali-1"),
                ("new", new),
                ("confirm", new),
            ],
        )
        .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.has("Kata sandi saat ini salah"));

        let page = post(
            &app,
            "/akun",
            Some(&cookie),
            &[("current", PASSWORD), ("new", new), ("confirm", new)],
        )
        .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
        assert_eq!(page.location(), "/masuk?pesan=sandi-diubah");
        assert!(page.cookies().join("").contains("Max-Age=0"));
        let page = get(&app, page.location(), None).await;
        assert!(page.has("Kata sandi berhasil diubah. Silakan masuk kembali."));
        assert_eq!(
            get(&app, "/", Some(&cookie)).await.status,
            StatusCode::SEE_OTHER,
            "session ended"
        );

        let cookie = login_as(&app, "asesor", new).await;
        let page = post(&app, "/keluar", Some(&cookie), &[]).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
        assert_eq!(page.location(), "/masuk?pesan=keluar");
        assert!(
            page.cookies()
                .join("")
                .contains("padu_sesi=; Path=/; SameSite=Lax; Max-Age=0")
        );
        let page = get(&app, "/akun", Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "the session is gone");
        assert_eq!(page.location(), "/masuk?lanjut=/akun");
        app.finish().await;
    }
}

#[tokio::test]
async fn error_pages_follow_the_same_rules() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let page = get(&app, "/tidak-ada", None).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        assert!(page.has("Halaman tidak ditemukan") && page.has("/static/padu.css"));
        let cookie = login(&app, "admin").await;
        let page = get(&app, "/opd/999999/ubah", Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        app.finish().await;
    }
}
