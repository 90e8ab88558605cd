//! Hostile input through the real router, on every backend: file names that try to climb out
//! of the store, broken and oversized multipart bodies, huge text fields, SQL and HTML injection
//! in every free-text field and filter, a zip bomb through the worksheet import, and password
//! guessing. None of it may give a 5xx, write outside the file store or show unescaped markup.

mod abuse;
mod text;
mod uploads;

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
