//! The thread from the planner to the Peta Rencana in the store: an action item attached to a
//! roadmap item (audited), done with it when the item is marked selesai (not in a closed period,
//! not once cancelled), detached when the item is deleted, following the item to its copy when
//! the roadmap is reviewed; what the roadmaps in force answer (architecture items, indicators:
//! never a reviewed version, never a cancelled item); the IKU targets replaced whole; a
//! realisation reminder recorded once.

use std::collections::{BTreeMap, BTreeSet};

use padu_core::Value;
use padu_core::evaluation::PeriodKind;
use padu_core::peta_rencana::monitoring::Semester;
use padu_core::peta_rencana::{
    Basis, IndicatorTarget, ItemDetails, ItemStatus, ReviewKind, RoadmapStatus,
};
use padu_store::evaluation::{NewPeriod, Stages};
use padu_store::notifications::NewNotification;
use padu_store::peta_rencana::{NewRoadmap, NewRoadmapItem, Roadmap, RoadmapItem};
use padu_store::planner::{ActionStatus, NewActionItem};
use padu_store::testing::databases;
use padu_store::{AuditFilter, NewUser, Store, Who};

use crate::org::tree;

const SPBE: &str = "permenpanrb-59-2020";

fn action(number: u16, to: u32, lead: i64) -> NewActionItem {
    NewActionItem {
        number,
        from: Value(100),
        to: Value(to),
        lead_opd: Some(lead),
        due_date: "2026-06-30".into(),
        target_period: 1,
        effort_days: 5,
        evidence_needed: format!("Bukti indikator {number}"),
    }
}

async fn period(store: &Store, kab: i64, year: i32) -> i64 {
    store
        .create_period(
            &Who::system("uji"),
            NewPeriod {
                instansi_id: kab,
                year,
                kind: PeriodKind::Evaluasi,
                instrument: SPBE.into(),
                target: Some(Value(260)),
                stages: Stages::default(),
                indicators: (1..=47).collect(),
                max_level: 5,
                carry: None,
            },
        )
        .await
        .expect("period")
}

async fn roadmap(store: &Store, kab: i64) -> Roadmap {
    store
        .create_roadmap(
            &Who::system("uji"),
            &NewRoadmap {
                instansi_id: kab,
                title: "Peta Rencana SPBE 2025-2029".into(),
                start_year: 2025,
                end_year: 2029,
                basis: vec![Basis::Rpjmd],
                report_days: 10,
            },
        )
        .await
        .expect("roadmap")
}

async fn item(
    store: &Store,
    r: &Roadmap,
    opd: i64,
    title: &str,
    details: ItemDetails,
) -> RoadmapItem {
    store
        .create_roadmap_item(
            &Who::system("uji"),
            &NewRoadmapItem {
                roadmap_id: r.id,
                opd_id: opd,
                title: title.into(),
                status: ItemStatus::Berjalan,
                details,
            },
        )
        .await
        .expect("item")
}

async fn audited(store: &Store, action: &str) -> usize {
    store
        .audit_entries(
            &AuditFilter {
                action: Some(action.into()),
                ..AuditFilter::default()
            },
            500,
            0,
        )
        .await
        .expect("audit")
        .len()
}

#[tokio::test]
async fn a_done_roadmap_item_finishes_its_open_action_items() {
    for db in databases().await {
        let label = db.label;
        let store = &db.store;
        let (_, _, kab) = tree(store).await;
        let who = Who::system("uji");
        let opd = store
            .create_opd(&who, kab, "Diskominfo", "diskominfo")
            .await
            .expect("opd")
            .id;
        let open = period(store, kab, 2026).await;
        let closed = period(store, kab, 2025).await;
        store
            .replace_planned_actions(
                &who,
                open,
                &[
                    action(5, 300, opd),
                    action(6, 300, opd),
                    action(7, 200, opd),
                ],
            )
            .await
            .expect("plan");
        store
            .replace_planned_actions(&who, closed, &[action(5, 200, opd)])
            .await
            .expect("plan");
        let actions = store.action_items(open).await.expect("actions");
        let old = store.action_items(closed).await.expect("actions");
        let r = roadmap(store, kab).await;
        let it = item(
            store,
            &r,
            opd,
            "Layanan TTE terpadu",
            ItemDetails {
                years: vec![2026],
                ..Default::default()
            },
        )
        .await;
        for a in actions.iter().chain(&old) {
            let got = store
                .attach_action(&who, a.id, Some(it.id))
                .await
                .expect("attach");
            assert_eq!(got.roadmap_item, Some(it.id), "{label}");
        }
        assert_eq!(audited(store, "action.roadmap_item").await, 4, "{label}");
        // one cancelled: it stays cancelled
        store
            .set_action_status(&who, open, actions[2].id, ActionStatus::Batal)
            .await
            .expect("batal");
        store.close_period(&who, closed).await.expect("close");
        let attached = store
            .actions_of_roadmap_items(&[it.id])
            .await
            .expect("attached");
        assert_eq!(attached.len(), 4, "{label}");

        let mut done = it.clone();
        done.status = ItemStatus::Selesai;
        store
            .update_roadmap_item(&who, &done, "roadmap_item.update")
            .await
            .expect("selesai");
        let now = store.action_items(open).await.expect("actions");
        let status = |id: i64| now.iter().find(|a| a.id == id).map(|a| a.status);
        assert_eq!(
            status(actions[0].id),
            Some(ActionStatus::Selesai),
            "{label}"
        );
        assert_eq!(
            status(actions[1].id),
            Some(ActionStatus::Selesai),
            "{label}"
        );
        assert_eq!(status(actions[2].id), Some(ActionStatus::Batal), "{label}");
        let before = store.action_items(closed).await.expect("actions");
        assert_eq!(
            before[0].status,
            ActionStatus::Rencana,
            "{label}: a closed period keeps its items"
        );
        // marked selesai again: nothing more is written
        let entries = audited(store, "action.status").await;
        store
            .update_roadmap_item(&who, &done, "roadmap_item.update")
            .await
            .expect("again");
        assert_eq!(audited(store, "action.status").await, entries, "{label}");
        db.finish().await;
    }
}

