//! The ministry's official result: the final value of every indicator (and optionally a note
//! and a recommendation), from an XLSX or CSV file laid out however the ministry or the Pemda
//! saved it. Columns are found by their header, in Bahasa Indonesia or English, on the first
//! sheet that has them; the header row may sit below a title.
//!
//! The result must cover every indicator of the instrument exactly once. Every problem is
//! listed; the caller applies nothing when there is any.

use std::collections::BTreeMap;

use calamine::Data;
use padu_core::problem::ranges;
use padu_core::score::value_problem;
use padu_core::{Instrument, Value};

use crate::format;
use crate::xlsx::guard::{check_upload_size, looks_like_zip, read_sheets};
use crate::xlsx::{
    ImportProblem, MAX_NARRATIVE_CHARS, XlsxError, cell_text, column_letter, header_key,
    number_cell, value_cell,
};

/// Headers of the indicator number column, most specific first.
pub const NUMBER_HEADERS: [&str; 8] = [
    "no",
    "nomor",
    "number",
    "no indikator",
    "nomor indikator",
    "indicator number",
    "indikator",
    "indicator",
];
/// Headers of the value column, most specific first ("Nilai Final" wins over "Nilai").
pub const VALUE_HEADERS: [&str; 11] = [
    "nilai final",
    "final",
    "nilai akhir",
    "final value",
    "final level",
    "tingkat final",
    "nilai",
    "tingkat",
    "level",
    "value",
    "tingkat kematangan",
];
/// Headers of the optional note column.
pub const NOTE_HEADERS: [&str; 4] = ["catatan", "note", "notes", "keterangan"];
/// Headers of the optional recommendation column.
pub const RECOMMENDATION_HEADERS: [&str; 4] =
    ["rekomendasi", "recommendation", "recommendations", "saran"];

/// The sheet name used in problems about a CSV file.
pub const CSV_SHEET: &str = "CSV";

/// How many rows from the top of a sheet are searched for the header row.
const HEADER_SEARCH_ROWS: usize = 20;

/// One indicator's official result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficialRow {
    /// Indicator number.
    pub number: u16,
    /// Checked against the instrument's scale.
    pub value: Value,
    /// The assessor's note, trimmed; `None` when the column is absent or the cell empty.
    pub note: Option<String>,
    /// The ministry's recommendation, trimmed; `None` when absent or empty.
    pub recommendation: Option<String>,
}

/// What was read. Apply `rows` only when `problems` is empty; then `rows` holds every indicator
/// of the instrument exactly once, by number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfficialResult {
    /// The rows without problems, by indicator number.
    pub rows: Vec<OfficialRow>,
    /// Every problem of the file, in reading order.
    pub problems: Vec<ImportProblem>,
}

impl OfficialResult {
    /// Whether the result may be applied.
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Reads an official result from XLSX (recognised by its `PK` signature) or CSV (`,` or `;`
/// separated, UTF-8 or Windows-1252, decimal point or comma). Errors are for files that cannot
/// be read at all (too large, zip bomb, broken XLSX); everything else is a problem.
pub fn parse_official(instrument: &Instrument, bytes: &[u8]) -> Result<OfficialResult, XlsxError> {
    check_upload_size(bytes)?;
    let tables = if looks_like_zip(bytes) {
        read_sheets(bytes)?
            .into_iter()
            .map(|(name, range)| {
                let (r0, c0) = range.start().unwrap_or((0, 0));
                let rows = range
                    .rows()
                    .enumerate()
                    .map(|(i, cells)| {
                        let mut row = vec![Data::Empty; c0 as usize];
                        row.extend(cells.iter().cloned());
                        (r0 + 1 + u32::try_from(i).unwrap_or(0), row)
                    })
                    .collect();
                (name, rows)
            })
            .collect()
    } else {
        vec![(CSV_SHEET.to_string(), csv_rows(bytes)?)]
    };
    let mut result = OfficialResult::default();
    let mut first_guess: Option<(String, u32, String)> = None;
    for (sheet, rows) in &tables {
        match find_header(rows) {
            Ok((index, columns)) => {
                read_rows(instrument, sheet, &rows[index..], columns, &mut result);
                return Ok(result);
            }
            Err(Some((row, missing))) if first_guess.is_none() => {
                first_guess = Some((sheet.clone(), row, missing));
            }
            Err(_) => {}
        }
    }
    let (sheet, row, message) = first_guess.unwrap_or_else(|| {
        let sheet = tables
            .first()
            .map_or(CSV_SHEET.to_string(), |t| t.0.clone());
        (
            sheet,
            0,
            "kolom nomor indikator (No/Nomor/Number) dan kolom nilai (Nilai/Tingkat/Level/Nilai \
             Final/Final) tidak ditemukan"
                .to_string(),
        )
    });
    result
        .problems
        .push(ImportProblem::new(&sheet, row, "", message));
    Ok(result)
}

/// Decodes CSV text and splits it into rows of cells (row numbers 1-based).
fn csv_rows(bytes: &[u8]) -> Result<Vec<(u32, Vec<Data>)>, XlsxError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        // Excel on Indonesian Windows saves CSV as Windows-1252; Latin-1 covers its letters.
        Err(_) => bytes.iter().map(|b| char::from(*b)).collect(),
    };
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter = if header.contains(';') {
        b';'
    } else if header.contains('\t') && !header.contains(',') {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, csv::Position::line);
            XlsxError::Csv(format!("baris {line} tidak dapat dibaca"))
        })?;
        let line = record.position().map_or(0, csv::Position::line);
        let cells = record.iter().map(|s| Data::String(s.to_string())).collect();
        rows.push((u32::try_from(line).unwrap_or(u32::MAX), cells));
    }
    Ok(rows)
}

