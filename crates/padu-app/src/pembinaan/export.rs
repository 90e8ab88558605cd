//! The overview as a workbook (`Ikhtisar` and `Aspek` sheets).

use std::collections::HashMap;

use padu_reports::xlsx::{OverviewSheet, OverviewSheetRow, overview_xlsx};

use super::overview::{self, Overview};
use crate::evaluation::Basis;
use crate::kit::app::App;
use crate::kit::error::AppError;
use crate::kit::principal::Caller;
use crate::reports::{Document, XLSX};

fn basis_label(basis: Basis) -> &'static str {
    match basis {
        Basis::Self_ => "Mandiri",
        Basis::Accepted => "Diterima",
        Basis::Final => "Final",
    }
}

/// The overview's rows as the workbook's plain values, in Bahasa Indonesia.
pub fn sheet(o: &Overview) -> OverviewSheet {
    let main = o.instruments().into_iter().next();
    let names: HashMap<i64, &str> = o
        .members
        .iter()
        .map(|m| (m.instansi.id, m.instansi.name.as_str()))
        .collect();
    let rows = o
        .members
        .iter()
        .map(|m| {
            let same = m
                .instrument
                .as_ref()
                .zip(main.as_ref())
                .is_some_and(|(a, b)| a.id == b.id);
            OverviewSheetRow {
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
                index: m.score.as_ref().map(|s| s.index.to_f64()),
                basis: m
                    .score
                    .as_ref()
                    .map(|s| basis_label(s.basis).to_string())
                    .unwrap_or_default(),
                predikat: m
                    .score
                    .as_ref()
                    .zip(m.instrument.as_ref())
                    .map(|(s, i)| i.predikat_of(s.index).to_string())
                    .unwrap_or_default(),
                previous: m.previous.map(|p| p.to_f64()),
                target: m.period.as_ref().and_then(|p| p.target).map(|t| t.to_f64()),
                indicators: m.progress.indicators,
                submitted: m.progress.submitted,
                accepted: m.progress.accepted,
                final_: m.progress.final_,
                late_opd: m.late_opd,
                aspects: match (&m.score, same) {
                    (Some(s), true) => s.aspects.iter().map(|a| a.to_f64()).collect(),
                    _ => Vec::new(),
                },
            }
        })
        .collect();
    OverviewSheet {
        title: format!("Ikhtisar {} {}", o.instansi.name, o.year),
        note: String::new(),
        aspect_instrument: main
            .as_ref()
            .map(|i| i.short_name.clone())
            .unwrap_or_default(),
        aspects: main
            .as_ref()
            .map(|i| i.aspects.iter().map(|a| a.name.clone()).collect())
            .unwrap_or_default(),
        rows,
    }
}

/// The overview of instansi `id` for `year` as XLSX, for a caller who may see it.
pub async fn overview_workbook(
    app: &App,
    caller: &Caller,
    id: i64,
    year: Option<i32>,
) -> Result<Document, AppError> {
    let o = overview::load(app, caller, id, year).await?;
    let bytes = overview_xlsx(&sheet(&o)).map_err(|e| AppError::Internal(e.to_string()))?;
    let stem: String = o
        .instansi
        .name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    Ok(Document {
        bytes,
        file_name: format!("ikhtisar-{stem}-{}.xlsx", o.year),
        content_type: XLSX,
    })
}
