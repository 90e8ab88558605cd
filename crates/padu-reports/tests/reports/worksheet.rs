//! The worksheet out and back in: only the cells really changed come back as changes.

use calamine::Data;
use padu_core::Value;
use padu_core::evaluation::Status;
use padu_reports::xlsx::{Column, INFO_SHEET, SUMMARY_SHEET, WORKSHEET_SHEET};
use padu_reports::{Change, Field, NewValue, PeriodReport, preview_worksheet, worksheet_xlsx};

use crate::support::{Book, NEW, OLD, opds, report, row};

fn preview(report: &PeriodReport, bytes: &[u8]) -> padu_reports::Preview {
    preview_worksheet(report, &opds(report), bytes).expect("readable worksheet")
}

/// An indicator of the sample with the given status.
fn with_status(report: &PeriodReport, status: Status, skip: usize) -> u16 {
    report
        .indicators
        .iter()
        .filter(|r| r.status == status)
        .nth(skip)
        .expect("an indicator with that status")
        .number
}

#[test]
fn the_export_has_the_documented_layout() {
    for id in [OLD, NEW] {
        let report = report(id);
        let book = Book::read(&worksheet_xlsx(&report).expect("export"));
        let names: Vec<&str> = book.sheets.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, [WORKSHEET_SHEET, SUMMARY_SHEET, INFO_SHEET]);
        for column in Column::ALL {
            let header = book.get(WORKSHEET_SHEET, &format!("{}1", column.letter()));
            assert_eq!(header, Data::String(column.header().to_string()));
        }
        assert_eq!(Column::SelfValue.letter(), "I");
        assert_eq!(Column::External.letter(), "P");
        let count = report.instrument.indicators.len() as u16;
        assert_eq!(
            book.get(WORKSHEET_SHEET, &format!("A{}", row(count))),
            Data::Float(f64::from(count))
        );
        let first = &report.indicators[0];
        let value = first.self_value.expect("sample value").to_f64();
        assert_eq!(book.get(WORKSHEET_SHEET, "I2"), Data::Float(value));
        assert_eq!(
            book.get(WORKSHEET_SHEET, "F2"),
            Data::String(first.lead_opd.clone().expect("lead"))
        );
        // evidence names one per line
        let evidence = book.get(WORKSHEET_SHEET, "N2");
        let lines = first.evidence.len();
        assert_eq!(
            evidence.to_string().lines().count(),
            lines,
            "{evidence:?} has one line per evidence item"
        );
        // the summary shows the index and predikat on every basis
        let summary = &book.sheets[1].1;
        let text: Vec<String> = summary.iter().flatten().map(|d| d.to_string()).collect();
        for basis in padu_reports::Basis::ALL {
            let score = report.score(basis);
            let shown = padu_reports::format::index(&report.instrument, score.index);
            assert!(text.contains(&shown), "{shown} on the summary");
            assert!(text.contains(&report.instrument.predikat_of(score.index).to_string()));
        }
        assert!(text.contains(&report.instansi_name));
        let aspect = &report.instrument.aspects[0].name;
        assert!(text.contains(aspect), "aspect table");
    }
}

#[test]
fn an_unchanged_worksheet_previews_no_change() {
    for id in [OLD, NEW] {
        let report = report(id);
        let bytes = worksheet_xlsx(&report).expect("export");
        let direct = preview(&report, &bytes);
        assert_eq!(direct.problems, [], "{id}");
        assert_eq!(direct.changes, [], "{id}");
        assert!(direct.is_clean());
        // saved again by another program: numbers and texts come back the same
        let resaved = Book::read(&bytes).write();
        let again = preview(&report, &resaved);
        assert_eq!(again.problems, [], "{id} resaved");
        assert_eq!(again.changes, [], "{id} resaved");
    }
}

