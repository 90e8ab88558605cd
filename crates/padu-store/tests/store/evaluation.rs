//! Periods, assignments, the review workflow's storage, evidence and carry-forward.

use padu_core::Value;
use padu_core::evaluation::{EDITABLE, EvidenceReview, PeriodKind, Status};
use padu_store::evaluation::{
    Carry, EvidenceKind, NewEvidence, NewPeriod, Stages, Transition, Verdict, WorkPatch,
};
use padu_store::notifications::NewNotification;
use padu_store::testing::databases;
use padu_store::{AuditFilter, NewUser, Store, StoreError, Who};

use crate::org::tree;

fn period(
    instansi_id: i64,
    year: i32,
    instrument: &str,
    count: u16,
    carry: Option<Carry>,
) -> NewPeriod {
    NewPeriod {
        instansi_id,
        year,
        kind: PeriodKind::Evaluasi,
        instrument: instrument.into(),
        target: Some(Value(260)),
        stages: Stages::default(),
        indicators: (1..=count).collect(),
        max_level: 5,
        carry,
    }
}

fn file(instansi_id: i64, name: &str) -> NewEvidence {
    NewEvidence {
        instansi_id,
        kind: EvidenceKind::File,
        name: name.into(),
        sha256: Some("ab".repeat(32)),
        size: Some(1234),
        content_type: Some("application/pdf".into()),
        url: None,
        uploaded_by: None,
        effective_date: Some("2026-01-02".into()),
        expiry_date: Some("2026-12-31".into()),
    }
}

async fn setup(store: &Store) -> (i64, i64, i64) {
    let (_, _, kab) = tree(store).await;
    let who = Who::system("uji");
    let diskominfo = store
        .create_opd(&who, kab, "Diskominfo", "diskominfo")
        .await
        .expect("opd")
        .id;
    let bappeda = store
        .create_opd(&who, kab, "Bappeda", "bappeda")
        .await
        .expect("opd")
        .id;
    (kab, diskominfo, bappeda)
}

#[tokio::test]
async fn a_period_has_every_indicator_and_lists_them_in_three_queries() {
    for db in databases().await {
        let store = &db.store;
        let (kab, diskominfo, bappeda) = setup(store).await;
        let who = Who::system("uji");
        let id = store
            .create_period(&who, period(kab, 2025, "permenpanrb-59-2020", 47, None))
            .await
            .expect("period");
        let err = store
            .create_period(&who, period(kab, 2025, "permenpanrb-59-2020", 47, None))
            .await
            .expect_err("duplicate");
        assert!(
            matches!(err, StoreError::Conflict(_)),
            "{}: {err}",
            db.label
        );

        let list = store.period_indicators(id).await.expect("list");
        assert_eq!(list.len(), 47);
        assert!(
            list.iter()
                .all(|i| i.status == Status::Draft && !i.to_review && i.evidence_count == 0)
        );

        store
            .set_assignment(&who, id, 3, Some(diskominfo), &[bappeda, bappeda])
            .await
            .expect("assign");
        let pi = store
            .period_indicator(id, 3)
            .await
            .expect("ok")
            .expect("exists");
        assert_eq!(
            (pi.lead_opd, pi.contributors.clone()),
            (Some(diskominfo), vec![bappeda]),
            "{}",
            db.label
        );
        // an OPD of another instansi cannot be assigned, and nothing changes
        let err = store
            .set_assignment(&who, id, 3, Some(999_999), &[])
            .await
            .expect_err("foreign OPD");
        assert!(matches!(err, StoreError::Invalid(_)));
        assert_eq!(
            store
                .period_indicator(id, 3)
                .await
                .expect("ok")
                .expect("exists")
                .lead_opd,
            Some(diskominfo)
        );
        let periods = store.periods_of(kab).await.expect("periods");
        assert_eq!(
            (periods.len(), periods[0].year, periods[0].target),
            (1, 2025, Some(Value(260)))
        );
        db.finish().await;
    }
}

