//! What every page shares: the signed-in context of a request, the header (`Shell`: user,
//! navigation, language switch, banner, the demo mark), rendering, cookies and safe return
//! paths.

use askama::Template;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use padu_core::access::{Action, DataRole, Role, allows};
use padu_store::Instansi;
use serde::Deserialize;

use crate::kit::extract::PageCaller;
use crate::kit::feature::registered;
use crate::kit::page::error_page;
use padu_app::App;
use padu_app::AppError;
use padu_app::Caller;
use padu_app::kit::i18n::{Lang, Tr};

/// A signed-in page request: who is calling and in which language.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub caller: Caller,
    pub lang: Lang,
    pub tr: Tr,
}

impl FromRequestParts<App> for Ctx {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &App) -> Result<Self, Response> {
        let PageCaller(caller) = PageCaller::from_request_parts(parts, state).await?;
        let lang = crate::kit::i18n::lang_of(&parts.headers);
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

/// The part of the header that differs per page: the section a page belongs to, named by the
/// feature that owns it (`"periode"`, `"opd"`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Section(pub &'static str);

/// One entry of the navigation bar, declared by the feature it leads to.
#[derive(Debug)]
pub struct NavEntry {
    /// Where it stands in the bar: smaller first.
    pub order: u16,
    pub section: Section,
    /// The locale key of its label.
    pub label: &'static str,
    /// Its link for this caller, or `None` when it is not theirs to use.
    pub href: fn(&NavContext<'_>) -> Option<String>,
    /// Shows the caller's unread notifications beside the label.
    pub unread_badge: bool,
}

/// What a navigation entry may look at to decide whether and where it leads.
#[derive(Debug)]
pub struct NavContext<'a> {
    pub ctx: &'a Ctx,
    /// The caller's own instansi.
    pub own: Option<&'a Instansi>,
}

impl NavContext<'_> {
    /// Whether the caller may do `action` in their own instansi (a superadmin everywhere).
    pub fn may(&self, action: Action) -> bool {
        may_in_own(self.ctx, self.own, action)
    }
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
    /// The database holds demo data: the page says "Data demo" above the header.
    pub demo: bool,
}

tokio::task_local! {
    /// Whether the request being answered is served from a demo database, for the pages built
    /// without the application at hand (the error pages, the 404): set around every request by
    /// [`demo_scope`] from `Settings::demo`.
    static DEMO: bool;
}

/// Middleware: answers the request with the application's demo setting in scope, so every
/// page, error pages included, can say "Data demo".
pub async fn demo_scope(State(app): State<App>, request: Request, next: Next) -> Response {
    DEMO.scope(app.settings.demo, next.run(request)).await
}

/// The demo setting of the request being answered (false outside a request).
fn demo_request() -> bool {
    DEMO.try_with(|demo| *demo).unwrap_or(false)
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
            demo: demo_request(),
        }
    }

    /// The header of a signed-in page: the user's instansi, and only the sections their role
    /// may use.
    pub async fn load(
        state: &App,
        ctx: &Ctx,
        section: Section,
        pesan: Option<&str>,
    ) -> Result<Shell, AppError> {
        let user = &ctx.caller.user;
        let own = padu_app::org::own_instansi(state, &ctx.caller).await?;
        let tr = ctx.tr;
        let here = NavContext {
            ctx,
            own: own.as_ref(),
        };
        let mut entries: Vec<&NavEntry> = registered().iter().flat_map(|f| f.nav).collect();
        entries.sort_by_key(|e| e.order);
        let mut unread = None;
        let mut nav = Vec::with_capacity(entries.len());
        for entry in entries {
            let Some(href) = (entry.href)(&here) else {
                continue;
            };
            let mut item = link(&href, tr.t(entry.label), section == entry.section);
            if entry.unread_badge {
                let count = match unread {
                    Some(n) => n,
                    None => {
                        *unread.insert(padu_app::notifications::unread(state, &ctx.caller).await?)
                    }
                };
                if count > 0 {
                    item.badge = Some((count.to_string(), tr.t("notifikasi.belum_dibaca")));
                }
            }
            nav.push(item);
        }
        let mut shell = Shell::anonymous(ctx.lang);
        shell.user = Some(ShellUser {
            name: user.display_name.clone(),
            instansi: own.map(|i| i.name),
            nav,
        });
        shell.banner = pesan.and_then(|code| banner(tr, code));
        shell.demo = state.settings.demo;
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
    registered()
        .iter()
        .flat_map(|f| f.banners)
        .find(|(known, _)| *known == code)
        .map(|(_, key)| tr.t(key))
}

/// The role's name in the page's language.
pub fn role_label(role: Role, lang: Lang) -> &'static str {
    match lang {
        Lang::Id => role.label(),
        Lang::En => role.label_en(),
    }
}

/// A Satu Data role's name in the page's language.
pub fn data_role_label(role: DataRole, lang: Lang) -> &'static str {
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
    state: &App,
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
    if state.settings.secure_cookies() {
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
}
