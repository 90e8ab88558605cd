//! The dashboard's data: the trend, a fixed number of queries, the read cache.

use super::*;

#[tokio::test]
async fn the_trend_follows_final_values_across_instruments() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let state = state_of(&app);
        let admin = caller(&app, "admin").await;
        let open = |year: i32, kind: &str, instrument: &str, carry: Option<i64>| PeriodInput {
            year,
            kind: kind.into(),
            instrument: instrument.into(),
            carry_from: carry,
            target: Some("2,6".into()),
            ..PeriodInput::default()
        };
        let old = service::create_period(
            &state,
            &admin,
            s.trenggalek,
            &open(2024, "evaluasi", SPBE, None),
        )
        .await
        .expect("2024");
        service::apply_default_assignment(&state, &admin, old)
            .await
            .expect("assign");
        for n in 1..=47 {
            service::set_final(&state, &admin, old, n, Some("2"), None)
                .await
                .expect("final");
        }
        let now = service::create_period(
            &state,
            &admin,
            s.trenggalek,
            &open(2026, "evaluasi", PEMDI, Some(old)),
        )
        .await
        .expect("2026");
        // nothing accepted yet in 2026: the trend has 2024 alone
        let d = dashboard::load(&state, &admin, now).await.expect("load");
        assert_eq!(d.trend.len(), 1);
        assert_eq!(d.trend[0].year, 2024);
        assert!(d.trend[0].all_final);
        assert_eq!(d.trend[0].index, Exact::new(2, 1));
        assert!(
            !d.to_review.is_empty(),
            "carried forward across instruments"
        );

        let koordinator = login(&app, "koordinator").await;
        let page = get(&app, &format!("/periode/{now}"), Some(&koordinator)).await;
        assert!(page.has("Lanjutan yang perlu ditinjau"));
        assert!(page.has(&format!("href=\"/periode/{now}/indikator/1\"")));
        assert!(page.has("<th scope=\"row\">Evaluasi 2024</th><td>PermenPAN-RB 59/2020</td><td>2,00</td><td>Nilai final</td>"));

        service::set_final(&state, &admin, now, 20, Some("3"), None)
            .await
            .expect("final 2026");
        let d = dashboard::load(&state, &admin, now).await.expect("load");
        assert_eq!(d.trend.len(), 2);
        assert!(d.trend[1].current && !d.trend[1].all_final);
        let inst = instrument(PEMDI);
        assert_eq!(d.trend[1].index, exact_index(&inst, &[(20, 300)]));
        let page = get(&app, &format!("/periode/{now}"), Some(&koordinator)).await;
        assert!(page.has("Evaluasi 2026 (periode ini)"));
        assert!(page.has("Final bila ada, selain itu diterima"));
        app.finish().await;
    }
}

