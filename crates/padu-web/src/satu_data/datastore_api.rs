//! The DataStore in Padu's API: uploading a CSV or XLSX file as a new resource or as a new
//! version of one (multipart `file`, `name`, `description`; answered with the columns' types,
//! the row count and every problem found), the versions of a resource, a version's rows by
//! query, and the original file of a version (`/data/{slug}/dataset/{id}/resource/{rid}/
//! download/{file}`, the resource's `url`).

use axum::Json;
use axum::body::Body;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use padu_app::satu_data::datastore::{self, TableQuery, import};
use padu_app::{App, AppError, evaluation::evidence};
use padu_files::Stored;
use padu_store::satu_data::DatastoreVersion;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::{IntoParams, ToSchema};

use super::ckan::datastore::cell_json;
use super::json::{ResourceJson, resource_json};
use crate::kit::error::{ApiError, ErrorBody};
use crate::kit::extract::ApiCaller;
use crate::kit::extract_api::{ApiPath, ApiQuery};

/// A column: its header and type (`int`, `numeric`, `date`, `text`).
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldJson {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
}

/// A problem found in the file: the row (1 = the header; 0 = the whole file), the column.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemJson {
    pub row: u64,
    pub column: String,
    pub message: String,
}

/// One version of an uploaded resource.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionJson {
    pub version: i32,
    pub file_name: String,
    pub format: String,
    pub sha256: String,
    pub size: i64,
    pub content_type: String,
    pub rows: i64,
    pub fields: Vec<FieldJson>,
    /// The bad rows (skipped) and columns (renamed, or read as text), at most 200.
    pub problems: Vec<ProblemJson>,
    pub problems_omitted: i64,
    pub created_at_ms: i64,
    pub created_by: String,
}

pub fn version_json(v: &DatastoreVersion) -> VersionJson {
    VersionJson {
        version: v.version,
        file_name: v.file_name.clone(),
        format: v.format.clone(),
        sha256: v.sha256.clone(),
        size: v.size,
        content_type: v.content_type.clone(),
        rows: v.row_count,
        fields: v
            .columns
            .iter()
            .map(|c| FieldJson {
                id: c.name.clone(),
                kind: c.kind.code().into(),
            })
            .collect(),
        problems: v
            .problems
            .iter()
            .map(|p| ProblemJson {
                row: p.row,
                column: p.column.clone(),
                message: p.message.clone(),
            })
            .collect(),
        problems_omitted: v.problems_omitted,
        created_at_ms: v.created_at_ms,
        created_by: v.created_by.clone(),
    }
}

/// An upload's outcome.
#[derive(Debug, Serialize, ToSchema)]
pub struct UploadJson {
    pub resource: ResourceJson,
    pub version: VersionJson,
}

/// The form of an upload, for the OpenAPI document.
#[derive(ToSchema)]
#[allow(dead_code)]
struct UploadForm {
    /// The file: CSV (`,`, `;` or tab separated, UTF-8) or XLSX (its first sheet); the first
    /// row holds the column headers.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// The resource's name (the file name when empty).
    name: Option<String>,
    description: Option<String>,
}

/// Reads a multipart form: its text parts, and the file of part `file_part`, stored (a
/// refusal removes a newly stored file).
pub(crate) async fn read_form(
    app: &App,
    mut form: Multipart,
    file_part: &str,
) -> Result<(Map<String, Value>, Option<(String, Stored)>), AppError> {
    let mut data = Map::new();
    let mut file: Option<(String, Stored)> = None;
    let outcome = async {
        while let Some(field) = form.next_field().await.map_err(|e| {
            AppError::BadRequest(format!(
                "unggahan multipart tidak dapat dibaca: {}",
                e.body_text()
            ))
        })? {
            let name = field.name().unwrap_or_default().to_string();
            if name == file_part && field.file_name().is_some() {
                if file.is_some() {
                    return Err(AppError::BadRequest(
                        "satu unggahan hanya untuk satu berkas".into(),
                    ));
                }
                let file_name = evidence::clean_file_name(field.file_name().unwrap_or("data.csv"));
                let stored = evidence::put_file(app, &file_name, field).await?;
                file = Some((file_name, stored));
            } else {
                let text = field.text().await.map_err(|e| {
                    AppError::BadRequest(format!(
                        "unggahan multipart tidak dapat dibaca: {}",
                        e.body_text()
                    ))
                })?;
                data.insert(name, Value::String(text));
            }
        }
        Ok(())
    }
    .await;
    match outcome {
        Ok(()) => Ok((data, file)),
        Err(e) => {
            if let Some((_, s)) = &file {
                import::discard(app, s).await;
            }
            Err(e)
        }
    }
}

