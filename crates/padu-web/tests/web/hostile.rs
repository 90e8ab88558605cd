//! Hostile input through the real router, on every backend: file names that try to climb out
//! of the store, broken and oversized multipart bodies, huge text fields, SQL and HTML injection
//! in every free-text field and filter, a zip bomb through the worksheet import, and password
//! guessing. None of it may give a 5xx, write outside the file store or show unescaped markup.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use padu_store::testing::databases;
use serde_json::{Value, json};

use crate::pages::{Page, get, login, post};
use crate::support::{PASSWORD, TestApp};

const BOUNDARY: &str = "----padu-musuh-batas";
/// HTML, SQL and quoting all at once.
const EVIL: &str = "<script>alert(1)</script>' OR 1=1 -- \"; DROP TABLE users; --";

fn pdf(extra: &str) -> Vec<u8> {
    format!("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% {extra}\n%%EOF\n").into_bytes()
}

/// A multipart body: (name, file name, bytes); `None` as name leaves the name out.
fn multipart(parts: &[(Option<&str>, Option<&str>, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file_name, bytes) in parts {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data").as_bytes(),
        );
        if let Some(name) = name {
            body.extend_from_slice(format!("; name=\"{name}\"").as_bytes());
        }
        if let Some(file_name) = file_name {
            body.extend_from_slice(format!("; filename=\"{file_name}\"").as_bytes());
        }
        body.extend_from_slice(b"\r\n\r\n");
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn upload_with(
    app: &TestApp,
    token: &str,
    path: &str,
    content_type: &str,
    body: Vec<u8>,
) -> (StatusCode, Value) {
    let request = Request::post(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .expect("request");
    let (status, _, bytes) = app.send(request).await;
    let value = serde_json::from_slice(&bytes).unwrap_or_else(|_| {
        Value::String(format!("(not JSON) {}", String::from_utf8_lossy(&bytes)))
    });
    (status, value)
}

async fn upload(
    app: &TestApp,
    token: &str,
    p: i64,
    number: u16,
    body: Vec<u8>,
) -> (StatusCode, Value) {
    upload_with(
        app,
        token,
        &format!("/api/v1/periods/{p}/indicators/{number}/evidence"),
        &format!("multipart/form-data; boundary={BOUNDARY}"),
        body,
    )
    .await
}

/// Every file under the app's evidence directory, relative to it.
fn stored_files(app: &TestApp) -> Vec<String> {
    fn walk(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let relative = path.strip_prefix(root).expect("under the root");
                out.push(relative.display().to_string());
            }
        }
    }
    let mut out = Vec::new();
    walk(app.files_dir.path(), app.files_dir.path(), &mut out);
    out
}

/// Only content-addressed objects: `sha256/ab/cd/<64 hex>`, nothing named after the client.
fn assert_content_addressed(app: &TestApp) {
    for file in stored_files(app) {
        let parts: Vec<&str> = file.split('/').collect();
        assert!(
            parts.len() == 4
                && parts[0] == "sha256"
                && parts[3].len() == 64
                && parts[3].bytes().all(|b| b.is_ascii_hexdigit())
                && parts[3].starts_with(&format!("{}{}", parts[1], parts[2])),
            "a stored file not named by its hash: {file}"
        );
    }
}

/// A 2026 period under 8/2026 with the default assignment (Diskominfo leads indicator 1).
async fn period(app: &TestApp, admin: &str) -> i64 {
    let (status, body) = app
        .json(
            "POST",
            &format!("/api/v1/instansi/{}/periods", app.seed.trenggalek),
            Some(admin),
            Some(json!({"year": 2026, "kind": "evaluasi", "instrument": "permenpanrb-8-2026"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = body["id"].as_i64().expect("id");
    let (status, _) = app
        .json(
            "POST",
            &format!("/api/v1/periods/{id}/assignment/default"),
            Some(admin),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    id
}

fn message(answer: &Value) -> &str {
    answer["message"].as_str().unwrap_or("")
}

/// No raw markup from [`EVIL`] (or any other `<script>alert`) on a page.
fn assert_escaped(page: &Page, what: &str) {
    assert!(
        !page.body.contains("<script>alert"),
        "{what}: raw <script> on the page"
    );
    assert!(
        !page.body.contains("<img src=x"),
        "{what}: raw <img> on the page"
    );
}

/// The escaped form of `<script>alert(1)` as askama writes it (or the named entities).
fn shows_escaped_script(page: &Page) -> bool {
    page.has("&#60;script&#62;alert(1)") || page.has("&lt;script&gt;alert(1)")
}

#[tokio::test]
async fn uploaded_file_names_cannot_climb_out_of_the_store() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let admin = app.token("admin").await;
        let operator = app.token("operator").await;
        let p = period(&app, &admin).await;
        let long = format!("{}.pdf", "n".repeat(100_000));
        let names: [(&str, &str); 6] = [
            ("../../etc/passwd", "passwd"),
            ("..\\..\\x.pdf", "x.pdf"),
            ("/etc/shadow.pdf", "shadow.pdf"),
            ("C:\\Windows\\System32\\drivers.pdf", "drivers.pdf"),
            ("..", "berkas"),
            (&long, ""),
        ];
        for (i, (raw, expected)) in names.iter().enumerate() {
            let body = multipart(&[
                (Some("level"), None, b"2"),
                (Some("file"), Some(raw), &pdf(&format!("nama {i}"))),
            ]);
            let (status, answer) = upload(&app, &operator, p, 1, body).await;
            assert_eq!(status, StatusCode::CREATED, "{raw:.40}: {answer}");
            let id = answer["id"].as_i64().expect("id");
            let evidence = app
                .db
                .store
                .evidence(id)
                .await
                .expect("read")
                .expect("the record");
            if expected.is_empty() {
                assert_eq!(evidence.name.chars().count(), 200, "capped");
            } else {
                assert_eq!(evidence.name, *expected, "{raw:?}");
            }
            let request = Request::get(format!("/api/v1/evidence/{id}/content"))
                .header(header::AUTHORIZATION, format!("Bearer {admin}"))
                .body(Body::empty())
                .expect("request");
            let (status, headers, bytes) = app.send(request).await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(bytes, pdf(&format!("nama {i}")));
            let disposition = headers
                .get(header::CONTENT_DISPOSITION)
                .and_then(|v| v.to_str().ok())
                .expect("a Content-Disposition");
            assert!(
                !disposition.contains('/')
                    && !disposition.contains('\\')
                    && !disposition.contains("..")
                    && !disposition.chars().any(char::is_control),
                "{disposition:.200}"
            );
        }
        // control characters (NUL, BEL, ESC) in the part header: refused as a broken header,
        // before anything is stored
        for (i, raw) in ["nul\0../x.pdf", "a\u{1}b\u{7}c\u{1b}[31m.pdf"]
            .iter()
            .enumerate()
        {
            let body = multipart(&[
                (Some("level"), None, b"2"),
                (Some("file"), Some(raw), &pdf(&format!("kendali {i}"))),
            ]);
            let (status, answer) = upload(&app, &operator, p, 1, body).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{raw:?}: {answer}");
            assert!(message(&answer).contains("multipart"), "{answer}");
        }
        assert_content_addressed(&app);
        assert_eq!(stored_files(&app).len(), names.len());
        app.finish().await;
    }
}

#[tokio::test]
async fn broken_multipart_bodies_are_refused_clearly_and_leave_nothing() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let admin = app.token("admin").await;
        let operator = app.token("operator").await;
        let p = period(&app, &admin).await;
        let path = format!("/api/v1/periods/{p}/indicators/1/evidence");
        let good = multipart(&[
            (Some("level"), None, b"2"),
            (Some("file"), Some("sk.pdf"), &pdf("baik")),
        ]);
        let mut truncated = good.clone();
        truncated.truncate(good.len() - 30);
        let huge_header = {
            let mut body = format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nX-Isi: {}\r\n\r\n",
                "h".repeat(2 * 1024 * 1024)
            )
            .into_bytes();
            body.extend_from_slice(&pdf("kepala besar"));
            body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
            body
        };
        let multipart_type = format!("multipart/form-data; boundary={BOUNDARY}");
        let mt = multipart_type.as_str();
        let cases: Vec<(&str, &str, Vec<u8>)> = vec![
            ("no boundary", "multipart/form-data", good.clone()),
            ("not multipart", "application/octet-stream", pdf("mentah")),
            (
                "another boundary",
                "multipart/form-data; boundary=lain",
                good.clone(),
            ),
            ("truncated", mt, truncated),
            ("garbage", mt, b"\x00\xff garbage \r\n\r\n--".to_vec()),
            ("empty", mt, Vec::new()),
            (
                "a part without a name",
                mt,
                multipart(&[
                    (Some("level"), None, b"2"),
                    (None, Some("sk.pdf"), &pdf("tanpa nama")),
                ]),
            ),
            ("a huge part header", mt, huge_header),
            (
                "a huge text field",
                mt,
                multipart(&[
                    (Some("level"), None, &vec![b'2'; 3 * 1024 * 1024]),
                    (Some("file"), Some("sk.pdf"), &pdf("level besar")),
                ]),
            ),
            (
                "an oversized file",
                mt,
                multipart(&[
                    (Some("level"), None, b"2"),
                    (
                        Some("file"),
                        Some("besar.pdf"),
                        &[pdf("besar"), vec![b'z'; 6 * 1024 * 1024]].concat(),
                    ),
                ]),
            ),
        ];
        for (case, content_type, body) in cases {
            let (status, answer) = upload_with(&app, &operator, &path, content_type, body).await;
            assert!(status.is_client_error(), "{case}: {status} {answer:.300}");
            assert!(
                answer["code"].is_string() && !message(&answer).is_empty(),
                "{case}: a JSON error with a message: {answer:.300}"
            );
            assert!(
                stored_files(&app).is_empty(),
                "{case} left {:?}",
                stored_files(&app)
            );
        }
        let (_, list) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{p}/indicators"),
                Some(&admin),
                None,
            )
            .await;
        assert!(
            list.as_array()
                .expect("array")
                .iter()
                .all(|i| i["evidence_count"] == 0),
            "no record either"
        );
        app.finish().await;
    }
}

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

