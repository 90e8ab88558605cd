//! A broken instrument file is rejected with every problem listed, each naming file and item.

use padu_core::{Catalog, Problems, Source};

use crate::support::MINI;

const FILE: &str = "tambahan/uji-mini.toml";

fn load(text: &str) -> Result<Catalog, Problems> {
    Catalog::with_extra(vec![Source::new(FILE, text)])
}

fn problems(text: &str) -> Problems {
    match load(text) {
        Ok(_) => panic!("the file should have been rejected"),
        Err(p) => p,
    }
}

#[test]
fn the_valid_mini_instrument_loads_beside_the_embedded_ones() {
    let catalog = load(MINI).unwrap_or_else(|p| panic!("{p}"));
    let mini = catalog.instrument("uji-mini").expect("loaded");
    assert_eq!(mini.indicators.len(), 3);
    assert_eq!(catalog.instruments().len(), 4);
}

#[test]
fn every_kind_of_problem_is_reported_at_once_with_file_and_item() {
    let broken = MINI
        // indicator 3 weighs 35: the total is 95 and aspect A2 no longer adds up
        .replacen(
            "aspect = \"A2\"\nweight = 40",
            "aspect = \"A2\"\nweight = 35",
            1,
        )
        // indicator 2 appears twice (the original number 2 becomes another 2 after 1)
        .replacen("number = 3", "number = 2", 1)
        // indicator 1 points at an aspect that does not exist
        .replacen(
            "aspect = \"A1\"\nweight = 30\nscale = \"proses\"\nlead_opd",
            "aspect = \"A9\"\nweight = 30\nscale = \"proses\"\nlead_opd",
            1,
        )
        // a level outside the 1-3 scale
        .replacen(
            "level = 3\nlabel = \"Tiga\"",
            "level = 7\nlabel = \"Tiga\"",
            1,
        )
        // overlapping predikat: Rendah reaches past Tinggi's lower bound
        .replacen(
            "name = \"Rendah\"\nmin = 1",
            "name = \"Rendah\"\nmin = 1\nmax = 2.5",
            1,
        );
    let p = problems(&broken);
    let text = p.to_string();
    for expected in [
        "bobot seluruh indikator berjumlah 95, seharusnya 100",
        "indikator 2: nomor indikator ganda",
        "indikator 1: menunjuk aspek \"A9\" yang tidak ada",
        "skala proses: level 7 di luar skala 1-3",
        "predikat Rendah: tumpang tindih dengan predikat Tinggi",
    ] {
        assert!(text.contains(expected), "missing «{expected}» in:\n{text}");
    }
    for problem in &p {
        assert!(
            problem.location.starts_with(FILE),
            "names the file: {problem}"
        );
    }
    assert!(p.len() >= 5, "{text}");
}

#[test]
fn gaps_in_predikat_bands_and_numbering_are_reported() {
    let broken = MINI
        .replacen(
            "name = \"Rendah\"\nmin = 1",
            "name = \"Rendah\"\nmin = 1\nmax = 1.5",
            1,
        )
        .replacen("number = 3", "number = 4", 1);
    let text = problems(&broken).to_string();
    assert!(text.contains("ada celah antara 1,50 dan 2,00"), "{text}");
    assert!(text.contains("tidak ada nomor 3"), "{text}");
}

#[test]
fn lowest_predikat_must_start_at_the_bottom_of_the_scale() {
    let text = problems(&MINI.replacen(
        "name = \"Rendah\"\nmin = 1",
        "name = \"Rendah\"\nmin = 1.2",
        1,
    ))
    .to_string();
    assert!(
        text.contains("nilai di bawah 1,20 tidak memiliki predikat"),
        "{text}"
    );
}

