//! Numbers and dates as an Indonesian government document writes them: 1.234.567; 2,59;
//! "17 Agustus 2026" (from an ISO `yyyy-mm-dd`).

use std::cmp::Ordering;

use padu_core::{Exact, Instrument, Value, date};

/// The Indonesian month names, January first (those of [`padu_core::date`]).
pub use padu_core::date::BULAN;

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

/// `a - b` with its sign, rounded by the instrument's rule: "+0,12", "−0,05" (with a minus
/// sign, U+2212), "0,00"; and how `a` compares with `b` (for the colour of a change).
pub fn signed(instrument: &Instrument, a: Exact, b: Exact, separator: char) -> (String, Ordering) {
    let order = a.cmp(&b);
    let text = match order {
        Ordering::Greater => format!("+{}", instrument.display(a.saturating_sub(b), separator)),
        Ordering::Less => format!("−{}", instrument.display(b.saturating_sub(a), separator)),
        Ordering::Equal => instrument.display(Exact::new(0, 1), separator),
    };
    (text, order)
}

/// A level or decimal value as the instrument writes it ("3" or "1,26"); "-" when absent.
pub fn level(instrument: &Instrument, value: Option<Value>) -> String {
    match value {
        Some(v) => instrument.values.format(v, ','),
        None => "-".to_string(),
    }
}

/// "17 Agustus 2026" from "2026-08-17"; the text unchanged when it is not such a date (by
/// [`padu_core::date::parse_iso`]: exactly `yyyy-mm-dd` and a real day).
pub fn tanggal(iso: &str) -> String {
    date::parse_iso(iso).map_or_else(|| iso.to_string(), date::long_id)
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

    #[test]
    fn a_difference_carries_its_sign() {
        let catalog = padu_core::Catalog::builtin().expect("catalog");
        let inst = catalog.instrument("permenpanrb-8-2026").expect("8/2026");
        let (a, b) = (Exact::new(226, 100), Exact::new(260, 100));
        assert_eq!(signed(inst, a, b, ','), ("−0,34".into(), Ordering::Less));
        assert_eq!(signed(inst, b, a, ','), ("+0,34".into(), Ordering::Greater));
        assert_eq!(signed(inst, a, a, '.'), ("0.00".into(), Ordering::Equal));
    }

    #[test]
    fn only_real_iso_dates_are_written_long() {
        assert_eq!(tanggal(" 2026-08-17 "), "17 Agustus 2026");
        assert_eq!(tanggal("2026-12-31"), "31 Desember 2026");
        // impossible days and other digit counts stay as written
        assert_eq!(tanggal("2026-02-31"), "2026-02-31");
        assert_eq!(tanggal("2026-8-17"), "2026-8-17");
        assert_eq!(tanggal("17-08-2026"), "17-08-2026");
        assert_eq!(BULAN[7], "Agustus");
    }
}
