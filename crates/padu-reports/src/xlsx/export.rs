//! The evaluation worksheet ("Lembar Kerja Evaluasi"): one row per indicator to fill in offline
//! and upload again ([`super::import`]), a summary sheet, and an `Info` sheet naming the period
//! and instrument so an upload of another period's worksheet is refused.

use padu_core::Exact;
use padu_core::instrument::ValueKind;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, Format, FormatAlign, FormatBorder, Workbook,
    Worksheet,
};

use super::XlsxError;
use super::layout::{
    Cell, Column, INFO_FORMAT, INFO_FORMAT_LABEL, INFO_INSTRUMENT_LABEL, INFO_PERIOD_LABEL,
    INFO_SHEET, SUMMARY_SHEET, WORKSHEET_SHEET, expected, row_of,
};
use crate::format;
use crate::model::{Basis, DEMO_NOTE, PeriodReport};

/// Shade of read-only cells.
const SHADE: u32 = 0xE7E6E6;
/// Header background.
const HEADER: u32 = 0x1F4E79;

/// Cell formats of the worksheet.
struct Formats {
    header: Format,
    /// [editable, read-only] text.
    text: [Format; 2],
    /// [editable, read-only] numbers with 0, 1 and 2 decimals.
    number: [[Format; 3]; 2],
    bold: Format,
    label: Format,
    right: Format,
}

impl Formats {
    fn new() -> Self {
        let base = Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xBFBFBF));
        let editable = base.clone().set_background_color(Color::White);
        let read_only = base.set_background_color(Color::RGB(SHADE));
        let numbers = |f: &Format| {
            [
                f.clone().set_num_format("0"),
                f.clone().set_num_format("0.0"),
                f.clone().set_num_format("0.00"),
            ]
        };
        Formats {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_font_color(Color::White)
                .set_background_color(Color::RGB(HEADER))
                .set_border(FormatBorder::Thin),
            number: [numbers(&editable), numbers(&read_only)],
            text: [editable, read_only],
            bold: Format::new().set_bold(),
            label: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(SHADE)),
            right: Format::new().set_align(FormatAlign::Right),
        }
    }
}

/// The evaluation worksheet of a period as XLSX bytes: sheets `Lembar Kerja` (one row per
/// indicator; columns in [`Column`] order, editable ones white, read-only ones shaded, header
/// frozen), `Ringkasan` (index and predikat on the three bases, target, domain and aspect
/// tables) and `Info` (instrument and period identifiers, checked by the import).
pub fn worksheet_xlsx(report: &PeriodReport) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    let mut sheet = Worksheet::new();
    write_indicators(&mut sheet, report, &formats)?;
    workbook.push_worksheet(sheet);
    let mut summary = Worksheet::new();
    write_summary(&mut summary, report, &formats)?;
    workbook.push_worksheet(summary);
    let mut info = Worksheet::new();
    write_info(&mut info, report, &formats)?;
    workbook.push_worksheet(info);
    Ok(workbook.save_to_buffer()?)
}

fn write_indicators(
    sheet: &mut Worksheet,
    report: &PeriodReport,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let instrument = &report.instrument;
    sheet.set_name(WORKSHEET_SHEET)?;
    let value_decimals = instrument.values.decimals.min(2);
    for column in Column::ALL {
        let col = column.index();
        sheet.set_column_width(col, column.width())?;
        sheet.write_string_with_format(0, col, column.header(), &formats.header)?;
    }
    sheet.set_row_height(0, 30)?;
    sheet.set_freeze_panes(1, 2)?;
    let mut last_row = 0u32;
    for (i, indicator) in instrument.indicators.iter().enumerate() {
        let row_number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        last_row = row_number;
        let data = row_of(report, indicator.number);
        for column in Column::ALL {
            let col = column.index();
            let shade = usize::from(!column.editable());
            match expected(report, indicator, &data, column) {
                Cell::Text(text) => {
                    sheet.write_string_with_format(row_number, col, text, &formats.text[shade])?;
                }
                Cell::Number(n, decimals) => {
                    let format = &formats.number[shade][usize::from(decimals.min(2))];
                    sheet.write_number_with_format(row_number, col, n, format)?;
                }
                Cell::Value(Some(v)) => {
                    let format = &formats.number[shade][usize::from(value_decimals)];
                    sheet.write_number_with_format(row_number, col, v.to_f64(), format)?;
                }
                Cell::Value(None) => {
                    sheet.write_blank(row_number, col, &formats.text[shade])?;
                }
            }
        }
    }
    if last_row > 0 {
        sheet.autofilter(0, 0, last_row, Column::External.index())?;
        let rule = instrument.values;
        let validation = match rule.kind {
            ValueKind::Whole => {
                let levels: Vec<String> = rule.levels().map(|l| l.to_string()).collect();
                DataValidation::new().allow_list_strings(&levels)?
            }
            ValueKind::Decimal => DataValidation::new().allow_decimal_number(
                DataValidationRule::Between(rule.min.to_f64(), rule.max.to_f64()),
            ),
        };
        let validation = validation
            .set_error_title("Nilai tidak sah")?
            .set_error_message(format!(
                "Nilai harus {} sampai {}{}.",
                format::level(instrument, Some(rule.min)),
                format::level(instrument, Some(rule.max)),
                match rule.kind {
                    ValueKind::Whole => " (bilangan bulat)",
                    ValueKind::Decimal => ", paling banyak 2 desimal",
                }
            ))?;
        let col = Column::SelfValue.index();
        sheet.add_data_validation(1, col, last_row, col, &validation)?;
    }
    Ok(())
}

