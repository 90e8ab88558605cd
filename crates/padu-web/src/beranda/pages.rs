//! The Beranda (`/`): each role's page of the morning, from `padu_app::beranda`.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use padu_app::App;
use std::collections::HashMap;

use padu_app::beranda::{
    self, AssessorPeriod, Home, LateItem, Leader, MyIndicator, OpenPeriod, OperatorPeriod,
    ReportDue,
};
use padu_app::evaluation::dashboard::Dashboard;
use padu_app::evaluation::plan_actual::ActionProgress;
use padu_app::evaluation::texts::{deadline_text, period_name};
use padu_app::kit::format::{date_text, number};
use padu_app::kit::i18n::Tr;
use padu_core::Instrument;
use padu_core::access::{Action, allows};
use padu_core::date::iso;
use padu_core::peta_rencana::monitoring::OffTrack;

use crate::evaluation::dashboard::{ScoreCard, score_cards, trend_chart};
use crate::kit::layout::{Ctx, Failure, OrPage, Shell, render, role_label};
use crate::pembinaan::overview_page;
use crate::pembinaan::recommendations_page::{RecommendationRow, rows as recommendation_rows};

/// An indicator as a line of a worklist.
pub struct TaskRow {
    pub number: u16,
    pub name: String,
    pub href: String,
    pub note: Option<String>,
    /// "menunggu 3 hari" for an assessor's queue.
    pub waited: Option<String>,
}

pub struct ExpiringRow {
    pub name: String,
    pub until: String,
    pub indicators: String,
}

pub struct ActionRow {
    pub number: u16,
    pub name: String,
    pub to: String,
    pub due: String,
    pub overdue: bool,
    pub opd: String,
    pub href: String,
}

/// A roadmap item on the Beranda: a report the OPD owes, or an item late or off track.
pub struct RoadmapRow {
    pub title: String,
    pub href: String,
    /// "Semester 1 2026 · paling lambat 14 Juli 2026 (7 hari lagi)", or why it is late.
    pub detail: String,
    pub opd: String,
    pub tag: Option<&'static str>,
}

pub struct OperatorBlock {
    pub period: String,
    pub tasks_href: String,
    pub stage: Option<String>,
    pub returned: Vec<TaskRow>,
    pub drafts: Vec<TaskRow>,
    pub handed_in: String,
    pub expiring: Vec<ExpiringRow>,
    pub actions: Vec<ActionRow>,
}

pub struct AssessorBlock {
    pub period: String,
    pub tasks_href: String,
    pub stage: Option<String>,
    pub total: String,
    pub groups: Vec<(String, Vec<TaskRow>)>,
}

pub struct LeaderBlock {
    pub instansi_id: i64,
    pub period: Option<String>,
    pub dashboard_href: Option<String>,
    pub stage: Option<String>,
    pub cards: Vec<ScoreCard>,
    pub no_target: bool,
    pub trend_chart: Option<String>,
    pub late: Vec<(String, String)>,
    pub opd_total: usize,
    pub actions: Vec<ActionRow>,
    pub recommendations: Vec<RecommendationRow>,
    pub open_recommendations: usize,
    pub may_manage: bool,
    pub late_items: Vec<RoadmapRow>,
}

#[derive(Template)]
#[template(path = "beranda/templates/beranda.html")]
struct HomePage {
    tr: Tr,
    shell: Shell,
    name: String,
    role: &'static str,
    instansi_name: Option<String>,
    operator: Vec<OperatorBlock>,
    assessor: Vec<AssessorBlock>,
    external: bool,
    leader: Option<LeaderBlock>,
    /// An operator or assessor with no open period.
    no_open_period: bool,
    /// The Peta Rencana's semester reports the operator's OPD owes.
    reports: Vec<RoadmapRow>,
}

fn report_rows(tr: Tr, reports: &[ReportDue]) -> Vec<RoadmapRow> {
    reports
        .iter()
        .map(|r| {
            let left = match r.days_left {
                0 => tr.t("beranda.realisasi_hari_ini").to_string(),
                n if n < 0 => tr.t("beranda.lewat_tenggat").to_string(),
                n => tr
                    .t("beranda.hari_lagi")
                    .replace("{n}", &number(usize::try_from(n).unwrap_or(0), tr.lang)),
            };
            RoadmapRow {
                title: r.item.title.clone(),
                href: format!("/peta-rencana/item/{}#lapor", r.item.id),
                detail: format!(
                    "{} · {} {} ({left})",
                    r.semester.label(),
                    tr.t("beranda.paling_lambat"),
                    date_text(&iso(r.deadline), tr.lang)
                ),
                opd: r.roadmap.clone(),
                tag: None,
            }
        })
        .collect()
}

