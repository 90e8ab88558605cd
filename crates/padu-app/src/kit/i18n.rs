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

/// The locale files, one per feature: `locales/<lang>/<feature>.toml` (listed by `build.rs`).
mod files {
    include!(concat!(env!("OUT_DIR"), "/locales.rs"));
}

/// The files of `lang`: (file name, contents).
pub fn sources(lang: Lang) -> &'static [(&'static str, &'static str)] {
    match lang {
        Lang::Id => files::ID,
        Lang::En => files::EN,
    }
}

fn texts(lang: Lang) -> &'static Texts {
    static ID: OnceLock<Texts> = OnceLock::new();
    static EN: OnceLock<Texts> = OnceLock::new();
    let load = || {
        let mut all = Texts::new();
        for (_, source) in sources(lang) {
            all.extend(parse(source));
        }
        all
    };
    match lang {
        Lang::Id => ID.get_or_init(load),
        Lang::En => EN.get_or_init(load),
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

    /// The text for `key`; falls back to Indonesian, then to "?" (a test makes sure every key
    /// used in a template exists in both languages).
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_parses_and_no_key_is_defined_twice() {
        for lang in [Lang::Id, Lang::En] {
            let mut seen = HashMap::new();
            for (file, source) in sources(lang) {
                let table: toml::Table = toml::from_str(source)
                    .unwrap_or_else(|e| panic!("{} {file}: {e}", lang.code()));
                let mut keys = Texts::new();
                flatten("", &table, &mut keys);
                assert!(!keys.is_empty(), "{} {file} has no text", lang.code());
                for key in keys.into_keys() {
                    if let Some(other) = seen.insert(key.clone(), *file) {
                        panic!("{} {key} is in {other} and {file}", lang.code());
                    }
                }
            }
        }
    }

    #[test]
    fn both_languages_have_the_same_files_and_keys() {
        let names = |lang| sources(lang).iter().map(|(n, _)| *n).collect::<Vec<_>>();
        assert_eq!(names(Lang::Id), names(Lang::En));
        let mut id = Tr::keys(Lang::Id);
        let mut en = Tr::keys(Lang::En);
        id.sort_unstable();
        en.sort_unstable();
        assert_eq!(id, en);
        assert!(id.len() > 500, "{} keys", id.len());
    }

    #[test]
    fn a_missing_key_reads_as_a_question_mark() {
        let missing = ["tidak", "ada"].join(".");
        assert_eq!(Tr::new(Lang::En).t(&missing), "?");
        assert_eq!(
            Tr::new(Lang::Id).t("umum.lewati"),
            "Langsung ke isi halaman"
        );
    }
}
