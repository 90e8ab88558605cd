//! `package_search`: `q` (words in the title, name, description or tags; `*:*` for all; a
//! `field:value` term in it filters like `fq`), `fq`/`fq_list` (terms `field:value`, with
//! `+`/`-`, `AND`, `OR`, quotes and `[a TO b]` ranges on the times), `rows` (10; at most 1000),
//! `start`, `sort`, `facet.field`/`facet.limit`/`facet.mincount`, `include_private` and
//! `include_drafts` (what the token's user may read). Any other parameter, or a term outside
//! this subset, is a Search Query Error (400).

use std::collections::BTreeMap;

use padu_app::satu_data::ckan;
use padu_core::satu_data::Status;
use padu_store::satu_data::Dataset;
use serde_json::{Map, Value, json};
use time::OffsetDateTime;

use super::dicts::{Orgs, package};
use super::params::{flag, int, list, text, unknown};
use super::reads::context;
use super::{Answer, Call, CkanError};

const KNOWN: [&str; 18] = [
    "q",
    "fq",
    "fq_list",
    "rows",
    "start",
    "sort",
    "facet",
    "facet.field",
    "facet.limit",
    "facet.mincount",
    "facet.sort",
    "include_private",
    "include_drafts",
    "include_deleted",
    "use_default_schema",
    "defType",
    "qf",
    "df",
];

/// The fields a filter term or a facet may name.
const FACETS: [&str; 5] = ["organization", "groups", "tags", "res_format", "license_id"];
const FIELDS: [&str; 13] = [
    "organization",
    "owner_org",
    "groups",
    "tags",
    "res_format",
    "license_id",
    "name",
    "id",
    "metadata_modified",
    "metadata_created",
    "capacity",
    "dataset_type",
    "type",
];

pub const MAX_ROWS: i64 = 1000;

fn query_error(m: impl Into<String>) -> CkanError {
    CkanError::SearchQuery(m.into())
}

/// What one term asks of a field.
#[derive(Debug, Clone, PartialEq)]
enum Want {
    Any,
    Is(String),
    /// Inclusive, in milliseconds; `None` is open.
    Between(Option<i64>, Option<i64>),
}

#[derive(Debug, Clone, PartialEq)]
struct Term {
    field: String,
    want: Want,
}

/// Terms joined by `OR` (any of them), required (`+` or nothing) or excluded (`-`).
#[derive(Debug, Clone, PartialEq)]
struct Clause {
    negated: bool,
    any_of: Vec<Term>,
}

