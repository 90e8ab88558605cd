use padu_core::access::Role;
use padu_store::testing::databases;
use padu_store::{NewUser, StoreError, Who, now_ms};

use crate::org::tree;

fn new_user(username: &str, role: Role, instansi: Option<i64>, opd: Option<i64>) -> NewUser {
    NewUser {
        username: username.into(),
        display_name: format!("Pengguna {username}"),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        role,
        instansi_id: instansi,
        opd_id: opd,
        email: None,
    }
}

#[tokio::test]
async fn users_are_unique_and_listed_by_instansi() {
    for db in databases().await {
        let store = &db.store;
        let (_, jatim, kab) = tree(store).await;
        let who = Who::system("uji");
        let opd = store
            .create_opd(&who, kab, "Diskominfo", "diskominfo")
            .await
            .expect("opd");
        let op = store
            .create_user(
                &who,
                new_user("op", Role::OperatorOpd, Some(kab), Some(opd.id)),
            )
            .await
            .expect("user");
        store
            .create_user(
                &who,
                new_user("prov", Role::AdminProvinsi, Some(jatim), None),
            )
            .await
            .expect("user");
        let err = store
            .create_user(&who, new_user("op", Role::Pimpinan, Some(kab), None))
            .await
            .expect_err("duplicate");
        assert!(
            matches!(err, StoreError::Conflict(ref m) if m == "nama pengguna sudah dipakai"),
            "{}: {err}",
            db.label
        );
        let in_kab: Vec<String> = store
            .users_in(Some(&[kab]))
            .await
            .expect("list")
            .into_iter()
            .map(|u| u.username)
            .collect();
        assert_eq!(in_kab, vec!["op"]);
        assert_eq!(store.users_in(None).await.expect("all").len(), 2);
        let (user, hash) = store
            .user_for_login("op")
            .await
            .expect("ok")
            .expect("found");
        assert_eq!(
            (user.id, user.role, user.opd_id),
            (op, Role::OperatorOpd, Some(opd.id))
        );
        assert!(hash.starts_with("$argon2id$"));
        assert!(
            store
                .user_for_login("tidak-ada")
                .await
                .expect("ok")
                .is_none()
        );
        db.finish().await;
    }
}

#[tokio::test]
async fn sessions_and_tokens_expire_and_end_on_password_change() {
    for db in databases().await {
        let store = &db.store;
        let (_, _, kab) = tree(store).await;
        let who = Who::system("uji");
        let id = store
            .create_user(
                &who,
                new_user("admin", Role::AdminInstansi, Some(kab), None),
            )
            .await
            .expect("user");
        let user = store.user(id).await.expect("ok").expect("found");
        let now = now_ms();
        store
            .create_session(&user, "digest-live", now + 60_000)
            .await
            .expect("session");
        store
            .create_session(&user, "digest-old", now - 1)
            .await
            .expect("session");
        assert_eq!(
            store
                .session_user("digest-live", now)
                .await
                .expect("ok")
                .map(|u| u.id),
            Some(id),
            "{}",
            db.label
        );
        assert!(
            store
                .session_user("digest-old", now)
                .await
                .expect("ok")
                .is_none(),
            "expired"
        );
        assert!(
            store
                .session_user("unknown", now)
                .await
                .expect("ok")
                .is_none()
        );
        store
            .create_api_token(&user, "token-digest", "skrip", now + 60_000)
            .await
            .expect("token");
        assert_eq!(
            store
                .token_user("token-digest", now)
                .await
                .expect("ok")
                .map(|u| u.id),
            Some(id)
        );
        // a token is no session and a session no token, cached or not
        assert!(
            store
                .session_user("token-digest", now)
                .await
                .expect("ok")
                .is_none()
        );
        assert!(
            store
                .token_user("digest-live", now)
                .await
                .expect("ok")
                .is_none()
        );

        store
            .set_password(&who, id, "$argon2id$baru")
            .await
            .expect("password");
        assert!(
            store
                .session_user("digest-live", now)
                .await
                .expect("ok")
                .is_none(),
            "sessions end"
        );
        assert!(
            store
                .token_user("token-digest", now)
                .await
                .expect("ok")
                .is_none(),
            "tokens end"
        );
        let (_, hash) = store
            .user_for_login("admin")
            .await
            .expect("ok")
            .expect("found");
        assert_eq!(hash, "$argon2id$baru");

        store
            .create_session(&user, "digest-2", now + 60_000)
            .await
            .expect("session");
        store
            .delete_session(&user, "digest-2")
            .await
            .expect("logout");
        assert!(
            store
                .session_user("digest-2", now)
                .await
                .expect("ok")
                .is_none()
        );
        db.finish().await;
    }
}

