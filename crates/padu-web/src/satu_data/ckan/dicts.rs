//! The dicts CKAN answers with: a package (a dataset with its organization, tags, groups,
//! extras and resources, and Padu's Satu Data fields beside CKAN's), a resource, an
//! organization (an OPD) and a group. Ids are texts, as CKAN's are; times are UTC without a
//! zone suffix (`2026-12-07T13:50:18.123000`), as CKAN writes them.

use padu_core::satu_data::license;
use padu_core::text::slug;
use padu_store::satu_data::{DataGroup, Dataset, Resource};
use padu_store::{Instansi, Opd};
use serde_json::{Map, Value, json};
use time::OffsetDateTime;

/// A time as CKAN writes it.
pub fn timestamp(ms: i64) -> String {
    let t = OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.microsecond()
    )
}

/// The catalog's OPDs with their CKAN names (the slug of the OPD's name; its id appended
/// where two OPDs would share one).
pub struct Orgs {
    pub list: Vec<(Opd, String)>,
}

impl Orgs {
    pub fn new(opds: Vec<Opd>) -> Orgs {
        let mut list: Vec<(Opd, String)> = Vec::with_capacity(opds.len());
        for o in opds {
            let mut name = slug(&o.name);
            if name.len() < 2 || list.iter().any(|(_, n)| *n == name) {
                name = format!("{name}-{}", o.id);
            }
            list.push((o, name));
        }
        Orgs { list }
    }

    pub fn by_id(&self, id: i64) -> Option<&(Opd, String)> {
        self.list.iter().find(|(o, _)| o.id == id)
    }

    /// The OPD an organization's `id` or `name` names.
    pub fn find(&self, key: &str) -> Option<&(Opd, String)> {
        let key = key.trim();
        self.list
            .iter()
            .find(|(o, n)| n == key || o.id.to_string() == key)
    }

    pub fn name_of(&self, id: i64) -> String {
        self.by_id(id)
            .map_or_else(|| id.to_string(), |(_, n)| n.clone())
    }
}

/// An organization (an OPD), without its datasets.
pub fn organization(inst: &Instansi, opd: &Opd, name: &str) -> Map<String, Value> {
    let v = json!({
        "id": opd.id.to_string(),
        "name": name,
        "title": opd.name,
        "display_name": opd.name,
        "type": "organization",
        "description": format!("{} — {}", opd.name, inst.name),
        "image_url": "",
        "image_display_url": "",
        "is_organization": true,
        "approval_status": "approved",
        "state": if opd.active { "active" } else { "deleted" },
        "opd_kind": opd.kind,
    });
    v.as_object().cloned().unwrap_or_default()
}

/// A group (a theme).
pub fn group(g: &DataGroup) -> Map<String, Value> {
    let v = json!({
        "id": g.id.to_string(),
        "name": g.name,
        "title": g.title,
        "display_name": g.title,
        "type": "group",
        "description": "",
        "image_url": "",
        "image_display_url": "",
        "is_organization": false,
        "approval_status": "approved",
        "state": "active",
    });
    v.as_object().cloned().unwrap_or_default()
}

fn mimetype(format: &str) -> Value {
    let m = match format.to_ascii_uppercase().as_str() {
        "CSV" => "text/csv",
        "JSON" => "application/json",
        "XLSX" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "XLS" => "application/vnd.ms-excel",
        "PDF" => "application/pdf",
        "GEOJSON" => "application/geo+json",
        "XML" => "application/xml",
        "ZIP" => "application/zip",
        "HTML" => "text/html",
        _ => return Value::Null,
    };
    Value::String(m.to_string())
}

/// A resource; an uploaded file (a table) has its size, hash and `url_type: upload`.
pub fn resource(r: &Resource) -> Value {
    let t = r.table.as_ref();
    json!({
        "id": r.id.to_string(),
        "package_id": r.dataset_id.to_string(),
        "name": r.name,
        "description": r.description,
        "url": r.url,
        "format": r.format,
        "mimetype": t.map_or_else(|| mimetype(&r.format), |t| {
            Value::String(t.content_type.split(';').next().unwrap_or_default().to_string())
        }),
        "size": t.map(|t| t.size),
        "hash": t.map(|t| t.sha256.clone()).unwrap_or_default(),
        "url_type": t.map(|_| "upload"),
        "resource_type": Value::Null,
        "created": timestamp(r.created_at_ms),
        "last_modified": timestamp(r.updated_at_ms),
        "metadata_modified": timestamp(r.updated_at_ms),
        "position": r.position,
        "state": "active",
        "datastore_active": t.is_some(),
        "datastore_version": t.map(|t| t.version),
        "datastore_rows": t.map(|t| t.row_count),
    })
}

