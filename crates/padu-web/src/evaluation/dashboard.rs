//! The dashboard of a period (the live index): the index and predikat for the claimed, accepted
//! and final values against the target, domains and aspects, progress per OPD, carried-forward
//! work still to review, expiring evidence, the trend across periods and a chart per aspect.
//! Read-only for everyone; the data comes from `evaluation::dashboard::load`.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use padu_core::{Exact, Instrument, Value};

use crate::evaluation::period::separator;
use crate::kit::fragments::Fragments;
use crate::kit::layout::{Ctx, Failure, OrPage, Pesan, Shell, parse_id, render};
use padu_app::App;
use padu_app::evaluation::Basis;
use padu_app::evaluation::dashboard::{
    self, AgainstTarget, BarChart, BarRow, CACHED_DASHBOARDS, Dashboard, EXPIRY_DAYS, LineChart,
    LinePoint, OpdProgress, Scale, Stage, parse_iso,
};
use padu_app::evaluation::texts::{deadline_text, kind_label, period_name, stage_label};
use padu_app::kit::format::date_text;
use padu_app::kit::format::number;
use padu_app::kit::i18n::Tr;

/// One of the three index cards.
#[derive(Debug, Clone)]
pub struct ScoreCard {
    pub title: &'static str,
    pub index: String,
    pub predikat: String,
    /// Against the target, and whether it is reached.
    pub target: Option<(String, bool)>,
    pub valued: String,
    /// On the final card, once final values exist: how far the final index is from the
    /// self-assessment ("Selisih dengan penilaian mandiri: -0,42").
    pub gap: Option<String>,
}

#[derive(Debug, Clone)]
pub struct GroupRow {
    pub domain: bool,
    pub name: String,
    pub weight: String,
    pub values: [String; 3],
}

