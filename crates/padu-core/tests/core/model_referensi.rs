//! The reference models of the Arsitektur SPBE: the shipped trees, every rule of a model file,
//! and how a file in `--instruments-dir` replaces the shipped one.

use padu_core::model_referensi::{DomainArsitektur, model_of_code, parse_reference_model};
use padu_core::{Catalog, Source};

const FILE: &str = "uji/model-referensi-rab-2099.toml";

fn model(nodes: &str) -> String {
    format!(
        r#"code = "RAB"
name = "Referensi Arsitektur Bisnis"
version = "2099"
source = "Uji"
secondary = false
nodes = [
{nodes}
]
"#
    )
}

fn problems(nodes: &str) -> String {
    parse_reference_model(FILE, &model(nodes))
        .expect_err("rejected")
        .to_string()
}

#[test]
fn the_shipped_trees_load_with_their_levels() {
    let catalog = Catalog::builtin().unwrap_or_else(|p| panic!("{p}"));
    let codes: Vec<&str> = catalog
        .reference_models()
        .iter()
        .map(|m| m.code.as_str())
        .collect();
    assert_eq!(codes, ["RAB", "RAL", "RAD", "RAA", "RAI", "RAK"]);

    let rab = catalog.reference_model("RAB").expect("RAB");
    let sectors = rab.top_level();
    assert_eq!(sectors.len(), 9);
    assert_eq!(sectors[0].name, "Pertahanan dan Luar Negeri");
    assert_eq!(sectors[8].name, "Pemerintahan Umum");
    let urusan = rab.nodes().iter().filter(|n| n.level == 2).count();
    assert_eq!(urusan, 45, "45 urusan at level 2");

    let ral = catalog.reference_model("RAL").expect("RAL");
    let admin = ral.children_of("RAL.02").expect("RAL.02");
    assert_eq!(admin.len(), 9);
    assert_eq!(admin[8].name, "Data dan Informasi Pemerintahan");
    assert_eq!(ral.children_of("RAL.01").expect("RAL.01").len(), 44);

    let rad = catalog.reference_model("RAD").expect("RAD");
    assert_eq!(rad.top_level().len(), 10);
    let support: Vec<&str> = rad
        .children_of("RAD.10")
        .expect("RAD.10")
        .iter()
        .map(|n| n.name.as_str())
        .collect();
    assert_eq!(
        support,
        [
            "Data Kebijakan Pemerintah",
            "Data Manajemen Kegiatan",
            "Data Kewilayahan",
            "Data Dukung Lainnya"
        ]
    );
    // a gap in the numbering is kept, never renumbered
    assert!(rad.node("RAD.02.10.05").is_some());
    assert!(rad.node("RAD.02.10.03").is_none());

    for m in catalog.reference_models() {
        assert!(m.source.secondary, "{} is from a secondary source", m.code);
        assert!(!m.top_level().is_empty(), "{}", m.code);
    }
    for code in ["RAA", "RAI", "RAK"] {
        let m = catalog.reference_model(code).expect(code);
        assert!(
            m.source.provisional_codes,
            "{code}: Padu's provisional codes"
        );
        assert!(m.source.note.contains("UNCONFIRMED"), "{code}");
    }
}

#[test]
fn names_are_kept_verbatim_typos_too() {
    let catalog = Catalog::builtin().unwrap_or_else(|p| panic!("{p}"));
    let node = catalog.reference_node("RAB.04.01.04").expect("node");
    assert_eq!(node.name, "Penge4olaan Pelayanan Kesehatan");
    assert_eq!(
        catalog
            .reference_node("RAB.01.01.02")
            .map(|n| n.name.as_str()),
        Some("Perencanan Pertahanan")
    );
}

