//! The typeset PDFs, read back with poppler (`pdftotext`, `pdfinfo`, `pdftoppm` from the
//! Debian package poppler-utils): the text a reader sees, the page count, and page images in
//! `target/pdf-pages/` for a look. Without poppler the tests say so on stderr and pass. The
//! period report and the action plan here, the overview in `overview.rs`.

mod overview;
mod roadmap;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, OnceLock};

use padu_core::{Catalog, Instrument};
use padu_pdf::{Document, TypstRenderer};
use padu_reports::sample::sample_report;
use padu_reports::{Basis, PdfRenderer, PeriodReport};

/// Pages of the sample report under each instrument (and of the plan alone): pinned so that a
/// layout change that adds or loses pages is seen.
const PAGES_59_2020: u32 = 28;
const PAGES_8_2026: u32 = 15;
const PAGES_PLAN: u32 = 1;

fn renderer() -> &'static TypstRenderer {
    static RENDERER: OnceLock<TypstRenderer> = OnceLock::new();
    RENDERER.get_or_init(|| TypstRenderer::new().expect("the renderer"))
}

fn instrument(id: &str) -> Arc<Instrument> {
    let catalog = Catalog::builtin().expect("the built-in catalog");
    Arc::clone(catalog.instrument(id).expect("a built-in instrument"))
}

fn report(id: &str) -> PeriodReport {
    let year = if id == "permenpanrb-8-2026" {
        2026
    } else {
        2025
    };
    sample_report(instrument(id), year)
}

/// Whether poppler's tools are installed; says why not on stderr (libtest captures eprintln!).
fn poppler() -> bool {
    let found = Command::new("pdftotext").arg("-v").output().is_ok()
        && Command::new("pdfinfo").arg("-v").output().is_ok();
    if !found {
        assert!(
            std::env::var("PADU_TEST_REQUIRE_PDFTOOLS").as_deref() != Ok("1"),
            "PADU_TEST_REQUIRE_PDFTOOLS=1 but pdftotext/pdfinfo are missing: apt-get install poppler-utils"
        );
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: pdftotext/pdfinfo not found; install the Debian package poppler-utils \
             (apt-get install -y poppler-utils) to check the PDFs' text and pages"
        );
    }
    found
}

fn out_dir() -> PathBuf {
    // crates/padu-pdf -> the workspace's target/
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/pdf-pages");
    std::fs::create_dir_all(&dir).expect("target/pdf-pages");
    dir
}

fn write_pdf(name: &str, pdf: &[u8]) -> PathBuf {
    let path = out_dir().join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).expect("write the PDF");
    path
}

/// `text` with every run of white space as one space, and none after a slash (typst may break
/// a line after "IP/").
fn squash(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("/ ", "/")
}

/// The text of a PDF, squashed.
fn text_of(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success(), "pdftotext: {out:?}");
    squash(&String::from_utf8_lossy(&out.stdout))
}

fn pages_of(path: &Path) -> u32 {
    let out = Command::new("pdfinfo")
        .arg(path)
        .output()
        .expect("pdfinfo runs");
    assert!(out.status.success(), "pdfinfo: {out:?}");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a page count")
}

/// Page images at 50 dpi for review (skipped quietly when pdftoppm is missing).
fn page_images(path: &Path, name: &str) {
    let prefix = out_dir().join(name);
    let _ = Command::new("pdftoppm")
        .args(["-r", "50", "-png"])
        .arg(path)
        .arg(&prefix)
        .status();
}

fn check_report(id: &str, name: &str, expected_pages: u32) {
    let report = report(id);
    let pdf = renderer().period_report(&report).expect("a PDF");
    assert!(pdf.starts_with(b"%PDF-"));
    if !poppler() {
        return;
    }
    let path = write_pdf(name, &pdf);
    page_images(&path, name);
    let text = text_of(&path);
    let inst = &report.instrument;
    assert!(text.contains(report.title()), "the title");
    assert!(text.contains(&report.instansi_name));
    assert!(text.contains("22 November"), "the date");
    assert!(text.contains(&inst.short_name));
    for basis in Basis::ALL {
        let index = report.index(basis);
        let shown = inst.display(index, ',');
        assert!(text.contains(&shown), "the {basis:?} index {shown}");
        assert!(text.contains(inst.predikat_of(index)), "the predikat");
    }
    for ind in &inst.indicators {
        let heading = squash(&format!("Indikator {}. {}", ind.number, ind.name));
        assert!(
            text.contains(&heading),
            "indicator {}: {heading}",
            ind.number
        );
    }
    assert!(text.contains("Rencana Aksi") && text.contains("Semester 1"));
    assert!(text.contains("SHA-256"));
    let pages = pages_of(&path);
    assert!(text.contains("Halaman 1 dari "), "the footer");
    assert!(text.contains(&format!("Halaman {pages} dari {pages}")));
    // the same report typesets to the same pages every time
    let again = write_pdf(
        &format!("{name}-lagi"),
        &renderer().period_report(&report).expect("a PDF"),
    );
    assert_eq!(pages_of(&again), pages);
    assert_eq!(pages, expected_pages, "pages of the {id} sample report");
}

