//! The action plan worksheet, read back with calamine.

use calamine::{Data, Reader, Xlsx};
use padu_reports::action_plan_xlsx;
use padu_reports::xlsx::action_plan::{ACTION_PLAN_HEADERS, ACTION_PLAN_SHEET};

use crate::support::{NEW, OLD, report};

/// Excel's serial number of a date (days since 1899-12-30).
fn serial(year: i64, month: i64, day: i64) -> f64 {
    // days from civil, Howard Hinnant's algorithm
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days_since_1970 = era * 146_097 + doe - 719_468;
    (days_since_1970 + 25_569) as f64
}

#[test]
fn the_plan_reads_back_by_semester_then_indicator() {
    for id in [OLD, NEW] {
        let report = report(id);
        let bytes = action_plan_xlsx(&report).expect("xlsx");
        let mut workbook: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("readable");
        assert_eq!(workbook.sheet_names(), [ACTION_PLAN_SHEET]);
        let range = workbook.worksheet_range(ACTION_PLAN_SHEET).expect("sheet");
        let cell = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
        for (col, head) in ACTION_PLAN_HEADERS.iter().enumerate() {
            assert_eq!(cell(2, col as u32), Data::String(head.to_string()));
        }
        let mut expected = report.actions.clone();
        expected.sort_by_key(|a| (a.semester, a.number));
        assert!(expected.len() >= 4);
        let end = range.end().expect("rows").0;
        assert_eq!(end as usize, 2 + expected.len());
        for (i, action) in expected.iter().enumerate() {
            let r = 3 + i as u32;
            assert_eq!(cell(r, 0), Data::Float(f64::from(action.semester)));
            assert_eq!(cell(r, 1), Data::Float(f64::from(action.number)));
            let name = &report.instrument.indicators[usize::from(action.number) - 1].name;
            assert_eq!(cell(r, 2), Data::String(name.clone()));
            assert_eq!(cell(r, 3), Data::Float(action.from.to_f64()));
            assert_eq!(cell(r, 4), Data::Float(action.to.to_f64()));
            assert_eq!(
                cell(r, 5),
                Data::String(action.lead_opd.clone().expect("lead"))
            );
            let Data::DateTime(due) = cell(r, 6) else {
                panic!("the due date is a real date: {:?}", cell(r, 6));
            };
            let parts: Vec<i64> = action
                .due_date
                .split('-')
                .map(|p| p.parse().expect("n"))
                .collect();
            assert_eq!(due.as_f64(), serial(parts[0], parts[1], parts[2]));
            assert_eq!(cell(r, 7), Data::Float(action.effort_days as f64));
            assert_eq!(cell(r, 8), Data::String(action.evidence_needed.clone()));
            assert_eq!(cell(r, 9), Data::String(action.status.clone()));
        }
    }
}

#[test]
fn an_empty_plan_has_headers_only() {
    let mut report = report(OLD);
    report.actions.clear();
    let bytes = action_plan_xlsx(&report).expect("xlsx");
    let mut workbook: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("readable");
    let range = workbook.worksheet_range(ACTION_PLAN_SHEET).expect("sheet");
    assert_eq!(range.end().expect("headers").0, 2);
}

#[test]
fn a_demo_plan_says_so_under_its_title() {
    let mut report = report(NEW);
    for (demo, want) in [
        (true, Data::String(padu_reports::DEMO_NOTE.to_string())),
        (false, Data::Empty),
    ] {
        report.demo = demo;
        let bytes = action_plan_xlsx(&report).expect("xlsx");
        let mut workbook: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("readable");
        let range = workbook.worksheet_range(ACTION_PLAN_SHEET).expect("sheet");
        let a2 = range.get_value((1, 0)).cloned().unwrap_or(Data::Empty);
        assert_eq!(a2, want, "demo {demo}");
    }
}
