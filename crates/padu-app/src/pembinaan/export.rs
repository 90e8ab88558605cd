//! The overview as documents: a workbook (`Ikhtisar` and `Aspek` sheets) and a typeset PDF,
//! both from one [`OverviewSheet`].

use std::collections::HashMap;

use padu_core::access::InstansiKind;
use padu_core::{Exact, Instrument, Rounding};
use padu_reports::format::signed;
use padu_reports::xlsx::overview_xlsx;
use padu_reports::{Figure, OverviewBand, OverviewSheet, OverviewSheetRow};

use super::overview::{self, Member, Overview};
use crate::evaluation::Basis;
use crate::evaluation::dashboard::{iso, today_in};
use crate::kit::app::App;
use crate::kit::error::AppError;
use crate::kit::principal::Caller;
use crate::reports::{Document, PDF, XLSX};

fn basis_label(basis: Basis) -> &'static str {
    match basis {
        Basis::Self_ => "Mandiri",
        Basis::Accepted => "Diterima",
        Basis::Final => "Final",
    }
}

/// An exact value as stored and as printed (by the instrument's rule, with a decimal comma).
fn figure(instrument: &Instrument, value: Exact) -> Figure {
    Figure::new(value.to_f64(), instrument.display(value, ','))
}

/// `a - b`, signed ("+0,26", "−0,05").
fn difference(instrument: &Instrument, a: Exact, b: Exact) -> Figure {
    let value = match a.cmp(&b) {
        std::cmp::Ordering::Less => -b.saturating_sub(a).to_f64(),
        _ => a.saturating_sub(b).to_f64(),
    };
    Figure::new(value, signed(instrument, a, b, ',').0)
}

fn row(m: &Member, main: Option<&Instrument>, names: &HashMap<i64, &str>) -> OverviewSheetRow {
    let mut row = OverviewSheetRow {
        name: m.instansi.name.clone(),
        kind: m.instansi.kind.label().to_string(),
        province: m
            .parent
            .and_then(|p| names.get(&p).map(|n| (*n).to_string()))
            .unwrap_or_default(),
        instrument: m
            .instrument
            .as_ref()
            .map(|i| i.short_name.clone())
            .unwrap_or_default(),
        indicators: m.progress.indicators,
        submitted: m.progress.submitted,
        accepted: m.progress.accepted,
        final_: m.progress.final_,
        late_opd: m.late_opd,
        ..OverviewSheetRow::default()
    };
    // the year before's index even without an evaluation this year: by this year's
    // instrument's rule where there is one, else to two places
    let shown = |v: Exact| match m.instrument.as_deref() {
        Some(i) => figure(i, v),
        None => Figure::new(v.to_f64(), v.round(2, Rounding::HalfEven).format(',')),
    };
    let target = m.period.as_ref().and_then(|p| p.target).map(|t| t.exact());
    row.previous = m.previous.map(shown);
    row.target = target.map(shown);
    if let (Some(s), Some(i)) = (&m.score, m.instrument.as_deref()) {
        row.index = Some(figure(i, s.index));
        row.basis = basis_label(s.basis).to_string();
        row.predikat = i.predikat_of(s.index).to_string();
        row.change = m.previous.map(|p| difference(i, s.index, p));
        row.gap = target.map(|t| difference(i, s.index, t));
        if main.is_some_and(|main| main.id == i.id) {
            row.aspects = s.aspects.iter().map(|a| figure(i, *a)).collect();
        }
    }
    row
}

/// Per aspect of `main`, the mean over the rows with its aspects (rounded as the page does:
/// to ten-thousandths, then by the instrument's rule).
fn averages(main: &Instrument, rows: &[OverviewSheetRow]) -> Vec<Figure> {
    let with: Vec<&OverviewSheetRow> = rows
        .iter()
        .filter(|r| r.aspects.len() == main.aspects.len() && !r.aspects.is_empty())
        .collect();
    if with.is_empty() {
        return Vec::new();
    }
    (0..main.aspects.len())
        .map(|a| {
            let mean = with.iter().map(|r| r.aspects[a].value).sum::<f64>() / with.len() as f64;
            // indices lie between 0 and 5: no overflow, no sign
            let fixed = (mean * 10_000.0).round().clamp(0.0, 1e12) as u128;
            figure(main, Exact::new(fixed, 10_000))
        })
        .collect()
}

