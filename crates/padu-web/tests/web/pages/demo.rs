//! A demo installation (`Settings::demo`) says "Data demo" on every page, signed in or not,
//! error pages included, in both languages; any other installation never does.

use axum::http::StatusCode;
use padu_app::Settings;
use padu_store::testing::databases;

use super::{get, login};
use crate::support::TestApp;

const PAGES: [(&str, StatusCode); 5] = [
    ("/", StatusCode::OK),
    ("/pengguna", StatusCode::OK),
    ("/akun", StatusCode::OK),
    ("/tidak-ada", StatusCode::NOT_FOUND),
    ("/instansi/999999", StatusCode::NOT_FOUND),
];

#[tokio::test]
async fn every_page_of_a_demo_installation_says_data_demo() {
    for db in databases().await {
        let mut app = TestApp::new(db).await;
        let plain = login(&app, "admin").await;
        for (path, status) in PAGES {
            let page = get(&app, path, Some(&plain)).await;
            assert_eq!(page.status, status, "{path}");
            assert!(!page.has("Data demo") && !page.has("demo-mark"), "{path}");
        }
        assert!(!get(&app, "/masuk", None).await.has("Data demo"));

        let demo = app.state_with(Settings {
            demo: true,
            ..Settings::default()
        });
        app.router = padu_web::router(demo, &padu_web::WebConfig::default());
        let cookie = login(&app, "admin").await;
        let english = format!("{cookie}; padu_bahasa=en");
        for (path, status) in PAGES {
            let page = get(&app, path, Some(&cookie)).await;
            assert_eq!(page.status, status, "{path}: {}", app.db.label);
            assert!(
                page.has("<strong class=\"demo-mark__label\">Data demo</strong>"),
                "{path}: {}",
                page.body
            );
            let page = get(&app, path, Some(&english)).await;
            assert!(page.has(">Demo data</strong>"), "{path} in English");
        }
        for path in ["/masuk", "/tidak-ada"] {
            let page = get(&app, path, None).await;
            assert!(page.has("Data demo"), "{path} signed out");
        }
        app.finish().await;
    }
}
