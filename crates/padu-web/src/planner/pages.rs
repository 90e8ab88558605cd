//! The target planner of a period: pick a target and a deadline, adjust efforts and
//! exclusions, see the least-effort plan by semester, try levels in the what-if panel (htmx
//! swaps the result box; without JavaScript the form posts and the page comes back), and accept
//! the plan as action items.

use std::collections::{BTreeMap, BTreeSet};

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use padu_core::access::{Action, allows};
use padu_core::{Instrument, Plan, Score, Value};
use time::OffsetDateTime;

use crate::evaluation::indicator::{
    PeriodHead, decimal_separator, form_errors, is_htmx, period_head,
};
use crate::evaluation::plan_section::{index_text, whole_days};
use crate::kit::form::FormErrors;
use crate::kit::layout::{Ctx, Failure, OrPage, Shell, parse_id, render, see_other};
use padu_app::App;
use padu_app::AppError;
use padu_app::kit::i18n::{Lang, Tr};
use padu_app::planner::{self, PlannerInput, PlannerSetup};

/// One indicator in the exclusion list and the what-if table.
pub struct IndicatorRow {
    pub number: u16,
    pub name: String,
    pub current: String,
    pub excluded: bool,
    /// The what-if choices: every whole level, plus the current value when it is decimal.
    pub options: Vec<(String, String, bool)>,
}

pub struct StepRow {
    pub number: u16,
    pub name: String,
    pub from: String,
    pub to: String,
    pub lead: String,
    pub effort: String,
}

pub struct SemesterRow {
    pub number: u32,
    pub effort: String,
    pub steps: Vec<StepRow>,
}

pub struct PlanView {
    pub feasible: bool,
    pub target: String,
    pub max_reachable: Option<String>,
    pub start: String,
    pub reached: String,
    pub predikat: String,
    pub total_effort: String,
    pub proven_optimal: bool,
    pub semesters: Vec<SemesterRow>,
    pub left_out: String,
}

pub struct WhatIfView {
    pub index: String,
    pub predikat: String,
    /// (name, value) per domain and aspect.
    pub groups: Vec<(bool, String, String)>,
}

#[derive(Template)]
#[template(path = "planner/templates/rencana.html")]
struct PlannerPage {
    tr: Tr,
    shell: Shell,
    errors: FormErrors,
    period: PeriodHead,
    may_manage: bool,
    target: String,
    semesters: String,
    per_period: String,
    efforts: String,
    links: bool,
    excluded: Vec<u16>,
    current_index: String,
    current_predikat: String,
    rows: Vec<IndicatorRow>,
    plan: Option<PlanView>,
    what_if: WhatIfView,
}

#[derive(Template)]
#[template(path = "planner/templates/rencana_hasil.html")]
struct WhatIfPartial {
    tr: Tr,
    what_if: WhatIfView,
}

/// The index with 2 decimals from the exact value, in the reader's format.
fn what_if_view(instrument: &Instrument, s: &Score, lang: Lang) -> WhatIfView {
    let mut groups = Vec::new();
    let aspect_row = |(i, a): (usize, &padu_core::instrument::Aspect)| {
        (
            false,
            a.name.clone(),
            s.aspects
                .get(i)
                .map_or_else(String::new, |x| index_text(instrument, *x, lang)),
        )
    };
    if instrument.has_domains() {
        for (d, domain) in instrument.domains.iter().enumerate() {
            groups.push((
                true,
                domain.name.clone(),
                s.domains
                    .get(d)
                    .map_or_else(String::new, |x| index_text(instrument, *x, lang)),
            ));
            groups.extend(
                instrument
                    .aspects
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| a.domain == Some(d))
                    .map(aspect_row),
            );
        }
    } else {
        groups.extend(instrument.aspects.iter().enumerate().map(aspect_row));
    }
    WhatIfView {
        index: index_text(instrument, s.index, lang),
        predikat: instrument.predikat_of(s.index).to_string(),
        groups,
    }
}

