//! The read actions: `status_show`, `help_show`, `package_list`, `package_show`,
//! `organization_list`/`_show` (the OPDs), `group_list`/`_show`, `tag_list`, `license_list`,
//! `resource_show`. Without a token they show the public datasets only.

use std::collections::BTreeMap;

use padu_app::satu_data::ckan;
use padu_core::access::Action;
use padu_core::satu_data::LICENSES;
use padu_store::satu_data::Dataset;
use serde_json::{Value, json};

use super::dicts::{Orgs, group, organization, package, resource};
use super::params::{flag, int, list, required, text};
use super::{ACTIONS, Answer, Call, CkanError, invalid};

/// The CKAN version whose Action API this one follows.
pub const CKAN_VERSION: &str = "2.11.5";

pub fn status_show(call: &Call) -> Answer {
    Ok(json!({
        "site_title": format!("Satu Data {}", call.inst.name),
        "site_description": format!("Katalog Satu Data {} di Padu", call.inst.name),
        "site_url": call.base,
        "ckan_version": CKAN_VERSION,
        "error_emails_to": Value::Null,
        "locale_default": "id",
        "extensions": ["padu_satu_data"],
    }))
}

pub fn help_show(call: &Call) -> Answer {
    let name = required(&call.data, "name")?;
    if !ACTIONS.contains(&name.as_str()) {
        return Err(CkanError::App(padu_app::AppError::NotFound("Aksi")));
    }
    Ok(Value::String(format!(
        "{name}: aksi CKAN di katalog Satu Data {} (Padu). Parameter dan hasil mengikuti CKAN {CKAN_VERSION}.",
        call.inst.name
    )))
}

/// `limit` (clamped to `max`) and `offset`.
fn page(call: &Call, max: i64) -> Result<(usize, usize), CkanError> {
    let limit = int(&call.data, "limit", max, 0)?.min(max);
    let offset = int(&call.data, "offset", 0, 0)?;
    Ok((
        usize::try_from(limit).unwrap_or(0),
        usize::try_from(offset).unwrap_or(usize::MAX),
    ))
}

pub async fn package_list(call: &Call) -> Answer {
    let (limit, offset) = page(call, 1000)?;
    let mut names: Vec<String> = ckan::readable(&call.app, None, &call.inst, false)
        .await?
        .into_iter()
        .map(|d| d.fields.name)
        .collect();
    names.sort();
    Ok(json!(
        names
            .into_iter()
            .skip(offset)
            .take(limit)
            .collect::<Vec<_>>()
    ))
}

/// The catalog's organizations and groups, for a package's dict.
pub async fn context(
    call: &Call,
) -> Result<(Orgs, Vec<padu_store::satu_data::DataGroup>), CkanError> {
    let orgs = Orgs::new(ckan::organizations(&call.app, &call.inst).await?);
    let groups = ckan::groups(&call.app, &call.inst).await?;
    Ok((orgs, groups))
}

/// The package dict of `d`.
pub async fn package_of(call: &Call, d: &Dataset) -> Answer {
    let (orgs, groups) = context(call).await?;
    Ok(package(&call.inst, &orgs, &groups, d))
}

pub async fn package_show(call: &Call) -> Answer {
    let id = text(&call.data, "id")?
        .or(text(&call.data, "name_or_id")?)
        .ok_or_else(|| invalid("id", "Missing value"))?;
    let ds = ckan::dataset_in(
        &call.app,
        call.caller.as_ref(),
        &call.inst,
        &id,
        Action::ReadDataset,
    )
    .await?;
    package_of(call, &ds).await
}

pub async fn resource_show(call: &Call) -> Answer {
    let id = required(&call.data, "id")?;
    let Ok(id) = id.parse::<i64>() else {
        return Err(CkanError::App(padu_app::AppError::NotFound(
            padu_app::satu_data::resources::RESOURCE,
        )));
    };
    let (r, _) = ckan::resource_in(&call.app, call.caller.as_ref(), &call.inst, id).await?;
    Ok(resource(&r))
}

/// The datasets an organization or group page counts: the public ones, and with a token the
/// others its user may read.
async fn counted(call: &Call) -> Result<Vec<Dataset>, CkanError> {
    Ok(ckan::readable(
        &call.app,
        call.caller.as_ref(),
        &call.inst,
        call.caller.is_some(),
    )
    .await?)
}

/// Sorts dicts by CKAN's `sort` for lists (`name`, `title`, `package_count`; `asc`/`desc`).
fn sort_dicts(call: &Call, dicts: &mut [serde_json::Map<String, Value>]) -> Result<(), CkanError> {
    let sort = text(&call.data, "sort")?.unwrap_or_else(|| "title asc".into());
    let mut words = sort.split_whitespace();
    let field = words.next().unwrap_or("title").to_string();
    let desc = match words.next().map(str::to_ascii_lowercase).as_deref() {
        None | Some("asc") => false,
        Some("desc") => true,
        Some(_) => return Err(invalid("sort", "Arah urutan harus asc atau desc")),
    };
    if !["name", "title", "package_count"].contains(&field.as_str()) {
        return Err(invalid(
            "sort",
            "Urutkan menurut name, title atau package_count",
        ));
    }
    dicts.sort_by(|a, b| {
        let key = |m: &serde_json::Map<String, Value>| match m.get(&field) {
            Some(Value::Number(n)) => format!("{:020}", n.as_u64().unwrap_or(0)),
            Some(Value::String(s)) => s.to_lowercase(),
            _ => String::new(),
        };
        let o = key(a).cmp(&key(b));
        if desc { o.reverse() } else { o }
    });
    Ok(())
}

