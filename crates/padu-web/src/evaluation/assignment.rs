//! Assigning a period's indicators to OPDs: the instrument's default mapping in one action, then
//! a lead OPD and contributing OPDs per indicator, saved row by row (htmx swaps just the row;
//! without JavaScript the form posts and the page comes back).

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use padu_core::access::Action;
use padu_store::Opd;
use padu_store::evaluation::PeriodIndicator;

use crate::evaluation::indicator::{
    NoticeQuery, Opt, PeriodHead, form_errors, is_htmx, path_ids, period_head,
};
use crate::kit::form::FormErrors;
use crate::kit::layout::{Ctx, Failure, OrPage, Shell, parse_id, render, see_other};
use padu_app::App;
use padu_app::AppError;
use padu_app::evaluation::{self as service, PeriodContext};
use padu_app::kit::format::number;
use padu_app::kit::i18n::Tr;

/// A contributing OPD's checkbox.
pub struct Check {
    pub value: i64,
    pub name: String,
    pub checked: bool,
}

pub struct Row {
    pub number: u16,
    pub name: String,
    pub aspect: String,
    pub lead: Vec<Opt>,
    pub contributors: Vec<Check>,
    pub chosen: usize,
    /// Just saved (the htmx answer says so in the row).
    pub saved: bool,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "evaluation/templates/penugasan.html")]
struct AssignPage {
    tr: Tr,
    shell: Shell,
    notice: Option<String>,
    errors: FormErrors,
    period: PeriodHead,
    period_id: i64,
    rows: Vec<Row>,
    assigned: String,
    total: String,
}

#[derive(Template)]
#[template(path = "evaluation/templates/penugasan_baris.html")]
struct RowPartial {
    tr: Tr,
    period_id: i64,
    row: Row,
}

/// One row: `lead` and `contributors` as chosen (stored, or typed when it came back).
fn row(
    ctx: &PeriodContext,
    tr: Tr,
    opds: &[Opd],
    number: u16,
    lead: Option<i64>,
    contributors: &[i64],
) -> Row {
    let indicator = ctx.instrument.indicator(number);
    let aspect = indicator
        .map(|i| ctx.instrument.aspects[i.aspect].name.clone())
        .unwrap_or_default();
    // Inactive OPDs stay selectable only where they are already chosen.
    let offered = |o: &&Opd| o.active || Some(o.id) == lead || contributors.contains(&o.id);
    let mut lead_options = vec![Opt {
        value: String::new(),
        label: tr.t("penugasan.belum_ditentukan").to_string(),
        selected: lead.is_none(),
    }];
    lead_options.extend(opds.iter().filter(offered).map(|o| Opt {
        value: o.id.to_string(),
        label: o.name.clone(),
        selected: Some(o.id) == lead,
    }));
    let checks: Vec<Check> = opds
        .iter()
        .filter(offered)
        .map(|o| Check {
            value: o.id,
            name: o.name.clone(),
            checked: contributors.contains(&o.id) && Some(o.id) != lead,
        })
        .collect();
    Row {
        number,
        name: indicator.map(|i| i.name.clone()).unwrap_or_default(),
        aspect,
        chosen: checks.iter().filter(|c| c.checked).count(),
        lead: lead_options,
        contributors: checks,
        saved: false,
        error: None,
    }
}

async fn opds_by_name(state: &App, ctx: &PeriodContext) -> Result<Vec<Opd>, AppError> {
    let mut opds = service::opds(state, ctx).await?;
    opds.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(opds)
}

/// The page; `typed` replaces one indicator's row with what was typed.
async fn assign_page(
    state: &App,
    ctx: &Ctx,
    id: i64,
    notice: Option<String>,
    errors: FormErrors,
    typed: Option<(u16, Option<i64>, Vec<i64>)>,
    status: StatusCode,
) -> Result<Response, Failure> {
    let tr = ctx.tr;
    let pctx = service::period_for(state, &ctx.caller, id, Action::ManagePeriod)
        .await
        .or_page(ctx.lang)?;
    let indicators: Vec<PeriodIndicator> =
        service::indicators(state, &pctx).await.or_page(ctx.lang)?;
    let opds = opds_by_name(state, &pctx).await.or_page(ctx.lang)?;
    let rows: Vec<Row> = indicators
        .iter()
        .map(|pi| match &typed {
            Some((n, lead, contributors)) if *n == pi.number => {
                let mut r = row(&pctx, tr, &opds, pi.number, *lead, contributors);
                r.error = errors.items.first().map(|p| p.message.clone());
                r
            }
            _ => row(&pctx, tr, &opds, pi.number, pi.lead_opd, &pi.contributors),
        })
        .collect();
    let assigned = indicators.iter().filter(|pi| pi.lead_opd.is_some()).count();
    let shell = Shell::load(state, ctx, crate::evaluation::PERIODS, None)
        .await
        .or_page(ctx.lang)?;
    let page = AssignPage {
        tr,
        shell,
        notice,
        errors,
        period: period_head(tr, &pctx),
        period_id: id,
        assigned: number(assigned, ctx.lang),
        total: number(rows.len(), ctx.lang),
        rows,
    };
    Ok(render(status, &page))
}

