//! The language switch: a cookie for a year, then back to the page the user was on.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::Response;

use crate::kit::i18n::LANG_COOKIE;
use crate::kit::layout::{cookie, local_path, see_other_with_cookies};
use crate::kit::page::error_page;
use padu_app::App;
use padu_app::AppError;
use padu_app::kit::i18n::Lang;

const YEAR_SECONDS: i64 = 365 * 24 * 3600;

pub async fn switch(
    State(state): State<App>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(lang) = Lang::from_code(&code) else {
        return error_page(
            &AppError::NotFound("Bahasa"),
            crate::kit::i18n::lang_of(&headers),
        );
    };
    let back = back_path(&headers).unwrap_or_else(|| "/".to_string());
    let value = cookie(&state, LANG_COOKIE, lang.code(), Some(YEAR_SECONDS), false);
    see_other_with_cookies(&back, &[value])
}

/// The path of the `Referer` when it is a page of this site.
fn back_path(headers: &HeaderMap) -> Option<String> {
    let referer = headers.get(header::REFERER)?.to_str().ok()?;
    let path = match referer.split_once("://") {
        Some((_, rest)) => {
            let host = headers.get(header::HOST)?.to_str().ok()?;
            let (referer_host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            if !referer_host.eq_ignore_ascii_case(host) {
                return None;
            }
            if path.is_empty() { "/" } else { path }
        }
        None => referer,
    };
    let path = local_path(path)?;
    // Going back to the switch itself would loop.
    (!path.starts_with("/bahasa/")).then(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(referer: &str, host: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::REFERER,
            HeaderValue::from_str(referer).expect("header"),
        );
        h.insert(header::HOST, HeaderValue::from_str(host).expect("header"));
        h
    }

    #[test]
    fn goes_back_only_to_pages_of_this_site() {
        let back = |r, h| back_path(&headers(r, h));
        assert_eq!(
            back("http://padu.local:8080/audit?halaman=2", "padu.local:8080").as_deref(),
            Some("/audit?halaman=2")
        );
        assert_eq!(
            back("https://padu.local", "padu.local").as_deref(),
            Some("/")
        );
        assert_eq!(back("https://evil.example/audit", "padu.local"), None);
        assert_eq!(back("https://padu.local//evil.example", "padu.local"), None);
        assert_eq!(back("/bahasa/en", "padu.local"), None);
        assert_eq!(back_path(&HeaderMap::new()), None);
    }
}
