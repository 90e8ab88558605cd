//! The CKAN-compatible Action API of an instansi's catalog, at `/data/{slug}/api/3/action/{name}`
//! and `/data/{slug}/api/action/{name}`, by GET (the query string) or POST (a JSON object, or a
//! form), so that `ckanapi` and the scripts Pemdas run against CKAN work unchanged. Answers in
//! CKAN's envelope `{"help", "success", "result"}`; errors as CKAN writes them (`error.__type`
//! with CKAN's HTTP codes: 403 Authorization Error, 404 Not Found Error, 409 Validation Error,
//! 400 Search Query Error, and a bare string for a request that cannot be read). Reads need no
//! token and show the public datasets; a Padu API token in `Authorization` (bare, as CKAN
//! clients send it, or `Bearer`) reads and writes what Padu's own API lets its user.
//!
//! The actions: `reads` (status, packages, organizations, groups, tags, licences, resources),
//! `search` (`package_search`), `writes` (packages and resources); their dicts in `dicts`,
//! the lenient reading of parameters in `params`; `datastore` (`datastore_search`,
//! `datastore_info`, the dump) over the tables of uploaded resources, the uploads themselves
//! (`resource_create`/`resource_update` as multipart with `upload`) in `upload`.

pub mod datastore;
mod dicts;
mod params;
mod reads;
mod search;
mod upload;
mod writes;

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use padu_app::satu_data::ckan;
use padu_app::{App, AppError, Caller, users};
use padu_store::Instansi;
use serde_json::{Map, Value, json};

use crate::kit::extract::{SESSION_COOKIE, cookie};

/// The actions served, in CKAN's names.
pub const ACTIONS: [&str; 23] = [
    "status_show",
    "help_show",
    "site_read",
    "package_list",
    "package_show",
    "package_search",
    "organization_list",
    "organization_show",
    "group_list",
    "group_show",
    "tag_list",
    "license_list",
    "resource_show",
    "datastore_search",
    "datastore_info",
    "package_create",
    "package_update",
    "package_patch",
    "package_delete",
    "resource_create",
    "resource_update",
    "resource_patch",
    "dataset_purge",
];

/// An error as CKAN answers it.
#[derive(Debug)]
pub enum CkanError {
    /// 400 with a bare JSON string: the request cannot be read, or the action is unknown.
    BadRequest(String),
    /// 400 `Search Query Error`.
    SearchQuery(String),
    /// 409 `Validation Error` with the problems by field name.
    Validation(Vec<(String, String)>),
    /// What the use cases answered.
    App(AppError),
}

impl From<AppError> for CkanError {
    fn from(e: AppError) -> Self {
        CkanError::App(e)
    }
}

/// A Validation Error about one parameter.
pub fn invalid(field: &str, message: impl Into<String>) -> CkanError {
    CkanError::Validation(vec![(field.to_string(), message.into())])
}

type Answer = Result<Value, CkanError>;

/// What an action is called with.
#[derive(Debug)]
pub struct Call {
    pub app: App,
    pub inst: Instansi,
    pub caller: Option<Caller>,
    pub data: Map<String, Value>,
    /// The site's address and the catalog's path, for `help` and resource URLs.
    pub base: String,
}

impl Call {
    /// The caller of a write: 403 without a token.
    pub fn writer(&self) -> Result<&Caller, CkanError> {
        self.caller
            .as_ref()
            .ok_or(CkanError::App(AppError::Forbidden))
    }
}

fn help(base: &str, name: &str) -> String {
    format!("{base}/api/3/action/help_show?name={name}")
}

fn envelope(status: StatusCode, help: String, success: bool, body: (&str, Value)) -> Response {
    let mut out = Map::new();
    out.insert("help".into(), Value::String(help));
    out.insert("success".into(), Value::Bool(success));
    out.insert(body.0.into(), body.1);
    (status, Json(Value::Object(out))).into_response()
}