fn notice(tr: Tr, q: &NoticeQuery) -> Option<String> {
    let count = |raw: &Option<String>| {
        raw.as_deref()
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0)
    };
    match q.pesan.as_deref()? {
        "bawaan" => Some(
            tr.t("penugasan.pesan_bawaan")
                .replace("{jumlah}", &number(count(&q.jumlah), tr.lang)),
        ),
        "disimpan" => Some(
            tr.t("penugasan.pesan_disimpan")
                .replace("{nomor}", &count(&q.nomor).to_string()),
        ),
        _ => None,
    }
}

/// `GET /periode/{id}/penugasan`.
pub async fn page(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Periode").or_page(ctx.lang)?;
    let notice = notice(ctx.tr, &q);
    assign_page(
        &state,
        &ctx,
        id,
        notice,
        FormErrors::default(),
        None,
        StatusCode::OK,
    )
    .await
}

/// `POST /periode/{id}/penugasan/bawaan`: the instrument's default mapping.
pub async fn apply_default(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Periode").or_page(ctx.lang)?;
    let count = service::apply_default_assignment(&state, &ctx.caller, id)
        .await
        .or_page(ctx.lang)?;
    Ok(see_other(&format!(
        "/periode/{id}/penugasan?pesan=bawaan&jumlah={count}"
    )))
}

/// `POST /periode/{id}/penugasan/{number}`: one indicator's lead (`lead`) and contributing
/// OPDs (`opd`, repeated).
pub async fn save_row(
    State(state): State<App>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(raw): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    let (id, number) = path_ids(&raw, ctx.lang)?;
    let value = |name: &'static str| {
        fields
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.trim())
    };
    let lead_raw = value("lead").next().unwrap_or("");
    let lead = match lead_raw {
        "" => Ok(None),
        raw => raw.parse::<i64>().map(Some),
    };
    let contributors: Vec<i64> = value("opd").filter_map(|v| v.parse().ok()).collect();
    let result = match lead {
        Ok(lead) => service::assign(&state, &ctx.caller, id, number, lead, &contributors)
            .await
            .map(|_| lead),
        Err(_) => Err(AppError::field("lead", ctx.tr.t("penugasan.opd_salah"))),
    };
    let htmx = is_htmx(&headers);
    match result {
        Ok(lead) if htmx => {
            let pctx = service::period_for(&state, &ctx.caller, id, Action::ManagePeriod)
                .await
                .or_page(ctx.lang)?;
            let opds = opds_by_name(&state, &pctx).await.or_page(ctx.lang)?;
            let mut r = row(&pctx, ctx.tr, &opds, number, lead, &contributors);
            r.saved = true;
            Ok(render(
                StatusCode::OK,
                &RowPartial {
                    tr: ctx.tr,
                    period_id: id,
                    row: r,
                },
            ))
        }
        Ok(_) => Ok(see_other(&format!(
            "/periode/{id}/penugasan?pesan=disimpan&nomor={number}#baris-{number}"
        ))),
        Err(err) => {
            let Some((status, errors)) = form_errors(&err, &[]) else {
                return Err(Failure(err, ctx.lang));
            };
            let typed_lead = lead_raw.parse::<i64>().ok();
            if htmx {
                // htmx swaps only successful answers: the row comes back with its message.
                let pctx = service::period_for(&state, &ctx.caller, id, Action::ManagePeriod)
                    .await
                    .or_page(ctx.lang)?;
                let opds = opds_by_name(&state, &pctx).await.or_page(ctx.lang)?;
                let mut r = row(&pctx, ctx.tr, &opds, number, typed_lead, &contributors);
                r.error = errors.items.first().map(|p| p.message.clone());
                return Ok(render(
                    StatusCode::OK,
                    &RowPartial {
                        tr: ctx.tr,
                        period_id: id,
                        row: r,
                    },
                ));
            }
            let mut summary = FormErrors::default();
            for p in errors.items {
                summary.push(&format!("lead-{number}"), p.message);
            }
            assign_page(
                &state,
                &ctx,
                id,
                None,
                summary,
                Some((number, typed_lead, contributors)),
                status,
            )
            .await
        }
    }
}
