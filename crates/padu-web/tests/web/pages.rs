//! The server-rendered pages, through the real router on every backend: signing in and out,
//! what each role sees, the forms (with their errors), the audit log, the language switch, and
//! the rules every page keeps (no inline script or style, texts in both languages).

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use padu_app::kit::i18n::{Lang, Tr};

use crate::support::{PASSWORD, TestApp};

mod demo;
mod org;
mod signin;

/// A response of a page: status, headers, body as text.
pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Page {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_string))
            .collect()
    }

    pub fn has(&self, text: &str) -> bool {
        self.body.contains(text)
    }
}

/// Percent-encodes a form value.
pub fn encode(value: &str) -> String {
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

pub async fn request(app: &TestApp, request: Request<Body>) -> Page {
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

pub async fn get(app: &TestApp, path: &str, cookie: Option<&str>) -> Page {
    let mut builder = Request::builder().uri(path);
    if let Some(c) = cookie {
        builder = builder.header(header::COOKIE, c);
    }
    request(app, builder.body(Body::empty()).expect("request")).await
}

/// A form POST as a browser on this site sends it.
pub async fn post(
    app: &TestApp,
    path: &str,
    cookie: Option<&str>,
    fields: &[(&str, &str)],
) -> Page {
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
pub async fn login_as(app: &TestApp, username: &str, password: &str) -> String {
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

pub async fn login(app: &TestApp, username: &str) -> String {
    login_as(app, username, PASSWORD).await
}

pub async fn opd_id(app: &TestApp, instansi: i64, name: &str) -> i64 {
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

/// The Rust and template files under `dir`, at any depth.
fn source_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("directory") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs" || x == "html") {
            out.push(path);
        }
    }
}

/// Every `t("...")` key used by a template or a module of the web or the application layer,
/// in both languages.
#[test]
fn every_text_key_exists_in_both_languages() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    source_files(&root.join("src"), &mut files);
    source_files(&root.join("../padu-app/src"), &mut files);
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
    assert_eq!(id, en, "locales/id and locales/en differ in keys");
}

/// Every success banner a feature declares has its text in both languages.
#[test]
fn every_banner_has_a_text_in_both_languages() {
    let mut banners = 0;
    for feature in &padu_web::FEATURES {
        for (code, key) in feature.banners {
            banners += 1;
            for lang in [Lang::Id, Lang::En] {
                assert!(Tr::has(lang, key), "{code}: {key} missing for {lang:?}");
            }
        }
    }
    assert_eq!(banners, 28, "the banners the features declare");
    padu_web::kit::feature::register(&padu_web::FEATURES);
    for lang in [Lang::Id, Lang::En] {
        for feature in &padu_web::FEATURES {
            for (code, _) in feature.banners {
                let text = padu_web::kit::layout::banner(Tr::new(lang), code);
                assert!(text.is_some_and(|t| t != "?"), "{code} in {lang:?}");
            }
        }
    }
    assert_eq!(
        padu_web::kit::layout::banner(Tr::new(Lang::Id), "tidak-ada"),
        None
    );
}