fn write_summary(
    sheet: &mut Worksheet,
    report: &PeriodReport,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let instrument = &report.instrument;
    sheet.set_name(SUMMARY_SHEET)?;
    sheet.set_column_width(0, 12)?;
    sheet.set_column_width(1, 55)?;
    for col in 2..=5 {
        sheet.set_column_width(col, 12)?;
    }
    sheet.write_string_with_format(0, 0, report.title(), &formats.bold)?;
    if report.demo {
        sheet.write_string_with_format(1, 0, DEMO_NOTE, &formats.bold)?;
    }
    let facts = [
        ("Instansi", report.instansi_name.clone()),
        ("Periode", report.period_label()),
        ("Instrumen", instrument.name.clone()),
        ("Tanggal", format::tanggal(&report.generated_on)),
        ("Target", format::level(instrument, report.target)),
    ];
    let mut row = 2u32;
    for (label, value) in facts {
        sheet.write_string_with_format(row, 0, label, &formats.label)?;
        sheet.write_string(row, 1, value)?;
        row += 1;
    }
    let scores: Vec<_> = Basis::ALL.iter().map(|b| report.score(*b)).collect();

    row += 1;
    for (col, head) in ["Dasar", "Indeks", "Predikat"].iter().enumerate() {
        sheet.write_string_with_format(row, col_u16(col), *head, &formats.header)?;
    }
    row += 1;
    for (basis, score) in Basis::ALL.iter().zip(&scores) {
        sheet.write_string(row, 0, basis.label())?;
        sheet.write_string_with_format(
            row,
            1,
            format::index(instrument, score.index),
            &formats.right,
        )?;
        sheet.write_string(row, 2, instrument.predikat_of(score.index))?;
        row += 1;
    }

    let mut table = |row: &mut u32,
                     title: &str,
                     entries: Vec<(String, String, String, Vec<Exact>)>|
     -> Result<(), XlsxError> {
        *row += 1;
        let heads = ["Kode", title, "Bobot (%)", "Mandiri", "Diterima", "Final"];
        for (col, head) in heads.iter().enumerate() {
            sheet.write_string_with_format(*row, col_u16(col), *head, &formats.header)?;
        }
        *row += 1;
        for (code, name, weight, values) in entries {
            sheet.write_string(*row, 0, code)?;
            sheet.write_string(*row, 1, name)?;
            sheet.write_string_with_format(*row, 2, weight, &formats.right)?;
            for (i, value) in values.into_iter().enumerate() {
                let text = format::index(instrument, value);
                sheet.write_string_with_format(*row, col_u16(3 + i), text, &formats.right)?;
            }
            *row += 1;
        }
        Ok(())
    };
    if instrument.has_domains() {
        let domains = instrument
            .domains
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let values = scores.iter().filter_map(|s| s.domains.get(i).copied());
                let weight = d.weight.format(0, ',');
                (d.code.clone(), d.name.clone(), weight, values.collect())
            })
            .collect();
        table(&mut row, "Domain", domains)?;
    }
    let aspects = instrument
        .aspects
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let values = scores.iter().filter_map(|s| s.aspects.get(i).copied());
            let weight = a.weight.format(0, ',');
            (a.code.clone(), a.name.clone(), weight, values.collect())
        })
        .collect();
    table(&mut row, "Aspek", aspects)?;
    Ok(())
}

fn write_info(
    sheet: &mut Worksheet,
    report: &PeriodReport,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(INFO_SHEET)?;
    sheet.set_column_width(0, 18)?;
    sheet.set_column_width(1, 50)?;
    sheet.write_string_with_format(
        0,
        0,
        "Lembar ini dipakai Padu untuk mengenali lembar kerja saat diunggah kembali. \
         Jangan mengubah atau menghapus lembar ini.",
        &formats.bold,
    )?;
    let rows = [
        (INFO_FORMAT_LABEL, INFO_FORMAT.to_string()),
        (INFO_INSTRUMENT_LABEL, report.instrument.id.clone()),
        (INFO_PERIOD_LABEL, report.period_id.to_string()),
        ("Periode", report.period_label()),
        ("Instansi", report.instansi_name.clone()),
        ("Tanggal Unduh", format::tanggal(&report.generated_on)),
    ];
    let demo = report.demo.then(|| ("Data demo", DEMO_NOTE.to_string()));
    for (i, (label, value)) in rows.into_iter().chain(demo).enumerate() {
        let row = u32::try_from(i).unwrap_or(0) + 2;
        sheet.write_string_with_format(row, 0, label, &formats.label)?;
        sheet.write_string(row, 1, value)?;
    }
    sheet.protect();
    Ok(())
}

fn col_u16(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}
