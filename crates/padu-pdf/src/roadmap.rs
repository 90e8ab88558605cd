//! What `roadmap.typ` typesets, as JSON: the Peta Rencana's data with rupiah and dates written
//! the Indonesian way, the items per OPD with a target and a budget cell per year, the timeline
//! as the page's SVG (cut into page-sized parts: an image does not break across pages), the
//! budget per year and OPD, and the IKU targets. Names stay JSON strings, shown as plain text.

use padu_reports::RoadmapDocument;
use padu_reports::format::{tanggal, thousands};
use padu_reports::roadmap::timeline::{self, Bar};
use serde::Serialize;

/// Rows of one part of the timeline (bands and bars), about one landscape page.
const TIMELINE_ROWS: usize = 16;

#[derive(Debug, Serialize)]
pub struct Data {
    pub title: String,
    pub instansi: String,
    pub span: String,
    pub version: String,
    pub status: String,
    /// "Peraturan Bupati ... Nomor 17 Tahun 2025, 17 Maret 2025" or empty.
    pub decree: String,
    pub review: String,
    pub basis: Vec<String>,
    pub note: String,
    pub date: String,
    pub years: Vec<String>,
    pub item_count: String,
    pub opds: Vec<OpdData>,
    pub timeline: Vec<String>,
    pub budget_rows: Vec<BudgetRow>,
    pub budget_totals: Vec<String>,
    pub grand_total: String,
    pub iku: Vec<IkuData>,
}

#[derive(Debug, Serialize)]
pub struct OpdData {
    pub name: String,
    pub items: Vec<ItemData>,
    pub total: String,
}

#[derive(Debug, Serialize)]
pub struct ItemData {
    pub no: String,
    pub title: String,
    /// Need, baseline, code and indicators, one line each ("Kode: 2.16.03.1.01").
    pub lines: Vec<String>,
    pub years: String,
    pub status: String,
    /// Per year of the span: the target text and the budget.
    pub cells: Vec<CellData>,
    pub total: String,
}

#[derive(Debug, Serialize)]
pub struct CellData {
    pub target: String,
    pub budget: String,
}

#[derive(Debug, Serialize)]
pub struct BudgetRow {
    pub name: String,
    pub cells: Vec<String>,
    pub total: String,
}

#[derive(Debug, Serialize)]
pub struct IkuData {
    pub year: String,
    pub target: String,
    pub realised: String,
    pub gap: String,
}

/// "Rp 150.000.000"; "Rp 0" for none.
fn rupiah(v: i64) -> String {
    format!("Rp {}", thousands(u64::try_from(v).unwrap_or(0)))
}

