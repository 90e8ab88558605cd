use padu_core::satu_data::table::{Cell, ColumnType};

use super::*;

fn kinds(shape: &TableShape) -> Vec<(&str, ColumnType)> {
    shape
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.kind))
        .collect()
}

#[test]
fn a_csv_is_typed_counted_and_its_bad_rows_reported() {
    let csv = "\u{feff}kecamatan;tahun;jumlah_penduduk;rasio;tanggal_data\n\
               Panggul;2025;78123;1,02;2025-06-30\n\
               \n\
               Munjungan;2025;55001;0.98;30/06/2025\n\
               Watulimo;2025;;1;2025-06-30;lebih\n\
               Kampak;2025;38400;1.1\n\
               \"Trenggalek; kota\";2025;70210;0,97;2025-06-30\n";
    let (shape, rows) = read_table(csv.as_bytes(), FileKind::Csv).expect("read");
    assert_eq!(
        kinds(&shape),
        [
            ("kecamatan", ColumnType::Text),
            ("tahun", ColumnType::Integer),
            ("jumlah_penduduk", ColumnType::Integer),
            ("rasio", ColumnType::Numeric),
            ("tanggal_data", ColumnType::Date),
        ]
    );
    assert_eq!(shape.rows, 3);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1][4], Cell::Text("2025-06-30".into()));
    assert_eq!(rows[2][0], Cell::Text("Trenggalek; kota".into()));
    assert_eq!(rows[0][3], Cell::Num(1.02));
    let bad: Vec<u64> = shape.problems.iter().map(|p| p.row).collect();
    assert_eq!(bad, [5, 6], "{:?}", shape.problems);
    assert!(shape.problems[0].message.contains("6 sel"));
}

#[test]
fn headers_are_named_and_mixed_columns_reported() {
    let csv = "kode,,kode,_id\n1,a,x,1\n2,b,y,2\nlima,c,z,3\n4,d,w,4\n";
    let (shape, _) = read_table(csv.as_bytes(), FileKind::Csv).expect("read");
    let names: Vec<&str> = shape.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["kode", "kolom_2", "kode_2", "_id_2"]);
    assert_eq!(shape.columns[0].kind, ColumnType::Text);
    let mixed = shape
        .problems
        .iter()
        .find(|p| p.column == "kode")
        .expect("mixed");
    assert_eq!(mixed.row, 4);
    assert!(mixed.message.contains("baris 4"), "{}", mixed.message);
    assert_eq!(shape.problems.len(), 4, "{:?}", shape.problems);
}

#[test]
fn files_that_are_no_table_are_refused() {
    assert_eq!(
        read_table(b"", FileKind::Csv).err(),
        Some(TableError::NoHeader)
    );
    assert_eq!(
        read_table(b"\n ,\n", FileKind::Csv).err(),
        Some(TableError::NoHeader)
    );
    let wide = vec!["k"; MAX_COLUMNS + 1].join(",");
    assert!(matches!(
        read_table(wide.as_bytes(), FileKind::Csv),
        Err(TableError::TooManyColumns(_))
    ));
    assert!(matches!(
        read_table(b"PK\x03\x04nonsense", FileKind::Xlsx),
        Err(TableError::Unreadable(_))
    ));
    let (shape, rows) = read_table(b"a\tb\n1\t\xff\n2\t3\n", FileKind::Csv).expect("read");
    assert_eq!((shape.rows, rows.len()), (1, 1));
    assert_eq!(shape.problems[0].row, 2);
}

#[test]
fn an_xlsx_first_sheet_is_read_with_its_dates_and_numbers() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in ["puskesmas", "kunjungan", "tanggal"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).expect("h");
    }
    sheet.write_string(1, 0, "Puskesmas Pogalan").expect("a");
    sheet.write_number(1, 1, 1204.0).expect("b");
    let day = ExcelDateTime::from_ymd(2025, 3, 31).expect("d");
    sheet
        .write_datetime_with_format(1, 2, &day, &date)
        .expect("c");
    sheet.write_string(2, 0, "Puskesmas Durenan").expect("a");
    sheet.write_number(2, 1, 987.0).expect("b");
    sheet
        .write_datetime_with_format(2, 2, &day, &date)
        .expect("c");
    let bytes = book.save_to_buffer().expect("save");
    let (shape, rows) = read_table(&bytes, FileKind::Xlsx).expect("read");
    assert_eq!(
        kinds(&shape),
        [
            ("puskesmas", ColumnType::Text),
            ("kunjungan", ColumnType::Integer),
            ("tanggal", ColumnType::Date)
        ]
    );
    assert_eq!(rows[1][1], Cell::Int(987));
    assert_eq!(rows[0][2], Cell::Text("2025-03-31".into()));
}
