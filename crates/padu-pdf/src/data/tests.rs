//! The JSON the template reads: numbers and dates the Indonesian way, user text unchanged.

use std::sync::Arc;

use padu_core::Catalog;
use padu_reports::sample::sample_report;
use serde_json::Value as Json;

use super::*;

fn instrument(id: &str) -> Arc<Instrument> {
    let catalog = Catalog::builtin().expect("the built-in catalog");
    Arc::clone(catalog.instrument(id).expect("a built-in instrument"))
}

fn json(report: &PeriodReport, document: Document) -> Json {
    serde_json::to_value(build(report, document, &[])).expect("serialisable")
}

#[test]
fn the_report_data_of_59_2020_has_domains_aspects_and_every_indicator() {
    let report = sample_report(instrument("permenpanrb-59-2020"), 2025);
    let data = json(&report, Document::Report);
    assert_eq!(data["document"], "report");
    assert_eq!(data["title"], "Laporan Evaluasi Mandiri SPBE");
    assert_eq!(data["date"], "22 November 2025");
    assert_eq!(data["domains"].as_array().map(Vec::len), Some(4));
    assert_eq!(data["aspects"].as_array().map(Vec::len), Some(8));
    assert_eq!(data["indicators"].as_array().map(Vec::len), Some(47));
    assert_eq!(data["domains"][0]["weight"], "13%");
    assert_eq!(data["indicators"][0]["weight"], "1,3%");
    assert_eq!(data["aspects"][1]["domain"], "D2");
    assert_eq!(data["target"], "2,60");
    let index = report.index(Basis::Self_);
    assert_eq!(
        data["scores"][0]["index"],
        report.instrument.display(index, ',')
    );
    assert_eq!(
        data["scores"][0]["predikat"],
        report.instrument.predikat_of(index)
    );
    assert_eq!(data["scores"][0]["valued"], "47 dari 47 indikator bernilai");
    let radar = data["charts"]["radar"].as_str().expect("an SVG");
    assert!(radar.starts_with("<svg") && radar.matches("<line ").count() == 8);
    assert!(
        data["charts"]["trend"]
            .as_str()
            .is_some_and(|s| s.contains("<polyline"))
    );
    // every number shown with a decimal comma
    for s in data["scores"].as_array().expect("scores") {
        assert!(!s["index"].as_str().expect("text").contains('.'));
    }
}

#[test]
fn the_report_data_of_8_2026_has_no_domains_and_decimal_values() {
    let report = sample_report(instrument("permenpanrb-8-2026"), 2026);
    let data = json(&report, Document::Report);
    assert_eq!(
        data["title"],
        "Laporan Evaluasi Mandiri Evaluasi Kinerja Pemerintah Digital"
    );
    assert_eq!(data["domains"].as_array().map(Vec::len), Some(0));
    assert_eq!(data["aspects"].as_array().map(Vec::len), Some(7));
    assert_eq!(data["indicators"].as_array().map(Vec::len), Some(20));
    assert_eq!(data["aspects"][0]["domain"], "");
    let claimed = data["indicators"][0]["values"][0]
        .as_str()
        .expect("a value");
    assert!(claimed.contains(','), "a decimal value: {claimed}");
    // external indicators carry their source and date
    let external: Vec<&Json> = data["indicators"]
        .as_array()
        .expect("indicators")
        .iter()
        .filter(|i| !i["external"].is_null())
        .collect();
    assert!(!external.is_empty());
    assert_eq!(external[0]["external"]["date"], "30 September 2026");
}

#[test]
fn user_text_is_passed_as_written_and_never_as_markup() {
    let mut report = sample_report(instrument("permenpanrb-8-2026"), 2026);
    let hostile = "#set page(width: 1cm) *tebal* $x^2$ ] [ \\ <label> @ref `kode` // komentar";
    report.instansi_name = format!("Pemkab {hostile}");
    report.indicators[0].fakta = hostile.to_string();
    report.indicators[0].lead_opd = Some(hostile.to_string());
    let data = json(&report, Document::Report);
    assert_eq!(data["instansi"], format!("Pemkab {hostile}"));
    assert_eq!(data["indicators"][0]["fakta"], hostile);
    assert_eq!(data["indicators"][0]["lead"], hostile);
}

#[test]
fn evidence_dates_and_references_read_the_indonesian_way() {
    let row = EvidenceRow {
        name: "Perbup.pdf".into(),
        level: 2,
        sha256: None,
        url: Some("https://jdih.example.go.id/perbup?id=1".into()),
        effective_date: Some("2025-01-12".into()),
        expiry_date: Some("2027-12-31".into()),
        review: "Diterima".into(),
    };
    let e = evidence(&row);
    assert_eq!(e.dates, "berlaku 12 Januari 2025 s.d. 31 Desember 2027");
    assert_eq!(
        e.reference,
        "Tautan: https://jdih.example.go.id/perbup?id=1"
    );
    assert_eq!(e.level, "2");
}

#[test]
fn the_plan_is_grouped_by_semester() {
    let report = sample_report(instrument("permenpanrb-59-2020"), 2025);
    let data = json(&report, Document::ActionPlan);
    assert_eq!(data["document"], "action-plan");
    let plan = data["plan"].as_array().expect("a plan");
    assert_eq!(plan.len(), 2);
    assert_eq!(plan[0]["label"], "Semester 1");
    let total: usize = plan
        .iter()
        .map(|s| s["rows"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(total, report.actions.len());
    let first = &plan[0]["rows"][0];
    assert!(first["change"].as_str().is_some_and(|c| c.contains('→')));
    assert_eq!(first["due"], "30 Juni 2026");
}

#[test]
fn gaps_to_the_target_are_exact() {
    let inst = instrument("permenpanrb-59-2020");
    assert_eq!(
        gap(&inst, Exact::new(2245, 1000), Value(260)),
        "kurang 0,36 dari target"
    );
    assert_eq!(
        gap(&inst, Exact::new(26, 10), Value(260)),
        "target tercapai"
    );
    assert_eq!(
        gap(&inst, Exact::new(27, 10), Value(260)),
        "melampaui target 0,10"
    );
}
