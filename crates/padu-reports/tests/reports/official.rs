//! The official result import: CSV (comma, or semicolon with decimal comma) and XLSX, headers
//! in either language, and each of its problems.

use padu_core::{Instrument, Value};
use padu_reports::official::CSV_SHEET;
use padu_reports::xlsx::MAX_NARRATIVE_CHARS;
use padu_reports::{OfficialResult, OfficialRow, parse_official};
use rust_xlsxwriter::Workbook;

use crate::support::{NEW, OLD, instrument};

/// A CSV with one row per indicator; `line(n)` gives the cells after the number.
fn csv(instrument: &Instrument, header: &str, sep: &str, line: impl Fn(u16) -> String) -> String {
    let mut text = format!("{header}\n");
    for ind in &instrument.indicators {
        text.push_str(&format!("{}{sep}{}\n", ind.number, line(ind.number)));
    }
    text
}

fn parse(instrument: &Instrument, text: &str) -> OfficialResult {
    parse_official(instrument, text.as_bytes()).expect("readable")
}

/// Asserts exactly one problem at that place whose message contains `needle`.
fn only_problem(result: &OfficialResult, row: u32, column: &str, needle: &str) {
    assert!(!result.is_clean());
    assert_eq!(result.problems.len(), 1, "{:#?}", result.problems);
    let p = &result.problems[0];
    assert_eq!((p.row, p.column.as_str()), (row, column), "{p}");
    assert!(p.message.contains(needle), "{p} should say {needle:?}");
}

#[test]
fn a_comma_separated_result_in_indonesian() {
    let old = instrument(OLD);
    let text = csv(&old, "No,Nilai,Catatan,Rekomendasi", ",", |n| {
        let note = if n == 3 {
            "\"Kebijakan sudah ditetapkan, belum direviu\""
        } else {
            ""
        };
        format!("{},{note},", 1 + u32::from(n) % 5)
    });
    let result = parse(&old, &text);
    assert_eq!(result.problems, []);
    assert_eq!(result.rows.len(), 47);
    assert_eq!(
        result.rows[2],
        OfficialRow {
            number: 3,
            value: Value(400),
            note: Some("Kebijakan sudah ditetapkan, belum direviu".to_string()),
            recommendation: None,
        }
    );
    assert!(
        result
            .rows
            .iter()
            .enumerate()
            .all(|(i, r)| usize::from(r.number) == i + 1)
    );
}

#[test]
fn a_semicolon_result_with_decimal_commas_and_a_bom() {
    let new = instrument(NEW);
    let text = csv(
        &new,
        "\u{feff}Nomor;Indikator;Nilai Final;Rekomendasi",
        ";",
        |n| {
            format!(
                "Indikator {n};{},{:02};Tingkatkan reviu",
                1 + n % 4,
                n * 3 % 100
            )
        },
    );
    let result = parse(&new, &text);
    assert_eq!(result.problems, []);
    assert_eq!(result.rows.len(), 20);
    assert_eq!(result.rows[6].value, Value(100 * (1 + 7 % 4) + 21));
    assert_eq!(
        result.rows[0].recommendation.as_deref(),
        Some("Tingkatkan reviu")
    );
}

#[test]
fn an_xlsx_result_with_a_title_and_english_headers() {
    let new = instrument(NEW);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Hasil").expect("name");
    sheet
        .write_string(0, 0, "Hasil Evaluasi SPBE 2026")
        .expect("title");
    for (col, head) in [
        "Number",
        "Indicator name",
        "Final",
        "Note",
        "Recommendation",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(2, col as u16, *head).expect("header");
    }
    for ind in &new.indicators {
        let row = 2 + u32::from(ind.number);
        sheet
            .write_number(row, 0, f64::from(ind.number))
            .expect("no");
        sheet.write_string(row, 1, &ind.name).expect("name");
        sheet
            .write_number(row, 2, 2.5 + f64::from(ind.number) / 100.0)
            .expect("value");
        sheet.write_string(row, 3, "Catatan asesor").expect("note");
    }
    let bytes = workbook.save_to_buffer().expect("xlsx");
    let result = parse_official(&new, &bytes).expect("readable");
    assert_eq!(result.problems, []);
    assert_eq!(result.rows.len(), 20);
    assert_eq!(result.rows[19].value, Value(270));
    assert_eq!(result.rows[0].note.as_deref(), Some("Catatan asesor"));
    assert_eq!(result.rows[0].recommendation, None);

    // a problem in an XLSX names the sheet, the Excel row and the column letter
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "No").expect("h");
    sheet.write_string(0, 1, "Tingkat").expect("h");
    for ind in &new.indicators {
        let row = u32::from(ind.number);
        sheet
            .write_number(row, 0, f64::from(ind.number))
            .expect("no");
        let value = if ind.number == 5 { 9.0 } else { 3.0 };
        sheet.write_number(row, 1, value).expect("v");
    }
    let result = parse_official(&new, &workbook.save_to_buffer().expect("xlsx")).expect("ok");
    assert_eq!(result.problems.len(), 1, "{:?}", result.problems);
    assert_eq!(
        result.problems[0].to_string(),
        "Sheet1, sel B6: nilai 9 di luar skala 1,00-5,00"
    );
}

