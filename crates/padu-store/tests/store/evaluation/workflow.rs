//! Periods, their indicators and the review workflow's storage.

use super::*;

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
