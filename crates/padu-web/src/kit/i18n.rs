//! The language of a request: the one chosen with the switch (a cookie), Indonesian otherwise.

use axum::http::HeaderMap;
use padu_app::kit::i18n::Lang;

use crate::kit::extract::cookie;

pub const LANG_COOKIE: &str = "padu_bahasa";

pub fn lang_of(headers: &HeaderMap) -> Lang {
    cookie(headers, LANG_COOKIE)
        .and_then(Lang::from_code)
        .unwrap_or(Lang::Id)
}