#[test]
fn unknown_opd_kind_and_unknown_scale_are_reported() {
    let broken = MINI
        .replacen(
            "lead_opd = \"diskominfo\"",
            "lead_opd = \"dinas-tidak-ada\"",
            1,
        )
        .replacen("scale = \"proses\"", "scale = \"layanan\"", 1);
    let text = problems(&broken).to_string();
    assert!(
        text.contains("jenis OPD \"dinas-tidak-ada\" tidak dikenal"),
        "{text}"
    );
    assert!(
        text.contains("menunjuk skala \"layanan\" yang tidak ada"),
        "{text}"
    );
}

#[test]
fn unknown_keys_and_bad_toml_name_the_file_and_line() {
    let text = problems(&MINI.replacen("short_name", "nama_pendek", 1)).to_string();
    assert!(
        text.contains(FILE) && text.contains("nama_pendek"),
        "{text}"
    );
    let text = problems("id = \"x\"\nname = [\n").to_string();
    assert!(text.contains(FILE) && text.contains("baris"), "{text}");
}

#[test]
fn a_duplicate_instrument_id_is_rejected() {
    let other = Source::new("lain/salinan.toml", MINI);
    let err = Catalog::with_extra(vec![Source::new(FILE, MINI), other]).expect_err("duplicate id");
    assert!(
        err.mentions("id instrumen \"uji-mini\" sudah dipakai"),
        "{err}"
    );
}

#[test]
fn a_file_named_like_an_embedded_one_replaces_it() {
    let embedded = padu_core::catalog::builtin_sources()
        .into_iter()
        .find(|s| s.name.ends_with("permenpanrb-8-2026.toml"))
        .expect("embedded");
    let renamed = embedded.text.replace(
        "name = \"Indeks Pemerintah Digital\"",
        "name = \"Indeks Pemdi (koreksi)\"",
    );
    let catalog = Catalog::with_extra(vec![Source::new(
        "koreksi/permenpanrb-8-2026.toml",
        renamed,
    )])
    .unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(
        catalog
            .instrument("permenpanrb-8-2026")
            .map(|i| i.name.as_str()),
        Some("Indeks Pemdi (koreksi)")
    );
    assert_eq!(catalog.notices().len(), 1);
}

#[test]
fn a_crosswalk_to_unknown_indicators_is_rejected() {
    let crosswalk = r#"
from = "permenpanrb-59-2020"
to = "permenpanrb-8-2026"
[[links]]
to = 21
from = [1]
confidence = "tinggi"
[[links]]
to = 1
from = [48, 2, 2]
confidence = "pasti"
"#;
    let err = Catalog::with_extra(vec![Source::new("x/crosswalk-uji.toml", crosswalk)])
        .expect_err("rejected");
    // "pasti" is not a confidence: the parser stops there and says so.
    assert!(err.mentions("pasti"), "{err}");
    let crosswalk = crosswalk.replace("pasti", "sedang");
    let err = Catalog::with_extra(vec![Source::new("x/crosswalk-uji.toml", crosswalk)])
        .expect_err("rejected");
    let text = err.to_string();
    assert!(
        text.contains("indikator 21 tidak ada pada permenpanrb-8-2026"),
        "{text}"
    );
    assert!(
        text.contains("indikator 48 tidak ada pada permenpanrb-59-2020"),
        "{text}"
    );
    assert!(
        text.contains("tautan dari indikator 2 ditulis lebih dari sekali"),
        "{text}"
    );
}

#[test]
fn a_second_crosswalk_for_the_same_pair_is_rejected() {
    let crosswalk = r#"
from = "permenpanrb-8-2026"
to = "permenpanrb-59-2020"
[[links]]
to = 1
from = [1]
confidence = "tinggi"
"#;
    let err = Catalog::with_extra(vec![Source::new("x/crosswalk-balik.toml", crosswalk)])
        .expect_err("rejected");
    assert!(
        err.mentions(
            "crosswalk permenpanrb-8-2026 - permenpanrb-59-2020 sudah ditulis di berkas lain"
        ),
        "{err}"
    );
}
