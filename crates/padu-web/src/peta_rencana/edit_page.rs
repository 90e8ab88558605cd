//! The form that changes a roadmap item (`/peta-rencana/item/{id}/ubah`), every field of
//! `PATCH /api/v1/roadmap-items/{id}`: in a draft the title, OPD, years, target and budget per
//! year, indicators, architecture item, need, process, domain, initiative, external party,
//! baseline, programme code, status and evaluation notes; in an enacted roadmap only the status
//! and the evaluation notes. A form that comes back keeps what was typed, with the 422's
//! messages beside the fields.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use padu_app::kit::i18n::Tr;
use padu_app::peta_rencana::items::{self, ItemInput};
use padu_app::peta_rencana::roadmaps::{self, not_editable};
use padu_app::peta_rencana::{ITEM, item_for};
use padu_app::{Acting as _, App, AppError};
use padu_core::access::Action;
use padu_core::peta_rencana::{IndicatorTarget, ItemStatus};
use padu_store::arsitektur::ItemFilter;
use padu_store::peta_rencana::RoadmapItem;

use super::pages::{Choice, Fields, status_label, value};
use crate::kit::form::FormErrors;
use crate::kit::layout::{Ctx, Failure, OrPage, Shell, parse_id, render, see_other};

/// One year's target and budget as the form shows them.
pub struct YearRow {
    pub year: i32,
    pub checked: bool,
    pub target: String,
    pub budget: String,
}

#[derive(Template)]
#[template(path = "peta_rencana/templates/ubah.html")]
struct EditPage {
    tr: Tr,
    shell: Shell,
    errors: FormErrors,
    id: i64,
    roadmap_id: i64,
    roadmap_title: String,
    /// A draft: every field; else only the status and the evaluation notes.
    content: bool,
    title: String,
    opd: String,
    opds: Vec<Choice>,
    years: Vec<YearRow>,
    indicators: String,
    gap: String,
    gaps: Vec<Choice>,
    texts: Vec<(&'static str, &'static str, String, bool)>,
    status: String,
    statuses: Vec<Choice>,
    evaluation: String,
}

fn indicator_lines(item: &RoadmapItem) -> String {
    item.details
        .indicators
        .iter()
        .map(|t| format!("{} {} {}", t.instrument, t.number, t.level))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The fields' values: what was typed when the form comes back, else the item's.
fn typed_or<'a>(typed: &'a Fields, key: &str, stored: &'a str) -> String {
    if typed.is_empty() {
        stored.to_string()
    } else {
        value(typed, key).to_string()
    }
}

async fn edit_page(
    state: &App,
    ctx: &Ctx,
    id: i64,
    status: StatusCode,
    errors: FormErrors,
    typed: &Fields,
) -> Result<Response, Failure> {
    let tr = ctx.tr;
    let lang = ctx.lang;
    let (item, roadmap, inst) = item_for(state, &ctx.caller, id, Action::EditRoadmap)
        .await
        .or_page(lang)?;
    if !roadmap.status.progress_editable() {
        return Err(Failure(
            AppError::Conflict(not_editable(roadmap.status)),
            lang,
        ));
    }
    let content = roadmap.status.content_editable();
    let d = &item.details;
    let opds = state
        .store
        .opds_of(inst.id)
        .await
        .map_err(|e| Failure(e.into(), lang))?
        .into_iter()
        .filter(|o| o.active || o.id == item.opd_id)
        .map(|o| Choice {
            value: o.id.to_string(),
            label: o.name,
        })
        .collect();
    let gaps = state
        .store
        .architecture_items(inst.id, &ItemFilter::default())
        .await
        .map_err(|e| Failure(e.into(), lang))?
        .into_iter()
        .map(|a| Choice {
            value: a.id.to_string(),
            label: a.name,
        })
        .collect();
    let typed_years: Vec<i32> = typed
        .iter()
        .filter(|(k, _)| k == "years")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let years = roadmap
        .span()
        .map(|y| YearRow {
            year: y,
            checked: if typed.is_empty() {
                d.years.contains(&y)
            } else {
                typed_years.contains(&y)
            },
            target: typed_or(
                typed,
                &format!("target_{y}"),
                d.targets.get(&y).map(String::as_str).unwrap_or_default(),
            ),
            budget: typed_or(
                typed,
                &format!("budget_{y}"),
                &d.budget.get(&y).map(i64::to_string).unwrap_or_default(),
            ),
        })
        .collect();
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let texts = [
        ("need", "peta_rencana.kebutuhan", opt(&d.need), true),
        ("process", "peta_rencana.proses", opt(&d.process), false),
        ("domain", "peta_rencana.domain", opt(&d.domain), false),
        (
            "initiative",
            "peta_rencana.inisiatif",
            opt(&d.initiative),
            true,
        ),
        (
            "external_party",
            "peta_rencana.pihak_eksternal",
            opt(&d.external_party),
            false,
        ),
        (
            "baseline",
            "peta_rencana.kondisi_awal",
            opt(&d.baseline),
            true,
        ),
        (
            "program_code",
            "peta_rencana.kode_program",
            opt(&d.program_code),
            false,
        ),
    ]
    .into_iter()
    .map(|(key, label, stored, long)| (key, tr.t(label), typed_or(typed, key, &stored), long))
    .collect();
    let shell = Shell::load(state, ctx, super::SECTION, None)
        .await
        .or_page(lang)?;
    let page = EditPage {
        tr,
        shell,
        errors,
        id: item.id,
        roadmap_id: roadmap.id,
        roadmap_title: roadmap.title.clone(),
        content,
        title: typed_or(typed, "title", &item.title),
        opd: typed_or(typed, "opd", &item.opd_id.to_string()),
        opds,
        years,
        indicators: typed_or(typed, "indicators", &indicator_lines(&item)),
        gap: typed_or(
            typed,
            "gap",
            &d.architecture_item
                .map(|a| a.to_string())
                .unwrap_or_default(),
        ),
        gaps,
        texts,
        status: typed_or(typed, "status", item.status.code()),
        statuses: ItemStatus::ALL
            .into_iter()
            .map(|s| Choice {
                value: s.code().to_string(),
                label: status_label(tr, s).to_string(),
            })
            .collect(),
        evaluation: typed_or(typed, "evaluation", &opt(&d.evaluation)),
    };
    Ok(render(status, &page))
}

