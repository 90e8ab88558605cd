//! Several instances on one database: what one writes, the other's next request sees (after
//! its catch-up with the change log); the throttle's counters and the reminders are shared;
//! SQLite refuses a second server.

use padu_core::Value;
use padu_core::access::Role;
use padu_core::evaluation::PeriodKind;
use padu_store::evaluation::{NewPeriod, Reminder, Stages};
use padu_store::notifications::NewNotification;
use padu_store::testing::databases;
use padu_store::{NewPendingImport, NewUser, PendingSignIn, Who, now_ms};

use crate::org::tree;

fn pimpinan(instansi: i64) -> NewUser {
    NewUser {
        username: "kepala.dinas".into(),
        display_name: "Kepala Dinas".into(),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        role: Role::Pimpinan,
        instansi_id: Some(instansi),
        opd_id: None,
        email: None,
    }
}

fn new_period(instansi_id: i64) -> NewPeriod {
    NewPeriod {
        instansi_id,
        year: 2026,
        kind: PeriodKind::Evaluasi,
        instrument: "permenpanrb-59-2020".into(),
        target: Some(Value(260)),
        stages: Stages::default(),
        indicators: (1..=47).collect(),
        max_level: 5,
        carry: None,
    }
}

#[tokio::test]
async fn a_write_on_one_instance_is_seen_by_the_next_request_on_the_other() {
    for db in databases().await {
        let a = &db.store;
        let b = db.another_process().await;
        let (_, _, kab) = tree(a).await;
        let who = Who::system("uji");
        let id = a.create_user(&who, pimpinan(kab)).await.expect("user");
        let user = a.user(id).await.expect("ok").expect("found");
        let now = now_ms();
        a.create_session(&user, "digest-b", now + 600_000)
            .await
            .expect("session");
        b.catch_up().await.expect("catch up");
        assert!(
            b.session_user("digest-b", now).await.expect("ok").is_some(),
            "{}: B reads and caches the session",
            db.label
        );
        assert_eq!(b.unread_notifications(id).await.expect("unread"), 0);

        // a password change on A ends every session
        a.set_password(&who, id, "$argon2id$baru")
            .await
            .expect("password");
        b.catch_up().await.expect("catch up");
        assert!(
            b.session_user("digest-b", now).await.expect("ok").is_none(),
            "{}: the session ended on A is refused on B at the next request",
            db.label
        );

        // a reminder run on both at once: recorded (and so mailed) once; B's cached count
        // follows A's notification at once
        let period = a
            .create_period(&who, new_period(kab))
            .await
            .expect("period");
        let reminder = Reminder {
            period_id: period,
            stage: "mandiri".into(),
            end_date: "2026-12-31".into(),
            days_before: 7,
        };
        let note = [NewNotification {
            user_id: id,
            kind: "pengingat".into(),
            message: "Tenggat penilaian mandiri tinggal 7 hari".into(),
            link: "/".into(),
        }];
        let (on_a, on_b) = tokio::join!(
            a.record_reminder(&reminder, &note),
            b.record_reminder(&reminder, &note)
        );
        let sent = [on_a.expect("A"), on_b.expect("B")];
        assert_eq!(
            sent.iter().filter(|s| **s).count(),
            1,
            "{}: one reminder across both instances: {sent:?}",
            db.label
        );
        b.catch_up().await.expect("catch up");
        assert_eq!(b.unread_notifications(id).await.expect("unread"), 1);
        a.mark_notifications_read(id).await.expect("read");
        assert_eq!(
            b.unread_notifications(id).await.expect("unread"),
            1,
            "{}: B's cached count until its next request",
            db.label
        );
        b.catch_up().await.expect("catch up");
        assert_eq!(
            b.unread_notifications(id).await.expect("unread"),
            0,
            "{}: read on A, read on B at the next request",
            db.label
        );
        b.close().await;
        db.finish().await;
    }
}

#[tokio::test]
async fn the_throttle_counts_failures_from_every_instance() {
    for db in databases().await {
        let a = &db.store;
        let b = db.another_process().await;
        let keys = ["p:budi|10.0.0.1".to_string()];
        let now = now_ms();
        for i in 0..5 {
            let store = if i % 2 == 0 { a } else { &b };
            store
                .count_login_failure(&keys, now + i, now - 900_000)
                .await
                .expect("counted");
        }
        let seen = b.login_failures(&keys, now - 900_000).await.expect("read");
        assert_eq!(seen[&keys[0]].0, 5, "{}: 3 on A and 2 on B", db.label);
        assert_eq!(
            seen[&keys[0]].1, now,
            "{}: counted since the first",
            db.label
        );
        // a count older than the window starts again
        a.count_login_failure(&keys, now + 1_000_000, now + 1)
            .await
            .expect("counted");
        let seen = a.login_failures(&keys, now).await.expect("read");
        assert_eq!(seen[&keys[0]], (1, now + 1_000_000), "{}", db.label);
        b.clear_login_failures(&keys).await.expect("cleared");
        assert!(a.login_failures(&keys, 0).await.expect("read").is_empty());
        b.close().await;
        db.finish().await;
    }
}