/// Splits a query into words, keeping `"..."` and `[... TO ...]` whole.
fn words(s: &str) -> Result<Vec<String>, CkanError> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut quoted, mut ranged) = (false, false);
    for c in s.chars() {
        match c {
            '"' if !ranged => {
                quoted = !quoted;
                cur.push(c);
            }
            '[' | '{' if !quoted => {
                ranged = true;
                cur.push(c);
            }
            ']' | '}' if !quoted => {
                ranged = false;
                cur.push(c);
            }
            '(' | ')' if !quoted => {
                return Err(query_error(
                    "Tanda kurung tidak didukung: tulis istilah field:nilai dipisah OR",
                ));
            }
            c if c.is_whitespace() && !quoted && !ranged => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if quoted || ranged {
        return Err(query_error("Tanda kutip atau kurung siku tidak ditutup"));
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// A time bound of a range: `*`, `NOW`, a date or an RFC 3339 time (a `Z` may be left off).
fn bound(v: &str) -> Result<Option<i64>, CkanError> {
    let v = v.trim();
    if v == "*" {
        return Ok(None);
    }
    if v.starts_with("NOW") {
        let now = OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000;
        return Ok(Some(i64::try_from(now).unwrap_or(i64::MAX)));
    }
    padu_core::date::parse_moment_ms(v)
        .map(Some)
        .ok_or_else(|| query_error(format!("Waktu tidak dikenali: {v}")))
}

fn term(word: &str) -> Result<Term, CkanError> {
    let Some((field, value)) = word.split_once(':') else {
        return Err(query_error(format!(
            "Istilah filter harus berbentuk field:nilai: {word}"
        )));
    };
    if !FIELDS.contains(&field) {
        return Err(query_error(format!(
            "Field {field} tidak dapat disaring; yang dapat: {}",
            FIELDS.join(", ")
        )));
    }
    let want = if value == "*" {
        Want::Any
    } else if let Some(inner) = value
        .strip_prefix(['[', '{'])
        .and_then(|v| v.strip_suffix([']', '}']))
    {
        if !field.starts_with("metadata_") {
            return Err(query_error(format!(
                "Rentang [a TO b] hanya untuk metadata_modified dan metadata_created, bukan {field}"
            )));
        }
        let Some((a, b)) = inner.split_once(" TO ") else {
            return Err(query_error(format!("Rentang harus [a TO b]: {value}")));
        };
        Want::Between(bound(a)?, bound(b)?)
    } else {
        let v = value.trim_matches('"');
        if v.is_empty() {
            return Err(query_error(format!("Nilai kosong pada {field}")));
        }
        Want::Is(v.to_string())
    };
    Ok(Term {
        field: field.to_string(),
        want,
    })
}

/// The clauses of a filter query.
fn clauses(fq: &str) -> Result<Vec<Clause>, CkanError> {
    let mut out: Vec<Clause> = Vec::new();
    let mut join = false;
    for w in words(fq)? {
        match w.as_str() {
            "AND" | "&&" => continue,
            "OR" | "||" => {
                if out.is_empty() || join {
                    return Err(query_error("OR harus di antara dua istilah"));
                }
                join = true;
                continue;
            }
            _ => {}
        }
        let (negated, body) = match w.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, w.strip_prefix('+').unwrap_or(&w)),
        };
        let t = term(body)?;
        match out.last_mut() {
            Some(last) if join => {
                if last.negated != negated {
                    return Err(query_error("OR tidak dapat menggabungkan + dan -"));
                }
                last.any_of.push(t);
            }
            _ => out.push(Clause {
                negated,
                any_of: vec![t],
            }),
        }
        join = false;
    }
    if join {
        return Err(query_error("OR harus di antara dua istilah"));
    }
    Ok(out)
}

/// The values of `field` of dataset `d`, as filters and facets see them.
fn values(d: &Dataset, orgs: &Orgs, field: &str) -> Vec<String> {
    match field {
        "organization" => vec![orgs.name_of(d.opd_id)],
        "owner_org" => vec![d.opd_id.to_string()],
        "groups" => d.fields.groups.clone(),
        "tags" => d.fields.tags.clone(),
        "res_format" => {
            let mut f: Vec<String> = d.resources.iter().map(|r| r.format.clone()).collect();
            f.sort();
            f.dedup();
            f
        }
        "license_id" => d.fields.license_id.iter().cloned().collect(),
        "name" => vec![d.fields.name.clone()],
        "id" => vec![d.id.to_string()],
        "capacity" => vec![
            if d.fields.access.private() {
                "private"
            } else {
                "public"
            }
            .into(),
        ],
        "dataset_type" | "type" => vec!["dataset".into()],
        _ => Vec::new(),
    }
}

fn holds(d: &Dataset, orgs: &Orgs, t: &Term) -> bool {
    match &t.want {
        Want::Between(a, b) => {
            let at = if t.field == "metadata_created" {
                d.created_at_ms
            } else {
                d.updated_at_ms
            };
            a.is_none_or(|a| at >= a) && b.is_none_or(|b| at <= b)
        }
        Want::Any => !values(d, orgs, &t.field).is_empty(),
        Want::Is(v) => {
            let vals = values(d, orgs, &t.field);
            match t.field.as_str() {
                "res_format" => vals.iter().any(|x| x.eq_ignore_ascii_case(v)),
                "organization" => vals.contains(v) || d.opd_id.to_string() == *v,
                _ => vals.contains(v),
            }
        }
    }
}

fn matches(d: &Dataset, orgs: &Orgs, all: &[Clause], words: &[String]) -> bool {
    let text = || {
        let f = &d.fields;
        let mut t = format!("{} {} {} {}", f.title, f.name, f.notes, f.tags.join(" "));
        t.make_ascii_lowercase();
        t
    };
    all.iter()
        .all(|c| c.any_of.iter().any(|t| holds(d, orgs, t)) != c.negated)
        && (words.is_empty() || {
            let t = text();
            words.iter().all(|w| t.contains(w.as_str()))
        })
}

/// Sorts by CKAN's `sort` (`score desc, metadata_modified desc` by default); `score` keeps the
/// order of the other keys, Padu's search has no relevance score.
fn sort(found: &mut [Dataset], spec: &str) -> Result<(), CkanError> {
    let mut keys = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let mut w = part.split_whitespace();
        let field = w.next().unwrap_or("");
        let desc = match w.next().map(str::to_ascii_lowercase).as_deref() {
            None | Some("asc") => false,
            Some("desc") => true,
            Some(d) => return Err(query_error(format!("Arah urutan tidak dikenal: {d}"))),
        };
        if ![
            "score",
            "metadata_modified",
            "metadata_created",
            "name",
            "title",
            "title_string",
            "id",
        ]
        .contains(&field)
        {
            return Err(query_error(format!(
                "Tidak dapat mengurutkan menurut {field}"
            )));
        }
        if field != "score" {
            keys.push((field.to_string(), desc));
        }
    }
    found.sort_by(|a, b| {
        for (field, desc) in &keys {
            let o = match field.as_str() {
                "metadata_modified" => a.updated_at_ms.cmp(&b.updated_at_ms),
                "metadata_created" => a.created_at_ms.cmp(&b.created_at_ms),
                "name" => a.fields.name.cmp(&b.fields.name),
                "title" | "title_string" => a
                    .fields
                    .title
                    .to_lowercase()
                    .cmp(&b.fields.title.to_lowercase()),
                _ => a.id.cmp(&b.id),
            };
            let o = if *desc { o.reverse() } else { o };
            if o.is_ne() {
                return o;
            }
        }
        a.id.cmp(&b.id)
    });
    Ok(())
}

