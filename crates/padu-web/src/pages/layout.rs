//! What every page shares: the signed-in context of a request, the header (`Shell`: user,
//! navigation, language switch, banner), rendering, cookies and safe return paths.

use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use padu_core::access::{Action, Role, allows};
use padu_store::Instansi;
use serde::Deserialize;

use super::error_page;
use crate::auth::extract::{Caller, PageCaller};
use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use crate::state::AppState;

/// A signed-in page request: who is calling and in which language.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub caller: Caller,
    pub lang: Lang,
    pub tr: Tr,
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let PageCaller(caller) = PageCaller::from_request_parts(parts, state).await?;
        let lang = Lang::from_headers(&parts.headers);
        Ok(Ctx {
            caller,
            lang,
            tr: Tr::new(lang),
        })
    }
}

/// A page handler's failure: the error page of the user's language.
#[derive(Debug)]
pub struct Failure(pub AppError, pub Lang);

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        error_page(&self.0, self.1)
    }
}

/// Turns a service error into the error page of the user's language.
pub trait OrPage<T> {
    fn or_page(self, lang: Lang) -> Result<T, Failure>;
}

impl<T> OrPage<T> for Result<T, AppError> {
    fn or_page(self, lang: Lang) -> Result<T, Failure> {
        self.map_err(|e| Failure(e, lang))
    }
}

/// The `pesan` query parameter of a page reached by a redirect after a change.
#[derive(Debug, Default, Deserialize)]
pub struct Pesan {
    pub pesan: Option<String>,
}

/// The part of the header that differs per page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Home,
    Opd,
    Users,
    Audit,
    Account,
    Periode,
    Notifikasi,
}

#[derive(Debug, Clone)]
pub struct NavLink {
    pub href: String,
    pub label: &'static str,
    pub current: bool,
    /// A count shown beside the label (unread notifications), with its hidden explanation.
    pub badge: Option<(String, &'static str)>,
}

#[derive(Debug, Clone)]
pub struct ShellUser {
    pub name: String,
    pub instansi: Option<String>,
    pub nav: Vec<NavLink>,
}

/// The header and banner of a page.
#[derive(Debug, Clone)]
pub struct Shell {
    /// `/bahasa/en` or `/bahasa/id`.
    pub switch_href: &'static str,
    /// The language the switch leads to (for `lang` on the link).
    pub switch_lang: &'static str,
    pub user: Option<ShellUser>,
    /// What just happened (a success banner), already in the page's language.
    pub banner: Option<&'static str>,
}

impl Shell {
    /// The header of a page nobody needs to be signed in for.
    pub fn anonymous(lang: Lang) -> Shell {
        let other = lang.other();
        Shell {
            switch_href: match other {
                Lang::Id => "/bahasa/id",
                Lang::En => "/bahasa/en",
            },
            switch_lang: other.code(),
            user: None,
            banner: None,
        }
    }

    /// The header of a signed-in page: the user's instansi, and only the sections their role
    /// may use.
    pub async fn load(
        state: &AppState,
        ctx: &Ctx,
        section: Section,
        pesan: Option<&str>,
    ) -> Result<Shell, AppError> {
        let user = &ctx.caller.user;
        let own = match user.instansi_id {
            Some(id) => state.store.instansi(id).await?,
            None => None,
        };
        let tr = ctx.tr;
        let may = |action| may_in_own(ctx, own.as_ref(), action);
        let mut nav = vec![link("/", tr.t("nav.beranda"), section == Section::Home)];
        if let Some(inst) = &own {
            nav.push(link(
                &format!("/instansi/{}/opd", inst.id),
                tr.t("nav.opd"),
                section == Section::Opd,
            ));
        }
        if let Some(inst) = own.as_ref().filter(|_| may(Action::ViewInstansi)) {
            nav.push(link(
                &format!("/instansi/{}/periode", inst.id),
                tr.t("periode.nav"),
                section == Section::Periode,
            ));
        }
        if may(Action::ViewUsers) {
            nav.push(link(
                "/pengguna",
                tr.t("nav.pengguna"),
                section == Section::Users,
            ));
        }
        if may(Action::ViewAudit) {
            nav.push(link("/audit", tr.t("nav.audit"), section == Section::Audit));
        }
        let unread = state.store.unread_notifications(user.id).await?;
        let mut notifikasi = link(
            "/notifikasi",
            tr.t("notifikasi.nav"),
            section == Section::Notifikasi,
        );
        if unread > 0 {
            notifikasi.badge = Some((unread.to_string(), tr.t("notifikasi.belum_dibaca")));
        }
        nav.push(notifikasi);
        nav.push(link("/akun", tr.t("nav.akun"), section == Section::Account));
        let mut shell = Shell::anonymous(ctx.lang);
        shell.user = Some(ShellUser {
            name: user.display_name.clone(),
            instansi: own.map(|i| i.name),
            nav,
        });
        shell.banner = pesan.and_then(|code| banner(tr, code));
        Ok(shell)
    }
}

fn link(href: &str, label: &'static str, current: bool) -> NavLink {
    NavLink {
        href: href.to_string(),
        label,
        current,
        badge: None,
    }
}

/// Whether the caller may do `action` in their own instansi (a superadmin everywhere).
pub fn may_in_own(ctx: &Ctx, own: Option<&Instansi>, action: Action) -> bool {
    ctx.caller.user.role == Role::Superadmin
        || own.is_some_and(|i| allows(&ctx.caller.actor(), action, &i.target()))
}

/// The success banner for a `pesan` code in a redirect's query (unknown codes show nothing).
pub fn banner(tr: Tr, code: &str) -> Option<&'static str> {
    Some(match code {
        "opd-ditambah" => tr.t("pesan.opd_ditambah"),
        "opd-diubah" => tr.t("pesan.opd_diubah"),
        "pengguna-ditambah" => tr.t("pesan.pengguna_ditambah"),
        "sandi-diubah" => tr.t("pesan.sandi_diubah"),
        "keluar" => tr.t("pesan.keluar"),
        "periode-dibuka" => tr.t("periode.dibuka"),
        "notifikasi-dibaca" => tr.t("notifikasi.semua_dibaca"),
        "rencana-diterima" => tr.t("rencana.diterima"),
        "lembar-kerja-diterapkan" => tr.t("laporan.lk_diterapkan"),
        "hasil-resmi-diterapkan" => tr.t("laporan.hr_diterapkan"),
        _ => return None,
    })
}

