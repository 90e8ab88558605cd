//! What is computed from an instansi's architecture, never typed: its gaps (one row per item,
//! every domain it misses), the counts per domain as-is and to-be with the items that have a
//! gap (for the instansi and per OPD), and the applications of different OPDs that overlap.
//! Every item counts, drafts included. A to-be item that no item of the Peta Rencana in force
//! answers is a gap too (read as data from the store's `peta_rencana` module). Four queries
//! (items, links, the roadmaps in force and their items), then `padu_core::arsitektur`.

use padu_core::access::Action;
use padu_core::arsitektur::{self, GapItem, GapRow, Overlap, Summary};
use padu_store::Instansi;
use padu_store::arsitektur::{ArchitectureItem, ItemFilter};
use time::OffsetDateTime;

use crate::kit::app::App;
use crate::kit::error::AppError;
use crate::kit::principal::Caller;
use crate::org::instansi_for;

/// Which part of the architecture to compute over.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scope {
    pub opd: Option<i64>,
    pub year: Option<i32>,
}

/// An instansi's architecture as computed.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub instansi: Instansi,
    pub items: Vec<ArchitectureItem>,
    /// The instansi's links, each pair once.
    pub links: Vec<(i64, i64)>,
    pub gaps: Vec<GapRow>,
    pub summary: Summary,
    pub overlaps: Vec<Overlap>,
}

impl Analysis {
    pub fn item(&self, id: i64) -> Option<&ArchitectureItem> {
        self.items.iter().find(|i| i.id == id)
    }
}

/// An item's facts as `padu_core::arsitektur` computes with them.
pub fn gap_item(i: &ArchitectureItem) -> GapItem {
    GapItem::new(
        i.id,
        i.opd_id,
        i.domain,
        i.state,
        i.reference.clone(),
        &i.fields,
    )
}

/// Computes the gaps, counts and overlaps of instansi `instansi_id` (of one year, when given;
/// the gaps of one OPD's items, when given: their links reach every OPD's items).
pub async fn analyse(
    app: &App,
    caller: &Caller,
    instansi_id: i64,
    scope: Scope,
) -> Result<Analysis, AppError> {
    let inst = instansi_for(app, caller, instansi_id, Action::ViewArchitecture).await?;
    let filter = ItemFilter {
        year: scope.year,
        ..ItemFilter::default()
    };
    let items = app.store.architecture_items(inst.id, &filter).await?;
    let links = app.store.architecture_links(inst.id).await?;
    let planned = app.store.planned_architecture_items(inst.id).await?;
    let facts: Vec<GapItem> = items.iter().map(gap_item).collect();
    let today = crate::kit::format::date_in(&inst.timezone, OffsetDateTime::now_utc());
    let mut gaps = arsitektur::gaps(&facts, &links, &planned, today);
    let mut summary = arsitektur::summary(&facts, &gaps);
    let overlaps = arsitektur::overlaps(&facts, &links);
    if let Some(opd) = scope.opd {
        gaps.retain(|g| g.opd == opd);
        summary.opd.retain(|o, _| *o == opd);
    }
    Ok(Analysis {
        instansi: inst,
        items,
        links,
        gaps,
        summary,
        overlaps,
    })
}
