//! Action items of an accepted plan: created in one audited write, replacing earlier planned
//! items, listed in one query, their status changed (audited).

use padu_core::Value;
use padu_core::evaluation::PeriodKind;
use padu_store::evaluation::{NewPeriod, Stages};
use padu_store::planner::{ActionStatus, NewActionItem};
use padu_store::testing::databases;
use padu_store::{AuditFilter, StoreError, Who};

use crate::org::tree;

fn item(number: u16, from: u32, to: u32, lead: Option<i64>, semester: u32) -> NewActionItem {
    NewActionItem {
        number,
        from: Value(from),
        to: Value(to),
        lead_opd: lead,
        due_date: format!("2026-{:02}-30", semester * 6),
        target_period: semester,
        effort_days: u64::from(number) * 3,
        evidence_needed: format!("Bukti level {}", to / 100),
    }
}

#[tokio::test]
async fn accepting_a_plan_replaces_only_the_planned_items_and_is_audited() {
    for db in databases().await {
        let store = &db.store;
        let (_, _, kab) = tree(store).await;
        let who = Who::system("uji");
        let opd = store
            .create_opd(&who, kab, "Diskominfo", "diskominfo")
            .await
            .expect("opd")
            .id;
        let period = store
            .create_period(
                &who,
                NewPeriod {
                    instansi_id: kab,
                    year: 2026,
                    kind: PeriodKind::Evaluasi,
                    instrument: "permenpanrb-59-2020".into(),
                    target: Some(Value(260)),
                    stages: Stages::default(),
                    indicators: (1..=47).collect(),
                    max_level: 5,
                    carry: None,
                },
            )
            .await
            .expect("period");

        let removed = store
            .replace_planned_actions(
                &who,
                period,
                &[
                    item(12, 100, 200, Some(opd), 1),
                    item(3, 150, 200, None, 1),
                    item(12, 200, 300, Some(opd), 2),
                ],
            )
            .await
            .expect("create");
        assert_eq!(removed, 0, "{}", db.label);
        let items = store.action_items(period).await.expect("list");
        assert_eq!(items.len(), 3);
        assert_eq!(
            items
                .iter()
                .map(|a| (a.number, a.to, a.target_period))
                .collect::<Vec<_>>(),
            vec![(3, Value(200), 1), (12, Value(200), 1), (12, Value(300), 2)]
        );
        assert!(items.iter().all(|a| a.status == ActionStatus::Rencana));
        assert_eq!(items[0].from, Value(150));
        assert_eq!(items[1].lead_opd, Some(opd));
        assert_eq!(items[1].due_date, "2026-06-30");
        assert_eq!(items[2].evidence_needed, "Bukti level 3");

        // one is started: a new plan replaces the other two and keeps it
        let started = store
            .set_action_status(&who, period, items[1].id, ActionStatus::Berjalan)
            .await
            .expect("status");
        assert_eq!(started.status, ActionStatus::Berjalan);
        let removed = store
            .replace_planned_actions(&who, period, &[item(20, 100, 200, None, 1)])
            .await
            .expect("replace");
        assert_eq!(removed, 2);
        let after = store.action_items(period).await.expect("list");
        assert_eq!(
            after
                .iter()
                .map(|a| (a.number, a.status))
                .collect::<Vec<_>>(),
            vec![(12, ActionStatus::Berjalan), (20, ActionStatus::Rencana)]
        );

        // another instansi's OPD is refused, and nothing is written
        let other = store
            .create_opd(&who, kab, "Bappeda", "bappeda")
            .await
            .expect("opd")
            .id;
        let err = store
            .replace_planned_actions(&who, period, &[item(5, 100, 200, Some(other + 99), 1)])
            .await
            .expect_err("foreign opd");
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
        assert_eq!(store.action_items(period).await.expect("list").len(), 2);

        // an item of another period is not found
        let err = store
            .set_action_status(&who, period + 1, after[0].id, ActionStatus::Selesai)
            .await
            .expect_err("other period");
        assert!(matches!(err, StoreError::NotFound), "{err:?}");

        let actions: Vec<String> = store
            .audit_entries(&AuditFilter::default(), 50, 0)
            .await
            .expect("audit")
            .into_iter()
            .map(|e| e.action)
            .filter(|a| a.starts_with("plan.") || a.starts_with("action."))
            .collect();
        assert_eq!(actions, vec!["plan.accept", "action.status", "plan.accept"]);
        assert!(
            store
                .verify_audit()
                .await
                .expect("verify")
                .first_broken
                .is_none()
        );
    }
}

#[test]
fn status_codes_round_trip() {
    for s in ActionStatus::ALL {
        assert_eq!(ActionStatus::from_code(s.code()), Some(s));
    }
    assert_eq!(ActionStatus::from_code("x"), None);
}
