//! The target planner pages through the real router on every backend: a plan that reaches its
//! target (checked by re-scoring its levels with `padu_core`), the exact what-if index, accepting
//! a plan as action items, and who may.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use padu_app::Caller;
use padu_app::planner;
use padu_app::{App, Settings};
use padu_core::access::Action;
use padu_core::{Assessment, Catalog, Exact, Instrument, Value, score};
use padu_store::testing::databases;
use serde_json::json;

use crate::pages::{Page, get, login, post, request};
use crate::support::TestApp;

const SPBE: &str = "permenpanrb-59-2020";

fn state_of(app: &TestApp) -> App {
    let catalog = Arc::new(Catalog::builtin().expect("catalog"));
    let files = padu_files::FileStore::new(&padu_files::FilesConfig::Local {
        dir: app.files_dir.path().to_path_buf(),
    })
    .expect("file store");
    App::new(app.db.store.clone(), files, catalog, Settings::default())
}

async fn caller(app: &TestApp, username: &str) -> Caller {
    let user = app
        .db
        .store
        .users_in(None)
        .await
        .expect("users")
        .into_iter()
        .find(|u| u.username == username)
        .expect("seeded user");
    Caller {
        user,
        session_digest: None,
    }
}

fn instrument() -> Arc<Instrument> {
    Catalog::builtin()
        .expect("catalog")
        .instrument(SPBE)
        .cloned()
        .expect("instrument")
}

/// An index as the pages show it: 2 decimals from the exact value, Indonesian style.
fn shown(i: &Instrument, x: Exact) -> String {
    x.round(2, i.display.rounding).format(',')
}

