//! The pages: an instansi's roadmaps (`/instansi/{id}/peta-rencana`, with the form that drafts
//! one) and a roadmap (`/peta-rencana/{id}`: its data, the budget per year, the timeline, the
//! items per OPD and the form that adds one); an item's page is `item_page`.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use padu_app::kit::format::{date_text, number};
use padu_app::kit::i18n::{Lang, Tr};
use padu_app::peta_rencana::ROADMAP;
use padu_app::peta_rencana::items::{self, ItemInput};
use padu_app::peta_rencana::roadmaps::{self, RoadmapInput};
use padu_app::{Acting, App, AppError};
use padu_core::access::Action;
use padu_core::peta_rencana::{ItemStatus, budget_per_year};
use padu_store::Instansi;
use padu_store::peta_rencana::{Roadmap, RoadmapItem};

use crate::kit::form::FormErrors;
use crate::kit::layout::{Ctx, Failure, OrPage, Pesan, Shell, parse_id, render, see_other};
use padu_app::peta_rencana::document;
use padu_reports::roadmap::timeline::{self, Bar};
use serde::Deserialize;

pub(crate) type Fields = Vec<(String, String)>;

pub(crate) fn value<'a>(form: &'a Fields, key: &str) -> &'a str {
    form.iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .unwrap_or_default()
}

pub(crate) fn year_of(form: &Fields, key: &str) -> Option<i32> {
    let v = value(form, key).trim();
    if v.is_empty() { None } else { v.parse().ok() }
}

/// Rupiah as the user reads it: "Rp 150.000.000".
pub fn rupiah(v: i64, lang: Lang) -> String {
    format!("Rp {}", number(usize::try_from(v).unwrap_or(0), lang))
}

pub(crate) fn status_tag(s: ItemStatus) -> &'static str {
    match s {
        ItemStatus::BelumMulai => "tag--grey",
        ItemStatus::Berjalan => "tag--blue",
        ItemStatus::Selesai => "tag--green",
        ItemStatus::Tertunda => "tag--yellow",
        ItemStatus::Batal => "tag--red",
    }
}

pub(crate) fn status_label(tr: Tr, s: ItemStatus) -> &'static str {
    tr.t(&format!("peta_rencana.status_item.{}", s.code()))
}

fn roadmap_status(tr: Tr, r: &Roadmap) -> &'static str {
    tr.t(&format!("peta_rencana.status.{}", r.status.code()))
}

pub(crate) async fn instansi_of(state: &App, ctx: &Ctx, id: i64) -> Result<Instansi, Failure> {
    padu_app::org::instansi_for(state, &ctx.caller, id, Action::ViewRoadmap)
        .await
        .or_page(ctx.lang)
}

pub struct RoadmapRow {
    pub href: String,
    pub title: String,
    pub span: String,
    pub version: i32,
    pub status: &'static str,
    pub decree: String,
}

#[derive(Template)]
#[template(path = "peta_rencana/templates/daftar.html")]
struct ListPage {
    tr: Tr,
    shell: Shell,
    errors: FormErrors,
    instansi_id: i64,
    instansi_name: String,
    rows: Vec<RoadmapRow>,
    may_edit: bool,
    title: String,
    start_year: String,
    end_year: String,
}

async fn list_page(
    state: &App,
    ctx: &Ctx,
    id: i64,
    pesan: Option<&str>,
    status: StatusCode,
    errors: FormErrors,
    typed: &Fields,
) -> Result<Response, Failure> {
    let tr = ctx.tr;
    let inst = instansi_of(state, ctx, id).await?;
    let list = roadmaps::list(state, &ctx.caller, id)
        .await
        .or_page(ctx.lang)?;
    let rows = list
        .iter()
        .map(|r| RoadmapRow {
            href: format!("/peta-rencana/{}", r.id),
            title: r.title.clone(),
            span: format!("{}-{}", r.start_year, r.end_year),
            version: r.version,
            status: roadmap_status(tr, r),
            decree: decree_text(r, ctx.lang),
        })
        .collect();
    let shell = Shell::load(state, ctx, super::SECTION, pesan)
        .await
        .or_page(ctx.lang)?;
    let page = ListPage {
        tr,
        shell,
        errors,
        instansi_id: inst.id,
        rows,
        may_edit: ctx.caller.may(Action::EditRoadmap, &inst.target()),
        title: value(typed, "title").to_string(),
        start_year: value(typed, "start_year").to_string(),
        end_year: value(typed, "end_year").to_string(),
        instansi_name: inst.name,
    };
    Ok(render(status, &page))
}

fn decree_text(r: &Roadmap, lang: Lang) -> String {
    match (&r.decree_number, &r.decree_date) {
        (Some(n), Some(d)) => format!("{n}, {}", date_text(d, lang)),
        _ => String::new(),
    }
}