/// CKAN's `state` of a dataset: `active` once published, `draft` before (and when withdrawn).
pub fn state(d: &Dataset) -> &'static str {
    if d.status == padu_core::satu_data::Status::Published {
        "active"
    } else {
        "draft"
    }
}

/// A package: CKAN's fields (tags by name, as CKAN sorts them), and the Satu Data fields
/// beside them.
pub fn package(inst: &Instansi, orgs: &Orgs, groups: &[DataGroup], d: &Dataset) -> Value {
    let f = &d.fields;
    let m = &f.meta;
    let lic = f.license_id.as_deref().and_then(license);
    let organization = orgs.by_id(d.opd_id).map_or(Value::Null, |(o, n)| {
        Value::Object(organization(inst, o, n))
    });
    let mut names: Vec<&String> = f.tags.iter().collect();
    names.sort();
    let tags: Vec<Value> = names
        .into_iter()
        .map(|t| json!({"id": t, "name": t, "display_name": t, "state": "active", "vocabulary_id": null}))
        .collect();
    let groups: Vec<Value> = f
        .groups
        .iter()
        .map(|name| match groups.iter().find(|g| g.name == *name) {
            Some(g) => json!({"id": g.id.to_string(), "name": g.name, "title": g.title,
                              "display_name": g.title, "description": "", "image_display_url": ""}),
            None => json!({"id": name, "name": name, "title": name, "display_name": name,
                           "description": "", "image_display_url": ""}),
        })
        .collect();
    let extras: Vec<Value> = f
        .extras
        .iter()
        .map(|(k, v)| json!({"key": k, "value": v}))
        .collect();
    let resources: Vec<Value> = d.resources.iter().map(resource).collect();
    let ckan = json!({
        "id": d.id.to_string(),
        "name": f.name,
        "title": f.title,
        "notes": f.notes,
        "type": "dataset",
        "url": "",
        "version": "",
        "author": "",
        "author_email": "",
        "maintainer": m.contact_name.clone().unwrap_or_default(),
        "maintainer_email": m.contact_email.clone().unwrap_or_default(),
        "license_id": f.license_id,
        "license_title": lic.map(|l| l.title),
        "license_url": lic.map(|l| l.url).filter(|u| !u.is_empty()),
        "isopen": lic.is_some_and(|l| l.open),
        "owner_org": d.opd_id.to_string(),
        "organization": organization,
        "private": f.access.private(),
        "state": state(d),
        "metadata_created": timestamp(d.created_at_ms),
        "metadata_modified": timestamp(d.updated_at_ms),
        "creator_user_id": Value::Null,
        "num_tags": tags.len(),
        "num_resources": resources.len(),
        "tags": tags,
        "groups": groups,
        "extras": extras,
        "resources": resources,
        "relationships_as_subject": [],
        "relationships_as_object": [],
    });
    // Satu Data, beside CKAN's fields
    let satu_data = json!({
        "instansi": inst.slug,
        "status": d.status.code(),
        "access": f.access.code(),
        "year": f.year,
        "prioritas": f.prioritas,
        "frequency": m.frequency.map(|x| x.code()),
        "period_start": m.period_start,
        "period_end": m.period_end,
        "unit": m.unit,
        "coverage": m.coverage,
        "classification": m.classification,
        "reference_code": m.reference_code,
        "contact_name": m.contact_name,
        "contact_email": m.contact_email,
        "ms_keg": m.ms_keg,
        "ms_var": m.ms_var,
        "ms_ind": m.ms_ind,
        "published": d.published_at_ms.map(timestamp),
    });
    let mut out = ckan;
    if let (Value::Object(o), Value::Object(extra)) = (&mut out, satu_data) {
        o.extend(extra);
    }
    out
}

/// The keys of a package that a client may send back unchanged and that are not read (they
/// are Padu's or CKAN's to write).
pub const WRITTEN: [&str; 21] = [
    "id",
    "type",
    "state",
    "license_title",
    "license_url",
    "isopen",
    "organization",
    "metadata_created",
    "metadata_modified",
    "creator_user_id",
    "num_tags",
    "num_resources",
    "relationships_as_subject",
    "relationships_as_object",
    "instansi",
    "status",
    "published",
    "revision_id",
    "tracking_summary",
    "display_name",
    "url_type",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_utc_without_a_zone() {
        assert_eq!(timestamp(0), "1970-01-01T00:00:00.000000");
        assert_eq!(timestamp(1_796_651_418_123), "2026-12-07T13:50:18.123000");
    }
}