#[tokio::test]
async fn attachments_follow_a_review_and_end_with_the_item() {
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
        let p = period(store, kab, 2026).await;
        store
            .replace_planned_actions(&who, p, &[action(3, 300, opd), action(4, 300, opd)])
            .await
            .expect("plan");
        let actions = store.action_items(p).await.expect("actions");
        let r = roadmap(store, kab).await;
        let a = item(
            store,
            &r,
            opd,
            "Sistem perencanaan terpadu",
            ItemDetails::default(),
        )
        .await;
        let b = item(
            store,
            &r,
            opd,
            "Satu Data perencanaan",
            ItemDetails::default(),
        )
        .await;
        store
            .attach_action(&who, actions[0].id, Some(a.id))
            .await
            .expect("attach");
        store
            .attach_action(&who, actions[1].id, Some(b.id))
            .await
            .expect("attach");

        // deleting an item detaches its action items, which stay
        store.delete_roadmap_item(&who, b.id).await.expect("delete");
        let now = store.action_items(p).await.expect("actions");
        assert_eq!(now.len(), 2, "{label}");
        assert_eq!(
            now.iter()
                .find(|x| x.id == actions[1].id)
                .and_then(|x| x.roadmap_item),
            None,
            "{label}"
        );

        // a review: the action item follows its item to the new version's copy
        let mut enacted = r.clone();
        enacted.status = RoadmapStatus::Ditetapkan;
        store
            .update_roadmap(&who, &enacted, RoadmapStatus::Draft, "roadmap.enact")
            .await
            .expect("enact");
        let new = store
            .review_roadmap(
                &who,
                r.id,
                ReviewKind::Tengah,
                None,
                "Peta Rencana SPBE 2025-2029 (reviu)",
            )
            .await
            .expect("review");
        assert_eq!(new.report_days, 10, "{label}: the deadline is copied");
        let copies = store.roadmap_items(new.id).await.expect("items");
        assert_eq!(copies.len(), 1, "{label}");
        let moved = store
            .action_item(actions[0].id)
            .await
            .expect("read")
            .expect("action");
        assert_eq!(moved.roadmap_item, Some(copies[0].id), "{label}");
        db.finish().await;
    }
}

