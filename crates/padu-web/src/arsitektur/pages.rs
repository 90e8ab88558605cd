//! The architecture of an instansi, per domain (`/instansi/{id}/arsitektur`, with filters by
//! OPD, year, as-is/to-be and status), and its gaps (`/instansi/{id}/arsitektur/kesenjangan`:
//! per OPD and for the instansi, counts per domain as-is and to-be).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use padu_app::App;
use padu_app::arsitektur::analysis::{self, Scope};
use padu_app::arsitektur::items::{self, ListQuery};
use padu_app::kit::i18n::Tr;
use padu_core::access::{Action, Target, allows};
use padu_core::arsitektur::{Counts, Domain, State as ItemState, Status};
use serde::Deserialize;

use crate::kit::layout::{Ctx, Failure, OrPage, Pesan, Shell, parse_id, render};

/// The locale key of a domain's name.
pub fn domain_key(d: Domain) -> String {
    format!("arsitektur.domain.{}", d.code())
}

pub fn domain_label(tr: Tr, d: Domain) -> &'static str {
    tr.t(&domain_key(d))
}

pub fn state_label(tr: Tr, s: ItemState) -> &'static str {
    tr.t(&format!("arsitektur.keadaan.{}", s.code()))
}

pub fn status_label(tr: Tr, s: Status) -> &'static str {
    tr.t(&format!("arsitektur.status.{}", s.code()))
}

/// The tag colour of a status.
pub fn status_tag(s: Status) -> &'static str {
    match s {
        Status::Draft => "tag--grey",
        Status::Submitted => "tag--blue",
        Status::Verified => "tag--green",
        Status::Returned => "tag--red",
    }
}

pub fn missing_label(tr: Tr, code: &str) -> &'static str {
    tr.t(&format!("arsitektur.kurang.{code}"))
}

/// A choice in a filter or a select.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// The filters as typed in the query string (empty: all).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Filters {
    domain: String,
    opd: String,
    year: String,
    state: String,
    status: String,
    pesan: Option<String>,
}

pub struct Row {
    pub href: String,
    pub name: String,
    pub opd: String,
    pub year: i32,
    pub reference: String,
    pub state: &'static str,
    pub status: &'static str,
    pub status_tag: &'static str,
    pub links: usize,
}