#[tokio::test]
async fn the_review_workflow_is_atomic_and_checks_the_status() {
    for db in databases().await {
        let store = &db.store;
        let (kab, diskominfo, _) = setup(store).await;
        let who = Who::system("uji");
        let hash = "$argon2id$uji".to_string();
        let op = store
            .create_user(
                &who,
                NewUser {
                    username: "op".into(),
                    display_name: "Operator".into(),
                    password_hash: hash,
                    role: padu_core::access::Role::OperatorOpd,
                    instansi_id: Some(kab),
                    opd_id: Some(diskominfo),
                    email: None,
                },
            )
            .await
            .expect("user");
        let id = store
            .create_period(&who, period(kab, 2026, "permenpanrb-59-2020", 47, None))
            .await
            .expect("period");
        let patch = WorkPatch {
            self_value: Some(Some(Value(300))),
            fakta: Some("Perbup 12/2025".into()),
            analisis: Some("Level 3".into()),
        };
        let pi = store
            .update_work(&who, id, 1, &EDITABLE, patch)
            .await
            .expect("work");
        assert_eq!(
            (pi.self_value, pi.fakta.as_str()),
            (Some(Value(300)), "Perbup 12/2025")
        );
        let (item, _) = store
            .add_evidence(&who, id, 1, &EDITABLE, file(kab, "perbup.pdf"), 3)
            .await
            .expect("evidence");
        assert_eq!(
            store
                .period_indicator(id, 1)
                .await
                .expect("ok")
                .expect("exists")
                .evidence_count,
            1
        );

        let submit = Transition {
            expect: EDITABLE.to_vec(),
            to: Status::Submitted,
            accepted_value: None,
            comment: None,
            notify: vec![],
            action: "indicator.submit",
        };
        store
            .transition(&who, id, 1, submit.clone())
            .await
            .expect("submit");
        // a second submit from the same starting point loses: the status is re-checked
        let err = store
            .transition(&who, id, 1, submit)
            .await
            .expect_err("already submitted");
        assert!(
            matches!(err, StoreError::Conflict(ref m) if m.contains("diajukan")),
            "{}: {err}",
            db.label
        );
        let err = store
            .update_work(
                &who,
                id,
                1,
                &EDITABLE,
                WorkPatch {
                    fakta: Some("x".into()),
                    ..Default::default()
                },
            )
            .await
            .expect_err("locked");
        assert!(matches!(err, StoreError::Conflict(_)));
        let err = store
            .link_evidence(&who, id, 1, &EDITABLE, item.id, 2)
            .await
            .expect_err("locked");
        assert!(matches!(err, StoreError::Conflict(_)));

        let ret = Transition {
            expect: vec![Status::Submitted],
            to: Status::Returned,
            accepted_value: None,
            comment: Some(("dikembalikan".into(), "Lampirkan SK".into())),
            notify: vec![NewNotification {
                user_id: op,
                kind: "dikembalikan".into(),
                message: "Indikator 1 dikembalikan".into(),
                link: "/x".into(),
            }],
            action: "indicator.return",
        };
        let pi = store.transition(&who, id, 1, ret).await.expect("return");
        assert_eq!(pi.status, Status::Returned);
        assert_eq!(
            store.comments_of(id, 1).await.expect("comments")[0].body,
            "Lampirkan SK"
        );
        let notes = store.notifications_of(op, true, 10).await.expect("notes");
        assert_eq!(notes.len(), 1, "{}", db.label);
        store.mark_notifications_read(op).await.expect("read");
        assert!(
            store
                .notifications_of(op, true, 10)
                .await
                .expect("notes")
                .is_empty()
        );

        let accept = Transition {
            expect: vec![Status::Submitted],
            to: Status::Accepted,
            accepted_value: Some(Some(Value(200))),
            comment: None,
            notify: vec![],
            action: "indicator.accept",
        };
        assert!(
            store.transition(&who, id, 1, accept.clone()).await.is_err(),
            "returned is not submitted"
        );
        store
            .transition(
                &who,
                id,
                1,
                Transition {
                    expect: EDITABLE.to_vec(),
                    to: Status::Submitted,
                    accepted_value: None,
                    comment: None,
                    notify: vec![],
                    action: "indicator.submit",
                },
            )
            .await
            .expect("resubmit");
        let pi = store.transition(&who, id, 1, accept).await.expect("accept");
        assert_eq!(
            (pi.status, pi.accepted_value),
            (Status::Accepted, Some(Value(200)))
        );
        let pi = store
            .set_final(&who, id, 1, Some(Value(200)), Some("Hasil KemenPAN-RB"))
            .await
            .expect("final");
        assert_eq!(pi.final_value, Some(Value(200)));

        let actions: Vec<String> = store
            .audit_entries(
                &AuditFilter {
                    action: Some("indicator.".into()),
                    ..Default::default()
                },
                50,
                0,
            )
            .await
            .expect("audit")
            .into_iter()
            .map(|e| e.action)
            .collect();
        assert_eq!(
            actions,
            vec![
                "indicator.final",
                "indicator.accept",
                "indicator.submit",
                "indicator.return",
                "indicator.submit",
                "indicator.update"
            ],
            "{}",
            db.label
        );
        assert_eq!(
            store.verify_audit().await.expect("verify").first_broken,
            None
        );
        db.finish().await;
    }
}

