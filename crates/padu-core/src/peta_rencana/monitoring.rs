//! Monitoring a roadmap (monev): each semester the responsible OPD reports every running
//! item's realisation, by a deadline a set number of days after the semester ends (the
//! roadmap's `report_days`). Which semester is being reported on a day, which items still owe
//! it, and which are late or off track: tertunda, or without the report of a semester whose
//! deadline has passed. Items done (selesai) or cancelled (batal) owe nothing; an item owes a
//! semester only in the years it runs.

use time::{Date, Month};

use super::{ItemDetails, ItemStatus};
use crate::date::add_days;

/// The report deadline when a roadmap sets none: ten days after the semester ends.
pub const DEFAULT_REPORT_DAYS: i32 = 10;
/// The longest a roadmap may give its OPDs after a semester ends.
pub const MAX_REPORT_DAYS: i32 = 90;

/// One semester of one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Semester {
    pub year: i32,
    /// 1 (January-June) or 2 (July-December).
    pub semester: u8,
}

impl Semester {
    /// The semester `day` falls in.
    pub fn of(day: Date) -> Semester {
        Semester {
            year: day.year(),
            semester: if u8::from(day.month()) <= 6 { 1 } else { 2 },
        }
    }

    /// The semester before.
    pub fn previous(self) -> Semester {
        if self.semester == 2 {
            Semester {
                year: self.year,
                semester: 1,
            }
        } else {
            Semester {
                year: self.year - 1,
                semester: 2,
            }
        }
    }

    /// Its last day (30 June or 31 December).
    pub fn last_day(self) -> Date {
        let (month, day) = if self.semester == 1 {
            (Month::June, 30)
        } else {
            (Month::December, 31)
        };
        Date::from_calendar_date(self.year, month, day).unwrap_or(Date::MIN)
    }

    /// The day by which its realisation is reported: `report_days` after its last day.
    pub fn deadline(self, report_days: i32) -> Date {
        add_days(self.last_day(), i64::from(report_days.max(0)))
    }

    /// "Semester 1 2026".
    pub fn label(self) -> String {
        format!("Semester {} {}", self.semester, self.year)
    }
}

/// The semester being reported on `today`: the one before while its deadline has not passed,
/// else the current one.
pub fn reporting_semester(today: Date, report_days: i32) -> Semester {
    let current = Semester::of(today);
    let previous = current.previous();
    if previous.deadline(report_days) >= today {
        previous
    } else {
        current
    }
}

/// The latest semester whose deadline has passed on `today`.
pub fn last_due_semester(today: Date, report_days: i32) -> Semester {
    let previous = Semester::of(today).previous();
    if previous.deadline(report_days) < today {
        previous
    } else {
        previous.previous()
    }
}

/// Whether an item of `status` with `details` owes the report of `semester`: it runs that
/// year, is neither done nor cancelled, and has not reported it.
pub fn owes(status: ItemStatus, details: &ItemDetails, semester: Semester) -> bool {
    !matches!(status, ItemStatus::Selesai | ItemStatus::Batal)
        && details.years.contains(&semester.year)
        && !details
            .realisation
            .iter()
            .any(|r| r.year == semester.year && r.semester == semester.semester)
}

/// Why an item is listed for the koordinator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OffTrack {
    /// Its status is tertunda.
    Tertunda,
    /// It did not report `semester`, whose deadline has passed.
    Terlambat(Semester),
}

impl OffTrack {
    pub fn code(self) -> &'static str {
        match self {
            OffTrack::Tertunda => "tertunda",
            OffTrack::Terlambat(_) => "terlambat",
        }
    }
}

