//! Reading an action's parameters as leniently as CKAN: numbers also as texts, booleans in any
//! case (`true`/`1`/`yes`/`on`), lists as JSON arrays, as JSON in a text, as a repeated key or
//! as one bare word. Anything else is a Validation Error naming the parameter.

use serde_json::{Map, Value};

use super::{CkanError, invalid};

/// The text of `key`, when given and not empty.
pub fn text(data: &Map<String, Value>, key: &str) -> Result<Option<String>, CkanError> {
    match data.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(_) => Err(invalid(key, "Harus berupa teks")),
    }
}

/// The text of `key`, required: "Missing value" as CKAN says it.
pub fn required(data: &Map<String, Value>, key: &str) -> Result<String, CkanError> {
    text(data, key)?.ok_or_else(|| invalid(key, "Missing value"))
}

/// The whole number of `key` in `min..=max`, `default` when not given.
pub fn int(data: &Map<String, Value>, key: &str, default: i64, min: i64) -> Result<i64, CkanError> {
    let bad = || {
        invalid(
            key,
            format!("Harus berupa bilangan bulat paling kecil {min}"),
        )
    };
    let n = match data.get(key) {
        None | Some(Value::Null) => return Ok(default),
        Some(Value::String(s)) if s.trim().is_empty() => return Ok(default),
        Some(Value::String(s)) => s.trim().parse::<i64>().map_err(|_| bad())?,
        Some(Value::Number(n)) => n.as_i64().ok_or_else(bad)?,
        Some(_) => return Err(bad()),
    };
    if n < min { Err(bad()) } else { Ok(n) }
}

/// The flag `key`, `false` when not given.
pub fn flag(data: &Map<String, Value>, key: &str) -> Result<bool, CkanError> {
    match data.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(Value::Number(n)) => Ok(n.as_i64() != Some(0)),
        Some(Value::String(s)) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "y" | "on" | "t" => Ok(true),
            "false" | "0" | "no" | "n" | "off" | "f" | "" => Ok(false),
            _ => Err(invalid(key, "Harus true atau false")),
        },
        Some(_) => Err(invalid(key, "Harus true atau false")),
    }
}

/// The list of texts `key` (empty when not given).
pub fn list(data: &Map<String, Value>, key: &str) -> Result<Vec<String>, CkanError> {
    let bad = || invalid(key, "Harus berupa daftar teks");
    let one = |v: &Value| match v {
        Value::String(s) => Ok(s.trim().to_string()),
        Value::Number(n) => Ok(n.to_string()),
        _ => Err(bad()),
    };
    match data.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => {
            let mut out = Vec::new();
            for i in items {
                match i {
                    // a repeated key whose values are JSON lists themselves
                    Value::String(s) if s.trim_start().starts_with('[') => {
                        out.extend(json_list(key, s)?);
                    }
                    v => out.push(one(v)?),
                }
            }
            Ok(out)
        }
        Some(Value::String(s)) if s.trim_start().starts_with('[') => json_list(key, s),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(Vec::new()),
        Some(v) => Ok(vec![one(v)?]),
    }
}

fn json_list(key: &str, s: &str) -> Result<Vec<String>, CkanError> {
    match serde_json::from_str::<Value>(s) {
        Ok(Value::Array(items)) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => Ok(s.trim().to_string()),
                Value::Number(n) => Ok(n.to_string()),
                _ => Err(invalid(key, "Harus berupa daftar teks")),
            })
            .collect(),
        _ => Err(invalid(key, "Harus berupa daftar JSON yang sah")),
    }
}

/// The parameters not in `known`, for actions that refuse them.
pub fn unknown<'a>(data: &'a Map<String, Value>, known: &[&str]) -> Option<&'a str> {
    data.keys().map(String::as_str).find(|k| !known.contains(k))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().cloned().expect("object")
    }

    #[test]
    fn numbers_flags_and_lists_are_read_leniently() {
        let d = map(json!({
            "rows": "20", "start": 5, "neg": "-1", "word": "x",
            "a": "TRUE", "b": "0", "c": "perhaps",
            "l1": "[\"organization\", \"tags\"]", "l2": ["tags", "groups"], "l3": "tags",
            "l4": ["[\"a\"]", "b"], "bad": "[1, {]"
        }));
        assert_eq!(int(&d, "rows", 10, 0).ok(), Some(20));
        assert_eq!(int(&d, "start", 0, 0).ok(), Some(5));
        assert_eq!(int(&d, "missing", 10, 0).ok(), Some(10));
        assert!(int(&d, "neg", 10, 0).is_err());
        assert!(int(&d, "word", 10, 0).is_err());
        assert!(flag(&d, "a").expect("a"));
        assert!(!flag(&d, "b").expect("b"));
        assert!(flag(&d, "c").is_err());
        assert_eq!(
            list(&d, "l1").ok(),
            Some(vec!["organization".into(), "tags".into()])
        );
        assert_eq!(
            list(&d, "l2").ok(),
            Some(vec!["tags".into(), "groups".into()])
        );
        assert_eq!(list(&d, "l3").ok(), Some(vec!["tags".into()]));
        assert_eq!(list(&d, "l4").ok(), Some(vec!["a".into(), "b".into()]));
        assert!(list(&d, "bad").is_err());
        assert!(required(&d, "id").is_err());
    }
}
