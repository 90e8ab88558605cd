//! The rows of an XLSX file's first worksheet, each cell as text the way `padu_core`'s types
//! read it: numbers with a `.` decimal point (whole numbers without one), dates as
//! `yyyy-mm-dd` (with the time when there is one), booleans as `TRUE`/`FALSE`, errors as `#…`.

use calamine::Data;

use super::TableError;
use crate::xlsx::guard::read_sheets;
use padu_core::satu_data::table::format_num;

/// Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// An Excel serial date (days since 1899-12-30) as `yyyy-mm-dd` or `yyyy-mm-dd hh:mm:ss`.
fn excel_date(serial: f64) -> String {
    if !serial.is_finite() || !(0.0..3_000_000.0).contains(&serial) {
        return format_num(serial);
    }
    let days = serial.floor() as i64;
    let (y, m, d) = civil(days - 25_569);
    let secs = ((serial - serial.floor()) * 86_400.0).round() as i64;
    if secs == 0 || secs >= 86_400 {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        let (h, mi, s) = (secs / 3600, secs / 60 % 60, secs % 60);
        format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}:{s:02}")
    }
}

fn text(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => format_num(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) => excel_date(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// The first worksheet's rows as `(row number in the sheet, cells)`, after the upload guard
/// (size, zip bomb).
pub fn xlsx_rows(bytes: &[u8]) -> Result<Vec<(u64, Vec<String>)>, TableError> {
    let sheets = read_sheets(bytes).map_err(|e| TableError::Unreadable(e.to_string()))?;
    let Some((_, range)) = sheets.into_iter().next() else {
        return Err(TableError::NoHeader);
    };
    let first = range.start().map_or(0, |(r, _)| u64::from(r));
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, row)| (first + i as u64 + 1, row.iter().map(text).collect()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serial_dates_become_iso_dates() {
        assert_eq!(excel_date(45_658.0), "2025-01-01");
        assert_eq!(excel_date(45_658.5), "2025-01-01 12:00:00");
        assert_eq!(civil(0), (1970, 1, 1));
    }
}