fn error_response(help: String, err: CkanError) -> Response {
    let typed = |status: StatusCode, kind: &str, message: String| {
        let error = json!({"__type": kind, "message": message});
        envelope(status, help.clone(), false, ("error", error))
    };
    match err {
        CkanError::BadRequest(m) => (
            StatusCode::BAD_REQUEST,
            Json(Value::String(format!("Bad request: {m}"))),
        )
            .into_response(),
        CkanError::SearchQuery(m) => typed(StatusCode::BAD_REQUEST, "Search Query Error", m),
        CkanError::Validation(fields) => {
            let mut error = Map::new();
            error.insert("__type".into(), "Validation Error".into());
            let summary: Vec<String> = fields.iter().map(|(f, m)| format!("{f}: {m}")).collect();
            error.insert("message".into(), summary.join("; ").into());
            for (field, message) in fields {
                let entry = error
                    .entry(field)
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(list) = entry {
                    list.push(Value::String(message));
                }
            }
            envelope(
                StatusCode::CONFLICT,
                help,
                false,
                ("error", Value::Object(error)),
            )
        }
        CkanError::App(e) => {
            e.log();
            match e {
                AppError::NotFound(_) => typed(
                    StatusCode::NOT_FOUND,
                    "Not Found Error",
                    format!("Not found: {}", e.message()),
                ),
                AppError::Forbidden | AppError::Unauthenticated | AppError::WrongCredentials => {
                    typed(
                        StatusCode::FORBIDDEN,
                        "Authorization Error",
                        format!("Access denied: {}", e.message()),
                    )
                }
                AppError::Invalid(fields) => error_response(
                    help,
                    CkanError::Validation(
                        fields.into_iter().map(|f| (f.field, f.message)).collect(),
                    ),
                ),
                AppError::Conflict(m) => error_response(help, invalid("state", m)),
                AppError::BadRequest(m) | AppError::PayloadTooLarge(m) => {
                    error_response(help, CkanError::BadRequest(m))
                }
                AppError::UnsupportedMediaType => error_response(
                    help,
                    CkanError::BadRequest("kirim objek JSON atau formulir".into()),
                ),
                AppError::TooManyRequests(_) => typed(
                    StatusCode::TOO_MANY_REQUESTS,
                    "Authorization Error",
                    e.message(),
                ),
                AppError::Internal(_) => typed(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Internal Server Error",
                    e.message(),
                ),
            }
        }
    }
}

/// The caller of a request: a Padu API token in `Authorization` (bare or `Bearer`) or in
/// CKAN's older `X-CKAN-API-Key`, else the browser session, else nobody. A token that does not
/// match is an Authorization Error, never a fall-back to reading as nobody.
async fn caller(app: &App, headers: &HeaderMap) -> Result<Option<Caller>, AppError> {
    let token = [header::AUTHORIZATION.as_str(), "x-ckan-api-key"]
        .into_iter()
        .filter_map(|h| headers.get(h).and_then(|v| v.to_str().ok()))
        .map(|v| {
            let v = v.trim();
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
                .unwrap_or(v)
                .trim()
        })
        .find(|v| !v.is_empty());
    if let Some(token) = token {
        return users::caller_for_token(app, token).await.map(Some);
    }
    match cookie(headers, SESSION_COOKIE) {
        Some(secret) => users::caller_for_session(app, secret).await,
        None => Ok(None),
    }
}

/// The caller of a request outside the Action API (the dump, the file download), as there.
pub(crate) async fn request_caller(
    app: &App,
    headers: &HeaderMap,
) -> Result<Option<Caller>, AppError> {
    caller(app, headers).await
}

/// The parameters of a GET: each key once as a text, a repeated key as a list.
fn query_data(pairs: Vec<(String, String)>) -> Map<String, Value> {
    let mut out = Map::new();
    for (k, v) in pairs {
        match out.get_mut(&k) {
            None => {
                out.insert(k, Value::String(v));
            }
            Some(Value::Array(list)) => list.push(Value::String(v)),
            Some(first) => {
                let first = first.take();
                out.insert(k, Value::Array(vec![first, Value::String(v)]));
            }
        }
    }
    out
}

