//! The public portal of digital services through the real router, signed out: only the
//! published layanan of that instansi, searched and filtered on the server, gone on the next
//! request once withdrawn or changed, no cookie set, 404 for an unknown instansi or service,
//! and the JSON feed with the same services as the page.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use padu_store::testing::databases;
use serde_json::{Value, json};

use crate::arsitektur::item;
use crate::pages::{Page, get, login, request};
use crate::support::TestApp;

fn layanan(name: &str, category: &str, life_event: &str, waktu: &str) -> Value {
    json!({
        "domain": "layanan", "name": name, "year": 2026, "reference": "RAL.01.01.02",
        "description": format!("Uraian {name}."), "purpose": "Pelayanan publik",
        "users": ["masyarakat", "pelaku_usaha"], "method": "elektronik",
        "category": category, "life_event": life_event, "channel": "Loket dan aplikasi daring",
        "link": "https://layanan.trenggalekkab.example/",
        "standar": {"persyaratan": format!("Persyaratan {name}"), "prosedur": "Daftar daring lalu verifikasi",
                    "waktu": waktu, "biaya": "Tidak dipungut biaya", "produk": format!("Dokumen {name}"),
                    "pengaduan": "SP4N-LAPOR!"}
    })
}

/// Enters a layanan as `admin`, submits, verifies and (when `publish`) publishes it.
async fn service(
    app: &TestApp,
    admin: &str,
    (instansi, opd): (i64, i64),
    mut body: Value,
    publish: bool,
) -> i64 {
    body["opd"] = json!(opd);
    let id = item(app, admin, instansi, body).await;
    let path = format!("/api/v1/architecture/items/{id}");
    for step in ["submit", "verify"] {
        let (status, got) = app
            .json("POST", &format!("{path}/{step}"), Some(admin), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{step}: {got}");
    }
    if publish {
        set_published(app, admin, id, true).await;
    }
    id
}

async fn set_published(app: &TestApp, admin: &str, id: i64, on: bool) {
    let (status, got) = app
        .json(
            "PATCH",
            &format!("/api/v1/architecture/items/{id}"),
            Some(admin),
            Some(json!({ "published": on })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{got}");
}

async fn slug(app: &TestApp, id: i64) -> String {
    app.db
        .store
        .instansi(id)
        .await
        .expect("instansi")
        .expect("seeded")
        .slug
}

/// A signed-out GET: no cookie sent, and none may come back.
async fn public(app: &TestApp, path: &str) -> Page {
    let page = get(app, path, None).await;
    assert!(
        page.cookies().is_empty(),
        "{path}: Set-Cookie {:?}",
        page.cookies()
    );
    page
}

/// The service names of a portal page, in order.
fn names(page: &Page) -> Vec<String> {
    page.body
        .split("<h3 class=\"portal-card__title\"><a href=\"")
        .skip(1)
        .filter_map(|rest| {
            let (_, after) = rest.split_once("\">")?;
            let (name, _) = after.split_once("</a>")?;
            Some(name.to_string())
        })
        .collect()
}

/// The feed read without a token.
async fn feed(app: &TestApp, key: &str) -> (StatusCode, Value) {
    app.json(
        "GET",
        &format!("/api/v1/public/instansi/{key}/services"),
        None,
        None,
    )
    .await
}

#[tokio::test]
async fn the_portal_lists_only_published_services_for_anyone_and_forgets_withdrawn_ones() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let admin = app.token("admin").await;
        let other = app.token("admin.mojokerto").await;
        let akta = service(
            &app,
            &admin,
            (s.trenggalek, s.diskominfo),
            layanan(
                "Akta Kelahiran",
                "kependudukan",
                "Kelahiran",
                "1 hari kerja",
            ),
            true,
        )
        .await;
        let nib = service(
            &app,
            &admin,
            (s.trenggalek, s.diskominfo),
            layanan(
                "Izin Usaha Mikro",
                "perizinan",
                "Bekerja dan berusaha",
                "3 hari kerja",
            ),
            true,
        )
        .await;
        // verified but not published, and a draft: neither is public
        service(
            &app,
            &admin,
            (s.trenggalek, s.diskominfo),
            layanan("Layanan Belum Terbit", "kesehatan", "Sakit", "2 hari"),
            false,
        )
        .await;
        let mut draft = layanan("Layanan Draf", "kesehatan", "Sakit", "2 hari");
        draft["opd"] = json!(s.diskominfo);
        item(&app, &admin, s.trenggalek, draft).await;
        // another instansi's published service stays on its own portal
        let mojo = service(
            &app,
            &other,
            (s.mojokerto, s.mojokerto_opd),
            layanan("Layanan Mojokerto", "kependudukan", "Kelahiran", "1 hari"),
            true,
        )
        .await;
        let tg = slug(&app, s.trenggalek).await;
        let base = format!("/portal/{tg}");

        let page = public(&app, &base).await;
        assert_eq!(page.status, StatusCode::OK, "{label}: {}", page.body);
        assert_eq!(
            names(&page),
            ["Akta Kelahiran", "Izin Usaha Mikro"],
            "{label}: by category (kependudukan before perizinan), published only"
        );
        for hidden in ["Layanan Belum Terbit", "Layanan Draf", "Layanan Mojokerto"] {
            assert!(!page.has(hidden), "{label}: {hidden}");
        }
        // the category's Indonesian name, the six components, channel, link, users, OPD, status
        for shown in [
            "Kependudukan dan pencatatan sipil",
            "Perizinan dan nonperizinan",
            "Persyaratan Akta Kelahiran",
            "Daftar daring lalu verifikasi",
            "1 hari kerja",
            "Tidak dipungut biaya",
            "Dokumen Akta Kelahiran",
            "SP4N-LAPOR!",
            "Loket dan aplikasi daring",
            "https://layanan.trenggalekkab.example/",
            "Masyarakat, Pelaku usaha",
            "Dinas Komunikasi dan Informatika",
            "Diterbitkan",
        ] {
            assert!(page.has(shown), "{label}: {shown}");
        }
        assert!(!page.has("<script"), "{label}: the portal needs no script");
        assert_eq!(
            page.headers
                .get(header::CACHE_CONTROL)
                .and_then(|v| v.to_str().ok()),
            Some("public, no-cache"),
            "{label}"
        );
        // by life event, a second view
        let page = public(&app, &format!("{base}?tampilan=peristiwa")).await;
        assert_eq!(
            names(&page),
            ["Izin Usaha Mikro", "Akta Kelahiran"],
            "{label}: life events alphabetically (Bekerja before Kelahiran)"
        );

        // search and filters, without script
        let page = public(&app, &format!("{base}?q=akta")).await;
        assert_eq!(names(&page), ["Akta Kelahiran"], "{label}");
        let page = public(&app, &format!("{base}?q=USAHA+mikro")).await;
        assert_eq!(names(&page), ["Izin Usaha Mikro"], "{label}: every word");
        let page = public(&app, &format!("{base}?q=perizinan")).await;
        assert_eq!(
            names(&page),
            ["Izin Usaha Mikro"],
            "{label}: the category's name is searched too"
        );
        let page = public(&app, &format!("{base}?kategori=kependudukan")).await;
        assert_eq!(names(&page), ["Akta Kelahiran"], "{label}");
        let page = public(&app, &format!("{base}?peristiwa=bekerja+dan+berusaha")).await;
        assert_eq!(names(&page), ["Izin Usaha Mikro"], "{label}");
        let page = public(&app, &format!("{base}?q=tidak-ada-sama-sekali")).await;
        assert_eq!(page.status, StatusCode::OK, "{label}");
        assert!(names(&page).is_empty(), "{label}");
        assert!(page.has("Tidak ada layanan yang cocok"), "{label}");
        let page = public(&app, &format!("{base}?kategori=%FF%FE&q=%00")).await;
        assert_eq!(
            page.status,
            StatusCode::OK,
            "{label}: odd input is no error"
        );

        // one service's page; another instansi's or an unpublished item is not found
        let page = public(&app, &format!("{base}/layanan/{akta}")).await;
        assert_eq!(page.status, StatusCode::OK, "{label}");
        assert!(
            page.has("Akta Kelahiran") && page.has("Dokumen Akta Kelahiran"),
            "{label}"
        );
        for path in [
            format!("{base}/layanan/{mojo}"),
            format!("{base}/layanan/999999"),
            format!("{base}/layanan/abc"),
            "/portal/tidak-ada-instansi".to_string(),
            "/portal/tidak-ada-instansi/layanan/1".to_string(),
        ] {
            let page = public(&app, &path).await;
            assert_eq!(page.status, StatusCode::NOT_FOUND, "{label}: {path}");
            assert!(page.has("<h1>"), "{label}: the 404 page");
        }

        // withdrawn: gone on the next request (the cache follows the change)
        set_published(&app, &admin, nib, false).await;
        let page = public(&app, &base).await;
        assert_eq!(names(&page), ["Akta Kelahiran"], "{label}: withdrawn");
        let page = public(&app, &format!("{base}/layanan/{nib}")).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{label}");
        // an edit makes it a draft again: off the portal too
        let (status, _) = app
            .json(
                "PATCH",
                &format!("/api/v1/architecture/items/{akta}"),
                Some(&admin),
                Some(json!({"channel": "Loket saja"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}");
        let page = public(&app, &base).await;
        assert!(names(&page).is_empty(), "{label}: {:?}", names(&page));
        assert!(page.has("belum menerbitkan layanan"), "{label}");

        // the other instansi sees only its own
        let page = public(&app, &format!("/portal/{}", slug(&app, s.mojokerto).await)).await;
        assert_eq!(names(&page), ["Layanan Mojokerto"], "{label}");
        app.finish().await;
    }
}

#[tokio::test]
async fn the_feed_is_public_and_lists_what_the_page_lists() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let admin = app.token("admin").await;
        let akta = service(
            &app,
            &admin,
            (s.trenggalek, s.diskominfo),
            layanan(
                "Akta Kelahiran",
                "kependudukan",
                "Kelahiran",
                "1 hari kerja",
            ),
            true,
        )
        .await;
        service(
            &app,
            &admin,
            (s.trenggalek, s.diskominfo),
            layanan("Belum Terbit", "kesehatan", "Sakit", "2 hari"),
            false,
        )
        .await;
        let tg = slug(&app, s.trenggalek).await;
        let (status, got) = feed(&app, &s.trenggalek.to_string()).await;
        assert_eq!(status, StatusCode::OK, "{label}: {got}");
        assert_eq!(
            got["instansi"],
            json!({"id": s.trenggalek, "name": "Kabupaten Trenggalek", "slug": tg, "portal": format!("/portal/{tg}")}),
            "{label}"
        );
        let services = got["services"].as_array().expect("services");
        assert_eq!(services.len(), 1, "{label}: published only: {got}");
        let one = &services[0];
        assert_eq!(one["id"], akta, "{label}");
        assert_eq!(one["name"], "Akta Kelahiran", "{label}");
        assert_eq!(one["description"], "Uraian Akta Kelahiran.", "{label}");
        assert_eq!(one["category"], "kependudukan", "{label}");
        assert_eq!(one["life_event"], "Kelahiran", "{label}");
        assert_eq!(one["channel"], "Loket dan aplikasi daring", "{label}");
        assert_eq!(
            one["link"], "https://layanan.trenggalekkab.example/",
            "{label}"
        );
        assert_eq!(
            one["users"],
            json!(["masyarakat", "pelaku_usaha"]),
            "{label}"
        );
        assert_eq!(one["method"], "elektronik", "{label}");
        assert_eq!(one["opd"]["id"], s.diskominfo, "{label}");
        assert!(
            one["opd"]["name"].as_str().is_some_and(|n| !n.is_empty()),
            "{label}"
        );
        assert_eq!(
            one["standar"],
            json!({"persyaratan": "Persyaratan Akta Kelahiran", "prosedur": "Daftar daring lalu verifikasi",
                   "waktu": "1 hari kerja", "biaya": "Tidak dipungut biaya",
                   "produk": "Dokumen Akta Kelahiran", "pengaduan": "SP4N-LAPOR!"}),
            "{label}"
        );
        assert!(
            one["updated"]
                .as_str()
                .is_some_and(|u| u.ends_with('Z') && u.len() >= 20),
            "{label}: {}",
            one["updated"]
        );
        assert_eq!(
            one["page"],
            format!("/portal/{tg}/layanan/{akta}"),
            "{label}"
        );
        // the slug answers the same
        assert_eq!(
            feed(&app, &tg).await,
            (StatusCode::OK, got.clone()),
            "{label}"
        );
        // the page lists exactly the feed's services
        let page = public(&app, &format!("/portal/{tg}")).await;
        let feed_names: Vec<String> = services
            .iter()
            .map(|s| s["name"].as_str().unwrap_or_default().to_string())
            .collect();
        assert_eq!(names(&page), feed_names, "{label}");
        // no cookie, and no session or cross-site header needed, even from another site
        let (status, headers, _) = app
            .send(
                Request::builder()
                    .uri(format!("/api/v1/public/instansi/{}/services", s.trenggalek))
                    .header("sec-fetch-site", "cross-site")
                    .header(header::ORIGIN, "https://portal-nasional.example")
                    .body(Body::empty())
                    .expect("request"),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}");
        assert!(headers.get(header::SET_COOKIE).is_none(), "{label}");
        // a signed-in visitor sees the same and gets no cookie either
        let cookie = login(&app, "operator").await;
        let signed_in = request(
            &app,
            Request::builder()
                .uri(format!("/portal/{tg}"))
                .header(header::COOKIE, &cookie)
                .body(Body::empty())
                .expect("request"),
        )
        .await;
        assert_eq!(names(&signed_in), feed_names, "{label}");
        assert!(signed_in.cookies().is_empty(), "{label}");
        // withdrawn: the feed follows at once
        set_published(&app, &admin, akta, false).await;
        let (_, got) = feed(&app, &s.trenggalek.to_string()).await;
        assert_eq!(got["services"], json!([]), "{label}");
        // unknown instansi
        for key in ["999999", "tidak-ada", "-1"] {
            let (status, body) = feed(&app, key).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{label}: {key}: {body}");
            assert_eq!(body["code"], "not_found", "{label}: {body}");
        }
        app.finish().await;
    }
}

#[tokio::test]
async fn a_demo_portal_says_data_demo_and_a_second_instance_follows_a_withdrawal() {
    for db in databases().await {
        let label = db.label;
        let mut app = TestApp::new(db).await;
        let s = app.seed.clone();
        let admin = app.token("admin").await;
        let id = service(
            &app,
            &admin,
            (s.trenggalek, s.diskominfo),
            layanan(
                "Akta Kelahiran",
                "kependudukan",
                "Kelahiran",
                "1 hari kerja",
            ),
            true,
        )
        .await;
        let base = format!("/portal/{}", slug(&app, s.trenggalek).await);
        let page = public(&app, &base).await;
        assert!(!page.has("Data demo"), "{label}");
        // a second server on the same database, its cache warm
        let mut second = app.another_instance().await;
        std::mem::swap(&mut app.router, &mut second);
        assert_eq!(
            names(&public(&app, &base).await),
            ["Akta Kelahiran"],
            "{label}"
        );
        std::mem::swap(&mut app.router, &mut second);
        set_published(&app, &admin, id, false).await;
        std::mem::swap(&mut app.router, &mut second);
        assert!(
            names(&public(&app, &base).await).is_empty(),
            "{label}: the second instance caught up"
        );
        std::mem::swap(&mut app.router, &mut second);

        let demo = app.state_with(padu_app::Settings {
            demo: true,
            ..padu_app::Settings::default()
        });
        app.router = padu_web::router(demo, &padu_web::WebConfig::default());
        let page = public(&app, &base).await;
        assert!(
            page.has("<strong class=\"demo-mark__label\">Data demo</strong>"),
            "{label}"
        );
        app.finish().await;
    }
}