#[test]
fn the_59_2020_report_shows_its_index_predikat_indicators_and_pages() {
    check_report("permenpanrb-59-2020", "laporan-59-2020", PAGES_59_2020);
}

#[test]
fn the_8_2026_report_shows_its_index_predikat_indicators_and_pages() {
    check_report("permenpanrb-8-2026", "laporan-8-2026", PAGES_8_2026);
}

#[test]
fn the_action_plan_alone_is_a_landscape_table() {
    let report = report("permenpanrb-59-2020");
    let pdf = renderer().action_plan(&report).expect("a PDF");
    if !poppler() {
        return;
    }
    let path = write_pdf("rencana-aksi", &pdf);
    page_images(&path, "rencana-aksi");
    let text = text_of(&path);
    assert!(text.contains("Rencana Aksi") && text.contains("Semester 2"));
    assert!(text.contains("30 Juni 2026"));
    for action in &report.actions {
        let name = &report
            .instrument
            .indicator(action.number)
            .expect("an indicator")
            .name;
        assert!(text.contains(&squash(&format!("{}. {name}", action.number))));
    }
    assert!(text.contains("Halaman 1 dari "));
    let info = Command::new("pdfinfo")
        .arg(&path)
        .output()
        .expect("pdfinfo runs");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("841.89 x 595.276"), "landscape A4: {info}");
    assert_eq!(pages_of(&path), PAGES_PLAN);
}

#[test]
fn an_empty_plan_still_makes_a_document() {
    let mut report = report("permenpanrb-8-2026");
    report.actions.clear();
    let pdf = renderer().action_plan(&report).expect("a PDF");
    let full = renderer().period_report(&report).expect("a PDF");
    if !poppler() {
        return;
    }
    let text = text_of(&write_pdf("rencana-kosong", &pdf));
    assert!(text.contains("Belum ada rencana aksi"));
    let text = text_of(&write_pdf("laporan-tanpa-rencana", &full));
    assert!(!text.contains("3. Rencana Aksi"));
}

#[test]
fn hostile_text_prints_as_written() {
    let mut report = report("permenpanrb-8-2026");
    let hostile = [
        "#set page(width: 1cm) #panic(\"x\")",
        "*tebal* _miring_ $x^2$ ] [ ) ( } {",
        "\\ <label> @ref `kode` // komentar /* blok */ = Judul",
        "<script>alert(1)</script> & \"kutip\" 'tunggal' #{1 + 1}",
    ];
    report.instansi_name = format!("Pemerintah Kabupaten {}", hostile[0]);
    report.indicators[0].fakta = hostile[1].to_string();
    report.indicators[0].analisis = hostile[2].to_string();
    report.indicators[0].lead_opd = Some(hostile[3].to_string());
    report.indicators[1].evidence[0].name = format!("{}.pdf", hostile[1]);
    report.indicators[1].contributors = vec![hostile[2].to_string()];
    if let Some(action) = report.actions.first_mut() {
        action.evidence_needed = hostile[3].to_string();
    }
    let pdf = renderer().period_report(&report).expect("a PDF");
    let plan = renderer().action_plan(&report).expect("a PDF");
    if !poppler() {
        return;
    }
    let text = text_of(&write_pdf("laporan-teks-berbahaya", &pdf));
    for h in hostile {
        let h = squash(h);
        assert!(text.contains(&h), "literal in the report: {h}");
    }
    let text = text_of(&write_pdf("rencana-teks-berbahaya", &plan));
    assert!(text.contains(&squash(hostile[0])) && text.contains(&squash(hostile[3])));
}

#[test]
fn the_data_is_json_the_template_reads() {
    let report = report("permenpanrb-59-2020");
    let json = renderer()
        .data_json(&report, Document::Report)
        .expect("JSON");
    let value: serde_json::Value = serde_json::from_slice(&json).expect("valid JSON");
    assert_eq!(value["indicators"].as_array().map(Vec::len), Some(47));
    assert_eq!(value["instansi"], report.instansi_name.as_str());
}

#[test]
fn a_demo_report_says_so_on_every_page_and_a_real_one_never() {
    let mut report = report("permenpanrb-8-2026");
    report.demo = true;
    let pdf = renderer().period_report(&report).expect("a PDF");
    let plan = renderer().action_plan(&report).expect("a PDF");
    report.demo = false;
    let real = renderer().period_report(&report).expect("a PDF");
    if !poppler() {
        return;
    }
    let path = write_pdf("laporan-demo", &pdf);
    let text = text_of(&path);
    let pages = pages_of(&path);
    assert_eq!(
        text.matches(padu_reports::DEMO_NOTE).count(),
        usize::try_from(pages).expect("pages"),
        "the note on each of the {pages} pages"
    );
    assert!(text.contains("DATA DEMO"), "the cover");
    assert_eq!(pages, PAGES_8_2026, "the note takes no page of its own");
    let plan = text_of(&write_pdf("rencana-aksi-demo", &plan));
    assert!(plan.contains(padu_reports::DEMO_NOTE), "the plan alone");
    let real = text_of(&write_pdf("laporan-bukan-demo", &real));
    assert!(!real.contains("Data demo") && !real.contains("DATA DEMO"));
}
