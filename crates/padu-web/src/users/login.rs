//! Signing in and out of the pages: a session cookie whose digest the store keeps.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;

use crate::kit::error::status;
use crate::kit::extract::ClientAddr;
use crate::kit::extract::SESSION_COOKIE;
use crate::kit::form::FormErrors;
use crate::kit::layout::{
    Ctx, Failure, OrPage, Shell, banner, cookie, local_path, render, see_other_with_cookies,
};
use padu_app::App;
use padu_app::AppError;
use padu_app::kit::i18n::Tr;
use padu_app::users;

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
#[template(path = "users/templates/masuk.html")]
struct LoginPage {
    tr: Tr,
    shell: Shell,
    errors: FormErrors,
    username: String,
    lanjut: Option<String>,
    /// The provider's name on the "Masuk dengan ..." button, when `[oidc]` is configured.
    sso: Option<String>,
}

/// The provider's name for the sign-in button, when single sign-on is on.
fn sso_name(state: &App) -> Option<String> {
    users::oidc::config(state).map(|c| c.display_name.clone())
}

/// The sign-in page with `message` above the form (a failed SSO sign-in), answered `status`.
pub(super) fn page_with_error(
    state: &App,
    lang: padu_app::kit::i18n::Lang,
    status: StatusCode,
    message: String,
    lanjut: Option<String>,
) -> Response {
    let tr = Tr::new(lang);
    let mut errors = FormErrors::default();
    errors.push("", message);
    render(
        status,
        &LoginPage {
            tr,
            shell: Shell::anonymous(lang),
            errors,
            username: String::new(),
            lanjut,
            sso: sso_name(state),
        },
    )
}

/// Where to go after signing in: a local path, never back to the sign-in page itself.
pub(super) fn next_path(lanjut: Option<&str>) -> Option<String> {
    lanjut
        .and_then(local_path)
        .filter(|p| !p.starts_with("/masuk") && !p.starts_with("/keluar"))
        .map(str::to_string)
}

pub async fn form(
    State(state): State<App>,
    headers: HeaderMap,
    Query(query): Query<LoginQuery>,
) -> Response {
    let lang = crate::kit::i18n::lang_of(&headers);
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
            sso: sso_name(&state),
        },
    )
}

pub async fn submit(
    State(state): State<App>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    Form(input): Form<LoginForm>,
) -> Result<Response, Failure> {
    let lang = crate::kit::i18n::lang_of(&headers);
    let tr = Tr::new(lang);
    let lanjut = next_path(Some(&input.lanjut));
    match users::login(&state, &input.username, &input.password, &address).await {
        Ok(user) => {
            let new = users::start_session(&state, &user).await.or_page(lang)?;
            let session = cookie(
                &state,
                SESSION_COOKIE,
                &new.secret,
                Some(new.max_age_secs),
                true,
            );
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
                sso: sso_name(&state),
            };
            let mut response = render(status(&err), &page);
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
pub async fn logout(State(state): State<App>, ctx: Ctx) -> Result<Response, Failure> {
    users::end_session(&state, &ctx.caller)
        .await
        .or_page(ctx.lang)?;
    Ok(see_other_with_cookies(
        "/masuk?pesan=keluar",
        &[clear_session(&state)],
    ))
}

/// The `Set-Cookie` that removes the session cookie.
pub fn clear_session(state: &App) -> String {
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