/// The codes [`banner`] knows (for the test that every one has a text).
#[cfg(test)]
const BANNER_CODES: [&str; 10] = [
    "opd-ditambah",
    "opd-diubah",
    "pengguna-ditambah",
    "sandi-diubah",
    "keluar",
    "periode-dibuka",
    "notifikasi-dibaca",
    "rencana-diterima",
    "lembar-kerja-diterapkan",
    "hasil-resmi-diterapkan",
];

/// The role's name in the page's language.
pub fn role_label(role: Role, lang: Lang) -> &'static str {
    match lang {
        Lang::Id => role.label(),
        Lang::En => role.label_en(),
    }
}

/// Pages show personal data: never keep them in a shared cache or the back-forward cache of a
/// signed-out browser.
pub fn no_store() -> [(HeaderName, HeaderValue); 1] {
    [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))]
}

/// Renders a page with a status.
pub fn render<T: Template>(status: StatusCode, page: &T) -> Response {
    match page.render() {
        Ok(html) => (status, no_store(), Html(html)).into_response(),
        Err(e) => error_page(&AppError::Internal(format!("template: {e}")), Lang::Id),
    }
}

/// A 303 to `to` (after a form POST, so a reload does not send it again).
pub fn see_other(to: &str) -> Response {
    axum::response::Redirect::to(to).into_response()
}

/// A 303 to `to` that also sets cookies.
pub fn see_other_with_cookies(to: &str, cookies: &[String]) -> Response {
    let mut response = see_other(to);
    for c in cookies {
        if let Ok(value) = HeaderValue::from_str(c) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// A `Set-Cookie` value: `Path=/; SameSite=Lax`, `Secure` when Padu is served over HTTPS.
/// `max_age` of 0 deletes the cookie; `None` makes a session cookie.
pub fn cookie(
    state: &AppState,
    name: &str,
    value: &str,
    max_age: Option<i64>,
    http_only: bool,
) -> String {
    let mut c = format!("{name}={value}; Path=/; SameSite=Lax");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    if http_only {
        c.push_str("; HttpOnly");
    }
    if state.config.secure_cookies() {
        c.push_str("; Secure");
    }
    c
}

/// `path` when it is a path on this site (`/...`, not `//host` nor `/\host`, which browsers
/// read as another site), else `None`.
pub fn local_path(path: &str) -> Option<&str> {
    let ok = path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && !path.chars().any(char::is_control);
    ok.then_some(path)
}

/// A numeric id from the path; anything else cannot exist.
pub fn parse_id(raw: &str, what: &'static str) -> Result<i64, AppError> {
    raw.parse().map_err(|_| AppError::NotFound(what))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_path("/instansi/3/opd"), Some("/instansi/3/opd"));
        assert_eq!(local_path("/audit?halaman=2"), Some("/audit?halaman=2"));
        assert_eq!(local_path("//evil.example/"), None);
        assert_eq!(local_path("/\\evil.example/"), None);
        assert_eq!(local_path("https://evil.example/"), None);
        assert_eq!(local_path(""), None);
        assert_eq!(local_path("/a\nb"), None);
    }

    #[test]
    fn every_banner_has_a_text_in_both_languages() {
        for lang in [Lang::Id, Lang::En] {
            for code in BANNER_CODES {
                assert!(banner(Tr::new(lang), code).is_some_and(|t| t != "?"));
            }
        }
        assert_eq!(banner(Tr::new(Lang::Id), "tidak-ada"), None);
    }
}
