//! Satu Data (Perpres 39/2019): the roles granted beside the SPBE role (`roles`), the catalog
//! of datasets (`datasets`: created, read by id or name, listed, changed, deleted while a
//! draft; `resources`: the links to the data) and the walidata workflow (`workflow`: submit,
//! return with a note per field, approve, publish, unpublish), and the questions of the
//! CKAN-compatible Action API asked of one instansi's catalog (`ckan`).
//!
//! Who may: a produsen data edits its own OPD's datasets; the walidata does everything in its
//! instansi, the walidata pendukung reads and checks; the admin instansi reads. A published
//! Terbuka dataset is public; any other is "not found" to another instansi, exactly like a
//! missing one.

pub mod ckan;
pub mod datasets;
pub mod datastore;
pub mod dcat;
pub mod resources;
pub mod roles;
pub mod workflow;

pub use roles::{DataRoleInput, grant_form, set_data_role};

use padu_core::access::{Action, Target};
use padu_store::Instansi;
use padu_store::satu_data::Dataset;

use crate::kit::app::App;
use crate::kit::error::AppError;
use crate::kit::principal::{Acting, Caller};

/// What a missing or unseen dataset is called in a "not found".
pub const DATASET: &str = "Dataset";

/// Where a dataset sits, for the permission question.
pub fn target(inst: &Instansi, ds: &Dataset) -> Target {
    Target::opd(inst.id, inst.province(), ds.opd_id)
}

/// The dataset that `key` names: its id, or its name (CKAN's `id` is either). Of several
/// instansi's datasets of one name, the first the caller may read (its own instansi's first).
async fn find(app: &App, caller: &Caller, key: &str) -> Result<Option<Dataset>, AppError> {
    let key = key.trim();
    if let Ok(id) = key.parse::<i64>()
        && let Some(ds) = app.store.dataset(id).await?
    {
        return Ok(Some(ds));
    }
    let mut named = app.store.datasets_named(key).await?;
    named.sort_by_key(|d| (Some(d.instansi_id) != caller.user.instansi_id, d.id));
    let mut first = None;
    for ds in named {
        let Some(inst) = app.store.instansi(ds.instansi_id).await? else {
            continue;
        };
        if ds.is_public() || caller.may(Action::ReadDataset, &target(&inst, &ds)) {
            return Ok(Some(ds));
        }
        first.get_or_insert(ds);
    }
    Ok(first)
}

/// The dataset `key` with its instansi, when the caller may do `action` on it. Reading a public
/// dataset is everyone's; a dataset the caller may not even read is not found when it sits in
/// an instansi the caller does not see, else forbidden.
pub async fn dataset_for(
    app: &App,
    caller: &Caller,
    key: &str,
    action: Action,
) -> Result<(Dataset, Instansi), AppError> {
    let ds = find(app, caller, key)
        .await?
        .ok_or(AppError::NotFound(DATASET))?;
    let inst = app
        .store
        .instansi(ds.instansi_id)
        .await?
        .ok_or(AppError::NotFound(DATASET))?;
    let place = target(&inst, &ds);
    if !(ds.is_public() && action == Action::ReadDataset) {
        caller.check_record(Action::ReadDataset, &place, DATASET)?;
        caller.check(action, &place)?;
    }
    Ok((ds, inst))
}

/// What the caller may do with `ds` now, for the pages and the API.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Steps {
    pub edit: bool,
    pub delete: bool,
    pub submit: bool,
    pub review: bool,
    pub publish: bool,
    pub unpublish: bool,
}

pub fn steps(caller: &Caller, inst: &Instansi, ds: &Dataset) -> Steps {
    let place = target(inst, ds);
    let edit = caller.may(Action::EditDataset, &place);
    let review = caller.may(Action::ReviewDataset, &place)
        && (!ds.fields.prioritas || caller.may(Action::PublishDataset, &place));
    let publish = caller.may(Action::PublishDataset, &place);
    Steps {
        edit: edit && ds.status.may_edit(),
        delete: edit && ds.status.may_delete(),
        submit: edit && ds.status.may_submit(),
        review: review && ds.status.may_review(),
        publish: publish && ds.status.may_publish(),
        unpublish: publish && ds.status.may_unpublish(),
    }
}
