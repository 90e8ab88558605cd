//! The overview page: `/instansi/{id}/ikhtisar?tahun=2026` (a province's kabupaten/kota, or the
//! country's provinces with theirs), also the Beranda of `admin_provinsi` and `superadmin`.

use std::cmp::Ordering;
use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use padu_app::App;
use padu_app::evaluation::Basis;
use padu_app::kit::i18n::Tr;
use padu_app::pembinaan::overview::{self, Member, Overview};
use padu_core::access::{Action, InstansiKind};
use padu_core::{Exact, Instrument};
use padu_reports::charts::{CountBar, CountChart, count_chart};
use padu_reports::format::signed;
use serde::Deserialize;

use crate::evaluation::indicator::decimal_separator;
use crate::kit::fragments::Fragments;
use crate::kit::layout::{Ctx, Failure, OrPage, Shell, parse_id, render};
use crate::org::home::kind_label;

#[derive(Debug, Default, Deserialize)]
pub struct YearQuery {
    #[serde(default)]
    pub tahun: String,
}

impl YearQuery {
    pub fn year(&self) -> Option<i32> {
        self.tahun.trim().parse().ok()
    }
}

/// One member as a table row.
pub struct MemberRow {
    pub id: i64,
    pub name: String,
    pub kind: &'static str,
    /// A province heading its members (national overview).
    pub heads_group: bool,
    /// A kabupaten/kota under its province (national overview).
    pub nested: bool,
    pub period_href: Option<String>,
    pub index: String,
    pub basis: &'static str,
    pub basis_code: &'static str,
    pub predikat: String,
    pub change: String,
    /// `naik`, `turun` or empty.
    pub change_class: &'static str,
    pub target: String,
    pub gap: String,
    pub below_target: bool,
    pub progress: String,
    /// Share of indicators handed in, 0-100.
    pub progress_pct: u32,
    pub late_opd: usize,
    pub may_recommend: bool,
}

pub struct DistributionRow {
    pub predikat: String,
    pub count: usize,
}

/// The aspect-by-instansi table of one instrument.
pub struct AspectTable {
    pub instrument: String,
    pub aspects: Vec<String>,
    pub rows: Vec<AspectRow>,
    /// Per aspect: the average over the rows, as text, with its level class.
    pub averages: Vec<(String, u32)>,
}

pub struct AspectRow {
    pub name: String,
    /// Each aspect's index as text with its level (1-5) for the colour.
    pub cells: Vec<(String, u32)>,
}

#[derive(Template)]
#[template(path = "pembinaan/templates/ikhtisar.html")]
pub struct OverviewPage {
    pub tr: Tr,
    pub shell: Shell,
    /// On the Beranda: the greeting above the overview.
    pub greeting: Option<String>,
    /// The server typesets PDFs (the download link shows); set by the handler.
    pub pdf_available: bool,
    /// Everything else: the same for every caller with the same language and the same members
    /// to coach, so kept while the overview stays the same.
    pub b: Arc<OverviewBody>,
}

pub struct OverviewBody {
    pub id: i64,
    pub name: String,
    pub national: bool,
    pub year: i32,
    pub years: Vec<(i32, bool)>,
    pub rows: Vec<MemberRow>,
    pub evaluated: usize,
    pub distribution: Vec<DistributionRow>,
    pub distribution_chart: String,
    pub distribution_instrument: String,
    pub aspects: Vec<AspectTable>,
    pub ranking_href: String,
}

/// Bodies made lately. An overview of 38 kabupaten/kota shows some 350 values with their
/// aspects; while the overview is the one the application layer keeps (the same `Arc`), its
/// body is made once per language and set of members the caller may coach.
struct BodyCache(Fragments<Overview, Vec<bool>, OverviewBody>);

impl Default for BodyCache {
    fn default() -> Self {
        BodyCache(Fragments::new(32))
    }
}

pub fn basis_label(tr: Tr, basis: Basis) -> &'static str {
    match basis {
        Basis::Self_ => tr.t("ikhtisar.dasar_mandiri"),
        Basis::Accepted => tr.t("ikhtisar.dasar_diterima"),
        Basis::Final => tr.t("ikhtisar.dasar_final"),
    }
}