#[tokio::test]
async fn evidence_reviews_reject_higher_levels_automatically() {
    for db in databases().await {
        let store = &db.store;
        let (kab, _, _) = setup(store).await;
        let who = Who::system("uji");
        let id = store
            .create_period(&who, period(kab, 2026, "permenpanrb-59-2020", 47, None))
            .await
            .expect("period");
        let mut links = Vec::new();
        for (name, level) in [("l2.pdf", 2), ("l3.pdf", 3), ("l4.pdf", 4)] {
            let (_, link) = store
                .add_evidence(&who, id, 5, &EDITABLE, file(kab, name), level)
                .await
                .expect("evidence");
            links.push(link);
        }
        store
            .review_evidence(
                &who,
                id,
                5,
                links[0],
                Verdict {
                    review: EvidenceReview::Diterima,
                    note: None,
                },
                1,
            )
            .await
            .expect("review");
        let after = store
            .review_evidence(
                &who,
                id,
                5,
                links[1],
                Verdict {
                    review: EvidenceReview::TidakTepat,
                    note: Some("Bukan SK".into()),
                },
                1,
            )
            .await
            .expect("review");
        let reviews: Vec<(u32, EvidenceReview)> =
            after.iter().map(|e| (e.level, e.review)).collect();
        assert_eq!(
            reviews,
            vec![
                (2, EvidenceReview::Diterima),
                (3, EvidenceReview::TidakTepat),
                (4, EvidenceReview::DitolakOtomatis)
            ],
            "{}",
            db.label
        );
        // the same evidence cannot be linked twice to one indicator, but can be reused elsewhere
        let item = after[0].evidence.id;
        assert!(matches!(
            store.link_evidence(&who, id, 5, &EDITABLE, item, 2).await,
            Err(StoreError::Conflict(_))
        ));
        store
            .link_evidence(&who, id, 16, &EDITABLE, item, 2)
            .await
            .expect("reuse");
        assert_eq!(
            store
                .expiring_evidence(kab, "2026-12-31")
                .await
                .expect("expiring")
                .len(),
            3
        );
        assert!(
            store
                .expiring_evidence(kab, "2026-06-30")
                .await
                .expect("expiring")
                .is_empty()
        );
        db.finish().await;
    }
}

