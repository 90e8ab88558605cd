//! The questions of the CKAN-compatible Action API (`/data/{slug}/api/3/action/...`), asked of
//! one instansi's catalog: which datasets a caller (or nobody, without a token) may read, one
//! dataset or resource by its id or name within that catalog, the catalog's OPDs and groups.
//! The writes go through the same use cases as Padu's own API (`datasets`, `resources`): the
//! same permission question, the same checks, the same audit.

use padu_core::access::Action;
use padu_store::satu_data::{DataGroup, Dataset, DatasetFilter, Resource};
use padu_store::{Instansi, Opd};

use super::datasets::{self, DatasetRequest};
use super::resources::{self, RESOURCE, ResourceInput};
use super::{DATASET, dataset_for, target};
use crate::kit::app::App;
use crate::kit::error::{AppError, FieldError};
use crate::kit::principal::{Acting, Caller};

/// What a missing catalog (an unknown slug) is called in a "not found".
pub const CATALOG: &str = "Katalog data";

/// The instansi whose catalog lives under `/data/{slug}`.
pub async fn catalog(app: &App, slug: &str) -> Result<Instansi, AppError> {
    app.store
        .instansi_by_slug(slug.trim())
        .await?
        .ok_or(AppError::NotFound(CATALOG))
}

/// The catalog's datasets `caller` may read: the public ones (published and Terbuka), and with
/// `include_private` also every other one the caller's role reaches (nobody's without a token).
pub async fn readable(
    app: &App,
    caller: Option<&Caller>,
    inst: &Instansi,
    include_private: bool,
) -> Result<Vec<Dataset>, AppError> {
    match caller.filter(|_| include_private) {
        None => datasets::public_list(app, inst.id).await,
        Some(caller) => {
            let mut all = app
                .store
                .datasets(inst.id, &DatasetFilter::default())
                .await?;
            all.retain(|d| d.is_public() || caller.may(Action::ReadDataset, &target(inst, d)));
            Ok(all)
        }
    }
}

/// The dataset of this catalog that `key` names (its id or its name), whoever may see it.
async fn find_in(app: &App, inst: &Instansi, key: &str) -> Result<Option<Dataset>, AppError> {
    let key = key.trim();
    if let Ok(id) = key.parse::<i64>()
        && let Some(ds) = app.store.dataset(id).await?
        && ds.instansi_id == inst.id
    {
        return Ok(Some(ds));
    }
    Ok(app
        .store
        .datasets_named(key)
        .await?
        .into_iter()
        .find(|d| d.instansi_id == inst.id))
}

/// Dataset `key` of this catalog when the caller may do `action` on it: a public dataset is
/// everyone's to read; any other is "not found" without a token, and asks the permission
/// question of Padu's own API with one.
pub async fn dataset_in(
    app: &App,
    caller: Option<&Caller>,
    inst: &Instansi,
    key: &str,
    action: Action,
) -> Result<Dataset, AppError> {
    let ds = find_in(app, inst, key)
        .await?
        .ok_or(AppError::NotFound(DATASET))?;
    if ds.is_public() && action == Action::ReadDataset {
        return Ok(ds);
    }
    let Some(caller) = caller else {
        return Err(AppError::NotFound(DATASET));
    };
    let (ds, _) = dataset_for(app, caller, &ds.id.to_string(), action).await?;
    Ok(ds)
}

/// Resource `id` of this catalog, with its dataset, when the caller may read the dataset.
pub async fn resource_in(
    app: &App,
    caller: Option<&Caller>,
    inst: &Instansi,
    id: i64,
) -> Result<(Resource, Dataset), AppError> {
    let r = app
        .store
        .dataset_resource(id)
        .await?
        .ok_or(AppError::NotFound(RESOURCE))?;
    let ds = dataset_in(
        app,
        caller,
        inst,
        &r.dataset_id.to_string(),
        Action::ReadDataset,
    )
    .await
    .map_err(|e| match e {
        AppError::NotFound(_) => AppError::NotFound(RESOURCE),
        e => e,
    })?;
    Ok((r, ds))
}

/// The catalog's active OPDs (CKAN's organizations), by name.
pub async fn organizations(app: &App, inst: &Instansi) -> Result<Vec<Opd>, AppError> {
    let mut opds: Vec<Opd> = app
        .store
        .opds_of(inst.id)
        .await?
        .into_iter()
        .filter(|o| o.active)
        .collect();
    opds.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    Ok(opds)
}

/// The catalog's groups (themes), by name.
pub async fn groups(app: &App, inst: &Instansi) -> Result<Vec<DataGroup>, AppError> {
    Ok(app.store.data_groups(inst.id).await?)
}

