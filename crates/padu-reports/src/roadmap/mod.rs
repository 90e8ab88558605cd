//! The Peta Rencana SPBE as a document: one roadmap version with its basis, status and decree,
//! its items per OPD with their targets and budget per year, the timeline, the budget table per
//! year and OPD, and the instansi's IKU targets. Gathered by the server from the store, typeset
//! by a [`crate::PdfRenderer`] (`padu-pdf`); the timeline's SVG is the page's.

pub mod sample;
pub mod timeline;

use std::collections::BTreeMap;

use padu_core::peta_rencana::{ItemDetails, ItemStatus, budget_by_group, budget_per_year};

/// One item of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoadmapDocItem {
    /// The responsible OPD's name.
    pub opd: String,
    pub title: String,
    pub status: ItemStatus,
    pub details: ItemDetails,
    /// The indicators it raises, as the reader names them ("Indikator 12 → tingkat 4").
    pub indicators: Vec<String>,
}

/// One year of the IKU targets, written the Indonesian way ("2,75"; "—" for none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoadmapIkuRow {
    pub year: i32,
    pub target: String,
    pub realised: String,
    pub gap: String,
}

/// Everything the Peta Rencana document shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoadmapDocument {
    pub id: i64,
    pub title: String,
    /// "Kabupaten Trenggalek".
    pub instansi: String,
    pub start_year: i32,
    pub end_year: i32,
    pub version: i32,
    /// "Draf", "Ditetapkan", "Direviu".
    pub status: String,
    pub decree_number: Option<String>,
    /// ISO date.
    pub decree_date: Option<String>,
    /// The review's kind ("Reviu paruh waktu") when reviewed.
    pub review: Option<String>,
    /// The basis as labels ("Peta Rencana SPBE Nasional", "RPJMD", ...).
    pub basis: Vec<String>,
    /// The demo label ([`crate::DEMO_NOTE`]) on a demo installation.
    pub note: Option<String>,
    /// ISO date of the document.
    pub generated_on: String,
    /// Ordered by OPD, then title.
    pub items: Vec<RoadmapDocItem>,
    pub iku: Vec<RoadmapIkuRow>,
}

impl RoadmapDocument {
    pub fn span(&self) -> std::ops::RangeInclusive<i32> {
        self.start_year..=self.end_year
    }

    /// The budget per year over every item.
    pub fn budget_per_year(&self) -> BTreeMap<i32, i64> {
        budget_per_year(self.span(), self.items.iter().map(|i| &i.details))
    }

    /// The budget per year of each OPD, by OPD name.
    pub fn budget_by_opd(&self) -> BTreeMap<&str, BTreeMap<i32, i64>> {
        budget_by_group(
            self.span(),
            self.items.iter().map(|i| (i.opd.as_str(), &i.details)),
        )
    }

    /// The timeline per OPD, as on the roadmap page.
    pub fn timeline_svg(&self) -> String {
        let bars: Vec<timeline::Bar<'_>> = self
            .items
            .iter()
            .map(|i| timeline::Bar {
                group: &i.opd,
                title: &i.title,
                years: &i.details.years,
                status: i.status,
            })
            .collect();
        timeline::svg("Linimasa Peta Rencana", self.span(), &bars)
    }
}
