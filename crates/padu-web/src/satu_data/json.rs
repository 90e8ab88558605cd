//! A dataset as the API writes it (CKAN's field names where CKAN has one) and reading what a
//! client sends into `padu_app`'s request, saying by the field's name what is wrong.

use std::collections::BTreeMap;

use padu_app::AppError;
use padu_app::satu_data::datasets::DatasetRequest;
use padu_app::satu_data::resources::ResourceInput;
use padu_app::satu_data::{Steps, steps};
use padu_core::satu_data::fields::TEXT_FIELDS;
use padu_core::satu_data::license;
use padu_store::Instansi;
use padu_store::satu_data::{Dataset, Resource};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;

use crate::kit::error::ApiError;

/// A resource: a link to the data.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResourceJson {
    pub id: i64,
    pub package_id: i64,
    pub position: i32,
    pub name: String,
    pub url: String,
    /// Upper-case: `CSV`, `XLSX`, `JSON`, ...
    pub format: String,
    pub description: String,
    pub created_at_ms: i64,
    pub last_modified_ms: i64,
    /// An uploaded CSV/XLSX file read into a queryable table (CKAN's `datastore_active`).
    pub datastore_active: bool,
    /// The table's latest version.
    pub datastore_version: Option<i32>,
    /// Its row count.
    pub datastore_rows: Option<i64>,
}

pub fn resource_json(r: &Resource) -> ResourceJson {
    ResourceJson {
        id: r.id,
        package_id: r.dataset_id,
        position: r.position,
        name: r.name.clone(),
        url: r.url.clone(),
        format: r.format.clone(),
        description: r.description.clone(),
        created_at_ms: r.created_at_ms,
        last_modified_ms: r.updated_at_ms,
        datastore_active: r.table.is_some(),
        datastore_version: r.table.as_ref().map(|t| t.version),
        datastore_rows: r.table.as_ref().map(|t| t.row_count),
    }
}

/// An extra as CKAN writes it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ExtraJson {
    pub key: String,
    pub value: String,
}

/// What the caller may do with the dataset now.
#[derive(Debug, Serialize, ToSchema)]
pub struct StepsJson {
    pub edit: bool,
    pub delete: bool,
    pub submit: bool,
    /// Return or approve.
    pub review: bool,
    pub publish: bool,
    pub unpublish: bool,
}

impl From<Steps> for StepsJson {
    fn from(s: Steps) -> Self {
        StepsJson {
            edit: s.edit,
            delete: s.delete,
            submit: s.submit,
            review: s.review,
            publish: s.publish,
            unpublish: s.unpublish,
        }
    }
}

/// A dataset.
#[derive(Debug, Serialize, ToSchema)]
pub struct DatasetJson {
    pub id: i64,
    /// The URL name, unique in the instansi (`{id}` in the paths may be it).
    pub name: String,
    pub title: String,
    /// The description.
    pub notes: String,
    /// The owner OPD's id.
    pub owner_org: i64,
    pub instansi: i64,
    pub license_id: Option<String>,
    pub license_title: Option<String>,
    /// Not Terbuka: never public.
    pub private: bool,
    /// `terbuka`, `terbatas` or `tertutup`.
    pub access: String,
    /// `draft`, `submitted`, `returned`, `approved`, `published` or `withdrawn`.
    pub status: String,
    /// Published and Terbuka.
    pub public: bool,
    /// The year of the Daftar Data.
    pub year: Option<i32>,
    pub prioritas: bool,
    /// `harian`, `mingguan`, `bulanan`, `triwulanan`, `empat_bulanan`, `semesteran`,
    /// `tahunan`, `dua_tahunan` or `ad_hoc`.
    pub frequency: Option<String>,
    pub period_start: Option<i32>,
    pub period_end: Option<i32>,
    pub unit: Option<String>,
    pub coverage: Option<String>,
    pub classification: Option<String>,
    pub reference_code: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub ms_keg: Option<String>,
    pub ms_var: Option<String>,
    pub ms_ind: Option<String>,
    pub tags: Vec<String>,
    /// Group (theme) names.
    pub groups: Vec<String>,
    pub extras: Vec<ExtraJson>,
    pub resources: Vec<ResourceJson>,
    /// The walidata's notes of the last return, by field name.
    pub review_notes: BTreeMap<String, String>,
    /// Who recorded the pembina's verdict on this data prioritas.
    pub pembina_approved_by: Option<String>,
    pub published_at_ms: Option<i64>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub updated_by: String,
    /// What the caller may do now.
    pub can: StepsJson,
}

