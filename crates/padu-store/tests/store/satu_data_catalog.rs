//! Satu Data's catalog: a dataset stored with its tags, groups (made on first use), extras,
//! metadata and resources, changed only from the status the caller saw, its review notes
//! replaced, one name per instansi, listed by filter, deleted with what belongs to it; every
//! write audited.

use std::collections::BTreeMap;

use padu_core::satu_data::{self, DatasetInput, Frequency, Status};
use padu_store::satu_data::{DatasetFilter, NewResource};
use padu_store::testing::databases;
use padu_store::{AuditFilter, StoreError, Who};

use crate::org::tree;

fn fields(title: &str, tags: &[&str], groups: &[&str]) -> satu_data::DatasetFields {
    let mut input = DatasetInput {
        title: Some(title.into()),
        notes: Some(format!("{title} di Kabupaten Trenggalek")),
        license_id: Some("CC-BY-4.0".into()),
        frequency: Some("tahunan".into()),
        tags: Some(tags.iter().map(|t| t.to_string()).collect()),
        groups: Some(groups.iter().map(|g| g.to_string()).collect()),
        extras: Some(BTreeMap::from([(
            "id_ddp".to_string(),
            "DDP-3503-007".to_string(),
        )])),
        ..Default::default()
    };
    input.texts.insert("unit".into(), "unit".into());
    satu_data::apply(None, &input).expect("valid")
}