#[test]
fn the_catalog_finds_nodes_children_and_paths_by_full_code() {
    let catalog = Catalog::builtin().unwrap_or_else(|p| panic!("{p}"));
    let node = catalog.reference_node("RAB.01.02").expect("RAB.01.02");
    assert_eq!(node.name, "Urusan Luar Negeri");
    assert_eq!(node.level, 2);
    assert_eq!(node.parent.as_deref(), Some("RAB.01"));
    let children = catalog.reference_children("RAB.01.02").expect("children");
    assert_eq!(children.len(), 6);
    assert!(
        children
            .iter()
            .all(|c| c.parent.as_deref() == Some("RAB.01.02"))
    );
    assert_eq!(catalog.reference_children("RAB").map(|c| c.len()), Some(9));
    assert_eq!(
        catalog.reference_children("RAB.01.02.01").map(|c| c.len()),
        Some(0),
        "a leaf has no children"
    );
    assert!(catalog.reference_node("RAB.99").is_none());
    assert!(catalog.reference_children("RAB.99").is_none());
    assert!(catalog.reference_children("XYZ").is_none());

    let rab = catalog.reference_model("RAB").expect("RAB");
    let path: Vec<&str> = rab
        .path("RAB.01.02.05")
        .expect("path")
        .iter()
        .map(|n| n.code.as_str())
        .collect();
    assert_eq!(path, ["RAB.01", "RAB.01.02", "RAB.01.02.05"]);
    let found: Vec<&str> = rab
        .search("luar negeri", 50)
        .iter()
        .map(|n| n.code.as_str())
        .collect();
    assert!(found.contains(&"RAB.01.02"), "{found:?}");
    assert_eq!(rab.search("rab.09.07", 50).len(), 12, "by code prefix");
    assert!(rab.search("  ", 50).is_empty());
}

#[test]
fn domains_map_to_their_models() {
    assert_eq!(DomainArsitektur::ProsesBisnis.model_code(), "RAB");
    assert_eq!(DomainArsitektur::Keamanan.model_code(), "RAK");
    assert_eq!(
        DomainArsitektur::of_model("RAD"),
        Some(DomainArsitektur::Data)
    );
    for d in DomainArsitektur::ALL {
        assert_eq!(DomainArsitektur::from_code(d.code()), Some(d));
    }
    assert_eq!(model_of_code("RAL.02.01"), Some("RAL"));
    assert_eq!(model_of_code("XYZ.01"), None);
    let catalog = Catalog::builtin().unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(
        catalog.reference_model("RAL").map(|m| m.domain()),
        Some(DomainArsitektur::Layanan)
    );
}

#[test]
fn a_well_formed_file_with_gaps_and_explicit_parents_loads() {
    let m = parse_reference_model(
        FILE,
        &model(
            r#"{ code = "RAB.01", name = "Satu" },
{ code = "RAB.01.07", name = "Tujuh", parent = "RAB.01" },
{ code = "RAB.03", name = "Tiga  (spasi ganda dipertahankan) " },"#,
        ),
    )
    .unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(m.top_level().len(), 2);
    assert_eq!(m.node("RAB.01.07").map(|n| n.level), Some(2));
    assert_eq!(
        m.node("RAB.03").map(|n| n.name.as_str()),
        Some("Tiga  (spasi ganda dipertahankan) ")
    );
}

#[test]
fn a_duplicate_code_is_reported_with_both_lines() {
    let text = problems(
        r#"{ code = "RAB.01", name = "Satu" },
{ code = "RAB.01", name = "Lagi" },"#,
    );
    // the nodes start on line 7 of the file
    assert!(
        text.contains("baris 8: RAB.01: kode ganda (pertama di baris 7)"),
        "{text}"
    );
    assert!(text.contains(FILE), "{text}");
}