/// A ZIP entry whose deflate stream expands to `size` zero bytes (one literal, then matches of
/// 258 bytes at distance 1 in a fixed-Huffman block), declaring `declared` bytes: a zip bomb
/// without a zip library.
fn zip_bomb(size: u32, declared: u32) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u32,
        n: u32,
    }
    impl Bits {
        fn put(&mut self, value: u32, count: u32) {
            self.acc |= value << self.n;
            self.n += count;
            while self.n >= 8 {
                self.out.push((self.acc & 0xff) as u8);
                self.acc >>= 8;
                self.n -= 8;
            }
        }
        /// A Huffman code, most significant bit first.
        fn code(&mut self, code: u32, len: u32) {
            let reversed = (0..len).fold(0, |r, i| r | (((code >> i) & 1) << (len - 1 - i)));
            self.put(reversed, len);
        }
    }
    let mut bits = Bits {
        out: Vec::new(),
        acc: 0,
        n: 0,
    };
    bits.put(1, 1); // final block
    bits.put(1, 2); // fixed Huffman
    bits.code(0x30, 8); // literal 0
    let mut left = size - 1;
    while left >= 258 + 3 || left == 258 {
        bits.code(0b1100_0101, 8); // length 258 (code 285)
        bits.code(0, 5); // distance 1
        left -= 258;
    }
    for _ in 0..left {
        bits.code(0x30, 8);
    }
    bits.code(0, 7); // end of block (256)
    bits.put(0, 7);
    let data = bits.out;
    let name = b"xl/worksheets/sheet1.xml";
    let mut zip = Vec::new();
    let header = |sig: &[u8], central: bool| {
        let mut h = sig.to_vec();
        if central {
            h.extend_from_slice(&20u16.to_le_bytes()); // made by
        }
        h.extend_from_slice(&20u16.to_le_bytes()); // version needed
        h.extend_from_slice(&0u16.to_le_bytes()); // flags
        h.extend_from_slice(&8u16.to_le_bytes()); // deflate
        h.extend_from_slice(&[0, 0, 0x21, 0]); // time, date
        h.extend_from_slice(&0u32.to_le_bytes()); // crc (never checked: refused before)
        h.extend_from_slice(&(data.len() as u32).to_le_bytes());
        h.extend_from_slice(&declared.to_le_bytes());
        h.extend_from_slice(&(name.len() as u16).to_le_bytes());
        h.extend_from_slice(&0u16.to_le_bytes()); // extra
        if central {
            h.extend_from_slice(&[0; 8]); // comment, disk, attributes
            h.extend_from_slice(&0u32.to_le_bytes()); // external attributes
            h.extend_from_slice(&0u32.to_le_bytes()); // local header offset
        }
        h.extend_from_slice(name);
        h
    };
    zip.extend(header(b"PK\x03\x04", false));
    zip.extend(&data);
    let central_at = zip.len() as u32;
    let central = header(b"PK\x01\x02", true);
    zip.extend(&central);
    zip.extend_from_slice(b"PK\x05\x06");
    zip.extend_from_slice(&[0; 4]);
    zip.extend_from_slice(&1u16.to_le_bytes());
    zip.extend_from_slice(&1u16.to_le_bytes());
    zip.extend_from_slice(&(central.len() as u32).to_le_bytes());
    zip.extend_from_slice(&central_at.to_le_bytes());
    zip.extend_from_slice(&0u16.to_le_bytes());
    zip
}