/// The overview as the documents' plain data, in Bahasa Indonesia, dated today in the
/// instansi's zone. `note` (a line on the documents, such as the demo label) is left empty:
/// the caller fills it.
pub fn sheet(o: &Overview) -> OverviewSheet {
    let instruments = o.instruments();
    let main = instruments.first().map(|i| &**i);
    let names: HashMap<i64, &str> = o
        .members
        .iter()
        .map(|m| (m.instansi.id, m.instansi.name.as_str()))
        .collect();
    let rows: Vec<OverviewSheetRow> = o.members.iter().map(|m| row(m, main, &names)).collect();
    OverviewSheet {
        title: format!("Ikhtisar {} {}", o.instansi.name, o.year),
        instansi: o.instansi.name.clone(),
        year: o.year,
        national: o.instansi.kind == InstansiKind::Nasional,
        note: String::new(),
        generated_on: iso(today_in(&o.instansi.timezone)),
        aspect_instrument: main.map(|i| i.short_name.clone()).unwrap_or_default(),
        aspects: main
            .map(|i| i.aspects.iter().map(|a| a.name.clone()).collect())
            .unwrap_or_default(),
        distribution: main
            .map(|i| {
                o.distribution(i)
                    .into_iter()
                    .map(|(predikat, count)| OverviewBand { predikat, count })
                    .collect()
            })
            .unwrap_or_default(),
        aspect_averages: main.map(|i| averages(i, &rows)).unwrap_or_default(),
        rows,
    }
}

/// The sheet with the demo's label when the installation holds demo data.
fn labelled(app: &App, mut data: OverviewSheet) -> OverviewSheet {
    if app.settings.demo {
        data.note = padu_reports::DEMO_NOTE.to_string();
    }
    data
}

/// "ikhtisar-provinsi-jawa-timur-2026.xlsx"-style names, ASCII only.
fn file_name(o: &Overview, ext: &str) -> String {
    let stem: String = o
        .instansi
        .name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("ikhtisar-{stem}-{}.{ext}", o.year)
}

/// The overview of instansi `id` for `year` as XLSX, for a caller who may see it.
pub async fn overview_workbook(
    app: &App,
    caller: &Caller,
    id: i64,
    year: Option<i32>,
) -> Result<Document, AppError> {
    let o = overview::load(app, caller, id, year).await?;
    let bytes =
        overview_xlsx(&labelled(app, sheet(&o))).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(Document {
        bytes,
        file_name: file_name(&o, "xlsx"),
        content_type: XLSX,
    })
}

/// The overview of instansi `id` for `year` as a typeset PDF (landscape), for a caller who may
/// see it; a conflict when the server has no PDF renderer (as for the period's reports).
pub async fn overview_pdf(
    app: &App,
    caller: &Caller,
    id: i64,
    year: Option<i32>,
) -> Result<Document, AppError> {
    let o = overview::load(app, caller, id, year).await?;
    let Some(pdf) = app.pdf().cloned() else {
        return Err(AppError::Conflict(
            "Laporan PDF tidak tersedia pada server ini (dibangun tanpa modul PDF).".into(),
        ));
    };
    let data = labelled(app, sheet(&o));
    // typesetting runs off the async threads
    let bytes = tokio::task::spawn_blocking(move || pdf.overview(&data))
        .await
        .map_err(|e| AppError::Internal(format!("document task: {e}")))?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(Document {
        bytes,
        file_name: file_name(&o, "pdf"),
        content_type: PDF,
    })
}