/// The parameters of a POST: a JSON object (empty = `{}`), or a form.
async fn body_data(headers: &HeaderMap, body: Bytes) -> Result<Map<String, Value>, CkanError> {
    let kind = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if kind.starts_with("multipart/") {
        return Err(CkanError::BadRequest(
            "hanya resource_create dan resource_update menerima unggahan multipart".into(),
        ));
    }
    if kind.starts_with("application/x-www-form-urlencoded") {
        let request = Request::builder()
            .method("POST")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .map_err(|e| CkanError::BadRequest(e.to_string()))?;
        let Form(pairs) = Form::<Vec<(String, String)>>::from_request(request, &())
            .await
            .map_err(|e| CkanError::BadRequest(format!("formulir tidak terbaca: {e}")))?;
        return Ok(query_data(pairs));
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(CkanError::BadRequest(
            "JSON Error: isi permintaan harus berupa objek JSON".into(),
        )),
        Err(e) => Err(CkanError::BadRequest(format!("JSON Error: {e}"))),
    }
}

async fn dispatch(name: &str, call: &Call) -> Answer {
    match name {
        "status_show" => reads::status_show(call),
        "help_show" => reads::help_show(call),
        "site_read" => Ok(Value::Bool(true)),
        "package_list" => reads::package_list(call).await,
        "package_show" => reads::package_show(call).await,
        "package_search" => search::package_search(call).await,
        "organization_list" => reads::organization_list(call).await,
        "organization_show" => reads::organization_show(call).await,
        "group_list" => reads::group_list(call).await,
        "group_show" => reads::group_show(call).await,
        "tag_list" => reads::tag_list(call).await,
        "license_list" => Ok(reads::license_list()),
        "resource_show" => reads::resource_show(call).await,
        "datastore_search" => datastore::datastore_search(call).await,
        "datastore_info" => datastore::datastore_info(call).await,
        "package_create" => writes::package_create(call).await,
        "package_update" => writes::package_update(call, true).await,
        "package_patch" => writes::package_update(call, false).await,
        "package_delete" | "dataset_purge" => writes::package_delete(call).await,
        "resource_create" => writes::resource_create(call).await,
        "resource_update" | "resource_patch" => writes::resource_update(call).await,
        _ => Err(CkanError::BadRequest(format!(
            "Action name not known: {name}"
        ))),
    }
}

/// The actions that change something: POST only, as in CKAN (a GET carries the browser's
/// session past the cross-site guard, so a write by GET could be forged from another site).
const WRITES: [&str; 8] = [
    "package_create",
    "package_update",
    "package_patch",
    "package_delete",
    "resource_create",
    "resource_update",
    "resource_patch",
    "dataset_purge",
];

/// What a request carries: parameters, or (a multipart upload) a form still to read.
enum Params {
    Data(Result<Map<String, Value>, CkanError>),
    Form(axum::extract::Multipart),
}

/// The actions that take a file (multipart, its `upload` part).
const UPLOADS: [&str; 3] = ["resource_create", "resource_update", "resource_patch"];

/// The largest JSON or form body of an action (a file upload has the files store's cap).
const MAX_BODY: usize = 1024 * 1024;

async fn run(
    app: App,
    headers: &HeaderMap,
    slug: &str,
    name: &str,
    params: Params,
    by_get: bool,
) -> Response {
    let base = format!(
        "{}/data/{slug}",
        app.settings.public_url.trim_end_matches('/')
    );
    let help = help(&base, name);
    let answer = async {
        let inst = ckan::catalog(&app, slug).await?;
        let params = match params {
            Params::Data(Err(e)) => return Err(e),
            p => p,
        };
        if !ACTIONS.contains(&name) {
            return Err(CkanError::BadRequest(format!(
                "Action name not known: {name}"
            )));
        }
        if by_get && WRITES.contains(&name) {
            return Err(CkanError::BadRequest(format!(
                "aksi {name} hanya dapat dipanggil dengan POST"
            )));
        }
        let caller = caller(&app, headers).await?;
        let mut call = Call {
            app: app.clone(),
            inst,
            caller,
            data: Map::new(),
            base: base.clone(),
        };
        match params {
            Params::Data(data) => {
                call.data = data?;
                dispatch(name, &call).await
            }
            Params::Form(form) => {
                // no byte is stored for nobody
                call.writer()?;
                let (data, file) = upload::read_form(&call, form).await?;
                call.data = data;
                upload::with_file(&call, name != "resource_create", file).await
            }
        }
    }
    .await;
    match answer {
        Ok(result) => envelope(StatusCode::OK, help, true, ("result", result)),
        Err(e) => error_response(help, e),
    }
}

