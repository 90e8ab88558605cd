//! Signing in through the OpenID Connect provider: `/masuk/sso` sends the browser there (with a
//! short-lived cookie that binds the sign-in to this browser), `/masuk/sso/kembali` takes it
//! back and opens the same session a password sign-in opens. Every failure is the sign-in page
//! with a plain message, never a 500.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::login::{next_path, page_with_error};
use crate::kit::extract::{SESSION_COOKIE, cookie as cookie_of};
use crate::kit::layout::{cookie, see_other_with_cookies};
use padu_app::App;
use padu_app::kit::i18n::Tr;
use padu_app::users::{self, oidc};

/// Binds a started sign-in to the browser that started it (ten minutes).
const SSO_COOKIE: &str = "padu_sso";

#[derive(Debug, Default, Deserialize)]
pub struct BeginQuery {
    lanjut: Option<String>,
}

pub async fn begin(
    State(state): State<App>,
    headers: HeaderMap,
    Query(query): Query<BeginQuery>,
) -> Response {
    let lang = crate::kit::i18n::lang_of(&headers);
    let lanjut = next_path(query.lanjut.as_deref());
    match oidc::start(&state, lanjut.clone()).await {
        Ok(started) => {
            let bind = cookie(&state, SSO_COOKIE, &started.browser, Some(600), true);
            see_other_with_cookies(&started.authorize_url, &[bind])
        }
        Err(e) => failed(&state, lang, &e, lanjut),
    }
}

pub async fn callback(
    State(state): State<App>,
    headers: HeaderMap,
    Query(answer): Query<oidc::Callback>,
) -> Response {
    let lang = crate::kit::i18n::lang_of(&headers);
    let browser = cookie_of(&headers, SSO_COOKIE);
    let signed = match oidc::finish(&state, browser, &answer).await {
        Ok(signed) => signed,
        Err(e) => {
            tracing::info!(error = %e, "sign-in through OpenID Connect refused");
            return failed(&state, lang, &e, None);
        }
    };
    match users::start_sso_session(&state, &signed.user).await {
        Ok(new) => {
            let session = cookie(
                &state,
                SESSION_COOKIE,
                &new.secret,
                Some(new.max_age_secs),
                true,
            );
            let unbind = cookie(&state, SSO_COOKIE, "", Some(0), true);
            see_other_with_cookies(signed.lanjut.as_deref().unwrap_or("/"), &[session, unbind])
        }
        Err(e) => failed(&state, lang, &oidc::SsoError::App(e), None),
    }
}

fn failed(
    state: &App,
    lang: padu_app::kit::i18n::Lang,
    error: &oidc::SsoError,
    lanjut: Option<String>,
) -> Response {
    use oidc::SsoError as E;
    let status = match error {
        E::NotConfigured => StatusCode::NOT_FOUND,
        E::Provider(_) => StatusCode::BAD_GATEWAY,
        E::UnknownUser(_) | E::Inactive(_) => StatusCode::FORBIDDEN,
        E::App(_) => StatusCode::SERVICE_UNAVAILABLE,
        E::UnknownState | E::Refused(_) | E::Token(_) | E::NoClaim(_) => StatusCode::BAD_REQUEST,
    };
    let tr = Tr::new(lang);
    let message = match error {
        // the store's own words may name internals: say it plainly
        E::App(_) => "Sesi tidak dapat dibuka saat ini. Coba lagi sebentar lagi.".to_string(),
        other => other.to_string(),
    };
    let message = format!("{}: {message}", tr.t("masuk.sso_gagal"));
    let mut response = page_with_error(state, lang, status, message, lanjut);
    if let Ok(v) = cookie(state, SSO_COOKIE, "", Some(0), true).parse() {
        response
            .headers_mut()
            .append(axum::http::header::SET_COOKIE, v);
    }
    response
}
