//! The assessors' and period managers' forms on an indicator: return with a note, accept with a
//! level, a verdict per evidence item, the final value, an external index value.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;

use super::load::Typed;
use super::path_ids;
use super::work::{again, back};
use crate::kit::layout::{Ctx, Failure, parse_id, see_other};
use padu_app::App;
use padu_app::AppError;
use padu_app::evaluation as service;

/// An optional text: `None` when only spaces were typed.
fn optional(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReturnForm {
    return_note: String,
}

/// `POST /periode/{id}/indikator/{number}/kembalikan`.
pub async fn return_indicator(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<(String, String)>,
    Form(form): Form<ReturnForm>,
) -> Result<Response, Failure> {
    let (id, number) = path_ids(&raw, ctx.lang)?;
    match service::return_indicator(&state, &ctx.caller, id, number, &form.return_note).await {
        Ok(_) => Ok(see_other(&back(id, number, "dikembalikan"))),
        Err(err) => {
            let typed = Typed {
                return_note: form.return_note,
                ..Typed::default()
            };
            let rename = [("note", "return_note")];
            again(&state, &ctx, (id, number), err, &rename, &typed).await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AcceptForm {
    accept_level: String,
    accept_note: String,
}

/// `POST /periode/{id}/indikator/{number}/terima`.
pub async fn accept(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<(String, String)>,
    Form(form): Form<AcceptForm>,
) -> Result<Response, Failure> {
    let (id, number) = path_ids(&raw, ctx.lang)?;
    let result = if form.accept_level.trim().is_empty() {
        Err(AppError::field(
            "accept_level",
            ctx.tr.t("indikator.terima_level_galat"),
        ))
    } else {
        service::accept(
            &state,
            &ctx.caller,
            id,
            number,
            form.accept_level.trim(),
            optional(&form.accept_note),
        )
        .await
    };
    match result {
        Ok(_) => Ok(see_other(&back(id, number, "diterima"))),
        Err(err) => {
            let typed = Typed {
                accept_level: Some(form.accept_level),
                accept_note: form.accept_note,
                ..Typed::default()
            };
            let rename = [("level", "accept_level"), ("note", "accept_note")];
            again(&state, &ctx, (id, number), err, &rename, &typed).await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct VerdictForm {
    review: String,
    note: String,
}

/// `POST /periode/{id}/indikator/{number}/bukti/{link}/tinjau`: a verdict on one evidence item.
pub async fn verdict(
    State(state): State<App>,
    ctx: Ctx,
    Path((raw_id, raw_number, raw_link)): Path<(String, String, String)>,
    Form(form): Form<VerdictForm>,
) -> Result<Response, Failure> {
    let (id, number) = path_ids(&(raw_id, raw_number), ctx.lang)?;
    let link = parse_id(&raw_link, "Bukti dukung").map_err(|e| Failure(e, ctx.lang))?;
    let result = service::review_evidence(
        &state,
        &ctx.caller,
        id,
        number,
        link,
        &form.review,
        optional(&form.note),
    )
    .await;
    match result {
        Ok(items) => {
            let level = items
                .iter()
                .find(|l| l.link_id == link)
                .map_or(0, |l| l.level);
            Ok(see_other(&format!(
                "{}#level-{level}",
                back(id, number, "tinjauan")
            )))
        }
        Err(err) => {
            let typed = Typed {
                review: Some((link, form.review, form.note)),
                ..Typed::default()
            };
            let (review, note) = (format!("review-{link}"), format!("note-{link}"));
            let rename = [("review", review.as_str()), ("note", note.as_str())];
            again(&state, &ctx, (id, number), err, &rename, &typed).await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FinalForm {
    final_level: String,
    final_note: String,
}

/// `POST /periode/{id}/indikator/{number}/final`: the final value (empty clears it).
pub async fn set_final(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<(String, String)>,
    Form(form): Form<FinalForm>,
) -> Result<Response, Failure> {
    let (id, number) = path_ids(&raw, ctx.lang)?;
    let result = service::set_final(
        &state,
        &ctx.caller,
        id,
        number,
        optional(&form.final_level),
        optional(&form.final_note),
    )
    .await;
    match result {
        Ok(_) => Ok(see_other(&back(id, number, "final"))),
        Err(err) => {
            let typed = Typed {
                final_level: Some(form.final_level),
                final_note: form.final_note,
                ..Typed::default()
            };
            let rename = [("level", "final_level"), ("note", "final_note")];
            again(&state, &ctx, (id, number), err, &rename, &typed).await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ExternalForm {
    ext_value: String,
    ext_source: String,
    ext_date: String,
}

/// `POST /periode/{id}/indikator/{number}/eksternal`: the value of an external index.
pub async fn set_external(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<(String, String)>,
    Form(form): Form<ExternalForm>,
) -> Result<Response, Failure> {
    let (id, number) = path_ids(&raw, ctx.lang)?;
    let result = service::set_external(
        &state,
        &ctx.caller,
        id,
        number,
        form.ext_value.trim(),
        &form.ext_source,
        optional(&form.ext_date),
    )
    .await;
    match result {
        Ok(_) => Ok(see_other(&back(id, number, "eksternal"))),
        Err(err) => {
            let typed = Typed {
                ext_value: Some(form.ext_value),
                ext_source: Some(form.ext_source),
                ext_date: Some(form.ext_date),
                ..Typed::default()
            };
            let rename = [
                ("value", "ext_value"),
                ("source", "ext_source"),
                ("date", "ext_date"),
            ];
            again(&state, &ctx, (id, number), err, &rename, &typed).await
        }
    }
}