pub fn dataset_json(caller: &padu_app::Caller, inst: &Instansi, d: &Dataset) -> DatasetJson {
    let f = &d.fields;
    let m = &f.meta;
    DatasetJson {
        id: d.id,
        name: f.name.clone(),
        title: f.title.clone(),
        notes: f.notes.clone(),
        owner_org: d.opd_id,
        instansi: d.instansi_id,
        license_id: f.license_id.clone(),
        license_title: f
            .license_id
            .as_deref()
            .and_then(license)
            .map(|l| l.title.to_string()),
        private: f.access.private(),
        access: f.access.code().to_string(),
        status: d.status.code().to_string(),
        public: d.is_public(),
        year: f.year,
        prioritas: f.prioritas,
        frequency: m.frequency.map(|x| x.code().to_string()),
        period_start: m.period_start,
        period_end: m.period_end,
        unit: m.unit.clone(),
        coverage: m.coverage.clone(),
        classification: m.classification.clone(),
        reference_code: m.reference_code.clone(),
        contact_name: m.contact_name.clone(),
        contact_email: m.contact_email.clone(),
        ms_keg: m.ms_keg.clone(),
        ms_var: m.ms_var.clone(),
        ms_ind: m.ms_ind.clone(),
        tags: f.tags.clone(),
        groups: f.groups.clone(),
        extras: f
            .extras
            .iter()
            .map(|(key, value)| ExtraJson {
                key: key.clone(),
                value: value.clone(),
            })
            .collect(),
        resources: d.resources.iter().map(resource_json).collect(),
        review_notes: d.review_notes.clone(),
        pembina_approved_by: d.pembina_approved_by.clone(),
        published_at_ms: d.published_at_ms,
        created_at_ms: d.created_at_ms,
        updated_at_ms: d.updated_at_ms,
        updated_by: d.updated_by.clone(),
        can: steps(caller, inst, d).into(),
    }
}

/// What a client sends for a dataset (every key optional on a change; `null` clears an
/// optional field). Keys the API writes but does not read (`id`, `status`, `resources`, ...)
/// are ignored, so what was read may be sent back; any other key is a 422.
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct DatasetBody {
    /// Required on create.
    pub title: Option<String>,
    /// From the title when left out on create.
    pub name: Option<String>,
    pub notes: Option<String>,
    /// The owner OPD's id (a produsen data's own OPD by default).
    pub owner_org: Option<i64>,
    /// `CC-BY-4.0`, `CC-BY-SA-4.0`, `CC0-1.0`, `ODbL-1.0`, `other-open` or `other-closed`.
    pub license_id: Option<String>,
    /// `terbuka` (default), `terbatas` or `tertutup`.
    pub access: Option<String>,
    /// CKAN's flag: true makes Terbuka data Terbatas, false makes it Terbuka.
    pub private: Option<bool>,
    pub year: Option<i32>,
    pub prioritas: Option<bool>,
    pub frequency: Option<String>,
    pub period_start: Option<i32>,
    pub period_end: Option<i32>,
    pub unit: Option<String>,
    pub coverage: Option<String>,
    pub classification: Option<String>,
    pub reference_code: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub ms_keg: Option<String>,
    pub ms_var: Option<String>,
    pub ms_ind: Option<String>,
    /// Names, or CKAN's `[{"name": ...}]`.
    pub tags: Option<Vec<String>>,
    /// Group names (a group is made on first use), or `[{"name": ...}]`.
    pub groups: Option<Vec<String>>,
    /// `[{"key", "value"}]` as CKAN sends them, or an object of texts; kept verbatim.
    pub extras: Option<Vec<ExtraJson>>,
}

/// Keys the API writes and ignores when sent.
const WRITTEN: [&str; 14] = [
    "id",
    "instansi",
    "license_title",
    "status",
    "public",
    "resources",
    "review_notes",
    "pembina_approved_by",
    "published_at_ms",
    "created_at_ms",
    "updated_at_ms",
    "updated_by",
    "can",
    "type",
];

fn wrong(field: &str, message: &str) -> ApiError {
    AppError::field(field, message).into()
}

fn text(key: &str, v: &Value) -> Result<String, ApiError> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Null => Ok(String::new()),
        _ => Err(wrong(key, "Harus berupa teks")),
    }
}

