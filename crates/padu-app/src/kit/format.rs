//! Numbers and dates the way a Pemda writes them: 1.234.567; "17 Agustus 2026 14.05 WIB", in
//! the instansi's own zone (WIB, WITA or WIT).

use padu_core::date::{BULAN, parse_iso};
use time::{Date, OffsetDateTime, UtcOffset};

use crate::kit::i18n::Lang;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Hours ahead of UTC of an Indonesian zone (WIB when unknown).
fn zone_hours(zone: &str) -> i8 {
    match zone {
        "WITA" => 8,
        "WIT" => 9,
        _ => 7,
    }
}

fn offset(zone: &str) -> UtcOffset {
    UtcOffset::from_hms(zone_hours(zone), 0, 0).unwrap_or(UtcOffset::UTC)
}

/// The date at instant `at` in an Indonesian zone (WIB when unknown).
pub fn date_in(zone: &str, at: OffsetDateTime) -> Date {
    at.to_offset(offset(zone)).date()
}

/// The zone's name as shown (unknown zones are shown as WIB, the zone used for them).
fn zone_name(zone: &str) -> &'static str {
    match zone {
        "WITA" => "WITA",
        "WIT" => "WIT",
        _ => "WIB",
    }
}

/// "17 Agustus 2026 14.05 WIB" (English: "17 August 2026 14:05 WIB").
pub fn date_time(at_ms: i64, zone: &str, lang: Lang) -> String {
    let Ok(utc) = OffsetDateTime::from_unix_timestamp(at_ms.div_euclid(1000)) else {
        return String::new();
    };
    let local = utc.to_offset(offset(zone));
    let month = usize::from(u8::from(local.month())) - 1;
    let (names, sep) = match lang {
        Lang::Id => (&BULAN, '.'),
        Lang::En => (&MONTHS, ':'),
    };
    format!(
        "{} {} {} {:02}{sep}{:02} {}",
        local.day(),
        names[month],
        local.year(),
        local.hour(),
        local.minute(),
        zone_name(zone)
    )
}

/// "17 Agustus 2026" (English: "17 August 2026") from `2026-08-17`; the text as it is when it
/// is not such a date.
pub fn date_text(iso_date: &str, lang: Lang) -> String {
    let Some(date) = parse_iso(iso_date) else {
        return iso_date.to_string();
    };
    let names = match lang {
        Lang::Id => &BULAN,
        Lang::En => &MONTHS,
    };
    let month = usize::from(u8::from(date.month())) - 1;
    format!("{} {} {}", date.day(), names[month], date.year())
}

/// The first millisecond of a day given as `yyyy-mm-dd`, in the zone; `None` when it is not
/// such a date.
pub fn day_start_ms(text: &str, zone: &str) -> Option<i64> {
    let date = parse_iso(text)?;
    Some(date.midnight().assume_offset(offset(zone)).unix_timestamp() * 1000)
}

/// A whole number with thousands separators: 1.234.567 (English: 1,234,567).
pub fn number(n: usize, lang: Lang) -> String {
    let sep = match lang {
        Lang::Id => '.',
        Lang::En => ',',
    };
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-08-17 07:05 UTC
    const AUG17: i64 = 1_786_950_300_000;

    #[test]
    fn times_are_shown_in_the_instansi_zone() {
        assert_eq!(
            date_time(AUG17, "WIB", Lang::Id),
            "17 Agustus 2026 14.05 WIB"
        );
        assert_eq!(
            date_time(AUG17, "WITA", Lang::Id),
            "17 Agustus 2026 15.05 WITA"
        );
        assert_eq!(
            date_time(AUG17, "WIT", Lang::Id),
            "17 Agustus 2026 16.05 WIT"
        );
        assert_eq!(date_time(AUG17, "", Lang::Id), "17 Agustus 2026 14.05 WIB");
        assert_eq!(
            date_time(AUG17, "WIB", Lang::En),
            "17 August 2026 14:05 WIB"
        );
    }

    #[test]
    fn a_day_starts_at_local_midnight() {
        let start = day_start_ms("2026-08-17", "WIB").expect("a date");
        assert_eq!(start, AUG17 - (14 * 3600 + 5 * 60) * 1000);
        assert_eq!(
            date_time(start, "WIB", Lang::Id),
            "17 Agustus 2026 00.00 WIB"
        );
        assert_eq!(day_start_ms("2026-02-30", "WIB"), None);
        assert_eq!(day_start_ms("17-08-2026", "WIB"), None);
        assert_eq!(day_start_ms("kemarin", "WIB"), None);
    }

    #[test]
    fn numbers_have_thousands_separators() {
        assert_eq!(number(0, Lang::Id), "0");
        assert_eq!(number(999, Lang::Id), "999");
        assert_eq!(number(1234, Lang::Id), "1.234");
        assert_eq!(number(1_234_567, Lang::Id), "1.234.567");
        assert_eq!(number(1_234_567, Lang::En), "1,234,567");
    }
}