fn plan_view(
    setup: &PlannerSetup,
    result: &Plan,
    opd_names: &BTreeMap<i64, String>,
    tr: Tr,
) -> PlanView {
    let i = &setup.ctx.instrument;
    let lang = tr.lang;
    let sep = decimal_separator(lang);
    let periods = result.period_effort.len();
    let semesters = (1..=periods)
        .filter_map(|p| {
            let p = u32::try_from(p).ok()?;
            let steps: Vec<StepRow> = result
                .steps
                .iter()
                .filter(|s| s.period == p)
                .map(|s| StepRow {
                    number: s.indicator,
                    name: i
                        .indicator(s.indicator)
                        .map_or_else(String::new, |x| x.name.clone()),
                    from: i.values.format(s.from, sep),
                    to: s.to.to_string(),
                    lead: s
                        .lead_opd
                        .and_then(|o| opd_names.get(&o).cloned())
                        .unwrap_or_else(|| tr.t("rencana.tanpa_opd").to_string()),
                    effort: whole_days(u64::from(s.effort.days), lang),
                })
                .collect();
            (!steps.is_empty()).then(|| SemesterRow {
                number: p,
                effort: whole_days(result.period_effort[p as usize - 1], lang),
                steps,
            })
        })
        .collect();
    PlanView {
        feasible: result.feasible,
        target: result
            .target
            .map(|t| index_text(i, t.exact(), lang))
            .unwrap_or_default(),
        max_reachable: result
            .max_reachable_index
            .map(|x| format!("{} ({})", index_text(i, x, lang), i.predikat_of(x))),
        start: index_text(i, result.start_index, lang),
        reached: index_text(i, result.reached_index, lang),
        predikat: i.predikat_of(result.reached_index).to_string(),
        total_effort: whole_days(result.total_effort, lang),
        proven_optimal: result.proven_optimal,
        semesters,
        left_out: result
            .left_out
            .iter()
            .map(u16::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The planner form from posted fields (`kecuali` repeated, `tautan` a checkbox).
fn read_input(fields: &[(String, String)]) -> PlannerInput {
    let one = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or_else(String::new, |(_, v)| v.clone())
    };
    PlannerInput {
        target: one("target"),
        semesters: one("semester"),
        per_period: one("per_semester"),
        excluded: fields
            .iter()
            .filter(|(k, _)| k == "kecuali")
            .filter_map(|(_, v)| v.trim().parse().ok())
            .collect::<BTreeSet<u16>>(),
        pinned: BTreeSet::new(),
        efforts: one("upaya"),
        links: fields.iter().any(|(k, v)| k == "tautan" && v == "1"),
    }
}

/// What-if values typed as `nilai_<n>`.
fn read_levels(fields: &[(String, String)]) -> BTreeMap<u16, String> {
    fields
        .iter()
        .filter_map(|(k, v)| {
            let n = k.strip_prefix("nilai_")?.parse().ok()?;
            Some((n, v.clone()))
        })
        .collect()
}

async fn opd_names(state: &App, setup: &PlannerSetup) -> Result<BTreeMap<i64, String>, AppError> {
    Ok(padu_app::evaluation::opds(state, &setup.ctx)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect())
}

struct Outcome {
    input: PlannerInput,
    errors: FormErrors,
    status: StatusCode,
    plan: Option<PlanView>,
    levels: BTreeMap<u16, String>,
    what_if: Option<Score>,
}

async fn page(
    state: &App,
    ctx: &Ctx,
    setup: &PlannerSetup,
    out: Outcome,
) -> Result<Response, Failure> {
    let i = &setup.ctx.instrument;
    let lang = ctx.lang;
    let sep = decimal_separator(lang);
    let shell = Shell::load(state, ctx, crate::org::HOME, None)
        .await
        .or_page(lang)?;
    let current_score = planner::what_if(i, setup.current.clone()).or_page(lang)?;
    let what_if = out.what_if.as_ref().unwrap_or(&current_score);
    let rows = i
        .indicators
        .iter()
        .zip(&setup.current)
        .map(|(ind, current)| {
            let chosen = out
                .levels
                .get(&ind.number)
                .and_then(|raw| padu_core::exact::parse_fixed(raw.trim(), 2, true).ok())
                .map_or(*current, Value);
            let mut options: Vec<(String, String, bool)> = i
                .values
                .levels()
                .map(Value::from_level)
                .chain((current.whole().is_none()).then_some(*current))
                .collect::<BTreeSet<Value>>()
                .into_iter()
                .map(|v| (v.format_short('.'), i.values.format(v, sep), v == chosen))
                .collect();
            if !options.iter().any(|o| o.2)
                && let Some(first) = options.first_mut()
            {
                first.2 = true;
            }
            IndicatorRow {
                number: ind.number,
                name: ind.name.clone(),
                current: i.values.format(*current, sep),
                excluded: out.input.excluded.contains(&ind.number),
                options,
            }
        })
        .collect();
    let may_manage = allows(
        &ctx.caller.actor(),
        Action::ManagePeriod,
        &setup.ctx.instansi.target(),
    );
    let p = PlannerPage {
        tr: ctx.tr,
        shell,
        errors: out.errors,
        period: period_head(ctx.tr, &setup.ctx),
        may_manage,
        target: out.input.target,
        semesters: out.input.semesters,
        per_period: out.input.per_period,
        efforts: out.input.efforts,
        links: out.input.links,
        excluded: out.input.excluded.into_iter().collect(),
        current_index: index_text(i, current_score.index, lang),
        current_predikat: i.predikat_of(current_score.index).to_string(),
        rows,
        plan: out.plan,
        what_if: what_if_view(i, what_if, lang),
    };
    Ok(render(out.status, &p))
}

/// `GET /periode/{id}/rencana`.
pub async fn show(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Periode").or_page(ctx.lang)?;
    let setup = planner::setup(&state, &ctx.caller, id, Action::ViewInstansi)
        .await
        .or_page(ctx.lang)?;
    let input = setup.default_input();
    page(
        &state,
        &ctx,
        &setup,
        Outcome {
            input,
            errors: FormErrors::default(),
            status: StatusCode::OK,
            plan: None,
            levels: BTreeMap::new(),
            what_if: None,
        },
    )
    .await
}

/// `POST /periode/{id}/rencana`: computes the plan (ManagePeriod).
pub async fn compute(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Periode").or_page(ctx.lang)?;
    let setup = planner::setup(&state, &ctx.caller, id, Action::ManagePeriod)
        .await
        .or_page(ctx.lang)?;
    let input = read_input(&fields);
    let mut out = Outcome {
        input: input.clone(),
        errors: FormErrors::default(),
        status: StatusCode::OK,
        plan: None,
        levels: BTreeMap::new(),
        what_if: None,
    };
    match planner::compute(&setup, &input) {
        Ok(result) => {
            let names = opd_names(&state, &setup).await.or_page(ctx.lang)?;
            out.levels = setup
                .ctx
                .instrument
                .indicators
                .iter()
                .zip(&result.values)
                .map(|(ind, v)| (ind.number, v.format_short('.')))
                .collect();
            out.what_if = Some(
                planner::what_if(&setup.ctx.instrument, result.values.clone()).or_page(ctx.lang)?,
            );
            out.plan = Some(plan_view(&setup, &result, &names, ctx.tr));
        }
        Err(e) => {
            let (status, errors) = form_errors(&e, &[]).ok_or(Failure(e, ctx.lang))?;
            out.status = status;
            out.errors = errors;
        }
    }
    page(&state, &ctx, &setup, out).await
}

/// `POST /periode/{id}/rencana/bagaimana-jika`: the exact index of the typed levels; htmx gets
/// the result box only.
pub async fn what_if(
    State(state): State<App>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(raw): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Periode").or_page(ctx.lang)?;
    let setup = planner::setup(&state, &ctx.caller, id, Action::ViewInstansi)
        .await
        .or_page(ctx.lang)?;
    let levels = read_levels(&fields);
    let scored = planner::what_if_values(&setup, &levels)
        .and_then(|values| planner::what_if(&setup.ctx.instrument, values));
    match scored {
        Ok(s) if is_htmx(&headers) => Ok(render(
            StatusCode::OK,
            &WhatIfPartial {
                tr: ctx.tr,
                what_if: what_if_view(&setup.ctx.instrument, &s, ctx.lang),
            },
        )),
        Ok(s) => {
            let input = setup.default_input();
            page(
                &state,
                &ctx,
                &setup,
                Outcome {
                    input,
                    errors: FormErrors::default(),
                    status: StatusCode::OK,
                    plan: None,
                    levels,
                    what_if: Some(s),
                },
            )
            .await
        }
        Err(e) => {
            let (status, errors) = form_errors(&e, &[]).ok_or(Failure(e, ctx.lang))?;
            let input = setup.default_input();
            page(
                &state,
                &ctx,
                &setup,
                Outcome {
                    input,
                    errors,
                    status,
                    plan: None,
                    levels,
                    what_if: None,
                },
            )
            .await
        }
    }
}

/// `POST /periode/{id}/rencana/terima`: the plan of the posted options becomes the period's
/// action items (ManagePeriod); then the dashboard says so.
pub async fn accept(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Periode").or_page(ctx.lang)?;
    let input = read_input(&fields);
    let today = OffsetDateTime::now_utc().date();
    match planner::accept_plan(&state, &ctx.caller, id, &input, today).await {
        Ok(_) => Ok(see_other(&format!("/periode/{id}?pesan=rencana-diterima"))),
        Err(e) => {
            let setup = planner::setup(&state, &ctx.caller, id, Action::ManagePeriod)
                .await
                .or_page(ctx.lang)?;
            let (status, errors) = form_errors(&e, &[]).ok_or(Failure(e, ctx.lang))?;
            page(
                &state,
                &ctx,
                &setup,
                Outcome {
                    input,
                    errors,
                    status,
                    plan: None,
                    levels: BTreeMap::new(),
                    what_if: None,
                },
            )
            .await
        }
    }
}

/// `POST /rencana-aksi/{id}/status`: moves one action item to the posted `status` (whoever may
/// manage the plan); then the period's dashboard says so.
pub async fn set_status(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Rencana aksi").or_page(ctx.lang)?;
    let status = fields
        .iter()
        .find(|(k, _)| k == "status")
        .map_or("", |(_, v)| v.as_str());
    let (_, item) = planner::set_action_status(&state, &ctx.caller, id, status)
        .await
        .or_page(ctx.lang)?;
    Ok(see_other(&format!(
        "/periode/{}?pesan=aksi-diubah#judul-rencana-aksi",
        item.period_id
    )))
}