pub fn basis_code(basis: Basis) -> &'static str {
    crate::pembinaan::api::basis_code(basis)
}

/// A non-negative value in ten-thousandths.
fn fixed(v: f64) -> u128 {
    // the values are indices between 0 and 5: no overflow, no sign
    (v * 10_000.0).round().clamp(0.0, 1e12) as u128
}

fn level_of(value: Exact) -> u32 {
    u32::try_from(value.to_f64().floor().clamp(0.0, 5.0) as i64).unwrap_or(0)
}

fn row(tr: Tr, o: &Overview, m: &Member, may_recommend: bool) -> MemberRow {
    let sep = decimal_separator(tr.lang);
    let dash = "—".to_string();
    let (index, basis, basis_code_, predikat) = match (&m.score, &m.instrument) {
        (Some(s), Some(i)) => (
            i.display(s.index, sep),
            basis_label(tr, s.basis),
            basis_code(s.basis),
            i.predikat_of(s.index).to_string(),
        ),
        _ => (dash.clone(), "", "", String::new()),
    };
    let (mut change, mut change_class) = (dash.clone(), "");
    if let (Some(s), Some(p), Some(i)) = (&m.score, m.previous, &m.instrument) {
        let (text, order) = signed(i, s.index, p, sep);
        change = text;
        change_class = match order {
            Ordering::Greater => "naik",
            Ordering::Less => "turun",
            Ordering::Equal => "",
        };
    }
    let target = m.period.as_ref().and_then(|p| p.target);
    let (mut gap, mut below_target) = (dash.clone(), false);
    if let (Some(s), Some(t), Some(i)) = (&m.score, target, &m.instrument) {
        let (text, order) = signed(i, s.index, t.exact(), sep);
        gap = text;
        below_target = order == Ordering::Less;
    }
    let p = m.progress;
    let progress = if p.indicators == 0 {
        dash.clone()
    } else {
        tr.t("ikhtisar.kemajuan_isi")
            .replace("{diserahkan}", &p.submitted.to_string())
            .replace("{jumlah}", &p.indicators.to_string())
            .replace("{diterima}", &p.accepted.to_string())
            .replace("{final}", &p.final_.to_string())
    };
    let progress_pct = (p.submitted * 100)
        .checked_div(p.indicators)
        .map_or(0, |pct| u32::try_from(pct).unwrap_or(100));
    let national = o.instansi.kind == InstansiKind::Nasional;
    MemberRow {
        id: m.instansi.id,
        name: m.instansi.name.clone(),
        kind: kind_label(tr, m.instansi.kind),
        heads_group: national && m.parent.is_none(),
        nested: national && m.parent.is_some(),
        period_href: m.period.as_ref().map(|p| format!("/periode/{}", p.id)),
        index,
        basis,
        basis_code: basis_code_,
        predikat,
        change,
        change_class,
        target: match (target, &m.instrument) {
            (Some(t), Some(i)) => i.display(t.exact(), sep),
            _ => dash,
        },
        gap,
        below_target,
        progress,
        progress_pct,
        late_opd: m.late_opd,
        may_recommend,
    }
}

fn aspect_table(tr: Tr, o: &Overview, instrument: &Instrument) -> AspectTable {
    let sep = decimal_separator(tr.lang);
    let members: Vec<&Member> = o
        .members
        .iter()
        .filter(|m| m.instrument.as_ref().is_some_and(|i| i.id == instrument.id))
        .filter(|m| m.score.is_some())
        .collect();
    let rows = members
        .iter()
        .filter_map(|m| {
            let s = m.score.as_ref()?;
            Some(AspectRow {
                name: m.instansi.name.clone(),
                cells: s
                    .aspects
                    .iter()
                    .map(|a| (instrument.display(*a, sep), level_of(*a)))
                    .collect(),
            })
        })
        .collect();
    let averages = (0..instrument.aspects.len())
        .map(|i| {
            let values: Vec<f64> = members
                .iter()
                .filter_map(|m| m.score.as_ref()?.aspects.get(i).map(|a| a.to_f64()))
                .collect();
            if values.is_empty() {
                return ("—".to_string(), 0);
            }
            let mean = values.iter().sum::<f64>() / values.len() as f64;
            let exact = Exact::new(fixed(mean), 10_000);
            (instrument.display(exact, sep), level_of(exact))
        })
        .collect();
    AspectTable {
        instrument: instrument.short_name.clone(),
        aspects: instrument.aspects.iter().map(|a| a.name.clone()).collect(),
        rows,
        averages,
    }
}