/// Whether an item entered on `since` is late or off track on `today`: tertunda, or without
/// the report of the latest semester whose deadline has passed (unless that deadline passed
/// before the item was entered: nobody is late for a report due before the item existed).
pub fn off_track(
    status: ItemStatus,
    details: &ItemDetails,
    today: Date,
    report_days: i32,
    since: Date,
) -> Option<OffTrack> {
    if status == ItemStatus::Tertunda {
        return Some(OffTrack::Tertunda);
    }
    let due = last_due_semester(today, report_days);
    (due.deadline(report_days) >= since && owes(status, details, due))
        .then_some(OffTrack::Terlambat(due))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::peta_rencana::Realisation;

    fn day(y: i32, m: u8, d: u8) -> Date {
        Date::from_calendar_date(y, Month::try_from(m).unwrap_or(Month::January), d)
            .unwrap_or(Date::MIN)
    }

    fn s(year: i32, semester: u8) -> Semester {
        Semester { year, semester }
    }

    #[test]
    fn the_semester_reported_moves_on_at_the_deadline() {
        assert_eq!(Semester::of(day(2026, 6, 30)), s(2026, 1));
        assert_eq!(Semester::of(day(2026, 7, 1)), s(2026, 2));
        assert_eq!(s(2026, 1).deadline(10), day(2026, 7, 10));
        assert_eq!(s(2026, 2).deadline(10), day(2027, 1, 10));
        assert_eq!(s(2026, 1).deadline(-5), day(2026, 6, 30));
        // until the tenth of July the first semester is reported, then the second
        assert_eq!(reporting_semester(day(2026, 7, 10), 10), s(2026, 1));
        assert_eq!(reporting_semester(day(2026, 7, 11), 10), s(2026, 2));
        assert_eq!(reporting_semester(day(2026, 12, 7), 10), s(2026, 2));
        assert_eq!(reporting_semester(day(2027, 1, 5), 10), s(2026, 2));
        assert_eq!(reporting_semester(day(2027, 1, 11), 10), s(2027, 1));
        // and the one overdue is the one before
        assert_eq!(last_due_semester(day(2026, 12, 7), 10), s(2026, 1));
        assert_eq!(last_due_semester(day(2026, 7, 10), 10), s(2025, 2));
        assert_eq!(last_due_semester(day(2027, 1, 11), 10), s(2026, 2));
        assert_eq!(s(2026, 1).label(), "Semester 1 2026");
    }

    fn details(years: &[i32], reported: &[(i32, u8)]) -> ItemDetails {
        ItemDetails {
            years: years.to_vec(),
            realisation: reported
                .iter()
                .map(|&(year, semester)| Realisation {
                    year,
                    semester,
                    value: "50%".into(),
                    note: None,
                    reported_by: "op".into(),
                    reported_at_ms: 0,
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn only_running_unfinished_items_owe_a_report() {
        let d = details(&[2026, 2027], &[(2026, 1)]);
        assert!(!owes(ItemStatus::Berjalan, &d, s(2026, 1)));
        assert!(owes(ItemStatus::Berjalan, &d, s(2026, 2)));
        assert!(owes(ItemStatus::BelumMulai, &d, s(2027, 1)));
        assert!(!owes(ItemStatus::Berjalan, &d, s(2025, 2)));
        assert!(!owes(ItemStatus::Selesai, &d, s(2026, 2)));
        assert!(!owes(ItemStatus::Batal, &d, s(2026, 2)));
    }

    #[test]
    fn late_or_off_track() {
        let today = day(2026, 12, 7);
        let since = day(2025, 1, 2);
        let reported = details(&[2026], &[(2026, 1)]);
        let silent = details(&[2026], &[]);
        assert_eq!(
            off_track(ItemStatus::Berjalan, &reported, today, 10, since),
            None
        );
        assert_eq!(
            off_track(ItemStatus::Berjalan, &silent, today, 10, since),
            Some(OffTrack::Terlambat(s(2026, 1)))
        );
        assert_eq!(
            off_track(ItemStatus::Tertunda, &reported, today, 10, since),
            Some(OffTrack::Tertunda)
        );
        assert_eq!(
            off_track(ItemStatus::Selesai, &silent, today, 10, since),
            None
        );
        // the first semester is not late yet on 7 July
        assert_eq!(
            off_track(ItemStatus::Berjalan, &silent, day(2026, 7, 7), 10, since),
            None
        );
        // entered after its deadline: not late for it
        assert_eq!(
            off_track(ItemStatus::Berjalan, &silent, today, 10, day(2026, 7, 11)),
            None
        );
        assert!(off_track(ItemStatus::Berjalan, &silent, today, 10, day(2026, 7, 10)).is_some());
        assert_eq!(OffTrack::Terlambat(s(2026, 1)).code(), "terlambat");
    }
}
