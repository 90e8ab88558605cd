//! The footer's "Dokumentasi API": a readable reference served by the binary (vendored
//! swagger-ui) under the site's CSP; the raw document stays at `/api/openapi.json`.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::pages::get;
use crate::support::TestApp;

#[tokio::test]
async fn the_footer_opens_a_readable_reference_served_from_the_binary() {
    let app = TestApp::new(padu_store::testing::sqlite().await).await;
    let login = get(&app, "/masuk", None).await;
    assert!(login.has("<a href=\"/api/docs\">Dokumentasi API (OpenAPI)</a>"));

    let page = get(&app, "/api/docs", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has("<title>Dokumentasi API · Padu</title>"));
    for asset in [
        "/static/swagger-ui.css",
        "/static/swagger-ui-bundle.js",
        "/static/api-docs.js",
    ] {
        assert!(page.has(&format!("\"{asset}\"")), "{asset} linked");
        let (status, headers, bytes) = app
            .send(Request::get(asset).body(Body::empty()).expect("request"))
            .await;
        assert_eq!(status, StatusCode::OK, "{asset}");
        assert!(bytes.len() > 200, "{asset}");
        assert!(
            headers
                .get(header::CACHE_CONTROL)
                .is_some_and(|v| v.to_str().is_ok_and(|v| v.starts_with("public"))),
            "{asset} is cached"
        );
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("sourceMappingURL"),
            "{asset}: no source map to fetch"
        );
    }
    // the site's CSP: no inline script, no eval, nothing from another host
    let csp = page
        .headers
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert!(csp.contains("script-src 'self';"), "{csp}");
    assert!(!csp.contains("unsafe") && !csp.contains("http"), "{csp}");
    assert!(
        !page.body.contains("<script>") && !page.body.contains("style=\""),
        "no inline script or style"
    );
    let (_, _, init) = app
        .send(
            Request::get("/static/api-docs.js")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    let init = String::from_utf8_lossy(&init);
    assert!(init.contains("/api/openapi.json") && init.contains("validatorUrl: null"));
    // the English page
    let (status, _, english) = app
        .send(
            Request::get("/api/docs")
                .header(header::COOKIE, "padu_bahasa=en")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let english = String::from_utf8_lossy(&english);
    assert!(english.contains("API documentation"), "{english}");

    // the raw document stays for tools, with the new operations
    let (status, doc) = app.json("GET", "/api/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK);
    for (path, method) in [
        ("/api/v1/periods/{id}", "patch"),
        ("/api/v1/periods/{id}", "get"),
        ("/api/v1/periods/{id}/close", "post"),
        ("/api/v1/opd/{id}", "patch"),
        ("/api/v1/users/{id}", "patch"),
        ("/api/v1/rankings", "get"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{method} {path}");
    }
    app.finish().await;
}
