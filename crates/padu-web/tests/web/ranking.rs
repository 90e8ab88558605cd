//! Province and national rankings over generated (scale) data on every backend: ordered by the
//! exact index, ties sharing a rank, final or provisional values, who may see which, and a
//! fixed number of queries whatever the number of instansi.

use std::sync::atomic::Ordering;

use axum::http::StatusCode;
use padu_app::AppError;
use padu_app::ranking::{self, Ranking};
use padu_core::access::InstansiKind;
use padu_store::testing::databases;
use padu_store::{ScaleSpec, ScaleYear};

use crate::dashboard::{caller, state_of};
use crate::pages::{get, login};
use crate::support::TestApp;

pub(crate) fn spec(instansi: u32, provinces: u32) -> ScaleSpec {
    ScaleSpec {
        instansi,
        provinces,
        opd_per_instansi: 3,
        years: vec![
            ScaleYear {
                year: 2024,
                instrument: "permenpanrb-59-2020".into(),
                indicators: 47,
                min: 100,
                max: 500,
                whole: true,
            },
            ScaleYear {
                year: 2026,
                instrument: "permenpanrb-8-2026".into(),
                indicators: 20,
                min: 100,
                max: 500,
                whole: false,
            },
        ],
        evidence_per_indicator: 1,
    }
}

fn assert_ordered(r: &Ranking, label: &str) {
    for pair in r.rows.windows(2) {
        assert!(pair[0].index >= pair[1].index, "{label}: descending");
        if pair[0].index == pair[1].index {
            assert_eq!(pair[0].rank, pair[1].rank, "{label}: ties share a rank");
        } else {
            assert!(pair[1].rank > pair[0].rank, "{label}");
        }
    }
    assert_eq!(r.rows.first().map(|x| x.rank), Some(1), "{label}");
}

#[tokio::test]
async fn rankings_follow_the_exact_index_and_who_may_see_them() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let report = app
            .db
            .store
            .generate_scale(&spec(9, 2))
            .await
            .expect("scale");
        assert_eq!(
            (report.instansi, report.periods),
            (10, 18),
            "{label}: 1 nasional + 9"
        );
        assert_eq!(report.period_indicators, 9 * (47 + 20), "{label}");
        assert_eq!(report.links, report.period_indicators, "{label}");
        let state = state_of(&app);
        let superadmin = caller(&app, "super").await;

        let newest = ranking::national(&state, &superadmin, None)
            .await
            .expect("national");
        assert_eq!(
            newest.year,
            Some(2026),
            "{label}: the newest year by default"
        );
        assert_eq!(newest.years, vec![2026, 2024], "{label}");
        assert_eq!(newest.rows.len(), 9, "{label}");
        assert!(
            newest
                .rows
                .iter()
                .all(|r| r.instrument.id == "permenpanrb-8-2026" && !r.all_final),
            "{label}: the open 2026 evaluations are provisional"
        );
        assert_ordered(&newest, label);
        // the seeded instansi have no evaluation: listed apart, never ranked
        assert!(
            newest
                .missing
                .iter()
                .any(|i| i.name == "Kabupaten Trenggalek"),
            "{label}"
        );
        let older = ranking::national(&state, &superadmin, Some(2024))
            .await
            .expect("2024");
        assert_eq!(older.rows.len(), 9, "{label}");
        assert!(
            older.rows.iter().all(|r| r.all_final),
            "{label}: closed with final values"
        );
        assert_ordered(&older, label);

        // a province: itself and its kabupaten/kota only
        let province = newest
            .rows
            .iter()
            .map(|r| &r.instansi)
            .find(|i| i.kind == InstansiKind::Provinsi)
            .expect("a generated province")
            .clone();
        let own = ranking::province(&state, &superadmin, province.id, None)
            .await
            .expect("province");
        assert!(
            own.rows
                .iter()
                .all(|r| r.instansi.id == province.id || r.instansi.parent_id == Some(province.id)),
            "{label}"
        );
        assert!(
            !own.rows.is_empty() && own.rows.len() < 9,
            "{label}: {}",
            own.rows.len()
        );

        // the Jawa Timur administrator sees Jawa Timur's ranking, not the country's nor another
        // province's
        let prov = caller(&app, "prov").await;
        assert!(matches!(
            ranking::national(&state, &prov, None).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            ranking::province(&state, &prov, province.id, None).await,
            Err(AppError::NotFound(_))
        ));
        let jatim = ranking::province(&state, &prov, app.seed.jatim, None)
            .await
            .expect("jatim");
        assert!(jatim.rows.is_empty() && jatim.year.is_none(), "{label}");

        // the pages
        let cookie = login(&app, "super").await;
        let page = get(&app, "/peringkat?tahun=2024", Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::OK, "{label}");
        assert!(
            page.has("Peringkat nasional")
                && page.has(&older.rows[0].instansi.name)
                && page.has("<option value=\"2024\" selected>"),
            "{label}: {}",
            page.body
        );
        let home = get(&app, "/", Some(&cookie)).await;
        assert!(
            home.has("href=\"/peringkat?tahun="),
            "{label}: from the overview"
        );
        let cookie = login(&app, "prov").await;
        let page = get(&app, "/peringkat", Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{label}");
        let page = get(
            &app,
            &format!("/instansi/{}/peringkat", app.seed.jatim),
            Some(&cookie),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK, "{label}");
        assert!(page.has("Belum ada evaluasi tahunan"), "{label}");
        app.finish().await;
    }
}

#[tokio::test]
async fn the_national_ranking_loads_in_a_fixed_number_of_queries() {
    for mut db in databases().await {
        let label = db.label;
        let count = db.count_queries();
        let app = TestApp::new(db).await;
        let state = state_of(&app);
        let superadmin = caller(&app, "super").await;
        app.db
            .store
            .generate_scale(&spec(4, 1))
            .await
            .expect("scale");
        count.store(0, Ordering::SeqCst);
        let small = ranking::national(&state, &superadmin, None)
            .await
            .expect("small");
        let small_queries = count.load(Ordering::SeqCst);
        app.db
            .store
            .generate_scale(&spec(40, 4))
            .await
            .expect("scale");
        count.store(0, Ordering::SeqCst);
        let large = ranking::national(&state, &superadmin, None)
            .await
            .expect("large");
        let large_queries = count.load(Ordering::SeqCst);
        assert_eq!((small.rows.len(), large.rows.len()), (4, 44), "{label}");
        assert_eq!(
            small_queries, large_queries,
            "{label}: the same number of queries"
        );
        assert!(large_queries <= 4, "{label}: {large_queries} queries");
        app.finish().await;
    }
}
