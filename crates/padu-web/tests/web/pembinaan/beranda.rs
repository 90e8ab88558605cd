//! Each role's Beranda on the scenario: the operator's own work (returned first, with the
//! note), the assessors' queues, the leadership's index against the target with the late OPDs
//! and the province's recommendations, the province's overview; and no page of any role says
//! a feature is still to come.

use std::collections::{BTreeSet, VecDeque};

use axum::http::StatusCode;
use padu_store::testing::databases;
use serde_json::json;

use super::scenario;
use crate::pages::{get, login};
use crate::support::TestApp;

#[tokio::test]
async fn every_role_lands_on_its_own_work() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let sc = scenario(&app).await;
        let p = sc.p2026;
        let prov = app.token("prov").await;
        let (status, _) = app
            .json(
                "POST",
                &format!("/api/v1/instansi/{}/recommendations", s.trenggalek),
                Some(&prov),
                Some(json!({"year": 2026, "text": "Percepat tinjauan indikator yang diajukan."})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{label}");

        // the operator: returned (with the assessor's note) before drafts, the stage deadline
        let page = get(&app, "/", Some(&login(&app, "operator").await)).await;
        assert_eq!(page.status, StatusCode::OK, "{label}");
        assert!(page.has("Pekerjaan OPD Anda · Evaluasi 2026"), "{label}");
        let returned = page
            .body
            .find("Dikembalikan untuk diperbaiki")
            .expect("returned");
        let drafts = page.body.find("Belum diajukan (").expect("drafts");
        assert!(returned < drafts, "{label}: returned first");
        assert!(page.has("Lengkapi notulen rapat tim"), "{label}: the note");
        assert!(
            page.has(&format!("href=\"/periode/{p}/indikator/2\"")),
            "{label}"
        );
        assert!(
            page.has("Penilaian dokumen Evaluasi 2026 berakhir"),
            "{label}: the stage"
        );
        assert!(page.has("(3 hari lagi)"), "{label}");
        assert!(
            page.has("1 indikator menunggu tinjauan dan 1 sudah diterima."),
            "{label}"
        );
        assert!(
            page.has("notulen-rapat-tim.pdf"),
            "{label}: evidence expiring in 20 days"
        );
        assert!(
            !page.has(&format!("href=\"/periode/{p}/indikator/3\"")),
            "{label}: Bappeda's"
        );

        // the internal assessor: what waits for review; the external one: for a final value
        let page = get(&app, "/", Some(&login(&app, "asesor").await)).await;
        assert!(
            page.has("Menunggu tinjauan Anda · Evaluasi 2026"),
            "{label}"
        );
        assert!(
            page.has(&format!("href=\"/periode/{p}/indikator/4\"")),
            "{label}"
        );
        assert!(
            page.has("Dinas Komunikasi dan Informatika (1)"),
            "{label}: by OPD"
        );
        assert!(page.has("diajukan hari ini"), "{label}: how long it waited");
        let page = get(&app, "/", Some(&login(&app, "eksternal").await)).await;
        assert!(page.has("Menunggu nilai final · Evaluasi 2026"), "{label}");
        assert!(
            page.has(&format!("href=\"/periode/{p}/indikator/1\"")),
            "{label}"
        );
        assert!(
            !page.has(&format!("href=\"/periode/{p}/indikator/4\"")),
            "{label}"
        );

        // the leadership: the index on three bases against the target, late OPDs named
        for who in ["admin", "koordinator", "pimpinan"] {
            let page = get(&app, "/", Some(&login(&app, who).await)).await;
            assert_eq!(page.status, StatusCode::OK, "{label}: {who}");
            assert!(
                page.has("Indeks periode ini · Evaluasi 2026"),
                "{label}: {who}"
            );
            assert_eq!(
                page.body.matches("class=\"score-card\"").count(),
                3,
                "{label}: {who}"
            );
            assert!(page.has("dari target 2,60"), "{label}: {who}");
            assert!(
                page.has("OPD yang terlambat") && page.has("<strong>Bappeda</strong>"),
                "{label}: {who}"
            );
            assert!(
                page.has("Percepat tinjauan indikator yang diajukan."),
                "{label}: {who}"
            );
            assert!(
                page.has(&format!("href=\"/periode/{p}\"")),
                "{label}: {who}: the dashboard"
            );
        }
        // the province and the superadmin: the overview
        let page = get(&app, "/", Some(&login(&app, "prov").await)).await;
        assert!(
            page.has("Ikhtisar Provinsi Jawa Timur 2026")
                && page.has("Selamat datang, Pengguna prov · Admin Provinsi"),
            "{label}"
        );
        let page = get(&app, "/", Some(&login(&app, "super").await)).await;
        assert!(
            page.has("Ikhtisar Nasional 2026") && page.has("Provinsi Jawa Tengah"),
            "{label}"
        );
        app.finish().await;
    }
}

