//! CKAN's DataStore actions over the tables of uploaded resources: `datastore_search`
//! (resource_id, filters, q, fields, sort, limit up to 32,000 (100 by default), offset,
//! include_total (by default, from the stored row count when nothing narrows the rows),
//! records_format objects|lists|csv|tsv, `_links` start/next, and CKAN 2.12's
//! `include_next_page` → `next_page` `{"_id": {"gt": …}}`, which it also reads back as a
//! filter), `datastore_info`; and the dump `GET /data/{slug}/datastore/dump/{id}` (CSV, TSV or
//! `?format=json`), streamed page by page.

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::stream;
use padu_app::App;
use padu_app::satu_data::datastore::{self, MAX_LIMIT, TableQuery, TableRows};
use padu_app::satu_data::resources::RESOURCE;
use padu_core::satu_data::table::{Cell, format_num};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::params::{flag, int, list, required, text, unknown};
use super::{Answer, Call, CkanError, caller, invalid};

const SEARCH_KEYS: [&str; 15] = [
    "resource_id",
    "id",
    "filters",
    "q",
    "full_text",
    "plain",
    "language",
    "distinct",
    "fields",
    "sort",
    "limit",
    "offset",
    "include_total",
    "records_format",
    "include_next_page",
];

fn resource_id(data: &Map<String, Value>) -> Result<i64, CkanError> {
    let id = match text(data, "resource_id")? {
        Some(id) => id,
        None => required(data, "id").map_err(|_| invalid("resource_id", "Missing value"))?,
    };
    id.parse::<i64>()
        .map_err(|_| CkanError::App(padu_app::AppError::NotFound(RESOURCE)))
}

/// A JSON object given as an object or as JSON in a text.
fn object(data: &Map<String, Value>, key: &str) -> Result<Option<Map<String, Value>>, CkanError> {
    match data.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(m)) => Ok(Some(m.clone())),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) if s.trim_start().starts_with('{') => {
            match serde_json::from_str::<Value>(s) {
                Ok(Value::Object(m)) => Ok(Some(m)),
                _ => Err(invalid(key, "Harus berupa objek JSON yang sah")),
            }
        }
        Some(_) => Err(invalid(key, "Harus berupa objek JSON")),
    }
}

fn scalar(key: &str, v: &Value) -> Result<String, CkanError> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Null => Ok(String::new()),
        _ => Err(invalid(
            key,
            "Nilai filter harus teks, angka atau daftar keduanya",
        )),
    }
}

/// `datastore_search`'s parameters read into the use case's query.
fn search_query(data: &Map<String, Value>) -> Result<TableQuery, CkanError> {
    if let Some(k) = unknown(data, &SEARCH_KEYS) {
        return Err(invalid(k, "Parameter tidak dikenal"));
    }
    let mut q = TableQuery {
        include_total: match data.get("include_total") {
            None | Some(Value::Null) => true,
            _ => flag(data, "include_total")?,
        },
        ..TableQuery::default()
    };
    if let Some(filters) = object(data, "filters")? {
        for (col, v) in filters {
            if col == "_id" {
                let after = v
                    .get("gt")
                    .and_then(|g| g.as_i64().or_else(|| g.as_str()?.trim().parse().ok()))
                    .ok_or_else(|| {
                        invalid("filters", "Filter _id hanya berbentuk {\"gt\": angka}")
                    })?;
                q.after_id = Some(after);
                continue;
            }
            let values = match &v {
                Value::Array(items) => items
                    .iter()
                    .map(|i| scalar("filters", i))
                    .collect::<Result<Vec<_>, _>>()?,
                v => vec![scalar("filters", v)?],
            };
            q.filters.push((col, values));
        }
    }
    match data.get("q") {
        Some(Value::Object(_)) => {
            for (col, v) in object(data, "q")?.unwrap_or_default() {
                q.q_columns.push((col, scalar("q", &v)?));
            }
        }
        Some(Value::String(s)) if s.trim_start().starts_with('{') => {
            for (col, v) in object(data, "q")?.unwrap_or_default() {
                q.q_columns.push((col, scalar("q", &v)?));
            }
        }
        _ => q.q = text(data, "q")?,
    }
    let fields = split(list(data, "fields")?);
    if !fields.is_empty() {
        q.fields = Some(fields);
    }
    for part in split(list(data, "sort")?) {
        let mut words = part.split_whitespace();
        let col = words
            .next()
            .unwrap_or_default()
            .trim_matches('"')
            .to_string();
        let desc = match words.next().map(str::to_ascii_lowercase).as_deref() {
            None | Some("asc") => false,
            Some("desc") => true,
            Some(_) => return Err(invalid("sort", "Urutan hanya asc atau desc")),
        };
        q.sort.push((col, desc));
    }
    q.limit = Some(int(data, "limit", 100, 0)?.clamp(0, MAX_LIMIT as i64) as u64);
    q.offset = int(data, "offset", 0, 0)? as u64;
    Ok(q)
}