pub async fn package_search(call: &Call) -> Answer {
    let data = &call.data;
    if let Some(k) = unknown(data, &KNOWN) {
        return Err(query_error(format!(
            "Parameter pencarian tidak dikenal: {k}"
        )));
    }
    let rows = int(data, "rows", 10, 0)?.min(MAX_ROWS);
    let start = int(data, "start", 0, 0)?;
    let sort_spec =
        text(data, "sort")?.unwrap_or_else(|| "score desc, metadata_modified desc".into());
    let facet_fields = list(data, "facet.field")?;
    if let Some(f) = facet_fields.iter().find(|f| !FACETS.contains(&f.as_str())) {
        return Err(query_error(format!(
            "Faset {f} tidak tersedia; yang tersedia: {}",
            FACETS.join(", ")
        )));
    }
    let facet_limit = match int(data, "facet.limit", 50, i64::MIN)? {
        n if n < 0 => usize::MAX,
        n => usize::try_from(n).unwrap_or(usize::MAX),
    };
    let mincount = usize::try_from(int(data, "facet.mincount", 1, 0)?).unwrap_or(usize::MAX);
    let facet_on = data.get("facet").is_none() || flag(data, "facet")?;
    let include_private = flag(data, "include_private")?;
    let include_drafts = flag(data, "include_drafts")?;
    flag(data, "include_deleted")?;

    let mut all = Vec::new();
    let mut words_q = Vec::new();
    let q = text(data, "q")?.unwrap_or_default();
    if !matches!(q.as_str(), "" | "*:*" | "*") {
        for w in words(&q)? {
            let is_term = w
                .trim_start_matches(['+', '-'])
                .split_once(':')
                .is_some_and(|(f, _)| FIELDS.contains(&f));
            if is_term {
                all.extend(clauses(&w)?);
            } else if !matches!(w.as_str(), "AND" | "OR" | "*:*") {
                words_q.push(w.trim_matches('"').to_lowercase());
            }
        }
    }
    for fq in text(data, "fq")?.into_iter().chain(list(data, "fq_list")?) {
        all.extend(clauses(&fq)?);
    }

    let wider = call.caller.is_some() && (include_private || include_drafts);
    let mut found = ckan::readable(&call.app, call.caller.as_ref(), &call.inst, wider).await?;
    found.retain(|d| {
        d.is_public()
            || (include_private && d.status == Status::Published)
            || (include_drafts && d.status != Status::Published)
    });
    let (orgs, groups) = context(call).await?;
    found.retain(|d| matches(d, &orgs, &all, &words_q));
    sort(&mut found, &sort_spec)?;

    let mut facets = Map::new();
    let mut search_facets = Map::new();
    if facet_on {
        for field in &facet_fields {
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for d in &found {
                for v in values(d, &orgs, field) {
                    *counts.entry(v).or_default() += 1;
                }
            }
            let mut items: Vec<(String, usize)> =
                counts.into_iter().filter(|(_, n)| *n >= mincount).collect();
            items.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            items.truncate(facet_limit);
            let display = |name: &str| match field.as_str() {
                "organization" => orgs
                    .list
                    .iter()
                    .find(|(_, n)| n == name)
                    .map_or_else(|| name.to_string(), |(o, _)| o.name.clone()),
                "groups" => groups
                    .iter()
                    .find(|g| g.name == name)
                    .map_or_else(|| name.to_string(), |g| g.title.clone()),
                _ => name.to_string(),
            };
            facets.insert(
                field.clone(),
                Value::Object(items.iter().map(|(n, c)| (n.clone(), json!(c))).collect()),
            );
            search_facets.insert(
                field.clone(),
                json!({
                    "title": field,
                    "items": items.iter().map(|(n, c)| json!({
                        "name": n, "display_name": display(n), "count": c
                    })).collect::<Vec<_>>(),
                }),
            );
        }
    }
    let count = found.len();
    let results: Vec<Value> = found
        .iter()
        .skip(usize::try_from(start).unwrap_or(usize::MAX))
        .take(usize::try_from(rows).unwrap_or(0))
        .map(|d| package(&call.inst, &orgs, &groups, d))
        .collect();
    Ok(json!({
        "count": count,
        "results": results,
        "facets": facets,
        "search_facets": search_facets,
        "sort": sort_spec,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_queries_parse_into_clauses_or_refuse() {
        let c = clauses(
            "+organization:dinas-kesehatan tags:\"air bersih\" OR tags:sanitasi -res_format:PDF",
        )
        .expect("ok");
        assert_eq!(c.len(), 3);
        assert_eq!(c[1].any_of.len(), 2);
        assert_eq!(c[1].any_of[0].want, Want::Is("air bersih".into()));
        assert!(c[2].negated);
        let r = clauses("metadata_modified:[2026-01-01T00:00:00Z TO *]").expect("range");
        assert!(matches!(r[0].any_of[0].want, Want::Between(Some(_), None)));
        for bad in [
            "warna:merah",
            "tags",
            "(tags:a OR tags:b)",
            "OR tags:a",
            "tags:\"a",
            "name:[a TO b]",
        ] {
            assert!(clauses(bad).is_err(), "{bad}");
        }
    }
}
