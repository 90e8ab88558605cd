//! The period dashboard's "Rencana aksi": the accepted plan's action items against what was
//! reached, and the timeline per semester (plan against actual).

use padu_app::evaluation::dashboard::{self, Dashboard, Scale, TimelineChart};
use padu_app::evaluation::plan_actual::{ActionCounts, PlanActual, plan_vs_actual};
use padu_app::kit::format::date_text;
use padu_app::kit::format::number;
use padu_app::kit::i18n::{Lang, Tr};
use padu_core::{Exact, Instrument};
use padu_store::planner::ActionStatus;

use crate::evaluation::indicator::decimal_separator;

pub fn index_text(instrument: &Instrument, x: Exact, lang: Lang) -> String {
    x.round(2, instrument.display.rounding)
        .format(decimal_separator(lang))
}

pub fn whole_days(n: u64, lang: Lang) -> String {
    number(usize::try_from(n).unwrap_or(usize::MAX), lang)
}

/// One action item as the dashboard lists it.
pub struct ActionRow {
    pub id: i64,
    pub number: u16,
    pub name: String,
    pub target: String,
    pub current: String,
    pub reached: bool,
    pub lead: String,
    pub status: &'static str,
    /// The tag's colour modifier for the status.
    pub status_class: &'static str,
    /// The status form's choices: (code, label, the current one).
    pub choices: Vec<(&'static str, &'static str, bool)>,
    pub due: String,
    pub overdue: bool,
    pub evidence: String,
}

/// The dashboard's "Rencana aksi": plan against actual and the timeline per semester.
pub struct PlanSection {
    pub period_id: i64,
    pub rows: Vec<ActionRow>,
    /// "12 rencana aksi: 8 terbuka (2 terlambat), 3 selesai, 1 batal."
    pub summary: String,
    pub chart: Option<String>,
    pub title: &'static str,
    /// (semester, effort, planned index) for the table that stands in for the chart.
    pub semesters: Vec<(String, String, String)>,
    pub actual: String,
}

fn status_label(tr: Tr, s: ActionStatus) -> &'static str {
    match s {
        ActionStatus::Rencana => tr.t("rencana.status_rencana"),
        ActionStatus::Berjalan => tr.t("rencana.status_berjalan"),
        ActionStatus::Selesai => tr.t("rencana.status_selesai"),
        ActionStatus::Batal => tr.t("rencana.status_batal"),
    }
}

fn status_class(s: ActionStatus) -> &'static str {
    match s {
        ActionStatus::Rencana => "tag--grey",
        ActionStatus::Berjalan => "tag--blue",
        ActionStatus::Selesai => "tag--green",
        ActionStatus::Batal => "tag--yellow",
    }
}

fn summary(tr: Tr, total: usize, c: ActionCounts) -> String {
    let n = |x: usize| number(x, tr.lang);
    tr.t("rencana.aksi_ringkas")
        .replace("{total}", &n(total))
        .replace("{terbuka}", &n(c.open))
        .replace("{terlambat}", &n(c.overdue))
        .replace("{selesai}", &n(c.done))
        .replace("{batal}", &n(c.cancelled))
}

/// Builds the section from the loaded dashboard (no further query).
pub fn plan_section(tr: Tr, d: &Dashboard) -> PlanSection {
    let i = &*d.instrument;
    let lang = tr.lang;
    let sep = decimal_separator(lang);
    let PlanActual {
        rows: progress,
        semesters,
        actual,
        counts,
    } = plan_vs_actual(d).unwrap_or_else(|_| PlanActual {
        rows: Vec::new(),
        semesters: Vec::new(),
        actual: d.scores[1].score.index,
        counts: ActionCounts::default(),
    });
    let rows: Vec<ActionRow> = progress
        .iter()
        .map(|p| ActionRow {
            id: p.item.id,
            number: p.item.number,
            name: i
                .indicator(p.item.number)
                .map_or_else(String::new, |x| x.name.clone()),
            target: i.values.format(p.item.to, sep),
            current: p
                .current
                .map_or_else(|| "-".to_string(), |v| i.values.format(v, sep)),
            reached: p.reached,
            lead: p
                .item
                .lead_opd
                .and_then(|o| d.opd_names.get(&o).cloned())
                .unwrap_or_else(|| tr.t("rencana.tanpa_opd").to_string()),
            status: status_label(tr, p.item.status),
            status_class: status_class(p.item.status),
            choices: ActionStatus::ALL
                .into_iter()
                .map(|s| (s.code(), status_label(tr, s), s == p.item.status))
                .collect(),
            due: date_text(&p.item.due_date, lang),
            overdue: p.overdue,
            evidence: p.item.evidence_needed.clone(),
        })
        .collect();
    let title = tr.t("rencana.lini_judul");
    let label = |s: u32| format!("{} {s}", tr.t("rencana.semester_ke"));
    let chart = (!semesters.is_empty()).then(|| {
        dashboard::timeline_chart(&TimelineChart {
            id: "grafik-rencana",
            title,
            desc: tr.t("rencana.lini_ket"),
            series: [
                tr.t("rencana.lini_upaya"),
                tr.t("rencana.lini_indeks"),
                tr.t("rencana.lini_aktual"),
            ],
            scale: Scale::of(i),
            semesters: semesters
                .iter()
                .map(|s| {
                    (
                        label(s.semester),
                        s.effort,
                        s.planned_index.to_f64(),
                        whole_days(s.effort, lang),
                        index_text(i, s.planned_index, lang),
                    )
                })
                .collect(),
            actual: (actual.to_f64(), index_text(i, actual, lang)),
        })
    });
    PlanSection {
        period_id: d.period.id,
        summary: summary(tr, rows.len(), counts),
        rows,
        chart,
        title,
        semesters: semesters
            .iter()
            .map(|s| {
                (
                    label(s.semester),
                    whole_days(s.effort, lang),
                    index_text(i, s.planned_index, lang),
                )
            })
            .collect(),
        actual: index_text(i, actual, lang),
    }
}
