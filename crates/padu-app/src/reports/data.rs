//! A period's report data gathered from the store: what the PDF, the worksheet and the charts
//! are made from. Used by the pages, the API and the `padu` command alike, so it takes the store
//! and the catalog, not a request: callers check permissions first.
//!
//! Queries: the period, its instansi, the instansi's periods, the period's indicators (three),
//! the OPDs, the evidence of every indicator (three), the values of the other periods (one) and
//! the action items (one), whatever the number of indicators.

use std::collections::HashMap;

use padu_core::Catalog;
use padu_core::evaluation::PeriodKind;
use padu_reports::{ActionRow, EvidenceRow, IndicatorRow, PeriodReport, TrendEntry};
use padu_store::{Store, StoreError};

use crate::evaluation::dashboard::{self, iso, today_in};

/// Why a report's data could not be gathered.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("periode {0} tidak ditemukan")]
    NoPeriod(i64),
    #[error("instansi periode {0} tidak ditemukan")]
    NoInstansi(i64),
    #[error("instrumen {0} tidak dimuat")]
    NoInstrument(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("tren indeks tidak dapat dihitung: {0}")]
    Trend(String),
}

impl From<LoadError> for crate::AppError {
    fn from(e: LoadError) -> Self {
        match e {
            LoadError::NoPeriod(_) => crate::AppError::NotFound("Periode"),
            LoadError::Store(e) => e.into(),
            other => crate::AppError::Internal(other.to_string()),
        }
    }
}

/// Everything a report of period `period_id` shows, as of today in the instansi's zone;
/// `demo` marks the documents as the demo's (the server's `Settings::demo`).
pub async fn load(
    store: &Store,
    catalog: &Catalog,
    period_id: i64,
    demo: bool,
) -> Result<PeriodReport, LoadError> {
    let period = store
        .period(period_id)
        .await?
        .ok_or(LoadError::NoPeriod(period_id))?;
    let instansi = store
        .instansi(period.instansi_id)
        .await?
        .ok_or(LoadError::NoInstansi(period_id))?;
    let instrument = catalog
        .instrument(&period.instrument)
        .cloned()
        .ok_or_else(|| LoadError::NoInstrument(period.instrument.clone()))?;
    let periods = store.periods_of(instansi.id).await?;
    let indicators = store.period_indicators(period_id).await?;
    let opd_names: HashMap<i64, String> = store
        .opds_of(instansi.id)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut evidence: HashMap<u16, Vec<EvidenceRow>> = HashMap::new();
    for (number, linked) in store.period_evidence(period_id).await? {
        let e = linked.evidence;
        evidence.entry(number).or_default().push(EvidenceRow {
            name: e.name,
            level: linked.level,
            sha256: e.sha256,
            url: e.url,
            effective_date: e.effective_date,
            expiry_date: e.expiry_date,
            review: linked.review.label().to_string(),
        });
    }
    let others: Vec<i64> = periods
        .iter()
        .filter(|p| p.id != period_id)
        .map(|p| p.id)
        .collect();
    let other_values = store.indicator_values_of_periods(&others).await?;
    let actions = store.action_items(period_id).await?;

    let name_of = |id: Option<i64>| id.and_then(|id| opd_names.get(&id).cloned());
    let trend = dashboard::trend(catalog, &periods, period_id, &indicators, &other_values)
        .map_err(|e| LoadError::Trend(format!("{e:?}")))?
        .into_iter()
        .map(|t| TrendEntry {
            label: trend_label(t.kind, t.year),
            index: t.index,
            instrument: t.instrument.id.clone(),
            current: t.current,
        })
        .collect();
    let rows = indicators
        .into_iter()
        .map(|pi| IndicatorRow {
            number: pi.number,
            lead_opd: name_of(pi.lead_opd),
            contributors: pi
                .contributors
                .iter()
                .filter_map(|id| opd_names.get(id).cloned())
                .collect(),
            status: pi.status,
            self_value: pi.self_value,
            accepted_value: pi.accepted_value,
            final_value: pi.final_value,
            evidence: evidence.remove(&pi.number).unwrap_or_default(),
            fakta: pi.fakta,
            analisis: pi.analisis,
            external_source: pi.external_source,
            external_date: pi.external_date,
        })
        .collect();
    let actions = actions
        .into_iter()
        .map(|a| ActionRow {
            number: a.number,
            from: a.from,
            to: a.to,
            lead_opd: name_of(a.lead_opd),
            semester: a.target_period,
            due_date: a.due_date,
            effort_days: a.effort_days,
            evidence_needed: a.evidence_needed,
            status: status_label(a.status).to_string(),
        })
        .collect();
    Ok(PeriodReport {
        instrument,
        instansi_name: instansi.name,
        period_id,
        year: period.year,
        kind: period.kind,
        target: period.target,
        generated_on: iso(today_in(&instansi.timezone)),
        indicators: rows,
        trend,
        actions,
        demo,
    })
}

fn status_label(status: padu_store::planner::ActionStatus) -> &'static str {
    use padu_store::planner::ActionStatus as S;
    match status {
        S::Rencana => "Rencana",
        S::Berjalan => "Berjalan",
        S::Selesai => "Selesai",
        S::Batal => "Batal",
    }
}

/// "2024", "2025 (Pemantauan)", "2026 S1", "2026 S2".
pub fn trend_label(kind: PeriodKind, year: i32) -> String {
    match kind {
        PeriodKind::Evaluasi => year.to_string(),
        PeriodKind::Pemantauan => format!("{year} (Pemantauan)"),
        PeriodKind::InternalS1 => format!("{year} S1"),
        PeriodKind::InternalS2 => format!("{year} S2"),
    }
}
