//! The write actions, with a Padu API token: `package_create` (a draft of the produsen's OPD),
//! `package_update` (CKAN's replacement: CKAN's own fields left out are cleared, the Satu Data
//! metadata is kept), `package_patch` (only what is sent), `package_delete` (drafts),
//! `resource_create` (a link), `resource_update`/`resource_patch`. A package dict read from
//! `package_show` may be sent back as it is: the keys Padu writes are ignored.

use padu_app::satu_data::ckan::{self, ResourceEntry};
use padu_app::satu_data::datasets::DatasetRequest;
use padu_app::satu_data::resources::{RESOURCE, ResourceInput};
use serde_json::{Map, Value};

use super::dicts::{Orgs, WRITTEN, resource};
use super::params::{required, text};
use super::reads::package_of;
use super::{Answer, Call, CkanError, invalid};
use crate::satu_data::json::dataset_request;

/// The keys of a resource dict that Padu writes, or that CKAN clients send and Padu does not
/// keep (sizes, hashes, MIME types are Padu's to work out).
const RESOURCE_WRITTEN: [&str; 20] = [
    "id",
    "package_id",
    "position",
    "created",
    "last_modified",
    "metadata_modified",
    "state",
    "datastore_active",
    "datastore_version",
    "datastore_rows",
    "datastore_report",
    "mimetype",
    "mimetype_inner",
    "size",
    "hash",
    "url_type",
    "resource_type",
    "cache_url",
    "cache_last_updated",
    "tracking_summary",
];

fn resource_input(value: &Value, at: &str) -> Result<ResourceEntry, CkanError> {
    let Value::Object(map) = value else {
        return Err(invalid(at, "Sumber data harus berupa objek"));
    };
    let mut input = ResourceInput::default();
    for (k, v) in map {
        let t = || match v {
            Value::String(s) => Ok(s.clone()),
            Value::Null => Ok(String::new()),
            _ => Err(invalid(k, "Harus berupa teks")),
        };
        match k.as_str() {
            "name" => input.name = Some(t()?),
            "url" => input.url = Some(t()?),
            "format" => input.format = Some(t()?),
            "description" => input.description = Some(t()?),
            "upload" => {
                return Err(invalid(
                    "upload",
                    "Kirim berkas sebagai unggahan multipart (bagian upload), bukan dalam JSON",
                ));
            }
            k if RESOURCE_WRITTEN.contains(&k) => {}
            _ => return Err(invalid(k, "Isian sumber data tidak dikenal")),
        }
    }
    let id = match map.get("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(v) => {
            let id = match v {
                Value::String(s) => s.trim().parse::<i64>().ok(),
                v => v.as_i64(),
            };
            Some(id.ok_or(CkanError::App(padu_app::AppError::NotFound(RESOURCE)))?)
        }
    };
    Ok(ResourceEntry { id, input })
}

