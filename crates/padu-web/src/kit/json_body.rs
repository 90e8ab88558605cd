//! Reading a JSON body, and saying in plain words what is wrong with one: the field's name (its
//! path in the body, such as `level` or `items[2].name`) and what it should hold, in Bahasa
//! Indonesia. serde's own messages name Rust types ("expected struct WorkBody", "expected u8"),
//! which mean nothing to the API's users and say how the server is built; none of them reaches
//! a client.

use padu_app::{AppError, FieldError};
use serde::de::DeserializeOwned;

/// The field an error about the whole body is reported on.
pub const BODY: &str = "body";

/// `bytes` as a `T`: 400 when they are not JSON at all, 422 with the field when a value is
/// missing, unknown or of the wrong kind.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: T = match serde_path_to_error::deserialize(&mut de) {
        Ok(value) => value,
        Err(err) => {
            let path = err.path().to_string();
            let inner = err.into_inner();
            return Err(match inner.classify() {
                serde_json::error::Category::Data => {
                    AppError::Invalid(vec![explain(&path, &inner.to_string())])
                }
                _ => not_json(&inner),
            });
        }
    };
    de.end().map_err(|e| not_json(&e))?;
    Ok(value)
}

fn not_json(err: &serde_json::Error) -> AppError {
    AppError::BadRequest(match err.classify() {
        serde_json::error::Category::Eof => "badan permintaan bukan JSON yang sah: berakhir \
                                             sebelum waktunya"
            .to_string(),
        _ => format!(
            "badan permintaan bukan JSON yang sah (baris {}, kolom {})",
            err.line(),
            err.column()
        ),
    })
}

/// The field and the plain words for serde's `message` about the value at `path`.
pub fn explain(path: &str, message: &str) -> FieldError {
    // serde_json adds where it stopped; the field's name says more
    let message = message
        .rsplit_once(" at line ")
        .map_or(message, |(head, _)| head);
    // the path is the field's own for an unknown field, its parent's for a missing one
    let at = |name: &str| match path {
        "." | "" => name.to_string(),
        p if p == name || p.ends_with(&format!(".{name}")) => p.to_string(),
        parent => format!("{parent}.{name}"),
    };
    let field = |f: String| if f.is_empty() { BODY.to_string() } else { f };
    let whole = || match path {
        "." | "" => BODY.to_string(),
        p => p.to_string(),
    };
    let (field, text) = if let Some(name) = quoted_after(message, "missing field ") {
        (field(at(&name)), "wajib diisi".to_string())
    } else if let Some(name) = quoted_after(message, "unknown field ") {
        (field(at(&name)), "bukan bagian dari data ini".to_string())
    } else if let Some(name) = quoted_after(message, "duplicate field ") {
        (field(at(&name)), "disebut lebih dari sekali".to_string())
    } else if let Some(value) = quoted_after(message, "unknown variant ") {
        let choices = choices(message);
        let text = if choices.is_empty() {
            format!("nilai \"{value}\" tidak dikenal")
        } else {
            format!(
                "nilai \"{value}\" tidak dikenal; pilihan: {}",
                choices.join(", ")
            )
        };
        (whole(), text)
    } else if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let text = if got == "null" {
            format!("tidak boleh kosong; harus berisi {}", kind(expected))
        } else {
            format!(
                "harus berisi {}, bukan {}",
                kind(expected),
                kind_of_value(got)
            )
        };
        (whole(), text)
    } else if let Some(rest) = message.strip_prefix("invalid value: ") {
        let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let text = if got.starts_with("integer") && is_integer(expected) {
            "bilangan di luar rentang yang diizinkan".to_string()
        } else {
            format!("nilai tidak sah; harus berisi {}", kind(expected))
        };
        (whole(), text)
    } else if message.starts_with("invalid length ") {
        // serde reads an object from a list too, and then counts its elements
        let text = if message.contains("expected struct") {
            "harus berisi objek JSON, bukan daftar"
        } else {
            "jumlah unsurnya tidak sesuai"
        };
        (whole(), text.to_string())
    } else {
        (whole(), "nilainya tidak dapat dibaca".to_string())
    };
    FieldError {
        field,
        message: text,
    }
}

/// The text between the first pair of backticks after `prefix`, when `message` starts so.
fn quoted_after(message: &str, prefix: &str) -> Option<String> {
    let rest = message.strip_prefix(prefix)?.strip_prefix('`')?;
    rest.split_once('`').map(|(name, _)| name.to_string())
}

