//! Reports and data exchange through the real router: the documents of a period, the worksheet
//! round trip (export, edit cells as a spreadsheet program would, import, and exactly those
//! changes apply), files with problems that apply nothing, the official result, permissions,
//! and the same flows on the pages (preview, confirm, a stale confirmation).

mod documents;
mod imports;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use padu_core::Value;
use padu_store::testing::databases;
use serde_json::{Value as Json, json};

use crate::book::Book;
use crate::indicator_pages::{multipart, upload};
use crate::pages::{get, login, post};
use crate::support::TestApp;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const SHEET: &str = "Lembar Kerja";

/// A period under 8/2026: indicator 1 led by Diskominfo with a claim and narrative, indicator 2
/// led by Bappeda, the rest unassigned.
async fn period(app: &TestApp, admin: &str) -> i64 {
    let s = &app.seed;
    let (status, created) = app
        .json(
            "POST",
            &format!("/api/v1/instansi/{}/periods", s.trenggalek),
            Some(admin),
            Some(json!({"year": 2026, "kind": "evaluasi", "instrument": "permenpanrb-8-2026"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let p = created["id"].as_i64().expect("id");
    for (n, opd) in [(1, s.diskominfo), (2, s.bappeda)] {
        let (status, body) = app
            .json(
                "PUT",
                &format!("/api/v1/periods/{p}/indicators/{n}/assignment"),
                Some(admin),
                Some(json!({"lead_opd": opd})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let operator = app.token("operator").await;
    let (status, body) = app
        .json(
            "PATCH",
            &format!("/api/v1/periods/{p}/indicators/1"),
            Some(&operator),
            Some(json!({"self_level": 2, "fakta": "SK Tim 2026", "analisis": "Tim sudah ada"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    p
}

/// GET with a bearer token: status, content type, bytes.
async fn download(app: &TestApp, path: &str, token: &str) -> (StatusCode, String, Vec<u8>) {
    let request = Request::builder()
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .expect("request");
    let (status, headers, body) = app.send(request).await;
    let kind = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    (status, kind, body)
}

/// POST a file as the body; status and the JSON answer.
async fn import(app: &TestApp, path: &str, token: &str, bytes: Vec<u8>) -> (StatusCode, Json) {
    let request = Request::builder()
        .method("POST")
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body(Body::from(bytes))
        .expect("request");
    let (status, _, body) = app.send(request).await;
    (
        status,
        serde_json::from_slice(&body)
            .unwrap_or_else(|_| Json::String(String::from_utf8_lossy(&body).into())),
    )
}

async fn worksheet(app: &TestApp, p: i64, token: &str) -> Book {
    let (status, kind, bytes) =
        download(app, &format!("/api/v1/periods/{p}/worksheet.xlsx"), token).await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, XLSX));
    Book::read(&bytes)
}

fn fields(answer: &Json) -> Vec<(u64, String, String)> {
    answer["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| {
            (
                c["number"].as_u64().expect("number"),
                c["field"].as_str().expect("field").to_string(),
                c["new"].as_str().expect("new").to_string(),
            )
        })
        .collect()
}

/// An official result for all 20 indicators of 8/2026 (indicator 1: 2,75 with a note).
fn official_csv(skip: Option<u16>) -> Vec<u8> {
    let mut text = String::from("No;Nilai;Catatan;Rekomendasi\n");
    for n in 1..=20u16 {
        if Some(n) == skip {
            continue;
        }
        if n == 1 {
            text.push_str("1;2,75;Bukti SK lengkap;Lakukan reviu tahunan\n");
        } else {
            text.push_str(&format!("{n};1,50;;\n"));
        }
    }
    text.into_bytes()
}

/// The hidden `name` value of the confirmation form.
fn hidden(body: &str, name: &str) -> String {
    let at = body
        .find(&format!("name=\"{name}\" value=\""))
        .unwrap_or_else(|| panic!("no {name} in\n{body}"));
    let rest = &body[at + name.len() + 15..];
    rest[..rest.find('"').expect("end")].to_string()
}
