//! The period form and the dashboard page.

use super::*;

#[tokio::test]
async fn the_period_form_opens_a_period_and_shows_its_errors() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let admin = login(&app, "admin").await;
        let list = format!("/instansi/{}/periode", s.trenggalek);

        let page = get(&app, &list, Some(&admin)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", app.db.label);
        assert!(page.has("Belum ada periode evaluasi di instansi ini."));
        assert!(page.has(&format!("href=\"{list}\"")), "Periode in the menu");
        assert!(page.has("aria-current=\"page\">Periode<"));
        assert!(page.has("<label class=\"label\" for=\"year\">Tahun</label>"));
        assert!(page.has("<option value=\"internal-s1\">Evaluasi Internal Semester I</option>"));
        // the instrument in force comes first and is chosen
        let first = page
            .body
            .find("<option value=\"permenpanrb-")
            .expect("instruments");
        assert!(page.body[first..].starts_with(&format!("<option value=\"{PEMDI}\" selected>")));
        for name in [
            "mandiri_mulai",
            "mandiri_selesai",
            "dokumen_mulai",
            "dokumen_selesai",
            "interviu_mulai",
            "interviu_selesai",
            "visitasi_mulai",
            "visitasi_selesai",
        ] {
            assert!(
                page.has(&format!("name=\"{name}\" type=\"date\"")),
                "{name}"
            );
        }

        // errors: the summary, the message beside each field, what was typed kept
        let page = post(
            &app,
            &list,
            Some(&admin),
            &[
                ("year", "dua ribu"),
                ("kind", "evaluasi"),
                ("instrument", PEMDI),
                ("carry_from", ""),
                ("target", "7,5"),
                ("mandiri_mulai", "2026-09-01"),
                ("mandiri_selesai", "2026-08-01"),
            ],
        )
        .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.has("class=\"error-summary\""));
        assert!(page.has("<a href=\"#year\">Tahun harus antara 2018 dan 2100</a>"));
        assert!(page.has("<a href=\"#target\">Target indeks harus antara 1,00 dan 5,00</a>"));
        assert!(page.has("<a href=\"#mandiri_selesai\">"));
        assert!(page.has("id=\"target\" name=\"target\" type=\"text\" value=\"7,5\""));
        assert!(page.has("value=\"dua ribu\""));
        assert!(page.has("value=\"2026-09-01\""));

        // a period that opens: to its dashboard, with the banner
        let page = post(
            &app,
            &list,
            Some(&admin),
            &[
                ("year", "2026"),
                ("kind", "evaluasi"),
                ("instrument", PEMDI),
                ("carry_from", ""),
                ("target", "2,6"),
                ("mandiri_mulai", "2026-08-01"),
                ("mandiri_selesai", "2026-09-30"),
            ],
        )
        .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        let location = page.location().to_string();
        assert!(
            location.starts_with("/periode/") && location.ends_with("?pesan=periode-dibuka"),
            "{location}"
        );
        let page = get(&app, &location, Some(&admin)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.has("Periode berhasil dibuka."));
        assert!(page.has("<h1>Dasbor Evaluasi 2026</h1>"));
        let period_id = location
            .trim_start_matches("/periode/")
            .split('?')
            .next()
            .expect("id")
            .to_string();

        let page = get(&app, &list, Some(&admin)).await;
        assert!(page.has(&format!(
            "<a href=\"/periode/{period_id}\">Evaluasi 2026</a>"
        )));
        assert!(page.has("PermenPAN-RB 8/2026"));
        assert!(page.has(">2,60<"), "the target, Indonesian style");
        assert!(page.has(&format!("<option value=\"{period_id}\">Evaluasi 2026")));

        // the same year and kind again: the conflict beside the year
        let page = post(
            &app,
            &list,
            Some(&admin),
            &[
                ("year", "2026"),
                ("kind", "evaluasi"),
                ("instrument", PEMDI),
            ],
        )
        .await;
        assert_eq!(page.status, StatusCode::CONFLICT, "{}", page.body);
        assert!(page.has("<a href=\"#year\">"));

        // pimpinan reads the list without the form; an operator may not open a period
        let pimpinan = login(&app, "pimpinan").await;
        let page = get(&app, &list, Some(&pimpinan)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.has("Evaluasi 2026"));
        assert!(!page.has("Buka periode"));
        assert!(!page.has(&format!("action=\"{list}\"")));
        let operator = login(&app, "operator").await;
        let page = post(
            &app,
            &list,
            Some(&operator),
            &[
                ("year", "2027"),
                ("kind", "evaluasi"),
                ("instrument", PEMDI),
            ],
        )
        .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        let other = login(&app, "admin.mojokerto").await;
        let page = get(&app, &list, Some(&other)).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        app.finish().await;
    }
}

