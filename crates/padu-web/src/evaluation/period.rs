//! The evaluation periods of an instansi: the list (each leading to its dashboard) and, for the
//! roles that manage periods, the form that opens a new one.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use padu_core::access::{Action, allows};
use padu_core::evaluation::PeriodKind;
use padu_store::evaluation::{DateRange, Period, Stages};
use serde::Deserialize;

use crate::kit::form::FormErrors;
use crate::kit::layout::{Ctx, Failure, OrPage, Pesan, Shell, parse_id, render, see_other};
use padu_app::App;
use padu_app::evaluation::dashboard::today_in;
use padu_app::evaluation::texts::{kind_label, period_name};
use padu_app::evaluation::{self as service, PeriodInput};
use padu_app::kit::i18n::{Lang, Tr};

/// The decimal separator of the page's language.
pub fn separator(lang: Lang) -> char {
    match lang {
        Lang::Id => ',',
        Lang::En => '.',
    }
}

#[derive(Debug, Clone)]
pub struct PeriodRow {
    pub id: i64,
    pub name: String,
    pub instrument: String,
    pub target: Option<String>,
    pub closed: bool,
}

#[derive(Debug, Clone)]
pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// The two date inputs of one stage.
#[derive(Debug, Clone)]
pub struct StageFields {
    pub legend: &'static str,
    pub start_id: &'static str,
    pub start: String,
    pub end_id: &'static str,
    pub end: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PeriodForm {
    year: String,
    kind: String,
    instrument: String,
    carry_from: String,
    target: String,
    mandiri_mulai: String,
    mandiri_selesai: String,
    dokumen_mulai: String,
    dokumen_selesai: String,
    interviu_mulai: String,
    interviu_selesai: String,
    visitasi_mulai: String,
    visitasi_selesai: String,
}

impl PeriodForm {
    fn stages(&self) -> Stages {
        let range = |start: &str, end: &str| DateRange {
            start: Some(start.trim().to_string()).filter(|s| !s.is_empty()),
            end: Some(end.trim().to_string()).filter(|s| !s.is_empty()),
        };
        Stages {
            mandiri: range(&self.mandiri_mulai, &self.mandiri_selesai),
            dokumen: range(&self.dokumen_mulai, &self.dokumen_selesai),
            interviu: range(&self.interviu_mulai, &self.interviu_selesai),
            visitasi: range(&self.visitasi_mulai, &self.visitasi_selesai),
        }
    }