/// A resource of a package as a CKAN client sends it: an existing one's id (none for a new
/// link) and its values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResourceEntry {
    pub id: Option<i64>,
    pub input: ResourceInput,
}

/// Checks every resource before anything is written: the problems named `resources`.
fn check_all(ds: Option<&Dataset>, entries: &[ResourceEntry]) -> Result<(), AppError> {
    let mut errors = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let base = match (e.id, ds) {
            (Some(id), Some(ds)) => Some(
                ds.resources
                    .iter()
                    .find(|r| r.id == id)
                    .ok_or(AppError::NotFound(RESOURCE))?,
            ),
            (Some(_), None) => return Err(AppError::NotFound(RESOURCE)),
            (None, _) => None,
        };
        if let Err(AppError::Invalid(fields)) = resources::check(base, &e.input) {
            errors.extend(fields.into_iter().map(|f| FieldError {
                field: "resources".into(),
                message: format!("Sumber data ke-{}: {} — {}", i + 1, f.field, f.message),
            }));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(errors))
    }
}

/// Drafts a dataset in this catalog (`package_create`), with its links: Padu's own create, so a
/// produsen's dataset is a draft of its OPD and public only once the walidata publishes it.
/// Every field and link is checked before the first write.
pub async fn create(
    app: &App,
    caller: &Caller,
    inst: &Instansi,
    req: &DatasetRequest,
    links: &[ResourceEntry],
) -> Result<Dataset, AppError> {
    if links.iter().any(|e| e.id.is_some()) {
        return Err(AppError::field(
            "resources",
            "Sumber data untuk dataset baru dikirim tanpa id",
        ));
    }
    check_all(None, links)?;
    let ds = datasets::create(app, caller, inst.id, req).await?;
    let key = ds.id.to_string();
    for e in links {
        resources::add(app, caller, &key, &e.input).await?;
    }
    app.store
        .dataset(ds.id)
        .await?
        .ok_or(AppError::NotFound(DATASET))
}

/// Changes dataset `key` of this catalog (`package_update`, `package_patch`). With `links`,
/// the dataset's resources become those: a listed id is changed, an entry without one is
/// added, an unlisted resource is removed. Everything is checked before the first write.
pub async fn update(
    app: &App,
    caller: &Caller,
    inst: &Instansi,
    key: &str,
    req: &DatasetRequest,
    links: Option<&[ResourceEntry]>,
) -> Result<Dataset, AppError> {
    let ds = dataset_in(app, Some(caller), inst, key, Action::EditDataset).await?;
    if let Some(links) = links {
        check_all(Some(&ds), links)?;
    }
    let key = ds.id.to_string();
    let updated = datasets::update(app, caller, &key, req).await?;
    let Some(links) = links else {
        return Ok(updated);
    };
    for old in &ds.resources {
        if !links.iter().any(|e| e.id == Some(old.id)) {
            resources::remove(app, caller, &key, old.id).await?;
        }
    }
    for e in links {
        match e.id {
            Some(id) => {
                resources::update(app, caller, &key, id, &e.input).await?;
            }
            None => {
                resources::add(app, caller, &key, &e.input).await?;
            }
        }
    }
    app.store
        .dataset(ds.id)
        .await?
        .ok_or(AppError::NotFound(DATASET))
}

/// Deletes draft `key` of this catalog (`package_delete`).
pub async fn delete(
    app: &App,
    caller: &Caller,
    inst: &Instansi,
    key: &str,
) -> Result<(), AppError> {
    let ds = dataset_in(app, Some(caller), inst, key, Action::EditDataset).await?;
    datasets::delete(app, caller, &ds.id.to_string()).await
}

/// Adds a link to dataset `key` of this catalog (`resource_create`).
pub async fn add_resource(
    app: &App,
    caller: &Caller,
    inst: &Instansi,
    key: &str,
    input: &ResourceInput,
) -> Result<Resource, AppError> {
    let ds = dataset_in(app, Some(caller), inst, key, Action::EditDataset).await?;
    resources::add(app, caller, &ds.id.to_string(), input).await
}

/// Changes resource `id` of this catalog (`resource_update`).
pub async fn update_resource(
    app: &App,
    caller: &Caller,
    inst: &Instansi,
    id: i64,
    input: &ResourceInput,
) -> Result<Resource, AppError> {
    let (_, ds) = resource_in(app, Some(caller), inst, id).await?;
    resources::update(app, caller, &ds.id.to_string(), id, input).await
}