#[tokio::test]
async fn the_dashboard_shows_the_three_indices_progress_and_notifications() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let state = state_of(&app);
        let admin = caller(&app, "admin").await;
        let operator = caller(&app, "operator").await;
        let asesor = caller(&app, "asesor").await;
        let eksternal = caller(&app, "eksternal").await;
        let today = today_in("WIB");
        let mut input = PeriodInput {
            year: 2026,
            kind: "evaluasi".into(),
            instrument: PEMDI.into(),
            target: Some("2,60".into()),
            ..PeriodInput::default()
        };
        input.stages.mandiri.start = Some(iso(add_days(today, -30)));
        input.stages.mandiri.end = Some(iso(add_days(today, -1)));
        input.stages.dokumen.end = Some(iso(add_days(today, 3)));
        let p = service::create_period(&state, &admin, s.trenggalek, &input)
            .await
            .expect("period");
        service::apply_default_assignment(&state, &admin, p)
            .await
            .expect("default assignment");
        // Bappeda leads indicator 3: only the operator of Diskominfo must not see it below
        service::assign(&state, &admin, p, 3, Some(s.bappeda), &[])
            .await
            .expect("assign");

        // claim 2.5 on indicator 1, submit, return, resubmit, accept 2.26, final 2
        let work = service::WorkInput {
            self_level: Some(Some("2.5".into())),
            fakta: Some("SK Tim Pemerintah Digital 2026".into()),
            analisis: Some("Tim ada, belum dievaluasi".into()),
        };
        service::update_work(&state, &operator, p, 1, &work)
            .await
            .expect("claim");
        let expiry = iso(add_days(today, 10));
        app.db
            .store
            .add_evidence(
                &Who::system("uji"),
                p,
                1,
                &[Status::Draft],
                evidence(s.trenggalek, Some(expiry.clone())),
                2,
            )
            .await
            .expect("evidence");
        service::submit(&state, &operator, p, 1)
            .await
            .expect("submit");
        service::return_indicator(&state, &asesor, p, 1, "Lampirkan notulen evaluasi")
            .await
            .expect("return");

        // the operator sees the returned indicator as a notification, with a badge
        let op = login(&app, "operator").await;
        let page = get(&app, "/", Some(&op)).await;
        assert!(page.has("href=\"/notifikasi\""));
        assert!(page.has(
            "<span class=\"badge\">1<span class=\"visually-hidden\"> belum dibaca</span></span>"
        ));
        let page = get(&app, "/notifikasi", Some(&op)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", app.db.label);
        assert!(page.has("Indikator 1 dikembalikan: Lampirkan notulen evaluasi"));
        assert!(page.has(&format!("href=\"/periode/{p}/indikator/1\"")));
        assert!(page.has(">Baru<") && page.has(">Dikembalikan<"));
        assert!(
            page.has("Evaluasi 2026 ·"),
            "the period of the notification"
        );
        assert!(page.has("1 notifikasi belum dibaca."));
        // the stage ending in three days, computed for the operator's instansi
        assert!(page.has("Tenggat dalam 7 hari ke depan"));
        assert!(page.has("Penilaian dokumen Evaluasi 2026 berakhir"));
        assert!(page.has("(3 hari lagi)"));
        let page = post(&app, "/notifikasi/dibaca", Some(&op), &[]).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
        assert_eq!(page.location(), "/notifikasi?pesan=notifikasi-dibaca");
        let page = get(&app, page.location(), Some(&op)).await;
        assert!(page.has("Semua notifikasi ditandai sudah dibaca."));
        assert!(!page.has("class=\"badge\""), "the badge is gone");
        assert!(!page.has(">Baru<"));
        assert!(
            page.has("Indikator 1 dikembalikan"),
            "still listed, as read"
        );

        service::submit(&state, &operator, p, 1)
            .await
            .expect("resubmit");
        service::accept(&state, &asesor, p, 1, "2,26", Some("Sesuai"))
            .await
            .expect("accept");
        service::set_final(&state, &eksternal, p, 1, Some("2"), None)
            .await
            .expect("final");

        let inst = instrument(PEMDI);
        let target = Value(260);
        let expected = [
            exact_index(&inst, &[(1, 250)]),
            exact_index(&inst, &[(1, 226)]),
            exact_index(&inst, &[(1, 200)]),
        ];
        assert_eq!(expected[0], Exact::new(1075, 1000), "(2.5*5 + 95*1)/100");

        // the cached dashboard holds the values, not the narratives
        let d = dashboard::load(&state, &admin, p).await.expect("load");
        let one = d.indicators.iter().find(|pi| pi.number == 1).expect("1");
        assert_eq!(one.self_value, Some(Value(250)));
        assert!(one.fakta.is_empty() && one.analisis.is_empty());

        let koordinator = login(&app, "koordinator").await;
        let path = format!("/periode/{p}");
        let page = get(&app, &path, Some(&koordinator)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        for (index, card) in expected.iter().zip([
            "Klaim penilaian mandiri",
            "Diterima asesor internal",
            "Nilai final",
        ]) {
            let shown = inst.display(*index, ',');
            let gap = inst.display(below(target, *index), ',');
            let at = page.body.find(card).unwrap_or_else(|| panic!("{card}"));
            let rest = &page.body[at..];
            assert!(
                rest.contains(&format!(
                    "<span class=\"score-card__number\">{shown}</span>"
                )),
                "{card}: {shown}"
            );
            assert!(
                rest.contains(&format!("Kurang {gap} dari target 2,60")),
                "{card}: kurang {gap}"
            );
            assert!(rest.contains("<strong class=\"tag tag--blue\">Kurang</strong>"));
        }
        assert_eq!(inst.display(expected[0], ','), "1,08", "1.075 to even");
        assert!(page.has("1 dari 20 indikator sudah bernilai"));
        // aspects in a table with three columns, and as charts
        assert!(page.has("Tata Kelola dan Manajemen"));
        assert!(page.has("<th scope=\"col\" class=\"num\">Klaim</th>"));
        assert!(page.has("<svg class=\"chart__svg\""));
        assert!(page.has("<title id=\"grafik-aspek-judul\">Indeks per aspek</title>"));
        assert!(page.has("<title id=\"grafik-aspek-1-judul\">"));
        assert!(page.has("<title id=\"grafik-tren-judul\">Tren indeks</title>"));
        assert!(page.has("<desc id=\"grafik-tren-ket\">"));
        assert!(page.has("<caption>Tren indeks</caption>"), "the data table");
        // progress per OPD, overdue after the self-assessment ended yesterday
        assert!(page.has("Kemajuan per OPD"));
        assert!(page.has("Dinas Komunikasi dan Informatika"));
        assert!(page.has("terlambat</strong>"));
        assert!(page.has("class=\"tag tag--red\""));
        assert!(page.has("Bappeda"), "the coordinator sees every OPD");
        // the deadline, the expiring evidence
        assert!(page.has("Tenggat mendekat"));
        assert!(page.has("(3 hari lagi)"));
        assert!(page.has("sk-tim-pemdi.pdf"));
        assert!(page.has(">10 hari lagi<"));
        assert!(page.has("Tidak ada indikator lanjutan yang menunggu ditinjau."));

        // read-only for pimpinan: no form but signing out
        let pimpinan = login(&app, "pimpinan").await;
        let page = get(&app, &path, Some(&pimpinan)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(page.body.matches("<form").count(), 1, "only the sign-out");
        assert!(page.has("action=\"/keluar\""));
        // an operator may look, and sees only their own OPD's progress
        let page = get(&app, &path, Some(&op)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.has("Dinas Komunikasi dan Informatika"));
        assert!(!page.has("<th scope=\"row\">Bappeda</th>"));
        // another instansi may not
        let other = login(&app, "admin.mojokerto").await;
        let page = get(&app, &path, Some(&other)).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        let page = get(&app, "/periode/999999", Some(&koordinator)).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);

        // English: the same figures with a decimal point
        let cookie = format!("{koordinator}; padu_bahasa=en");
        let page = get(&app, &path, Some(&cookie)).await;
        assert!(page.has("Dashboard Evaluation 2026"));
        assert!(page.has(&format!(
            "<span class=\"score-card__number\">{}</span>",
            inst.display(expected[0], '.')
        )));
        assert!(page.has("below the target of 2.60"));

        // the accepted notification reached the operator; the badge counts it
        let page = get(&app, "/notifikasi", Some(&op)).await;
        assert!(page.has("Indikator 1 diterima dengan nilai 2,26."));
        assert!(page.has("<span class=\"badge\">1<"));
        app.finish().await;
    }
}
