//! The server-rendered pages, through the real router on every backend: signing in and out,
//! what each role sees, the forms (with their errors), the audit log, the language switch, and
//! the rules every page keeps (no inline script or style, texts in both languages).

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use padu_store::Who;
use padu_store::testing::databases;
use padu_web::i18n::{Lang, Tr};

use crate::support::{PASSWORD, TestApp};

/// A response of a page: status, headers, body as text.
struct Page {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Page {
    fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    fn cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_string))
            .collect()
    }

    fn has(&self, text: &str) -> bool {
        self.body.contains(text)
    }
}

/// Percent-encodes a form value.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// What every HTML page must keep to under the content security policy.
fn assert_no_inline_code(page: &Page, what: &str) {
    let lower = page.body.to_lowercase();
    for (i, _) in lower.match_indices("<script") {
        let tag_end = lower[i..].find('>').map_or(lower.len(), |e| i + e);
        assert!(
            lower[i..tag_end].contains(" src="),
            "{what}: an inline <script>"
        );
    }
    assert!(!lower.contains(" style="), "{what}: a style= attribute");
    assert!(!lower.contains("<style"), "{what}: a <style> element");
    assert!(!has_event_handler(&lower), "{what}: an on*= handler");
}

fn has_event_handler(lower: &str) -> bool {
    ["onclick=", "onload=", "onsubmit=", "onchange=", "onerror="]
        .iter()
        .any(|h| lower.contains(h))
}

async fn request(app: &TestApp, request: Request<Body>) -> Page {
    let what = format!("{} {}", request.method(), request.uri());
    let (status, headers, body) = app.send(request).await;
    let page = Page {
        status,
        headers,
        body: String::from_utf8(body).expect("UTF-8 page"),
    };
    assert_no_inline_code(&page, &what);
    page
}

async fn get(app: &TestApp, path: &str, cookie: Option<&str>) -> Page {
    let mut builder = Request::builder().uri(path);
    if let Some(c) = cookie {
        builder = builder.header(header::COOKIE, c);
    }
    request(app, builder.body(Body::empty()).expect("request")).await
}

