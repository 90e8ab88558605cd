//! A roadmap as documents: the budget table per year and OPD (for the page and the API) and
//! the formal Peta Rencana SPBE as a typeset PDF (cover with basis and decree, the items per
//! OPD with targets and budget per year, the timeline, the budget table, the IKU targets),
//! gathered into a [`RoadmapDocument`] and typeset by the server's PDF renderer. Every role of
//! the instansi may read both, as it reads the roadmap.

use std::collections::BTreeMap;

use padu_core::access::Action;
use padu_core::peta_rencana::budget_by_group;
use padu_reports::{RoadmapDocItem, RoadmapDocument, RoadmapIkuRow};
use padu_store::peta_rencana::{Roadmap, RoadmapItem};

use super::roadmap_for;
use crate::evaluation::dashboard::today_in;
use crate::kit::app::App;
use crate::kit::error::AppError;
use crate::kit::principal::Caller;
use crate::reports::{Document, PDF};

/// One OPD's budget per year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetRow {
    pub opd_id: i64,
    pub opd: String,
    /// Every year of the span, zero where nothing is budgeted.
    pub per_year: BTreeMap<i32, i64>,
    pub total: i64,
}

/// The budget table of a roadmap: one row per OPD with items (by name), the totals per year and
/// the grand total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetTable {
    pub roadmap: Roadmap,
    pub rows: Vec<BudgetRow>,
    pub per_year: BTreeMap<i32, i64>,
    pub total: i64,
}

fn sum(m: &BTreeMap<i32, i64>) -> i64 {
    m.values().fold(0i64, |s, v| s.saturating_add(*v))
}

/// The budget table of `items` of `roadmap`, OPD names from `opd_name`.
pub fn budget_table(
    roadmap: Roadmap,
    items: &[RoadmapItem],
    opd_name: impl Fn(i64) -> String,
) -> BudgetTable {
    let by_opd = budget_by_group(roadmap.span(), items.iter().map(|i| (i.opd_id, &i.details)));
    let mut rows: Vec<BudgetRow> = by_opd
        .into_iter()
        .map(|(opd_id, per_year)| BudgetRow {
            opd_id,
            opd: opd_name(opd_id),
            total: sum(&per_year),
            per_year,
        })
        .collect();
    rows.sort_by(|a, b| (&a.opd, a.opd_id).cmp(&(&b.opd, b.opd_id)));
    let per_year =
        padu_core::peta_rencana::budget_per_year(roadmap.span(), items.iter().map(|i| &i.details));
    BudgetTable {
        total: sum(&per_year),
        roadmap,
        rows,
        per_year,
    }
}

async fn opd_names(app: &App, instansi_id: i64) -> Result<BTreeMap<i64, String>, AppError> {
    Ok(app
        .store
        .opds_of(instansi_id)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect())
}

/// The budget per year and OPD of roadmap `id`.
pub async fn budget(app: &App, caller: &Caller, id: i64) -> Result<BudgetTable, AppError> {
    let (roadmap, inst) = roadmap_for(app, caller, id, Action::ViewRoadmap).await?;
    let items = app.store.roadmap_items(id).await?;
    let names = opd_names(app, inst.id).await?;
    Ok(budget_table(roadmap, &items, |o| {
        names.get(&o).cloned().unwrap_or_default()
    }))
}

/// "peta-rencana-kabupaten-trenggalek-2025-2029-v1.pdf", ASCII only.
fn file_name(instansi: &str, (start, end, version): (i32, i32, i32)) -> String {
    let stem: String = instansi
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("peta-rencana-{stem}-{start}-{end}-v{version}.pdf")
}

/// What the document of roadmap `id` shows.
pub async fn document(app: &App, caller: &Caller, id: i64) -> Result<RoadmapDocument, AppError> {
    let (roadmap, inst) = roadmap_for(app, caller, id, Action::ViewRoadmap).await?;
    let mut items = app.store.roadmap_items(id).await?;
    let names = opd_names(app, inst.id).await?;
    let iku = super::iku::load(app, caller, inst.id).await?;
    let name = |o: i64| names.get(&o).cloned().unwrap_or_default();
    items.sort_by(|a, b| (name(a.opd_id), &a.title, a.id).cmp(&(name(b.opd_id), &b.title, b.id)));
    let none = || "—".to_string();
    let doc_items = items
        .into_iter()
        .map(|i| RoadmapDocItem {
            opd: name(i.opd_id),
            indicators: i
                .details
                .indicators
                .iter()
                .map(|t| {
                    let short = app
                        .catalog
                        .instrument(&t.instrument)
                        .map(|x| x.short_name.clone())
                        .unwrap_or_else(|| t.instrument.clone());
                    format!("{short} indikator {} → tingkat {}", t.number, t.level)
                })
                .collect(),
            title: i.title,
            status: i.status,
            details: i.details,
        })
        .collect();
    let iku_rows = roadmap
        .span()
        .map(|year| {
            let y = iku.years.iter().find(|y| y.year == year);
            let realised = y.and_then(|y| y.realised.as_ref());
            RoadmapIkuRow {
                year,
                target: y
                    .and_then(|y| y.target)
                    .map(|t| t.format(2, ','))
                    .unwrap_or_else(none),
                realised: realised
                    .map(|r| r.instrument.display(r.index, ','))
                    .unwrap_or_else(none),
                gap: y
                    .and_then(|y| y.gap)
                    .map(|g| format!("{:.2}", g.to_f64()).replace('.', ","))
                    .unwrap_or_else(none),
            }
        })
        .collect();
    Ok(RoadmapDocument {
        id: roadmap.id,
        title: roadmap.title.clone(),
        instansi: inst.name.clone(),
        start_year: roadmap.start_year,
        end_year: roadmap.end_year,
        version: roadmap.version,
        status: roadmap.status.label().to_string(),
        decree_number: roadmap.decree_number.clone(),
        decree_date: roadmap.decree_date.clone(),
        review: roadmap.review_kind.map(|k| k.label().to_string()),
        basis: roadmap
            .basis
            .iter()
            .map(|b| b.label().to_string())
            .collect(),
        note: app
            .settings
            .demo
            .then(|| padu_reports::DEMO_NOTE.to_string()),
        generated_on: padu_core::date::iso(today_in(&inst.timezone)),
        items: doc_items,
        iku: iku_rows,
    })
}

/// Roadmap `id` as the formal Peta Rencana SPBE document (PDF); a conflict when the server has
/// no PDF renderer (as for the period's reports).
pub async fn document_pdf(app: &App, caller: &Caller, id: i64) -> Result<Document, AppError> {
    let doc = document(app, caller, id).await?;
    let Some(pdf) = app.pdf().cloned() else {
        return Err(AppError::Conflict(
            "Dokumen PDF tidak tersedia pada server ini (dibangun tanpa modul PDF).".into(),
        ));
    };
    let file_name = file_name(&doc.instansi, doc_roadmap_of(&doc));
    // typesetting runs off the async threads
    let bytes = tokio::task::spawn_blocking(move || pdf.roadmap(&doc))
        .await
        .map_err(|e| AppError::Internal(format!("document task: {e}")))?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(Document {
        bytes,
        file_name,
        content_type: PDF,
    })
}

/// The span and version of a document, for its file name.
fn doc_roadmap_of(doc: &RoadmapDocument) -> (i32, i32, i32) {
    (doc.start_year, doc.end_year, doc.version)
}
