//! What the template typesets, as JSON: every number and date already written the Indonesian
//! way (2,59; 22 November 2026), every label in Bahasa Indonesia, the charts as SVG text. The
//! template only lays this out; user text (names, fakta, analisis) stays a JSON string and so
//! is always shown as plain text, never read as markup.

use std::cmp::Ordering;
use std::sync::Arc;

use padu_core::{Exact, Instrument, Value, Weight};
use padu_reports::charts::{
    LineChart, RadarChart, RadarSeries, Scale, line_chart, radar_chart, trend_points,
};
use padu_reports::format::{index as show_index, level, tanggal, thousands};
use padu_reports::{ActionRow, Basis, DEMO_NOTE, EvidenceRow, IndicatorRow, PeriodReport};
use serde::Serialize;

/// Which document the template makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Document {
    /// The full period report (portrait).
    Report,
    /// The action plan alone (landscape).
    ActionPlan,
}

#[derive(Debug, Serialize)]
pub struct Data {
    pub document: Document,
    pub title: String,
    pub instansi: String,
    pub period: String,
    pub instrument: String,
    pub regulation: String,
    /// "22 November 2026".
    pub date: String,
    pub bases: [&'static str; 3],
    pub scores: Vec<ScoreData>,
    /// The target, e.g. "2,60", when one is set.
    pub target: Option<String>,
    pub domains: Vec<GroupData>,
    pub aspects: Vec<GroupData>,
    pub charts: Charts,
    pub trend: Vec<TrendData>,
    pub indicators: Vec<IndicatorData>,
    pub plan: Vec<SemesterData>,
    /// On every page and the cover when the report holds the demo's synthetic figures.
    pub demo: Option<&'static str>,
}

/// The index on one basis.
#[derive(Debug, Serialize)]
pub struct ScoreData {
    pub basis: &'static str,
    pub index: String,
    pub predikat: String,
    /// "47 dari 47 indikator bernilai".
    pub valued: String,
    /// "kurang 0,35 dari target", "target tercapai", "melampaui target 0,10"; empty without a
    /// target.
    pub gap: String,
}

/// A domain or an aspect: its values on the three bases.
#[derive(Debug, Serialize)]
pub struct GroupData {
    pub code: String,
    pub name: String,
    /// "13%".
    pub weight: String,
    /// Code of the aspect's domain (59/2020); empty otherwise.
    pub domain: String,
    pub values: [String; 3],
}

#[derive(Debug, Serialize)]
pub struct Charts {
    pub radar: String,
    /// None when the trend has fewer than two periods.
    pub trend: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct TrendData {
    pub label: String,
    pub index: String,
    pub instrument: String,
    pub current: bool,
}

#[derive(Debug, Serialize)]
pub struct IndicatorData {
    pub number: u16,
    pub name: String,
    pub aspect: String,
    /// "1,3%".
    pub weight: String,
    pub lead: String,
    pub contributors: String,
    pub status: String,
    /// Claimed, accepted, final: "3 (Terstandardisasi)" or "-".
    pub values: [String; 3],
    pub external: Option<ExternalData>,
    pub fakta: String,
    pub analisis: String,
    pub evidence: Vec<EvidenceData>,
}

#[derive(Debug, Serialize)]
pub struct ExternalData {
    pub source: String,
    pub date: String,
}

#[derive(Debug, Serialize)]
pub struct EvidenceData {
    pub name: String,
    pub level: String,
    /// "berlaku 12 Januari 2025 s.d. 31 Desember 2027", or empty.
    pub dates: String,
    /// "SHA-256: …" or "Tautan: …".
    pub reference: String,
    pub review: String,
}

#[derive(Debug, Serialize)]
pub struct SemesterData {
    pub label: String,
    pub rows: Vec<ActionData>,
}

#[derive(Debug, Serialize)]
pub struct ActionData {
    pub indicator: String,
    pub change: String,
    pub lead: String,
    pub due: String,
    pub effort: String,
    pub status: String,
    pub evidence: String,
}

const NONE: &str = "-";

/// The data of a document from a report; `known` are the instruments a trend may cross (for
/// their names and rounding).
pub fn build(report: &PeriodReport, document: Document, known: &[Arc<Instrument>]) -> Data {
    let inst = &*report.instrument;
    let instrument_of = |id: &str| {
        if id == inst.id {
            Some(inst)
        } else {
            known.iter().find(|i| i.id == id).map(|i| &**i)
        }
    };
    let scores: Vec<_> = Basis::ALL.map(|b| report.score(b)).into();
    let target = report.target;
    let score_data = Basis::ALL
        .iter()
        .zip(&scores)
        .map(|(basis, score)| ScoreData {
            basis: basis.label(),
            index: show_index(inst, score.index),
            predikat: inst.predikat_of(score.index).to_string(),
            valued: format!(
                "{} dari {} indikator bernilai",
                thousands(report.valued(*basis) as u64),
                thousands(inst.indicators.len() as u64)
            ),
            gap: target.map_or_else(String::new, |t| gap(inst, score.index, t)),
        })
        .collect();
    let values_of = |pick: &dyn Fn(&padu_core::Score) -> Exact| {
        [0, 1, 2].map(|i| show_index(inst, pick(&scores[i])))
    };
    let domains = inst
        .domains
        .iter()
        .enumerate()
        .map(|(i, d)| GroupData {
            code: d.code.clone(),
            name: d.name.clone(),
            weight: percent(d.weight),
            domain: String::new(),
            values: values_of(&|s| s.domains[i]),
        })
        .collect();
    let aspects = inst
        .aspects
        .iter()
        .enumerate()
        .map(|(i, a)| GroupData {
            code: a.code.clone(),
            name: a.name.clone(),
            weight: percent(a.weight),
            domain: a
                .domain
                .and_then(|d| inst.domains.get(d))
                .map_or_else(String::new, |d| d.code.clone()),
            values: values_of(&|s| s.aspects[i]),
        })
        .collect();
    let radar = radar_chart(&RadarChart {
        id: "grafik-radar",
        title: "Nilai per aspek",
        desc: "Nilai setiap aspek menurut penilaian mandiri, nilai diterima dan nilai final",
        scale: Scale::of(inst),
        axes: inst
            .aspects
            .iter()
            .map(|a| format!("{} {}", a.code, a.name))
            .collect(),
        series: Basis::ALL
            .iter()
            .zip(&scores)
            .map(|(b, s)| RadarSeries {
                name: b.label().to_string(),
                values: s.aspects.iter().map(|e| Some(e.to_f64())).collect(),
            })
            .collect(),
    });
    let trend_text = |e: &padu_reports::TrendEntry| trend_index(instrument_of(&e.instrument), e);
    let trend_chart = (report.trend.len() > 1).then(|| {
        let scale = Scale::of(inst);
        line_chart(&LineChart {
            id: "grafik-tren",
            title: "Tren indeks",
            desc: "Indeks per periode evaluasi, dengan garis target",
            scale,
            points: trend_points(&report.trend, trend_text),
            target: target.map(|t| {
                (
                    t.to_f64(),
                    format!("Target {}", show_index(inst, t.exact())),
                )
            }),
        })
    });
    Data {
        document,
        demo: report.demo.then_some(DEMO_NOTE),
        title: report.title().to_string(),
        instansi: report.instansi_name.clone(),
        period: report.period_label(),
        instrument: format!("{} ({})", inst.name, inst.short_name),
        regulation: inst.regulation.clone(),
        date: tanggal(&report.generated_on),
        bases: Basis::ALL.map(Basis::label),
        scores: score_data,
        target: target.map(|t| show_index(inst, t.exact())),
        domains,
        aspects,
        charts: Charts {
            radar,
            trend: trend_chart,
        },
        trend: report
            .trend
            .iter()
            .map(|e| TrendData {
                label: e.label.clone(),
                index: trend_text(e),
                instrument: instrument_of(&e.instrument)
                    .map_or_else(|| e.instrument.clone(), |i| i.short_name.clone()),
                current: e.current,
            })
            .collect(),
        indicators: inst
            .indicators
            .iter()
            .filter_map(|ind| {
                let row = report.indicators.iter().find(|r| r.number == ind.number)?;
                Some(indicator(inst, ind, row))
            })
            .collect(),
        plan: plan(inst, &report.actions),
    }
}

/// "kurang 0,35 dari target", "target tercapai", "melampaui target 0,10".
fn gap(inst: &Instrument, index: Exact, target: Value) -> String {
    let t = target.exact();
    match index.cmp(&t) {
        Ordering::Less => format!(
            "kurang {} dari target",
            show_index(inst, t.saturating_sub(index))
        ),
        Ordering::Equal => "target tercapai".to_string(),
        Ordering::Greater => format!(
            "melampaui target {}",
            show_index(inst, index.saturating_sub(t))
        ),
    }
}

/// A trend entry's index by the rounding rule of its instrument; with two places when the
/// instrument is not known.
fn trend_index(inst: Option<&Instrument>, entry: &padu_reports::TrendEntry) -> String {
    match inst {
        Some(inst) => show_index(inst, entry.index),
        None => entry
            .index
            .round(2, padu_core::Rounding::HalfUp)
            .format(','),
    }
}

/// "13%", "1,3%", "2,75%".
fn percent(weight: Weight) -> String {
    format!("{}%", weight.format(0, ','))
}

fn indicator(
    inst: &Instrument,
    ind: &padu_core::instrument::Indicator,
    row: &IndicatorRow,
) -> IndicatorData {
    let scale = inst.scales.get(ind.scale);
    let value = |v: Option<Value>| match v {
        Some(v) => {
            let text = level(inst, Some(v));
            match scale.and_then(|s| s.level(v.floor_level())) {
                Some(l) => format!("{text} ({})", l.label),
                None => text,
            }
        }
        None => NONE.to_string(),
    };
    IndicatorData {
        number: ind.number,
        name: ind.name.clone(),
        aspect: inst
            .aspects
            .get(ind.aspect)
            .map_or_else(String::new, |a| format!("{} {}", a.code, a.name)),
        weight: percent(ind.weight),
        lead: row
            .lead_opd
            .clone()
            .unwrap_or_else(|| "belum ditetapkan".into()),
        contributors: if row.contributors.is_empty() {
            NONE.to_string()
        } else {
            row.contributors.join("; ")
        },
        status: row.status.label().to_string(),
        values: Basis::ALL.map(|b| value(b.pick(row))),
        external: row.external_source.as_ref().map(|source| ExternalData {
            source: source.clone(),
            date: row
                .external_date
                .as_deref()
                .map_or_else(String::new, tanggal),
        }),
        fakta: row.fakta.clone(),
        analisis: row.analisis.clone(),
        evidence: row.evidence.iter().map(evidence).collect(),
    }
}

fn evidence(e: &EvidenceRow) -> EvidenceData {
    let dates = match (&e.effective_date, &e.expiry_date) {
        (Some(from), Some(to)) => format!("berlaku {} s.d. {}", tanggal(from), tanggal(to)),
        (Some(from), None) => format!("berlaku sejak {}", tanggal(from)),
        (None, Some(to)) => format!("berlaku s.d. {}", tanggal(to)),
        (None, None) => String::new(),
    };
    let reference = match (&e.sha256, &e.url) {
        (Some(hash), _) => format!("SHA-256: {hash}"),
        (None, Some(url)) => format!("Tautan: {url}"),
        (None, None) => String::new(),
    };
    EvidenceData {
        name: e.name.clone(),
        level: e.level.to_string(),
        dates,
        reference,
        review: e.review.clone(),
    }
}

/// The action plan by semester, in the order of the rows.
fn plan(inst: &Instrument, actions: &[ActionRow]) -> Vec<SemesterData> {
    let mut semesters: Vec<SemesterData> = Vec::new();
    let mut sorted: Vec<&ActionRow> = actions.iter().collect();
    sorted.sort_by_key(|a| (a.semester, a.number));
    for a in sorted {
        let label = format!("Semester {}", a.semester);
        let name = inst
            .indicator(a.number)
            .map_or_else(String::new, |i| i.name.clone());
        let row = ActionData {
            indicator: format!("{}. {name}", a.number),
            change: format!(
                "{} → {}",
                level(inst, Some(a.from)),
                level(inst, Some(a.to))
            ),
            lead: a.lead_opd.clone().unwrap_or_else(|| NONE.to_string()),
            due: tanggal(&a.due_date),
            // kept on one line
            effort: format!("{}\u{a0}hari", thousands(a.effort_days)),
            status: a.status.clone(),
            evidence: a.evidence_needed.clone(),
        };
        match semesters.last_mut() {
            Some(last) if last.label == label => last.rows.push(row),
            _ => semesters.push(SemesterData {
                label,
                rows: vec![row],
            }),
        }
    }
    semesters
}

#[cfg(test)]
mod tests;