/// Opens a 2026 period under 59/2020 for Kabupaten Trenggalek (through the API).
async fn open_period(app: &TestApp) -> i64 {
    let admin = app.token("admin").await;
    let (status, body) = app
        .json(
            "POST",
            &format!("/api/v1/instansi/{}/periods", app.seed.trenggalek),
            Some(&admin),
            Some(json!({"year": 2026, "kind": "evaluasi", "instrument": SPBE})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_i64().expect("period id")
}

async fn post_htmx(app: &TestApp, path: &str, cookie: &str, body: &str) -> Page {
    let req = Request::builder()
        .method("POST")
        .uri(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .header("hx-request", "true")
        .header(header::COOKIE, cookie)
        .body(Body::from(body.to_string()))
        .expect("request");
    request(app, req).await
}

fn no_inline_style_or_script(page: &Page) {
    assert!(!page.has("style="), "no inline style");
    assert!(!page.has("<style"), "no style element");
    for (at, _) in page.body.match_indices("<script") {
        let tag = &page.body[at..page.body[at..]
            .find('>')
            .map_or(page.body.len(), |e| at + e)];
        assert!(tag.contains("src="), "no inline script: {tag}");
    }
    assert!(
        !page.has(" onclick=") && !page.has(" onchange="),
        "no inline handlers"
    );
}

const PLAN_FORM: [(&str, &str); 4] = [
    ("target", "2,1"),
    ("semester", "2"),
    ("per_semester", "1"),
    ("tautan", "1"),
];

#[tokio::test]
async fn the_plan_page_computes_a_plan_that_reaches_the_target() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let p = open_period(&app).await;
        let admin = login(&app, "admin").await;
        let i = instrument();

        let page = get(&app, &format!("/periode/{p}/rencana"), Some(&admin)).await;
        assert_eq!(
            page.status,
            StatusCode::OK,
            "{}: {}",
            app.db.label,
            page.body
        );
        no_inline_style_or_script(&page);
        assert!(page.has("<h1>Rencana pencapaian target</h1>"));
        assert!(page.has(&format!("action=\"/periode/{p}/rencana\"")));
        assert!(page.has("name=\"kecuali\" type=\"checkbox\" value=\"47\""));
        assert!(page.has(&format!(
            "hx-post=\"/periode/{p}/rencana/bagaimana-jika\" hx-trigger=\"change\""
        )));
        assert!(page.has("Indeks saat ini: <strong>1,00</strong>"));

        // errors come back beside the fields, with what was typed
        let page = post(
            &app,
            &format!("/periode/{p}/rencana"),
            Some(&admin),
            &[
                ("target", "sempurna"),
                ("semester", "0"),
                ("per_semester", "1"),
                ("upaya", "1,2,x"),
            ],
        )
        .await;
        assert_eq!(
            page.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            page.body
        );
        assert!(page.has("<a href=\"#target\">"));
        assert!(page.has("<a href=\"#semester\">"));
        assert!(page.has("<a href=\"#upaya\">"));
        assert!(page.has("value=\"sempurna\""));
        assert!(page.has(">1,2,x</textarea>"));

        // a plan: what the page shows is what the core's score of the planned levels says
        let page = post(
            &app,
            &format!("/periode/{p}/rencana"),
            Some(&admin),
            &PLAN_FORM,
        )
        .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        no_inline_style_or_script(&page);
        assert!(page.has("Target tercapai: 2,10"), "feasible");
        let state = state_of(&app);
        let who = caller(&app, "admin").await;
        let setup = planner::setup(&state, &who, p, Action::ManagePeriod)
            .await
            .expect("setup");
        let input = planner::PlannerInput {
            target: "2,1".into(),
            semesters: "2".into(),
            per_period: "1".into(),
            links: true,
            ..Default::default()
        };
        let result = planner::compute(&setup, &input).expect("plan");
        assert!(result.feasible && result.proven_optimal);
        let rescored = score(
            &i,
            &Assessment::new(&i, result.values.clone()).expect("values"),
        )
        .index;
        assert!(
            rescored.at_least(Value(210)),
            "the planned levels reach 2.10"
        );
        assert!(page.has(&format!(
            "<strong data-tercapai>{}</strong>",
            shown(&i, rescored)
        )));
        assert!(
            page.has(&format!("{} hari orang", result.total_effort)) || result.total_effort >= 1000
        );
        assert!(page.has("Semester 1") && page.has("Ya, terbukti upaya paling kecil"));
        assert!(page.has("Terima rencana"));
        // every step climbs one level, no more than one per indicator per semester
        for s in &result.steps {
            assert_eq!(s.from.whole().map(|l| l + 1), Some(s.to));
        }

        // an unreachable target says so, with the highest reachable index
        let page = post(
            &app,
            &format!("/periode/{p}/rencana"),
            Some(&admin),
            &[("target", "4,5"), ("semester", "1"), ("per_semester", "1")],
        )
        .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.has("Target tidak dapat dicapai dengan batasan ini."));
        assert!(page.has("Indeks tertinggi yang dapat dicapai: <strong>2,00"));
        app.finish().await;
    }
}

#[tokio::test]
async fn the_what_if_endpoint_returns_the_exact_index() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let p = open_period(&app).await;
        let pimpinan = login(&app, "pimpinan").await;
        let i = instrument();
        let mut values = vec![Value(100); i.indicators.len()];
        values[0] = Value(300);
        values[1] = Value(200);
        values[46] = Value(500);
        let expected = score(&i, &Assessment::new(&i, values).expect("values")).index;

        let path = format!("/periode/{p}/rencana/bagaimana-jika");
        let page = post_htmx(&app, &path, &pimpinan, "nilai_1=3&nilai_2=2&nilai_47=5").await;
        assert_eq!(
            page.status,
            StatusCode::OK,
            "{}: {}",
            app.db.label,
            page.body
        );
        assert!(
            page.body
                .trim_start()
                .starts_with("<div class=\"plan-result\""),
            "only the box"
        );
        assert!(page.has(&format!(
            "<strong class=\"plan-result__number\" data-indeks>{}</strong>",
            shown(&i, expected)
        )));
        assert!(page.has(i.predikat_of(expected)));
        no_inline_style_or_script(&page);

        // without JavaScript: the whole page, the result and the chosen levels kept
        let page = post(
            &app,
            &path,
            Some(&pimpinan),
            &[("nilai_1", "3"), ("nilai_2", "2"), ("nilai_47", "5")],
        )
        .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.has("<h1>Rencana pencapaian target</h1>"));
        assert!(page.has(&format!("data-indeks>{}</strong>", shown(&i, expected))));
        assert!(page.has("<option value=\"3\" selected>3</option>"));
        // the head sees no planner form
        assert!(!page.has(&format!("action=\"/periode/{p}/rencana\"")));

        let page = post_htmx(&app, &path, &pimpinan, "nilai_1=9").await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        app.finish().await;
    }
}