    fn input(&self) -> PeriodInput {
        let carry = self.carry_from.trim();
        PeriodInput {
            // anything but a number is a year out of range for the service
            year: self.year.trim().parse().unwrap_or(0),
            kind: self.kind.trim().to_string(),
            instrument: self.instrument.trim().to_string(),
            // an unknown id is reported as "not found in this instansi"
            carry_from: (!carry.is_empty()).then(|| carry.parse().unwrap_or(-1)),
            target: Some(self.target.trim().to_string()).filter(|t| !t.is_empty()),
            stages: self.stages(),
        }
    }
}

#[derive(Template)]
#[template(path = "evaluation/templates/periode_daftar.html")]
struct ListPage {
    tr: Tr,
    shell: Shell,
    instansi_id: i64,
    instansi_name: String,
    rows: Vec<PeriodRow>,
    may_manage: bool,
    errors: FormErrors,
    year: String,
    kinds: Vec<Opt>,
    instruments: Vec<Opt>,
    carry: Vec<Opt>,
    target: String,
    stages: Vec<StageFields>,
}

pub async fn list(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(query): Query<Pesan>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Instansi").or_page(ctx.lang)?;
    let pesan = query.pesan.as_deref();
    list_page(
        &state,
        &ctx,
        id,
        pesan,
        None,
        FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

async fn list_page(
    state: &App,
    ctx: &Ctx,
    id: i64,
    pesan: Option<&str>,
    form: Option<&PeriodForm>,
    errors: FormErrors,
    status: StatusCode,
) -> Result<Response, Failure> {
    let (inst, periods) = service::periods_of(state, &ctx.caller, id)
        .await
        .or_page(ctx.lang)?;
    let section = if ctx.caller.user.instansi_id == Some(inst.id) {
        crate::evaluation::PERIODS
    } else {
        crate::org::HOME
    };
    let shell = Shell::load(state, ctx, section, pesan)
        .await
        .or_page(ctx.lang)?;
    let tr = ctx.tr;
    let sep = separator(ctx.lang);
    let rows = periods
        .iter()
        .map(|p| {
            let instrument = state.catalog.instrument(&p.instrument);
            PeriodRow {
                id: p.id,
                name: period_name(tr, p.kind, p.year),
                instrument: instrument
                    .map_or_else(|| p.instrument.clone(), |i| i.short_name.clone()),
                target: p.target.map(|t| match instrument {
                    Some(i) => i.display(t.exact(), sep),
                    None => t.format(2, sep),
                }),
                closed: p.closed,
            }
        })
        .collect();
    let default_form;
    let form = match form {
        Some(f) => f,
        None => {
            default_form = PeriodForm {
                year: today_in(&inst.timezone).year().to_string(),
                kind: PeriodKind::Evaluasi.code().into(),
                instrument: state
                    .catalog
                    .in_force()
                    .map(|i| i.id.clone())
                    .unwrap_or_default(),
                ..PeriodForm::default()
            };
            &default_form
        }
    };
    let page = ListPage {
        tr,
        shell,
        instansi_id: inst.id,
        may_manage: allows(&ctx.caller.actor(), Action::ManagePeriod, &inst.target()),
        instansi_name: inst.name,
        rows,
        errors,
        year: form.year.clone(),
        kinds: PeriodKind::ALL
            .into_iter()
            .map(|k| Opt {
                value: k.code().into(),
                label: kind_label(tr, k).into(),
                selected: form.kind.trim() == k.code(),
            })
            .collect(),
        instruments: instrument_options(state, form.instrument.trim()),
        carry: carry_options(tr, state, &periods, form.carry_from.trim()),
        target: form.target.clone(),
        stages: stage_fields(tr, form),
    };
    Ok(render(status, &page))
}

/// The instruments, the one in force first, then the newest.
fn instrument_options(state: &App, selected: &str) -> Vec<Opt> {
    let mut list: Vec<_> = state.catalog.instruments().iter().collect();
    list.sort_by(|a, b| {
        b.in_force()
            .cmp(&a.in_force())
            .then(b.first_year.cmp(&a.first_year))
    });
    list.into_iter()
        .map(|i| Opt {
            value: i.id.clone(),
            label: format!("{} ({})", i.name, i.short_name),
            selected: i.id == selected,
        })
        .collect()
}

fn carry_options(tr: Tr, state: &App, periods: &[Period], selected: &str) -> Vec<Opt> {
    periods
        .iter()
        .map(|p| {
            let instrument = state
                .catalog
                .instrument(&p.instrument)
                .map_or_else(|| p.instrument.clone(), |i| i.short_name.clone());
            Opt {
                value: p.id.to_string(),
                label: format!("{} · {instrument}", period_name(tr, p.kind, p.year)),
                selected: p.id.to_string() == selected,
            }
        })
        .collect()
}

fn stage_fields(tr: Tr, form: &PeriodForm) -> Vec<StageFields> {
    vec![
        StageFields {
            legend: tr.t("periode.tahap_mandiri"),
            start_id: "mandiri_mulai",
            start: form.mandiri_mulai.clone(),
            end_id: "mandiri_selesai",
            end: form.mandiri_selesai.clone(),
        },
        StageFields {
            legend: tr.t("periode.tahap_dokumen"),
            start_id: "dokumen_mulai",
            start: form.dokumen_mulai.clone(),
            end_id: "dokumen_selesai",
            end: form.dokumen_selesai.clone(),
        },
        StageFields {
            legend: tr.t("periode.tahap_interviu"),
            start_id: "interviu_mulai",
            start: form.interviu_mulai.clone(),
            end_id: "interviu_selesai",
            end: form.interviu_selesai.clone(),
        },
        StageFields {
            legend: tr.t("periode.tahap_visitasi"),
            start_id: "visitasi_mulai",
            start: form.visitasi_mulai.clone(),
            end_id: "visitasi_selesai",
            end: form.visitasi_selesai.clone(),
        },
    ]
}

pub async fn create(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(form): Form<PeriodForm>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Instansi").or_page(ctx.lang)?;
    match service::create_period(&state, &ctx.caller, id, &form.input()).await {
        Ok(period) => Ok(see_other(&format!(
            "/periode/{period}?pesan=periode-dibuka"
        ))),
        // a period of that year and kind already exists: said beside the year
        Err(err) => match FormErrors::from_error(&err, "year") {
            Some((status, errors)) => {
                list_page(&state, &ctx, id, None, Some(&form), errors, status).await
            }
            None => Err(Failure(err, ctx.lang)),
        },
    }
}