fn years_text(years: &[i32]) -> String {
    match (years.first(), years.last()) {
        (Some(a), Some(b))
            if years.len() > 1 && usize::try_from(b - a + 1).ok() == Some(years.len()) =>
        {
            format!("{a}-{b}")
        }
        _ => years
            .iter()
            .map(i32::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The timeline in parts of at most [`TIMELINE_ROWS`] rows, each a whole SVG.
fn timeline_parts(doc: &RoadmapDocument) -> Vec<String> {
    let mut parts = Vec::new();
    let mut bars: Vec<Bar<'_>> = Vec::new();
    let mut rows = 0;
    let mut last: Option<&str> = None;
    for item in &doc.items {
        let band = last != Some(item.opd.as_str());
        let need = 1 + usize::from(band);
        if rows + need > TIMELINE_ROWS && !bars.is_empty() {
            parts.push(timeline::svg("Linimasa", doc.span(), &bars));
            bars.clear();
            rows = 0;
            last = None;
        }
        rows += 1 + usize::from(last != Some(item.opd.as_str()));
        last = Some(item.opd.as_str());
        bars.push(Bar {
            group: &item.opd,
            title: &item.title,
            years: &item.details.years,
            status: item.status,
        });
    }
    if !bars.is_empty() {
        parts.push(timeline::svg("Linimasa", doc.span(), &bars));
    }
    parts
}

pub fn build(doc: &RoadmapDocument) -> Data {
    let years: Vec<i32> = doc.span().collect();
    let mut opds: Vec<OpdData> = Vec::new();
    for (n, item) in doc.items.iter().enumerate() {
        if opds.last().map(|o| o.name.as_str()) != Some(item.opd.as_str()) {
            opds.push(OpdData {
                name: item.opd.clone(),
                items: Vec::new(),
                total: String::new(),
            });
        }
        let d = &item.details;
        let mut lines = Vec::new();
        for (label, v) in [
            ("Kebutuhan", &d.need),
            ("Kondisi awal", &d.baseline),
            ("Pihak eksternal", &d.external_party),
            ("Kode", &d.program_code),
        ] {
            if let Some(v) = v {
                lines.push(format!("{label}: {v}"));
            }
        }
        if !item.indicators.is_empty() {
            lines.push(format!("Indikator: {}", item.indicators.join("; ")));
        }
        let cells = years
            .iter()
            .map(|y| CellData {
                target: d.targets.get(y).cloned().unwrap_or_default(),
                budget: d.budget.get(y).map(|v| rupiah(*v)).unwrap_or_default(),
            })
            .collect();
        if let Some(group) = opds.last_mut() {
            group.items.push(ItemData {
                no: (n + 1).to_string(),
                title: item.title.clone(),
                lines,
                years: years_text(&d.years),
                status: item.status.label().to_string(),
                cells,
                total: rupiah(d.total_budget()),
            });
        }
    }
    let by_opd = doc.budget_by_opd();
    for group in &mut opds {
        let total = by_opd
            .get(group.name.as_str())
            .map(|r| r.values().fold(0i64, |s, v| s.saturating_add(*v)))
            .unwrap_or(0);
        group.total = rupiah(total);
    }
    let budget_rows = by_opd
        .iter()
        .map(|(name, row)| BudgetRow {
            name: (*name).to_string(),
            cells: row.values().map(|v| rupiah(*v)).collect(),
            total: rupiah(row.values().fold(0i64, |s, v| s.saturating_add(*v))),
        })
        .collect();
    let per_year = doc.budget_per_year();
    let decree = match (&doc.decree_number, &doc.decree_date) {
        (Some(n), Some(d)) => format!("{n}, {}", tanggal(d)),
        (Some(n), None) => n.clone(),
        _ => String::new(),
    };
    Data {
        title: doc.title.clone(),
        instansi: doc.instansi.clone(),
        span: format!("{}-{}", doc.start_year, doc.end_year),
        version: doc.version.to_string(),
        status: doc.status.clone(),
        decree,
        review: doc.review.clone().unwrap_or_default(),
        basis: doc.basis.clone(),
        note: doc.note.clone().unwrap_or_default(),
        date: tanggal(&doc.generated_on),
        years: years.iter().map(i32::to_string).collect(),
        item_count: thousands(u64::try_from(doc.items.len()).unwrap_or(0)),
        opds,
        timeline: timeline_parts(doc),
        budget_rows,
        budget_totals: per_year.values().map(|v| rupiah(*v)).collect(),
        grand_total: rupiah(per_year.values().fold(0i64, |s, v| s.saturating_add(*v))),
        iku: doc
            .iku
            .iter()
            .map(|r| IkuData {
                year: r.year.to_string(),
                target: r.target.clone(),
                realised: r.realised.clone(),
                gap: r.gap.clone(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use padu_reports::roadmap::sample::sample_roadmap;

    #[test]
    fn every_item_once_per_opd_and_the_timeline_in_page_sized_parts() {
        let doc = sample_roadmap(200);
        let data = build(&doc);
        let items: usize = data.opds.iter().map(|o| o.items.len()).sum();
        assert_eq!(items, 200);
        assert_eq!(data.opds.len(), 12);
        assert!(data.timeline.len() >= 200 / TIMELINE_ROWS);
        let bars: usize = data
            .timeline
            .iter()
            .map(|s| s.matches("<rect").count())
            .sum();
        let years: usize = doc.items.iter().map(|i| i.details.years.len()).sum();
        assert_eq!(bars, years, "one bar per item-year over the parts");
        assert_eq!(data.budget_rows.len(), 12);
        assert!(data.grand_total.starts_with("Rp ") && data.grand_total.contains('.'));
    }
}