#[test]
fn a_missing_parent_is_reported() {
    let text = problems(r#"{ code = "RAB.02.01", name = "Yatim" },"#);
    assert!(
        text.contains("baris 7: RAB.02.01: induk RAB.02 tidak ada di berkas"),
        "{text}"
    );
}

#[test]
fn another_models_prefix_is_reported() {
    let text = problems(
        r#"{ code = "RAB.01", name = "Satu" },
{ code = "RAL.01", name = "Layanan" },
{ code = "XYZ.01", name = "Asing" },"#,
    );
    assert!(
        text.contains("RAL.01: kode memakai awalan model lain (RAL); berkas ini model RAB"),
        "{text}"
    );
    assert!(
        text.contains("XYZ.01: kode harus diawali \"RAB.\""),
        "{text}"
    );
}

#[test]
fn a_written_parent_must_be_the_code_without_its_last_segment() {
    let text = problems(
        r#"{ code = "RAB.01", name = "Satu" },
{ code = "RAB.02", name = "Dua" },
{ code = "RAB.02.01", name = "Salah induk", parent = "RAB.01" },"#,
    );
    assert!(
        text.contains("RAB.02.01: induk tertulis \"RAB.01\""),
        "{text}"
    );
}

#[test]
fn bad_segments_and_depth_are_reported() {
    let text = problems(
        r#"{ code = "RAB.1a", name = "Huruf" },
{ code = "RAB..01", name = "Kosong" },
{ code = "RAB", name = "Tanpa segmen" },
{ code = "RAB.01.01.01.01.01.01.01.01", name = "Terlalu dalam" },"#,
    );
    assert!(text.contains("segmen \"1a\" tidak sah"), "{text}");
    assert!(text.contains("RAB..01: segmen \"\" tidak sah"), "{text}");
    assert!(text.contains("RAB: kode simpul harus"), "{text}");
    assert!(text.contains("lebih dalam dari level 7"), "{text}");
}

#[test]
fn empty_names_control_characters_and_an_unknown_model_are_reported() {
    let text = problems(
        r#"{ code = "RAB.01", name = " " },
{ code = "RAB.02", name = "Dua\u0007" },"#,
    );
    assert!(text.contains("nama simpul tidak boleh kosong"), "{text}");
    assert!(text.contains("karakter kendali U+0007"), "{text}");

    let text =
        model(r#"{ code = "RAX.01", name = "Satu" },"#).replace("code = \"RAB\"", "code = \"RAX\"");
    let err = parse_reference_model("uji/model-referensi-rax-1.toml", &text)
        .expect_err("unknown model")
        .to_string();
    assert!(err.contains("kode model \"RAX\" tidak dikenal"), "{err}");

    let err = parse_reference_model(
        "uji/model-referensi-ral-1.toml",
        &model(r#"{ code = "RAB.01", name = "Satu" },"#),
    )
    .expect_err("file name and content disagree")
    .to_string();
    assert!(
        err.contains("nama berkas menyebut model RAL tetapi isinya model RAB"),
        "{err}"
    );
}

#[test]
fn a_broken_toml_file_says_the_line() {
    let err = parse_reference_model(FILE, "code = \"RAB\"\nname = \n")
        .expect_err("broken")
        .to_string();
    assert!(err.contains("baris 2"), "{err}");
}

#[test]
fn a_model_file_in_the_extra_directory_replaces_the_shipped_one() {
    let text =
        model(r#"{ code = "RAB.01", name = "Pertahanan dan Luar Negeri (lampiran resmi)" },"#)
            .replace("version = \"2099\"", "version = \"2025\"");
    let catalog = Catalog::with_extra(vec![Source::new(
        "resmi/model-referensi-rab-2025.toml",
        text,
    )])
    .unwrap_or_else(|p| panic!("{p}"));
    let rab = catalog.reference_model("RAB").expect("RAB");
    assert_eq!(rab.version, "2025");
    assert_eq!(rab.nodes().len(), 1);
    assert!(!rab.source.secondary);
    assert_eq!(catalog.reference_models().len(), 6, "the others stay");
    assert!(
        catalog
            .notices()
            .iter()
            .any(|n| n.contains("model-referensi-rab-2022.toml")),
        "{:?}",
        catalog.notices()
    );
}

#[test]
fn two_extra_files_of_one_model_are_refused() {
    let one = model(r#"{ code = "RAB.01", name = "Satu" },"#);
    let err = Catalog::with_extra(vec![
        Source::new("a/model-referensi-rab-2025.toml", one.clone()),
        Source::new("a/model-referensi-rab-2026.toml", one),
    ])
    .expect_err("two RAB files")
    .to_string();
    assert!(
        err.contains("model referensi RAB sudah dimuat dari berkas"),
        "{err}"
    );
}
