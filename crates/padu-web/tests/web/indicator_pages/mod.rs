//! The indicator pages through the real router on every backend: the task list, the assignment
//! page, the per-indicator work page with "check your answers", and the review workflow, as an
//! operator, an internal assessor, an external assessor and a head (read-only) use them.

mod evidence;
mod forms;
mod review;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use padu_app::kit::i18n::{Lang, Tr};
use padu_core::Catalog;
use padu_core::access::Role;
use padu_core::evaluation::Status;
use padu_store::evaluation::{EvidenceKind, NewEvidence};
use padu_store::testing::databases;
use padu_store::{NewUser, Who};
use serde_json::json;

use crate::pages::{Page, encode, get, login, post, request};
use crate::support::{PASSWORD, TestApp};

/// Opens a 2026 period under 8/2026 for Kabupaten Trenggalek (through the API).
async fn open_period(app: &TestApp) -> i64 {
    let admin = app.token("admin").await;
    let (status, body) = app
        .json(
            "POST",
            &format!("/api/v1/instansi/{}/periods", app.seed.trenggalek),
            Some(&admin),
            Some(json!({"year": 2026, "kind": "evaluasi", "instrument": "permenpanrb-8-2026"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_i64().expect("period id")
}

fn pdf(instansi: i64, name: &str) -> NewEvidence {
    NewEvidence {
        instansi_id: instansi,
        kind: EvidenceKind::File,
        name: name.into(),
        sha256: Some("ab".repeat(32)),
        size: Some(2048),
        content_type: Some("application/pdf".into()),
        url: None,
        uploaded_by: None,
        effective_date: Some("2026-01-02".into()),
        expiry_date: None,
        instansi_wide: false,
    }
}

/// Text as the templates escape it.
fn escaped(text: &str) -> String {
    text.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

/// Whether a page shows `text` (escaped or not: askama's entity style is an implementation
/// detail).
fn shows(page: &Page, text: &str) -> bool {
    page.has(text) || page.has(&escaped(text)) || page.has(&text.replace('\'', "&#x27;"))
}

/// A page as htmx requests it.
async fn post_htmx(app: &TestApp, path: &str, cookie: &str, body: &str) -> Page {
    let request_ = Request::builder()
        .method("POST")
        .uri(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .header("hx-request", "true")
        .header(header::COOKIE, cookie)
        .body(Body::from(body.to_string()))
        .expect("request");
    request(app, request_).await
}

/// Writes a page to `$PADU_SCREENSHOT_DIR/<name>.html` (to look at it in a browser), when set.
fn keep(page: &Page, name: &str) {
    if let Ok(dir) = std::env::var("PADU_SCREENSHOT_DIR") {
        let html = page
            .body
            .replace("href=\"/static/", "href=\"file:///work/main/static/")
            .replace("src=\"/static/", "src=\"file:///work/main/static/");
        std::fs::write(format!("{dir}/{name}.html"), html).expect("write the page");
    }
}

const BOUNDARY: &str = "----padu-halaman-batas";

/// A multipart body as a browser sends the upload form: (name, file name, bytes).
pub(crate) fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file_name, bytes) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        let disposition = match file_name {
            Some(f) => format!(
                "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/pdf\r\n\r\n"
            ),
            None => format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n"),
        };
        body.extend_from_slice(disposition.as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

pub(crate) async fn upload(app: &TestApp, path: &str, cookie: &str, body: Vec<u8>) -> Page {
    let request_ = Request::builder()
        .method("POST")
        .uri(path)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header("sec-fetch-site", "same-origin")
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .expect("request");
    request(app, request_).await
}