/// Columns of the table.
#[derive(Debug, Clone, Copy)]
struct Columns {
    number: usize,
    value: usize,
    note: Option<usize>,
    recommendation: Option<usize>,
}

fn pick(keys: &[String], names: &[&str]) -> Option<usize> {
    names
        .iter()
        .find_map(|name| keys.iter().position(|k| k == name))
}

/// The index of the header row and its columns; else, for the first row that looked like a
/// header, its row number and what is missing.
fn find_header(rows: &[(u32, Vec<Data>)]) -> Result<(usize, Columns), Option<(u32, String)>> {
    let mut guess = None;
    for (index, (row, cells)) in rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        let keys: Vec<String> = cells.iter().map(|c| header_key(&cell_text(c))).collect();
        let number = pick(&keys, &NUMBER_HEADERS);
        let value = pick(&keys, &VALUE_HEADERS);
        match (number, value) {
            (Some(number), Some(value)) if number != value => {
                let columns = Columns {
                    number,
                    value,
                    note: pick(&keys, &NOTE_HEADERS),
                    recommendation: pick(&keys, &RECOMMENDATION_HEADERS),
                };
                return Ok((index, columns));
            }
            (Some(_), None) if guess.is_none() => {
                guess = Some((
                    *row,
                    "kolom nilai (Nilai/Tingkat/Level/Nilai Final/Final) tidak ditemukan pada \
                     baris judul"
                        .to_string(),
                ));
            }
            (None, Some(_)) if guess.is_none() => {
                guess = Some((
                    *row,
                    "kolom nomor indikator (No/Nomor/Indikator/Number) tidak ditemukan pada \
                     baris judul"
                        .to_string(),
                ));
            }
            _ => {}
        }
    }
    Err(guess)
}

/// Reads the rows after the header (`rows[0]` is the header).
fn read_rows(
    instrument: &Instrument,
    sheet: &str,
    rows: &[(u32, Vec<Data>)],
    columns: Columns,
    result: &mut OfficialResult,
) {
    let letter = |col: usize| column_letter(u32::try_from(col).unwrap_or(u32::MAX));
    let mut problem = |row: u32, col: Option<usize>, message: String| {
        let column = col.map(letter).unwrap_or_default();
        result
            .problems
            .push(ImportProblem::new(sheet, row, &column, message));
    };
    let empty = Data::Empty;
    let count = instrument.indicators.len();
    // number -> first row
    let mut seen: BTreeMap<u16, u32> = BTreeMap::new();
    let mut good: Vec<OfficialRow> = Vec::new();
    for (row, cells) in rows.iter().skip(1) {
        let row = *row;
        if cells.iter().all(|c| cell_text(c).is_empty()) {
            continue;
        }
        let cell = |col: usize| cells.get(col).unwrap_or(&empty);
        let number = match number_cell(cell(columns.number)) {
            Ok(Some(n)) => n,
            Ok(None) => {
                problem(
                    row,
                    Some(columns.number),
                    "nomor indikator kosong".to_string(),
                );
                continue;
            }
            Err(message) => {
                problem(row, Some(columns.number), message);
                continue;
            }
        };
        if instrument.indicator(number).is_none() {
            let message = format!(
                "indikator {number} tidak ada pada instrumen {} (nomor 1-{count})",
                instrument.id
            );
            problem(row, Some(columns.number), message);
            continue;
        }
        if let Some(first) = seen.get(&number) {
            let message = format!("indikator {number} sudah tertulis di baris {first}");
            problem(row, Some(columns.number), message);
            continue;
        }
        seen.insert(number, row);
        let mut fine = true;
        let value = match value_cell(cell(columns.value)) {
            Ok(Some(value)) => match value_problem(instrument, value) {
                None => Some(value),
                Some(message) => {
                    problem(row, Some(columns.value), message);
                    None
                }
            },
            Ok(None) => {
                let message = format!("nilai indikator {number} kosong");
                problem(row, Some(columns.value), message);
                None
            }
            Err(message) => {
                problem(row, Some(columns.value), message);
                None
            }
        };
        let mut text = |col: Option<usize>, label: &str| -> Option<String> {
            let col = col?;
            let text = cell_text(cell(col));
            let chars = text.chars().count();
            if chars > MAX_NARRATIVE_CHARS {
                let message = format!(
                    "{label} terlalu panjang: {} karakter, paling banyak {}",
                    format::thousands(chars as u64),
                    format::thousands(MAX_NARRATIVE_CHARS as u64)
                );
                problem(row, Some(col), message);
                fine = false;
                return None;
            }
            (!text.is_empty()).then_some(text)
        };
        let note = text(columns.note, "Catatan");
        let recommendation = text(columns.recommendation, "Rekomendasi");
        if let (Some(value), true) = (value, fine) {
            good.push(OfficialRow {
                number,
                value,
                note,
                recommendation,
            });
        }
    }
    let missing: Vec<u16> = instrument
        .indicators
        .iter()
        .map(|i| i.number)
        .filter(|n| !seen.contains_key(n))
        .collect();
    if !missing.is_empty() {
        let message = format!(
            "indikator {} tidak ada dalam berkas: hasil resmi harus memuat setiap indikator \
             1-{count} tepat satu kali",
            ranges(&missing)
        );
        problem(0, None, message);
    }
    good.sort_by_key(|r| r.number);
    result.rows = good;
}