#[tokio::test]
async fn datasets_are_stored_whole_listed_and_audited() {
    for db in databases().await {
        let label = db.label;
        let store = &db.store;
        let (_, _, kab) = tree(store).await;
        let who = Who::system("uji");
        let dinkes = store
            .create_opd(&who, kab, "Dinas Kesehatan", "dinkes")
            .await
            .expect("opd")
            .id;
        let bappeda = store
            .create_opd(&who, kab, "Bappeda", "bappeda")
            .await
            .expect("opd")
            .id;
        let puskesmas = store
            .create_dataset(
                &who,
                kab,
                dinkes,
                &fields(
                    "Jumlah Puskesmas",
                    &["puskesmas", "kesehatan"],
                    &["kesehatan"],
                ),
            )
            .await
            .expect("create");
        assert_eq!(puskesmas.status, Status::Draft, "{label}");
        assert_eq!(puskesmas.fields.name, "jumlah-puskesmas", "{label}");
        let imunisasi = store
            .create_dataset(
                &who,
                kab,
                dinkes,
                &fields(
                    "Cakupan Imunisasi Dasar",
                    &["imunisasi"],
                    &["kesehatan", "anak"],
                ),
            )
            .await
            .expect("create");
        store
            .create_dataset(
                &who,
                kab,
                bappeda,
                &fields("Indikator Kinerja Daerah", &[], &["perencanaan"]),
            )
            .await
            .expect("create");

        // one name per instansi
        let clash = store
            .create_dataset(&who, kab, bappeda, &fields("Jumlah Puskesmas", &[], &[]))
            .await;
        assert!(matches!(clash, Err(StoreError::Conflict(_))), "{label}");

        let read = store
            .dataset(puskesmas.id)
            .await
            .expect("read")
            .expect("there");
        assert_eq!(read.fields.tags, ["puskesmas", "kesehatan"], "{label}");
        assert_eq!(read.fields.groups, ["kesehatan"], "{label}");
        assert_eq!(read.fields.extras["id_ddp"], "DDP-3503-007", "{label}");
        assert_eq!(
            read.fields.meta.frequency,
            Some(Frequency::Tahunan),
            "{label}"
        );
        assert_eq!(read.fields.meta.unit.as_deref(), Some("unit"), "{label}");
        let groups: Vec<String> = store
            .data_groups(kab)
            .await
            .expect("groups")
            .into_iter()
            .map(|g| g.name)
            .collect();
        assert_eq!(
            groups,
            ["anak", "kesehatan", "perencanaan"],
            "{label}: made once each"
        );

        // resources, in order
        let csv = store
            .add_dataset_resource(
                &who,
                puskesmas.id,
                &NewResource {
                    name: "Puskesmas 2025".into(),
                    url: "https://data.trenggalekkab.example/puskesmas-2025.csv".into(),
                    format: "CSV".into(),
                    description: String::new(),
                },
            )
            .await
            .expect("resource");
        let xlsx = store
            .add_dataset_resource(
                &who,
                puskesmas.id,
                &NewResource {
                    name: "Puskesmas 2025 (Excel)".into(),
                    url: "https://data.trenggalekkab.example/puskesmas-2025.xlsx".into(),
                    format: "XLSX".into(),
                    description: "Lembar kerja".into(),
                },
            )
            .await
            .expect("resource");
        assert_eq!((csv.position, xlsx.position), (0, 1), "{label}");

        // a workflow step: only from the status the caller saw, notes replaced
        let mut next = store
            .dataset(puskesmas.id)
            .await
            .expect("read")
            .expect("there");
        assert_eq!(next.resources.len(), 2, "{label}");
        next.status = Status::Returned;
        next.review_notes = BTreeMap::from([("title".into(), "Sebutkan tahunnya".into())]);
        next.fields.tags = vec!["puskesmas".into()];
        let returned = store
            .save_dataset(&who, &next, Status::Draft, "satu_data.dataset.return", &[])
            .await
            .expect("save");
        assert_eq!(returned.status, Status::Returned, "{label}");
        assert_eq!(
            returned.review_notes["title"], "Sebutkan tahunnya",
            "{label}"
        );
        assert_eq!(returned.fields.tags, ["puskesmas"], "{label}");
        let stale = store
            .save_dataset(&who, &next, Status::Draft, "satu_data.dataset.return", &[])
            .await;
        assert!(matches!(stale, Err(StoreError::Conflict(_))), "{label}");
        // changing a returned dataset's resources makes it a draft again
        store
            .change_dataset_resource(&who, xlsx.id, None)
            .await
            .expect("remove");
        let back = store
            .dataset(puskesmas.id)
            .await
            .expect("read")
            .expect("there");
        assert_eq!(back.status, Status::Draft, "{label}");
        assert_eq!(back.resources.len(), 1, "{label}");
        assert_eq!(back.review_notes.len(), 1, "{label}: the notes stay");

        // lists
        let all = store
            .datasets(kab, &DatasetFilter::default())
            .await
            .expect("list");
        let titles: Vec<&str> = all.iter().map(|d| d.fields.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Cakupan Imunisasi Dasar",
                "Indikator Kinerja Daerah",
                "Jumlah Puskesmas"
            ],
            "{label}"
        );
        assert_eq!(
            all[2].resources.len(),
            1,
            "{label}: resources loaded with the list"
        );
        let of_dinkes = store
            .datasets(
                kab,
                &DatasetFilter {
                    opd_id: Some(dinkes),
                    q: Some("IMUNISASI".into()),
                    ..Default::default()
                },
            )
            .await
            .expect("list");
        assert_eq!(of_dinkes.len(), 1, "{label}");
        assert_eq!(of_dinkes[0].id, imunisasi.id, "{label}");
        let public = store
            .datasets(
                kab,
                &DatasetFilter {
                    public_only: true,
                    ..Default::default()
                },
            )
            .await
            .expect("list");
        assert!(public.is_empty(), "{label}: nothing published");
        assert_eq!(
            store
                .datasets_named("jumlah-puskesmas")
                .await
                .expect("named")
                .len(),
            1,
            "{label}"
        );

        // deleting takes what belongs to it
        store
            .delete_dataset(&who, puskesmas.id)
            .await
            .expect("delete");
        assert!(
            store.dataset(puskesmas.id).await.expect("read").is_none(),
            "{label}"
        );

        let audit = store
            .audit_entries(
                &AuditFilter {
                    action: Some("satu_data.".into()),
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
                "satu_data.dataset.create",
                "satu_data.dataset.create",
                "satu_data.dataset.create",
                "satu_data.dataset.delete",
                "satu_data.dataset.return",
                "satu_data.resource.create",
                "satu_data.resource.create",
                "satu_data.resource.delete",
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