#[tokio::test]
async fn a_zip_bomb_worksheet_is_refused_and_changes_nothing() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let admin = app.token("admin").await;
        let p = period(&app, &admin).await;
        let (_, before) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{p}/indicators"),
                Some(&admin),
                None,
            )
            .await;
        let mb = 1024 * 1024;
        for (what, bomb) in [
            ("500 MB", zip_bomb(500 * mb, 500 * mb)),
            ("50 MB declared as 1 MB", zip_bomb(50 * mb, mb)),
        ] {
            assert!(
                bomb.len() < 4 * 1024 * 1024,
                "{what}: small: {}",
                bomb.len()
            );
            for apply in ["", "?apply=true"] {
                let request = Request::post(format!("/api/v1/periods/{p}/worksheet{apply}"))
                    .header(header::AUTHORIZATION, format!("Bearer {admin}"))
                    .header(
                        header::CONTENT_TYPE,
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    )
                    .body(Body::from(bomb.clone()))
                    .expect("request");
                let (status, _, bytes) = app.send(request).await;
                let text = String::from_utf8_lossy(&bytes);
                assert!(
                    status == StatusCode::UNPROCESSABLE_ENTITY
                        || status == StatusCode::PAYLOAD_TOO_LARGE,
                    "{what}{apply}: {status} {text}"
                );
                // declared too large: refused unread; lying about its size: refused as damaged
                let said = if what.starts_with("500") {
                    "tidak wajar"
                } else {
                    "rusak"
                };
                assert!(text.contains(said), "{what}{apply}: {text}");
            }
        }
        let (_, after) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{p}/indicators"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(before, after, "nothing changed");
        app.finish().await;
    }
}

