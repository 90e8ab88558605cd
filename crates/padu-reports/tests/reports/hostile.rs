//! Hostile uploads: oversized files, zip bombs, files that are not XLSX, random bytes. Each is
//! refused with a clear message and nothing panics.

use std::io::{Cursor, Write};

use padu_reports::xlsx::{MAX_UPLOAD_BYTES, WORKSHEET_SHEET};
use padu_reports::{XlsxError, parse_official, preview_worksheet, worksheet_xlsx};
use proptest::prelude::*;
use zip::write::SimpleFileOptions;

use crate::support::{OLD, instrument, opds, report};

fn preview_error(bytes: &[u8]) -> XlsxError {
    let report = report(OLD);
    preview_worksheet(&report, &opds(&report), bytes).expect_err("refused")
}

/// A ZIP with the given entries, deflated.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in entries {
        writer.start_file(*name, options).expect("entry");
        writer.write_all(content).expect("content");
    }
    writer.finish().expect("zip").into_inner()
}

/// Overwrites the uncompressed size of every entry, in the local headers and the central
/// directory alike, as a hostile file would.
fn declare_size(mut bytes: Vec<u8>, size: u32) -> Vec<u8> {
    let patch = |bytes: &mut Vec<u8>, signature: &[u8; 4], offset: usize| {
        let positions: Vec<usize> = bytes
            .windows(4)
            .enumerate()
            .filter(|(_, w)| w == signature)
            .map(|(i, _)| i)
            .collect();
        for at in positions {
            bytes[at + offset..at + offset + 4].copy_from_slice(&size.to_le_bytes());
        }
    };
    patch(&mut bytes, b"PK\x03\x04", 22);
    patch(&mut bytes, b"PK\x01\x02", 24);
    bytes
}

#[test]
fn not_xlsx_bytes_are_refused() {
    for bytes in [
        &b"%PDF-1.7 bukan lembar kerja"[..],
        b"No,Nilai\n1,3\n",
        b"PK\x03\x04 rusak",
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 xls lama",
    ] {
        let error = preview_error(bytes);
        assert!(matches!(error, XlsxError::NotXlsx), "{error:?}");
        assert!(error.to_string().contains("bukan berkas Excel (.xlsx)"));
    }
    assert!(matches!(preview_error(b""), XlsxError::Empty));
    // a real ZIP that is no workbook
    let error = preview_error(&zip_of(&[("catatan.txt", b"halo")]));
    assert!(matches!(error, XlsxError::Unreadable(_)), "{error:?}");
    assert!(error.to_string().contains("tidak dapat dibaca"));
}

#[test]
fn oversized_uploads_are_refused_before_parsing() {
    let mut bytes = worksheet_xlsx(&report(OLD)).expect("export");
    bytes.resize(MAX_UPLOAD_BYTES + 1, 0);
    let error = preview_error(&bytes);
    assert_eq!(
        error.to_string(),
        "Ukuran berkas 20,1 MB melebihi batas 20 MB. Unggah berkas yang lebih kecil."
    );
    let error = parse_official(&instrument(OLD), &bytes).expect_err("refused");
    assert!(matches!(error, XlsxError::TooLarge { .. }));
}

#[test]
fn a_zip_bomb_is_refused_by_its_compression_ratio() {
    let zeros = vec![0u8; 4 * 1024 * 1024];
    let bomb = zip_of(&[("xl/worksheets/sheet1.xml", &zeros)]);
    assert!(bomb.len() < 64 * 1024, "the bomb is small: {}", bomb.len());
    let error = preview_error(&bomb);
    assert!(matches!(error, XlsxError::Suspicious(_)), "{error:?}");
    assert!(error.to_string().contains("rasio pemampatan"), "{error}");
    let error = parse_official(&instrument(OLD), &bomb).expect_err("refused");
    assert!(matches!(error, XlsxError::Suspicious(_)));
}

#[test]
fn a_zip_that_declares_too_much_or_lies_about_sizes_is_refused() {
    let small = zip_of(&[("xl/workbook.xml", b"<workbook/>"), ("a.xml", b"<a/>")]);
    // declares 200 MB per entry
    let error = preview_error(&declare_size(small.clone(), 200 * 1024 * 1024));
    assert!(matches!(error, XlsxError::Suspicious(_)), "{error:?}");
    assert!(error.to_string().contains("lebih dari 100 MB"), "{error}");
    // declares 2 bytes but inflates to more
    let lying = declare_size(zip_of(&[("xl/workbook.xml", &[b'a'; 5000])]), 2);
    let error = preview_error(&lying);
    assert!(
        matches!(error, XlsxError::Suspicious(_) | XlsxError::NotXlsx),
        "{error:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let report = report(OLD);
        let _ = preview_worksheet(&report, &opds(&report), &bytes);
        let _ = parse_official(&report.instrument, &bytes);
        let mut zip_like = b"PK\x03\x04".to_vec();
        zip_like.extend(&bytes);
        let _ = preview_worksheet(&report, &opds(&report), &zip_like);
        let _ = parse_official(&report.instrument, &zip_like);
    }

    #[test]
    fn a_damaged_worksheet_never_panics(
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)
    ) {
        let report = report(OLD);
        let mut bytes = worksheet_xlsx(&report).expect("export");
        for (at, byte) in flips {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        let _ = preview_worksheet(&report, &opds(&report), &bytes);
        let _ = parse_official(&report.instrument, &bytes);
        // and a truncated one
        bytes.truncate(bytes.len() / 2);
        prop_assert!(preview_worksheet(&report, &opds(&report), &bytes).is_err());
    }
}

#[test]
fn the_sheet_name_constant_matches_the_export() {
    assert_eq!(WORKSHEET_SHEET, "Lembar Kerja");
}
