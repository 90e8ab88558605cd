//! Peta Rencana SPBE: roadmaps listed newest first, changed only from the status the caller
//! saw, reviewed into a new version with a copy of every item while the old one stays; items
//! with their details stored whole; every write audited.

use std::collections::BTreeMap;

use padu_core::peta_rencana::{
    Basis, IndicatorTarget, ItemDetails, ItemStatus, Realisation, ReviewKind, RoadmapStatus,
};
use padu_store::peta_rencana::{NewRoadmap, NewRoadmapItem, Roadmap};
use padu_store::testing::databases;
use padu_store::{AuditFilter, Store, StoreError, Who};

use crate::org::tree;

fn details() -> ItemDetails {
    let mut d = ItemDetails {
        need: Some("Perencanaan belum terpadu".into()),
        years: vec![2025, 2026],
        targets: BTreeMap::from([(2025, "Kajian".into()), (2026, "Implementasi".into())]),
        budget: BTreeMap::from([(2025, 120_000_000), (2026, 80_000_000)]),
        indicators: vec![IndicatorTarget {
            instrument: "permenpanrb-8-2026".into(),
            number: 2,
            level: 4,
        }],
        program_code: Some("5.01.02.1.01".into()),
        ..Default::default()
    };
    d.report(Realisation {
        year: 2025,
        semester: 1,
        value: "40%".into(),
        note: Some("Kajian \"awal\" ü".into()),
        reported_by: "operator".into(),
        reported_at_ms: 1,
    });
    d
}

/// A roadmap of `kab` with one item of `opd`, enacted and reviewed: returns (old, new).
pub async fn reviewed(store: &Store, kab: i64, opd: i64) -> (Roadmap, Roadmap) {
    let who = Who::system("uji");
    let r = store
        .create_roadmap(
            &who,
            &NewRoadmap {
                instansi_id: kab,
                title: "Peta Rencana SPBE 2025-2029".into(),
                start_year: 2025,
                end_year: 2029,
                basis: vec![Basis::Rpjmd, Basis::Arsitektur],
                report_days: 10,
            },
        )
        .await
        .expect("roadmap");
    store
        .create_roadmap_item(
            &who,
            &NewRoadmapItem {
                roadmap_id: r.id,
                opd_id: opd,
                title: "Sistem perencanaan terpadu".into(),
                status: ItemStatus::Berjalan,
                details: details(),
            },
        )
        .await
        .expect("item");
    let mut enacted = r.clone();
    enacted.status = RoadmapStatus::Ditetapkan;
    enacted.decree_number = Some("Peraturan Bupati Nomor 12 Tahun 2025".into());
    enacted.decree_date = Some("2025-03-01".into());
    store
        .update_roadmap(&who, &enacted, RoadmapStatus::Draft, "roadmap.enact")
        .await
        .expect("enact");
    let new = store
        .review_roadmap(
            &who,
            r.id,
            ReviewKind::Tengah,
            Some("Perubahan Renstra".into()),
            "Peta Rencana SPBE 2025-2029 (reviu)",
        )
        .await
        .expect("review");
    let old = store.roadmap(r.id).await.expect("read").expect("old");
    (old, new)
}

#[tokio::test]
async fn roadmaps_are_versioned_by_review_and_every_write_is_audited() {
    for db in databases().await {
        let label = db.label;
        let store = &db.store;
        let (_, _, kab) = tree(store).await;
        let who = Who::system("uji");
        let opd = store
            .create_opd(&who, kab, "Bappeda", "bappeda")
            .await
            .expect("opd")
            .id;
        let (old, new) = reviewed(store, kab, opd).await;
        assert_eq!(old.status, RoadmapStatus::Direviu, "{label}");
        assert_eq!(old.review_kind, Some(ReviewKind::Tengah), "{label}");
        assert_eq!(
            old.basis,
            [Basis::Rpjmd, Basis::Arsitektur],
            "{label}: as given"
        );
        assert_eq!(old.decree_date.as_deref(), Some("2025-03-01"), "{label}");
        assert_eq!(new.version, 2, "{label}");
        assert_eq!(new.previous_id, Some(old.id), "{label}");
        assert_eq!(new.status, RoadmapStatus::Draft, "{label}");
        assert_eq!(new.decree_number, None, "{label}");
        assert_eq!(new.basis, old.basis, "{label}");

        // the items: the old ones stay, the new version has copies with every detail
        let old_items = store.roadmap_items(old.id).await.expect("items");
        let new_items = store.roadmap_items(new.id).await.expect("items");
        assert_eq!(old_items.len(), 1, "{label}");
        assert_eq!(new_items.len(), 1, "{label}");
        assert_ne!(old_items[0].id, new_items[0].id, "{label}");
        assert_eq!(new_items[0].details, details(), "{label}: stored whole");
        assert_eq!(new_items[0].status, ItemStatus::Berjalan, "{label}");
        assert_eq!(new_items[0].instansi_id, kab, "{label}");

        // newest first
        let list = store.roadmaps_of(kab).await.expect("list");
        assert_eq!(
            list.iter().map(|r| r.id).collect::<Vec<_>>(),
            [new.id, old.id],
            "{label}"
        );

        // a second review of the same version, or a change from a stale status, changes nothing
        let err = store
            .review_roadmap(&who, old.id, ReviewKind::Akhir, None, "x")
            .await
            .expect_err("reviewed once");
        assert!(matches!(err, StoreError::Conflict(_)), "{label}: {err:?}");
        let mut stale = new.clone();
        stale.title = "Lain".into();
        let err = store
            .update_roadmap(&who, &stale, RoadmapStatus::Ditetapkan, "roadmap.update")
            .await
            .expect_err("stale");
        assert!(matches!(err, StoreError::Conflict(_)), "{label}");
        assert_eq!(
            store
                .roadmap(new.id)
                .await
                .expect("read")
                .expect("new")
                .title,
            new.title,
            "{label}"
        );

        // change and delete an item
        let mut item = new_items[0].clone();
        item.title = "Sistem perencanaan terpadu (revisi)".into();
        item.details.budget.insert(2027, 10);
        let saved = store
            .update_roadmap_item(&who, &item, "roadmap_item.update")
            .await
            .expect("update");
        assert_eq!(saved.details.total_budget(), 200_000_010, "{label}");
        store
            .delete_roadmap_item(&who, item.id)
            .await
            .expect("delete");
        assert!(
            store.roadmap_item(item.id).await.expect("read").is_none(),
            "{label}"
        );
        assert_eq!(
            store.roadmap_items(old.id).await.expect("items").len(),
            1,
            "{label}: the old version keeps its item"
        );

        let entries = store
            .audit_entries(
                &AuditFilter {
                    action: Some("roadmap".into()),
                    ..Default::default()
                },
                100,
                0,
            )
            .await
            .expect("audit");
        let mut actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
        actions.sort_unstable();
        assert_eq!(
            actions,
            [
                "roadmap.create",
                "roadmap.enact",
                "roadmap.review",
                "roadmap_item.create",
                "roadmap_item.delete",
                "roadmap_item.update",
            ],
            "{label}"
        );
        let verified = store.verify_audit().await.expect("verify");
        assert!(verified.first_broken.is_none(), "{label}");
        db.finish().await;
    }
}