/// A login attempt from `address`.
async fn attempt(
    app: &TestApp,
    address: [u8; 4],
    username: &str,
    password: &str,
) -> (StatusCode, Option<String>, Value) {
    let mut request = Request::post("/api/v1/auth/token")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            json!({"username": username, "password": password}).to_string(),
        ))
        .expect("request");
    request
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::from((address, 40_000))));
    let (status, headers, bytes) = app.send(request).await;
    let retry = headers
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    (
        status,
        retry,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn password_guessing_is_throttled_per_user_and_per_address() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let here = [10, 0, 0, 1];
        for i in 0..5 {
            let (status, _, _) = attempt(&app, here, "admin", &format!("salah{i}")).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {i}");
        }
        let (status, retry, body) = attempt(&app, here, "admin", "salah lagi").await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
        let seconds: u64 = retry.expect("Retry-After").parse().expect("seconds");
        assert!((1..=15 * 60).contains(&seconds), "{seconds}");
        // the right password waits too, from anywhere
        let (status, _, _) = attempt(&app, [10, 9, 9, 9], "admin", PASSWORD).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        let (status, _, _) = attempt(&app, here, "ADMIN", PASSWORD).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "any case");
        // another user from the same address is not affected
        let (status, _, body) = attempt(&app, here, "operator", PASSWORD).await;
        assert_eq!(status, StatusCode::OK, "{body}");

        // 50 failures from one address, spread over usernames, block that address
        let there = [10, 0, 0, 2];
        for i in 0..50 {
            let (status, _, _) = attempt(&app, there, &format!("tebakan{}", i % 25), "salah").await;
            assert!(status == StatusCode::UNAUTHORIZED, "failure {i}: {status}");
        }
        let (status, retry, _) = attempt(&app, there, "asesor", PASSWORD).await;
        assert_eq!(
            status,
            StatusCode::TOO_MANY_REQUESTS,
            "the 51st from that address"
        );
        assert!(retry.is_some());
        let (status, _, _) = attempt(&app, [10, 0, 0, 3], "asesor", PASSWORD).await;
        assert_eq!(status, StatusCode::OK, "other addresses sign in");
        app.finish().await;
    }
}

/// Found by `fuzz/run` (target `upload`): dots and spaces before a name survived as a leading
/// space (". \0m" gave " m"), and ". .htaccess" came out as " .htaccess", a hidden file once
/// trimmed again.
#[test]
fn cleaned_file_names_never_start_with_a_space_or_a_dot() {
    use padu_app::evaluation::evidence::clean_file_name;
    for (raw, expected) in [
        (". \0\0\0m", "m"),
        (". .htaccess", "htaccess"),
        (" . . .", "berkas"),
        ("x/ .. ./ . laporan.pdf ", "laporan.pdf"),
    ] {
        assert_eq!(clean_file_name(raw), expected, "{raw:?}");
    }
}