/// `GET /instansi/{id}/peta-rencana`
pub async fn list(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(p): Query<Pesan>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Instansi").or_page(ctx.lang)?;
    list_page(
        &state,
        &ctx,
        id,
        p.pesan.as_deref(),
        StatusCode::OK,
        FormErrors::default(),
        &Vec::new(),
    )
    .await
}

/// `POST /instansi/{id}/peta-rencana`
pub async fn create(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(form): Form<Fields>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Instansi").or_page(ctx.lang)?;
    let mut errors = FormErrors::default();
    let start = year_of(&form, "start_year");
    let end = year_of(&form, "end_year");
    for (key, y) in [("start_year", start), ("end_year", end)] {
        if y.is_none() && !value(&form, key).trim().is_empty() {
            errors.push(key, ctx.tr.t("peta_rencana.tahun_salah"));
        }
    }
    let result = if errors.is_empty() {
        let input = RoadmapInput {
            title: Some(value(&form, "title").to_string()),
            start_year: start,
            end_year: end,
            basis: Some(
                form.iter()
                    .filter(|(k, _)| k == "basis")
                    .map(|(_, v)| v.clone())
                    .collect(),
            ),
            report_days: None,
        };
        roadmaps::create(&state, &ctx.caller, id, &input).await
    } else {
        Err(AppError::Invalid(Vec::new()))
    };
    match result {
        Ok(r) => Ok(see_other(&format!(
            "/peta-rencana/{}?pesan=peta-rencana-dibuat",
            r.id
        ))),
        Err(err) => match FormErrors::from_error(&err, "title") {
            Some((status, more)) => {
                errors.items.extend(more.items);
                list_page(&state, &ctx, id, None, status, errors, &form).await
            }
            None => Err(Failure(err, ctx.lang)),
        },
    }
}

pub struct ItemRow {
    pub href: String,
    pub title: String,
    pub years: String,
    pub budget: Vec<String>,
    pub total: String,
    pub status: &'static str,
    pub status_tag: &'static str,
    pub latest: String,
}

pub struct OpdGroup {
    pub name: String,
    pub items: Vec<ItemRow>,
    pub total: String,
}

pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "peta_rencana/templates/rencana.html")]
struct RoadmapPage {
    tr: Tr,
    shell: Shell,
    errors: FormErrors,
    id: i64,
    instansi_id: i64,
    instansi_name: String,
    title: String,
    span: String,
    version: i32,
    status: &'static str,
    decree: String,
    review: String,
    basis: Vec<&'static str>,
    previous: Option<i64>,
    years: Vec<i32>,
    year_totals: Vec<String>,
    grand_total: String,
    groups: Vec<OpdGroup>,
    timeline: String,
    /// The timeline drawn per indicator instead of per OPD.
    by_indicator: bool,
    /// The budget per year and OPD: name, a cell per year, the total.
    budget_rows: Vec<(String, Vec<String>, String)>,
    pdf_available: bool,
    item_count: usize,
    may_add: bool,
    opds: Vec<Choice>,
    typed_title: String,
    iku: super::iku_page::IkuView,
    report_days: i32,
    /// The forms that enact (a draft) or review (an enacted roadmap), for who may edit it.
    may_enact: bool,
    may_review: bool,
    typed: Fields,
}

impl RoadmapPage {
    /// What was typed in one of the page's forms.
    fn typed(&self, key: &str) -> &str {
        value(&self.typed, key)
    }
}

