//! Accounts: signing in and out (with a password, or through the OpenID Connect provider), API tokens (issued, listed, revoked), the user list and the
//! form that adds a user, and the user's own account page (password, e-mail address, tokens).

mod account;
pub(crate) mod api;
mod api_admin;
mod api_auth;
mod api_tokens;
mod login;
mod pages;
mod sso;

use axum::Router;
use axum::routing::{get, post};
use padu_app::App;
use padu_core::access::Action;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::kit::feature::{Feature, Limits};
use crate::kit::layout::{NavContext, NavEntry, Section};

pub const USERS: Section = Section("pengguna");
pub const ACCOUNT: Section = Section("akun");

pub const FEATURE: Feature = Feature {
    api,
    pages,
    nav: &[
        NavEntry {
            order: 40,
            section: USERS,
            label: "nav.pengguna",
            href: |nav: &NavContext<'_>| nav.may(Action::ViewUsers).then(|| "/pengguna".into()),
            unread_badge: false,
        },
        NavEntry {
            order: 70,
            section: ACCOUNT,
            label: "nav.akun",
            href: |_| Some("/akun".into()),
            unread_badge: false,
        },
    ],
    banners: &[
        ("pengguna-ditambah", "pesan.pengguna_ditambah"),
        ("sandi-diubah", "pesan.sandi_diubah"),
        ("keluar", "pesan.keluar"),
        ("masuk-diubah", "pesan.masuk_diubah"),
    ],
    ..Feature::named("users")
};

fn api(_: Limits) -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(api_auth::token))
        .routes(routes!(api_auth::me))
        .routes(routes!(api_tokens::list_tokens))
        .routes(routes!(api_tokens::revoke_token))
        .routes(routes!(api::list_users, api::create_user))
        .routes(routes!(api_tokens::list_user_tokens))
        .routes(routes!(api_admin::patch_user))
}

fn pages() -> Router<App> {
    Router::new()
        .route("/masuk", get(login::form).post(login::submit))
        .route("/masuk/sso", get(sso::begin))
        .route("/masuk/sso/kembali", get(sso::callback))
        .route("/keluar", post(login::logout))
        .route("/pengguna", get(pages::list).post(pages::create))
        .route("/pengguna/baru", get(pages::new_form))
        .route("/pengguna/{id}/sso", post(pages::switch_sso))
        .route("/akun", get(account::show).post(account::change_password))
        .route("/akun/email", post(account::save_email))
        .route("/akun/token/{id}/cabut", post(account::revoke_token))
}