#[derive(Debug, Clone)]
pub struct ProgressRow {
    pub name: String,
    pub draft: usize,
    pub submitted: usize,
    pub returned: usize,
    pub accepted: usize,
    /// "3 terlambat"
    pub overdue: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ReviewRow {
    pub number: u16,
    pub name: String,
    pub lead: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ExpiringRow {
    pub name: String,
    pub until: String,
    pub expired: bool,
    pub left: String,
}

#[derive(Debug, Clone)]
pub struct StageRow {
    pub label: &'static str,
    pub dates: Option<String>,
}

#[derive(Debug, Clone)]
pub struct TrendRow {
    pub period: String,
    pub instrument: String,
    pub index: String,
    pub basis: &'static str,
    pub current: bool,
}

/// A chart with the data table that stands in for it.
#[derive(Debug, Clone)]
pub struct Chart {
    pub title: String,
    pub svg: String,
    pub rows: Vec<(String, [String; 3])>,
}

/// A recommendation still to follow up: its year, the indicator (period, number) it is about,
/// its text and author.
#[derive(Debug, Clone)]
pub struct RecommendationNote {
    pub year: i32,
    pub indicator: Option<(i64, u16)>,
    pub text: String,
    pub author: String,
}

#[derive(Template)]
#[template(path = "evaluation/templates/periode_dasbor.html")]
struct DashboardPage {
    tr: Tr,
    shell: Shell,
    period_id: i64,
    instansi_id: i64,
    instansi_name: String,
    name: String,
    instrument: String,
    closed: bool,
    cards: Vec<ScoreCard>,
    no_target: bool,
    floor_note: String,
    has_domains: bool,
    groups: Vec<GroupRow>,
    stages: Vec<StageRow>,
    deadlines: Vec<String>,
    progress: Vec<ProgressRow>,
    overdue_note: Option<String>,
    unassigned: Option<String>,
    to_review: Vec<ReviewRow>,
    expiring: Vec<ExpiringRow>,
    expiring_intro: String,
    expiring_none: String,
    trend: Vec<TrendRow>,
    /// The charts (the aspects, one per aspect with its indicators, the trend), made once per
    /// dashboard and language.
    charts: Arc<Charts>,
    series: [&'static str; 3],
    plan: super::plan_section::PlanSection,
    /// Whether the caller may assign indicators (the link to the assignment page).
    may_manage: bool,
    /// The province's recommendations not yet followed up.
    recommendations: Vec<RecommendationNote>,
}

pub async fn show(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(query): Query<Pesan>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Periode").or_page(ctx.lang)?;
    let d = dashboard::load(&state, &ctx.caller, id)
        .await
        .or_page(ctx.lang)?;
    let section = if ctx.caller.user.instansi_id == Some(d.instansi.id) {
        crate::evaluation::PERIODS
    } else {
        crate::org::HOME
    };
    let shell = Shell::load(&state, &ctx, section, query.pesan.as_deref())
        .await
        .or_page(ctx.lang)?;
    let progress = d.progress_for(&ctx.caller);
    let expiring = d.expiring_for(&ctx.caller);
    let mut page = page(&state, ctx.tr, shell, &d, &progress, &expiring);
    let actor = ctx.caller.actor();
    page.may_manage = padu_core::access::allows(
        &actor,
        padu_core::access::Action::ManagePeriod,
        &d.instansi.target(),
    );
    if !padu_core::access::allows(
        &actor,
        padu_core::access::Action::ViewRecommendations,
        &d.instansi.target(),
    ) {
        page.recommendations.clear();
    }
    Ok(render(StatusCode::OK, &page))
}

/// What costs a dashboard page most to make: an SVG of the aspects, one per aspect with its
/// indicators (with their table), the trend.
struct Charts {
    aspect_chart: String,
    aspect_charts: Vec<Chart>,
    trend_chart: Option<String>,
}

/// Charts made lately, by dashboard (the same `Arc` while the period is unchanged) and language.
struct ChartCache(Fragments<Dashboard, (), Charts>);

impl Default for ChartCache {
    fn default() -> Self {
        ChartCache(Fragments::new(CACHED_DASHBOARDS * 2))
    }
}

fn charts(tr: Tr, d: &Dashboard) -> Charts {
    let inst = &*d.instrument;
    let sep = separator(tr.lang);
    let show = |e: Exact| inst.display(e, sep);
    let scale = Scale::of(inst);
    let series = series(tr);
    let scale_text = |text: &str| {
        text.replace("{min}", &scale.min.to_string())
            .replace("{max}", &scale.max.to_string())
    };
    let aspect_chart = dashboard::bar_chart(&BarChart {
        id: "grafik-aspek",
        title: tr.t("dasbor.grafik_aspek_judul"),
        desc: &scale_text(tr.t("dasbor.grafik_aspek_ket")),
        series,
        missing: tr.t("dasbor.belum_ada"),
        scale,
        rows: inst
            .aspects
            .iter()
            .enumerate()
            .map(|(i, a)| BarRow {
                label: a.name.clone(),
                values: d.scores.each_ref().map(|s| {
                    let e = s.score.aspects[i];
                    Some((e.to_f64(), show(e)))
                }),
            })
            .collect(),
    });

    let value_text = |v: Option<Value>| v.map(|v| inst.values.format(v, sep));
    let aspect_charts = inst
        .aspects
        .iter()
        .enumerate()
        .map(|(ai, a)| {
            let id = format!("grafik-aspek-{}", ai + 1);
            let title = tr
                .t("dasbor.aspek_grafik_judul")
                .replace("{aspek}", &a.name);
            let desc = scale_text(tr.t("dasbor.aspek_grafik_ket")).replace("{aspek}", &a.name);
            let mut rows = Vec::new();
            let mut bars = Vec::new();
            for ind in inst.indicators_of_aspect(ai) {
                let pi = d.indicators.iter().find(|pi| pi.number == ind.number);
                let vals = [
                    pi.and_then(|p| p.self_value),
                    pi.and_then(|p| p.accepted_value),
                    pi.and_then(|p| p.final_value),
                ];
                let label = format!("{}. {}", ind.number, ind.name);
                rows.push((
                    label.clone(),
                    vals.map(|v| value_text(v).unwrap_or_else(|| "—".into())),
                ));
                bars.push(BarRow {
                    label,
                    values: vals.map(|v| v.map(|v| (v.to_f64(), inst.values.format(v, sep)))),
                });
            }
            let svg = dashboard::bar_chart(&BarChart {
                id: &id,
                title: &title,
                desc: &desc,
                series,
                missing: tr.t("dasbor.belum_ada"),
                scale,
                rows: bars,
            });
            Chart { title, svg, rows }
        })
        .collect();

    Charts {
        aspect_chart,
        aspect_charts,
        trend_chart: trend_chart(tr, d),
    }
}

fn series(tr: Tr) -> [&'static str; 3] {
    [
        tr.t("dasbor.seri_klaim"),
        tr.t("dasbor.seri_diterima"),
        tr.t("dasbor.seri_final"),
    ]
}

fn page(
    app: &App,
    tr: Tr,
    shell: Shell,
    d: &Arc<Dashboard>,
    progress: &[&OpdProgress],
    expiring: &[&padu_store::evaluation::Evidence],
) -> DashboardPage {
    let inst = &*d.instrument;
    let sep = separator(tr.lang);
    let show = |e: Exact| inst.display(e, sep);
    let cards = score_cards(tr, d);

    // domains, each followed by its aspects (or the aspects alone)
    let weight = |w: padu_core::Weight| format!("{} %", w.format(0, sep));
    let mut groups = Vec::new();
    let aspect_row = |i: usize| GroupRow {
        domain: false,
        name: inst.aspects[i].name.clone(),
        weight: weight(inst.aspects[i].weight),
        values: d.scores.each_ref().map(|s| show(s.score.aspects[i])),
    };
    if inst.has_domains() {
        for (di, domain) in inst.domains.iter().enumerate() {
            groups.push(GroupRow {
                domain: true,
                name: domain.name.clone(),
                weight: weight(domain.weight),
                values: d.scores.each_ref().map(|s| show(s.score.domains[di])),
            });
            for (ai, _) in inst.aspects_of_domain(di) {
                groups.push(aspect_row(ai));
            }
        }
    } else {
        groups.extend((0..inst.aspects.len()).map(aspect_row));
    }

    let series = series(tr);
    let period_id = d.period.id;
    let charts = app.part::<ChartCache>().0.get_or_make(
        d,
        tr.lang,
        (),
        |old| old.period.id == period_id,
        || charts(tr, d),
    );

    let stage_rows = [
        (Stage::Mandiri, &d.period.stages.mandiri),
        (Stage::Dokumen, &d.period.stages.dokumen),
        (Stage::Interviu, &d.period.stages.interviu),
        (Stage::Visitasi, &d.period.stages.visitasi),
    ]
    .into_iter()
    .map(|(stage, range)| StageRow {
        label: stage_label(tr, stage),
        dates: match (&range.start, &range.end) {
            (None, None) => None,
            (start, end) => Some(format!(
                "{} – {}",
                start
                    .as_deref()
                    .map_or_else(|| "…".into(), |s| date_text(s, tr.lang)),
                end.as_deref()
                    .map_or_else(|| "…".into(), |s| date_text(s, tr.lang))
            )),
        },
    })
    .collect();

    let overdue_note = d
        .period
        .stages
        .mandiri
        .end
        .as_deref()
        .filter(|_| progress.iter().any(|p| p.overdue > 0))
        .map(|end| {
            tr.t("dasbor.terlambat_ket")
                .replace("{tanggal}", &date_text(end, tr.lang))
        });
    let progress = progress
        .iter()
        .map(|p| ProgressRow {
            name: p.name.clone(),
            draft: p.draft,
            submitted: p.submitted,
            returned: p.returned,
            accepted: p.accepted,
            overdue: (p.overdue > 0).then(|| {
                tr.t("dasbor.terlambat_tag")
                    .replace("{n}", &number(p.overdue, tr.lang))
            }),
        })
        .collect();
    let to_review = d
        .to_review
        .iter()
        .map(|n| {
            let pi = d.indicators.iter().find(|pi| pi.number == *n);
            ReviewRow {
                number: *n,
                name: inst
                    .indicator(*n)
                    .map(|i| i.name.clone())
                    .unwrap_or_default(),
                lead: pi
                    .and_then(|pi| pi.lead_opd)
                    .and_then(|o| d.opd_names.get(&o).cloned()),
            }
        })
        .collect();
    let expiring = expiring
        .iter()
        .map(|e| {
            let until = e.expiry_date.clone().unwrap_or_default();
            let days = parse_iso(&until).map(|u| (u - d.today).whole_days());
            ExpiringRow {
                name: e.name.clone(),
                until: date_text(&until, tr.lang),
                expired: days.is_some_and(|n| n < 0),
                left: match days {
                    Some(0) => tr.t("dasbor.hari_ini").to_string(),
                    Some(n) if n > 0 => tr.t("dasbor.hari_lagi").replace("{n}", &n.to_string()),
                    _ => String::new(),
                },
            }
        })
        .collect();

    let trend: Vec<TrendRow> = d
        .trend
        .iter()
        .map(|p| TrendRow {
            period: period_name(tr, p.kind, p.year),
            instrument: p.instrument.short_name.clone(),
            index: p.instrument.display(p.index, sep),
            basis: if p.all_final {
                tr.t("dasbor.dasar_final")
            } else {
                tr.t("dasbor.dasar_campuran")
            },
            current: p.current,
        })
        .collect();
    DashboardPage {
        tr,
        shell,
        period_id: d.period.id,
        instansi_id: d.instansi.id,
        instansi_name: d.instansi.name.clone(),
        name: period_name(tr, d.period.kind, d.period.year),
        instrument: format!("{} ({})", inst.name, inst.short_name),
        closed: d.period.closed,
        cards,
        no_target: d.period.target.is_none(),
        floor_note: tr
            .t("dasbor.dasar_catatan")
            .replace("{min}", &inst.values.format(inst.values.min, sep)),
        has_domains: inst.has_domains(),
        groups,
        stages: stage_rows,
        deadlines: d.deadlines.iter().map(|x| deadline_text(tr, x)).collect(),
        progress,
        overdue_note,
        unassigned: (d.unassigned > 0).then(|| {
            tr.t("dasbor.belum_ditugaskan")
                .replace("{n}", &number(d.unassigned, tr.lang))
        }),
        to_review,
        expiring,
        expiring_intro: tr
            .t("dasbor.bukti_pengantar")
            .replace("{n}", &EXPIRY_DAYS.to_string()),
        expiring_none: tr
            .t("dasbor.bukti_kosong")
            .replace("{n}", &EXPIRY_DAYS.to_string()),
        trend,
        charts,
        series,
        plan: super::plan_section::plan_section(tr, d),
        may_manage: false,
        recommendations: d
            .recommendations
            .iter()
            .map(|r| RecommendationNote {
                year: r.year,
                indicator: r.period_id.zip(r.indicator),
                text: r.text.clone(),
                author: r.author_name.clone(),
            })
            .collect(),
    }
}

/// The three index cards (self-assessed, accepted, final) against the target (the Beranda
/// shows them too).
pub(crate) fn score_cards(tr: Tr, d: &Dashboard) -> Vec<ScoreCard> {
    let inst = &*d.instrument;
    let sep = separator(tr.lang);
    let show = |e: Exact| inst.display(e, sep);
    let total = inst.indicators.len();
    d.scores
        .iter()
        .map(|s| ScoreCard {
            title: match s.basis {
                Basis::Self_ => tr.t("dasbor.judul_klaim"),
                Basis::Accepted => tr.t("dasbor.judul_diterima"),
                Basis::Final => tr.t("dasbor.judul_final"),
            },
            index: show(s.score.index),
            predikat: inst.predikat_of(s.score.index).to_string(),
            target: d
                .period
                .target
                .map(|t| target_text(tr, inst, s.against(t), t)),
            valued: tr
                .t("dasbor.bernilai")
                .replace("{n}", &number(s.valued, tr.lang))
                .replace("{total}", &number(total, tr.lang)),
            gap: (s.basis == Basis::Final && s.valued > 0).then(|| {
                let own = d.scores[0].score.index;
                let fin = s.score.index;
                let text = if fin >= own {
                    format!("+{}", show(fin.saturating_sub(own)))
                } else {
                    format!("\u{2212}{}", show(own.saturating_sub(fin)))
                };
                tr.t("dasbor.selisih_mandiri").replace("{selisih}", &text)
            }),
        })
        .collect()
}

/// The line chart of the index across the instansi's periods, with the target (none before
/// a second period; the Beranda shows it too).
pub(crate) fn trend_chart(tr: Tr, d: &Dashboard) -> Option<String> {
    let inst = &*d.instrument;
    let sep = separator(tr.lang);
    let show = |e: Exact| inst.display(e, sep);
    let scale = Scale::of(inst);
    let trend_scale = Scale {
        min: d
            .trend
            .iter()
            .map(|p| Scale::of(&p.instrument).min)
            .min()
            .unwrap_or(scale.min),
        max: d
            .trend
            .iter()
            .map(|p| Scale::of(&p.instrument).max)
            .max()
            .unwrap_or(scale.max),
    };
    (!d.trend.is_empty()).then(|| {
        dashboard::line_chart(&LineChart {
            id: "grafik-tren",
            title: tr.t("dasbor.tren_judul"),
            desc: &tr
                .t("dasbor.tren_ket")
                .replace("{n}", &d.trend.len().to_string()),
            scale: trend_scale,
            points: d
                .trend
                .iter()
                .map(|p| LinePoint {
                    label: [p.year.to_string(), kind_label(tr, p.kind).to_string()],
                    value: p.index.to_f64(),
                    text: p.instrument.display(p.index, sep),
                    current: p.current,
                })
                .collect(),
            target: d.period.target.map(|t| {
                (
                    t.to_f64(),
                    tr.t("dasbor.target_garis")
                        .replace("{target}", &show(t.exact())),
                )
            }),
        })
    })
}

/// "kurang 0,35 dari target 2,60", and whether the target is reached.
fn target_text(tr: Tr, inst: &Instrument, against: AgainstTarget, target: Value) -> (String, bool) {
    let sep = separator(tr.lang);
    let target_shown = inst.display(target.exact(), sep);
    let (template, diff, reached) = match against {
        AgainstTarget::Below(d) => (tr.t("dasbor.kurang"), Some(d), false),
        AgainstTarget::Reached => (tr.t("dasbor.tepat"), None, true),
        AgainstTarget::Above(d) => (tr.t("dasbor.lebih"), Some(d), true),
    };
    let text = template.replace("{target}", &target_shown).replace(
        "{selisih}",
        &diff.map(|d| inst.display(d, sep)).unwrap_or_default(),
    );
    (text, reached)
}
