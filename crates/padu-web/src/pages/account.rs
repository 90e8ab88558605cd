//! The user's own account: who they are in Padu, and changing their password.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::form::FormErrors;
use super::layout::{
    Ctx, Failure, OrPage, Section, Shell, render, role_label, see_other_with_cookies,
};
use super::login::clear_session;
use crate::auth::extract::ClientAddr;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::services;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "akun.html")]
struct AccountPage {
    tr: Tr,
    shell: Shell,
    errors: FormErrors,
    username: String,
    name: String,
    role: &'static str,
    instansi: Option<String>,
    opd: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    current: String,
    new: String,
    confirm: String,
}

pub async fn show(State(state): State<AppState>, ctx: Ctx) -> Result<Response, Failure> {
    page(&state, &ctx, FormErrors::default(), StatusCode::OK).await
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    errors: FormErrors,
    status: StatusCode,
) -> Result<Response, Failure> {
    let user = &ctx.caller.user;
    let shell = Shell::load(state, ctx, Section::Account, None)
        .await
        .or_page(ctx.lang)?;
    let opd = match user.opd_id {
        Some(id) => state.store.opd(id).await.map_err(AppError::from),
        None => Ok(None),
    }
    .or_page(ctx.lang)?;
    let view = AccountPage {
        tr: ctx.tr,
        instansi: shell.user.as_ref().and_then(|u| u.instansi.clone()),
        shell,
        errors,
        username: user.username.clone(),
        name: user.display_name.clone(),
        role: role_label(user.role, ctx.lang),
        opd: opd.map(|o| o.name),
    };
    Ok(render(status, &view))
}

/// Changes the password. The store then ends every session of the user, this one included, so
/// the user signs in again with the new password.
///
/// Wrong current passwords count as failed logins, so a borrowed session cannot be used to guess
/// the password.
pub async fn change_password(
    State(state): State<AppState>,
    ctx: Ctx,
    ClientAddr(address): ClientAddr,
    Form(form): Form<PasswordForm>,
) -> Result<Response, Failure> {
    let username = &ctx.caller.user.username;
    if let Some(wait) = state.throttle.blocked(username, &address) {
        return Err(Failure(AppError::TooManyRequests(wait), ctx.lang));
    }
    let mut errors = FormErrors::default();
    if form.current.is_empty() {
        errors.push("current", ctx.tr.t("akun.saat_ini_kosong"));
    }
    if form.new != form.confirm {
        errors.push("confirm", ctx.tr.t("akun.tidak_sama"));
    }
    if !errors.is_empty() {
        return page(&state, &ctx, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    match services::change_password(&state, &ctx.caller, &form.current, &form.new).await {
        Ok(()) => Ok(see_other_with_cookies(
            "/masuk?pesan=sandi-diubah",
            &[clear_session(&state)],
        )),
        Err(err) => match FormErrors::from_error(&err, "new") {
            Some((status, errors)) => {
                if errors.get("current").is_some() {
                    state.throttle.failed(username, &address);
                }
                page(&state, &ctx, errors, status).await
            }
            None => Err(Failure(err, ctx.lang)),
        },
    }
}
