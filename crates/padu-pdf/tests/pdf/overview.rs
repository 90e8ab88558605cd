//! The overview PDF (ikhtisar), read back with poppler: the title, every member with its
//! figures in Indonesian format, the distribution and aspect tables, the footer on every page,
//! landscape A4; nationally, the provinces with their members.

use padu_reports::sample::sample_overview;
use padu_reports::{OverviewSheet, PdfRenderer};

use super::{instrument, page_images, pages_of, poppler, renderer, squash, text_of, write_pdf};

fn sheet(id: &str, national: bool) -> OverviewSheet {
    sample_overview(&instrument(id), 2026, national)
}

fn landscape(path: &std::path::Path) -> bool {
    let info = std::process::Command::new("pdfinfo")
        .arg(path)
        .output()
        .expect("pdfinfo runs");
    String::from_utf8_lossy(&info.stdout).contains("841.89 x 595.276")
}

#[test]
fn the_province_overview_shows_every_member_in_indonesian_figures() {
    let o = sheet("permenpanrb-8-2026", false);
    let pdf = renderer().overview(&o).expect("a PDF");
    assert!(pdf.starts_with(b"%PDF-"));
    if !poppler() {
        return;
    }
    let path = write_pdf("ikhtisar-provinsi", &pdf);
    page_images(&path, "ikhtisar-provinsi");
    let text = text_of(&path);
    assert!(
        text.contains("Ikhtisar Provinsi Jawa Timur 2026"),
        "the title"
    );
    assert!(text.contains("22 November 2026"), "the date, written long");
    assert!(text.contains("1. Ringkasan") && text.contains("Sebaran predikat"));
    assert!(text.contains("2. Kabupaten/kota") && text.contains("3. Indeks per aspek"));
    for m in &o.rows {
        assert!(text.contains(&m.name), "{}", m.name);
    }
    let t = o
        .rows
        .iter()
        .find(|m| m.name == "Kabupaten Trenggalek")
        .expect("Trenggalek");
    let index = &t.index.as_ref().expect("an index").text;
    assert!(index.contains(','), "a decimal comma: {index}");
    assert!(text.contains(index.as_str()), "its index {index}");
    assert!(text.contains(&t.predikat) && text.contains(&t.basis));
    let gap = &t.gap.as_ref().expect("a gap").text;
    assert!(text.contains(gap.as_str()), "its gap {gap}");
    let progress = format!(
        "{}/{} diajukan · {} diterima · {} final",
        t.submitted, t.indicators, t.accepted, t.final_
    );
    assert!(text.contains(&progress), "{progress}");
    for band in &o.distribution {
        assert!(text.contains(&band.predikat), "{}", band.predikat);
    }
    assert!(text.contains("Rata-rata") && text.contains(&o.aspect_averages[0].text));
    assert!(text.contains(&squash(&o.aspects[0])), "an aspect heading");
    assert!(!text.contains(" 2.5") && !text.contains("Data demo"));
    let pages = pages_of(&path);
    assert!(text.contains("Halaman 1 dari "), "the footer");
    assert!(text.contains(&format!("Halaman {pages} dari {pages}")));
    assert!(landscape(&path), "landscape A4");
}

#[test]
fn nationally_each_province_heads_its_members_and_the_note_is_on_every_page() {
    let mut o = sheet("permenpanrb-59-2020", true);
    o.note = "Data demo: angka dalam dokumen ini sintetis.".into();
    let pdf = renderer().overview(&o).expect("a PDF");
    if !poppler() {
        return;
    }
    let path = write_pdf("ikhtisar-nasional", &pdf);
    page_images(&path, "ikhtisar-nasional");
    let text = text_of(&path);
    assert!(text.contains("Ikhtisar Nasional 2026"));
    assert!(text.contains("2. Provinsi dan kabupaten/kota"));
    let order: Vec<usize> = [
        "Provinsi Jawa Tengah",
        "Kota Semarang",
        "Provinsi Jawa Timur",
    ]
    .iter()
    .map(|n| text.find(n).unwrap_or_else(|| panic!("{n}")))
    .collect();
    assert!(
        order.is_sorted(),
        "each province before its members: {order:?}"
    );
    let pages = pages_of(&path);
    assert_eq!(
        text.matches(o.note.as_str()).count(),
        usize::try_from(pages).expect("pages") + 1,
        "under the title and on each of the {pages} pages"
    );
}

#[test]
fn an_overview_without_members_or_indices_still_makes_a_document() {
    let mut o = sheet("permenpanrb-8-2026", false);
    for r in &mut o.rows {
        *r = padu_reports::OverviewSheetRow {
            name: r.name.clone(),
            kind: r.kind.clone(),
            ..Default::default()
        };
    }
    o.distribution.iter_mut().for_each(|b| b.count = 0);
    let none = renderer().overview(&o).expect("a PDF");
    o.rows.clear();
    let empty = renderer().overview(&o).expect("a PDF");
    if !poppler() {
        return;
    }
    let text = text_of(&write_pdf("ikhtisar-tanpa-indeks", &none));
    assert!(text.contains("Belum ada instansi yang mempunyai indeks"));
    assert!(text.contains("Kota Surabaya") && text.contains("Halaman 1 dari"));
    let text = text_of(&write_pdf("ikhtisar-kosong", &empty));
    assert!(text.contains("Belum ada instansi di bawah instansi ini"));
}

#[test]
fn hostile_names_in_the_overview_print_as_written() {
    let mut o = sheet("permenpanrb-8-2026", false);
    let hostile = [
        "Kabupaten #set page(width: 1cm) #panic(\"x\")",
        "Kota *tebal* _miring_ $x^2$ ] [ ) ( } {",
    ];
    o.instansi = hostile[0].into();
    o.title = format!("Ikhtisar {} 2026", hostile[0]);
    o.rows[0].name = hostile[1].into();
    o.note = "<script>alert(1)</script> & \\ // komentar".into();
    let pdf = renderer().overview(&o).expect("a PDF");
    if !poppler() {
        return;
    }
    let text = text_of(&write_pdf("ikhtisar-teks-berbahaya", &pdf));
    for h in hostile.iter().chain([&o.note.as_str()]) {
        assert!(text.contains(&squash(h)), "literal: {h}");
    }
}

#[test]
fn the_overview_data_is_json_the_template_reads() {
    let o = sheet("permenpanrb-8-2026", false);
    let json = renderer().overview_json(&o).expect("JSON");
    let value: serde_json::Value = serde_json::from_slice(&json).expect("valid JSON");
    assert_eq!(value["rows"].as_array().map(Vec::len), Some(o.rows.len()));
    assert_eq!(value["date"], "22 November 2026");
    assert!(
        value["chart"]
            .as_str()
            .is_some_and(|s| s.starts_with("<svg"))
    );
}
