//! "Check your answers" before submitting: the claim, the narrative and the evidence per
//! level, what the core would still refuse, and the submit button.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use padu_core::Value;
use padu_core::access::Action;
use padu_core::evaluation::{Claim, check_submission};

use super::levels::{EvidenceView, evidence_view, label_of};
use super::load::Typed;
use super::{PeriodHead, Tag, capital, path_ids, period_head, status_tag, value_text};
use crate::kit::form::FormErrors;
use crate::kit::layout::{Ctx, Failure, OrPage, Shell, render};
use padu_app::App;
use padu_app::AppError;
use padu_app::evaluation as service;
use padu_app::kit::i18n::Tr;

/// One row of the check-your-answers summary.
pub struct CheckLevel {
    pub level: u32,
    pub label: String,
    pub items: Vec<EvidenceView>,
}

#[derive(Template)]
#[template(path = "evaluation/templates/indikator_ajukan.html")]
pub struct CheckPage {
    pub tr: Tr,
    pub shell: Shell,
    pub errors: FormErrors,
    pub period: PeriodHead,
    pub number: u16,
    pub name: String,
    pub tag: Tag,
    pub claimed: Option<String>,
    pub claimed_label: String,
    pub fakta: String,
    pub analisis: String,
    pub levels: Vec<CheckLevel>,
    /// What the core would refuse now.
    pub missing: Vec<String>,
    pub editable: bool,
}

/// The check-your-answers page (also after a refused submission, with its reasons).
pub async fn check_page(
    state: &App,
    ctx: &Ctx,
    id: i64,
    number: u16,
    errors: FormErrors,
    status: StatusCode,
) -> Result<Response, Failure> {
    let lang = ctx.lang;
    let (pctx, pi) = service::indicator_for(state, &ctx.caller, id, number, Action::EditIndicator)
        .await
        .or_page(lang)?;
    let indicator = pctx
        .instrument
        .indicator(number)
        .ok_or(AppError::NotFound("Indikator"))
        .or_page(lang)?;
    let evidence = service::evidence::linked(state, &pctx, number)
        .await
        .or_page(lang)?;
    let levels_with: Vec<u32> = evidence.iter().map(|e| e.level).collect();
    let claim = Claim {
        value: pi.self_value,
        fakta: &pi.fakta,
        analisis: &pi.analisis,
        evidence_levels: &levels_with,
    };
    let missing = check_submission(&pctx.instrument, indicator, pi.status, &claim)
        .err()
        .unwrap_or_default()
        .into_iter()
        .map(|m| capital(&m))
        .collect();
    let scale = &pctx.instrument.scales[indicator.scale];
    let claimed_level = pi.self_value.map_or(0, Value::floor_level);
    let floor = pctx.instrument.values.min_level().max(1);
    let levels = scale
        .levels
        .iter()
        .filter(|l| (l.level > floor && l.level <= claimed_level) || levels_with.contains(&l.level))
        .map(|l| CheckLevel {
            level: l.level,
            label: label_of(l, lang),
            items: evidence
                .iter()
                .filter(|e| e.level == l.level)
                .map(|e| evidence_view(ctx.tr, e, &Typed::default()))
                .collect(),
        })
        .collect();
    let shell = Shell::load(state, ctx, crate::evaluation::PERIODS, None)
        .await
        .or_page(lang)?;
    let page = CheckPage {
        tr: ctx.tr,
        shell,
        errors,
        period: period_head(ctx.tr, &pctx),
        number,
        name: indicator.name.clone(),
        tag: status_tag(ctx.tr, pi.status, pi.to_review),
        claimed: pi.self_value.map(|v| value_text(&pctx, v, lang)),
        claimed_label: scale
            .level(claimed_level)
            .map(|l| label_of(l, lang))
            .unwrap_or_default(),
        fakta: pi.fakta.clone(),
        analisis: pi.analisis.clone(),
        levels,
        missing,
        editable: pi.status.editable() && !indicator.is_external(),
    };
    Ok(render(status, &page))
}

/// `GET /periode/{id}/indikator/{number}/ajukan`.
pub async fn check(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<(String, String)>,
) -> Result<Response, Failure> {
    let (id, number) = path_ids(&raw, ctx.lang)?;
    check_page(
        &state,
        &ctx,
        id,
        number,
        FormErrors::default(),
        StatusCode::OK,
    )
    .await
}
