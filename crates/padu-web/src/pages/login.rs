//! Signing in and out of the pages: a session cookie whose digest the store keeps.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use padu_core::audit::token_digest;
use padu_store::now_ms;
use serde::Deserialize;

use super::form::FormErrors;
use super::layout::{
    Ctx, Failure, OrPage, Shell, banner, cookie, local_path, render, see_other_with_cookies,
};
use crate::auth::extract::ClientAddr;
use crate::auth::{SESSION_COOKIE, new_secret};
use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use crate::services;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct LoginQuery {
    lanjut: Option<String>,
    pesan: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    username: String,
    password: String,
    lanjut: String,
}

#[derive(Template)]
#[template(path = "masuk.html")]
struct LoginPage {
    tr: Tr,
    shell: Shell,
    errors: FormErrors,
    username: String,
    lanjut: Option<String>,
}

/// Where to go after signing in: a local path, never back to the sign-in page itself.
fn next_path(lanjut: Option<&str>) -> Option<String> {
    lanjut
        .and_then(local_path)
        .filter(|p| !p.starts_with("/masuk") && !p.starts_with("/keluar"))
        .map(str::to_string)
}

pub async fn form(headers: HeaderMap, Query(query): Query<LoginQuery>) -> Response {
    let lang = Lang::from_headers(&headers);
    let tr = Tr::new(lang);
    let mut shell = Shell::anonymous(lang);
    shell.banner = query.pesan.as_deref().and_then(|code| banner(tr, code));
    render(
        StatusCode::OK,
        &LoginPage {
            tr,
            shell,
            errors: FormErrors::default(),
            username: String::new(),
            lanjut: next_path(query.lanjut.as_deref()),
        },
    )
}

pub async fn submit(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    Form(input): Form<LoginForm>,
) -> Result<Response, Failure> {
    let lang = Lang::from_headers(&headers);
    let tr = Tr::new(lang);
    let lanjut = next_path(Some(&input.lanjut));
    match services::login(&state, &input.username, &input.password, &address).await {
        Ok(user) => {
            let secret = new_secret("");
            let hours = state.config.session_hours;
            let expires = now_ms() + hours * 3600 * 1000;
            state
                .store
                .create_session(&user, &token_digest(&secret), expires)
                .await
                .map_err(AppError::from)
                .or_page(lang)?;
            let session = cookie(&state, SESSION_COOKIE, &secret, Some(hours * 3600), true);
            Ok(see_other_with_cookies(
                lanjut.as_deref().unwrap_or("/"),
                &[session],
            ))
        }
        Err(err) => {
            let message = match &err {
                AppError::WrongCredentials => tr.t("masuk.salah").to_string(),
                AppError::TooManyRequests(secs) => tr
                    .t("masuk.terlalu_banyak")
                    .replace("{menit}", &secs.div_ceil(60).to_string()),
                _ => return Err(Failure(err, lang)),
            };
            let mut errors = FormErrors::default();
            errors.push("username", message);
            let page = LoginPage {
                tr,
                shell: Shell::anonymous(lang),
                errors,
                username: input.username.trim().to_string(),
                lanjut,
            };
            let mut response = render(err.status(), &page);
            if let AppError::TooManyRequests(secs) = err
                && let Ok(value) = HeaderValue::from_str(&secs.to_string())
            {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            Ok(response)
        }
    }
}

/// Ends this browser's session and forgets the cookie.
pub async fn logout(State(state): State<AppState>, ctx: Ctx) -> Result<Response, Failure> {
    if let Some(digest) = &ctx.caller.session_digest {
        state
            .store
            .delete_session(&ctx.caller.user, digest)
            .await
            .map_err(AppError::from)
            .or_page(ctx.lang)?;
    }
    Ok(see_other_with_cookies(
        "/masuk?pesan=keluar",
        &[clear_session(&state)],
    ))
}

/// The `Set-Cookie` that removes the session cookie.
pub fn clear_session(state: &AppState) -> String {
    cookie(state, SESSION_COOKIE, "", Some(0), true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_return_path_stays_on_this_site() {
        assert_eq!(next_path(Some("/audit")).as_deref(), Some("/audit"));
        assert_eq!(next_path(Some("//evil.example")), None);
        assert_eq!(next_path(Some("https://evil.example")), None);
        assert_eq!(next_path(Some("/masuk")), None);
        assert_eq!(next_path(Some("")), None);
        assert_eq!(next_path(None), None);
    }
}
