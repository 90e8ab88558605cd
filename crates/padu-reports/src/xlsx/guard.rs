//! The gate every uploaded file passes before it is parsed: a size cap on the upload, then a
//! look at the ZIP central directory (declared sizes and compression ratios), then a bounded
//! inflation of every entry (declared sizes can lie). Only then does calamine see the bytes,
//! inside `catch_unwind` so a parser bug on a hostile file becomes an error, not a crash.

use std::io::{self, Cursor, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};

use calamine::{Data, Range, Reader, SheetType, Xlsx};

use super::XlsxError;

/// The largest upload accepted (20 MB). A filled worksheet of 47 indicators is ~50 KB.
pub const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;
/// The most an XLSX may inflate to, all entries together (100 MB).
pub const MAX_UNCOMPRESSED_BYTES: u64 = 100 * 1024 * 1024;
/// The highest compression ratio accepted for an entry larger than 1 MB once inflated. Real
/// worksheet XML compresses 5-30 times; zip bombs a thousand times and more.
pub const MAX_COMPRESSION_RATIO: u64 = 200;
/// The most entries a ZIP container may have.
pub const MAX_ZIP_ENTRIES: usize = 2_000;
/// Entries smaller than this are not held to the ratio (tiny repetitive XML compresses well).
const RATIO_FLOOR: u64 = 1024 * 1024;

/// "20 MB", "25,3 MB", "512 KB".
pub(crate) fn human_size(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= MB {
        let tenths = (bytes * 10).div_ceil(MB);
        if tenths.is_multiple_of(10) {
            format!("{} MB", tenths / 10)
        } else {
            format!("{},{} MB", tenths / 10, tenths % 10)
        }
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// Refuses empty and oversized uploads.
pub(crate) fn check_upload_size(bytes: &[u8]) -> Result<(), XlsxError> {
    if bytes.is_empty() {
        return Err(XlsxError::Empty);
    }
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(XlsxError::TooLarge {
            size: human_size(bytes.len() as u64),
            limit: human_size(MAX_UPLOAD_BYTES as u64),
        });
    }
    Ok(())
}

/// Whether the bytes start like a ZIP container (XLSX is one).
pub(crate) fn looks_like_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK")
}

/// Checks a ZIP container against zip bombs without trusting what it declares.
pub(crate) fn check_zip(bytes: &[u8]) -> Result<(), XlsxError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| XlsxError::NotXlsx)?;
    if archive.len() > MAX_ZIP_ENTRIES {
        return Err(XlsxError::Suspicious(format!(
            "berisi {} entri (paling banyak {MAX_ZIP_ENTRIES})",
            archive.len()
        )));
    }
    let too_big = || {
        XlsxError::Suspicious(format!(
            "isinya lebih dari {} setelah dibuka",
            human_size(MAX_UNCOMPRESSED_BYTES)
        ))
    };
    // What the central directory declares.
    let mut declared_total = 0u64;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|_| XlsxError::NotXlsx)?;
        let size = entry.size();
        declared_total = declared_total.saturating_add(size);
        if declared_total > MAX_UNCOMPRESSED_BYTES {
            return Err(too_big());
        }
        if size > RATIO_FLOOR && size / entry.compressed_size().max(1) > MAX_COMPRESSION_RATIO {
            return Err(XlsxError::Suspicious(format!(
                "rasio pemampatan entri melebihi {MAX_COMPRESSION_RATIO}:1"
            )));
        }
    }
    // What the entries really inflate to, never reading past what they declared.
    let mut total = 0u64;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|_| XlsxError::NotXlsx)?;
        let declared = entry.size();
        let read = io::copy(&mut (&mut entry).take(declared + 1), &mut io::sink())
            .map_err(|_| XlsxError::NotXlsx)?;
        if read > declared {
            return Err(XlsxError::Suspicious(
                "ukuran isi entri tidak sesuai dengan yang dinyatakan".to_string(),
            ));
        }
        total += read;
        if total > MAX_UNCOMPRESSED_BYTES {
            return Err(too_big());
        }
    }
    Ok(())
}

/// Every sheet of an uploaded XLSX, in workbook order, after [`check_upload_size`] and
/// [`check_zip`].
pub(crate) fn read_sheets(bytes: &[u8]) -> Result<Vec<(String, Range<Data>)>, XlsxError> {
    check_upload_size(bytes)?;
    if !looks_like_zip(bytes) {
        return Err(XlsxError::NotXlsx);
    }
    check_zip(bytes)?;
    let parse = || -> Result<Vec<(String, Range<Data>)>, XlsxError> {
        let mut workbook: Xlsx<_> =
            Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(&e.to_string()))?;
        let mut sheets = Vec::new();
        let names: Vec<String> = workbook
            .sheets_metadata()
            .iter()
            .filter(|sheet| sheet.typ == SheetType::WorkSheet)
            .map(|sheet| sheet.name.clone())
            .collect();
        for name in names {
            let range = workbook
                .worksheet_range(&name)
                .map_err(|e| unreadable(&e.to_string()))?;
            sheets.push((name, range));
        }
        Ok(sheets)
    };
    catch_unwind(AssertUnwindSafe(parse))
        .unwrap_or_else(|_| Err(unreadable("struktur berkas tidak dikenali")))
}

fn unreadable(detail: &str) -> XlsxError {
    // Calamine's messages are English and technical; keep a short hint only.
    let short: String = detail.chars().take(120).collect();
    XlsxError::Unreadable(short)
}
