//! The Peta Rencana SPBE document, read back with poppler: the cover with its decree and demo
//! label, the basis, every OPD with its items and their budget in rupiah, the timeline, the
//! budget table per year and OPD with its total, the IKU targets, the footer on every page,
//! landscape A4; and a roadmap of 200 items still typesets.

use padu_reports::PdfRenderer;
use padu_reports::format::thousands;
use padu_reports::roadmap::sample::sample_roadmap;

use super::{page_images, pages_of, poppler, renderer, squash, text_of, write_pdf};

#[test]
fn the_roadmap_document_shows_its_decree_items_budget_and_iku_targets() {
    let doc = sample_roadmap(30);
    let pdf = renderer().roadmap(&doc).expect("a PDF");
    assert!(pdf.starts_with(b"%PDF-"));
    if !poppler() {
        return;
    }
    let path = write_pdf("peta-rencana", &pdf);
    page_images(&path, "peta-rencana");
    let text = text_of(&path);
    assert!(text.contains("PETA RENCANA SPBE"), "the cover");
    assert!(text.contains(&doc.title));
    assert!(
        text.contains("Peraturan Bupati Trenggalek Nomor 17 Tahun 2025 (data demo), 17 Maret 2025"),
        "the decree with its date written long"
    );
    assert!(text.contains("1. Dasar penyusunan") && text.contains("Peta Rencana SPBE Nasional"));
    assert!(text.contains("2. Rencana per perangkat daerah"));
    assert!(
        text.contains("3. Linimasa") && text.contains("4. Anggaran per tahun dan perangkat daerah")
    );
    assert!(text.contains("5. Target Indikator Kinerja Utama (IKU)") && text.contains("3,25"));
    for item in &doc.items {
        assert!(text.contains(&squash(&item.title)), "{}", item.title);
        assert!(text.contains(&item.opd), "{}", item.opd);
    }
    let grand: i64 = doc.budget_per_year().values().sum();
    let total = format!("Rp {}", thousands(u64::try_from(grand).expect("positive")));
    assert!(text.contains(&total), "the grand total {total}");
    let pages = pages_of(&path);
    assert!(pages >= 4, "{pages} pages");
    assert!(text.contains(&format!("Halaman {pages} dari {pages}")));
    assert!(
        text.matches("Data demo").count() as u32 >= pages,
        "the demo label on every page"
    );
    let info = std::process::Command::new("pdfinfo")
        .arg(&path)
        .output()
        .expect("pdfinfo runs");
    assert!(
        String::from_utf8_lossy(&info.stdout).contains("841.89 x 595.276"),
        "landscape"
    );
}

#[test]
fn a_roadmap_of_200_items_typesets_every_item() {
    let doc = sample_roadmap(200);
    let pdf = renderer().roadmap(&doc).expect("a PDF");
    if !poppler() {
        return;
    }
    let path = write_pdf("peta-rencana-200", &pdf);
    let text = text_of(&path);
    for item in &doc.items {
        assert!(text.contains(&squash(&item.title)), "{}", item.title);
    }
    assert!(pages_of(&path) > 10);
}
