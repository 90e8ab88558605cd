//! The ranking pages: `/peringkat` (national, for the superadmin) and
//! `/instansi/{id}/peringkat` (a province and its kabupaten/kota), by year.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use crate::evaluation::indicator::decimal_separator;
use crate::kit::layout::{Ctx, Failure, OrPage, Shell, parse_id, render};
use crate::org::home::kind_label;
use padu_app::App;
use padu_app::kit::i18n::Tr;
use padu_app::ranking::{self, Ranking, Scope};

#[derive(Debug, Default, Deserialize)]
pub struct YearQuery {
    #[serde(default)]
    tahun: String,
}

impl YearQuery {
    fn year(&self) -> Option<i32> {
        self.tahun.trim().parse().ok()
    }
}

pub struct Row {
    pub rank: usize,
    pub id: i64,
    pub name: String,
    pub kind: &'static str,
    pub index: String,
    pub predikat: String,
    pub instrument: String,
    pub status: &'static str,
    pub period_href: String,
}

#[derive(Template)]
#[template(path = "ranking/templates/peringkat.html")]
struct RankingPage {
    tr: Tr,
    shell: Shell,
    title: String,
    action: String,
    year: Option<i32>,
    years: Vec<(i32, bool)>,
    rows: Vec<Row>,
    missing: Vec<String>,
}

fn page(tr: Tr, shell: Shell, ranking: Ranking, action: String) -> RankingPage {
    let sep = decimal_separator(tr.lang);
    let title = match &ranking.scope {
        Scope::National => tr.t("peringkat.judul_nasional").to_string(),
        Scope::Province(p) => tr
            .t("peringkat.judul_provinsi")
            .replace("{provinsi}", &p.name),
    };
    let rows = ranking
        .rows
        .iter()
        .map(|r| Row {
            rank: r.rank,
            id: r.instansi.id,
            name: r.instansi.name.clone(),
            kind: kind_label(tr, r.instansi.kind),
            index: r.instrument.display(r.index, sep),
            predikat: r.instrument.predikat_of(r.index).to_string(),
            instrument: r.instrument.short_name.clone(),
            status: if r.all_final {
                tr.t("peringkat.final")
            } else {
                tr.t("peringkat.sementara")
            },
            period_href: format!("/periode/{}", r.period_id),
        })
        .collect();
    RankingPage {
        tr,
        shell,
        title,
        action,
        year: ranking.year,
        years: ranking
            .years
            .iter()
            .map(|y| (*y, Some(*y) == ranking.year))
            .collect(),
        rows,
        missing: ranking.missing.into_iter().map(|i| i.name).collect(),
    }
}

/// `GET /peringkat?tahun=2025`
pub async fn national(
    State(state): State<App>,
    ctx: Ctx,
    Query(q): Query<YearQuery>,
) -> Result<Response, Failure> {
    let ranking = ranking::national(&state, &ctx.caller, q.year())
        .await
        .or_page(ctx.lang)?;
    let shell = Shell::load(&state, &ctx, crate::org::HOME, None)
        .await
        .or_page(ctx.lang)?;
    Ok(render(
        StatusCode::OK,
        &page(ctx.tr, shell, ranking, "/peringkat".into()),
    ))
}

/// `GET /instansi/{id}/peringkat?tahun=2025`
pub async fn province(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<YearQuery>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Instansi").or_page(ctx.lang)?;
    let ranking = ranking::province(&state, &ctx.caller, id, q.year())
        .await
        .or_page(ctx.lang)?;
    let shell = Shell::load(&state, &ctx, crate::org::HOME, None)
        .await
        .or_page(ctx.lang)?;
    Ok(render(
        StatusCode::OK,
        &page(ctx.tr, shell, ranking, format!("/instansi/{id}/peringkat")),
    ))
}
