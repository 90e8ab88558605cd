//! One roadmap item (`/peta-rencana/item/{id}`): its details, its targets and budget per year,
//! its semester reports and the form its OPD reports one with (set to the semester being
//! reported, with its deadline), the planner's action items attached to it and the form that
//! attaches one (for whoever may manage the plan).

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use padu_app::kit::format::date_text;
use padu_app::kit::i18n::Tr;
use padu_app::peta_rencana::ITEM;
use padu_app::peta_rencana::items::{self, RealisationInput};
use padu_app::peta_rencana::roadmaps;
use padu_app::peta_rencana::thread::{self, Attach};
use padu_app::{Acting as _, App};
use padu_core::Instrument;
use padu_core::peta_rencana::monitoring::reporting_semester;
use padu_store::planner::ActionItem;

use super::pages::{
    Fields, instansi_of, rupiah, status_label, status_tag, value, year_of, years_text,
};
use crate::evaluation::indicator::decimal_separator;
use crate::kit::form::FormErrors;
use crate::kit::layout::{Ctx, Failure, OrPage, Pesan, Shell, parse_id, render, see_other};

pub struct Line {
    pub label: &'static str,
    pub value: String,
}

pub struct ActionRow {
    pub id: i64,
    pub text: String,
    pub status: &'static str,
    pub attached: bool,
}

pub struct ReportRow {
    pub period: String,
    pub value: String,
    pub note: String,
    pub by: String,
}

#[derive(Template)]
#[template(path = "peta_rencana/templates/item.html")]
struct ItemPage {
    tr: Tr,
    shell: Shell,
    errors: FormErrors,
    id: i64,
    roadmap_id: i64,
    roadmap_title: String,
    instansi_name: String,
    title: String,
    status: &'static str,
    status_tag: &'static str,
    lines: Vec<Line>,
    per_year: Vec<(i32, String, String)>,
    reports: Vec<ReportRow>,
    may_report: bool,
    years: Vec<i32>,
    typed_value: String,
    typed_note: String,
    /// The semester being reported and its deadline ("Semester 1 2026 · paling lambat ...").
    due: String,
    due_year: i32,
    due_semester: u8,
    /// The action items attached to it.
    actions: Vec<ActionRow>,
    /// The instansi's open action items not attached to it (the form's choices).
    attachable: Vec<ActionRow>,
    may_attach: bool,
    /// The link to the edit form (admin instansi, koordinator; not in a reviewed version).
    may_edit: bool,
}

fn action_row(
    tr: Tr,
    lang: padu_app::kit::i18n::Lang,
    a: &ActionItem,
    i: &Instrument,
) -> ActionRow {
    let name = i
        .indicator(a.number)
        .map(|x| x.name.clone())
        .unwrap_or_default();
    ActionRow {
        id: a.id,
        text: format!(
            "{} {} {name} → {} · {} {}",
            tr.t("indikator.indikator"),
            a.number,
            a.to.format_short(decimal_separator(lang)),
            tr.t("beranda.tenggat"),
            date_text(&a.due_date, lang)
        ),
        status: tr.t(&format!("rencana.status_{}", a.status.code())),
        attached: a.roadmap_item.is_some(),
    }
}

