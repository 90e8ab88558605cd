//! Deadline reminders: a week before a stage ends and again the day before, once each, to the
//! people the stage concerns, in the app and (with an SMTP server) by e-mail.

use axum::http::StatusCode;
use padu_app::evaluation::reminders::{KIND, send_due_reminders};
use padu_app::kit::mail::Mailer;
use padu_app::{App, Settings};
use padu_store::Who;
use padu_store::testing::databases;
use serde_json::json;
use time::{Date, Duration, OffsetDateTime, Time, UtcOffset};

use crate::mail::{PUBLIC_URL, messages_with, plain_smtp, run_tag, smtp_server, wait_for_message};
use crate::support::TestApp;

fn state_of(app: &TestApp, mailer: Option<Mailer>) -> App {
    let state = app.state_with(Settings {
        public_url: PUBLIC_URL.into(),
        ..Settings::default()
    });
    match mailer {
        Some(m) => state.with_mailer(m),
        None => state,
    }
}

/// 09.00 WIB on `date`.
fn morning(date: Date) -> OffsetDateTime {
    date.with_time(Time::from_hms(9, 0, 0).expect("time"))
        .assume_offset(UtcOffset::from_hms(7, 0, 0).expect("WIB"))
}

/// A period whose self-assessment ends on `end` and document stage a month later, with
/// indicator 1 led by Diskominfo (a draft); Bappeda leads nothing, so its people have no work
/// open.
async fn period_ending(app: &TestApp, admin: &str, end: Date) -> i64 {
    let (status, created) = app
        .json(
            "POST",
            &format!("/api/v1/instansi/{}/periods", app.seed.trenggalek),
            Some(admin),
            Some(
                json!({"year": 2026, "kind": "evaluasi", "instrument": "permenpanrb-8-2026",
                        "stages": {"mandiri_selesai": end.to_string(),
                                   "dokumen_selesai": (end + Duration::days(30)).to_string()}}),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let p = created["id"].as_i64().expect("id");
    let (status, body) = app
        .json(
            "PUT",
            &format!("/api/v1/periods/{p}/indicators/1/assignment"),
            Some(admin),
            Some(json!({"lead_opd": app.seed.diskominfo})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    p
}

/// The reminder notifications of a user.
async fn reminders_of(app: &TestApp, user: i64) -> Vec<String> {
    app.db
        .store
        .notifications_of(user, false, 100)
        .await
        .expect("notifications")
        .into_iter()
        .filter(|n| n.kind == KIND)
        .map(|n| format!("{} -> {}", n.message, n.link))
        .collect()
}

#[tokio::test]
async fn stages_are_reminded_a_week_and_a_day_ahead_once_each() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let state = state_of(&app, None);
        let admin = app.token("admin").await;
        let end = Date::from_calendar_date(2026, time::Month::December, 10).expect("date");
        let p = period_ending(&app, &admin, end).await;
        let (operator, asesor, admin_id, koordinator, pimpinan) = (
            app.user_id("operator").await,
            app.user_id("asesor").await,
            app.user_id("admin").await,
            app.user_id("koordinator").await,
            app.user_id("pimpinan").await,
        );

        // Eight days ahead: nothing yet.
        let sent = send_due_reminders(&state, morning(end - Duration::days(8)))
            .await
            .expect("job");
        assert_eq!(sent, 0, "{label}");

        // Five days ahead: the week's reminder, once however often the job runs.
        for _ in 0..3 {
            send_due_reminders(&state, morning(end - Duration::days(5)))
                .await
                .expect("job");
        }
        let mine = reminders_of(&app, operator).await;
        assert_eq!(mine.len(), 1, "{label}: {mine:?}");
        assert!(
            mine[0].contains(
                "Penilaian mandiri Evaluasi 2026 berakhir 10 Desember 2026 (5 hari lagi)"
            ) && mine[0].contains("Mohon lengkapi dan ajukan indikator")
                && mine[0].ends_with(&format!("-> /periode/{p}/tugas")),
            "{label}: {mine:?}"
        );
        assert_eq!(reminders_of(&app, admin_id).await.len(), 1, "{label}");
        assert_eq!(reminders_of(&app, koordinator).await.len(), 1, "{label}");
        // The assessor is not concerned by the self-assessment, nor the head (read-only).
        assert!(reminders_of(&app, asesor).await.is_empty(), "{label}");
        assert!(reminders_of(&app, pimpinan).await.is_empty(), "{label}");

        // The day before: the second reminder; then nothing more for this stage.
        let sent = send_due_reminders(&state, morning(end - Duration::days(1)))
            .await
            .expect("job");
        assert_eq!(sent, 1, "{label}");
        send_due_reminders(&state, morning(end)).await.expect("job");
        let mine = reminders_of(&app, operator).await;
        assert_eq!(mine.len(), 2, "{label}: {mine:?}");
        assert!(
            mine.iter().any(|m| m.contains("(1 hari lagi)")),
            "{label}: {mine:?}"
        );

        // The document stage a month later concerns the assessors, not the operators.
        send_due_reminders(&state, morning(end + Duration::days(25)))
            .await
            .expect("job");
        let theirs = reminders_of(&app, asesor).await;
        assert_eq!(theirs.len(), 1, "{label}: {theirs:?}");
        assert!(
            theirs[0].contains("Penilaian dokumen")
                && theirs[0].ends_with(&format!("-> /periode/{p}")),
            "{label}: {theirs:?}"
        );
        assert_eq!(reminders_of(&app, operator).await.len(), 2, "{label}");

        // A closed period reminds nobody.
        app.db
            .store
            .close_period(&Who::system("uji"), p)
            .await
            .expect("close");
        let sent = send_due_reminders(&state, morning(end + Duration::days(29)))
            .await
            .expect("job");
        assert_eq!(sent, 0, "{label}");
        app.finish().await;
    }
}

#[tokio::test]
async fn reminders_are_e_mailed_to_those_with_an_address() {
    let Some((server, dir)) = smtp_server() else {
        return;
    };
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let state = state_of(
            &app,
            Some(Mailer::new(&plain_smtp(&server)).expect("mailer")),
        );
        let admin = app.token("admin").await;
        let tag = run_tag(label);
        let address = format!("operator.{tag}@diskominfo.trenggalekkab.example");
        let operator = app.user_id("operator").await;
        app.db
            .store
            .set_email(&Who::system("uji"), operator, Some(address.clone()))
            .await
            .expect("email");
        let end = Date::from_calendar_date(2026, time::Month::December, 10).expect("date");
        let p = period_ending(&app, &admin, end).await;
        send_due_reminders(&state, morning(end - Duration::days(3)))
            .await
            .expect("job");
        let mail = wait_for_message(
            &dir,
            &[
                &format!("To: {address}"),
                "Subject: [Padu] Penilaian mandiri Evaluasi 2026 berakhir 10 Desember 2026",
            ],
        )
        .await;
        assert!(
            mail.contains(&format!("{PUBLIC_URL}/periode/{p}/tugas")),
            "{label}: {mail}"
        );
        send_due_reminders(&state, morning(end - Duration::days(2)))
            .await
            .expect("job");
        // Give a (wrong) second send the time to arrive before counting.
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        assert_eq!(messages_with(&dir, &address), 1, "{label}");
        app.finish().await;
    }
}