fn late_rows(tr: Tr, late: &[LateItem]) -> Vec<RoadmapRow> {
    late.iter()
        .map(|l| {
            let (detail, tag) = match l.reason {
                OffTrack::Tertunda => (tr.t("beranda.item_tertunda").to_string(), "tag--yellow"),
                OffTrack::Terlambat(s) => (
                    format!(
                        "{} {} ({} {})",
                        tr.t("beranda.realisasi_belum"),
                        s.label(),
                        tr.t("beranda.tenggat"),
                        l.deadline
                            .map(|d| date_text(&iso(d), tr.lang))
                            .unwrap_or_default()
                    ),
                    "tag--red",
                ),
            };
            RoadmapRow {
                title: l.item.title.clone(),
                href: format!("/peta-rencana/item/{}", l.item.id),
                detail,
                opd: l.opd.clone(),
                tag: Some(tag),
            }
        })
        .collect()
}

/// What the rows of a worklist need of their period: its id, its instrument (indicator names,
/// values) and the instansi's OPD names. From a period dashboard or a worklist's open period.
struct Frame<'a> {
    period_id: i64,
    instrument: &'a Instrument,
    opd_names: &'a HashMap<i64, String>,
}

impl<'a> Frame<'a> {
    fn of_dashboard(d: &'a Dashboard) -> Self {
        Frame {
            period_id: d.period.id,
            instrument: &d.instrument,
            opd_names: &d.opd_names,
        }
    }

    fn of_open(o: &'a OpenPeriod) -> Self {
        Frame {
            period_id: o.period.id,
            instrument: &o.instrument,
            opd_names: &o.opd_names,
        }
    }

    fn indicator_href(&self, number: u16) -> String {
        format!("/periode/{}/indikator/{number}", self.period_id)
    }
}

fn task(f: &Frame<'_>, i: &MyIndicator) -> TaskRow {
    TaskRow {
        number: i.number,
        name: i.name.clone(),
        href: f.indicator_href(i.number),
        note: i.note.clone(),
        waited: None,
    }
}

fn action_rows(tr: Tr, f: &Frame<'_>, actions: &[ActionProgress]) -> Vec<ActionRow> {
    let sep = crate::evaluation::indicator::decimal_separator(tr.lang);
    actions
        .iter()
        .map(|a| ActionRow {
            number: a.item.number,
            name: f
                .instrument
                .indicator(a.item.number)
                .map(|i| i.name.clone())
                .unwrap_or_default(),
            to: f.instrument.values.format(a.item.to, sep),
            due: date_text(&a.item.due_date, tr.lang),
            overdue: a.overdue,
            opd: a
                .item
                .lead_opd
                .and_then(|o| f.opd_names.get(&o).cloned())
                .unwrap_or_default(),
            href: f.indicator_href(a.item.number),
        })
        .collect()
}

