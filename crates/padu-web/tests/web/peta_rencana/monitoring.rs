//! The IKU (index targets by year against the realised index, the basis said) in the API and
//! on the roadmap page, bad targets 422 with nothing changed; the monitoring of the semester
//! reports: due for the operator's OPD on their Beranda, late or off track for the koordinator
//! on theirs and in the API, and the reminder sent once per item and semester.

use axum::http::StatusCode;
use padu_app::evaluation::dashboard::today_in;
use padu_core::date::iso;
use padu_core::peta_rencana::monitoring::{last_due_semester, reporting_semester};
use padu_store::testing::databases;
use serde_json::json;
use time::{OffsetDateTime, Time};

use super::{fields_named, item, roadmap};
use crate::pages::{get, login};
use crate::support::TestApp;

#[tokio::test]
async fn iku_targets_stand_beside_the_realised_index() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let admin = app.token("admin").await;
        let pimpinan = app.token("pimpinan").await;
        let other = app.token("admin.mojokerto").await;
        let path = format!("/api/v1/instansi/{}/iku", s.trenggalek);
        let (status, empty) = app.json("GET", &path, Some(&pimpinan), None).await;
        assert_eq!(status, StatusCode::OK, "{label}");
        assert_eq!(
            empty,
            json!({"instansi": s.trenggalek, "years": []}),
            "{label}"
        );

        let (status, set) = app
            .json(
                "PUT",
                &path,
                Some(&admin),
                Some(json!({"targets": {"2025": "2,45", "2026": "2.60", "2027": "2.75"}})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {set}");
        assert_eq!(set["years"].as_array().map(Vec::len), Some(3), "{label}");
        assert_eq!(set["years"][1]["target"], json!(2.6), "{label}");
        assert_eq!(
            set["years"][1]["index"],
            json!(null),
            "{label}: no evaluation yet"
        );

        // bad targets change nothing
        for body in [
            json!({"targets": {"2026": "6"}}),
            json!({"targets": {"2026": "dua"}}),
            json!({"targets": {"dua ribu": "2.5"}}),
            json!({"targets": {"1990": "2.5"}}),
        ] {
            let (status, err) = app
                .json("PUT", &path, Some(&admin), Some(body.clone()))
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{label}: {body}");
            assert_eq!(fields_named(&err), ["targets"], "{label}: {err}");
        }
        let (status, _) = app
            .json("PUT", &path, Some(&pimpinan), Some(json!({"targets": {}})))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{label}");
        let (status, _) = app.json("GET", &path, Some(&other), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{label}");

        // an evaluation of 2026: its self-assessed index against the target
        let (status, p) = app
            .json(
                "POST",
                &format!("/api/v1/instansi/{}/periods", s.trenggalek),
                Some(&admin),
                Some(
                    json!({"year": 2026, "kind": "evaluasi", "instrument": "permenpanrb-59-2020"}),
                ),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{label}: {p}");
        let period = p["id"].as_i64().expect("period");
        let (_, score) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{period}/score?basis=self"),
                Some(&admin),
                None,
            )
            .await;
        let (_, iku) = app.json("GET", &path, Some(&pimpinan), None).await;
        let y2026 = &iku["years"][1];
        assert_eq!(y2026["year"], 2026, "{label}");
        assert_eq!(y2026["period"], json!(period), "{label}");
        assert_eq!(y2026["basis"], "self", "{label}");
        assert_eq!(
            y2026["index"], score["index"],
            "{label}: the period's own score"
        );
        let gap = y2026["gap"].as_f64().expect("gap");
        let index = y2026["index"].as_f64().expect("index");
        assert!(
            (gap - (2.6 - index).max(0.0)).abs() < 1e-9,
            "{label}: {y2026}"
        );

        // the roadmap page shows the span's years
        let r = roadmap(
            &app,
            &admin,
            s.trenggalek,
            json!({"title": "Peta Rencana SPBE 2025-2029", "start_year": 2025}),
        )
        .await;
        let cookie = login(&app, "pimpinan").await;
        let page = get(&app, &format!("/peta-rencana/{r}"), Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::OK, "{label}");
        assert!(
            page.has("Target IKU indeks SPBE") && page.has("2,60") && page.has("2,75"),
            "{label}"
        );
        assert!(
            !page.has("Ubah target IKU"),
            "{label}: read only for the pimpinan"
        );
        let admin_cookie = login(&app, "admin").await;
        let page = get(&app, &format!("/peta-rencana/{r}"), Some(&admin_cookie)).await;
        assert!(page.has("Ubah target IKU"), "{label}");
        let saved = crate::pages::post(
            &app,
            &format!("/instansi/{}/iku", s.trenggalek),
            Some(&admin_cookie),
            &[
                ("kembali", &r.to_string()),
                ("iku_2028", "2,90"),
                ("iku_2027", ""),
            ],
        )
        .await;
        assert_eq!(
            saved.status,
            StatusCode::SEE_OTHER,
            "{label}: {}",
            saved.body
        );
        let (_, iku) = app.json("GET", &path, Some(&pimpinan), None).await;
        let targets: Vec<_> = iku["years"]
            .as_array()
            .expect("years")
            .iter()
            .map(|y| (y["year"].clone(), y["target"].clone()))
            .collect();
        assert_eq!(
            targets,
            [
                (json!(2025), json!(2.45)),
                (json!(2026), json!(2.6)),
                (json!(2028), json!(2.9))
            ],
            "{label}: 2027 removed, 2028 added, the rest kept"
        );
        let bad = crate::pages::post(
            &app,
            &format!("/instansi/{}/iku", s.trenggalek),
            Some(&admin_cookie),
            &[("kembali", &r.to_string()), ("iku_2028", "sembilan")],
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert!(
            bad.has("Target tahun 2028") && bad.has("value=\"sembilan\""),
            "{label}"
        );
        app.finish().await;
    }
}

#[tokio::test]
async fn semester_reports_are_due_late_and_reminded_once() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let admin = app.token("admin").await;
        let operator = app.token("operator").await;
        let today = today_in("WIB");
        let year = today.year();
        let due = reporting_semester(today, 10);
        let missed = last_due_semester(today, 10);
        let r = roadmap(
            &app,
            &admin,
            s.trenggalek,
            json!({"title": "Peta Rencana SPBE", "start_year": year - 2, "end_year": year + 2, "report_days": 10}),
        )
        .await;
        let years = json!([year - 2, year - 1, year, year + 1]);
        let silent = item(&app, &admin, r, json!({"title": "Jaringan intra pemerintah", "opd": s.diskominfo, "years": years, "status": "berjalan"})).await["id"].as_i64().expect("id");
        let delayed = item(&app, &admin, r, json!({"title": "Satu Data perencanaan", "opd": s.bappeda, "years": years, "status": "tertunda"})).await["id"].as_i64().expect("id");
        let reported = item(&app, &admin, r, json!({"title": "Manajemen keamanan informasi", "opd": s.diskominfo, "years": years, "status": "berjalan"})).await["id"].as_i64().expect("id");
        let done = item(&app, &admin, r, json!({"title": "Portal layanan publik", "opd": s.diskominfo, "years": years, "status": "selesai"})).await["id"].as_i64().expect("id");
        // entered in 2020, long before the deadlines here
        app.db
            .execute("UPDATE roadmap_items SET created_at_ms = 1577836800000")
            .await;
        let fresh = item(&app, &admin, r, json!({"title": "Layanan aduan terpadu", "opd": s.diskominfo, "years": years, "status": "berjalan"})).await["id"].as_i64().expect("id");
        let (status, body) = app
            .json(
                "POST",
                &format!("/api/v1/roadmap-items/{reported}/realisation"),
                Some(&operator),
                Some(json!({"year": missed.year, "semester": missed.semester, "value": "60%"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");
        if missed != due {
            let (status, _) = app
                .json(
                    "POST",
                    &format!("/api/v1/roadmap-items/{done}/realisation"),
                    Some(&operator),
                    Some(
                        json!({"year": missed.year, "semester": missed.semester, "value": "100%"}),
                    ),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{label}");
        }

        let (status, m) = app
            .json(
                "GET",
                &format!("/api/v1/instansi/{}/roadmap-monitoring", s.trenggalek),
                Some(&app.token("pimpinan").await),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {m}");
        let late: Vec<(i64, String)> = m["late"]
            .as_array()
            .expect("late")
            .iter()
            .map(|l| {
                (
                    l["item"].as_i64().unwrap_or(0),
                    l["reason"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        assert_eq!(
            late,
            [
                (delayed, "tertunda".to_string()),
                (silent, "terlambat".to_string())
            ],
            "{label}: {m} (the item entered today is not late for a deadline before it)"
        );
        assert_eq!(
            m["late"][1]["deadline"],
            json!(iso(missed.deadline(10))),
            "{label}"
        );
        let due_items: Vec<i64> = m["due"]
            .as_array()
            .expect("due")
            .iter()
            .filter_map(|d| d["item"].as_i64())
            .collect();
        assert!(
            due_items.contains(&silent)
                && due_items.contains(&reported)
                && due_items.contains(&fresh)
                && !due_items.contains(&done),
            "{label}: {m}"
        );
        assert!(
            m["due"]
                .as_array()
                .expect("due")
                .iter()
                .all(|d| d["year"] == due.year && d["semester"] == due.semester),
            "{label}"
        );
        let (status, _) = app
            .json(
                "GET",
                &format!("/api/v1/instansi/{}/roadmap-monitoring", s.trenggalek),
                Some(&app.token("admin.mojokerto").await),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{label}");

        // the Beranda: the operator's reports due, the koordinator's late items
        let op = login(&app, "operator").await;
        let home = get(&app, "/", Some(&op)).await;
        assert!(home.has("Laporan realisasi Peta Rencana"), "{label}");
        assert!(
            home.has("#lapor\">"),
            "{label}: the task links to the report form"
        );
        assert!(
            home.has("Jaringan intra pemerintah") && home.has("Manajemen keamanan informasi"),
            "{label}"
        );
        assert!(
            !home.has("Satu Data perencanaan"),
            "{label}: another OPD's item"
        );
        let ko = login(&app, "koordinator").await;
        let home = get(&app, "/", Some(&ko)).await;
        assert!(
            home.has("Item Peta Rencana terlambat atau tertunda"),
            "{label}"
        );
        assert!(
            home.has("Satu Data perencanaan") && home.has("Jaringan intra pemerintah"),
            "{label}"
        );
        assert!(
            !home.has("Manajemen keamanan informasi"),
            "{label}: reported in time"
        );

        // the reminder: three days before the deadline, once per item and semester
        let deadline = due.deadline(10);
        let at = OffsetDateTime::new_utc(
            padu_core::date::add_days(deadline, -3),
            Time::from_hms(3, 0, 0).expect("time"),
        );
        let state = app.state_with(padu_app::Settings::default());
        let sent = padu_app::peta_rencana::monitoring::send_due_reminders(&state, at)
            .await
            .expect("send");
        let owing = due_items.len();
        assert_eq!(sent, owing, "{label}");
        let again = padu_app::peta_rencana::monitoring::send_due_reminders(&state, at)
            .await
            .expect("send");
        assert_eq!(again, 0, "{label}: once");
        let operator_id = app.user_id("operator").await;
        let inbox = app
            .db
            .store
            .notifications_of(operator_id, false, 50)
            .await
            .expect("inbox");
        let reminders: Vec<_> = inbox.iter().filter(|n| n.kind == "realisasi").collect();
        assert_eq!(
            reminders.len(),
            3,
            "{label}: the three Diskominfo items owing the semester"
        );
        assert!(
            reminders
                .iter()
                .any(|n| n.link == format!("/peta-rencana/item/{silent}")),
            "{label}"
        );
        // a week and a day before: nothing yet
        let early = OffsetDateTime::new_utc(
            padu_core::date::add_days(deadline, -8),
            Time::from_hms(3, 0, 0).expect("time"),
        );
        assert_eq!(
            padu_app::peta_rencana::monitoring::send_due_reminders(&state, early)
                .await
                .expect("send"),
            0,
            "{label}"
        );
        app.finish().await;
    }
}
