//! Hostile uploads: file names, broken multipart bodies.

use super::*;

#[tokio::test]
async fn uploaded_file_names_cannot_climb_out_of_the_store() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let admin = app.token("admin").await;
        let operator = app.token("operator").await;
        let p = period(&app, &admin).await;
        let long = format!("{}.pdf", "n".repeat(100_000));
        let names: [(&str, &str); 8] = [
            ("../../etc/passwd", "passwd"),
            // a right-to-left override would show "invoiceexe.pdf"; zero-width marks hide
            ("invoice\u{202E}fdp.exe.pdf", "invoicefdp.exe.pdf"),
            ("\u{FEFF}Perbup\u{200B} 12\u{2066}.pdf", "Perbup 12.pdf"),
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