#[tokio::test]
async fn carrying_forward_brings_work_but_marks_it_to_review() {
    for db in databases().await {
        let store = &db.store;
        let (kab, diskominfo, bappeda) = setup(store).await;
        let who = Who::system("uji");
        let old = store
            .create_period(&who, period(kab, 2024, "permenpanrb-59-2020", 47, None))
            .await
            .expect("period");
        store
            .set_assignment(&who, old, 8, Some(diskominfo), &[bappeda])
            .await
            .expect("assign");
        store
            .update_work(
                &who,
                old,
                8,
                &EDITABLE,
                WorkPatch {
                    self_value: Some(Some(Value(300))),
                    fakta: Some("Kebijakan keamanan".into()),
                    analisis: Some("L3".into()),
                },
            )
            .await
            .expect("work");
        let (item, _) = store
            .add_evidence(&who, old, 8, &EDITABLE, file(kab, "sk-keamanan.pdf"), 3)
            .await
            .expect("evidence");
        store
            .add_evidence(
                &who,
                old,
                22,
                &EDITABLE,
                file(kab, "laporan-keamanan.pdf"),
                2,
            )
            .await
            .expect("evidence");

        // same instrument: values come along
        let same = Carry {
            from_period: old,
            sources: (1..=47).map(|n| (n, vec![n])).collect(),
            copy_values: true,
            source_label: None,
        };
        let next = store
            .create_period(
                &who,
                period(kab, 2025, "permenpanrb-59-2020", 47, Some(same)),
            )
            .await
            .expect("carry");
        let pi = store
            .period_indicator(next, 8)
            .await
            .expect("ok")
            .expect("exists");
        assert_eq!(
            (pi.lead_opd, pi.contributors.clone(), pi.self_value),
            (Some(diskominfo), vec![bappeda], Some(Value(300)))
        );
        assert!(pi.to_review && pi.status == Status::Draft, "{}", db.label);
        assert_eq!(
            store.indicator_evidence(next, 8).await.expect("evidence")[0]
                .evidence
                .id,
            item.id,
            "no upload again"
        );

        // across instruments: new 10 <- old 8 and 22: evidence and narratives, never scores
        let cross = Carry {
            from_period: next,
            sources: vec![(10, vec![8, 22])],
            copy_values: false,
            source_label: Some("PermenPAN-RB 59/2020".into()),
        };
        let pemdi = store
            .create_period(
                &who,
                period(kab, 2026, "permenpanrb-8-2026", 20, Some(cross)),
            )
            .await
            .expect("cross");
        let pi = store
            .period_indicator(pemdi, 10)
            .await
            .expect("ok")
            .expect("exists");
        assert_eq!(pi.self_value, None, "scores are not converted");
        assert!(
            pi.fakta
                .contains("[Dari PermenPAN-RB 59/2020 indikator 8] Kebijakan keamanan"),
            "{}",
            pi.fakta
        );
        assert_eq!(pi.lead_opd, Some(diskominfo));
        let carried: Vec<String> = store
            .indicator_evidence(pemdi, 10)
            .await
            .expect("evidence")
            .into_iter()
            .map(|e| e.evidence.name)
            .collect();
        assert_eq!(
            carried,
            vec!["laporan-keamanan.pdf", "sk-keamanan.pdf"],
            "the evidence of old 8 and 22 (by level), not uploaded again"
        );
        let untouched = store
            .period_indicator(pemdi, 1)
            .await
            .expect("ok")
            .expect("exists");
        assert!(!untouched.to_review && untouched.fakta.is_empty());
        db.finish().await;
    }
}

#[tokio::test]
async fn reusable_evidence_is_the_newest_first_found_by_name_and_bounded() {
    for db in databases().await {
        let store = &db.store;
        let (kab, _, _) = setup(store).await;
        let who = Who::system("uji");
        let id = store
            .create_period(&who, period(kab, 2026, "permenpanrb-59-2020", 47, None))
            .await
            .expect("period");
        let mut ids = Vec::new();
        for name in [
            "SK Tim SPBE 2024.pdf",
            "Laporan 100% selesai.pdf",
            "Laporan 100 persen.pdf",
            "notulen_rapat.pdf",
            "notulenXrapat.pdf",
            "Peta Rencana.pdf",
        ] {
            let (evidence, _) = store
                .add_evidence(&who, id, 1, &EDITABLE, file(kab, name), 1)
                .await
                .expect("evidence");
            ids.push(evidence);
        }
        let names = |found: Vec<padu_store::evaluation::Evidence>| -> Vec<String> {
            found.into_iter().map(|e| e.name).collect()
        };
        let newest = store
            .reusable_evidence(kab, "", &[], 2)
            .await
            .expect("newest");
        assert_eq!(
            names(newest),
            ["Peta Rencana.pdf", "notulenXrapat.pdf"],
            "{}",
            db.label
        );
        // case does not matter; % and _ are taken as written
        let found = store
            .reusable_evidence(kab, "sk tim", &[], 10)
            .await
            .expect("search");
        assert_eq!(names(found), ["SK Tim SPBE 2024.pdf"], "{}", db.label);
        let found = store
            .reusable_evidence(kab, "100%", &[], 10)
            .await
            .expect("search");
        assert_eq!(names(found), ["Laporan 100% selesai.pdf"], "{}", db.label);
        let found = store
            .reusable_evidence(kab, "notulen_", &[], 10)
            .await
            .expect("search");
        assert_eq!(names(found), ["notulen_rapat.pdf"], "{}", db.label);
        // what is linked already is left out; another instansi's evidence never shows
        let found = store
            .reusable_evidence(kab, "laporan", &[ids[1].id], 10)
            .await
            .expect("except");
        assert_eq!(names(found), ["Laporan 100 persen.pdf"], "{}", db.label);
        let other = store
            .all_instansi()
            .await
            .expect("instansi")
            .into_iter()
            .find(|i| i.id != kab)
            .expect("another instansi");
        assert!(
            store
                .reusable_evidence(other.id, "", &[], 10)
                .await
                .expect("other")
                .is_empty()
        );
        db.finish().await;
    }
}
