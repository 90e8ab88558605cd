//! The action plan (Rencana Aksi) as a worksheet: one row per step of the accepted target plan,
//! by semester then indicator.

use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};

use super::XlsxError;
use crate::model::{ActionRow, DEMO_NOTE, PeriodReport};

/// The sheet name.
pub const ACTION_PLAN_SHEET: &str = "Rencana Aksi";

/// Column headers of the `Rencana Aksi` sheet, A to J.
pub const ACTION_PLAN_HEADERS: [&str; 10] = [
    "Semester",
    "No",
    "Indikator",
    "Dari",
    "Ke",
    "OPD Pengampu",
    "Tenggat",
    "Estimasi (hari kerja)",
    "Bukti Dukung yang Diperlukan",
    "Status",
];

const WIDTHS: [f64; 10] = [10.0, 6.0, 45.0, 8.0, 8.0, 32.0, 12.0, 12.0, 45.0, 12.0];

/// The action plan of a period as XLSX bytes: sheet `Rencana Aksi` with the columns of
/// [`ACTION_PLAN_HEADERS`]; values as numbers with the instrument's decimals, the due date as a
/// real Excel date shown dd/mm/yyyy (as text when the stored date is not ISO), a title above
/// the table (row 1), headers on row 3, data from row 4. An empty plan gives the headers only.
pub fn action_plan_xlsx(report: &PeriodReport) -> Result<Vec<u8>, XlsxError> {
    let instrument = &report.instrument;
    let base = Format::new()
        .set_text_wrap()
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
    let decimals = instrument.values.decimals.min(2);
    let value_format = base
        .clone()
        .set_num_format(if decimals == 0 { "0" } else { "0.00" });
    let whole = base.clone().set_num_format("0");
    let date = base.clone().set_num_format("dd/mm/yyyy");

    let mut sheet = Worksheet::new();
    sheet.set_name(ACTION_PLAN_SHEET)?;
    sheet.set_landscape();
    for (col, width) in WIDTHS.iter().enumerate() {
        sheet.set_column_width(col_u16(col), *width)?;
    }
    let title = format!(
        "Rencana Aksi {} - {} ({})",
        instrument.short_name,
        report.instansi_name,
        report.period_label()
    );
    sheet.write_string_with_format(0, 0, title, &Format::new().set_bold())?;
    if report.demo {
        sheet.write_string_with_format(1, 0, DEMO_NOTE, &Format::new().set_bold())?;
    }
    for (col, text) in ACTION_PLAN_HEADERS.iter().enumerate() {
        sheet.write_string_with_format(2, col_u16(col), *text, &header)?;
    }
    sheet.set_freeze_panes(3, 0)?;

    let mut actions: Vec<&ActionRow> = report.actions.iter().collect();
    actions.sort_by_key(|a| (a.semester, a.number));
    for (i, action) in actions.into_iter().enumerate() {
        let row = 3 + u32::try_from(i).unwrap_or(u32::MAX - 3);
        let name = instrument
            .indicator(action.number)
            .map_or("", |ind| ind.name.as_str());
        sheet.write_number_with_format(row, 0, f64::from(action.semester), &whole)?;
        sheet.write_number_with_format(row, 1, f64::from(action.number), &whole)?;
        sheet.write_string_with_format(row, 2, name, &base)?;
        sheet.write_number_with_format(row, 3, action.from.to_f64(), &value_format)?;
        sheet.write_number_with_format(row, 4, action.to.to_f64(), &value_format)?;
        let lead = action.lead_opd.as_deref().unwrap_or("-");
        sheet.write_string_with_format(row, 5, lead, &base)?;
        match iso_date(&action.due_date) {
            Some(due) => sheet.write_datetime_with_format(row, 6, &due, &date)?,
            None => sheet.write_string_with_format(row, 6, &action.due_date, &base)?,
        };
        // effort is a small count of days, exact in f64
        #[allow(clippy::cast_precision_loss)]
        let effort = action.effort_days as f64;
        sheet.write_number_with_format(row, 7, effort, &whole)?;
        sheet.write_string_with_format(row, 8, &action.evidence_needed, &base)?;
        sheet.write_string_with_format(row, 9, &action.status, &base)?;
    }
    let mut workbook = Workbook::new();
    workbook.push_worksheet(sheet);
    Ok(workbook.save_to_buffer()?)
}

/// An Excel date from ISO `yyyy-mm-dd` (by [`padu_core::date::parse_iso`]); `None` when the
/// text is not such a date.
fn iso_date(text: &str) -> Option<ExcelDateTime> {
    let date = padu_core::date::parse_iso(text)?;
    let year = u16::try_from(date.year()).ok()?;
    ExcelDateTime::from_ymd(year, u8::from(date.month()), date.day()).ok()
}

fn col_u16(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}
