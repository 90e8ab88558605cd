//! A zip bomb as a worksheet, and password guessing.

use super::*;

#[tokio::test]
async fn a_zip_bomb_worksheet_is_refused_and_changes_nothing() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let admin = app.token("admin").await;
        let p = period(&app, &admin).await;
        let (_, before) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{p}/indicators"),
                Some(&admin),
                None,
            )
            .await;
        let mb = 1024 * 1024;
        for (what, bomb) in [
            ("500 MB", zip_bomb(500 * mb, 500 * mb)),
            ("50 MB declared as 1 MB", zip_bomb(50 * mb, mb)),
        ] {
            assert!(
                bomb.len() < 4 * 1024 * 1024,
                "{what}: small: {}",
                bomb.len()
            );
            for apply in ["", "?apply=true"] {
                let request = Request::post(format!("/api/v1/periods/{p}/worksheet{apply}"))
                    .header(header::AUTHORIZATION, format!("Bearer {admin}"))
                    .header(
                        header::CONTENT_TYPE,
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    )
                    .body(Body::from(bomb.clone()))
                    .expect("request");
                let (status, _, bytes) = app.send(request).await;
                let text = String::from_utf8_lossy(&bytes);
                assert!(
                    status == StatusCode::UNPROCESSABLE_ENTITY
                        || status == StatusCode::PAYLOAD_TOO_LARGE,
                    "{what}{apply}: {status} {text}"
                );
                // declared too large: refused unread; lying about its size: refused as damaged
                let said = if what.starts_with("500") {
                    "tidak wajar"
                } else {
                    "rusak"
                };
                assert!(text.contains(said), "{what}{apply}: {text}");
            }
        }
        let (_, after) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{p}/indicators"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(before, after, "nothing changed");
        app.finish().await;
    }
}

#[tokio::test]
async fn password_guessing_is_throttled_per_user_and_per_address() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let here = [10, 0, 0, 1];
        for i in 0..5 {
            let (status, _, _) = attempt(&app, here, "admin", &format!("salah{i}")).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {i}");
        }
        let (status, retry, body) = attempt(&app, here, "admin", "salah lagi").await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
        let seconds: u64 = retry.expect("Retry-After").parse().expect("seconds");
        assert!((1..=15 * 60).contains(&seconds), "{seconds}");
        // the right password waits too from the guessing address, in any case
        let (status, _, _) = attempt(&app, here, "ADMIN", PASSWORD).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "any case");
        // the owner, from their own address, is slowed (5 failures: the longest delay), never
        // refused
        let started = std::time::Instant::now();
        let (status, _, body) = attempt(&app, [10, 9, 9, 9], "admin", PASSWORD).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "the owner elsewhere signs in: {body}"
        );
        let waited = started.elapsed();
        assert!(
            waited >= std::time::Duration::from_millis(1900),
            "the sign-in waited {waited:?} after five failures"
        );
        // ... which ends the delay, not the guesser's block
        let started = std::time::Instant::now();
        let (status, _, _) = attempt(&app, [10, 9, 9, 9], "admin", PASSWORD).await;
        assert_eq!(status, StatusCode::OK);
        assert!(started.elapsed() < std::time::Duration::from_millis(1900));
        let (status, _, _) = attempt(&app, here, "admin", PASSWORD).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "still blocked there");
        // another user from the same address is not affected
        let (status, _, body) = attempt(&app, here, "operator", PASSWORD).await;
        assert_eq!(status, StatusCode::OK, "{body}");

        // 50 failures from one address, spread over usernames, block that address
        let there = [10, 0, 0, 2];
        for i in 0..50 {
            let (status, _, _) = attempt(&app, there, &format!("tebakan{i}"), "salah").await;
            assert!(status == StatusCode::UNAUTHORIZED, "failure {i}: {status}");
        }
        let (status, retry, _) = attempt(&app, there, "asesor", PASSWORD).await;
        assert_eq!(
            status,
            StatusCode::TOO_MANY_REQUESTS,
            "the 51st from that address"
        );
        assert!(retry.is_some());
        let (status, _, _) = attempt(&app, [10, 0, 0, 3], "asesor", PASSWORD).await;
        assert_eq!(status, StatusCode::OK, "other addresses sign in");
        app.finish().await;
    }
}