/// Answers a list of organizations or groups: names, or with `all_fields` the dicts with
/// `package_count` (25 at most per call, as CKAN; 1000 names).
fn listed(call: &Call, mut dicts: Vec<serde_json::Map<String, Value>>) -> Answer {
    let all_fields = flag(&call.data, "all_fields")?;
    let wanted = list(&call.data, "organizations")?
        .into_iter()
        .chain(list(&call.data, "groups")?)
        .collect::<Vec<_>>();
    if !wanted.is_empty() {
        dicts.retain(|d| {
            d.get("name")
                .and_then(Value::as_str)
                .is_some_and(|n| wanted.iter().any(|w| w == n))
        });
    }
    if let Some(q) = text(&call.data, "q")? {
        let q = q.to_lowercase();
        dicts.retain(|d| {
            ["name", "title"].iter().any(|k| {
                d.get(*k)
                    .and_then(Value::as_str)
                    .is_some_and(|v| v.to_lowercase().contains(&q))
            })
        });
    }
    sort_dicts(call, &mut dicts)?;
    let (limit, offset) = page(call, if all_fields { 25 } else { 1000 })?;
    let page = dicts.into_iter().skip(offset).take(limit);
    Ok(if all_fields {
        Value::Array(page.map(Value::Object).collect())
    } else {
        Value::Array(page.filter_map(|d| d.get("name").cloned()).collect())
    })
}

pub async fn organization_list(call: &Call) -> Answer {
    let (orgs, _) = context(call).await?;
    let mut counts: BTreeMap<i64, usize> = BTreeMap::new();
    for d in counted(call).await? {
        *counts.entry(d.opd_id).or_default() += 1;
    }
    let dicts = orgs
        .list
        .iter()
        .map(|(o, n)| {
            let mut m = organization(&call.inst, o, n);
            m.insert(
                "package_count".into(),
                json!(counts.get(&o.id).copied().unwrap_or(0)),
            );
            m
        })
        .collect();
    listed(call, dicts)
}

pub async fn group_list(call: &Call) -> Answer {
    let (_, groups) = context(call).await?;
    let datasets = counted(call).await?;
    let dicts = groups
        .iter()
        .map(|g| {
            let mut m = group(g);
            let n = datasets
                .iter()
                .filter(|d| d.fields.groups.contains(&g.name))
                .count();
            m.insert("package_count".into(), json!(n));
            m
        })
        .collect();
    listed(call, dicts)
}

/// Adds `package_count`, and with `include_datasets` the packages (1000 at most), to an
/// organization's or group's dict.
async fn with_datasets(
    call: &Call,
    mut dict: serde_json::Map<String, Value>,
    of: impl Fn(&Dataset) -> bool,
) -> Answer {
    let mut members: Vec<Dataset> = counted(call).await?.into_iter().filter(|d| of(d)).collect();
    members.sort_by(|a, b| a.fields.name.cmp(&b.fields.name));
    dict.insert("package_count".into(), json!(members.len()));
    if flag(&call.data, "include_datasets")? {
        let (orgs, groups) = context(call).await?;
        let packages: Vec<Value> = members
            .iter()
            .take(1000)
            .map(|d| package(&call.inst, &orgs, &groups, d))
            .collect();
        dict.insert("packages".into(), Value::Array(packages));
    }
    dict.insert("users".into(), json!([]));
    dict.insert("extras".into(), json!([]));
    dict.insert("tags".into(), json!([]));
    dict.insert("groups".into(), json!([]));
    Ok(Value::Object(dict))
}

pub async fn organization_show(call: &Call) -> Answer {
    let id = required(&call.data, "id")?;
    let (orgs, _) = context(call).await?;
    let (opd, name) = orgs
        .find(&id)
        .ok_or(CkanError::App(padu_app::AppError::NotFound("Organisasi")))?;
    let dict = organization(&call.inst, opd, name);
    let opd_id = opd.id;
    with_datasets(call, dict, |d| d.opd_id == opd_id).await
}

pub async fn group_show(call: &Call) -> Answer {
    let id = required(&call.data, "id")?;
    let (_, groups) = context(call).await?;
    let g = groups
        .iter()
        .find(|g| g.name == id || g.id.to_string() == id)
        .ok_or(CkanError::App(padu_app::AppError::NotFound("Grup")))?;
    let name = g.name.clone();
    with_datasets(call, group(g), |d| d.fields.groups.contains(&name)).await
}

pub async fn tag_list(call: &Call) -> Answer {
    let query = text(&call.data, "query")?.map(|q| q.to_lowercase());
    let all_fields = flag(&call.data, "all_fields")?;
    let mut tags: Vec<String> = ckan::readable(&call.app, None, &call.inst, false)
        .await?
        .into_iter()
        .flat_map(|d| d.fields.tags)
        .filter(|t| query.as_ref().is_none_or(|q| t.to_lowercase().contains(q)))
        .collect();
    tags.sort();
    tags.dedup();
    Ok(if all_fields {
        Value::Array(
            tags.iter()
                .map(|t| json!({"id": t, "name": t, "display_name": t, "vocabulary_id": null}))
                .collect(),
        )
    } else {
        json!(tags)
    })
}

pub fn license_list() -> Value {
    Value::Array(
        LICENSES
            .iter()
            .map(|l| {
                json!({
                    "id": l.id,
                    "title": l.title,
                    "url": l.url,
                    "status": "active",
                    "maintainer": "",
                    "family": "",
                    "od_conformance": if l.open { "approved" } else { "not reviewed" },
                    "osd_conformance": "not reviewed",
                    "domain_content": l.open,
                    "domain_data": l.open,
                    "domain_software": false,
                    "is_generic": l.url.is_empty(),
                    "is_okd_compliant": l.open,
                    "is_osi_compliant": false,
                })
            })
            .collect(),
    )
}
