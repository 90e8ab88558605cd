//! Numbers and dates as an Indonesian government document writes them: 1.234.567; 2,59;
//! "17 Agustus 2026" (from an ISO `yyyy-mm-dd`).

use padu_core::{Exact, Instrument, Value};

pub const BULAN: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

/// A whole number with dots between thousands: 1.234.567.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// An index or aspect value rounded by the instrument's rule, with a decimal comma: "2,59".
pub fn index(instrument: &Instrument, value: Exact) -> String {
    instrument.display(value, ',')
}

/// A level or decimal value as the instrument writes it ("3" or "1,26"); "-" when absent.
pub fn level(instrument: &Instrument, value: Option<Value>) -> String {
    match value {
        Some(v) => instrument.values.format(v, ','),
        None => "-".to_string(),
    }
}

/// "17 Agustus 2026" from "2026-08-17"; the text unchanged when it is not such a date.
pub fn tanggal(iso: &str) -> String {
    let mut parts = iso.trim().splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return iso.to_string();
    };
    let (Ok(year), Ok(month), Ok(day)) = (y.parse::<i32>(), m.parse::<usize>(), d.parse::<u8>())
    else {
        return iso.to_string();
    };
    match BULAN.get(month.wrapping_sub(1)) {
        Some(name) if (1..=31).contains(&day) && y.len() == 4 => format!("{day} {name} {year}"),
        _ => iso.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_dates_read_the_indonesian_way() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1234), "1.234");
        assert_eq!(thousands(1_234_567), "1.234.567");
        assert_eq!(tanggal("2026-08-17"), "17 Agustus 2026");
        assert_eq!(tanggal("2026-01-05"), "5 Januari 2026");
        assert_eq!(tanggal("2026-13-05"), "2026-13-05");
        assert_eq!(tanggal("kemarin"), "kemarin");
    }
}
