//! The texts users read, in Bahasa Indonesia (the default) and English, from `locales/*.toml`.

use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Id,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "id" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Id => Lang::En,
            Lang::En => Lang::Id,
        }
    }
}

type Texts = HashMap<String, String>;

fn parse(source: &str) -> Texts {
    let table: toml::Table = toml::from_str(source).unwrap_or_default();
    let mut out = HashMap::new();
    flatten("", &table, &mut out);
    out
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut Texts) {
    for (key, value) in table {
        let full = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::String(s) => {
                out.insert(full, s.clone());
            }
            toml::Value::Table(t) => flatten(&full, t, out),
            _ => {}
        }
    }
}

fn texts(lang: Lang) -> &'static Texts {
    static ID: OnceLock<Texts> = OnceLock::new();
    static EN: OnceLock<Texts> = OnceLock::new();
    match lang {
        Lang::Id => ID.get_or_init(|| parse(include_str!("../../../../locales/id.toml"))),
        Lang::En => EN.get_or_init(|| parse(include_str!("../../../../locales/en.toml"))),
    }
}

/// The texts of one language, handed to templates as `tr`.
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Self {
        Tr { lang }
    }

    /// The text for `key`; falls back to Indonesian, then to the key itself (a test makes sure
    /// every key used in a template exists in both languages).
    pub fn t(&self, key: &str) -> &'static str {
        texts(self.lang)
            .get(key)
            .or_else(|| texts(Lang::Id).get(key))
            .map_or("?", String::as_str)
    }

    pub fn has(lang: Lang, key: &str) -> bool {
        texts(lang).contains_key(key)
    }

    pub fn keys(lang: Lang) -> Vec<&'static str> {
        texts(lang).keys().map(String::as_str).collect()
    }
}
