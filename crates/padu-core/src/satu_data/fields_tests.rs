//! The checks of `fields`: every problem at once, by field name.

use super::*;

fn input(title: &str) -> DatasetInput {
    DatasetInput {
        title: Some(title.into()),
        ..Default::default()
    }
}

fn fields_of(p: &Problems) -> Vec<&str> {
    p.iter().map(|(f, _)| f.as_str()).collect()
}

#[test]
fn a_new_dataset_needs_a_title_and_gets_its_name_from_it() {
    let d = apply(None, &input("Jumlah Puskesmas per Kecamatan 2025")).expect("ok");
    assert_eq!(d.name, "jumlah-puskesmas-per-kecamatan-2025");
    assert_eq!(d.access, Access::Terbuka);
    assert_eq!(
        fields_of(&apply(None, &DatasetInput::default()).expect_err("no title")),
        ["title"]
    );
    assert_eq!(
        fields_of(&apply(None, &input("   ")).expect_err("blank")),
        ["title"]
    );
}

#[test]
fn names_follow_ckan_rules() {
    assert!(is_name("jumlah-penduduk_2025"));
    for bad in ["a", "Jumlah", "jumlah penduduk", "data/x", &"x".repeat(101)] {
        assert!(!is_name(bad), "{bad}");
        let mut i = input("Data");
        i.name = Some(bad.into());
        assert_eq!(fields_of(&apply(None, &i).expect_err(bad)), ["name"]);
    }
}

#[test]
fn every_problem_is_reported_at_once_by_its_field() {
    let mut i = input("Cakupan Imunisasi");
    i.license_id = Some("GPL".into());
    i.access = Some("rahasia".into());
    i.frequency = Some("sewindu".into());
    i.period_start = Some(Some(2025));
    i.period_end = Some(Some(2020));
    i.texts
        .insert("contact_email".into(), "dinkes at example".into());
    i.texts.insert("warna".into(), "merah".into());
    i.tags = Some(vec!["x".into()]);
    i.groups = Some(vec!["Kesehatan Masyarakat".into()]);
    i.extras = Some(BTreeMap::from([("title".into(), "x".into())]));
    let err = apply(None, &i).expect_err("bad");
    let mut got = fields_of(&err);
    got.sort_unstable();
    assert_eq!(
        got,
        [
            "access",
            "contact_email",
            "extras",
            "frequency",
            "groups",
            "license_id",
            "period_end",
            "tags",
            "warna"
        ]
    );
    assert!(err.iter().all(|(_, m)| !m.is_empty()));
}

#[test]
fn a_change_keeps_what_it_does_not_name_and_clears_empty_texts() {
    let mut i = input("Jumlah Penduduk per Kecamatan");
    i.license_id = Some("CC-BY-4.0".into());
    i.frequency = Some("tahunan".into());
    i.texts.insert("unit".into(), "jiwa".into());
    i.tags = Some(vec![
        "penduduk".into(),
        "penduduk".into(),
        "kecamatan".into(),
    ]);
    i.extras = Some(BTreeMap::from([("id_ddp".into(), "DDP-3503-001".into())]));
    let base = apply(None, &i).expect("ok");
    assert_eq!(base.tags, ["penduduk", "kecamatan"]);
    let mut change = DatasetInput {
        license_id: Some(String::new()),
        private: Some(true),
        ..Default::default()
    };
    change.texts.insert("unit".into(), " ".into());
    let next = apply(Some(&base), &change).expect("ok");
    assert_eq!(next.title, base.title);
    assert_eq!(next.name, base.name);
    assert_eq!(next.license_id, None);
    assert_eq!(next.meta.unit, None);
    assert_eq!(next.meta.frequency, Some(Frequency::Tahunan));
    assert_eq!(next.access, Access::Terbatas);
    assert_eq!(next.extras["id_ddp"], "DDP-3503-001");
    // a title cannot be emptied, nor a name
    let err = apply(
        Some(&base),
        &DatasetInput {
            title: Some(String::new()),
            name: Some(String::new()),
            ..Default::default()
        },
    )
    .expect_err("empty");
    assert_eq!(fields_of(&err), ["title", "name"]);
    // private must agree with an access given with it
    let err = apply(
        Some(&base),
        &DatasetInput {
            access: Some("terbuka".into()),
            private: Some(true),
            ..Default::default()
        },
    )
    .expect_err("contradiction");
    assert_eq!(fields_of(&err), ["private"]);
}

#[test]
fn submitting_needs_title_description_owner_and_licence() {
    let d = apply(None, &input("Angka Partisipasi Sekolah")).expect("ok");
    let missing = missing_for_submit(&d, None);
    assert_eq!(fields_of(&missing), ["notes", "owner_org", "license_id"]);
    let mut full = d.clone();
    full.notes = "APS per jenjang".into();
    full.license_id = Some("CC-BY-4.0".into());
    assert!(missing_for_submit(&full, Some(3)).is_empty());
}
