//! The overview workbook, read back with calamine: one row per member, the aspect table with
//! its mean; the same model the PDF is made from.

use calamine::{Data, Reader, Xlsx};
use padu_reports::sample::sample_overview;
use padu_reports::xlsx::{OVERVIEW_HEADERS, overview_xlsx};

use crate::support::{NEW, OLD, instrument};

#[test]
fn the_overview_reads_back_row_by_row() {
    for (id, national) in [(NEW, false), (OLD, true)] {
        let inst = instrument(id);
        let mut o = sample_overview(&inst, 2026, national);
        o.note = "Data demo".into();
        let bytes = overview_xlsx(&o).expect("xlsx");
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("readable");
        assert_eq!(book.sheet_names(), ["Ikhtisar", "Aspek"]);
        let sheet = book.worksheet_range("Ikhtisar").expect("sheet");
        let cell = |r: u32, c: u32| sheet.get_value((r, c)).cloned().unwrap_or(Data::Empty);
        assert_eq!(cell(0, 0), Data::String(o.title.clone()), "{id}");
        assert_eq!(cell(1, 0), Data::String("Data demo".into()));
        for (c, head) in OVERVIEW_HEADERS.iter().enumerate() {
            assert_eq!(cell(2, c as u32), Data::String(head.to_string()));
        }
        for (i, m) in o.rows.iter().enumerate() {
            let r = 3 + i as u32;
            assert_eq!(cell(r, 0), Data::String(m.name.clone()));
            assert_eq!(cell(r, 2).to_string(), m.province, "empty or the province");
            let number = |f: &Option<padu_reports::Figure>| match f {
                Some(f) => Data::Float(f.value),
                None => Data::String("-".into()),
            };
            assert_eq!(cell(r, 4), number(&m.index), "{}", m.name);
            assert_eq!(cell(r, 8), number(&m.change), "{}", m.name);
            assert_eq!(cell(r, 10), number(&m.gap), "{}", m.name);
            assert_eq!(cell(r, 15), Data::Float(m.late_opd as f64));
        }
        let aspects = book.worksheet_range("Aspek").expect("aspects");
        let with: Vec<_> = o.with_aspects().collect();
        assert!(
            with.len() < o.rows.len(),
            "the member without a period is left out"
        );
        let mean = 3 + with.len() as u32;
        assert_eq!(
            aspects.get_value((mean, 0)),
            Some(&Data::String("Rata-rata".into()))
        );
        assert_eq!(
            aspects.get_value((mean, 1)),
            Some(&Data::Float(o.aspect_averages[0].value))
        );
    }
}
