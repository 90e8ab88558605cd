//! The portal's pages, for anyone: an instansi's published services grouped by category or by
//! life event, searched and filtered on the server (`?q=`, `?kategori=`, `?peristiwa=`,
//! `?tampilan=peristiwa`; no script needed), and one service with its Standar Pelayanan.
//! Light (the site's one stylesheet, no script), and no cookie is ever set here.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use padu_app::App;
use padu_app::AppError;
use padu_app::kit::format::date_time;
use padu_app::kit::i18n::{Lang, Tr};
use padu_app::portal::{self, Portal, Service};
use serde::Deserialize;

use crate::kit::layout::{Failure, OrPage, Shell};
use crate::kit::page::{encode_query, error_page};

/// The search and filters as typed in the query string (empty: all).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Cari {
    q: String,
    kategori: String,
    peristiwa: String,
    /// `peristiwa` groups by life event; anything else by category.
    tampilan: String,
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// One service as a card of the list, or the page of one.
pub struct Card {
    pub id: i64,
    pub href: String,
    pub name: String,
    pub description: String,
    pub category: Option<&'static str>,
    pub life_event: Option<String>,
    pub method: Option<&'static str>,
    pub users: Vec<&'static str>,
    pub channel: Option<String>,
    pub link: Option<String>,
    pub opd: String,
    pub standar: Vec<(&'static str, String)>,
    pub updated: String,
}

pub struct Group {
    pub anchor: String,
    pub title: String,
    pub cards: Vec<Card>,
}

#[derive(Template)]
#[template(path = "portal/templates/portal.html")]
struct PortalPage {
    tr: Tr,
    shell: Shell,
    instansi: String,
    base: String,
    feed: String,
    q: String,
    by_event: bool,
    categories: Vec<Choice>,
    events: Vec<Choice>,
    groups: Vec<Group>,
    found: usize,
    total: usize,
    filtered: bool,
    other_view: String,
}

#[derive(Template)]
#[template(path = "portal/templates/layanan.html")]
struct ServicePage {
    tr: Tr,
    shell: Shell,
    instansi: String,
    base: String,
    feed: String,
    card: Card,
}

/// A public page: no personal data, the same for everyone; a browser asks again each time
/// (an unpublished service is gone on the next request).
fn render_public<T: Template>(page: &T) -> Response {
    match page.render() {
        Ok(html) => (
            StatusCode::OK,
            [(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, no-cache"),
            )],
            Html(html),
        )
            .into_response(),
        Err(e) => error_page(&AppError::Internal(format!("template: {e}")), Lang::Id),
    }
}

pub fn category_label(tr: Tr, code: &str) -> &'static str {
    tr.t(&format!("arsitektur.pilihan.{code}"))
}

fn card(tr: Tr, lang: Lang, p: &Portal, s: &Service) -> Card {
    Card {
        id: s.id,
        href: format!("{}/layanan/{}", super::portal_href(&p.instansi.slug), s.id),
        name: s.name.clone(),
        description: s.description.clone(),
        category: s.category.as_deref().map(|c| category_label(tr, c)),
        life_event: s.life_event.clone(),
        method: s
            .method
            .as_deref()
            .map(|m| tr.t(&format!("arsitektur.pilihan.{m}"))),
        users: s
            .users
            .iter()
            .map(|u| tr.t(&format!("arsitektur.pilihan.{u}")))
            .collect(),
        channel: s.channel.clone(),
        link: s.link.clone(),
        opd: s.opd.clone(),
        standar: s
            .standar
            .iter()
            .map(|(k, v)| (tr.t(&format!("arsitektur.standar.{k}")), v.clone()))
            .collect(),
        updated: date_time(s.updated_at_ms, &p.instansi.timezone, lang),
    }
}

fn group_key(by_event: bool, s: &Service) -> String {
    if by_event {
        s.life_event.clone().unwrap_or_default()
    } else {
        s.category.clone().unwrap_or_default()
    }
}