fn boolean(key: &str, v: &Value) -> Result<bool, ApiError> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(false),
        _ => Err(wrong(key, "Harus true atau false")),
    }
}

fn year(key: &str, v: &Value) -> Result<Option<i32>, ApiError> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => s
            .trim()
            .parse::<i32>()
            .map(Some)
            .map_err(|_| wrong(key, "Harus berupa tahun (bilangan)")),
        _ => v
            .as_i64()
            .and_then(|y| i32::try_from(y).ok())
            .map(Some)
            .ok_or_else(|| wrong(key, "Harus berupa tahun (bilangan)")),
    }
}

/// A list of names: `["a", "b"]` or `[{"name": "a"}]`.
fn names(key: &str, v: &Value) -> Result<Vec<String>, ApiError> {
    let bad = || wrong(key, "Harus berupa daftar nama");
    match v {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => Ok(s.clone()),
                Value::Object(o) => o
                    .get("name")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .ok_or_else(bad),
                _ => Err(bad()),
            })
            .collect(),
        _ => Err(bad()),
    }
}

fn extras(v: &Value) -> Result<BTreeMap<String, String>, ApiError> {
    let bad = || {
        wrong(
            "extras",
            "Harus berupa daftar {\"key\", \"value\"} atau objek berisi teks",
        )
    };
    let value_text = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Null => Some(String::new()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    let mut out = BTreeMap::new();
    match v {
        Value::Null => {}
        Value::Array(items) => {
            for i in items {
                let key = i.get("key").and_then(Value::as_str).ok_or_else(bad)?;
                let value = i.get("value").and_then(value_text).ok_or_else(bad)?;
                out.insert(key.to_string(), value);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                out.insert(k.clone(), value_text(v).ok_or_else(bad)?);
            }
        }
        _ => return Err(bad()),
    }
    Ok(out)
}

/// Reads a dataset body.
pub fn dataset_request(body: Map<String, Value>) -> Result<DatasetRequest, ApiError> {
    let mut req = DatasetRequest::default();
    let f = &mut req.fields;
    for (key, value) in body {
        let k = key.as_str();
        match k {
            "title" => f.title = Some(text(k, &value)?),
            "name" => f.name = Some(text(k, &value)?),
            "notes" => f.notes = Some(text(k, &value)?),
            "license_id" => f.license_id = Some(text(k, &value)?),
            "access" => f.access = Some(text(k, &value)?),
            "frequency" => f.frequency = Some(text(k, &value)?),
            "private" => f.private = Some(boolean(k, &value)?),
            "prioritas" => f.prioritas = Some(boolean(k, &value)?),
            "year" => f.year = Some(year(k, &value)?),
            "period_start" => f.period_start = Some(year(k, &value)?),
            "period_end" => f.period_end = Some(year(k, &value)?),
            "tags" => f.tags = Some(names(k, &value)?),
            "groups" => f.groups = Some(names(k, &value)?),
            "extras" => f.extras = Some(extras(&value)?),
            "owner_org" => {
                let id = match &value {
                    Value::String(s) => s.trim().parse::<i64>().ok(),
                    v => v.as_i64(),
                };
                req.owner_org = Some(id.ok_or_else(|| wrong(k, "Harus berupa id OPD (bilangan)"))?);
            }
            _ if TEXT_FIELDS.iter().any(|(t, _, _)| *t == k) => {
                f.texts.insert(key.clone(), text(k, &value)?);
            }
            _ if WRITTEN.contains(&k) => {}
            _ => return Err(wrong(k, "Isian tidak dikenal")),
        }
    }
    Ok(req)
}

/// What a client sends for a resource (every key optional on a change).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResourceBody {
    /// From the URL's file name when left out.
    pub name: Option<String>,
    /// `http://` or `https://`. Required when adding.
    pub url: Option<String>,
    /// From the URL's extension when left out.
    pub format: Option<String>,
    pub description: Option<String>,
}

impl From<ResourceBody> for ResourceInput {
    fn from(b: ResourceBody) -> Self {
        ResourceInput {
            name: b.name,
            url: b.url,
            format: b.format,
            description: b.description,
        }
    }
}

/// A return: a note per field, keyed by the field's name (CKAN's: `title`, `notes`,
/// `license_id`, ...; and `frequency`, `unit`, `ms_ind`, ... for the Satu Data metadata).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnBody {
    pub notes: BTreeMap<String, String>,
}
