//! What `overview.typ` typesets, as JSON: the overview's figures as the application wrote them
//! (rounded by each member's instrument, with a decimal comma), counts with thousands dots,
//! labels in Bahasa Indonesia, the predikat distribution as an SVG chart. Names stay JSON
//! strings, shown as plain text.

use padu_reports::charts::{CountBar, CountChart, count_chart};
use padu_reports::format::{tanggal, thousands};
use padu_reports::{Figure, OverviewSheet, OverviewSheetRow};
use serde::Serialize;

const NONE: &str = "—";

#[derive(Debug, Serialize)]
pub struct Data {
    pub title: String,
    pub instansi: String,
    pub year: String,
    /// Under the title and on every page; empty for none.
    pub note: String,
    /// "22 November 2026".
    pub date: String,
    pub national: bool,
    /// "Kabupaten/kota" or "Provinsi dan kabupaten/kota".
    pub members_heading: &'static str,
    /// The main instrument (of the distribution and the aspect table).
    pub instrument: String,
    pub summary: Vec<SummaryData>,
    pub distribution: Vec<BandData>,
    /// None when no member has an index.
    pub chart: Option<String>,
    pub rows: Vec<RowData>,
    pub aspects: Vec<String>,
    pub aspect_rows: Vec<AspectRowData>,
    pub averages: Vec<CellData>,
    /// "2 instansi dievaluasi dengan instrumen lain ..." or empty.
    pub aspect_note: String,
}

/// One figure of the summary: "Anggota", "9".
#[derive(Debug, Serialize)]
pub struct SummaryData {
    pub label: &'static str,
    pub value: String,
}

#[derive(Debug, Serialize)]
pub struct BandData {
    pub predikat: String,
    pub count: String,
    /// "33,3%" of the members with an index of the main instrument.
    pub share: String,
}

#[derive(Debug, Serialize)]
pub struct RowData {
    pub name: String,
    pub kind: String,
    pub index: String,
    /// The member's instrument when it is not the main one; empty otherwise.
    pub instrument: String,
    pub basis: String,
    pub predikat: String,
    pub change: String,
    /// "naik", "turun" or empty.
    pub trend: &'static str,
    pub target: String,
    pub gap: String,
    pub below_target: bool,
    pub progress: String,
    pub late: String,
    /// A province heading its members (national overview).
    pub group: bool,
    /// A kabupaten/kota under its province (national overview).
    pub nested: bool,
}

#[derive(Debug, Serialize)]
pub struct AspectRowData {
    pub name: String,
    pub group: bool,
    pub nested: bool,
    pub cells: Vec<CellData>,
}

/// An aspect's index with its level (0-5) for the cell's colour.
#[derive(Debug, Serialize)]
pub struct CellData {
    pub text: String,
    pub level: u32,
}

fn count(n: usize) -> String {
    thousands(u64::try_from(n).unwrap_or(u64::MAX))
}

fn text(f: Option<&Figure>) -> String {
    f.map_or_else(|| NONE.to_string(), |f| f.text.clone())
}

/// "33,3%": `part` of `whole` with one decimal; "0%" of nothing.
fn share(part: usize, whole: usize) -> String {
    let (part, whole) = (part as u128, whole as u128);
    let Some(tenths) = (part * 2000 + whole).checked_div(2 * whole) else {
        return "0%".to_string();
    };
    match tenths % 10 {
        0 => format!("{}%", tenths / 10),
        d => format!("{},{d}%", tenths / 10),
    }
}

/// The whole level of an aspect index (0-5), for its colour.
fn level(value: f64) -> u32 {
    // between 0 and 5 by construction, clamped against anything else (NaN casts to 0)
    value.floor().clamp(0.0, 5.0) as u32
}

fn cell(f: &Figure) -> CellData {
    CellData {
        text: f.text.clone(),
        level: level(f.value),
    }
}

fn progress(r: &OverviewSheetRow) -> String {
    if r.indicators == 0 {
        return NONE.to_string();
    }
    format!(
        "{}/{} diajukan · {} diterima · {} final",
        count(r.submitted),
        count(r.indicators),
        count(r.accepted),
        count(r.final_)
    )
}

