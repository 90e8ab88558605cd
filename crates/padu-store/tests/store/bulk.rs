//! Writing many instansi at once (`create_bulk`) and the installation's own facts
//! (`instance_meta`, the demo mark): audited, all or nothing, read back as written.

use padu_core::Value;
use padu_core::access::{InstansiKind, Role};
use padu_core::evaluation::{PeriodKind, Status};
use padu_store::evaluation::{DateRange, Stages};
use padu_store::testing::databases;
use padu_store::{
    AuditFilter, BulkComment, BulkIndicator, BulkInstansi, BulkPeriod, BulkUser, NewInstansi,
    StoreError, Who,
};

use crate::org::tree;

fn indicator(number: u16, status: Status, value: u32) -> BulkIndicator {
    BulkIndicator {
        number,
        lead_opd: Some(usize::from(number % 2)),
        contributors: vec![0, 1],
        status,
        self_value: Some(Value::from_level(value)),
        accepted_value: (status == Status::Accepted).then(|| Value::from_level(value)),
        final_value: None,
        fakta: format!("Fakta {number}"),
        analisis: String::new(),
        external: None,
        comments: Vec::new(),
    }
}

fn kota(parent: i64, name: &str, username: &str) -> BulkInstansi {
    let mut closed: Vec<BulkIndicator> = (1..=47)
        .map(|n| indicator(n, Status::Accepted, 2))
        .collect();
    for i in &mut closed {
        i.final_value = Some(Value::from_level(3));
    }
    let mut open: Vec<BulkIndicator> = (1..=20).map(|n| indicator(n, Status::Draft, 1)).collect();
    open[2].status = Status::Returned;
    open[2].comments.push(BulkComment {
        kind: "dikembalikan".into(),
        author_name: "Tim Asesor Internal".into(),
        body: "Lengkapi notulen rapat.".into(),
    });
    open[4].external = Some(("Indeks SDI 2026".into(), Some("2026-09-30".into())));
    BulkInstansi {
        instansi: NewInstansi {
            kind: InstansiKind::Kota,
            name: name.into(),
            parent_id: Some(parent),
            kode_wilayah: Some("35.79".into()),
            timezone: "WIB".into(),
        },
        opds: vec![
            (
                "Dinas Komunikasi dan Informatika".into(),
                "diskominfo".into(),
            ),
            ("Inspektorat Daerah".into(), "inspektorat".into()),
        ],
        users: vec![BulkUser {
            username: username.into(),
            display_name: format!("Admin {name}"),
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
            role: Role::AdminInstansi,
            opd: None,
            email: None,
        }],
        periods: vec![
            BulkPeriod {
                year: 2025,
                kind: PeriodKind::Pemantauan,
                instrument: "permenpanrb-59-2020".into(),
                target: Some(Value(260)),
                stages: Stages::default(),
                closed: true,
                carried: false,
                indicators: closed,
            },
            BulkPeriod {
                year: 2026,
                kind: PeriodKind::Evaluasi,
                instrument: "permenpanrb-8-2026".into(),
                target: None,
                stages: Stages {
                    mandiri: DateRange {
                        start: Some("2026-08-01".into()),
                        end: Some("2026-09-30".into()),
                    },
                    ..Stages::default()
                },
                closed: false,
                carried: true,
                indicators: open,
            },
        ],
    }
}