fn text_of(data: &Map<String, Value>, key: &str) -> Option<String> {
    data.get(key)
        .and_then(Value::as_str)
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

async fn upload(
    state: &App,
    caller: &padu_app::Caller,
    key: &str,
    resource_id: Option<i64>,
    form: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<UploadJson>), ApiError> {
    let form = form.map_err(|e| {
        AppError::BadRequest(format!(
            "unggahan harus multipart/form-data dengan boundary: {}",
            e.body_text()
        ))
    })?;
    let (ds, inst) = import::check_upload(state, caller, key, resource_id).await?;
    let (data, file) = read_form(state, form, "file").await?;
    let Some((file_name, stored)) = file else {
        return Err(AppError::field("file", "Berkas CSV atau XLSX wajib dipilih").into());
    };
    let input = import::UploadInput {
        name: text_of(&data, "name"),
        description: text_of(&data, "description"),
    };
    match import::import(
        state,
        caller,
        (&ds, &inst),
        resource_id,
        &input,
        &file_name,
        &stored,
    )
    .await
    {
        Ok((r, v)) => Ok((
            StatusCode::CREATED,
            Json(UploadJson {
                resource: resource_json(&r),
                version: version_json(&v),
            }),
        )),
        Err(e) => {
            import::discard(state, &stored).await;
            // the use case names the file `upload`, as CKAN does; here it is the part `file`
            let e = match e {
                AppError::Invalid(mut fields) => {
                    for f in &mut fields {
                        if f.field == "upload" {
                            f.field = "file".into();
                        }
                    }
                    AppError::Invalid(fields)
                }
                e => e,
            };
            Err(e.into())
        }
    }
}

/// Uploads a CSV or XLSX file as a new resource of a draft or returned dataset: the file is
/// kept, read into a queryable table (the columns' types inferred), its bad rows and columns
/// reported.
#[utoipa::path(
    post, path = "/api/v1/datasets/{id}/resources/upload", tag = "satu-data",
    params(("id" = String, Path, description = "Id atau nama dataset")),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, body = UploadJson),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn upload_resource(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<String>,
    form: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<UploadJson>), ApiError> {
    upload(&state, &caller, &id, None, form).await
}

/// Uploads a new version of a resource's file (the older versions stay readable).
#[utoipa::path(
    post, path = "/api/v1/datasets/{id}/resources/{resource_id}/versions", tag = "satu-data",
    params(
        ("id" = String, Path, description = "Id atau nama dataset"),
        ("resource_id" = i64, Path, description = "Id sumber data")
    ),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, body = UploadJson),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn upload_version(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath((id, resource_id)): ApiPath<(String, i64)>,
    form: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<UploadJson>), ApiError> {
    upload(&state, &caller, &id, Some(resource_id), form).await
}