/// Comma-separated lists (`"a, b"`) as CKAN also accepts them.
fn split(items: Vec<String>) -> Vec<String> {
    items
        .iter()
        .flat_map(|i| i.split(','))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// A cell as JSON.
pub fn cell_json(c: &Cell) -> Value {
    match c {
        Cell::Null => Value::Null,
        Cell::Int(i) => json!(i),
        Cell::Num(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        Cell::Text(s) => Value::String(s.clone()),
    }
}

/// The `fields` list: `_id` first, then the columns with CKAN's type names.
pub fn fields_json(t: &TableRows) -> Value {
    let mut out = vec![json!({"id": "_id", "type": "int"})];
    out.extend(
        t.fields
            .iter()
            .map(|c| json!({"id": c.name, "type": c.kind.code()})),
    );
    Value::Array(out)
}

fn separated(rows: &[(i64, Vec<Cell>)], sep: u8) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(sep)
        .from_writer(Vec::new());
    for (id, cells) in rows {
        let mut rec = vec![id.to_string()];
        rec.extend(cells.iter().map(cell_text));
        let _ = w.write_record(&rec);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Num(f) => format_num(*f),
        c => c.to_text(),
    }
}

fn link(call: &Call, id: i64, limit: Option<i64>, offset: Option<u64>) -> String {
    let mut s = format!(
        "/data/{}/api/3/action/datastore_search?resource_id={id}",
        call.inst.slug
    );
    if let Some(l) = limit {
        s.push_str(&format!("&limit={l}"));
    }
    if let Some(o) = offset {
        s.push_str(&format!("&offset={o}"));
    }
    s
}

pub async fn datastore_search(call: &Call) -> Answer {
    let id = resource_id(&call.data)?;
    let format = text(&call.data, "records_format")?.unwrap_or_else(|| "objects".into());
    if !["objects", "lists", "csv", "tsv"].contains(&format.as_str()) {
        return Err(invalid(
            "records_format",
            "Hanya objects, lists, csv atau tsv",
        ));
    }
    let next_page = flag(&call.data, "include_next_page")?;
    let q = search_query(&call.data)?;
    let t = datastore::ckan_search(&call.app, call.caller.as_ref(), &call.inst, id, &q).await?;
    let records = match format.as_str() {
        "objects" => Value::Array(
            t.rows
                .iter()
                .map(|(rid, cells)| {
                    let mut m = Map::new();
                    m.insert("_id".into(), json!(rid));
                    for (c, cell) in t.fields.iter().zip(cells) {
                        m.insert(c.name.clone(), cell_json(cell));
                    }
                    Value::Object(m)
                })
                .collect(),
        ),
        "lists" => Value::Array(
            t.rows
                .iter()
                .map(|(rid, cells)| {
                    let mut l = vec![json!(rid)];
                    l.extend(cells.iter().map(cell_json));
                    Value::Array(l)
                })
                .collect(),
        ),
        "csv" => Value::String(separated(&t.rows, b',')),
        _ => Value::String(separated(&t.rows, b'\t')),
    };
    let asked_limit = call.data.get("limit").map(|_| t.limit as i64);
    let mut out = json!({
        "resource_id": id.to_string(),
        "fields": fields_json(&t),
        "records": records,
        "records_format": format,
        "limit": t.limit,
        "offset": q.offset,
        "include_total": q.include_total,
        "total_estimation_threshold": null,
        "total_was_estimated": false,
        "version": t.version.version,
        "_links": {
            "start": link(call, id, asked_limit, None),
            "next": link(call, id, asked_limit, Some(q.offset + t.limit)),
        },
    });
    if let Some(total) = t.total {
        out["total"] = json!(total);
    }
    if next_page && let Some((last, _)) = t.rows.last() {
        out["next_page"] = json!({"_id": {"gt": last}});
    }
    Ok(out)
}

pub async fn datastore_info(call: &Call) -> Answer {
    let id = resource_id(&call.data)?;
    let (_, v) =
        datastore::ckan_version(&call.app, call.caller.as_ref(), &call.inst, id, None).await?;
    let mut fields = vec![
        json!({"id": "_id", "type": "int", "schema": {"native_type": "bigint", "is_index": true}}),
    ];
    for (i, c) in v.columns.iter().enumerate() {
        fields.push(json!({
            "id": c.name,
            "type": c.kind.code(),
            "schema": {
                "native_type": match c.kind.code() { "int" => "bigint", "numeric" => "double precision", _ => "text" },
                "is_index": i < padu_store::satu_data::datastore::INDEXED_COLUMNS,
            },
        }));
    }
    Ok(json!({
        "meta": {
            "id": id.to_string(),
            "count": v.row_count,
            "table_type": "BASE TABLE",
            "version": v.version,
            "file_name": v.file_name,
            "problems": v.problems,
            "problems_omitted": v.problems_omitted,
        },
        "fields": fields,
    }))
}

#[derive(Debug, Deserialize)]
pub struct DumpQuery {
    format: Option<String>,
    version: Option<i32>,
    bom: Option<String>,
}

/// Rows per page of a dump.
const DUMP_PAGE: u64 = 10_000;

fn dump_error(status: StatusCode, message: &str) -> Response {
    (status, message.to_string()).into_response()
}

/// The whole table of a resource as CSV (by default), TSV or JSON (`?format=json`:
/// `{"fields": [...], "records": [[...], ...]}`), streamed; `?version=N` for an older version.
#[utoipa::path(
    get, path = "/data/{slug}/datastore/dump/{id}", tag = "satu-data-ckan",
    params(
        ("slug" = String, Path, description = "Slug instansi"),
        ("id" = i64, Path, description = "Id sumber data"),
        ("format" = Option<String>, Query, description = "csv (bawaan), tsv atau json"),
        ("version" = Option<i32>, Query, description = "Versi tabel (bawaan: terbaru)")
    ),
    responses(
        (status = 200, description = "Isi tabel", content_type = "text/csv"),
        (status = 404, description = "Sumber data atau tabel tidak ditemukan")
    )
)]
pub async fn dump(
    State(app): State<App>,
    Path((slug, id)): Path<(String, i64)>,
    Query(params): Query<DumpQuery>,
    headers: HeaderMap,
) -> Response {
    let format = params
        .format
        .as_deref()
        .unwrap_or("csv")
        .to_ascii_lowercase();
    if !["csv", "tsv", "json"].contains(&format.as_str()) {
        return dump_error(StatusCode::BAD_REQUEST, "format hanya csv, tsv atau json");
    }
    let found = async {
        let inst = padu_app::satu_data::ckan::catalog(&app, &slug).await?;
        let who = caller(&app, &headers).await?;
        datastore::ckan_version(&app, who.as_ref(), &inst, id, params.version)
            .await
            .map(|(_, v)| (inst, who, v))
    }
    .await;
    let (inst, who, v) = match found {
        Ok(f) => f,
        Err(padu_app::AppError::NotFound(what)) => {
            return dump_error(StatusCode::NOT_FOUND, &format!("Tidak ditemukan: {what}"));
        }
        Err(e) => {
            e.log();
            let status = match e {
                padu_app::AppError::Forbidden
                | padu_app::AppError::Unauthenticated
                | padu_app::AppError::WrongCredentials => StatusCode::FORBIDDEN,
                _ => StatusCode::INTERNAL_SERVER_ERROR,
            };
            return dump_error(status, &e.message());
        }
    };
    let names: Vec<String> = v.columns.iter().map(|c| c.name.clone()).collect();
    let json = format == "json";
    let sep = if format == "tsv" { b'\t' } else { b',' };
    let mut head = String::new();
    if json {
        let fields: Vec<Value> = std::iter::once(json!({"id": "_id", "type": "int"}))
            .chain(
                v.columns
                    .iter()
                    .map(|c| json!({"id": c.name, "type": c.kind.code()})),
            )
            .collect();
        head.push_str(&format!(
            "{{\n  \"fields\": {},\n  \"records\": [",
            Value::Array(fields)
        ));
    } else {
        if params.bom.is_some() {
            head.push('\u{feff}');
        }
        let mut w = csv::WriterBuilder::new()
            .delimiter(sep)
            .from_writer(Vec::new());
        let mut rec = vec!["_id".to_string()];
        rec.extend(names.iter().cloned());
        let _ = w.write_record(&rec);
        head.push_str(&String::from_utf8_lossy(
            &w.into_inner().unwrap_or_default(),
        ));
    }
    let version = v.version;
    // (after this _id, first page?, finished?)
    let pages = stream::unfold((0i64, true, false), move |(after, first, done)| {
        let app = app.clone();
        let inst = inst.clone();
        let who = who.clone();
        async move {
            if done {
                return None;
            }
            let q = TableQuery {
                version: Some(version),
                after_id: Some(after),
                limit: Some(DUMP_PAGE),
                ..TableQuery::default()
            };
            let page = match datastore::ckan_search(&app, who.as_ref(), &inst, id, &q).await {
                Ok(p) => p,
                Err(e) => {
                    e.log();
                    return Some((
                        Err(std::io::Error::other("dump failed")),
                        (after, false, true),
                    ));
                }
            };
            let last = page.rows.last().map(|(i, _)| *i);
            let end = page.rows.len() < DUMP_PAGE as usize;
            let mut chunk = String::new();
            if json {
                for (i, (rid, cells)) in page.rows.iter().enumerate() {
                    if !(first && i == 0) {
                        chunk.push(',');
                    }
                    let mut l = vec![json!(rid)];
                    l.extend(cells.iter().map(cell_json));
                    chunk.push_str(&format!("\n    {}", Value::Array(l)));
                }
                if end {
                    chunk.push_str("\n  ]\n}\n");
                }
            } else {
                chunk = separated(&page.rows, sep);
            }
            Some((
                Ok(axum::body::Bytes::from(chunk)),
                (last.unwrap_or(after), false, end),
            ))
        }
    });
    let body = stream::iter([Ok::<_, std::io::Error>(axum::body::Bytes::from(head))]);
    let mut response =
        Body::from_stream(futures_util::StreamExt::chain(body, pages)).into_response();
    let (mime, ext) = match format.as_str() {
        "json" => ("application/json", "json"),
        "tsv" => ("text/tab-separated-values; charset=utf-8", "tsv"),
        _ => ("text/csv; charset=utf-8", "csv"),
    };
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{id}.{ext}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}
