use padu_store::testing::databases;
use padu_store::{AuditFilter, OpdPatch, Who};

use crate::org::tree;

#[tokio::test]
async fn every_write_is_audited_with_before_and_after() {
    for db in databases().await {
        let store = &db.store;
        let (_, _, kab) = tree(store).await;
        let who = Who {
            user_id: None,
            name: "admin.trenggalek".into(),
        };
        let opd = store
            .create_opd(&who, kab, "Bappeda", "bappeda")
            .await
            .expect("opd");
        store
            .update_opd(
                &who,
                opd.id,
                OpdPatch {
                    name: Some("Bapperida".into()),
                    ..Default::default()
                },
            )
            .await
            .expect("update");

        let entries = store
            .audit_entries(&AuditFilter::default(), 50, 0)
            .await
            .expect("list");
        let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(
            actions,
            vec![
                "opd.update",
                "opd.create",
                "instansi.create",
                "instansi.create",
                "instansi.create"
            ],
            "{}",
            db.label
        );
        let update = &entries[0];
        assert_eq!(update.actor_name, "admin.trenggalek");
        assert_eq!(update.instansi_id, Some(kab));
        assert!(
            update
                .before
                .as_deref()
                .is_some_and(|b| b.contains("\"Bappeda\""))
        );
        assert!(
            update
                .after
                .as_deref()
                .is_some_and(|a| a.contains("\"Bapperida\""))
        );
        let seqs: Vec<i64> = entries.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, vec![5, 4, 3, 2, 1]);

        let filtered = store
            .audit_entries(
                &AuditFilter {
                    instansi_ids: Some(vec![kab]),
                    action: Some("opd.".into()),
                    ..Default::default()
                },
                50,
                0,
            )
            .await
            .expect("filter");
        assert_eq!(filtered.len(), 2);
        let by_actor = store
            .audit_entries(
                &AuditFilter {
                    actor: Some("trenggalek".into()),
                    ..Default::default()
                },
                50,
                0,
            )
            .await
            .expect("filter");
        assert_eq!(by_actor.len(), 2);

        let check = store.verify_audit().await.expect("verify");
        assert_eq!(
            (check.entries, check.first_broken),
            (5, None),
            "{}",
            db.label
        );
        db.finish().await;
    }
}

#[tokio::test]
async fn a_failed_write_leaves_neither_record_nor_audit_entry() {
    for db in databases().await {
        let store = &db.store;
        let (_, _, kab) = tree(store).await;
        let who = Who::system("uji");
        store
            .create_opd(&who, kab, "Bappeda", "bappeda")
            .await
            .expect("opd");
        let before = store
            .audit_entries(&AuditFilter::default(), 500, 0)
            .await
            .expect("list")
            .len();
        store
            .create_opd(&who, kab, "Bappeda", "bappeda")
            .await
            .expect_err("duplicate");
        let after = store
            .audit_entries(&AuditFilter::default(), 500, 0)
            .await
            .expect("list")
            .len();
        assert_eq!(before, after, "{}", db.label);
        assert_eq!(store.opds_of(kab).await.expect("list").len(), 1);
        assert_eq!(
            store.verify_audit().await.expect("verify").first_broken,
            None
        );
        // the next write continues the chain without a gap
        store
            .create_opd(&who, kab, "BPKAD", "bpkad")
            .await
            .expect("opd");
        assert_eq!(
            store.verify_audit().await.expect("verify").first_broken,
            None,
            "{}",
            db.label
        );
        db.finish().await;
    }
}

#[tokio::test]
async fn tampering_is_found_at_the_first_broken_link() {
    for db in databases().await {
        let store = &db.store;
        let (_, _, kab) = tree(store).await;
        let who = Who::system("uji");
        for name in ["Bappeda", "BPKAD", "BKPSDM", "Inspektorat"] {
            store
                .create_opd(&who, kab, name, "lainnya")
                .await
                .expect("opd");
        }
        assert_eq!(
            store.verify_audit().await.expect("verify").first_broken,
            None
        );

        // editing the content of entry 5
        db.execute("UPDATE audit_log SET actor_name = 'penyusup' WHERE seq = 5")
            .await;
        let check = store.verify_audit().await.expect("verify");
        assert_eq!(
            check.first_broken.as_ref().map(|b| b.0),
            Some(5),
            "{}: {check:?}",
            db.label
        );
        assert!(
            check
                .first_broken
                .as_ref()
                .is_some_and(|b| b.1.contains("diubah"))
        );
        assert_eq!(check.entries, 4);
        db.execute("UPDATE audit_log SET actor_name = 'uji' WHERE seq = 5")
            .await;
        assert_eq!(
            store.verify_audit().await.expect("verify").first_broken,
            None,
            "restored"
        );

        // deleting entry 3
        db.execute("DELETE FROM audit_log WHERE seq = 3").await;
        let check = store.verify_audit().await.expect("verify");
        assert_eq!(check.first_broken.map(|b| b.0), Some(3), "{}", db.label);
        db.finish().await;
    }
}

#[tokio::test]
async fn deleting_the_newest_entries_is_found_too() {
    for db in databases().await {
        let store = &db.store;
        let (_, _, kab) = tree(store).await;
        store
            .create_opd(&Who::system("uji"), kab, "Bappeda", "bappeda")
            .await
            .expect("opd");
        db.execute("DELETE FROM audit_log WHERE seq = 4").await;
        let check = store.verify_audit().await.expect("verify");
        assert_eq!(check.first_broken.map(|b| b.0), Some(4), "{}", db.label);
        db.finish().await;
    }
}

#[tokio::test]
async fn concurrent_writers_keep_one_unbroken_chain() {
    for db in databases().await {
        let store = db.store.clone();
        let (_, _, kab) = tree(&store).await;
        let mut tasks = Vec::new();
        for i in 0..40 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                store
                    .create_opd(&Who::system("uji"), kab, &format!("OPD {i:02}"), "lainnya")
                    .await
            }));
        }
        for t in tasks {
            t.await.expect("task").expect("write");
        }
        assert_eq!(store.opds_of(kab).await.expect("list").len(), 40);
        let check = store.verify_audit().await.expect("verify");
        assert_eq!(
            (check.entries, check.first_broken),
            (43, None),
            "{}",
            db.label
        );
        db.finish().await;
    }
}