pub struct DomainTab {
    pub href: String,
    pub label: &'static str,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "arsitektur/templates/daftar.html")]
struct ListPage {
    tr: Tr,
    shell: Shell,
    instansi_id: i64,
    instansi_name: String,
    portal_href: String,
    tabs: Vec<DomainTab>,
    domain: String,
    opds: Vec<Choice>,
    years: Vec<Choice>,
    states: Vec<Choice>,
    statuses: Vec<Choice>,
    rows: Vec<Row>,
    may_add: bool,
    add_href: String,
}

fn choices(all: Vec<(String, String)>, current: &str) -> Vec<Choice> {
    all.into_iter()
        .map(|(value, label)| Choice {
            selected: value == current,
            value,
            label,
        })
        .collect()
}

/// Whether the caller enters items in some OPD of the instansi.
pub async fn may_add(state: &App, ctx: &Ctx, inst: &padu_store::Instansi) -> bool {
    let actor = ctx.caller.actor();
    match state.store.opds_of(inst.id).await {
        Ok(opds) => opds.iter().any(|o| {
            allows(
                &actor,
                Action::EditArchitecture,
                &Target::opd(inst.id, inst.province(), o.id),
            )
        }),
        Err(_) => false,
    }
}

/// `GET /instansi/{id}/arsitektur`
pub async fn list(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(f): Query<Filters>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Instansi").or_page(ctx.lang)?;
    let tr = ctx.tr;
    let inst = padu_app::org::instansi_for(&state, &ctx.caller, id, Action::ViewArchitecture)
        .await
        .or_page(ctx.lang)?;
    let domain = Domain::from_code(&f.domain);
    let query = ListQuery {
        domain: domain.map(|d| d.code().to_string()),
        opd: f.opd.parse().ok(),
        year: f.year.parse().ok(),
        state: ItemState::from_code(&f.state).map(|s| s.code().to_string()),
        status: Status::from_code(&f.status).map(|s| s.code().to_string()),
    };
    let list = items::list(&state, &ctx.caller, id, &query)
        .await
        .or_page(ctx.lang)?;
    let opds = state
        .store
        .opds_of(inst.id)
        .await
        .map_err(|e| Failure(e.into(), ctx.lang))?;
    let opd_name = |o: i64| {
        opds.iter()
            .find(|x| x.id == o)
            .map(|x| x.name.clone())
            .unwrap_or_default()
    };
    let rows = list
        .iter()
        .map(|v| Row {
            href: format!("/arsitektur/item/{}", v.item.id),
            name: v.item.name.clone(),
            opd: opd_name(v.item.opd_id),
            year: v.item.year,
            reference: v.item.reference.clone().unwrap_or_default(),
            state: state_label(tr, v.item.state),
            status: status_label(tr, v.item.status),
            status_tag: status_tag(v.item.status),
            links: v.links.len(),
        })
        .collect();
    let mut tabs = vec![DomainTab {
        href: format!("/instansi/{id}/arsitektur"),
        label: tr.t("arsitektur.semua_domain"),
        current: domain.is_none(),
    }];
    tabs.extend(Domain::ALL.iter().map(|d| DomainTab {
        href: format!("/instansi/{id}/arsitektur?domain={}", d.code()),
        label: domain_label(tr, *d),
        current: domain == Some(*d),
    }));
    let mut opd_choices = vec![(String::new(), tr.t("arsitektur.semua_opd").to_string())];
    opd_choices.extend(opds.iter().map(|o| (o.id.to_string(), o.name.clone())));
    let mut year_choices = vec![(String::new(), tr.t("arsitektur.semua_tahun").to_string())];
    let this_year = time::OffsetDateTime::now_utc().year();
    year_choices
        .extend(((this_year - 3)..=(this_year + 5)).map(|y| (y.to_string(), y.to_string())));
    let mut states = vec![(String::new(), tr.t("arsitektur.semua_keadaan").to_string())];
    states.extend(
        ItemState::ALL
            .iter()
            .map(|s| (s.code().to_string(), state_label(tr, *s).to_string())),
    );
    let mut statuses = vec![(String::new(), tr.t("arsitektur.semua_status").to_string())];
    statuses.extend(
        Status::ALL
            .iter()
            .map(|s| (s.code().to_string(), status_label(tr, *s).to_string())),
    );
    let shell = Shell::load(&state, &ctx, crate::arsitektur::SECTION, f.pesan.as_deref())
        .await
        .or_page(ctx.lang)?;
    let page = ListPage {
        tr,
        shell,
        instansi_id: inst.id,
        tabs,
        domain: domain.map(|d| d.code().to_string()).unwrap_or_default(),
        opds: choices(opd_choices, &f.opd),
        years: choices(year_choices, &f.year),
        states: choices(states, &f.state),
        statuses: choices(statuses, &f.status),
        rows,
        may_add: may_add(&state, &ctx, &inst).await,
        add_href: format!(
            "/instansi/{id}/arsitektur/baru?domain={}",
            domain.unwrap_or(Domain::ProsesBisnis).code()
        ),
        portal_href: format!("/portal/{}", inst.slug),
        instansi_name: inst.name,
    };
    Ok(render(StatusCode::OK, &page))
}

/// One line of counts: per domain as-is, to-be and with a gap.
pub struct CountRow {
    pub name: String,
    pub cells: Vec<(usize, usize, usize)>,
    pub total: usize,
    pub gaps: usize,
}

fn count_row(name: String, c: &Counts) -> CountRow {
    CountRow {
        name,
        cells: Domain::ALL
            .iter()
            .map(|d| (c.as_is[d.index()], c.to_be[d.index()], c.gaps[d.index()]))
            .collect(),
        total: c.total(),
        gaps: c.total_gaps(),
    }
}

pub struct GapLine {
    pub href: String,
    pub name: String,
    pub domain: &'static str,
    pub state: &'static str,
    pub missing: Vec<&'static str>,
}

pub struct OpdGaps {
    pub name: String,
    pub lines: Vec<GapLine>,
}

/// An overlap's applications: link, name, OPD.
type OverlapApps = Vec<(String, String, String)>;

#[derive(Template)]
#[template(path = "arsitektur/templates/kesenjangan.html")]
struct GapsPage {
    tr: Tr,
    shell: Shell,
    instansi_id: i64,
    instansi_name: String,
    domains: Vec<&'static str>,
    total: CountRow,
    per_opd: Vec<CountRow>,
    groups: Vec<OpdGaps>,
    gap_count: usize,
    years: Vec<Choice>,
    overlaps: Vec<(String, OverlapApps)>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct GapFilters {
    year: String,
}

/// `GET /instansi/{id}/arsitektur/kesenjangan`
pub async fn gaps(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(f): Query<GapFilters>,
    Query(p): Query<Pesan>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Instansi").or_page(ctx.lang)?;
    let tr = ctx.tr;
    let scope = Scope {
        opd: None,
        year: f.year.parse().ok(),
    };
    let a = analysis::analyse(&state, &ctx.caller, id, scope)
        .await
        .or_page(ctx.lang)?;
    let opds = state
        .store
        .opds_of(id)
        .await
        .map_err(|e| Failure(e.into(), ctx.lang))?;
    let opd_name = |o: i64| {
        opds.iter()
            .find(|x| x.id == o)
            .map(|x| x.name.clone())
            .unwrap_or_default()
    };
    let per_opd = a
        .summary
        .opd
        .iter()
        .map(|(o, c)| count_row(opd_name(*o), c))
        .collect();
    let mut groups: Vec<OpdGaps> = Vec::new();
    for g in &a.gaps {
        let Some(item) = a.item(g.item) else { continue };
        let line = GapLine {
            href: format!("/arsitektur/item/{}", g.item),
            name: item.name.clone(),
            domain: domain_label(tr, g.domain),
            state: state_label(tr, g.state),
            missing: g.missing.iter().map(|m| missing_label(tr, m)).collect(),
        };
        let name = opd_name(g.opd);
        match groups.last_mut() {
            Some(last) if last.name == name => last.lines.push(line),
            _ => groups.push(OpdGaps {
                name,
                lines: vec![line],
            }),
        }
    }
    let overlaps = a
        .overlaps
        .iter()
        .map(|o| {
            let apps = o
                .applications
                .iter()
                .filter_map(|id| a.item(*id))
                .map(|i| {
                    (
                        format!("/arsitektur/item/{}", i.id),
                        i.name.clone(),
                        opd_name(i.opd_id),
                    )
                })
                .collect();
            (o.reference.clone(), apps)
        })
        .collect();
    let mut year_choices = vec![(String::new(), tr.t("arsitektur.semua_tahun").to_string())];
    let this_year = time::OffsetDateTime::now_utc().year();
    year_choices
        .extend(((this_year - 3)..=(this_year + 5)).map(|y| (y.to_string(), y.to_string())));
    let shell = Shell::load(&state, &ctx, crate::arsitektur::SECTION, p.pesan.as_deref())
        .await
        .or_page(ctx.lang)?;
    let page = GapsPage {
        tr,
        shell,
        instansi_id: a.instansi.id,
        domains: Domain::ALL.iter().map(|d| domain_label(tr, *d)).collect(),
        total: count_row(
            tr.t("arsitektur.seluruh_instansi").to_string(),
            &a.summary.instansi,
        ),
        per_opd,
        gap_count: a.gaps.len(),
        groups,
        years: choices(year_choices, &f.year),
        overlaps,
        instansi_name: a.instansi.name.clone(),
    };
    Ok(render(StatusCode::OK, &page))
}
