//! Arsitektur SPBE items and links: created as drafts, changed only from the status the caller
//! saw, linked once per pair whichever side sets it, listed by filter in one query, deleted
//! with their links; every write audited.

use padu_core::arsitektur::{Domain, State, Status};
use padu_store::arsitektur::{ItemFilter, NewArchitectureItem};
use padu_store::testing::databases;
use padu_store::{AuditFilter, StoreError, Who};
use serde_json::json;

use crate::org::tree;

fn new(
    instansi: i64,
    opd: i64,
    domain: Domain,
    name: &str,
    fields: serde_json::Value,
) -> NewArchitectureItem {
    NewArchitectureItem {
        instansi_id: instansi,
        opd_id: opd,
        year: 2026,
        domain,
        state: State::AsIs,
        name: name.into(),
        reference: Some(format!("{}.01.01", domain.model())),
        fields: fields.as_object().cloned().unwrap_or_default(),
    }
}

#[tokio::test]
async fn items_and_links_are_stored_filtered_and_audited() {
    for db in databases().await {
        let label = db.label;
        let store = &db.store;
        let (_, _, kab) = tree(store).await;
        let who = Who::system("uji");
        let opd = store
            .create_opd(&who, kab, "Disdukcapil", "disdukcapil")
            .await
            .expect("opd")
            .id;
        let other = store
            .create_opd(&who, kab, "Diskominfo", "diskominfo")
            .await
            .expect("opd")
            .id;
        let pb = store
            .create_architecture_item(
                &who,
                &new(
                    kab,
                    opd,
                    Domain::ProsesBisnis,
                    "Pencatatan kelahiran",
                    json!({"urusan": "Administrasi kependudukan"}),
                ),
            )
            .await
            .expect("create");
        assert_eq!(pb.status, Status::Draft, "{label}");
        assert_eq!(pb.fields["urusan"], "Administrasi kependudukan", "{label}");
        let layanan = store
            .create_architecture_item(
                &who,
                &new(
                    kab,
                    opd,
                    Domain::Layanan,
                    "Penerbitan akta kelahiran",
                    json!({"standar": {"biaya": "Gratis"}}),
                ),
            )
            .await
            .expect("create");
        let app = store
            .create_architecture_item(
                &who,
                &new(
                    kab,
                    other,
                    Domain::Aplikasi,
                    "SIAK Terpusat",
                    json!({"kind": "umum"}),
                ),
            )
            .await
            .expect("create");

        // a link is one pair, whichever side sets it
        let linked = store
            .set_architecture_links(&who, layanan.id, &[app.id, pb.id, pb.id])
            .await
            .expect("links");
        assert_eq!(linked, vec![pb.id, app.id], "{label}");
        assert_eq!(
            store.architecture_links_of(app.id).await.expect("links"),
            vec![layanan.id],
            "{label}"
        );
        let mut pairs = store.architecture_links(kab).await.expect("links");
        pairs.sort_unstable();
        assert_eq!(
            pairs,
            vec![(pb.id, layanan.id), (layanan.id, app.id)],
            "{label}"
        );
        // setting the links of one item replaces only its own
        store
            .set_architecture_links(&who, app.id, &[])
            .await
            .expect("links");
        assert_eq!(
            store.architecture_links(kab).await.expect("links"),
            vec![(pb.id, layanan.id)],
            "{label}"
        );

        // filters
        let all = store
            .architecture_items(kab, &ItemFilter::default())
            .await
            .expect("list");
        assert_eq!(all.len(), 3, "{label}");
        let apps = store
            .architecture_items(
                kab,
                &ItemFilter {
                    domain: Some(Domain::Aplikasi),
                    ..ItemFilter::default()
                },
            )
            .await
            .expect("list");
        assert_eq!(
            apps.iter().map(|i| i.id).collect::<Vec<_>>(),
            vec![app.id],
            "{label}"
        );
        let of_opd = store
            .architecture_items(
                kab,
                &ItemFilter {
                    opd_id: Some(opd),
                    year: Some(2026),
                    ..ItemFilter::default()
                },
            )
            .await
            .expect("list");
        assert_eq!(of_opd.len(), 2, "{label}");
        let none = store
            .architecture_items(
                kab,
                &ItemFilter {
                    year: Some(2025),
                    ..ItemFilter::default()
                },
            )
            .await
            .expect("list");
        assert!(none.is_empty(), "{label}");

        // a change is written only over the status the caller saw
        let mut submitted = pb.clone();
        submitted.status = Status::Submitted;
        let saved = store
            .update_architecture_item(&who, &submitted, Status::Draft, "architecture.submit", &[])
            .await
            .expect("submit");
        assert_eq!(saved.status, Status::Submitted, "{label}");
        let stale = store
            .update_architecture_item(&who, &submitted, Status::Draft, "architecture.submit", &[])
            .await;
        assert!(
            matches!(stale, Err(StoreError::Conflict(_))),
            "{label}: {stale:?}"
        );
        let filtered = store
            .architecture_items(
                kab,
                &ItemFilter {
                    status: Some(Status::Submitted),
                    ..ItemFilter::default()
                },
            )
            .await
            .expect("list");
        assert_eq!(filtered.len(), 1, "{label}");

        // deleting takes its links with it
        store
            .delete_architecture_item(&who, layanan.id)
            .await
            .expect("delete");
        assert!(
            store
                .architecture_item(layanan.id)
                .await
                .expect("get")
                .is_none(),
            "{label}"
        );
        assert!(
            store
                .architecture_links(kab)
                .await
                .expect("links")
                .is_empty(),
            "{label}"
        );
        assert!(
            matches!(
                store.delete_architecture_item(&who, layanan.id).await,
                Err(StoreError::NotFound)
            ),
            "{label}"
        );

        let audit = store
            .audit_entries(
                &AuditFilter {
                    action: Some("architecture.".into()),
                    ..AuditFilter::default()
                },
                50,
                0,
            )
            .await
            .expect("audit");
        let mut actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
        actions.sort_unstable();
        assert_eq!(
            actions,
            [
                "architecture.create",
                "architecture.create",
                "architecture.create",
                "architecture.delete",
                "architecture.links",
                "architecture.links",
                "architecture.submit"
            ],
            "{label}"
        );
        assert!(audit.iter().all(|e| e.instansi_id == Some(kab)), "{label}");
        assert!(
            store
                .verify_audit()
                .await
                .expect("verify")
                .first_broken
                .is_none(),
            "{label}"
        );
        db.finish().await;
    }
}