#[test]
fn unknown_and_duplicate_indicators() {
    let old = instrument(OLD);
    let mut text = csv(&old, "no,level", ",", |_| "3".to_string());
    text.push_str("48,3\n");
    only_problem(
        &parse(&old, &text),
        49,
        "A",
        "indikator 48 tidak ada pada instrumen",
    );
    let mut text = csv(&old, "no,level", ",", |_| "3".to_string());
    text.push_str("12,4\n");
    only_problem(
        &parse(&old, &text),
        49,
        "A",
        "indikator 12 sudah tertulis di baris 13",
    );
}

#[test]
fn every_indicator_must_be_present() {
    let old = instrument(OLD);
    let text: String = csv(&old, "No,Nilai", ",", |_| "2".to_string())
        .lines()
        .filter(|l| !["5,2", "6,2", "7,2", "30,2"].contains(l))
        .map(|l| format!("{l}\n"))
        .collect();
    let result = parse(&old, &text);
    only_problem(&result, 0, "", "indikator 5-7, 30 tidak ada dalam berkas");
    assert_eq!(result.problems[0].sheet, CSV_SHEET);
}

#[test]
fn values_out_of_range_empty_or_not_numbers() {
    let old = instrument(OLD);
    let new = instrument(NEW);
    let cases: [(&Instrument, &str, &str); 5] = [
        (&old, "6", "level 6 di luar skala 1-5"),
        (&old, "2,5", "harus bilangan bulat"),
        (&old, "tinggi", "\"tinggi\" bukan angka"),
        (&old, "", "nilai indikator 9 kosong"),
        (&new, "1,255", "paling banyak 2 desimal"),
    ];
    for (instrument, bad, needle) in cases {
        let text = csv(instrument, "No;Nilai", ";", |n| {
            if n == 9 {
                bad.to_string()
            } else {
                "3".to_string()
            }
        });
        only_problem(&parse(instrument, &text), 10, "B", needle);
    }
}

#[test]
fn notes_and_recommendations_that_are_too_long() {
    let old = instrument(OLD);
    let long = "x".repeat(MAX_NARRATIVE_CHARS + 1);
    let text = csv(&old, "No,Nilai,Note,Recommendation", ",", |n| match n {
        2 => format!("3,{long},"),
        4 => format!("3,,{long}"),
        _ => "3,,".to_string(),
    });
    let result = parse(&old, &text);
    let places: Vec<(u32, &str)> = result
        .problems
        .iter()
        .map(|p| (p.row, p.column.as_str()))
        .collect();
    assert_eq!(places, [(3, "C"), (5, "D")]);
    assert!(
        result.problems[0]
            .message
            .starts_with("Catatan terlalu panjang: 10.001 karakter")
    );
    assert!(
        result.problems[1]
            .message
            .starts_with("Rekomendasi terlalu panjang")
    );
}

#[test]
fn a_file_without_the_needed_columns() {
    let old = instrument(OLD);
    let result = parse(&old, "No,Nama\n1,Arsitektur\n");
    only_problem(
        &result,
        1,
        "",
        "kolom nilai (Nilai/Tingkat/Level/Nilai Final/Final) tidak ditemukan",
    );
    let result = parse(&old, "Kode,Nilai\n1,3\n");
    only_problem(&result, 1, "", "kolom nomor indikator");
    let result = parse(&old, "apa saja\n");
    only_problem(&result, 0, "", "tidak ditemukan");
}

#[test]
fn windows_1252_text_is_read() {
    let old = instrument(OLD);
    let mut bytes = b"No;Nilai;Catatan\n".to_vec();
    for ind in &old.indicators {
        bytes.extend(format!("{};3;", ind.number).as_bytes());
        if ind.number == 1 {
            bytes.extend(b"Caf\xe9 \x96 catatan");
        }
        bytes.push(b'\n');
    }
    let result = parse_official(&old, &bytes).expect("readable");
    assert_eq!(result.problems, []);
    assert!(
        result.rows[0]
            .note
            .as_deref()
            .is_some_and(|n| n.starts_with("Caf"))
    );
}