/// A form POST as a browser on this site sends it.
async fn post(app: &TestApp, path: &str, cookie: Option<&str>, fields: &[(&str, &str)]) -> Page {
    let body: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    let mut builder = Request::builder()
        .method("POST")
        .uri(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin");
    if let Some(c) = cookie {
        builder = builder.header(header::COOKIE, c);
    }
    request(
        app,
        builder.body(Body::from(body.join("&"))).expect("request"),
    )
    .await
}

/// Signs in through the login form and returns the `Cookie` header value to send.
async fn login_as(app: &TestApp, username: &str, password: &str) -> String {
    let page = post(
        app,
        "/masuk",
        None,
        &[("username", username), ("password", password)],
    )
    .await;
    assert_eq!(
        page.status,
        StatusCode::SEE_OTHER,
        "login as {username}: {}",
        page.body
    );
    let set = page
        .cookies()
        .into_iter()
        .find(|c| c.starts_with("padu_sesi="))
        .expect("a session cookie");
    set.split(';').next().expect("name=value").to_string()
}

async fn login(app: &TestApp, username: &str) -> String {
    login_as(app, username, PASSWORD).await
}

async fn opd_id(app: &TestApp, instansi: i64, name: &str) -> i64 {
    app.db
        .store
        .opds_of(instansi)
        .await
        .expect("opds")
        .into_iter()
        .find(|o| o.name == name)
        .expect("the OPD exists")
        .id
}

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
async fn the_dashboard_greets_every_role_with_what_it_may_use() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let roles = [
            ("super", "Superadmin", true),
            ("prov", "Admin Provinsi", true),
            ("admin", "Admin Instansi", true),
            ("koordinator", "Koordinator", true),
            ("operator", "Operator OPD", false),
            ("asesor", "Asesor Internal", false),
            ("pimpinan", "Pimpinan", false),
            ("eksternal", "Asesor Eksternal", false),
        ];
        for (username, label, sees_users) in roles {
            let cookie = login(&app, username).await;
            let page = get(&app, "/", Some(&cookie)).await;
            assert_eq!(
                page.status,
                StatusCode::OK,
                "{username} on {}",
                app.db.label
            );
            assert!(
                page.has(&format!("Pengguna {username}")),
                "{username}: name"
            );
            assert!(page.has(label), "{username}: role label");
            assert!(
                page.has("action=\"/keluar\""),
                "{username}: sign-out button"
            );
            assert!(page.has(">Keluar</button>"));
            assert!(page.has("id=\"isi\""), "skip link target");
            assert!(page.has("Indeks"), "{username}: the honest placeholder");
            assert_eq!(
                page.has("href=\"/pengguna\""),
                sees_users,
                "{username}: users in the menu"
            );
            assert_eq!(page.has("href=\"/audit\""), sees_users, "{username}: audit");
        }
        // The province sees its kabupaten/kota in a table; the superadmin sees everything.
        let prov = login(&app, "prov").await;
        let page = get(&app, "/", Some(&prov)).await;
        assert!(page.has(&format!("href=\"/instansi/{}\"", s.trenggalek)));
        assert!(page.has(&format!("href=\"/instansi/{}\"", s.mojokerto)));
        assert!(!page.has("Provinsi Jawa Tengah"), "not another province");
        let page = get(&app, "/", Some(&login(&app, "super").await)).await;
        assert!(page.has("Provinsi Jawa Tengah"));
        // Everyone else sees a card of their own instansi.
        let page = get(&app, "/", Some(&login(&app, "admin").await)).await;
        assert!(page.has("Kabupaten Trenggalek"));
        assert!(page.has(&format!("href=\"/instansi/{}/opd\"", s.trenggalek)));
        assert!(page.has("class=\"card__number\">2<"), "two OPDs");
        let page = get(&app, "/", Some(&login(&app, "operator").await)).await;
        assert!(
            page.has("class=\"card__number\">1<"),
            "an operator sees one"
        );

        // The instansi overview.
        let page = get(&app, &format!("/instansi/{}", s.trenggalek), Some(&prov)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.has("Kabupaten Trenggalek") && page.has("WIB"));
        assert!(page.has(&format!("/pengguna?instansi={}", s.trenggalek)));
        let page = get(&app, "/instansi/999999", Some(&prov)).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        let page = get(&app, "/instansi/bukan-angka", Some(&prov)).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        let page = get(&app, &format!("/instansi/{}", s.jateng), Some(&prov)).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        app.finish().await;
    }
}

