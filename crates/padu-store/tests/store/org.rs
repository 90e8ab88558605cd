use padu_core::access::{InstansiKind, Target};
use padu_store::testing::databases;
use padu_store::{NewInstansi, OpdPatch, Store, StoreError, Who};

fn admin() -> Who {
    Who::system("uji")
}

pub async fn tree(store: &Store) -> (i64, i64, i64) {
    let new = |kind, name: &str, parent| NewInstansi {
        kind,
        name: name.to_string(),
        parent_id: parent,
        kode_wilayah: None,
        timezone: "WIB".into(),
    };
    let nasional = store
        .create_instansi(&admin(), new(InstansiKind::Nasional, "Nasional", None))
        .await
        .expect("nasional");
    let jatim = store
        .create_instansi(
            &admin(),
            new(
                InstansiKind::Provinsi,
                "Provinsi Jawa Timur",
                Some(nasional),
            ),
        )
        .await
        .expect("provinsi");
    let kab = store
        .create_instansi(
            &admin(),
            new(InstansiKind::Kabupaten, "Kabupaten Trenggalek", Some(jatim)),
        )
        .await
        .expect("kabupaten");
    (nasional, jatim, kab)
}

#[tokio::test]
async fn the_organisation_tree_nests_and_knows_its_province() {
    for db in databases().await {
        let store = &db.store;
        let (nasional, jatim, kab) = tree(store).await;
        assert_eq!(
            store.instansi_target(kab).await.expect("ok"),
            Some(Target::instansi(kab, Some(jatim))),
            "{}",
            db.label
        );
        assert_eq!(
            store.instansi_target(jatim).await.expect("ok"),
            Some(Target::instansi(jatim, Some(jatim)))
        );
        assert_eq!(
            store.instansi_target(nasional).await.expect("ok"),
            Some(Target::instansi(nasional, None))
        );
        let all: Vec<String> = store
            .all_instansi()
            .await
            .expect("list")
            .into_iter()
            .map(|i| i.name)
            .collect();
        assert_eq!(
            all,
            vec!["Kabupaten Trenggalek", "Nasional", "Provinsi Jawa Timur"],
            "{}",
            db.label
        );

        // a kabupaten must sit under a province
        let wrong = NewInstansi {
            kind: InstansiKind::Kota,
            name: "Kota Salah".into(),
            parent_id: Some(kab),
            kode_wilayah: None,
            timezone: "WIB".into(),
        };
        let err = store
            .create_instansi(&admin(), wrong)
            .await
            .expect_err("refused");
        assert!(
            matches!(err, StoreError::Invalid(ref m) if m.contains("di bawah instansi Provinsi")),
            "{err}"
        );
        db.finish().await;
    }
}

#[tokio::test]
async fn opds_are_created_renamed_and_unique_per_instansi() {
    for db in databases().await {
        let store = &db.store;
        let (_, jatim, kab) = tree(store).await;
        let bappeda = store
            .create_opd(&admin(), kab, "Bappeda", "bappeda")
            .await
            .expect("create");
        store
            .create_opd(&admin(), kab, "Diskominfo", "diskominfo")
            .await
            .expect("create");
        // same name in another instansi is fine; twice in one is a conflict
        store
            .create_opd(&admin(), jatim, "Bappeda", "bappeda")
            .await
            .expect("other instansi");
        let err = store
            .create_opd(&admin(), kab, "Bappeda", "bappeda")
            .await
            .expect_err("duplicate");
        assert!(
            matches!(err, StoreError::Conflict(ref m) if m == "nama OPD sudah dipakai di instansi ini"),
            "{}: {err}",
            db.label
        );

        let patched = store
            .update_opd(
                &admin(),
                bappeda.id,
                OpdPatch {
                    name: Some("Bapperida".into()),
                    active: Some(false),
                    kind: None,
                },
            )
            .await
            .expect("update");
        assert_eq!(
            (patched.name.as_str(), patched.active, patched.kind.as_str()),
            ("Bapperida", false, "bappeda")
        );
        let names: Vec<String> = store
            .opds_of(kab)
            .await
            .expect("list")
            .into_iter()
            .map(|o| o.name)
            .collect();
        assert_eq!(names, vec!["Bapperida", "Diskominfo"], "{}", db.label);
        let err = store
            .update_opd(
                &admin(),
                bappeda.id,
                OpdPatch {
                    name: Some("Diskominfo".into()),
                    ..Default::default()
                },
            )
            .await
            .expect_err("conflict");
        assert!(matches!(err, StoreError::Conflict(_)), "{err}");
        assert!(matches!(
            store.update_opd(&admin(), 9999, OpdPatch::default()).await,
            Err(StoreError::NotFound)
        ));
        let (opd, target) = store
            .opd_target(bappeda.id)
            .await
            .expect("ok")
            .expect("exists");
        assert_eq!(opd.name, "Bapperida");
        assert_eq!(target, Target::opd(kab, Some(jatim), bappeda.id));
        // an OPD in an instansi that does not exist is refused and leaves nothing behind
        let err = store
            .create_opd(&admin(), 424_242, "Hantu", "lainnya")
            .await
            .expect_err("no instansi");
        assert!(matches!(err, StoreError::Invalid(_)), "{}: {err}", db.label);
        db.finish().await;
    }
}
