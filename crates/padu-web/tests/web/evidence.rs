//! Evidence uploads through the API: the edge cases of issue 4, and that a refused upload leaves
//! nothing behind, neither a record nor a file.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use padu_store::testing::databases;
use serde_json::json;

use crate::support::TestApp;

const BOUNDARY: &str = "----padu-uji-batas";

pub(crate) fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file_name, bytes) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match file_name {
            Some(f) => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
            ),
            None => body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes()),
        }
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

pub(crate) fn pdf(extra: &str) -> Vec<u8> {
    format!("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% {extra}\n%%EOF\n").into_bytes()
}

pub(crate) async fn upload(
    app: &TestApp,
    token: &str,
    period: i64,
    number: u16,
    body: Vec<u8>,
) -> (StatusCode, serde_json::Value) {
    let request = Request::post(format!(
        "/api/v1/periods/{period}/indicators/{number}/evidence"
    ))
    .header(header::AUTHORIZATION, format!("Bearer {token}"))
    .header(
        header::CONTENT_TYPE,
        format!("multipart/form-data; boundary={BOUNDARY}"),
    )
    .body(Body::from(body))
    .expect("request");
    let (status, _, bytes) = app.send(request).await;
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    )
}

/// Every file under the app's evidence directory (stored objects and unfinished uploads).
fn stored_files(app: &TestApp) -> Vec<String> {
    fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path.display().to_string());
            }
        }
    }
    let mut out = Vec::new();
    walk(app.files_dir.path(), &mut out);
    out
}

pub(crate) async fn period(app: &TestApp, admin: &str) -> i64 {
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
    app.json(
        "POST",
        &format!("/api/v1/periods/{id}/assignment/default"),
        Some(admin),
        None,
    )
    .await;
    id
}

#[tokio::test]
async fn uploads_are_stored_once_streamed_back_and_counted() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let admin = app.token("admin").await;
        let operator = app.token("operator").await;
        let p = period(&app, &admin).await;
        let bytes = pdf("SK Tim Pemerintah Digital");
        let (status, body) = upload(
            &app,
            &operator,
            p,
            1,
            multipart(&[("level", None, b"2"), ("file", Some("SK Tim.pdf"), &bytes)]),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert_eq!(body["size"], bytes.len());
        assert_eq!(body["content_type"], "application/pdf");
        assert_eq!(body["sha256"].as_str().map(str::len), Some(64));
        assert_eq!(body["deduplicated"], false);
        let first = body["id"].as_i64().expect("id");

        // the same file again (level after the file this time): stored once
        let (status, body) = upload(
            &app,
            &operator,
            p,
            1,
            multipart(&[("file", Some("salinan.pdf"), &bytes), ("level", None, b"3")]),
        )
        .await;
        assert_eq!(
            (status, body["deduplicated"].as_bool()),
            (StatusCode::CREATED, Some(true)),
            "{body}"
        );
        assert_eq!(
            stored_files(&app).len(),
            1,
            "one object for two uploads: {:?}",
            stored_files(&app)
        );

        let (_, list) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{p}/indicators"),
                Some(&operator),
                None,
            )
            .await;
        assert_eq!(list[0]["evidence_count"], 2);

        let request = Request::get(format!("/api/v1/evidence/{first}/content"))
            .header(header::AUTHORIZATION, format!("Bearer {operator}"))
            .body(Body::empty())
            .expect("request");
        let (status, headers, content) = app.send(request).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(content, bytes);
        assert_eq!(
            headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok()),
            Some("application/pdf")
        );
        let disposition = headers
            .get(header::CONTENT_DISPOSITION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        assert!(
            disposition.starts_with("attachment; filename=\"SK Tim.pdf\""),
            "{disposition}"
        );
        // the download's own policy wins over the site's: a sandbox, and never cached
        let header_of = |name| headers.get(name).and_then(|v| v.to_str().ok());
        assert_eq!(header_of(header::CONTENT_SECURITY_POLICY), Some("sandbox"));
        assert_eq!(header_of(header::CACHE_CONTROL), Some("no-store"));
        let other = app.token("admin.mojokerto").await;
        let request = Request::get(format!("/api/v1/evidence/{first}/content"))
            .header(header::AUTHORIZATION, format!("Bearer {other}"))
            .body(Body::empty())
            .expect("request");
        assert_eq!(app.send(request).await.0, StatusCode::NOT_FOUND);
        app.finish().await;
    }
}