#[test]
fn exactly_the_edited_cells_come_back_as_changes() {
    for id in [OLD, NEW] {
        let report = report(id);
        let names = opds(&report);
        let draft = with_status(&report, Status::Draft, 0);
        let returned = with_status(&report, Status::Returned, 0);
        let submitted = with_status(&report, Status::Submitted, 0);
        let other_draft = with_status(&report, Status::Draft, 1);
        let current = |n: u16| {
            report
                .indicators
                .iter()
                .find(|r| r.number == n)
                .expect("row")
        };

        let old_value = current(draft).self_value.expect("value");
        let new_value = if id == OLD {
            Value(if old_value.0 == 500 {
                400
            } else {
                old_value.0 + 100
            })
        } else {
            Value(275)
        };
        assert_ne!(old_value, new_value);
        let mut book = Book::read(&worksheet_xlsx(&report).expect("export"));
        book.number(
            WORKSHEET_SHEET,
            &format!("I{}", row(draft)),
            new_value.to_f64(),
        )
        .text(
            WORKSHEET_SHEET,
            &format!("L{}", row(returned)),
            "  Fakta baru.\r\nBaris kedua.  ",
        )
        .text(
            WORKSHEET_SHEET,
            &format!("M{}", row(draft)),
            "Analisis baru.",
        )
        // an assignment may change whatever the status; names match case-insensitively
        .text(
            WORKSHEET_SHEET,
            &format!("F{}", row(submitted)),
            "  dinas KESEHATAN ",
        )
        .text(
            WORKSHEET_SHEET,
            &format!("G{}", row(returned)),
            "Dinas Kesehatan;\nsekretariat daerah",
        );
        // written differently but equal: no change
        let same = current(other_draft);
        let same_value = same.self_value.expect("value");
        book.text(
            WORKSHEET_SHEET,
            &format!("I{}", row(other_draft)),
            &same_value.format(2, ','),
        )
        .text(
            WORKSHEET_SHEET,
            &format!("L{}", row(other_draft)),
            &format!("{}   \r\n", same.fakta),
        )
        .text(
            WORKSHEET_SHEET,
            &format!("F{}", row(other_draft)),
            &same.lead_opd.clone().expect("lead").to_uppercase(),
        );
        let preview = preview_worksheet(&report, &names, &book.write()).expect("preview");
        assert_eq!(preview.problems, [], "{id}");
        let fmt = |v: Value| padu_reports::format::level(&report.instrument, Some(v));
        let expected = vec![
            Change {
                number: draft,
                field: Field::SelfValue,
                old: fmt(old_value),
                new: fmt(new_value),
                value: NewValue::SelfValue(Some(new_value)),
            },
            Change {
                number: draft,
                field: Field::Analisis,
                old: current(draft).analisis.clone(),
                new: "Analisis baru.".to_string(),
                value: NewValue::Text("Analisis baru.".to_string()),
            },
            Change {
                number: submitted,
                field: Field::LeadOpd,
                old: current(submitted).lead_opd.clone().expect("lead"),
                new: "Dinas Kesehatan".to_string(),
                value: NewValue::LeadOpd(Some("Dinas Kesehatan".to_string())),
            },
            Change {
                number: returned,
                field: Field::Contributors,
                old: current(returned).contributors.join("; "),
                new: "Dinas Kesehatan; Sekretariat Daerah".to_string(),
                value: NewValue::Contributors(vec![
                    "Dinas Kesehatan".to_string(),
                    "Sekretariat Daerah".to_string(),
                ]),
            },
            Change {
                number: returned,
                field: Field::Fakta,
                old: current(returned).fakta.clone(),
                new: "Fakta baru.\nBaris kedua.".to_string(),
                value: NewValue::Text("Fakta baru.\nBaris kedua.".to_string()),
            },
        ];
        let mut got = preview.changes.clone();
        let key = |c: &Change| (c.number, c.field.column().index());
        got.sort_by_key(key);
        let mut want = expected;
        want.sort_by_key(key);
        assert_eq!(got, want, "{id}");
    }
}

#[test]
fn clearing_a_value_and_an_assignment_are_changes_too() {
    let report = report(OLD);
    let draft = with_status(&report, Status::Draft, 0);
    let mut book = Book::read(&worksheet_xlsx(&report).expect("export"));
    book.set(WORKSHEET_SHEET, &format!("I{}", row(draft)), Data::Empty)
        .text(WORKSHEET_SHEET, &format!("F{}", row(draft)), "")
        .text(WORKSHEET_SHEET, &format!("G{}", row(draft)), " ");
    let preview = preview(&report, &book.write());
    assert_eq!(preview.problems, []);
    let values: Vec<&NewValue> = preview.changes.iter().map(|c| &c.value).collect();
    assert_eq!(
        values,
        [
            &NewValue::LeadOpd(None),
            &NewValue::Contributors(vec![]),
            &NewValue::SelfValue(None)
        ]
    );
    assert!(preview.changes.iter().all(|c| c.new == "-"));
}

#[test]
fn a_demo_worksheet_says_so_and_still_comes_back_clean() {
    let mut report = report(NEW);
    report.demo = true;
    let book = Book::read(&worksheet_xlsx(&report).expect("export"));
    let note = Data::String(padu_reports::DEMO_NOTE.to_string());
    assert_eq!(
        book.get(SUMMARY_SHEET, "A2"),
        note,
        "under the summary's title"
    );
    assert_eq!(book.get(INFO_SHEET, "A9"), Data::String("Data demo".into()));
    assert_eq!(book.get(INFO_SHEET, "B9"), note);
    let preview = preview(&report, &book.write());
    assert!(preview.is_clean(), "{:?}", preview.problems);
    assert!(preview.changes.is_empty(), "{:?}", preview.changes);

    report.demo = false;
    let book = Book::read(&worksheet_xlsx(&report).expect("export"));
    assert_eq!(book.get(SUMMARY_SHEET, "A2"), Data::Empty);
    assert_eq!(book.get(INFO_SHEET, "A9"), Data::Empty);
}