/// The versions of an uploaded resource, oldest first, each with its columns and problems.
#[utoipa::path(
    get, path = "/api/v1/datasets/{id}/resources/{resource_id}/versions", tag = "satu-data",
    params(
        ("id" = String, Path, description = "Id atau nama dataset"),
        ("resource_id" = i64, Path, description = "Id sumber data")
    ),
    responses(
        (status = 200, body = Vec<VersionJson>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn list_versions(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath((id, resource_id)): ApiPath<(String, i64)>,
) -> Result<Json<Vec<VersionJson>>, ApiError> {
    let list = datastore::versions(&state, &caller, &id, resource_id).await?;
    Ok(Json(list.iter().map(version_json).collect()))
}

/// In the query string of `/rows`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RowsQuery {
    /// The version (the latest by default).
    pub version: Option<i32>,
    /// A JSON object: column → value or list of values (equality).
    pub filters: Option<String>,
    /// Words searched in the text columns.
    pub q: Option<String>,
    /// Columns to return, comma-separated.
    pub fields: Option<String>,
    /// `column [asc|desc], …` (by `_id` by default).
    pub sort: Option<String>,
    /// At most 32,000 (100 by default).
    pub limit: Option<u64>,
    pub offset: Option<u64>,
    /// Include the total (from the stored row count when nothing narrows the rows).
    pub include_total: Option<bool>,
}

/// A page of a table's rows.
#[derive(Debug, Serialize, ToSchema)]
pub struct RowsJson {
    pub resource_id: i64,
    pub version: i32,
    /// `_id` first.
    pub fields: Vec<FieldJson>,
    /// One object per row, keyed by `fields`.
    #[schema(value_type = Vec<Object>)]
    pub records: Vec<Map<String, Value>>,
    pub total: Option<i64>,
    pub limit: u64,
    pub offset: u64,
}

fn rows_query(q: RowsQuery) -> Result<TableQuery, AppError> {
    let mut out = TableQuery {
        version: q.version,
        q: q.q.filter(|s| !s.trim().is_empty()),
        limit: q.limit,
        offset: q.offset.unwrap_or(0),
        include_total: q.include_total.unwrap_or(false),
        ..TableQuery::default()
    };
    if let Some(f) = q.filters.filter(|s| !s.trim().is_empty()) {
        let Ok(Value::Object(map)) = serde_json::from_str::<Value>(&f) else {
            return Err(AppError::field("filters", "Filter harus berupa objek JSON"));
        };
        for (col, v) in map {
            let one = |v: &Value| match v {
                Value::String(s) => Ok(s.clone()),
                Value::Number(n) => Ok(n.to_string()),
                Value::Null => Ok(String::new()),
                _ => Err(AppError::field(
                    "filters",
                    "Nilai filter harus teks atau angka",
                )),
            };
            let values = match &v {
                Value::Array(items) => items.iter().map(one).collect::<Result<Vec<_>, _>>()?,
                v => vec![one(v)?],
            };
            out.filters.push((col, values));
        }
    }
    if let Some(f) = q.fields.filter(|s| !s.trim().is_empty()) {
        out.fields = Some(f.split(',').map(|s| s.trim().to_string()).collect());
    }
    for part in q
        .sort
        .unwrap_or_default()
        .split(',')
        .filter(|s| !s.trim().is_empty())
    {
        let mut words = part.split_whitespace();
        let col = words.next().unwrap_or_default().to_string();
        let desc = match words.next().map(str::to_ascii_lowercase).as_deref() {
            None | Some("asc") => false,
            Some("desc") => true,
            Some(_) => return Err(AppError::field("sort", "Urutan hanya asc atau desc")),
        };
        out.sort.push((col, desc));
    }
    Ok(out)
}

/// The rows of an uploaded resource's table: filters, search, sort, paging; the total when
/// asked. Readable like its dataset.
#[utoipa::path(
    get, path = "/api/v1/datasets/{id}/resources/{resource_id}/rows", tag = "satu-data",
    params(
        ("id" = String, Path, description = "Id atau nama dataset"),
        ("resource_id" = i64, Path, description = "Id sumber data"),
        RowsQuery
    ),
    responses(
        (status = 200, body = RowsJson),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn table_rows(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath((id, resource_id)): ApiPath<(String, i64)>,
    ApiQuery(q): ApiQuery<RowsQuery>,
) -> Result<Json<RowsJson>, ApiError> {
    let query = rows_query(q)?;
    let t = datastore::search(&state, &caller, &id, resource_id, &query).await?;
    let mut fields = vec![FieldJson {
        id: "_id".into(),
        kind: "int".into(),
    }];
    fields.extend(t.fields.iter().map(|c| FieldJson {
        id: c.name.clone(),
        kind: c.kind.code().into(),
    }));
    let records = t
        .rows
        .iter()
        .map(|(rid, cells)| {
            let mut m = Map::new();
            m.insert("_id".into(), Value::from(*rid));
            for (c, cell) in t.fields.iter().zip(cells) {
                m.insert(c.name.clone(), cell_json(cell));
            }
            m
        })
        .collect();
    Ok(Json(RowsJson {
        resource_id,
        version: t.version.version,
        fields,
        records,
        total: t.total,
        limit: t.limit,
        offset: query.offset,
    }))
}

#[derive(Debug, Deserialize)]
pub struct DownloadQuery {
    version: Option<i32>,
}

/// The original file of an uploaded resource (the latest version; `?version=N` for an older
/// one), readable like its dataset: the resource's `url`.
#[utoipa::path(
    get, path = "/data/{slug}/dataset/{id}/resource/{resource_id}/download/{file}",
    tag = "satu-data-ckan",
    params(
        ("slug" = String, Path, description = "Slug instansi"),
        ("id" = String, Path, description = "Id atau nama dataset"),
        ("resource_id" = i64, Path, description = "Id sumber data"),
        ("file" = String, Path, description = "Nama berkas"),
        ("version" = Option<i32>, Query, description = "Versi (bawaan: terbaru)")
    ),
    responses(
        (status = 200, description = "Isi berkas", content_type = "application/octet-stream"),
        (status = 404, description = "Tidak ditemukan")
    )
)]
pub async fn download(
    State(app): State<App>,
    Path((slug, _ds, resource_id, _file)): Path<(String, String, i64, String)>,
    Query(q): Query<DownloadQuery>,
    headers: HeaderMap,
) -> Response {
    let found = async {
        let inst = padu_app::satu_data::ckan::catalog(&app, &slug).await?;
        let who = super::ckan::request_caller(&app, &headers).await?;
        let (_, v) =
            datastore::ckan_version(&app, who.as_ref(), &inst, resource_id, q.version).await?;
        let file = datastore::file(&app, &v).await?;
        Ok::<_, AppError>((v, file))
    }
    .await;
    let (v, file) = match found {
        Ok(f) => f,
        Err(AppError::NotFound(what)) => {
            return (StatusCode::NOT_FOUND, format!("Tidak ditemukan: {what}")).into_response();
        }
        Err(e) => return ApiError::from(e).into_response(),
    };
    let mut response = Body::from_stream(file.stream).into_response();
    let h = response.headers_mut();
    if let Ok(ct) = HeaderValue::from_str(&v.content_type) {
        h.insert(header::CONTENT_TYPE, ct);
    }
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(file.size));
    let ascii: String = v
        .file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_ ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    if let Ok(d) = HeaderValue::from_str(&format!("attachment; filename=\"{ascii}\"")) {
        h.insert(header::CONTENT_DISPOSITION, d);
    }
    response
}
