//! Reading assessments from CSV: accepted forms and every problem with its row.

use padu_core::{Value, parse_levels_csv};

use crate::support::{PEMDI_2026, SPBE_2020, instrument};

fn csv(header: &str, sep: char, rows: impl IntoIterator<Item = (String, String)>) -> String {
    let mut text = format!("{header}\n");
    for (n, v) in rows {
        text.push_str(&format!("{n}{sep}{v}\n"));
    }
    text
}

fn all_at(count: u16, value: &str) -> Vec<(String, String)> {
    (1..=count)
        .map(|n| (n.to_string(), value.to_string()))
        .collect()
}

#[test]
fn reads_indonesian_and_english_headers_in_any_order() {
    let i = instrument(SPBE_2020);
    let a = parse_levels_csv(i, &csv("indikator,level", ',', all_at(47, "3"))).expect("valid");
    assert!(a.values().iter().all(|v| *v == Value(300)));
    let a = parse_levels_csv(i, &csv("Indicator,Level", ',', all_at(47, "2"))).expect("valid");
    assert_eq!(a.value(47), Some(Value(200)));
    // extra columns, reversed order, a BOM and blank lines
    let mut text = String::from("\u{feff}level,nama,indikator\n");
    for n in (1..=47).rev() {
        text.push_str(&format!("4,\"Indikator {n}, uji\",{n}\n\n"));
    }
    let a = parse_levels_csv(i, &text).expect("valid");
    assert_eq!(a.value(1), Some(Value(400)));
}

#[test]
fn semicolon_files_may_use_a_decimal_comma() {
    let i = instrument(PEMDI_2026);
    let mut rows = all_at(20, "1");
    rows[0].1 = "1,26".into();
    rows[1].1 = "2.5".into();
    let a = parse_levels_csv(i, &csv("indikator;level", ';', rows)).expect("valid");
    assert_eq!(a.value(1), Some(Value(126)));
    assert_eq!(a.value(2), Some(Value(250)));
}

#[test]
fn every_problem_is_reported_with_its_row() {
    let i = instrument(SPBE_2020);
    let mut rows = all_at(47, "2");
    rows[2].1 = "6".into(); // row 4
    rows[3].1 = "dua".into(); // row 5
    rows[4].1 = "2.5".into(); // row 6
    rows[5].1 = String::new(); // row 7
    rows[6].0 = "1".into(); // row 8: duplicate of row 2, and 7 goes missing
    rows.push(("48".into(), "1".into())); // row 49
    rows.push(("x".into(), "1".into())); // row 50
    rows.retain(|(n, _)| n != "47");
    let text = parse_levels_csv(i, &csv("indikator,level", ',', rows))
        .expect_err("invalid")
        .to_string();
    for expected in [
        "baris 4: level 6 di luar skala 1-5",
        "baris 5: level \"dua\" bukan angka",
        "baris 6: level 2,5 harus bilangan bulat pada instrumen permenpanrb-59-2020",
        "baris 7: level kosong",
        "baris 8: indikator 1 sudah tertulis di baris 2",
        "indikator 48 tidak ada pada instrumen permenpanrb-59-2020 (nomor 1-47)",
        "nomor indikator \"x\" bukan bilangan bulat",
        "indikator 7, 47 belum diisi",
    ] {
        assert!(text.contains(expected), "missing «{expected}» in:\n{text}");
    }
}

#[test]
fn decimal_instruments_check_range_and_places() {
    let i = instrument(PEMDI_2026);
    let mut rows = all_at(20, "1");
    rows[0].1 = "0.99".into();
    rows[1].1 = "5.01".into();
    rows[2].1 = "1.265".into();
    let text = parse_levels_csv(i, &csv("indikator,level", ',', rows))
        .expect_err("invalid")
        .to_string();
    assert!(
        text.contains("baris 2: nilai 0,99 di luar skala 1,00-5,00"),
        "{text}"
    );
    assert!(text.contains("baris 3: nilai 5,01 di luar skala"), "{text}");
    assert!(
        text.contains("baris 4: nilai \"1.265\" paling banyak 2 desimal"),
        "{text}"
    );
}

#[test]
fn a_file_without_the_needed_columns_says_so() {
    let i = instrument(SPBE_2020);
    let text = parse_levels_csv(i, "no,nilai_akhir\n1,3\n")
        .expect_err("invalid")
        .to_string();
    assert!(
        text.contains("baris 1: kepala kolom harus memuat kolom \"indikator\" dan \"level\""),
        "{text}"
    );
    let text = parse_levels_csv(i, "").expect_err("empty").to_string();
    assert!(text.contains("kepala kolom"), "{text}");
}