#[tokio::test]
async fn an_admin_adds_an_opd_and_its_operator_who_then_sees_only_that_opd() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let admin = login(&app, "admin").await;
        let list = format!("/instansi/{}/opd", s.trenggalek);

        let page = get(&app, &list, Some(&admin)).await;
        assert!(page.has("Tambah OPD"));
        assert!(page.has("2 OPD terdaftar"));
        assert!(page.has("<label class=\"label\" for=\"name\">Nama OPD</label>"));
        assert!(page.has("<label class=\"label\" for=\"kind\">Jenis OPD</label>"));
        assert!(page.has("<option value=\"bkpsdm\">"));

        let name = "Badan Kepegawaian dan Pengembangan SDM";
        let fields = [("name", name), ("kind", "bkpsdm")];
        let page = post(&app, &list, Some(&admin), &fields).await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            app.db.label,
            page.body
        );
        assert_eq!(page.location(), format!("{list}?pesan=opd-ditambah"));
        let page = get(&app, page.location(), Some(&admin)).await;
        assert!(page.has("role=\"status\""));
        assert!(page.has("OPD berhasil ditambahkan."));
        assert!(page.has(name));

        // The same name again: the conflict beside the field, the typed values kept.
        let page = post(&app, &list, Some(&admin), &fields).await;
        assert_eq!(page.status, StatusCode::CONFLICT);
        assert!(page.has("role=\"alert\""));
        assert!(page.has("Nama OPD sudah dipakai di instansi ini"));
        assert!(page.has("href=\"#name\""), "the summary links to the field");
        assert!(page.has("aria-describedby=\"name-petunjuk name-galat\""));
        assert!(page.has(&format!("value=\"{name}\"")));
        assert!(page.has("<option value=\"bkpsdm\" selected>"));
        // Nothing filled in: both fields explained.
        let page = post(&app, &list, Some(&admin), &[("name", ""), ("kind", "")]).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.has("Nama OPD paling sedikit 2 karakter") || page.has("Nama OPD wajib diisi"));
        assert!(page.has("Jenis OPD wajib dipilih"));

        // Its operator, through the user form.
        let bkpsdm = opd_id(&app, s.trenggalek, name).await;
        let form = get(&app, "/pengguna/baru", Some(&admin)).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.has("— tanpa OPD —"));
        assert!(form.has("<optgroup label=\"Kabupaten Trenggalek\">"));
        assert!(form.has("value=\"operator_opd\""));
        assert!(
            !form.has("value=\"admin_provinsi\""),
            "not above the admin's own role"
        );
        assert!(!form.has("value=\"superadmin\""));
        let bkpsdm_text = bkpsdm.to_string();
        let trenggalek_text = s.trenggalek.to_string();
        let mut user = vec![
            ("username", "operator.bkpsdm"),
            ("display_name", "Sri Wahyuni"),
            ("password", "pendek"),
            ("role", "operator_opd"),
            ("instansi", trenggalek_text.as_str()),
            ("opd", bkpsdm_text.as_str()),
        ];
        let page = post(&app, "/pengguna", Some(&admin), &user).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.has("Kata sandi paling sedikit 10 karakter"));
        assert!(page.has("value=\"operator.bkpsdm\"") && page.has("value=\"Sri Wahyuni\""));
        assert!(!page.has("value=\"pendek\""), "never the password");
        assert!(page.has(&format!("<option value=\"{bkpsdm}\" selected>")));
        let no_role: Vec<_> = user
            .iter()
            .map(|&(k, v)| (k, if k == "role" { "" } else { v }))
            .collect();
        let page = post(&app, "/pengguna", Some(&admin), &no_role).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.has("Pilih peran pengguna") && page.has("href=\"#role\""));
        user[2].1 = "Kepegawaian#2026";
        let page = post(&app, "/pengguna", Some(&admin), &user).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        assert_eq!(page.location(), "/pengguna?pesan=pengguna-ditambah");
        let page = get(&app, page.location(), Some(&admin)).await;
        assert!(page.has("Pengguna berhasil ditambahkan."));
        assert!(page.has("operator.bkpsdm") && page.has(name));

        // The operator sees only their own OPD, and none of the admin pages.
        let operator = login_as(&app, "operator.bkpsdm", "Kepegawaian#2026").await;
        let page = get(&app, &list, Some(&operator)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.has(name));
        assert!(!page.has("Bappeda") && !page.has("Dinas Komunikasi dan Informatika"));
        assert!(!page.has("Tambah OPD"), "no form for an operator");
        for path in [
            "/pengguna".to_string(),
            "/pengguna/baru".to_string(),
            "/audit".to_string(),
            format!("/instansi/{}", s.mojokerto),
            format!("/instansi/{}/opd", s.mojokerto),
            format!("/opd/{bkpsdm}/ubah"),
        ] {
            let page = get(&app, &path, Some(&operator)).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "operator on {path}");
            assert!(page.has("Akses ditolak"));
        }
        let page = post(
            &app,
            &list,
            Some(&operator),
            &[("name", "Dinas Baru"), ("kind", "lainnya")],
        )
        .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);

        // The admin deactivates the OPD through its change form.
        let edit = format!("/opd/{bkpsdm}/ubah");
        let page = get(&app, &edit, Some(&admin)).await;
        assert!(page.has("checked") && page.has(&format!("value=\"{name}\"")));
        let page = post(
            &app,
            &edit,
            Some(&admin),
            &[("name", name), ("kind", "bkpsdm")],
        )
        .await;
        assert_eq!(page.location(), format!("{list}?pesan=opd-diubah"));
        let page = get(&app, &list, Some(&admin)).await;
        assert!(page.has("Nonaktif"));
        let page = post(
            &app,
            &edit,
            Some(&admin),
            &[("name", "Bappeda"), ("kind", "bkpsdm")],
        )
        .await;
        assert_eq!(
            page.status,
            StatusCode::CONFLICT,
            "renaming onto another OPD"
        );
        assert!(page.has("value=\"Bappeda\""));
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
async fn the_audit_log_lists_changes_with_filters_and_pages() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let admin = login(&app, "admin").await;
        let list = format!("/instansi/{}/opd", s.trenggalek);
        let page = post(
            &app,
            &list,
            Some(&admin),
            &[("name", "Inspektorat Daerah"), ("kind", "inspektorat")],
        )
        .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);

        let page = get(&app, "/audit", Some(&admin)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", app.db.label);
        assert!(page.has("OPD ditambahkan") && page.has("opd.create"));
        assert!(
            page.has("Inspektorat Daerah"),
            "the new values in the details"
        );
        assert!(page.has("<details"));
        assert!(page.has(" WIB<"), "times in the instansi zone");
        assert!(page.has("hx-get=\"/audit\"") && page.has("hx-target=\"#hasil-audit\""));
        assert!(page.has("hx-select=\"#hasil-audit\"") && page.has("hx-push-url=\"true\""));
        assert!(page.has("id=\"hasil-audit\""));
        assert!(
            page.has("method=\"get\" action=\"/audit\""),
            "works without JS"
        );

        let page = get(&app, "/audit?aksi=opd.&aktor=adm", Some(&admin)).await;
        assert!(page.has("opd.create") && !page.has(">auth.login<"));
        assert!(page.has("<option value=\"opd.\" selected>"));
        let page = get(&app, "/audit?aksi=auth.", Some(&admin)).await;
        assert!(page.has("auth.login") && !page.has(">opd.create<"));
        let page = get(&app, "/audit?sampai=2000-01-01", Some(&admin)).await;
        assert!(page.has("Tidak ada catatan yang cocok"));
        let page = get(&app, "/audit?dari=2000-01-01", Some(&admin)).await;
        assert!(page.has("opd.create"));
        let page = get(&app, "/audit?dari=kemarin", Some(&admin)).await;
        assert!(page.has("Tulis tanggal dalam bentuk tttt-bb-hh") && page.has("value=\"kemarin\""));

        // 50 a page.
        let who = Who::system("uji");
        for n in 0..55 {
            app.db
                .store
                .create_opd(
                    &who,
                    s.trenggalek,
                    &format!("Kecamatan Uji {n:02}"),
                    "kecamatan",
                )
                .await
                .expect("opd");
        }
        let page = get(&app, "/audit", Some(&admin)).await;
        assert_eq!(page.body.matches("<tr>").count(), 51, "header and 50 rows");
        assert!(page.has("halaman=2") && page.has("Berikutnya"));
        assert!(!page.has("Sebelumnya"));
        let page = get(&app, "/audit?halaman=2", Some(&admin)).await;
        assert!(page.has("Sebelumnya") && page.has("Halaman 2"));

        // Another instansi's admin does not see Trenggalek's entries.
        let other = login(&app, "admin.mojokerto").await;
        let page = get(&app, "/audit", Some(&other)).await;
        assert!(!page.has("Inspektorat Daerah"));
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

/// Every `t("...")` key used by a template or a page module, in both languages.
#[test]
fn every_text_key_exists_in_both_languages() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["templates", "templates/partials", "src/pages"] {
        for entry in std::fs::read_dir(root.join(dir)).expect("directory") {
            let path = entry.expect("entry").path();
            if path.is_file() {
                files.push(path);
            }
        }
    }
    let mut keys = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable");
        let mut rest = text.as_str();
        while let Some(start) = rest.find("t(\"") {
            let after = &rest[start + 3..];
            let end = after.find('"').expect("closing quote");
            let key = &after[..end];
            // `t("` also ends other calls (`get("name")`): keys have a section and a dot.
            if key.contains('.') && !key.contains(' ') && !key.starts_with('.') {
                keys.push((file.display().to_string(), key.to_string()));
            }
            rest = &after[end..];
        }
    }
    assert!(keys.len() > 100, "the scan finds the keys ({})", keys.len());
    for (file, key) in &keys {
        for lang in [Lang::Id, Lang::En] {
            assert!(
                Tr::has(lang, key),
                "{key} (used in {file}) missing for {lang:?}"
            );
        }
    }
    // And the two files name the same keys.
    let mut id = Tr::keys(Lang::Id);
    let mut en = Tr::keys(Lang::En);
    id.sort_unstable();
    en.sort_unstable();
    assert_eq!(id, en, "locales/id.toml and locales/en.toml differ in keys");
}