#[tokio::test]
async fn instansi_written_in_bulk_read_back_as_written_and_are_audited() {
    for db in databases().await {
        let store = &db.store;
        let who = Who::system("demo");
        let (_, jatim, kab) = tree(store).await;
        let before = store.verify_audit().await.expect("verify").entries;
        let ids = store
            .create_bulk(
                &who,
                &[
                    kota(jatim, "Kota Batu", "admin.kotabatu"),
                    kota(jatim, "Kota Blitar", "admin.kotablitar"),
                ],
            )
            .await
            .expect("bulk");
        assert_eq!(ids.len(), 2, "{}", db.label);
        let batu = store.instansi(ids[0]).await.expect("read").expect("there");
        assert_eq!(batu.name, "Kota Batu");
        assert_eq!(batu.parent_id, Some(jatim));
        assert_eq!(batu.kode_wilayah.as_deref(), Some("35.79"));
        let opds = store.opds_of(ids[0]).await.expect("opds");
        assert_eq!(opds.len(), 2);
        let diskominfo = opds
            .iter()
            .find(|o| o.kind == "diskominfo")
            .expect("kominfo");
        let inspektorat = opds.iter().find(|o| o.kind == "inspektorat").expect("insp");

        let periods = store.periods_of(ids[0]).await.expect("periods");
        assert_eq!(periods.len(), 2, "{}", db.label);
        let (open, closed) = (&periods[0], &periods[1]);
        assert_eq!((open.year, open.closed), (2026, false));
        assert_eq!((closed.year, closed.closed), (2025, true));
        assert_eq!(closed.kind, PeriodKind::Pemantauan);
        assert_eq!(open.carried_from, Some(closed.id));
        assert_eq!(closed.target, Some(Value(260)));
        assert_eq!(open.stages.mandiri.end.as_deref(), Some("2026-09-30"));

        let finals = store
            .period_indicators(closed.id)
            .await
            .expect("indicators");
        assert_eq!(finals.len(), 47);
        assert!(finals.iter().all(|i| i.final_value == Some(Value(300))
            && i.accepted_value == Some(Value(200))
            && i.status == Status::Accepted));
        let first = &finals[0];
        assert_eq!(first.lead_opd, Some(inspektorat.id), "indicator 1: opds[1]");
        assert_eq!(
            first.contributors,
            vec![diskominfo.id],
            "the lead is no contributor"
        );
        let current = store.period_indicators(open.id).await.expect("indicators");
        assert_eq!(current.len(), 20);
        assert_eq!(current[2].status, Status::Returned);
        assert_eq!(
            current[4].external_source.as_deref(),
            Some("Indeks SDI 2026")
        );
        assert_eq!(current[4].external_date.as_deref(), Some("2026-09-30"));
        let thread = store.comments_of(open.id, 3).await.expect("comments");
        assert_eq!(thread.len(), 1);
        assert_eq!(thread[0].kind, "dikembalikan");
        assert_eq!(thread[0].body, "Lengkapi notulen rapat.");

        let (user, _) = store
            .user_for_login("admin.kotabatu")
            .await
            .expect("read")
            .expect("user");
        assert_eq!(user.instansi_id, Some(ids[0]));
        assert_eq!(user.role, Role::AdminInstansi);

        // audited: per instansi one entry each for it, its OPDs, its user and its periods
        let check = store.verify_audit().await.expect("verify");
        assert!(check.first_broken.is_none(), "{:?}", check.first_broken);
        assert_eq!(check.entries - before, 2 * (1 + 2 + 1 + 2), "{}", db.label);
        let entries = store
            .audit_entries(
                &AuditFilter {
                    instansi_ids: Some(vec![ids[0]]),
                    ..AuditFilter::default()
                },
                50,
                0,
            )
            .await
            .expect("entries");
        assert!(entries.iter().all(|e| e.actor_name == "demo"));
        let period_entry = entries
            .iter()
            .find(|e| e.action == "period.create" && e.entity_id == Some(closed.id.to_string()))
            .expect("period entry");
        let after: serde_json::Value =
            serde_json::from_str(period_entry.after.as_deref().expect("after")).expect("json");
        assert_eq!(after["closed"], true);
        assert_eq!(after["indicators"].as_array().map(Vec::len), Some(47));
        assert_eq!(
            after["indicators"][0],
            serde_json::json!([1, "accepted", 200, 200, 300])
        );
        assert!(
            entries
                .iter()
                .filter(|e| e.action == "user.create")
                .all(|e| !e.after.as_deref().unwrap_or("").contains("argon2")),
            "never the password hash"
        );

        // all or nothing: a duplicate name refuses the whole call
        let refused = store
            .create_bulk(
                &who,
                &[
                    kota(jatim, "Kota Madiun", "admin.kotamadiun"),
                    kota(jatim, "Kota Batu", "admin.lain"),
                ],
            )
            .await;
        assert!(
            matches!(refused, Err(StoreError::Conflict(_))),
            "{refused:?}"
        );
        assert!(
            store
                .instansi_by_name("Kota Madiun")
                .await
                .expect("read")
                .is_none()
        );
        assert!(
            store
                .user_for_login("admin.kotamadiun")
                .await
                .expect("read")
                .is_none()
        );

        // a kota under a kabupaten, and a lead OPD that does not exist, are refused
        let under_kab = store
            .create_bulk(&who, &[kota(kab, "Kota Salah", "admin.salah")])
            .await;
        assert!(
            matches!(under_kab, Err(StoreError::Invalid(_))),
            "{under_kab:?}"
        );
        let mut broken = kota(jatim, "Kota Rusak", "admin.rusak");
        broken.periods[0].indicators[0].lead_opd = Some(9);
        let refused = store.create_bulk(&who, &[broken]).await;
        assert!(
            matches!(refused, Err(StoreError::Invalid(_))),
            "{refused:?}"
        );
        assert!(
            store
                .instansi_by_name("Kota Salah")
                .await
                .expect("read")
                .is_none()
        );
        db.finish().await;
    }
}

#[tokio::test]
async fn the_demo_mark_is_stored_audited_and_read_back() {
    for db in databases().await {
        let store = &db.store;
        assert!(!store.is_demo().await.expect("read"), "{}", db.label);
        assert_eq!(store.instance_meta("demo").await.expect("read"), None);
        store.mark_demo(&Who::system("demo")).await.expect("mark");
        assert!(store.is_demo().await.expect("read"));
        // marking again replaces the value, it does not fail
        store.mark_demo(&Who::system("demo")).await.expect("again");
        store
            .set_instance_meta(&Who::system("cli"), "demo", "false")
            .await
            .expect("unmark");
        assert!(!store.is_demo().await.expect("read"));
        let entries = store
            .audit_entries(&AuditFilter::default(), 10, 0)
            .await
            .expect("entries");
        let sets: Vec<_> = entries
            .iter()
            .filter(|e| e.action == "instance.set")
            .collect();
        assert_eq!(sets.len(), 3, "{}", db.label);
        assert_eq!(sets[0].actor_name, "cli");
        assert_eq!(
            sets[0].before.as_deref(),
            Some(r#"{"key":"demo","value":"true"}"#)
        );
        assert!(
            store
                .verify_audit()
                .await
                .expect("verify")
                .first_broken
                .is_none()
        );
        db.finish().await;
    }
}
