//! Evidence reviews, carrying forward, and reusable evidence.

use super::*;

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
