//! Periods, the live index of a period and in-app notifications, through the real router on
//! every backend; the dashboard's data loads in a fixed number of queries.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::http::StatusCode;
use padu_app::Caller;
use padu_app::evaluation::dashboard::{self, add_days, iso, today_in};
use padu_app::evaluation::{self as service, PeriodInput};
use padu_app::{App, AppError, Settings};
use padu_core::evaluation::Status;
use padu_core::{Assessment, Catalog, Exact, Instrument, Value, score};
use padu_store::Who;
use padu_store::evaluation::{EvidenceKind, NewEvidence};
use padu_store::testing::databases;

use crate::pages::{get, login, post};
use crate::support::TestApp;

const PEMDI: &str = "permenpanrb-8-2026";
const SPBE: &str = "permenpanrb-59-2020";

/// An application state on the same database and files as `app` (for calling the services
/// directly, as the handlers do).
pub(crate) fn state_of(app: &TestApp) -> App {
    app.state_with(Settings::default())
}

pub(crate) async fn caller(app: &TestApp, username: &str) -> Caller {
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

fn evidence(instansi: i64, expiry: Option<String>) -> NewEvidence {
    NewEvidence {
        instansi_id: instansi,
        kind: EvidenceKind::File,
        name: "sk-tim-pemdi.pdf".into(),
        sha256: Some("ab".repeat(32)),
        size: Some(2048),
        content_type: Some("application/pdf".into()),
        url: None,
        uploaded_by: None,
        effective_date: None,
        expiry_date: expiry,
    }
}

fn instrument(id: &str) -> Arc<Instrument> {
    Catalog::builtin()
        .expect("catalog")
        .instrument(id)
        .cloned()
        .expect("instrument")
}

/// The exact index of an instrument with the given values (every other indicator at the floor).
fn exact_index(inst: &Instrument, values: &[(u16, u32)]) -> Exact {
    let all = inst
        .indicators
        .iter()
        .map(|i| {
            values
                .iter()
                .find(|(n, _)| *n == i.number)
                .map_or(inst.values.min, |(_, h)| Value(*h))
        })
        .collect();
    let assessment = Assessment::new(inst, all).expect("valid values");
    score(inst, &assessment).index
}

/// `target - index`, exactly (for an index below the target).
fn below(target: Value, index: Exact) -> Exact {
    let den = index.denominator();
    Exact::new(
        u128::from(target.0) * den - index.numerator() * 100,
        den * 100,
    )
}

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
        assert_eq!(page.status, StatusCode::FORBIDDEN);
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
        assert_eq!(page.status, StatusCode::FORBIDDEN);
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

/// Seeds `opds` more OPDs in an instansi.
async fn more_opds(app: &TestApp, instansi: i64, opds: usize) {
    let kinds = [
        "bappeda",
        "bkpsdm",
        "dinkes",
        "disdik",
        "inspektorat",
        "bpbd",
    ];
    for i in 0..opds {
        app.db
            .store
            .create_opd(
                &Who::system("uji"),
                instansi,
                &format!("OPD Uji {i}"),
                kinds[i % kinds.len()],
            )
            .await
            .expect("opd");
    }
}

#[tokio::test]
async fn the_dashboard_loads_in_a_fixed_number_of_queries() {
    for mut db in databases().await {
        let count = db.count_queries();
        let app = TestApp::new(db).await;
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
        // actions: whatever the number of indicators, OPDs and periods
        assert!(
            small_queries <= 10 && (8..=10).contains(&large_queries),
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
            Err(AppError::Forbidden)
        ));

        // the whole page: the session, the header (instansi, unread count) and the same load,
        // then, the second time, nothing at all
        let small_cookie = login(&app, "admin.mojokerto").await;
        let large_cookie = login(&app, "admin").await;
        for (period, cookie) in [(small, &small_cookie), (large, &large_cookie)] {
            let page = get(&app, &format!("/periode/{period}"), Some(cookie)).await;
            assert_eq!(page.status, StatusCode::OK);
            let before = count.load(Ordering::SeqCst);
            let page = get(&app, &format!("/periode/{period}"), Some(cookie)).await;
            assert_eq!(page.status, StatusCode::OK);
            assert_eq!(measure(before), 0, "{}: the page again", app.db.label);
        }
        app.finish().await;
    }
}

#[tokio::test]
async fn a_change_by_another_process_shows_once_the_cache_lifetime_passed() {
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
        tokio::time::sleep(padu_store::changes::CACHE_TTL).await;
        let d = dashboard::load(&state, &admin, period).await.expect("load");
        assert_eq!(d.scores[2].valued, 1, "{}: read anew", app.db.label);
        app.finish().await;
    }
}