#[tokio::test]
async fn the_dashboard_loads_in_a_fixed_number_of_queries() {
    for mut db in databases().await {
        let count = db.count_queries();
        let app = TestApp::one_instance(db).await;
        let s = app.seed.clone();
        let state = state_of(&app);

        // small: Kota Mojokerto, one OPD, one period of 20 indicators
        let small_admin = caller(&app, "admin.mojokerto").await;
        let small = service::create_period(
            &state,
            &small_admin,
            s.mojokerto,
            &PeriodInput {
                year: 2026,
                kind: "evaluasi".into(),
                instrument: PEMDI.into(),
                ..PeriodInput::default()
            },
        )
        .await
        .expect("small period");

        // large: Trenggalek with 30 more OPDs, five periods of 47 indicators with final values
        // and expiring evidence, then the current one carried forward
        more_opds(&app, s.trenggalek, 30).await;
        let admin = caller(&app, "admin").await;
        let mut last = None;
        for (year, kind) in [
            (2021, "evaluasi"),
            (2022, "evaluasi"),
            (2023, "evaluasi"),
            (2024, "evaluasi"),
            (2025, "pemantauan"),
        ] {
            let p = service::create_period(
                &state,
                &admin,
                s.trenggalek,
                &PeriodInput {
                    year,
                    kind: kind.into(),
                    instrument: SPBE.into(),
                    carry_from: last,
                    target: Some("2,6".into()),
                    ..PeriodInput::default()
                },
            )
            .await
            .expect("period");
            service::apply_default_assignment(&state, &admin, p)
                .await
                .expect("assign");
            for n in [1, 5, 20, 47] {
                service::set_final(&state, &admin, p, n, Some("3"), None)
                    .await
                    .expect("final");
            }
            app.db
                .store
                .add_evidence(
                    &Who::system("uji"),
                    p,
                    1,
                    &[Status::Draft, Status::Returned],
                    evidence(s.trenggalek, Some(iso(add_days(today_in("WIB"), 5)))),
                    2,
                )
                .await
                .expect("evidence");
            last = Some(p);
        }
        let large = service::create_period(
            &state,
            &admin,
            s.trenggalek,
            &PeriodInput {
                year: 2026,
                kind: "evaluasi".into(),
                instrument: SPBE.into(),
                carry_from: last,
                ..PeriodInput::default()
            },
        )
        .await
        .expect("large period");
        // every OPD leads some of the 47 indicators
        let opds: Vec<i64> = app
            .db
            .store
            .opds_of(s.trenggalek)
            .await
            .expect("opds")
            .into_iter()
            .map(|o| o.id)
            .collect();
        let spread: Vec<(u16, Option<i64>, Vec<i64>)> = (1..=47u16)
            .map(|n| (n, Some(opds[usize::from(n) % opds.len()]), vec![]))
            .collect();
        app.db
            .store
            .set_assignments(&Who::system("uji"), large, &spread)
            .await
            .expect("assign");

        let measure = |before: usize| count.load(Ordering::SeqCst) - before;
        let before = count.load(Ordering::SeqCst);
        let d = dashboard::load(&state, &small_admin, small)
            .await
            .expect("small");
        let small_queries = measure(before);
        assert_eq!(d.indicators.len(), 20);
        assert!(d.trend.is_empty());

        let before = count.load(Ordering::SeqCst);
        let d = dashboard::load(&state, &admin, large).await.expect("large");
        let large_queries = measure(before);
        assert_eq!(d.indicators.len(), 47);
        assert_eq!(d.trend.len(), 5, "five earlier periods with final values");
        assert_eq!(d.progress.len(), 32, "every OPD leads some indicator");
        assert!(d.expiring.len() >= 5);

        // period, instansi (unless cached), periods, indicators (3), OPDs, evidence, values,
        // actions, recommendations: whatever the number of indicators, OPDs and periods
        assert!(
            small_queries <= 11 && (9..=11).contains(&large_queries),
            "{}: {small_queries} and {large_queries} queries",
            app.db.label
        );

        // read again with nothing changed: from the cache
        let before = count.load(Ordering::SeqCst);
        let again = dashboard::load(&state, &admin, large).await.expect("again");
        assert_eq!(measure(before), 0, "{}: cached", app.db.label);
        assert!(Arc::ptr_eq(&d, &again));
        // a change in another instansi leaves it cached ...
        service::set_final(&state, &small_admin, small, 1, Some("4"), None)
            .await
            .expect("final elsewhere");
        let before = count.load(Ordering::SeqCst);
        dashboard::load(&state, &admin, large).await.expect("again");
        assert_eq!(measure(before), 0, "{}: still cached", app.db.label);
        // ... one in its own instansi is read anew, and shows
        service::set_final(&state, &admin, large, 2, Some("5"), None)
            .await
            .expect("final here");
        let before = count.load(Ordering::SeqCst);
        let fresh = dashboard::load(&state, &admin, large).await.expect("fresh");
        assert!(measure(before) >= 8, "{}: read anew", app.db.label);
        let two = fresh.indicators.iter().find(|pi| pi.number == 2);
        assert_eq!(two.and_then(|pi| pi.final_value), Some(Value(500)));
        // a caller who may not see the instansi is refused, cached or not
        assert!(matches!(
            dashboard::load(&state, &small_admin, large).await,
            Err(AppError::NotFound(_))
        ));

        // the whole page: the session, the header (instansi, unread count) and the same load,
        // then, the second time, one statement: the catch-up's look at the change log's head
        let small_cookie = login(&app, "admin.mojokerto").await;
        let large_cookie = login(&app, "admin").await;
        for (period, cookie) in [(small, &small_cookie), (large, &large_cookie)] {
            let page = get(&app, &format!("/periode/{period}"), Some(cookie)).await;
            assert_eq!(page.status, StatusCode::OK);
            let before = count.load(Ordering::SeqCst);
            let page = get(&app, &format!("/periode/{period}"), Some(cookie)).await;
            assert_eq!(page.status, StatusCode::OK);
            assert_eq!(
                measure(before),
                1,
                "{}: the page again: only the catch-up with the change log",
                app.db.label
            );
        }
        app.finish().await;
    }
}

#[tokio::test]
async fn a_change_by_another_process_shows_at_the_next_catch_up() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let state = state_of(&app);
        let admin = caller(&app, "admin").await;
        let period = service::create_period(
            &state,
            &admin,
            s.trenggalek,
            &PeriodInput {
                year: 2026,
                kind: "evaluasi".into(),
                instrument: PEMDI.into(),
                ..PeriodInput::default()
            },
        )
        .await
        .expect("period");
        let d = dashboard::load(&state, &admin, period).await.expect("load");
        assert_eq!(d.scores[2].valued, 0, "no final value yet");
        // the command line or a second server writes: this process hears nothing of it
        let other = app.db.another_process().await;
        other
            .set_final(&Who::system("impor"), period, 3, Some(Value(400)), None)
            .await
            .expect("final value from elsewhere");
        other.close().await;
        let d = dashboard::load(&state, &admin, period).await.expect("load");
        assert_eq!(
            d.scores[2].valued, 0,
            "{}: cached until a request catches up",
            app.db.label
        );
        state.catch_up().await;
        let d = dashboard::load(&state, &admin, period).await.expect("load");
        assert_eq!(d.scores[2].valued, 1, "{}: read anew", app.db.label);
        app.finish().await;
    }
}