/// Horizontal bars, one per predikat band, with the count at the end (the chart of the PDF).
fn distribution_chart(tr: Tr, instrument: &str, rows: &[DistributionRow]) -> String {
    count_chart(&CountChart {
        id: "grafik-sebaran",
        title: tr.t("ikhtisar.sebaran_judul"),
        desc: &format!("{} {instrument}", tr.t("ikhtisar.sebaran_ket")),
        bars: rows
            .iter()
            .map(|r| CountBar {
                label: r.predikat.clone(),
                count: r.count,
            })
            .collect(),
    })
}

/// The page for an overview already loaded (the Beranda uses it too).
pub fn page(
    app: &App,
    tr: Tr,
    shell: Shell,
    o: &Arc<Overview>,
    may_recommend: impl Fn(&Member) -> bool,
) -> OverviewPage {
    let mask: Vec<bool> = o.members.iter().map(may_recommend).collect();
    let replaces = |old: &Overview| old.instansi.id == o.instansi.id && old.year == o.year;
    let b = app
        .part::<BodyCache>()
        .0
        .get_or_make(o, tr.lang, mask.clone(), replaces, || body(tr, o, &mask));
    OverviewPage {
        tr,
        shell,
        greeting: None,
        pdf_available: false,
        b,
    }
}

fn body(tr: Tr, o: &Overview, may_recommend: &[bool]) -> OverviewBody {
    let instruments = o.instruments();
    let (distribution, distribution_instrument) = match instruments.first() {
        Some(i) => {
            let counts = o.distribution(i);
            let rows = counts
                .into_iter()
                .map(|(predikat, count)| DistributionRow { predikat, count })
                .collect();
            (rows, i.short_name.clone())
        }
        None => (Vec::new(), String::new()),
    };
    let national = o.instansi.kind == InstansiKind::Nasional;
    OverviewBody {
        id: o.instansi.id,
        name: o.instansi.name.clone(),
        national,
        year: o.year,
        years: o.years.iter().map(|y| (*y, *y == o.year)).collect(),
        rows: o
            .members
            .iter()
            .zip(may_recommend)
            .map(|(m, may)| row(tr, o, m, *may))
            .collect(),
        evaluated: o.members.iter().filter(|m| m.score.is_some()).count(),
        distribution_chart: distribution_chart(tr, &distribution_instrument, &distribution),
        distribution,
        distribution_instrument,
        aspects: instruments.iter().map(|i| aspect_table(tr, o, i)).collect(),
        ranking_href: if national {
            format!("/peringkat?tahun={}", o.year)
        } else {
            format!("/instansi/{}/peringkat?tahun={}", o.instansi.id, o.year)
        },
    }
}

/// `GET /instansi/{id}/ikhtisar?tahun=2026`
pub async fn show(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<YearQuery>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Instansi").or_page(ctx.lang)?;
    let o = overview::load(&state, &ctx.caller, id, q.year())
        .await
        .or_page(ctx.lang)?;
    let shell = Shell::load(&state, &ctx, crate::pembinaan::OVERVIEW, None)
        .await
        .or_page(ctx.lang)?;
    let actor = ctx.caller.actor();
    let mut page = page(&state, ctx.tr, shell, &o, |m| {
        padu_core::access::allows(&actor, Action::Recommend, &m.instansi.target())
    });
    page.pdf_available = state.pdf().is_some();
    Ok(render(StatusCode::OK, &page))
}