#[tokio::test]
async fn only_the_roadmaps_in_force_and_items_not_cancelled_answer() {
    for db in databases().await {
        let label = db.label;
        let store = &db.store;
        let (_, _, kab) = tree(store).await;
        let who = Who::system("uji");
        let opd = store
            .create_opd(&who, kab, "Diskominfo", "diskominfo")
            .await
            .expect("opd")
            .id;
        let aims = |arch: i64, number: u16| ItemDetails {
            architecture_item: Some(arch),
            indicators: vec![IndicatorTarget {
                instrument: SPBE.into(),
                number,
                level: 4,
            }],
            ..Default::default()
        };
        let r = roadmap(store, kab).await;
        item(store, &r, opd, "Pusat data", aims(101, 25)).await;
        let cancelled = item(store, &r, opd, "Aplikasi lama", aims(102, 25)).await;
        let mut c = cancelled.clone();
        c.status = ItemStatus::Batal;
        store
            .update_roadmap_item(&who, &c, "roadmap_item.update")
            .await
            .expect("batal");
        assert_eq!(
            store
                .planned_architecture_items(kab)
                .await
                .expect("planned"),
            BTreeSet::from([101]),
            "{label}"
        );
        let aimed = store
            .roadmap_items_aimed_at(kab, SPBE, 25)
            .await
            .expect("aimed");
        assert_eq!(
            aimed.iter().map(|i| i.title.as_str()).collect::<Vec<_>>(),
            ["Pusat data"],
            "{label}"
        );
        assert!(
            store
                .roadmap_items_aimed_at(kab, SPBE, 26)
                .await
                .expect("aimed")
                .is_empty(),
            "{label}"
        );
        assert!(
            store
                .roadmap_items_aimed_at(kab, "permenpanrb-8-2026", 25)
                .await
                .expect("aimed")
                .is_empty(),
            "{label}"
        );
        // reviewed: the old version's items no longer count, the new version's do
        let mut enacted = r.clone();
        enacted.status = RoadmapStatus::Ditetapkan;
        store
            .update_roadmap(&who, &enacted, RoadmapStatus::Draft, "roadmap.enact")
            .await
            .expect("enact");
        let new = store
            .review_roadmap(&who, r.id, ReviewKind::Akhir, None, "Versi 2")
            .await
            .expect("review");
        let (in_force, items) = store.items_in_force(Some(kab)).await.expect("in force");
        assert_eq!(
            in_force.iter().map(|r| r.id).collect::<Vec<_>>(),
            [new.id],
            "{label}"
        );
        assert!(items.iter().all(|i| i.roadmap_id == new.id), "{label}");
        assert_eq!(
            store
                .roadmap_items_aimed_at(kab, SPBE, 25)
                .await
                .expect("aimed")
                .len(),
            1,
            "{label}"
        );
        db.finish().await;
    }
}

#[tokio::test]
async fn iku_targets_are_replaced_whole_and_audited() {
    for db in databases().await {
        let label = db.label;
        let store = &db.store;
        let (_, _, kab) = tree(store).await;
        let who = Who::system("uji");
        assert!(
            store.iku_targets(kab).await.expect("read").is_empty(),
            "{label}"
        );
        let first = BTreeMap::from([(2025, Value(245)), (2026, Value(260)), (2027, Value(275))]);
        store.set_iku_targets(&who, kab, &first).await.expect("set");
        assert_eq!(
            store.iku_targets(kab).await.expect("read"),
            first,
            "{label}"
        );
        let second = BTreeMap::from([(2026, Value(265)), (2029, Value(310))]);
        store
            .set_iku_targets(&who, kab, &second)
            .await
            .expect("set");
        assert_eq!(
            store.iku_targets(kab).await.expect("read"),
            second,
            "{label}"
        );
        assert_eq!(audited(store, "iku.set").await, 2, "{label}");
        db.finish().await;
    }
}

#[tokio::test]
async fn a_realisation_reminder_goes_out_once_per_item_and_semester() {
    for db in databases().await {
        let label = db.label;
        let store = &db.store;
        let (_, _, kab) = tree(store).await;
        let who = Who::system("uji");
        let opd = store
            .create_opd(&who, kab, "Diskominfo", "diskominfo")
            .await
            .expect("opd")
            .id;
        let user = store
            .create_user(
                &who,
                NewUser {
                    username: "operator.kominfo".into(),
                    display_name: "Operator".into(),
                    password_hash: "x".into(),
                    role: padu_core::access::Role::OperatorOpd,
                    instansi_id: Some(kab),
                    opd_id: Some(opd),
                    email: None,
                },
            )
            .await
            .expect("user");
        let r = roadmap(store, kab).await;
        let it = item(store, &r, opd, "Pusat data", ItemDetails::default()).await;
        let note = NewNotification {
            user_id: user,
            kind: "realisasi".into(),
            message: "Realisasi Semester 2 2026 ditunggu".into(),
            link: format!("/peta-rencana/item/{}", it.id),
        };
        let s2 = Semester {
            year: 2026,
            semester: 2,
        };
        assert!(
            store
                .record_realisation_reminder(it.id, s2, std::slice::from_ref(&note))
                .await
                .expect("first"),
            "{label}"
        );
        assert!(
            !store
                .record_realisation_reminder(it.id, s2, std::slice::from_ref(&note))
                .await
                .expect("again"),
            "{label}"
        );
        let s1 = Semester {
            year: 2027,
            semester: 1,
        };
        assert!(
            store
                .record_realisation_reminder(it.id, s1, std::slice::from_ref(&note))
                .await
                .expect("next"),
            "{label}"
        );
        let inbox = store
            .notifications_of(user, false, 50)
            .await
            .expect("inbox");
        assert_eq!(inbox.len(), 2, "{label}");
        // the item's deletion takes its reminders along
        store
            .delete_roadmap_item(&who, it.id)
            .await
            .expect("delete");
        db.finish().await;
    }
}