/// A package dict read into Padu's request and its links (`None` when `resources` is not
/// sent). `full`: CKAN's fields left out are cleared (`package_update`).
async fn package_request(
    call: &Call,
    full: bool,
) -> Result<(DatasetRequest, Option<Vec<ResourceEntry>>), CkanError> {
    let mut body: Map<String, Value> = call.data.clone();
    let links = match body.remove("resources") {
        None | Some(Value::Null) => None,
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .map(|i| resource_input(i, "resources"))
                .collect::<Result<Vec<_>, _>>()?,
        ),
        Some(_) => return Err(invalid("resources", "Harus berupa daftar sumber data")),
    };
    for key in WRITTEN {
        body.remove(key);
    }
    for key in ["url", "version"] {
        if let Some(v) = body.remove(key)
            && !matches!(&v, Value::Null)
            && v.as_str().is_none_or(|s| !s.trim().is_empty())
        {
            return Err(invalid(
                key,
                "Padu tidak menyimpan isian ini: tautan data dikirim sebagai resources, versi sebagai extras",
            ));
        }
    }
    // CKAN's maintainer (else author) is the produsen's contact
    let maintainer = body.remove("maintainer");
    let author = body.remove("author");
    let maintainer_email = body.remove("maintainer_email");
    let author_email = body.remove("author_email");
    let given = |v: &Option<Value>| {
        v.as_ref()
            .and_then(Value::as_str)
            .is_some_and(|s| !s.trim().is_empty())
    };
    if !body.contains_key("contact_name") {
        if given(&maintainer) {
            body.insert("contact_name".into(), maintainer.unwrap_or(Value::Null));
        } else if given(&author) {
            body.insert("contact_name".into(), author.unwrap_or(Value::Null));
        }
    }
    if !body.contains_key("contact_email") {
        if given(&maintainer_email) {
            body.insert(
                "contact_email".into(),
                maintainer_email.unwrap_or(Value::Null),
            );
        } else if given(&author_email) {
            body.insert("contact_email".into(), author_email.unwrap_or(Value::Null));
        }
    }
    // owner_org: the organization's id or name
    let owner = match body.remove("owner_org") {
        None | Some(Value::Null) => None,
        Some(v) => {
            let key = match &v {
                Value::String(s) => s.trim().to_string(),
                Value::Number(n) => n.to_string(),
                _ => return Err(invalid("owner_org", "Harus berupa id atau nama organisasi")),
            };
            let orgs = Orgs::new(ckan::organizations(&call.app, &call.inst).await?);
            let Some((opd, _)) = orgs.find(&key) else {
                return Err(invalid(
                    "owner_org",
                    "Organisasi (OPD) tidak ditemukan di katalog ini",
                ));
            };
            Some(opd.id)
        }
    };
    if full {
        for (key, empty) in [
            ("notes", Value::String(String::new())),
            ("tags", Value::Array(Vec::new())),
            ("groups", Value::Array(Vec::new())),
            ("extras", Value::Array(Vec::new())),
        ] {
            body.entry(key).or_insert(empty);
        }
    }
    let mut req = dataset_request(body).map_err(|e| CkanError::App(e.0))?;
    if owner.is_some() {
        req.owner_org = owner;
    }
    Ok((req, links))
}

pub async fn package_create(call: &Call) -> Answer {
    let caller = call.writer()?;
    let mut data = call.data.clone();
    // CKAN's title defaults to the name
    if text(&data, "title")?.is_none()
        && let Some(name) = text(&data, "name")?
    {
        data.insert("title".into(), Value::String(name));
    }
    let call_with = Call {
        app: call.app.clone(),
        inst: call.inst.clone(),
        caller: call.caller.clone(),
        data,
        base: call.base.clone(),
    };
    let (req, links) = package_request(&call_with, false).await?;
    let links = links.unwrap_or_default();
    let ds = ckan::create(&call.app, caller, &call.inst, &req, &links).await?;
    package_of(call, &ds).await
}

/// `package_update` (`full`) or `package_patch`: the dataset named by `id` (or `name`).
pub async fn package_update(call: &Call, full: bool) -> Answer {
    let caller = call.writer()?;
    let key = match text(&call.data, "id")? {
        Some(id) => id,
        None => required(&call.data, "name").map_err(|_| invalid("id", "Missing value"))?,
    };
    let (req, links) = package_request(call, full).await?;
    let ds = ckan::update(&call.app, caller, &call.inst, &key, &req, links.as_deref()).await?;
    package_of(call, &ds).await
}

pub async fn package_delete(call: &Call) -> Answer {
    let caller = call.writer()?;
    let key = required(&call.data, "id")?;
    ckan::delete(&call.app, caller, &call.inst, &key).await?;
    Ok(Value::Null)
}

pub async fn resource_create(call: &Call) -> Answer {
    let caller = call.writer()?;
    let package = required(&call.data, "package_id")?;
    let mut data = call.data.clone();
    data.remove("package_id");
    if data.contains_key("upload") {
        return Err(invalid(
            "upload",
            "Kirim berkas sebagai unggahan multipart (bagian upload), bukan dalam JSON",
        ));
    }
    if text(&data, "url")?.is_none() {
        return Err(invalid("url", "Missing value"));
    }
    let entry = resource_input(&Value::Object(data), "resource")?;
    let r = ckan::add_resource(&call.app, caller, &call.inst, &package, &entry.input).await?;
    Ok(resource(&r))
}

/// `resource_update` and `resource_patch`: the values sent change, the others stay.
pub async fn resource_update(call: &Call) -> Answer {
    let caller = call.writer()?;
    let id = required(&call.data, "id")?;
    let Ok(id) = id.parse::<i64>() else {
        return Err(CkanError::App(padu_app::AppError::NotFound(RESOURCE)));
    };
    let mut data = call.data.clone();
    data.remove("package_id");
    let entry = resource_input(&Value::Object(data), "resource")?;
    let r = ckan::update_resource(&call.app, caller, &call.inst, id, &entry.input).await?;
    Ok(resource(&r))
}