fn operator_block(tr: Tr, p: &OperatorPeriod) -> OperatorBlock {
    let period = &p.open.period;
    let f = Frame::of_open(&p.open);
    OperatorBlock {
        period: period_name(tr, period.kind, period.year),
        tasks_href: format!("/periode/{}/tugas", period.id),
        stage: p.stage.as_ref().map(|s| deadline_text(tr, s)),
        returned: p.returned.iter().map(|i| task(&f, i)).collect(),
        drafts: p.drafts.iter().map(|i| task(&f, i)).collect(),
        handed_in: tr
            .t("beranda.sudah_diajukan")
            .replace("{diajukan}", &number(p.submitted, tr.lang))
            .replace("{diterima}", &number(p.accepted, tr.lang)),
        expiring: p
            .expiring
            .iter()
            .map(|(e, numbers)| ExpiringRow {
                name: e.name.clone(),
                until: e
                    .expiry_date
                    .as_deref()
                    .map(|x| date_text(x, tr.lang))
                    .unwrap_or_default(),
                indicators: numbers
                    .iter()
                    .map(u16::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            })
            .collect(),
        actions: action_rows(tr, &f, &p.actions),
    }
}

fn assessor_block(tr: Tr, p: &AssessorPeriod) -> AssessorBlock {
    let period = &p.open.period;
    let f = Frame::of_open(&p.open);
    AssessorBlock {
        period: period_name(tr, period.kind, period.year),
        tasks_href: format!("/periode/{}/tugas", period.id),
        stage: p.stage.as_ref().map(|s| deadline_text(tr, s)),
        total: number(p.total, tr.lang),
        groups: p
            .groups
            .iter()
            .map(|g| {
                let opd = if g.opd.is_empty() {
                    tr.t("beranda.tanpa_opd").to_string()
                } else {
                    g.opd.clone()
                };
                let items = g
                    .items
                    .iter()
                    .map(|w| TaskRow {
                        number: w.number,
                        name: w.name.clone(),
                        href: f.indicator_href(w.number),
                        note: None,
                        waited: Some(if w.days == 0 {
                            tr.t("beranda.menunggu_hari_ini").to_string()
                        } else {
                            tr.t("beranda.menunggu_hari").replace(
                                "{n}",
                                &number(usize::try_from(w.days).unwrap_or(0), tr.lang),
                            )
                        }),
                    })
                    .collect();
                (opd, items)
            })
            .collect(),
    }
}

fn leader_block(tr: Tr, ctx: &Ctx, l: &Leader) -> LeaderBlock {
    let d = l.dashboard.as_deref();
    let recommendations = recommendation_rows(ctx, &l.instansi.timezone, l.recommendations.clone());
    LeaderBlock {
        instansi_id: l.instansi.id,
        period: d.map(|d| period_name(tr, d.period.kind, d.period.year)),
        dashboard_href: d.map(|d| format!("/periode/{}", d.period.id)),
        stage: l.stage.as_ref().map(|s| deadline_text(tr, s)),
        cards: d.map(|d| score_cards(tr, d)).unwrap_or_default(),
        no_target: d.is_some_and(|d| d.period.target.is_none()),
        trend_chart: d.and_then(|d| trend_chart(tr, d)),
        late: d
            .map(|d| {
                d.progress
                    .iter()
                    .filter(|p| p.overdue > 0)
                    .map(|p| {
                        (
                            p.name.clone(),
                            tr.t("beranda.terlambat_isi")
                                .replace("{n}", &number(p.overdue, tr.lang)),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
        opd_total: d.map_or(0, |d| d.progress.len()),
        actions: d
            .map(|d| action_rows(tr, &Frame::of_dashboard(d), &l.actions))
            .unwrap_or_default(),
        open_recommendations: l
            .recommendations
            .iter()
            .filter(|r| r.follow_up.is_none())
            .count(),
        recommendations,
        late_items: late_rows(tr, &l.late_items),
        may_manage: allows(
            &ctx.caller.actor(),
            Action::ManagePeriod,
            &l.instansi.target(),
        ),
    }
}

/// `GET /`
pub async fn home(State(state): State<App>, ctx: Ctx) -> Result<Response, Failure> {
    let user = &ctx.caller.user;
    let home = beranda::load(&state, &ctx.caller).await.or_page(ctx.lang)?;
    let shell = Shell::load(&state, &ctx, crate::org::HOME, None)
        .await
        .or_page(ctx.lang)?;
    let tr = ctx.tr;
    if let Home::Overview(o) = &home {
        let actor = ctx.caller.actor();
        let mut page = overview_page::page(&state, tr, shell, o, |m| {
            allows(&actor, Action::Recommend, &m.instansi.target())
        });
        page.greeting = Some(format!(
            "{}, {} · {}",
            tr.t("beranda.salam"),
            user.display_name,
            role_label(user.role, ctx.lang)
        ));
        page.pdf_available = state.pdf().is_some();
        return Ok(render(StatusCode::OK, &page));
    }
    let own = padu_app::org::own_instansi(&state, &ctx.caller)
        .await
        .or_page(ctx.lang)?;
    let mut page = HomePage {
        tr,
        shell,
        name: user.display_name.clone(),
        role: role_label(user.role, ctx.lang),
        instansi_name: own.map(|i| i.name),
        operator: Vec::new(),
        assessor: Vec::new(),
        external: false,
        leader: None,
        no_open_period: false,
        reports: Vec::new(),
    };
    match &home {
        Home::Operator { periods, reports } => {
            page.no_open_period = periods.is_empty();
            page.operator = periods.iter().map(|p| operator_block(tr, p)).collect();
            page.reports = report_rows(tr, reports);
        }
        Home::Assessor { external, periods } => {
            page.no_open_period = periods.is_empty();
            page.external = *external;
            page.assessor = periods.iter().map(|p| assessor_block(tr, p)).collect();
        }
        Home::Leader(l) => page.leader = Some(leader_block(tr, &ctx, l)),
        Home::Overview(_) | Home::Nothing => {}
    }
    Ok(render(StatusCode::OK, &page))
}
