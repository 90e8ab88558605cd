//! Reading an assessment from CSV: a header row `indikator,level` (or `indicator,level`) and one
//! row per indicator.
//!
//! Spreadsheets exported in Indonesia often use `;` as the separator and a decimal comma
//! (`1,26`); both are accepted when the header uses `;`. A byte-order mark is ignored, as are
//! extra columns (a name column, say) and empty rows. Every problem is reported with its row.

use std::collections::BTreeMap;

use crate::exact::{DecimalError, Value, parse_fixed};
use crate::instrument::Instrument;
use crate::problem::{Problems, ranges};
use crate::score::{Assessment, value_problem};

const INDICATOR_HEADERS: [&str; 2] = ["indikator", "indicator"];
const LEVEL_HEADERS: [&str; 4] = ["level", "nilai", "value", "tingkat"];

/// Reads the values of every indicator of `instrument` from CSV text.
pub fn parse_levels_csv(instrument: &Instrument, text: &str) -> Result<Assessment, Problems> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delimiter = detect_delimiter(text);
    let mut problems = Problems::default();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());

    let header = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            problems.push("baris 1", format!("kepala kolom tidak dapat dibaca: {e}"));
            return Err(problems);
        }
    };
    let column = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
    };
    let (Some(indicator_col), Some(level_col)) =
        (column(&INDICATOR_HEADERS), column(&LEVEL_HEADERS))
    else {
        problems.push(
            "baris 1",
            "kepala kolom harus memuat kolom \"indikator\" dan \"level\" (misalnya: indikator,level)",
        );
        return Err(problems);
    };

    let count = instrument.indicators.len();
    // indicator number -> (row, value)
    let mut seen: BTreeMap<u16, (u64, Value)> = BTreeMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let row = e.position().map_or(0, csv::Position::line);
                problems.push(
                    format!("baris {row}"),
                    format!("baris tidak dapat dibaca: {e}"),
                );
                continue;
            }
        };
        let row = record.position().map_or(0, csv::Position::line);
        let location = format!("baris {row}");
        if record.iter().all(str::is_empty) {
            continue;
        }
        let number_text = record.get(indicator_col).unwrap_or("");
        let level_text = record.get(level_col).unwrap_or("");
        let number = match number_text.parse::<u16>() {
            Ok(n) if n >= 1 && usize::from(n) <= count => Some(n),
            Ok(n) => {
                problems.push(
                    &location,
                    format!(
                        "indikator {n} tidak ada pada instrumen {} (nomor 1-{count})",
                        instrument.id
                    ),
                );
                None
            }
            Err(_) if number_text.is_empty() => {
                problems.push(&location, "nomor indikator kosong");
                None
            }
            Err(_) => {
                problems.push(
                    &location,
                    format!("nomor indikator \"{number_text}\" bukan bilangan bulat"),
                );
                None
            }
        };
        let value = match parse_fixed(level_text, 2, delimiter != b',') {
            Ok(hundredths) => {
                let value = Value(hundredths);
                match value_problem(instrument, value) {
                    Some(message) => {
                        problems.push(&location, message);
                        None
                    }
                    None => Some(value),
                }
            }
            Err(error) => {
                problems.push(&location, level_error(level_text, &error));
                None
            }
        };
        let Some(number) = number else { continue };
        if let Some((first_row, _)) = seen.get(&number) {
            problems.push(
                &location,
                format!("indikator {number} sudah tertulis di baris {first_row}"),
            );
            continue;
        }
        if let Some(value) = value {
            seen.insert(number, (row, value));
        } else {
            // Remember the row so the indicator is not also reported as missing.
            seen.insert(number, (row, Value(0)));
        }
    }

    let missing: Vec<u16> = (1..=count)
        .filter_map(|n| u16::try_from(n).ok())
        .filter(|n| !seen.contains_key(n))
        .collect();
    if !missing.is_empty() {
        problems.push(
            "",
            format!(
                "indikator {} belum diisi: setiap indikator 1-{count} harus tertulis tepat satu kali",
                ranges(&missing)
            ),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Assessment::new(instrument, seen.into_values().map(|(_, v)| v).collect())
}

fn level_error(text: &str, error: &DecimalError) -> String {
    match error {
        DecimalError::NotANumber if text.is_empty() => "level kosong".to_string(),
        DecimalError::NotANumber => format!("level \"{text}\" bukan angka"),
        DecimalError::TooManyDecimals { allowed } => {
            format!("nilai \"{text}\" paling banyak {allowed} desimal")
        }
        DecimalError::TooLarge => format!("level \"{text}\" terlalu besar"),
    }
}

/// `;` or tab when the header uses it, else `,`.
pub(crate) fn detect_delimiter(text: &str) -> u8 {
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if header.contains(';') {
        b';'
    } else if header.contains('\t') && !header.contains(',') {
        b'\t'
    } else {
        b','
    }
}
