//! The catalog's datasets: created as drafts of an OPD, read by id or name, listed per
//! instansi, changed while a draft (or returned), deleted while a draft. Every input is checked
//! by `padu_core::satu_data::apply` before the first write; the owner OPD here.

use padu_core::access::{Action, DataRole, Target};
use padu_core::satu_data::{self, DatasetInput, Status};
use padu_core::text::unique_slug;
use padu_store::satu_data::{Dataset, DatasetFilter};
use padu_store::{Instansi, Opd};

use super::{dataset_for, target};
use crate::kit::app::App;
use crate::kit::error::{AppError, FieldError};
use crate::kit::principal::{Acting, Caller};
use crate::org::instansi_for;

/// What is typed for a dataset: the metadata, and the owner OPD (CKAN's `owner_org`; a
/// produsen data's own OPD by default).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DatasetRequest {
    pub owner_org: Option<i64>,
    pub fields: DatasetInput,
}

/// The list's filters as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    pub opd: Option<i64>,
    pub status: Option<String>,
    pub q: Option<String>,
}

fn problems(pairs: Vec<(String, String)>) -> Vec<FieldError> {
    pairs
        .into_iter()
        .map(|(field, message)| FieldError { field, message })
        .collect()
}

/// The OPD `id` of `inst`, or a field error.
async fn owner(
    app: &App,
    inst: &Instansi,
    id: i64,
    errors: &mut Vec<FieldError>,
) -> Result<Option<Opd>, AppError> {
    match app.store.opd(id).await? {
        Some(o) if o.instansi_id == inst.id && o.active => Ok(Some(o)),
        _ => {
            errors.push(FieldError {
                field: "owner_org".into(),
                message: "OPD pemilik tidak ditemukan di instansi ini".into(),
            });
            Ok(None)
        }
    }
}

/// Whether `name` is free in `inst` (besides dataset `except`).
async fn name_free(
    app: &App,
    inst: &Instansi,
    name: &str,
    except: Option<i64>,
) -> Result<bool, AppError> {
    Ok(!app
        .store
        .datasets_named(name)
        .await?
        .iter()
        .any(|d| d.instansi_id == inst.id && Some(d.id) != except))
}

fn name_taken() -> FieldError {
    FieldError {
        field: "name".into(),
        message: "Nama URL ini sudah dipakai dataset lain di instansi ini".into(),
    }
}

/// Creates a dataset as a draft in instansi `instansi_id`.
pub async fn create(
    app: &App,
    caller: &Caller,
    instansi_id: i64,
    req: &DatasetRequest,
) -> Result<Dataset, AppError> {
    let inst = instansi_for(app, caller, instansi_id, Action::ViewInstansi).await?;
    let mut errors = Vec::new();
    let own_opd = caller
        .user
        .data
        .filter(|g| g.role == DataRole::ProdusenData && caller.user.instansi_id == Some(inst.id))
        .and_then(|g| g.opd);
    let opd = match req.owner_org.or(own_opd) {
        Some(id) => owner(app, &inst, id, &mut errors).await?,
        None => {
            if !caller.may(Action::EditDataset, &inst.target()) {
                return Err(AppError::Forbidden);
            }
            errors.push(FieldError {
                field: "owner_org".into(),
                message: "OPD pemilik wajib dipilih".into(),
            });
            None
        }
    };
    if let Some(o) = &opd {
        caller.check(
            Action::EditDataset,
            &Target::opd(inst.id, inst.province(), o.id),
        )?;
    }
    let mut fields = match satu_data::apply(None, &req.fields) {
        Ok(f) => Some(f),
        Err(e) => {
            errors.extend(problems(e));
            None
        }
    };
    if let Some(f) = &mut fields {
        let given = req
            .fields
            .name
            .as_deref()
            .is_some_and(|n| !n.trim().is_empty());
        if given {
            if !name_free(app, &inst, &f.name, None).await? {
                errors.push(name_taken());
            }
        } else {
            let taken: Vec<String> = app
                .store
                .datasets(inst.id, &DatasetFilter::default())
                .await?
                .into_iter()
                .map(|d| d.fields.name)
                .collect();
            f.name = unique_slug(&f.name, |s| taken.iter().any(|t| t == s));
        }
    }
    match (opd, fields) {
        (Some(o), Some(f)) if errors.is_empty() => Ok(app
            .store
            .create_dataset(&caller.who(), inst.id, o.id, &f)
            .await?),
        _ => Err(AppError::Invalid(errors)),
    }
}