async fn item_page(
    state: &App,
    ctx: &Ctx,
    id: i64,
    pesan: Option<&str>,
    status: StatusCode,
    errors: FormErrors,
    typed: &Fields,
) -> Result<Response, Failure> {
    let tr = ctx.tr;
    let lang = ctx.lang;
    let item = items::get(state, &ctx.caller, id).await.or_page(lang)?;
    let roadmap = roadmaps::get(state, &ctx.caller, item.roadmap_id)
        .await
        .or_page(lang)?;
    let inst = instansi_of(state, ctx, roadmap.instansi_id).await?;
    let opd = state
        .store
        .opd(item.opd_id)
        .await
        .map_err(|e| Failure(e.into(), lang))?
        .map(|o| o.name)
        .unwrap_or_default();
    let d = &item.details;
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut lines = vec![
        Line {
            label: tr.t("peta_rencana.opd"),
            value: opd,
        },
        Line {
            label: tr.t("peta_rencana.tahun"),
            value: years_text(&d.years),
        },
        Line {
            label: tr.t("peta_rencana.kebutuhan"),
            value: opt(&d.need),
        },
        Line {
            label: tr.t("peta_rencana.inisiatif"),
            value: opt(&d.initiative),
        },
        Line {
            label: tr.t("peta_rencana.proses"),
            value: opt(&d.process),
        },
        Line {
            label: tr.t("peta_rencana.pihak_eksternal"),
            value: opt(&d.external_party),
        },
        Line {
            label: tr.t("peta_rencana.kondisi_awal"),
            value: opt(&d.baseline),
        },
        Line {
            label: tr.t("peta_rencana.kode_program"),
            value: opt(&d.program_code),
        },
        Line {
            label: tr.t("peta_rencana.indikator"),
            value: d
                .indicators
                .iter()
                .map(|t| {
                    let short = state
                        .catalog
                        .instrument(&t.instrument)
                        .map(|i| i.short_name.clone())
                        .unwrap_or_else(|| t.instrument.clone());
                    format!(
                        "{short} {} {} ({} {})",
                        tr.t("peta_rencana.indikator_no"),
                        t.number,
                        tr.t("peta_rencana.tingkat"),
                        t.level
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
        },
        Line {
            label: tr.t("peta_rencana.evaluasi"),
            value: opt(&d.evaluation),
        },
    ];
    if let Some(a) = d.architecture_item
        && let Ok(Some(arch)) = state.store.architecture_item(a).await
    {
        lines.push(Line {
            label: tr.t("peta_rencana.arsitektur"),
            value: arch.name,
        });
    }
    lines.retain(|l| !l.value.is_empty());
    let per_year = roadmap
        .span()
        .map(|y| {
            (
                y,
                d.targets.get(&y).cloned().unwrap_or_default(),
                d.budget
                    .get(&y)
                    .map(|v| rupiah(*v, lang))
                    .unwrap_or_default(),
            )
        })
        .collect();
    let reports = d
        .realisation
        .iter()
        .map(|r| ReportRow {
            period: format!(
                "{} {} {}",
                r.year,
                tr.t("peta_rencana.semester"),
                r.semester
            ),
            value: r.value.clone(),
            note: r.note.clone().unwrap_or_default(),
            by: r.reported_by.clone(),
        })
        .collect();
    let semester = reporting_semester(
        padu_app::evaluation::dashboard::today_in(&inst.timezone),
        roadmap.report_days,
    );
    let due = format!(
        "{} · {} {}",
        semester.label(),
        tr.t("peta_rencana.paling_lambat"),
        date_text(
            &padu_core::date::iso(semester.deadline(roadmap.report_days)),
            lang
        )
    );
    let attached = thread::actions_of(state, &ctx.caller, item.id)
        .await
        .or_page(lang)?;
    let actions: Vec<ActionRow> = attached
        .iter()
        .map(|(a, i)| action_row(tr, lang, a, i))
        .collect();
    let attachable: Vec<ActionRow> = thread::attachable(state, &ctx.caller, &inst)
        .await
        .or_page(lang)?
        .iter()
        .filter(|(a, _)| a.roadmap_item != Some(item.id))
        .map(|(a, i)| action_row(tr, lang, a, i))
        .collect();
    let may_attach = roadmap.status != padu_core::peta_rencana::RoadmapStatus::Direviu
        && ctx
            .caller
            .may(padu_core::access::Action::ManagePeriod, &inst.target());
    let shell = Shell::load(state, ctx, super::SECTION, pesan)
        .await
        .or_page(lang)?;
    let page = ItemPage {
        tr,
        shell,
        errors,
        id: item.id,
        roadmap_id: roadmap.id,
        roadmap_title: roadmap.title.clone(),
        instansi_name: inst.name.clone(),
        title: item.title.clone(),
        status: status_label(tr, item.status),
        status_tag: status_tag(item.status),
        lines,
        per_year,
        reports,
        may_report: items::may_report(&ctx.caller, &inst, &item),
        years: roadmap.span().collect(),
        typed_value: value(typed, "value").to_string(),
        typed_note: value(typed, "note").to_string(),
        due,
        due_year: semester.year,
        due_semester: semester.semester,
        actions,
        attachable,
        may_attach,
        may_edit: super::edit_page::may_edit(ctx, &inst, roadmap.status),
    };
    Ok(render(status, &page))
}

/// `GET /peta-rencana/item/{id}`
pub async fn item(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(p): Query<Pesan>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, ITEM).or_page(ctx.lang)?;
    item_page(
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

/// `POST /peta-rencana/item/{id}/realisasi`
pub async fn report(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(form): Form<Fields>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, ITEM).or_page(ctx.lang)?;
    let input = RealisationInput {
        year: year_of(&form, "year").unwrap_or_default(),
        semester: value(&form, "semester").trim().parse().unwrap_or_default(),
        value: value(&form, "value").to_string(),
        note: Some(value(&form, "note").to_string()).filter(|n| !n.trim().is_empty()),
    };
    match items::report(&state, &ctx.caller, id, &input).await {
        Ok(_) => Ok(see_other(&format!(
            "/peta-rencana/item/{id}?pesan=peta-rencana-realisasi"
        ))),
        Err(err) => match FormErrors::from_error(&err, "value") {
            Some((status, errors)) => {
                item_page(&state, &ctx, id, None, status, errors, &form).await
            }
            None => Err(Failure(err, ctx.lang)),
        },
    }
}

/// `POST /peta-rencana/item/{id}/rencana-aksi`: attaches the action item `action` to the item,
/// or detaches the one named `lepas`.
pub async fn attach(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(form): Form<Fields>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, ITEM).or_page(ctx.lang)?;
    let detach = value(&form, "lepas").trim().parse::<i64>().ok();
    let action = detach.or_else(|| value(&form, "action").trim().parse::<i64>().ok());
    let result = match action {
        Some(a) => {
            let choice = if detach.is_some() {
                Attach::Nothing
            } else {
                Attach::Item(id)
            };
            thread::attach(&state, &ctx.caller, a, choice)
                .await
                .map(|_| ())
        }
        None => Err(padu_app::AppError::field(
            "action",
            ctx.tr.t("peta_rencana.pilih_aksi"),
        )),
    };
    match result {
        Ok(()) => Ok(see_other(&format!(
            "/peta-rencana/item/{id}?pesan=peta-rencana-aksi"
        ))),
        Err(err) => match FormErrors::from_error(&err, "action") {
            Some((status, errors)) => {
                item_page(&state, &ctx, id, None, status, errors, &form).await
            }
            None => Err(Failure(err, ctx.lang)),
        },
    }
}