/// `GET /peta-rencana/item/{id}/ubah`
pub async fn form(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, ITEM).or_page(ctx.lang)?;
    edit_page(
        &state,
        &ctx,
        id,
        StatusCode::OK,
        FormErrors::default(),
        &Vec::new(),
    )
    .await
}

/// The indicator lines ("permenpanrb-8-2026 12 4"), or the message of the first bad one.
fn parse_indicators(text: &str, tr: Tr) -> Result<Vec<IndicatorTarget>, String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let parts: Vec<&str> = line.split_whitespace().collect();
            match parts.as_slice() {
                [instrument, number, level] => match (number.parse(), level.parse()) {
                    (Ok(number), Ok(level)) => Ok(IndicatorTarget {
                        instrument: (*instrument).to_string(),
                        number,
                        level,
                    }),
                    _ => Err(format!("{} ({line})", tr.t("peta_rencana.indikator_salah"))),
                },
                _ => Err(format!("{} ({line})", tr.t("peta_rencana.indikator_salah"))),
            }
        })
        .collect()
}

/// The form as the use case's input: in a draft every field, else the status and notes.
fn input_of(form: &Fields, content: bool, tr: Tr, errors: &mut FormErrors) -> ItemInput {
    let mut input = ItemInput {
        status: Some(value(form, "status").to_string()),
        evaluation: Some(value(form, "evaluation").to_string()),
        ..Default::default()
    };
    if !content {
        return input;
    }
    let mut targets = BTreeMap::new();
    let mut budget = BTreeMap::new();
    for (k, v) in form {
        if let Some(y) = k.strip_prefix("target_").and_then(|y| y.parse().ok()) {
            if !v.trim().is_empty() {
                targets.insert(y, v.clone());
            }
        } else if let Some(y) = k.strip_prefix("budget_").and_then(|y| y.parse().ok()) {
            let digits: String = v.chars().filter(|c| !matches!(c, '.' | ' ')).collect();
            if digits.is_empty() {
                continue;
            }
            match digits.parse::<i64>() {
                Ok(n) => {
                    budget.insert(y, n);
                }
                Err(_) => errors.push(&format!("budget_{y}"), tr.t("peta_rencana.anggaran_salah")),
            }
        }
    }
    input.title = Some(value(form, "title").to_string());
    input.opd = value(form, "opd").trim().parse().ok();
    if input.opd.is_none() {
        errors.push("opd", tr.t("peta_rencana.pilih_opd"));
    }
    input.years = Some(
        form.iter()
            .filter(|(k, _)| k == "years")
            .filter_map(|(_, v)| v.parse().ok())
            .collect(),
    );
    input.targets = Some(targets);
    input.budget = Some(budget);
    match parse_indicators(value(form, "indicators"), tr) {
        Ok(list) => input.indicators = Some(list),
        Err(m) => errors.push("indicators", m),
    }
    input.gap = Some(value(form, "gap").trim().parse().ok());
    for (key, slot) in [
        ("need", &mut input.need),
        ("process", &mut input.process),
        ("domain", &mut input.domain),
        ("initiative", &mut input.initiative),
        ("external_party", &mut input.external_party),
        ("baseline", &mut input.baseline),
        ("program_code", &mut input.program_code),
    ] {
        *slot = Some(value(form, key).to_string());
    }
    input
}

/// `POST /peta-rencana/item/{id}/ubah`
pub async fn save(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(form): Form<Fields>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, ITEM).or_page(ctx.lang)?;
    let item = items::get(&state, &ctx.caller, id)
        .await
        .or_page(ctx.lang)?;
    let roadmap = roadmaps::get(&state, &ctx.caller, item.roadmap_id)
        .await
        .or_page(ctx.lang)?;
    let mut errors = FormErrors::default();
    let input = input_of(
        &form,
        roadmap.status.content_editable(),
        ctx.tr,
        &mut errors,
    );
    let result = if errors.is_empty() {
        items::update(&state, &ctx.caller, id, &input).await
    } else {
        Err(AppError::Invalid(Vec::new()))
    };
    match result {
        Ok(_) => Ok(see_other(&format!(
            "/peta-rencana/item/{id}?pesan=peta-rencana-item"
        ))),
        Err(err) => match FormErrors::from_error(&err, "status") {
            Some((status, more)) => {
                errors.items.extend(more.items);
                edit_page(&state, &ctx, id, status, errors, &form).await
            }
            None => Err(Failure(err, ctx.lang)),
        },
    }
}

/// Whether `ctx`'s caller may open the edit form of an item of a roadmap in `status`.
pub(crate) fn may_edit(
    ctx: &Ctx,
    inst: &padu_store::Instansi,
    status: padu_core::peta_rencana::RoadmapStatus,
) -> bool {
    status.progress_editable() && ctx.caller.may(Action::EditRoadmap, &inst.target())
}