pub(crate) fn years_text(years: &[i32]) -> String {
    match (years.first(), years.last()) {
        (Some(a), Some(b))
            if years.len() > 1 && i32::try_from(years.len()).ok() == Some(b - a + 1) =>
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

pub(crate) async fn roadmap_page(
    state: &App,
    ctx: &Ctx,
    id: i64,
    pesan: Option<&str>,
    status: StatusCode,
    errors: FormErrors,
    typed: &Fields,
) -> Result<Response, Failure> {
    roadmap_page_with(state, ctx, id, pesan, status, errors, typed, false).await
}

/// The bars of the timeline per indicator: one band per indicator and level aimed at, an
/// item in each band it raises, those raising none in the last band.
fn indicator_bands(state: &App, tr: Tr, list: &[RoadmapItem]) -> Vec<(String, usize)> {
    // (no indicator last, instrument, number, level), the item
    let mut keyed: Vec<((bool, String, u16, u32), usize)> = Vec::new();
    for (k, item) in list.iter().enumerate() {
        if item.details.indicators.is_empty() {
            keyed.push(((true, String::new(), 0, 0), k));
        }
        for t in &item.details.indicators {
            let short = state
                .catalog
                .instrument(&t.instrument)
                .map(|i| i.short_name.clone())
                .unwrap_or_else(|| t.instrument.clone());
            keyed.push(((false, short, t.number, t.level), k));
        }
    }
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed
        .into_iter()
        .map(|((none, short, number, level), k)| {
            let label = if none {
                tr.t("peta_rencana.tanpa_indikator").to_string()
            } else {
                format!(
                    "{short} {} {number} → {} {level}",
                    tr.t("peta_rencana.indikator_no"),
                    tr.t("peta_rencana.tingkat"),
                )
            };
            (label, k)
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn roadmap_page_with(
    state: &App,
    ctx: &Ctx,
    id: i64,
    pesan: Option<&str>,
    status: StatusCode,
    errors: FormErrors,
    typed: &Fields,
    by_indicator: bool,
) -> Result<Response, Failure> {
    let tr = ctx.tr;
    let lang = ctx.lang;
    let roadmap = roadmaps::get(state, &ctx.caller, id).await.or_page(lang)?;
    let inst = instansi_of(state, ctx, roadmap.instansi_id).await?;
    let list = items::list(state, &ctx.caller, id).await.or_page(lang)?;
    let opds = state
        .store
        .opds_of(inst.id)
        .await
        .map_err(|e| Failure(e.into(), lang))?;
    let opd_name = |o: i64| {
        opds.iter()
            .find(|x| x.id == o)
            .map(|x| x.name.clone())
            .unwrap_or_default()
    };
    let years: Vec<i32> = roadmap.span().collect();
    let per_year = budget_per_year(roadmap.span(), list.iter().map(|i| &i.details));
    let mut groups: Vec<OpdGroup> = Vec::new();
    let mut by_opd: BTreeMap<String, Vec<&RoadmapItem>> = BTreeMap::new();
    for item in &list {
        by_opd.entry(opd_name(item.opd_id)).or_default().push(item);
    }
    let mut bars = Vec::new();
    for (name, items) in &by_opd {
        let mut total = 0i64;
        let rows = items
            .iter()
            .map(|i| {
                total = total.saturating_add(i.details.total_budget());
                ItemRow {
                    href: format!("/peta-rencana/item/{}", i.id),
                    title: i.title.clone(),
                    years: years_text(&i.details.years),
                    budget: years
                        .iter()
                        .map(|y| {
                            i.details
                                .budget
                                .get(y)
                                .map(|v| rupiah(*v, lang))
                                .unwrap_or_default()
                        })
                        .collect(),
                    total: rupiah(i.details.total_budget(), lang),
                    status: status_label(tr, i.status),
                    status_tag: status_tag(i.status),
                    latest: i
                        .details
                        .latest()
                        .map(|r| format!("{} ({} S{})", r.value, r.year, r.semester))
                        .unwrap_or_default(),
                }
            })
            .collect();
        for i in items {
            bars.push(Bar {
                group: name,
                title: &i.title,
                years: &i.details.years,
                status: i.status,
            });
        }
        groups.push(OpdGroup {
            name: name.clone(),
            items: rows,
            total: rupiah(total, lang),
        });
    }
    let bands;
    let timeline = if by_indicator {
        bands = indicator_bands(state, tr, &list);
        let bars: Vec<Bar<'_>> = bands
            .iter()
            .map(|(label, k)| Bar {
                group: label,
                title: &list[*k].title,
                years: &list[*k].details.years,
                status: list[*k].status,
            })
            .collect();
        timeline::svg(
            tr.t("peta_rencana.linimasa_indikator_judul"),
            roadmap.span(),
            &bars,
        )
    } else {
        timeline::svg(tr.t("peta_rencana.linimasa"), roadmap.span(), &bars)
    };
    let budget = document::budget_table(roadmap.clone(), &list, opd_name);
    let budget_rows = budget
        .rows
        .iter()
        .map(|r| {
            (
                r.opd.clone(),
                r.per_year.values().map(|v| rupiah(*v, lang)).collect(),
                rupiah(r.total, lang),
            )
        })
        .collect();
    let grand: i64 = per_year.values().fold(0, |s, v| s.saturating_add(*v));
    let mut iku = super::iku_page::load(state, ctx, &inst, &roadmap).await?;
    for row in &mut iku.rows {
        if let Some((_, v)) = typed
            .iter()
            .find(|(k, _)| *k == format!("iku_{}", row.year))
        {
            row.typed = v.clone();
        }
    }
    let shell = Shell::load(state, ctx, super::SECTION, pesan)
        .await
        .or_page(lang)?;
    let may_edit = ctx.caller.may(Action::EditRoadmap, &inst.target());
    let may_add = roadmap.status.content_editable() && may_edit;
    let page = RoadmapPage {
        tr,
        shell,
        errors,
        id: roadmap.id,
        instansi_id: inst.id,
        instansi_name: inst.name.clone(),
        title: roadmap.title.clone(),
        span: format!("{}-{}", roadmap.start_year, roadmap.end_year),
        version: roadmap.version,
        status: roadmap_status(tr, &roadmap),
        decree: decree_text(&roadmap, lang),
        review: roadmap
            .review_kind
            .map(|k| {
                tr.t(&format!("peta_rencana.reviu.{}", k.code()))
                    .to_string()
            })
            .unwrap_or_default(),
        basis: roadmap
            .basis
            .iter()
            .map(|b| tr.t(&format!("peta_rencana.dasar.{}", b.code())))
            .collect(),
        previous: roadmap.previous_id,
        year_totals: per_year.values().map(|v| rupiah(*v, lang)).collect(),
        grand_total: rupiah(grand, lang),
        years,
        groups,
        timeline,
        by_indicator,
        budget_rows,
        pdf_available: state.pdf().is_some(),
        item_count: list.len(),
        may_add,
        opds: opds
            .iter()
            .filter(|o| o.active)
            .map(|o| Choice {
                value: o.id.to_string(),
                label: o.name.clone(),
            })
            .collect(),
        typed_title: value(typed, "title").to_string(),
        iku,
        report_days: roadmap.report_days,
        may_enact: may_edit && roadmap.status.may_enact(),
        may_review: may_edit && roadmap.status.may_review(),
        typed: typed.clone(),
    };
    Ok(render(status, &page))
}

/// The roadmap page's query: the message to show and how the timeline is drawn
/// (`linimasa=indikator`, else per OPD).
#[derive(Debug, Default, Deserialize)]
pub struct ShowQuery {
    pub pesan: Option<String>,
    pub linimasa: Option<String>,
}

/// `GET /peta-rencana/{id}`
pub async fn show(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, ROADMAP).or_page(ctx.lang)?;
    roadmap_page_with(
        &state,
        &ctx,
        id,
        q.pesan.as_deref(),
        StatusCode::OK,
        FormErrors::default(),
        &Vec::new(),
        q.linimasa.as_deref() == Some("indikator"),
    )
    .await
}

/// `GET /peta-rencana/{id}/dokumen.pdf`: the formal document, as the API's.
pub async fn document(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, ROADMAP).or_page(ctx.lang)?;
    let doc = document::document_pdf(&state, &ctx.caller, id)
        .await
        .or_page(ctx.lang)?;
    Ok(crate::reports::api::attachment(doc))
}

/// `POST /peta-rencana/{id}/item`: the title, the OPD, the years ticked, a target and a
/// budget per year (`target_2026`, `budget_2026`).
pub async fn add_item(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(form): Form<Fields>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, ROADMAP).or_page(ctx.lang)?;
    let mut errors = FormErrors::default();
    let years: Vec<i32> = form
        .iter()
        .filter(|(k, _)| k == "years")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let mut targets = BTreeMap::new();
    let mut budget = BTreeMap::new();
    for (k, v) in &form {
        if let Some(y) = k
            .strip_prefix("target_")
            .and_then(|y| y.parse::<i32>().ok())
        {
            if !v.trim().is_empty() {
                targets.insert(y, v.clone());
            }
        } else if let Some(y) = k
            .strip_prefix("budget_")
            .and_then(|y| y.parse::<i32>().ok())
        {
            let digits: String = v.chars().filter(|c| !matches!(c, '.' | ' ')).collect();
            if digits.is_empty() {
                continue;
            }
            match digits.parse::<i64>() {
                Ok(n) => {
                    budget.insert(y, n);
                }
                Err(_) => errors.push(
                    &format!("budget_{y}"),
                    ctx.tr.t("peta_rencana.anggaran_salah"),
                ),
            }
        }
    }
    let text = |k: &str| Some(value(&form, k).to_string()).filter(|v| !v.trim().is_empty());
    let input = ItemInput {
        title: Some(value(&form, "title").to_string()).filter(|v| !v.trim().is_empty()),
        opd: value(&form, "opd").parse().ok(),
        years: Some(years).filter(|y| !y.is_empty()),
        targets: Some(targets),
        budget: Some(budget),
        need: text("need"),
        initiative: text("initiative"),
        program_code: text("program_code"),
        ..Default::default()
    };
    let result = if errors.is_empty() {
        items::create(&state, &ctx.caller, id, &input).await
    } else {
        Err(AppError::Invalid(Vec::new()))
    };
    match result {
        Ok(_) => Ok(see_other(&format!(
            "/peta-rencana/{id}?pesan=peta-rencana-item"
        ))),
        Err(err) => match FormErrors::from_error(&err, "title") {
            Some((status, more)) => {
                errors.items.extend(more.items);
                roadmap_page(&state, &ctx, id, None, status, errors, &form).await
            }
            None => Err(Failure(err, ctx.lang)),
        },
    }
}