#[tokio::test]
async fn e_mail_addresses_are_set_audited_and_read_for_many_users_at_once() {
    for db in databases().await {
        let store = &db.store;
        let (_, _, kab) = tree(store).await;
        let who = Who::system("uji");
        let mut with_address = new_user("asesor", Role::AsesorInternal, Some(kab), None);
        with_address.email = Some("asesor@trenggalekkab.example".into());
        let asesor = store.create_user(&who, with_address).await.expect("user");
        let pimpinan = store
            .create_user(&who, new_user("pimpinan", Role::Pimpinan, Some(kab), None))
            .await
            .expect("user");
        let created = store.user(asesor).await.expect("read").expect("exists");
        assert_eq!(
            created.email.as_deref(),
            Some("asesor@trenggalekkab.example")
        );
        assert_eq!(
            store.emails_of(&[asesor, pimpinan]).await.expect("emails"),
            vec![(asesor, "asesor@trenggalekkab.example".to_string())],
            "{}: only users with an address",
            db.label
        );
        assert!(store.emails_of(&[]).await.expect("none").is_empty());

        store
            .set_email(&who, pimpinan, Some("bupati@trenggalekkab.example".into()))
            .await
            .expect("set");
        store.set_email(&who, asesor, None).await.expect("clear");
        assert_eq!(
            store
                .emails_of(&[asesor, pimpinan, 999_999])
                .await
                .expect("emails"),
            vec![(pimpinan, "bupati@trenggalekkab.example".to_string())],
            "{}",
            db.label
        );
        let entries = store
            .audit_entries(
                &padu_store::AuditFilter {
                    action: Some("user.email".into()),
                    ..Default::default()
                },
                10,
                0,
            )
            .await
            .expect("audit");
        assert_eq!(entries.len(), 2, "{}", db.label);
        assert_eq!(
            entries[0].before.as_deref(),
            Some(r#"{"email":"asesor@trenggalekkab.example"}"#)
        );
        assert_eq!(entries[0].after.as_deref(), Some(r#"{"email":null}"#));
        assert_eq!(
            store
                .set_email(&who, 999_999, None)
                .await
                .expect_err("no such user")
                .to_string(),
            StoreError::NotFound.to_string()
        );
        assert_eq!(
            store.verify_audit().await.expect("verify").first_broken,
            None
        );
        db.finish().await;
    }
}

#[tokio::test]
async fn a_session_ended_by_another_process_ends_here_at_the_next_catch_up() {
    for db in databases().await {
        let store = &db.store;
        let (_, _, kab) = tree(store).await;
        let who = Who::system("uji");
        let id = store
            .create_user(&who, new_user("kepala", Role::Pimpinan, Some(kab), None))
            .await
            .expect("user");
        let user = store.user(id).await.expect("ok").expect("found");
        let now = now_ms();
        store
            .create_session(&user, "digest-kepala", now + 600_000)
            .await
            .expect("session");
        assert_eq!(
            store
                .session_user("digest-kepala", now)
                .await
                .expect("ok")
                .map(|u| u.id),
            Some(id),
            "{}: read and cached",
            db.label
        );
        let other = db.another_process().await;
        other
            .set_password(&who, id, "$argon2id$dari-proses-lain")
            .await
            .expect("password set elsewhere");
        // still cached here until the next request catches up with the change log
        assert!(
            store
                .session_user("digest-kepala", now)
                .await
                .expect("ok")
                .is_some(),
            "{}: served from the cache before catching up",
            db.label
        );
        store.catch_up().await.expect("catch up");
        assert!(
            store
                .session_user("digest-kepala", now)
                .await
                .expect("ok")
                .is_none(),
            "{}: the session still works here after another process ended it",
            db.label
        );
        other.close().await;
        db.finish().await;
    }
}