/// Dataset `key` (its id or name).
pub async fn show(app: &App, caller: &Caller, key: &str) -> Result<(Dataset, Instansi), AppError> {
    dataset_for(app, caller, key, Action::ReadDataset).await
}

/// Instansi `instansi_id`'s datasets matching `query` that the caller may read (the public
/// ones, and those of its data role's reach).
pub async fn list(
    app: &App,
    caller: &Caller,
    instansi_id: i64,
    query: &ListQuery,
) -> Result<(Instansi, Vec<Dataset>), AppError> {
    let inst = instansi_for(app, caller, instansi_id, Action::ViewInstansi).await?;
    let status = match query.status.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => Some(Status::from_code(s).ok_or_else(|| {
            let codes: Vec<_> = Status::ALL.iter().map(|s| s.code()).collect();
            AppError::field(
                "status",
                format!("Status harus salah satu dari: {}", codes.join(", ")),
            )
        })?),
    };
    let filter = DatasetFilter {
        opd_id: query.opd,
        status,
        q: query
            .q
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_string),
        public_only: false,
    };
    let mut found = app.store.datasets(inst.id, &filter).await?;
    found.retain(|d| d.is_public() || caller.may(Action::ReadDataset, &target(&inst, d)));
    Ok((inst, found))
}

/// An instansi's public datasets (published and Terbuka), for the public pages and the CKAN
/// API: no caller is asked, nothing else is in it.
pub async fn public_list(app: &App, instansi_id: i64) -> Result<Vec<Dataset>, AppError> {
    Ok(app
        .store
        .datasets(
            instansi_id,
            &DatasetFilter {
                public_only: true,
                ..Default::default()
            },
        )
        .await?)
}

/// The conflict of a step the dataset's status does not allow.
pub(crate) fn status_conflict(ds: &Dataset, wanted: &str) -> AppError {
    AppError::Conflict(format!(
        "Dataset ini berstatus {}; tidak dapat {wanted}",
        ds.status.label().to_lowercase()
    ))
}

/// Changes dataset `key` (the fields given); a returned dataset becomes a draft again.
pub async fn update(
    app: &App,
    caller: &Caller,
    key: &str,
    req: &DatasetRequest,
) -> Result<Dataset, AppError> {
    let (ds, inst) = dataset_for(app, caller, key, Action::EditDataset).await?;
    let mut errors = Vec::new();
    let mut opd_id = ds.opd_id;
    if let Some(id) = req.owner_org.filter(|id| *id != ds.opd_id)
        && let Some(o) = owner(app, &inst, id, &mut errors).await?
    {
        caller.check(
            Action::EditDataset,
            &Target::opd(inst.id, inst.province(), o.id),
        )?;
        opd_id = o.id;
    }
    let fields = match satu_data::apply(Some(&ds.fields), &req.fields) {
        Ok(f) => Some(f),
        Err(e) => {
            errors.extend(problems(e));
            None
        }
    };
    if let Some(f) = &fields
        && f.name != ds.fields.name
        && !name_free(app, &inst, &f.name, Some(ds.id)).await?
    {
        errors.push(name_taken());
    }
    let Some(fields) = fields.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    if !ds.status.may_edit() {
        return Err(status_conflict(&ds, "diubah"));
    }
    let mut next = ds.clone();
    next.opd_id = opd_id;
    next.fields = fields;
    next.status = ds.status.after_edit();
    Ok(app
        .store
        .save_dataset(
            &caller.who(),
            &next,
            ds.status,
            "satu_data.dataset.update",
            &[],
        )
        .await?)
}

/// Deletes dataset `key` while it is a draft.
pub async fn delete(app: &App, caller: &Caller, key: &str) -> Result<(), AppError> {
    let (ds, _) = dataset_for(app, caller, key, Action::EditDataset).await?;
    if !ds.status.may_delete() {
        return Err(status_conflict(
            &ds,
            "dihapus (hanya draf yang dapat dihapus)",
        ));
    }
    Ok(app.store.delete_dataset(&caller.who(), ds.id).await?)
}
