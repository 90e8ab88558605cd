//! Satu Data in the store: a user's data grant beside the SPBE role, audited, read back with
//! the user, and forgotten by the callers' cache when it changes.

use padu_core::access::{DataGrant, DataRole, Role};
use padu_store::testing::databases;
use padu_store::{AuditFilter, NewUser, UserPatch, Who, now_ms};

use crate::org::tree;

#[tokio::test]
async fn a_data_grant_is_kept_beside_the_spbe_role_and_audited() {
    for db in databases().await {
        let store = &db.store;
        let (_, _, kab) = tree(store).await;
        let who = Who::system("uji");
        let dinkes = store
            .create_opd(&who, kab, "Dinas Kesehatan", "dinas-kesehatan")
            .await
            .expect("opd");
        let id = store
            .create_user(
                &who,
                NewUser {
                    username: "produsen".into(),
                    display_name: "Produsen Data".into(),
                    password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
                    role: Role::OperatorOpd,
                    instansi_id: Some(kab),
                    opd_id: Some(dinkes.id),
                    email: None,
                },
            )
            .await
            .expect("user");
        assert_eq!(
            store.user(id).await.expect("read").expect("found").data,
            None
        );

        // a session read before the grant is cached; the grant must reach it
        store
            .create_session(
                &store.user(id).await.expect("read").expect("found"),
                "digest-produsen",
                now_ms() + 60_000,
            )
            .await
            .expect("session");
        let before = store
            .session_user("digest-produsen", now_ms())
            .await
            .expect("read")
            .expect("live");
        assert_eq!(before.data, None, "{}", db.label);

        let grant = DataGrant {
            role: DataRole::ProdusenData,
            opd: Some(dinkes.id),
        };
        let after = store
            .set_data_grant(&who, id, Some(grant))
            .await
            .expect("grant");
        assert_eq!(after.data, Some(grant));
        assert_eq!(after.role, Role::OperatorOpd, "the SPBE role stays");
        assert_eq!(after.opd_id, Some(dinkes.id));
        let seen = store
            .session_user("digest-produsen", now_ms())
            .await
            .expect("read")
            .expect("live");
        assert_eq!(seen.data, Some(grant), "{}: the cache forgot", db.label);

        // replaced by walidata, then withdrawn
        let walidata = DataGrant {
            role: DataRole::Walidata,
            opd: None,
        };
        store
            .set_data_grant(&who, id, Some(walidata))
            .await
            .expect("replace");
        assert_eq!(
            store.user(id).await.expect("read").expect("found").data,
            Some(walidata)
        );
        store
            .set_data_grant(&who, id, None)
            .await
            .expect("withdraw");
        assert_eq!(
            store.user(id).await.expect("read").expect("found").data,
            None
        );

        let entries = store
            .audit_entries(
                &AuditFilter {
                    action: Some("satu_data.role".into()),
                    ..AuditFilter::default()
                },
                10,
                0,
            )
            .await
            .expect("audit");
        assert_eq!(entries.len(), 3, "{}", db.label);
        // newest first: the withdrawal, then walidata, then the produsen grant
        assert_eq!(
            entries[0].after.as_deref(),
            Some(r#"{"username":"produsen","data_role":null,"data_opd_id":null}"#)
        );
        assert!(
            entries[2]
                .after
                .as_deref()
                .is_some_and(|a| a.contains(r#""data_role":"produsen_data""#)),
            "{:?}",
            entries[2].after
        );
        assert!(
            entries
                .iter()
                .all(|e| e.instansi_id == Some(kab) && e.actor_name == "uji")
        );
        assert!(
            store
                .verify_audit()
                .await
                .expect("verify")
                .first_broken
                .is_none()
        );

        // moving the user to another instansi withdraws a grant in the same write
        store
            .set_data_grant(&who, id, Some(walidata))
            .await
            .expect("grant again");
        let moved = store
            .update_user(
                &who,
                id,
                UserPatch {
                    data: Some(None),
                    ..UserPatch::default()
                },
            )
            .await
            .expect("update");
        assert_eq!(moved.data, None);
        assert!(matches!(
            store.set_data_grant(&who, id + 1000, Some(walidata)).await,
            Err(padu_store::StoreError::NotFound)
        ));
        db.finish().await;
    }
}

#[tokio::test]
async fn every_instansi_has_a_unique_url_name() {
    for db in databases().await {
        let store = &db.store;
        let (nasional, jatim, kab) = tree(store).await;
        let slug = |id| async move { store.instansi(id).await.expect("read").expect("found").slug };
        assert_eq!(slug(nasional).await, "nasional");
        assert_eq!(slug(jatim).await, "provinsi-jawa-timur");
        let kab_slug = slug(kab).await;
        // another name with the same URL name gets a number
        let name = store
            .instansi(kab)
            .await
            .expect("read")
            .expect("found")
            .name;
        let twin = store
            .create_instansi(
                &Who::system("uji"),
                padu_store::NewInstansi {
                    kind: padu_core::access::InstansiKind::Kabupaten,
                    name: format!("{name}."),
                    parent_id: Some(jatim),
                    kode_wilayah: None,
                    timezone: "WIB".into(),
                },
            )
            .await
            .expect("create");
        assert_eq!(slug(twin).await, format!("{kab_slug}-2"), "{}", db.label);
        db.finish().await;
    }
}
