//! Every problem a worksheet upload can have: its message, sheet, row and column. A preview with
//! problems is never clean, so the caller applies nothing.

use calamine::Data;
use padu_core::evaluation::Status;
use padu_reports::xlsx::{INFO_SHEET, MAX_NARRATIVE_CHARS, WORKSHEET_SHEET};
use padu_reports::{ImportProblem, PeriodReport, Preview, preview_worksheet, worksheet_xlsx};

use crate::support::{Book, NEW, OLD, opds, report, row};

fn edited(report: &PeriodReport, edit: impl FnOnce(&mut Book)) -> Preview {
    let mut book = Book::read(&worksheet_xlsx(report).expect("export"));
    edit(&mut book);
    preview_worksheet(report, &opds(report), &book.write()).expect("readable")
}

/// Asserts the preview has exactly one problem, at that place, whose message contains `needle`.
fn only_problem(preview: &Preview, sheet: &str, row: u32, column: &str, needle: &str) {
    assert!(!preview.is_clean());
    assert_eq!(preview.problems.len(), 1, "{:#?}", preview.problems);
    let problem = &preview.problems[0];
    assert_eq!(
        (problem.sheet.as_str(), problem.row, problem.column.as_str()),
        (sheet, row, column),
        "{problem}"
    );
    assert!(
        problem.message.contains(needle),
        "{problem} should say {needle:?}"
    );
}

fn number_with(report: &PeriodReport, status: Status) -> u16 {
    report
        .indicators
        .iter()
        .find(|r| r.status == status)
        .expect("status in sample")
        .number
}

#[test]
fn unknown_indicator_number() {
    let report = report(OLD);
    let preview = edited(&report, |b| {
        b.number(WORKSHEET_SHEET, "A2", 99.0);
    });
    only_problem(
        &preview,
        WORKSHEET_SHEET,
        2,
        "A",
        "indikator 99 tidak ada pada instrumen",
    );
}

#[test]
fn indicator_number_that_is_not_a_number_or_empty() {
    let report = report(OLD);
    let preview = edited(&report, |b| {
        b.text(WORKSHEET_SHEET, "A2", "satu");
    });
    only_problem(
        &preview,
        WORKSHEET_SHEET,
        2,
        "A",
        "\"satu\" bukan bilangan bulat",
    );
    let preview = edited(&report, |b| {
        b.set(WORKSHEET_SHEET, "A3", Data::Empty);
    });
    only_problem(&preview, WORKSHEET_SHEET, 3, "A", "nomor indikator kosong");
}

#[test]
fn duplicate_indicator_row() {
    let report = report(OLD);
    let preview = edited(&report, |b| {
        b.number(WORKSHEET_SHEET, "A3", 1.0);
    });
    only_problem(
        &preview,
        WORKSHEET_SHEET,
        3,
        "A",
        "indikator 1 sudah tertulis di baris 2",
    );
}

#[test]
fn values_out_of_range_not_numbers_or_with_too_many_decimals() {
    let old = report(OLD);
    let draft = number_with(&old, Status::Draft);
    let cell = format!("I{}", row(draft));
    let cases: [(&str, Data, &str); 4] = [
        ("old", Data::Float(7.0), "di luar skala 1-5"),
        ("old", Data::String("tiga".into()), "\"tiga\" bukan angka"),
        ("old", Data::Float(2.5), "harus bilangan bulat"),
        (
            "new",
            Data::String("1,255".into()),
            "paling banyak 2 desimal",
        ),
    ];
    for (which, data, needle) in cases {
        let report = if which == "old" {
            old.clone()
        } else {
            report(NEW)
        };
        let preview = edited(&report, |b| {
            b.set(WORKSHEET_SHEET, &cell, data.clone());
        });
        only_problem(&preview, WORKSHEET_SHEET, row(draft), "I", needle);
    }
    let new = report(NEW);
    let preview = edited(&new, |b| {
        b.number(WORKSHEET_SHEET, &cell, 0.5);
    });
    only_problem(
        &preview,
        WORKSHEET_SHEET,
        row(draft),
        "I",
        "di luar skala 1,00-5,00",
    );
}

#[test]
fn narrative_too_long() {
    let report = report(OLD);
    let draft = number_with(&report, Status::Draft);
    let long = "a".repeat(MAX_NARRATIVE_CHARS + 1);
    let preview = edited(&report, |b| {
        b.text(WORKSHEET_SHEET, &format!("M{}", row(draft)), &long);
    });
    only_problem(
        &preview,
        WORKSHEET_SHEET,
        row(draft),
        "M",
        "Analisis terlalu panjang: 10.001 karakter, paling banyak 10.000",
    );
}

#[test]
fn unknown_opd_names() {
    let report = report(OLD);
    let preview = edited(&report, |b| {
        b.text(WORKSHEET_SHEET, "F2", "Dinas Antah Berantah");
    });
    only_problem(
        &preview,
        WORKSHEET_SHEET,
        2,
        "F",
        "OPD \"Dinas Antah Berantah\" tidak dikenal",
    );
    let preview = edited(&report, |b| {
        b.text(WORKSHEET_SHEET, "G3", "Dinas Kesehatan; Badan Rahasia");
    });
    only_problem(
        &preview,
        WORKSHEET_SHEET,
        3,
        "G",
        "OPD \"Badan Rahasia\" tidak dikenal",
    );
}

