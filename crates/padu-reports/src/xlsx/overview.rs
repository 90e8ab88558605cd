//! The overview of a province's kabupaten/kota (or the country's provinces) for one year as a
//! workbook: sheet `Ikhtisar` with one row per member, sheet `Aspek` with each member's index per
//! aspect and their mean. Its data is shared with the PDF.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use super::XlsxError;
use crate::overview::{Figure, OverviewSheet};

/// The `Ikhtisar` sheet's column headers.
pub const OVERVIEW_HEADERS: [&str; 16] = [
    "Instansi",
    "Jenis",
    "Provinsi",
    "Instrumen",
    "Indeks",
    "Dasar Nilai",
    "Predikat",
    "Indeks Tahun Sebelumnya",
    "Perubahan",
    "Target",
    "Selisih terhadap Target",
    "Jumlah Indikator",
    "Diserahkan",
    "Diterima",
    "Nilai Final",
    "OPD Terlambat",
];

fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

fn row_of(i: usize) -> u32 {
    3 + u32::try_from(i).unwrap_or(u32::MAX - 3)
}

/// The overview as XLSX bytes: title on row 1, note on row 2, headers on row 3, data from row 4.
pub fn overview_xlsx(o: &OverviewSheet) -> Result<Vec<u8>, XlsxError> {
    let base = Format::new()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xBFBFBF));
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_font_color(Color::White)
        .set_background_color(Color::RGB(0x1F4E79))
        .set_border(FormatBorder::Thin);
    let decimal = base.clone().set_num_format("0.00");
    let signed = base.clone().set_num_format("+0.00;-0.00;0.00");
    let whole = base.clone().set_num_format("0");
    let bold = Format::new().set_bold();

    let mut sheet = Worksheet::new();
    sheet.set_name("Ikhtisar")?;
    sheet.set_landscape();
    sheet.write_string_with_format(0, 0, &o.title, &bold)?;
    if !o.note.is_empty() {
        sheet.write_string(1, 0, &o.note)?;
    }
    for (c, text) in OVERVIEW_HEADERS.iter().enumerate() {
        sheet.write_string_with_format(2, col(c), *text, &header)?;
    }
    sheet.set_column_width(0, 34.0)?;
    sheet.set_column_width(2, 24.0)?;
    sheet.set_column_width(3, 18.0)?;
    sheet.set_freeze_panes(3, 1)?;
    let number = |sheet: &mut Worksheet, r: u32, c: u16, v: &Option<Figure>, f: &Format| match v {
        Some(v) => sheet.write_number_with_format(r, c, v.value, f).map(|_| ()),
        None => sheet.write_string_with_format(r, c, "-", f).map(|_| ()),
    };
    for (i, m) in o.rows.iter().enumerate() {
        let r = row_of(i);
        sheet.write_string_with_format(r, 0, &m.name, &base)?;
        sheet.write_string_with_format(r, 1, &m.kind, &base)?;
        sheet.write_string_with_format(r, 2, &m.province, &base)?;
        sheet.write_string_with_format(r, 3, &m.instrument, &base)?;
        number(&mut sheet, r, 4, &m.index, &decimal)?;
        sheet.write_string_with_format(r, 5, &m.basis, &base)?;
        sheet.write_string_with_format(r, 6, &m.predikat, &base)?;
        number(&mut sheet, r, 7, &m.previous, &decimal)?;
        number(&mut sheet, r, 8, &m.change, &signed)?;
        number(&mut sheet, r, 9, &m.target, &decimal)?;
        number(&mut sheet, r, 10, &m.gap, &signed)?;
        for (c, n) in [m.indicators, m.submitted, m.accepted, m.final_, m.late_opd]
            .into_iter()
            .enumerate()
        {
            // counts of indicators and OPDs: small, exact in f64
            #[allow(clippy::cast_precision_loss)]
            sheet.write_number_with_format(r, col(11 + c), n as f64, &whole)?;
        }
    }

    let mut aspects = Worksheet::new();
    aspects.set_name("Aspek")?;
    let title = format!("{} - indeks per aspek ({})", o.title, o.aspect_instrument);
    aspects.write_string_with_format(0, 0, &title, &bold)?;
    if !o.note.is_empty() {
        aspects.write_string(1, 0, &o.note)?;
    }
    aspects.write_string_with_format(2, 0, "Instansi", &header)?;
    for (c, name) in o.aspects.iter().enumerate() {
        aspects.write_string_with_format(2, col(c + 1), name, &header)?;
        aspects.set_column_width(col(c + 1), 16.0)?;
    }
    aspects.set_column_width(0, 34.0)?;
    aspects.set_freeze_panes(3, 1)?;
    let mut last = 0;
    for (i, m) in o.with_aspects().enumerate() {
        let r = row_of(i);
        aspects.write_string_with_format(r, 0, &m.name, &base)?;
        for (c, v) in m.aspects.iter().enumerate() {
            aspects.write_number_with_format(r, col(c + 1), v.value, &decimal)?;
        }
        last = i + 1;
    }
    if last > 0 && o.aspect_averages.len() == o.aspects.len() {
        let r = row_of(last);
        aspects.write_string_with_format(r, 0, "Rata-rata", &base.clone().set_bold())?;
        let average = decimal.clone().set_bold();
        for (c, v) in o.aspect_averages.iter().enumerate() {
            aspects.write_number_with_format(r, col(c + 1), v.value, &average)?;
        }
    }

    let mut workbook = Workbook::new();
    workbook.push_worksheet(sheet);
    workbook.push_worksheet(aspects);
    Ok(workbook.save_to_buffer()?)
}