/// The values serde lists after "expected" (`a`, "`a` or `b`", "one of `a`, `b`, `c`").
fn choices(message: &str) -> Vec<String> {
    let Some((_, list)) = message.split_once("expected ") else {
        return Vec::new();
    };
    list.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .filter(|c| !c.is_empty())
        .collect()
}

fn is_integer(expected: &str) -> bool {
    matches!(
        expected,
        "u8" | "u16"
            | "u32"
            | "u64"
            | "u128"
            | "usize"
            | "i8"
            | "i16"
            | "i32"
            | "i64"
            | "i128"
            | "isize"
    ) || expected.contains("integer")
}

/// What serde's "expected ..." asks for, in plain words.
fn kind(expected: &str) -> &'static str {
    if is_integer(expected) {
        "bilangan bulat"
    } else if matches!(expected, "f32" | "f64") || expected.contains("float") {
        "angka"
    } else if expected.contains("string") || expected.contains("char") {
        "teks"
    } else if expected.contains("bool") {
        "true atau false"
    } else if expected.contains("sequence") || expected.starts_with("tuple") {
        "daftar (array JSON)"
    } else if expected.starts_with("struct") || expected.contains("map") {
        "objek JSON"
    } else if expected.starts_with("enum") || expected.contains("variant") {
        "salah satu nilai yang diizinkan"
    } else {
        "nilai dengan jenis yang sesuai"
    }
}

/// The kind of value serde found ("string \"x\"", "integer `3`", "map", ...), in plain words.
fn kind_of_value(got: &str) -> &'static str {
    let word = got.split([' ', '`']).next().unwrap_or("");
    match word {
        "string" | "char" => "teks",
        "integer" => "bilangan bulat",
        "floating" => "angka pecahan",
        "boolean" => "true/false",
        "sequence" => "daftar",
        "map" => "objek",
        "unit" => "nilai kosong",
        _ => "nilai lain",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct WorkBody {
        level: u8,
        fakta: Option<String>,
        items: Option<Vec<Item>>,
        basis: Option<Basis>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        name: String,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Basis {
        Final,
        Accepted,
    }

    fn error(json: &str) -> (String, String) {
        match parse::<WorkBody>(json.as_bytes()) {
            Err(AppError::Invalid(fields)) => (fields[0].field.clone(), fields[0].message.clone()),
            other => panic!("{json}: {other:?}"),
        }
    }

    #[test]
    fn every_data_error_names_its_field_in_plain_words() {
        let cases = [
            (r#"{}"#, "level", "wajib diisi"),
            (
                r#"{"level": "x"}"#,
                "level",
                "harus berisi bilangan bulat, bukan teks",
            ),
            (
                r#"{"level": 300}"#,
                "level",
                "bilangan di luar rentang yang diizinkan",
            ),
            (
                r#"{"level": -1}"#,
                "level",
                "bilangan di luar rentang yang diizinkan",
            ),
            (
                r#"{"level": null}"#,
                "level",
                "tidak boleh kosong; harus berisi bilangan bulat",
            ),
            (
                r#"{"level": 1, "fakta": 5}"#,
                "fakta",
                "harus berisi teks, bukan bilangan bulat",
            ),
            (
                r#"{"level": 1, "nilai": 5}"#,
                "nilai",
                "bukan bagian dari data ini",
            ),
            (
                r#"{"level": 1, "items": [{}]}"#,
                "items[0].name",
                "wajib diisi",
            ),
            (
                r#"{"level": 1, "items": {}}"#,
                "items",
                "harus berisi daftar (array JSON), bukan objek",
            ),
            (
                r#"{"level": 1, "basis": "self"}"#,
                "basis",
                "nilai \"self\" tidak dikenal; pilihan: final, accepted",
            ),
            ("[]", "body", "harus berisi objek JSON, bukan daftar"),
            ("\"x\"", "body", "harus berisi objek JSON, bukan teks"),
        ];
        for (json, field, message) in cases {
            assert_eq!(
                error(json),
                (field.to_string(), message.to_string()),
                "{json}"
            );
        }
    }

    #[test]
    fn what_is_not_json_is_a_bad_request_with_no_type_name() {
        for json in ["", "{", "{\"level\": 1} x", "nul"] {
            match parse::<WorkBody>(json.as_bytes()) {
                Err(AppError::BadRequest(message)) => {
                    assert!(
                        message.starts_with("badan permintaan bukan JSON"),
                        "{message}"
                    );
                    assert!(!message.contains("WorkBody"), "{message}");
                }
                other => panic!("{json:?}: {other:?}"),
            }
        }
        assert!(parse::<WorkBody>(br#"{"level": 2}"#).is_ok());
    }
}
