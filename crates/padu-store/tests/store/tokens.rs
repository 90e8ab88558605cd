//! API tokens: listed with name, creation, expiry and last use; the last use written at most
//! once a minute; revoked at once and audited.

use padu_core::access::Role;
use padu_store::testing::databases;
use padu_store::{AuditFilter, NewUser, StoreError, TOKEN_USE_RESOLUTION_MS, Who, now_ms};

use crate::org::tree;

fn new_user(username: &str, instansi: i64) -> NewUser {
    NewUser {
        username: username.into(),
        display_name: format!("Pengguna {username}"),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        role: Role::AdminInstansi,
        instansi_id: Some(instansi),
        opd_id: None,
        email: None,
    }
}

#[tokio::test]
async fn tokens_are_listed_newest_first_without_the_expired_ones() {
    for db in databases().await {
        let store = &db.store;
        let (_, _, kab) = tree(store).await;
        let who = Who::system("uji");
        let id = store
            .create_user(&who, new_user("admin", kab))
            .await
            .expect("user");
        let other = store
            .create_user(&who, new_user("lain", kab))
            .await
            .expect("user");
        let user = store.user(id).await.expect("ok").expect("found");
        let other = store.user(other).await.expect("ok").expect("found");
        let now = now_ms();
        let first = store
            .create_api_token(&user, "d-1", "skrip harian", now + 60_000)
            .await
            .expect("token");
        let second = store
            .create_api_token(&user, "d-2", "api", now + 120_000)
            .await
            .expect("token");
        store
            .create_api_token(&user, "d-old", "lama", now - 1)
            .await
            .expect("token");
        store
            .create_api_token(&other, "d-other", "milik lain", now + 60_000)
            .await
            .expect("token");

        let listed = store.api_tokens_of(id, now).await.expect("list");
        let ids: Vec<i64> = listed.iter().map(|t| t.id).collect();
        assert_eq!(ids, vec![second, first], "{}: newest first", db.label);
        let t = &listed[1];
        assert_eq!(
            (
                t.user_id,
                t.name.as_str(),
                t.expires_at_ms,
                t.last_used_at_ms
            ),
            (id, "skrip harian", now + 60_000, None),
            "{}",
            db.label
        );
        assert!((now..=now_ms()).contains(&t.created_at_ms));
        assert_eq!(store.api_token(first).await.expect("one"), Some(t.clone()));
        assert_eq!(store.api_token(999_999).await.expect("none"), None);
        db.finish().await;
    }
}

#[tokio::test]
async fn a_use_is_marked_at_most_once_a_minute() {
    for db in databases().await {
        let store = &db.store;
        let (_, _, kab) = tree(store).await;
        let who = Who::system("uji");
        let id = store
            .create_user(&who, new_user("admin", kab))
            .await
            .expect("user");
        let user = store.user(id).await.expect("ok").expect("found");
        let now = now_ms();
        let token = store
            .create_api_token(&user, "d-1", "skrip", now + 3_600_000)
            .await
            .expect("token");
        let last_used = |store: padu_store::Store| async move {
            store
                .api_token(token)
                .await
                .expect("read")
                .expect("exists")
                .last_used_at_ms
        };
        assert_eq!(last_used(store.clone()).await, None, "never used yet");
        assert!(
            store.token_user("d-1", now).await.expect("ok").is_some(),
            "{}",
            db.label
        );
        assert_eq!(last_used(store.clone()).await, Some(now), "{}", db.label);

        // each "process" reads the row afresh (its own cache): within the minute nothing is
        // written, after it the new use is
        let soon = db.another_process().await;
        assert!(
            soon.token_user("d-1", now + 30_000)
                .await
                .expect("ok")
                .is_some()
        );
        assert_eq!(last_used(store.clone()).await, Some(now), "{}", db.label);
        soon.close().await;
        let later = db.another_process().await;
        let next = now + TOKEN_USE_RESOLUTION_MS;
        assert!(later.token_user("d-1", next).await.expect("ok").is_some());
        assert_eq!(last_used(store.clone()).await, Some(next), "{}", db.label);
        // an expired token is refused and not marked
        assert!(
            later
                .token_user("d-1", now + 7_200_000)
                .await
                .expect("ok")
                .is_none()
        );
        later.close().await;
        let late = db.another_process().await;
        assert!(
            late.token_user("d-1", now + 7_200_000)
                .await
                .expect("ok")
                .is_none()
        );
        assert_eq!(last_used(store.clone()).await, Some(next), "{}", db.label);
        late.close().await;
        db.finish().await;
    }
}

#[tokio::test]
async fn a_revoked_token_is_refused_at_once_and_the_revocation_audited() {
    for db in databases().await {
        let store = &db.store;
        let (_, _, kab) = tree(store).await;
        let who = Who::system("uji");
        let id = store
            .create_user(&who, new_user("admin", kab))
            .await
            .expect("user");
        let user = store.user(id).await.expect("ok").expect("found");
        let now = now_ms();
        let token = store
            .create_api_token(&user, "d-1", "skrip", now + 60_000)
            .await
            .expect("token");
        store
            .create_api_token(&user, "d-2", "tetap", now + 60_000)
            .await
            .expect("token");
        // both cached
        assert!(store.token_user("d-1", now).await.expect("ok").is_some());
        assert!(store.token_user("d-2", now).await.expect("ok").is_some());

        store
            .revoke_api_token(&Who::user(&user), token)
            .await
            .expect("revoke");
        assert!(
            store.token_user("d-1", now).await.expect("ok").is_none(),
            "{}: refused on the very next lookup",
            db.label
        );
        assert!(store.token_user("d-2", now).await.expect("ok").is_some());
        assert_eq!(store.api_token(token).await.expect("read"), None);
        assert_eq!(
            store
                .revoke_api_token(&Who::user(&user), token)
                .await
                .expect_err("gone")
                .to_string(),
            StoreError::NotFound.to_string()
        );

        let entries = store
            .audit_entries(
                &AuditFilter {
                    action: Some("auth.token.revoke".into()),
                    ..Default::default()
                },
                10,
                0,
            )
            .await
            .expect("audit");
        assert_eq!(entries.len(), 1, "{}", db.label);
        let e = &entries[0];
        assert_eq!(
            (e.entity.as_str(), e.entity_id.as_deref(), e.instansi_id),
            ("api_token", Some(token.to_string().as_str()), Some(kab))
        );
        assert_eq!(e.actor_name, "admin");
        assert_eq!(
            e.before.as_deref(),
            Some(
                format!(
                    r#"{{"name":"skrip","user_id":{id},"expires_at_ms":{}}}"#,
                    now + 60_000
                )
                .as_str()
            )
        );
        assert_eq!(
            store.verify_audit().await.expect("verify").first_broken,
            None
        );
        db.finish().await;
    }
}
