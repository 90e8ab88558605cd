//! The recommendations of one instansi: `/instansi/{id}/rekomendasi`, with the form a province
//! writes one with, and the instansi's follow-up on each.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use padu_app::App;
use padu_app::kit::format::date_time;
use padu_app::kit::i18n::Tr;
use padu_app::pembinaan::recommendations::{self, RecommendationInput};
use padu_core::access::{Action, allows};
use padu_store::pembinaan::Recommendation;
use serde::Deserialize;

use crate::kit::form::FormErrors;
use crate::kit::layout::{Ctx, Failure, OrPage, Pesan, Shell, parse_id, render, see_other};

/// A recommendation as shown.
pub struct RecommendationRow {
    pub id: i64,
    pub year: i32,
    pub indicator: Option<u16>,
    pub indicator_href: Option<String>,
    pub text: String,
    pub author: String,
    pub created: String,
    pub follow_up: Option<(String, String, String)>,
    /// Why the follow-up form failed, with what was typed.
    pub follow_up_error: Option<String>,
    pub follow_up_draft: String,
}

/// Rows for `list`, with dates in the caller's zone and language.
pub fn rows(ctx: &Ctx, zone: &str, list: Vec<Recommendation>) -> Vec<RecommendationRow> {
    list.into_iter()
        .map(|r| RecommendationRow {
            id: r.id,
            year: r.year,
            indicator: r.indicator,
            indicator_href: r
                .period_id
                .zip(r.indicator)
                .map(|(p, n)| format!("/periode/{p}/indikator/{n}")),
            created: date_time(r.created_at_ms, zone, ctx.lang),
            follow_up: r
                .follow_up
                .map(|f| (date_time(f.at_ms, zone, ctx.lang), f.by, f.note)),
            text: r.text,
            author: r.author_name,
            follow_up_error: None,
            follow_up_draft: String::new(),
        })
        .collect()
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RecommendationForm {
    year: String,
    text: String,
    indicator: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FollowUpForm {
    note: String,
}

#[derive(Template)]
#[template(path = "pembinaan/templates/rekomendasi.html")]
struct RecommendationsPage {
    tr: Tr,
    shell: Shell,
    instansi_id: i64,
    instansi_name: String,
    rows: Vec<RecommendationRow>,
    may_recommend: bool,
    may_follow_up: bool,
    errors: FormErrors,
    form_year: String,
    form_text: String,
    form_indicator: String,
}

struct Shown<'a> {
    form: &'a RecommendationForm,
    errors: FormErrors,
    follow_up_errors: Option<(i64, FormErrors, String)>,
    status: StatusCode,
    pesan: Option<&'a str>,
}

async fn show_page(state: &App, ctx: &Ctx, id: i64, shown: Shown<'_>) -> Result<Response, Failure> {
    let list = recommendations::list(state, &ctx.caller, id)
        .await
        .or_page(ctx.lang)?;
    let inst = padu_app::org::instansi_for(state, &ctx.caller, id, Action::ViewRecommendations)
        .await
        .or_page(ctx.lang)?;
    let section = if ctx.caller.user.instansi_id == Some(inst.id) {
        crate::pembinaan::RECOMMENDATIONS
    } else {
        crate::pembinaan::OVERVIEW
    };
    let shell = Shell::load(state, ctx, section, shown.pesan)
        .await
        .or_page(ctx.lang)?;
    let actor = ctx.caller.actor();
    let default_year = list
        .first()
        .map_or_else(String::new, |r| r.year.to_string());
    let mut rows = rows(ctx, &inst.timezone, list);
    if let Some((id, errors, note)) = shown.follow_up_errors {
        for r in rows.iter_mut().filter(|r| r.id == id) {
            r.follow_up_error = errors.get("note").map(str::to_string);
            r.follow_up_draft = note.clone();
        }
    }
    let page = RecommendationsPage {
        tr: ctx.tr,
        shell,
        instansi_id: inst.id,
        may_recommend: allows(&actor, Action::Recommend, &inst.target()),
        may_follow_up: allows(&actor, Action::FollowUpRecommendation, &inst.target()),
        rows,
        instansi_name: inst.name,
        errors: shown.errors,
        form_year: if shown.form.year.is_empty() {
            default_year
        } else {
            shown.form.year.clone()
        },
        form_text: shown.form.text.clone(),
        form_indicator: shown.form.indicator.clone(),
    };
    Ok(render(shown.status, &page))
}

/// `GET /instansi/{id}/rekomendasi`
pub async fn list(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<Pesan>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Instansi").or_page(ctx.lang)?;
    let form = RecommendationForm::default();
    let shown = Shown {
        form: &form,
        errors: FormErrors::default(),
        follow_up_errors: None,
        status: StatusCode::OK,
        pesan: q.pesan.as_deref(),
    };
    show_page(&state, &ctx, id, shown).await
}

/// `POST /instansi/{id}/rekomendasi`
pub async fn create(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(form): Form<RecommendationForm>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Instansi").or_page(ctx.lang)?;
    let mut errors = FormErrors::default();
    let year = match form.year.trim() {
        "" => None,
        y => match y.parse::<i32>() {
            Ok(y) => Some(y),
            Err(_) => {
                errors.push("year", ctx.tr.t("rekomendasi.tahun_salah"));
                None
            }
        },
    };
    let indicator = match form.indicator.trim() {
        "" => None,
        n => match n.parse::<u16>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.push("indicator", ctx.tr.t("rekomendasi.indikator_salah"));
                None
            }
        },
    };
    let result = if errors.is_empty() {
        let input = RecommendationInput {
            year,
            text: form.text.clone(),
            indicator,
        };
        recommendations::add(&state, &ctx.caller, id, &input).await
    } else {
        // what the form could not read; the use case checks the rest
        Err(padu_app::AppError::Invalid(Vec::new()))
    };
    match result {
        Ok(_) => Ok(see_other(&format!(
            "/instansi/{id}/rekomendasi?pesan=rekomendasi-dikirim"
        ))),
        Err(err) => match FormErrors::from_error(&err, "text") {
            Some((status, more)) => {
                errors.items.extend(more.items);
                let shown = Shown {
                    form: &form,
                    errors,
                    follow_up_errors: None,
                    status,
                    pesan: None,
                };
                show_page(&state, &ctx, id, shown).await
            }
            None => Err(Failure(err, ctx.lang)),
        },
    }
}

/// `POST /rekomendasi/{id}/tindak-lanjut`
pub async fn follow_up(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(form): Form<FollowUpForm>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Rekomendasi").or_page(ctx.lang)?;
    match recommendations::follow_up(&state, &ctx.caller, id, &form.note).await {
        Ok(r) => Ok(see_other(&format!(
            "/instansi/{}/rekomendasi?pesan=rekomendasi-ditindaklanjuti",
            r.instansi_id
        ))),
        Err(err) => {
            let Some((status, errors)) = FormErrors::from_error(&err, "note") else {
                return Err(Failure(err, ctx.lang));
            };
            // the form failed on a recommendation the caller may see: show its instansi's page
            let instansi = recommendations::instansi_of(&state, &ctx.caller, id)
                .await
                .or_page(ctx.lang)?;
            let empty = RecommendationForm::default();
            let shown = Shown {
                form: &empty,
                errors: FormErrors::default(),
                follow_up_errors: Some((id, errors, form.note.clone())),
                status,
                pesan: None,
            };
            show_page(&state, &ctx, instansi, shown).await
        }
    }
}