#[tokio::test]
async fn an_upload_kept_by_one_instance_waits_for_its_user_on_every_instance() {
    for db in databases().await {
        let a = &db.store;
        let b = db.another_process().await;
        let now = now_ms();
        let keep = |digest: &'static str, at: i64| {
            let new = NewPendingImport {
                token_digest: digest,
                user_id: 7,
                period_id: 3,
                kind: "worksheet",
                bytes: b"PK\x03\x04 lembar kerja",
            };
            (new, at)
        };
        let (new, at) = keep("d1", now);
        a.keep_pending_import(new, at, now - 1_800_000, 2)
            .await
            .expect("kept");
        let found = b
            .pending_import("d1", 7, 3, "worksheet", now - 1_800_000)
            .await
            .expect("read");
        assert_eq!(
            found.as_deref(),
            Some(&b"PK\x03\x04 lembar kerja"[..]),
            "{}",
            db.label
        );
        // bound to its user, period and kind
        for (user, period, kind) in [(8, 3, "worksheet"), (7, 4, "worksheet"), (7, 3, "official")] {
            let other = b
                .pending_import("d1", user, period, kind, now - 1_800_000)
                .await
                .expect("read");
            assert_eq!(other, None, "{}: {user} {period} {kind}", db.label);
        }
        // expired: no longer found
        let later = b
            .pending_import("d1", 7, 3, "worksheet", now)
            .await
            .expect("read");
        assert_eq!(later, None, "{}", db.label);
        // at most two per user: the third drops the oldest
        for (digest, at) in [("d2", now + 1), ("d3", now + 2)] {
            let (new, at) = keep(digest, at);
            b.keep_pending_import(new, at, now - 1_800_000, 2)
                .await
                .expect("kept");
        }
        let horizon = now - 1_800_000;
        assert_eq!(
            a.pending_import("d1", 7, 3, "worksheet", horizon)
                .await
                .expect("read"),
            None,
            "{}",
            db.label
        );
        assert!(
            a.pending_import("d3", 7, 3, "worksheet", horizon)
                .await
                .expect("read")
                .is_some()
        );
        a.forget_pending_import("d3").await.expect("forgotten");
        assert_eq!(
            b.pending_import("d3", 7, 3, "worksheet", horizon)
                .await
                .expect("read"),
            None,
            "{}",
            db.label
        );
        b.close().await;
        db.finish().await;
    }
}

#[tokio::test]
async fn a_sign_in_started_on_one_instance_is_finished_once_on_any() {
    for db in databases().await {
        let a = &db.store;
        let b = db.another_process().await;
        let now = now_ms();
        let horizon = now - 600_000;
        let pending = |state: &str| PendingSignIn {
            state_digest: state.into(),
            browser_digest: "peramban".into(),
            nonce: format!("nonce-{state}"),
            verifier: format!("verifier-{state}"),
            lanjut: Some("/instansi/3/arsitektur".into()),
        };
        a.keep_pending_sign_in(&pending("s1"), now, horizon, 2)
            .await
            .expect("kept");
        // the callback reaches the other instance, which takes it, once
        let taken = b.take_pending_sign_in("s1", horizon).await.expect("taken");
        assert_eq!(taken, Some(pending("s1")), "{}", db.label);
        for store in [a, &b] {
            let replay = store
                .take_pending_sign_in("s1", horizon)
                .await
                .expect("read");
            assert_eq!(replay, None, "{}: a replayed state", db.label);
        }
        // expired: refused, and gone
        a.keep_pending_sign_in(&pending("s2"), now - 700_000, horizon - 200_000, 2)
            .await
            .expect("kept");
        assert_eq!(
            b.take_pending_sign_in("s2", horizon).await.expect("read"),
            None
        );
        // at most two waiting: a third drops the oldest
        for (state, at) in [("s3", now), ("s4", now + 1), ("s5", now + 2)] {
            b.keep_pending_sign_in(&pending(state), at, horizon, 2)
                .await
                .expect("kept");
        }
        assert_eq!(
            a.take_pending_sign_in("s3", horizon).await.expect("read"),
            None
        );
        assert!(
            a.take_pending_sign_in("s5", horizon)
                .await
                .expect("read")
                .is_some()
        );
        b.close().await;
        db.finish().await;
    }
}

#[test]
fn a_second_server_on_one_sqlite_file_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}/padu.db?mode=rwc", dir.path().display());
    let first = padu_store::single::claim_server(&url).expect("the first server");
    let second = padu_store::single::claim_server(&url).expect_err("a second server");
    assert!(
        second
            .to_string()
            .contains("server Padu lain sudah berjalan"),
        "{second}"
    );
    drop(first);
    padu_store::single::claim_server(&url).expect("free again once the first stopped");
    padu_store::single::claim_server("postgres://postgres@127.0.0.1/padu")
        .expect("PostgreSQL takes no lock");
}
