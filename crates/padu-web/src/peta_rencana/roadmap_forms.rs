//! The roadmap page's forms for what the API already does: enact a draft with the kepala
//! daerah's decree (`POST /peta-rencana/{id}/tetapkan`: its number and date) and review an
//! enacted roadmap into a new version (`POST /peta-rencana/{id}/reviu`: mid-term or final, why,
//! the new version's title). A form that comes back keeps what was typed, with the messages
//! beside the fields.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use padu_app::App;
use padu_app::peta_rencana::ROADMAP;
use padu_app::peta_rencana::roadmaps::{self, Decree, ReviewInput};

use super::pages::{Fields, roadmap_page, value};
use crate::kit::form::FormErrors;
use crate::kit::layout::{Ctx, Failure, OrPage, parse_id, see_other};

/// `POST /peta-rencana/{id}/tetapkan`
pub async fn enact(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(form): Form<Fields>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, ROADMAP).or_page(ctx.lang)?;
    let decree = Decree {
        number: value(&form, "decree_number").to_string(),
        date: value(&form, "decree_date").to_string(),
    };
    match roadmaps::enact(&state, &ctx.caller, id, &decree).await {
        Ok(_) => Ok(see_other(&format!(
            "/peta-rencana/{id}?pesan=peta-rencana-ditetapkan"
        ))),
        Err(err) => match FormErrors::from_error(&err, "decree_number") {
            Some((status, errors)) => {
                roadmap_page(&state, &ctx, id, None, status, errors, &form).await
            }
            None => Err(Failure(err, ctx.lang)),
        },
    }
}

/// `POST /peta-rencana/{id}/reviu`: answers with the new version's page.
pub async fn review(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(form): Form<Fields>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, ROADMAP).or_page(ctx.lang)?;
    let text = |k: &str| Some(value(&form, k).to_string()).filter(|v| !v.trim().is_empty());
    let input = ReviewInput {
        kind: value(&form, "kind").to_string(),
        note: text("note"),
        title: text("new_title"),
    };
    match roadmaps::review(&state, &ctx.caller, id, &input).await {
        Ok(new) => Ok(see_other(&format!(
            "/peta-rencana/{}?pesan=peta-rencana-direviu",
            new.id
        ))),
        Err(err) => match FormErrors::from_error(&err, "kind") {
            Some((status, errors)) => {
                roadmap_page(&state, &ctx, id, None, status, errors, &form).await
            }
            None => Err(Failure(err, ctx.lang)),
        },
    }
}
