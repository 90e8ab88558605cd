//! The user's own account: who they are in Padu, their e-mail address for notifications,
//! changing their password, and their API tokens (listed, each with a button that revokes it).

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::login::clear_session;
use crate::kit::extract::ClientAddr;
use crate::kit::form::FormErrors;
use crate::kit::layout::{
    Ctx, Failure, OrPage, Pesan, Shell, parse_id, render, role_label, see_other,
    see_other_with_cookies,
};
use padu_app::App;
use padu_app::kit::format::date_time;
use padu_app::kit::i18n::Tr;
use padu_app::users::{self, tokens};

#[derive(Template)]
#[template(path = "users/templates/akun.html")]
struct AccountPage {
    tr: Tr,
    shell: Shell,
    errors: FormErrors,
    username: String,
    name: String,
    role: &'static str,
    instansi: Option<String>,
    opd: Option<String>,
    /// The address on record.
    email: Option<String>,
    /// What the e-mail field shows: the address on record, or what was typed.
    email_value: String,
    /// The user's API tokens that still work, newest first.
    tokens: Vec<TokenRow>,
}

/// One API token as the page shows it: times in the user's language and instansi's zone.
struct TokenRow {
    id: i64,
    name: String,
    created: String,
    expires: String,
    /// `None`: never used.
    last_used: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EmailForm {
    email: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    current: String,
    new: String,
    confirm: String,
}

pub async fn show(
    State(state): State<App>,
    ctx: Ctx,
    Query(query): Query<Pesan>,
) -> Result<Response, Failure> {
    let banner = match query.pesan.as_deref() {
        Some("email-disimpan") => Some(ctx.tr.t("email.disimpan")),
        Some("email-dihapus") => Some(ctx.tr.t("email.dihapus")),
        Some("token-dicabut") => Some(ctx.tr.t("token.dicabut")),
        _ => None,
    };
    page(
        &state,
        &ctx,
        FormErrors::default(),
        None,
        StatusCode::OK,
        banner,
    )
    .await
}

async fn page(
    state: &App,
    ctx: &Ctx,
    errors: FormErrors,
    typed_email: Option<String>,
    status: StatusCode,
    banner: Option<&'static str>,
) -> Result<Response, Failure> {
    let user = &ctx.caller.user;
    let mut shell = Shell::load(state, ctx, crate::users::ACCOUNT, None)
        .await
        .or_page(ctx.lang)?;
    if banner.is_some() {
        shell.banner = banner;
    }
    let opd = padu_app::org::own_opd(state, &ctx.caller)
        .await
        .or_page(ctx.lang)?;
    let own = padu_app::org::own_instansi(state, &ctx.caller)
        .await
        .or_page(ctx.lang)?;
    let zone = own.as_ref().map_or("WIB", |i| i.timezone.as_str());
    let when = |at_ms| date_time(at_ms, zone, ctx.lang);
    let token_rows = tokens::own_tokens(state, &ctx.caller)
        .await
        .or_page(ctx.lang)?
        .into_iter()
        .map(|t| TokenRow {
            id: t.id,
            created: when(t.created_at_ms),
            expires: when(t.expires_at_ms),
            last_used: t.last_used_at_ms.map(when),
            name: t.name,
        })
        .collect();
    let view = AccountPage {
        tr: ctx.tr,
        instansi: shell.user.as_ref().and_then(|u| u.instansi.clone()),
        shell,
        errors,
        username: user.username.clone(),
        name: user.display_name.clone(),
        role: role_label(user.role, ctx.lang),
        opd: opd.map(|o| o.name),
        email: user.email.clone(),
        email_value: typed_email.unwrap_or_else(|| user.email.clone().unwrap_or_default()),
        tokens: token_rows,
    };
    Ok(render(status, &view))
}

/// Sets the user's own e-mail address; a blank field removes it.
pub async fn save_email(
    State(state): State<App>,
    ctx: Ctx,
    Form(form): Form<EmailForm>,
) -> Result<Response, Failure> {
    match users::set_own_email(&state, &ctx.caller, &form.email).await {
        Ok(Some(_)) => Ok(see_other("/akun?pesan=email-disimpan")),
        Ok(None) => Ok(see_other("/akun?pesan=email-dihapus")),
        Err(err) => match FormErrors::from_error(&err, "email") {
            Some((status, _)) => {
                let mut errors = FormErrors::default();
                errors.push("email", ctx.tr.t("email.tidak_sah"));
                page(&state, &ctx, errors, Some(form.email), status, None).await
            }
            None => Err(Failure(err, ctx.lang)),
        },
    }
}

/// Revokes one of the user's own API tokens (the page lists no one else's; the use case would
/// refuse another user's token the caller may not manage as not found).
pub async fn revoke_token(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Token").or_page(ctx.lang)?;
    tokens::revoke_token(&state, &ctx.caller, id)
        .await
        .or_page(ctx.lang)?;
    Ok(see_other("/akun?pesan=token-dicabut"))
}

/// Changes the password. The store then ends every session of the user, this one included, so
/// the user signs in again with the new password.
///
/// Wrong current passwords count as failed logins, so a borrowed session cannot be used to guess
/// the password.
pub async fn change_password(
    State(state): State<App>,
    ctx: Ctx,
    ClientAddr(address): ClientAddr,
    Form(form): Form<PasswordForm>,
) -> Result<Response, Failure> {
    let username = &ctx.caller.user.username;
    users::check_not_throttled(&state, username, &address)
        .await
        .or_page(ctx.lang)?;
    let mut errors = FormErrors::default();
    if form.current.is_empty() {
        errors.push("current", ctx.tr.t("akun.saat_ini_kosong"));
    }
    if form.new != form.confirm {
        errors.push("confirm", ctx.tr.t("akun.tidak_sama"));
    }
    if !errors.is_empty() {
        return page(
            &state,
            &ctx,
            errors,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
        )
        .await;
    }
    match users::change_password(&state, &ctx.caller, &address, &form.current, &form.new).await {
        Ok(()) => Ok(see_other_with_cookies(
            "/masuk?pesan=sandi-diubah",
            &[clear_session(&state)],
        )),
        Err(err) => match FormErrors::from_error(&err, "new") {
            Some((status, errors)) => page(&state, &ctx, errors, None, status, None).await,
            None => Err(Failure(err, ctx.lang)),
        },
    }
}