/// Words that would say a feature is not there yet.
const PLACEHOLDERS: [&str; 8] = [
    "hadir bersama",
    "akan hadir",
    "segera hadir",
    "belum tersedia",
    "dalam pengembangan",
    "coming soon",
    "arrives with",
    "not yet available",
];

/// Every page a user reaches by links from the Beranda (downloads, sign-out and forms left
/// out), at most `limit`.
pub(crate) async fn walk(
    app: &TestApp,
    cookie: &str,
    limit: usize,
) -> Vec<(String, StatusCode, String)> {
    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from(["/".to_string()]);
    let mut out = Vec::new();
    while let Some(path) = queue.pop_front() {
        if out.len() >= limit || !seen.insert(path.clone()) {
            continue;
        }
        let page = get(app, &path, Some(cookie)).await;
        for link in page.body.split("href=\"").skip(1) {
            let Some(href) = link.split('"').next() else {
                continue;
            };
            let href = href.replace("&amp;", "&");
            let skip = !href.starts_with('/')
                || href.starts_with("/static/")
                || href.starts_with("/bahasa/")
                || href.starts_with("/keluar")
                || href.contains(".pdf")
                || href.contains(".xlsx")
                || href.contains("/berkas")
                || href.contains('#');
            if !skip && !seen.contains(&href) {
                queue.push_back(href);
            }
        }
        out.push((path, page.status, page.body));
    }
    out
}

#[tokio::test]
async fn no_page_of_any_role_says_a_feature_is_coming() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        scenario(&app).await;
        for who in [
            "super",
            "prov",
            "admin",
            "koordinator",
            "operator",
            "asesor",
            "pimpinan",
            "eksternal",
        ] {
            let cookie = login(&app, who).await;
            let pages = walk(&app, &cookie, 80).await;
            assert!(
                pages.len() > 5,
                "{label}: {who} reached {} pages",
                pages.len()
            );
            for (path, status, body) in &pages {
                assert!(status.as_u16() < 500, "{label}: {who} {path}: {status}");
                let lower = body.to_lowercase();
                for phrase in PLACEHOLDERS {
                    assert!(
                        !lower.contains(phrase),
                        "{label}: {who} {path} says {phrase:?}"
                    );
                }
            }
        }
        app.finish().await;
    }
}

/// On a deadline day every save in the instansi makes its period dashboards stale: the
/// worklists of operators and assessors read only what they show, in as many queries with
/// three more open periods as before.
#[tokio::test]
async fn a_worklist_costs_the_same_queries_however_many_periods_are_open() {
    use std::sync::atomic::Ordering;
    for mut db in databases().await {
        let count = db.count_queries();
        let label = db.label;
        let app = TestApp::one_instance(db).await;
        let s = app.seed.clone();
        scenario(&app).await;
        let admin = app.token("admin").await;
        let mut cookies = Vec::new();
        for who in ["operator", "asesor", "eksternal"] {
            cookies.push((who, login(&app, who).await));
        }
        let measure = || async {
            let mut costs = Vec::new();
            for (who, cookie) in &cookies {
                // the first read fills the session and notification caches
                get(&app, "/", Some(cookie)).await;
                let before = count.load(Ordering::SeqCst);
                let page = get(&app, "/", Some(cookie)).await;
                assert_eq!(page.status, StatusCode::OK, "{label}: {who}");
                costs.push((*who, count.load(Ordering::SeqCst) - before));
            }
            costs
        };
        let one = measure().await;
        let shown = |body: &str| body.matches("Pekerjaan OPD Anda · ").count();
        let before = shown(&get(&app, "/", Some(&cookies[0].1)).await.body);
        assert!(before >= 1, "{label}");
        for (year, kind) in [
            (2026, "internal-s1"),
            (2026, "internal-s2"),
            (2026, "pemantauan"),
        ] {
            let (status, body) = app
                .json(
                    "POST",
                    &format!("/api/v1/instansi/{}/periods", s.trenggalek),
                    Some(&admin),
                    Some(json!({"year": year, "kind": kind, "instrument": "permenpanrb-8-2026"})),
                )
                .await;
            assert_eq!(status, StatusCode::CREATED, "{label}: {body}");
            let id = body["id"].as_i64().expect("id");
            let (status, _) = app
                .json(
                    "POST",
                    &format!("/api/v1/periods/{id}/assignment/default"),
                    Some(&admin),
                    None,
                )
                .await;
            assert!(status.is_success(), "{label}");
        }
        let four = measure().await;
        assert_eq!(
            one, four,
            "{label}: queries per Beranda, before and after three more periods"
        );
        // ten at most, and the operator's one more: the roadmaps in force whose semester
        // reports their OPD owes (their items are a second read only when there is a roadmap)
        for (who, queries) in &four {
            let budget = if *who == "operator" { 11 } else { 10 };
            assert!(*queries <= budget, "{label}: {who}: {queries} queries");
        }
        // and the operator sees each open period
        let page = get(&app, "/", Some(&cookies[0].1)).await;
        assert_eq!(shown(&page.body), before + 3, "{label}");
        app.finish().await;
    }
}
