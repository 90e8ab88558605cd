//! Calendar dates as Padu stores and writes them: ISO `yyyy-mm-dd` in and out, and the long
//! Indonesian form "17 Agustus 2026". The one parser and formatter every crate uses, so a
//! date accepted in one place is accepted everywhere. Pure: no clock, no zone.

use time::{Date, Month};

/// The Indonesian month names, January first.
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

/// A date written `yyyy-mm-dd`: exactly four, two and two ASCII digits joined by `-`,
/// surrounding whitespace ignored, and a real calendar day (`2026-02-31` is `None`).
pub fn parse_iso(text: &str) -> Option<Date> {
    let text = text.trim();
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return None;
    }
    let year = text.get(0..4)?.parse::<i32>().ok()?;
    let month = Month::try_from(text.get(5..7)?.parse::<u8>().ok()?).ok()?;
    let day = text.get(8..10)?.parse::<u8>().ok()?;
    Date::from_calendar_date(year, month, day).ok()
}

/// `date` as `yyyy-mm-dd`.
pub fn iso(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// A moment (milliseconds since 1970, UTC) as ISO 8601 with seconds and `Z`
/// (`2026-12-07T13:50:18Z`), the form `xsd:dateTime` takes.
pub fn iso_utc(ms: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        iso(t.date()),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// A moment written as a date (its midnight, UTC) or as an RFC 3339 time whose `Z` may be
/// left off (`2026-12-07T13:50:18`, `2026-12-07T20:50:18+07:00`), as milliseconds since 1970.
pub fn parse_moment_ms(text: &str) -> Option<i64> {
    use time::format_description::well_known::Rfc3339;
    let v = text.trim();
    let full = if v.len() == 10 {
        iso(parse_iso(v)?) + "T00:00:00Z"
    } else if v.ends_with('Z') || v.get(19..).is_some_and(|tz| tz.contains(['+', '-'])) {
        v.to_string()
    } else {
        format!("{v}Z")
    };
    let t = time::OffsetDateTime::parse(&full, &Rfc3339).ok()?;
    i64::try_from(t.unix_timestamp_nanos() / 1_000_000).ok()
}

/// `date` moved by `days` (negative: back); `date` unchanged when the result would leave the
/// calendar's range.
pub fn add_days(date: Date, days: i64) -> Date {
    i64::from(date.to_julian_day())
        .checked_add(days)
        .and_then(|day| i32::try_from(day).ok())
        .and_then(|day| Date::from_julian_day(day).ok())
        .unwrap_or(date)
}

/// The Indonesian name of `month`: "Agustus".
pub fn bulan(month: Month) -> &'static str {
    BULAN[usize::from(u8::from(month)) - 1]
}

/// `date` the long Indonesian way: "17 Agustus 2026" (the day without a leading zero).
pub fn long_id(date: Date) -> String {
    format!("{} {} {}", date.day(), bulan(date.month()), date.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: i32, month: Month, day: u8) -> Date {
        Date::from_calendar_date(year, month, day).expect("a real date")
    }

    #[test]
    fn moments_are_dates_or_rfc3339_times_in_utc() {
        assert_eq!(parse_moment_ms("1970-01-02"), Some(86_400_000));
        assert_eq!(parse_moment_ms("1970-01-01T01:00:00Z"), Some(3_600_000));
        assert_eq!(parse_moment_ms("1970-01-01T01:00:00"), Some(3_600_000));
        assert_eq!(
            parse_moment_ms("1970-01-01T08:00:00+07:00"),
            Some(3_600_000)
        );
        assert_eq!(
            parse_moment_ms("1970-01-01T00:00:00-01:00"),
            Some(3_600_000)
        );
        assert_eq!(parse_moment_ms("kemarin"), None);
        assert_eq!(parse_moment_ms("2026-13-01"), None);
        assert_eq!(parse_moment_ms("2026-01-01T25:00:00"), None);
        assert_eq!(iso_utc(86_400_000 + 61_000), "1970-01-02T00:01:01Z");
    }

    #[test]
    fn parses_real_iso_dates_only() {
        assert_eq!(parse_iso("2026-08-17"), Some(date(2026, Month::August, 17)));
        assert_eq!(
            parse_iso("  2026-08-17\n"),
            Some(date(2026, Month::August, 17))
        );
        assert_eq!(
            parse_iso("2024-02-29"),
            Some(date(2024, Month::February, 29))
        );
        // impossible days and months
        assert_eq!(parse_iso("2026-02-31"), None);
        assert_eq!(parse_iso("2026-02-29"), None);
        assert_eq!(parse_iso("2026-04-31"), None);
        assert_eq!(parse_iso("2026-13-01"), None);
        assert_eq!(parse_iso("2026-00-10"), None);
        assert_eq!(parse_iso("2026-01-00"), None);
        // wrong digit counts
        assert_eq!(parse_iso("2026-8-17"), None);
        assert_eq!(parse_iso("2026-08-7"), None);
        assert_eq!(parse_iso("26-08-17"), None);
        assert_eq!(parse_iso("02026-08-17"), None);
        assert_eq!(parse_iso("2026-008-17"), None);
        // other shapes
        assert_eq!(parse_iso("17-08-2026"), None);
        assert_eq!(parse_iso("2026/08/17"), None);
        assert_eq!(parse_iso("2026-08-17T00:00"), None);
        assert_eq!(parse_iso("+026-08-17"), None);
        assert_eq!(parse_iso("2026-+8-17"), None);
        assert_eq!(parse_iso("２０２６-08-17"), None);
        assert_eq!(parse_iso("2026- 8-17"), None);
        assert_eq!(parse_iso(""), None);
        assert_eq!(parse_iso("kemarin"), None);
    }

    #[test]
    fn iso_pads_and_round_trips() {
        assert_eq!(iso(date(2026, Month::August, 17)), "2026-08-17");
        assert_eq!(iso(date(2026, Month::January, 5)), "2026-01-05");
        assert_eq!(iso(date(987, Month::December, 31)), "0987-12-31");
        for text in ["2026-08-17", "2024-02-29", "1999-12-31", "0001-01-01"] {
            assert_eq!(parse_iso(text).map(iso).as_deref(), Some(text));
        }
    }

    #[test]
    fn adding_days_crosses_months_and_years_and_saturates() {
        let d = date(2026, Month::August, 17);
        assert_eq!(add_days(d, 0), d);
        assert_eq!(add_days(d, 15), date(2026, Month::September, 1));
        assert_eq!(add_days(d, -17), date(2026, Month::July, 31));
        assert_eq!(add_days(d, 137), date(2027, Month::January, 1));
        assert_eq!(
            add_days(date(2024, Month::February, 28), 1),
            date(2024, Month::February, 29)
        );
        // out of the calendar's range: the date unchanged, no panic
        assert_eq!(add_days(d, i64::MAX), d);
        assert_eq!(add_days(d, i64::MIN), d);
        assert_eq!(add_days(d, 100_000_000), d);
        assert_eq!(add_days(Date::MAX, 1), Date::MAX);
        assert_eq!(add_days(Date::MIN, -1), Date::MIN);
    }

    #[test]
    fn long_dates_read_the_indonesian_way() {
        assert_eq!(long_id(date(2026, Month::August, 17)), "17 Agustus 2026");
        assert_eq!(long_id(date(2026, Month::January, 5)), "5 Januari 2026");
        assert_eq!(long_id(date(2027, Month::December, 31)), "31 Desember 2027");
        assert_eq!(bulan(Month::May), "Mei");
        assert_eq!(bulan(Month::February), "Februari");
        let months = (1..=12).map(|m| Month::try_from(m).map(bulan));
        assert_eq!(
            months.collect::<Result<Vec<_>, _>>().expect("12 months"),
            BULAN
        );
    }
}