fn row(o: &OverviewSheet, r: &OverviewSheetRow) -> RowData {
    let sign = |f: Option<&Figure>| match f.map(|f| f.value) {
        Some(v) if v > 0.0 => "naik",
        Some(v) if v < 0.0 => "turun",
        _ => "",
    };
    RowData {
        name: r.name.clone(),
        kind: r.kind.clone(),
        index: text(r.index.as_ref()),
        instrument: if r.instrument == o.aspect_instrument {
            String::new()
        } else {
            r.instrument.clone()
        },
        basis: r.basis.clone(),
        predikat: r.predikat.clone(),
        change: text(r.change.as_ref()),
        trend: sign(r.change.as_ref()),
        target: text(r.target.as_ref()),
        gap: text(r.gap.as_ref()),
        below_target: sign(r.gap.as_ref()) == "turun",
        progress: progress(r),
        late: count(r.late_opd),
        group: o.national && r.province.is_empty(),
        nested: o.national && !r.province.is_empty(),
    }
}

/// The data of the overview document.
pub fn build(o: &OverviewSheet) -> Data {
    let evaluated = o.evaluated();
    let in_bands: usize = o.distribution.iter().map(|b| b.count).sum();
    let late: usize = o.rows.iter().map(|r| r.late_opd).sum();
    let summary = vec![
        SummaryData {
            label: if o.national {
                "Provinsi dan kabupaten/kota"
            } else {
                "Kabupaten/kota"
            },
            value: count(o.rows.len()),
        },
        SummaryData {
            label: "Mempunyai indeks",
            value: count(evaluated),
        },
        SummaryData {
            label: "Belum mempunyai indeks",
            value: count(o.rows.len() - evaluated),
        },
        SummaryData {
            label: "OPD terlambat",
            value: count(late),
        },
    ];
    let chart = (in_bands > 0).then(|| {
        count_chart(&CountChart {
            id: "grafik-sebaran",
            title: "Sebaran predikat",
            desc: &format!("Jumlah instansi per predikat, {}", o.aspect_instrument),
            bars: o
                .distribution
                .iter()
                .map(|b| CountBar {
                    label: b.predikat.clone(),
                    count: b.count,
                })
                .collect(),
        })
    });
    let with: Vec<&OverviewSheetRow> = o.with_aspects().collect();
    let others = o
        .rows
        .iter()
        .filter(|r| r.index.is_some() && r.instrument != o.aspect_instrument)
        .count();
    Data {
        title: o.title.clone(),
        instansi: o.instansi.clone(),
        year: o.year.to_string(),
        note: o.note.clone(),
        date: tanggal(&o.generated_on),
        national: o.national,
        members_heading: if o.national {
            "Provinsi dan kabupaten/kota"
        } else {
            "Kabupaten/kota"
        },
        instrument: o.aspect_instrument.clone(),
        summary,
        distribution: o
            .distribution
            .iter()
            .map(|b| BandData {
                predikat: b.predikat.clone(),
                count: count(b.count),
                share: share(b.count, in_bands),
            })
            .collect(),
        chart,
        rows: o.rows.iter().map(|r| row(o, r)).collect(),
        aspects: o.aspects.clone(),
        aspect_rows: with
            .iter()
            .map(|r| AspectRowData {
                name: r.name.clone(),
                group: o.national && r.province.is_empty(),
                nested: o.national && !r.province.is_empty(),
                cells: r.aspects.iter().map(cell).collect(),
            })
            .collect(),
        averages: if with.is_empty() {
            Vec::new()
        } else {
            o.aspect_averages.iter().map(cell).collect()
        },
        aspect_note: if others == 0 {
            String::new()
        } else {
            format!(
                "{} instansi yang dievaluasi dengan instrumen lain tidak termasuk dalam sebaran \
                 dan tabel aspek.",
                count(others)
            )
        },
    }
}

#[cfg(test)]
mod tests {
    use super::{level, share};

    #[test]
    fn shares_and_levels_read_the_indonesian_way() {
        assert_eq!(share(1, 3), "33,3%");
        assert_eq!(share(2, 4), "50%");
        assert_eq!(share(2, 3), "66,7%");
        assert_eq!(share(0, 0), "0%");
        assert_eq!(share(7, 7), "100%");
        assert_eq!(
            (level(0.4), level(2.99), level(3.0), level(9.0)),
            (0, 2, 3, 5)
        );
        assert_eq!(level(f64::NAN), 0);
    }
}