#[tokio::test]
async fn accepting_a_plan_creates_action_items_and_needs_manage_period() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let p = open_period(&app).await;
        let accept = format!("/periode/{p}/rencana/terima");

        for who in ["pimpinan", "asesor", "operator"] {
            let cookie = login(&app, who).await;
            let page = post(&app, &accept, Some(&cookie), &PLAN_FORM).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{who}: {}", page.body);
            let page = post(
                &app,
                &format!("/periode/{p}/rencana"),
                Some(&cookie),
                &PLAN_FORM,
            )
            .await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{who} computes no plan");
        }
        let other = login(&app, "admin.mojokerto").await;
        let page = get(&app, &format!("/periode/{p}/rencana"), Some(&other)).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        assert!(
            app.db
                .store
                .action_items(p)
                .await
                .expect("items")
                .is_empty(),
            "nothing written"
        );

        let admin = login(&app, "admin").await;
        let page = post(&app, &accept, Some(&admin), &PLAN_FORM).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        assert_eq!(
            page.location(),
            format!("/periode/{p}?pesan=rencana-diterima")
        );
        let items = app.db.store.action_items(p).await.expect("items");
        let state = state_of(&app);
        let who = caller(&app, "admin").await;
        let setup = planner::setup(&state, &who, p, Action::ManagePeriod)
            .await
            .expect("setup");
        let input = planner::PlannerInput {
            target: "2,1".into(),
            semesters: "2".into(),
            per_period: "1".into(),
            links: true,
            ..Default::default()
        };
        let result = planner::compute(&setup, &input).expect("plan");
        assert_eq!(items.len(), result.steps.len(), "{}", app.db.label);
        assert!(items.iter().all(|a| !a.evidence_needed.is_empty()));
        assert!(
            items
                .iter()
                .all(|a| a.target_period >= 1 && a.target_period <= 2)
        );

        // the dashboard: the banner, plan against actual and the timeline chart
        let page = get(
            &app,
            &format!("/periode/{p}?pesan=rencana-diterima"),
            Some(&admin),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        no_inline_style_or_script(&page);
        assert!(page.has("Rencana diterima."), "the banner");
        assert!(page.has("<h2 id=\"judul-rencana-aksi\">Rencana aksi</h2>"));
        let first = &items[0];
        let inst = instrument();
        let name = &inst.indicator(first.number).expect("indicator").name;
        assert!(
            page.has(&format!("{}. {}", first.number, name))
                || page.has(&format!("{}. ", first.number))
        );
        assert!(page.has(">Direncanakan</strong>"));
        assert!(
            page.has("<svg class=\"chart__svg\"")
                && page.has("<title id=\"grafik-rencana-judul\">")
        );
        assert!(page.has("<desc id=\"grafik-rencana-ket\">"));
        assert!(page.has("<caption>Lini waktu rencana per semester</caption>"));
        assert!(page.has("<th scope=\"row\">Semester 1</th>"));
        // a pimpinan sees it too (read-only)
        let pimpinan = login(&app, "pimpinan").await;
        let page = get(&app, &format!("/periode/{p}"), Some(&pimpinan)).await;
        assert!(page.has("Rencana aksi") && page.has(">Direncanakan</strong>"));

        // accepting again replaces the planned items instead of adding to them
        let page = post(&app, &accept, Some(&admin), &PLAN_FORM).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
        assert_eq!(
            app.db.store.action_items(p).await.expect("items").len(),
            items.len()
        );
        app.finish().await;
    }
}