#[test]
fn read_only_columns_may_not_change() {
    let report = report(OLD);
    let cases: [(&str, Data); 9] = [
        ("B", Data::String("Indikator lain".into())),
        ("C", Data::String("Domain lain".into())),
        ("D", Data::String("Aspek lain".into())),
        ("E", Data::Float(9.0)),
        ("H", Data::String("Diterima".into())),
        ("J", Data::Float(5.0)),
        ("K", Data::Float(5.0)),
        ("N", Data::String("bukti palsu.pdf".into())),
        ("P", Data::String("Indeks lain".into())),
    ];
    for (column, data) in cases {
        // indicator 5 has a final value but no accepted one; 4 neither
        let preview = edited(&report, |b| {
            b.set(WORKSHEET_SHEET, &format!("{column}6"), data.clone());
        });
        only_problem(&preview, WORKSHEET_SHEET, 6, column, "hanya dapat dibaca");
    }
}

#[test]
fn submitted_and_accepted_indicators_keep_their_claim() {
    let report = report(OLD);
    for status in [Status::Submitted, Status::Accepted] {
        let n = number_with(&report, status);
        let current = report.indicators[usize::from(n) - 1].self_value.expect("v");
        let other = if current.0 == 100 { 2.0 } else { 1.0 };
        let preview = edited(&report, |b| {
            b.number(WORKSHEET_SHEET, &format!("I{}", row(n)), other);
        });
        let needle = format!("indikator {n} berstatus \"{}\"", status.label());
        only_problem(&preview, WORKSHEET_SHEET, row(n), "I", &needle);
        let preview = edited(&report, |b| {
            b.text(WORKSHEET_SHEET, &format!("L{}", row(n)), "Fakta lain");
        });
        only_problem(
            &preview,
            WORKSHEET_SHEET,
            row(n),
            "L",
            "hanya dapat diubah pada status Draf",
        );
    }
}

#[test]
fn a_worksheet_of_another_period_or_instrument() {
    let report = report(OLD);
    let preview = edited(&report, |b| {
        b.text(INFO_SHEET, "B5", "77");
    });
    only_problem(
        &preview,
        INFO_SHEET,
        5,
        "B",
        "milik periode lain (nomor 77)",
    );

    let other = crate::support::report(NEW);
    let bytes = worksheet_xlsx(&other).expect("export");
    let preview = preview_worksheet(&report, &opds(&report), &bytes).expect("readable");
    only_problem(
        &preview,
        INFO_SHEET,
        4,
        "B",
        "untuk instrumen \"permenpanrb-8-2026\"",
    );
}

#[test]
fn missing_sheets_and_headers() {
    let report = report(OLD);
    let preview = edited(&report, |b| {
        b.remove_sheet(INFO_SHEET);
    });
    only_problem(
        &preview,
        INFO_SHEET,
        0,
        "",
        "lembar \"Info\" tidak ditemukan",
    );

    let preview = edited(&report, |b| {
        b.remove_sheet(WORKSHEET_SHEET);
    });
    only_problem(
        &preview,
        WORKSHEET_SHEET,
        0,
        "",
        "lembar \"Lembar Kerja\" tidak ditemukan",
    );

    let preview = edited(&report, |b| {
        b.text(WORKSHEET_SHEET, "I1", "Nilai");
    });
    only_problem(
        &preview,
        WORKSHEET_SHEET,
        1,
        "",
        "kolom \"Nilai Mandiri\" tidak ditemukan pada baris judul",
    );
}

#[test]
fn every_problem_of_a_file_is_listed_at_once() {
    let report = report(OLD);
    let draft = number_with(&report, Status::Draft);
    let preview = edited(&report, |b| {
        b.number(WORKSHEET_SHEET, "A2", 99.0)
            .number(WORKSHEET_SHEET, &format!("I{}", row(draft)), 9.0)
            .text(WORKSHEET_SHEET, "F3", "Tidak Ada")
            .text(WORKSHEET_SHEET, "H4", "Draf palsu")
            .text(WORKSHEET_SHEET, "M9", "Analisis yang boleh diubah");
    });
    let places: Vec<(u32, &str)> = preview
        .problems
        .iter()
        .map(|p: &ImportProblem| (p.row, p.column.as_str()))
        .collect();
    assert_eq!(places, [(2, "A"), (3, "F"), (4, "H"), (row(draft), "I")]);
    // the valid edit is previewed too, but nothing may be applied
    assert!(!preview.is_clean());
    assert!(preview.problems.iter().all(|p| !p.message.is_empty()));
    assert!(
        preview.problems[0]
            .to_string()
            .starts_with("Lembar Kerja, sel A2: ")
    );
}