/// A CKAN action called by GET, its parameters in the query string. The actions:
/// `status_show`, `help_show`, `package_list`, `package_show`, `package_search`,
/// `organization_list`, `organization_show`, `group_list`, `group_show`, `tag_list`,
/// `license_list`, `resource_show` (reads, no token needed); a write by GET is a 400. Also
/// served at `/data/{slug}/api/action/{name}`.
#[utoipa::path(
    get, path = "/data/{slug}/api/3/action/{name}", tag = "satu-data-ckan",
    params(
        ("slug" = String, Path, description = "Slug instansi, mis. kabupaten-trenggalek"),
        ("name" = String, Path, description = "Nama aksi CKAN, mis. package_search")
    ),
    responses(
        (status = 200, description = "{\"help\", \"success\": true, \"result\"}"),
        (status = 400, description = "Permintaan tak terbaca, aksi tak dikenal, Search Query Error"),
        (status = 403, description = "Authorization Error"),
        (status = 404, description = "Not Found Error"),
        (status = 409, description = "Validation Error")
    )
)]
pub async fn action_get(
    State(app): State<App>,
    Path((slug, name)): Path<(String, String)>,
    headers: HeaderMap,
    query: Result<Query<Vec<(String, String)>>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let data = query
        .map(|Query(pairs)| query_data(pairs))
        .map_err(|e| CkanError::BadRequest(format!("query string tidak terbaca: {e}")));
    run(app, &headers, &slug, &name, Params::Data(data), true).await
}

/// A CKAN action called by POST with a JSON object (or a form): every read above, and the
/// writes with a Padu API token in `Authorization` (bare or `Bearer`): `package_create` (a
/// draft of the produsen's OPD, public only once the walidata publishes it),
/// `package_update`, `package_patch`, `package_delete` (drafts only), `resource_create` (a
/// link: `url`; or a CSV/XLSX file as multipart `upload`, read into a queryable table),
/// `resource_update`, `resource_patch` (a file: a new version of the table).
#[utoipa::path(
    post, path = "/data/{slug}/api/3/action/{name}", tag = "satu-data-ckan",
    params(
        ("slug" = String, Path, description = "Slug instansi, mis. kabupaten-trenggalek"),
        ("name" = String, Path, description = "Nama aksi CKAN, mis. package_create")
    ),
    request_body(content = Object, description = "Parameter aksi sebagai objek JSON"),
    responses(
        (status = 200, description = "{\"help\", \"success\": true, \"result\"}"),
        (status = 400, description = "Permintaan tak terbaca, aksi tak dikenal, Search Query Error"),
        (status = 403, description = "Authorization Error"),
        (status = 404, description = "Not Found Error"),
        (status = 409, description = "Validation Error")
    ),
    security((), ("bearer" = []))
)]
pub async fn action_post(
    State(app): State<App>,
    Path((slug, name)): Path<(String, String)>,
    request: Request,
) -> Response {
    let headers = request.headers().clone();
    let multipart = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/"));
    let params = if multipart && UPLOADS.contains(&name.as_str()) {
        match axum::extract::Multipart::from_request(request, &()).await {
            Ok(form) => Params::Form(form),
            Err(e) => Params::Data(Err(CkanError::BadRequest(format!(
                "unggahan harus multipart/form-data dengan boundary: {}",
                e.body_text()
            )))),
        }
    } else {
        match axum::body::to_bytes(request.into_body(), MAX_BODY).await {
            Ok(body) => Params::Data(body_data(&headers, body).await),
            Err(_) => Params::Data(Err(CkanError::BadRequest(
                "isi permintaan terlalu besar atau terputus".into(),
            ))),
        }
    };
    run(app, &headers, &slug, &name, params, false).await
}