/// `/portal/{slug}`: the instansi's published services, searched, filtered and grouped.
pub async fn portal(
    State(state): State<App>,
    Path(slug): Path<String>,
    query: Result<Query<Cari>, QueryRejection>,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    let lang = crate::kit::i18n::lang_of(&headers);
    let tr = Tr::new(lang);
    let cari = query.map(|Query(c)| c).unwrap_or_default();
    let p = portal::by_slug(&state, &slug).await.or_page(lang)?;
    let words = portal::words(&cari.q);
    let kategori = cari.kategori.trim();
    let peristiwa = cari.peristiwa.trim();
    let by_event = cari.tampilan == "peristiwa";
    let chosen: Vec<&Service> = p
        .services
        .iter()
        .filter(|s| kategori.is_empty() || s.category.as_deref() == Some(kategori))
        .filter(|s| {
            peristiwa.is_empty()
                || s.life_event
                    .as_deref()
                    .is_some_and(|e| e.eq_ignore_ascii_case(peristiwa))
        })
        .filter(|s| {
            let label = s
                .category
                .as_deref()
                .map(|c| category_label(tr, c))
                .unwrap_or_default();
            s.matches(&words, label)
        })
        .collect();
    // groups in the order of the categories (or life events), the unnamed last
    let mut order: Vec<String> = if by_event {
        p.life_events().into_iter().map(str::to_string).collect()
    } else {
        p.categories().into_iter().map(str::to_string).collect()
    };
    order.push(String::new());
    let groups: Vec<Group> = order
        .iter()
        .enumerate()
        .filter_map(|(n, key)| {
            let cards: Vec<Card> = chosen
                .iter()
                .filter(|s| group_key(by_event, s) == *key)
                .map(|s| card(tr, lang, &p, s))
                .collect();
            if cards.is_empty() {
                return None;
            }
            let title = match (key.is_empty(), by_event) {
                (true, true) => tr.t("portal.tanpa_peristiwa").to_string(),
                (true, false) => tr.t("portal.tanpa_kategori").to_string(),
                (false, true) => key.clone(),
                (false, false) => category_label(tr, key).to_string(),
            };
            Some(Group {
                anchor: format!("kelompok-{n}"),
                title,
                cards,
            })
        })
        .collect();
    let categories = p
        .categories()
        .into_iter()
        .map(|c| Choice {
            value: c.to_string(),
            label: category_label(tr, c).to_string(),
            selected: c == kategori,
        })
        .collect();
    let events = p
        .life_events()
        .into_iter()
        .map(|e| Choice {
            value: e.to_string(),
            label: e.to_string(),
            selected: e.eq_ignore_ascii_case(peristiwa),
        })
        .collect();
    let base = super::portal_href(&p.instansi.slug);
    let other_view = {
        let mut parts = Vec::new();
        if !cari.q.is_empty() {
            parts.push(format!("q={}", encode_query(&cari.q)));
        }
        if !kategori.is_empty() {
            parts.push(format!("kategori={}", encode_query(kategori)));
        }
        if !peristiwa.is_empty() {
            parts.push(format!("peristiwa={}", encode_query(peristiwa)));
        }
        if !by_event {
            parts.push("tampilan=peristiwa".into());
        }
        if parts.is_empty() {
            base.clone()
        } else {
            format!("{base}?{}", parts.join("&"))
        }
    };
    let page = PortalPage {
        tr,
        shell: Shell::anonymous(lang),
        instansi: p.instansi.name.clone(),
        feed: format!("/api/v1/public/instansi/{}/services", p.instansi.id),
        base,
        q: cari.q.chars().take(portal::MAX_QUERY).collect(),
        by_event,
        categories,
        events,
        found: chosen.len(),
        total: p.services.len(),
        filtered: !words.is_empty() || !kategori.is_empty() || !peristiwa.is_empty(),
        groups,
        other_view,
    };
    Ok(render_public(&page))
}

/// `/portal/{slug}/layanan/{id}`: one published service; any other item is not found.
pub async fn service(
    State(state): State<App>,
    Path((slug, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    let lang = crate::kit::i18n::lang_of(&headers);
    let tr = Tr::new(lang);
    let p = portal::by_slug(&state, &slug).await.or_page(lang)?;
    let s = id
        .parse::<i64>()
        .ok()
        .and_then(|id| p.service(id))
        .ok_or(Failure(AppError::NotFound(portal::SERVICE), lang))?;
    let page = ServicePage {
        tr,
        shell: Shell::anonymous(lang),
        instansi: p.instansi.name.clone(),
        base: super::portal_href(&p.instansi.slug),
        feed: format!("/api/v1/public/instansi/{}/services", p.instansi.id),
        card: card(tr, lang, &p, s),
    };
    Ok(render_public(&page))
}