#[tokio::test]
async fn refused_uploads_leave_nothing_behind() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let admin = app.token("admin").await;
        let operator = app.token("operator").await;
        let p = period(&app, &admin).await;
        let cases: Vec<(&str, Vec<u8>, StatusCode, &str)> = vec![
            (
                "empty",
                multipart(&[("level", None, b"2"), ("file", Some("kosong.pdf"), b"")]),
                StatusCode::UNPROCESSABLE_ENTITY,
                "Berkas kosong",
            ),
            (
                "wrong type",
                multipart(&[
                    ("level", None, b"2"),
                    (
                        "file",
                        Some("program.pdf"),
                        b"\x7fELF\x02\x01\x01\x00rest-of-an-executable",
                    ),
                ]),
                StatusCode::UNPROCESSABLE_ENTITY,
                "Jenis berkas tidak diizinkan",
            ),
            (
                "oversize",
                multipart(&[
                    ("level", None, b"2"),
                    (
                        "file",
                        Some("besar.pdf"),
                        &[pdf("x"), vec![b'a'; 6 * 1024 * 1024]].concat(),
                    ),
                ]),
                StatusCode::PAYLOAD_TOO_LARGE,
                "melebihi batas",
            ),
            (
                "level missing",
                multipart(&[("file", Some("sk.pdf"), &pdf("tanpa level"))]),
                StatusCode::UNPROCESSABLE_ENTITY,
                "Level yang didukung berkas wajib dipilih",
            ),
            (
                "level 9",
                multipart(&[
                    ("file", Some("sk.pdf"), &pdf("level sembilan")),
                    ("level", None, b"9"),
                ]),
                StatusCode::UNPROCESSABLE_ENTITY,
                "Level bukti dukung harus antara",
            ),
            (
                "no file",
                multipart(&[("level", None, b"2")]),
                StatusCode::UNPROCESSABLE_ENTITY,
                "Berkas wajib dipilih",
            ),
        ];
        for (case, body, expected, message) in cases {
            let (status, answer) = upload(&app, &operator, p, 1, body).await;
            assert_eq!(status, expected, "{case}: {answer}");
            assert!(
                answer["message"]
                    .as_str()
                    .is_some_and(|m| m.contains(message)),
                "{case}: {answer}"
            );
            assert!(
                stored_files(&app).is_empty(),
                "{case} left {:?}",
                stored_files(&app)
            );
        }
        // interrupted: the body ends in the middle of the file
        let mut cut = multipart(&[
            ("level", None, b"2"),
            (
                "file",
                Some("putus.pdf"),
                &[pdf("y"), vec![b'b'; 300_000]].concat(),
            ),
        ]);
        cut.truncate(cut.len() - 1000);
        let (status, answer) = upload(&app, &operator, p, 1, cut).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
        assert!(
            stored_files(&app).is_empty(),
            "interrupted left {:?}",
            stored_files(&app)
        );

        // someone else's indicator, an external-index one, a submitted one: refused before storing
        let (status, _) = app
            .json(
                "PUT",
                &format!("/api/v1/periods/{p}/indicators/3/assignment"),
                Some(&admin),
                Some(json!({"lead_opd": app.seed.bappeda})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = upload(
            &app,
            &operator,
            p,
            3,
            multipart(&[
                ("level", None, b"2"),
                ("file", Some("sk.pdf"), &pdf("bukan milik")),
            ]),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = upload(
            &app,
            &admin,
            p,
            5,
            multipart(&[
                ("level", None, b"2"),
                ("file", Some("sk.pdf"), &pdf("eksternal")),
            ]),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(stored_files(&app).is_empty());
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
